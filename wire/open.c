/* The OPEN message (RFC 4271 §4.2): its fixed fields, the checks of §6.2
 * that need no peer configuration, and the optional parameters, in the
 * RFC 9072 extended form too. The capabilities themselves are caps.c's. */
#include <string.h>

#include "lib/be.h"
#include "wire/caps.h"

#define BGP_VERSION 4
/* RFC 9072 §2: Non-Ext OP Len and Non-Ext OP Type both 255 announce a
 * 2-octet parameters length and 2-octet parameter lengths. */
#define BGP_OPT_EXT 255

static int bgp_open_fail(struct bgp_notify *err, uint8_t code, uint8_t sub,
			 const void *data, size_t len)
{
	bgp_notify_set(err, code, sub, data, len);
	return -1;
}

/* The fixed part is cut short: the message is shorter than an OPEN can
 * be, a header error quoting the length (RFC 4271 §6.1). */
static int bgp_open_short(size_t body_len, struct bgp_notify *err)
{
	size_t len = BGP_HDR_LEN + body_len;
	uint8_t data[2] = {(uint8_t)(len >> 8), (uint8_t)len};

	return bgp_open_fail(err, BGP_ERR_HEADER, BGP_HDR_BAD_LEN, data, 2);
}

/* RFC 4271 §6.2, in its order: version, hold time, identifier (the AS
 * against the peer is the FSM's). Each error quotes what RFC 4271 or FRR
 * quotes: our version, the hold time, the identifier. */
static int bgp_open_check(const struct bgp_open *o, struct bgp_notify *err)
{
	uint8_t ver[2] = {0, BGP_VERSION}, hold[2], id[4];

	be16_put(hold, o->hold);
	be32_put(id, o->bgp_id);

	if (o->version != BGP_VERSION)
		return bgp_open_fail(err, BGP_ERR_OPEN, BGP_OPEN_BAD_VERSION, ver, 2);
	if (o->hold == 1 || o->hold == 2)
		return bgp_open_fail(err, BGP_ERR_OPEN, BGP_OPEN_BAD_HOLD, hold, 2);
	/* RFC 6286 §2.2: a non-zero 4-octet value. */
	if (o->bgp_id == 0)
		return bgp_open_fail(err, BGP_ERR_OPEN, BGP_OPEN_BAD_ID, id, 4);
	return 0;
}

/* RFC 7607 §2: AS 0, in My AS or in the 4-octet AS capability, is a Bad
 * Peer AS whatever the configuration says. */
static int bgp_open_check_as(const struct bgp_open *o, struct bgp_notify *err)
{
	uint8_t as[2] = {(uint8_t)(o->my_as >> 8), (uint8_t)o->my_as};

	if (o->my_as == 0 || (o->caps.as4 && o->caps.as4_asn == 0))
		return bgp_open_fail(err, BGP_ERR_OPEN, BGP_OPEN_BAD_AS, as, 2);
	return 0;
}

/* One optional parameter. Only Capabilities (RFC 5492 §4) is defined
 * today; anything else is Unsupported Optional Parameter (RFC 4271 §6.2). */
static int bgp_open_param(struct rbuf *params, bool ext, struct bgp_caps *c,
			  struct bgp_notify *err)
{
	uint8_t type = rb_u8(params);
	uint16_t len = ext ? rb_u16(params) : rb_u8(params);
	struct rbuf v;

	if (!rb_sub(params, len, &v))
		return bgp_open_fail(err, BGP_ERR_OPEN, BGP_OPEN_UNSPECIFIC, NULL, 0);
	if (type != BGP_OPT_CAPS)
		return bgp_open_fail(err, BGP_ERR_OPEN, BGP_OPEN_BAD_OPT, NULL, 0);
	return bgp_caps_parse(&v, c, err);
}

/* RFC 9072 §2: the extended form is Non-Ext OP Len 255 followed by a
 * Non-Ext OP Type 255. Peeks at a copy so body does not move. */
static bool bgp_open_is_ext(const struct rbuf *body, uint8_t optlen)
{
	struct rbuf peek = *body;

	return optlen == BGP_OPT_EXT && rb_u8(&peek) == BGP_OPT_EXT;
}

/* The parameters must fill the rest of the message exactly; FRR sends
 * OPEN error subcode 0 when they do not. */
static int bgp_open_params(struct rbuf *body, uint8_t optlen, struct bgp_caps *c,
			   struct bgp_notify *err)
{
	bool ext = bgp_open_is_ext(body, optlen);
	uint16_t len = optlen;
	struct rbuf params;

	if (ext) {
		rb_skip(body, 1);
		len = rb_u16(body);
	}
	if (!rb_sub(body, len, &params) || !rb_empty(body))
		return bgp_open_fail(err, BGP_ERR_OPEN, BGP_OPEN_UNSPECIFIC, NULL, 0);
	while (!rb_empty(&params))
		if (bgp_open_param(&params, ext, c, err) < 0)
			return -1;
	return 0;
}

int bgp_open_parse(struct rbuf *body, struct bgp_open *o, struct bgp_notify *err)
{
	size_t body_len = rb_left(body);
	uint8_t optlen;

	memset(o, 0, sizeof(*o));
	/* The version first: another version may lay out the rest otherwise. */
	o->version = rb_u8(body);
	if (rb_ok(body) && o->version != BGP_VERSION)
		return bgp_open_check(o, err);
	o->my_as = rb_u16(body);
	o->hold = rb_u16(body);
	o->bgp_id = rb_u32(body);
	optlen = rb_u8(body);
	if (!rb_ok(body))
		return bgp_open_short(body_len, err);
	if (bgp_open_check(o, err) < 0 || bgp_open_params(body, optlen, &o->caps, err) < 0)
		return -1;
	return bgp_open_check_as(o, err);
}

/* Always version 4 and the plain 1-octet parameters length: what
 * struct bgp_caps can hold encodes in under 200 octets, so the RFC 9072
 * form (only for more than 255) is never needed on send. */
void bgp_open_build(struct wbuf *w, const struct bgp_open *o)
{
	size_t start = bgp_hdr_begin(w, BGP_MSG_OPEN);
	size_t optlen;

	wb_u8(w, BGP_VERSION);
	wb_u16(w, o->my_as);
	wb_u16(w, o->hold);
	wb_u32(w, o->bgp_id);
	optlen = wb_hole(w, 1);
	bgp_caps_build(w, &o->caps);
	if (w->len - optlen - 1 > UINT8_MAX)
		w->err = true;
	wb_put8(w, optlen, (uint8_t)(w->len - optlen - 1));
	/* RFC 8654 §4: an OPEN stays within 4096 octets. */
	if (!bgp_hdr_end(w, start, BGP_MAX_LEN))
		w->err = true;
}
