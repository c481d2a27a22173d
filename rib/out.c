/* Update groups and their Adj-RIB-Out. A destination's rib_adv list says
 * what each group was sent; a flush exports each changed destination once
 * per group, compares with that, and batches the difference. */
#include <stdlib.h>
#include <string.h>

#include "lib/log.h"
#include "rib/export.h"
#include "rib/out.h"

/* A batch is sent once it holds this many changes, so a big flush does not
 * hold the whole table in memory. */
#define OUT_BATCH 8192
/* Destinations one replay step walks before it looks at the peer's queue
 * again (about 300 KiB of UPDATEs for type-2 routes). */
#define OUT_SYNC_SLICE 8192

struct rib_group {
	struct rib_group *next;
	struct rib_out_policy pol;
	struct rib_out_peer *peers;
	size_t count[BGP_AF_MAX];
	struct rib_batch batch[BGP_AF_MAX];
	/* A new group computes its Adj-RIB-Out from the Loc-RIB in slices. */
	uint8_t fresh_afs;
	size_t fresh_at[BGP_AF_MAX];
	/* The last export, reused while paths share attributes and what of
	 * their source the export reads. References are held, so an address
	 * cannot be reused by another set while cached. */
	struct rib_attr *c_src, *c_out;
	struct rib_peer c_peer;
};

static struct {
	struct rib_group *groups;
	uint32_t asn, cluster_id;
	rib_out_emit_fn *emit;
} out;

void rib_out_set_emit(rib_out_emit_fn *emit)
{
	out.emit = emit;
}

static bool out_same_policy(const struct rib_out_policy *a, const struct rib_out_policy *b)
{
	return a->ebgp == b->ebgp && a->rr_client == b->rr_client && a->as4 == b->as4 &&
	       a->ext_msg == b->ext_msg && a->deny == b->deny && a->afs == b->afs &&
	       (!a->ebgp || a->peer_as == b->peer_as);
}

static struct rib_group *out_group_get(const struct rib_out_policy *pol)
{
	struct rib_group *g;

	for (g = out.groups; g; g = g->next)
		if (out_same_policy(&g->pol, pol))
			return g;
	if (!(g = calloc(1, sizeof(*g))))
		return NULL;
	g->pol = *pol;
	for (int af = 0; af < BGP_AF_MAX; af++)
		rib_batch_init(&g->batch[af], (enum bgp_af)af);
	g->next = out.groups;
	out.groups = g;
	return g;
}

static struct rib_adv **out_adv_find(struct rib_dest *d, const struct rib_group *g)
{
	struct rib_adv **pp = &d->adv;

	while (*pp && (*pp)->group != g)
		pp = &(*pp)->next;
	return pp;
}

static void out_cache_drop(struct rib_group *g)
{
	rib_attr_unref(g->c_out);
	rib_attr_unref(g->c_src);
	g->c_src = g->c_out = NULL;
}

/* A new AS or cluster ID changes exports: cached ones go. (Sessions are
 * reset on a new AS; a new cluster ID reaches routes as they change.) */
void rib_out_set_identity(uint32_t asn, uint32_t cluster_id)
{
	if (asn == out.asn && cluster_id == out.cluster_id)
		return;
	out.asn = asn;
	out.cluster_id = cluster_id;
	for (struct rib_group *g = out.groups; g; g = g->next)
		out_cache_drop(g);
}

/* The source fields rib_export() reads. */
static bool out_cache_same_source(const struct rib_peer *a, const struct rib_peer *b)
{
	return a->local == b->local && a->ebgp == b->ebgp && a->rr_client == b->rr_client &&
	       a->router_id == b->router_id;
}

/* The attributes g gets for p (a new reference), or NULL. */
static struct rib_attr *out_export(struct rib_group *g, const struct rib_path *p)
{
	struct rib_attr *a;

	if (g->c_out && g->c_src == p->attr && out_cache_same_source(&g->c_peer, p->peer))
		return rib_attr_ref(g->c_out);
	a = rib_export(&g->pol, p, out.asn, out.cluster_id);
	if (!a)
		return NULL;
	out_cache_drop(g);
	g->c_src = rib_attr_ref(p->attr);
	g->c_peer = *p->peer;
	g->c_out = rib_attr_ref(a);
	return a;
}

static void out_send(struct rib_group *g, enum bgp_af af, struct rib_out_peer *only)
{
	struct rib_batch *b = &g->batch[af];

	if (out.emit && (b->n || b->wd.len))
		out.emit(b, &g->pol, g->peers, only);
	rib_batch_clear(b);
}

