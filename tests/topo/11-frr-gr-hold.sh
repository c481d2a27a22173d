#!/bin/bash
# evpnd ↔ FRR 8.4, what happens when the peer goes away:
#  - RFC 4724: FRR (restarting speaker, forwarding state preserved) is
#    killed; evpnd keeps its routes as stale, and after FRR comes back and
#    sends End-of-RIB only the routes it announced again remain;
#  - RFC 4271 §6.5: the link dies silently; evpnd's hold timer (9 s) ends
#    the session within the hold time and says so in a NOTIFICATION.
. "$(dirname "$0")/../integration/lib.sh"
. "$(dirname "$0")/lib-peers.sh"

ns_add leaf
ns_add spine
ns_link leaf l-spine 10.255.11.2/30 spine s-leaf 10.255.11.1/30

frr_conf() {	# frr_conf NETWORKS...
	cat <<C
hostname spine
router bgp 65000
 bgp router-id 10.255.11.1
 no bgp network import-check
 bgp graceful-restart
 bgp graceful-restart preserve-fw-state
 bgp graceful-restart restart-time 60
 timers bgp 3 9
 neighbor 10.255.11.2 remote-as internal
 neighbor 10.255.11.2 timers connect 1
 address-family ipv4 unicast
C
	for n in "$@"; do echo "  network $n"; done
	cat <<C
  neighbor 10.255.11.2 activate
 exit-address-family
 address-family l2vpn evpn
  neighbor 10.255.11.2 activate
 exit-address-family
C
}
frr_conf 192.168.10.0/24 192.168.11.0/24 192.168.12.0/24 >"$TMP/spine.conf"
frr_conf 192.168.10.0/24 192.168.11.0/24 >"$TMP/spine2.conf"
cat >"$TMP/leaf.conf" <<'C'
hostname leaf1
router bgp 65000
 bgp router-id 10.255.11.2
 timers bgp 3 9
 neighbor 10.255.11.1 remote-as internal
 neighbor 10.255.11.1 timers connect 1
 address-family l2vpn evpn
  neighbor 10.255.11.1 activate
 exit-address-family
C

frr_start spine "$TMP/spine.conf"
evpnd_start_ns leaf leaf "$TMP/leaf.conf"
frr_wait_established spine 10.255.11.2
ok "Established"

v4() { sh_ leaf -c 'show bgp ipv4 unicast summary json'; }
wait_json 15 v4 '.peers."10.255.11.1".pfxRcd' 3 || fail "3 IPv4 routes expected (last: $WAIT_JSON_LAST)"
ok "3 routes received from FRR"
nb=$(sh_ leaf -c 'show bgp neighbors 10.255.11.1 json')
expect_eq "$(json_get "$nb" '."10.255.11.1".neighborCapabilities.gracefulRestartCapability.addressFamilies.ipv4Unicast')" true \
	"FRR announced GR for IPv4 unicast with forwarding preserved"

# RFC 4724 §4.2: the TCP session dies without a NOTIFICATION.
frr_kill9 spine bgpd
wait_json 15 "sh_ leaf -c 'show bgp neighbors 10.255.11.1 json'" '."10.255.11.1".bgpState' Active ||
	wait_json 5 "sh_ leaf -c 'show bgp neighbors 10.255.11.1 json'" '."10.255.11.1".bgpState' Connect ||
	fail "evpnd did not see the session drop (last: $WAIT_JSON_LAST)"
nb=$(sh_ leaf -c 'show bgp neighbors 10.255.11.1 json')
expect_eq "$(json_get "$nb" '."10.255.11.1".addressFamilyInfo.ipv4Unicast.acceptedPrefixCounter')" 3 "routes kept while FRR is down"
expect_eq "$(json_get "$nb" '."10.255.11.1".addressFamilyInfo.ipv4Unicast.staleRouteCounter')" 3 "... all marked stale"
sleep 3
expect_eq "$(json_get "$(v4)" '.peers."10.255.11.1".pfxRcd')" 3 "still kept 3 s later"

# FRR comes back announcing only two of the three; EoR flushes the third.
frr_restart_bgpd spine "$TMP/spine2.conf"
frr_wait_established spine 10.255.11.2
wait_json 20 "sh_ leaf -c 'show bgp neighbors 10.255.11.1 json'" \
	'."10.255.11.1".addressFamilyInfo.ipv4Unicast.staleRouteCounter' 0 ||
	fail "stale routes not flushed by EoR (last: $WAIT_JSON_LAST)"
expect_eq "$(json_get "$(v4)" '.peers."10.255.11.1".pfxRcd')" 2 "after EoR: the 2 re-announced routes remain"
grep -q "End-of-RIB received" "$TMP/leaf.log" || fail "no EoR log line"
ok "stale routes removed on End-of-RIB"

# Hold timer: the link goes down on FRR's side; no FIN, no RST reaches us.
ip -n "$(ns_name spine)" link set s-leaf down
start=$SECONDS
wait_json 15 "sh_ leaf -c 'show bgp neighbors 10.255.11.1 json'" '."10.255.11.1".lastNotificationReason' \
	"Hold Timer Expired" || fail "no hold timer expiry (last: $WAIT_JSON_LAST)"
took=$((SECONDS - start))
[ "$took" -le 10 ] || fail "hold timer took ${took}s for a 9 s hold time"
ok "hold timer expiry detected in ${took}s (hold time 9 s)"
ip -n "$(ns_name spine)" link set s-leaf up
frr_wait_established spine 10.255.11.2 40
ok "link back: Established again"
kill -0 "$PID_leaf" || fail "evpnd died"
