/* One row per address family; everything else looks names up here. */
#include <string.h>

#include "wire/af.h"

static const struct {
	uint16_t afi;
	uint8_t safi;
	const char *name, *display, *json;
} af_table[BGP_AF_MAX] = {
	[BGP_AF_IPV4_UNICAST] = {BGP_AFI_IPV4, BGP_SAFI_UNICAST, "ipv4-unicast", "IPv4 Unicast", "ipv4Unicast"},
	[BGP_AF_IPV6_UNICAST] = {BGP_AFI_IPV6, BGP_SAFI_UNICAST, "ipv6-unicast", "IPv6 Unicast", "ipv6Unicast"},
	[BGP_AF_L2VPN_EVPN] = {BGP_AFI_L2VPN, BGP_SAFI_EVPN, "l2vpn-evpn", "L2VPN EVPN", "l2VpnEvpn"},
};

int bgp_af_from_wire(uint16_t afi, uint8_t safi)
{
	for (int i = 0; i < BGP_AF_MAX; i++)
		if (af_table[i].afi == afi && af_table[i].safi == safi)
			return i;
	return -1;
}

void bgp_af_to_wire(enum bgp_af af, uint16_t *afi, uint8_t *safi)
{
	*afi = af_table[af].afi;
	*safi = af_table[af].safi;
}

const char *bgp_af_name(enum bgp_af af) { return af_table[af].name; }
const char *bgp_af_display(enum bgp_af af) { return af_table[af].display; }
const char *bgp_af_json(enum bgp_af af) { return af_table[af].json; }

