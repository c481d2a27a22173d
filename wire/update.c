/* The UPDATE message (RFC 4271 §4.3): its three fields, the MP_REACH and
 * MP_UNREACH attributes that carry NLRI (RFC 4760), the checks that need
 * the whole message (RFC 7606 §3 d, §5.2, §5.3) and End-of-RIB (RFC 4724
 * §2). Attributes themselves are attr.c's. */
#include <stdlib.h>
#include <string.h>

#include "wire/aspath.h"
#include "wire/attr.h"
#include "wire/nlri.h"
#include "wire/update.h"

/* ---- MP_REACH_NLRI / MP_UNREACH_NLRI ---- */

/* RFC 7606 §7.11: next hop lengths "expected" per family: IPv4 unicast 4,
 * or 16/32 with RFC 8950 §3; IPv6 unicast 16 or 32 with a link-local
 * address (RFC 2545 §3); EVPN the PE's IPv4 or IPv6 address (RFC 7432 §7,
 * RFC 8365 §5.1.3). A bit per allowed length. */
static const uint64_t bgp_mp_nh_lens[BGP_AF_MAX] = {
	[BGP_AF_IPV4_UNICAST] = 1ull << 4 | 1ull << 16 | 1ull << 32,
	[BGP_AF_IPV6_UNICAST] = 1ull << 16 | 1ull << 32,
	[BGP_AF_L2VPN_EVPN] = 1ull << 4 | 1ull << 16,
};

static bool bgp_mp_nh_ok(int af, unsigned len)
{
	return len < 64 && (bgp_mp_nh_lens[af] & (1ull << len));
}

/* A family not negotiated (or not known) is ignored, not an error: its NLRI
 * never reach the RIB, so the session need not pay for them. */
static bool bgp_mp_family(struct bgp_attr_parse *p, struct bgp_mp *mp, const char *what)
{
	mp->af = bgp_af_from_wire(mp->afi, mp->safi);
	if (mp->af >= 0 && (p->ctx->afs & (1u << mp->af)))
		return true;
	bgp_upd_why(p->u, "%s for AFI %u SAFI %u not negotiated: NLRI ignored", what, mp->afi,
		    mp->safi);
	mp->af = -1;
	return false;
}

/* RFC 7606 §5.3, §3 j: NLRI that do not parse cannot even be withdrawn. */
static int bgp_mp_nlri(struct bgp_attr_parse *p, const struct bgp_attr_desc *d,
		       struct bgp_mp *mp, struct rbuf *val)
{
	struct bgp_bytes field = bgp_bytes_take(val, rb_left(val));

	if (!bgp_nlri_valid(mp->af, field))
		return bgp_attr_bad(p, d, BGP_UPD_OPT_ATTR, "%s NLRI do not parse (RFC 7606 §5.3)",
				    bgp_af_display(mp->af));
	mp->nlri = field;
	return 0;
}

/* RFC 4760 §3: AFI, SAFI, next hop length and address, a reserved octet
 * (ignored), NLRI. */
int bgp_mp_reach_decode(struct bgp_attr_parse *p, const struct bgp_attr_desc *d, struct rbuf *val)
{
	struct bgp_mp *mp = &p->u->reach;
	uint8_t nh_len;

	mp->afi = rb_u16(val);
	mp->safi = rb_u8(val);
	nh_len = rb_u8(val);
	mp->nexthop = bgp_bytes_take(val, nh_len);
	rb_u8(val);
	if (!rb_ok(val))
		return bgp_attr_bad(p, d, BGP_UPD_OPT_ATTR, "next hop of %u octets overruns", nh_len);
	p->u->has_reach = true;
	p->reach_nlri = !rb_empty(val);
	if (!bgp_mp_family(p, mp, "MP_REACH_NLRI"))
		return 0;
	if (!bgp_mp_nh_ok(mp->af, nh_len))
		return bgp_attr_bad(p, d, BGP_UPD_OPT_ATTR, "next hop of %u octets for %s", nh_len,
				    bgp_af_display(mp->af));
	return bgp_mp_nlri(p, d, mp, val);
}

/* RFC 4760 §4: AFI, SAFI, withdrawn NLRI. */
int bgp_mp_unreach_decode(struct bgp_attr_parse *p, const struct bgp_attr_desc *d,
			  struct rbuf *val)
{
	struct bgp_mp *mp = &p->u->unreach;

	mp->afi = rb_u16(val);
	mp->safi = rb_u8(val);
	p->u->has_unreach = true;
	if (!bgp_mp_family(p, mp, "MP_UNREACH_NLRI"))
		return 0;
	return bgp_mp_nlri(p, d, mp, val);
}

