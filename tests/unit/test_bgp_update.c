/* wire/update.c, attr.c, nlri.c: the UPDATE codec. One test per RFC 7606
 * case (the name and comment cite the section), the RFC 6793 AS4 merge,
 * round trips both ways, End-of-RIB, and the UPDATEs FRR 8.4 sent in
 * shared/vectors/ (copied to tests/unit/data/: the two .bin files as they
 * were, the rest cut from frr84-evpn-fabric.pcap: the leaf's MAC+IP type-2
 * and its EVPN End-of-RIB, the spine's reflected type-2 and type-3). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "tests/unit/vectors.h"

#include "wire/attr.h"
#include "wire/msg.h"
#include "wire/nlri.h"
#include "wire/update.h"

#define V4 (1u << BGP_AF_IPV4_UNICAST)
#define V6 (1u << BGP_AF_IPV6_UNICAST)
#define EVPN (1u << BGP_AF_L2VPN_EVPN)
#define BIT(t) BGP_ATTR_BIT(BGP_ATTR_##t)

static const struct bgp_update_ctx ibgp4 = { .as4 = true, .local_as = 65000, .afs = V4 | V6 | EVPN };
static const struct bgp_update_ctx ebgp4 = { .as4 = true, .ebgp = true, .local_as = 65000,
					     .afs = V4 | V6 | EVPN };
static const struct bgp_update_ctx ibgp2 = { .local_as = 65000, .afs = V4 | V6 | EVPN };
static const struct bgp_update_ctx ebgp2 = { .ebgp = true, .local_as = 65000, .afs = V4 | V6 | EVPN };

/* Bytes as (pointer, length) arguments. */
#define A(...) (const uint8_t[]){ __VA_ARGS__ }, sizeof((const uint8_t[]){ __VA_ARGS__ })
#define NONE NULL, 0

#define ORIGIN_IGP 0x40, 0x01, 0x01, 0x00
#define ASPATH_EMPTY 0x40, 0x02, 0x00
#define NEXTHOP 0x40, 0x03, 0x04, 10, 0, 0, 1
#define BASE ORIGIN_IGP, ASPATH_EMPTY, NEXTHOP
/* BASE as we write it: AS_PATH always with Extended Length, as FRR does */
#define BASE_OUT ORIGIN_IGP, 0x50, 0x02, 0x00, 0x00, NEXTHOP
#define NLRI_24 24, 10, 1, 2 /* 10.1.2.0/24 */
#define AS_TRANS_2 0x5b, 0xa0
#define AS_4200000001 0xfa, 0x56, 0xea, 0x01
#define AS_4200000002 0xfa, 0x56, 0xea, 0x02

static uint8_t msg[BGP_EXT_MAX_LEN];
static struct bgp_update upd_u;

/* Parses a body: withdrawn field wd, attribute field at, NLRI nl. The
 * views stay valid until the next call. */
static struct bgp_update *upd3(const struct bgp_update_ctx *ctx, const uint8_t *wd, size_t wl,
			       const uint8_t *at, size_t al, const uint8_t *nl, size_t nll)
{
	struct wbuf w;

	bgp_update_free(&upd_u);
	wb_init(&w, sizeof(msg));
	wb_u16(&w, (uint16_t)wl);
	wb_bytes(&w, wd, wl);
	wb_u16(&w, (uint16_t)al);
	wb_bytes(&w, at, al);
	wb_bytes(&w, nl, nll);
	assert_true(wb_ok(&w));
	memcpy(msg, w.p, w.len);
	assert_int_equal(bgp_update_parse(msg, w.len, ctx, &upd_u), 0);
	wb_free(&w);
	return &upd_u;
}

static struct bgp_update *upd(const struct bgp_update_ctx *ctx, const uint8_t *at, size_t al,
			      const uint8_t *nl, size_t nll)
{
	return upd3(ctx, NONE, at, al, nl, nll);
}

static struct bgp_update *raw(const struct bgp_update_ctx *ctx, const uint8_t *b, size_t n)
{
	bgp_update_free(&upd_u);
	memcpy(msg, b, n);
	assert_int_equal(bgp_update_parse(msg, n, ctx, &upd_u), 0);
	return &upd_u;
}

static int teardown(void **state)
{
	(void)state;
	bgp_update_free(&upd_u);
	return 0;
}

static void expect_action(const struct bgp_update *u, enum bgp_upd_action a)
{
	if (u->action != a)
		fail_msg("action %d, want %d (why: %s)", u->action, a, u->why);
}

static void expect_ok(const struct bgp_update *u, unsigned discarded)
{
	expect_action(u, BGP_UPD_OK);
	assert_int_equal(u->discarded, discarded);
}

static void expect_reset(const struct bgp_update *u, uint8_t subcode)
{
	expect_action(u, BGP_UPD_SESSION_RESET);
	assert_int_equal(u->notify.code, BGP_ERR_UPDATE);
	assert_int_equal(u->notify.subcode, subcode);
}

static void expect_why(const struct bgp_update *u, const char *part)
{
	if (!strstr(u->why, part))
		fail_msg("why \"%s\" lacks \"%s\"", u->why, part);
}

static void expect_bytes(struct bgp_bytes b, const uint8_t *want, size_t n)
{
	assert_int_equal(b.len, n);
	if (n)
		assert_memory_equal(b.p, want, n);
}

static void expect_path(const struct bgp_attrs *a, const uint8_t *want, size_t n)
{
	expect_bytes((struct bgp_bytes){ a->aspath, a->aspath_len }, want, n);
}

/* ---- RFC 7606 §3 b, §4, §5.3: the message's own fields ---- */

/* §3 b: a Withdrawn Routes Length past the message resets the session with
 * Malformed Attribute List. */
static void test_rfc7606_3b_withdrawn_length(void **state)
{
	(void)state;
	expect_reset(raw(&ibgp4, A(0x00, 0x05, 24, 10, 1, 0, 0)), BGP_UPD_MALFORMED_ATTRS);
	expect_reset(raw(&ibgp4, A(0x00)), BGP_UPD_MALFORMED_ATTRS);
}

/* §3 b: the same for a Total Path Attribute Length past the message. */
static void test_rfc7606_3b_attribute_length(void **state)
{
	(void)state;
	expect_reset(raw(&ibgp4, A(0x00, 0x00, 0x00, 0x08, ORIGIN_IGP)), BGP_UPD_MALFORMED_ATTRS);
	expect_reset(raw(&ibgp4, A(0x00, 0x00, 0x00)), BGP_UPD_MALFORMED_ATTRS);
}

/* §4: an attribute whose length runs past the attribute field is
 * treat-as-withdraw; the NLRI are still found (by the total length) and
 * handed back so the caller can withdraw them. */
static void test_rfc7606_4_attribute_overrun(void **state)
{
	(void)state;
	struct bgp_update *u = upd(&ibgp4, A(BASE, 0x40, 0x05, 0x10, 0, 0), A(NLRI_24));

	expect_action(u, BGP_UPD_TREAT_AS_WITHDRAW);
	expect_bytes(u->nlri, A(NLRI_24));
	expect_why(u, "RFC 7606 §4");
	/* fewer than three octets left for an attribute header */
	u = upd(&ibgp4, A(BASE, 0x40), A(NLRI_24));
	expect_action(u, BGP_UPD_TREAT_AS_WITHDRAW);
	/* extended length with one length octet left */
	u = upd(&ibgp4, A(BASE, 0x50, 0x05, 0x00), A(NLRI_24));
	expect_action(u, BGP_UPD_TREAT_AS_WITHDRAW);
}

/* §4 with §3 j: an MP_REACH_NLRI cut short hides its NLRI, so nothing can
 * be withdrawn: session reset. */
static void test_rfc7606_4_mp_overrun_resets(void **state)
{
	(void)state;
	struct bgp_update *u = upd(&ibgp4, A(0x80, 0x0e, 0x20, 0x00, 0x19, 0x46, 0x04), NONE);

	expect_reset(u, BGP_UPD_MALFORMED_ATTRS);
}

/* §5.3 (and §3 i for the Withdrawn Routes): an NLRI field that does not
 * parse resets the session with Invalid Network Field. */
static void test_rfc7606_5_3_nlri_field(void **state)
{
	(void)state;
	expect_reset(upd(&ibgp4, A(BASE), A(33, 10, 0, 0, 0, 0)), BGP_UPD_BAD_NETWORK);
	expect_reset(upd(&ibgp4, A(BASE), A(24, 10, 1)), BGP_UPD_BAD_NETWORK);
	expect_reset(upd3(&ibgp4, A(32, 10, 0, 0), NONE, NONE), BGP_UPD_BAD_NETWORK);
	/* in MP_REACH: an EVPN route whose length runs past the field */
	expect_reset(upd(&ibgp4, A(BASE, 0x80, 0x0e, 0x0b, 0x00, 0x19, 0x46, 0x04, 10, 0, 0, 1, 0,
				   0x02, 0x21), NONE),
		     BGP_UPD_OPT_ATTR);
	/* in MP_UNREACH: an IPv6 prefix longer than 128 */
	expect_reset(upd(&ibgp4, A(0x80, 0x0f, 0x04, 0x00, 0x02, 0x01, 129), NONE), BGP_UPD_OPT_ATTR);
}

/* ---- RFC 7606 §3: the attribute list ---- */

