#!/bin/bash
# EVPN routes between an FRR 8.4 leaf and an evpnd leaf through an FRR
# route reflector (RFC 7432 type 2 and 3, RFC 8365 VXLAN): each side lists
# the other's MAC, MAC+IP and inclusive multicast routes with the RD, the
# route targets, the encapsulation, the VNI and the next hop, imports them
# into VNI 100 (remote MAC at the right VTEP, HER flood list from PMSI),
# and withdrawals and session loss remove them everywhere.
. "$(dirname "$0")/../integration/lib.sh"
. "$(dirname "$0")/lib-peers.sh"
. "$(dirname "$0")/lib-evpn.sh"
. "$(dirname "$0")/lib-fabric.sh"

fabric_mixed 141 142
ok "sessions up: FRR spine with FRR leaf1 and evpnd leaf2"

# leaf1 learns h1 (MAC, and MAC+IP from the SVI's ARP); leaf2 gets a local MAC+IP.
nsx h1 ping -c2 -W1 192.168.100.254 >/dev/null 2>&1 || true
sh_ leaf2 -c 'evpn local-mac add vni 100 mac 02:20:00:00:00:01 ip 192.168.100.2' >/dev/null ||
	fail "evpn local-mac add"

RD1=10.255.0.11:2 RD2=10.255.0.12:2
MAC1='[2]:[0]:[48]:[02:10:00:00:00:01]'
MAC2='[2]:[0]:[48]:[02:20:00:00:00:01]'
MACIP2='[2]:[0]:[48]:[02:20:00:00:00:01]:[32]:[192.168.100.2]'
IMET1='[3]:[0]:[32]:[10.255.0.11]'
IMET2='[3]:[0]:[32]:[10.255.0.12]'
frr_routes() { frr_vtysh leaf1 'show bgp l2vpn evpn route json'; }
our_routes() { sh_ leaf2 -c 'show bgp l2vpn evpn route json'; }
best() {	# JSON RD PREFIX JQ-PATH-EXPR
	jq -r --arg rd "$2" --arg p "$3" "$evpn_best_path best(\$rd; \$p) | $4" <<<"$1"
}

# --- evpnd's routes as FRR sees them ---
wait_json 30 frr_routes "$evpn_best_path best(\"$RD2\"; \"$MACIP2\") | .ip" 192.168.100.2 ||
	fail "FRR leaf1 never got our MAC+IP route: $WAIT_JSON_LAST"
j=$(frr_routes)
for p in "$MAC2" "$MACIP2" "$IMET2"; do
	expect_eq "$(best "$j" $RD2 "$p" '.nexthops[0].ip')" 10.255.0.12 "FRR: $p next hop is our VTEP"
	expect_eq "$(best "$j" $RD2 "$p" '.extendedCommunity.string')" "RT:65000:100 ET:8" "FRR: $p carries RT 65000:100 and VXLAN encapsulation"
done
expect_eq "$(best "$j" $RD2 "$MAC2" '.mac')" 02:20:00:00:00:01 "FRR decodes our MAC"
expect_eq "$(best "$j" $RD2 "$IMET2" '.ip')" 10.255.0.12 "FRR decodes our type-3 originator"
# The label (VNI 100) and PMSI show in FRR's import into VNI 100: the MAC
# at our VTEP, and our VTEP in the flood list as head-end replication.
wait_json 10 "frr_vtysh leaf1 'show evpn mac vni 100 json'" '.macs."02:20:00:00:00:01".remoteVtep' 10.255.0.12 ||
	fail "FRR zebra has no remote MAC for us in VNI 100: $WAIT_JSON_LAST"
ok "FRR imported our MAC into VNI 100 at VTEP 10.255.0.12 (label = VNI 100)"
expect_eq "$(json_get "$(frr_vtysh leaf1 'show evpn arp-cache vni 100 json')" '."192.168.100.2".remoteVtep')" 10.255.0.12 "FRR: our MAC+IP in its ARP cache (suppression)"
expect_eq "$(json_get "$(frr_vtysh leaf1 'show evpn vni 100 json')" '.numRemoteVteps[0]')" 10.255.0.12 "FRR: our VTEP is VNI 100's remote VTEP"
d=$(frr_vtysh leaf1 'show bgp l2vpn evpn route detail json')
for p in "$MAC2" "$MACIP2"; do
	expect_eq "$(jq -r --arg rd $RD2 --arg p "$p" '.[$rd][$p].paths[0][0].VNI' <<<"$d")" 100 "FRR: $p carries label VNI 100"
