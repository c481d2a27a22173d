#!/bin/bash
# The JSON comparisons the FRR tests rest on can fail: an empty answer, an
# error text or {} from either daemon is reported, never read as "no key
# missing" (tests/topo/lib-fabric.sh json_shape_missing, lib-peers.sh
# json_ok/require_json). No daemons: the helpers on fixed input.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/../topo/lib-peers.sh"
. "$(dirname "$0")/../topo/lib-fabric.sh"

frr='{"peers":{"10.0.0.1":{"state":"Established","pfxRcd":3}},"as":65000}'
ours='{"peers":{"10.0.0.2":{"state":"Established","pfxRcd":1}},"as":65000}'

expect_eq "$(json_shape_missing "$frr" "$ours")" "" "the same shape: nothing missing"
expect_eq "$(json_shape_missing "$frr" '{"peers":{"10.0.0.2":{"state":"Idle"}},"as":1}')" \
	"peers/*/pfxRcd" "a key FRR has and we lack is named"
for bad in "" "% Unknown command: show bgp evpn" "{}" "[]" "null" "$frr $frr"; do
	m=$(json_shape_missing "$bad" "$ours")
	[ -n "$m" ] || fail "FRR output '${bad:0:30}' compared as nothing missing"
	m=$(json_shape_missing "$frr" "$bad")
	[ -n "$m" ] || fail "our output '${bad:0:30}' compared as nothing missing"
done
ok "no JSON, an error text, {} or two documents on either side is a failure, not a pass"

json_ok "$frr" '.peers | length > 0' || fail "json_ok refused good input"
json_ok '{"peers":{}}' '.peers | length > 0' && fail "json_ok took an empty peers object"
(require_json "FRR's summary" "" 2>/dev/null) && fail "require_json passed on nothing"
(require_json "FRR's summary" "$frr" '.peers."10.0.0.1"') || fail "require_json failed good input"
ok "require_json fails the test on empty output and on a missing part"