bool bgp_mp_reach_want(const struct bgp_update *u, const struct bgp_update_ctx *ctx)
{
	(void)ctx;
	return u->has_reach;
}

bool bgp_mp_unreach_want(const struct bgp_update *u, const struct bgp_update_ctx *ctx)
{
	(void)ctx;
	return u->has_unreach;
}

/* The wire family: the one af names, else afi/safi as they are. */
static void bgp_mp_put_family(struct wbuf *w, const struct bgp_mp *mp)
{
	uint16_t afi = mp->afi;
	uint8_t safi = mp->safi;

	if (mp->af >= 0 && mp->af < BGP_AF_MAX)
		bgp_af_to_wire(mp->af, &afi, &safi);
	wb_u16(w, afi);
	wb_u8(w, safi);
}

bool bgp_mp_reach_encode(struct wbuf *w, const struct bgp_attr_desc *d,
			 const struct bgp_update *u, const struct bgp_update_ctx *ctx)
{
	const struct bgp_mp *mp = &u->reach;

	(void)d, (void)ctx;
	if (mp->nexthop.len > UINT8_MAX)
		return false;
	bgp_mp_put_family(w, mp);
	wb_u8(w, (uint8_t)mp->nexthop.len);
	bgp_bytes_put(w, mp->nexthop);
	wb_u8(w, 0);
	bgp_bytes_put(w, mp->nlri);
	return true;
}

bool bgp_mp_unreach_encode(struct wbuf *w, const struct bgp_attr_desc *d,
			   const struct bgp_update *u, const struct bgp_update_ctx *ctx)
{
	(void)d, (void)ctx;
	bgp_mp_put_family(w, &u->unreach);
	bgp_bytes_put(w, u->unreach.nlri);
	return true;
}

/* ---- parsing the message ---- */

static void bgp_upd_reset(struct bgp_attr_parse *p, uint8_t subcode, const char *why)
{
	bgp_attr_fail(p, BGP_ACT_RESET, subcode, (struct bgp_bytes){0}, "%s", why);
}

/* RFC 7606 §3 b: lengths that do not fit the message reset the session
 * (Malformed Attribute List); §3 i, §5.3: so do IPv4 NLRI fields that do
 * not parse (Invalid Network Field). */
static bool bgp_upd_fields(struct bgp_attr_parse *p, struct rbuf *msg, struct rbuf *attrs)
{
	struct bgp_update *u = p->u;

	u->withdrawn = bgp_bytes_take(msg, rb_u16(msg));
	rb_sub(msg, rb_u16(msg), attrs);
	u->nlri = bgp_bytes_take(msg, rb_left(msg));
	if (!rb_ok(msg) || msg->len > BGP_EXT_MAX_LEN - BGP_HDR_LEN) {
		bgp_upd_reset(p, BGP_UPD_MALFORMED_ATTRS,
			      "withdrawn or attribute length past the message (RFC 7606 §3 b)");
		return false;
	}
	if (!bgp_nlri_valid(BGP_AF_IPV4_UNICAST, u->withdrawn) ||
	    !bgp_nlri_valid(BGP_AF_IPV4_UNICAST, u->nlri)) {
		bgp_upd_reset(p, BGP_UPD_BAD_NETWORK, "IPv4 NLRI field does not parse (RFC 7606 §5.3)");
		return false;
	}
	return true;
}

static bool bgp_upd_seen(const struct bgp_attr_parse *p, uint8_t type)
{
	return p->seen[type >> 6] & (1ull << (type & 63));
}

/* Reachable NLRI of a family we take. */
static bool bgp_upd_reach(const struct bgp_update *u)
{
	return u->nlri.len || (u->has_reach && u->reach.nlri.len);
}

/* RFC 7606 §3 d: with reachable NLRI, ORIGIN and AS_PATH are mandatory
 * (RFC 4760 §3 for MP_REACH), NEXT_HOP only for the IPv4 NLRI field.
 * LOCAL_PREF is not: RFC 4271 §5 lists it as "see Section 5.1.5", not as
 * mandatory, and a missing one gets the default preference. */
static void bgp_upd_mandatory(struct bgp_attr_parse *p)
{
	static const uint8_t types[] = { BGP_ATTR_ORIGIN, BGP_ATTR_AS_PATH, BGP_ATTR_NEXT_HOP };
	const struct bgp_update *u = p->u;
	bool reach = bgp_upd_reach(u);

	for (size_t i = 0; reach && i < sizeof(types); i++) {
		if (bgp_upd_seen(p, types[i]) || (types[i] == BGP_ATTR_NEXT_HOP && !u->nlri.len))
			continue;
		bgp_attr_fail(p, BGP_ACT_WITHDRAW, BGP_UPD_MISSING_WELLKNOWN,
			      (struct bgp_bytes){ &types[i], 1 }, "%s missing (RFC 7606 §3 d)",
			      bgp_attr_desc(types[i])->name);
	}
}

