/* wire/msg.c, open.c, caps.c: every message and capability round trip,
 * every header and OPEN error with its code, subcode and data, and the
 * OPENs FRR 8.4 sent in shared/vectors/frr84-evpn-fabric.pcap. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "tests/unit/vectors.h"

#include "wire/msg.h"

#define EVPN (1u << BGP_AF_L2VPN_EVPN)
#define V4 (1u << BGP_AF_IPV4_UNICAST)
#define V6 (1u << BGP_AF_IPV6_UNICAST)

static void expect_err(const struct bgp_notify *e, uint8_t code, uint8_t sub,
		       const void *data, size_t len)
{
	assert_int_equal(e->code, code);
	assert_int_equal(e->subcode, sub);
	assert_int_equal(e->data_len, len);
	if (len)
		assert_memory_equal(e->data, data, len);
}

/* Parses a whole message: header, then the OPEN body. */
static int parse_open_msg(const uint8_t *p, size_t n, struct bgp_open *o, struct bgp_notify *e)
{
	struct rbuf r, body;
	uint8_t type;
	uint16_t len;

	rb_init(&r, p, n);
	assert_int_equal(bgp_hdr_parse(&r, BGP_MAX_LEN, &type, &len, e), 0);
	assert_int_equal(type, BGP_MSG_OPEN);
	assert_int_equal(len, n);
	rb_rest(&r, &body);
	return bgp_open_parse(&body, o, e);
}

static int parse_open_body(const uint8_t *p, size_t n, struct bgp_open *o, struct bgp_notify *e)
{
	struct rbuf body;

	rb_init(&body, p, n);
	return bgp_open_parse(&body, o, e);
}

static void assert_caps_equal(const struct bgp_caps *a, const struct bgp_caps *b)
{
	assert_int_equal(a->mp, b->mp);
	assert_int_equal(a->as4, b->as4);
	assert_int_equal(a->as4_asn, b->as4_asn);
	assert_int_equal(a->route_refresh, b->route_refresh);
	assert_int_equal(a->enhanced_rr, b->enhanced_rr);
	assert_int_equal(a->ext_msg, b->ext_msg);
	assert_int_equal(a->gr, b->gr);
	assert_int_equal(a->gr_restarting, b->gr_restarting);
	assert_int_equal(a->gr_notification, b->gr_notification);
	assert_int_equal(a->gr_time, b->gr_time);
	assert_int_equal(a->gr_af, b->gr_af);
	assert_int_equal(a->gr_af_fwd, b->gr_af_fwd);
	assert_int_equal(a->fqdn, b->fqdn);
	assert_string_equal(a->hostname, b->hostname);
	assert_string_equal(a->domain, b->domain);
	assert_int_equal(a->unknown, b->unknown);
}

/* build → header → parse gives the same struct; returns the size built. */
static size_t open_roundtrip(const struct bgp_open *in)
{
	struct bgp_open out;
	struct bgp_notify e;
	struct wbuf w;
	size_t n;

	wb_init(&w, BGP_MAX_LEN);
	bgp_open_build(&w, in);
	assert_true(wb_ok(&w));
	assert_int_equal(parse_open_msg(w.p, w.len, &out, &e), 0);
	assert_int_equal(out.version, 4);
	assert_int_equal(out.my_as, in->my_as);
	assert_int_equal(out.hold, in->hold);
	assert_int_equal(out.bgp_id, in->bgp_id);
	assert_caps_equal(&out.caps, &in->caps);
	assert_memory_equal(&out, in, sizeof(out));
	n = w.len;
	wb_free(&w);
	return n;
}

static void open_base(struct bgp_open *o)
{
	memset(o, 0, sizeof(*o));
	o->version = 4;
	o->my_as = 65000;
	o->hold = 9;
	o->bgp_id = 0x0aff000b;
}

static void test_open_roundtrip_all(void **state)
{
	struct bgp_open o;
	struct bgp_caps *c = &o.caps;

	(void)state;
	open_base(&o);
	o.my_as = BGP_AS_TRANS;
	c->mp = V4 | V6 | EVPN;
	c->as4 = true;
	c->as4_asn = 4200000001u;
	c->route_refresh = c->enhanced_rr = c->ext_msg = true;
	c->gr = c->gr_restarting = c->gr_notification = true;
	c->gr_time = 4095;
	c->gr_af = V4 | EVPN;
	c->gr_af_fwd = EVPN;
	c->fqdn = true;
	strcpy(c->hostname, "leaf1");
	strcpy(c->domain, "example.net");
	/* 29 + MP 3x8 + RR 4 + ERR 4 + AS4 8 + EXT 4 + FQDN 4+1+5+1+11
	 * + GR 4+2+2x4 */
	assert_int_equal(open_roundtrip(&o), 29 + 24 + 4 + 4 + 8 + 4 + 22 + 14);
}

