/* The EVPN NLRI codec (RFC 7432 §7, RFC 9136 §3): one NLRI (route type,
 * length, value) to a struct and back, the RIB key of a route, and the
 * prefix text FRR 8.4 shows for it.
 *
 * Parse and build are inverses: parse(build(r)) == r, and
 * build(parse(bytes)) == bytes for every NLRI parse accepts. Unknown route
 * types are kept as their value octets so they can be passed on as sent. */
#ifndef EVPND_EVPN_NLRI_H
#define EVPND_EVPN_NLRI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "evpn/rd.h"
#include "lib/wbuf.h"

enum evpn_route_type { EVPN_RT_EAD = 1, EVPN_RT_MACIP = 2, EVPN_RT_IMET = 3, EVPN_RT_ES = 4, EVPN_RT_PREFIX = 5 };

struct evpn_route {
	uint8_t type;              /* any value; 1..5 decoded */
	struct evpn_rd rd;         /* types 1..5 */
	uint8_t esi[10];           /* types 1, 2, 4, 5 */
	uint32_t eth_tag;          /* types 1, 2, 3, 5 */
	uint8_t mac[6];            /* type 2 */
	uint8_t ip_len;            /* octets 0/4/16: type 2 IP, type 3 originating router IP, type 4 originating IP, type 5 prefix address */
	uint8_t ip[16];
	uint8_t prefix_len;        /* type 5: bits */
	uint8_t gw_len;            /* type 5 gateway IP, 4 or 16 (same family as the prefix) */
	uint8_t gw[16];
	uint8_t nlabels;           /* type 2: 1 or 2; types 1, 5: 1; type 3/4: 0 */
	uint32_t label[2];         /* the 3-octet fields as they are (a VNI for VXLAN, RFC 8365 §5.1.3) */
	const uint8_t *raw;        /* unknown types: the value (view into the input) */
	uint8_t raw_len;
};

/* The most evpn_nlri_key writes: an unknown type's type, length and 255
 * value octets, rounded up. */
#define EVPN_NLRI_KEY_MAX 264

/* nlri = one whole EVPN NLRI (type, length, value), as bgp_nlri_next gives it.
 * 0 on success (unknown types too: type and raw set), -1 when malformed (a length that does not fit its type: RFC 7432 §7, RFC 9136 §3; type 2 MAC length must be 48 and IP length 0/32/128; type 3/4 IP length 32/128; type 5 total length 34 (IPv4) or 58 (IPv6), prefix length <= 32/128). */
int evpn_nlri_parse(const uint8_t *nlri, size_t len, struct evpn_route *r);
/* Writes the whole NLRI (type, length, value); false on a wbuf error or an inconsistent route. Encodes what parse decodes: parse(build(r)) == r, and build(parse(bytes)) == bytes for every valid input. */
bool evpn_nlri_build(struct wbuf *w, const struct evpn_route *r);
/* The RIB key of one NLRI (the fields RFC 7432 §7.1-7.4 / RFC 9136 §3.1 name as the route key; never labels, never type 2's ESI, never type 5's ESI/gateway): type octet, RD (8), then the key fields in wire order: type 1: ESI, tag; type 2: tag, MAC length, MAC, IP length, IP; type 3: tag, IP length, IP; type 4: ESI, IP length, IP; type 5: tag, prefix length, prefix address (4 or 16). Unknown types: type octet, length octet, value. Writes at most 264 octets (EVPN_NLRI_KEY_MAX); returns the length or -1 when malformed. */
int evpn_nlri_key(const uint8_t *nlri, size_t len, uint8_t *key);
/* FRR 8.4's prefix text (lib/prefix.c prefixevpn2str, as `show bgp l2vpn
 * evpn route` and its JSON print it), without the RD:
 *   type 1 "[1]:[tag]:[ESI]:[32]:[0.0.0.0]:[0]" (FRR keeps EAD routes from
 *          peers with a zero originator and fragment id)
 *   type 2 "[2]:[tag]:[48]:[MAC]" or "[2]:[tag]:[48]:[MAC]:[32|128]:[IP]"
 *   type 3 "[3]:[tag]:[32|128]:[IP]"
 *   type 4 "[4]:[ESI]:[32|128]:[IP]"
 *   type 5 "[5]:[tag]:[prefix length]:[prefix address]"
 * Types 2, 3 and 5 print the tag signed, as FRR's "%d" does. FRR never keeps
 * an unknown type; those print as "[type]:[value in hex]". */
const char *evpn_route_str(const struct evpn_route *r, char *buf, size_t len);
/* ESI as FRR prints it: "00:00:00:00:00:00:00:00:00:00" (buf >= 30). MAC "02:10:00:00:00:01" (buf >= 18). */
const char *evpn_esi_str(const uint8_t esi[10], char *buf, size_t len);
const char *evpn_mac_str(const uint8_t mac[6], char *buf, size_t len);
int evpn_mac_parse(const char *text, uint8_t mac[6]); /* "aa:bb:cc:dd:ee:ff"; 0 or -1 */

#endif
