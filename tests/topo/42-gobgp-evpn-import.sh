#!/bin/bash
# GoBGP 3.10 injects EVPN routes (`gobgp global rib -a evpn add macadv` and
# `multicast`) into an evpnd leaf over eBGP: those whose route target
# matches VNI 100's import RT enter the VNI (remote MACs, MAC+IP
# neighbors, flood list), the others are kept in the BGP table only. Two
# routes for one MAC with equal sequence numbers go to the lower VTEP
# address (RFC 7432 §15.1); withdrawals remove them.
. "$(dirname "$0")/../integration/lib.sh"
. "$(dirname "$0")/lib-peers.sh"

ns_add leaf
ns_add gobgp
ns_link leaf l-gobgp 10.255.161.1/30 gobgp g-leaf 10.255.161.2/30
cat >"$TMP/gobgp.toml" <<'C'
[global.config]
  as = 65100
  router-id = "10.255.161.2"
[[neighbors]]
  [neighbors.config]
    neighbor-address = "10.255.161.1"
    peer-as = 65000
  [neighbors.timers.config]
    connect-retry = 1
    hold-time = 9
    keepalive-interval = 3
  [[neighbors.afi-safis]]
    [neighbors.afi-safis.config]
      afi-safi-name = "l2vpn-evpn"
C
cat >"$TMP/leaf.conf" <<'C'
hostname leaf1
router bgp 65000
 bgp router-id 10.255.161.1
 no bgp default ipv4-unicast
 no bgp ebgp-requires-policy
 timers bgp 3 9
 neighbor 10.255.161.2 remote-as 65100
 neighbor 10.255.161.2 timers connect 1
 address-family l2vpn evpn
  neighbor 10.255.161.2 activate
  vni 100
   route-target import 65100:100
  exit-vni
 exit-address-family
C
gobgp_start gobgp "$TMP/gobgp.toml"
evpnd_start_ns leaf leaf "$TMP/leaf.conf"
wait_json 30 "gobgp_cli gobgp neighbor 10.255.161.1 -j" '.state.session_state' 6 ||
	fail "GoBGP never Established: $WAIT_JSON_LAST"
ok "GoBGP Established with evpnd (eBGP)"

add() { gobgp_cli gobgp global rib -a evpn add "$@" || fail "gobgp add $*"; }
del() { gobgp_cli gobgp global rib -a evpn del "$@" || fail "gobgp del $*"; }
macs() { sh_ leaf -c 'show evpn mac vni 100 json'; }
add multicast 10.255.0.21 etag 0 rd 10.255.0.21:100 rt 65100:100 encap vxlan nexthop 10.255.0.21
add macadv 02:30:00:00:00:01 0.0.0.0 etag 0 label 100 rd 10.255.0.21:100 rt 65100:100 encap vxlan nexthop 10.255.0.21
add macadv 02:30:00:00:00:01 192.168.100.31 etag 0 label 100 rd 10.255.0.21:100 rt 65100:100 encap vxlan nexthop 10.255.0.21
add macadv 02:30:00:00:00:02 0.0.0.0 etag 0 label 100 rd 10.255.0.21:100 rt 65100:999 encap vxlan nexthop 10.255.0.21
wait_json 20 macs '.macs."02:30:00:00:00:01".remoteVtep' 10.255.0.21 ||
	fail "evpnd did not import GoBGP's MAC: $WAIT_JSON_LAST"
ok "GoBGP's MAC imported into VNI 100 at VTEP 10.255.0.21 (its next hop)"
expect_eq "$(json_get "$(sh_ leaf -c 'show evpn arp-cache vni 100 json')" '."192.168.100.31".mac')" 02:30:00:00:00:01 "GoBGP's MAC+IP is in VNI 100's neighbor table"
expect_eq "$(json_get "$(sh_ leaf -c 'show evpn vni 100 json')" '.numRemoteVteps[0]')" 10.255.0.21 "GoBGP's type-3 puts its VTEP in the flood list"
j=$(sh_ leaf -c 'show bgp l2vpn evpn route json')
expect_eq "$(jq -r '."10.255.0.21:100"."[2]:[0]:[48]:[02:30:00:00:00:02]".paths[0][0].extendedCommunity.string' <<<"$j")" "RT:65100:999 ET:8" "a route with a foreign RT is in the BGP table"
expect_eq "$(json_get "$(macs)" '.macs."02:30:00:00:00:02"')" null "... but not imported into VNI 100 (RT 65100:999 is not its import RT)"
expect_eq "$(jq -r '."10.255.0.21:100"."[2]:[0]:[48]:[02:30:00:00:00:01]".paths[0][0].path' <<<"$j")" 65100 "the eBGP route's AS path is GoBGP's AS"

# The same MAC from a second VTEP (another RD), sequence 0 both: the
# lower VTEP address wins (RFC 7432 §15.1), whichever came first.
add macadv 02:30:00:00:00:01 0.0.0.0 etag 0 label 100 rd 10.255.0.9:100 rt 65100:100 encap vxlan nexthop 10.255.0.9
wait_json 10 macs '.macs."02:30:00:00:00:01".remoteVtep' 10.255.0.9 ||
	fail "equal sequence: the lower VTEP did not win: $WAIT_JSON_LAST"
ok "equal sequence numbers: the MAC follows the lower VTEP (10.255.0.9)"
del macadv 02:30:00:00:00:01 0.0.0.0 etag 0 label 100 rd 10.255.0.9:100
wait_json 10 macs '.macs."02:30:00:00:00:01".remoteVtep' 10.255.0.21 ||
	fail "after the lower VTEP's withdrawal the MAC did not go back: $WAIT_JSON_LAST"
ok "its withdrawal moves the MAC back to 10.255.0.21"

del macadv 02:30:00:00:00:01 0.0.0.0 etag 0 label 100 rd 10.255.0.21:100
del macadv 02:30:00:00:00:01 192.168.100.31 etag 0 label 100 rd 10.255.0.21:100
del multicast 10.255.0.21 etag 0 rd 10.255.0.21:100
wait_json 10 macs '.numMacs' 0 || fail "MACs left after GoBGP withdrew them: $WAIT_JSON_LAST"
expect_eq "$(json_get "$(sh_ leaf -c 'show evpn vni 100 json')" '.numRemoteVteps | length')" 0 "the flood list is empty after the type-3 withdrawal"
expect_eq "$(json_get "$(sh_ leaf -c 'show bgp l2vpn evpn summary json')" '.peers."10.255.161.2".pfxRcd')" 1 "only the foreign-RT route remains"
gobgp_stop gobgp
wait_json 20 "sh_ leaf -c 'show bgp l2vpn evpn route json'" 'has("10.255.0.21:100")' false ||
	fail "routes stayed after GoBGP stopped: $WAIT_JSON_LAST"
ok "GoBGP's session loss removes its last route"
