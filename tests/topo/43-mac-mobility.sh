#!/bin/bash
# MAC mobility (RFC 7432 §15) between an FRR 8.4 leaf and an evpnd leaf:
# h1's MAC is learned behind FRR (sequence 0), then appears behind evpnd,
# which advertises it with sequence 1; FRR withdraws its own route and
# points the MAC at evpnd. Moving back behind FRR gives sequence 2 and
# evpnd withdraws its route. Then duplicate address detection: a MAC
# flapping faster than `dup-addr-detection max-moves 3 time 30` is
# flagged and, with freeze, no longer advertised until cleared.
. "$(dirname "$0")/../integration/lib.sh"
. "$(dirname "$0")/lib-peers.sh"
. "$(dirname "$0")/lib-evpn.sh"
. "$(dirname "$0")/lib-fabric.sh"

fabric_mixed 171 172

MAC=02:10:00:00:00:01
PORT=$(evpn_host_port h1)
L1=$(ns_name leaf1)
our_mac() { sh_ leaf2 -c 'show evpn mac vni 100 json'; }
frr_mac() { frr_vtysh leaf1 'show evpn mac vni 100 json'; }
spine_has() {	# RD: does the spine hold RD's MAC-only route for $MAC?
	frr_vtysh spine 'show bgp l2vpn evpn route json' |
		jq -r --arg rd "$1" --arg p "[2]:[0]:[48]:[$MAC]" '.[$rd][$p] != null'
}

# 1. h1 behind FRR leaf1: sequence 0.
nsx h1 ping -c1 -W1 192.168.100.254 >/dev/null 2>&1 || true
wait_json 30 our_mac ".macs.\"$MAC\".remoteVtep" 10.255.0.11 || fail "evpnd never saw h1 at leaf1: $WAIT_JSON_LAST"
expect_eq "$(json_get "$(our_mac)" ".macs.\"$MAC\".remoteSequence")" 0 "h1 behind FRR leaf1: sequence 0"

# 2. h1 moves behind evpnd leaf2: sequence 1, FRR withdraws its own.
ip -n "$L1" link set "$PORT" down
sh_ leaf2 -c "evpn local-mac add vni 100 mac $MAC ip 192.168.100.1" >/dev/null || fail "local-mac add"
m=$(our_mac)
expect_eq "$(json_get "$m" ".macs.\"$MAC\".type")" local "evpnd takes the MAC as local"
expect_eq "$(json_get "$m" ".macs.\"$MAC\".localSequence")" 1 "... with sequence remote + 1 = 1"
wait_json 20 frr_mac ".macs.\"$MAC\".remoteVtep" 10.255.0.12 || fail "FRR did not move h1 to evpnd's VTEP: $WAIT_JSON_LAST"
expect_eq "$(json_get "$(frr_mac)" ".macs.\"$MAC\".remoteSequence")" 1 "FRR sees our sequence 1"
d=$(frr_vtysh leaf1 'show bgp l2vpn evpn route detail json')
expect_eq "$(jq -r --arg p "[2]:[0]:[48]:[$MAC]" '."10.255.0.12:2"[$p].paths[0][0].extendedCommunity.string' <<<"$d")" "RT:65000:100 ET:8 MM:1" "our route carries MAC Mobility sequence 1 (RFC 7432 §7.7)"
wait_json 20 "spine_has 10.255.0.11:2" . false || fail "FRR leaf1 did not withdraw its own h1 route"
ok "FRR leaf1 withdrew its sequence-0 route: both converge on leaf2"
bridge -n "$L1" fdb show dev vxlan100 | grep -q "$MAC dst 10.255.0.12" ||
	fail "FRR's kernel FDB does not point h1 at evpnd: $(bridge -n "$L1" fdb show | grep -i "$MAC")"
ok "FRR leaf1's FDB now sends h1's MAC to 10.255.0.12"

# 3. h1 back behind FRR leaf1: sequence 2, evpnd withdraws.
ip -n "$L1" link set "$PORT" up
nsx h1 ping -c2 -W1 192.168.100.254 >/dev/null 2>&1 || true
wait_json 30 our_mac ".macs.\"$MAC\".remoteSequence" 2 || fail "FRR did not re-advertise h1 with sequence 2: $WAIT_JSON_LAST"
m=$(our_mac)
expect_eq "$(json_get "$m" ".macs.\"$MAC\".type")" remote "evpnd gave the MAC up (a higher sequence arrived)"
expect_eq "$(json_get "$m" ".macs.\"$MAC\".remoteVtep")" 10.255.0.11 "... and points it at FRR leaf1"
wait_json 20 "spine_has 10.255.0.12:2" . false || fail "evpnd did not withdraw its sequence-1 route"
ok "evpnd withdrew its route: both converge on leaf1 with sequence 2"
expect_eq "$(json_get "$(frr_mac)" ".macs.\"$MAC\".localSequence")" 2 "FRR: local sequence 2"

# 4. Duplicate address detection on evpnd: 3 moves within 30 s, freeze.
sh_ leaf2 -c 'configure terminal' -c 'router bgp 65000' -c 'address-family l2vpn evpn' \
	-c 'dup-addr-detection max-moves 3 time 30' -c 'dup-addr-detection freeze permanent' -c end >/dev/null ||
	fail "dup-addr-detection config"
D=02:40:00:00:00:09
nsx h1 ip link set eth0 address $D
dup=false
for i in 1 2 3 4 5 6 7 8; do
	# FRR learns D behind leaf1 (sequence up), then evpnd learns it again
	# (sequence up again): each is a move.
	nsx h1 ping -c1 -W1 192.168.100.254 >/dev/null 2>&1 || true
	sleep 1
	sh_ leaf2 -c "evpn local-mac add vni 100 mac $D" >/dev/null
	sleep 1
	dup=$(json_get "$(our_mac)" ".macs.\"$D\".isDuplicate")
	[ "$dup" = true ] && break
done
m=$(sh_ leaf2 -c 'show evpn mac vni 100 duplicate json')
expect_eq "$(json_get "$m" ".macs.\"$D\".isDuplicate")" true "a MAC flapping between the leaves is flagged duplicate (max-moves 3)"
expect_eq "$(json_get "$m" '.numMacs')" 1 "show evpn mac vni 100 duplicate lists it alone"
ge=$(json_get "$m" ".macs.\"$D\".detectionCount")
[ "$ge" -ge 3 ] || fail "detectionCount $ge < max-moves 3"
ok "detectionCount $ge reached max-moves"
sh_ leaf2 -c "clear evpn dup-addr vni 100 mac $D" >/dev/null || fail "clear evpn dup-addr"
expect_eq "$(json_get "$(sh_ leaf2 -c 'show evpn mac vni 100 duplicate json')" '.numMacs')" 0 "clear evpn dup-addr removes the flag"
expect_eq "$(sh_ leaf2 -c 'clear evpn dup-addr vni 100 mac 02:99:00:00:00:01' 2>&1)" "% Requested MAC is not duplicate detected" "clearing a MAC that is no duplicate is an error"
