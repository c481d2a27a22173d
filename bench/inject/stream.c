/* Building a phase's UPDATEs: routes that share attributes (same VNI,
 * VTEP and sequence number) are packed into as few 4096-octet UPDATEs as
 * they fit, the way a busy route reflector sends them. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench/inject/inject.h"
#include "evpn/ecomm.h"
#include "evpn/nlri.h"
#include "wire/attr.h"
#include "wire/msg.h"
#include "wire/update.h"

/* Room an attribute's length octets may grow by once NLRI are added
 * (MP_UNREACH takes the extended length only with NLRI). */
#define RUN_SLACK 4

/* Routes sharing one set of attributes, collected until an UPDATE is full. */
struct run {
	struct bgp_update u;
	struct bgp_update_ctx ctx;
	uint8_t ecomm[3][8];
	uint8_t nh[4];
	uint8_t aspath[6];
	struct wbuf nl;
	size_t room;
	bool withdraw;
	struct inj_stream *s;
};

void inj_stream_init(struct inj_stream *s)
{
	memset(s, 0, sizeof(*s));
	wb_init(&s->w, SIZE_MAX);
}

void inj_stream_free(struct inj_stream *s)
{
	wb_free(&s->w);
}

static void put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

static void run_emit(struct run *r)
{
	struct bgp_mp *mp = r->withdraw ? &r->u.unreach : &r->u.reach;
	size_t start;

	if (!r->nl.len)
		return;
	mp->nlri = (struct bgp_bytes){ r->nl.p, (uint16_t)r->nl.len };
	start = bgp_hdr_begin(&r->s->w, BGP_MSG_UPDATE);
	if (!bgp_update_build(&r->s->w, &r->u, &r->ctx) ||
	    !bgp_hdr_end(&r->s->w, start, BGP_MAX_LEN)) {
		fprintf(stderr, "inject: an UPDATE did not encode\n");
		exit(1);
	}
	r->s->msgs++;
	wb_reset(&r->nl);
}

/* The room left for NLRI once the attributes are in. */
static void run_measure(struct run *r)
{
	struct wbuf w;

	wb_init(&w, BGP_MAX_LEN);
	bgp_hdr_begin(&w, BGP_MSG_UPDATE);
	if (!bgp_update_build(&w, &r->u, &r->ctx) || w.len + RUN_SLACK >= BGP_MAX_LEN) {
		fprintf(stderr, "inject: attributes do not fit an UPDATE\n");
		exit(1);
	}
	r->room = BGP_MAX_LEN - w.len - RUN_SLACK;
	wb_free(&w);
}

static void run_init(struct run *r, const struct inj_cfg *c, struct inj_stream *s, bool withdraw)
{
	memset(r, 0, sizeof(*r));
	r->s = s;
	r->withdraw = withdraw;
	r->ctx = (struct bgp_update_ctx){ .as4 = true, .ebgp = c->local_as != c->peer_as,
					  .local_as = c->local_as,
					  .afs = 1u << BGP_AF_L2VPN_EVPN };
	wb_init(&r->nl, BGP_MAX_LEN);
	struct bgp_mp *mp = withdraw ? &r->u.unreach : &r->u.reach;
	*(withdraw ? &r->u.has_unreach : &r->u.has_reach) = true;
	mp->af = BGP_AF_L2VPN_EVPN;
	bgp_af_to_wire(BGP_AF_L2VPN_EVPN, &mp->afi, &mp->safi);
}

/* Attributes of an announcement from VTEP vtep in VNI vni: RFC 7432 §7
 * (RT, MAC Mobility when seq > 0), RFC 8365 §5.1.3 (VXLAN encapsulation),
 * RFC 6514 §5 (PMSI tunnel, type-3 only). */
