# Helpers that build an EVPN/VXLAN fabric of FRR (or evpnd) routers in
# network namespaces. Source AFTER tests/integration/lib.sh and
# tests/topo/lib-peers.sh:
#
#	. "$(dirname "$0")/../integration/lib.sh"
#	. "$(dirname "$0")/lib-peers.sh"
#	. "$(dirname "$0")/lib-evpn.sh"
#
# Everything is registered with lib.sh (NETNS, PIDS), so its EXIT trap tears
# it down. Namespace names are the short test names of lib-peers.sh
# ("leaf1"; kernel name "$NS_PREFIX-leaf1").
#
# Kernel facts on this machine (CONFIG_DUMMY, CONFIG_NET_VRF, CONFIG_BONDING
# and CONFIG_VLAN_8021Q are not set): there are no dummy, vrf, bond or vlan
# devices, so the VTEP address lives on `lo` as a /32, bridges are
# VLAN-unaware (one bridge per VNI, the bridge itself is the SVI) and an L3
# VNI can only live in the default VRF (zebra's top-level `vni N`).
#
# Typical fabric (what tools/capture-frr-evpn builds):
#
#	ns_add spine; ns_add leaf1
#	evpn_p2p spine s-l1 leaf1 l1-s 10.255.101   # /30 link, .1 and .2
#	evpn_loopback spine 10.255.0.1
#	evpn_leaf_dataplane leaf1 10.255.0.11 100 200
#	evpn_route leaf1 10.255.0.1 10.255.101.1     # loopback reachability
#	evpn_route spine 10.255.0.11 10.255.101.2
#	evpn_svi leaf1 100 192.168.100.251/24 fd00:100::251/64
#	evpn_host h1 leaf1 100 192.168.100.1/24 02:10:00:00:00:01 fd00:100::1/64
#	frr_evpn_spine_conf spine 10.255.0.1 10.255.0.11 10.255.0.12 >"$TMP/spine.conf"
#	frr_evpn_leaf_conf leaf1 10.255.0.11 10.255.0.1 >"$TMP/leaf1.conf"
#	frr_start spine "$TMP/spine.conf"; frr_start leaf1 "$TMP/leaf1.conf"
#
# Functions (all fail() on error):
#	evpn_loopback NS IP            IP/32 on NS's lo (the VTEP / router-id)
#	evpn_p2p NS1 IF1 NS2 IF2 NET24 veth NS1:IF1 NET24.1/30 <-> NS2:IF2 NET24.2/30
#	evpn_route NS DEST[/LEN] VIA   kernel static route (the underlay "IGP":
#	                               zebra sees kernel routes, so bgpd resolves
#	                               next hops and update-source over them)
#	evpn_leaf_dataplane NS VTEP_IP VNI...
#	                               VTEP on lo, per VNI br<VNI> + vxlan<VNI>
#	evpn_svi NS VNI ADDR/LEN|MAC...  addresses (and MAC) of br<VNI> (makes FRR send
#	                               MAC+IP type-2 routes, ARP/ND suppression)
#	evpn_l3vni NS VTEP_IP VNI [SVI_MAC]
#	                               L3 VNI device set: br<VNI> + vxlan<VNI>,
#	                               bridge MAC = router MAC (RMAC)
#	evpn_host NAME LEAF_NS VNI ADDR/LEN MAC [ADDR/LEN...]
#	                               host namespace NAME, eth0 with MAC and
#	                               addresses, veth peer <NAME>-p (<=15 chars)
#	                               in LEAF_NS's br<VNI> (EVPN_HOST_DOWN=1:
#	                               eth0 left down)
#	evpn_host_port NAME            the leaf-side port name of host NAME
#	frr_evpn_leaf_conf [opts] HOSTNAME ROUTER_ID PEER...
#	frr_evpn_spine_conf [opts] HOSTNAME ROUTER_ID CLIENT...
#	                               print an FRR config on stdout (see below)

EVPN_ASN=${EVPN_ASN:-65000}  # default for the conf helpers (-a overrides)
EVPN_VXLAN_PORT=${EVPN_VXLAN_PORT:-4789}