done
expect_eq "$(jq -r --arg rd $RD2 --arg p "$IMET2" '.[$rd][$p].paths[0][0].pmsi.tunnelType' <<<"$d")" "Ingress Replication" "FRR: our type-3 route's PMSI is ingress replication"
bridge -n "$(ns_name leaf1)" fdb show dev vxlan100 | grep -q '00:00:00:00:00:00 dst 10.255.0.12' ||
	fail "FRR's flood list (from our PMSI ingress replication) lacks 10.255.0.12: $(bridge -n "$(ns_name leaf1)" fdb show dev vxlan100)"
ok "FRR floods VNI 100 to our VTEP (head-end replication from our PMSI)"

# --- FRR's routes as evpnd sees them ---
wait_json 20 our_routes "$evpn_best_path best(\"$RD1\"; \"$MAC1\") | .mac" 02:10:00:00:00:01 ||
	fail "evpnd never got FRR's MAC route: $WAIT_JSON_LAST"
j=$(our_routes)
for p in "$MAC1" "$IMET1"; do
	expect_eq "$(best "$j" $RD1 "$p" '.nexthops[0].ip')" 10.255.0.11 "evpnd: FRR's $p next hop"
	expect_eq "$(best "$j" $RD1 "$p" '.extendedCommunity.string')" "RT:65000:100 ET:8" "evpnd: FRR's $p communities"
done
d=$(sh_ leaf2 -c 'show bgp l2vpn evpn route detail json')
expect_eq "$(jq -r --arg rd $RD1 --arg p "$MAC1" '.[$rd][$p].paths[0][0] | "\(.originatorId) \(.clusterList.list[0]) \(.VNI)"' <<<"$d")" \
	"10.255.0.11 10.255.0.1 100" "evpnd (detail): FRR's MAC route reflected with ORIGINATOR_ID and CLUSTER_LIST, label VNI 100"
expect_eq "$(jq -r --arg rd $RD1 --arg p "$IMET1" '.[$rd][$p].paths[0][0].pmsi | "\(.tunnelType) \(.label)"' <<<"$d")" \
	"Ingress Replication 100" "evpnd (detail): FRR's PMSI, ingress replication with label 100"
macs=$(sh_ leaf2 -c 'show evpn mac vni 100 json')
expect_eq "$(json_get "$macs" '.macs."02:10:00:00:00:01".type')" remote "evpnd imported FRR's MAC into VNI 100"
expect_eq "$(json_get "$macs" '.macs."02:10:00:00:00:01".remoteVtep')" 10.255.0.11 "... at FRR's VTEP"
expect_eq "$(json_get "$macs" '.macs."02:20:00:00:00:01".type')" local "our own MAC is local"
v=$(sh_ leaf2 -c 'show evpn vni 100 json')
expect_eq "$(json_get "$v" '.numRemoteVteps[0]')" 10.255.0.11 "evpnd's flood list has FRR's VTEP (from its PMSI)"
sh_ leaf2 -c 'show evpn vni 100' | grep -q '10.255.0.11 flood: HER' || fail "evpnd floods to FRR by head-end replication: $(sh_ leaf2 -c 'show evpn vni 100')"
# Our own routes come back from the reflector and are dropped (RFC 4456 §8).
expect_eq "$(jq --arg rd $RD2 '[.[$rd] | to_entries[] | select(.key != "rd") | .value.paths | length] | max' <<<"$j")" 1 "our reflected routes are not kept (ORIGINATOR_ID = our router ID)"
n1=$(jq --arg rd $RD1 '[.[$rd] | keys[] | select(. != "rd")] | length' <<<"$j")
snt=$(json_get "$(frr_vtysh spine 'show bgp l2vpn evpn summary json')" '.peers."10.255.0.12".pfxSnt')
expect_eq "$(json_get "$(sh_ leaf2 -c 'show bgp l2vpn evpn summary json')" '.peers."10.255.0.1".pfxRcd')" "$n1" "pfxRcd counts leaf1's $n1 routes, not the $((snt - n1)) of ours the spine reflected back"

