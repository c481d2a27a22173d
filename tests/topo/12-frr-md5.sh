#!/bin/bash
# TCP MD5 (RFC 2385) against FRR 8.4: the same key establishes, a different
# key never does (the kernel drops the segments), and fixing it recovers.
# The session runs from evpnd's loopback address (update-source lo), as a
# leaf peers with its spines.
. "$(dirname "$0")/../integration/lib.sh"
. "$(dirname "$0")/lib-peers.sh"

ns_add leaf
ns_add spine
ns_link leaf l-spine 10.255.12.2/30 spine s-leaf 10.255.12.1/30
ip -n "$(ns_name leaf)" addr add 10.255.112.2/32 dev lo
ip -n "$(ns_name spine)" route add 10.255.112.2/32 via 10.255.12.2
cat >"$TMP/spine.conf" <<'C'
hostname spine
router bgp 65000
 bgp router-id 10.255.12.1
 no bgp default ipv4-unicast
 timers bgp 3 9
 neighbor 10.255.112.2 remote-as internal
 neighbor 10.255.112.2 password s3cret-key
 neighbor 10.255.112.2 timers connect 1
 address-family l2vpn evpn
  neighbor 10.255.112.2 activate
 exit-address-family
C
leaf_conf() {
	cat <<C
hostname leaf1
router bgp 65000
 bgp router-id 10.255.12.2
 no bgp default ipv4-unicast
 timers bgp 3 9
 neighbor 10.255.12.1 remote-as internal
 neighbor 10.255.12.1 password $1
 neighbor 10.255.12.1 update-source lo
 neighbor 10.255.12.1 timers connect 1
 address-family l2vpn evpn
  neighbor 10.255.12.1 activate
 exit-address-family
C
}
leaf_conf s3cret-key >"$TMP/leaf.conf"
frr_start spine "$TMP/spine.conf"
evpnd_start_ns leaf leaf "$TMP/leaf.conf"
frr_wait_established spine 10.255.112.2
ok "same MD5 key: Established"
nb=$(frr_vtysh spine 'show bgp neighbors 10.255.112.2 json')
expect_eq "$(json_get "$nb" '."10.255.112.2".hostForeign')" 10.255.112.2 "update-source lo: FRR sees our loopback address"
nb=$(sh_ leaf -c 'show bgp neighbors 10.255.12.1 json')
expect_eq "$(json_get "$nb" '."10.255.12.1".authenticationEnabled')" 1 "evpnd shows authentication"

sh_ leaf -c 'configure terminal' -c 'router bgp 65000' -c 'neighbor 10.255.12.1 password wrong-key' -c end >/dev/null ||
	fail "password change"
sleep 12
for i in 1 2 3; do
	s=$(frr_peer_state spine 10.255.112.2)
	[ "$s" != Established ] || fail "Established with a wrong MD5 key"
	s=$(json_get "$(sh_ leaf -c 'show bgp l2vpn evpn summary json')" '.peers."10.255.12.1".state')
	[ "$s" != Established ] || fail "evpnd Established with a wrong MD5 key"
	sleep 1
done
ok "different MD5 key: never Established (15 s)"

sh_ leaf -c 'configure terminal' -c 'router bgp 65000' -c 'neighbor 10.255.12.1 password s3cret-key' -c end >/dev/null
frr_wait_established spine 10.255.112.2 40
ok "key fixed: Established again"

# No key on our side against a keyed FRR: nothing either.
sh_ leaf -c 'configure terminal' -c 'router bgp 65000' -c 'no neighbor 10.255.12.1 password' -c end >/dev/null
sleep 8
[ "$(frr_peer_state spine 10.255.112.2)" != Established ] || fail "Established without a key"
ok "no key against a keyed peer: not Established"

# GTSM (RFC 5082) against FRR's ttl-security: both sides on, Established;
# evpnd off (its packets leave with TTL 64), FRR drops them.
gtsm() {	# gtsm on|off
	local no=; [ "$1" = off ] && no="no "
	sh_ leaf -c 'configure terminal' -c 'router bgp 65000' -c "${no}neighbor 10.255.12.1 ttl-security hops 1" \
		-c end >/dev/null || fail "ttl-security $1"
}
sh_ leaf -c 'configure terminal' -c 'router bgp 65000' -c 'neighbor 10.255.12.1 password s3cret-key' -c end >/dev/null
frr_vtysh spine 'configure terminal' 'router bgp 65000' 'neighbor 10.255.112.2 ttl-security hops 1' >/dev/null
gtsm on
frr_wait_established spine 10.255.112.2 40
ok "GTSM on both sides (with FRR): Established"
gtsm off
sleep 10
[ "$(frr_peer_state spine 10.255.112.2)" != Established ] || fail "FRR took TTL-64 packets under GTSM"
ok "GTSM only on FRR's side: not Established"
gtsm on
frr_wait_established spine 10.255.112.2 40
ok "GTSM back on: Established"