# evpn_loopback NS IP: IP/32 on lo (up already: ns_add). FRR needs no
# interface of its own for it; `update-source IP` binds the session to it.
evpn_loopback() {
	ip -n "$(ns_name "$1")" addr add "$2/32" dev lo || fail "loopback $2 in $1"
}

# evpn_p2p NS1 IF1 NS2 IF2 NET: a /30 veth link, NS1 gets NET.1, NS2 NET.2
# (NET is the first three octets, e.g. 10.255.101).
evpn_p2p() {
	ns_link "$1" "$2" "$5.1/30" "$3" "$4" "$5.2/30"
}

# evpn_route NS DEST[/LEN] VIA: kernel route (proto static).
evpn_route() {
	ip -n "$(ns_name "$1")" route replace "$2" via "$3" proto static ||
		fail "route $2 via $3 in $1"
}

# evpn_leaf_dataplane NS VTEP_IP VNI [VNI...]: VTEP_IP/32 on lo and, per
# VNI, bridge br<VNI> and vxlan<VNI> (id VNI, local VTEP_IP, dstport 4789,
# nolearning) as its port with neigh_suppress on and learning off. zebra
# finds VNIs by the vxlan devices and maps each to its bridge.
evpn_leaf_dataplane() {
	local ns=$1 vtep=$2 vni n
	shift 2
	n=$(ns_name "$ns")
	ip -n "$n" addr show dev lo | grep -q "inet $vtep/" || evpn_loopback "$ns" "$vtep"
	for vni in "$@"; do
		_evpn_bridge_vxlan "$ns" "$vtep" "$vni"
		ip -n "$n" link set dev "br$vni" up || fail "br$vni up in $ns"
	done
}

# _evpn_bridge_vxlan NS VTEP VNI: br<VNI> (not up yet) + vxlan<VNI> port, up.
_evpn_bridge_vxlan() {
	local n
	n=$(ns_name "$1")
	ip -n "$n" link add "br$3" type bridge stp_state 0 forward_delay 0 ||
		fail "bridge br$3 in $1"
	ip -n "$n" link add "vxlan$3" type vxlan id "$3" local "$2" \
		dstport "$EVPN_VXLAN_PORT" nolearning || fail "vxlan$3 in $1"
	ip -n "$n" link set dev "vxlan$3" master "br$3" || fail "vxlan$3 master br$3"
	ip -n "$n" link set dev "vxlan$3" type bridge_slave neigh_suppress on learning off ||
		fail "vxlan$3 neigh_suppress/learning in $1"
	ip -n "$n" link set dev "vxlan$3" up || fail "vxlan$3 up in $1"
}

# evpn_svi NS VNI ADDR/LEN|MAC...: IPv4/IPv6 addresses on br<VNI> (nodad for
# IPv6: no 1 s wait); an argument that is a MAC sets the bridge's MAC (else
# Linux picks the lowest port MAC, which changes as hosts attach). With an SVI address zebra learns the hosts' ARP/ND
# entries on it (once the host talks to that address) and FRR advertises
# MAC+IP routes; without one only MAC-only routes.
evpn_svi() {
	local n ns=$1 vni=$2 a
	shift 2
	n=$(ns_name "$ns")
	for a in "$@"; do
		case $a in
		??:??:??:??:??:??) ip -n "$n" link set dev "br$vni" address "$a" ;;
		*:*) ip -n "$n" addr add "$a" dev "br$vni" nodad ;;
		*) ip -n "$n" addr add "$a" dev "br$vni" ;;
		esac || fail "address $a on br$vni in $ns"
	done
}

# evpn_l3vni NS VTEP_IP VNI [RMAC]: the device set of an L3 VNI: br<VNI> with
# vxlan<VNI> as its port, the bridge (SVI) MAC fixed to RMAC when given (FRR
# advertises the SVI MAC as the router MAC). The FRR config must map the VNI
# to a VRF: with no VRF devices here, the default VRF (top-level `vni VNI` in
# zebra, see frr_evpn_leaf_conf -l).
evpn_l3vni() {
	local n
	n=$(ns_name "$1")
	_evpn_bridge_vxlan "$1" "$2" "$3"
	[ -z "${4:-}" ] || ip -n "$n" link set dev "br$3" address "$4" || fail "br$3 mac $4"
	ip -n "$n" link set dev "br$3" up || fail "br$3 up in $1"
}

