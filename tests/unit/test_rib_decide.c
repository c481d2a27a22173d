/* The decision process (rib/decide.c): RFC 4271 §9.1.1 and §9.1.2.2,
 * RFC 4456 §9, RFC 5065 §5.3, RFC 7432 §15. Every rule test builds two
 * paths equal on every earlier rule and different on the rule under test;
 * the path that must lose on that rule is made to win the later
 * tie-breakers (lower BGP Identifier, lower peer address), so a rule that
 * failed to decide would show up as the wrong winner or reason. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "wire/attr.h"
#include "rib/decide.h"

/* ---- building attributes, paths and destinations ---- */

struct bytes {
	const uint8_t *p;
	size_t n;
};
#define BYTES(...)                                                                                 \
	((struct bytes){ (const uint8_t[]){ __VA_ARGS__ },                                         \
			 sizeof((const uint8_t[]){ __VA_ARGS__ }) })
#define BE32(x) (uint8_t)((x) >> 24), (uint8_t)((x) >> 16), (uint8_t)((x) >> 8), (uint8_t)(x)

/* AS_PATH segments (RFC 4271 §4.3), 4-octet ASes. */
#define SEQ1(a) BGP_AS_SEQUENCE, 1, BE32(a)
#define SEQ2(a, b) BGP_AS_SEQUENCE, 2, BE32(a), BE32(b)
#define SEQ3(a, b, c) BGP_AS_SEQUENCE, 3, BE32(a), BE32(b), BE32(c)
#define SET1(a) BGP_AS_SET, 1, BE32(a)
#define SET3(a, b, c) BGP_AS_SET, 3, BE32(a), BE32(b), BE32(c)
#define CSEQ2(a, b) BGP_AS_CONFED_SEQUENCE, 2, BE32(a), BE32(b)
#define CSET1(a) BGP_AS_CONFED_SET, 1, BE32(a)

/* Extended communities (RFC 4360): MAC Mobility (RFC 7432 §7.7), a route
 * target, the encapsulation one (RFC 9012 §4.1, VXLAN), ESI Label. */
#define MM(flags, seq) 0x06, 0x00, flags, 0x00, BE32(seq)
#define RT(as, n) 0x00, 0x02, (uint8_t)((as) >> 8), (uint8_t)(as), BE32(n)
#define ENCAP_VXLAN 0x03, 0x0c, 0, 0, 0, 0, 0, 8
#define ESI_LABEL 0x06, 0x01, 0x01, 0, 0, 0, 0, 0

struct parts {
	struct bytes aspath, comm, ecomm, lcomm, cluster;
};

static void put(struct rib_attr *a, size_t *off, struct bytes b, uint16_t *len, unsigned type)
{
	if (b.n)
		memcpy(a->data + *off, b.p, b.n);
	*off += b.n;
	*len = (uint16_t)b.n;
	if (b.n)
		a->present |= BGP_ATTR_BIT(type);
}

/* A zeroed attribute set as rib_attr_intern would lay it out: ORIGIN IGP,
 * AS_PATH (possibly empty), next hop 10.0.0.1, the given variable parts. */
static struct rib_attr *attr_new(struct parts p)
{
	size_t off = 0, n = p.aspath.n + p.comm.n + p.ecomm.n + p.lcomm.n + p.cluster.n;
	struct rib_attr *a = calloc(1, sizeof(*a) + n);

	assert_non_null(a);
	a->refcnt = 1;
	put(a, &off, p.aspath, &a->aspath_len, BGP_ATTR_AS_PATH);
	put(a, &off, p.comm, &a->comm_len, BGP_ATTR_COMMUNITIES);
	put(a, &off, p.ecomm, &a->ecomm_len, BGP_ATTR_EXT_COMMUNITIES);
	put(a, &off, p.lcomm, &a->lcomm_len, BGP_ATTR_LARGE_COMMUNITIES);
	put(a, &off, p.cluster, &a->cluster_len, BGP_ATTR_CLUSTER_LIST);
	a->present |= BGP_ATTR_BIT(BGP_ATTR_ORIGIN) | BGP_ATTR_BIT(BGP_ATTR_AS_PATH);
	a->origin = BGP_ORIGIN_IGP;
	a->nh_len = 4;
	memcpy(a->nh, (const uint8_t[]){ 10, 0, 0, 1 }, 4);
	return a;
}

static void attr_local_pref(struct rib_attr *a, uint32_t v)
{
	a->local_pref = v;
	a->present |= BGP_ATTR_BIT(BGP_ATTR_LOCAL_PREF);
}

static void attr_med(struct rib_attr *a, uint32_t v)
{
	a->med = v;
	a->present |= BGP_ATTR_BIT(BGP_ATTR_MED);
}

static void attr_originator(struct rib_attr *a, uint32_t id)
{
	a->originator_id = id;
	a->present |= BGP_ATTR_BIT(BGP_ATTR_ORIGINATOR_ID);
}

static void attr_nh(struct rib_attr *a, const uint8_t *nh, uint8_t len)
{
	memcpy(a->nh, nh, len);
	a->nh_len = len;
}

/* A destination of af whose key starts with key0 (for EVPN the route
 * type), the rest an RD and filler. */
static struct rib_dest *dest_new(enum bgp_af af, uint8_t key0)
{
	struct rib_dest *d = calloc(1, sizeof(*d) + 12);

