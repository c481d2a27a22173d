#!/bin/bash
# Auto route targets across ASes (RFC 8365 §5.1.2.1, FRR's rule): an FRR
# 8.4 leaf in AS 65001 and an evpnd leaf in AS 65002, eBGP, neither with
# a configured route target. Each exports its own AS:100 and, as FRR
# does, imports ANY:100 while its RTs are auto, so each imports the
# other's MAC into VNI 100. A configured import RT turns that off.
. "$(dirname "$0")/../integration/lib.sh"
. "$(dirname "$0")/lib-peers.sh"
. "$(dirname "$0")/lib-evpn.sh"

ns_add leaf1
ns_add leaf2
evpn_p2p leaf1 l1-l2 leaf2 l2-l1 10.255.191
evpn_leaf_dataplane leaf1 10.255.0.11 100
evpn_loopback leaf2 10.255.0.12
evpn_route leaf1 10.255.0.12 10.255.191.2
evpn_route leaf2 10.255.0.11 10.255.191.1
evpn_svi leaf1 100 192.168.100.254/24
evpn_host h1 leaf1 100 192.168.100.1/24 02:10:00:00:00:01
cat >"$TMP/leaf1.conf" <<'C'
hostname leaf1
router bgp 65001
 bgp router-id 10.255.0.11
 no bgp ebgp-requires-policy
 no bgp default ipv4-unicast
 timers bgp 3 9
 neighbor 10.255.191.2 remote-as 65002
 neighbor 10.255.191.2 timers connect 1
 address-family l2vpn evpn
  neighbor 10.255.191.2 activate
  advertise-all-vni
 exit-address-family
exit
C
cat >"$TMP/leaf2.conf" <<'C'
hostname leaf2
router bgp 65002
 bgp router-id 10.255.0.12
 no bgp ebgp-requires-policy
 no bgp default ipv4-unicast
 timers bgp 3 9
 neighbor 10.255.191.1 remote-as 65001
 neighbor 10.255.191.1 timers connect 1
 address-family l2vpn evpn
  neighbor 10.255.191.1 activate
  vni 100
  exit-vni
 exit-address-family
C
frr_start leaf1 "$TMP/leaf1.conf"
evpnd_start_ns leaf2 leaf2 "$TMP/leaf2.conf"
frr_wait_established leaf1 10.255.191.2 40
nsx h1 ping -c1 -W1 192.168.100.254 >/dev/null 2>&1 || true
sh_ leaf2 -c 'evpn local-mac add vni 100 mac 02:20:00:00:00:02' >/dev/null || fail "local-mac add"

wait_json 20 "sh_ leaf2 -c 'show evpn mac vni 100 json'" '.macs."02:10:00:00:00:01".remoteVtep' 10.255.0.11 ||
	fail "evpnd did not import FRR's MAC (RT 65001:100) with auto RTs: $WAIT_JSON_LAST"
ok "evpnd (AS 65002, auto RT) imports FRR's route with RT 65001:100"
expect_eq "$(json_get "$(sh_ leaf2 -c 'show bgp l2vpn evpn vni 100 json')" '.importRts[0]')" 65002:100 "evpnd's own auto import RT is 65002:100"
wait_json 20 "frr_vtysh leaf1 'show evpn mac vni 100 json'" '.macs."02:20:00:00:00:02".remoteVtep' 10.255.0.12 ||
	fail "FRR did not import our MAC (RT 65002:100): $WAIT_JSON_LAST"
ok "FRR (AS 65001, auto RT) imports ours with RT 65002:100"

sh_ leaf2 -c 'configure terminal' -c 'router bgp 65002' -c 'address-family l2vpn evpn' -c 'vni 100' \
	-c 'route-target import 65002:100' -c end >/dev/null || fail "route-target import"
wait_json 10 "sh_ leaf2 -c 'show evpn mac vni 100 json'" '.macs."02:10:00:00:00:01"' null ||
	fail "a configured import RT still took RT 65001:100: $WAIT_JSON_LAST"
ok "with a configured import RT, only exact matches enter VNI 100"