# evpn_host_port NAME: leaf-side veth of host NAME (15 chars max).
evpn_host_port() {
	local p="$1-p"
	echo "${p:0:15}"
}

# evpn_host NAME LEAF_NS VNI ADDR/LEN MAC [ADDR/LEN...]: host namespace NAME
# with eth0 (MAC, addresses; IPv6 without DAD), its peer in LEAF_NS's
# br<VNI>. The leaf port keeps bridge learning on: that is where zebra's
# local MACs come from. Default routes point at nothing: give the SVI
# address with evpn_host_gw if a host should route.
evpn_host() {
	local name=$1 leaf=$2 vni=$3 mac=$5 port hn ln a
	local addrs=("$4" "${@:6}")
	port=$(evpn_host_port "$name")
	ns_add "$name"
	hn=$(ns_name "$name")
	ln=$(ns_name "$leaf")
	ip link add name eth0 netns "$hn" address "$mac" type veth peer name "$port" netns "$ln" ||
		fail "veth $name:eth0 - $leaf:$port"
	ip netns exec "$hn" sysctl -qw net.ipv6.conf.eth0.accept_dad=0 net.ipv6.conf.eth0.dad_transmits=0 ||
		true
	for a in "${addrs[@]}"; do
		case $a in
		*:*) ip -n "$hn" addr add "$a" dev eth0 nodad ;;
		*) ip -n "$hn" addr add "$a" dev eth0 ;;
		esac || fail "address $a on $name"
	done
	ip -n "$ln" link set dev "$port" master "br$vni" || fail "$port master br$vni"
	ip -n "$ln" link set dev "$port" up || fail "$port up"
	# EVPN_HOST_DOWN=1: leave eth0 down (a host that "arrives" later; an up
	# host sends IPv6 RS/MLD at once and its leaf learns its MAC).
	[ -n "${EVPN_HOST_DOWN:-}" ] || ip -n "$hn" link set dev eth0 up || fail "$name eth0 up"
}

# evpn_host_gw NAME GW [GW6]: default route(s) of host NAME via the SVI.
evpn_host_gw() {
	ip -n "$(ns_name "$1")" route replace default via "$2" || fail "$1 default via $2"
	[ -z "${3:-}" ] || ip -n "$(ns_name "$1")" -6 route replace default via "$3" ||
		fail "$1 default via $3"
}

