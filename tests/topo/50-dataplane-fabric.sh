#!/bin/bash
# The data plane end to end, on topologies/mixed-fabric (an FRR 8.4 route
# reflector, evpnd leaves leaf1 and leaf2, FRR leaf leaf3; VNI 100 on all
# three, VNI 200 on the evpnd leaves), built in namespaces from the same
# containerlab file users deploy:
#  - evpnd finds its VNIs from the vxlan devices (advertise-all-vni), learns
#    its hosts from the bridge and SVI, and programs remote MACs, flood
#    lists and ARP suppression neighbours the way FRR's zebra does;
#  - hosts ping across evpnd leaves and between evpnd and FRR both ways;
#  - once MACs are known, unicast is not flooded to other VTEPs, and ARP
#    for a remote host is answered by the local leaf (neigh_suppress);
#  - a VNI's vxlan device going down withdraws its routes on the others;
#  - the time from a host's first packet to the remote leaf's FDB entry.
. "$(dirname "$0")/../integration/lib.sh"
. "$(dirname "$0")/lib-peers.sh"
. "$(dirname "$0")/lib-topo.sh"

topo_up mixed-fabric

# Hosts speak first to their own SVI: the leaves learn MAC and MAC+IP.
mixed_hosts_speak

# VNIs found in the kernel, with their devices (show evpn vni).
v=$(tcli leaf1 'show evpn vni 100 json')
expect_eq "$(json_get "$v" '.vxlanInterface')/$(json_get "$v" '.sviInterface')/$(json_get "$v" '.vtepIp')" \
	"vxlan100/br100/10.255.0.11" "leaf1 found VNI 100 on vxlan100 in br100, VTEP 10.255.0.11"
wait_json 20 "tcli leaf1 'show evpn vni json'" '."200".numRemoteVteps' 1 ||
	fail "leaf1 VNI 200 remote VTEPs: $WAIT_JSON_LAST"
ok "leaf1 found VNI 200 too, with leaf2 as its one remote VTEP"

# Pings across the fabric: evpnd<->evpnd in both VNIs, evpnd<->FRR.
for p in h1:192.168.100.2 h2:192.168.100.1 h4:192.168.200.5 h5:192.168.200.4 \
	h1:192.168.100.3 h3:192.168.100.1 h3:192.168.100.2; do
	ping_ok "${p%%:*}" "${p#*:}" || fail "${p%%:*} cannot ping ${p#*:}"
	ok "${p%%:*} pings ${p#*:}"
done

# The kernel state, as zebra programs it.
fdb_has leaf1 vxlan100 02:00:00:00:01:02 10.255.0.12 || fail "leaf1 FDB lacks h2: $(tx leaf1 bridge fdb show dev vxlan100)"
ok "leaf1: h2's MAC dst 10.255.0.12 self extern_learn"
fdb_has leaf1 vxlan100 02:00:00:00:01:03 10.255.0.13 || fail "leaf1 FDB lacks h3 (behind FRR)"
ok "leaf1: h3's MAC (FRR leaf3) dst 10.255.0.13 self extern_learn"
tx leaf1 bridge fdb show dev vxlan100 | grep -q "^02:00:00:00:01:02 extern_learn master br100" ||
	fail "leaf1: no bridge (master) entry for h2"
ok "leaf1: h2's MAC also in the bridge, extern_learn, on the vxlan port"
for t in 10.255.0.12 10.255.0.13; do
	tx leaf1 bridge fdb show dev vxlan100 | grep -q "^00:00:00:00:00:00 dst $t self permanent" ||
		fail "leaf1: no flood entry for $t"
done
ok "leaf1: flood list of VNI 100 = leaf2 and leaf3 (head-end replication)"
tx leaf1 bridge fdb show dev vxlan200 | grep -q "^00:00:00:00:00:00 dst 10.255.0.13" &&
	fail "leaf1 floods VNI 200 to leaf3, which has no VNI 200"
