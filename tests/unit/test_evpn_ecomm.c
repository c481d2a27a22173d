/* evpn/ecomm.c: extended communities (RFC 4360) for EVPN: route targets in
 * their three forms, the builders and finders, and the text FRR 8.4 prints
 * (bgpd/bgp_ecommunity.c ecommunity_ecom2str, checked against the format
 * strings in FRR 8.4.4's bgpd), on FRR's own UPDATEs from data/ too. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "tests/unit/vectors.h"

#include "evpn/ecomm.h"
#include "lib/rbuf.h"
#include "wire/msg.h"
#include "wire/update.h"

#define C(...) ((const uint8_t[]){ __VA_ARGS__ })

/* What FRR 8.4 puts on its EVPN routes, in its wire order: ET:8, RT 65000:100 */
#define ET8 0x03, 0x0c, 0, 0, 0, 0, 0, 0x08
#define RT65000_100 0x00, 0x02, 0xfd, 0xe8, 0, 0, 0, 0x64
#define MM5 0x06, 0x00, 0x00, 0x00, 0, 0, 0, 5
#define RMAC 0x06, 0x03, 0x02, 0x00, 0x00, 0xaa, 0xbb, 0xcc
#define ND_R 0x06, 0x08, 0x01, 0, 0, 0, 0, 0
#define DGW 0x03, 0x0d, 0, 0, 0, 0, 0, 0

static void expect_text(const uint8_t c[8], const char *want)
{
	char buf[80];

	assert_string_equal(evpn_ecomm_str(c, buf, sizeof(buf)), want);
}

static void expect_list(const uint8_t *l, size_t len, const char *want)
{
	char buf[256];

	evpn_ecomm_list_str(l, len, buf, sizeof(buf));
	assert_string_equal(buf, want);
}

/* ---- route targets: RFC 4360 §4, RFC 5668 ---- */

static void expect_rt(const char *text, const uint8_t want[8])
{
	uint8_t c[8];
	char buf[32];

	if (evpn_rt_parse(text, c) != 0)
		fail_msg("rejected %s", text);
	assert_memory_equal(c, want, 8);
	assert_true(evpn_ecomm_is_rt(c));
	assert_string_equal(evpn_rt_str(c, buf, sizeof(buf)), text);
}

/* Each form, at the edges of its fields. FRR (and we) pick the 2-octet AS
 * form for every ASN up to 65535, whatever the number. */
static void test_rt_forms(void **state)
{
	(void)state;
	expect_rt("65000:100", C(RT65000_100));
	expect_rt("0:0", C(0x00, 0x02, 0, 0, 0, 0, 0, 0));
	expect_rt("65535:4294967295", C(0x00, 0x02, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff));
	expect_rt("1:65536", C(0x00, 0x02, 0, 1, 0, 1, 0, 0));
	/* RFC 5668: an ASN over 65535 needs the 4-octet form, 2-octet number */
	expect_rt("65536:100", C(0x02, 0x02, 0, 1, 0, 0, 0, 100));
	expect_rt("4200000001:100", C(0x02, 0x02, 0xfa, 0x56, 0xea, 0x01, 0, 100));
	expect_rt("4294967295:65535", C(0x02, 0x02, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff));
	/* IPv4 address specific: 2-octet number */
	expect_rt("10.0.0.1:65535", C(0x01, 0x02, 10, 0, 0, 1, 0xff, 0xff));
	expect_rt("10.255.0.11:2", C(0x01, 0x02, 10, 255, 0, 11, 0, 2));
}

static void test_rt_out_of_range(void **state)
{
	(void)state;
	static const char *const bad[] = {
		"65536:65536",	    /* 4-octet AS leaves 2 octets for the number */
		"4294967296:1",	    /* no 5-octet AS */
		"65535:4294967296", /* nor a 5-octet number */
		"10.0.0.1:65536",   /* IPv4 form: 2 octets */
		"10.0.0.256:1", "1.2.3:4", "", "1", ":1", "1:", "a:1", "1:b", "-1:1", "1:-1",
		"RT:65000:100", "65000:100 ",
	};
	uint8_t c[8] = { 0x55, 0x55, 0x55, 0x55, 0x55, 0x55, 0x55, 0x55 };

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (evpn_rt_parse(bad[i], c) != -1)
			fail_msg("accepted \"%s\"", bad[i]);
}

