/* The EVPN module (evpn/vni.c, originate.c, import.c, mac.c, local.c,
 * dad.c) driven through its API and the RIB: our type-2/3 routes as they
 * sit in the Loc-RIB and as an iBGP update group sends them (byte for byte
 * against FRR 8.4's captures in data/), import by route target, MAC
 * mobility and sticky MACs (RFC 7432 §15), the winner among remote routes,
 * FRR's duplicate address detection, local deletes and VNI deletion.
 *
 * Remote routes come from one iBGP source (the spine route reflector
 * 10.255.0.1), each with its originating leaf's RD and its VTEP as next
 * hop, as FRR reflects them. We are leaf 10.255.0.12 in AS 65000. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>

#include "tests/unit/vectors.h"

#include "bgpd/pack.h"
#include "evpn/ecomm.h"
#include "evpn/evpn.h"
#include "evpn/nlri.h"
#include "evpn/show.h"
#include "lib/rbuf.h"
#include "rib/attr.h"
#include "rib/out.h"
#include "rib/rib.h"
#include "wire/attr.h"
#include "wire/msg.h"
#include "wire/nlri.h"
#include "wire/update.h"

#define EVPN BGP_AF_L2VPN_EVPN
#define BIT(t) BGP_ATTR_BIT(BGP_ATTR_##t)
#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

#define OUR_AS 65000u
#define OUR_ID 0x0aff000cu /* 10.255.0.12 */
#define FRR_ID 0x0aff000bu /* 10.255.0.11, leaf1 of the captures */

static const uint8_t OUR_VTEP[4] = { 10, 255, 0, 12 };
static const uint8_t MAC1[6] = { 0x02, 0x10, 0x00, 0x00, 0x00, 0x01 };
static const uint8_t MAC2[6] = { 0x02, 0x10, 0x00, 0x00, 0x00, 0x02 };
static const uint8_t IP1[4] = { 192, 168, 100, 1 };
static const uint8_t IP2[4] = { 192, 168, 100, 2 };
static const uint8_t IP6_1[16] = { 0xfd, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1 };
static const uint8_t ZERO[16];

/* ---- per-test state ---- */

static struct evpn_vni *v;
/* The spine route reflector every remote route comes through. */
static struct rib_peer spine;

/* What the data plane was told (evpn_dp_set). */
static struct {
	unsigned mac, flood_add, flood_del;
	uint8_t last_flood[16];
	uint8_t last_flood_len;
} dp;

static void dp_mac(const struct fib_dp_mac *m)
{
	(void)m;
	dp.mac++;
}

static void dp_flood(const struct fib_dp_flood *f, bool add)
{
	if (add)
		dp.flood_add++;
	else
		dp.flood_del++;
	memcpy(dp.last_flood, f->vtep, f->len);
	dp.last_flood_len = f->len;
}

/* An update group member that keeps every message it is sent. */
struct msg {
	uint8_t *p;
	size_t len;
};
static struct {
	struct rib_out_peer op;
	struct msg m[16];
	size_t n;
	bool joined;
} rx;

static void rx_send(void *owner, const uint8_t *msg, size_t len)
{
	(void)owner;
	assert_true(rx.n < ARRAY_LEN(rx.m));
	rx.m[rx.n].p = malloc(len);
	assert_non_null(rx.m[rx.n].p);
	memcpy(rx.m[rx.n].p, msg, len);
	rx.m[rx.n++].len = len;
}

/* The group's batches, packed as bgpd packs them. */
static void rx_emit(struct rib_batch *b, const struct rib_out_policy *pol,
		    struct rib_out_peer *peers, struct rib_out_peer *only)
{
	bgp_pack(b, pol, peers, only, rx_send);
}

static void dad_defaults(void)
{
	evpn_dad = (struct evpn_dad_cfg){ .enabled = true, .max_moves = 5, .time = 180 };
}

static int setup(void **state)
{
	static const struct fib_dp_ops ops = { .mac = dp_mac, .flood = dp_flood };

	(void)state;
	memset(&dp, 0, sizeof(dp));
	spine = (struct rib_peer){ .router_id = 0x0aff0001, .addr = { 10, 255, 0, 1 },
				   .addr_len = 4, .as = OUR_AS };
	dad_defaults();
	evpn_dp_set(&ops);
	evpn_init();
	evpn_set_identity(OUR_AS, OUR_ID);
	v = evpn_vni_get(100);
	assert_non_null(v);
	evpn_vni_refresh(v);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	if (rx.joined)
		rib_out_leave(&rx.op);
	for (size_t i = 0; i < rx.n; i++)
		free(rx.m[i].p);
	memset(&rx, 0, sizeof(rx));
	evpn_shutdown();
	/* Whatever our module left in the RIB goes with our source (the
	 * local peer is static in originate.c and outlives rib_reset). */
	rib_peer_clear(evpn_local_peer(), -1);
	rib_peer_clear(&spine, -1);
	rib_reset();
	dad_defaults();
	evpn_dp_set(NULL);
	v = NULL;
	/* every attribute set interned by a test, the module or the group
	 * has been released */
	assert_int_equal(rib_attr_count(), 0);
	return 0;
}

/* ---- routes ---- */

static struct evpn_rd rd_of(const char *text)
{
	struct evpn_rd rd;

	assert_int_equal(evpn_rd_parse(text, &rd), 0);
	return rd;
}

static struct evpn_route t2(struct evpn_rd rd, const uint8_t mac[6], const uint8_t *ip,
			    uint8_t ip_len, uint32_t label)
{
	struct evpn_route r = { .type = EVPN_RT_MACIP, .rd = rd, .nlabels = 1,
				.label = { label } };

	memcpy(r.mac, mac, 6);
	r.ip_len = ip_len;
	if (ip_len)
		memcpy(r.ip, ip, ip_len);
	return r;
}

static struct evpn_route t3(struct evpn_rd rd, const uint8_t orig[4])
{
	struct evpn_route r = { .type = EVPN_RT_IMET, .rd = rd, .ip_len = 4 };

	memcpy(r.ip, orig, 4);
	return r;
}

/* Our routes for v: its RD, label = VNI (RFC 8365 §5.1.3). */
static struct evpn_route our_t2(const struct evpn_vni *vv, const uint8_t mac[6],
				const uint8_t *ip, uint8_t ip_len)
{
	return t2(vv->rd, mac, ip, ip_len, vv->vni);
}

static struct evpn_route our_t3(const struct evpn_vni *vv)
{
	return t3(vv->rd, vv->vtep);
}

static size_t nlri_of(const struct evpn_route *r, uint8_t *buf, size_t cap)
{
	struct wbuf w = { .p = buf, .cap = cap, .max = cap };

	assert_true(evpn_nlri_build(&w, r));
	assert_true(wb_ok(&w));
	return w.len;
}

/* src's path for r in the EVPN Loc-RIB, or NULL. */
static const struct rib_path *path_of(const struct evpn_route *r, const struct rib_peer *src)
{
	uint8_t n[64], key[EVPN_NLRI_KEY_MAX];
	size_t len = nlri_of(r, n, sizeof(n));
	int klen = evpn_nlri_key(n, len, key);
	const struct rib_dest *d;

	assert_true(klen > 0);
	if (!(d = rib_lookup(EVPN, key, (size_t)klen)))
		return NULL;
	for (const struct rib_path *p = d->paths; p; p = p->next)
		if (p->peer == src)
			return p;
	return NULL;
}

static const struct rib_path *ours(struct evpn_route r)
{
	return path_of(&r, evpn_local_peer());
}

/* Our paths in the Loc-RIB of one route type (0: any). */
struct count_arg {
	uint8_t type;
	size_t n;
};

static int count_cb(struct rib_dest *d, void *arg)
{
	struct count_arg *c = arg;

	for (const struct rib_path *p = d->paths; p; p = p->next)
		if (p->peer == evpn_local_peer() && (!c->type || p->nlri[0] == c->type))
			c->n++;
	return 0;
}

static size_t our_count(uint8_t type)
{
	struct count_arg c = { type, 0 };

	rib_walk(EVPN, count_cb, &c);
	return c.n;
}

/* ---- remote routes ---- */

struct rspec {
	const char *rt;		/* NULL: 65000:100 */
	uint8_t vtep;		/* next hop 10.255.0.vtep */
	bool mm, sticky;	/* MAC Mobility community (RFC 7432 §7.7) */
	uint32_t seq;
	uint8_t pmsi;		/* PMSI tunnel (type 6) to 10.255.1.pmsi; 0: no PMSI */
};

/* A new reference to the attributes a reflected leaf route carries:
 * ORIGIN IGP, empty AS_PATH, LOCAL_PREF 100, ext. communities RT, ET:8,
 * maybe MM, maybe PMSI. */
