#!/bin/bash
# The single-VXLAN-device layout (FRR 9+'s recommended one) and the
# classic layout with VLANs, on topologies/svd-fabric: evpnd leaf1 has one
# vxlan device (`external vnifilter`) in a VLAN-aware bridge carrying VNIs
# 100 and 200 as VLANs 10 and 20, an access port, a trunk, and a classic
# VNI 250 beside it; evpnd leaf2 bridges classic VNIs to 802.1Q
# sub-interfaces of a host trunk (Proxmox's VLAN-aware layout); FRR 8.4
# leaf3 is classic. Needs 802.1Q and VLAN filtering: runs in the VM suite.
#  - discovery: the maps are the VNIs (with their VLAN, bridge and SVI),
#    and a VNI goes and comes back with its map;
#  - hosts ping across all three leaves, on access ports, trunks and
#    sub-interfaces, in both VNIs;
#  - leaf1's kernel has zebra's SVD shapes: `MAC vlan V extern_learn
#    master br0`, `MAC dst VTEP src_vni N self extern_learn`, per-VNI flood
#    entries `00:00:00:00:00:00 dst VTEP src_vni N self permanent`, ARP
#    suppression neighbours on the VLAN's SVI;
#  - a restart adopts what is installed (resync), and lost events are
#    recovered (refresh) on the single device too.
. "$(dirname "$0")/../../integration/lib.sh"
. "$(dirname "$0")/../../topo/lib-peers.sh"
. "$(dirname "$0")/../../topo/lib-topo.sh"

H2=02:00:00:00:01:02
topo_up svd-fabric

# Hosts speak to their SVIs first: the leaves learn MAC and MAC+IP.
for h in h1:192.168.100.251 h4:192.168.100.251 h4:192.168.200.251 h6:192.168.250.251 \
	h2:192.168.100.252 h2:192.168.200.252 h3:192.168.100.253 h5:192.168.250.253; do
	tx "${h%%:*}" ping -c1 -W2 "${h#*:}" >/dev/null || fail "${h%%:*} cannot reach its SVI ${h#*:}"
done
ok "every host reaches its SVI (access port, trunk, sub-interface, classic)"

# Discovery: VNIs from the maps, with VLAN, bridge and SVI.
v=$(tcli leaf1 'show evpn vni json')
expect_eq "$(json_get "$v" '[."100", ."200", ."250"] | map("\(.vxlanIf)/\(.vlan)/\(.bridge)") | join(" ")')" \
	"vxlan0/10/br0 vxlan0/20/br0 vxlan250/0/br250" \
	"leaf1: VNIs 100 and 200 are VLANs 10 and 20 of vxlan0 in br0, VNI 250 is classic"
v=$(tcli leaf1 'show evpn vni 100 json')
expect_eq "$(json_get "$v" '"\(.sviInterface) \(.vtepIp)"')" "vlan10 10.255.0.11" \
	"leaf1: VNI 100's SVI is vlan10 (802.1Q on br0), VTEP 10.255.0.11"
tcli leaf1 'show evpn vni' | grep -Eq '^100 +L2 +vxlan0 .* default +10 +br0' ||
	fail "leaf1: show evpn vni lacks the VLAN column: $(tcli leaf1 'show evpn vni')"
ok "leaf1: show evpn vni prints VLAN 10 and bridge br0 for VNI 100"
wait_json 20 "tcli leaf2 'show evpn vni json'" '."200".numRemoteVteps' 1 ||
	fail "leaf2: VNI 200 has no remote VTEP (leaf1's type-3): $WAIT_JSON_LAST"
ok "leaf2 sees leaf1's type-3 route in VNI 200"

# Pings across: SVD <-> classic-with-VLANs <-> FRR, both VNIs, and the
# classic VNI on the SVD leaf.
for p in h1:192.168.100.2 h1:192.168.100.3 h4:192.168.100.2 h4:192.168.200.2 \
	h2:192.168.100.1 h2:192.168.200.4 h3:192.168.100.4 h6:192.168.250.5 h5:192.168.250.6; do
	ping_ok "${p%%:*}" "${p#*:}" || fail "${p%%:*} cannot ping ${p#*:}"
done
ok "pings across SVD leaf1, classic-with-VLANs leaf2 and FRR leaf3, in VNIs 100, 200 and 250"

