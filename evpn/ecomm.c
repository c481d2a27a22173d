/* Extended communities for EVPN; see ecomm.h. Communities are read through
 * rbuf. The builders fill a caller's 8-octet array and cannot fail, so
 * they write it directly rather than through a (growing, allocating) wbuf. */
#include "evpn/ecomm.h"
#include "lib/be.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "evpn/rd.h"
#include "lib/rbuf.h"

/* ---- route targets ---- */

/* A route target's value is laid out as a route distinguisher's (RFC 4364
 * §4.2 and RFC 4360 §4 use the same three forms with the same type
 * numbers), and FRR chooses the form by the same sizes, so the RD parser
 * does the work: type 0x00 for ASN <= 65535, 0x02 above (then NN <= 65535),
 * 0x01 for an IPv4 address. */
int evpn_rt_parse(const char *text, uint8_t out[EVPN_ECOMM_LEN])
{
	struct evpn_rd rd;

	if (evpn_rd_parse(text, &rd) < 0)
		return -1;
	out[0] = rd.bytes[1];
	out[1] = EVPN_ECOMM_SUB_RT;
	memcpy(out + 2, rd.bytes + 2, 6);
	return 0;
}

static bool is_as_or_ip(uint8_t type)
{
	return type == EVPN_ECOMM_AS2 || type == EVPN_ECOMM_IP4 || type == EVPN_ECOMM_AS4;
}

/* RFC 4360 §4: the transitive AS/IPv4 types with sub-type 0x02 (RFC 5668
 * §2 for the 4-octet AS one). */
bool evpn_ecomm_is_rt(const uint8_t c[EVPN_ECOMM_LEN])
{
	struct rbuf r;
	uint8_t type;

	rb_init(&r, c, EVPN_ECOMM_LEN);
	type = rb_u8(&r);
	return is_as_or_ip(type) && rb_u8(&r) == EVPN_ECOMM_SUB_RT;
}

/* The 6-octet value of an AS/IP-specific community (r at the value):
 * 2-octet AS:4-octet number, IPv4:2-octet, 4-octet AS:2-octet. */
static void as_ip_value_str(uint8_t type, struct rbuf *r, char *buf, size_t len)
{
	char ip[INET_ADDRSTRLEN];
	const uint8_t *a;
	uint32_t hi;

	switch (type) {
	case EVPN_ECOMM_AS2:
		hi = rb_u16(r);
		snprintf(buf, len, "%u:%u", hi, rb_u32(r));
		break;
	case EVPN_ECOMM_IP4:
		a = rb_view(r, 4);
		inet_ntop(AF_INET, a, ip, sizeof(ip));
		snprintf(buf, len, "%s:%u", ip, rb_u16(r));
		break;
	case EVPN_ECOMM_AS4:
		hi = rb_u32(r);
		snprintf(buf, len, "%u:%u", hi, rb_u16(r));
		break;
	default:
		snprintf(buf, len, "%s", "");
	}
}

const char *evpn_rt_str(const uint8_t c[EVPN_ECOMM_LEN], char *buf, size_t len)
{
	struct rbuf r;
	uint8_t type;

	rb_init(&r, c, EVPN_ECOMM_LEN);
	type = rb_u8(&r);
	rb_skip(&r, 1);
	as_ip_value_str(type, &r, buf, len);
	return buf;
}

/* ---- builders ---- */

static void ecomm_init(uint8_t out[EVPN_ECOMM_LEN], uint8_t type, uint8_t subtype)
{
	memset(out, 0, EVPN_ECOMM_LEN);
	out[0] = type;
	out[1] = subtype;
}

/* RFC 9012 §4.1: four reserved octets, then the 2-octet tunnel type. */
void evpn_ecomm_encap(uint16_t tunnel_type, uint8_t out[EVPN_ECOMM_LEN])
{
	ecomm_init(out, EVPN_ECOMM_OPAQUE, EVPN_ECOMM_SUB_ENCAP);
	be16_put(out + 6, tunnel_type);
}

