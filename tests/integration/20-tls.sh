#!/bin/bash
# Remote management: off by default; when configured, TLS 1.3 with mutual
# certificate authentication, and nothing for a client without a good one.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/certs.sh"

make_certs "$TMP/pki" || fail "cannot make certificates"
port=$((20000 + RANDOM % 20000))
cat > "$TMP/r1.conf" <<EOC
hostname r1
management tls listen 127.0.0.1 port $port certificate $TMP/pki/server.pem key $TMP/pki/server.key ca-certificate $TMP/pki/ca.pem
EOC
start_evpnd r1 "$TMP/r1.conf"
wait_for 5 "ss -ltn | grep -q 127.0.0.1:$port" || fail "TLS listener not up"
ok "listener configured in the config file is up"

tls() { $EVPNSH --tls "127.0.0.1:$port" --ca "$TMP/pki/ca.pem" "$@"; }
out=$(tls --cert "$TMP/pki/client.pem" --key "$TMP/pki/client.key" -c 'show running-config' 2>&1) ||
	fail "trusted client refused: $out"
expect_contains "$out" "hostname r1" "a client with a certificate from the CA is served"

out=$(tls -c 'show running-config' 2>&1) && fail "client without certificate served: $out"
case "$out" in *"hostname r1"*) fail "config leaked to a client without certificate" ;; esac
ok "a client without a certificate gets nothing"

out=$(tls --cert "$TMP/pki/rogue.pem" --key "$TMP/pki/rogue.key" -c 'show running-config' 2>&1) &&
	fail "untrusted client served: $out"
case "$out" in *"hostname r1"*) fail "config leaked to an untrusted client" ;; esac
ok "a client with a certificate from another CA gets nothing"

# TLS 1.2 is refused too, even with a good certificate
out=$(echo | timeout 5 openssl s_client -connect "127.0.0.1:$port" -tls1_2 \
	-cert "$TMP/pki/client.pem" -key "$TMP/pki/client.key" -CAfile "$TMP/pki/ca.pem" 2>&1)
expect_contains "$out" "Cipher is (NONE)" "TLS 1.2 is refused"
out=$(echo | timeout 5 openssl s_client -connect "127.0.0.1:$port" -tls1_3 \
	-cert "$TMP/pki/client.pem" -key "$TMP/pki/client.key" -CAfile "$TMP/pki/ca.pem" 2>&1)
expect_contains "$out" "TLSv1.3" "TLS 1.3 with a good certificate is accepted (openssl s_client)"

# Off again when removed from the config; the UNIX socket still serves.
sh_ r1 -c 'configure terminal' -c 'no management tls' || fail "cannot remove listener"
wait_for 5 "! ss -ltn | grep -q 127.0.0.1:$port" || fail "listener still up after removal"
ok "removing the listener closes it"

# A listener whose certificate file is missing is refused at commit.
out=$(sh_ r1 -c 'configure terminal' -c "management tls listen 127.0.0.1 port $port certificate /nonexistent key $TMP/pki/server.key ca-certificate $TMP/pki/ca.pem" 2>&1) &&
	fail "missing certificate accepted"
expect_contains "$out" "/nonexistent" "a missing certificate file is refused with its name"