/* §3 c: ORIGIN sent as optional conflicts with its type: treat-as-withdraw. */
static void test_rfc7606_3c_flags_conflict(void **state)
{
	(void)state;
	struct bgp_update *u = upd(&ibgp4, A(0xc0, 0x01, 0x01, 0x00, ASPATH_EMPTY, NEXTHOP), A(NLRI_24));

	expect_action(u, BGP_UPD_TREAT_AS_WITHDRAW);
	assert_false(u->attrs.present & BIT(ORIGIN));
	expect_why(u, "§3 c");
	/* MED as transitive: the same */
	u = upd(&ibgp4, A(BASE, 0xc0, 0x04, 0x04, 0, 0, 0, 1), A(NLRI_24));
	expect_action(u, BGP_UPD_TREAT_AS_WITHDRAW);
	/* AGGREGATOR as well-known: its own action, attribute discard */
	u = upd(&ibgp4, A(BASE, 0x40, 0x07, 0x08, 0, 0, 0xfd, 0xe9, 1, 2, 3, 4), A(NLRI_24));
	expect_ok(u, 1);
	/* MP_REACH_NLRI as transitive: §7.11's session reset */
	u = upd(&ibgp4, A(BASE, 0xc0, 0x0e, 0x09, 0x00, 0x01, 0x01, 0x04, 10, 0, 0, 1, 0), NONE);
	expect_reset(u, BGP_UPD_ATTR_FLAGS);
	/* Partial and Extended Length are not in conflict */
	u = upd(&ibgp4, A(0x50, 0x01, 0x00, 0x01, 0x02, ASPATH_EMPTY, NEXTHOP), A(NLRI_24));
	expect_ok(u, 0);
	assert_int_equal(u->attrs.origin, BGP_ORIGIN_INCOMPLETE);
}

/* §3 g: MP_REACH_NLRI twice resets with Malformed Attribute List, and so
 * does MP_UNREACH_NLRI twice. */
static void test_rfc7606_3g_mp_twice(void **state)
{
	(void)state;
#define UNREACH_EVPN 0x80, 0x0f, 0x03, 0x00, 0x19, 0x46
#define REACH_V6 0x80, 0x0e, 0x1a, 0x00, 0x02, 0x01, 0x10, 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, \
		 0, 0, 0, 0, 0, 0, 0, 1, 0x00, 32, 0x20, 0x01, 0x0d, 0xb8
	expect_reset(upd(&ibgp4, A(UNREACH_EVPN, UNREACH_EVPN), NONE), BGP_UPD_MALFORMED_ATTRS);
	expect_reset(upd(&ibgp4, A(REACH_V6, ORIGIN_IGP, ASPATH_EMPTY, REACH_V6), NONE),
		     BGP_UPD_MALFORMED_ATTRS);
}

/* §3 g: any other attribute twice: the first is kept, the rest discarded,
 * the UPDATE goes on. */
static void test_rfc7606_3g_other_twice(void **state)
{
	(void)state;
	struct bgp_update *u = upd(&ibgp4, A(BASE, 0x80, 0x04, 0x04, 0, 0, 0, 5,
					     0x80, 0x04, 0x04, 0, 0, 0, 7,
					     0x40, 0x01, 0x01, 0x02), A(NLRI_24));

	expect_ok(u, 2);
	assert_int_equal(u->attrs.med, 5);
	assert_int_equal(u->attrs.origin, BGP_ORIGIN_IGP);
	expect_why(u, "§3 g");
	/* an unknown one twice too */
	u = upd(&ibgp4, A(BASE, 0xc0, 0x63, 0x01, 0xaa, 0xc0, 0x63, 0x01, 0xbb), A(NLRI_24));
	expect_ok(u, 1);
	assert_int_equal(u->attrs.n_unknown, 1);
	expect_bytes(u->attrs.unknown[0].val, A(0xaa));
}

/* §3 d: a missing well-known mandatory attribute with reachable NLRI is
 * treat-as-withdraw. */
static void test_rfc7606_3d_missing_mandatory(void **state)
{
	(void)state;
	struct bgp_update *u = upd(&ibgp4, A(ASPATH_EMPTY, NEXTHOP), A(NLRI_24));

	expect_action(u, BGP_UPD_TREAT_AS_WITHDRAW);
	expect_why(u, "ORIGIN missing");
	u = upd(&ibgp4, A(ORIGIN_IGP, NEXTHOP), A(NLRI_24));
	expect_action(u, BGP_UPD_TREAT_AS_WITHDRAW);
	expect_why(u, "AS_PATH missing");
	u = upd(&ibgp4, A(ORIGIN_IGP, ASPATH_EMPTY), A(NLRI_24));
	expect_action(u, BGP_UPD_TREAT_AS_WITHDRAW);
	expect_why(u, "NEXT_HOP missing");
	/* MP_REACH alone needs ORIGIN and AS_PATH (RFC 4760 §3)... */
	u = upd(&ibgp4, A(REACH_V6, ORIGIN_IGP), NONE);
	expect_action(u, BGP_UPD_TREAT_AS_WITHDRAW);
	expect_why(u, "AS_PATH missing");
	/* ...but not NEXT_HOP, which RFC 4760 makes discretionary */
	u = upd(&ibgp4, A(REACH_V6, ORIGIN_IGP, ASPATH_EMPTY), NONE);
	expect_ok(u, 0);
	/* nothing reachable, nothing mandatory */
	u = upd3(&ibgp4, A(NLRI_24), A(0x80, 0x04, 0x04, 0, 0, 0, 1), NONE);
	expect_ok(u, 0);
}

/* LOCAL_PREF is not well-known mandatory (RFC 4271 §5 "see Section 5.1.5",
 * RFC 7606 §7.5 says nothing of a missing one): an iBGP UPDATE without it
 * is taken, with the default preference left to the decision process. */
static void test_rfc7606_3d_local_pref_not_mandatory(void **state)
{
	(void)state;
	struct bgp_update *u = upd(&ibgp4, A(BASE), A(NLRI_24));

	expect_ok(u, 0);
	assert_false(u->attrs.present & BIT(LOCAL_PREF));
}

/* §3 h: with several errors the strongest approach wins. */
static void test_rfc7606_3h_strongest(void **state)
{
	(void)state;
	struct bgp_update *u = upd(&ibgp4, A(BASE, 0x40, 0x06, 0x01, 0x00, 0x80, 0x04, 0x02, 0, 0),
				   A(NLRI_24));

	expect_action(u, BGP_UPD_TREAT_AS_WITHDRAW);
	assert_int_equal(u->discarded, 1);
	u = upd(&ibgp4, A(0x40, 0x01, 0x01, 0x09, UNREACH_EVPN, UNREACH_EVPN), A(NLRI_24));
	expect_reset(u, BGP_UPD_MALFORMED_ATTRS);
}

/* §5.2: an error other than attribute discard in an UPDATE that carries
 * attributes but no reachable NLRI resets the session; a discard does not. */
static void test_rfc7606_5_2_no_reachable_nlri(void **state)
{
	(void)state;
	struct bgp_update *u = upd3(&ibgp4, A(NLRI_24), A(0x40, 0x01, 0x01, 0x05), NONE);

	expect_reset(u, BGP_UPD_BAD_ORIGIN);
	expect_bytes((struct bgp_bytes){ u->notify.data, u->notify.data_len }, A(0x40, 0x01, 0x01, 0x05));
	expect_why(u, "§5.2");
	u = upd(&ibgp4, A(UNREACH_EVPN, 0x80, 0x04, 0x01, 0x00), NONE);
	expect_reset(u, BGP_UPD_ATTR_LEN);
	u = upd3(&ibgp4, A(NLRI_24), A(0x40, 0x06, 0x01, 0x00), NONE);
	expect_ok(u, 1);
	expect_bytes(u->withdrawn, A(NLRI_24));
}

/* ---- RFC 7606 §7: attribute by attribute ---- */

/* §7.1: ORIGIN of length other than 1, or an undefined value. */
static void test_rfc7606_7_1_origin(void **state)
{
	(void)state;
	struct bgp_update *u = upd(&ibgp4, A(0x40, 0x01, 0x02, 0, 0, ASPATH_EMPTY, NEXTHOP), A(NLRI_24));

	expect_action(u, BGP_UPD_TREAT_AS_WITHDRAW);
	u = upd(&ibgp4, A(0x40, 0x01, 0x01, 0x03, ASPATH_EMPTY, NEXTHOP), A(NLRI_24));
	expect_action(u, BGP_UPD_TREAT_AS_WITHDRAW);
	expect_why(u, "ORIGIN: undefined value 3");
	u = upd(&ibgp4, A(0x40, 0x01, 0x00, ASPATH_EMPTY, NEXTHOP), A(NLRI_24));
	expect_action(u, BGP_UPD_TREAT_AS_WITHDRAW); /* §4: zero length */
}

static void expect_bad_path(const struct bgp_update_ctx *ctx, const uint8_t *path, size_t n,
			    const char *why)
{
	uint8_t at[64] = { ORIGIN_IGP, NEXTHOP, 0x40, 0x02, (uint8_t)n };
	struct bgp_update *u;

	memcpy(at + 14, path, n);
	u = upd(ctx, at, 14 + n, A(NLRI_24));
	expect_action(u, BGP_UPD_TREAT_AS_WITHDRAW);
	assert_null(u->attrs.aspath);
	expect_why(u, why);
}

/* §7.2: a segment overrun, a lone octet after the last segment, an
 * unknown segment type, a zero segment length; RFC 7607 §2: AS 0; RFC 5065
 * §5: confederation segments from outside the confederation. All
 * treat-as-withdraw. */
static void test_rfc7606_7_2_as_path(void **state)
{
	(void)state;
	expect_bad_path(&ibgp4, A(0x02, 0x02, 0, 0, 0xfd, 0xe9), "overruns");
	expect_bad_path(&ibgp4, A(0x02, 0x01, 0, 0, 0xfd, 0xe9, 0x02), "single octet");
	expect_bad_path(&ibgp4, A(0x05, 0x01, 0, 0, 0xfd, 0xe9), "segment type");
	expect_bad_path(&ibgp4, A(0x02, 0x00), "empty segment");
	expect_bad_path(&ibgp2, A(0x02, 0x02, 0xfd, 0xe9, 0, 0), "AS 0");
	expect_bad_path(&ebgp4, A(0x03, 0x01, 0, 0, 0xfd, 0xe9, 0x02, 0x01, 0, 0, 0xfd, 0xea),
			"confederation");
	/* the same confederation path from an internal peer is fine */
	struct bgp_update *u = upd(&ibgp4, A(ORIGIN_IGP, NEXTHOP, 0x40, 0x02, 0x0c, 0x03, 0x01, 0, 0,
					     0xfd, 0xe9, 0x02, 0x01, 0, 0, 0xfd, 0xea), A(NLRI_24));
	expect_ok(u, 0);
	expect_path(&u->attrs, A(0x03, 0x01, 0, 0, 0xfd, 0xe9, 0x02, 0x01, 0, 0, 0xfd, 0xea));
}