ok "leaf1: no flood entry toward leaf3 in VNI 200"
tx leaf1 ip neigh show dev br100 | grep -q "^192.168.100.2 lladdr 02:00:00:00:01:02 extern_learn NOARP" ||
	fail "leaf1: no suppression neighbour for h2: $(tx leaf1 ip neigh show dev br100)"
ok "leaf1: 192.168.100.2 -> h2's MAC as an extern_learn NOARP neighbour on br100"
tx leaf1 bridge -d link show dev vxlan100 | grep -q "learning off.*neigh_suppress on" ||
	fail "leaf1: vxlan100 port not learning off / neigh_suppress on"
ok "leaf1: vxlan100's bridge port has learning off and neigh_suppress on"
m=$(tcli leaf1 'show evpn mac vni 100 json')
expect_eq "$(json_get "$m" '.macs."02:00:00:00:01:01" | "\(.type) \(.intf)"')" "local eth2" \
	"leaf1 shows h1 as local on bridge port eth2 (FRR's intf key)"
expect_eq "$(json_get "$m" '.macs."02:00:00:00:01:02" | "\(.type) \(.remoteVtep)"')" "remote 10.255.0.12" \
	"leaf1 shows h2 as remote at 10.255.0.12"
fdb_has leaf3 vxlan100 02:00:00:00:01:01 10.255.0.11 || fail "FRR leaf3 did not install h1 at leaf1"
ok "FRR leaf3 installed h1's MAC at evpnd leaf1's VTEP"
d=$(tcli leaf1 'show evpn dataplane json')
expect_eq "$(json_get "$d" '.failed')" 0 "no netlink request failed"
[ "$(json_get "$d" '.acked')" -gt 0 ] || fail "no request acknowledged: $d"
ok "requests acknowledged: $(json_get "$d" '.acked')"

# ARP suppression: h1 forgets h2's MAC and asks again; leaf1 answers from
# its neighbour table and no ARP crosses the underlay.
cap() { # NODE IF FILTER SECONDS: capture in the background; cap_count reads it
	timeout "$4" ip netns exec "$TOPO_PREFIX-$1" tcpdump -Z root -ni "$2" -w "$TMP/cap.pcap" "$3" \
		>/dev/null 2>&1 &
}
cap_count() { # sets N: waits for the capture (not in a subshell: wait needs the job)
	wait
	N=$(tcpdump -nr "$TMP/cap.pcap" 2>/dev/null | grep -c VXLAN)
}
tx h1 ip neigh flush dev eth1
cap leaf1 eth1 'udp port 4789 and udp[28:2] = 0x0806' 3
sleep 0.5
tx h1 ping -c1 -W1 192.168.100.2 >/dev/null || fail "h1 -> h2 after neigh flush"
expect_eq "$(tx h1 ip neigh show 192.168.100.2 | awk '{print $5}')" 02:00:00:00:01:02 \
	"h1 resolved h2's address to h2's MAC"
cap_count
expect_eq "$N" 0 "no ARP went over VXLAN: leaf1 answered it (suppression)"
cap leaf1 eth1 'udp port 4789 and udp[28:2] = 0x0806' 3
sleep 0.5
tx h1 ping -c1 -W1 192.168.100.77 >/dev/null
cap_count
[ "$N" -ge 1 ] || fail "an ARP for an unknown address was not seen flooded: the capture is blind"
ok "the same capture sees an ARP for an unknown address flooded ($N copies): it can fail"

# IPv6 the same way: MAC+IP routes with IPv6 addresses, ND suppression.
for n in 1 2 3; do
	tx "leaf$n" ip addr add "fd00:100::25$n/64" dev br100 nodad
	tx "h$n" ip addr add "fd00:100::$n/64" dev eth1 nodad
	tx "h$n" ping -6 -c1 -W1 "fd00:100::25$n" >/dev/null || fail "h$n cannot reach its IPv6 SVI"
