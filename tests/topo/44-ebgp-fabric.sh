#!/bin/bash
# An eBGP EVPN fabric (one AS per leaf, RFC 7938 style) with evpnd as the
# spine between two FRR 8.4 leaves: routes cross evpnd with its AS
# prepended (RFC 4271 §5.1.2) and the next hop, the VTEP, left as it is
# (RFC 8365 §5.1.3), no LOCAL_PREF sent; the leaves install each other's
# MACs and their hosts ping over VXLAN; a leaf's own routes, which come
# back with its AS in the path, are dropped there (RFC 4271 §9.1.2).
. "$(dirname "$0")/../integration/lib.sh"
. "$(dirname "$0")/lib-peers.sh"
. "$(dirname "$0")/lib-evpn.sh"
. "$(dirname "$0")/lib-fabric.sh"

fabric_underlay 181 182
nsx spine sysctl -qw net.ipv4.ip_forward=1
leaf_conf() {	# N: FRR leaf N in AS 6500N, eBGP to the spine's link address
	cat <<C
hostname leaf$1
router bgp 6500$1
 bgp router-id 10.255.0.1$1
 no bgp ebgp-requires-policy
 no bgp default ipv4-unicast
 timers bgp 3 9
 neighbor 10.255.18$1.1 remote-as 65000
 neighbor 10.255.18$1.1 timers connect 1
 address-family l2vpn evpn
  neighbor 10.255.18$1.1 activate
  advertise-all-vni
  vni 100
   route-target import 65000:100
   route-target export 65000:100
  exit-vni
 exit-address-family
exit
C
}
for n in 1 2; do
	evpn_leaf_dataplane "leaf$n" "10.255.0.1$n" 100
	evpn_svi "leaf$n" 100 "192.168.100.25$n/24"
	evpn_host "h$n" "leaf$n" 100 "192.168.100.$n/24" "02:10:00:00:00:0$n"
	leaf_conf $n >"$TMP/leaf$n.conf"
	frr_start "leaf$n" "$TMP/leaf$n.conf"
done
cat >"$TMP/spine.conf" <<'C'
hostname spine
router bgp 65000
 bgp router-id 10.255.0.1
 no bgp ebgp-requires-policy
 no bgp default ipv4-unicast
 timers bgp 3 9
 neighbor 10.255.181.2 remote-as 65001
 neighbor 10.255.181.2 timers connect 1
 neighbor 10.255.182.2 remote-as 65002
 neighbor 10.255.182.2 timers connect 1
 address-family l2vpn evpn
  neighbor 10.255.181.2 activate
  neighbor 10.255.182.2 activate
 exit-address-family
C
evpnd_start_ns spine spine "$TMP/spine.conf"
frr_wait_established leaf1 10.255.181.1 40
frr_wait_established leaf2 10.255.182.1 40
ok "both FRR leaves Established over eBGP with the evpnd spine"

nsx h1 ping -c1 -W1 192.168.100.251 >/dev/null 2>&1 || true
nsx h2 ping -c1 -W1 192.168.100.252 >/dev/null 2>&1 || true
wait_json 30 "frr_vtysh leaf1 'show evpn mac vni 100 json'" '.macs."02:10:00:00:00:02".remoteVtep' 10.255.0.12 ||
	fail "leaf1 never installed h2's MAC: $WAIT_JSON_LAST"
ok "leaf1 installed h2's MAC at leaf2's VTEP (next hop unchanged across evpnd)"
j=$(frr_vtysh leaf1 'show bgp l2vpn evpn route json')
p=$(jq -r '."10.255.0.12:2"."[2]:[0]:[48]:[02:10:00:00:00:02]".paths[0][0] | "\(.path) \(.nexthops[0].ip) \(.locPrf)"' <<<"$j")
expect_eq "$p" "65000 65002 10.255.0.12 null" "leaf1 sees AS path 65000 65002, next hop leaf2's VTEP, no LOCAL_PREF"
s=$(sh_ spine -c 'show bgp l2vpn evpn route json')
expect_eq "$(jq -r '."10.255.0.11:2"."[3]:[0]:[32]:[10.255.0.11]".paths[0][0].path' <<<"$s")" 65001 "evpnd holds leaf1's type-3 with AS path 65001"
wait_json 20 "frr_vtysh leaf2 'show evpn mac vni 100 json'" '.macs."02:10:00:00:00:01".remoteVtep' 10.255.0.11 ||
	fail "leaf2 never installed h1's MAC: $WAIT_JSON_LAST"
nsx h1 ping -c3 -W2 192.168.100.2 >/dev/null || fail "h1 cannot ping h2 across the eBGP fabric"
ok "h1 pings h2 across the eBGP fabric with evpnd as spine"
# leaf1's own routes come back with 65000 65001 in the path; FRR drops
# them (AS loop), and its table keeps one path per own route.
n=$(jq '[."10.255.0.11:2" | to_entries[] | select(.key != "rd") | .value.paths | length] | max' <<<"$(frr_vtysh leaf1 'show bgp l2vpn evpn route json')")
expect_eq "$n" 1 "leaf1 keeps only its own path for its routes"
frr_kill9 leaf2
wait_json 30 "frr_vtysh leaf1 'show bgp l2vpn evpn route json'" 'has("10.255.0.12:2")' false ||
	fail "leaf2's routes stayed at leaf1 after leaf2 died"
ok "leaf2's session loss withdraws its routes at leaf1 through evpnd"