/* RFC 4360 §4: sub-type 0x02 of the transitive AS/IPv4 types only. */
static void test_is_rt(void **state)
{
	(void)state;
	char buf[32];

	assert_true(evpn_ecomm_is_rt(C(RT65000_100)));
	assert_true(evpn_ecomm_is_rt(C(0x01, 0x02, 10, 0, 0, 1, 0, 5)));
	assert_true(evpn_ecomm_is_rt(C(0x02, 0x02, 0, 1, 0, 0, 0, 1)));
	assert_false(evpn_ecomm_is_rt(C(0x00, 0x03, 0xfd, 0xe8, 0, 0, 0, 1))); /* SoO */
	assert_false(evpn_ecomm_is_rt(C(0x40, 0x02, 0xfd, 0xe8, 0, 0, 0, 1))); /* non-transitive */
	assert_false(evpn_ecomm_is_rt(C(0x03, 0x02, 0, 0, 0, 0, 0, 0)));
	assert_false(evpn_ecomm_is_rt(C(ET8)));
	/* the value of a SoO prints the same way; another type prints nothing */
	assert_string_equal(evpn_rt_str(C(0x00, 0x03, 0xfd, 0xe8, 0, 0, 0, 1), buf, sizeof(buf)),
			    "65000:1");
	assert_string_equal(evpn_rt_str(C(ET8), buf, sizeof(buf)), "");
}

/* ---- builders ---- */

/* RFC 9012 §4.1; RFC 7432 §7.7, §7.8; RFC 9135 §8.1; RFC 9047 §2. */
static void test_builders(void **state)
{
	(void)state;
	uint8_t c[8];

	evpn_ecomm_encap(EVPN_TUNNEL_VXLAN, c);
	assert_memory_equal(c, C(ET8), 8);
	evpn_ecomm_encap(0x1234, c);
	assert_memory_equal(c, C(0x03, 0x0c, 0, 0, 0, 0, 0x12, 0x34), 8);
	evpn_ecomm_mac_mobility(5, false, c);
	assert_memory_equal(c, C(MM5), 8);
	evpn_ecomm_mac_mobility(0xdeadbeef, true, c);
	assert_memory_equal(c, C(0x06, 0x00, 0x01, 0x00, 0xde, 0xad, 0xbe, 0xef), 8);
	memset(c, 0xff, sizeof(c));
	evpn_ecomm_default_gw(c);
	assert_memory_equal(c, C(DGW), 8);
	evpn_ecomm_router_mac(C(0x02, 0x00, 0x00, 0xaa, 0xbb, 0xcc), c);
	assert_memory_equal(c, C(RMAC), 8);
	memset(c, 0xff, sizeof(c));
	evpn_ecomm_nd(EVPN_ND_ROUTER, c);
	assert_memory_equal(c, C(ND_R), 8);
	evpn_ecomm_nd(EVPN_ND_ROUTER | EVPN_ND_OVERRIDE | EVPN_ND_IMMUTABLE, c);
	assert_memory_equal(c, C(0x06, 0x08, 0x0b, 0, 0, 0, 0, 0), 8);
}

/* ---- finders ---- */

static const uint8_t list[] = { RT65000_100, ET8, MM5, RMAC, ND_R, DGW };

static void test_find(void **state)
{
	(void)state;
	assert_ptr_equal(evpn_ecomm_find(list, sizeof(list), 0x00, 0x02), list);
	assert_ptr_equal(evpn_ecomm_find(list, sizeof(list), 0x03, 0x0c), list + 8);
	assert_ptr_equal(evpn_ecomm_find(list, sizeof(list), 0x03, 0x0d), list + 40);
	assert_null(evpn_ecomm_find(list, sizeof(list), 0x06, 0x01));
	/* type and sub-type both count: 0x06 0x00 is there, 0x00 0x00 is not */
	assert_null(evpn_ecomm_find(list, sizeof(list), 0x00, 0x00));
	assert_null(evpn_ecomm_find(list, 0, 0x00, 0x02));
	assert_null(evpn_ecomm_find(NULL, 0, 0x00, 0x02));
	/* the first of two in wire order */
	static const uint8_t two[] = { RT65000_100, MM5, 0x06, 0x00, 0x01, 0x00, 0, 0, 0, 9 };
	uint32_t seq;
	bool sticky;

	assert_ptr_equal(evpn_ecomm_find(two, sizeof(two), 0x06, 0x00), two + 8);
	assert_true(evpn_ecomm_get_mac_mobility(two, sizeof(two), &seq, &sticky));
	assert_int_equal(seq, 5);
	assert_false(sticky);
}

/* RFC 4360 §2 / RFC 7606 §7.14: a length not a multiple of 8 is no list
 * at all, even where the first community is whole. */