static struct rib_attr *remote_attr(const struct rspec *s)
{
	uint8_t ecomm[3][8], nh[4] = { 10, 255, 0, s->vtep }, pmsi_id[4] = { 10, 255, 1, s->pmsi };
	size_t n = 0;
	struct bgp_attrs a;
	struct rib_attr *r;

	assert_int_equal(evpn_rt_parse(s->rt ? s->rt : "65000:100", ecomm[n++]), 0);
	evpn_ecomm_encap(EVPN_TUNNEL_VXLAN, ecomm[n++]);
	if (s->mm)
		evpn_ecomm_mac_mobility(s->seq, s->sticky, ecomm[n++]);
	memset(&a, 0, sizeof(a));
	a.present = BIT(ORIGIN) | BIT(AS_PATH) | BIT(LOCAL_PREF) | BIT(EXT_COMMUNITIES);
	a.origin = BGP_ORIGIN_IGP;
	a.local_pref = 100;
	a.ext_communities = (struct bgp_bytes){ ecomm[0], (uint16_t)(n * 8) };
	if (s->pmsi) {
		a.present |= BIT(PMSI_TUNNEL);
		a.pmsi.type = BGP_PMSI_INGRESS_REPLICATION;
		a.pmsi.label = 100;
		a.pmsi.id = (struct bgp_bytes){ pmsi_id, 4 };
	}
	r = rib_attr_intern(&a, nh, sizeof(nh));
	assert_non_null(r);
	return r;
}

static void remote_put(struct evpn_route r, struct rspec s)
{
	uint8_t n[64];
	size_t len = nlri_of(&r, n, sizeof(n));
	struct rib_attr *a = remote_attr(&s);

	assert_true(rib_update(&spine, EVPN, n, len, a) >= 0);
	rib_attr_unref(a);
}

static void remote_del(struct evpn_route r)
{
	uint8_t n[64];
	size_t len = nlri_of(&r, n, sizeof(n));

	assert_int_equal(rib_withdraw(&spine, EVPN, n, len), 1);
}

/* A MAC-only route from leaf 10.255.0.vtep (RD 10.255.0.vtep:2). */
static struct evpn_route leaf_mac(uint8_t vtep, const uint8_t mac[6])
{
	char rd[32];

	snprintf(rd, sizeof(rd), "10.255.0.%u:2", vtep);
	return t2(rd_of(rd), mac, NULL, 0, 100);
}

static void remote_mac(uint8_t vtep, const uint8_t mac[6], bool mm, uint32_t seq, bool sticky)
{
	remote_put(leaf_mac(vtep, mac), (struct rspec){ .vtep = vtep, .mm = mm, .seq = seq,
							.sticky = sticky });
}

/* ---- looking at attributes ---- */

static void expect_rt(const uint8_t c[8], const char *text)
{
	uint8_t want[8];

	assert_int_equal(evpn_rt_parse(text, want), 0);
	assert_memory_equal(c, want, 8);
}

static bool ecomm_has(const struct rib_attr *a, const uint8_t c[8])
{
	for (size_t i = 0; i + 8 <= a->ecomm_len; i += 8)
		if (memcmp(rib_attr_ecomm(a) + i, c, 8) == 0)
			return true;
	return false;
}

/* a's ext. communities are exactly these (in any order). */
static void expect_ecomms(const struct rib_attr *a, const uint8_t (*want)[8], size_t n)
{
	assert_int_equal(a->ecomm_len, n * 8);
	for (size_t i = 0; i < n; i++)
		if (!ecomm_has(a, want[i]))
			fail_msg("community %zu (%02x %02x ...) missing", i, want[i][0], want[i][1]);
}

/* Our base communities: RT 65000:100 (auto ASN:VNI) and ET:8, plus MM. */
static void expect_our_ecomms(const struct rib_attr *a, const char *rt, bool mm, uint32_t seq,
			      bool sticky)
{
	uint8_t want[3][8];
	size_t n = 0;

	assert_int_equal(evpn_rt_parse(rt, want[n++]), 0);
	evpn_ecomm_encap(EVPN_TUNNEL_VXLAN, want[n++]);
	if (mm)
		evpn_ecomm_mac_mobility(seq, sticky, want[n++]);
	expect_ecomms(a, (const uint8_t(*)[8])want, n);
}

/* The MAC Mobility community of our route for mac (alone) in v; false
 * when it has none. Fails if the route is not there. */
static bool our_mm(const uint8_t mac[6], uint32_t *seq, bool *sticky)
{
	const struct rib_path *p = ours(our_t2(v, mac, NULL, 0));

	assert_non_null(p);
	*seq = 0;
	*sticky = false;
	return evpn_ecomm_get_mac_mobility(rib_attr_ecomm(p->attr), p->attr->ecomm_len, seq,
					   sticky);
}

static void expect_our_seq(const uint8_t mac[6], uint32_t want_seq, bool want_sticky)
{
	uint32_t seq;
	bool sticky;

	assert_true(our_mm(mac, &seq, &sticky));
	assert_int_equal(seq, want_seq);
	assert_int_equal(sticky, want_sticky);
}

/* Attributes every route of ours has (RFC 7432 §7, RFC 8365 §5.1.3):
 * ORIGIN IGP, an empty AS_PATH, our VTEP as next hop, nothing an iBGP
 * export adds (LOCAL_PREF) or a reflector adds. */
static void expect_our_base_attr(const struct rib_attr *a)
{
	assert_true(rib_attr_has(a, BGP_ATTR_ORIGIN));
	assert_int_equal(a->origin, BGP_ORIGIN_IGP);
	assert_true(rib_attr_has(a, BGP_ATTR_AS_PATH));
	assert_int_equal(a->aspath_len, 0);
	assert_true(rib_attr_has(a, BGP_ATTR_EXT_COMMUNITIES));
	assert_false(rib_attr_has(a, BGP_ATTR_LOCAL_PREF));
	assert_false(rib_attr_has(a, BGP_ATTR_MED));
	assert_false(rib_attr_has(a, BGP_ATTR_ORIGINATOR_ID));
	assert_false(rib_attr_has(a, BGP_ATTR_CLUSTER_LIST));
	assert_int_equal(a->nh_len, 4);
	assert_memory_equal(a->nh, OUR_VTEP, 4);
}

/* ==== 1. Origination ==== */

/* RFC 7432 §7.3, RFC 8365 §5.1.3, RFC 6514 §5: one inclusive multicast
 * route per VNI, RD router-id:index (auto, FRR's first VNI index 2),
 * originator our VTEP, PMSI ingress replication (type 6) with the VNI as
 * label and our VTEP as endpoint; RT ASN:VNI (auto, FRR's rule, RFC 8365
 * §5.1.2.1) and the VXLAN encapsulation (RFC 9012 §4.1, RFC 8365 §5.1.3). */
static void test_originate_imet(void **state)
{
	const struct rib_path *p;
	struct evpn_route r;
	static const uint8_t rd[8] = { 0, 1, 10, 255, 0, 12, 0, 2 };

	(void)state;
	assert_true(v->rd_auto && v->rt_import_auto && v->rt_export_auto);
	assert_int_equal(v->rd_index, 2);
	assert_memory_equal(v->rd.bytes, rd, 8);
	assert_int_equal(v->n_import, 1);
	assert_int_equal(v->n_export, 1);
	expect_rt(v->import_rt[0], "65000:100");
	expect_rt(v->export_rt[0], "65000:100");
	assert_int_equal(v->vtep_len, 4);
	assert_memory_equal(v->vtep, OUR_VTEP, 4);
	assert_true(v->imet_adv);

	assert_int_equal(our_count(0), 1);
	p = ours(our_t3(v));
	assert_non_null(p);
	assert_int_equal(evpn_nlri_parse(p->nlri, p->nlri_len, &r), 0);
	assert_int_equal(r.type, EVPN_RT_IMET);
	assert_memory_equal(r.rd.bytes, rd, 8);
	assert_int_equal(r.eth_tag, 0);
	assert_int_equal(r.ip_len, 4);
	assert_memory_equal(r.ip, OUR_VTEP, 4);

	expect_our_base_attr(p->attr);
	expect_our_ecomms(p->attr, "65000:100", false, 0, false);
	assert_true(rib_attr_has(p->attr, BGP_ATTR_PMSI_TUNNEL));
	assert_int_equal(p->attr->pmsi_flags, 0);
	assert_int_equal(p->attr->pmsi_type, BGP_PMSI_INGRESS_REPLICATION);
	assert_int_equal(p->attr->pmsi_label, 100);
	assert_int_equal(p->attr->pmsi_id_len, 4);
	assert_memory_equal(rib_attr_pmsi_id(p->attr), OUR_VTEP, 4);

	/* a second VNI takes the next free index */
	struct evpn_vni *v2 = evpn_vni_get(200);
	assert_non_null(v2);
	evpn_vni_refresh(v2);
	assert_int_equal(v2->rd_index, 3);
	assert_non_null(ours(t3(rd_of("10.255.0.12:3"), OUR_VTEP)));
	assert_int_equal(our_count(EVPN_RT_IMET), 2);
}

