/* A received UPDATE into the RIB: RFC 7606's verdict from the decoder
 * decides between applying it, treating its routes as withdrawn, or
 * resetting the session; routing loops (our AS in the path, RFC 4271
 * §9.1.2; our router ID as originator or our cluster in the cluster list,
 * RFC 4456 §8) make routes withdrawn too; maximum-prefix is enforced here
 * (RFC 4486). */
#include <stdio.h>
#include <string.h>

#include "bgpd/bgp.h"
#include "bgpd/fsm.h"
#include "lib/be.h"
#include "lib/log.h"
#include "wire/attr.h"
#include "wire/nlri.h"
#include "wire/update.h"

/* Applies every NLRI of a field (validated by the parser): withdrawn when
 * attr is NULL. */
static void recv_field(struct bgp_peer *p, int af, struct bgp_bytes field, struct rib_attr *attr)
{
	struct rbuf r;
	struct bgp_bytes one;

	if (af < 0 || !(p->afs & (1u << af)))
		return;
	rb_init(&r, field.p, field.len);
	while (bgp_nlri_next(af, &r, &one) == 1) {
		if (!attr)
			rib_withdraw(&p->rib, (enum bgp_af)af, one.p, one.len);
		else if (rib_update(&p->rib, (enum bgp_af)af, one.p, one.len, attr) < 0)
			log_warn("bgp: neighbor %s: %s NLRI of %u octets not stored", p->name,
				 bgp_af_display(af), one.len);
	}
}

static bool recv_as_in_path(const struct bgp_attrs *a, uint32_t asn)
{
	struct rbuf r;

	rb_init(&r, a->aspath, a->aspath_len);
	while (rb_left(&r) >= 2) {
		rb_u8(&r);
		for (unsigned n = rb_u8(&r); n && rb_ok(&r); n--)
			if (rb_u32(&r) == asn)
				return true;
	}
	return false;
}

static bool recv_cluster_loop(const struct bgp_attrs *a, uint32_t cluster_id)
{
	struct rbuf r;

	rb_init(&r, a->cluster_list.p, a->cluster_list.len);
	while (rb_left(&r) >= 4)
		if (rb_u32(&r) == cluster_id)
			return true;
	return false;
}

/* Why the routes of u must not be used, or NULL. RFC 8212: with
 * ebgp-requires-policy and no policy nothing is taken from an external
 * peer. */
static const char *recv_reject(const struct bgp_peer *p, const struct bgp_update *u)
{
	const struct bgp_attrs *a = &u->attrs;
	uint32_t id = p->bgp->router_id;

	if (u->action == BGP_UPD_TREAT_AS_WITHDRAW)
		return "treat-as-withdraw";
	if (p->bgp->ebgp_requires_policy && bgp_peer_ebgp(p))
		return "ebgp-requires-policy";
	if (bgp_peer_ebgp(p) && recv_as_in_path(a, p->bgp->asn))
		return "our AS in AS_PATH";
	if ((a->present & BGP_ATTR_BIT(BGP_ATTR_ORIGINATOR_ID)) && a->originator_id == id)
		return "ORIGINATOR_ID is our router ID";
	if (recv_cluster_loop(a, bgp_cluster_id(p->bgp)))
		return "our cluster ID in CLUSTER_LIST";
	return NULL;
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

		if (!max || p->rib.count[af] <= max)
			continue;
		bgp_af_to_wire(af, &afi, &safi);
		uint8_t data[7];	/* RFC 4486 §4: AFI, SAFI, the limit */

		be16_put(data, afi);
		data[2] = safi;
		be32_put(data + 3, max);
		snprintf(why, sizeof(why), "%zu %s prefixes exceed maximum-prefix %u",
			 p->rib.count[af], bgp_af_display(af), max);
		log_warn("bgp: neighbor %s: %s", p->name, why);
		return fsm_fail(c, BGP_ERR_CEASE, BGP_CEASE_MAX_PREFIX, data, sizeof(data), why);
	}
	return 0;
}

static struct rib_attr *recv_intern(const struct bgp_update *u)
{
	if (u->has_reach)
		return rib_attr_intern(&u->attrs, u->reach.nexthop.p, (uint8_t)u->reach.nexthop.len);
	uint8_t nh[4];

	be32_put(nh, u->attrs.nexthop);
	return rib_attr_intern(&u->attrs, nh, sizeof(nh));
}

static void recv_apply(struct bgp_peer *p, const struct bgp_update *u)
{
	const char *reject = recv_reject(p, u);
	struct rib_attr *attr = NULL;

	recv_field(p, BGP_AF_IPV4_UNICAST, u->withdrawn, NULL);
	if (u->has_unreach)
		recv_field(p, u->unreach.af, u->unreach.nlri, NULL);
	if (!u->nlri.len && !(u->has_reach && u->reach.nlri.len))
		return;
	if (reject)
		log_debug("bgp: neighbor %s: routes withdrawn: %s", p->name, reject);
	else if (!(attr = recv_intern(u)))
		log_err("bgp: neighbor %s: out of memory: routes treated as withdrawn", p->name);
	recv_field(p, BGP_AF_IPV4_UNICAST, u->nlri, attr);
	if (u->has_reach)
		recv_field(p, u->reach.af, u->reach.nlri, attr);
	rib_attr_unref(attr);
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