# --- JSON shapes: every key FRR prints for these commands, evpnd prints too ---
# (except what evpnd has no data for: table versions, timestamps, ifindexes,
# the local port of a MAC, advertisement lists, next-hop metrics).
IGNORE='/version$|/lastUpdate|ifindex|Ifindex|/intf$|advertisedTo|sviInterface|vxlanIf|vxlanInterface'
for c in 'show bgp l2vpn evpn json' 'show bgp l2vpn evpn route json' 'show bgp l2vpn evpn route detail json' \
	'show bgp l2vpn evpn route vni 100 json' 'show bgp l2vpn evpn route type macip json' \
	'show bgp l2vpn evpn route type multicast json' 'show bgp l2vpn evpn vni json' \
	'show bgp l2vpn evpn vni 100 json' 'show evpn vni json' 'show evpn vni 100 json' \
	'show evpn mac vni all json' 'show evpn mac vni 100 json' 'show evpn arp-cache vni all json' \
	'show evpn arp-cache vni 100 json'; do
	miss=$(json_shape_missing "$(frr_vtysh leaf1 "$c")" "$(sh_ leaf2 -c "$c")" "$IGNORE")
	[ -z "$miss" ] || fail "$c: keys FRR has and evpnd lacks: $(echo $miss)"
	ok "$c: every key FRR 8.4 prints"
done

# --- withdrawals ---
sh_ leaf2 -c 'evpn local-mac del vni 100 mac 02:20:00:00:00:01' >/dev/null || fail "local-mac del"
wait_json 15 frr_routes "[.[\"$RD2\"] // {} | keys[] | select(startswith(\"[2]\"))] | length" 0 ||
	fail "FRR still has our type-2 routes after their withdrawal: $WAIT_JSON_LAST"
wait_json 10 "frr_vtysh leaf1 'show evpn mac vni 100 json'" '.macs."02:20:00:00:00:01"' null ||
	fail "FRR zebra kept our withdrawn MAC"
ok "a withdrawn MAC (and its MAC+IP) leaves FRR's BGP table and VNI"
bridge -n "$(ns_name leaf1)" fdb del 02:10:00:00:00:01 dev "$(evpn_host_port h1)" master 2>/dev/null
ip -n "$(ns_name leaf1)" link set "$(evpn_host_port h1)" down
wait_json 30 "sh_ leaf2 -c 'show evpn mac vni 100 json'" '.macs."02:10:00:00:00:01"' null ||
	fail "evpnd kept FRR's withdrawn MAC: $WAIT_JSON_LAST"
ok "FRR's withdrawal of h1's MAC removes it from evpnd's VNI"

# --- session loss ---
frr_kill9 leaf1
wait_json 30 our_routes "has(\"$RD1\")" false ||
	fail "FRR leaf1's routes stayed in evpnd after its session died"
expect_eq "$(json_get "$(sh_ leaf2 -c 'show evpn vni 100 json')" '.numRemoteVteps | length')" 0 "evpnd's flood list is empty again"
ok "leaf1's session loss removes its routes from evpnd (through the reflector)"
sh_ leaf2 -c 'evpn local-mac add vni 100 mac 02:20:00:00:00:02' >/dev/null
wait_json 15 "frr_vtysh spine 'show bgp l2vpn evpn route json'" "has(\"$RD2\")" true || fail "spine lacks our routes"
kill -TERM "$PID_leaf2"
wait_json 20 "frr_vtysh spine 'show bgp l2vpn evpn route json'" "has(\"$RD2\")" false ||
	fail "the spine kept evpnd's routes after evpnd stopped (SIGTERM sends a Cease)"
ok "evpnd stopping (Cease) removes its routes from the reflector"