# leaf1's kernel, in zebra's SVD shapes.
fdb0() { tx leaf1 bridge fdb show dev vxlan0; }
for vni in 100:10 200:20; do
	fdb0 | grep -q "^$H2 vlan ${vni#*:} extern_learn master br0" ||
		fail "leaf1: no bridge entry for h2 in VLAN ${vni#*:}: $(fdb0)"
	fdb0 | grep -q "^$H2 dst 10.255.0.12 src_vni ${vni%%:*} self extern_learn" ||
		fail "leaf1: no vxlan entry for h2 in VNI ${vni%%:*}: $(fdb0)"
done
ok "leaf1: h2's one MAC twice on vxlan0, VLAN 10/VNI 100 and VLAN 20/VNI 200 (master + self src_vni)"
fdb0 | grep -q "^00:00:00:00:00:00 dst 10.255.0.12 src_vni 100 self permanent" &&
	fdb0 | grep -q "^00:00:00:00:00:00 dst 10.255.0.13 src_vni 100 self permanent" &&
	fdb0 | grep -q "^00:00:00:00:00:00 dst 10.255.0.12 src_vni 200 self permanent" ||
	fail "leaf1: flood entries per VNI missing: $(fdb0)"
fdb0 | grep -q "^00:00:00:00:00:00 dst 10.255.0.13 src_vni 200" &&
	fail "leaf1 floods VNI 200 to leaf3, which has no VNI 200"
ok "leaf1: flood lists per VNI on the one device (VNI 100: leaf2, leaf3; VNI 200: leaf2 only)"
fdb0 | grep -q " vni 100" && fail "leaf1: an entry names NDA_VNI (does not forward): $(fdb0)"
tx leaf1 ip neigh show dev vlan10 | grep -q "^192.168.100.2 lladdr $H2 extern_learn NOARP" ||
	fail "leaf1: no suppression neighbour for h2 on vlan10: $(tx leaf1 ip neigh show dev vlan10)"
tx leaf1 ip neigh show dev vlan20 | grep -q "^192.168.200.2 lladdr $H2 extern_learn NOARP" ||
	fail "leaf1: no suppression neighbour for h2 on vlan20"
ok "leaf1: ARP suppression neighbours on the VLANs' SVIs"
tx leaf1 bridge -d link show dev vxlan0 | grep -q "learning off.*neigh_suppress on" ||
	fail "leaf1: vxlan0's port not learning off / neigh_suppress on: $(tx leaf1 bridge -d link show dev vxlan0)"
ok "leaf1: vxlan0's bridge port has learning off and neigh_suppress on"

# Learning reads the VLAN of each local entry: h4's one MAC is local in
# both VNIs (trunk), h1 only in VNI 100; leaf2 learned h2 on sub-interfaces.
m=$(tcli leaf1 'show evpn mac vni 100 json')
expect_eq "$(json_get "$m" '[.macs."02:00:00:00:01:01", .macs."02:00:00:00:01:04"] | map("\(.type) \(.intf)") | join(", ")')" \
	"local eth2, local eth3" "leaf1 VNI 100: h1 local on access port eth2, h4 local on trunk eth3"
m=$(tcli leaf1 'show evpn mac vni 200 json')
expect_eq "$(json_get "$m" '"\(.macs."02:00:00:00:01:04".type) \(.macs."02:00:00:00:01:01".type)"')" \
	"local null" "leaf1 VNI 200: h4 (tagged VLAN 20) local, h1 (VLAN 10 only) not there"
m=$(tcli leaf2 'show evpn mac vni 200 json')
expect_eq "$(json_get "$m" '"\(.macs."'$H2'".intf) \(.macs."02:00:00:00:01:04".remoteVtep)"')" \
	"eth2.200 10.255.0.11" "leaf2 VNI 200: h2 local on sub-interface eth2.200, h4 remote at leaf1"
fdb_has leaf3 vxlan100 02:00:00:00:01:04 10.255.0.11 || fail "FRR leaf3 did not install h4 at leaf1"
ok "FRR leaf3 installed h4's MAC (VNI 100 from leaf1's single device) at 10.255.0.11"

