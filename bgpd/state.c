/* YANG operational state of each configured neighbor. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bgpd/bgp.h"
#include "lib/strbuf.h"
#include "yang/datastore.h"

/* Capability names as FRR's "show bgp neighbors" headings say them. */
static void state_caps(const struct ly_ctx *ctx, struct lyd_node **tree, const char *base,
		       const struct bgp_peer *p)
{
	const struct bgp_caps *rc = &p->remote_caps;
	char path[256];
	const char *names[16];
	int n = 0;

	for (int af = 0; af < BGP_AF_MAX; af++)
		if (p->afs & (1u << af))
			names[n++] = bgp_af_name(af);
	if (rc->as4)
		names[n++] = "4-octet-as";
	if (rc->route_refresh)
		names[n++] = "route-refresh";
	if (rc->enhanced_rr)
		names[n++] = "enhanced-route-refresh";
	if (rc->ext_msg)
		names[n++] = "extended-message";
	if (rc->gr)
		names[n++] = "graceful-restart";
	if (rc->fqdn)
		names[n++] = "hostname";
	snprintf(path, sizeof(path), "%s/negotiated-capabilities", base);
	for (int i = 0; i < n; i++)
		ds_set(ctx, tree, path, "%s", names[i]);
}

static int state_peer(const struct ly_ctx *ctx, struct lyd_node **tree, const char *base,
		      const struct bgp_peer *p)
{
	char path[256];
	int rc = 0;
	long up = p->state == BGP_ESTABLISHED ? (long)(time(NULL) - p->uptime) : 0;

#define SET(leaf, ...)                                              \
	snprintf(path, sizeof(path), "%s/%s", base, leaf);         \
	rc |= ds_set(ctx, tree, path, __VA_ARGS__)
	SET("session-state", "%s", bgp_state_yang(p->state));
	SET("uptime", "%ld", up);
	SET("established-transitions", "%u", p->established);
	SET("dropped", "%u", p->dropped);
	SET("messages/received", "%llu", (unsigned long long)bgp_counters_total(&p->rx));
	SET("messages/sent", "%llu", (unsigned long long)bgp_counters_total(&p->tx));
	SET("messages/updates-received", "%llu", (unsigned long long)p->rx.update);
	SET("messages/updates-sent", "%llu", (unsigned long long)p->tx.update);
	SET("messages/notifications-received", "%llu", (unsigned long long)p->rx.notify);
	SET("messages/notifications-sent", "%llu", (unsigned long long)p->tx.notify);
	SET("prefixes-received", "%llu", (unsigned long long)bgp_peer_pfx_rcvd(p, -1));
	SET("prefixes-sent", "%zu", rib_out_count(&p->out, BGP_AF_L2VPN_EVPN) +
				     rib_out_count(&p->out, BGP_AF_IPV4_UNICAST) +
				     rib_out_count(&p->out, BGP_AF_IPV6_UNICAST));
	if (p->last_reset[0]) {
		SET("last-error", "%s", p->last_reset);
	}
#undef SET
	if (p->state == BGP_ESTABLISHED)
		state_caps(ctx, tree, base, p);
	return rc;
}

int bgp_state_cb(void *arg, struct ly_ctx *ctx, struct lyd_node **tree)
{
	struct bgp *bgp = bgp_instance();
	struct ly_set *set = NULL;
	int rc = 0;

	(void)arg;
	if (!*tree || lyd_find_xpath(*tree, "/evpnd-bgp:bgp/neighbors/neighbor", &set) != LY_SUCCESS)
		return 0;
	for (uint32_t i = 0; i < set->count && rc == 0; i++) {
		struct lyd_node *addr = NULL;
		lyd_find_path(set->dnodes[i], "address", 0, &addr);
		const struct bgp_peer *p = addr ? bgp_peer_find_name(bgp, lyd_get_value(addr)) : NULL;
		if (!p)
			continue;
		char *path = lyd_path(set->dnodes[i], LYD_PATH_STD, NULL, 0);
		struct strbuf base = STRBUF_INIT;
		sb_printf(&base, "%s/state", path);
		rc = state_peer(ctx, tree, base.buf, p);
		sb_free(&base);
		free(path);
	}
	ly_set_free(set, NULL);
	return rc;
}
