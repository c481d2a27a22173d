/* A VNI's MAC table and the rules that settle each MAC: which remote
 * route the data plane follows, and whether our local MAC still stands
 * against it (RFC 7432 §15: sticky first, then the higher sequence number,
 * then the lower VTEP address). */
#include <stdlib.h>
#include <string.h>

#include "evpn/evpn.h"
#include "evpn/nlri.h"
#include "lib/hash.h"
#include "lib/htab.h"
#include "lib/log.h"

static uint32_t mac_hash_of(const uint8_t mac[6])
{
	return hash_bytes(mac, 6);
}

static uint32_t mac_hash(const void *m)
{
	return mac_hash_of(((const struct evpn_mac *)m)->mac);
}

void evpn_mac_table_init(struct evpn_vni *v)
{
	v->macs = (struct htab)HTAB_INIT(struct evpn_mac, hnext, 64, mac_hash);
}

struct evpn_mac *evpn_mac_find(struct evpn_vni *v, const uint8_t mac[6])
{
	struct evpn_mac *m;

	HTAB_EACH(&v->macs, mac_hash_of(mac), m)
		if (memcmp(m->mac, mac, 6) == 0)
			return m;
	return NULL;
}

struct evpn_mac *evpn_mac_get(struct evpn_vni *v, const uint8_t mac[6])
{
	struct evpn_mac *m = evpn_mac_find(v, mac);

	if (m)
		return m;
	if (!(m = calloc(1, sizeof(*m))))
		return NULL;
	memcpy(m->mac, mac, 6);
	if (!htab_insert(&v->macs, m, mac_hash_of(mac))) {
		free(m);
		return NULL;
	}
	return m;
}

static void mac_free_ips(struct evpn_mac *m)
{
	for (struct evpn_neigh *n = m->local_ips, *next; n; n = next) {
		next = n->next;
		free(n);
	}
	m->local_ips = NULL;
}

static void mac_free(struct evpn_mac *m)
{
	mac_free_ips(m);
	for (struct evpn_imp *i = m->imps, *next; i; i = next) {
		next = i->next;
		free(i);
	}
	free(m);
}

/* A MAC nobody knows any more goes; a duplicate's record stays until
 * cleared, as FRR keeps it for `show evpn mac vni N duplicate`. */
void evpn_mac_gc(struct evpn_vni *v, struct evpn_mac *m)
{
	if (m->local || m->imps || m->duplicate)
		return;
	htab_remove(&v->macs, m, mac_hash_of(m->mac));
	mac_free(m);
}

struct mac_walker {
	struct evpn_vni *v;
	void (*cb)(struct evpn_vni *, struct evpn_mac *, void *);
	void *arg;
};

static int mac_walk_one(void *m, void *arg)
{
	const struct mac_walker *w = arg;

	w->cb(w->v, m, w->arg);
	return 0;
}

void evpn_mac_walk(struct evpn_vni *v, void (*cb)(struct evpn_vni *, struct evpn_mac *, void *),
		   void *arg)
{
	struct mac_walker w = { v, cb, arg };

	htab_walk(&v->macs, mac_walk_one, &w);
}

static int mac_free_one(void *m, void *arg)
{
	(void)arg;
	mac_free(m);
	return 0;
}

void evpn_mac_free_all(struct evpn_vni *v)
{
	htab_walk(&v->macs, mac_free_one, NULL);
	htab_clear(&v->macs);
}

/* RFC 7432 §15.2 then §15.1 between two remote routes for one MAC. */
static bool mac_imp_better(const struct evpn_imp *a, const struct evpn_imp *b)
{
	if (a->sticky != b->sticky)
		return a->sticky;
	if (a->seq != b->seq)
		return a->seq > b->seq;
	return evpn_vtep_cmp(a->vtep, a->vtep_len, b->vtep, b->vtep_len) < 0;
}

static struct evpn_imp *mac_winner(const struct evpn_mac *m)
{
	struct evpn_imp *best = NULL;

	for (struct evpn_imp *i = m->imps; i; i = i->next)
		if (!best || mac_imp_better(i, best))
			best = i;
	return best;
}

/* Whether the remote route w takes the MAC from us: our sticky MAC never
 * moves, a sticky remote one always wins (§15.2); else the higher
 * sequence, and on a tie the lower VTEP address (§15.1). */
static bool mac_remote_wins(const struct evpn_vni *v, const struct evpn_mac *m,
			    const struct evpn_imp *w)
{
	if (m->local_sticky)
		return false;
	if (w->sticky)
		return true;
	if (w->seq != m->local_seq)
		return w->seq > m->local_seq;
	return evpn_vtep_cmp(w->vtep, w->vtep_len, v->vtep, v->vtep_len) < 0;
}

static void mac_moved_away(struct evpn_vni *v, struct evpn_mac *m)
{
	bool advertised = m->local_adv;
	char mac[18];

	log_info("evpn: VNI %u: MAC %s moved to a remote VTEP (sequence %u, ours %u): "
		 "withdrawing our route", v->vni, evpn_mac_str(m->mac, mac, sizeof(mac)),
		 m->winner->seq, m->local_seq);
	evpn_orig_mac(v, m, false);
	m->local = false;
	mac_free_ips(m);
	/* A local sighting never advertised (a remote sticky MAC) is no move. */
	if (advertised)
		evpn_dad_move(v, m);
}

void evpn_mac_settle(struct evpn_vni *v, struct evpn_mac *m)
{
	m->winner = mac_winner(m);
	if (m->local && m->winner && mac_remote_wins(v, m, m->winner))
		mac_moved_away(v, m);
	if (m->local && !evpn_dad_frozen(m))
		evpn_orig_mac(v, m, true);
	/* fib/ compares with what it installed, so it hears every settle. */
	evpn_dp_mac(v, m);
	evpn_mac_gc(v, m);
}
