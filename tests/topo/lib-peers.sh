# Helpers for BGP session tests against real peers (FRR, GoBGP, evpnd) in
# network namespaces. Source AFTER tests/integration/lib.sh:
#
#	. "$(dirname "$0")/../integration/lib.sh"
#	. "$(dirname "$0")/lib-peers.sh"
#
# Everything started here is registered in lib.sh's PIDS and NETNS arrays, so
# its cleanup (trap EXIT) tears it down whether the test passes or fails.
# Start functions change global arrays: call them directly, never inside
# $(...) or a pipeline (a subshell would lose the registration).
#
# Namespaces are named by the test ("r1", "gw"); the kernel name is
# "$NS_PREFIX-r1" so parallel runs do not collide. ns_name gives it.

NS_PREFIX=${NS_PREFIX:-ep$$}
declare -A FRR_PID=()  # "NS:daemon" -> pid
declare -A GOBGP_PORT=() # NS -> gRPC port on that namespace's 127.0.0.1
declare -A GOBGP_PID=()
GOBGP_NEXT_PORT=${GOBGP_NEXT_PORT:-50051}
FRR_DIR_BASE=$TMP

# lib.sh only traps EXIT; bash does not run an EXIT trap when killed by a
# signal it has no trap for, so turn INT/TERM/HUP (Ctrl-C, `timeout`) into
# an exit that runs cleanup. (Signals ignored at startup, e.g. INT in a
# background job, cannot be trapped by bash: use TERM there.)
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

command -v jq >/dev/null || fail "jq not installed (apt-get install -y jq)"

ns_name() { echo "$NS_PREFIX-$1"; }

# nsx NS CMD...: run CMD inside namespace NS.
nsx() {
	local ns
	ns=$(ns_name "$1")
	shift
	ip netns exec "$ns" "$@"
}

# _ns_bg NS LOG CMD...: start CMD in the background inside NS, output to
# LOG, PID registered in PIDS and left in BG_PID. The background job must be
# a simple command (ip execs CMD, so $! is CMD's PID): backgrounding a shell
# function like nsx would fork a subshell, $! would be that subshell, and
# killing it would orphan the daemon instead of stopping it.
_ns_bg() {
	local ns log=$2
	ns=$(ns_name "$1")
	shift 2
	ip netns exec "$ns" "$@" </dev/null >>"$log" 2>&1 &
	BG_PID=$!
	disown "$BG_PID" # no "Killed" job notices; _wait_gone polls instead of wait
	PIDS+=("$BG_PID")
}

# _forget_pid PID: drop PID from PIDS once we stopped it ourselves, so
# cleanup never signals a recycled PID belonging to someone else.
_forget_pid() {
	local p keep=()
	for p in "${PIDS[@]}"; do [ "$p" = "$1" ] || keep+=("$p"); done
	PIDS=("${keep[@]}")
}

# _wait_gone SECS PID: true once PID has exited. Our children stay zombies
# until reaped, and kill -0 succeeds on a zombie, so look at the state.
_wait_gone() {
	local i s
	for i in $(seq $(($1 * 10))); do
		s=$(ps -o stat= -p "$2") || return 0
		[[ $s == Z* ]] && return 0
		sleep 0.1
	done
	return 1
}

# ns_add NS: fresh namespace with lo up (FRR/GoBGP bind their APIs and vty
# to it); registered before anything else so a failure below still deletes it.
ns_add() {
	local ns
	ns=$(ns_name "$1")
	ip netns add "$ns" || fail "ip netns add $ns"
	NETNS+=("$ns")
	ip -n "$ns" link set lo up || fail "lo up in $ns"
}

# ns_link NS1 IF1 ADDR1/LEN NS2 IF2 ADDR2/LEN: veth pair created directly in
# both namespaces (never in the root one, so names cannot clash with the
# host or another run). Interface names are at most 15 characters. Deleting
# a namespace deletes its veth end and so the pair: nothing else to clean.
ns_link() {
	local n1 n2
	n1=$(ns_name "$1")
	n2=$(ns_name "$4")
	ip link add name "$2" netns "$n1" type veth peer name "$5" netns "$n2" ||
		fail "veth $1:$2 - $4:$5"
	ip -n "$n1" addr add "$3" dev "$2" || fail "addr $3 on $1:$2"
	ip -n "$n2" addr add "$6" dev "$5" || fail "addr $6 on $4:$5"
	ip -n "$n1" link set dev "$2" up || fail "$1:$2 up"
	ip -n "$n2" link set dev "$5" up || fail "$4:$5 up"
}

