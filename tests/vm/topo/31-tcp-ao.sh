#!/bin/bash
# TCP-AO (RFC 5925) between two evpnd, on a kernel with CONFIG_TCP_AO (the
# VM suite runs it on trixie-backports' 7.x; FRR 8.4 and GoBGP lack TCP-AO):
# matching keys establish; another secret never does (the kernel counts the
# bad segments); the key fixed establishes again; then a key rollover
# (RFC 5925 section 7.5.2): a second KeyID pair added on both sides, the
# first removed on both, and the session stays up throughout on one
# connection, keepalives flowing past the hold time on the new key alone;
# last, removing the only key the peer has drops the session.
. "$(dirname "$0")/../../integration/lib.sh"
. "$(dirname "$0")/../../topo/lib-peers.sh"

A=10.255.31.1 B=10.255.31.2
ns_add a
ns_add b
ns_link a a-b $A/30 b b-a $B/30

# KeyIDs cross over: a sends 1 and accepts 2, b the other way round.
conf() {	# conf NAME MYIP PEERIP SEND RECV
	cat <<-EOF
	hostname $1
	router bgp 65000
	 bgp router-id $2
	 no bgp default ipv4-unicast
	 timers bgp 3 9
	 neighbor $3 remote-as internal
	 neighbor $3 timers connect 1
	 neighbor $3 tcp-ao ao-secret send-id $4 recv-id $5
	 address-family l2vpn evpn
	  neighbor $3 activate
	 exit-address-family
	EOF
}
conf a $A $B 1 2 >"$TMP/a.conf"
conf b $B $A 2 1 >"$TMP/b.conf"
# On a kernel without TCP-AO evpnd refuses the file: its log says so.
evpnd_start_ns a a "$TMP/a.conf"
evpnd_start_ns b b "$TMP/b.conf"

peer_of() { [ "$1" = a ] && echo $B || echo $A; }
nb() { sh_ "$1" -c "show bgp neighbors $(peer_of "$1") json"; }
nbget() { json_get "$(nb "$1")" ".\"$(peer_of "$1")\"$2"; }
# cfg NAME LINE...: one committed transaction in router bgp
cfg() {
	local n=$1 a=(-c 'configure terminal' -c 'router bgp 65000') l out
	shift
	for l in "$@"; do a+=(-c "$l"); done
	out=$(sh_ "$n" "${a[@]}" -c end 2>&1) || fail "$n: $* refused: $out"
}
wait_nb() {	# wait_nb NAME SECS JQ WANT
	wait_json "$2" "nb $1" ".\"$(peer_of "$1")\"$3" "$4"
}
wait_est() { wait_nb "$1" "$2" .bgpState Established; }

# --- match ---------------------------------------------------------------
wait_est a 40 || fail "TCP-AO session not Established (last: $WAIT_JSON_LAST)"
ok "TCP-AO (HMAC-SHA-1-96), matching keys: Established"
expect_eq "$(nbget a .tcpAo.currentKeyId)/$(nbget a .tcpAo.rnextKeyId)" 1/2 \
	"a sends KeyID 1 and asks for KeyID 2 (from the socket)"
expect_eq "$(nbget b .tcpAo.currentKeyId)/$(nbget b .tcpAo.rnextKeyId)" 2/1 \
	"b sends KeyID 2 and asks for KeyID 1"
wait_nb a 10 '.tcpAo.keys[0].packetsGood > 0' true ||
	fail "a: no segment verified with the key (last: $WAIT_JSON_LAST)"
ok "a verifies the peer's segments with the key: $(nbget a '.tcpAo.keys[0].packetsGood') good"

# --- mismatch ------------------------------------------------------------
# The kernel's own count of segments that failed verification, per netns.
ao_bad() {
	nsx "$1" cat /proc/net/netstat |
		awk '/^TcpExt:/ { if (!h) { for (i = 2; i <= NF; i++) n[$i] = i; h = 1 }
			else if ("TCPAOBad" in n) print $n["TCPAOBad"] }'
}
bad_a0=$(ao_bad a) bad_b0=$(ao_bad b)
[ -n "$bad_a0" ] && [ -n "$bad_b0" ] || fail "no TCPAOBad counter in /proc/net/netstat"
cfg b "neighbor $A tcp-ao other-secret send-id 2 recv-id 1"
sleep 15
for i in $(seq 10); do
	[ "$(nbget a .bgpState)" != Established ] || fail "Established with different TCP-AO secrets"
	sleep 0.5