static void test_open_roundtrip_each(void **state)
{
	struct bgp_open o;

	(void)state;
	open_base(&o);
	assert_int_equal(open_roundtrip(&o), 29);	/* no parameters at all */
	for (unsigned af = 0; af < BGP_AF_MAX; af++) {
		open_base(&o);
		o.caps.mp = (uint8_t)(1u << af);
		assert_int_equal(open_roundtrip(&o), 29 + 8);
	}
	open_base(&o);
	o.caps.route_refresh = true;
	assert_int_equal(open_roundtrip(&o), 29 + 4);
	open_base(&o);
	o.caps.enhanced_rr = true;
	assert_int_equal(open_roundtrip(&o), 29 + 4);
	open_base(&o);
	o.caps.ext_msg = true;
	assert_int_equal(open_roundtrip(&o), 29 + 4);
	open_base(&o);
	o.caps.as4 = true;
	o.caps.as4_asn = 65000;
	assert_int_equal(open_roundtrip(&o), 29 + 8);
	open_base(&o);
	o.caps.gr = true;
	o.caps.gr_time = 120;
	assert_int_equal(open_roundtrip(&o), 29 + 6);
	o.caps.gr_af = V6;
	assert_int_equal(open_roundtrip(&o), 29 + 10);
	open_base(&o);
	o.caps.fqdn = true;
	assert_int_equal(open_roundtrip(&o), 29 + 6);	/* both names empty */
	memset(o.caps.hostname, 'h', BGP_HOSTNAME_MAX);
	memset(o.caps.domain, 'd', BGP_HOSTNAME_MAX);
	assert_int_equal(open_roundtrip(&o), 29 + 6 + 2 * BGP_HOSTNAME_MAX);
}

/* The exact octets of one capability in its own parameter. */
static void test_open_cap_bytes(void **state)
{
	static const uint8_t gr[] = {2, 12, 64, 10, 0xc0, 0x78, 0, 1, 1, 0, 0, 25, 70, 0x80};
	static const uint8_t fqdn[] = {2, 11, 73, 9, 5, 'l', 'e', 'a', 'f', '1', 2, 'd', 'c'};
	static const uint8_t mp[] = {2, 6, 1, 4, 0, 25, 0, 70, 2, 6, 65, 4, 0xfa, 0x56, 0xea, 0x01};
	struct bgp_open o;
	struct wbuf w;

	(void)state;
	open_base(&o);
	o.caps.gr = o.caps.gr_restarting = o.caps.gr_notification = true;
	o.caps.gr_time = 120;
	o.caps.gr_af = V4 | EVPN;
	o.caps.gr_af_fwd = EVPN;
	wb_init(&w, BGP_MAX_LEN);
	bgp_open_build(&w, &o);
	assert_int_equal(w.len, 29 + sizeof(gr));
	assert_int_equal(w.p[28], sizeof(gr));
	assert_memory_equal(w.p + 29, gr, sizeof(gr));
	open_base(&o);
	o.caps.fqdn = true;
	strcpy(o.caps.hostname, "leaf1");
	strcpy(o.caps.domain, "dc");
	wb_reset(&w);
	bgp_open_build(&w, &o);
	assert_memory_equal(w.p + 29, fqdn, sizeof(fqdn));
	open_base(&o);
	o.caps.mp = EVPN;
	o.caps.as4 = true;
	o.caps.as4_asn = 4200000001u;
	wb_reset(&w);
	bgp_open_build(&w, &o);
	assert_memory_equal(w.p + 29, mp, sizeof(mp));
	wb_free(&w);
}

/* A body: version 4, AS 65000, hold 9, id 10.255.0.11, then optlen and
 * parameters as given. */
static size_t open_body(uint8_t *b, const uint8_t *params, size_t n)
{
	static const uint8_t fixed[] = {4, 0xfd, 0xe8, 0, 9, 10, 255, 0, 11};

	memcpy(b, fixed, sizeof(fixed));
	b[9] = (uint8_t)n;
	if (n)
		memcpy(b + 10, params, n);
	return 10 + n;
}

static void expect_open_err(const uint8_t *params, size_t n, uint8_t sub)
{
	uint8_t b[512];
	struct bgp_open o;
	struct bgp_notify e;

	assert_int_equal(parse_open_body(b, open_body(b, params, n), &o, &e), -1);
	expect_err(&e, BGP_ERR_OPEN, sub, NULL, 0);
}

