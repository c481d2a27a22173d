/* EVPN NLRI: RFC 7432 §7 (types 1-4) and RFC 9136 §3 (type 5). Every field
 * is read through rbuf and written through wbuf; a value must be used up
 * exactly by its type's layout, which is how every length rule is checked. */
#include "evpn/nlri.h"
#include "lib/be.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

#include "lib/rbuf.h"

#define RD_LEN 8
#define ESI_LEN 10
#define MAC_LEN 6
#define MAC_BITS 48

/* ---- parsing ---- */

/* An IP address length in bits as octets: 32 or 128, and 0 where the
 * address is optional (type 2, RFC 7432 §7.2); -1 for anything else. */
static int ip_octets(unsigned bits, bool optional)
{
	switch (bits) {
	case 0:
		return optional ? 0 : -1;
	case 32:
		return 4;
	case 128:
		return 16;
	default:
		return -1;
	}
}

/* An IP length octet (in bits) and the address it announces. */
static bool read_ip(struct rbuf *v, bool optional, uint8_t *len, uint8_t ip[16])
{
	int n = ip_octets(rb_u8(v), optional);

	if (n < 0)
		return false;
	*len = (uint8_t)n;
	return rb_copy(v, ip, (size_t)n);
}

/* RFC 7432 §7.1 Ethernet A-D route: RD, ESI, Ethernet tag, one label. */
static bool parse_ead(struct rbuf *v, struct evpn_route *r)
{
	rb_copy(v, r->rd.bytes, RD_LEN);
	rb_copy(v, r->esi, ESI_LEN);
	r->eth_tag = rb_u32(v);
	r->label[0] = rb_u24(v);
	r->nlabels = 1;
	return true;
}

/* RFC 7432 §7.2 MAC/IP advertisement route: RD, ESI, tag, MAC length (48)
 * and MAC, IP length (0, 32 or 128) and IP, label 1, and label 2 only when
 * three octets are left (RFC 7432 §7.2, RFC 9135 §5.1: the L3 VNI). */
static bool parse_macip(struct rbuf *v, struct evpn_route *r)
{
	rb_copy(v, r->rd.bytes, RD_LEN);
	rb_copy(v, r->esi, ESI_LEN);
	r->eth_tag = rb_u32(v);
	if (rb_u8(v) != MAC_BITS)
		return false;
	rb_copy(v, r->mac, MAC_LEN);
	if (!read_ip(v, true, &r->ip_len, r->ip))
		return false;
	r->label[0] = rb_u24(v);
	r->nlabels = 1;
	if (rb_left(v) == 3) {
		r->label[1] = rb_u24(v);
		r->nlabels = 2;
	}
	return true;
}

/* RFC 7432 §7.3 inclusive multicast route: RD, tag, originating router's
 * IP (32 or 128 bits). No label: that travels in the PMSI attribute. */
static bool parse_imet(struct rbuf *v, struct evpn_route *r)
{
	rb_copy(v, r->rd.bytes, RD_LEN);
	r->eth_tag = rb_u32(v);
	return read_ip(v, false, &r->ip_len, r->ip);
}

/* RFC 7432 §7.4 Ethernet segment route: RD, ESI, originating IP. */
static bool parse_es(struct rbuf *v, struct evpn_route *r)
{
	rb_copy(v, r->rd.bytes, RD_LEN);
	rb_copy(v, r->esi, ESI_LEN);
	return read_ip(v, false, &r->ip_len, r->ip);
}

/* RFC 9136 §3.1 IP prefix route: RD, ESI, tag, prefix length, prefix,
 * gateway IP, label. The family has no field of its own: the total length
 * tells, 34 octets for IPv4 and 58 for IPv6 (§3.1). */
static bool parse_prefix(struct rbuf *v, struct evpn_route *r)
{
	size_t n = rb_left(v) == 34 ? 4 : rb_left(v) == 58 ? 16 : 0;

	if (!n)
		return false;
	rb_copy(v, r->rd.bytes, RD_LEN);
	rb_copy(v, r->esi, ESI_LEN);
	r->eth_tag = rb_u32(v);
	r->prefix_len = rb_u8(v);
	if (r->prefix_len > n * 8)
		return false;
	r->ip_len = r->gw_len = (uint8_t)n;
	rb_copy(v, r->ip, n);
	rb_copy(v, r->gw, n);
	r->label[0] = rb_u24(v);
	r->nlabels = 1;
	return true;
}

