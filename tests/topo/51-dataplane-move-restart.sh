#!/bin/bash
# The data plane through change, on topologies/mixed-fabric (FRR spine RR,
# evpnd leaf1 and leaf2, FRR leaf3):
#  - a host moves from leaf2 to leaf1 (same MAC and IP, a new attachment):
#    leaf1 advertises it with a higher sequence number (RFC 7432 §15), the
#    fabric follows, and leaf2's and FRR leaf3's FDB point at leaf1;
#  - an FDB entry of ours deleted by hand is put back;
#  - evpnd restarts (SIGTERM, then kill -9): the restarted evpnd adopts the
#    kernel entries it made before and deletes only what no route claims,
#    once every peer sent End-of-RIB; the restarting leaf's remote entries
#    never leave the kernel, and pings keep going. FRR 8.4 as route
#    reflector does not keep EVPN routes for a restarting peer (its
#    graceful restart helper covers unicast families only), so the other
#    leaves lose our routes for the time the session is down: the loss is
#    measured and bounded, not zero.
. "$(dirname "$0")/../integration/lib.sh"
. "$(dirname "$0")/lib-peers.sh"
. "$(dirname "$0")/lib-topo.sh"

topo_up mixed-fabric
mixed_hosts_speak
wait_fdb leaf1 vxlan100 02:00:00:00:01:02 10.255.0.12 20 || fail "leaf1 never learned h2"
wait_fdb leaf1 vxlan100 02:00:00:00:01:03 10.255.0.13 20 || fail "leaf1 never learned h3"
ok "leaf1 has h2 (leaf2) and h3 (FRR leaf3) in its kernel FDB"

# An entry deleted by hand comes back.
tx leaf1 bridge fdb del 02:00:00:00:01:03 dev vxlan100 self dst 10.255.0.13
wait_fdb leaf1 vxlan100 02:00:00:00:01:03 10.255.0.13 10 || fail "h3's entry not reinstalled on leaf1"
d=$(tcli leaf1 'show evpn dataplane json')
[ "$(json_get "$d" .reinstalled)" -ge 1 ] || fail "reinstall not counted: $d"
ok "h3's FDB entry deleted by hand is back (reinstalled: $(json_get "$d" .reinstalled))"

# --- restart -----------------------------------------------------------

# restart_case HOW: pings h1 -> h2 through a restart of leaf1's evpnd.
restart_case() {
	local how=$1 lost t0 t1 d
	# A stale entry of "ours" no route supports: deleted after the resync.
	tx leaf1 bridge fdb add 02:00:00:00:0f:0f dev vxlan100 dst 10.255.0.99 self dynamic extern_learn ||
		fail "cannot add a test entry"
	tx h1 ping -q -i 0.05 -c 200 -W 1 192.168.100.2 >"$TMP/ping.out" 2>&1 &
	local ping=$!
	timeout 12 ip netns exec "$TOPO_PREFIX-leaf1" bridge monitor fdb >"$TMP/mon.out" 2>&1 &
	local mon=$!
	sleep 1
	t0=$(ms_now)
	if [ "$how" = kill9 ]; then topo_restart leaf1 --kill9; else topo_restart leaf1; fi
	wait_json 90 "tcli leaf1 'show evpn dataplane json'" .resync.done true ||
		fail "$how: leaf1 resync never ended: $WAIT_JSON_LAST"
	t1=$(ms_now)
	wait "$ping"
	d=$(tcli leaf1 'show evpn dataplane json')
	lost=$(sed -n 's/.* \([0-9]*\) received.*/\1/p' "$TMP/ping.out")
	lost=$((200 - lost))
	ok "$how: restart -> resync done in $((t1 - t0)) ms: $(json_get "$d" .resync.found) entries found, $(json_get "$d" .resync.claimed) claimed by routes, $(json_get "$d" .resync.deleted) deleted; $lost of 200 pings (50 ms apart) lost"
	[ "$(json_get "$d" .resync.found)" -ge 6 ] || fail "$how: entries from before not found: $d"
	[ "$(json_get "$d" .resync.deleted)" -ge 1 ] || fail "$how: the stale entry was not deleted: $d"
	tx leaf1 bridge fdb show dev vxlan100 | grep -q 02:00:00:00:0f:0f &&
		fail "$how: the stale entry is still in the kernel"
	ok "$how: the entry no route claims was deleted after the resync"
	fdb_has leaf1 vxlan100 02:00:00:00:01:02 10.255.0.12 || fail "$how: h2's entry is gone"
	wait "$mon"
	grep -q "^Deleted 02:00:00:00:0f:0f " "$TMP/mon.out" ||
		fail "$how: the FDB monitor did not see the stale entry go: it is blind"
	grep -q "^Deleted 02:00:00:00:01:0[23] " "$TMP/mon.out" &&
		fail "$how: leaf1 deleted a live remote entry during the restart: $(grep Deleted "$TMP/mon.out")"
	ok "$how: leaf1's remote entries stayed in the kernel throughout"
	[ "$lost" -le 40 ] || fail "$how: $lost pings lost (more than 2 s)"
	ok "$how: pings kept flowing (gap bounded by the FRR spine's reconvergence)"
	tx h2 ping -c1 -W1 192.168.100.1 >/dev/null || fail "$how: h2 cannot ping h1 after"
	ok "$how: h2 pings h1 after the restart"
}
restart_case sigterm
restart_case kill9