static void test_open_fixed_errors(void **state)
{
	uint8_t b[64];
	struct bgp_open o;
	struct bgp_notify e;
	size_t n = open_body(b, NULL, 0);

	(void)state;
	assert_int_equal(parse_open_body(b, n, &o, &e), 0);
	b[0] = 3;
	assert_int_equal(parse_open_body(b, n, &o, &e), -1);
	expect_err(&e, BGP_ERR_OPEN, BGP_OPEN_BAD_VERSION, "\x00\x04", 2);
	b[0] = 5;
	assert_int_equal(parse_open_body(b, 1, &o, &e), -1);	/* version first */
	expect_err(&e, BGP_ERR_OPEN, BGP_OPEN_BAD_VERSION, "\x00\x04", 2);
	b[0] = 4;
	for (uint8_t hold = 0; hold <= 3; hold++) {
		b[4] = hold;
		assert_int_equal(parse_open_body(b, n, &o, &e), hold == 1 || hold == 2 ? -1 : 0);
		if (hold == 1 || hold == 2)
			expect_err(&e, BGP_ERR_OPEN, BGP_OPEN_BAD_HOLD, (uint8_t[]){0, hold}, 2);
		else
			assert_int_equal(o.hold, hold);
	}
	memset(b + 5, 0, 4);
	assert_int_equal(parse_open_body(b, n, &o, &e), -1);
	expect_err(&e, BGP_ERR_OPEN, BGP_OPEN_BAD_ID, "\0\0\0\0", 4);
	b[8] = 1;
	b[1] = b[2] = 0;	/* RFC 7607: AS 0 */
	assert_int_equal(parse_open_body(b, n, &o, &e), -1);
	expect_err(&e, BGP_ERR_OPEN, BGP_OPEN_BAD_AS, "\0\0", 2);
	/* The fixed part cut short: the message is shorter than any OPEN. */
	assert_int_equal(parse_open_body(b, 5, &o, &e), -1);
	expect_err(&e, BGP_ERR_HEADER, BGP_HDR_BAD_LEN, "\x00\x18", 2);
}

static void test_open_param_errors(void **state)
{
	uint8_t b[64];
	struct bgp_open o;
	struct bgp_notify e;
	size_t n;

	(void)state;
	/* Type 1 (Authentication, deprecated) is unsupported. */
	expect_open_err((const uint8_t[]){1, 2, 0, 0}, 4, BGP_OPEN_BAD_OPT);
	/* A parameter longer than the parameters. */
	expect_open_err((const uint8_t[]){2, 6, 2, 0}, 4, 0);
	/* A parameter header cut after its type. */
	expect_open_err((const uint8_t[]){2, 0, 2}, 3, 0);
	/* optlen beyond the message, and bytes after the parameters. */
	n = open_body(b, (const uint8_t[]){2, 2, 2, 0}, 4);
	b[9] = 5;
	assert_int_equal(parse_open_body(b, n, &o, &e), -1);
	expect_err(&e, BGP_ERR_OPEN, 0, NULL, 0);
	b[9] = 4;
	assert_int_equal(parse_open_body(b, n, &o, &e), 0);
	assert_true(o.caps.route_refresh);
	assert_int_equal(parse_open_body(b, n + 1, &o, &e), -1);	/* one octet over */
	expect_err(&e, BGP_ERR_OPEN, 0, NULL, 0);
	/* AS 0 in the 4-octet AS capability (RFC 7607). */
	n = open_body(b, (const uint8_t[]){2, 6, 65, 4, 0, 0, 0, 0}, 8);
	assert_int_equal(parse_open_body(b, n, &o, &e), -1);
	expect_err(&e, BGP_ERR_OPEN, BGP_OPEN_BAD_AS, "\xfd\xe8", 2);
}

static void test_open_cap_errors(void **state)
{
	(void)state;
	/* A capability longer than its parameter. */
	expect_open_err((const uint8_t[]){2, 4, 1, 4, 0, 25}, 6, 0);
	/* A capability header cut in two. */
	expect_open_err((const uint8_t[]){2, 1, 1}, 3, 0);
	/* Wrong lengths for known capabilities. */
	expect_open_err((const uint8_t[]){2, 5, 1, 3, 0, 25, 0}, 7, 0);
	expect_open_err((const uint8_t[]){2, 7, 1, 5, 0, 25, 0, 70, 0}, 9, 0);
	expect_open_err((const uint8_t[]){2, 3, 2, 1, 0}, 5, 0);
	expect_open_err((const uint8_t[]){2, 3, 128, 1, 0}, 5, 0);
	expect_open_err((const uint8_t[]){2, 3, 70, 1, 0}, 5, 0);
	expect_open_err((const uint8_t[]){2, 3, 6, 1, 0}, 5, 0);
	expect_open_err((const uint8_t[]){2, 4, 65, 2, 0, 1}, 6, 0);
	expect_open_err((const uint8_t[]){2, 3, 64, 1, 0}, 5, 0);
	expect_open_err((const uint8_t[]){2, 5, 64, 3, 0, 120, 0}, 7, 0);
	expect_open_err((const uint8_t[]){2, 7, 64, 5, 0, 120, 0, 25, 70}, 9, 0);
	/* FQDN: host name past the end, domain length missing, extra bytes. */
	expect_open_err((const uint8_t[]){2, 5, 73, 3, 5, 'a', 'b'}, 7, 0);
	expect_open_err((const uint8_t[]){2, 4, 73, 2, 1, 'a'}, 6, 0);
	expect_open_err((const uint8_t[]){2, 5, 73, 3, 0, 0, 0}, 7, 0);
}