	assert_non_null(d);
	d->af = (uint8_t)af;
	d->key_len = 12;
	d->key[0] = key0;
	return d;
}

/* Appends a path to d's list (list order matters to rib_decide_best). */
static struct rib_path *path_add(struct rib_dest *d, struct rib_peer *peer, struct rib_attr *a)
{
	struct rib_path *p = calloc(1, sizeof(*p)), **tail = &d->paths;

	assert_non_null(p);
	p->dest = d;
	p->peer = peer;
	p->attr = a;
	while (*tail)
		tail = &(*tail)->next;
	*tail = p;
	return p;
}

static void dest_free(struct rib_dest *d)
{
	while (d->paths) {
		struct rib_path *p = d->paths;

		d->paths = p->next;
		free(p->attr);
		free(p);
	}
	free(d);
}

static struct rib_peer peer_v4(uint32_t router_id, uint8_t last, bool ebgp, uint32_t as)
{
	struct rib_peer p = { .router_id = router_id, .addr_len = 4, .ebgp = ebgp, .as = as };

	memcpy(p.addr, (const uint8_t[]){ 192, 0, 2, last }, 4);
	return p;
}

static struct rib_peer peer_local(uint32_t router_id)
{
	return (struct rib_peer){ .router_id = router_id, .local = true, .as = 65000 };
}

/* Two iBGP paths to one destination: peer B has the lower BGP Identifier
 * and the lower address, so B wins every tie-breaker after the rule
 * under test unless a test changes that. */
struct pair {
	struct rib_dest *d;
	struct rib_peer pa, pb;
	struct rib_path *a, *b;
};

static void pair_init(struct pair *p, enum bgp_af af, uint8_t key0, struct parts a, struct parts b)
{
	p->d = dest_new(af, key0);
	p->pa = peer_v4(0x0a000002, 2, false, 65000);
	p->pb = peer_v4(0x0a000001, 1, false, 65000);
	p->a = path_add(p->d, &p->pa, attr_new(a));
	p->b = path_add(p->d, &p->pb, attr_new(b));
}

static void pair_v4(struct pair *p, struct parts a, struct parts b)
{
	pair_init(p, BGP_AF_IPV4_UNICAST, 24, a, b);
}

/* An EVPN MAC/IP Advertisement route (RFC 7432 §7.2, type 2). */
static void pair_mac(struct pair *p, struct parts a, struct parts b)
{
	pair_init(p, BGP_AF_L2VPN_EVPN, 2, a, b);
}

/* win beats lose for reason r, whichever argument comes first. */
static void expect_better(const struct rib_path *win, const struct rib_path *lose, enum rib_reason r)
{
	enum rib_reason why = RIB_REASON_FIRST;

	assert_true(rib_decide_cmp(win, lose, &why) < 0);
	assert_string_equal(rib_reason_str(why), rib_reason_str(r));
	why = RIB_REASON_FIRST;
	assert_true(rib_decide_cmp(lose, win, &why) > 0);
	assert_string_equal(rib_reason_str(why), rib_reason_str(r));
}

#define NO_PARTS ((struct parts){ 0 })
#define WITH_PATH(...) ((struct parts){ .aspath = BYTES(__VA_ARGS__) })
#define WITH_ECOMM(...) ((struct parts){ .aspath = BYTES(SEQ1(65001)), .ecomm = BYTES(__VA_ARGS__) })

/* ---- RFC 7432 §15: MAC Mobility, type-2 routes only ---- */

/* §15.2: a sticky MAC beats a mobile one, with or without a community. */
static void test_sticky(void **state)
{
	(void)state;
	struct pair p;

	pair_mac(&p, WITH_ECOMM(MM(0x01, 0)), WITH_ECOMM(MM(0x00, 0)));
	expect_better(p.a, p.b, RIB_REASON_STICKY);
	dest_free(p.d);

	pair_mac(&p, WITH_ECOMM(MM(0x01, 0)), WITH_PATH(SEQ1(65001)));
	expect_better(p.a, p.b, RIB_REASON_STICKY);
	dest_free(p.d);
}

/* §15.2 before §15.1: sticky wins even against a higher sequence number. */
static void test_sticky_beats_higher_seq(void **state)
{
	(void)state;
	struct pair p;

	pair_mac(&p, WITH_ECOMM(MM(0x01, 1)), WITH_ECOMM(MM(0x00, 1000)));
	expect_better(p.a, p.b, RIB_REASON_STICKY);
	dest_free(p.d);
}

/* §15.1: the higher sequence number wins; no community is sequence 0;
 * sticky paths compare sequence numbers among themselves. */
static void test_seq(void **state)
{
	(void)state;
	struct pair p;

	pair_mac(&p, WITH_ECOMM(MM(0x00, 5)), WITH_ECOMM(MM(0x00, 3)));
	expect_better(p.a, p.b, RIB_REASON_SEQ);
	dest_free(p.d);

	pair_mac(&p, WITH_ECOMM(MM(0x00, 1)), WITH_PATH(SEQ1(65001)));
	expect_better(p.a, p.b, RIB_REASON_SEQ);
	dest_free(p.d);

	pair_mac(&p, WITH_ECOMM(MM(0x01, 0x80000000u)), WITH_ECOMM(MM(0x01, 2)));
	expect_better(p.a, p.b, RIB_REASON_SEQ);
	dest_free(p.d);
}

