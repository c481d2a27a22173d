/* A received UPDATE into the peer's Adj-RIB-In: RFC 7606's verdict from the
 * decoder decides between applying it, treating its routes as withdrawn,
 * or resetting the session; maximum-prefix is enforced here (RFC 4486). */
#include <stdio.h>
#include <string.h>

#include "bgpd/bgp.h"
#include "bgpd/fsm.h"
#include "bgpd/nlri.h"
#include "bgpd/update.h"
#include "lib/log.h"
#include "rib/adj_in.h"

/* Applies every NLRI of a field; the field was validated by the parser. */
static void recv_field(struct bgp_peer *p, int af, struct bgp_bytes field, bool withdraw)
{
	struct rbuf r;
	struct bgp_bytes one;

	if (af < 0 || !(p->afs & (1u << af)))
		return;
	rb_init(&r, field.p, field.len);
	while (bgp_nlri_next(af, &r, &one) == 1) {
		if (withdraw)
			adj_in_withdraw(p->adj_in, af, one.p, one.len);
		else
			adj_in_update(p->adj_in, af, one.p, one.len);
	}
}

/* RFC 8212: with ebgp-requires-policy and no policy, nothing is taken from
 * an external peer; withdrawals still apply. */
static bool recv_accepts(const struct bgp_peer *p)
{
	return !(p->bgp->ebgp_requires_policy && bgp_peer_ebgp(p));
}

/* RFC 4486 §4: Cease/Maximum Number of Prefixes Reached, data AFI, SAFI and
 * the limit. Returns -1 when the session was torn down. */
static int recv_max_prefix(struct bgp_conn *c)
{
	struct bgp_peer *p = c->peer;

	for (int af = 0; af < BGP_AF_MAX; af++) {
		uint32_t max = p->cfg.max_prefix[af];
		uint16_t afi;
		uint8_t safi;
		char why[96];

		if (!max || adj_in_count(p->adj_in, af) <= max)
			continue;
		bgp_af_to_wire(af, &afi, &safi);
		uint8_t data[7] = { (uint8_t)(afi >> 8), (uint8_t)afi, safi, (uint8_t)(max >> 24),
				    (uint8_t)(max >> 16), (uint8_t)(max >> 8), (uint8_t)max };
		snprintf(why, sizeof(why), "%zu %s prefixes exceed maximum-prefix %u",
			 adj_in_count(p->adj_in, af), bgp_af_display(af), max);
		log_warn("bgp: neighbor %s: %s", p->name, why);
		return fsm_fail(c, BGP_ERR_CEASE, BGP_CEASE_MAX_PREFIX, data, sizeof(data), why);
	}
	return 0;
}

static void recv_apply(struct bgp_peer *p, const struct bgp_update *u)
{
	bool withdraw_all = u->action == BGP_UPD_TREAT_AS_WITHDRAW || !recv_accepts(p);

	recv_field(p, BGP_AF_IPV4_UNICAST, u->withdrawn, true);
	if (u->has_unreach)
		recv_field(p, u->unreach.af, u->unreach.nlri, true);
	recv_field(p, BGP_AF_IPV4_UNICAST, u->nlri, withdraw_all);
	if (u->has_reach)
		recv_field(p, u->reach.af, u->reach.nlri, withdraw_all);
}

int bgp_recv_update(struct bgp_conn *c, const uint8_t *body, size_t len)
{
	struct bgp_peer *p = c->peer;
	struct bgp_update_ctx ctx = {
		.as4 = p->as4, .ebgp = bgp_peer_ebgp(p), .local_as = p->bgp->asn, .afs = p->afs,
		.peer_as = bgp_peer_ebgp(p) ? p->remote_as_seen : 0,
	};
	struct bgp_update u;

	if (bgp_update_parse(body, len, &ctx, &u) < 0)
		return fsm_fail(c, BGP_ERR_CEASE, BGP_CEASE_NO_RESOURCES, NULL, 0, "out of memory");
	if (u.action == BGP_UPD_SESSION_RESET) {
		bgp_fsm_error(c, &u.notify, u.why);
		bgp_update_free(&u);
		return -1;
	}
	if (u.action == BGP_UPD_TREAT_AS_WITHDRAW || u.discarded)
		log_warn("bgp: neighbor %s: UPDATE %s: %s", p->name,
			 u.action == BGP_UPD_TREAT_AS_WITHDRAW ? "treated as withdraw"
							       : "attribute(s) discarded",
			 u.why);
	if (u.eor)
		bgp_gr_eor(p, u.eor_af);
	else
		recv_apply(p, &u);
	bgp_update_free(&u);
	return recv_max_prefix(c);
}