/* RFC 7432 §7.2: a local MAC is one MAC-only route and one MAC+IP route
 * per IP, ESI 0, tag 0, one label = the VNI (RFC 8365 §5.1.3); at
 * sequence 0 no MAC Mobility community (§15.1: a route without one counts
 * as sequence 0; FRR sends none, frr84-update-type2-maconly.bin). No PMSI
 * on type 2. */
static void test_originate_mac(void **state)
{
	const struct rib_path *pm, *pi, *p6;
	struct evpn_route r;
	struct evpn_mac *m;

	(void)state;
	assert_int_equal(evpn_local_mac_add(100, MAC1, NULL, 0, false), 0);
	assert_int_equal(evpn_local_mac_add(100, MAC1, IP1, 4, false), 0);
	assert_int_equal(evpn_local_mac_add(100, MAC1, IP6_1, 16, false), 0);
	/* bad IP length, unknown VNI */
	assert_int_equal(evpn_local_mac_add(100, MAC1, IP1, 5, false), -1);
	assert_int_equal(evpn_local_mac_add(999, MAC1, NULL, 0, false), -1);

	m = evpn_mac_find(v, MAC1);
	assert_non_null(m);
	assert_true(m->local);
	assert_true(m->local_adv);
	assert_false(m->local_sticky);
	assert_int_equal(m->local_seq, 0);
	assert_null(m->winner);
	assert_false(m->duplicate);

	assert_int_equal(our_count(EVPN_RT_MACIP), 3);
	pm = ours(our_t2(v, MAC1, NULL, 0));
	pi = ours(our_t2(v, MAC1, IP1, 4));
	p6 = ours(our_t2(v, MAC1, IP6_1, 16));
	assert_non_null(pm);
	assert_non_null(pi);
	assert_non_null(p6);

	assert_int_equal(evpn_nlri_parse(pm->nlri, pm->nlri_len, &r), 0);
	assert_int_equal(r.type, EVPN_RT_MACIP);
	assert_memory_equal(r.rd.bytes, v->rd.bytes, 8);
	assert_memory_equal(r.esi, ZERO, 10);
	assert_int_equal(r.eth_tag, 0);
	assert_memory_equal(r.mac, MAC1, 6);
	assert_int_equal(r.ip_len, 0);
	assert_int_equal(r.nlabels, 1);
	assert_int_equal(r.label[0], 100);

	assert_int_equal(evpn_nlri_parse(pi->nlri, pi->nlri_len, &r), 0);
	assert_int_equal(r.ip_len, 4);
	assert_memory_equal(r.ip, IP1, 4);
	assert_int_equal(r.nlabels, 1);
	assert_int_equal(r.label[0], 100);

	{
		const struct rib_path *all[] = { pm, pi, p6 };
		for (size_t i = 0; i < ARRAY_LEN(all); i++) {
			const struct rib_attr *a = all[i]->attr;
			uint32_t seq;
			bool sticky;

			expect_our_base_attr(a);
			expect_our_ecomms(a, "65000:100", false, 0, false);
			assert_false(evpn_ecomm_get_mac_mobility(rib_attr_ecomm(a), a->ecomm_len,
								 &seq, &sticky));
			assert_false(rib_attr_has(a, BGP_ATTR_PMSI_TUNNEL));
		}
	}
	/* the type-3 is still there beside them */
	assert_int_equal(our_count(0), 4);
}

/* ==== 2. Byte for byte against FRR 8.4 ==== */

/* One attribute of a whole UPDATE message: where its value starts. */
struct wire_attr {
	uint8_t flags, type;
	size_t off, len; /* of the value, in the message */
};

static size_t wire_attrs(const uint8_t *m, size_t len, struct wire_attr *out, size_t cap)
{
	struct rbuf r, attrs;
	size_t n = 0, base;

	rb_init(&r, m, len);
	rb_skip(&r, BGP_HDR_LEN);
	rb_skip(&r, rb_u16(&r));
	rb_sub(&r, rb_u16(&r), &attrs);
	assert_true(rb_ok(&r));
	base = (size_t)(attrs.p - m);
	while (!rb_empty(&attrs)) {
		struct wire_attr a;
		a.flags = rb_u8(&attrs);
		a.type = rb_u8(&attrs);
		a.len = (a.flags & BGP_ATTR_F_EXTLEN) ? rb_u16(&attrs) : rb_u8(&attrs);
		a.off = base + rb_pos(&attrs);
		rb_skip(&attrs, a.len);
		assert_true(rb_ok(&attrs));
		assert_true(n < cap);
		out[n++] = a;
	}
	return n;
}

static void parse_msg(const uint8_t *m, size_t len, struct bgp_update *u)
{
	struct bgp_update_ctx ctx = { .as4 = true, .local_as = OUR_AS,
				      .afs = 1u << BGP_AF_L2VPN_EVPN };

	assert_true(len >= BGP_HDR_LEN + 4);
	for (int i = 0; i < 16; i++)
		assert_int_equal(m[i], 0xff);
	assert_int_equal((size_t)m[16] << 8 | m[17], len);
	assert_int_equal(m[18], BGP_MSG_UPDATE);
	assert_int_equal(bgp_update_parse(m + BGP_HDR_LEN, len - BGP_HDR_LEN, &ctx, u), 0);
	assert_int_equal(u->action, BGP_UPD_OK);
	assert_int_equal(u->discarded, 0);
}

static bool bytes_eq(struct bgp_bytes a, struct bgp_bytes b)
{
	return a.len == b.len && (!a.len || memcmp(a.p, b.p, a.len) == 0);
}

/* Everything a receiver decodes from the two UPDATEs is the same: the
 * family, next hop and NLRI octets, each attribute and its value, ext.
 * communities as a set (RFC 4360 gives their order no meaning). */
static void expect_same_update(const uint8_t *ours_m, size_t ours_len, const uint8_t *frr_m,
			      size_t frr_len)
{
	struct bgp_update a, b;

	parse_msg(ours_m, ours_len, &a);
	parse_msg(frr_m, frr_len, &b);
	assert_int_equal(a.withdrawn.len, 0);
	assert_int_equal(a.nlri.len, 0);
	assert_int_equal(a.has_unreach, b.has_unreach);
	assert_true(a.has_reach && b.has_reach);
	assert_int_equal(a.reach.af, b.reach.af);
	assert_int_equal(a.reach.afi, b.reach.afi);
	assert_int_equal(a.reach.safi, b.reach.safi);
	assert_true(bytes_eq(a.reach.nexthop, b.reach.nexthop));
	assert_true(bytes_eq(a.reach.nlri, b.reach.nlri));
	assert_int_equal(a.attrs.present, b.attrs.present);
	assert_int_equal(a.attrs.partial, b.attrs.partial);
	assert_int_equal(a.attrs.origin, b.attrs.origin);
	assert_int_equal(a.attrs.aspath_len, b.attrs.aspath_len);
	if (a.attrs.aspath_len)
		assert_memory_equal(a.attrs.aspath, b.attrs.aspath, a.attrs.aspath_len);
	assert_int_equal(a.attrs.local_pref, b.attrs.local_pref);
	assert_int_equal(a.attrs.med, b.attrs.med);
	assert_int_equal(a.attrs.pmsi.flags, b.attrs.pmsi.flags);
	assert_int_equal(a.attrs.pmsi.type, b.attrs.pmsi.type);
	assert_int_equal(a.attrs.pmsi.label, b.attrs.pmsi.label);
	assert_true(bytes_eq(a.attrs.pmsi.id, b.attrs.pmsi.id));
	assert_int_equal(a.attrs.n_unknown, b.attrs.n_unknown);
	assert_int_equal(a.attrs.ext_communities.len, b.attrs.ext_communities.len);
	for (size_t i = 0; i < a.attrs.ext_communities.len; i += 8) {
		bool found = false;
		for (size_t j = 0; j < b.attrs.ext_communities.len && !found; j += 8)
			found = !memcmp(a.attrs.ext_communities.p + i,
					b.attrs.ext_communities.p + j, 8);
		assert_true(found);
	}
	assert_int_equal(a.n_attrs, b.n_attrs);
	bgp_update_free(&a);
	bgp_update_free(&b);
}

/* The attributes in wire order with their flags and lengths are the
 * same (so the encodings differ at most inside values). */