/* §15.1: equal sequence numbers, the lower VTEP address wins; IPv4 sorts
 * before IPv6. */
static void test_lower_ip(void **state)
{
	(void)state;
	struct pair p;

	pair_mac(&p, WITH_ECOMM(MM(0x00, 7)), WITH_ECOMM(MM(0x00, 7)));
	attr_nh(p.b->attr, (const uint8_t[]){ 10, 0, 0, 2 }, 4);
	expect_better(p.a, p.b, RIB_REASON_LOWER_IP);
	dest_free(p.d);

	pair_mac(&p, NO_PARTS, NO_PARTS);
	attr_nh(p.a->attr, (const uint8_t[]){ 255, 255, 255, 255 }, 4);
	attr_nh(p.b->attr, (const uint8_t[16]){ 0 }, 16);
	expect_better(p.a, p.b, RIB_REASON_LOWER_IP);
	dest_free(p.d);
}

/* §15.1: the lower-IP rule needs two different next hops; with the same
 * VTEP the ordinary rules decide (here RFC 4271 §9.1.1). */
static void test_lower_ip_same_next_hop(void **state)
{
	(void)state;
	struct pair p;
	enum rib_reason why;

	pair_mac(&p, WITH_ECOMM(MM(0x00, 7)), WITH_ECOMM(MM(0x00, 7)));
	attr_local_pref(p.b->attr, 200);
	expect_better(p.b, p.a, RIB_REASON_LOCAL_PREF);
	dest_free(p.d);

	/* nothing differs before the BGP Identifier */
	pair_mac(&p, NO_PARTS, NO_PARTS);
	assert_true(rib_decide_cmp(p.b, p.a, &why) < 0);
	assert_int_equal(why, RIB_REASON_ROUTER_ID);
	dest_free(p.d);
}

/* §15 is for MAC/IP routes: an Inclusive Multicast route (type 3) and an
 * IPv4 unicast route ignore stickiness, sequence and next hop. */
static void test_mobility_ignored_elsewhere(void **state)
{
	(void)state;
	static const struct {
		enum bgp_af af;
		uint8_t key0;
	} where[] = { { BGP_AF_L2VPN_EVPN, 3 }, { BGP_AF_L2VPN_EVPN, 5 }, { BGP_AF_IPV4_UNICAST, 2 } };
	struct pair p;

	for (size_t i = 0; i < sizeof(where) / sizeof(where[0]); i++) {
		/* sticky A, B wins on LOCAL_PREF */
		pair_init(&p, where[i].af, where[i].key0, WITH_ECOMM(MM(0x01, 0)),
			  WITH_PATH(SEQ1(65001)));
		attr_local_pref(p.b->attr, 101);
		expect_better(p.b, p.a, RIB_REASON_LOCAL_PREF);
		dest_free(p.d);

		/* A has the higher sequence and the lower next hop; B wins
		 * on the BGP Identifier */
		pair_init(&p, where[i].af, where[i].key0, WITH_ECOMM(MM(0x00, 9)),
			  WITH_ECOMM(MM(0x00, 1)));
		attr_nh(p.b->attr, (const uint8_t[]){ 10, 0, 0, 9 }, 4);
		expect_better(p.b, p.a, RIB_REASON_ROUTER_ID);
		dest_free(p.d);
	}
}

/* ---- RFC 4271 §9.1.1, FRR's Local Route, §9.1.2.2 a to g ---- */

/* RFC 4271 §9.1.1: the higher LOCAL_PREF; absent is 100. */
static void test_local_pref(void **state)
{
	(void)state;
	struct pair p;

	pair_v4(&p, NO_PARTS, NO_PARTS);
	attr_local_pref(p.a->attr, 200);
	attr_local_pref(p.b->attr, 150);
	expect_better(p.a, p.b, RIB_REASON_LOCAL_PREF);
	dest_free(p.d);

	pair_v4(&p, NO_PARTS, NO_PARTS);
	attr_local_pref(p.a->attr, 101);
	expect_better(p.a, p.b, RIB_REASON_LOCAL_PREF);
	dest_free(p.d);

	pair_v4(&p, NO_PARTS, NO_PARTS);
	attr_local_pref(p.b->attr, 99);
	expect_better(p.a, p.b, RIB_REASON_LOCAL_PREF);
	dest_free(p.d);

	/* an explicit 100 is the same as none */
	pair_v4(&p, NO_PARTS, NO_PARTS);
	attr_local_pref(p.a->attr, 100);
	expect_better(p.b, p.a, RIB_REASON_ROUTER_ID);
	dest_free(p.d);
}

/* FRR's "Local Route": our own origination beats a received path, even
 * one with a lower BGP Identifier. */
static void test_local_route(void **state)
{
	(void)state;
	struct pair p;
	struct rib_peer self = peer_local(0x0a0000ff);

	pair_v4(&p, NO_PARTS, NO_PARTS);
	p.a->peer = &self;
	expect_better(p.a, p.b, RIB_REASON_LOCAL_ROUTE);
	dest_free(p.d);
}

