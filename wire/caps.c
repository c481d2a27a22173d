/* Capabilities (RFC 5492): one table row per capability we understand,
 * each with a decoder that reads from a view ending where the capability
 * ends, and an encoder. The table's order is the order FRR 8.4 sends them
 * in (seen in shared/vectors/frr84-evpn-fabric.pcap), so our OPEN reads
 * like FRR's in a capture: MP per family, route refresh, enhanced route
 * refresh, 4-octet AS, extended message, [ADD-PATH], FQDN, graceful
 * restart, [LLGR]. Like FRR we put every capability in its own optional
 * parameter. */
#include <string.h>

#include "wire/caps.h"

enum {
	BGP_CAP_MP = 1,		/* RFC 4760 §8 */
	BGP_CAP_RR = 2,		/* RFC 2918 §2 */
	BGP_CAP_EXT_MSG = 6,	/* RFC 8654 §3 */
	BGP_CAP_GR = 64,	/* RFC 4724 §3 */
	BGP_CAP_AS4 = 65,	/* RFC 6793 §3 */
	BGP_CAP_ERR = 70,	/* RFC 7313 §3 */
	BGP_CAP_FQDN = 73,	/* draft-walton-bgp-hostname-capability */
	BGP_CAP_RR_OLD = 128,	/* pre-standard route refresh; FRR 8.4 still sends it */
};

#define BGP_GR_R 0x8000		/* RFC 4724 §3: Restart State */
#define BGP_GR_N 0x4000		/* RFC 8538 §2: Graceful Notification */
#define BGP_GR_TIME 0x0fff	/* RFC 4724 §3: 12-bit Restart Time */
#define BGP_GR_F 0x80		/* RFC 4724 §3: Forwarding State, per family */

struct bgp_cap_row {
	uint8_t code;
	int (*parse)(struct rbuf *v, struct bgp_caps *c);	/* -1: malformed */
	void (*build)(struct wbuf *w, const struct bgp_caps *c); /* NULL: never sent */
};

/* A known capability must fill its length exactly: a short one leaves the
 * reader in error, a long one leaves bytes over (RFC 5492 §3 lengths). */
static int bgp_cap_done(const struct rbuf *v)
{
	return rb_ok(v) && rb_empty(v) ? 0 : -1;
}

static int bgp_cap_mp_parse(struct rbuf *v, struct bgp_caps *c)
{
	uint16_t afi = rb_u16(v);
	uint8_t safi;
	int af;

	rb_skip(v, 1);	/* Reserved, RFC 4760 §8 */
	safi = rb_u8(v);
	af = bgp_af_from_wire(afi, safi);
	if (bgp_cap_done(v) < 0)
		return -1;
	if (af >= 0)	/* a family we do not speak is simply not negotiated */
		c->mp |= (uint8_t)(1u << af);
	return 0;
}

static int bgp_cap_rr_parse(struct rbuf *v, struct bgp_caps *c)
{
	c->route_refresh = true;
	return bgp_cap_done(v);
}

static int bgp_cap_err_parse(struct rbuf *v, struct bgp_caps *c)
{
	c->enhanced_rr = true;
	return bgp_cap_done(v);
}

static int bgp_cap_ext_parse(struct rbuf *v, struct bgp_caps *c)
{
	c->ext_msg = true;
	return bgp_cap_done(v);
}

static int bgp_cap_as4_parse(struct rbuf *v, struct bgp_caps *c)
{
	c->as4 = true;
	c->as4_asn = rb_u32(v);
	return bgp_cap_done(v);
}

/* One <AFI, SAFI, Flags> tuple; families we do not speak are skipped. */
static void bgp_cap_gr_af_parse(struct rbuf *v, struct bgp_caps *c)
{
	uint16_t afi = rb_u16(v);
	uint8_t safi = rb_u8(v);
	uint8_t flags = rb_u8(v);
	int af = bgp_af_from_wire(afi, safi);

	if (!rb_ok(v) || af < 0)
		return;
	c->gr_af |= (uint8_t)(1u << af);
	if (flags & BGP_GR_F)
		c->gr_af_fwd |= (uint8_t)(1u << af);
}