static void expect_same_layout(const uint8_t *a, size_t alen, const uint8_t *b, size_t blen)
{
	struct wire_attr x[16], y[16];
	size_t nx = wire_attrs(a, alen, x, ARRAY_LEN(x)), ny = wire_attrs(b, blen, y, ARRAY_LEN(y));

	assert_int_equal(nx, ny);
	for (size_t i = 0; i < nx; i++) {
		assert_int_equal(x[i].type, y[i].type);
		assert_int_equal(x[i].flags, y[i].flags);
		assert_int_equal(x[i].len, y[i].len);
	}
}

/* Joins an iBGP update group (4-octet AS, EVPN only) and flushes. */
static void join_ibgp(void)
{
	static const struct rib_out_policy pol = { .ebgp = false, .as4 = true,
						   .afs = 1u << BGP_AF_L2VPN_EVPN };

	rib_out_set_emit(rx_emit);
	rx.op.owner = &rx;
	rib_out_join(&rx.op, &pol);
	assert_non_null(rx.op.group);
	rx.joined = true;
	rib_out_flush();
}

/* The one message sent whose MP_REACH carries exactly one route of type. */
static const struct msg *sent_route(uint8_t type)
{
	const struct msg *found = NULL;

	for (size_t i = 0; i < rx.n; i++) {
		struct bgp_update u;
		parse_msg(rx.m[i].p, rx.m[i].len, &u);
		if (u.has_reach && u.reach.nlri.len >= 2 && u.reach.nlri.p[0] == type) {
			assert_null(found);
			assert_int_equal(u.reach.nlri.p[1] + 2u, u.reach.nlri.len);
			found = &rx.m[i];
		}
		bgp_update_free(&u);
	}
	assert_non_null(found);
	return found;
}

/* We as FRR's leaf1 (10.255.0.11, AS 65000, VNI 100, MAC
 * 02:10:00:00:00:01 learned locally), sending to the spine over iBGP. */
static void be_frr_leaf1(void)
{
	rib_out_set_identity(OUR_AS, FRR_ID);
	evpn_set_identity(OUR_AS, FRR_ID);
	assert_int_equal(evpn_local_mac_add(100, MAC1, NULL, 0, false), 0);
	join_ibgp();
	/* one UPDATE per attribute set: the type 3 (PMSI) and the type 2 */
	assert_int_equal(rx.n, 2);
}

/* Byte for byte what FRR 8.4.4's leaf sends for the same route: MP_REACH
 * first (flags 0x90), ORIGIN, the empty AS_PATH (0x50), LOCAL_PREF 100,
 * EXT_COMMUNITIES in FRR's leaf order (ET:8 before RT:65000:100), and for
 * type 3 the PMSI tunnel. Field by field first, so a difference says
 * where. */
static void expect_frr_bytes(const struct msg *m, const char *vector)
{
	uint8_t frr[4096];
	size_t flen = load_vector(vector, frr, sizeof(frr));

	expect_same_update(m->p, m->len, frr, flen);
	expect_same_layout(m->p, m->len, frr, flen);
	assert_int_equal(m->len, flen);
	assert_memory_equal(m->p, frr, flen);
}

static void test_frr_bytes_type2_maconly(void **state)
{
	(void)state;
	be_frr_leaf1();
	expect_frr_bytes(sent_route(EVPN_RT_MACIP), "frr84-update-type2-maconly.bin");
}

static void test_frr_bytes_type3_imet(void **state)
{
	(void)state;
	be_frr_leaf1();
	expect_frr_bytes(sent_route(EVPN_RT_IMET), "frr84-update-type3-imet.bin");
}

/* ==== 3. Route distinguishers and route targets ==== */

/* RFC 8365 §5.1.2.1 allows auto-derived RTs; FRR's rule (the one to
 * interoperate with) is ASN:VNI as a 2-octet-AS RT, a 4-octet AS reduced
 * to its low 16 bits: 4200000100 = 0xfa56ea64 -> 60004:VNI. */
static void test_auto_rt_as4(void **state)
{
	static const uint8_t rt[8] = { 0x00, 0x02, 0xea, 0x64, 0, 0, 0, 100 };
	static const uint8_t rt70k[8] = { 0x00, 0x02, 0xea, 0x64, 0, 0x01, 0x11, 0x70 };
	const struct rib_path *p;
	struct evpn_vni *v2;

	(void)state;
	evpn_set_identity(4200000100u, OUR_ID);
	assert_int_equal(v->n_import, 1);
	assert_int_equal(v->n_export, 1);
	assert_memory_equal(v->import_rt[0], rt, 8);
	assert_memory_equal(v->export_rt[0], rt, 8);
	p = ours(our_t3(v));
	assert_non_null(p);
	expect_ecomms(p->attr, (const uint8_t(*)[8])(const uint8_t[2][8]){
		{ 0x00, 0x02, 0xea, 0x64, 0, 0, 0, 100 }, { 0x03, 0x0c, 0, 0, 0, 0, 0, 8 } }, 2);
	/* a VNI above 65535 still fits the 4-octet local administrator */
	v2 = evpn_vni_get(70000);
	evpn_vni_refresh(v2);
	assert_memory_equal(v2->export_rt[0], rt70k, 8);
	/* and a route with that RT is imported */
	remote_put(leaf_mac(11, MAC1), (struct rspec){ .rt = "60004:100", .vtep = 11 });
	assert_non_null(evpn_mac_find(v, MAC1));
	assert_null(evpn_mac_find(v2, MAC1));
	assert_int_equal(our_count(EVPN_RT_IMET), 2);
}

/* Manual RD and RTs (FRR's `vni N` / `rd` / `route-target`), set on a VNI
 * before it is first refreshed: our routes carry them, import follows the
 * import RT only. */
static void test_manual_rd_rt(void **state)
{
	struct evpn_vni *v3 = evpn_vni_get(300);
	const struct rib_path *p;

	(void)state;
	v3->rd_auto = false;
	v3->rd = rd_of("65000:7");
	v3->rt_import_auto = v3->rt_export_auto = false;
	assert_int_equal(evpn_rt_parse("65000:1300", v3->import_rt[0]), 0);
	assert_int_equal(evpn_rt_parse("65000:2300", v3->export_rt[0]), 0);
	assert_int_equal(evpn_rt_parse("10.0.0.1:5", v3->export_rt[1]), 0);
	v3->n_import = 1;
	v3->n_export = 2;
	evpn_vni_refresh(v3);

	assert_memory_equal(v3->rd.bytes, rd_of("65000:7").bytes, 8);
	p = ours(t3(rd_of("65000:7"), OUR_VTEP));
	assert_non_null(p);
	{
		uint8_t want[3][8];
		assert_int_equal(evpn_rt_parse("65000:2300", want[0]), 0);
		assert_int_equal(evpn_rt_parse("10.0.0.1:5", want[1]), 0);
		evpn_ecomm_encap(EVPN_TUNNEL_VXLAN, want[2]);
		expect_ecomms(p->attr, (const uint8_t(*)[8])want, 3);
	}
	assert_int_equal(p->attr->pmsi_label, 300);
	assert_int_equal(evpn_local_mac_add(300, MAC2, NULL, 0, false), 0);
	assert_non_null(ours(t2(rd_of("65000:7"), MAC2, NULL, 0, 300)));

	/* import by the import RT, never by the export one */
	remote_put(leaf_mac(11, MAC1), (struct rspec){ .rt = "65000:2300", .vtep = 11 });
	assert_null(evpn_mac_find(v3, MAC1));
	remote_put(leaf_mac(11, MAC1), (struct rspec){ .rt = "65000:1300", .vtep = 11 });
	assert_non_null(evpn_mac_find(v3, MAC1));
	assert_null(evpn_mac_find(v, MAC1));

	/* back to auto: RD 10.255.0.12:<index>, RT 65000:300 */
	v3->rd_auto = v3->rt_import_auto = v3->rt_export_auto = true;
	evpn_vni_refresh(v3);
	expect_rt(v3->export_rt[0], "65000:300");
	assert_int_equal(v3->n_export, 1);
	assert_null(evpn_mac_find(v3, MAC1));
}

/* Changing the RD of a VNI whose routes are out (as evpn/config.c
 * cfg_vni_apply does: new v->rd, then evpn_vni_refresh) must withdraw the
 * routes under the old RD and originate them under the new one: after it
 * exactly one type 3 and one type 2 of ours, both with RD 65000:7. */
