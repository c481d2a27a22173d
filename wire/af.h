/* The address families evpnd speaks, as a small dense index so per-family
 * state is an array, not a list. */
#ifndef EVPND_WIRE_AF_H
#define EVPND_WIRE_AF_H

#include <stdint.h>

enum bgp_af {
	BGP_AF_IPV4_UNICAST,
	BGP_AF_IPV6_UNICAST,
	BGP_AF_L2VPN_EVPN,
	BGP_AF_MAX
};

#define BGP_AFI_IPV4 1
#define BGP_AFI_IPV6 2
#define BGP_AFI_L2VPN 25
#define BGP_SAFI_UNICAST 1
#define BGP_SAFI_EVPN 70

/* -1 for a family we do not speak. */
int bgp_af_from_wire(uint16_t afi, uint8_t safi);
void bgp_af_to_wire(enum bgp_af af, uint16_t *afi, uint8_t *safi);
/* YANG/FRR names: "ipv4-unicast", "ipv6-unicast", "l2vpn-evpn". */
const char *bgp_af_name(enum bgp_af af);
/* FRR's display names ("IPv4 Unicast", "L2VPN EVPN"), and its JSON keys
 * ("ipv4Unicast", "l2VpnEvpn"). */
const char *bgp_af_display(enum bgp_af af);
const char *bgp_af_json(enum bgp_af af);

#endif