/* A type we do not know is kept as it came, to be passed on (RFC 7432 §7
 * leaves room for more types; the length lets us skip it). */
static bool parse_unknown(struct rbuf *v, struct evpn_route *r)
{
	r->raw_len = (uint8_t)rb_left(v);
	r->raw = rb_view(v, r->raw_len);
	return true;
}

static bool parse_value(struct rbuf *v, struct evpn_route *r)
{
	switch (r->type) {
	case EVPN_RT_EAD:
		return parse_ead(v, r);
	case EVPN_RT_MACIP:
		return parse_macip(v, r);
	case EVPN_RT_IMET:
		return parse_imet(v, r);
	case EVPN_RT_ES:
		return parse_es(v, r);
	case EVPN_RT_PREFIX:
		return parse_prefix(v, r);
	default:
		return parse_unknown(v, r);
	}
}

int evpn_nlri_parse(const uint8_t *nlri, size_t len, struct evpn_route *r)
{
	struct rbuf in, v;
	size_t vlen;

	memset(r, 0, sizeof(*r));
	rb_init(&in, nlri, len);
	r->type = rb_u8(&in);
	vlen = rb_u8(&in);
	/* RFC 7432 §7: the length octet covers exactly the rest */
	if (rb_ok(&in) && rb_left(&in) == vlen) {
		rb_rest(&in, &v);
		if (parse_value(&v, r) && rb_ok(&v) && rb_empty(&v))
			return 0;
	}
	memset(r, 0, sizeof(*r));
	return -1;
}

/* ---- building ---- */

static bool labels_fit(const struct evpn_route *r)
{
	for (unsigned i = 0; i < r->nlabels && i < 2; i++)
		if (r->label[i] > 0xffffff)
			return false;
	return true;
}

static bool ip_len_ok(uint8_t len, bool optional)
{
	return len == 4 || len == 16 || (optional && len == 0);
}

/* The value length r encodes to (the layouts parse_* read), or -1 when its
 * fields contradict the type's layout or each other. */
static int value_len(const struct evpn_route *r)
{
	if (!labels_fit(r))
		return -1;
	switch (r->type) {
	case EVPN_RT_EAD:
		return r->nlabels == 1 ? RD_LEN + ESI_LEN + 4 + 3 : -1;
	case EVPN_RT_MACIP:
		if (!ip_len_ok(r->ip_len, true) || r->nlabels < 1 || r->nlabels > 2)
			return -1;
		return RD_LEN + ESI_LEN + 4 + 1 + MAC_LEN + 1 + r->ip_len + 3 * r->nlabels;
	case EVPN_RT_IMET:
		return ip_len_ok(r->ip_len, false) && !r->nlabels ? RD_LEN + 4 + 1 + r->ip_len : -1;
	case EVPN_RT_ES:
		return ip_len_ok(r->ip_len, false) && !r->nlabels ? RD_LEN + ESI_LEN + 1 + r->ip_len
								   : -1;
	case EVPN_RT_PREFIX:
		/* RFC 9136 §3.1: prefix and gateway of one family */
		if (!ip_len_ok(r->ip_len, false) || r->gw_len != r->ip_len ||
		    r->prefix_len > r->ip_len * 8 || r->nlabels != 1)
			return -1;
		return RD_LEN + ESI_LEN + 4 + 1 + 2 * r->ip_len + 3;
	default:
		return r->raw || !r->raw_len ? r->raw_len : -1;
	}
}

static void write_labels(struct wbuf *w, const struct evpn_route *r)
{
	for (unsigned i = 0; i < r->nlabels; i++)
		wb_u24(w, r->label[i]);
}

