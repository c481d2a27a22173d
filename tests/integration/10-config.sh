#!/bin/bash
# Foundation: config in and out through evpnsh, transactions, instances,
# reload and write memory (issue 2).
. "$(dirname "$0")/lib.sh"

cp "$ROOT/doc/examples/leaf1.conf" "$TMP/leaf1.conf"
start_evpnd t1 "$TMP/leaf1.conf"

run=$(sh_ t1 -c 'show running-config')
expect_contains "$run" "neighbor 10.255.0.1 update-source 10.255.0.11" "running-config shows the file"
# the printed text is a config file that loads to the same tree
echo "$run" > "$TMP/printed.conf"
start_evpnd t2 "$TMP/printed.conf"
expect_eq "$(sh_ t2 -c 'show running-config json')" "$(sh_ t1 -c 'show running-config json')" \
	"text printed by show running-config re-parses to the same tree (second instance alongside)"

json=$(sh_ t1 -c 'show running-config json')
expect_contains "$json" '"asn": 65000' "running-config json"
echo "$json" > "$TMP/leaf1.json"
start_evpnd t3 "$TMP/leaf1.json"
expect_eq "$(sh_ t3 -c 'show running-config')" "$run" "a YANG JSON config file loads to the same config"

# A bad value fails with the reason and path; nothing changes.
out=$(sh_ t1 -c 'configure terminal' -c 'router bgp 65000' \
	-c 'neighbor 10.0.0.1 remote-as 99999999999' 2>&1) && fail "bad remote-as accepted"
expect_contains "$out" '"99999999999"' "bad remote-as names the value"
expect_contains "$out" "/evpnd-bgp:bgp/neighbors/neighbor/remote-as" "bad remote-as names the path"
expect_eq "$(sh_ t1 -c 'show running-config')" "$run" "running unchanged after a refused line"

# A `no` form names what exists: `no router bgp 1` while AS 65000 runs is
# refused (it once deleted the instance, neighbors and all, and exited 0).
for line in 'no router bgp 1' 'no router bgp 1.5'; do
	out=$(sh_ t1 -c 'configure terminal' -c "$line" 2>&1) && fail "'$line' exited 0: $out"
	expect_eq "$(sh_ t1 -c 'show running-config')" "$run" "'$line' refused, AS 65000 stays ($out)"
done
expect_contains "$(sh_ t1 -c 'configure terminal' -c 'no router bgp 1' 2>&1)" \
	"% Can't find BGP instance" "FRR's words for it"
out=$(sh_ t1 -c 'configure terminal' -c 'no router-id 256.1.1.1' 2>&1) && fail "no router-id 256.1.1.1 accepted"
expect_contains "$out" '"256.1.1.1"' "no router-id with no address at all is refused"

out=$(sh_ t1 -c 'frobnicate' 2>&1) && fail "unknown command accepted"
expect_eq "$out" "% Unknown command: frobnicate" "unknown command"

# A whole configure session is one transaction: lines before the failure are not applied.
sh_ t1 -c 'configure terminal' -c 'hostname changed' -c 'router bgp 65000' \
	-c 'neighbor 10.0.0.9 remote-as 7' -c 'neighbor 10.0.0.9 ttl-security hops 900' 2>/dev/null &&
	fail "bad hops accepted"
expect_eq "$(sh_ t1 -c 'show running-config')" "$run" "earlier lines of a failed session are not applied"

# abort discards; piped input too.
printf 'configure terminal\nhostname aborted\nabort\n' | sh_ t1 >/dev/null || fail "abort session failed"
expect_eq "$(sh_ t1 -c 'show running-config')" "$run" "abort leaves running untouched"

# A semantic check in the validate phase (RD number too big for an IPv4 RD).
out=$(sh_ t1 -c 'configure terminal' -c 'router bgp 65000' -c 'address-family l2vpn evpn' \
	-c 'vni 100' -c 'rd 10.0.0.1:70000' 2>&1) && fail "bad RD accepted"
