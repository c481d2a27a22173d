#!/bin/bash
# evpnd ↔ evpnd: both sides connect at once (collision, RFC 4271 §6.8: one
# session survives), TCP MD5, GTSM (RFC 5082), passive peers, a wrong AS
# (OPEN error, then IdleHoldTime back-off), 4-octet AS eBGP, and a TCP-AO
# key refused where the kernel lacks TCP-AO (sessions: tests/vm/topo/31).
. "$(dirname "$0")/../integration/lib.sh"
. "$(dirname "$0")/lib-peers.sh"

ns_add a
ns_add b
ns_link a a-b 10.255.30.1/30 b b-a 10.255.30.2/30

conf() {	# conf NAME MYIP PEERIP ASN REMOTE-AS [extra neighbor lines]
	local n=$1 me=$2 peer=$3 asn=$4 ras=$5
	shift 5
	echo "hostname $n"
	echo "router bgp $asn"
	echo " bgp router-id $me"
	echo " no bgp default ipv4-unicast"
	echo " no bgp ebgp-requires-policy"
	echo " timers bgp 3 9"
	echo " neighbor $peer remote-as $ras"
	echo " neighbor $peer timers connect 1"
	for l in "$@"; do echo " neighbor $peer $l"; done
	echo " address-family l2vpn evpn"
	echo "  neighbor $peer activate"
	echo " exit-address-family"
}
conf a 10.255.30.1 10.255.30.2 65000 internal "password pair-key" "ttl-security hops 1" >"$TMP/a.conf"
conf b 10.255.30.2 10.255.30.1 65000 internal "password pair-key" "ttl-security hops 1" >"$TMP/b.conf"
evpnd_start_ns a a "$TMP/a.conf"
evpnd_start_ns b b "$TMP/b.conf"

state() { json_get "$(sh_ "$1" -c 'show bgp l2vpn evpn summary json')" ".peers.\"$2\".state"; }
wait_json 20 "sh_ a -c 'show bgp l2vpn evpn summary json'" '.peers."10.255.30.2".state' Established ||
	fail "a-b not Established (last: $WAIT_JSON_LAST)"
ok "evpnd pair Established with MD5 and GTSM"
sleep 4
sa=$(sh_ a -c 'show bgp neighbors json')
sb=$(sh_ b -c 'show bgp neighbors json')
expect_eq "$(json_get "$sa" '."10.255.30.2".connectionsEstablished')" 1 "a: one session, no flap after collision"
expect_eq "$(json_get "$sb" '."10.255.30.1".connectionsEstablished')" 1 "b: one session"
expect_eq "$(json_get "$sa" '."10.255.30.2".neighborCapabilities.hostName.rcvHostName')" b "a sees b's hostname"
expect_eq "$(json_get "$sa" '."10.255.30.2".minTtl')" 255 "GTSM min TTL 255"

# GTSM: b stops sending TTL 255, a must not take its packets.
sh_ b -c 'configure terminal' -c 'router bgp 65000' -c 'no neighbor 10.255.30.1 ttl-security hops 1' -c end >/dev/null ||
	fail "no ttl-security"
sleep 12
[ "$(state a 10.255.30.2)" != Established ] || fail "a Established with a peer failing GTSM"
ok "GTSM: a peer sending TTL < 255 never establishes"
sh_ b -c 'configure terminal' -c 'router bgp 65000' -c 'neighbor 10.255.30.1 ttl-security hops 1' -c end >/dev/null
wait_json 40 "sh_ a -c 'show bgp l2vpn evpn summary json'" '.peers."10.255.30.2".state' Established ||
	fail "not back after GTSM fixed (last: $WAIT_JSON_LAST)"
ok "GTSM fixed: Established"

# Passive on both sides: nobody connects.
for n in a b; do
	peer=10.255.30.$([ $n = a ] && echo 2 || echo 1)
	sh_ $n -c 'configure terminal' -c 'router bgp 65000' -c "neighbor $peer passive" -c end >/dev/null
done
sleep 6
[ "$(state a 10.255.30.2)" = Active ] || fail "both passive: expected Active, got $(state a 10.255.30.2)"
ok "both passive: both wait in Active"
sh_ b -c 'configure terminal' -c 'router bgp 65000' -c 'no neighbor 10.255.30.1 passive' -c end >/dev/null
wait_json 20 "sh_ a -c 'show bgp l2vpn evpn summary json'" '.peers."10.255.30.2".state' Established ||
	fail "passive a + active b not Established (last: $WAIT_JSON_LAST)"
ok "passive side accepts the active side's connection"

# A wrong remote-as: b refuses with OPEN/Bad Peer AS; a backs off.
sh_ a -c 'configure terminal' -c 'router bgp 65000' -c 'neighbor 10.255.30.2 remote-as 65099' -c end >/dev/null
wait_json 15 "sh_ a -c 'show bgp neighbors 10.255.30.2 json'" '."10.255.30.2".lastNotificationReason' \
	"OPEN Message Error/Bad Peer AS" || fail "no Bad Peer AS (last: $WAIT_JSON_LAST)"
ok "wrong AS: OPEN Message Error/Bad Peer AS"
# With connect-retry 1 s and no back-off there would be ~12 attempts.
sleep 12
n=$(grep -c 'sending NOTIFICATION 2/2' "$TMP/a.log")
[ "$n" -le 6 ] || fail "no back-off: $n refused OPENs in ~14 s"
ok "IdleHoldTime back-off: $n refused OPENs in ~14 s"

# eBGP with 4-octet ASes.
conf a 10.255.30.1 10.255.30.2 4200000001 4200000002 >"$TMP/a.conf"
conf b 10.255.30.2 10.255.30.1 4200000002 4200000001 >"$TMP/b.conf"
kill -HUP "$PID_a" "$PID_b"
wait_json 30 "sh_ a -c 'show bgp l2vpn evpn summary json'" '.peers."10.255.30.2".state' Established ||
	fail "4-octet eBGP not Established (last: $WAIT_JSON_LAST)"
expect_eq "$(json_get "$(sh_ b -c 'show bgp l2vpn evpn summary json')" '.peers."10.255.30.1".remoteAs')" 4200000001 \
	"4-octet AS eBGP Established after SIGHUP reload"

# TCP-AO (RFC 5925): a kernel without it must refuse the key clearly; one
# with it takes it. The sessions themselves (match, mismatch, key fixed,
# rollover to a second KeyID) run between two evpnd on a kernel with
# CONFIG_TCP_AO: tests/vm/topo/31-tcp-ao.sh in the VM suite.
if ! out=$(sh_ a -c 'configure terminal' -c 'router bgp 4200000001' \
	-c 'neighbor 10.255.30.2 tcp-ao ao-secret send-id 1 recv-id 2' -c end 2>&1); then
	expect_contains "$out" "TCP-AO is not supported by this kernel" "TCP-AO refused on a kernel without it"
else
	expect_contains "$(sh_ a -c 'show running-config')" \
		"neighbor 10.255.30.2 tcp-ao ao-secret send-id 1 recv-id 2" "TCP-AO key accepted by this kernel"
fi
echo "TCP-AO sessions: proven by tests/vm/topo/31-tcp-ao.sh in the VM suite (kernel with CONFIG_TCP_AO)"