/* RFC 4271 §9.1.2.2 a: the shorter AS_PATH. */
static void test_as_path(void **state)
{
	(void)state;
	struct pair p;

	pair_v4(&p, WITH_PATH(SEQ1(65001)), WITH_PATH(SEQ2(65001, 65002)));
	expect_better(p.a, p.b, RIB_REASON_AS_PATH);
	dest_free(p.d);

	pair_v4(&p, NO_PARTS, WITH_PATH(SEQ1(65001)));
	expect_better(p.a, p.b, RIB_REASON_AS_PATH);
	dest_free(p.d);
}

/* §9.1.2.2 a: an AS_SET counts 1 whatever its size; RFC 5065 §5.3:
 * confederation segments count nothing. */
static void test_as_path_set_and_confed(void **state)
{
	(void)state;
	struct pair p;

	pair_v4(&p, WITH_PATH(SEQ1(65001), SET3(65010, 65011, 65012)),
		WITH_PATH(SEQ3(65001, 65002, 65003)));
	expect_better(p.a, p.b, RIB_REASON_AS_PATH);
	dest_free(p.d);

	pair_v4(&p, WITH_PATH(CSEQ2(64512, 64513), CSET1(64514), SEQ1(65001)),
		WITH_PATH(SEQ2(65001, 65002)));
	expect_better(p.a, p.b, RIB_REASON_AS_PATH);
	dest_free(p.d);
}

/* RFC 4271 §9.1.2.2 b: the lower ORIGIN. */
static void test_origin(void **state)
{
	(void)state;
	struct pair p;

	pair_v4(&p, WITH_PATH(SEQ1(65001)), WITH_PATH(SEQ1(65001)));
	p.b->attr->origin = BGP_ORIGIN_EGP;
	expect_better(p.a, p.b, RIB_REASON_ORIGIN);
	dest_free(p.d);

	pair_v4(&p, WITH_PATH(SEQ1(65001)), WITH_PATH(SEQ1(65001)));
	p.a->attr->origin = BGP_ORIGIN_EGP;
	p.b->attr->origin = BGP_ORIGIN_INCOMPLETE;
	expect_better(p.a, p.b, RIB_REASON_ORIGIN);
	dest_free(p.d);
}

/* RFC 4271 §9.1.2.2 c: the lower MED between paths from one neighbor AS;
 * an absent MED is 0. */
static void test_med(void **state)
{
	(void)state;
	struct pair p;

	pair_v4(&p, WITH_PATH(SEQ2(65001, 65100)), WITH_PATH(SEQ2(65001, 65200)));
	attr_med(p.a->attr, 10);
	attr_med(p.b->attr, 20);
	expect_better(p.a, p.b, RIB_REASON_MED);
	dest_free(p.d);

	pair_v4(&p, WITH_PATH(SEQ1(65001)), WITH_PATH(SEQ1(65001)));
	attr_med(p.b->attr, 1);
	expect_better(p.a, p.b, RIB_REASON_MED);
	dest_free(p.d);
}

/* §9.1.2.2 c: paths from different neighbor ASes never compare MEDs:
 * the far lower MED of A is ignored and B wins on the BGP Identifier. */
static void test_med_different_neighbor_as(void **state)
{
	(void)state;
	struct pair p;

	pair_v4(&p, WITH_PATH(SEQ1(65001)), WITH_PATH(SEQ1(65002)));
	attr_med(p.a->attr, 1);
	attr_med(p.b->attr, 1000);
	expect_better(p.b, p.a, RIB_REASON_ROUTER_ID);
	dest_free(p.d);

	/* same first hop further along does not make the same neighbor */
	pair_v4(&p, WITH_PATH(SEQ2(65001, 65003)), WITH_PATH(SEQ2(65002, 65003)));
	attr_med(p.a->attr, 1);
	attr_med(p.b->attr, 1000);
	expect_better(p.b, p.a, RIB_REASON_ROUTER_ID);
	dest_free(p.d);
}

/* §9.1.2.2 c, neighborAS(): both paths from our own AS group (empty
 * AS_PATH) compare; confederation segments are skipped to find the
 * neighbor AS (RFC 5065); a path starting with an AS_SET has none. */
static void test_med_neighbor_as_forms(void **state)
{
	(void)state;
	struct pair p;

	pair_v4(&p, WITH_PATH(CSEQ2(64512, 64513), SEQ1(65001)), WITH_PATH(SEQ1(65001)));
	attr_med(p.a->attr, 5);
	attr_med(p.b->attr, 6);
	expect_better(p.a, p.b, RIB_REASON_MED);
	dest_free(p.d);

	/* confederation-only paths are our group's, like empty ones */
	pair_v4(&p, WITH_PATH(CSEQ2(64512, 64513)), NO_PARTS);
	attr_med(p.a->attr, 5);
	attr_med(p.b->attr, 6);
	expect_better(p.a, p.b, RIB_REASON_MED);
	dest_free(p.d);

	pair_v4(&p, NO_PARTS, NO_PARTS);
	attr_med(p.a->attr, 5);
	attr_med(p.b->attr, 6);
	expect_better(p.a, p.b, RIB_REASON_MED);
	dest_free(p.d);

	/* a leading AS_SET names no neighbor AS: no MED comparison, even
	 * against the same set or a sequence starting with that AS */
	pair_v4(&p, WITH_PATH(SET1(65001)), WITH_PATH(SET1(65001)));
	attr_med(p.a->attr, 5);
	attr_med(p.b->attr, 6);
	expect_better(p.b, p.a, RIB_REASON_ROUTER_ID);
	dest_free(p.d);

	pair_v4(&p, WITH_PATH(SET1(65001)), WITH_PATH(SEQ1(65001)));
	attr_med(p.a->attr, 5);
	attr_med(p.b->attr, 6);
	expect_better(p.b, p.a, RIB_REASON_ROUTER_ID);
	dest_free(p.d);
}