/* ---- RFC 4271 §6.3, RFC 7606 §7.2: the leftmost AS from an external peer ---- */

static const struct bgp_update_ctx ebgp4_65001 = { .as4 = true, .ebgp = true, .local_as = 65000,
						   .peer_as = 65001, .afs = V4 | V6 | EVPN };
static const struct bgp_update_ctx ebgp2_4200000001 = { .ebgp = true, .local_as = 65000,
							.peer_as = 4200000001u,
							.afs = V4 | V6 | EVPN };

/* ORIGIN, NEXT_HOP and a 4-octet AS_PATH of one segment. */
#define PATH4(type, n, ...) ORIGIN_IGP, NEXTHOP, 0x40, 0x02, 2 + 4 * (n), type, n, __VA_ARGS__

/* The peer's AS leads: accepted. */
static void test_rfc4271_6_3_first_as_ok(void **state)
{
	(void)state;
	struct bgp_update *u = upd(&ebgp4_65001, A(PATH4(0x02, 2, 0, 0, 0xfd, 0xe9, 0, 0, 0xfd, 0xea)),
				   A(NLRI_24));

	expect_ok(u, 0);
	expect_path(&u->attrs, A(0x02, 0x02, 0, 0, 0xfd, 0xe9, 0, 0, 0xfd, 0xea));
}

/* Another AS leads, or an AS_SET does: treat-as-withdraw, not a reset
 * (RFC 7606 §7.2), the NLRI handed back to be withdrawn. */
static void test_rfc4271_6_3_first_as_other(void **state)
{
	(void)state;
	struct bgp_update *u = upd(&ebgp4_65001, A(PATH4(0x02, 2, 0, 0, 0xfd, 0xea, 0, 0, 0xfd, 0xe9)),
				   A(NLRI_24));

	expect_action(u, BGP_UPD_TREAT_AS_WITHDRAW);
	expect_bytes(u->nlri, A(NLRI_24));
	expect_why(u, "leftmost AS 65002: the peer's AS 65001 must lead (RFC 4271 §6.3");
	u = upd(&ebgp4_65001, A(PATH4(0x01, 1, 0, 0, 0xfd, 0xe9)), A(NLRI_24));
	expect_action(u, BGP_UPD_TREAT_AS_WITHDRAW);
	expect_why(u, "AS_SET");
	/* in MP_REACH_NLRI too */
	u = upd(&ebgp4_65001, A(PATH4(0x02, 1, 0, 0, 0xfd, 0xea), 0x80, 0x0e, 0x0d, 0x00, 0x01, 0x01,
				0x04, 10, 0, 0, 1, 0, NLRI_24), NONE);
	expect_action(u, BGP_UPD_TREAT_AS_WITHDRAW);
	expect_bytes(u->reach.nlri, A(NLRI_24));
}

/* An empty AS_PATH from an external peer has no leftmost AS to match:
 * treat-as-withdraw when it comes with routes; with none (withdrawals
 * only) there is nothing to check, and §5.2 must not make it a reset. */
static void test_rfc4271_6_3_first_as_empty(void **state)
{
	(void)state;
	struct bgp_update *u = upd(&ebgp4_65001, A(BASE), A(NLRI_24));

	expect_action(u, BGP_UPD_TREAT_AS_WITHDRAW);
	expect_why(u, "AS_PATH empty");
	u = upd3(&ebgp4_65001, A(NLRI_24), A(BASE), NONE);
	expect_ok(u, 0);
	expect_bytes(u->withdrawn, A(NLRI_24));
}

/* peer_as 0 (iBGP, as recv.c sets it) checks nothing. */
static void test_rfc4271_6_3_first_as_ibgp(void **state)
{
	(void)state;
	expect_ok(upd(&ibgp4, A(BASE), A(NLRI_24)), 0);
	expect_ok(upd(&ibgp4, A(PATH4(0x02, 1, 0, 0, 0xfd, 0xea)), A(NLRI_24)), 0);
	expect_ok(upd(&ebgp4, A(PATH4(0x02, 1, 0, 0, 0xfd, 0xea)), A(NLRI_24)), 0);
}

/* On a 2-octet session the check runs after the RFC 6793 merge: a 4-octet
 * peer AS leads AS4_PATH, not AS_PATH (AS_TRANS there). */
static void test_rfc4271_6_3_first_as_after_merge(void **state)
{
	(void)state;
	struct bgp_update *u = upd(&ebgp2_4200000001,
				   A(ORIGIN_IGP, NEXTHOP, 0x40, 0x02, 0x04, 0x02, 0x01, AS_TRANS_2,
				     0xc0, 0x11, 0x06, 0x02, 0x01, AS_4200000001), A(NLRI_24));

	expect_ok(u, 0);
	expect_path(&u->attrs, A(0x02, 0x01, AS_4200000001));
	/* without AS4_PATH, AS_TRANS leads */
	u = upd(&ebgp2_4200000001, A(ORIGIN_IGP, NEXTHOP, 0x40, 0x02, 0x04, 0x02, 0x01, AS_TRANS_2),
		A(NLRI_24));
	expect_action(u, BGP_UPD_TREAT_AS_WITHDRAW);
	expect_why(u, "leftmost AS 23456");
}

/* §7.3: NEXT_HOP of length other than 4. */
static void test_rfc7606_7_3_next_hop(void **state)
{
	(void)state;
	struct bgp_update *u = upd(&ibgp4, A(ORIGIN_IGP, ASPATH_EMPTY, 0x40, 0x03, 0x05, 10, 0, 0, 1, 0),
				   A(NLRI_24));

	expect_action(u, BGP_UPD_TREAT_AS_WITHDRAW);
	expect_why(u, "NEXT_HOP: length 5");
}

/* §7.4 and §7.5: MED and LOCAL_PREF of length other than 4. */
static void test_rfc7606_7_4_7_5_med_local_pref(void **state)
{
	(void)state;
	expect_action(upd(&ibgp4, A(BASE, 0x80, 0x04, 0x03, 0, 0, 1), A(NLRI_24)),
		      BGP_UPD_TREAT_AS_WITHDRAW);
	expect_action(upd(&ibgp4, A(BASE, 0x40, 0x05, 0x08, 0, 0, 0, 1, 0, 0, 0, 1), A(NLRI_24)),
		      BGP_UPD_TREAT_AS_WITHDRAW);
}

/* §7.5: LOCAL_PREF from an external peer is discarded, unchecked. */
static void test_rfc7606_7_5_local_pref_ebgp(void **state)
{
	(void)state;
	struct bgp_update *u = upd(&ebgp4, A(BASE, 0x40, 0x05, 0x02, 0, 1), A(NLRI_24));

	expect_ok(u, 1);
	assert_false(u->attrs.present & BIT(LOCAL_PREF));
	expect_why(u, "LOCAL_PREF");
}

/* §7.6: ATOMIC_AGGREGATE with a length other than 0 is discarded. */
static void test_rfc7606_7_6_atomic_aggregate(void **state)
{
	(void)state;
	struct bgp_update *u = upd(&ibgp4, A(BASE, 0x40, 0x06, 0x01, 0x00), A(NLRI_24));

	expect_ok(u, 1);
	assert_false(u->attrs.present & BIT(ATOMIC_AGGREGATE));
	u = upd(&ibgp4, A(BASE, 0x40, 0x06, 0x00), A(NLRI_24));
	expect_ok(u, 0);
	assert_true(u->attrs.present & BIT(ATOMIC_AGGREGATE));
}

/* §7.7: AGGREGATOR of 6 octets on a 2-octet session, 8 on a 4-octet one;
 * anything else is discarded. So is one with AS 0 (RFC 7607 §2). */
static void test_rfc7606_7_7_aggregator(void **state)
{
	(void)state;
	struct bgp_update *u = upd(&ibgp4, A(BASE, 0xc0, 0x07, 0x06, 0xfd, 0xe9, 1, 2, 3, 4), A(NLRI_24));

	expect_ok(u, 1);
	assert_false(u->attrs.present & BIT(AGGREGATOR));
	u = upd(&ibgp2, A(BASE, 0xc0, 0x07, 0x08, 0, 0, 0xfd, 0xe9, 1, 2, 3, 4), A(NLRI_24));
	expect_ok(u, 1);
	u = upd(&ibgp4, A(BASE, 0xc0, 0x07, 0x08, 0, 0, 0, 0, 1, 2, 3, 4), A(NLRI_24));
	expect_ok(u, 1);
	expect_why(u, "RFC 7607");
	u = upd(&ibgp2, A(BASE, 0xc0, 0x07, 0x06, 0xfd, 0xe9, 1, 2, 3, 4), A(NLRI_24));
	expect_ok(u, 0);
	assert_int_equal(u->attrs.aggr_as, 65001);
	assert_int_equal(u->attrs.aggr_id, 0x01020304);
}

/* §7.8, §7.14, RFC 8092 §6, §7.10: COMMUNITIES, EXTENDED_COMMUNITIES,
 * LARGE_COMMUNITY and CLUSTER_LIST whose length is not a non-zero multiple
 * of 4, 8, 12 and 4: treat-as-withdraw. */
