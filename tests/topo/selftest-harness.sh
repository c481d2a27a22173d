#!/bin/bash
# Self-test of tests/topo/lib-peers.sh (not a numbered test: run by hand).
#
#   r2 (FRR, AS 65000) --iBGP-- r1 (FRR, AS 65000) --eBGP, MD5-- g1 (GoBGP, AS 65100)
#   10.255.1.2/30         10.255.1.1/30  10.255.2.1/30          10.255.2.2/30
#
# All sessions carry only l2vpn evpn. g1 injects one type-2 route so the
# prefix counters are not zero. Phase 1: plain configs; then shutdown,
# SIGTERM and SIGKILL of r2's bgpd with restarts; phase 2: hostname
# leaf1/leaf2 and `bgp graceful-restart` on r1.
#
#   bash tests/topo/selftest-harness.sh [--capture DIR]
#
# --capture DIR writes the reference outputs (tests/topo/data/README.md).
. "$(dirname "$0")/../integration/lib.sh"
. "$(dirname "$0")/lib-peers.sh"

CAP=
[ "${1:-}" = --capture ] && CAP=$2 && mkdir -p "$CAP"

# cap FILE CMD...: save one output when capturing (CMD run through eval).
cap() {
	local f=$1
	shift
	[ -n "$CAP" ] || return 0
	eval "$*" >"$CAP/$f" || fail "capture $f"
	case $f in *.json) jq . "$CAP/$f" >/dev/null || fail "$f is not JSON" ;; esac
	echo "# captured $f"
}

# frr_conf FILE HOSTNAME GR ROUTER-ID NEIGHBOR-LINES...: r1/r2 config.
frr_conf() {
	local f=$1 host=$2 gr=$3 rid=$4
	shift 4
	{
		[ -n "$host" ] && printf "hostname %s\ndomainname lab.example\n" "$host"
		echo "router bgp 65000"
		echo " bgp router-id $rid"
		echo " no bgp ebgp-requires-policy"
		echo " no bgp default ipv4-unicast"
		[ -n "$gr" ] && echo " bgp graceful-restart"
		echo " timers bgp 3 9"
		printf ' %s\n' "$@"
		echo " address-family l2vpn evpn"
		for n in "$@"; do
			case $n in "neighbor "*" remote-as "*) echo "  ${n% remote-as *} activate" ;; esac
		done
		echo " exit-address-family"
		echo "exit"
	} >"$f"
}

r1_neigh=("neighbor 10.255.1.2 remote-as internal" "neighbor 10.255.1.2 timers connect 1"
	"neighbor 10.255.2.2 remote-as 65100" "neighbor 10.255.2.2 timers connect 1"
	"neighbor 10.255.2.2 password evpnsecret")
r2_neigh=("neighbor 10.255.1.1 remote-as internal" "neighbor 10.255.1.1 timers connect 1")
frr_conf "$TMP/r1.conf" "" "" 10.255.1.1 "${r1_neigh[@]}"
frr_conf "$TMP/r2.conf" "" "" 10.255.1.2 "${r2_neigh[@]}"
frr_conf "$TMP/r1-gr.conf" leaf1 yes 10.255.1.1 "${r1_neigh[@]}"
frr_conf "$TMP/r2-gr.conf" leaf2 "" 10.255.1.2 "${r2_neigh[@]}"

cat >"$TMP/g1.toml" <<'EOF'
[global.config]
  as = 65100
  router-id = "10.255.2.2"
  local-address-list = ["10.255.2.2"]

[[neighbors]]
  [neighbors.config]
    neighbor-address = "10.255.2.1"
    peer-as = 65000
    auth-password = "evpnsecret"
  [neighbors.timers.config]
    connect-retry = 1
    hold-time = 9
    keepalive-interval = 3
  [[neighbors.afi-safis]]
    [neighbors.afi-safis.config]
      afi-safi-name = "l2vpn-evpn"
EOF

[ -z "$CAP" ] || cp "$TMP/r1.conf" "$TMP/r2.conf" "$TMP/r1-gr.conf" "$TMP/r2-gr.conf" "$TMP/g1.toml" "$CAP/"

ns_add r1
ns_add r2
ns_add g1
ns_link r1 r1-r2 10.255.1.1/30 r2 r2-r1 10.255.1.2/30
ns_link r1 r1-g1 10.255.2.1/30 g1 g1-r1 10.255.2.2/30
nsx r1 ping -c1 -W2 10.255.1.2 >/dev/null || fail "veth r1-r2 does not pass traffic"
ok "namespaces and veth links"