/* RFC 5492 §3: unknown capabilities are skipped and counted; MP for a
 * family we do not speak is ignored. */
static void test_open_unknown_caps(void **state)
{
	static const uint8_t params[] = {
		2, 6, 69, 4, 0, 25, 70, 1,	/* ADD-PATH */
		2, 5, 200, 3, 1, 2, 3,		/* vendor */
		2, 3, 9, 1, 0,			/* role */
		2, 6, 1, 4, 0, 1, 0, 128,	/* MP IPv4 VPN */
		2, 6, 1, 4, 0, 25, 0, 70,	/* MP L2VPN EVPN */
		2, 2, 66, 0,			/* dynamic */
	};
	uint8_t b[128];
	struct bgp_open o;
	struct bgp_notify e;

	(void)state;
	assert_int_equal(parse_open_body(b, open_body(b, params, sizeof(params)), &o, &e), 0);
	assert_int_equal(o.caps.unknown, 4);
	assert_int_equal(o.caps.mp, EVPN);
	assert_false(o.caps.route_refresh);
}

/* Several capabilities in one parameter (BIRD, GoBGP), several families in
 * GR with one we do not speak, and the old route refresh code. */
static void test_open_caps_one_param(void **state)
{
	static const uint8_t params[] = {
		2, 30,
		1, 4, 0, 2, 0, 1,
		128, 0,
		65, 4, 0, 1, 0, 0,
		64, 14, 0x40, 0x5a, 0, 2, 1, 0x80, 0, 1, 128, 0x80, 0, 25, 70, 0,
	};
	uint8_t b[64];
	struct bgp_open o;
	struct bgp_notify e;

	(void)state;
	assert_int_equal(parse_open_body(b, open_body(b, params, sizeof(params)), &o, &e), 0);
	assert_int_equal(o.caps.mp, V6);
	assert_true(o.caps.route_refresh);
	assert_true(o.caps.as4);
	assert_int_equal(o.caps.as4_asn, 65536);
	assert_true(o.caps.gr);
	assert_false(o.caps.gr_restarting);
	assert_true(o.caps.gr_notification);
	assert_int_equal(o.caps.gr_time, 90);
	assert_int_equal(o.caps.gr_af, V6 | EVPN);
	assert_int_equal(o.caps.gr_af_fwd, V6);
	assert_int_equal(o.caps.unknown, 0);
}

/* A host name longer than we keep is cut, as FRR does. */
static void test_open_long_hostname(void **state)
{
	uint8_t params[2 + 2 + 1 + 100 + 1];
	uint8_t b[256];
	struct bgp_open o;
	struct bgp_notify e;

	(void)state;
	params[0] = 2;
	params[1] = sizeof(params) - 2;
	params[2] = 73;
	params[3] = sizeof(params) - 4;
	params[4] = 100;
	memset(params + 5, 'x', 100);
	params[105] = 0;
	assert_int_equal(parse_open_body(b, open_body(b, params, sizeof(params)), &o, &e), 0);
	assert_int_equal(strlen(o.caps.hostname), BGP_HOSTNAME_MAX);
	assert_string_equal(o.caps.domain, "");
}

/* RFC 9072: Non-Ext OP Len 255, Non-Ext OP Type 255, a 2-octet length,
 * parameters with 2-octet lengths. */