static void test_manual_rd_change_withdraws_old(void **state)
{
	struct evpn_rd old = v->rd;

	(void)state;
	assert_int_equal(evpn_local_mac_add(100, MAC1, NULL, 0, false), 0);
	assert_non_null(ours(t3(old, OUR_VTEP)));
	assert_non_null(ours(t2(old, MAC1, NULL, 0, 100)));

	v->rd_auto = false;
	v->rd = rd_of("65000:7");
	evpn_vni_refresh(v);

	assert_non_null(ours(t3(rd_of("65000:7"), OUR_VTEP)));
	assert_non_null(ours(t2(rd_of("65000:7"), MAC1, NULL, 0, 100)));
	/* The withdrawals name the RD the routes went out with, though the
	 * caller set the new one first (as evpn/config.c cfg_vni_apply does);
	 * this once left the old-RD routes advertised for ever. */
	assert_null(ours(t3(old, OUR_VTEP)));
	assert_null(ours(t2(old, MAC1, NULL, 0, 100)));
	assert_int_equal(our_count(EVPN_RT_IMET), 1);
	assert_int_equal(our_count(EVPN_RT_MACIP), 1);
}

/* A new router ID (auto RD router-id:index, VTEP) re-originates every
 * route under the new RD with the new next hop and takes the old ones
 * out; sequence numbers are kept. */
static void test_identity_change(void **state)
{
	static const uint8_t vtep13[4] = { 10, 255, 0, 13 };
	struct evpn_rd old = v->rd;
	const struct rib_path *p;

	(void)state;
	remote_mac(11, MAC1, false, 0, false);
	assert_int_equal(evpn_local_mac_add(100, MAC1, IP1, 4, false), 0);
	expect_our_seq(MAC1, 1, false);
	evpn_set_identity(OUR_AS, 0x0aff000d);
	assert_memory_equal(v->rd.bytes, rd_of("10.255.0.13:2").bytes, 8);
	assert_memory_equal(v->vtep, vtep13, 4);
	assert_null(ours(t3(old, OUR_VTEP)));
	assert_null(ours(t2(old, MAC1, NULL, 0, 100)));
	assert_null(ours(t2(old, MAC1, IP1, 4, 100)));
	assert_int_equal(our_count(0), 3);
	p = ours(t3(v->rd, vtep13));
	assert_non_null(p);
	assert_memory_equal(p->attr->nh, vtep13, 4);
	assert_memory_equal(rib_attr_pmsi_id(p->attr), vtep13, 4);
	p = ours(our_t2(v, MAC1, IP1, 4));
	assert_non_null(p);
	assert_memory_equal(p->attr->nh, vtep13, 4);
	expect_our_seq(MAC1, 1, false);
	/* imports were redone */
	assert_non_null(evpn_mac_find(v, MAC1)->winner);
}

/* Changing only the RTs of an advertised VNI (same RD): our routes carry
 * the new export RT, imports follow the new import RT. */
static void test_manual_rt_change(void **state)
{
	const struct rib_path *p;

	(void)state;
	remote_mac(11, MAC2, false, 0, false);
	assert_non_null(evpn_mac_find(v, MAC2));
	assert_int_equal(evpn_local_mac_add(100, MAC1, NULL, 0, false), 0);
	v->rt_import_auto = v->rt_export_auto = false;
	assert_int_equal(evpn_rt_parse("65000:999", v->import_rt[0]), 0);
	assert_int_equal(evpn_rt_parse("65000:998", v->export_rt[0]), 0);
	v->n_import = v->n_export = 1;
	evpn_vni_refresh(v);
	assert_int_equal(our_count(0), 2);
	p = ours(our_t3(v));
	assert_non_null(p);
	expect_our_ecomms(p->attr, "65000:998", false, 0, false);
	p = ours(our_t2(v, MAC1, NULL, 0));
	assert_non_null(p);
	expect_our_ecomms(p->attr, "65000:998", false, 0, false);
	assert_null(evpn_mac_find(v, MAC2));
	remote_put(leaf_mac(11, MAC2), (struct rspec){ .rt = "65000:999", .vtep = 11 });
	assert_non_null(evpn_mac_find(v, MAC2));
}

/* ==== 4. Import by route target (RFC 7432 §9.2.2) ==== */

static void test_import_type2_by_rt(void **state)
{
	struct evpn_mac *m;
	unsigned mac_calls;

	(void)state;
	mac_calls = dp.mac;
	remote_put(t2(rd_of("10.255.0.11:2"), MAC1, IP1, 4, 100), (struct rspec){ .vtep = 11 });
	m = evpn_mac_find(v, MAC1);
	assert_non_null(m);
	assert_false(m->local);
	assert_non_null(m->winner);
	assert_int_equal(m->winner->vtep_len, 4);
	assert_memory_equal(m->winner->vtep, ((uint8_t[]){ 10, 255, 0, 11 }), 4);
	assert_int_equal(m->winner->seq, 0);
	assert_false(m->winner->sticky);
	assert_int_equal(m->winner->label, 100);
	assert_int_equal(m->winner->ip_len, 4);
	assert_memory_equal(m->winner->ip, IP1, 4);
	assert_true(dp.mac > mac_calls);
	/* the route is not re-originated by us */
	assert_int_equal(our_count(EVPN_RT_MACIP), 0);

	/* the MAC-only route of the same MAC is a second candidate */
	remote_put(leaf_mac(11, MAC1), (struct rspec){ .vtep = 11 });
	assert_non_null(m->imps);
	assert_non_null(m->imps->next);
	assert_null(m->imps->next->next);

	/* another RT: not ours, not imported */
	remote_put(leaf_mac(11, MAC2), (struct rspec){ .rt = "65000:999", .vtep = 11 });
	assert_null(evpn_mac_find(v, MAC2));

	/* withdrawn: gone, the MAC with its last route */
	remote_del(t2(rd_of("10.255.0.11:2"), MAC1, IP1, 4, 100));
	assert_true(evpn_mac_find(v, MAC1) == m);
	assert_null(m->imps->next);
	assert_int_equal(m->winner->ip_len, 0);
	remote_del(leaf_mac(11, MAC1));
	assert_null(evpn_mac_find(v, MAC1));

	/* a route whose RT changes to a foreign one leaves the VNI */
	remote_put(leaf_mac(11, MAC2), (struct rspec){ .vtep = 11 });
	assert_non_null(evpn_mac_find(v, MAC2));
	remote_put(leaf_mac(11, MAC2), (struct rspec){ .rt = "65000:999", .vtep = 11 });
	assert_null(evpn_mac_find(v, MAC2));
}

/* Auto import RTs also take ANY:VNI, as FRR does, so leaves in other ASes
 * (an eBGP fabric, each exporting its own AS:VNI) import each other's
 * routes (RFC 8365 §5.1.2.1); any RT form whose local administrator is
 * the VNI. Configured import RTs match exactly. */
static void test_import_auto_any_as(void **state)
{
	(void)state;
	remote_put(leaf_mac(11, MAC1), (struct rspec){ .rt = "65099:100", .vtep = 11 });
	assert_non_null(evpn_mac_find(v, MAC1));
	remote_put(leaf_mac(11, MAC2), (struct rspec){ .rt = "4200000099:100", .vtep = 11 });
	assert_non_null(evpn_mac_find(v, MAC2));
	remote_put(leaf_mac(12, MAC1), (struct rspec){ .rt = "65099:101", .vtep = 12 });
	assert_null(evpn_mac_find(v, MAC1)->imps->next);

	v->rt_import_auto = false;
	assert_int_equal(evpn_rt_parse("65000:100", v->import_rt[0]), 0);
	v->n_import = 1;
	evpn_vni_refresh(v);
	assert_null(evpn_mac_find(v, MAC1));
	assert_null(evpn_mac_find(v, MAC2));
}

/* Type 3 (RFC 7432 §11.2, RFC 6514 §5): the flood list gets the PMSI
 * ingress replication endpoint, or the originator without a PMSI. */