/* RFC 4271 §9.1.2.2 d: a path from an external peer beats an internal one. */
static void test_peer_type(void **state)
{
	(void)state;
	struct pair p;

	pair_v4(&p, WITH_PATH(SEQ1(65001)), WITH_PATH(SEQ1(65001)));
	p.pa.ebgp = true;
	p.pa.as = 65001;
	expect_better(p.a, p.b, RIB_REASON_PEER_TYPE);
	dest_free(p.d);
}

/* RFC 4271 §9.1.2.2 e: evpnd has no IGP cost, so the step is there but
 * never decides: two paths equal up to it go on to the BGP Identifier,
 * and two that are equal everywhere are equal. */
static void test_igp_metric_never_decides(void **state)
{
	(void)state;
	struct pair p;
	enum rib_reason why;

	pair_v4(&p, WITH_PATH(SEQ1(65001)), WITH_PATH(SEQ1(65001)));
	attr_nh(p.b->attr, (const uint8_t[]){ 10, 9, 9, 9 }, 4);
	expect_better(p.b, p.a, RIB_REASON_ROUTER_ID);
	dest_free(p.d);

	/* one peer, one attribute set: no rule separates them */
	pair_v4(&p, WITH_PATH(SEQ1(65001)), WITH_PATH(SEQ1(65001)));
	p.b->peer = &p.pa;
	why = RIB_REASON_FIRST;
	assert_int_equal(rib_decide_cmp(p.a, p.b, &why), 0);
	assert_int_equal(why, RIB_REASON_NONE);
	assert_int_equal(rib_decide_cmp(p.b, p.a, NULL), 0);
	dest_free(p.d);
}

/* RFC 4271 §9.1.2.2 f: the lower BGP Identifier (here against the lower
 * peer address of B). */
static void test_router_id(void **state)
{
	(void)state;
	struct pair p;

	pair_v4(&p, WITH_PATH(SEQ1(65001)), WITH_PATH(SEQ1(65001)));
	p.pa.router_id = 0x01010101;
	p.pb.router_id = 0x02020202;
	expect_better(p.a, p.b, RIB_REASON_ROUTER_ID);
	dest_free(p.d);

	/* our own paths use the local rib_peer's router_id */
	struct rib_peer s1 = peer_local(0x0a000001), s2 = peer_local(0x0a000002);

	pair_v4(&p, NO_PARTS, NO_PARTS);
	p.a->peer = &s1;
	p.b->peer = &s2;
	expect_better(p.a, p.b, RIB_REASON_ROUTER_ID);
	dest_free(p.d);
}

/* RFC 4456 §9: a reflected path's ORIGINATOR_ID replaces the peer's BGP
 * Identifier. */
static void test_originator_id(void **state)
{
	(void)state;
	struct pair p;

	/* B's peer has the lower Identifier, but B carries a higher
	 * ORIGINATOR_ID than A's peer */
	pair_v4(&p, WITH_PATH(SEQ1(65001)), WITH_PATH(SEQ1(65001)));
	attr_originator(p.b->attr, 0x0a000003);
	expect_better(p.a, p.b, RIB_REASON_ROUTER_ID);
	dest_free(p.d);

	/* both reflected: the originators decide, not the reflectors */
	pair_v4(&p, WITH_PATH(SEQ1(65001)), WITH_PATH(SEQ1(65001)));
	attr_originator(p.a->attr, 0x01000001);
	attr_originator(p.b->attr, 0x01000002);
	expect_better(p.a, p.b, RIB_REASON_ROUTER_ID);
	dest_free(p.d);
}

/* RFC 4456 §9: one originator over two reflection paths: the shorter
 * CLUSTER_LIST wins (between §9.1.2.2 f and g). */
static void test_cluster_len(void **state)
{
	(void)state;
	struct pair p;

	pair_v4(&p, (struct parts){ .cluster = BYTES(BE32(0x0a0000c8)) },
		(struct parts){ .cluster = BYTES(BE32(0x0a0000c9), BE32(0x0a0000ca)) });
	attr_originator(p.a->attr, 0x0a000063);
	attr_originator(p.b->attr, 0x0a000063);
	expect_better(p.a, p.b, RIB_REASON_CLUSTER_LEN);
	dest_free(p.d);

	/* no CLUSTER_LIST is shorter than one */
	pair_v4(&p, NO_PARTS, (struct parts){ .cluster = BYTES(BE32(0x0a0000c8)) });
	attr_originator(p.a->attr, 0x0a000063);
	attr_originator(p.b->attr, 0x0a000063);
	expect_better(p.a, p.b, RIB_REASON_CLUSTER_LEN);
	dest_free(p.d);
}