expect_contains "$out" "vni[vni='100']/rd" "RD range error names the path"
expect_eq "$(sh_ t1 -c 'show running-config')" "$run" "running unchanged after a refused commit"

# commit applies; the session goes on.
printf 'configure terminal\nrouter bgp 65000\naddress-family l2vpn evpn\nvni 100\nroute-target both 65000:9\ncommit\nexit-vni\nvni 200\nend\n' |
	sh_ t1 || fail "commit session failed"
run2=$(sh_ t1 -c 'show running-config')
expect_contains "$run2" "   route-target import 65000:9
   route-target export 65000:9" "commit applies route-target both as import and export"
expect_contains "$run2" "  vni 200" "lines after commit applied at end"
state=$(sh_ t1 -c 'show yang operational-data /evpnd-bgp:bgp/evpnd-evpn:l2vpn-evpn/vni-state')
expect_contains "$state" '"65000:200"' "operational state shows the auto RT of VNI 200"

# write memory: atomic rewrite of the config file, which loads back the same.
sh_ t1 -c 'write memory' >/dev/null || fail "write memory failed"
expect_eq "$(cat "$TMP/leaf1.conf")" "$run2" "write memory saves the running config as text"
ls "$TMP"/leaf1.conf.* 2>/dev/null && fail "temp file left behind"

# SIGHUP reloads the file as one transaction; a bad file changes nothing.
sed -i 's/^hostname leaf1/hostname leaf1-reloaded/' "$TMP/leaf1.conf"
kill -HUP "$PID_t1"
wait_for 5 "sh_ t1 -c 'show running-config' | grep -q leaf1-reloaded" || fail "SIGHUP did not reload"
ok "SIGHUP reloads the config file"
good=$(sh_ t1 -c 'show running-config')
echo " neighbor 10.0.0.1 remote-as 99999999999" >> "$TMP/leaf1.conf"
kill -HUP "$PID_t1"
wait_for 5 "grep -q 'reload failed' $TMP/t1.log" || fail "bad reload not reported"
expect_eq "$(sh_ t1 -c 'show running-config')" "$good" "a bad file on SIGHUP leaves running untouched"

# A bad config file at start: exit status 1, the line named.
printf 'router bgp 65000\n neighbor 1.1.1.1 remote-as 1\n neighbr 1.1.1.1 shutdown\n' > "$TMP/bad.conf"
out=$($EVPND --bgp-port 0 -N bad --rundir "$TMP/run-bad" -f "$TMP/bad.conf" 2>&1) && fail "bad config started"
expect_contains "$out" "bad.conf:3: % Unknown command: neighbr 1.1.1.1 shutdown" "bad file refused with its line"

# The same instance name twice is refused; the first keeps running.
out=$($EVPND --bgp-port 0 -N t1 --rundir "$TMP/run-t1" -f "$TMP/printed.conf" 2>&1) && fail "second t1 started"
expect_contains "$out" "another evpnd runs" "a second instance of the same name is refused"
sh_ t1 -c 'show version' >/dev/null || fail "first instance harmed"

# -N NAME with the default runtime dir, and -d returns once the daemon serves.
name="citest$$"
$EVPND --bgp-port 0 --no-kernel -N "$name" -f "$TMP/printed.conf" -d 2>>"$TMP/d.log" || fail "evpnd -d failed"
pid=$(cat "/run/evpnd/$name/evpnd.pid")
PIDS+=("$pid")
expect_eq "$(stat -c %a "/run/evpnd/$name/evpnd.sock")" "660" "socket mode 0660"
expect_contains "$($EVPNSH -N "$name" -c 'show running-config')" "hostname leaf1" \
	"evpnd -N NAME -d; evpnsh -N NAME works right away"
kill "$pid"
wait_for 5 "! kill -0 $pid" || fail "SIGTERM did not stop evpnd"
[ -e "/run/evpnd/$name/evpnd.sock" ] && fail "socket left behind"
[ -e "/run/evpnd/$name" ] && { rmdir "/run/evpnd/$name"; fail "/run/evpnd/$name left behind"; }
ok "SIGTERM exits and removes the socket, the pid file and the runtime directory it made"
