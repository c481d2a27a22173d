/* Local learning: a MAC (and its IPs) seen on a local port of a VNI, from
 * the kernel (fib/) or the `evpn local-mac` command. A MAC known remotely
 * that appears here has moved to us: our route takes sequence number
 * remote + 1 so the fabric follows it (RFC 7432 §15.1). */
#include <stdlib.h>
#include <string.h>

#include "evpn/evpn.h"
#include "evpn/nlri.h"
#include "lib/log.h"

static struct evpn_neigh **local_ip_find(struct evpn_mac *m, const uint8_t *ip, uint8_t len)
{
	struct evpn_neigh **pp = &m->local_ips;

	while (*pp && ((*pp)->ip_len != len || memcmp((*pp)->ip, ip, len) != 0))
		pp = &(*pp)->next;
	return pp;
}

static int local_ip_add(struct evpn_mac *m, const uint8_t *ip, uint8_t len)
{
	struct evpn_neigh **pp = local_ip_find(m, ip, len);

	if (*pp)
		return 0;
	if (!(*pp = calloc(1, sizeof(**pp))))
		return -1;
	(*pp)->ip_len = len;
	memcpy((*pp)->ip, ip, len);
	return 0;
}

/* The highest sequence number any remote route for m carries. */
static uint32_t local_remote_seq(const struct evpn_mac *m, bool *any, bool *sticky)
{
	uint32_t seq = 0;

	*any = m->imps != NULL;
	*sticky = false;
	for (const struct evpn_imp *i = m->imps; i; i = i->next) {
		if (i->seq > seq)
			seq = i->seq;
		*sticky |= i->sticky;
	}
	return seq;
}

/* RFC 7432 §15.2: a MAC another PE holds as sticky does not move here;
 * the local sighting is reported and not counted as a move. */
static void local_arrive(struct evpn_vni *v, struct evpn_mac *m, bool sticky)
{
	bool remote, remote_sticky;
	uint32_t seq = local_remote_seq(m, &remote, &remote_sticky);
	char mac[18];

	m->local = true;
	m->local_sticky = sticky;
	m->local_ifindex = 0;
	if (!remote)
		return;
	if (remote_sticky && !sticky) {
		log_warn("evpn: VNI %u: MAC %s seen locally but sticky at a remote VTEP: not "
			 "advertised (RFC 7432 §15.2)", v->vni, evpn_mac_str(m->mac, mac, sizeof(mac)));
		return;
	}
	if (seq + 1 > m->local_seq)
		m->local_seq = seq + 1;
	evpn_dad_move(v, m);
}

int evpn_local_mac_add(uint32_t vni, const uint8_t mac[6], const uint8_t *ip, uint8_t ip_len,
		       bool sticky)
{
	struct evpn_vni *v = evpn_vni_find(vni);
	struct evpn_mac *m;

	if (!v || (ip_len != 0 && ip_len != 4 && ip_len != 16))
		return -1;
	if (!(m = evpn_mac_get(v, mac)))
		return -1;
	if (!m->local)
		local_arrive(v, m, sticky);
	if (ip_len && local_ip_add(m, ip, ip_len) < 0)
		return -1;
	evpn_mac_settle(v, m);
	return 0;
}

/* The MAC alone (ip_len 0) takes its IPs with it. */
int evpn_local_mac_del(uint32_t vni, const uint8_t mac[6], const uint8_t *ip, uint8_t ip_len)
{
	struct evpn_vni *v = evpn_vni_find(vni);
	struct evpn_mac *m = v ? evpn_mac_find(v, mac) : NULL;

	if (!m || !m->local)
		return -1;
	if (ip_len) {
		struct evpn_neigh **pp = local_ip_find(m, ip, ip_len), *n = *pp;
		if (!n)
			return -1;
		evpn_orig_withdraw_ip(v, m, n);
		*pp = n->next;
		free(n);
		return 0;
	}
	evpn_orig_mac(v, m, false);
	m->local = false;
	for (struct evpn_neigh *n = m->local_ips, *next; n; n = next) {
		next = n->next;
		free(n);
	}
	m->local_ips = NULL;
	evpn_mac_settle(v, m);
	return 0;
}