/* RFC 7432 §7.7: flags (S = sticky/static), reserved, sequence number. */
void evpn_ecomm_mac_mobility(uint32_t seq, bool sticky, uint8_t out[EVPN_ECOMM_LEN])
{
	ecomm_init(out, EVPN_ECOMM_EVPN, EVPN_ECOMM_SUB_MAC_MOBILITY);
	out[2] = sticky ? EVPN_MM_STICKY : 0;
	be32_put(out + 4, seq);
}

/* RFC 7432 §7.8: the value is all zeros (RFC 5512 §4.5's opaque form). */
void evpn_ecomm_default_gw(uint8_t out[EVPN_ECOMM_LEN])
{
	ecomm_init(out, EVPN_ECOMM_OPAQUE, EVPN_ECOMM_SUB_DEFAULT_GW);
}

/* RFC 9135 §8.1: the router's MAC fills the 6-octet value. */
void evpn_ecomm_router_mac(const uint8_t mac[6], uint8_t out[EVPN_ECOMM_LEN])
{
	ecomm_init(out, EVPN_ECOMM_EVPN, EVPN_ECOMM_SUB_ROUTER_MAC);
	memcpy(out + 2, mac, 6);
}

/* RFC 9047 §2: flags octet, then five reserved zero octets. */
void evpn_ecomm_nd(uint8_t flags, uint8_t out[EVPN_ECOMM_LEN])
{
	ecomm_init(out, EVPN_ECOMM_EVPN, EVPN_ECOMM_SUB_ND);
	out[2] = flags;
}

/* ---- finders ---- */

/* An EXT_COMMUNITIES value is a whole number of 8-octet communities (RFC
 * 4360 §2; anything else is malformed, RFC 7606 §7.14): then nothing is
 * found rather than part of it. */
const uint8_t *evpn_ecomm_find(const uint8_t *ecomm, size_t len, uint8_t type, uint8_t subtype)
{
	struct rbuf r, one;

	if (len % EVPN_ECOMM_LEN)
		return NULL;
	rb_init(&r, ecomm, len);
	while (rb_sub(&r, EVPN_ECOMM_LEN, &one)) {
		uint8_t t = rb_u8(&one);

		if (t == type && rb_u8(&one) == subtype)
			return one.p;
	}
	return NULL;
}

/* A reader of the found community's value (after type and sub-type). */
static bool find_value(const uint8_t *ecomm, size_t len, uint8_t type, uint8_t subtype,
		       struct rbuf *v)
{
	const uint8_t *c = evpn_ecomm_find(ecomm, len, type, subtype);

	if (!c)
		return false;
	rb_init(v, c, EVPN_ECOMM_LEN);
	rb_skip(v, 2);
	return true;
}

bool evpn_ecomm_get_mac_mobility(const uint8_t *ecomm, size_t len, uint32_t *seq, bool *sticky)
{
	struct rbuf v;
	uint8_t flags;

	if (!find_value(ecomm, len, EVPN_ECOMM_EVPN, EVPN_ECOMM_SUB_MAC_MOBILITY, &v))
		return false;
	flags = rb_u8(&v);
	rb_skip(&v, 1);
	*sticky = flags & EVPN_MM_STICKY;
	*seq = rb_u32(&v);
	return true;
}

bool evpn_ecomm_get_encap(const uint8_t *ecomm, size_t len, uint16_t *tunnel_type)
{
	struct rbuf v;

	if (!find_value(ecomm, len, EVPN_ECOMM_OPAQUE, EVPN_ECOMM_SUB_ENCAP, &v))
		return false;
	rb_skip(&v, 4);
	*tunnel_type = rb_u16(&v);
	return true;
}

bool evpn_ecomm_get_router_mac(const uint8_t *ecomm, size_t len, uint8_t mac[6])
{
	struct rbuf v;

	return find_value(ecomm, len, EVPN_ECOMM_EVPN, EVPN_ECOMM_SUB_ROUTER_MAC, &v) &&
	       rb_copy(&v, mac, 6);
}

bool evpn_ecomm_get_nd(const uint8_t *ecomm, size_t len, uint8_t *flags)
{
	struct rbuf v;

	if (!find_value(ecomm, len, EVPN_ECOMM_EVPN, EVPN_ECOMM_SUB_ND, &v))
		return false;
	*flags = rb_u8(&v);
	return true;
}