/* RFC 4724 §3: flags and time, then 4-octet tuples; a partial tuple leaves
 * the reader in error, which is FRR's "length - 2 not a multiple of 4". */
static int bgp_cap_gr_parse(struct rbuf *v, struct bgp_caps *c)
{
	uint16_t ft = rb_u16(v);

	c->gr = true;
	c->gr_restarting = (ft & BGP_GR_R) != 0;
	c->gr_notification = (ft & BGP_GR_N) != 0;
	c->gr_time = ft & BGP_GR_TIME;
	c->gr_af = c->gr_af_fwd = 0;
	while (rb_ok(v) && !rb_empty(v))
		bgp_cap_gr_af_parse(v, c);
	return bgp_cap_done(v);
}

/* A length octet and that many bytes; longer names are cut to
 * BGP_HOSTNAME_MAX, as FRR does. */
static void bgp_cap_name_parse(struct rbuf *v, char dst[BGP_HOSTNAME_MAX + 1])
{
	uint8_t n = rb_u8(v);
	size_t keep = n < BGP_HOSTNAME_MAX ? n : BGP_HOSTNAME_MAX;

	rb_copy(v, dst, keep);
	dst[keep] = '\0';
	rb_skip(v, n - keep);
}

static int bgp_cap_fqdn_parse(struct rbuf *v, struct bgp_caps *c)
{
	c->fqdn = true;
	bgp_cap_name_parse(v, c->hostname);
	bgp_cap_name_parse(v, c->domain);
	return bgp_cap_done(v);
}

/* Opens an optional parameter holding one capability (RFC 5492 §4) and
 * returns where the parameter's length octet sits; the capability's own
 * length octet follows the code, two octets later. */
static size_t bgp_cap_begin(struct wbuf *w, uint8_t code)
{
	size_t at;

	wb_u8(w, BGP_OPT_CAPS);
	at = wb_hole(w, 1);
	wb_u8(w, code);
	wb_hole(w, 1);
	return at;
}

static void bgp_cap_end(struct wbuf *w, size_t at)
{
	wb_put8(w, at, (uint8_t)(w->len - at - 1));
	wb_put8(w, at + 2, (uint8_t)(w->len - at - 3));
}

static void bgp_cap_empty(struct wbuf *w, uint8_t code)
{
	bgp_cap_end(w, bgp_cap_begin(w, code));
}

/* One MP capability per family, as FRR sends them. */
static void bgp_cap_mp_build(struct wbuf *w, const struct bgp_caps *c)
{
	for (int af = 0; af < BGP_AF_MAX; af++) {
		uint16_t afi;
		uint8_t safi;
		size_t at;

		if (!(c->mp & (1u << af)))
			continue;
		bgp_af_to_wire((enum bgp_af)af, &afi, &safi);
		at = bgp_cap_begin(w, BGP_CAP_MP);
		wb_u16(w, afi);
		wb_u8(w, 0);
		wb_u8(w, safi);
		bgp_cap_end(w, at);
	}
}

static void bgp_cap_rr_build(struct wbuf *w, const struct bgp_caps *c)
{
	if (c->route_refresh)
		bgp_cap_empty(w, BGP_CAP_RR);
}

static void bgp_cap_err_build(struct wbuf *w, const struct bgp_caps *c)
{
	if (c->enhanced_rr)
		bgp_cap_empty(w, BGP_CAP_ERR);
}

static void bgp_cap_ext_build(struct wbuf *w, const struct bgp_caps *c)
{
	if (c->ext_msg)
		bgp_cap_empty(w, BGP_CAP_EXT_MSG);
}

static void bgp_cap_as4_build(struct wbuf *w, const struct bgp_caps *c)
{
	size_t at;

	if (!c->as4)
		return;
	at = bgp_cap_begin(w, BGP_CAP_AS4);
	wb_u32(w, c->as4_asn);
	bgp_cap_end(w, at);
}

