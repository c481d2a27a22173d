#!/bin/bash
# A leaf's evpnd restarts (kill -9, then SIGTERM) without losing a ping
# when the route reflector keeps its EVPN routes (RFC 4724 graceful
# restart, helper side): here the reflector is evpnd, which does, while
# FRR 8.4 as reflector drops them (see 51). The leaves advertise graceful
# restart with the forwarding state (F bit) preserved for EVPN; the
# restarting leaf keeps its kernel entries and adopts them.
. "$(dirname "$0")/../integration/lib.sh"
. "$(dirname "$0")/lib-peers.sh"
. "$(dirname "$0")/lib-evpn.sh"
. "$(dirname "$0")/lib-fabric.sh"

fabric_underlay 221 222
nsx spine sysctl -qw net.ipv4.ip_forward=1
for l in leaf1:10.255.0.11:1 leaf2:10.255.0.12:2; do
	IFS=: read -r ns vtep n <<<"$l"
	evpn_leaf_dataplane "$ns" "$vtep" 100
	evpn_svi "$ns" 100 "192.168.100.25$n/24"
	evpn_host "h$n" "$ns" 100 "192.168.100.$n/24" "02:10:00:00:00:0$n"
	evpnd_leaf_conf "$ns" "$vtep" 10.255.0.1 >"$TMP/$ns.conf"
	sed -i 's/^ address-family l2vpn evpn$/&\n  advertise-all-vni/; s/^ timers bgp 3 9$/&\n bgp graceful-restart/' \
		"$TMP/$ns.conf"
	evpnd_start_ns "$ns" "$ns" "$TMP/$ns.conf"
done
evpnd_spine_conf spine 10.255.0.1 10.255.0.100 10.255.0.11 10.255.0.12 >"$TMP/spine.conf"
evpnd_start_ns spine spine "$TMP/spine.conf"
for p in 10.255.0.11 10.255.0.12; do
	wait_json 30 "sh_ spine -c 'show bgp l2vpn evpn summary json'" ".peers.\"$p\".state" Established ||
		fail "$p not Established with the spine"
done
ok "evpnd spine reflects for two evpnd leaves"
nsx h1 ping -c1 -W1 192.168.100.251 >/dev/null || fail "h1 -> SVI"
nsx h2 ping -c1 -W1 192.168.100.252 >/dev/null || fail "h2 -> SVI"
wait_for 20 "nsx h1 ping -c1 -W1 192.168.100.2" || fail "h1 cannot ping h2"
ok "h1 pings h2 across the fabric"
nb=$(sh_ spine -c 'show bgp neighbors 10.255.0.11 json')
expect_eq "$(json_get "$nb" '.. | objects | .gracefulRestartCapability? // empty | .addressFamilies.l2VpnEvpn')" true \
	"leaf1 announces graceful restart for EVPN with its forwarding state preserved (F bit)"

for how in kill9 term; do
	nsx h1 ping -q -i 0.05 -c 100 -W 1 192.168.100.2 >"$TMP/p1.out" 2>&1 &
	p1=$!
	nsx h2 ping -q -i 0.05 -c 100 -W 1 192.168.100.1 >"$TMP/p2.out" 2>&1 &
	p2=$!
	sleep 1
	if [ $how = kill9 ]; then kill -9 "$PID_leaf1"; else kill "$PID_leaf1"; fi
	_wait_gone 5 "$PID_leaf1" || fail "$how: evpnd did not exit"
	evpnd_start_ns leaf1 leaf1 "$TMP/leaf1.conf"
	wait_json 60 "sh_ leaf1 -c 'show evpn dataplane json'" .resync.done true || fail "$how: no resync"
	wait "$p1" "$p2"
	for f in p1 p2; do
		grep -q " 100 received" "$TMP/$f.out" || fail "$how: pings lost: $(tail -2 "$TMP/$f.out")"
	done
	d=$(sh_ leaf1 -c 'show evpn dataplane json')
	ok "$how: leaf1 restarted, 0 of 100 pings lost each way; resync adopted $(json_get "$d" .resync.found), claimed $(json_get "$d" .resync.claimed), deleted $(json_get "$d" .resync.deleted)"
done
