/* RFC 7432 §15 in the decision process (evpn/decide.c, the EVPN family's
 * rules run by rib/decide.c before RFC 4271's): sticky MACs, MAC Mobility
 * sequence numbers, the lower VTEP, for type-2 routes only. The fixture
 * is tests/unit/paths.h. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "evpn/evpn.h"
#include "tests/unit/paths.h"

/* ---- RFC 7432 §15: MAC Mobility, type-2 routes only ---- */

/* §15.2: a sticky MAC beats a mobile one, with or without a community. */
static void test_sticky(void **state)
{
	(void)state;
	struct pair p;

	pair_mac(&p, WITH_ECOMM(MM(0x01, 0)), WITH_ECOMM(MM(0x00, 0)));
	expect_better(p.a, p.b, WHY_STICKY);
	dest_free(p.d);

	pair_mac(&p, WITH_ECOMM(MM(0x01, 0)), WITH_PATH(SEQ1(65001)));
	expect_better(p.a, p.b, WHY_STICKY);
	dest_free(p.d);
}

/* §15.2 before §15.1: sticky wins even against a higher sequence number. */
static void test_sticky_beats_higher_seq(void **state)
{
	(void)state;
	struct pair p;

	pair_mac(&p, WITH_ECOMM(MM(0x01, 1)), WITH_ECOMM(MM(0x00, 1000)));
	expect_better(p.a, p.b, WHY_STICKY);
	dest_free(p.d);
}

/* §15.1: the higher sequence number wins; no community is sequence 0;
 * sticky paths compare sequence numbers among themselves. */
static void test_seq(void **state)
{
	(void)state;
	struct pair p;

	pair_mac(&p, WITH_ECOMM(MM(0x00, 5)), WITH_ECOMM(MM(0x00, 3)));
	expect_better(p.a, p.b, WHY_SEQ);
	dest_free(p.d);

	pair_mac(&p, WITH_ECOMM(MM(0x00, 1)), WITH_PATH(SEQ1(65001)));
	expect_better(p.a, p.b, WHY_SEQ);
	dest_free(p.d);

	pair_mac(&p, WITH_ECOMM(MM(0x01, 0x80000000u)), WITH_ECOMM(MM(0x01, 2)));
	expect_better(p.a, p.b, WHY_SEQ);
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
	expect_better(p.a, p.b, WHY_LOWER_IP);
	dest_free(p.d);

	pair_mac(&p, NO_PARTS, NO_PARTS);
	attr_nh(p.a->attr, (const uint8_t[]){ 255, 255, 255, 255 }, 4);
	attr_nh(p.b->attr, (const uint8_t[16]){ 0 }, 16);
	expect_better(p.a, p.b, WHY_LOWER_IP);
	dest_free(p.d);
}

/* §15.1: the lower-IP rule needs two different next hops; with the same
 * VTEP the ordinary rules decide (here RFC 4271 §9.1.1). */
static void test_lower_ip_same_next_hop(void **state)
{
	(void)state;
	struct pair p;
	const char *why;

	pair_mac(&p, WITH_ECOMM(MM(0x00, 7)), WITH_ECOMM(MM(0x00, 7)));
	attr_local_pref(p.b->attr, 200);
	expect_better(p.b, p.a, WHY_LOCAL_PREF);
	dest_free(p.d);

	/* nothing differs before the BGP Identifier */
	pair_mac(&p, NO_PARTS, NO_PARTS);
	assert_true(rib_decide_cmp(p.b, p.a, &why) < 0);
	assert_string_equal(why, WHY_ROUTER_ID);
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
		expect_better(p.b, p.a, WHY_LOCAL_PREF);
		dest_free(p.d);

		/* A has the higher sequence and the lower next hop; B wins
		 * on the BGP Identifier */
		pair_init(&p, where[i].af, where[i].key0, WITH_ECOMM(MM(0x00, 9)),
			  WITH_ECOMM(MM(0x00, 1)));
		attr_nh(p.b->attr, (const uint8_t[]){ 10, 0, 0, 9 }, 4);
		expect_better(p.b, p.a, WHY_ROUTER_ID);
		dest_free(p.d);
	}
}

/* The order holds: RFC 7432 §15 comes before RFC 4271. */
static void test_order(void **state)
{
	(void)state;
	struct pair p;
	struct rib_peer self = peer_local(0x01000000);

	/* RFC 7432 §15.1 before §9.1.1: the higher sequence number wins
	 * over a higher LOCAL_PREF */
	pair_mac(&p, WITH_ECOMM(MM(0x00, 2)), WITH_ECOMM(MM(0x00, 1)));
	attr_local_pref(p.b->attr, 1000);
	expect_better(p.a, p.b, WHY_SEQ);
	dest_free(p.d);

	/* §15.1 lower IP before Local Route */
	pair_mac(&p, NO_PARTS, NO_PARTS);
	p.b->peer = &self;
	attr_nh(p.b->attr, (const uint8_t[]){ 10, 0, 0, 2 }, 4);
	expect_better(p.a, p.b, WHY_LOWER_IP);
	dest_free(p.d);
}

/* EVPN type 2: three VTEPs announce one MAC; the highest sequence
 * number wins (RFC 7432 §15.1), a sticky one beats them all (§15.2). */
static void test_best_mac_mobility(void **state)
{
	(void)state;
	struct rib_dest *d = dest_new(BGP_AF_L2VPN_EVPN, 2);
	struct rib_peer peer[3] = { peer_v4(1, 1, false, 65000), peer_v4(2, 2, false, 65000),
				    peer_v4(3, 3, false, 65000) };
	const char *why;

	path_add(d, &peer[0], attr_new(WITH_ECOMM(MM(0x00, 1))));
	struct rib_path *moved = path_add(d, &peer[1], attr_new(WITH_ECOMM(MM(0x00, 3))));
	path_add(d, &peer[2], attr_new(WITH_ECOMM(MM(0x00, 2))));

	assert_ptr_equal(rib_decide_best(d, &why), moved);
	assert_string_equal(why, WHY_SEQ);

	struct rib_path *stuck = path_add(d, &peer[2], attr_new(WITH_ECOMM(MM(0x01, 0))));

	assert_ptr_equal(rib_decide_best(d, &why), stuck);
	assert_string_equal(why, WHY_STICKY);
	dest_free(d);
}

static void check_mm(struct parts parts, bool found, uint32_t seq, bool sticky)
{
	struct rib_attr *a = attr_new(parts);
	uint32_t s = 0xdeadbeef;
	bool st = !sticky;

	assert_int_equal(evpn_mac_mobility(a, &s, &st), found);
	assert_int_equal(s, seq);
	assert_int_equal(st, sticky);
	assert_int_equal(evpn_mac_mobility(a, NULL, NULL), found);
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
	assert_false(evpn_mac_mobility(NULL, NULL, NULL));
}

static int setup(void **state)
{
	(void)state;
	evpn_init();	/* registers the EVPN family and its rules */
	return 0;
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
		cmocka_unit_test(test_order),
		cmocka_unit_test(test_best_mac_mobility),
		cmocka_unit_test(test_mac_mobility),
	};
	return cmocka_run_group_tests_name("evpn_decide", tests, setup, NULL);
}