static void test_rfc7606_7_8_communities_lengths(void **state)
{
	(void)state;
	expect_action(upd(&ibgp4, A(BASE, 0xc0, 0x08, 0x05, 0, 0, 0, 0, 0), A(NLRI_24)),
		      BGP_UPD_TREAT_AS_WITHDRAW);
	expect_action(upd(&ibgp4, A(BASE, 0xc0, 0x08, 0x00), A(NLRI_24)), BGP_UPD_TREAT_AS_WITHDRAW);
	expect_action(upd(&ibgp4, A(BASE, 0xc0, 0x10, 0x0c, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0),
			  A(NLRI_24)), BGP_UPD_TREAT_AS_WITHDRAW);
	expect_action(upd(&ibgp4, A(BASE, 0xc0, 0x20, 0x08, 0, 0, 0, 0, 0, 0, 0, 0), A(NLRI_24)),
		      BGP_UPD_TREAT_AS_WITHDRAW);
	expect_action(upd(&ibgp4, A(BASE, 0x80, 0x0a, 0x06, 10, 0, 0, 1, 0, 0), A(NLRI_24)),
		      BGP_UPD_TREAT_AS_WITHDRAW);
	struct bgp_update *u = upd(&ibgp4, A(BASE, 0xc0, 0x08, 0x08, 0xff, 0xff, 0xff, 0x01, 0, 1, 0, 2),
				   A(NLRI_24));
	expect_ok(u, 0);
	expect_bytes(u->attrs.communities, A(0xff, 0xff, 0xff, 0x01, 0, 1, 0, 2));
}

/* §7.9: ORIGINATOR_ID of length other than 4 from an internal peer. */
static void test_rfc7606_7_9_originator_id(void **state)
{
	(void)state;
	expect_action(upd(&ibgp4, A(BASE, 0x80, 0x09, 0x05, 10, 0, 0, 1, 0), A(NLRI_24)),
		      BGP_UPD_TREAT_AS_WITHDRAW);
}

/* §7.9, §7.10: ORIGINATOR_ID and CLUSTER_LIST from an external peer are
 * discarded (even malformed ones). */
static void test_rfc7606_7_9_7_10_from_ebgp(void **state)
{
	(void)state;
	struct bgp_update *u = upd(&ebgp4, A(BASE, 0x80, 0x09, 0x05, 10, 0, 0, 1, 0,
					     0x80, 0x0a, 0x04, 10, 0, 0, 1), A(NLRI_24));

	expect_ok(u, 2);
	assert_false(u->attrs.present & (BIT(ORIGINATOR_ID) | BIT(CLUSTER_LIST)));
}

/* §7.11: a next hop length other than the family's resets the session;
 * EVPN takes 4 or 16, IPv6 16 or 32, IPv4 4 (16/32 with RFC 8950). */
static void test_rfc7606_7_11_mp_next_hop(void **state)
{
	(void)state;
	expect_reset(upd(&ibgp4, A(ORIGIN_IGP, ASPATH_EMPTY, 0x80, 0x0e, 0x0d, 0x00, 0x19, 0x46, 0x08,
				   10, 0, 0, 1, 10, 0, 0, 2, 0x00), NONE),
		     BGP_UPD_OPT_ATTR);
	expect_reset(upd(&ibgp4, A(ORIGIN_IGP, ASPATH_EMPTY, 0x80, 0x0e, 0x0b, 0x00, 0x02, 0x01, 0x04,
				   10, 0, 0, 1, 0x00, 8, 0x20), NONE),
		     BGP_UPD_OPT_ATTR);
	struct bgp_update *u = upd(&ibgp4, A(ORIGIN_IGP, ASPATH_EMPTY, 0x80, 0x0e, 0x19, 0x00, 0x01,
					     0x01, 0x10, 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0,
					     0, 0, 0, 0, 1, 0x00, NLRI_24), NONE);
	expect_ok(u, 0);
	assert_int_equal(u->reach.af, BGP_AF_IPV4_UNICAST);
	expect_bytes(u->reach.nlri, A(NLRI_24));
	assert_int_equal(u->reach.nexthop.len, 16);
}

/* §7.11 with RFC 4760 §3/§4: attributes too short to hold AFI, SAFI (and
 * the next hop length and reserved octet) reset the session. */
static void test_rfc7606_7_11_mp_too_short(void **state)
{
	(void)state;
	expect_reset(upd(&ibgp4, A(ORIGIN_IGP, ASPATH_EMPTY, 0x80, 0x0e, 0x04, 0x00, 0x19, 0x46, 0x00),
			 NONE), BGP_UPD_ATTR_LEN);
	expect_reset(upd(&ibgp4, A(0x80, 0x0f, 0x02, 0x00, 0x19), NONE), BGP_UPD_ATTR_LEN);
	/* a next hop length past the attribute */
	expect_reset(upd(&ibgp4, A(ORIGIN_IGP, ASPATH_EMPTY, 0x80, 0x0e, 0x06, 0x00, 0x19, 0x46, 0x04,
				   10, 0), NONE), BGP_UPD_OPT_ATTR);
}

/* A family that was not negotiated is ignored with a note, not reset. */
static void test_mp_family_not_negotiated(void **state)
{
	(void)state;
	struct bgp_update_ctx evpn_only = ibgp4;
	struct bgp_update *u;

	evpn_only.afs = EVPN;
	u = upd(&evpn_only, A(REACH_V6, ORIGIN_IGP, ASPATH_EMPTY, 0x80, 0x0f, 0x05, 0x40, 0x00, 0x01,
			      0x08, 0x20), NONE);
	expect_ok(u, 0);
	assert_true(u->has_reach);
	assert_int_equal(u->reach.af, -1);
	assert_int_equal(u->reach.afi, BGP_AFI_IPV6);
	assert_int_equal(u->reach.nlri.len, 0);
	assert_true(u->has_unreach);
	assert_int_equal(u->unreach.af, -1);
	assert_int_equal(u->unreach.afi, 0x4000);
	expect_why(u, "not negotiated");
}

/* RFC 6793 §6: AS4_PATH and AS4_AGGREGATOR between NEW speakers are
 * discarded; on a 2-octet session malformed ones are too (an AS4_PATH
 * shorter than one AS, one with an empty segment, an AS4_AGGREGATOR not
 * of 8 octets). */
static void test_rfc6793_as4_attribute_discard(void **state)
{
	(void)state;
	struct bgp_update *u = upd(&ibgp4, A(BASE, 0xc0, 0x11, 0x06, 0x02, 0x01, AS_4200000001,
					     0xc0, 0x12, 0x08, AS_4200000001, 1, 2, 3, 4), A(NLRI_24));

	expect_ok(u, 2);
	assert_int_equal(u->attrs.aspath_len, 0);
	/* 2-octet session: AS4_PATH too short for an AS, AS4_AGGREGATOR of 6 */
	u = upd(&ibgp2, A(ORIGIN_IGP, NEXTHOP, 0x40, 0x02, 0x04, 0x02, 0x01, AS_TRANS_2,
			  0xc0, 0x07, 0x06, AS_TRANS_2, 1, 2, 3, 4,
			  0xc0, 0x11, 0x02, 0x02, 0x00, 0xc0, 0x12, 0x06, 0, 0, 1, 2, 3, 4), A(NLRI_24));
	expect_ok(u, 2);
	expect_path(&u->attrs, A(0x02, 0x01, 0, 0, AS_TRANS_2));
	assert_int_equal(u->attrs.aggr_as, BGP_AS_TRANS);
	u = upd(&ibgp2, A(ORIGIN_IGP, NEXTHOP, 0x40, 0x02, 0x04, 0x02, 0x01, AS_TRANS_2,
			  0xc0, 0x11, 0x08, 0x02, 0x01, AS_4200000001, 0x02, 0x00), A(NLRI_24));
	expect_ok(u, 1);
	expect_why(u, "AS4_PATH: empty segment");
	expect_path(&u->attrs, A(0x02, 0x01, 0, 0, AS_TRANS_2));
}

/* RFC 6514 §5 with RFC 7606 §8's guidance: a PMSI tunnel attribute too short
 * for its fixed part, or an ingress replication endpoint that is no
 * address, is treat-as-withdraw. */
static void test_pmsi_tunnel_malformed(void **state)
{
	(void)state;
	expect_action(upd(&ibgp4, A(BASE, 0xc0, 0x16, 0x04, 0, 6, 0, 0), A(NLRI_24)),
		      BGP_UPD_TREAT_AS_WITHDRAW);
	expect_action(upd(&ibgp4, A(BASE, 0xc0, 0x16, 0x08, 0, 6, 0, 0, 0x64, 10, 0, 1), A(NLRI_24)),
		      BGP_UPD_TREAT_AS_WITHDRAW);
	struct bgp_update *u = upd(&ibgp4, A(BASE, 0xc0, 0x16, 0x06, 0x01, 0x03, 0, 0, 0x64, 0xee),
				   A(NLRI_24));
	expect_ok(u, 0);
	assert_int_equal(u->attrs.pmsi.type, 3);
	assert_int_equal(u->attrs.pmsi.flags, 1);
}

/* RFC 4271 §6.3 (kept by RFC 7606): an unrecognized well-known attribute
 * resets with Unrecognized Well-known Attribute, quoting it. */
static void test_unknown_well_known(void **state)
{
	(void)state;
	struct bgp_update *u = upd(&ibgp4, A(BASE, 0x40, 0x63, 0x01, 0x00), A(NLRI_24));

	expect_reset(u, BGP_UPD_UNRECOG_WELLKNOWN);
	expect_bytes((struct bgp_bytes){ u->notify.data, u->notify.data_len }, A(0x40, 0x63, 0x01, 0x00));
}

/* RFC 4271 §5: an unknown optional non-transitive attribute is quietly
 * ignored; an unknown optional transitive one is kept, Partial set. */