static void test_open_rfc9072(void **state)
{
	static const uint8_t ext[] = {
		4, 0xfd, 0xe8, 0, 90, 10, 255, 0, 1, 255, 255, 0, 18,
		2, 0, 6, 1, 4, 0, 25, 0, 70,
		2, 0, 6, 65, 4, 0, 0, 0xfd, 0xe8,
	};
	uint8_t b[sizeof(ext)];
	struct bgp_open o;
	struct bgp_notify e;

	(void)state;
	assert_int_equal(parse_open_body(ext, sizeof(ext), &o, &e), 0);
	assert_int_equal(o.hold, 90);
	assert_int_equal(o.caps.mp, EVPN);
	assert_int_equal(o.caps.as4_asn, 65000);
	memcpy(b, ext, sizeof(b));
	b[12] = 17;	/* extended length short of the parameters */
	assert_int_equal(parse_open_body(b, sizeof(b), &o, &e), -1);
	expect_err(&e, BGP_ERR_OPEN, 0, NULL, 0);
	memcpy(b, ext, sizeof(b));
	b[15] = 19;	/* a parameter's 2-octet length overruns */
	assert_int_equal(parse_open_body(b, sizeof(b), &o, &e), -1);
	expect_err(&e, BGP_ERR_OPEN, 0, NULL, 0);
	memcpy(b, ext, sizeof(b));
	b[13] = 1;	/* unknown parameter type in the extended form */
	assert_int_equal(parse_open_body(b, sizeof(b), &o, &e), -1);
	expect_err(&e, BGP_ERR_OPEN, BGP_OPEN_BAD_OPT, NULL, 0);
}

static void check_frr_open(const char *file, size_t len, uint32_t id, const char *host)
{
	uint8_t m[512];
	size_t n = load_vector(file, m, sizeof(m));
	struct bgp_open o;
	struct bgp_notify e;

	assert_int_equal(n, len);
	assert_int_equal(parse_open_msg(m, n, &o, &e), 0);
	assert_int_equal(o.version, 4);
	assert_int_equal(o.my_as, 65000);
	assert_int_equal(o.hold, 9);
	assert_int_equal(o.bgp_id, id);
	assert_int_equal(o.caps.mp, EVPN);
	assert_true(o.caps.as4);
	assert_int_equal(o.caps.as4_asn, 65000);
	assert_true(o.caps.route_refresh);
	assert_true(o.caps.enhanced_rr);
	assert_true(o.caps.ext_msg);
	/* Helper-only GR: R (bgpd just started), N, 120 s, no families. */
	assert_true(o.caps.gr);
	assert_true(o.caps.gr_restarting);
	assert_true(o.caps.gr_notification);
	assert_int_equal(o.caps.gr_time, 120);
	assert_int_equal(o.caps.gr_af, 0);
	assert_true(o.caps.fqdn);
	assert_string_equal(o.caps.hostname, host);
	assert_string_equal(o.caps.domain, "");
	assert_int_equal(o.caps.unknown, 2);	/* ADD-PATH 69, LLGR 71 */
}

static void test_frr84_opens(void **state)
{
	(void)state;
	check_frr_open("frr84-open-spine.bin", 98, 0x0aff0001, "spine1");
	check_frr_open("frr84-open-leaf1.bin", 97, 0x0aff000b, "leaf1");
}

/* FRR's OPEN without the parameters we never send (old route refresh
 * 128, ADD-PATH 69, LLGR 71) is byte for byte what we build from what
 * we parsed of it: same capabilities, same order, same framing. */
static size_t frr_open_without_extras(const uint8_t *m, size_t n, uint8_t *out)
{
	struct rbuf r, params;
	struct wbuf w;
	size_t len;

	rb_init(&r, m, n);
	rb_skip(&r, 28);
	assert_true(rb_sub(&r, rb_u8(&r), &params));
	wb_init(&w, BGP_MAX_LEN);
	wb_bytes(&w, m, 29);
	while (!rb_empty(&params)) {
		uint8_t type = rb_u8(&params), plen = rb_u8(&params);
		const uint8_t *v = rb_view(&params, plen);

		assert_non_null(v);
		assert_int_equal(type, 2);
		if (v[0] != 128 && v[0] != 69 && v[0] != 71) {
			wb_u8(&w, type);
			wb_u8(&w, plen);
			wb_bytes(&w, v, plen);
		}
	}
	wb_put16(&w, 16, (uint16_t)w.len);
	wb_put8(&w, 28, (uint8_t)(w.len - 29));
	assert_true(wb_ok(&w));
	memcpy(out, w.p, w.len);
	len = w.len;
	wb_free(&w);
	return len;
}