static void test_import_type3_flood(void **state)
{
	static const uint8_t orig11[4] = { 10, 255, 0, 11 }, orig13[4] = { 10, 255, 0, 13 };
	static const uint8_t pmsi11[4] = { 10, 255, 1, 11 };
	struct evpn_route r11 = t3(rd_of("10.255.0.11:2"), orig11);
	struct evpn_route r13 = t3(rd_of("10.255.0.13:2"), orig13);

	(void)state;
	assert_null(v->vteps);
	remote_put(r11, (struct rspec){ .vtep = 11, .pmsi = 11 });
	assert_non_null(v->vteps);
	assert_int_equal(v->vteps->len, 4);
	assert_memory_equal(v->vteps->ip, pmsi11, 4);
	assert_int_equal(v->vteps->tunnel_type, BGP_PMSI_INGRESS_REPLICATION);
	assert_null(v->vteps->next);
	assert_int_equal(dp.flood_add, 1);
	assert_memory_equal(dp.last_flood, pmsi11, 4);

	remote_put(r13, (struct rspec){ .vtep = 13 });
	assert_non_null(v->vteps->next);
	{
		const struct evpn_vtep *t = v->vteps->len == 4 &&
						    !memcmp(v->vteps->ip, orig13, 4)
					    ? v->vteps : v->vteps->next;
		assert_memory_equal(t->ip, orig13, 4);
		assert_int_equal(t->tunnel_type, 0);
	}

	/* foreign RT: not a VTEP of ours */
	remote_put(t3(rd_of("10.255.0.14:2"), (uint8_t[]){ 10, 255, 0, 14 }),
		   (struct rspec){ .rt = "65000:200", .vtep = 14, .pmsi = 14 });
	assert_null(v->vteps->next->next);

	remote_del(r11);
	assert_non_null(v->vteps);
	assert_null(v->vteps->next);
	assert_memory_equal(v->vteps->ip, orig13, 4);
	assert_int_equal(dp.flood_del, 1);
	assert_memory_equal(dp.last_flood, pmsi11, 4);
	remote_del(r13);
	assert_null(v->vteps);
	assert_int_equal(dp.flood_del, 2);
	/* our own type 3 was never a VTEP of the flood list */
	assert_non_null(ours(our_t3(v)));
}

/* Two VNIs importing one RT (FRR: `route-target import 65000:100` in VNI
 * 200) both get the MAC, whether the VNI or the route came first. */
static void test_import_two_vnis(void **state)
{
	struct evpn_vni *v2;
	struct evpn_mac *m1, *m2;

	(void)state;
	remote_put(leaf_mac(11, MAC1), (struct rspec){ .vtep = 11 });
	v2 = evpn_vni_get(200);
	v2->rt_import_auto = false;
	assert_int_equal(evpn_rt_parse("65000:100", v2->import_rt[0]), 0);
	v2->n_import = 1;
	evpn_vni_refresh(v2);
	/* VNI 200 came second: imported by its walk of the Loc-RIB */
	m1 = evpn_mac_find(v, MAC1);
	m2 = evpn_mac_find(v2, MAC1);
	assert_non_null(m1);
	assert_non_null(m2);
	assert_memory_equal(m2->winner->vtep, ((uint8_t[]){ 10, 255, 0, 11 }), 4);
	/* its export RT is still its own */
	expect_rt(v2->export_rt[0], "65000:200");

	/* a route after both */
	remote_put(leaf_mac(13, MAC2), (struct rspec){ .vtep = 13 });
	assert_non_null(evpn_mac_find(v, MAC2));
	assert_non_null(evpn_mac_find(v2, MAC2));
	/* VNI 200 imports 65000:100 only (its import RT is manual): a route
	 * with its export RT 65000:200 reaches neither */
	remote_put(t2(rd_of("10.255.0.13:3"), MAC2, IP2, 4, 200),
		   (struct rspec){ .rt = "65000:200", .vtep = 13 });
	assert_null(evpn_mac_find(v, MAC2)->imps->next);
	assert_null(evpn_mac_find(v2, MAC2)->imps->next);

	remote_del(leaf_mac(11, MAC1));
	assert_null(evpn_mac_find(v, MAC1));
	assert_null(evpn_mac_find(v2, MAC1));
}

/* ==== 5. MAC mobility (RFC 7432 §15.1) ==== */

static void test_mobility_seq(void **state)
{
	struct evpn_mac *m;

	(void)state;
	remote_mac(11, MAC1, false, 0, false);
	m = evpn_mac_find(v, MAC1);
	assert_non_null(m);
	assert_false(m->local);

	/* learned here: our route takes the remote sequence + 1 */
	assert_int_equal(evpn_local_mac_add(100, MAC1, IP1, 4, false), 0);
	assert_true(m->local);
	assert_true(m->local_adv);
	assert_int_equal(m->local_seq, 1);
	expect_our_seq(MAC1, 1, false);
	/* the MAC+IP route carries the same sequence */
	{
		const struct rib_path *p = ours(our_t2(v, MAC1, IP1, 4));
		assert_non_null(p);
		expect_our_ecomms(p->attr, "65000:100", true, 1, false);
	}

	/* the remote answers with 2: it moved back, we withdraw */
	remote_mac(11, MAC1, true, 2, false);
	assert_false(m->local);
	assert_false(m->local_adv);
	assert_null(m->local_ips);
	assert_int_equal(m->winner->seq, 2);
	assert_null(ours(our_t2(v, MAC1, NULL, 0)));
	assert_null(ours(our_t2(v, MAC1, IP1, 4)));
	assert_int_equal(our_count(EVPN_RT_MACIP), 0);

	/* a lower sequence from a remote would not take it again: learned
	 * here once more, 3 */
	assert_int_equal(evpn_local_mac_add(100, MAC1, NULL, 0, false), 0);
	assert_true(m->local);
	assert_int_equal(m->local_seq, 3);
	expect_our_seq(MAC1, 3, false);

	/* the remote withdraws: ours stays, sequence kept */
	remote_del(leaf_mac(11, MAC1));
	assert_null(m->winner);
	assert_true(m->local);
	expect_our_seq(MAC1, 3, false);
}

/* Equal sequence numbers: the lower VTEP address wins (§15.1). Our VTEP is
 * 10.255.0.12. */
static void test_mobility_tie_lower_vtep(void **state)
{
	struct evpn_mac *m;

	(void)state;
	remote_mac(5, MAC1, false, 0, false);
	assert_int_equal(evpn_local_mac_add(100, MAC1, NULL, 0, false), 0);
	m = evpn_mac_find(v, MAC1);
	assert_int_equal(m->local_seq, 1);
	expect_our_seq(MAC1, 1, false);
	remote_mac(5, MAC1, true, 1, false);
	assert_false(m->local);
	assert_null(ours(our_t2(v, MAC1, NULL, 0)));
	assert_memory_equal(m->winner->vtep, ((uint8_t[]){ 10, 255, 0, 5 }), 4);
}

static void test_mobility_tie_higher_vtep(void **state)
{
	struct evpn_mac *m;

	(void)state;
	remote_mac(20, MAC1, false, 0, false);
	assert_int_equal(evpn_local_mac_add(100, MAC1, NULL, 0, false), 0);
	m = evpn_mac_find(v, MAC1);
	assert_int_equal(m->local_seq, 1);
	remote_mac(20, MAC1, true, 1, false);
	assert_true(m->local);
	assert_true(m->local_adv);
	assert_int_equal(m->local_seq, 1);
	expect_our_seq(MAC1, 1, false);
}

/* ==== 6. Sticky MACs (RFC 7432 §15.2) ==== */

static void test_sticky_local(void **state)
{
	struct evpn_mac *m;

	(void)state;
	assert_int_equal(evpn_local_mac_add(100, MAC1, NULL, 0, true), 0);
	m = evpn_mac_find(v, MAC1);
	assert_true(m->local_sticky);
	/* as FRR's frr84-evpn-type2-sticky: MM flags 0x01, sequence 0 */
	expect_our_seq(MAC1, 0, true);
	{
		const struct rib_path *p = ours(our_t2(v, MAC1, NULL, 0));
		const uint8_t *mm = evpn_ecomm_find(rib_attr_ecomm(p->attr), p->attr->ecomm_len,
						    EVPN_ECOMM_EVPN, EVPN_ECOMM_SUB_MAC_MOBILITY);
		assert_non_null(mm);
		assert_memory_equal(mm, ((uint8_t[]){ 0x06, 0x00, 0x01, 0, 0, 0, 0, 0 }), 8);
	}
	/* a higher remote sequence does not move it */
	remote_mac(11, MAC1, true, 5, false);
	assert_true(m->local);
	assert_true(m->local_adv);
	expect_our_seq(MAC1, 0, true);
	remote_mac(11, MAC1, true, 100, false);
	assert_true(m->local);
	expect_our_seq(MAC1, 0, true);
}

static void test_sticky_remote(void **state)
{
	struct evpn_mac *m;

	(void)state;
	assert_int_equal(evpn_local_mac_add(100, MAC1, NULL, 0, false), 0);
	m = evpn_mac_find(v, MAC1);
	assert_non_null(ours(our_t2(v, MAC1, NULL, 0)));
	/* a remote sticky MAC, even at sequence 0, takes it */
	remote_mac(11, MAC1, true, 0, true);
	assert_false(m->local);
	assert_null(ours(our_t2(v, MAC1, NULL, 0)));
	assert_true(m->winner->sticky);
	assert_int_equal(m->dad_count, 1); /* our MAC moved away: one move */
	/* and a local learn does not take it back, nor count as more moves */
	for (int i = 0; i < 3; i++)
		assert_int_equal(evpn_local_mac_add(100, MAC1, NULL, 0, false), 0);
	assert_false(m->local);
	assert_null(ours(our_t2(v, MAC1, NULL, 0)));
	assert_int_equal(m->dad_count, 1);
	assert_false(m->duplicate);
}

