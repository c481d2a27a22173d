# The three-node EVPN fabric the EVPN tests share: a spine and two leaves
# in namespaces, each with a loopback (10.255.0.1, .11, .12: router ID,
# update-source and VTEP), /30 links spine-leaf and static routes between
# the loopbacks. Which daemon runs where is each test's choice. Source
# after lib-peers.sh and lib-evpn.sh.

# fabric_underlay NET: links on NET.{141,142}.0/30 style third octets
# given as two numbers, e.g. `fabric_underlay 141 142`.
fabric_underlay() {
	local a=$1 b=$2
	ns_add spine; ns_add leaf1; ns_add leaf2
	evpn_p2p spine s-l1 leaf1 l1-s "10.255.$a"
	evpn_p2p spine s-l2 leaf2 l2-s "10.255.$b"
	evpn_loopback spine 10.255.0.1
	evpn_loopback leaf1 10.255.0.11
	evpn_loopback leaf2 10.255.0.12
	evpn_route spine 10.255.0.11 "10.255.$a.2"
	evpn_route spine 10.255.0.12 "10.255.$b.2"
	evpn_route leaf1 10.255.0.1 "10.255.$a.1"
	evpn_route leaf1 10.255.0.12 "10.255.$a.1"
	evpn_route leaf2 10.255.0.1 "10.255.$b.1"
	evpn_route leaf2 10.255.0.11 "10.255.$b.1"
}

# fabric_mixed A B: the underlay, an FRR spine reflecting for an FRR leaf1
# (VNI 100 on br100/vxlan100, SVI 192.168.100.254, host h1 with MAC
# 02:10:00:00:00:01 and 192.168.100.1) and an evpnd leaf2 with `vni 100`;
# returns once both leaves are Established with the spine.
fabric_mixed() {
	fabric_underlay "$1" "$2"
	evpn_leaf_dataplane leaf1 10.255.0.11 100
	evpn_svi leaf1 100 192.168.100.254/24
	evpn_host h1 leaf1 100 192.168.100.1/24 02:10:00:00:00:01
	frr_evpn_spine_conf spine 10.255.0.1 10.255.0.11 10.255.0.12 >"$TMP/spine.conf"
	frr_evpn_leaf_conf leaf1 10.255.0.11 10.255.0.1 >"$TMP/leaf1.conf"
	evpnd_leaf_conf leaf2 10.255.0.12 10.255.0.1 100 >"$TMP/leaf2.conf"
	frr_start spine "$TMP/spine.conf"
	frr_start leaf1 "$TMP/leaf1.conf"
	evpnd_start_ns leaf2 leaf2 "$TMP/leaf2.conf"
	frr_wait_established spine 10.255.0.11 40
	frr_wait_established spine 10.255.0.12 40
}

# evpnd_leaf_conf HOSTNAME ROUTER_ID PEER VNI...: an evpnd leaf, FRR syntax,
# iBGP AS 65000 from its loopback, one `vni N` block per VNI.
evpnd_leaf_conf() {
	local host=$1 rid=$2 peer=$3 v
	shift 3
	cat <<C
hostname $host
router bgp 65000
 bgp router-id $rid
 no bgp default ipv4-unicast
 timers bgp 3 9
 neighbor $peer remote-as internal
 neighbor $peer update-source $rid
 neighbor $peer timers connect 1
 address-family l2vpn evpn
  neighbor $peer activate
C
	for v in "$@"; do
		printf '  vni %s\n  exit-vni\n' "$v"
	done
	printf ' exit-address-family\n'
}

# evpnd_spine_conf HOSTNAME ROUTER_ID CLUSTER_ID CLIENT...: evpnd as the
# route reflector of CLIENTs (RFC 4456).
evpnd_spine_conf() {
	local host=$1 rid=$2 cid=$3 p
	shift 3
	printf 'hostname %s\nrouter bgp 65000\n bgp router-id %s\n bgp cluster-id %s\n no bgp default ipv4-unicast\n timers bgp 3 9\n' "$host" "$rid" "$cid"
	for p in "$@"; do
		printf ' neighbor %s remote-as internal\n neighbor %s update-source %s\n neighbor %s timers connect 1\n' "$p" "$p" "$rid" "$p"
	done
	printf ' address-family l2vpn evpn\n'
	for p in "$@"; do
		printf '  neighbor %s activate\n  neighbor %s route-reflector-client\n' "$p" "$p"
	done
	printf ' exit-address-family\n'
}

# evpn_route_json_has NS_KIND NAME RD PREFIX: for jq over `show bgp l2vpn
# evpn route json` (FRR and evpnd print the same shape): the best path of
# RD/PREFIX, or null.
evpn_best_path='def best($rd; $p): (.[$rd][$p].paths // []) | map(.[0]) | map(select(.bestpath)) | .[0];'

# json_shape JSON: every key path of JSON, one per line, with the keys that
# are data (RDs, prefixes, MACs, IPs, VNIs) as "*" and array indexes as
# "[]", so two daemons' outputs for the same command compare by shape.
json_shape() {
	jq -r '[paths | map(if type == "number" then "[]"
		elif test("^[0-9]+$|^\\[|:|^[0-9]+\\.[0-9]") then "*" else . end) | join("/")] | unique[]' <<<"$1"
}

# json_shape_missing FRR_JSON OUR_JSON [IGNORE_ERE]: key paths FRR prints
# and we do not (minus those matching IGNORE_ERE), one per line. Output
# that is no JSON, or no keys at all, on either side is a line too: an
# empty answer must never compare as "nothing missing".
json_shape_missing() {
	json_ok "$1" || { echo "(FRR printed no JSON keys: ${1:0:120})"; return; }
	json_ok "$2" || { echo "(evpnd printed no JSON keys: ${2:0:120})"; return; }
	comm -23 <(json_shape "$1") <(json_shape "$2") | grep -Ev "${3:-^$}" || true
}