static void test_frr84_order(void **state)
{
	const char *files[] = {"frr84-open-spine.bin", "frr84-open-leaf1.bin"};

	(void)state;
	for (size_t i = 0; i < 2; i++) {
		uint8_t m[512], want[512];
		size_t n = load_vector(files[i], m, sizeof(m));
		size_t wn = frr_open_without_extras(m, n, want);
		struct bgp_open o;
		struct bgp_notify e;
		struct wbuf w;

		assert_int_equal(parse_open_msg(m, n, &o, &e), 0);
		o.caps.unknown = 0;
		wb_init(&w, BGP_MAX_LEN);
		bgp_open_build(&w, &o);
		assert_true(wb_ok(&w));
		assert_int_equal(w.len, n - 4 - 8 - 11);
		assert_int_equal(w.len, wn);
		assert_memory_equal(w.p, want, wn);
		wb_free(&w);
	}
}

static void test_hdr_keepalive(void **state)
{
	static const uint8_t ka[19] = {
		0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
		0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0, 19, 4,
	};
	struct bgp_notify e;
	struct wbuf w;
	struct rbuf r;
	uint8_t type;
	uint16_t len;

	(void)state;
	wb_init(&w, BGP_MAX_LEN);
	bgp_keepalive_build(&w);
	assert_true(wb_ok(&w));
	assert_int_equal(w.len, 19);
	assert_memory_equal(w.p, ka, 19);
	rb_init(&r, w.p, w.len);
	assert_int_equal(bgp_hdr_parse(&r, BGP_MAX_LEN, &type, &len, &e), 0);
	assert_int_equal(type, BGP_MSG_KEEPALIVE);
	assert_int_equal(len, 19);
	assert_true(rb_empty(&r));
	wb_free(&w);
}

static void expect_hdr(const uint8_t hdr[19], size_t max, int rc, uint8_t sub,
		       const void *data, size_t dlen)
{
	struct bgp_notify e;
	struct rbuf r;
	uint8_t type;
	uint16_t len;

	rb_init(&r, hdr, 19);
	assert_int_equal(bgp_hdr_parse(&r, max, &type, &len, &e), rc);
	if (rc == 0) {
		assert_int_equal(type, hdr[18]);
		assert_int_equal(len, hdr[16] << 8 | hdr[17]);
		assert_int_equal(rb_pos(&r), 19);
	} else {
		expect_err(&e, BGP_ERR_HEADER, sub, data, dlen);
	}
}

static void hdr_make(uint8_t h[19], uint16_t len, uint8_t type)
{
	memset(h, 0xff, 16);
	h[16] = (uint8_t)(len >> 8);
	h[17] = (uint8_t)len;
	h[18] = type;
}

static void test_hdr_errors(void **state)
{
	static const struct {
		uint16_t len;
		uint8_t type;
		size_t max;
		int rc;
	} cases[] = {
		{29, 1, 4096, 0}, {28, 1, 4096, -1}, {4096, 1, 65535, 0}, {4097, 1, 65535, -1},
		{19, 4, 4096, 0}, {20, 4, 4096, -1},
		{21, 3, 4096, 0}, {20, 3, 4096, -1},
		{23, 5, 4096, 0}, {22, 5, 4096, -1},
		{23, 2, 4096, 0}, {22, 2, 4096, -1}, {4096, 2, 4096, 0},
		{4097, 2, 4096, -1}, {5000, 2, 65535, 0}, {18, 4, 4096, -1}, {0, 2, 4096, -1},
	};
	uint8_t h[19];

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		hdr_make(h, cases[i].len, cases[i].type);
		expect_hdr(h, cases[i].max, cases[i].rc, BGP_HDR_BAD_LEN, h + 16, 2);
	}
	hdr_make(h, 19, 4);
	h[7] = 0xfe;
	expect_hdr(h, 4096, -1, BGP_HDR_SYNC, NULL, 0);
	hdr_make(h, 23, 6);
	expect_hdr(h, 4096, -1, BGP_HDR_BAD_TYPE, "\x06", 1);
	hdr_make(h, 23, 0);
	expect_hdr(h, 4096, -1, BGP_HDR_BAD_TYPE, "\x00", 1);
	/* A bad length is reported before a bad type (RFC 4271 §6.1 order). */
	hdr_make(h, 10, 9);
	expect_hdr(h, 4096, -1, BGP_HDR_BAD_LEN, "\x00\x0a", 2);
}

static void test_hdr_end_limits(void **state)
{
	static const uint8_t big[5000];
	struct wbuf w;
	size_t start;

	(void)state;
	wb_init(&w, BGP_EXT_MAX_LEN);
	wb_u8(&w, 0xaa);	/* messages need not start at offset 0 */
	start = bgp_hdr_begin(&w, BGP_MSG_UPDATE);
	assert_int_equal(start, 1);
	wb_bytes(&w, big, sizeof(big));
	assert_false(bgp_hdr_end(&w, start, BGP_MAX_LEN));
	assert_true(bgp_hdr_end(&w, start, BGP_EXT_MAX_LEN));
	assert_int_equal(w.p[17] << 8 | w.p[18], 19 + 5000);
	assert_int_equal(w.p[19], BGP_MSG_UPDATE);
	wb_free(&w);
}