static void run_attrs(struct run *r, const struct inj_cfg *c, uint32_t vni, uint32_t vtep,
		      uint32_t seq, bool pmsi)
{
	struct bgp_attrs *a = &r->u.attrs;
	uint8_t n = 0;

	run_emit(r);
	memset(a, 0, sizeof(*a));
	a->present = BGP_ATTR_BIT(BGP_ATTR_ORIGIN) | BGP_ATTR_BIT(BGP_ATTR_AS_PATH) |
		     BGP_ATTR_BIT(BGP_ATTR_EXT_COMMUNITIES);
	a->origin = BGP_ORIGIN_IGP;
	if (r->ctx.ebgp) {
		r->aspath[0] = 2; /* AS_SEQUENCE of one */
		r->aspath[1] = 1;
		put32(r->aspath + 2, c->local_as);
		a->aspath = r->aspath;
		a->aspath_len = 6;
	} else {
		a->present |= BGP_ATTR_BIT(BGP_ATTR_LOCAL_PREF);
		a->local_pref = 100;
	}
	r->ecomm[n][0] = EVPN_ECOMM_AS2;
	r->ecomm[n][1] = EVPN_ECOMM_SUB_RT;
	r->ecomm[n][2] = (uint8_t)(c->local_as >> 8);
	r->ecomm[n][3] = (uint8_t)c->local_as;
	put32(r->ecomm[n++] + 4, vni);
	evpn_ecomm_encap(EVPN_TUNNEL_VXLAN, r->ecomm[n++]);
	if (seq)
		evpn_ecomm_mac_mobility(seq, false, r->ecomm[n++]);
	a->ext_communities = (struct bgp_bytes){ r->ecomm[0], (uint16_t)(n * 8) };
	put32(r->nh, vtep);
	r->u.reach.nexthop = (struct bgp_bytes){ r->nh, 4 };
	if (pmsi) {
		a->present |= BGP_ATTR_BIT(BGP_ATTR_PMSI_TUNNEL);
		a->pmsi.type = BGP_PMSI_INGRESS_REPLICATION;
		a->pmsi.label = vni;
		a->pmsi.id = (struct bgp_bytes){ r->nh, 4 };
	}
	run_measure(r);
}

static void run_add(struct run *r, const struct evpn_route *rt)
{
	uint8_t buf[64];
	struct wbuf one = { .p = buf, .cap = sizeof(buf), .max = sizeof(buf) };

	if (!evpn_nlri_build(&one, rt) || !wb_ok(&one)) {
		fprintf(stderr, "inject: an NLRI did not encode\n");
		exit(1);
	}
	if (r->nl.len + one.len > r->room)
		run_emit(r);
	wb_bytes(&r->nl, buf, one.len);
	r->s->routes++;
}

static void run_done(struct run *r)
{
	run_emit(r);
	wb_free(&r->nl);
}

/* --- the table: what route (j, k) is ------------------------------------ */

static uint32_t vni_count(const struct inj_cfg *c, uint32_t j)
{
	return c->n / c->vnis + (j < c->n % c->vnis);
}

static uint32_t vni_first(const struct inj_cfg *c, uint32_t j)
{
	return j * (c->n / c->vnis) + (j < c->n % c->vnis ? j : c->n % c->vnis);
}

static uint32_t moved_count(const struct inj_cfg *c, uint32_t j, uint32_t k)
{
	return k / c->vnis + (j < k % c->vnis);
}

static uint32_t vtep_addr(const struct inj_cfg *c, uint32_t t)
{
	return c->vtep_base + t % c->vteps;
}

/* Route (j, k) as it stands after `rounds` moves (the first moved_count
 * routes of each VNI take part in moves). */
static void route_state(const struct inj_cfg *c, uint32_t j, uint32_t k, uint32_t move_k,
			uint32_t rounds, uint32_t *vtep, uint32_t *seq)
{
	uint32_t r = k < moved_count(c, j, move_k) ? rounds : 0;

	*vtep = vtep_addr(c, k % c->vteps + r);
	*seq = (c->mob_every && (k / c->vteps) % c->mob_every == 0 ? 1 : 0) + r;
}

/* RD "VTEP:index" (RFC 7432 §7.9, type 1), as each VTEP would make it. */
static void route_rd(uint32_t j, uint32_t vtep, struct evpn_rd *rd)
{
	rd->bytes[0] = 0;
	rd->bytes[1] = 1;
	put32(rd->bytes + 2, vtep);
	rd->bytes[6] = (uint8_t)((j + 1) >> 8);
	rd->bytes[7] = (uint8_t)(j + 1);
}

static void route_macip(const struct inj_cfg *c, uint32_t j, uint32_t k, uint32_t vtep,
			struct evpn_route *rt)
{
	uint32_t g = vni_first(c, j) + k, ip_n;

	memset(rt, 0, sizeof(*rt));
	rt->type = EVPN_RT_MACIP;
	route_rd(j, vtep, &rt->rd);
	rt->mac[0] = 0x02;
	put32(rt->mac + 2, g);
	rt->nlabels = 1;
	rt->label[0] = c->vni_base + j;
	/* 192.168.0.0/16 per VNI: a VNI holds at most 65534 addresses. */
	ip_n = c->ip_every && k % c->ip_every == 0 ? k / c->ip_every + 1 : 0;
	if (ip_n && ip_n < 65535) {
		rt->ip_len = 4;
		put32(rt->ip, 0xc0a80000u + ip_n);
	}
}