gobgp_start g1 "$TMP/g1.toml"
ok "gobgpd answers in g1 on port ${GOBGP_PORT[g1]}"
cap gobgp310-neighbor-active.json gobgp_cli g1 neighbor 10.255.2.1 -j

frr_start r1 "$TMP/r1.conf"
ok "FRR r1 up, config loaded"
# r2 not running yet: r1's view of a peer that is not Established.
sleep 2
cap frr84-evpn-summary-connecting.json "frr_vtysh r1 'show bgp l2vpn evpn summary json'"
cap frr84-evpn-summary-connecting.txt "frr_vtysh r1 'show bgp l2vpn evpn summary'"
cap frr84-neighbor-one-connecting.json "frr_vtysh r1 'show bgp neighbors 10.255.1.2 json'"

frr_start r2 "$TMP/r2.conf"
frr_wait_established r1 10.255.1.2 30
ok "iBGP r1-r2 Established"
frr_wait_established r1 10.255.2.2 30
wait_json 10 "gobgp_cli g1 neighbor 10.255.2.1 -j" .state.session_state 6 ||
	fail "GoBGP sees $WAIT_JSON_LAST"
ok "eBGP r1-g1 (MD5) Established on both sides"

gobgp_cli g1 global rib -a evpn add macadv aa:bb:cc:00:00:01 10.10.0.1 etag 0 label 10010 \
	rd 10.255.2.2:10 rt 65100:10 encap vxlan nexthop 10.255.2.2 >/dev/null ||
	fail "gobgp could not add an EVPN route"
wait_json 15 "frr_vtysh r2 'show bgp l2vpn evpn summary json'" \
	'.peers."10.255.1.1".pfxRcd' 1 || fail "r2 pfxRcd: $WAIT_JSON_LAST"
ok "type-2 route from GoBGP reached r2 through r1"
expect_eq "$(json_get "$(frr_vtysh r1 'show bgp l2vpn evpn summary json')" \
	'.peers."10.255.2.2".pfxRcd')" 1 "json_get: r1 received 1 prefix from g1"
sleep 4 # a keepalive or two in the counters

cap frr84-evpn-summary.json "frr_vtysh r1 'show bgp l2vpn evpn summary json'"
cap frr84-evpn-summary.txt "frr_vtysh r1 'show bgp l2vpn evpn summary'"
cap frr84-neighbors.json "frr_vtysh r1 'show bgp neighbors json'"
cap frr84-neighbors.txt "frr_vtysh r1 'show bgp neighbors'"
cap frr84-neighbor-one.json "frr_vtysh r1 'show bgp neighbors 10.255.1.2 json'"
cap frr84-neighbor-ebgp-gobgp.json "frr_vtysh r1 'show bgp neighbors 10.255.2.2 json'"
cap gobgp310-neighbors.json gobgp_cli g1 neighbor -j
cap gobgp310-neighbor.json gobgp_cli g1 neighbor 10.255.2.1 -j
cap gobgp310-neighbors.txt gobgp_cli g1 neighbor
cap gobgp310-neighbor.txt gobgp_cli g1 neighbor 10.255.2.1

# Administrative shutdown of r1 -> r2.
frr_vtysh r1 'configure terminal' 'router bgp 65000' 'neighbor 10.255.1.2 shutdown' >/dev/null
wait_json 10 "frr_vtysh r1 'show bgp l2vpn evpn summary json'" '.peers."10.255.1.2".state' 'Idle (Admin)' ||
	fail "after shutdown: $WAIT_JSON_LAST"
ok "neighbor shutdown shows Idle (Admin)"
cap frr84-evpn-summary-shutdown.json "frr_vtysh r1 'show bgp l2vpn evpn summary json'"
cap frr84-neighbor-one-shutdown.json "frr_vtysh r1 'show bgp neighbors 10.255.1.2 json'"
cap frr84-neighbor-one-shutdown-peer.json "frr_vtysh r2 'show bgp neighbors 10.255.1.1 json'"
frr_vtysh r1 'configure terminal' 'router bgp 65000' 'no neighbor 10.255.1.2 shutdown' >/dev/null
frr_wait_established r1 10.255.1.2 30
ok "no shutdown: Established again"

