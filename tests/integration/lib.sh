# Shared helpers for integration tests. Each test sources this file; what it
# starts is registered here and torn down on exit, pass or fail.
set -u
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
EVPND=${EVPND:-$ROOT/build/evpnd}
EVPNSH=${EVPNSH:-$ROOT/build/evpnsh}
TMP=$(mktemp -d /tmp/evpnd-test.XXXXXX)
PIDS=()
NETNS=()
CLEANUP_CMDS=()  # run first by cleanup, e.g. a topology's teardown
CHECKS=0

cleanup() {
	local rc=$? p ns f c
	for c in "${CLEANUP_CMDS[@]}"; do eval "$c" "$rc"; done
	# A failing test shows the end of every log it made: CI keeps nothing else.
	if [ "$rc" -ne 0 ]; then
		for f in "$TMP"/*.log "$TMP"/*/*.log; do
			[ -f "$f" ] || continue
			echo "---- ${f#"$TMP"/} (last 25 lines)" >&2
			tail -25 "$f" >&2
		done
	fi
	for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; done
	sleep 0.2
	for p in "${PIDS[@]}"; do kill -9 "$p" 2>/dev/null; done
	for ns in "${NETNS[@]}"; do
		ip netns pids "$ns" 2>/dev/null | xargs -r kill -9 2>/dev/null
		ip netns del "$ns" 2>/dev/null
	done
	rm -rf "$TMP"
}
trap cleanup EXIT

fail() {
	echo "FAIL: $*" >&2
	exit 1
}

ok() {
	CHECKS=$((CHECKS + 1))
	echo "ok $CHECKS - $*"
}

# start_evpnd NAME CONFIG [extra args]: runs in the foreground under our
# control (not -d) so the PID is known; waits until the socket answers.
start_evpnd() {
	local name=$1 conf=$2
	shift 2
	# --bgp-port 0 and --no-kernel: these run in the root namespace, where
	# no BGP packet may leave and the host's devices are not ours; session
	# and data plane tests run in their own namespaces (tests/topo).
	$EVPND -N "$name" --rundir "$TMP/run-$name" -f "$conf" --log-level info --bgp-port 0 \
		--no-kernel "$@" \
		>>"$TMP/$name.log" 2>&1 &
	PIDS+=($!)
	eval "PID_$name=$!"
	wait_for 10 "$EVPNSH --socket $TMP/run-$name/evpnd.sock -c 'show version'" ||
		fail "evpnd $name did not come up: $(tail -5 "$TMP/$name.log")"
}

# sh_ NAME ARGS...: evpnsh against instance NAME
sh_() {
	local name=$1
	shift
	$EVPNSH --socket "$TMP/run-$name/evpnd.sock" "$@"
}

# wait_for SECONDS COMMAND: polls every 0.1 s until COMMAND succeeds.
wait_for() {
	local limit=$1 i=0
	shift
	while [ "$i" -lt $((limit * 10)) ]; do
		eval "$*" >/dev/null 2>&1 && return 0
		sleep 0.1
		i=$((i + 1))
	done
	return 1
}

expect_eq() {
	[ "$1" = "$2" ] || fail "$3: expected [$2], got [$1]"
	ok "$3"
}

expect_contains() {
	case "$1" in
	*"$2"*) ok "$3" ;;
	*) fail "$3: [$1] lacks [$2]" ;;
	esac
}
