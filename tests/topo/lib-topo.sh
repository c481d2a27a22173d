# The fabrics of topologies/ (the containerlab files users deploy), built
# in namespaces by topologies/netns-run, for the data plane tests. Source
# after tests/integration/lib.sh. The topology is torn down on exit, pass
# or fail, after its daemons' logs are shown on failure.
#
#	topo_up NAME            build topologies/NAME, wait for every session
#	tx NODE CMD...          run CMD in NODE's namespace
#	tcli NODE CMD...        vtysh (FRR) or evpnsh (evpnd) on NODE, one -c per CMD
#	topo_restart NODE [--kill9]
#	fdb_has NODE DEV MAC DST  the kernel FDB of DEV on NODE has MAC dst DST (extern_learn)
#	mixed_hosts_speak       mixed-fabric's hosts ping their SVIs: the leaves learn them
#	ping_ok FROM TO         FROM pings TO, retried for up to ~30 s while routes arrive
#	wait_fdb NODE DEV MAC DST SECS
#	ms_now                  milliseconds since the epoch

NETNS_RUN=$ROOT/topologies/netns-run
TOPO=
TOPO_PREFIX=t$$
# The sanitizer run points EVPND at its own build; the runner takes the dir.
export EVPND_BUILD=${EVPND_BUILD:-$(dirname "$EVPND")}

_topo_down() {
	local rc=$1 f
	[ -n "$TOPO" ] || return 0
	if [ "$rc" -ne 0 ]; then
		for f in /tmp/netns-run/"$TOPO_PREFIX"/*/*.log; do
			[ -f "$f" ] || continue
			echo "---- ${f#/tmp/netns-run/"$TOPO_PREFIX"/} (last 25 lines)" >&2
			tail -25 "$f" >&2
		done
	fi
	"$NETNS_RUN" down "$TOPO" -p "$TOPO_PREFIX" >/dev/null 2>&1
}
CLEANUP_CMDS+=(_topo_down)

topo_up() {
	TOPO=$1
	"$NETNS_RUN" up "$TOPO" -p "$TOPO_PREFIX" >"$TMP/topo-up.log" 2>&1 ||
		fail "netns-run up $TOPO: $(tail -5 "$TMP/topo-up.log")"
	"$NETNS_RUN" wait "$TOPO" -p "$TOPO_PREFIX" -t 60 >>"$TMP/topo-up.log" 2>&1 ||
		fail "$TOPO: sessions not Established: $(tail -3 "$TMP/topo-up.log")"
	ok "$TOPO is up, every BGP session Established"
}

tx() {
	local node=$1
	shift
	ip netns exec "$TOPO_PREFIX-$node" "$@"
}

tcli() {
	local node=$1
	shift
	"$NETNS_RUN" cli "$TOPO" "$node" -p "$TOPO_PREFIX" "$@"
}

topo_restart() {
	"$NETNS_RUN" restart "$TOPO" "$@" -p "$TOPO_PREFIX" >>"$TMP/topo-up.log" 2>&1 ||
		fail "netns-run restart $*: $(tail -3 "$TMP/topo-up.log")"
}

fdb_has() {
	tx "$1" bridge fdb show dev "$2" | grep -q "^$3 dst $4 self extern_learn"
}

ms_now() {
	date +%s%3N
}

mixed_hosts_speak() {
	local h
	for h in 1:100.251 2:100.252 3:100.253 4:200.251 5:200.252; do
		tx "h${h%%:*}" ping -c1 -W1 "192.168.${h#*:}" >/dev/null ||
			fail "h${h%%:*} cannot reach its SVI"
	done
}

ping_ok() {
	local i
	for i in $(seq 30); do
		tx "$1" ping -c1 -W1 "$2" >/dev/null 2>&1 && return 0
	done
	return 1
}

wait_fdb() {
	local end=$((SECONDS + $5))
	until fdb_has "$1" "$2" "$3" "$4"; do
		[ "$SECONDS" -lt "$end" ] || return 1
		sleep 0.1
	done
}