# SIGTERM of r2's bgpd (no NOTIFICATION is sent), then restart.
frr_stop r2 bgpd
wait_json 10 "frr_vtysh r1 'show bgp neighbors 10.255.1.2 json'" '."10.255.1.2".bgpState != "Established"' true ||
	fail "r1 still Established after r2 bgpd stop"
ok "frr_stop r2 bgpd: r1 sees the session drop"
cap frr84-neighbor-one-after-sigterm.json "frr_vtysh r1 'show bgp neighbors 10.255.1.2 json'"
frr_restart_bgpd r2 "$TMP/r2.conf"
frr_wait_established r1 10.255.1.2 30
ok "frr_restart_bgpd r2: Established again"

# SIGKILL: the kernel closes the socket (FIN), r1 notices at once.
frr_kill9 r2 bgpd
wait_json 15 "frr_vtysh r1 'show bgp neighbors 10.255.1.2 json'" '."10.255.1.2".bgpState != "Established"' true ||
	fail "r1 still Established after kill -9"
ok "frr_kill9 r2 bgpd: r1 sees the session drop"
cap frr84-neighbor-one-after-sigkill.json "frr_vtysh r1 'show bgp neighbors 10.255.1.2 json'"
frr_restart_bgpd r2 "$TMP/r2.conf"
frr_wait_established r1 10.255.1.2 30
ok "bgpd restarted after kill -9: Established again"

# Silence from r2: r1's hold timer (9 s) expires, r1 sends a NOTIFICATION.
ns_cut r2 10.255.1.1
wait_json 20 "frr_vtysh r1 'show bgp neighbors 10.255.1.2 json'" '."10.255.1.2".lastNotificationReason' \
	'Hold Timer Expired' || fail "no hold timer expiry: $WAIT_JSON_LAST"
ok "ns_cut: r1's hold timer expired"
cap frr84-neighbor-one-holdtimer.json "frr_vtysh r1 'show bgp neighbors 10.255.1.2 json'"
ns_uncut r2 10.255.1.1
frr_wait_established r1 10.255.1.2 30
ok "ns_uncut: Established again"

# Phase 2: hostname on both sides, graceful restart on r1 only.
frr_stop r1
frr_stop r2
frr_start r1 "$TMP/r1-gr.conf"
frr_start r2 "$TMP/r2-gr.conf"
frr_wait_established r1 10.255.1.2 30
frr_wait_established r1 10.255.2.2 30
wait_json 15 "frr_vtysh r1 'show bgp l2vpn evpn summary json'" \
	'.peers."10.255.2.2".pfxRcd' 1 || fail "r1 pfxRcd after restart: $WAIT_JSON_LAST"
ok "phase 2 (hostname, graceful-restart) Established"
expect_eq "$(frr_vtysh r1 'show bgp neighbors 10.255.1.2 json' | jq -r '."10.255.1.2".hostname')" \
	leaf2 "r1 learned r2's hostname from the FQDN capability"
sleep 4
cap frr84-evpn-summary-hostname-gr.json "frr_vtysh r1 'show bgp l2vpn evpn summary json'"
cap frr84-evpn-summary-hostname-gr.txt "frr_vtysh r1 'show bgp l2vpn evpn summary'"
cap frr84-neighbors-hostname-gr.json "frr_vtysh r1 'show bgp neighbors json'"
cap frr84-neighbors-hostname-gr.txt "frr_vtysh r1 'show bgp neighbors'"
cap frr84-neighbor-one-hostname-gr.json "frr_vtysh r1 'show bgp neighbors 10.255.1.2 json'"
cap frr84-neighbor-one-gr-helper.json "frr_vtysh r2 'show bgp neighbors 10.255.1.1 json'"
cap frr84-neighbor-one-gr-helper.txt "frr_vtysh r2 'show bgp neighbors 10.255.1.1'"
cap gobgp310-neighbor-hostname-gr.json gobgp_cli g1 neighbor 10.255.2.1 -j

# evpnd in a namespace (readiness only; skipped while evpnd is not built).
if [ -x "$EVPND" ]; then
	ns_add e1
	cp "$ROOT/doc/examples/leaf1.conf" "$TMP/e1.conf"
	evpnd_start_ns e1 e1 "$TMP/e1.conf"
	expect_eq "$(ip netns identify "$PID_e1")" "$(ns_name e1)" "evpnd_start_ns: evpnd runs inside e1"
	expect_contains "$(sh_ e1 -c 'show version')" "instance e1" "evpnsh reaches it from the root namespace"
fi
echo "selftest: $CHECKS checks passed"