static void test_find_bad_length(void **state)
{
	(void)state;
	uint32_t seq;
	uint16_t tt;
	uint8_t flags, mac[6];
	bool sticky;

	for (size_t len = 1; len < sizeof(list); len++) {
		if (len % 8 == 0)
			continue;
		assert_null(evpn_ecomm_find(list, len, 0x00, 0x02));
		assert_false(evpn_ecomm_get_encap(list, len, &tt));
		assert_false(evpn_ecomm_get_mac_mobility(list, len, &seq, &sticky));
		assert_false(evpn_ecomm_get_router_mac(list, len, mac));
		assert_false(evpn_ecomm_get_nd(list, len, &flags));
		assert_false(evpn_ecomm_has_default_gw(list, len));
	}
}

static void test_getters(void **state)
{
	(void)state;
	uint32_t seq = 0;
	uint16_t tt = 0;
	uint8_t flags = 0, mac[6];
	bool sticky = true;

	assert_true(evpn_ecomm_get_encap(list, sizeof(list), &tt));
	assert_int_equal(tt, EVPN_TUNNEL_VXLAN);
	assert_true(evpn_ecomm_get_mac_mobility(list, sizeof(list), &seq, &sticky));
	assert_int_equal(seq, 5);
	assert_false(sticky);
	assert_true(evpn_ecomm_get_router_mac(list, sizeof(list), mac));
	assert_memory_equal(mac, C(0x02, 0x00, 0x00, 0xaa, 0xbb, 0xcc), 6);
	assert_true(evpn_ecomm_get_nd(list, sizeof(list), &flags));
	assert_int_equal(flags, EVPN_ND_ROUTER);
	assert_true(evpn_ecomm_has_default_gw(list, sizeof(list)));
	/* sticky, a 32-bit sequence number */
	assert_true(evpn_ecomm_get_mac_mobility(C(0x06, 0x00, 0x01, 0x00, 0xff, 0xff, 0xff, 0xfe), 8,
						&seq, &sticky));
	assert_int_equal(seq, 0xfffffffe);
	assert_true(sticky);
	/* none of them in a list of route targets only */
	assert_false(evpn_ecomm_get_encap(C(RT65000_100), 8, &tt));
	assert_false(evpn_ecomm_get_mac_mobility(C(RT65000_100), 8, &seq, &sticky));
	assert_false(evpn_ecomm_get_router_mac(C(RT65000_100), 8, mac));
	assert_false(evpn_ecomm_get_nd(C(RT65000_100), 8, &flags));
	assert_false(evpn_ecomm_has_default_gw(C(RT65000_100), 8));
}

/* What the builders write, the finders read back. */
static void test_build_then_find(void **state)
{
	(void)state;
	uint8_t l[40], mac[6], flags;
	uint32_t seq;
	uint16_t tt;
	bool sticky;

	evpn_ecomm_encap(EVPN_TUNNEL_VXLAN, l);
	evpn_ecomm_mac_mobility(77, true, l + 8);
	evpn_ecomm_router_mac(C(1, 2, 3, 4, 5, 6), l + 16);
	evpn_ecomm_nd(EVPN_ND_OVERRIDE, l + 24);
	evpn_ecomm_default_gw(l + 32);
	assert_true(evpn_ecomm_get_encap(l, sizeof(l), &tt) && tt == 8);
	assert_true(evpn_ecomm_get_mac_mobility(l, sizeof(l), &seq, &sticky));
	assert_true(seq == 77 && sticky);
	assert_true(evpn_ecomm_get_router_mac(l, sizeof(l), mac));
	assert_memory_equal(mac, C(1, 2, 3, 4, 5, 6), 6);
	assert_true(evpn_ecomm_get_nd(l, sizeof(l), &flags) && flags == EVPN_ND_OVERRIDE);
	assert_true(evpn_ecomm_has_default_gw(l, sizeof(l)));
}

/* ---- FRR 8.4's text ---- */

static void test_text_rt_soo(void **state)
{
	(void)state;
	expect_text(C(RT65000_100), "RT:65000:100");
	expect_text(C(0x01, 0x02, 10, 0, 0, 1, 0, 5), "RT:10.0.0.1:5");
	expect_text(C(0x02, 0x02, 0xfa, 0x56, 0xea, 0x01, 0, 100), "RT:4200000001:100");
	expect_text(C(0x00, 0x03, 0xfd, 0xe8, 0, 0, 0, 1), "SoO:65000:1");
	expect_text(C(0x01, 0x03, 192, 0, 2, 1, 0x01, 0x00), "SoO:192.0.2.1:256");
	/* FRR's flowspec redirect-to-IP: the address and the last octet */
	expect_text(C(0x01, 0x0c, 10, 0, 0, 1, 0, 7), "NH:10.0.0.1:7");
}