/* ==== 7. The winner among several remote routes (§15.1, §15.2) ==== */

static void test_winner_several(void **state)
{
	struct evpn_mac *m;

	(void)state;
	remote_mac(11, MAC1, true, 1, false);
	remote_mac(14, MAC1, true, 3, false);
	remote_mac(13, MAC1, true, 3, false);
	m = evpn_mac_find(v, MAC1);
	assert_non_null(m);
	/* seq 3 beats 1; among the two 3s the lower VTEP .13 */
	assert_int_equal(m->winner->seq, 3);
	assert_memory_equal(m->winner->vtep, ((uint8_t[]){ 10, 255, 0, 13 }), 4);
	remote_mac(15, MAC1, true, 4, false);
	assert_memory_equal(m->winner->vtep, ((uint8_t[]){ 10, 255, 0, 15 }), 4);
	remote_del(leaf_mac(15, MAC1));
	assert_memory_equal(m->winner->vtep, ((uint8_t[]){ 10, 255, 0, 13 }), 4);
	remote_del(leaf_mac(13, MAC1));
	assert_memory_equal(m->winner->vtep, ((uint8_t[]){ 10, 255, 0, 14 }), 4);
	/* sticky first (§15.2) */
	remote_mac(16, MAC1, true, 0, true);
	assert_memory_equal(m->winner->vtep, ((uint8_t[]){ 10, 255, 0, 16 }), 4);
	assert_true(m->winner->sticky);
	/* a local learn takes the highest remote sequence + 1 */
	remote_del(leaf_mac(16, MAC1));
	assert_int_equal(evpn_local_mac_add(100, MAC1, NULL, 0, false), 0);
	assert_int_equal(m->local_seq, 4);
	expect_our_seq(MAC1, 4, false);
}

/* ==== 8. Duplicate address detection (FRR: dup-addr-detection) ==== */

/* Three moves: remote (seq 0) -> here (1) -> remote (2) -> here (3). */
static struct evpn_mac *three_moves(void)
{
	struct evpn_mac *m;

	remote_mac(11, MAC1, false, 0, false);
	assert_int_equal(evpn_local_mac_add(100, MAC1, NULL, 0, false), 0);
	m = evpn_mac_find(v, MAC1);
	assert_int_equal(m->dad_count, 1);
	assert_false(m->duplicate);
	remote_mac(11, MAC1, true, 2, false);
	assert_false(m->local);
	assert_int_equal(m->dad_count, 2);
	assert_false(m->duplicate);
	assert_int_equal(evpn_local_mac_add(100, MAC1, NULL, 0, false), 0);
	assert_true(m->local);
	assert_int_equal(m->local_seq, 3);
	return m;
}

static void test_dad_freeze(void **state)
{
	struct evpn_mac *m;

	(void)state;
	evpn_dad.max_moves = 3;
	evpn_dad.time = 180;
	evpn_dad.freeze_permanent = true;
	m = three_moves();
	assert_true(m->duplicate);
	/* frozen: the local MAC is not advertised again */
	assert_false(m->local_adv);
	assert_null(ours(our_t2(v, MAC1, NULL, 0)));
	evpn_mac_settle(v, m);
	assert_null(ours(our_t2(v, MAC1, NULL, 0)));

	/* `clear evpn dup-addr`: advertised again, with sequence 3 */
	evpn_dad_clear(v, m);
	evpn_mac_settle(v, m);
	assert_false(m->duplicate);
	assert_true(m->local_adv);
	expect_our_seq(MAC1, 3, false);
}

static void test_dad_freeze_timed(void **state)
{
	struct evpn_mac *m;

	(void)state;
	evpn_dad.max_moves = 3;
	evpn_dad.freeze = 30;
	m = three_moves();
	assert_true(m->duplicate);
	assert_null(ours(our_t2(v, MAC1, NULL, 0)));
	evpn_mac_settle(v, m);
	assert_null(ours(our_t2(v, MAC1, NULL, 0)));
	/* 31 s later the freeze is over */
	m->dup_since -= 31;
	evpn_mac_settle(v, m);
	assert_false(m->duplicate);
	expect_our_seq(MAC1, 3, false);
}

static void test_dad_no_freeze(void **state)
{
	struct evpn_mac *m;

	(void)state;
	evpn_dad.max_moves = 3;
	evpn_dad.time = 180;
	m = three_moves();
	assert_true(m->duplicate);
	assert_true(m->dup_since != 0);
	/* flagged, still advertised */
	assert_true(m->local_adv);
	expect_our_seq(MAC1, 3, false);
	/* a duplicate's record stays after its routes go (FRR shows it) */
	remote_del(leaf_mac(11, MAC1));
	assert_int_equal(evpn_local_mac_del(100, MAC1, NULL, 0), 0);
	assert_true(evpn_mac_find(v, MAC1) == m);
	assert_true(m->duplicate);
}

static void test_dad_window(void **state)
{
	struct evpn_mac *m;

	(void)state;
	evpn_dad.max_moves = 3;
	evpn_dad.time = 180;
	remote_mac(11, MAC1, false, 0, false);
	assert_int_equal(evpn_local_mac_add(100, MAC1, NULL, 0, false), 0);
	m = evpn_mac_find(v, MAC1);
	remote_mac(11, MAC1, true, 2, false);
	assert_int_equal(m->dad_count, 2);
	/* the first move was 181 s ago: the window is over, counting restarts */
	m->dad_start -= 181;
	assert_int_equal(evpn_local_mac_add(100, MAC1, NULL, 0, false), 0);
	assert_int_equal(m->dad_count, 1);
	assert_false(m->duplicate);
	expect_our_seq(MAC1, 3, false);
	remote_mac(11, MAC1, true, 4, false);
	assert_int_equal(m->dad_count, 2);
	assert_false(m->duplicate);
	/* 179 s after the restart, still inside the window: the third move
	 * counts */
	m->dad_start -= 179;
	assert_int_equal(evpn_local_mac_add(100, MAC1, NULL, 0, false), 0);
	assert_int_equal(m->dad_count, 3);
	assert_true(m->duplicate);
	expect_our_seq(MAC1, 5, false);

	/* disabled: no counting */
	evpn_dad_clear(v, m);
	evpn_dad.enabled = false;
	remote_mac(11, MAC1, true, 6, false);
	assert_int_equal(m->dad_count, 0);
	assert_false(m->duplicate);
}

/* ==== 9. Local deletes ==== */

static void test_local_del_ip(void **state)
{
	struct evpn_mac *m;

	(void)state;
	assert_int_equal(evpn_local_mac_add(100, MAC1, IP1, 4, false), 0);
	assert_int_equal(evpn_local_mac_add(100, MAC1, IP2, 4, false), 0);
	assert_int_equal(our_count(EVPN_RT_MACIP), 3);

	assert_int_equal(evpn_local_mac_del(100, MAC1, IP1, 4), 0);
	assert_null(ours(our_t2(v, MAC1, IP1, 4)));
	assert_non_null(ours(our_t2(v, MAC1, IP2, 4)));
	assert_non_null(ours(our_t2(v, MAC1, NULL, 0)));
	assert_int_equal(our_count(EVPN_RT_MACIP), 2);
	m = evpn_mac_find(v, MAC1);
	assert_true(m->local);
	assert_non_null(m->local_ips);
	assert_null(m->local_ips->next);

	/* unknown IP, unknown MAC, unknown VNI */
	assert_int_equal(evpn_local_mac_del(100, MAC1, IP1, 4), -1);
	assert_int_equal(evpn_local_mac_del(100, MAC2, NULL, 0), -1);
	assert_int_equal(evpn_local_mac_del(999, MAC1, NULL, 0), -1);
	assert_int_equal(our_count(EVPN_RT_MACIP), 2);
}

static void test_local_del_mac(void **state)
{
	(void)state;
	assert_int_equal(evpn_local_mac_add(100, MAC1, IP1, 4, false), 0);
	assert_int_equal(evpn_local_mac_add(100, MAC1, IP6_1, 16, false), 0);
	assert_int_equal(evpn_local_mac_add(100, MAC2, IP2, 4, false), 0);
	assert_int_equal(our_count(EVPN_RT_MACIP), 5);

	assert_int_equal(evpn_local_mac_del(100, MAC1, NULL, 0), 0);
	assert_null(ours(our_t2(v, MAC1, NULL, 0)));
	assert_null(ours(our_t2(v, MAC1, IP1, 4)));
	assert_null(ours(our_t2(v, MAC1, IP6_1, 16)));
	assert_int_equal(our_count(EVPN_RT_MACIP), 2);
	assert_null(evpn_mac_find(v, MAC1));
	assert_int_equal(evpn_local_mac_del(100, MAC1, NULL, 0), -1);

	/* a MAC also known remotely stays, remote only (the remote VTEP
	 * 10.255.0.20 is above ours, so at equal sequence 0 ours stood) */
	remote_mac(20, MAC2, false, 0, false);
	assert_true(evpn_mac_find(v, MAC2)->local);
	assert_int_equal(evpn_local_mac_del(100, MAC2, NULL, 0), 0);
	assert_non_null(evpn_mac_find(v, MAC2));
	assert_false(evpn_mac_find(v, MAC2)->local);
	assert_non_null(evpn_mac_find(v, MAC2)->winner);
	assert_int_equal(our_count(EVPN_RT_MACIP), 0);
	assert_int_equal(our_count(0), 1);
}