# ns_cut NS ADDR / ns_uncut NS ADDR: silently drop what NS sends to ADDR
# (blackhole /32 route) so the peer's hold timer expires, links stay up and
# nobody sees a FIN/RST. (No sch_netem here, so tc netem loss is no option.)
ns_cut() { ip -n "$(ns_name "$1")" route add blackhole "$2/32" || fail "ns_cut $*"; }
ns_uncut() { ip -n "$(ns_name "$1")" route del blackhole "$2/32" || fail "ns_uncut $*"; }

# --- FRR --------------------------------------------------------------------

frr_dir() { echo "$FRR_DIR_BASE/frr-$1"; }

# _frr_daemon NS DAEMON: start one FRR daemon in the foreground (not -d) so
# $! is its PID (ip netns exec execs it). Private pid file, zserv socket and
# vty socket dir keep several instances apart; -P 0 disables the TCP vty;
# logs go to DIR/DAEMON.log. Startup config DIR/host.conf: see frr_start.
_frr_daemon() {
	local ns=$1 d=$2 dir
	dir=$(frr_dir "$ns")
	_ns_bg "$ns" "$dir/$d.out" /usr/lib/frr/"$d" -f "$dir/host.conf" \
		-i "$dir/$d.pid" -z "$dir/zserv.api" --vty_socket "$dir" -P 0 \
		-u root -g root --log "file:$dir/$d.log" --log-level debugging
	FRR_PID[$ns:$d]=$BG_PID
}

# _frr_wait_daemons NS DAEMON...: vtysh `show daemons` lists only daemons
# whose vty socket accepts, so a stale socket of a killed bgpd does not count.
_frr_wait_daemons() {
	local ns=$1 d out i
	shift
	for i in $(seq 100); do
		out=$(vtysh --vty_socket "$(frr_dir "$ns")" -c 'show daemons' 2>/dev/null)
		for d in "$@"; do
			[[ " $out " == *" $d "* ]] || { sleep 0.1; continue 2; }
		done
		return 0
	done
	return 1
}

# _frr_load NS CONF: push a config to the running daemons. vtysh -f exits
# non-zero on an unknown/bad line ("line N: % Unknown command[25]: ...");
# the output check also catches warnings printed with status 0.
_frr_load() {
	local out
	out=$(frr_vtysh_raw "$1" -f "$2" 2>&1) || fail "vtysh -f $2 in $1: $out"
	case "$out" in
	*"% "* | *"line "*": "*) fail "config $2 rejected in $1: $out" ;;
	esac
}

# frr_start NS CONFFILE: zebra + bgpd in NS, config loaded.
frr_start() {
	local ns=$1 conf=$2 dir
	dir=$(frr_dir "$ns")
	# The daemons refuse to start unless root is in the frrvty group.
	id -nG root | grep -qw frrvty || usermod -a -G frrvty root
	mkdir -p "$dir"
	# World-writable so the daemons may create files whatever user they
	# settle on; they still log a harmless "could chown socket" in DIR/*.out.
	chmod 777 "$dir"
	# vtysh keeps `hostname`/`domainname` to itself (they only change its
	# prompt), so each daemon would keep the host's uname and bgpd would
	# advertise that in the hostname (FQDN) capability. A daemon does apply
	# them from its own startup file: pass those lines with -f.
	grep -E '^(hostname|domainname) ' "$conf" >"$dir/host.conf"
	rm -f "$dir/zserv.api" # stale after a frr_stop/kill9: would pass the wait
	_frr_daemon "$ns" zebra
	# bgpd connects to zebra's zserv socket: start it only once it exists.
	wait_for 10 "[ -S '$dir/zserv.api' ]" ||
		fail "zebra in $ns did not start: $(tail -5 "$dir/zebra.out" "$dir/zebra.log" 2>/dev/null)"
	_frr_daemon "$ns" bgpd
	_frr_wait_daemons "$ns" zebra bgpd ||
		fail "FRR in $ns not answering: $(tail -5 "$dir/bgpd.out" "$dir/bgpd.log" 2>/dev/null)"
	_frr_load "$ns" "$conf"
}

