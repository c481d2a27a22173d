#!/bin/bash
# Malformed BGP input (RFC 4271 §6, RFC 7606): tests/tools/bgp-rawpeer runs
# each scenario of its table from namespace "bad" (10.255.60.2, AS 65001)
# against the target in "dut" (10.255.60.1, AS 65000), while a well-behaved
# bgp-rawpeer ("idle") in namespace "good" (10.255.60.6, AS 65002) keeps a
# second session. Per scenario: the observed result is the expected one, the
# prefix count from 10.255.60.2 is right while the session is still up (for
# treat-as-withdraw: 1 after the valid route, 0 after the malformed UPDATE),
# the target process runs and the idle session is still Established.
#
#   TARGET=evpnd|frr (default evpnd)   EVPND=build/evpnd
#   ONLY='upd-* hdr-marker'             run a subset (shell patterns)
#   VERBOSE=1                           print every result line
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=tests/integration/lib.sh
. "$HERE/../integration/lib.sh"
# shellcheck source=tests/topo/lib-peers.sh
. "$HERE/lib-peers.sh"

TARGET=${TARGET:-evpnd}
ONLY=${ONLY:-*}
RAWPEER=$ROOT/tests/tools/bgp-rawpeer
T0=$SECONDS

# Where FRR 8.4 differs from the RFC behaviour in the tool's table (seen in
# its bgpd.log and source), TARGET=frr expects FRR's answer instead, so that
# run still proves the tool right; evpnd must give the table's.
declare -A FRR_DIFFERS=(
	# RFC 7606 §4: an attribute overrunning the Total Attribute Length is
	# treat-as-withdraw; FRR 8.4 resets with 3/5 Attribute Length Error.
	[upd-attr-overrun]="notification 3/5"
	# RFC 7606 §3(g): repeats of an attribute other than MP_REACH/UNREACH are
	# discarded; FRR 8.4 still resets with 3/1 as RFC 4271 §6.3 said.
	[upd-origin-twice]="notification 3/1"
	# RFC 7606 §4: after a treat-as-withdraw attribute, the Total Attribute
	# Length locates the NLRI. FRR 8.4's bgp_attr_parse returns at the bad
	# attribute, so when others follow it (as here: ORIGIN and AS_PATH come
	# second and third) it parses them as IPv4 NLRI and resets with 3/10.
	# The same errors in the last attribute (MED, COMMUNITIES) work.
	[upd-origin-optional]="notification 3/10"
	[upd-origin-5]="notification 3/10"
	[upd-aspath-bad-segment]="notification 3/10"
	# RFC 4271 §6.3: an unrecognized well-known attribute is 3/2 with the
	# attribute as data. FRR 8.4 routes it through bgp_attr_malformed(),
	# whose "reset" answer it always sends as 3/1 Malformed Attribute List.
	[upd-unknown-wellknown]="notification 3/1"
)

case $TARGET in
frr | evpnd) ;;
*) fail "TARGET must be frr or evpnd" ;;
esac
[ "$TARGET" = frr ] || [ -x "$EVPND" ] || fail "$EVPND not built"

ns_add dut
ns_add bad
ns_add good
ns_link dut m0 10.255.60.1/30 bad m1 10.255.60.2/30
ns_link dut m2 10.255.60.5/30 good m3 10.255.60.6/30

# Both FRR 8.4 and evpnd drop eBGP routes without a policy (RFC 8212)
# unless this is off.
policy=" no bgp ebgp-requires-policy"	# RFC 8212: no policy, no routes
cat >"$TMP/dut.conf" <<EOF
hostname dut
router bgp 65000
 bgp router-id 10.255.60.1
${policy:-!}
 neighbor 10.255.60.2 remote-as 65001
 neighbor 10.255.60.6 remote-as 65002
 address-family l2vpn evpn
  neighbor 10.255.60.2 activate
  neighbor 10.255.60.6 activate
 exit-address-family
EOF

if [ "$TARGET" = frr ]; then
	frr_start dut "$TMP/dut.conf"
	target_pid=${FRR_PID[dut:bgpd]}
	summary() { frr_vtysh dut 'show bgp l2vpn evpn summary json'; }
else
	evpnd_start_ns dut dut "$TMP/dut.conf"
	# shellcheck disable=SC2154 # PID_dut is set by evpnd_start_ns
	target_pid=$PID_dut
	summary() { sh_ dut -c 'show bgp l2vpn evpn summary json'; }
fi

# peer_is IP JQ-FIELD VALUE SECS: wait until the target says so.
peer_is() {
	wait_json "$4" summary ".peers.\"$1\".$2" "$3"
}

# bgp-rawpeer in a namespace, started directly with & (not via a shell
# function, whose subshell would hide the tool's PID): ip netns exec execs
# it, so $! is the tool itself. lib.sh's cleanup kills what is left.
IN_GOOD=(ip netns exec "$(ns_name good)" "$RAWPEER")
IN_BAD=(ip netns exec "$(ns_name bad)" "$RAWPEER")

# The well-behaved second session, up for the whole run.
"${IN_GOOD[@]}" idle --connect 10.255.60.5 --local-as 65002 --router-id 10.255.60.6 \
	--hold 9 --duration 600 >"$TMP/idle.out" 2>"$TMP/idle.err" &