/* ==== 10. Deleting a VNI ==== */

/* RFC 7432 §7 leaves room for more route types: one we do not know is
 * kept and reflected as it came (a client's route goes to the other
 * iBGP peers, RFC 4456 §8, with ORIGINATOR_ID added) but never imported. */
static void test_unknown_type_reflected(void **state)
{
	static const uint8_t nlri[] = { 9, 5, 0xde, 0xad, 0xbe, 0xef, 0x01 };
	struct rspec s = { .vtep = 21 };
	struct rib_attr *a = remote_attr(&s);
	size_t macs = v->macs.n, dp_calls = dp.mac;
	struct bgp_update u;
	const struct msg *m;

	(void)state;
	spine.rr_client = true;
	spine.router_id = 0x0aff0015;
	assert_int_equal(rib_update(&spine, EVPN, nlri, sizeof(nlri), a), 1);
	rib_attr_unref(a);
	assert_int_equal(v->macs.n, macs);
	assert_int_equal(dp.mac, dp_calls);
	assert_null(v->vteps);
	join_ibgp();
	m = sent_route(9);
	parse_msg(m->p, m->len, &u);
	assert_int_equal(u.reach.nlri.len, sizeof(nlri));
	assert_memory_equal(u.reach.nlri.p, nlri, sizeof(nlri));
	assert_true(u.attrs.present & BIT(ORIGINATOR_ID));
	assert_int_equal(u.attrs.originator_id, 0x0aff0015);
	bgp_update_free(&u);
	assert_int_equal(rib_withdraw(&spine, EVPN, nlri, sizeof(nlri)), 1);
	spine.rr_client = false;
}

/* All its routes go (type 3 and every type 2) and everything it held is
 * freed (the ASan build checks that; the teardown checks that no
 * attribute set is left). The remote routes stay in the Loc-RIB. */
static void test_vni_delete(void **state)
{
	struct evpn_vni *v2 = evpn_vni_get(200);

	(void)state;
	evpn_vni_refresh(v2);
	assert_int_equal(evpn_local_mac_add(100, MAC1, IP1, 4, false), 0);
	assert_int_equal(evpn_local_mac_add(100, MAC2, NULL, 0, true), 0);
	assert_int_equal(evpn_local_mac_add(200, MAC1, NULL, 0, false), 0);
	/* remote VTEPs above ours: at equal sequence 0 our MACs stand */
	remote_mac(20, MAC1, false, 0, false);
	remote_mac(21, (const uint8_t[]){ 0x02, 0x10, 0, 0, 0, 0x33 }, false, 0, false);
	remote_put(t3(rd_of("10.255.0.11:2"), (uint8_t[]){ 10, 255, 0, 11 }),
		   (struct rspec){ .vtep = 11, .pmsi = 11 });
	assert_non_null(v->vteps);
	assert_int_equal(our_count(0), 2 + 3 + 1);
	assert_int_equal(evpn_local_peer()->count[EVPN], 6);

	evpn_vni_delete(v);
	v = NULL;
	assert_null(evpn_vni_find(100));
	assert_true(evpn_vni_first() == v2);
	/* the flood list was emptied through the data plane too */
	assert_int_equal(dp.flood_del, dp.flood_add);
	/* The deleted VNI's MAC and MAC+IP routes go too, not only its
	 * type-3 (they once stayed advertised). */
	assert_int_equal(our_count(EVPN_RT_IMET), 1);
	assert_int_equal(our_count(EVPN_RT_MACIP), 1);
	assert_int_equal(evpn_local_peer()->count[EVPN], 2);
	/* the remote routes are not ours to drop */
	assert_int_equal(spine.count[EVPN], 3);
	/* VNI 200 is untouched */
	assert_non_null(evpn_mac_find(v2, MAC1));
	assert_true(evpn_mac_find(v2, MAC1)->local);
	assert_non_null(ours(our_t3(v2)));

	evpn_vni_delete(v2);
	assert_null(evpn_vni_first());
	assert_int_equal(evpn_local_peer()->count[EVPN], 0);
}

/* `show bgp l2vpn evpn vni` and `show evpn vni` say what the
 * configuration says (they once printed advertise-all-vni Enabled and
 * gateway advertisement Disabled whatever it was). */
static void expect_show(bool bgp_view, const struct evpn_vni *only, const char *want)
{
	struct strbuf out = STRBUF_INIT;

	if (bgp_view)
		evpn_show_bgp_vni(only, true, &out);
	else
		evpn_show_vni(only, true, &out);
	if (!out.buf || !strstr(out.buf, want))
		fail_msg("%s lacks %s", out.buf ? out.buf : "(nothing)", want);
	sb_free(&out);
}

static void test_show_vni_settings(void **state)
{
	(void)state;
	evpn_advertise_all = evpn_advertise_gw = false;
	expect_show(true, NULL, "\"advertiseAllVnis\":\"Disabled\"");
	expect_show(true, NULL, "\"advertiseGatewayMacip\":\"Disabled\"");
	expect_show(false, v, "\"advertiseGatewayMacip\":\"No\"");
	evpn_advertise_all = evpn_advertise_gw = true;
	expect_show(true, NULL, "\"advertiseAllVnis\":\"Enabled\"");
	expect_show(true, NULL, "\"advertiseGatewayMacip\":\"Enabled\"");
	/* zebra's view follows the global setting; bgpd's per-VNI flag is the
	 * VNI's own, unset here */
	expect_show(false, v, "\"advertiseGatewayMacip\":\"Yes\"");
	expect_show(true, v, "\"advertiseGatewayMacip\":\"Disabled\"");
	v->adv_gw_set = true;
	v->adv_gw = false;
	expect_show(false, v, "\"advertiseGatewayMacip\":\"No\"");
	v->adv_gw = true;
	expect_show(true, v, "\"advertiseGatewayMacip\":\"Enabled\"");
	evpn_advertise_all = evpn_advertise_gw = false;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_originate_imet, setup, teardown),
		cmocka_unit_test_setup_teardown(test_originate_mac, setup, teardown),
		cmocka_unit_test_setup_teardown(test_frr_bytes_type2_maconly, setup, teardown),
		cmocka_unit_test_setup_teardown(test_frr_bytes_type3_imet, setup, teardown),
		cmocka_unit_test_setup_teardown(test_auto_rt_as4, setup, teardown),
		cmocka_unit_test_setup_teardown(test_manual_rd_rt, setup, teardown),
		cmocka_unit_test_setup_teardown(test_manual_rd_change_withdraws_old, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_identity_change, setup, teardown),
		cmocka_unit_test_setup_teardown(test_manual_rt_change, setup, teardown),
		cmocka_unit_test_setup_teardown(test_import_type2_by_rt, setup, teardown),
		cmocka_unit_test_setup_teardown(test_import_auto_any_as, setup, teardown),
		cmocka_unit_test_setup_teardown(test_import_type3_flood, setup, teardown),
		cmocka_unit_test_setup_teardown(test_import_two_vnis, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mobility_seq, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mobility_tie_lower_vtep, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mobility_tie_higher_vtep, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sticky_local, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sticky_remote, setup, teardown),
		cmocka_unit_test_setup_teardown(test_winner_several, setup, teardown),
		cmocka_unit_test_setup_teardown(test_dad_freeze, setup, teardown),
		cmocka_unit_test_setup_teardown(test_dad_freeze_timed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_dad_no_freeze, setup, teardown),
		cmocka_unit_test_setup_teardown(test_dad_window, setup, teardown),
		cmocka_unit_test_setup_teardown(test_local_del_ip, setup, teardown),
		cmocka_unit_test_setup_teardown(test_local_del_mac, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unknown_type_reflected, setup, teardown),
		cmocka_unit_test_setup_teardown(test_vni_delete, setup, teardown),
		cmocka_unit_test_setup_teardown(test_show_vni_settings, setup, teardown),
	};

	return cmocka_run_group_tests_name("evpn", tests, NULL, NULL);
}