static void test_notify_roundtrip(void **state)
{
	struct bgp_notify in, out, e;
	struct wbuf w;
	struct rbuf r, body;
	uint8_t type;
	uint16_t len;

	(void)state;
	bgp_notify_set(&in, BGP_ERR_CEASE, BGP_CEASE_ADMIN_SHUTDOWN, "\x03" "bye", 4);
	wb_init(&w, BGP_MAX_LEN);
	bgp_notify_build(&w, &in);
	assert_true(wb_ok(&w));
	assert_int_equal(w.len, 19 + 2 + 4);
	assert_memory_equal(w.p + 18, "\x03\x06\x02\x03" "bye", 7);
	rb_init(&r, w.p, w.len);
	assert_int_equal(bgp_hdr_parse(&r, BGP_MAX_LEN, &type, &len, &e), 0);
	assert_int_equal(type, BGP_MSG_NOTIFICATION);
	rb_rest(&r, &body);
	assert_int_equal(bgp_notify_parse(&body, &out), 0);
	assert_memory_equal(&out, &in, sizeof(in));
	wb_free(&w);
}

/* Data beyond the copy's size is cut, on set and on parse. */
static void test_notify_truncated(void **state)
{
	uint8_t big[200];
	struct bgp_notify in, out;
	struct rbuf body;

	(void)state;
	memset(big, 0x5a, sizeof(big));
	big[0] = BGP_ERR_UPDATE;
	big[1] = BGP_UPD_ATTR_LEN;
	bgp_notify_set(&in, 1, 2, big, sizeof(big));
	assert_int_equal(in.data_len, BGP_NOTIFY_DATA_MAX);
	rb_init(&body, big, sizeof(big));
	assert_int_equal(bgp_notify_parse(&body, &out), 0);
	assert_int_equal(out.code, BGP_ERR_UPDATE);
	assert_int_equal(out.subcode, BGP_UPD_ATTR_LEN);
	assert_int_equal(out.data_len, BGP_NOTIFY_DATA_MAX);
	assert_memory_equal(out.data, big + 2, BGP_NOTIFY_DATA_MAX);
	assert_true(rb_empty(&body));
	rb_init(&body, big, 1);
	assert_int_equal(bgp_notify_parse(&body, &out), -1);
	bgp_notify_set(&in, BGP_ERR_HOLD, 0, NULL, 0);
	assert_int_equal(in.data_len, 0);
}

static void test_rr_roundtrip(void **state)
{
	struct bgp_route_refresh in = {BGP_AFI_L2VPN, 0, BGP_SAFI_EVPN}, out;
	struct bgp_notify e;
	struct wbuf w;
	struct rbuf r, body;
	uint8_t type;
	uint16_t len;

	(void)state;
	wb_init(&w, BGP_MAX_LEN);
	for (uint8_t st = BGP_RR_NORMAL; st <= BGP_RR_EORR; st++) {
		in.subtype = st;
		wb_reset(&w);
		bgp_rr_build(&w, &in);
		assert_true(wb_ok(&w));
		assert_int_equal(w.len, 23);
		assert_memory_equal(w.p + 16, ((uint8_t[]){0, 23, 5, 0, 25, st, 70}), 7);
		rb_init(&r, w.p, w.len);
		assert_int_equal(bgp_hdr_parse(&r, BGP_MAX_LEN, &type, &len, &e), 0);
		assert_int_equal(type, BGP_MSG_ROUTE_REFRESH);
		rb_rest(&r, &body);
		assert_int_equal(bgp_rr_parse(&body, &out, &e), 0);
		assert_int_equal(out.afi, in.afi);
		assert_int_equal(out.subtype, in.subtype);
		assert_int_equal(out.safi, in.safi);
	}
	wb_free(&w);
}

/* RFC 7313 §5: the data is the whole ROUTE-REFRESH message. */
static void test_rr_bad_len(void **state)
{
	static const uint8_t body5[] = {0, 25, 1, 70, 9};
	uint8_t want[24];
	struct bgp_route_refresh rr;
	struct bgp_notify e;
	struct rbuf body;

	(void)state;
	hdr_make(want, 24, BGP_MSG_ROUTE_REFRESH);
	memcpy(want + 19, body5, 5);
	rb_init(&body, body5, 5);
	assert_int_equal(bgp_rr_parse(&body, &rr, &e), -1);
	expect_err(&e, BGP_ERR_ROUTE_REFRESH, BGP_RR_BAD_LEN, want, 24);
	hdr_make(want, 22, BGP_MSG_ROUTE_REFRESH);
	memcpy(want + 19, body5, 3);
	rb_init(&body, body5, 3);
	assert_int_equal(bgp_rr_parse(&body, &rr, &e), -1);
	expect_err(&e, BGP_ERR_ROUTE_REFRESH, BGP_RR_BAD_LEN, want, 22);
}