static void bgp_cap_name_build(struct wbuf *w, const char *name)
{
	size_t n = strnlen(name, BGP_HOSTNAME_MAX);

	wb_u8(w, (uint8_t)n);
	wb_bytes(w, name, n);
}

/* Host name, then domain name, each with a length octet; an empty domain
 * is a zero length, as FRR sends it without "domainname" configured. */
static void bgp_cap_fqdn_build(struct wbuf *w, const struct bgp_caps *c)
{
	size_t at;

	if (!c->fqdn)
		return;
	at = bgp_cap_begin(w, BGP_CAP_FQDN);
	bgp_cap_name_build(w, c->hostname);
	bgp_cap_name_build(w, c->domain);
	bgp_cap_end(w, at);
}

static void bgp_cap_gr_build(struct wbuf *w, const struct bgp_caps *c)
{
	uint16_t ft = c->gr_time & BGP_GR_TIME;
	size_t at;

	if (!c->gr)
		return;
	ft |= c->gr_restarting ? BGP_GR_R : 0;
	ft |= c->gr_notification ? BGP_GR_N : 0;
	at = bgp_cap_begin(w, BGP_CAP_GR);
	wb_u16(w, ft);
	for (int af = 0; af < BGP_AF_MAX; af++) {
		uint16_t afi;
		uint8_t safi;

		if (!(c->gr_af & (1u << af)))
			continue;
		bgp_af_to_wire((enum bgp_af)af, &afi, &safi);
		wb_u16(w, afi);
		wb_u8(w, safi);
		wb_u8(w, c->gr_af_fwd & (1u << af) ? BGP_GR_F : 0);
	}
	bgp_cap_end(w, at);
}

static const struct bgp_cap_row bgp_cap_table[] = {
	{BGP_CAP_MP, bgp_cap_mp_parse, bgp_cap_mp_build},
	{BGP_CAP_RR_OLD, bgp_cap_rr_parse, NULL},
	{BGP_CAP_RR, bgp_cap_rr_parse, bgp_cap_rr_build},
	{BGP_CAP_ERR, bgp_cap_err_parse, bgp_cap_err_build},
	{BGP_CAP_AS4, bgp_cap_as4_parse, bgp_cap_as4_build},
	{BGP_CAP_EXT_MSG, bgp_cap_ext_parse, bgp_cap_ext_build},
	{BGP_CAP_FQDN, bgp_cap_fqdn_parse, bgp_cap_fqdn_build},
	{BGP_CAP_GR, bgp_cap_gr_parse, bgp_cap_gr_build},
};
#define BGP_CAP_ROWS (sizeof(bgp_cap_table) / sizeof(bgp_cap_table[0]))

static const struct bgp_cap_row *bgp_cap_find(uint8_t code)
{
	for (size_t i = 0; i < BGP_CAP_ROWS; i++)
		if (bgp_cap_table[i].code == code)
			return &bgp_cap_table[i];
	return NULL;
}

static int bgp_cap_malformed(struct bgp_notify *err)
{
	bgp_notify_set(err, BGP_ERR_OPEN, BGP_OPEN_UNSPECIFIC, NULL, 0);
	return -1;
}

/* RFC 5492 §3: a capability we do not understand is ignored, not an
 * error; one whose length runs past its parameter is. */
int bgp_caps_parse(struct rbuf *param, struct bgp_caps *c, struct bgp_notify *err)
{
	while (!rb_empty(param)) {
		uint8_t code = rb_u8(param);
		uint8_t len = rb_u8(param);
		const struct bgp_cap_row *row = bgp_cap_find(code);
		struct rbuf v;

		if (!rb_sub(param, len, &v))
			return bgp_cap_malformed(err);
		if (!row)
			c->unknown++;
		else if (row->parse(&v, c) < 0)
			return bgp_cap_malformed(err);
	}
	return 0;
}

void bgp_caps_build(struct wbuf *w, const struct bgp_caps *c)
{
	for (size_t i = 0; i < BGP_CAP_ROWS; i++)
		if (bgp_cap_table[i].build)
			bgp_cap_table[i].build(w, c);
}