# --- FRR configs -------------------------------------------------------------
#
# frr_evpn_leaf_conf [-a ASN] [-u UPDATE_SOURCE] [-g GLOBAL_LINE]...
#	[-b BGP_LINE]... [-e EVPN_AF_LINE]... [-l L3VNI] [-5] HOSTNAME ROUTER_ID PEER...
#
# A leaf: iBGP (remote-as internal) to each PEER (the spine loopbacks) with
# `update-source ROUTER_ID` (or -u), `timers bgp 3 9`, `neighbor X timers
# connect 1`, `no bgp ebgp-requires-policy`, `no bgp default
# ipv4-unicast`, l2vpn evpn only, `advertise-all-vni`. Extra lines: -g
# before `router bgp` (zebra config, e.g. "vni 4000"), -b inside `router
# bgp`, -e inside `address-family l2vpn evpn` (e.g. "advertise-default-gw",
# "dup-addr-detection max-moves 2 time 30"). -l VNI maps the L3 VNI to the
# default VRF (`vni VNI` at top level); -5 adds `advertise ipv4 unicast`
# and `advertise ipv6 unicast` (type-5 routes from the default VRF's
# table) and `redistribute connected` for both unicast families so the
# SVI subnets become type-5 prefixes.
frr_evpn_leaf_conf() {
	local asn=$EVPN_ASN us= l3= t5= g=() b=() e=() OPTIND=1 o host rid p
	while getopts a:u:g:b:e:l:5 o; do
		case $o in
		a) asn=$OPTARG ;;
		u) us=$OPTARG ;;
		g) g+=("$OPTARG") ;;
		b) b+=("$OPTARG") ;;
		e) e+=("$OPTARG") ;;
		l) l3=$OPTARG ;;
		5) t5=1 ;;
		*) fail "frr_evpn_leaf_conf: bad option" ;;
		esac
	done
	shift $((OPTIND - 1))
	host=$1 rid=$2
	shift 2
	us=${us:-$rid}
	echo "hostname $host"
	[ -z "$l3" ] || echo "vni $l3"
	for o in "${g[@]}"; do echo "$o"; done
	echo "router bgp $asn"
	echo " bgp router-id $rid"
	echo " no bgp ebgp-requires-policy"
	echo " no bgp default ipv4-unicast"
	echo " timers bgp 3 9"
	for p in "$@"; do
		echo " neighbor $p remote-as internal"
		echo " neighbor $p update-source $us"
		echo " neighbor $p timers connect 1"
	done
	for o in "${b[@]}"; do echo " $o"; done
	if [ -n "$t5" ]; then
		echo " address-family ipv4 unicast"
		echo "  redistribute connected"
		echo " exit-address-family"
		echo " address-family ipv6 unicast"
		echo "  redistribute connected"
		echo " exit-address-family"
	fi
	echo " address-family l2vpn evpn"
	for p in "$@"; do echo "  neighbor $p activate"; done
	echo "  advertise-all-vni"
	if [ -n "$t5" ]; then
		echo "  advertise ipv4 unicast"
		echo "  advertise ipv6 unicast"
	fi
	for o in "${e[@]}"; do echo "  $o"; done
	echo " exit-address-family"
	echo "exit"
}

# frr_evpn_spine_conf [-a ASN] [-u UPDATE_SOURCE] [-b BGP_LINE]...
#	[-e EVPN_AF_LINE]... HOSTNAME ROUTER_ID CLIENT...
#
# A route reflector for l2vpn evpn: each CLIENT (leaf loopback, or any
# peer address) is an iBGP `route-reflector-client` under l2vpn evpn,
# session from `update-source ROUTER_ID` (or -u; -u none: no update-source,
# for a peer on a directly connected link). No VNIs, no advertise-all-vni.
frr_evpn_spine_conf() {
	local asn=$EVPN_ASN us= b=() e=() OPTIND=1 o host rid p
	while getopts a:u:b:e: o; do
		case $o in
		a) asn=$OPTARG ;;
		u) us=$OPTARG ;;
		b) b+=("$OPTARG") ;;
		e) e+=("$OPTARG") ;;
		*) fail "frr_evpn_spine_conf: bad option" ;;
		esac
	done
	shift $((OPTIND - 1))
	host=$1 rid=$2
	shift 2
	us=${us:-$rid}
	echo "hostname $host"
	echo "router bgp $asn"
	echo " bgp router-id $rid"
	echo " bgp cluster-id $rid"
	echo " no bgp ebgp-requires-policy"
	echo " no bgp default ipv4-unicast"
	echo " timers bgp 3 9"
	for p in "$@"; do
		echo " neighbor $p remote-as internal"
		[ "$us" = none ] || echo " neighbor $p update-source $us"
		echo " neighbor $p timers connect 1"
	done
	for o in "${b[@]}"; do echo " $o"; done
	echo " address-family l2vpn evpn"
	for p in "$@"; do
		echo "  neighbor $p activate"
		echo "  neighbor $p route-reflector-client"
	done
	for o in "${e[@]}"; do echo "  $o"; done
	echo " exit-address-family"
	echo "exit"
}

# frr_evpn_wait_route NS SECS JQ_FILTER: poll `show bgp l2vpn evpn route
# json` in NS until JQ_FILTER (jq -e, given the JSON) is true.
frr_evpn_wait_route() {
	local ns=$1 secs=$2 f=$3 end
	end=$((SECONDS + secs))
	while :; do
		frr_vtysh "$ns" 'show bgp l2vpn evpn route json' 2>/dev/null | jq -e "$f" >/dev/null 2>&1 &&
			return 0
		[ "$SECONDS" -lt "$end" ] || return 1
		sleep 0.3
	done
}