bool evpn_ecomm_has_default_gw(const uint8_t *ecomm, size_t len)
{
	return evpn_ecomm_find(ecomm, len, EVPN_ECOMM_OPAQUE, EVPN_ECOMM_SUB_DEFAULT_GW) != NULL;
}

/* ---- FRR 8.4's text ---- */

/* FRR's flag for a proxy-learnt ARP/ND entry (not in RFC 9047). */
#define FRR_ND_PROXY 0x04

/* AS/IPv4-specific types: RT, SoO, FRR's flowspec redirect next hop
 * (type 0x01 sub-type 0x0c: "NH:" address and the last octet). */
static bool as_ip_str(uint8_t type, uint8_t sub, struct rbuf *v, char *buf, size_t len)
{
	char val[48], ip[INET_ADDRSTRLEN];
	const uint8_t *a;

	if (sub == EVPN_ECOMM_SUB_RT || sub == EVPN_ECOMM_SUB_SOO) {
		as_ip_value_str(type, v, val, sizeof(val));
		snprintf(buf, len, "%s%s", sub == EVPN_ECOMM_SUB_RT ? "RT:" : "SoO:", val);
		return true;
	}
	if (type == EVPN_ECOMM_IP4 && sub == 0x0c) {
		a = rb_view(v, 4);
		inet_ntop(AF_INET, a, ip, sizeof(ip));
		rb_skip(v, 1);
		snprintf(buf, len, "NH:%s:%d", ip, rb_u8(v));
		return true;
	}
	return false;
}

static bool opaque_str(uint8_t sub, struct rbuf *v, char *buf, size_t len)
{
	switch (sub) {
	case EVPN_ECOMM_SUB_ENCAP:
		rb_skip(v, 4);
		snprintf(buf, len, "ET:%d", rb_u16(v));
		return true;
	case EVPN_ECOMM_SUB_DEFAULT_GW:
		snprintf(buf, len, "Default Gateway");
		return true;
	default:
		return false;
	}
}

static void mac_text(const char *what, struct rbuf *v, char *buf, size_t len)
{
	uint8_t m[6];

	rb_copy(v, m, sizeof(m));
	snprintf(buf, len, "%s:%02x:%02x:%02x:%02x:%02x:%02x", what, m[0], m[1], m[2], m[3], m[4],
		 m[5]);
}

/* RFC 7432 §7.7: "MM:seq", with ", sticky MAC" when the S flag is set. */
static void mobility_text(struct rbuf *v, char *buf, size_t len)
{
	uint8_t flags = rb_u8(v);

	rb_skip(v, 1);
	snprintf(buf, len, "MM:%u%s", rb_u32(v), flags & EVPN_MM_STICKY ? ", sticky MAC" : "");
}

/* RFC 9047 §2: FRR names the router flag, and its proxy flag over it; a
 * community with neither prints as nothing at all. */
static void nd_text(struct rbuf *v, char *buf, size_t len)
{
	uint8_t flags = rb_u8(v);
	const char *s = "";

	if (flags & EVPN_ND_ROUTER)
		s = "ND:Router Flag";
	if (flags & FRR_ND_PROXY)
		s = "ND:Proxy";
	snprintf(buf, len, "%s", s);
}

/* RFC 8584 §2.2: DF type (FRR prints the whole octet), bitmap, reserved,
 * preference (RFC 9785 §4); FRR shows the bitmap only when set. */
static void df_text(struct rbuf *v, char *buf, size_t len)
{
	unsigned alg = rb_u8(v), bmap = rb_u16(v), pref;

	rb_skip(v, 1);
	pref = rb_u16(v);
	if (bmap)
		snprintf(buf, len, "DF: (alg: %u, bmap: 0x%x pref: %u)", alg, bmap, pref);
	else
		snprintf(buf, len, "DF: (alg: %u, pref: %u)", alg, pref);
}

