#!/bin/sh
# svd-setup.sh N VID=VNI... PORT=VIDS...: a single-VXLAN-device bridge on
# leaf N (after evpn-fabric/leaf-setup.sh has made its loopback and uplink),
# the layout FRR 9+ recommends:
#
#   br0      VLAN-aware bridge (vlan_default_pvid 0: no VLAN 1 anywhere),
#            MAC 02:00:00:1N:00:00
#   vxlan0   one vxlan device for every VNI (`external vnifilter`, local
#            VTEP, UDP 4789, nolearning), port of br0 with vlan_tunnel on,
#            learning off, neigh_suppress on
#   per VID=VNI  VLAN VID on vxlan0 mapped to VNI (tunnel_info), the VNI in
#            vxlan0's filter, and the VLAN's SVI vlanVID (802.1Q on br0)
#            with 192.168.VNI.25N/24, as the fabric's plan says
#   PORT=VID         an access port: untagged in VLAN VID
#   PORT=VID,VID...  a trunk: tagged in each VLAN
set -eu
n=$1
shift
vtep=10.255.0.1$n

ip link add br0 type bridge vlan_filtering 1 vlan_default_pvid 0 stp_state 0 forward_delay 0
ip link set dev br0 address "02:00:00:1$n:00:00"
ip link set dev br0 up	# before its 802.1Q SVIs: they cannot go up on a down device
ip link add vxlan0 type vxlan dstport 4789 local "$vtep" nolearning external vnifilter
ip link set dev vxlan0 master br0
bridge link set dev vxlan0 vlan_tunnel on neigh_suppress on learning off
for arg in "$@"; do
	case $arg in
	*=*) ;;
	*) echo "svd-setup.sh: $arg: want VID=VNI or PORT=VIDS" >&2; exit 2 ;;
	esac
	left=${arg%%=*}
	right=${arg#*=}
	if [ "$left" -eq "$left" ] 2>/dev/null; then
		vid=$left vni=$right
		bridge vlan add dev vxlan0 vid "$vid"
		bridge vlan add dev vxlan0 vid "$vid" tunnel_info id "$vni"
		bridge vni add dev vxlan0 vni "$vni"
		bridge vlan add dev br0 vid "$vid" self
		ip link add link br0 name "vlan$vid" type vlan id "$vid"
		ip addr add "192.168.$vni.25$n/24" dev "vlan$vid"
		ip link set dev "vlan$vid" up
	else
		port=$left
		ip link set dev "$port" master br0
		case $right in
		*,*)
			for vid in $(echo "$right" | tr , ' '); do
				bridge vlan add dev "$port" vid "$vid"
			done ;;
		*) bridge vlan add dev "$port" vid "$right" pvid untagged ;;
		esac
		ip link set dev "$port" up
	fi
done
ip link set dev vxlan0 up