static void test_err_strings(void **state)
{
	(void)state;
	assert_string_equal(bgp_err_str(BGP_ERR_HEADER), "Message Header Error");
	assert_string_equal(bgp_err_str(BGP_ERR_OPEN), "OPEN Message Error");
	assert_string_equal(bgp_err_str(BGP_ERR_UPDATE), "UPDATE Message Error");
	assert_string_equal(bgp_err_str(BGP_ERR_HOLD), "Hold Timer Expired");
	assert_string_equal(bgp_err_str(BGP_ERR_FSM), "Neighbor Events Error");
	assert_string_equal(bgp_err_str(BGP_ERR_CEASE), "Cease");
	assert_string_equal(bgp_err_str(BGP_ERR_ROUTE_REFRESH), "ROUTE-REFRESH Message Error");
	assert_string_equal(bgp_err_str(0), "Unrecognized Error Code");
	assert_string_equal(bgp_err_str(200), "Unrecognized Error Code");
	assert_string_equal(bgp_suberr_str(BGP_ERR_CEASE, BGP_CEASE_ADMIN_SHUTDOWN),
			    "Administrative Shutdown");
	assert_string_equal(bgp_suberr_str(BGP_ERR_CEASE, BGP_CEASE_PEER_DECONFIG),
			    "Peer De-configured");
	assert_string_equal(bgp_suberr_str(BGP_ERR_CEASE, BGP_CEASE_COLLISION),
			    "Connection Collision Resolution");
	assert_string_equal(bgp_suberr_str(BGP_ERR_CEASE, BGP_CEASE_HARD_RESET), "Hard Reset");
	assert_string_equal(bgp_suberr_str(BGP_ERR_OPEN, BGP_OPEN_BAD_AS), "Bad Peer AS");
	assert_string_equal(bgp_suberr_str(BGP_ERR_OPEN, 0), "Unspecific");
	assert_string_equal(bgp_suberr_str(BGP_ERR_OPEN, BGP_OPEN_BAD_HOLD),
			    "Unacceptable Hold Time");
	assert_string_equal(bgp_suberr_str(BGP_ERR_OPEN, 8), "Unrecognized Error Subcode");
	assert_string_equal(bgp_suberr_str(BGP_ERR_HEADER, BGP_HDR_SYNC),
			    "Connection Not Synchronized");
	assert_string_equal(bgp_suberr_str(BGP_ERR_HEADER, 0), "Unrecognized Error Subcode");
	assert_string_equal(bgp_suberr_str(BGP_ERR_UPDATE, BGP_UPD_MALFORMED_ASPATH),
			    "Malformed AS_PATH");
	assert_string_equal(bgp_suberr_str(BGP_ERR_FSM, 1),
			    "Receive Unexpected Message in OpenSent State");
	assert_string_equal(bgp_suberr_str(BGP_ERR_ROUTE_REFRESH, BGP_RR_BAD_LEN),
			    "Invalid Message Length");
	assert_string_equal(bgp_suberr_str(BGP_ERR_HOLD, 0), "");
	assert_string_equal(bgp_suberr_str(99, 1), "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_open_roundtrip_all),
		cmocka_unit_test(test_open_roundtrip_each),
		cmocka_unit_test(test_open_cap_bytes),
		cmocka_unit_test(test_open_fixed_errors),
		cmocka_unit_test(test_open_param_errors),
		cmocka_unit_test(test_open_cap_errors),
		cmocka_unit_test(test_open_unknown_caps),
		cmocka_unit_test(test_open_caps_one_param),
		cmocka_unit_test(test_open_long_hostname),
		cmocka_unit_test(test_open_rfc9072),
		cmocka_unit_test(test_frr84_opens),
		cmocka_unit_test(test_frr84_order),
		cmocka_unit_test(test_hdr_keepalive),
		cmocka_unit_test(test_hdr_errors),
		cmocka_unit_test(test_hdr_end_limits),
		cmocka_unit_test(test_notify_roundtrip),
		cmocka_unit_test(test_notify_truncated),
		cmocka_unit_test(test_rr_roundtrip),
		cmocka_unit_test(test_rr_bad_len),
		cmocka_unit_test(test_err_strings),
	};
	return cmocka_run_group_tests_name("bgp_msg", tests, NULL, NULL);
}
