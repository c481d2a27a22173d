#!/bin/bash
# make bench's smoke run (bench/run --smoke): the injector feeds 10,000
# type-2 routes (and 400 type-3) to evpnd, FRR 8.4 and GoBGP 3.10 in turn;
# every receiver must take every route, evpnd and FRR must put every MAC in
# the kernel FDB, follow a move storm and withdraw it all; the report has
# the ratios, and nothing is left behind.
. "$(dirname "$0")/../integration/lib.sh"

out=$("$ROOT/bench/run" --smoke --build "$ROOT/build" 2>&1) || fail "bench/run --smoke failed: $(tail -40 <<<"$out")"
echo "$out"
j=$ROOT/build/bench-smoke/bench.json
[ -s "$j" ] || fail "no $j"
for r in evpnd frr gobgp; do
	c=$(jq -c --arg r "$r" '.cases[] | select(.receiver == $r and .n == 10000)' "$j")
	[ -n "$c" ] || fail "no case for $r"
	expect_eq "$(jq -r '.rib_s > 0 and .wd_rib_s > 0' <<<"$c")" true "$r took all 10,400 routes and withdrew them"
	[ "$r" = gobgp ] && continue
	expect_eq "$(jq -r '.fdb_s > 0 and .wd_fdb_s > 0' <<<"$c")" true \
		"$r put all 10,000 MACs in the kernel FDB and took them out"
	expect_eq "$(jq -r '.move_k == 1000 and .move_fdb_s > 0' <<<"$c")" true \
		"$r moved 1,000 MACs to their new VTEPs in the kernel"
	expect_eq "$(jq -r '.peak_kib > 1000 and .cpu_s > 0' <<<"$c")" true "$r's memory and CPU were read"
done
expect_eq "$(jq -r '.ratios["10000/frr"].fdb_s > 0 and .ratios["10000/gobgp"].rib_s > 0' "$j")" true \
	"the report has the ratios evpnd/FRR and evpnd/GoBGP"
expect_eq "$(jq -r '.limits["10000"].raw.add_per_s > 0 and .limits["10000"].selftest.decode_per_s > 0' "$j")" true \
	"the raw netlink and codec limits were measured"
[ -s "$ROOT/build/bench-smoke/bench.png" ] || fail "no plot"
ok "the plot was drawn"
expect_contains "$(cat "$ROOT/build/bench-smoke/bench.txt")" "evpnd/frr" "the table prints the ratios"
left=$(ip netns list | grep -E '^bn[0-9]+-' || true)
[ -z "$left" ] || fail "bench/run left namespaces: $left"
ok "no namespace left behind"