/* RFC 4271 §9.1.2.2 g: the lower peer address; IPv4 before IPv6. */
static void test_neighbor_ip(void **state)
{
	(void)state;
	struct pair p;

	pair_v4(&p, WITH_PATH(SEQ1(65001)), WITH_PATH(SEQ1(65001)));
	p.pa.router_id = p.pb.router_id;
	expect_better(p.b, p.a, RIB_REASON_NEIGHBOR_IP);
	dest_free(p.d);

	pair_v4(&p, WITH_PATH(SEQ1(65001)), WITH_PATH(SEQ1(65001)));
	p.pa.router_id = p.pb.router_id;
	p.pb.addr_len = 16;
	memcpy(p.pb.addr, (const uint8_t[16]){ [15] = 1 }, 16);
	p.pa.addr[0] = 0xff;
	expect_better(p.a, p.b, RIB_REASON_NEIGHBOR_IP);
	dest_free(p.d);
}

/* ---- the order holds: a later rule never overrides an earlier one ---- */

static void test_order(void **state)
{
	(void)state;
	struct pair p;

	/* §9.1.1 before §9.1.2.2 a: the shorter AS_PATH with the lower
	 * LOCAL_PREF loses */
	pair_v4(&p, WITH_PATH(SEQ3(65001, 65002, 65003)), WITH_PATH(SEQ1(65001)));
	attr_local_pref(p.a->attr, 200);
	expect_better(p.a, p.b, RIB_REASON_LOCAL_PREF);
	dest_free(p.d);

	/* §9.1.1 before Local Route: a received path with a higher
	 * LOCAL_PREF beats our own */
	struct rib_peer self = peer_local(0x01000000);

	pair_v4(&p, NO_PARTS, NO_PARTS);
	p.b->peer = &self;
	attr_local_pref(p.a->attr, 200);
	expect_better(p.a, p.b, RIB_REASON_LOCAL_PREF);
	dest_free(p.d);

	/* Local Route before §9.1.2.2 a: our own longer path wins */
	pair_v4(&p, WITH_PATH(SEQ2(65001, 65002)), NO_PARTS);
	p.a->peer = &self;
	expect_better(p.a, p.b, RIB_REASON_LOCAL_ROUTE);
	dest_free(p.d);

	/* a before c: the lower MED on the longer path loses */
	pair_v4(&p, WITH_PATH(SEQ1(65001)), WITH_PATH(SEQ2(65001, 65002)));
	attr_med(p.a->attr, 100);
	attr_med(p.b->attr, 0);
	expect_better(p.a, p.b, RIB_REASON_AS_PATH);
	dest_free(p.d);

	/* b before d: an eBGP path with a worse ORIGIN loses */
	pair_v4(&p, WITH_PATH(SEQ1(65001)), WITH_PATH(SEQ1(65001)));
	p.pb.ebgp = true;
	p.b->attr->origin = BGP_ORIGIN_INCOMPLETE;
	expect_better(p.a, p.b, RIB_REASON_ORIGIN);
	dest_free(p.d);

	/* c before d: the eBGP path with the higher MED loses */
	pair_v4(&p, WITH_PATH(SEQ1(65001)), WITH_PATH(SEQ1(65001)));
	p.pb.ebgp = true;
	attr_med(p.b->attr, 50);
	attr_med(p.a->attr, 10);
	expect_better(p.a, p.b, RIB_REASON_MED);
	dest_free(p.d);

	/* f before RFC 4456's cluster length: the shorter CLUSTER_LIST
	 * with the higher Identifier loses */
	pair_v4(&p, (struct parts){ .cluster = BYTES(BE32(1), BE32(2)) },
		(struct parts){ .cluster = BYTES(BE32(3)) });
	attr_originator(p.a->attr, 0x01000001);
	attr_originator(p.b->attr, 0x01000002);
	expect_better(p.a, p.b, RIB_REASON_ROUTER_ID);
	dest_free(p.d);

	/* RFC 7432 §15.1 before §9.1.1: the higher sequence number wins
	 * over a higher LOCAL_PREF */
	pair_mac(&p, WITH_ECOMM(MM(0x00, 2)), WITH_ECOMM(MM(0x00, 1)));
	attr_local_pref(p.b->attr, 1000);
	expect_better(p.a, p.b, RIB_REASON_SEQ);
	dest_free(p.d);

	/* §15.1 lower IP before Local Route */
	pair_mac(&p, NO_PARTS, NO_PARTS);
	p.b->peer = &self;
	attr_nh(p.b->attr, (const uint8_t[]){ 10, 0, 0, 2 }, 4);
	expect_better(p.a, p.b, RIB_REASON_LOWER_IP);
	dest_free(p.d);
}

/* ---- rib_decide_best ---- */

static void test_best_none_and_one(void **state)
{
	(void)state;
	struct rib_dest *d = dest_new(BGP_AF_IPV4_UNICAST, 24);
	struct rib_peer peer = peer_v4(1, 1, false, 65000);
	enum rib_reason why = RIB_REASON_FIRST;

	assert_null(rib_decide_best(d, &why));
	assert_int_equal(why, RIB_REASON_NONE);

	struct rib_path *only = path_add(d, &peer, attr_new(NO_PARTS));

	assert_ptr_equal(rib_decide_best(d, &why), only);
	assert_int_equal(why, RIB_REASON_FIRST);
	assert_ptr_equal(rib_decide_best(d, NULL), only);
	dest_free(d);
}

