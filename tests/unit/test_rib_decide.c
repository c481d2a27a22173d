/* The decision process (rib/decide.c): RFC 4271 §9.1.1 and §9.1.2.2,
 * RFC 4456 §9, RFC 5065 §5.3, and the slot for a family's own rules. The
 * fixture (two paths equal up to the rule under test) is tests/unit/paths.h;
 * RFC 7432 §15 is tested with its rules, in test_evpn_decide.c. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "tests/unit/paths.h"

/* ---- RFC 4271 §9.1.1, FRR's Local Route, §9.1.2.2 a to g ---- */

/* RFC 4271 §9.1.1: the higher LOCAL_PREF; absent is 100. */
static void test_local_pref(void **state)
{
	(void)state;
	struct pair p;

	pair_v4(&p, NO_PARTS, NO_PARTS);
	attr_local_pref(p.a->attr, 200);
	attr_local_pref(p.b->attr, 150);
	expect_better(p.a, p.b, WHY_LOCAL_PREF);
	dest_free(p.d);

	pair_v4(&p, NO_PARTS, NO_PARTS);
	attr_local_pref(p.a->attr, 101);
	expect_better(p.a, p.b, WHY_LOCAL_PREF);
	dest_free(p.d);

	pair_v4(&p, NO_PARTS, NO_PARTS);
	attr_local_pref(p.b->attr, 99);
	expect_better(p.a, p.b, WHY_LOCAL_PREF);
	dest_free(p.d);

	/* an explicit 100 is the same as none */
	pair_v4(&p, NO_PARTS, NO_PARTS);
	attr_local_pref(p.a->attr, 100);
	expect_better(p.b, p.a, WHY_ROUTER_ID);
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
	expect_better(p.a, p.b, WHY_LOCAL_ROUTE);
	dest_free(p.d);
}

/* RFC 4271 §9.1.2.2 a: the shorter AS_PATH. */
static void test_as_path(void **state)
{
	(void)state;
	struct pair p;

	pair_v4(&p, WITH_PATH(SEQ1(65001)), WITH_PATH(SEQ2(65001, 65002)));
	expect_better(p.a, p.b, WHY_AS_PATH);
	dest_free(p.d);

	pair_v4(&p, NO_PARTS, WITH_PATH(SEQ1(65001)));
	expect_better(p.a, p.b, WHY_AS_PATH);
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
	expect_better(p.a, p.b, WHY_AS_PATH);
	dest_free(p.d);

	pair_v4(&p, WITH_PATH(CSEQ2(64512, 64513), CSET1(64514), SEQ1(65001)),
		WITH_PATH(SEQ2(65001, 65002)));
	expect_better(p.a, p.b, WHY_AS_PATH);
	dest_free(p.d);
}

/* RFC 4271 §9.1.2.2 b: the lower ORIGIN. */
static void test_origin(void **state)
{
	(void)state;
	struct pair p;

	pair_v4(&p, WITH_PATH(SEQ1(65001)), WITH_PATH(SEQ1(65001)));
	p.b->attr->origin = BGP_ORIGIN_EGP;
	expect_better(p.a, p.b, WHY_ORIGIN);
	dest_free(p.d);

	pair_v4(&p, WITH_PATH(SEQ1(65001)), WITH_PATH(SEQ1(65001)));
	p.a->attr->origin = BGP_ORIGIN_EGP;
	p.b->attr->origin = BGP_ORIGIN_INCOMPLETE;
	expect_better(p.a, p.b, WHY_ORIGIN);
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
	expect_better(p.a, p.b, WHY_MED);
	dest_free(p.d);

	pair_v4(&p, WITH_PATH(SEQ1(65001)), WITH_PATH(SEQ1(65001)));
	attr_med(p.b->attr, 1);
	expect_better(p.a, p.b, WHY_MED);
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
	expect_better(p.b, p.a, WHY_ROUTER_ID);
	dest_free(p.d);

	/* same first hop further along does not make the same neighbor */
	pair_v4(&p, WITH_PATH(SEQ2(65001, 65003)), WITH_PATH(SEQ2(65002, 65003)));
	attr_med(p.a->attr, 1);
	attr_med(p.b->attr, 1000);
	expect_better(p.b, p.a, WHY_ROUTER_ID);
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
	expect_better(p.a, p.b, WHY_MED);
	dest_free(p.d);

	/* confederation-only paths are our group's, like empty ones */
	pair_v4(&p, WITH_PATH(CSEQ2(64512, 64513)), NO_PARTS);
	attr_med(p.a->attr, 5);
	attr_med(p.b->attr, 6);
	expect_better(p.a, p.b, WHY_MED);
	dest_free(p.d);

	pair_v4(&p, NO_PARTS, NO_PARTS);
	attr_med(p.a->attr, 5);
	attr_med(p.b->attr, 6);
	expect_better(p.a, p.b, WHY_MED);
	dest_free(p.d);

	/* a leading AS_SET names no neighbor AS: no MED comparison, even
	 * against the same set or a sequence starting with that AS */
	pair_v4(&p, WITH_PATH(SET1(65001)), WITH_PATH(SET1(65001)));
	attr_med(p.a->attr, 5);
	attr_med(p.b->attr, 6);
	expect_better(p.b, p.a, WHY_ROUTER_ID);
	dest_free(p.d);

	pair_v4(&p, WITH_PATH(SET1(65001)), WITH_PATH(SEQ1(65001)));
	attr_med(p.a->attr, 5);
	attr_med(p.b->attr, 6);
	expect_better(p.b, p.a, WHY_ROUTER_ID);
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
	expect_better(p.a, p.b, WHY_PEER_TYPE);
	dest_free(p.d);
}