# --- host move -----------------------------------------------------------

# h2 leaves leaf2 and plugs into leaf1 (new port mv2 in br100) with the
# same MAC and address.
tx h2 ip link del eth1
ip link add mv2 netns "$TOPO_PREFIX-leaf1" type veth peer name eth1 netns "$TOPO_PREFIX-h2" ||
	fail "cannot create the new attachment"
tx h2 ip link set eth1 address 02:00:00:00:01:02
tx h2 ip addr add 192.168.100.2/24 dev eth1
tx h2 ip link set eth1 up
tx leaf1 ip link set mv2 master br100
tx leaf1 ip link set mv2 up
t0=$(ms_now)
ping_ok h2 192.168.100.3 || fail "moved h2 cannot ping h3 (FRR leaf3)"
wait_fdb leaf3 vxlan100 02:00:00:00:01:02 10.255.0.11 20 || fail "FRR leaf3 still points h2 elsewhere: $(tx leaf3 bridge fdb show dev vxlan100)"
wait_fdb leaf2 vxlan100 02:00:00:00:01:02 10.255.0.11 20 || fail "leaf2 (old leaf) does not point h2 at leaf1"
ok "host moved: leaf2's and FRR leaf3's FDB point h2 at leaf1 ($(($(ms_now) - t0)) ms after it plugged in)"
m=$(tcli leaf1 'show evpn mac vni 100 json')
expect_eq "$(json_get "$m" '.macs."02:00:00:00:01:02".type')" local "leaf1 holds h2 as local"
ping_ok h1 192.168.100.2 || fail "h1 cannot ping h2 now local"
ping_ok h3 192.168.100.2 || fail "h3 (FRR leaf3) cannot ping moved h2"
ok "h3 (FRR leaf3) and h1 ping h2 at its new place"
fdb_has leaf1 vxlan100 02:00:00:00:01:02 10.255.0.12 && fail "leaf1 still has a remote entry for local h2"
ok "leaf1 removed its remote entry for h2"

# --- aging -----------------------------------------------------------------

# h5 goes quiet (IPv6 off: no more MLD reports); leaf2's bridge ages its
# MAC out after 2 s, leaf2 withdraws it, and leaf1's kernel entry goes.
fdb_has leaf1 vxlan200 02:00:00:00:02:05 10.255.0.12 || fail "leaf1 lacks h5 before the aging test"
tx h5 sysctl -qw net.ipv6.conf.eth1.disable_ipv6=1
tx leaf2 ip link set br200 type bridge ageing_time 200
end=$((SECONDS + 30))
while fdb_has leaf1 vxlan200 02:00:00:00:02:05 10.255.0.12; do
	[ "$SECONDS" -lt "$end" ] || fail "h5's MAC never aged out of the fabric"
	sleep 0.2
done
d=$(tcli leaf2 'show evpn dataplane json')
[ "$(json_get "$d" .agedMacs)" -ge 1 ] || fail "leaf2 counted no aged MAC: $d"
ok "h5 silent: leaf2's bridge aged its MAC out, leaf2 withdrew it, leaf1's kernel entry is gone"
