#!/bin/bash
# evpnd under valgrind: a session of commands, a reload, then SIGTERM must
# leave no leak and no memory error.
. "$(dirname "$0")/lib.sh"
command -v valgrind >/dev/null || fail "valgrind not installed"

cp "$ROOT/tests/unit/data/full.conf" "$TMP/v.conf"
sed -i '/^management tls/d' "$TMP/v.conf"
valgrind --leak-check=full --show-leak-kinds=definite,indirect --errors-for-leak-kinds=definite,indirect \
	--error-exitcode=99 --log-file="$TMP/vg.log" \
	"$EVPND" -N vg --rundir "$TMP/run-vg" -f "$TMP/v.conf" >"$TMP/vg.out" 2>&1 &
vpid=$!
PIDS+=($vpid)
wait_for 60 "sh_ vg -c 'show version'" || fail "evpnd under valgrind did not come up"
sh_ vg -c 'show running-config json' >/dev/null
sh_ vg -c 'show yang operational-data /' >/dev/null
sh_ vg -c 'configure terminal' -c 'router bgp 4200000001' -c 'address-family l2vpn evpn' \
	-c 'vni 300' -c 'route-target both 1:1' >/dev/null || fail "commit under valgrind"
sh_ vg -c 'configure terminal' -c 'hostname x' -c 'router bgp 4200000001' \
	-c 'neighbor 1.2.3.4 remote-as 99999999999' 2>/dev/null && fail "bad value accepted"
printf 'configure terminal\nhostname y\nabort\n' | sh_ vg >/dev/null
kill -HUP $vpid
sleep 1
kill -TERM $vpid
wait $vpid
rc=$?
[ "$rc" -eq 0 ] || { cat "$TMP/vg.log"; fail "evpnd under valgrind exited $rc"; }
grep -q "ERROR SUMMARY: 0 errors" "$TMP/vg.log" || { cat "$TMP/vg.log"; fail "valgrind errors"; }
ok "no leak and no memory error after commands, reload and SIGTERM"