done
for p in h1:fd00:100::2 h1:fd00:100::3 h3:fd00:100::1; do
	ping_ok "${p%%:*}" "${p#*:}" || fail "${p%%:*} cannot ping ${p#*:}"
done
ok "IPv6: h1 pings h2 (evpnd) and h3 (FRR), h3 pings h1"
wait_for 10 "tx leaf1 ip -6 neigh show dev br100 | grep -q '^fd00:100::2 lladdr 02:00:00:00:01:02 extern_learn NOARP'" ||
	fail "leaf1: no ND suppression neighbour for h2: $(tx leaf1 ip -6 neigh show dev br100)"
ok "leaf1: fd00:100::2 -> h2's MAC as an extern_learn NOARP neighbour"
wait_for 10 "tx leaf3 ip -6 neigh show dev br100 | grep -q '^fd00:100::1 lladdr 02:00:00:00:01:01 extern_learn'" ||
	fail "FRR leaf3 did not install h1's IPv6 address from evpnd's route"
ok "FRR leaf3 installed h1's IPv6 MAC+IP route from evpnd leaf1"
tx h1 ip -6 neigh flush dev eth1
ns_filter='udp port 4789 and udp[28:2] = 0x86dd and udp[36] = 58 and udp[70] = 135'
cap leaf1 eth1 "$ns_filter" 3
sleep 0.5
tx h1 ping -6 -c1 -W1 fd00:100::2 >/dev/null || fail "h1 -> h2 over IPv6 after neigh flush"
cap_count
expect_eq "$N" 0 "no neighbour solicitation went over VXLAN: leaf1 answered it (ND suppression)"
cap leaf1 eth1 "$ns_filter" 3
sleep 0.5
tx h1 ping -6 -c1 -W1 fd00:100::77 >/dev/null
cap_count
[ "$N" -ge 1 ] || fail "a solicitation for an unknown address was not seen flooded: the capture is blind"
ok "the same capture sees a solicitation for an unknown address flooded ($N copies): it can fail"

# No flooded unknown unicast: h1 -> h2 traffic goes to leaf2 only, never
# a copy to leaf3 (inner IPv4 ICMP toward leaf3's VTEP).
cap leaf1 eth1 'dst host 10.255.0.13 and udp port 4789 and udp[28:2] = 0x0800 and udp[39] = 1' 4
sleep 0.5
tx h1 ping -c10 -i 0.2 -W1 192.168.100.2 >/dev/null || fail "h1 -> h2 pings"
cap_count
expect_eq "$N" 0 "h1 -> h2 unicast not flooded to leaf3"
cap leaf1 eth1 'dst host 10.255.0.12 and udp port 4789 and udp[28:2] = 0x0800 and udp[39] = 1' 3
sleep 0.5
tx h1 ping -c5 -i 0.2 -W1 192.168.100.2 >/dev/null
cap_count
[ "$N" -ge 5 ] || fail "only $N echo requests to leaf2 seen: the capture is blind"
ok "the same capture sees h1's $N echo requests toward leaf2: it can fail"

# A VNI's vxlan device going down withdraws its routes elsewhere.
tx leaf1 ip link set vxlan200 down
wait_json 20 "tcli leaf2 'show evpn mac vni 200 json'" '.macs."02:00:00:00:02:04"' null ||
	fail "leaf2 still has h4 after leaf1's vxlan200 went down: $WAIT_JSON_LAST"
ok "leaf1 vxlan200 down: leaf2 lost h4's MAC"
wait_json 20 "tcli leaf2 'show evpn vni 200 json'" '.numRemoteVteps | length' 0 ||
	fail "leaf2 still floods VNI 200 to leaf1: $WAIT_JSON_LAST"
ok "leaf1 vxlan200 down: leaf2 removed leaf1 from VNI 200's flood list"
tx leaf2 bridge fdb show dev vxlan200 | grep -q "10.255.0.11" &&
	fail "leaf2's kernel still points at leaf1 in VNI 200: $(tx leaf2 bridge fdb show dev vxlan200)"