static bool evpn_type_str(uint8_t sub, struct rbuf *v, char *buf, size_t len)
{
	switch (sub) {
	case EVPN_ECOMM_SUB_ROUTER_MAC:
		mac_text("Rmac", v, buf, len);
		return true;
	case EVPN_ECOMM_SUB_MAC_MOBILITY:
		mobility_text(v, buf, len);
		return true;
	case EVPN_ECOMM_SUB_ND:
		nd_text(v, buf, len);
		return true;
	case EVPN_ECOMM_SUB_ES_IMPORT:
		mac_text("ES-Import-Rt", v, buf, len);
		return true;
	case EVPN_ECOMM_SUB_ESI_LABEL:
		/* RFC 7432 §7.5: flag 0x01 = single-active */
		snprintf(buf, len, "ESI-label-Rt:%s", rb_u8(v) & 0x01 ? "SA" : "AA");
		return true;
	case EVPN_ECOMM_SUB_DF_ELECTION:
		df_text(v, buf, len);
		return true;
	default:
		return false;
	}
}

/* One community as FRR 8.4's ecommunity_ecom2str prints it. *last_sub is
 * FRR's sub_type variable, which lives across the list: the opaque and
 * EVPN branches never set it, so their "UNK:type, sub" shows the sub-type
 * of the last AS/IP-specific (or undecoded-type) community before, 0 at
 * first. */
static void ecomm_text(const uint8_t c[EVPN_ECOMM_LEN], uint8_t *last_sub, char *buf, size_t len)
{
	struct rbuf v;
	uint8_t type, sub;
	bool known;

	rb_init(&v, c, EVPN_ECOMM_LEN);
	type = rb_u8(&v);
	sub = rb_u8(&v);
	if (is_as_or_ip(type)) {
		*last_sub = sub;
		known = as_ip_str(type, sub, &v, buf, len);
	} else if (type == EVPN_ECOMM_OPAQUE) {
		known = opaque_str(sub, &v, buf, len);
	} else if (type == EVPN_ECOMM_EVPN) {
		known = evpn_type_str(sub, &v, buf, len);
	} else {
		*last_sub = sub;
		known = false;
	}
	if (!known)
		snprintf(buf, len, "UNK:%d, %d", type, *last_sub);
}

const char *evpn_ecomm_str(const uint8_t c[EVPN_ECOMM_LEN], char *buf, size_t len)
{
	uint8_t last_sub = 0;

	ecomm_text(c, &last_sub, buf, len);
	return buf;
}

static int ecomm_cmp(const void *a, const void *b)
{
	return memcmp(a, b, EVPN_ECOMM_LEN);
}

/* Appends to buf, cutting at its end; buf stays NUL-terminated. */
static void append(char *buf, size_t buflen, size_t *off, const char *s)
{
	int n;

	if (*off >= buflen)
		return;
	n = snprintf(buf + *off, buflen - *off, "%s", s);
	*off = n < 0 ? buflen : *off + (size_t)n;
}

/* FRR parses EXT_COMMUNITIES into a sorted set (ecommunity_parse →
 * ecommunity_uniq_sort: memcmp order, duplicates dropped) and prints that
 * (RFC 4360 gives the order no meaning), so the same list here. */
void evpn_ecomm_list_str(const uint8_t *ecomm, size_t len, char *buf, size_t buflen)
{
	struct rbuf r;
	const uint8_t *c, *prev = NULL;
	uint8_t *set, last_sub = 0;
	size_t off = 0;
	char one[80];

	if (!buflen)
		return;
	buf[0] = '\0';
	if (!len || len % EVPN_ECOMM_LEN || !(set = malloc(len)))
		return;
	rb_init(&r, ecomm, len);
	if (!rb_copy(&r, set, len)) {
		free(set);
		return;
	}
	qsort(set, len / EVPN_ECOMM_LEN, EVPN_ECOMM_LEN, ecomm_cmp);
	rb_init(&r, set, len);
	while ((c = rb_view(&r, EVPN_ECOMM_LEN))) {
		if (prev && !memcmp(c, prev, EVPN_ECOMM_LEN))
			continue;
		ecomm_text(c, &last_sub, one, sizeof(one));
		append(buf, buflen, &off, prev ? " " : "");
		append(buf, buflen, &off, one);
		prev = c;
	}
	free(set);
}