static void test_unknown_optional(void **state)
{
	(void)state;
	struct bgp_update *u = upd(&ibgp4, A(BASE, 0x80, 0x63, 0x01, 0x00), A(NLRI_24));

	expect_ok(u, 0);
	assert_int_equal(u->attrs.n_unknown, 0);
	u = upd(&ibgp4, A(BASE, 0xd0, 0x63, 0x00, 0x02, 0xab, 0xcd), A(NLRI_24));
	expect_ok(u, 0);
	assert_int_equal(u->attrs.n_unknown, 1);
	assert_int_equal(u->attrs.unknown[0].type, 0x63);
	assert_int_equal(u->attrs.unknown[0].flags, 0xe0);
	expect_bytes(u->attrs.unknown[0].val, A(0xab, 0xcd));
}

/* Kept in type order, the order they are passed on in (RFC 4271 §5), so
 * parse → build → parse sees them the same. */
static void test_unknown_kept_in_type_order(void **state)
{
	(void)state;
	struct bgp_update *u = upd(&ibgp4, A(BASE, 0xc0, 0x63, 0x01, 0x01, 0xc0, 0x28, 0x01, 0x02,
					     0xc0, 0x50, 0x01, 0x03), A(NLRI_24));

	expect_ok(u, 0);
	assert_int_equal(u->attrs.n_unknown, 3);
	assert_int_equal(u->attrs.unknown[0].type, 0x28);
	assert_int_equal(u->attrs.unknown[1].type, 0x50);
	assert_int_equal(u->attrs.unknown[2].type, 0x63);
	expect_bytes(u->attrs.unknown[2].val, A(0x01));
}

/* Past BGP_UNKNOWN_MAX, unknown transitive attributes are discarded (and
 * counted) rather than passed on in part unnoticed. */
static void test_unknown_too_many(void **state)
{
	(void)state;
	uint8_t at[14 + 17 * 4] = { BASE };
	struct bgp_update *u;

	for (int i = 0; i < 17; i++) {
		at[14 + 4 * i] = 0xc0;
		at[15 + 4 * i] = (uint8_t)(100 + i);
		at[16 + 4 * i] = 1;
		at[17 + 4 * i] = (uint8_t)i;
	}
	u = upd(&ibgp4, at, sizeof(at), A(NLRI_24));
	expect_ok(u, 1);
	assert_int_equal(u->attrs.n_unknown, BGP_UNKNOWN_MAX);
	assert_int_equal(u->attrs.unknown[15].type, 115);
}

/* With extended messages (RFC 8654) a 2-octet AS_PATH can be too long to
 * hold as 4-octet ASes in 16 bits: treat-as-withdraw, not a wrapped length. */
static void test_as_path_too_long_for_4_octets(void **state)
{
	(void)state;
	static uint8_t at[14 + 4 + 40000];
	struct bgp_update *u;
	size_t n = 0;

	memcpy(at, (const uint8_t[]){ ORIGIN_IGP, NEXTHOP, 0x50, 0x02, 0x9c, 0x40 }, 15);
	for (n = 15; n + 2 + 2 * 255 <= sizeof(at); n += 2 + 2 * 255) {
		at[n] = BGP_AS_SEQUENCE;
		at[n + 1] = 255;
		memset(at + n + 2, 0x11, 2 * 255);
	}
	at[13] = (uint8_t)((n - 15) >> 8);
	at[14] = (uint8_t)(n - 15);
	u = upd(&ibgp2, at, n, A(NLRI_24));
	expect_action(u, BGP_UPD_TREAT_AS_WITHDRAW);
	expect_why(u, "too long");
	u = upd(&ibgp4, at, n, A(NLRI_24));
	expect_action(u, BGP_UPD_TREAT_AS_WITHDRAW); /* 4-octet reading: overrun */
}

/* ... and re-encoded with Partial, in its place in type order. */
static void test_unknown_transitive_partial_on_encode(void **state)
{
	(void)state;
	struct bgp_update *u = upd(&ibgp4, A(BASE, 0xc0, 0x63, 0x02, 0xab, 0xcd, 0xc0, 0x08, 0x04,
					     0, 0, 0, 1), A(NLRI_24));
	struct wbuf w;

	expect_ok(u, 0);
	wb_init(&w, BGP_MAX_LEN);
	assert_true(bgp_update_build(&w, u, &ibgp4));
	assert_int_equal(w.len, 4 + 15 + 7 + 5 + 4);
	assert_memory_equal(w.p, ((const uint8_t[]){ 0, 0, 0, 27, BASE_OUT, 0xc0, 0x08, 0x04, 0, 0, 0, 1,
						    0xe0, 0x63, 0x02, 0xab, 0xcd, NLRI_24 }), 35);
	wb_free(&w);
}

/* RFC 4271 §5: a known optional transitive attribute keeps its Partial bit
 * when passed on. */
static void test_partial_kept(void **state)
{
	(void)state;
	struct bgp_update *u = upd(&ibgp4, A(BASE, 0xe0, 0x08, 0x04, 0, 0, 0, 1), A(NLRI_24));
	struct wbuf w;

	expect_ok(u, 0);
	assert_true(u->attrs.partial & BIT(COMMUNITIES));
	wb_init(&w, BGP_MAX_LEN);
	assert_true(bgp_update_build(&w, u, &ibgp4));
	assert_int_equal(w.len, 4 + 22 + 4);
	assert_memory_equal(w.p, ((const uint8_t[]){ 0, 0, 0, 22, BASE_OUT, 0xe0, 0x08, 0x04, 0, 0, 0, 1 }),
			    26);
	wb_free(&w);
}

/* ---- RFC 6793 §4.2.3: AS_PATH and AS4_PATH on a 2-octet session ---- */

/* AS_PATH [65001 AS_TRANS AS_TRANS] with AS4_PATH [4200000001 4200000002]:
 * the leading AS of AS_PATH, then AS4_PATH. */
static void test_rfc6793_merge(void **state)
{
	(void)state;
	struct bgp_update *u = upd(&ibgp2, A(ORIGIN_IGP, NEXTHOP,
					     0x40, 0x02, 0x08, 0x02, 0x03, 0xfd, 0xe9, AS_TRANS_2, AS_TRANS_2,
					     0xc0, 0x11, 0x0a, 0x02, 0x02, AS_4200000001, AS_4200000002),
				   A(NLRI_24));

	expect_ok(u, 0);
	expect_path(&u->attrs, A(0x02, 0x01, 0, 0, 0xfd, 0xe9, 0x02, 0x02, AS_4200000001, AS_4200000002));
	assert_false(u->attrs.present & BIT(AS4_PATH));
}

/* AS4_PATH with more ASes than AS_PATH is ignored: AS_PATH stands. */
static void test_rfc6793_as4_path_longer_ignored(void **state)
{
	(void)state;
	struct bgp_update *u = upd(&ibgp2, A(ORIGIN_IGP, NEXTHOP, 0x40, 0x02, 0x04, 0x02, 0x01, AS_TRANS_2,
					     0xc0, 0x11, 0x0a, 0x02, 0x02, AS_4200000001, AS_4200000002),
				   A(NLRI_24));

	expect_ok(u, 0);
	expect_path(&u->attrs, A(0x02, 0x01, 0, 0, AS_TRANS_2));
	expect_why(u, "AS4_PATH longer");
}

/* Sets count one (RFC 4271 §9.1.2.2); confederation segments count none,
 * lead when prepended, and are dropped from AS4_PATH (RFC 6793 §6). */
static void test_rfc6793_merge_sets_and_confed(void **state)
{
	(void)state;
	struct bgp_update *u = upd(&ibgp2, A(ORIGIN_IGP, NEXTHOP,
					     0x40, 0x02, 0x0e, 0x03, 0x01, 0xfd, 0xf2,
					     0x02, 0x01, 0xfd, 0xe9, 0x01, 0x02, AS_TRANS_2, 0xfd, 0xea,
					     0xc0, 0x11, 0x10, 0x03, 0x01, AS_4200000002,
					     0x01, 0x02, AS_4200000001, 0, 0, 0xfd, 0xea),
				   A(NLRI_24));

	expect_ok(u, 0);
	expect_path(&u->attrs, A(0x03, 0x01, 0, 0, 0xfd, 0xf2, 0x02, 0x01, 0, 0, 0xfd, 0xe9,
				 0x01, 0x02, AS_4200000001, 0, 0, 0xfd, 0xea));
}

/* AGGREGATOR AS_TRANS: AS4_AGGREGATOR is the aggregator. AGGREGATOR with a
 * real AS: an OLD speaker aggregated, AS4_AGGREGATOR and AS4_PATH are
 * stale and ignored. */
static void test_rfc6793_aggregator(void **state)
{
	(void)state;
	struct bgp_update *u = upd(&ibgp2, A(BASE, 0xc0, 0x07, 0x06, AS_TRANS_2, 1, 2, 3, 4,
					     0xc0, 0x12, 0x08, AS_4200000001, 5, 6, 7, 8), A(NLRI_24));

	expect_ok(u, 0);
	assert_int_equal(u->attrs.aggr_as, 4200000001u);
	assert_int_equal(u->attrs.aggr_id, 0x05060708);
	u = upd(&ibgp2, A(ORIGIN_IGP, NEXTHOP, 0x40, 0x02, 0x04, 0x02, 0x01, AS_TRANS_2,
			  0xc0, 0x07, 0x06, 0xfd, 0xe9, 1, 2, 3, 4,
			  0xc0, 0x11, 0x06, 0x02, 0x01, AS_4200000001,
			  0xc0, 0x12, 0x08, AS_4200000001, 5, 6, 7, 8), A(NLRI_24));
	expect_ok(u, 0);
	assert_int_equal(u->attrs.aggr_as, 65001);
	assert_int_equal(u->attrs.aggr_id, 0x01020304);
	expect_path(&u->attrs, A(0x02, 0x01, 0, 0, AS_TRANS_2));
}

