/* NLRI boundaries per family. Each reader peeks at the length through a copy
 * of the rbuf, then takes the whole NLRI as one view, so a caller gets the
 * bytes as they were sent. */
#include "wire/nlri.h"

/* RFC 4271 §4.3 / RFC 4760 §5: a length in bits, then the fewest octets
 * that hold them. A length over the address size is malformed (RFC 7606
 * §5.3). */
static size_t bgp_nlri_prefix_size(struct rbuf peek, unsigned max_bits)
{
	unsigned bits = rb_u8(&peek);

	if (!rb_ok(&peek) || bits > max_bits)
		return 0;
	return 1 + (bits + 7) / 8;
}

/* RFC 7432 §7: route type (1 octet), length (1 octet), that many octets. */
static size_t bgp_nlri_evpn_size(struct rbuf peek)
{
	rb_u8(&peek);
	unsigned len = rb_u8(&peek);

	return rb_ok(&peek) ? 2 + len : 0;
}

static size_t bgp_nlri_size(enum bgp_af af, const struct rbuf *r)
{
	switch (af) {
	case BGP_AF_IPV4_UNICAST:
		return bgp_nlri_prefix_size(*r, 32);
	case BGP_AF_IPV6_UNICAST:
		return bgp_nlri_prefix_size(*r, 128);
	case BGP_AF_L2VPN_EVPN:
		return bgp_nlri_evpn_size(*r);
	default:
		return 0;
	}
}

int bgp_nlri_next(enum bgp_af af, struct rbuf *r, struct bgp_bytes *one)
{
	size_t n;

	if (!rb_ok(r))
		return -1;
	if (rb_empty(r))
		return 0;
	n = bgp_nlri_size(af, r);
	one->p = n ? rb_view(r, n) : NULL;
	one->len = (uint16_t)n;
	if (!one->p) {
		rb_skip(r, rb_left(r) + 1); /* a size of 0 read nothing: poison r */
		return -1;
	}
	return 1;
}

bool bgp_nlri_valid(enum bgp_af af, struct bgp_bytes field)
{
	struct rbuf r;
	struct bgp_bytes one;
	int rc;

	rb_init(&r, field.p, field.len);
	while ((rc = bgp_nlri_next(af, &r, &one)) == 1)
		;
	return rc == 0;
}
