#!/bin/bash
# evpnsh interactive: ? help, TAB completion, modes in the prompt, history,
# driven through tmux as a person would type.
. "$(dirname "$0")/lib.sh"
command -v tmux >/dev/null || fail "tmux not installed"

cp "$ROOT/doc/examples/leaf1.conf" "$TMP/s.conf"
start_evpnd s "$TMP/s.conf"
T="evpnd-test-$$"
tmux -L "$T" new-session -d -s sh -x 150 -y 50 "$EVPNSH --socket $TMP/run-s/evpnd.sock"
trap 'tmux -L "$T" kill-server 2>/dev/null; cleanup' EXIT
screen() { tmux -L "$T" capture-pane -t sh -p -S -200; }
last_line() { screen | grep -v '^$' | tail -1; }
# expect_screen TEXT MESSAGE: waits up to 5 s for TEXT on the screen, so a
# slow (sanitizer) build does not make the test flaky.
expect_screen() {
	local i
	for i in $(seq 50); do
		case "$(screen)" in *"$1"*) ok "$2"; return ;; esac
		sleep 0.1
	done
	fail "$2: screen lacks [$1]: $(screen)"
}
keys() { tmux -L "$T" send-keys -t sh "$@"; sleep 0.3; }
wait_for 5 "screen | grep -q 'leaf1#'" || fail "no prompt: $(screen)"
ok "prompt shows the host name"

keys 'conf' Tab
keys 'ter' Tab
expect_screen "leaf1# configure terminal" "TAB completes keywords"
keys Enter
keys 'router bgp 65000' Enter
expect_screen "leaf1(config-router)#" "prompt follows the mode"
keys 'neighbor 10.255.0.1 ' '?'
expect_screen "remote-as                Specify a BGP neighbor's AS" "? lists the next words with help"
keys C-u 'address-family l2vpn evpn' Enter
keys 'adv' Tab
expect_screen "advertise-all-vni  advertise-default-gw" "TAB lists the choices when several fit"
keys C-u 'vni 5' Enter
keys 'route-target both 1:5' Enter
keys 'neighbor 10.0.0.1 remote-as 99999999999' Enter
expect_screen '% Invalid value "99999999999"' "a bad value is refused as typed"
keys -l 'end'
keys Enter
wait_for 5 "last_line | grep -q '^leaf1#$'" || fail "end did not leave config mode: $(screen)"
ok "end commits and returns to exec mode"
expect_contains "$(sh_ s -c 'show running-config')" "   route-target import 1:5" "the session's change is committed"
keys Up Up
expect_contains "$(last_line)" "leaf1# neighbor 10.0.0.1 remote-as 99999999999" "history recalls earlier lines"
keys C-u
keys -l 'exit'
keys Enter
wait_for 5 "! tmux -L $T has-session -t sh 2>/dev/null" || fail "exit did not end the shell"
ok "exit in exec mode ends the shell"

# An idle connection is closed (management idle-timeout); at the prompt
# evpnsh connects again and runs the command, or says a configure session
# was lost with it. Budgets: 64 idle local connections of one user once
# locked everyone out; root always gets in (tests/unit/test_mgmt_tls.c).
sh_ s -c 'configure terminal' -c 'management idle-timeout 1' >/dev/null || fail "idle-timeout refused"
expect_contains "$(sh_ s -c 'show running-config')" "management idle-timeout 1" "idle-timeout is configuration"
tmux -L "$T" new-session -d -s sh -x 150 -y 50 "$EVPNSH --socket $TMP/run-s/evpnd.sock"
wait_for 5 "screen | grep -q 'leaf1#'" || fail "no prompt: $(screen)"
sleep 2
keys -l 'show version'
keys Enter
expect_screen "connected again" "after the idle timeout evpnsh connects again"
expect_screen "configuration file" "... and runs the command typed"
keys -l 'configure terminal'
keys Enter
sleep 2
keys -l 'hostname lost'
keys Enter
expect_screen "the line was not run" "a configure session lost to the timeout is said so"
wait_for 5 "last_line | grep -q '^leaf1#$'" || fail "not back in exec mode: $(screen)"
ok "... and the prompt is exec mode again"
expect_contains "$(sh_ s -c 'show running-config')" "hostname leaf1" "the lost line changed nothing"
keys -l 'exit'
keys Enter
grep -q "sent nothing for 1 s, closing" "$TMP/s.log" || fail "the daemon's log does not say why: $(tail -5 "$TMP/s.log")"
ok "the daemon logs the idle close"