done
ok "another secret on b: never Established in 20 s"
bad_a=$(ao_bad a) bad_b=$(ao_bad b)
[ $((bad_a - bad_a0 + bad_b - bad_b0)) -gt 0 ] ||
	fail "the kernels counted no bad TCP-AO segment (a $bad_a0 -> $bad_a, b $bad_b0 -> $bad_b)"
ok "the kernels dropped the mis-signed segments: TCPAOBad a +$((bad_a - bad_a0)), b +$((bad_b - bad_b0))"
lb=$(json_get "$(nb a)" "[.\"$B\".tcpAo.listenerKeys[].packetsBad] | add")
lb2=$(json_get "$(nb b)" "[.\"$A\".tcpAo.listenerKeys[].packetsBad] | add")
[ "$((${lb:-0} + ${lb2:-0}))" -gt 0 ] ||
	fail "show bgp neighbors json: no listenerKeys packetsBad (a ${lb:-none}, b ${lb2:-none})"
ok "show bgp neighbors json names them: listener packetsBad a $lb, b $lb2"

# --- fixed ---------------------------------------------------------------
cfg b "neighbor $A tcp-ao ao-secret send-id 2 recv-id 1"
wait_est a 60 || fail "TCP-AO not back with the key fixed (last: $WAIT_JSON_LAST)"
ok "key fixed: Established again"

# --- rollover: KeyID pair 3/4 added on both, then 1/2 removed on both ------
wait_est b 20 || fail "b not Established"
sleep 2
sa=$(nb a) sb=$(nb b)
est_a=$(json_get "$sa" ".\"$B\".connectionsEstablished") drop_a=$(json_get "$sa" ".\"$B\".connectionsDropped")
est_b=$(json_get "$sb" ".\"$A\".connectionsEstablished") drop_b=$(json_get "$sb" ".\"$A\".connectionsDropped")
up_a=$(json_get "$sa" ".\"$B\".bgpTimerUpEstablishedEpoch")
up_b=$(json_get "$sb" ".\"$A\".bgpTimerUpEstablishedEpoch")
conn_a=$(json_get "$sa" ".\"$B\" | \"\\(.portLocal)-\\(.portForeign)\"")
same_session() {	# same_session WHAT: one session all along, on both sides
	local x y
	x=$(nb a) y=$(nb b)
	[ "$(json_get "$x" ".\"$B\".bgpState")/$(json_get "$y" ".\"$A\".bgpState")" = Established/Established ] ||
		fail "$1: session down ($(json_get "$x" ".\"$B\".lastResetDueTo"))"
	[ "$(json_get "$x" ".\"$B\".connectionsEstablished")/$(json_get "$x" ".\"$B\".connectionsDropped")" = "$est_a/$drop_a" ] ||
		fail "$1: a's session was re-established ($(json_get "$x" ".\"$B\".connectionsEstablished") established, $(json_get "$x" ".\"$B\".connectionsDropped") dropped; before $est_a/$drop_a)"
	[ "$(json_get "$y" ".\"$A\".connectionsEstablished")/$(json_get "$y" ".\"$A\".connectionsDropped")" = "$est_b/$drop_b" ] ||
		fail "$1: b's session was re-established"
	[ "$(json_get "$x" ".\"$B\".bgpTimerUpEstablishedEpoch")/$(json_get "$y" ".\"$A\".bgpTimerUpEstablishedEpoch")" = "$up_a/$up_b" ] ||
		fail "$1: uptime restarted"
	[ "$(json_get "$x" ".\"$B\" | \"\\(.portLocal)-\\(.portForeign)\"")" = "$conn_a" ] ||
		fail "$1: another TCP connection"
}