static void out_withdraw(struct rib_group *g, struct rib_adv **pp, enum bgp_af af)
{
	struct rib_adv *a = *pp;

	rib_batch_withdraw(&g->batch[af], a->nlri, a->nlri_len);
	*pp = a->next;
	rib_attr_unref(a->attr);
	free(a);
	g->count[af]--;
}

static struct rib_adv *out_adv_new(const struct rib_path *best, struct rib_attr *attr)
{
	struct rib_adv *a = malloc(sizeof(*a) + best->nlri_len);

	if (!a)
		return NULL;
	a->attr = attr;
	a->nlri_len = best->nlri_len;
	memcpy(a->nlri, best->nlri, best->nlri_len);
	return a;
}

/* Brings what g was sent for d in line with d's best path. */
static void out_dest(struct rib_group *g, struct rib_dest *d)
{
	enum bgp_af af = (enum bgp_af)d->af;
	struct rib_adv **pp = out_adv_find(d, g), *old = *pp, *a;
	struct rib_attr *attr = NULL;

	if (d->best && (g->pol.afs & (1u << af)))
		attr = out_export(g, d->best);
	if (!attr) {
		if (old)
			out_withdraw(g, pp, af);
		return;
	}
	if (old && old->attr == attr && old->nlri_len == d->best->nlri_len &&
	    memcmp(old->nlri, d->best->nlri, old->nlri_len) == 0) {
		rib_attr_unref(attr);
		return;
	}
	if (!(a = out_adv_new(d->best, attr))) {
		rib_attr_unref(attr);
		return;
	}
	a->group = g;
	a->next = old ? old->next : NULL;
	*pp = a;
	if (old) {
		rib_attr_unref(old->attr);
		free(old);
	} else {
		g->count[af]++;
	}
	if (!rib_batch_announce(&g->batch[af], a->attr, a->nlri, a->nlri_len))
		log_err("rib: out of memory queueing an UPDATE");
}

static void out_maybe_send(struct rib_group *g, enum bgp_af af)
{
	if (rib_batch_pending(&g->batch[af]) >= OUT_BATCH)
		out_send(g, af, NULL);
}

void rib_out_flush(void)
{
	struct rib_dest *d;

	while ((d = rib_queue_take())) {
		for (struct rib_group *g = out.groups; g; g = g->next) {
			out_dest(g, d);
			out_maybe_send(g, (enum bgp_af)d->af);
		}
		rib_dest_gc(d);
	}
	for (struct rib_group *g = out.groups; g; g = g->next)
		for (int af = 0; af < BGP_AF_MAX; af++)
			out_send(g, (enum bgp_af)af, NULL);
}

struct out_walk {
	struct rib_group *g;
	struct rib_out_peer *only;
};

/* A new group computes its Adj-RIB-Out from the Loc-RIB. */
static int out_walk_fresh(struct rib_dest *d, void *arg)
{
	struct out_walk *w = arg;

	out_dest(w->g, d);
	out_maybe_send(w->g, (enum bgp_af)d->af);
	return 0;
}

/* A peer joining a group, or asking for a refresh, gets what the group
 * was sent. */
static int out_walk_replay(struct rib_dest *d, void *arg)
{
	struct out_walk *w = arg;
	struct rib_adv *a = *out_adv_find(d, w->g);
	enum bgp_af af = (enum bgp_af)d->af;

	if (!a)
		return 0;
	rib_batch_announce(&w->g->batch[af], a->attr, a->nlri, a->nlri_len);
	if (rib_batch_pending(&w->g->batch[af]) >= OUT_BATCH)
		out_send(w->g, af, w->only);
	return 0;
}

static bool out_writable(const struct rib_out_peer *op)
{
	return !op->writable || op->writable(op->owner);
}

static bool out_group_writable(const struct rib_group *g)
{
	for (const struct rib_out_peer *op = g->peers; op; op = op->gnext)
		if (!out_writable(op))
			return false;
	return true;
}

/* One slice of a new group's export; what it exports goes to the whole
 * group. Returns true when this family has more and could go on now. */
static bool out_sync_fresh(struct rib_group *g, enum bgp_af af, bool *blocked)
{
	struct out_walk w = { g, NULL };

	if (!out_group_writable(g)) {
		*blocked = true;
		return false;
	}
	g->fresh_at[af] = rib_walk_from(af, g->fresh_at[af], OUT_SYNC_SLICE, out_walk_fresh, &w);
	out_send(g, af, NULL);
	if (g->fresh_at[af] != SIZE_MAX)
		return true;
	g->fresh_afs &= (uint8_t)~(1u << af);
	return false;
}

