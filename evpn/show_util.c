/* Pieces every EVPN show command prints the same way FRR does. */
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

#include "evpn/show.h"
#include "lib/rbuf.h"
#include "wire/attr.h"

const char *evpn_show_ipv4(uint32_t id, char *buf, size_t len)
{
	snprintf(buf, len, "%u.%u.%u.%u", id >> 24, (id >> 16) & 0xff, (id >> 8) & 0xff, id & 0xff);
	return buf;
}

const char *evpn_show_addr(const uint8_t *a, size_t len, char *buf, size_t buflen)
{
	if ((len != 4 && len != 16 && len != 32) ||
	    !inet_ntop(len == 4 ? AF_INET : AF_INET6, a, buf, (socklen_t)buflen))
		snprintf(buf, buflen, "%s", len ? "?" : "");
	return buf;
}

/* FRR: segments space-separated, an AS_SET in braces, confederation
 * segments in parentheses / square brackets. */
const char *evpn_show_aspath(const struct rib_attr *a, char *buf, size_t len)
{
	static const char open[] = " {(", close[] = " })";
	struct rbuf r;
	size_t at = 0;

	buf[0] = 0;
	rb_init(&r, rib_attr_aspath(a), a->aspath_len);
	while (rb_left(&r) >= 2 && at < len) {
		uint8_t type = rb_u8(&r), n = rb_u8(&r);
		unsigned k = type == BGP_AS_SET ? 1 : type >= BGP_AS_CONFED_SEQUENCE ? 2 : 0;
		at += (size_t)snprintf(buf + at, len - at, "%s%.*s", at ? " " : "", k ? 1 : 0,
				       &open[k]);
		for (unsigned i = 0; i < n && rb_ok(&r) && at < len; i++)
			at += (size_t)snprintf(buf + at, len - at, "%s%u", i ? " " : "", rb_u32(&r));
		if (k && at < len)
			at += (size_t)snprintf(buf + at, len - at, "%c", close[k]);
	}
	return buf;
}

void evpn_show_json_vnis(const struct evpn_vni *only, struct strbuf *out, evpn_show_vni_fn fn,
			 void (*head)(struct json *j), void *arg)
{
	struct json j;

	json_init(&j, out);
	json_obj(&j, NULL);
	if (only)
		fn(&j, (struct evpn_vni *)only, true, arg);
	else if (head)
		head(&j);
	for (struct evpn_vni *v = only ? NULL : evpn_vni_first(); v; v = v->next) {
		char key[16];
		snprintf(key, sizeof(key), "%u", v->vni);
		json_obj(&j, key);
		fn(&j, v, false, arg);
		json_end(&j);
	}
	json_end(&j);
	sb_printf(out, "\n");
}

void evpn_show_route_fields(struct json *j, const struct evpn_route *r)
{
	char buf[64];

	/* FRR 8.4 shows types 1 and 4 by their type alone. */
	json_uint(j, "routeType", r->type);
	if (r->type == EVPN_RT_EAD || r->type == EVPN_RT_ES || r->type > EVPN_RT_PREFIX)
		return;
	json_uint(j, "ethTag", r->eth_tag);
	if (r->type == EVPN_RT_MACIP) {
		json_uint(j, "macLen", 48);
		json_str(j, "mac", evpn_mac_str(r->mac, buf, sizeof(buf)));
	}
	if (r->type == EVPN_RT_PREFIX) {
		json_uint(j, "ipLen", r->prefix_len);
		json_str(j, "ip", evpn_show_addr(r->ip, r->ip_len, buf, sizeof(buf)));
	} else if (r->ip_len) {
		json_uint(j, "ipLen", r->ip_len * 8u);
		json_str(j, "ip", evpn_show_addr(r->ip, r->ip_len, buf, sizeof(buf)));
	}
}