# frr_vtysh_raw NS ARGS...: vtysh with NS's socket dir and raw arguments.
frr_vtysh_raw() {
	local ns=$1
	shift
	nsx "$ns" vtysh --vty_socket "$(frr_dir "$ns")" "$@"
}

# frr_vtysh NS CMD...: each CMD becomes one -c, run in order (so
# 'configure terminal' 'router bgp 1' '...' works).
frr_vtysh() {
	local ns=$1 a=() c
	shift
	for c in "$@"; do a+=(-c "$c"); done
	frr_vtysh_raw "$ns" "${a[@]}"
}

# _frr_signal SIG NS [bgpd|zebra|all]: signal and wait for the exit.
_frr_signal() {
	local sig=$1 ns=$2 which=${3:-all} d p ds
	case $which in
	all) ds="bgpd zebra" ;; # bgpd first: it would otherwise log zebra loss
	bgpd | zebra) ds=$which ;;
	*) fail "frr_stop/kill9: bad daemon $which" ;;
	esac
	for d in $ds; do
		p=${FRR_PID[$ns:$d]:-}
		[ -n "$p" ] || continue
		kill "-$sig" "$p" 2>/dev/null
		_wait_gone 10 "$p" || fail "$d in $ns survived SIG$sig"
		_forget_pid "$p"
		unset "FRR_PID[$ns:$d]"
	done
}

# frr_stop NS [bgpd|zebra|all]: SIGTERM. Default all. FRR 8.4 bgpd sends
# no NOTIFICATION on SIGTERM: peers just see FIN/RST ("Peer closed the
# session"). For a Cease, use `neighbor X shutdown` via frr_vtysh.
frr_stop() { _frr_signal TERM "$@"; }

# frr_kill9 NS [bgpd|zebra|all]: SIGKILL. Default all. The kernel closes
# the sockets, so peers notice at once as with SIGTERM; to make a peer wait
# for its hold timer use ns_cut.
frr_kill9() { _frr_signal KILL "$@"; }

# frr_restart_bgpd NS CONFFILE: new bgpd (zebra still running), config
# reloaded; the config must be the full one (bgpd starts empty).
frr_restart_bgpd() {
	local ns=$1 conf=$2
	[ -z "${FRR_PID[$ns:bgpd]:-}" ] || frr_stop "$ns" bgpd
	_frr_daemon "$ns" bgpd
	_frr_wait_daemons "$ns" bgpd ||
		fail "bgpd in $ns did not restart: $(tail -5 "$(frr_dir "$ns")/bgpd.out")"
	_frr_load "$ns" "$conf"
}

# frr_peer_state NS PEER: state of PEER in `show bgp neighbors PEER json`
# (works for any address family, unlike the l2vpn evpn summary).
frr_peer_state() {
	frr_vtysh "$1" "show bgp neighbors $2 json" | jq -r --arg p "$2" '.[$p].bgpState // empty'
}

# frr_wait_established NS PEER [SECS]
frr_wait_established() {
	wait_json "${3:-30}" "frr_vtysh $1 'show bgp neighbors $2 json'" \
		".\"$2\".bgpState" Established ||
		fail "$1: $2 not Established (last: ${WAIT_JSON_LAST:-none})"
}

# --- GoBGP ------------------------------------------------------------------

