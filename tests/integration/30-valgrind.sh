#!/bin/bash
# evpnd under valgrind: commands, a reload, BGP sessions that come up, get
# reset, collide and go down, then SIGTERM must leave no leak and no memory
# error. The peer is a second evpnd in its own namespace.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/../topo/lib-peers.sh"
command -v valgrind >/dev/null || fail "valgrind not installed"

ns_add vg
ns_add peer
ns_link vg v-p 10.255.31.1/30 peer p-v 10.255.31.2/30

# Every config node (minus what this kernel may lack), plus a live peer.
cp "$ROOT/tests/unit/data/full.conf" "$TMP/v.conf"
sed -i '/^management tls/d; /tcp-ao/d; s/^ neighbor 10.255.0.1 shutdown$//' "$TMP/v.conf"
sed -i 's/^ address-family l2vpn evpn$/&\n  neighbor 10.255.31.2 activate/' "$TMP/v.conf"
sed -i 's/^ bgp router-id .*/ bgp router-id 10.255.31.1\n neighbor 10.255.31.2 remote-as 4200000001\n neighbor 10.255.31.2 timers connect 1/' "$TMP/v.conf"
cat >"$TMP/peer.conf" <<'C'
hostname peer
router bgp 4200000001
 bgp router-id 10.255.31.2
 timers bgp 3 9
 neighbor 10.255.31.1 remote-as internal
 neighbor 10.255.31.1 timers connect 1
 address-family l2vpn evpn
  neighbor 10.255.31.1 activate
 exit-address-family
C
_ns_bg vg "$TMP/vg.out" valgrind --leak-check=full --show-leak-kinds=definite,indirect \
	--errors-for-leak-kinds=definite,indirect --error-exitcode=99 --log-file="$TMP/vg.log" \
	"$EVPND" -N vg --rundir "$TMP/run-vg" -f "$TMP/v.conf" --log-level debug
vpid=$BG_PID
wait_for 60 "sh_ vg -c 'show version'" || fail "evpnd under valgrind did not come up"
evpnd_start_ns peer peer "$TMP/peer.conf"
wait_json 60 "sh_ peer -c 'show bgp neighbors 10.255.31.1 json'" '."10.255.31.1".bgpState' Established ||
	fail "session with the valgrind evpnd not Established (last: $WAIT_JSON_LAST)"
ok "BGP session up under valgrind"
sh_ vg -c 'show running-config json' >/dev/null
sh_ vg -c 'show yang operational-data /' >/dev/null
sh_ vg -c 'show bgp neighbors json' >/dev/null
sh_ vg -c 'show bgp neighbors' >/dev/null
sh_ vg -c 'show bgp l2vpn evpn summary' >/dev/null
sh_ vg -c 'configure terminal' -c 'router bgp 4200000001' -c 'address-family l2vpn evpn' \
	-c 'vni 300' -c 'route-target both 1:1' >/dev/null || fail "commit under valgrind"
sh_ vg -c 'configure terminal' -c 'hostname x' -c 'router bgp 4200000001' \
	-c 'neighbor 1.2.3.4 remote-as 99999999999' 2>/dev/null && fail "bad value accepted"
printf 'configure terminal\nhostname y\nabort\n' | sh_ vg >/dev/null
# A reset (config change), a peer that goes away, a deleted neighbor.
sh_ vg -c 'configure terminal' -c 'router bgp 4200000001' -c 'neighbor 10.255.31.2 password k' -c end >/dev/null
sh_ peer -c 'configure terminal' -c 'router bgp 4200000001' -c 'neighbor 10.255.31.1 password k' -c end >/dev/null
wait_json 60 "sh_ peer -c 'show bgp neighbors 10.255.31.1 json'" '."10.255.31.1".bgpState' Established ||
	fail "not back after the password change (last: $WAIT_JSON_LAST)"
kill -HUP "$vpid"
sleep 2
kill "$PID_peer"
sleep 2
sh_ vg -c 'configure terminal' -c 'router bgp 4200000001' -c 'no neighbor 10.255.31.2' -c end >/dev/null
kill -TERM "$vpid"
_wait_gone 60 "$vpid" || fail "evpnd under valgrind did not exit"
wait "$vpid" 2>/dev/null
grep -q "ERROR SUMMARY: 0 errors" "$TMP/vg.log" || { cat "$TMP/vg.log"; fail "valgrind errors"; }
grep -q "definitely lost: [1-9]" "$TMP/vg.log" && { cat "$TMP/vg.log"; fail "valgrind: leak"; }
ok "no leak and no memory error after sessions, commands, reload and SIGTERM"