idle_pid=$!
peer_is 10.255.60.6 state Established 30 ||
	fail "idle session not Established (${WAIT_JSON_LAST:-}): $(tail -3 "$TMP/idle.err")"
peer_is 10.255.60.6 pfxRcd 1 10 || fail "idle route not counted (${WAIT_JSON_LAST:-})"
ok "$TARGET: idle session from 10.255.60.6 Established, 1 prefix"

# wait_line FILE PATTERN PID SECS: until FILE has PATTERN or PID exits.
wait_line() {
	wait_for "$4" "grep -q '$2' '$1' || ! kill -0 $3"
	grep -q "$2" "$1"
}

# scenario NAME TABLE-EXPECTED PFX EXPECTED [NOTE]: one run of the tool and
# the checks around it. The tool's sync points follow its table; EXPECTED
# differs from TABLE-EXPECTED only where FRR_DIFFERS says so.
scenario() {
	local name=$1 table=$2 pfx=$3 expected=$4 out="$TMP/$1.out" err="$TMP/$1.err"
	local sync="$TMP/sync" pid res observed
	rm -f "$sync"
	"${IN_BAD[@]}" "$name" --connect 10.255.60.1 --local-as 65001 --router-id 10.255.60.2 \
		--hold 3 --wait 1 --timeout 5 --sync "$sync" >"$out" 2>"$err" &
	pid=$!
	if [ "$pfx" = 0 ] && [ "$table" = alive ]; then
		# treat-as-withdraw: the baseline route must be counted first
		wait_line "$err" 'sync: announced' "$pid" 20 ||
			fail "$name: no baseline announcement: $(tail -3 "$err")"
		peer_is 10.255.60.2 pfxRcd 1 5 ||
			fail "$name: baseline route not counted (${WAIT_JSON_LAST:-})"
		touch "$sync"
	fi
	wait_line "$out" result "$pid" 40 || fail "$name: no result: $(tail -3 "$err")"
	res=$(head -1 "$out")
	[ "${VERBOSE:-}" ] && echo "# $res"
	observed=$(json_get "$res" .observed)
	if [ "$observed" = alive ]; then # the tool waits for us: session still up
		if [ "$expected" = alive ] && [ "$pfx" != - ]; then
			peer_is 10.255.60.2 pfxRcd "$pfx" 5 ||
				fail "$name: prefixes from 10.255.60.2 ${WAIT_JSON_LAST:-?}, expected $pfx"
		fi
		touch "$sync"
	fi
	wait_for 10 "! kill -0 $pid" || fail "$name: bgp-rawpeer did not finish"
	wait "$pid"
	# shellcheck disable=SC2053 # expected may be a pattern (3/*)
	[[ $observed == $expected ]] ||
		fail "$name: observed [$observed], expected [$expected]: $res"
	kill -0 "$target_pid" 2>/dev/null || fail "$name: $TARGET died"
	kill -0 "$idle_pid" 2>/dev/null || fail "$name: idle peer ended: $(cat "$TMP/idle.out")"
	peer_is 10.255.60.6 state Established 1 || fail "$name: idle session ${WAIT_JSON_LAST:-}"
	ok "$TARGET: $name: $observed${5:+ ($5)}"
}

read -ra ONLY_PATS <<<"$ONLY" # read, unlike $ONLY unquoted, does not glob
mapfile -t TABLE < <("$RAWPEER" --list)
[ "${#TABLE[@]}" -gt 0 ] || fail "bgp-rawpeer --list failed"
n=0
for row in "${TABLE[@]}"; do
	IFS=$'\t' read -r name kind expected pfx ref <<<"$row"
	[ "$kind" = idle ] && continue
	match=
	# shellcheck disable=SC2053 # ONLY holds patterns
	for pat in "${ONLY_PATS[@]}"; do [[ $name == $pat ]] && match=1; done
	[ "$match" ] || continue
	if [ "$TARGET" = frr ] && [ "${FRR_DIFFERS[$name]:-}" ]; then
		scenario "$name" "$expected" "$pfx" "${FRR_DIFFERS[$name]}" \
			"FRR 8.4 differs: $ref says $expected"
	else
		scenario "$name" "$expected" "$pfx" "$expected"
	fi
	n=$((n + 1))
done
[ "$n" -gt 0 ] || fail "no scenario matches ONLY=$ONLY"

# The idle session never dropped: the tool ends "alive" only if its one
# connection stayed up, and the target still counts its route.
peer_is 10.255.60.6 pfxRcd 1 5 || fail "idle route lost (${WAIT_JSON_LAST:-})"
kill -TERM "$idle_pid"
wait_for 10 "! kill -0 $idle_pid" || fail "idle peer did not stop"
[ "$(jq -r .result "$TMP/idle.out" 2>/dev/null)" = alive ] ||
	fail "idle session: $(cat "$TMP/idle.out") $(tail -3 "$TMP/idle.err")"
ok "$TARGET: idle session stayed up throughout"
kill -0 "$target_pid" 2>/dev/null || fail "$TARGET died"
echo "# $n scenarios against $TARGET in $((SECONDS - T0)) s"