# A VNI goes with its map and comes back with it.
tx leaf1 bridge vlan del dev vxlan0 vid 20
wait_for 15 "! tcli leaf1 'show evpn vni json' | jq -e '.\"200\"' >/dev/null" ||
	fail "leaf1 still has VNI 200 after its map was deleted"
wait_json 20 "tcli leaf2 'show evpn vni json'" '."200".numRemoteVteps' 0 ||
	fail "leaf2 still has leaf1 as a VTEP of VNI 200: $WAIT_JSON_LAST"
ok "VLAN 20's map deleted: VNI 200 gone on leaf1, its type-3 withdrawn at leaf2"
tx leaf1 bridge vlan add dev vxlan0 vid 20
tx leaf1 bridge vlan add dev vxlan0 vid 20 tunnel_info id 200
wait_json 20 "tcli leaf1 'show evpn vni json'" '."200".vlan' 20 ||
	fail "leaf1: VNI 200 not back with its map: $WAIT_JSON_LAST"
ping_ok h4 192.168.200.2 || fail "h4 cannot ping h2 in VNI 200 after the map came back"
wait_fdb leaf1 vxlan0 "$H2" "10.255.0.12 src_vni 200" 20 || fail "leaf1: h2 not reinstalled in VNI 200"
ok "map added again: VNI 200 back, h4 pings h2, h2's entry reinstalled"

# Restart: what the previous run installed is adopted, nothing is torn down.
before=$(fdb0 | grep -c "extern_learn")
topo_restart leaf1
wait_json 60 "tcli leaf1 'show evpn dataplane json'" .resync.done true || fail "leaf1 resync not done"
d=$(tcli leaf1 'show evpn dataplane json')
[ "$(json_get "$d" .resync.found)" -gt 0 ] || fail "leaf1 adopted nothing on restart: $d"
expect_eq "$(json_get "$d" .resync.deleted)/$(json_get "$d" .failed)" "0/0" \
	"leaf1 after restart: nothing deleted, no request failed"
expect_eq "$(fdb0 | grep -c "extern_learn")" "$before" "leaf1's single-device entries survive the restart"
ok "restart: $(json_get "$d" .resync.found) entries adopted, $(json_get "$d" .resync.claimed) claimed by routes"
ping_ok h1 192.168.100.2 || fail "h1 cannot ping h2 after leaf1's restart"

# Lost events: leaf1's evpnd, stopped, with a 32 KiB event socket, misses
# most of 2,000 MACs learned in VLAN 10 (the socket overruns); once it
# runs again, the refresh finds every one and maps it to VNI 100.
N=2000
EVPND_NL_RCVBUF=32768 topo_restart leaf1
wait_json 60 "tcli leaf1 'show evpn dataplane json'" .resync.done true || fail "leaf1 resync"
pid=$(for p in $(ip netns pids "$TOPO_PREFIX-leaf1"); do
	[ "$(cat /proc/"$p"/comm 2>/dev/null)" = evpnd ] && echo "$p"; done)
[ -n "$pid" ] || fail "leaf1's evpnd not found"
awk -v n=$N 'BEGIN { for (i = 0; i < n; i++)
	printf "fdb add 02:cc:00:%02x:%02x:01 dev eth2 master vlan 10 dynamic\n", int(i / 256), i % 256 }' >"$TMP/b"
kill -STOP "$pid"
tx leaf1 bridge -batch "$TMP/b" || { kill -CONT "$pid"; fail "bridge -batch on leaf1"; }
kill -CONT "$pid"
remote() { tx leaf2 bridge fdb show dev vxlan100 | grep -c "^02:cc:.* dst 10.255.0.11 self extern_learn"; }
end=$((SECONDS + 90))
until [ "$(remote)" = "$N" ]; do
	[ "$SECONDS" -lt "$end" ] || fail "leaf2 has $(remote) of leaf1's $N VLAN-10 MACs"
	sleep 1
done
d=$(tcli leaf1 'show evpn dataplane json')
[ "$(json_get "$d" .overruns)" -ge 1 ] || fail "no overrun happened: the check proves nothing: $d"
ok "all $N MACs learned in VLAN 10 advertised in VNI 100 ($(json_get "$d" .overruns) overruns, $(json_get "$d" .refreshes) refreshes)"
echo "PASS"
