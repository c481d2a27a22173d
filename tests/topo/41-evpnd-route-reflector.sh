#!/bin/bash
# evpnd as the spine: route reflector (RFC 4456) for two FRR 8.4 leaves.
# Each leaf learns the other's type-2 and type-3 routes through evpnd with
# ORIGINATOR_ID and CLUSTER_LIST set, installs them, and the hosts behind
# the two leaves ping each other over VXLAN with no flood-and-learn.
. "$(dirname "$0")/../integration/lib.sh"
. "$(dirname "$0")/lib-peers.sh"
. "$(dirname "$0")/lib-evpn.sh"
. "$(dirname "$0")/lib-fabric.sh"

fabric_underlay 151 152
for l in leaf1:10.255.0.11:1 leaf2:10.255.0.12:2; do
	IFS=: read -r ns vtep n <<<"$l"
	evpn_leaf_dataplane "$ns" "$vtep" 100
	evpn_svi "$ns" 100 "192.168.100.25$n/24"
	evpn_host "h$n" "$ns" 100 "192.168.100.$n/24" "02:10:00:00:00:0$n"
	frr_evpn_leaf_conf "$ns" "$vtep" 10.255.0.1 >"$TMP/$ns.conf"
	frr_start "$ns" "$TMP/$ns.conf"
done
# The spine forwards the underlay (FRR's zebra turns forwarding on; evpnd
# leaves the kernel's sysctls alone).
nsx spine sysctl -qw net.ipv4.ip_forward=1
evpnd_spine_conf spine 10.255.0.1 10.255.0.100 10.255.0.11 10.255.0.12 >"$TMP/spine.conf"
evpnd_start_ns spine spine "$TMP/spine.conf"
frr_wait_established leaf1 10.255.0.1 40
frr_wait_established leaf2 10.255.0.1 40
ok "both FRR leaves Established with evpnd"
nb=$(sh_ spine -c 'show bgp neighbors 10.255.0.11 json')
expect_eq "$(json_get "$nb" '."10.255.0.11".addressFamilyInfo.l2VpnEvpn.routeReflectorClient')" true "evpnd shows leaf1 as a route reflector client"

# Hosts speak first: each leaf learns its host's MAC and (through the SVI) MAC+IP.
nsx h1 ping -c1 -W1 192.168.100.251 >/dev/null 2>&1 || true
nsx h2 ping -c1 -W1 192.168.100.252 >/dev/null 2>&1 || true
for i in 1 2; do
	o=$((3 - i))
	wait_json 30 "frr_vtysh leaf$o 'show evpn mac vni 100 json'" ".macs.\"02:10:00:00:00:0$i\".remoteVtep" "10.255.0.1$i" ||
		fail "leaf$o never learned h$i's MAC through evpnd: $WAIT_JSON_LAST"
	ok "leaf$o learned h$i's MAC at VTEP 10.255.0.1$i through evpnd"
done
d=$(frr_vtysh leaf1 'show bgp l2vpn evpn route detail json')
p=$(jq -r '."10.255.0.12:2" | to_entries[] | select(.key | startswith("[2]:[0]:[48]:[02:10:00:00:00:02]")) | .value.paths[0][0] | "\(.originatorId) \(.clusterList.list | join(","))"' <<<"$d" | sort -u)
expect_eq "$p" "10.255.0.12 10.255.0.100" "reflected routes carry ORIGINATOR_ID leaf2 and CLUSTER_LIST [evpnd's bgp cluster-id]"
expect_eq "$(jq -r '."10.255.0.12:2"."[3]:[0]:[32]:[10.255.0.12]".paths[0][0].pmsi.tunnelType' <<<"$d")" "Ingress Replication" "the reflected type-3 keeps its PMSI"
bridge -n "$(ns_name leaf1)" fdb show dev vxlan100 | grep -q '00:00:00:00:00:00 dst 10.255.0.12' ||
	fail "leaf1 has no flood entry for leaf2"
nsx h1 ping -c3 -W2 192.168.100.2 >/dev/null || fail "h1 cannot ping h2 across the fabric"
ok "h1 pings h2 across VXLAN, routes reflected by evpnd"

# evpnd's own view: every route twice-known is stored once per source.
s=$(sh_ spine -c 'show bgp l2vpn evpn summary json')
r1=$(json_get "$s" '.peers."10.255.0.11".pfxRcd') r2=$(json_get "$s" '.peers."10.255.0.12".pfxRcd')
expect_eq "$(json_get "$s" '.peers."10.255.0.11".pfxSnt')" $((r1 + r2)) "evpnd sends each client all routes ($r1 + $r2), FRR-style update group"
# A withdrawal travels through the reflector.
ip -n "$(ns_name leaf2)" link set "$(evpn_host_port h2)" down
bridge -n "$(ns_name leaf2)" fdb del 02:10:00:00:00:02 dev "$(evpn_host_port h2)" master 2>/dev/null
wait_json 30 "frr_vtysh leaf1 'show evpn mac vni 100 json'" '.macs."02:10:00:00:00:02"' null ||
	fail "h2's MAC stayed at leaf1 after leaf2 withdrew it: $WAIT_JSON_LAST"
ok "leaf2's withdrawal reaches leaf1 through evpnd"
# A client's session loss withdraws its routes from the other client.
frr_kill9 leaf2
wait_json 30 "frr_vtysh leaf1 'show bgp l2vpn evpn route json'" 'has("10.255.0.12:2")' false ||
	fail "leaf2's routes stayed at leaf1 after leaf2 died"
ok "leaf2's session loss withdraws its routes at leaf1"