/* Four paths: the best is neither first nor last; the reason is that of
 * the last comparison, which always involved the winner. */
static void test_best_among_many(void **state)
{
	(void)state;
	struct rib_dest *d = dest_new(BGP_AF_IPV4_UNICAST, 24);
	struct rib_peer peer[4];
	struct rib_path *p[4];
	enum rib_reason why;

	/* later peers have lower Identifiers and addresses */
	for (int i = 0; i < 4; i++) {
		peer[i] = peer_v4((uint32_t)(4 - i), (uint8_t)(4 - i), false, 65000);
		p[i] = path_add(d, &peer[i],
				attr_new(i == 2 ? WITH_PATH(SEQ1(65001)) : WITH_PATH(SEQ2(65001, 65002))));
	}
	attr_local_pref(p[1]->attr, 200);
	attr_local_pref(p[2]->attr, 200);
	attr_local_pref(p[3]->attr, 150);

	assert_ptr_equal(rib_decide_best(d, &why), p[2]);
	assert_int_equal(why, RIB_REASON_LOCAL_PREF); /* p[3] lost on it */

	/* without p[3] the last comparison is p[2] over p[1] */
	p[2]->next = NULL;
	assert_ptr_equal(rib_decide_best(d, &why), p[2]);
	assert_int_equal(why, RIB_REASON_AS_PATH);
	p[2]->next = p[3];
	dest_free(d);
}

/* Ties keep the earlier path: two paths from one peer with one
 * attribute set, and the later is never chosen. */
static void test_best_tie_keeps_earlier(void **state)
{
	(void)state;
	struct rib_dest *d = dest_new(BGP_AF_IPV4_UNICAST, 24);
	struct rib_peer worse = peer_v4(9, 9, false, 65000), same = peer_v4(5, 5, false, 65000);
	enum rib_reason why;

	path_add(d, &worse, attr_new(WITH_PATH(SEQ1(65001))));
	struct rib_path *first = path_add(d, &same, attr_new(WITH_PATH(SEQ1(65001))));
	path_add(d, &same, attr_new(WITH_PATH(SEQ1(65001))));

	assert_ptr_equal(rib_decide_best(d, &why), first);
	assert_int_equal(why, RIB_REASON_NONE);
	dest_free(d);
}

/* EVPN type 2: three VTEPs announce one MAC; the highest sequence
 * number wins (RFC 7432 §15.1), a sticky one beats them all (§15.2). */
static void test_best_mac_mobility(void **state)
{
	(void)state;
	struct rib_dest *d = dest_new(BGP_AF_L2VPN_EVPN, 2);
	struct rib_peer peer[3] = { peer_v4(1, 1, false, 65000), peer_v4(2, 2, false, 65000),
				    peer_v4(3, 3, false, 65000) };
	enum rib_reason why;

	path_add(d, &peer[0], attr_new(WITH_ECOMM(MM(0x00, 1))));
	struct rib_path *moved = path_add(d, &peer[1], attr_new(WITH_ECOMM(MM(0x00, 3))));
	path_add(d, &peer[2], attr_new(WITH_ECOMM(MM(0x00, 2))));

	assert_ptr_equal(rib_decide_best(d, &why), moved);
	assert_int_equal(why, RIB_REASON_SEQ);

	struct rib_path *stuck = path_add(d, &peer[2], attr_new(WITH_ECOMM(MM(0x01, 0))));

	assert_ptr_equal(rib_decide_best(d, &why), stuck);
	assert_int_equal(why, RIB_REASON_STICKY);
	dest_free(d);
}

/* ---- the attribute readers ---- */

/* RFC 4271 §9.1.2.2 a, RFC 5065 §5.3. */
static void test_aspath_len(void **state)
{
	(void)state;
	const struct {
		struct parts parts;
		unsigned len;
	} cases[] = {
		{ { .aspath = { NULL, 0 } }, 0 },
		{ WITH_PATH(SEQ1(65001)), 1 },
		{ WITH_PATH(SEQ3(65001, 65002, 65003)), 3 },
		{ WITH_PATH(SET3(65001, 65002, 65003)), 1 },
		{ WITH_PATH(SEQ2(65001, 65002), SET3(65010, 65011, 65012)), 3 },
		{ WITH_PATH(SEQ1(65001), SET1(65002), SEQ1(65003)), 3 },
		{ WITH_PATH(CSEQ2(64512, 64513), SEQ1(65001)), 1 },
		{ WITH_PATH(CSET1(64512), CSEQ2(64513, 64514)), 0 },
		{ WITH_PATH(CSEQ2(64512, 64513), SEQ2(65001, 65002), SET1(65003)), 3 },
		/* a segment cut short counts nothing (the parser never lets
		 * one through) */
		{ WITH_PATH(SEQ1(65001), BGP_AS_SEQUENCE, 3, BE32(65002)), 1 },
		{ WITH_PATH(SEQ1(65001), BGP_AS_SEQUENCE), 1 },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct rib_attr *a = attr_new(cases[i].parts);

		if (rib_aspath_len(a) != cases[i].len)
			fail_msg("case %zu: %u, want %u", i, rib_aspath_len(a), cases[i].len);
		free(a);
	}
	assert_int_equal(rib_aspath_len(NULL), 0);
}

