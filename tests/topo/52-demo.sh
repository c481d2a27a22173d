#!/bin/bash
# `make demo` stays true: tools/demo brings up topologies/evpn-fabric, pings
# host to host across both VNIs, prints PASS and tears down, leaving no
# namespace or daemon behind.
. "$(dirname "$0")/../integration/lib.sh"

out=$(NETNS_RUN_PREFIX=demo$$ "$ROOT/tools/demo" 2>&1) || fail "tools/demo failed: $(tail -30 <<<"$out")"
expect_contains "$out" "PASS: hosts reach each other" "the demo's pings across the fabric pass"
expect_contains "$out" "00:00:00:00:00:00 dst 10.255.0.12 self permanent" "the demo shows leaf1's flood entry toward leaf2"
[ -z "$(ip netns list | grep "^demo$$-")" ] || fail "the demo left namespaces: $(ip netns list | grep "^demo$$-")"
ok "the demo tore down its namespaces"