static void test_text_evpn(void **state)
{
	(void)state;
	expect_text(C(ET8), "ET:8");
	expect_text(C(DGW), "Default Gateway");
	expect_text(C(MM5), "MM:5");
	expect_text(C(0x06, 0x00, 0x01, 0x00, 0, 0, 0, 1), "MM:1, sticky MAC");
	expect_text(C(0x06, 0x00, 0x00, 0x00, 0xff, 0xff, 0xff, 0xff), "MM:4294967295");
	expect_text(C(RMAC), "Rmac:02:00:00:aa:bb:cc");
	expect_text(C(ND_R), "ND:Router Flag");
	expect_text(C(0x06, 0x08, 0x05, 0, 0, 0, 0, 0), "ND:Proxy"); /* FRR's 0x04 wins */
	expect_text(C(0x06, 0x08, 0x02, 0, 0, 0, 0, 0), "");	      /* neither: nothing */
	expect_text(C(0x06, 0x02, 0x44, 0x38, 0x39, 0xff, 0xff, 0x01), "ES-Import-Rt:44:38:39:ff:ff:01");
	expect_text(C(0x06, 0x01, 0x00, 0, 0, 0, 0, 0), "ESI-label-Rt:AA");
	expect_text(C(0x06, 0x01, 0x01, 0, 0, 0, 0, 0), "ESI-label-Rt:SA");
	expect_text(C(0x06, 0x06, 0x02, 0, 0, 0, 0x7f, 0xff), "DF: (alg: 2, pref: 32767)");
	expect_text(C(0x06, 0x06, 0x02, 0x40, 0x00, 0, 0, 100), "DF: (alg: 2, bmap: 0x4000 pref: 100)");
}

/* FRR prints what it does not decode as "UNK:type, sub-type", its
 * variables as they stand: the opaque and EVPN types do not set the
 * sub-type, so alone they print 0 there. */
static void test_text_unknown(void **state)
{
	(void)state;
	expect_text(C(0x00, 0x09, 0, 0, 0, 0, 0, 0), "UNK:0, 9");
	expect_text(C(0x02, 0x05, 0, 0, 0, 0, 0, 0), "UNK:2, 5");
	expect_text(C(0x47, 0x05, 0, 0, 0, 0, 0, 0), "UNK:71, 5");
	expect_text(C(0x03, 0x0b, 0, 0, 0, 0, 0, 1), "UNK:3, 0");
	expect_text(C(0x06, 0x04, 0, 0, 0, 0, 0, 0), "UNK:6, 0");
}

/* FRR keeps a path's communities sorted (memcmp order) and unique, so its
 * ET-then-RT wire order shows as "RT:65000:100 ET:8". */
static void test_list_text(void **state)
{
	(void)state;
	expect_list(C(ET8, RT65000_100), 16, "RT:65000:100 ET:8");
	expect_list(C(RT65000_100, ET8), 16, "RT:65000:100 ET:8");
	expect_list(C(ET8, RT65000_100, ET8, RT65000_100), 32, "RT:65000:100 ET:8");
	expect_list(C(RMAC, ET8, 0x00, 0x02, 0xfd, 0xe8, 0, 0, 0x0f, 0xa1, RT65000_100), 32,
		    "RT:65000:100 RT:65000:4001 ET:8 Rmac:02:00:00:aa:bb:cc");
	expect_list(list, sizeof(list), "RT:65000:100 ET:8 Default Gateway MM:5 Rmac:02:00:00:aa:bb:cc "
				       "ND:Router Flag");
	/* an ND community with no flag FRR names still takes its space */
	expect_list(C(ET8, 0x06, 0x08, 0, 0, 0, 0, 0, 0), 16, "ET:8 ");
	expect_list(NULL, 0, "");
	expect_list(list, 12, "");
}

/* The sub-type FRR prints for an unknown opaque/EVPN community is the one
 * the community before it (in sorted order) left behind. */
