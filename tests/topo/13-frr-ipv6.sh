#!/bin/bash
# evpnd ↔ FRR 8.4 over an IPv6 transport (ULA addresses on a veth between
# our own namespaces): L2VPN EVPN and IPv6 unicast negotiated, FRR's IPv6
# routes counted, both sides' views agree.
. "$(dirname "$0")/../integration/lib.sh"
. "$(dirname "$0")/lib-peers.sh"

ns_add leaf
ns_add spine
ns_link leaf l-spine 10.255.13.2/30 spine s-leaf 10.255.13.1/30
ip -n "$(ns_name leaf)" addr add fd00:255:13::2/64 dev l-spine nodad
ip -n "$(ns_name spine)" addr add fd00:255:13::1/64 dev s-leaf nodad

cat >"$TMP/spine.conf" <<'C'
hostname spine
router bgp 65000
 bgp router-id 10.255.13.1
 no bgp default ipv4-unicast
 no bgp network import-check
 timers bgp 3 9
 neighbor fd00:255:13::2 remote-as internal
 neighbor fd00:255:13::2 timers connect 1
 address-family ipv6 unicast
  network fd00:255:99::/64
  network fd00:255:98::/64
  neighbor fd00:255:13::2 activate
 exit-address-family
 address-family l2vpn evpn
  neighbor fd00:255:13::2 activate
 exit-address-family
C
cat >"$TMP/leaf.conf" <<'C'
hostname leaf1
router bgp 65000
 bgp router-id 10.255.13.2
 no bgp default ipv4-unicast
 timers bgp 3 9
 neighbor fd00:255:13::1 remote-as internal
 neighbor fd00:255:13::1 timers connect 1
 address-family ipv6 unicast
  neighbor fd00:255:13::1 activate
 exit-address-family
 address-family l2vpn evpn
  neighbor fd00:255:13::1 activate
 exit-address-family
C
frr_start spine "$TMP/spine.conf"
evpnd_start_ns leaf leaf "$TMP/leaf.conf"
frr_wait_established spine fd00:255:13::2
ok "IPv6 transport: Established"
nb=$(frr_vtysh spine 'show bgp neighbors fd00:255:13::2 json')
c='."fd00:255:13::2".neighborCapabilities.multiprotocolExtensions'
expect_eq "$(json_get "$nb" "$c.ipv6Unicast.advertisedAndReceived")" true "FRR: IPv6 unicast both ways"
expect_eq "$(json_get "$nb" "$c.l2VpnEvpn.advertisedAndReceived")" true "FRR: L2VPN EVPN both ways"
nb=$(sh_ leaf -c 'show bgp neighbors fd00:255:13::1 json')
expect_eq "$(json_get "$nb" '."fd00:255:13::1".hostForeign')" fd00:255:13::1 "evpnd: IPv6 transport addresses"
wait_json 10 "sh_ leaf -c 'show bgp neighbors fd00:255:13::1 json'" \
	'."fd00:255:13::1".addressFamilyInfo.ipv6Unicast.acceptedPrefixCounter' 2 ||
	fail "2 IPv6 routes expected (last: $WAIT_JSON_LAST)"
ok "evpnd received FRR's 2 IPv6 prefixes"
sum=$(sh_ leaf -c 'show bgp l2vpn evpn summary json')
expect_eq "$(json_get "$sum" '.peers."fd00:255:13::1".idType')" ipv6 "summary idType ipv6"