/* RFC 6793 §4.2.2: to an OLD speaker, AS_TRANS in AS_PATH and AGGREGATOR,
 * the real ASes in AS4_PATH and AS4_AGGREGATOR; parsed back, the same. */
static void test_rfc6793_build_two_octet(void **state)
{
	(void)state;
	static const uint8_t path[] = { 0x02, 0x02, 0, 0, 0xfd, 0xe9, AS_4200000001 };
	static const uint8_t want[] = {
		0x00, 0x00, 0x00, 0x30, ORIGIN_IGP,
		0x50, 0x02, 0x00, 0x06, 0x02, 0x02, 0xfd, 0xe9, AS_TRANS_2,
		0xc0, 0x07, 0x06, AS_TRANS_2, 1, 2, 3, 4,
		0xd0, 0x11, 0x00, 0x0a, 0x02, 0x02, 0, 0, 0xfd, 0xe9, AS_4200000001,
		0xc0, 0x12, 0x08, AS_4200000001, 1, 2, 3, 4,
	};
	struct bgp_update b = { .attrs = { .present = BIT(ORIGIN) | BIT(AS_PATH) | BIT(AGGREGATOR),
					   .aspath = (uint8_t *)path, .aspath_len = sizeof(path),
					   .aggr_as = 4200000001u, .aggr_id = 0x01020304 },
				.reach.af = -1, .unreach.af = -1 };
	struct wbuf w;
	struct bgp_update *u;

	wb_init(&w, BGP_MAX_LEN);
	assert_true(bgp_update_build(&w, &b, &ibgp2));
	assert_int_equal(w.len, sizeof(want));
	assert_memory_equal(w.p, want, sizeof(want));
	u = raw(&ibgp2, w.p, w.len);
	expect_ok(u, 0);
	expect_path(&u->attrs, path, sizeof(path));
	assert_int_equal(u->attrs.aggr_as, 4200000001u);
	/* on a 4-octet session none of that */
	wb_reset(&w);
	assert_true(bgp_update_build(&w, &b, &ibgp4));
	assert_int_equal(w.len, 4 + 4 + 4 + 10 + 3 + 8);
	wb_free(&w);
}

/* ---- round trips ---- */

static void expect_same(const struct bgp_update *a, const struct bgp_update *b)
{
	const struct bgp_attrs *x = &a->attrs, *y = &b->attrs;

	expect_bytes(a->withdrawn, b->withdrawn.p, b->withdrawn.len);
	expect_bytes(a->nlri, b->nlri.p, b->nlri.len);
	assert_int_equal(x->present, y->present);
	assert_int_equal(x->partial, y->partial);
	assert_int_equal(x->origin, y->origin);
	expect_path(x, y->aspath, y->aspath_len);
	assert_int_equal(x->nexthop, y->nexthop);
	assert_int_equal(x->med, y->med);
	assert_int_equal(x->local_pref, y->local_pref);
	assert_int_equal(x->aggr_as, y->aggr_as);
	assert_int_equal(x->aggr_id, y->aggr_id);
	expect_bytes(x->communities, y->communities.p, y->communities.len);
	expect_bytes(x->cluster_list, y->cluster_list.p, y->cluster_list.len);
	expect_bytes(x->ext_communities, y->ext_communities.p, y->ext_communities.len);
	expect_bytes(x->large_communities, y->large_communities.p, y->large_communities.len);
	assert_int_equal(x->originator_id, y->originator_id);
	assert_int_equal(x->pmsi.flags, y->pmsi.flags);
	assert_int_equal(x->pmsi.type, y->pmsi.type);
	assert_int_equal(x->pmsi.label, y->pmsi.label);
	expect_bytes(x->pmsi.id, y->pmsi.id.p, y->pmsi.id.len);
	assert_int_equal(x->n_unknown, y->n_unknown);
	for (unsigned i = 0; i < x->n_unknown; i++) {
		assert_int_equal(x->unknown[i].flags, y->unknown[i].flags);
		assert_int_equal(x->unknown[i].type, y->unknown[i].type);
		expect_bytes(x->unknown[i].val, y->unknown[i].val.p, y->unknown[i].val.len);
	}
	assert_int_equal(a->has_reach, b->has_reach);
	assert_int_equal(a->has_unreach, b->has_unreach);
	assert_int_equal(a->reach.af, b->reach.af);
	expect_bytes(a->reach.nexthop, b->reach.nexthop.p, b->reach.nexthop.len);
	expect_bytes(a->reach.nlri, b->reach.nlri.p, b->reach.nlri.len);
	assert_int_equal(a->unreach.af, b->unreach.af);
	expect_bytes(a->unreach.nlri, b->unreach.nlri.p, b->unreach.nlri.len);
}

static const uint8_t rt_path[] = { 0x02, 0x03, 0, 0, 0xfd, 0xe9, AS_4200000001, 0, 0, 0xfd, 0xea,
				   0x01, 0x02, AS_4200000002, 0, 0, 0x00, 0x64 };
static const uint8_t rt_evpn[] = { 0x03, 0x11, 0, 1, 10, 255, 0, 11, 0, 2, 0, 0, 0, 0, 32,
				   10, 255, 0, 11 };
static const uint8_t rt_ext[] = { 0x03, 0x0c, 0, 0, 0, 0, 0, 8, 0x00, 0x02, 0xfd, 0xe8, 0, 0, 0, 100 };
static const uint8_t rt_comm[] = { 0xff, 0xff, 0xff, 0x01 };
static const uint8_t rt_large[] = { 0, 0, 0xfd, 0xe8, 0, 0, 0, 1, 0, 0, 0, 2 };
static const uint8_t rt_cluster[] = { 10, 255, 0, 1, 10, 255, 0, 2 };
static const uint8_t rt_nh[] = { 10, 255, 0, 11 };
static const uint8_t rt_v4[] = { 24, 10, 1, 2, 32, 10, 9, 9, 9, 0 };
static const uint8_t rt_wd[] = { 16, 10, 7 };
static const uint8_t rt_unk[] = { 1, 2, 3 };

/* Every attribute we know, MP_REACH and MP_UNREACH, both IPv4 fields and an
 * unknown transitive attribute. eBGP sessions leave out what §7.5, §7.9
 * and §7.10 discard. */
static void rt_fill(struct bgp_update *b, bool ebgp)
{
	struct bgp_attrs *a = &b->attrs;

	memset(b, 0, sizeof(*b));
	a->present = BIT(ORIGIN) | BIT(AS_PATH) | BIT(NEXT_HOP) | BIT(MED) | BIT(ATOMIC_AGGREGATE) |
		     BIT(AGGREGATOR) | BIT(COMMUNITIES) | BIT(EXT_COMMUNITIES) | BIT(PMSI_TUNNEL) |
		     BIT(LARGE_COMMUNITIES);
	a->partial = BIT(COMMUNITIES);
	a->origin = BGP_ORIGIN_EGP;
	a->aspath = (uint8_t *)rt_path;
	a->aspath_len = sizeof(rt_path);
	a->nexthop = 0x0a000001;
	a->med = 7;
	a->aggr_as = 4200000002u;
	a->aggr_id = 0x0affff01;
	a->communities = (struct bgp_bytes){ rt_comm, sizeof(rt_comm) };
	a->ext_communities = (struct bgp_bytes){ rt_ext, sizeof(rt_ext) };
	a->large_communities = (struct bgp_bytes){ rt_large, sizeof(rt_large) };
	a->pmsi.type = BGP_PMSI_INGRESS_REPLICATION;
	a->pmsi.label = 100;
	a->pmsi.id = (struct bgp_bytes){ rt_nh, sizeof(rt_nh) };
	a->unknown[0] = (struct bgp_unknown_attr){ 0xe0, 0x63, { rt_unk, sizeof(rt_unk) } };
	a->n_unknown = 1;
	if (!ebgp) {
		a->present |= BIT(LOCAL_PREF) | BIT(ORIGINATOR_ID) | BIT(CLUSTER_LIST);
		a->local_pref = 200;
		a->originator_id = 0x0aff000b;
		a->cluster_list = (struct bgp_bytes){ rt_cluster, sizeof(rt_cluster) };
	}
	b->has_reach = b->has_unreach = true;
	b->reach = (struct bgp_mp){ BGP_AF_L2VPN_EVPN, BGP_AFI_L2VPN, BGP_SAFI_EVPN,
				    { rt_nh, sizeof(rt_nh) }, { rt_evpn, sizeof(rt_evpn) } };
	b->unreach = (struct bgp_mp){ BGP_AF_L2VPN_EVPN, BGP_AFI_L2VPN, BGP_SAFI_EVPN, { 0 },
				      { rt_evpn, sizeof(rt_evpn) } };
	b->withdrawn = (struct bgp_bytes){ rt_wd, sizeof(rt_wd) };
	b->nlri = (struct bgp_bytes){ rt_v4, sizeof(rt_v4) };
}

/* build → parse gives the same structure on each kind of session; then
 * parse → build gives the same bytes. */
static void test_round_trip_build_parse(void **state)
{
	(void)state;
	const struct bgp_update_ctx *ctxs[] = { &ibgp4, &ebgp4, &ibgp2, &ebgp2 };

	for (size_t i = 0; i < 4; i++) {
		struct bgp_update b;
		struct wbuf w, again;
		struct bgp_update *u;

		rt_fill(&b, ctxs[i]->ebgp);
		wb_init(&w, BGP_MAX_LEN);
		wb_init(&again, BGP_MAX_LEN);
		assert_true(bgp_update_build(&w, &b, ctxs[i]));
		u = raw(ctxs[i], w.p, w.len);
		expect_ok(u, 0);
		expect_same(u, &b);
		assert_true(bgp_update_build(&again, u, ctxs[i]));
		assert_int_equal(again.len, w.len);
		assert_memory_equal(again.p, w.p, w.len);
		wb_free(&w);
		wb_free(&again);
	}
}

