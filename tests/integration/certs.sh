# make_certs DIR: a CA with a server and a client certificate, and an
# unrelated CA with its own client certificate (untrusted by the server).
make_certs() {
	local d=$1 ca
	mkdir -p "$d"
	for ca in ca other; do
		openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 \
			-subj "/CN=evpnd test $ca" -keyout "$d/$ca.key" -out "$d/$ca.pem" 2>/dev/null || return 1
	done
	_leaf "$d" server ca && _leaf "$d" client ca && _leaf "$d" rogue other
}

_leaf() {
	local d=$1 name=$2 ca=$3
	openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -subj "/CN=$name" \
		-keyout "$d/$name.key" -out "$d/$name.csr" 2>/dev/null &&
		openssl x509 -req -in "$d/$name.csr" -CA "$d/$ca.pem" -CAkey "$d/$ca.key" \
			-CAcreateserial -days 2 -out "$d/$name.pem" 2>/dev/null
}
