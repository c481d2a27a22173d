/* libFuzzer target for the message framing and the small messages
 * (wire/msg.c, open.c, caps.c): the input is one or more whole BGP
 * messages. Each header is checked as the FSM checks it; an OPEN that
 * parses must come back identical through build → parse (the capabilities
 * included), and NOTIFICATION / ROUTE-REFRESH bodies must parse without
 * reading past their end. Sanitizers catch the rest.
 *
 * Built by `make fuzz` / `make fuzz-smoke` with clang -fsanitize=fuzzer. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz/fuzz.h"
#include "wire/msg.h"

/* The parts of an OPEN that a rebuild must reproduce. Unknown capabilities
 * are dropped by design, so their count is not compared. */
static void fuzz_open_same(const struct bgp_open *a, const struct bgp_open *b)
{
	struct bgp_caps ca = a->caps, cb = b->caps;

	ca.unknown = cb.unknown = 0;
	/* Names are C strings: bytes after a NUL inside one are not kept. */
	CHECK(strcmp(ca.hostname, cb.hostname) == 0 && strcmp(ca.domain, cb.domain) == 0);
	memset(ca.hostname, 0, sizeof(ca.hostname));
	memset(cb.hostname, 0, sizeof(cb.hostname));
	memset(ca.domain, 0, sizeof(ca.domain));
	memset(cb.domain, 0, sizeof(cb.domain));
	CHECK(a->version == b->version && a->my_as == b->my_as);
	CHECK(a->hold == b->hold && a->bgp_id == b->bgp_id);
	CHECK(memcmp(&ca, &cb, sizeof(ca)) == 0);
}

static void fuzz_open(const uint8_t *body, size_t len)
{
	struct bgp_open o, o2;
	struct bgp_notify err;
	struct rbuf r;
	struct wbuf w;

	memset(&o, 0, sizeof(o));
	memset(&o2, 0, sizeof(o2));
	rb_init(&r, body, len);
	if (bgp_open_parse(&r, &o, &err) < 0)
		return;
	wb_init(&w, BGP_MAX_LEN);
	bgp_open_build(&w, &o);
	if (wb_ok(&w)) {	/* a huge parameter set may not fit again */
		struct bgp_notify err2;
		uint8_t type;
		uint16_t mlen;
		rb_init(&r, w.p, w.len);
		CHECK(bgp_hdr_parse(&r, BGP_MAX_LEN, &type, &mlen, &err2) == 0);
		CHECK(type == BGP_MSG_OPEN && mlen == w.len);
		CHECK(bgp_open_parse(&r, &o2, &err2) == 0);
		fuzz_open_same(&o, &o2);
	}
	wb_free(&w);
}

static void fuzz_body(uint8_t type, const uint8_t *body, size_t len)
{
	struct bgp_notify n, err;
	struct bgp_route_refresh rr;
	struct rbuf r;

	rb_init(&r, body, len);
	if (type == BGP_MSG_OPEN)
		fuzz_open(body, len);
	else if (type == BGP_MSG_NOTIFICATION && bgp_notify_parse(&r, &n) == 0)
		CHECK(n.data_len <= BGP_NOTIFY_DATA_MAX);
	else if (type == BGP_MSG_ROUTE_REFRESH)
		bgp_rr_parse(&r, &rr, &err);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct rbuf all;

	rb_init(&all, data, size);
	while (rb_left(&all) >= BGP_HDR_LEN) {
		struct bgp_notify err;
		struct rbuf hdr = all;
		uint8_t type;
		uint16_t len;

		struct rbuf msg;

		if (bgp_hdr_parse(&hdr, BGP_EXT_MAX_LEN, &type, &len, &err) < 0 ||
		    !rb_sub(&all, len, &msg))
			break;
		rb_skip(&msg, BGP_HDR_LEN);
		fuzz_body(type, rb_view(&msg, rb_left(&msg)), len - BGP_HDR_LEN);
	}
	return 0;
}