static void write_value(struct wbuf *w, const struct evpn_route *r)
{
	switch (r->type) {
	case EVPN_RT_EAD:
		wb_bytes(w, r->rd.bytes, RD_LEN);
		wb_bytes(w, r->esi, ESI_LEN);
		wb_u32(w, r->eth_tag);
		break;
	case EVPN_RT_MACIP:
		wb_bytes(w, r->rd.bytes, RD_LEN);
		wb_bytes(w, r->esi, ESI_LEN);
		wb_u32(w, r->eth_tag);
		wb_u8(w, MAC_BITS);
		wb_bytes(w, r->mac, MAC_LEN);
		wb_u8(w, (uint8_t)(r->ip_len * 8));
		wb_bytes(w, r->ip, r->ip_len);
		break;
	case EVPN_RT_IMET:
		wb_bytes(w, r->rd.bytes, RD_LEN);
		wb_u32(w, r->eth_tag);
		wb_u8(w, (uint8_t)(r->ip_len * 8));
		wb_bytes(w, r->ip, r->ip_len);
		break;
	case EVPN_RT_ES:
		wb_bytes(w, r->rd.bytes, RD_LEN);
		wb_bytes(w, r->esi, ESI_LEN);
		wb_u8(w, (uint8_t)(r->ip_len * 8));
		wb_bytes(w, r->ip, r->ip_len);
		break;
	case EVPN_RT_PREFIX:
		wb_bytes(w, r->rd.bytes, RD_LEN);
		wb_bytes(w, r->esi, ESI_LEN);
		wb_u32(w, r->eth_tag);
		wb_u8(w, r->prefix_len);
		wb_bytes(w, r->ip, r->ip_len);
		wb_bytes(w, r->gw, r->gw_len);
		break;
	default:
		wb_bytes(w, r->raw, r->raw_len);
		return;
	}
	write_labels(w, r);
}

bool evpn_nlri_build(struct wbuf *w, const struct evpn_route *r)
{
	int vlen = value_len(r);

	if (vlen < 0)
		return false;
	wb_u8(w, r->type);
	wb_u8(w, (uint8_t)vlen);
	write_value(w, r);
	return wb_ok(w);
}

/* ---- the RIB key ---- */

/* The key goes into the caller's fixed buffer (no allocation on the RIB's
 * lookup path, so not a wbuf); every key is at most EVPN_NLRI_KEY_MAX by
 * construction from a parsed route. */
struct keyw {
	uint8_t *p;
	size_t len;
};

static void key_bytes(struct keyw *k, const void *src, size_t n)
{
	memcpy(k->p + k->len, src, n);
	k->len += n;
}

static void key_u8(struct keyw *k, uint8_t v)
{
	key_bytes(k, &v, 1);
}

static void key_u32(struct keyw *k, uint32_t v)
{
	uint8_t b[4];

	be32_put(b, v);
	key_bytes(k, b, sizeof(b));
}

/* IP length in bits, then the address: the form the NLRI carries. */
static void key_ip(struct keyw *k, const struct evpn_route *r)
{
	key_u8(k, (uint8_t)(r->ip_len * 8));
	key_bytes(k, r->ip, r->ip_len);
}

/* The key fields per type: RFC 7432 §7.1 (ESI, tag), §7.2 (tag, MAC
 * length, MAC, IP length, IP: not the ESI, not the labels), §7.3 (tag, IP
 * length, IP), §7.4 (ESI, IP length, IP), RFC 9136 §3.1 (tag, prefix
 * length, prefix: not the ESI, gateway or label). */
static void key_fields(struct keyw *k, const struct evpn_route *r)
{
	switch (r->type) {
	case EVPN_RT_EAD:
		key_bytes(k, r->esi, ESI_LEN);
		key_u32(k, r->eth_tag);
		break;
	case EVPN_RT_MACIP:
		key_u32(k, r->eth_tag);
		key_u8(k, MAC_BITS);
		key_bytes(k, r->mac, MAC_LEN);
		key_ip(k, r);
		break;
	case EVPN_RT_IMET:
		key_u32(k, r->eth_tag);
		key_ip(k, r);
		break;
	case EVPN_RT_ES:
		key_bytes(k, r->esi, ESI_LEN);
		key_ip(k, r);
		break;
	case EVPN_RT_PREFIX:
		key_u32(k, r->eth_tag);
		key_u8(k, r->prefix_len);
		key_bytes(k, r->ip, r->ip_len);
		break;
	}
}

int evpn_nlri_key(const uint8_t *nlri, size_t len, uint8_t *key)
{
	struct evpn_route r;
	struct keyw k = { key, 0 };

	if (evpn_nlri_parse(nlri, len, &r) < 0)
		return -1;
	key_u8(&k, r.type);
	if (r.type >= EVPN_RT_EAD && r.type <= EVPN_RT_PREFIX) {
		key_bytes(&k, r.rd.bytes, RD_LEN);
		key_fields(&k, &r);
	} else {
		/* unknown: we cannot tell key from attribute, so all of it */
		key_u8(&k, r.raw_len);
		key_bytes(&k, r.raw, r.raw_len);
	}
	return (int)k.len;
}

/* ---- text ---- */