/* RFC 4271 §9.1.2.2 e: evpnd has no IGP cost, so the step is there but
 * never decides: two paths equal up to it go on to the BGP Identifier,
 * and two that are equal everywhere are equal. */
static void test_igp_metric_never_decides(void **state)
{
	(void)state;
	struct pair p;
	const char *why;

	pair_v4(&p, WITH_PATH(SEQ1(65001)), WITH_PATH(SEQ1(65001)));
	attr_nh(p.b->attr, (const uint8_t[]){ 10, 9, 9, 9 }, 4);
	expect_better(p.b, p.a, WHY_ROUTER_ID);
	dest_free(p.d);

	/* one peer, one attribute set: no rule separates them */
	pair_v4(&p, WITH_PATH(SEQ1(65001)), WITH_PATH(SEQ1(65001)));
	p.b->peer = &p.pa;
	why = WHY_FIRST;
	assert_int_equal(rib_decide_cmp(p.a, p.b, &why), 0);
	assert_string_equal(why, WHY_NONE);
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
	expect_better(p.a, p.b, WHY_ROUTER_ID);
	dest_free(p.d);

	/* our own paths use the local rib_peer's router_id */
	struct rib_peer s1 = peer_local(0x0a000001), s2 = peer_local(0x0a000002);

	pair_v4(&p, NO_PARTS, NO_PARTS);
	p.a->peer = &s1;
	p.b->peer = &s2;
	expect_better(p.a, p.b, WHY_ROUTER_ID);
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
	expect_better(p.a, p.b, WHY_ROUTER_ID);
	dest_free(p.d);

	/* both reflected: the originators decide, not the reflectors */
	pair_v4(&p, WITH_PATH(SEQ1(65001)), WITH_PATH(SEQ1(65001)));
	attr_originator(p.a->attr, 0x01000001);
	attr_originator(p.b->attr, 0x01000002);
	expect_better(p.a, p.b, WHY_ROUTER_ID);
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
	expect_better(p.a, p.b, WHY_CLUSTER_LEN);
	dest_free(p.d);

	/* no CLUSTER_LIST is shorter than one */
	pair_v4(&p, NO_PARTS, (struct parts){ .cluster = BYTES(BE32(0x0a0000c8)) });
	attr_originator(p.a->attr, 0x0a000063);
	attr_originator(p.b->attr, 0x0a000063);
	expect_better(p.a, p.b, WHY_CLUSTER_LEN);
	dest_free(p.d);
}