static void check_mm(struct parts parts, bool found, uint32_t seq, bool sticky)
{
	struct rib_attr *a = attr_new(parts);
	uint32_t s = 0xdeadbeef;
	bool st = !sticky;

	assert_int_equal(rib_mac_mobility(a, &s, &st), found);
	assert_int_equal(s, seq);
	assert_int_equal(st, sticky);
	assert_int_equal(rib_mac_mobility(a, NULL, NULL), found);
	free(a);
}

/* RFC 7432 §7.7: the MAC Mobility extended community. */
static void test_mac_mobility(void **state)
{
	(void)state;

	/* absent: no EXT_COMMUNITIES, or none of that type */
	check_mm(NO_PARTS, false, 0, false);
	check_mm(WITH_ECOMM(RT(65000, 100), ENCAP_VXLAN), false, 0, false);
	/* ESI Label (type 0x06, sub-type 0x01) is not MAC Mobility */
	check_mm(WITH_ECOMM(ESI_LABEL), false, 0, false);
	/* present */
	check_mm(WITH_ECOMM(MM(0x00, 42)), true, 42, false);
	check_mm(WITH_ECOMM(MM(0x01, 7)), true, 7, true);
	check_mm(WITH_ECOMM(MM(0x01, 0xffffffffu)), true, 0xffffffffu, true);
	/* other flag bits are not the sticky bit */
	check_mm(WITH_ECOMM(MM(0xfe, 3)), true, 3, false);
	/* among others, with COMMUNITIES and LARGE_COMMUNITIES around the
	 * extended ones */
	check_mm((struct parts){ .aspath = BYTES(SEQ1(65001)),
				 .comm = BYTES(BE32(0xfde80064), BE32(0xffffff01)),
				 .ecomm = BYTES(RT(65000, 100), ESI_LABEL, MM(0x01, 9), ENCAP_VXLAN),
				 .lcomm = BYTES(BE32(65000), BE32(1), BE32(2)),
				 .cluster = BYTES(BE32(1)) },
		 true, 9, true);
	/* the first one counts */
	check_mm(WITH_ECOMM(MM(0x00, 5), MM(0x01, 6)), true, 5, false);
	/* a trailing part of a community is not read */
	check_mm(WITH_ECOMM(RT(65000, 100), 0x06, 0x00, 0x01, 0x00, 0x00, 0x00, 0x05), false, 0,
		 false);
	assert_false(rib_mac_mobility(NULL, NULL, NULL));
}

/* FRR 8.4's bgp_path_selection_reason2str() words. */
static void test_reason_str(void **state)
{
	(void)state;
	static const struct {
		enum rib_reason r;
		const char *s;
	} want[] = {
		{ RIB_REASON_NONE, "Nothing left to compare" },
		{ RIB_REASON_FIRST, "First path received" },
		{ RIB_REASON_STICKY, "EVPN Sticky Mac" },
		{ RIB_REASON_SEQ, "EVPN sequence number" },
		{ RIB_REASON_LOWER_IP, "EVPN lower IP" },
		{ RIB_REASON_LOCAL_PREF, "Local Pref" },
		{ RIB_REASON_LOCAL_ROUTE, "Local Route" },
		{ RIB_REASON_AS_PATH, "AS Path" },
		{ RIB_REASON_ORIGIN, "Origin" },
		{ RIB_REASON_MED, "MED" },
		{ RIB_REASON_PEER_TYPE, "Peer Type" },
		{ RIB_REASON_IGP_METRIC, "IGP Metric" },
		{ RIB_REASON_ROUTER_ID, "Router ID" },
		{ RIB_REASON_CLUSTER_LEN, "Cluster length" },
		{ RIB_REASON_NEIGHBOR_IP, "Neighbor IP" },
	};

	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++)
		assert_string_equal(rib_reason_str(want[i].r), want[i].s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sticky),
		cmocka_unit_test(test_sticky_beats_higher_seq),
		cmocka_unit_test(test_seq),
		cmocka_unit_test(test_lower_ip),
		cmocka_unit_test(test_lower_ip_same_next_hop),
		cmocka_unit_test(test_mobility_ignored_elsewhere),
		cmocka_unit_test(test_local_pref),
		cmocka_unit_test(test_local_route),
		cmocka_unit_test(test_as_path),
		cmocka_unit_test(test_as_path_set_and_confed),
		cmocka_unit_test(test_origin),
		cmocka_unit_test(test_med),
		cmocka_unit_test(test_med_different_neighbor_as),
		cmocka_unit_test(test_med_neighbor_as_forms),
		cmocka_unit_test(test_peer_type),
		cmocka_unit_test(test_igp_metric_never_decides),
		cmocka_unit_test(test_router_id),
		cmocka_unit_test(test_originator_id),
		cmocka_unit_test(test_cluster_len),
		cmocka_unit_test(test_neighbor_ip),
		cmocka_unit_test(test_order),
		cmocka_unit_test(test_best_none_and_one),
		cmocka_unit_test(test_best_among_many),
		cmocka_unit_test(test_best_tie_keeps_earlier),
		cmocka_unit_test(test_best_mac_mobility),
		cmocka_unit_test(test_aspath_len),
		cmocka_unit_test(test_mac_mobility),
		cmocka_unit_test(test_reason_str),
	};
	return cmocka_run_group_tests_name("rib_decide", tests, NULL, NULL);
}
