#!/bin/sh
# leaf-setup.sh N VNI:PORT[:UDP]...: the kernel side of leaf N, run in the leaf
# before (netns-run) or just after (containerlab) its EVPN daemon starts.
#
#   VTEP / router-id   10.255.0.1N/32 on lo
#   uplink             eth1 10.255.N.2/30, spine at 10.255.N.1; the other
#                      loopbacks (spine, other VTEPs) via the spine
#   per VNI V          bridge brV (its SVI: 192.168.V.25N/24, MAC
#                      02:00:00:1N:0W:00 with W = V/100) and vxlanV (id V,
#                      local VTEP, UDP 4789 or UDP) as its port; host port
#                      PORT in brV
#
# The addresses follow the fabric's plan (VNI 100 -> 192.168.100.0/24 ...),
# which is why N and the VNIs are enough.
set -eu
n=$1
shift
vtep=10.255.0.1$n

ip addr add "$vtep/32" dev lo
ip addr add "10.255.$n.2/30" dev eth1
ip link set dev eth1 up
ip route add 10.255.0.0/24 via "10.255.$n.1"

for vp in "$@"; do
	vni=${vp%%:*}
	port=${vp#*:}
	udp=4789
	case $port in *:*) udp=${port#*:} port=${port%%:*} ;; esac
	ip link add "br$vni" type bridge stp_state 0 forward_delay 0
	# Fixed MAC: otherwise the bridge takes the lowest port MAC, which
	# changes as ports come and go.
	ip link set dev "br$vni" address "02:00:00:1$n:0$((vni / 100)):00"
	ip addr add "192.168.$vni.25$n/24" dev "br$vni"
	# No flood-and-learn: remote MACs come from EVPN routes, so no
	# learning on the vxlan device nor on its bridge port; neigh_suppress
	# lets the leaf answer ARP for remote hosts it knows from type-2 routes.
	ip link add "vxlan$vni" type vxlan id "$vni" local "$vtep" dstport "$udp" nolearning
	ip link set dev "vxlan$vni" master "br$vni"
	ip link set dev "vxlan$vni" type bridge_slave neigh_suppress on learning off
	ip link set dev "$port" master "br$vni"
	ip link set dev "vxlan$vni" up
	ip link set dev "$port" up
	ip link set dev "br$vni" up
done