/* RFC 4271 §9.1.2.2 g: the lower peer address; IPv4 before IPv6. */
static void test_neighbor_ip(void **state)
{
	(void)state;
	struct pair p;

	pair_v4(&p, WITH_PATH(SEQ1(65001)), WITH_PATH(SEQ1(65001)));
	p.pa.router_id = p.pb.router_id;
	expect_better(p.b, p.a, WHY_NEIGHBOR_IP);
	dest_free(p.d);

	pair_v4(&p, WITH_PATH(SEQ1(65001)), WITH_PATH(SEQ1(65001)));
	p.pa.router_id = p.pb.router_id;
	p.pb.addr_len = 16;
	memcpy(p.pb.addr, (const uint8_t[16]){ [15] = 1 }, 16);
	p.pa.addr[0] = 0xff;
	expect_better(p.a, p.b, WHY_NEIGHBOR_IP);
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
	expect_better(p.a, p.b, WHY_LOCAL_PREF);
	dest_free(p.d);

	/* §9.1.1 before Local Route: a received path with a higher
	 * LOCAL_PREF beats our own */
	struct rib_peer self = peer_local(0x01000000);

	pair_v4(&p, NO_PARTS, NO_PARTS);
	p.b->peer = &self;
	attr_local_pref(p.a->attr, 200);
	expect_better(p.a, p.b, WHY_LOCAL_PREF);
	dest_free(p.d);

	/* Local Route before §9.1.2.2 a: our own longer path wins */
	pair_v4(&p, WITH_PATH(SEQ2(65001, 65002)), NO_PARTS);
	p.a->peer = &self;
	expect_better(p.a, p.b, WHY_LOCAL_ROUTE);
	dest_free(p.d);

	/* a before c: the lower MED on the longer path loses */
	pair_v4(&p, WITH_PATH(SEQ1(65001)), WITH_PATH(SEQ2(65001, 65002)));
	attr_med(p.a->attr, 100);
	attr_med(p.b->attr, 0);
	expect_better(p.a, p.b, WHY_AS_PATH);
	dest_free(p.d);

	/* b before d: an eBGP path with a worse ORIGIN loses */
	pair_v4(&p, WITH_PATH(SEQ1(65001)), WITH_PATH(SEQ1(65001)));
	p.pb.ebgp = true;
	p.b->attr->origin = BGP_ORIGIN_INCOMPLETE;
	expect_better(p.a, p.b, WHY_ORIGIN);
	dest_free(p.d);

	/* c before d: the eBGP path with the higher MED loses */
	pair_v4(&p, WITH_PATH(SEQ1(65001)), WITH_PATH(SEQ1(65001)));
	p.pb.ebgp = true;
	attr_med(p.b->attr, 50);
	attr_med(p.a->attr, 10);
	expect_better(p.a, p.b, WHY_MED);
	dest_free(p.d);

	/* f before RFC 4456's cluster length: the shorter CLUSTER_LIST
	 * with the higher Identifier loses */
	pair_v4(&p, (struct parts){ .cluster = BYTES(BE32(1), BE32(2)) },
		(struct parts){ .cluster = BYTES(BE32(3)) });
	attr_originator(p.a->attr, 0x01000001);
	attr_originator(p.b->attr, 0x01000002);
	expect_better(p.a, p.b, WHY_ROUTER_ID);
	dest_free(p.d);
}

/* ---- rib_decide_best ---- */

static void test_best_none_and_one(void **state)
{
	(void)state;
	struct rib_dest *d = dest_new(BGP_AF_IPV4_UNICAST, 24);
	struct rib_peer peer = peer_v4(1, 1, false, 65000);
	const char *why = WHY_FIRST;

	assert_null(rib_decide_best(d, &why));
	assert_string_equal(why, WHY_NONE);

	struct rib_path *only = path_add(d, &peer, attr_new(NO_PARTS));

	assert_ptr_equal(rib_decide_best(d, &why), only);
	assert_string_equal(why, WHY_FIRST);
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
	const char *why;

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
	assert_string_equal(why, WHY_LOCAL_PREF); /* p[3] lost on it */

	/* without p[3] the last comparison is p[2] over p[1] */
	p[2]->next = NULL;
	assert_ptr_equal(rib_decide_best(d, &why), p[2]);
	assert_string_equal(why, WHY_AS_PATH);
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
	const char *why;

	path_add(d, &worse, attr_new(WITH_PATH(SEQ1(65001))));
	struct rib_path *first = path_add(d, &same, attr_new(WITH_PATH(SEQ1(65001))));
	path_add(d, &same, attr_new(WITH_PATH(SEQ1(65001))));

	assert_ptr_equal(rib_decide_best(d, &why), first);
	assert_string_equal(why, WHY_NONE);
	dest_free(d);
}

/* ---- the family's own rules ---- */

/* A rule of the family's (struct rib_family) runs before RFC 4271's and
 * names itself; a family without rules goes straight to RFC 4271. */
static int odd_router_id_first(const struct rib_path *a, const struct rib_path *b)
{
	return (int)(b->peer->router_id & 1) - (int)(a->peer->router_id & 1);
}

static void test_family_rules_first(void **state)
{
	(void)state;
	static const struct rib_rule rules[] = { { odd_router_id_first, "Odd router ID" } };
	struct rib_family f = { .rules = rules, .n_rules = 1 };
	struct pair p;

	/* B has the lower BGP Identifier (1) and wins Router ID without the
	 * rule; A (2) has the higher LOCAL_PREF and wins that */
	pair_v4(&p, NO_PARTS, NO_PARTS);
	p.pa.router_id = 2;
	p.pb.router_id = 3;
	attr_local_pref(p.a->attr, 200);
	expect_better(p.a, p.b, WHY_LOCAL_PREF);
	rib_family_set(BGP_AF_IPV4_UNICAST, &f);
	expect_better(p.b, p.a, "Odd router ID");
	rib_family_set(BGP_AF_IPV4_UNICAST, &(struct rib_family){ 0 });
	expect_better(p.a, p.b, WHY_LOCAL_PREF);
	dest_free(p.d);
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

int main(void)
{
	const struct CMUnitTest tests[] = {
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
		cmocka_unit_test(test_family_rules_first),
		cmocka_unit_test(test_aspath_len),
	};
	return cmocka_run_group_tests_name("rib_decide", tests, NULL, NULL);
}