ok "leaf2's vxlan200 FDB has nothing left toward leaf1"
fdb_has leaf2 vxlan100 02:00:00:00:01:01 10.255.0.11 || fail "VNI 100 suffered from VNI 200 going down"
ok "VNI 100 untouched"
tx leaf1 ip link set vxlan200 up
ping_ok h5 192.168.200.4 || fail "h5 cannot ping h4 after vxlan200 came back"
ok "vxlan200 up again: h5 pings h4"

# A VNI appears and disappears with its device (advertise-all-vni).
tx leaf1 ip link add br300 type bridge
tx leaf1 ip link add vxlan300 type vxlan id 300 local 10.255.0.11 dstport 4789 nolearning
tx leaf1 ip link set vxlan300 master br300
tx leaf1 ip link set br300 up
tx leaf1 ip link set vxlan300 up
wait_json 10 "tcli leaf1 'show evpn vni 300 json'" .vxlanInterface vxlan300 ||
	fail "leaf1 did not find VNI 300: $WAIT_JSON_LAST"
wait_for 10 "tcli spine 'show bgp l2vpn evpn route type multicast json' | grep -q '10.255.0.11:4'" ||
	fail "the spine never got leaf1's type-3 route for VNI 300"
ok "a new vxlan300 in br300 is VNI 300 at once, with its type-3 route on the spine"
tx leaf1 ip link del vxlan300
wait_for 10 "! tcli spine 'show bgp l2vpn evpn route type multicast json' | grep -q '10.255.0.11:4'" ||
	fail "VNI 300's type-3 route outlived its device"
tcli leaf1 'show evpn vni json' | jq -e 'has("300")' >/dev/null && fail "leaf1 still lists VNI 300"
ok "deleting vxlan300 deletes VNI 300 and withdraws its route"
tx leaf1 ip link del br300

# Time from a host's first packet to the remote leaf: h2 takes a MAC never
# seen (IPv6 off, so it sends nothing until told to). Captures timestamp
# the first frame at leaf2's host port and the UPDATE reaching leaf1; the
# kernel entry is then polled for (an upper bound: each poll forks).
tx h2 sysctl -qw net.ipv6.conf.eth1.disable_ipv6=1
tx h2 ip link set eth1 address 02:00:00:00:01:99
timeout 10 ip netns exec "$TOPO_PREFIX-leaf2" tcpdump -tt -ni eth2 -c1 'ether src 02:00:00:00:01:99' \
	>"$TMP/first.txt" 2>/dev/null &
timeout 4 ip netns exec "$TOPO_PREFIX-leaf1" tcpdump -l -tt -ni eth1 \
	'tcp port 179 and src host 10.255.0.1 and tcp[tcpflags] & tcp-push != 0 and greater 100' >"$TMP/update.txt" 2>/dev/null &
sleep 0.5
t0=$(ms_now)
tx h2 ping -c1 -W1 192.168.100.252 >/dev/null &
until fdb_has leaf1 vxlan100 02:00:00:00:01:99 10.255.0.12; do
	[ $(($(ms_now) - t0)) -lt 10000 ] || fail "leaf1 never installed h2's new MAC"
	sleep 0.005
done
t1=$(ms_now)
wait
a=$(awk 'NR == 1 { print $1 }' "$TMP/first.txt")
# The first UPDATE after the frame: one still in flight from earlier steps
# may come before it.
b=$(awk -v a="$a" '$1 >= a { print $1; exit }' "$TMP/update.txt")
[ -n "$a" ] && [ -n "$b" ] || fail "captures missed the first frame or the UPDATE: [$(cat "$TMP/first.txt")] [$(cat "$TMP/update.txt")]"
cp=$(awk -v a="$a" -v b="$b" 'BEGIN { printf "%.1f", (b - a) * 1000 }')
ok "host's first frame at leaf2 -> UPDATE at leaf1 (evpnd leaf2, FRR spine): $cp ms; kernel FDB seen by polling within $((t1 - t0)) ms"