cfg a "neighbor $B tcp-ao new-secret send-id 3 recv-id 4"
sleep 4
same_session "new key on a"
expect_eq "$(nbget a .tcpAo.rnextKeyId)" 4 "a asks b for the new KeyID pair (RNextKeyID 4)"
expect_eq "$(nbget a .tcpAo.currentKeyId)" 1 "a still sends with KeyID 1 while b lacks the new key"
expect_eq "$(json_get "$(nb a)" "[.\"$B\".tcpAo.keys[].sendId] | sort | join(\",\")")" 1,3 \
	"a's connection holds both MKTs"

cfg b "neighbor $A tcp-ao new-secret send-id 4 recv-id 3"
wait_nb a 30 .tcpAo.currentKeyId 3 || fail "a did not move to KeyID 3 (last: $WAIT_JSON_LAST)"
wait_nb b 30 .tcpAo.currentKeyId 4 || fail "b did not move to KeyID 4 (last: $WAIT_JSON_LAST)"
same_session "new key on both"
ok "both send with the new MKT, each moved by the other's RNextKeyID: a KeyID 3, b KeyID 4"

cfg a "no neighbor $B tcp-ao ao-secret send-id 1 recv-id 2"
same_session "old key off a"
cfg b "no neighbor $A tcp-ao ao-secret send-id 2 recv-id 1"
same_session "old key off b"
expect_eq "$(json_get "$(nb a)" "[.\"$B\".tcpAo.keys[].sendId] | join(\",\")")/$(json_get "$(nb b)" "[.\"$A\".tcpAo.keys[].sendId] | join(\",\")")" \
	3/4 "the old MKT is gone from both connections"
ka_a=$(nbget a .messageStats.keepalivesRecv) ka_b=$(nbget b .messageStats.keepalivesRecv)
good_a=$(nbget a '.tcpAo.keys[0].packetsGood')
sleep 14	# hold time 9 s: a session without a common key would be gone
same_session "14 s after the rollover"
ka_a2=$(nbget a .messageStats.keepalivesRecv) ka_b2=$(nbget b .messageStats.keepalivesRecv)
[ $((ka_a2 - ka_a)) -ge 3 ] && [ $((ka_b2 - ka_b)) -ge 3 ] ||
	fail "keepalives stalled after the rollover: a $ka_a -> $ka_a2, b $ka_b -> $ka_b2"
good_a2=$(nbget a '.tcpAo.keys[0].packetsGood')
[ "$good_a2" -gt "$good_a" ] || fail "a verified nothing with the new key ($good_a -> $good_a2)"
ok "rollover without a drop: same connection (ports $conn_a), $((ka_a2 - ka_a))/$((ka_b2 - ka_b)) keepalives in 14 s > hold time, on the new key only ($good_a -> $good_a2 good)"
expect_eq "$(nbget a .tcpAo.currentKeyId)/$(nbget b .tcpAo.currentKeyId)" 3/4 "current key is the new one on both"
expect_eq "$(json_get "$(nb a)" ".\"$B\".connectionsEstablished")" "$est_a" \
	"no new Established transition ($est_a in all)"

# --- removing the key the peer still uses as its only one ------------------
# a moves to KeyID pair 5/6 that b does not have and drops 3/4: nothing a
# sends verifies at b, nothing b sends at a. The hold timer ends it.
cfg a "neighbor $B tcp-ao third-secret send-id 5 recv-id 6"
cfg a "no neighbor $B tcp-ao new-secret send-id 3 recv-id 4"
wait_for 40 '[ "$(nbget a .bgpState)" != Established ]' ||
	fail "a still Established 40 s after its peer lost the only common key"
expect_eq "$(nbget a .connectionsDropped)" $((drop_a + 1)) "no common key left: the session dropped ($(nbget a .lastResetDueTo))"
cfg b "neighbor $A tcp-ao third-secret send-id 6 recv-id 5"
wait_est a 60 || fail "not back with KeyID pair 5/6 on both (last: $WAIT_JSON_LAST)"
ok "KeyID pair 5/6 on b too: Established again"