static void route_imet(uint32_t j, uint32_t vtep, struct evpn_route *rt)
{
	memset(rt, 0, sizeof(*rt));
	rt->type = EVPN_RT_IMET;
	route_rd(j, vtep, &rt->rd);
	rt->ip_len = 4;
	put32(rt->ip, vtep);
}

/* --- phases ------------------------------------------------------------- */

static void announce_imet(const struct inj_cfg *c, struct run *r)
{
	struct evpn_route rt;

	for (uint32_t j = 0; j < c->vnis; j++)
		for (uint32_t t = 0; t < c->vteps; t++) {
			run_attrs(r, c, c->vni_base + j, vtep_addr(c, t), 0, true);
			route_imet(j, vtep_addr(c, t), &rt);
			run_add(r, &rt);
		}
}

/* Every route of VNI j in [from, to) whose state has VTEP t and seq s
 * goes into one run; a group is one pass over the range per (t, s). */
static void announce_range(const struct inj_cfg *c, struct run *r, uint32_t j, uint32_t from,
			   uint32_t to, uint32_t rounds)
{
	uint32_t max_seq = 2 + rounds, vtep, seq;
	struct evpn_route rt;

	for (uint32_t t = 0; t < c->vteps; t++)
		for (uint32_t s = 0; s < max_seq; s++) {
			bool begun = false;
			for (uint32_t k = from; k < to; k++) {
				route_state(c, j, k, c->move_k, rounds, &vtep, &seq);
				if (vtep != vtep_addr(c, t) || seq != s)
					continue;
				if (!begun)
					run_attrs(r, c, c->vni_base + j, vtep, seq, false);
				begun = true;
				route_macip(c, j, k, vtep, &rt);
				run_add(r, &rt);
			}
		}
}

static void eor(struct inj_stream *s)
{
	size_t start = bgp_hdr_begin(&s->w, BGP_MSG_UPDATE);

	bgp_eor_build(&s->w, BGP_AF_L2VPN_EVPN);
	bgp_hdr_end(&s->w, start, BGP_MAX_LEN);
	s->msgs++;
}

void inj_announce(const struct inj_cfg *c, struct inj_stream *s)
{
	struct run r;

	run_init(&r, c, s, false);
	announce_imet(c, &r);
	for (uint32_t j = 0; j < c->vnis; j++)
		announce_range(c, &r, j, 0, vni_count(c, j), c->move_rounds);
	run_done(&r);
	eor(s);
}

/* Withdrawals of the routes in [from, to) of VNI j as of `rounds`. */
static void withdraw_range(const struct inj_cfg *c, struct run *r, uint32_t j, uint32_t from,
			   uint32_t to, uint32_t rounds)
{
	struct evpn_route rt;
	uint32_t vtep, seq;

	for (uint32_t k = from; k < to; k++) {
		route_state(c, j, k, c->move_k, rounds, &vtep, &seq);
		route_macip(c, j, k, vtep, &rt);
		run_add(r, &rt);
	}
}

void inj_withdraw(const struct inj_cfg *c, struct inj_stream *s)
{
	struct evpn_route rt;
	struct run r;

	run_init(&r, c, s, true);
	run_measure(&r);
	for (uint32_t j = 0; j < c->vnis; j++)
		withdraw_range(c, &r, j, 0, vni_count(c, j), c->move_rounds);
	for (uint32_t j = 0; j < c->vnis; j++)
		for (uint32_t t = 0; t < c->vteps; t++) {
			route_imet(j, vtep_addr(c, t), &rt);
			run_add(&r, &rt);
		}
	run_done(&r);
}

int inj_move(struct inj_cfg *c, uint32_t k, struct inj_stream *s)
{
	struct run r;

	if (c->vteps < 2 || !k || k > c->n || (c->move_rounds && k != c->move_k))
		return -1;
	c->move_k = k;
	run_init(&r, c, s, false);
	for (uint32_t j = 0; j < c->vnis; j++)
		announce_range(c, &r, j, 0, moved_count(c, j, k), c->move_rounds + 1);
	run_done(&r);
	run_init(&r, c, s, true);
	run_measure(&r);
	for (uint32_t j = 0; j < c->vnis; j++)
		withdraw_range(c, &r, j, 0, moved_count(c, j, k), c->move_rounds);
	run_done(&r);
	c->move_rounds++;
	return 0;
}