static void test_list_text_unknown(void **state)
{
	(void)state;
	expect_list(C(0x03, 0x0b, 0, 0, 0, 0, 0, 1, RT65000_100), 16, "RT:65000:100 UNK:3, 2");
	expect_list(C(0x06, 0x04, 0, 0, 0, 0, 0, 0, 0x00, 0x03, 0, 1, 0, 0, 0, 1), 16,
		    "SoO:1:1 UNK:6, 3");
	expect_list(C(0x06, 0x04, 0, 0, 0, 0, 0, 0, 0x03, 0x0b, 0, 0, 0, 0, 0, 0), 16,
		    "UNK:3, 0 UNK:6, 0");
}

/* Cut at the buffer's end, still a string. */
static void test_list_text_short_buffer(void **state)
{
	(void)state;
	char buf[16];

	memset(buf, 'x', sizeof(buf));
	evpn_ecomm_list_str(list, sizeof(list), buf, sizeof(buf));
	assert_string_equal(buf, "RT:65000:100 ET");
	evpn_ecomm_list_str(list, sizeof(list), buf, 13);
	assert_string_equal(buf, "RT:65000:100");
	evpn_ecomm_list_str(list, sizeof(list), buf, 1);
	assert_string_equal(buf, "");
}

/* ---- FRR 8.4's UPDATEs ---- */

static uint8_t vec[BGP_MAX_LEN];

/* The EXT_COMMUNITIES of every EVPN route FRR sent (leaf and reflector):
 * encapsulation VXLAN and RT 65000:100 (ASN:VNI), shown as FRR shows them. */
static void test_frr_vectors(void **state)
{
	(void)state;
	static const char *const names[] = {
		"frr84-update-type2-maconly.bin", "frr84-update-type2-macip.bin",
		"frr84-update-type3-imet.bin", "frr84-rr-update-type2-maconly.bin",
		"frr84-rr-update-type3-imet.bin",
	};
	static const struct bgp_update_ctx ibgp = { .as4 = true, .local_as = 65000,
						    .afs = 1u << BGP_AF_L2VPN_EVPN };

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		size_t n = load_vector(names[i], vec, sizeof(vec));
		struct bgp_update u = { 0 };
		struct bgp_notify err;
		struct rbuf r, body;
		struct bgp_bytes e;
		uint8_t type;
		uint16_t len;
		const uint8_t *rt;
		char buf[64];
		uint16_t tt = 0;
		uint32_t seq;
		bool sticky;

		rb_init(&r, vec, n);
		assert_int_equal(bgp_hdr_parse(&r, BGP_MAX_LEN, &type, &len, &err), 0);
		assert_int_equal(type, BGP_MSG_UPDATE);
		rb_rest(&r, &body);
		assert_int_equal(bgp_update_parse(body.p, rb_left(&body), &ibgp, &u), 0);
		assert_int_equal(u.action, BGP_UPD_OK);
		e = u.attrs.ext_communities;
		assert_int_equal(e.len, 16);
		assert_true(evpn_ecomm_get_encap(e.p, e.len, &tt));
		assert_int_equal(tt, EVPN_TUNNEL_VXLAN);
		rt = evpn_ecomm_find(e.p, e.len, EVPN_ECOMM_AS2, EVPN_ECOMM_SUB_RT);
		assert_non_null(rt);
		assert_true(evpn_ecomm_is_rt(rt));
		assert_string_equal(evpn_rt_str(rt, buf, sizeof(buf)), "65000:100");
		assert_string_equal(evpn_ecomm_str(rt, buf, sizeof(buf)), "RT:65000:100");
		assert_false(evpn_ecomm_get_mac_mobility(e.p, e.len, &seq, &sticky));
		assert_false(evpn_ecomm_has_default_gw(e.p, e.len));
		evpn_ecomm_list_str(e.p, e.len, buf, sizeof(buf));
		assert_string_equal(buf, "RT:65000:100 ET:8");
		bgp_update_free(&u);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rt_forms),
		cmocka_unit_test(test_rt_out_of_range),
		cmocka_unit_test(test_is_rt),
		cmocka_unit_test(test_builders),
		cmocka_unit_test(test_find),
		cmocka_unit_test(test_find_bad_length),
		cmocka_unit_test(test_getters),
		cmocka_unit_test(test_build_then_find),
		cmocka_unit_test(test_text_rt_soo),
		cmocka_unit_test(test_text_evpn),
		cmocka_unit_test(test_text_unknown),
		cmocka_unit_test(test_list_text),
		cmocka_unit_test(test_list_text_unknown),
		cmocka_unit_test(test_list_text_short_buffer),
		cmocka_unit_test(test_frr_vectors),
	};
	return cmocka_run_group_tests_name("evpn_ecomm", tests, NULL, NULL);
}