/* One slice of a peer's replay of what its group was sent. */
static bool out_sync_replay(struct rib_group *g, struct rib_out_peer *op, enum bgp_af af,
			    bool *blocked)
{
	struct out_walk w = { g, op };

	if (!out_writable(op)) {
		*blocked = true;
		return false;
	}
	op->sync_at[af] = rib_walk_from(af, op->sync_at[af], OUT_SYNC_SLICE, out_walk_replay, &w);
	out_send(g, af, op);
	if (op->sync_at[af] != SIZE_MAX)
		return true;
	op->sync_afs &= (uint8_t)~(1u << af);
	return false;
}

/* A peer is synced for af once its replay and its group's export are both
 * through. */
static void out_sync_done(struct rib_group *g, struct rib_out_peer *op)
{
	for (int af = 0; af < BGP_AF_MAX; af++) {
		uint8_t bit = (uint8_t)(1u << af);
		if (!(op->synced_due & bit) || (op->sync_afs & bit) || (g->fresh_afs & bit))
			continue;
		op->synced_due &= (uint8_t)~bit;
		if (op->synced)
			op->synced(op->owner, (enum bgp_af)af);
	}
}

static bool out_sync_group(struct rib_group *g)
{
	bool more = false, blocked = false;

	for (int af = 0; af < BGP_AF_MAX; af++)
		if (g->fresh_afs & (1u << af))
			more |= out_sync_fresh(g, (enum bgp_af)af, &blocked);
	for (struct rib_out_peer *op = g->peers; op; op = op->gnext) {
		for (int af = 0; af < BGP_AF_MAX; af++)
			if (op->sync_afs & (1u << af))
				more |= out_sync_replay(g, op, (enum bgp_af)af, &blocked);
		out_sync_done(g, op);
	}
	return more;
}

bool rib_out_sync(void)
{
	bool more = false;

	for (struct rib_group *g = out.groups; g; g = g->next)
		more |= out_sync_group(g);
	return more;
}

void rib_out_join(struct rib_out_peer *op, const struct rib_out_policy *pol)
{
	struct rib_group *g = out_group_get(pol);

	if (!g) {
		log_err("rib: out of memory making an update group");
		return;
	}
	op->group = g;
	op->synced_due = pol->afs;
	if (!g->peers) {
		g->fresh_afs = pol->afs;
		memset(g->fresh_at, 0, sizeof(g->fresh_at));
	} else {
		op->sync_afs = pol->afs;
		memset(op->sync_at, 0, sizeof(op->sync_at));
	}
	op->gnext = g->peers;
	g->peers = op;
	out_sync_group(g);
}

void rib_out_resend(struct rib_out_peer *op, enum bgp_af af)
{
	if (!op->group || !(op->group->pol.afs & (1u << af)))
		return;
	op->sync_afs |= (uint8_t)(1u << af);
	op->synced_due |= (uint8_t)(1u << af);
	op->sync_at[af] = 0;
	out_sync_group(op->group);
}

static int out_walk_forget(struct rib_dest *d, void *arg)
{
	struct rib_adv **pp = out_adv_find(d, arg), *a = *pp;

	if (!a)
		return 0;
	*pp = a->next;
	rib_attr_unref(a->attr);
	free(a);
	rib_dest_gc(d);
	return 0;
}

static void out_group_free(struct rib_group *g)
{
	struct rib_group **pp = &out.groups;

	for (int af = 0; af < BGP_AF_MAX; af++) {
		rib_walk((enum bgp_af)af, out_walk_forget, g);
		rib_batch_free(&g->batch[af]);
	}
	out_cache_drop(g);
	while (*pp != g)
		pp = &(*pp)->next;
	*pp = g->next;
	free(g);
}

void rib_out_leave(struct rib_out_peer *op)
{
	struct rib_group *g = op->group;
	struct rib_out_peer **pp;

	if (!g)
		return;
	for (pp = &g->peers; *pp != op; pp = &(*pp)->gnext)
		;
	*pp = op->gnext;
	op->group = NULL;
	op->gnext = NULL;
	op->sync_afs = op->synced_due = 0;
	if (!g->peers)
		out_group_free(g);
}

size_t rib_out_count(const struct rib_out_peer *op, enum bgp_af af)
{
	return op->group ? op->group->count[af] : 0;
}
