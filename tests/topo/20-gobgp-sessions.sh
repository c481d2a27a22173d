#!/bin/bash
# evpnd ↔ GoBGP 3.10, eBGP on L2VPN EVPN with TCP MD5: Established, GoBGP
# lists our capabilities, evpnd lists GoBGP's, and an EVPN route GoBGP
# originates arrives in evpnd's Adj-RIB-In and leaves it on withdraw.
. "$(dirname "$0")/../integration/lib.sh"
. "$(dirname "$0")/lib-peers.sh"

ns_add leaf
ns_add gobgp
ns_link leaf l-gobgp 10.255.20.1/30 gobgp g-leaf 10.255.20.2/30

cat >"$TMP/gobgp.toml" <<'C'
[global.config]
  as = 65100
  router-id = "10.255.20.2"
[[neighbors]]
  [neighbors.config]
    neighbor-address = "10.255.20.1"
    peer-as = 65000
    auth-password = "go-key"
  [neighbors.timers.config]
    connect-retry = 1
    hold-time = 9
    keepalive-interval = 3
  [[neighbors.afi-safis]]
    [neighbors.afi-safis.config]
      afi-safi-name = "l2vpn-evpn"
C
cat >"$TMP/leaf.conf" <<'C'
hostname leaf1
router bgp 65000
 bgp router-id 10.255.20.1
 no bgp default ipv4-unicast
 no bgp ebgp-requires-policy
 timers bgp 3 9
 neighbor 10.255.20.2 remote-as 65100
 neighbor 10.255.20.2 password go-key
 neighbor 10.255.20.2 timers connect 1
 address-family l2vpn evpn
  neighbor 10.255.20.2 activate
 exit-address-family
C
gobgp_start gobgp "$TMP/gobgp.toml"
evpnd_start_ns leaf leaf "$TMP/leaf.conf"

wait_json 30 "gobgp_cli gobgp neighbor 10.255.20.1 -j" '.state.session_state' 6 ||
	fail "GoBGP: not Established (last: $WAIT_JSON_LAST)"
ok "GoBGP: evpnd Established (eBGP, MD5)"
nb=$(gobgp_cli gobgp neighbor 10.255.20.1 -j)
caps=$(json_get "$nb" '[.state.remote_cap[].type_url | sub(".*apipb\\."; "")] | sort | join(",")')
for c in MultiProtocolCapability FourOctetASNCapability RouteRefreshCapability \
	EnhancedRouteRefreshCapability GracefulRestartCapability FqdnCapability; do
	expect_contains "$caps" "$c" "GoBGP received $c"
done
mp=$(json_get "$nb" '.state.remote_cap[] | select(.type_url | endswith("MultiProtocolCapability")) | .value')
expect_eq "$mp" CgQIGRBG "GoBGP decoded our MP capability as AFI 25 SAFI 70"
fq=$(json_get "$nb" '.state.remote_cap[] | select(.type_url | endswith("FqdnCapability")) | .value' | base64 -d | tr -dc 'a-z0-9')
expect_contains "$fq" leaf1 "GoBGP received our hostname"
txt=$(gobgp_cli gobgp neighbor 10.255.20.1)
expect_contains "$txt" "$(printf 'l2vpn-evpn:\tadvertised and received')" "GoBGP text: L2VPN EVPN advertised and received"
expect_contains "$txt" "$(printf 'fqdn:\tadvertised and received')" "GoBGP text: hostname both ways"

nb=$(sh_ leaf -c 'show bgp neighbors 10.255.20.2 json')
expect_eq "$(json_get "$nb" '."10.255.20.2".bgpState')" Established "evpnd: Established"
expect_eq "$(json_get "$nb" '."10.255.20.2".neighborCapabilities.multiprotocolExtensions.l2VpnEvpn.advertisedAndReceived')" true "evpnd: MP EVPN both ways"
expect_eq "$(json_get "$nb" '."10.255.20.2".neighborCapabilities."4byteAs"')" advertisedAndReceived "evpnd: 4-octet AS both ways"

# An inclusive multicast (type 3) and a MAC/IP (type 2) route from GoBGP.
gobgp_cli gobgp global rib -a evpn add multicast 10.255.20.2 etag 0 rd 10.255.20.2:100 rt 65100:100 encap vxlan ||
	fail "gobgp add multicast"
gobgp_cli gobgp global rib -a evpn add macadv aa:bb:cc:00:00:01 10.255.99.1 etag 0 label 100 rd 10.255.20.2:100 rt 65100:100 encap vxlan ||
	fail "gobgp add macadv"
wait_json 10 "sh_ leaf -c 'show bgp l2vpn evpn summary json'" '.peers."10.255.20.2".pfxRcd' 2 ||
	fail "evpnd: 2 EVPN routes expected (last: $WAIT_JSON_LAST)"
ok "evpnd received GoBGP's type-2 and type-3 routes"
gobgp_cli gobgp global rib -a evpn del macadv aa:bb:cc:00:00:01 10.255.99.1 etag 0 label 100 rd 10.255.20.2:100 ||
	fail "gobgp del macadv"
wait_json 10 "sh_ leaf -c 'show bgp l2vpn evpn summary json'" '.peers."10.255.20.2".pfxRcd' 1 ||
	fail "evpnd: withdraw not applied (last: $WAIT_JSON_LAST)"
ok "evpnd applied GoBGP's withdraw"

expect_eq "$(gobgp_peer_state gobgp 10.255.20.1)" 6 "session still Established"

# maximum-prefix 2 (RFC 4486): a third route ends the session with
# Cease/Maximum Number of Prefixes Reached.
sh_ leaf -c 'configure terminal' -c 'router bgp 65000' -c 'address-family l2vpn evpn' \
	-c 'neighbor 10.255.20.2 maximum-prefix 2' -c end >/dev/null || fail "maximum-prefix"
gobgp_cli gobgp global rib -a evpn add macadv aa:bb:cc:00:00:02 10.255.99.2 etag 0 label 100 rd 10.255.20.2:100 rt 65100:100 encap vxlan
ok "2 routes with maximum-prefix 2: session stays"
sleep 1
expect_eq "$(gobgp_peer_state gobgp 10.255.20.1)" 6 "at the limit: still Established"
gobgp_cli gobgp global rib -a evpn add macadv aa:bb:cc:00:00:03 10.255.99.3 etag 0 label 100 rd 10.255.20.2:100 rt 65100:100 encap vxlan
wait_json 10 "sh_ leaf -c 'show bgp neighbors 10.255.20.2 json'" '."10.255.20.2".lastNotificationReason' \
	"Cease/Maximum Number of Prefixes Reached" || fail "no max-prefix Cease (last: $WAIT_JSON_LAST)"
ok "third route: Cease/Maximum Number of Prefixes Reached"
grep -q "NOTIFICATION 6/1" "$TMP/leaf.log" || fail "no 6/1 in the log"
kill -0 "$PID_leaf" || fail "evpnd died"
