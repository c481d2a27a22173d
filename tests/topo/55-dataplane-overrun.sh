#!/bin/bash
# Lost kernel events (netlink socket overrun) are recovered: leaf1's evpnd
# runs with a 32 KiB event socket (EVPND_NL_RCVBUF), so 10,000 MACs
# arriving from leaf2 and 10,000 learned on its own bridge overflow it
# many times. Each overrun makes fib/ read the kernel's tables again (and
# once more a second after the last one); in the end leaf1 has installed
# all of leaf2's MACs and advertised all of its own, and when both sets
# are deleted nothing of them is left on either side.
. "$(dirname "$0")/../integration/lib.sh"
. "$(dirname "$0")/lib-peers.sh"
. "$(dirname "$0")/lib-topo.sh"

N=10000
topo_up mixed-fabric
EVPND_NL_RCVBUF=32768 topo_restart leaf1
wait_json 60 "tcli leaf1 'show evpn dataplane json'" .resync.done true || fail "leaf1 resync"
batch() { # PREFIX OP EXTRA
	awk -v n=$N -v p="$1" -v op="$2" -v x="$3" 'BEGIN { for (i = 0; i < n; i++)
		printf "fdb %s %s:00:%02x:%02x:01 dev eth2 master%s\n", op, p, int(i / 256), i % 256, x }'
}
remote_on() { # NODE PREFIX VTEP: that many of PREFIX's MACs at VTEP in NODE's kernel
	tx "$1" bridge fdb show dev vxlan100 | grep -c "^$2:.* dst $3 self extern_learn"
}
wait_count() { # EXPECTED SECS CMD...
	local want=$1 end=$((SECONDS + $2)) got
	shift 2
	while got=$("$@"); [ "$got" != "$want" ]; do
		[ "$SECONDS" -lt "$end" ] || { echo "$got"; return 1; }
		sleep 0.5
	done
}

batch 02:bb add " dynamic" >"$TMP/b2"
batch 02:cc add " dynamic" >"$TMP/b1"
tx leaf2 bridge -batch "$TMP/b2" || fail "batch on leaf2"
tx leaf1 bridge -batch "$TMP/b1" || fail "batch on leaf1"
got=$(wait_count $N 60 remote_on leaf1 02:bb 10.255.0.12) || fail "leaf1 installed $got of leaf2's $N MACs"
ok "leaf1 installed all $N of leaf2's MACs"
got=$(wait_count $N 60 remote_on leaf2 02:cc 10.255.0.11) || fail "leaf2 has $got of leaf1's $N MACs: leaf1 lost learning events"
ok "leaf1 learned and advertised all $N MACs of its own bridge"
d=$(tcli leaf1 'show evpn dataplane json')
[ "$(json_get "$d" .overruns)" -ge 1 ] || fail "no overrun happened: the test proves nothing: $d"
ok "$(json_get "$d" .overruns) overruns, $(json_get "$d" .refreshes) refreshes, $(json_get "$d" .failed) failed requests"

batch 02:bb del "" >"$TMP/b2"
batch 02:cc del "" >"$TMP/b1"
tx leaf2 bridge -batch "$TMP/b2" || fail "delete batch on leaf2"
tx leaf1 bridge -batch "$TMP/b1" || fail "delete batch on leaf1"
got=$(wait_count 0 60 remote_on leaf1 02:bb 10.255.0.12) || fail "leaf1 still has $got of leaf2's deleted MACs"
got=$(wait_count 0 60 remote_on leaf2 02:cc 10.255.0.11) || fail "leaf2 still has $got of leaf1's deleted MACs: leaf1 never withdrew them"
d=$(tcli leaf1 'show evpn dataplane json')
ok "all deleted on both sides ($(json_get "$d" .overruns) overruns, $(json_get "$d" .refreshCorrections) corrections by refreshes)"
expect_eq "$(json_get "$d" .queued)/$(json_get "$d" .inFlight)" 0/0 "leaf1 has nothing queued or in flight"