/* Values past 255 octets take the Extended Length bit; a short value that
 * came with it parses the same and goes out short. */
static void test_extended_length(void **state)
{
	(void)state;
	uint8_t comm[280];
	struct bgp_update b = { .reach.af = -1, .unreach.af = -1 }, *u;
	struct wbuf w;

	for (size_t i = 0; i < sizeof(comm); i++)
		comm[i] = (uint8_t)i;
	b.attrs.present = BIT(COMMUNITIES);
	b.attrs.communities = (struct bgp_bytes){ comm, sizeof(comm) };
	wb_init(&w, BGP_MAX_LEN);
	assert_true(bgp_update_build(&w, &b, &ibgp4));
	assert_int_equal(w.len, 4 + 4 + sizeof(comm));
	assert_memory_equal(w.p, "\x00\x00\x01\x1c\xd0\x08\x01\x18", 8);
	u = raw(&ibgp4, w.p, w.len);
	expect_ok(u, 0);
	expect_bytes(u->attrs.communities, comm, sizeof(comm));
	u = upd(&ibgp4, A(0xd0, 0x08, 0x00, 0x04, 0, 0, 0, 1), NONE);
	expect_ok(u, 0);
	wb_reset(&w);
	assert_true(bgp_update_build(&w, u, &ibgp4));
	assert_memory_equal(w.p, ((const uint8_t[]){ 0, 0, 0, 7, 0xc0, 0x08, 0x04, 0, 0, 0, 1 }), 11);
	wb_free(&w);
}

/* ---- NLRI ---- */

static int count_nlri(enum bgp_af af, const uint8_t *p, size_t n)
{
	struct rbuf r;
	struct bgp_bytes one;
	int rc, count = 0;

	rb_init(&r, p, n);
	while ((rc = bgp_nlri_next(af, &r, &one)) == 1)
		count++;
	return rc < 0 ? -1 : count;
}

static void test_nlri_split(void **state)
{
	(void)state;
	assert_int_equal(count_nlri(BGP_AF_IPV4_UNICAST, A(0, 32, 1, 2, 3, 4, 9, 0x80, 0, 24, 1, 2, 3)), 4);
	assert_int_equal(count_nlri(BGP_AF_IPV4_UNICAST, A(33, 1, 2, 3, 4, 5)), -1);
	assert_int_equal(count_nlri(BGP_AF_IPV4_UNICAST, A(24, 1, 2)), -1);
	assert_int_equal(count_nlri(BGP_AF_IPV6_UNICAST, A(128, 0x20, 1, 0xd, 0xb8, 0, 0, 0, 0, 0, 0,
							   0, 0, 0, 0, 0, 1, 64, 0x20, 1, 0xd, 0xb8,
							   0, 0, 0, 0)), 2);
	assert_int_equal(count_nlri(BGP_AF_IPV6_UNICAST, A(129, 0)), -1);
	assert_int_equal(count_nlri(BGP_AF_L2VPN_EVPN, A(3, 2, 0xaa, 0xbb, 9, 0, 1, 0)), 3);
	assert_int_equal(count_nlri(BGP_AF_L2VPN_EVPN, A(3, 2, 0xaa)), -1);
	assert_int_equal(count_nlri(BGP_AF_L2VPN_EVPN, A(3)), -1);
	assert_int_equal(count_nlri(BGP_AF_L2VPN_EVPN, NONE), 0);
	assert_true(bgp_nlri_valid(BGP_AF_IPV4_UNICAST, (struct bgp_bytes){ NULL, 0 }));
	assert_false(bgp_nlri_valid(BGP_AF_IPV4_UNICAST, (struct bgp_bytes){ (const uint8_t *)"\x08", 1 }));
}

/* One NLRI comes back whole, length octets included. */
static void test_nlri_whole(void **state)
{
	(void)state;
	static const uint8_t f[] = { 2, 3, 0xaa, 0xbb, 0xcc, 24, 10, 1, 2 };
	struct rbuf r;
	struct bgp_bytes one;

	rb_init(&r, f, 5);
	assert_int_equal(bgp_nlri_next(BGP_AF_L2VPN_EVPN, &r, &one), 1);
	assert_ptr_equal(one.p, f);
	assert_int_equal(one.len, 5);
	assert_int_equal(bgp_nlri_next(BGP_AF_L2VPN_EVPN, &r, &one), 0);
	rb_init(&r, f + 5, 4);
	assert_int_equal(bgp_nlri_next(BGP_AF_IPV4_UNICAST, &r, &one), 1);
	assert_ptr_equal(one.p, f + 5);
	assert_int_equal(one.len, 4);
}

/* ---- End-of-RIB (RFC 4724 §2) ---- */

static void test_eor(void **state)
{
	(void)state;
	struct bgp_update *u = raw(&ibgp4, A(0, 0, 0, 0));
	struct wbuf w;

	expect_ok(u, 0);
	assert_true(u->eor);
	assert_int_equal(u->eor_af, BGP_AF_IPV4_UNICAST);
	u = upd(&ibgp4, A(UNREACH_EVPN), NONE);
	assert_true(u->eor);
	assert_int_equal(u->eor_af, BGP_AF_L2VPN_EVPN);
	/* not EoR: withdrawals, another attribute, a family we did not take */
	assert_false(upd(&ibgp4, A(0x80, 0x0f, 0x05, 0x00, 0x01, 0x01, 8, 10), NONE)->eor);
	assert_false(upd(&ibgp4, A(UNREACH_EVPN, 0x80, 0x04, 0x04, 0, 0, 0, 0), NONE)->eor);
	assert_false(upd3(&ibgp4, A(8, 10), NONE, NONE)->eor);
	assert_false(upd(&ibgp4, A(0x80, 0x0f, 0x03, 0x00, 0x19, 0x80), NONE)->eor);
	assert_int_equal(upd(&ibgp4, A(BASE), A(NLRI_24))->eor_af, -1);
	wb_init(&w, BGP_MAX_LEN);
	bgp_eor_build(&w, BGP_AF_IPV4_UNICAST);
	assert_int_equal(w.len, 4);
	assert_memory_equal(w.p, "\0\0\0\0", 4);
	wb_reset(&w);
	bgp_eor_build(&w, BGP_AF_IPV6_UNICAST);
	assert_memory_equal(w.p, ((const uint8_t[]){ 0, 0, 0, 6, 0x80, 0x0f, 0x03, 0, 2, 1 }), 10);
	assert_int_equal(w.len, 10);
	wb_free(&w);
}

/* ---- FRR 8.4's UPDATEs ---- */

static uint8_t vec[BGP_MAX_LEN];
static struct bgp_bytes vec_body;

/* A whole message from data/: the header through rbuf, then the body. */
static struct bgp_update *frr(const char *name, const struct bgp_update_ctx *ctx)
{
	size_t n = load_vector(name, vec, sizeof(vec));
	struct rbuf r, body;
	struct bgp_notify err;
	uint8_t type;
	uint16_t len;

	rb_init(&r, vec, n);
	assert_int_equal(bgp_hdr_parse(&r, BGP_MAX_LEN, &type, &len, &err), 0);
	assert_int_equal(type, BGP_MSG_UPDATE);
	assert_int_equal(len, n);
	rb_rest(&r, &body);
	vec_body = bgp_bytes_take(&body, rb_left(&body));
	bgp_update_free(&upd_u);
	assert_int_equal(bgp_update_parse(vec_body.p, vec_body.len, ctx, &upd_u), 0);
	return &upd_u;
}

/* Our encoder writes the bytes FRR wrote. */
static void expect_rebuilt(const struct bgp_update *u, const struct bgp_update_ctx *ctx)
{
	struct wbuf w;

	wb_init(&w, BGP_MAX_LEN);
	assert_true(bgp_update_build(&w, u, ctx));
	assert_int_equal(w.len, vec_body.len);
	assert_memory_equal(w.p, vec_body.p, w.len);
	wb_free(&w);
}

static const uint8_t frr_ext[] = { 0x03, 0x0c, 0, 0, 0, 0, 0, 0x08, 0x00, 0x02, 0xfd, 0xe8, 0, 0, 0, 0x64 };
static const uint8_t frr_vtep[] = { 10, 255, 0, 11 };
static const uint8_t frr_rd[] = { 0, 1, 10, 255, 0, 11, 0, 2 };

/* The one EVPN NLRI of u: its type and its value as a reader. */
static struct rbuf frr_route(const struct bgp_update *u, uint8_t type, uint8_t len)
{
	struct rbuf r, val;
	struct bgp_bytes one;

	rb_init(&r, u->reach.nlri.p, u->reach.nlri.len);
	assert_int_equal(bgp_nlri_next(BGP_AF_L2VPN_EVPN, &r, &one), 1);
	assert_int_equal(bgp_nlri_next(BGP_AF_L2VPN_EVPN, &r, &one), 0);
	rb_init(&r, u->reach.nlri.p, u->reach.nlri.len);
	assert_int_equal(rb_u8(&r), type);
	assert_int_equal(rb_u8(&r), len);
	rb_rest(&r, &val);
	assert_int_equal(rb_left(&val), len);
	return val;
}

static void expect_frr_common(const struct bgp_update *u, uint64_t present)
{
	expect_ok(u, 0);
	assert_false(u->eor);
	assert_int_equal(u->attrs.present, present);
	assert_int_equal(u->attrs.origin, BGP_ORIGIN_IGP);
	assert_int_equal(u->attrs.aspath_len, 0);
	assert_int_equal(u->attrs.local_pref, 100);
	assert_int_equal(u->withdrawn.len, 0);
	assert_int_equal(u->nlri.len, 0);
	assert_true(u->has_reach);
	assert_false(u->has_unreach);
	assert_int_equal(u->reach.af, BGP_AF_L2VPN_EVPN);
	expect_bytes(u->reach.nexthop, frr_vtep, sizeof(frr_vtep));
}