/* RFC 7606 §5.2: an attribute error in an UPDATE without reachable NLRI
 * leaves no assurance the NLRI were found: anything stronger than attribute
 * discard resets the session. */
static void bgp_upd_no_reach(struct bgp_attr_parse *p)
{
	if (p->act != BGP_ACT_WITHDRAW || p->u->nlri.len || p->reach_nlri)
		return;
	p->act = BGP_ACT_RESET;
	bgp_upd_why(p->u, "no reachable NLRI: session reset (RFC 7606 §5.2)");
}

/* RFC 4724 §2: an empty UPDATE is the IPv4 unicast End-of-RIB; one whose
 * only attribute is an empty MP_UNREACH_NLRI is that family's. */
static void bgp_upd_eor(struct bgp_update *u)
{
	u->eor_af = -1;
	if (u->action != BGP_UPD_OK || u->withdrawn.len || u->nlri.len)
		return;
	if (u->n_attrs == 0)
		u->eor_af = BGP_AF_IPV4_UNICAST;
	else if (u->n_attrs == 1 && u->has_unreach && !u->unreach.nlri.len)
		u->eor_af = u->unreach.af;
	u->eor = u->eor_af >= 0;
}

static const enum bgp_upd_action bgp_upd_actions[] = {
	[BGP_ACT_NONE] = BGP_UPD_OK,
	[BGP_ACT_DISCARD] = BGP_UPD_OK,
	[BGP_ACT_WITHDRAW] = BGP_UPD_TREAT_AS_WITHDRAW,
	[BGP_ACT_RESET] = BGP_UPD_SESSION_RESET,
};

int bgp_update_parse(const uint8_t *body, size_t len, const struct bgp_update_ctx *ctx,
		     struct bgp_update *u)
{
	struct bgp_attr_parse p;
	struct rbuf msg, attrs;

	memset(u, 0, sizeof(*u));
	u->reach.af = u->unreach.af = -1;
	bgp_attr_parse_init(&p, ctx, u);
	rb_init(&msg, body, len);
	if (bgp_upd_fields(&p, &msg, &attrs))
		bgp_attrs_parse(&p, &attrs);
	if (p.act < BGP_ACT_RESET && !p.nomem) {
		bgp_attrs_as4_merge(&p);
		/* with no routes to withdraw, §5.2 would turn it into a reset */
		if (bgp_upd_reach(u))
			bgp_aspath_first_as(&p);
		bgp_upd_mandatory(&p);
		bgp_upd_no_reach(&p);
	}
	if (p.nomem) {
		bgp_update_free(u);
		return -1;
	}
	u->action = bgp_upd_actions[p.act];
	if (u->action == BGP_UPD_SESSION_RESET)
		u->notify = p.err;
	bgp_upd_eor(u);
	return 0;
}

void bgp_attrs_free(struct bgp_attrs *a)
{
	free(a->aspath);
	a->aspath = NULL;
	a->aspath_len = 0;
}

void bgp_update_free(struct bgp_update *u)
{
	bgp_attrs_free(&u->attrs);
}

/* ---- building ---- */

bool bgp_update_build(struct wbuf *w, const struct bgp_update *u, const struct bgp_update_ctx *ctx)
{
	size_t start = w->len, hole, attrs;
	bool ok;

	wb_u16(w, u->withdrawn.len);
	bgp_bytes_put(w, u->withdrawn);
	hole = wb_hole(w, 2);
	attrs = w->len;
	ok = bgp_attrs_build(w, u, ctx) && w->len - attrs <= UINT16_MAX;
	wb_put16(w, hole, (uint16_t)(w->len - attrs));
	bgp_bytes_put(w, u->nlri);
	if (ok && wb_ok(w))
		return true;
	wb_truncate(w, start);
	return false;
}

/* The short MP_UNREACH form FRR sends (flags 0x80, length 3). */
void bgp_eor_build(struct wbuf *w, enum bgp_af af)
{
	uint16_t afi;
	uint8_t safi;

	wb_u16(w, 0);
	if (af == BGP_AF_IPV4_UNICAST) {
		wb_u16(w, 0);
		return;
	}
	bgp_af_to_wire(af, &afi, &safi);
	wb_u16(w, 6);
	wb_u8(w, BGP_ATTR_F_OPTIONAL);
	wb_u8(w, BGP_ATTR_MP_UNREACH);
	wb_u8(w, 3);
	wb_u16(w, afi);
	wb_u8(w, safi);
}
