/* BGP extended communities (RFC 4360: 8 octets each, a type octet, a
 * sub-type octet for the types used here, 6 octets of value) as EVPN uses
 * them: route targets, the encapsulation, MAC mobility, default gateway,
 * router's MAC and ARP/ND flags; and the text FRR 8.4 prints for them. */
#ifndef EVPND_EVPN_ECOMM_H
#define EVPND_EVPN_ECOMM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define EVPN_ECOMM_LEN 8

/* Type octets (RFC 4360 §3, RFC 5668 §2, RFC 7153 §5.1) */
#define EVPN_ECOMM_AS2 0x00    /* 2-octet AS specific, transitive */
#define EVPN_ECOMM_IP4 0x01    /* IPv4 address specific, transitive */
#define EVPN_ECOMM_AS4 0x02    /* 4-octet AS specific, transitive */
#define EVPN_ECOMM_OPAQUE 0x03 /* opaque, transitive */
#define EVPN_ECOMM_EVPN 0x06   /* EVPN (RFC 7153 §5.2.1) */
/* Sub-types of the AS/IP types */
#define EVPN_ECOMM_SUB_RT 0x02  /* route target (RFC 4360 §4) */
#define EVPN_ECOMM_SUB_SOO 0x03 /* route origin (RFC 4360 §5) */
/* Sub-types of the opaque type */
#define EVPN_ECOMM_SUB_ENCAP 0x0c      /* RFC 9012 §4.1 */
#define EVPN_ECOMM_SUB_DEFAULT_GW 0x0d /* RFC 7432 §7.8 */
/* Sub-types of the EVPN type */
#define EVPN_ECOMM_SUB_MAC_MOBILITY 0x00 /* RFC 7432 §7.7 */
#define EVPN_ECOMM_SUB_ESI_LABEL 0x01    /* RFC 7432 §7.5 */
#define EVPN_ECOMM_SUB_ES_IMPORT 0x02    /* RFC 7432 §7.6 */
#define EVPN_ECOMM_SUB_ROUTER_MAC 0x03   /* RFC 9135 §8.1 */
#define EVPN_ECOMM_SUB_DF_ELECTION 0x06  /* RFC 8584 §2.2 */
#define EVPN_ECOMM_SUB_ND 0x08           /* RFC 9047 §2 */

#define EVPN_TUNNEL_VXLAN 8 /* RFC 9012 §14 tunnel type */
#define EVPN_MM_STICKY 0x01 /* RFC 7432 §7.7: the S bit, low-order bit of the flags */
/* RFC 9047 §2 flags octet |       |I| |O|R| */
#define EVPN_ND_ROUTER 0x01
#define EVPN_ND_OVERRIDE 0x02
#define EVPN_ND_IMMUTABLE 0x08

/* Route targets (RFC 4360 §4, RFC 5668): type 0x00 (2-octet AS:4-octet), 0x01 (IPv4:2-octet), 0x02 (4-octet AS:2-octet), sub-type 0x02. Text "ASN:NN" / "A.B.C.D:NN"; like FRR, an ASN > 65535 gives type 0x02 (NN <= 65535) and otherwise type 0x00. Returns 0 or -1. */
int evpn_rt_parse(const char *text, uint8_t out[EVPN_ECOMM_LEN]);
bool evpn_ecomm_is_rt(const uint8_t c[EVPN_ECOMM_LEN]);
/* "65000:100" / "10.0.0.1:5" (without "RT:"); the value of any type
 * 0x00/0x01/0x02 community prints so (a SoO too), other types as "". */
const char *evpn_rt_str(const uint8_t c[EVPN_ECOMM_LEN], char *buf, size_t len);
/* Builders */
void evpn_ecomm_encap(uint16_t tunnel_type, uint8_t out[EVPN_ECOMM_LEN]);     /* RFC 9012 §4.1: type 0x03 sub-type 0x0c, last 2 octets the tunnel type (VXLAN = 8) */
void evpn_ecomm_mac_mobility(uint32_t seq, bool sticky, uint8_t out[EVPN_ECOMM_LEN]); /* RFC 7432 §7.7: 0x06 0x00, flags (bit 0x01 sticky), reserved, 4-octet seq */
void evpn_ecomm_default_gw(uint8_t out[EVPN_ECOMM_LEN]);                      /* RFC 7432 §7.8: 0x03 0x0d, zeros */
void evpn_ecomm_router_mac(const uint8_t mac[6], uint8_t out[EVPN_ECOMM_LEN]);/* RFC 9135 §8.1: 0x06 0x03, MAC */
void evpn_ecomm_nd(uint8_t flags, uint8_t out[EVPN_ECOMM_LEN]);               /* RFC 9047 §2: 0x06 0x08, flags octet (EVPN_ND_*), then zeros */
/* Finders over an EXT_COMMUNITIES value (len a multiple of 8; anything else: nothing found). The first match in wire order. */
const uint8_t *evpn_ecomm_find(const uint8_t *ecomm, size_t len, uint8_t type, uint8_t subtype);
bool evpn_ecomm_get_mac_mobility(const uint8_t *ecomm, size_t len, uint32_t *seq, bool *sticky);
bool evpn_ecomm_get_encap(const uint8_t *ecomm, size_t len, uint16_t *tunnel_type);
bool evpn_ecomm_get_router_mac(const uint8_t *ecomm, size_t len, uint8_t mac[6]);
bool evpn_ecomm_get_nd(const uint8_t *ecomm, size_t len, uint8_t *flags);
bool evpn_ecomm_has_default_gw(const uint8_t *ecomm, size_t len);
/* FRR 8.4's text (bgpd/bgp_ecommunity.c ecommunity_ecom2str, display
 * format) for one community: "RT:65000:100", "RT:10.0.0.1:5", "SoO:...",
 * "ET:8", "Default Gateway", "MM:1", "MM:1, sticky MAC",
 * "Rmac:02:00:00:00:00:01", "ND:Router Flag", "ND:Proxy" (FRR's 0x04 flag),
 * "" (an ND community with neither), "ES-Import-Rt:MAC", "ESI-label-Rt:AA"
 * or ":SA", "DF: (alg: A, pref: P)" or "DF: (alg: A, bmap: 0xB pref: P)",
 * "NH:A.B.C.D:N", and the rest "UNK:type, sub-type" (decimal). FRR's
 * sub-type there is a variable only the AS/IPv4 types and types it does not
 * decode set: an unknown opaque or EVPN sub-type prints the sub-type of the
 * community before it in the list, 0 here, where there is none. Not
 * decoded here, though FRR 8.4 names them: link bandwidth ("LB:"), flow
 * spec ("FS:") and origin validation state ("OVS:"); they print as UNK. */
const char *evpn_ecomm_str(const uint8_t c[EVPN_ECOMM_LEN], char *buf, size_t len);
/* The whole list as FRR shows it ("extendedCommunity": {"string": ...}):
 * FRR keeps a path's communities sorted by their octets without
 * duplicates, so this prints them in that order, space-separated. buf
 * always ends in NUL; a len not a multiple of 8 prints "". */
void evpn_ecomm_list_str(const uint8_t *ecomm, size_t len, char *buf, size_t buflen);

#endif
