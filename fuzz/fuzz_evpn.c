/* libFuzzer target for the EVPN codecs (evpn/nlri.c, evpn/ecomm.c): the
 * input is an NLRI field as MP_REACH carries it. Every NLRI that parses
 * must build back to the same octets and parse to the same route; its key
 * must exist and exclude the labels; the extended-community printer must
 * cope with any octets.
 *
 * Built by `make fuzz` / `make fuzz-smoke` with clang -fsanitize=fuzzer. */
#include <string.h>

#include "evpn/ecomm.h"
#include "evpn/nlri.h"
#include "fuzz/fuzz.h"
#include "wire/nlri.h"

static void fuzz_one(const uint8_t *p, size_t len)
{
	struct evpn_route r, r2;
	uint8_t key[EVPN_NLRI_KEY_MAX], key2[EVPN_NLRI_KEY_MAX];
	char text[1024];
	struct wbuf w;
	int klen;

	if (evpn_nlri_parse(p, len, &r) < 0) {
		CHECK(evpn_nlri_key(p, len, key) < 0);
		return;
	}
	klen = evpn_nlri_key(p, len, key);
	CHECK(klen > 0 && klen <= EVPN_NLRI_KEY_MAX);
	evpn_route_str(&r, text, sizeof(text));
	wb_init(&w, 4096);
	CHECK(evpn_nlri_build(&w, &r) && w.len == len && memcmp(w.p, p, len) == 0);
	CHECK(evpn_nlri_parse(w.p, w.len, &r2) == 0);
	/* Labels are no part of the key (RFC 7432 §7.2). */
	if (r.nlabels) {
		r.label[0] ^= 1;
		wb_reset(&w);
		CHECK(evpn_nlri_build(&w, &r));
		CHECK(evpn_nlri_key(w.p, w.len, key2) == klen && memcmp(key, key2, (size_t)klen) == 0);
	}
	wb_free(&w);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct bgp_bytes one;
	struct rbuf r;
	char text[2048];

	rb_init(&r, data, size);
	while (bgp_nlri_next(BGP_AF_L2VPN_EVPN, &r, &one) == 1)
		fuzz_one(one.p, one.len);
	evpn_ecomm_list_str(data, size, text, sizeof(text));
	return 0;
}