/* RFC 7432 §7.2 MAC/IP route: RD, ESI, tag, MAC length and MAC, IP length
 * (and IP), label (the VNI, RFC 8365 §5.1.3). */
static void expect_type2(struct rbuf v, const uint8_t *ip, size_t ip_len)
{
	uint8_t rd[8], esi[10], mac[6], addr[16];

	rb_copy(&v, rd, 8);
	assert_memory_equal(rd, frr_rd, 8);
	rb_copy(&v, esi, 10);
	assert_memory_equal(esi, "\0\0\0\0\0\0\0\0\0\0", 10);
	assert_int_equal(rb_u32(&v), 0);
	assert_int_equal(rb_u8(&v), 48);
	rb_copy(&v, mac, 6);
	assert_memory_equal(mac, "\x02\x10\x00\x00\x00\x01", 6);
	assert_int_equal(rb_u8(&v), ip_len * 8);
	rb_copy(&v, addr, ip_len);
	if (ip_len)
		assert_memory_equal(addr, ip, ip_len);
	assert_int_equal(rb_u24(&v), 100);
	assert_true(rb_ok(&v) && rb_empty(&v));
}

static void test_frr_type2_mac_only(void **state)
{
	(void)state;
	struct bgp_update *u = frr("frr84-update-type2-maconly.bin", &ibgp4);

	expect_frr_common(u, BIT(ORIGIN) | BIT(AS_PATH) | BIT(LOCAL_PREF) | BIT(EXT_COMMUNITIES));
	expect_bytes(u->attrs.ext_communities, frr_ext, sizeof(frr_ext));
	expect_type2(frr_route(u, 2, 33), NULL, 0);
	expect_rebuilt(u, &ibgp4);
}

static void test_frr_type2_mac_ip(void **state)
{
	(void)state;
	struct bgp_update *u = frr("frr84-update-type2-macip.bin", &ibgp4);

	expect_frr_common(u, BIT(ORIGIN) | BIT(AS_PATH) | BIT(LOCAL_PREF) | BIT(EXT_COMMUNITIES));
	expect_type2(frr_route(u, 2, 37), (const uint8_t[]){ 192, 168, 100, 1 }, 4);
	expect_rebuilt(u, &ibgp4);
}

/* RFC 7432 §7.3 inclusive multicast route and its PMSI tunnel (RFC 6514
 * §5): ingress replication, label = VNI 100, endpoint = the VTEP. */
static void test_frr_type3_imet(void **state)
{
	(void)state;
	struct bgp_update *u = frr("frr84-update-type3-imet.bin", &ibgp4);
	struct rbuf v;
	uint8_t rd[8], ip[4];

	expect_frr_common(u, BIT(ORIGIN) | BIT(AS_PATH) | BIT(LOCAL_PREF) | BIT(EXT_COMMUNITIES) |
				     BIT(PMSI_TUNNEL));
	assert_int_equal(u->attrs.pmsi.flags, 0);
	assert_int_equal(u->attrs.pmsi.type, BGP_PMSI_INGRESS_REPLICATION);
	assert_int_equal(u->attrs.pmsi.label, 0x000064);
	expect_bytes(u->attrs.pmsi.id, frr_vtep, sizeof(frr_vtep));
	v = frr_route(u, 3, 17);
	rb_copy(&v, rd, 8);
	assert_memory_equal(rd, frr_rd, 8);
	assert_int_equal(rb_u32(&v), 0);
	assert_int_equal(rb_u8(&v), 32);
	rb_copy(&v, ip, 4);
	assert_memory_equal(ip, frr_vtep, 4);
	assert_true(rb_ok(&v) && rb_empty(&v));
	expect_rebuilt(u, &ibgp4);
}

/* The spine reflects them (RFC 4456 §8): MED 0, ORIGINATOR_ID the leaf,
 * CLUSTER_LIST the spine; the same bytes come out of our encoder. From an
 * eBGP peer those and LOCAL_PREF would be discarded. */
static void test_frr_reflected(void **state)
{
	(void)state;
	struct bgp_update *u = frr("frr84-rr-update-type3-imet.bin", &ibgp4);
	uint64_t rr = BIT(ORIGIN) | BIT(AS_PATH) | BIT(MED) | BIT(LOCAL_PREF) | BIT(ORIGINATOR_ID) |
		      BIT(CLUSTER_LIST) | BIT(EXT_COMMUNITIES);

	expect_frr_common(u, rr | BIT(PMSI_TUNNEL));
	assert_int_equal(u->attrs.med, 0);
	assert_int_equal(u->attrs.originator_id, 0x0aff000b);
	expect_bytes(u->attrs.cluster_list, A(10, 255, 0, 1));
	expect_rebuilt(u, &ibgp4);
	u = frr("frr84-rr-update-type2-maconly.bin", &ibgp4);
	expect_frr_common(u, rr);
	expect_type2(frr_route(u, 2, 33), NULL, 0);
	expect_rebuilt(u, &ibgp4);
	u = frr("frr84-rr-update-type2-maconly.bin", &ebgp4);
	expect_ok(u, 3);
	assert_int_equal(u->attrs.present, rr & ~(BIT(LOCAL_PREF) | BIT(ORIGINATOR_ID) | BIT(CLUSTER_LIST)));
}

/* FRR's EVPN End-of-RIB, and ours is the same bytes. */
static void test_frr_eor(void **state)
{
	(void)state;
	struct bgp_update *u = frr("frr84-update-eor-evpn.bin", &ibgp4);
	struct wbuf w;

	expect_ok(u, 0);
	assert_true(u->eor);
	assert_int_equal(u->eor_af, BGP_AF_L2VPN_EVPN);
	expect_rebuilt(u, &ibgp4);
	wb_init(&w, BGP_MAX_LEN);
	bgp_eor_build(&w, BGP_AF_L2VPN_EVPN);
	assert_int_equal(w.len, vec_body.len);
	assert_memory_equal(w.p, vec_body.p, w.len);
	wb_free(&w);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rfc7606_3b_withdrawn_length),
		cmocka_unit_test(test_rfc7606_3b_attribute_length),
		cmocka_unit_test(test_rfc7606_4_attribute_overrun),
		cmocka_unit_test(test_rfc7606_4_mp_overrun_resets),
		cmocka_unit_test(test_rfc7606_5_3_nlri_field),
		cmocka_unit_test(test_rfc7606_3c_flags_conflict),
		cmocka_unit_test(test_rfc7606_3g_mp_twice),
		cmocka_unit_test(test_rfc7606_3g_other_twice),
		cmocka_unit_test(test_rfc7606_3d_missing_mandatory),
		cmocka_unit_test(test_rfc7606_3d_local_pref_not_mandatory),
		cmocka_unit_test(test_rfc7606_3h_strongest),
		cmocka_unit_test(test_rfc7606_5_2_no_reachable_nlri),
		cmocka_unit_test(test_rfc7606_7_1_origin),
		cmocka_unit_test(test_rfc7606_7_2_as_path),
		cmocka_unit_test(test_rfc4271_6_3_first_as_ok),
		cmocka_unit_test(test_rfc4271_6_3_first_as_other),
		cmocka_unit_test(test_rfc4271_6_3_first_as_empty),
		cmocka_unit_test(test_rfc4271_6_3_first_as_ibgp),
		cmocka_unit_test(test_rfc4271_6_3_first_as_after_merge),
		cmocka_unit_test(test_rfc7606_7_3_next_hop),
		cmocka_unit_test(test_rfc7606_7_4_7_5_med_local_pref),
		cmocka_unit_test(test_rfc7606_7_5_local_pref_ebgp),
		cmocka_unit_test(test_rfc7606_7_6_atomic_aggregate),
		cmocka_unit_test(test_rfc7606_7_7_aggregator),
		cmocka_unit_test(test_rfc7606_7_8_communities_lengths),
		cmocka_unit_test(test_rfc7606_7_9_originator_id),
		cmocka_unit_test(test_rfc7606_7_9_7_10_from_ebgp),
		cmocka_unit_test(test_rfc7606_7_11_mp_next_hop),
		cmocka_unit_test(test_rfc7606_7_11_mp_too_short),
		cmocka_unit_test(test_mp_family_not_negotiated),
		cmocka_unit_test(test_rfc6793_as4_attribute_discard),
		cmocka_unit_test(test_pmsi_tunnel_malformed),
		cmocka_unit_test(test_unknown_well_known),
		cmocka_unit_test(test_unknown_optional),
		cmocka_unit_test(test_unknown_kept_in_type_order),
		cmocka_unit_test(test_unknown_too_many),
		cmocka_unit_test(test_as_path_too_long_for_4_octets),
		cmocka_unit_test(test_unknown_transitive_partial_on_encode),
		cmocka_unit_test(test_partial_kept),
		cmocka_unit_test(test_rfc6793_merge),
		cmocka_unit_test(test_rfc6793_as4_path_longer_ignored),
		cmocka_unit_test(test_rfc6793_merge_sets_and_confed),
		cmocka_unit_test(test_rfc6793_aggregator),
		cmocka_unit_test(test_rfc6793_build_two_octet),
		cmocka_unit_test(test_round_trip_build_parse),
		cmocka_unit_test(test_extended_length),
		cmocka_unit_test(test_nlri_split),
		cmocka_unit_test(test_nlri_whole),
		cmocka_unit_test(test_eor),
		cmocka_unit_test(test_frr_type2_mac_only),
		cmocka_unit_test(test_frr_type2_mac_ip),
		cmocka_unit_test(test_frr_type3_imet),
		cmocka_unit_test(test_frr_reflected),
		cmocka_unit_test(test_frr_eor),
	};
	return cmocka_run_group_tests_name("bgp_update", tests, NULL, teardown);
}