const char *evpn_esi_str(const uint8_t esi[10], char *buf, size_t len)
{
	snprintf(buf, len, "%02x:%02x:%02x:%02x:%02x:%02x:%02x:%02x:%02x:%02x", esi[0], esi[1],
		 esi[2], esi[3], esi[4], esi[5], esi[6], esi[7], esi[8], esi[9]);
	return buf;
}

const char *evpn_mac_str(const uint8_t mac[6], char *buf, size_t len)
{
	snprintf(buf, len, "%02x:%02x:%02x:%02x:%02x:%02x", mac[0], mac[1], mac[2], mac[3], mac[4],
		 mac[5]);
	return buf;
}

static int hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Exactly six two-digit hex octets joined by colons, as FRR prints and
 * its configuration takes them. */
int evpn_mac_parse(const char *text, uint8_t mac[6])
{
	uint8_t out[MAC_LEN];

	if (strlen(text) != 3 * MAC_LEN - 1)
		return -1;
	for (int i = 0; i < MAC_LEN; i++) {
		int hi = hex_digit(text[3 * i]), lo = hex_digit(text[3 * i + 1]);

		if (hi < 0 || lo < 0 || (i < MAC_LEN - 1 && text[3 * i + 2] != ':'))
			return -1;
		out[i] = (uint8_t)(hi << 4 | lo);
	}
	memcpy(mac, out, MAC_LEN);
	return 0;
}

/* FRR picks the family by "is it IPv4", so anything else prints as IPv6. */
static const char *ip_str(uint8_t ip_len, const uint8_t *ip, char *buf, size_t len)
{
	if (!inet_ntop(ip_len == 4 ? AF_INET : AF_INET6, ip, buf, (socklen_t)len))
		buf[0] = '\0';
	return buf;
}

static int ip_bits(uint8_t ip_len)
{
	return ip_len == 4 ? 32 : 128;
}

/* FRR prints the tag of types 2, 3 and 5 with "%d": a tag above 2^31-1
 * comes out negative there, and so here (two's complement). */
static int frr_tag(uint32_t tag)
{
	return (int)(int32_t)tag;
}

/* "[type]:[hex value]": FRR drops unknown types, so this is our own form. */
static const char *unknown_str(const struct evpn_route *r, char *buf, size_t len)
{
	size_t off = (size_t)snprintf(buf, len, "[%u]:[", r->type);

	for (unsigned i = 0; i < r->raw_len && off < len; i++)
		off += (size_t)snprintf(buf + off, len - off, "%02x", r->raw[i]);
	if (off < len)
		snprintf(buf + off, len - off, "]");
	return buf;
}

const char *evpn_route_str(const struct evpn_route *r, char *buf, size_t len)
{
	char a[INET6_ADDRSTRLEN], b[32];

	if (!len)
		return buf;
	switch (r->type) {
	case EVPN_RT_EAD:
		snprintf(buf, len, "[1]:[%u]:[%s]:[32]:[0.0.0.0]:[0]", r->eth_tag,
			 evpn_esi_str(r->esi, b, sizeof(b)));
		break;
	case EVPN_RT_MACIP:
		if (!r->ip_len)
			snprintf(buf, len, "[2]:[%d]:[48]:[%s]", frr_tag(r->eth_tag),
				 evpn_mac_str(r->mac, b, sizeof(b)));
		else
			snprintf(buf, len, "[2]:[%d]:[48]:[%s]:[%d]:[%s]", frr_tag(r->eth_tag),
				 evpn_mac_str(r->mac, b, sizeof(b)), ip_bits(r->ip_len),
				 ip_str(r->ip_len, r->ip, a, sizeof(a)));
		break;
	case EVPN_RT_IMET:
		snprintf(buf, len, "[3]:[%d]:[%d]:[%s]", frr_tag(r->eth_tag), ip_bits(r->ip_len),
			 ip_str(r->ip_len, r->ip, a, sizeof(a)));
		break;
	case EVPN_RT_ES:
		snprintf(buf, len, "[4]:[%s]:[%d]:[%s]", evpn_esi_str(r->esi, b, sizeof(b)),
			 ip_bits(r->ip_len), ip_str(r->ip_len, r->ip, a, sizeof(a)));
		break;
	case EVPN_RT_PREFIX:
		snprintf(buf, len, "[5]:[%d]:[%d]:[%s]", frr_tag(r->eth_tag), r->prefix_len,
			 ip_str(r->ip_len, r->ip, a, sizeof(a)));
		break;
	default:
		unknown_str(r, buf, len);
	}
	return buf;
}
