#!/bin/bash
# The data plane with 10,000 MACs, on topologies/mixed-fabric: leaf2's
# bridge learns them (one `bridge -batch`), leaf2 (evpnd) advertises them,
# the FRR spine reflects them and leaf1 (evpnd) installs them, batched;
# then leaf1 restarts and its resync adopts all 10,000 with no request to
# the kernel for them. Prints the times. leaf1 never reads the kernel's
# echoes of its own installs.
. "$(dirname "$0")/../integration/lib.sh"
. "$(dirname "$0")/lib-peers.sh"
. "$(dirname "$0")/lib-topo.sh"

N=10000
topo_up mixed-fabric
awk -v n=$N 'BEGIN { for (i = 0; i < n; i++)
	printf "fdb add 02:bb:00:%02x:%02x:02 dev eth2 master dynamic\n", int(i / 256), i % 256 }' >"$TMP/batch"
count() { tx leaf1 bridge fdb show dev vxlan100 | grep -c "^02:bb:.* dst 10.255.0.12 self extern_learn"; }

ev0=$(json_get "$(tcli leaf1 'show evpn dataplane json')" .events)
t0=$(ms_now)
tx leaf2 bridge -batch "$TMP/batch" || fail "bridge -batch on leaf2"
t1=$(ms_now)
end=$((SECONDS + 60))
until [ "$(count)" -ge $N ]; do
	[ "$SECONDS" -lt "$end" ] || fail "leaf1 has $(count) of $N MACs after 60 s"
	sleep 0.1
done
t2=$(ms_now)
ok "$N MACs put into leaf2's bridge in $((t1 - t0)) ms; all in leaf1's kernel FDB $((t2 - t1)) ms later"
d=$(tcli leaf1 'show evpn dataplane json')
expect_eq "$(json_get "$d" .failed)" 0 "no request failed"
[ "$(json_get "$d" .batches)" -lt $((N / 20)) ] || fail "requests not batched: $(json_get "$d" .batches) batches"
ok "$(json_get "$d" .requestsSent) requests in $(json_get "$d" .batches) batches"
# The kernel echoes each install twice (vxlan and bridge entry); the event
# socket's filter (fib/filter.c) drops those, so they cost leaf1 nothing.
ev=$(($(json_get "$d" .events) - ev0))
[ "$ev" -lt $((N / 10)) ] || fail "leaf1 read $ev kernel events while installing $N MACs: its own echoes are not filtered"
ok "leaf1 read $ev kernel events while installing $N MACs (unfiltered: $((2 * N)))"

before=$(json_get "$d" .requestsSent)
t0=$(ms_now)
topo_restart leaf1
wait_json 90 "tcli leaf1 'show evpn dataplane json'" .resync.done true || fail "resync never ended"
t1=$(ms_now)
d=$(tcli leaf1 'show evpn dataplane json')
[ "$(json_get "$d" .resync.claimed)" -ge $N ] || fail "resync claimed too few: $d"
[ "$(json_get "$d" .requestsSent)" -le 4 ] || fail "restart reprogrammed the kernel: $d"
expect_eq "$(count)" $N "all $N entries still in leaf1's kernel after the restart"
ok "restart -> resync done in $((t1 - t0)) ms: $(json_get "$d" .resync.found) entries found, $(json_get "$d" .resync.claimed) claimed, $(json_get "$d" .resync.deleted) deleted, $(json_get "$d" .requestsSent) requests (was $before)"