# gobgp_start NS TOMLFILE: gobgpd in NS. Its gRPC API listens on
# 127.0.0.1:PORT of NS only (PORT unique per test run, pprof off, so two
# daemons never fight over 50051/6060). One gobgpd per namespace (it binds
# BGP port 179 on all addresses anyway).
gobgp_start() {
	local ns=$1 toml=$2 port n
	port=$GOBGP_NEXT_PORT
	GOBGP_NEXT_PORT=$((port + 1))
	GOBGP_PORT[$ns]=$port
	_ns_bg "$ns" "$TMP/gobgp-$ns.log" gobgpd -t toml -f "$toml" \
		--api-hosts "127.0.0.1:$port" --pprof-disable -p -l debug
	GOBGP_PID[$ns]=$BG_PID
	# The API answers before the TOML is applied: wait until `global`
	# works and all configured neighbors exist.
	n=$(grep -c '^[[:space:]]*\[\[neighbors\]\]' "$toml")
	wait_for 15 "gobgp_cli $ns global && [ \"\$(gobgp_cli $ns neighbor -j | jq length)\" -ge $n ]" ||
		fail "gobgpd in $ns not ready: $(tail -5 "$TMP/gobgp-$ns.log")"
}

# gobgp_cli NS ARGS...: gobgp CLI against NS's gobgpd.
gobgp_cli() {
	local ns=$1
	shift
	nsx "$ns" gobgp -u 127.0.0.1 -p "${GOBGP_PORT[$ns]}" "$@"
}

# gobgp_stop NS [SIG]: stop gobgpd (default TERM; KILL for restart tests).
gobgp_stop() {
	local p=${GOBGP_PID[$1]:-}
	[ -n "$p" ] || return 0
	kill "-${2:-TERM}" "$p" 2>/dev/null
	_wait_gone 10 "$p" || fail "gobgpd in $1 survived"
	_forget_pid "$p"
	unset "GOBGP_PID[$1]"
}

# gobgp_peer_state NS ADDR: GoBGP 3.10 JSON session_state is a number:
# 1 idle, 2 connect, 3 active, 4 opensent, 5 openconfirm, 6 established.
gobgp_peer_state() {
	gobgp_cli "$1" neighbor "$2" -j | jq -r '.state.session_state'
}

# --- evpnd ------------------------------------------------------------------

# evpnd_start_ns NS NAME CONF [args]: like start_evpnd, inside NS. The
# management socket is a UNIX socket in $TMP/run-NAME, reachable from the
# root namespace, so sh_ NAME / evpnsh work without ip netns exec.
evpnd_start_ns() {
	local ns=$1 name=$2 conf=$3
	shift 3
	_ns_bg "$ns" "$TMP/$name.log" "$EVPND" -N "$name" --rundir "$TMP/run-$name" \
		-f "$conf" --log-level debug "$@"
	eval "PID_$name=$BG_PID"
	wait_for 10 "$EVPNSH --socket $TMP/run-$name/evpnd.sock -c 'show version'" ||
		fail "evpnd $name in $ns did not come up: $(tail -5 "$TMP/$name.log")"
}

# --- JSON -------------------------------------------------------------------

# json_ok JSON [JQ-CONDITION]: JSON is one non-empty JSON object or array
# (and CONDITION holds of it), so a comparison with it has something to
# compare: a daemon that printed nothing, an error or {} is not a pass.
json_ok() {
	jq -se "length == 1 and (.[0] | (type == \"object\" or type == \"array\") and length > 0${2:+ and ($2)})" \
		<<<"$1" >/dev/null 2>&1
}

# require_json WHAT JSON [JQ-CONDITION]: fails the test unless json_ok.
require_json() {
	json_ok "$2" "$3" || fail "$1 is not the JSON expected${3:+ ($3)}: ${2:0:200}"
}

# json_get JSON JQEXPR: raw (-r) value; "null" when absent, like jq.
json_get() {
	jq -r "$2" <<<"$1"
}

# wait_json SECS 'COMMAND' JQEXPR EXPECTED: poll COMMAND (eval'd, 0.2 s
# apart, wall-clock limit) until `jq -r JQEXPR` of its output is EXPECTED.
# The last value seen is left in WAIT_JSON_LAST for the failure message.
wait_json() {
	local end=$((SECONDS + $1)) cmd=$2 expr=$3 want=$4 out
	WAIT_JSON_LAST=
	while :; do
		out=$(eval "$cmd" 2>/dev/null) &&
			WAIT_JSON_LAST=$(jq -r "$expr" <<<"$out" 2>/dev/null) &&
			[ "$WAIT_JSON_LAST" = "$want" ] && return 0
		[ "$SECONDS" -lt "$end" ] || return 1
		sleep 0.2
	done
}
