/* "show bgp neighbors [PEER] [json]" with FRR's keys for what evpnd has. */
#include <stdio.h>
#include <string.h>

#include "bgpd/show.h"

static void nb_stats_json(const struct bgp_peer *p, struct json *j)
{
	const struct bgp_counters *tx = &p->tx, *rx = &p->rx;
	size_t outq = p->conn ? p->conn->out_bytes : 0;

	json_obj(j, "messageStats");
	json_int(j, "depthInq", 0);
	json_uint(j, "depthOutq", outq);
	json_uint(j, "opensSent", tx->open);
	json_uint(j, "opensRecv", rx->open);
	json_uint(j, "notificationsSent", tx->notify);
	json_uint(j, "notificationsRecv", rx->notify);
	json_uint(j, "updatesSent", tx->update);
	json_uint(j, "updatesRecv", rx->update);
	json_uint(j, "keepalivesSent", tx->keepalive);
	json_uint(j, "keepalivesRecv", rx->keepalive);
	json_uint(j, "routeRefreshSent", tx->refresh);
	json_uint(j, "routeRefreshRecv", rx->refresh);
	json_uint(j, "capabilitySent", tx->capability);
	json_uint(j, "capabilityRecv", rx->capability);
	json_uint(j, "totalSent", bgp_counters_total(tx));
	json_uint(j, "totalRecv", bgp_counters_total(rx));
	json_end(j);
}

static void nb_gr_json(const struct bgp_peer *p, struct json *j)
{
	json_obj(j, "gracefulRestartInfo");
	json_obj(j, "endOfRibSend");
	for (int af = 0; af < BGP_AF_MAX; af++)
		if (p->afs & (1u << af))
			json_bool(j, bgp_af_json(af), p->eor_sent_af[af]);
	json_end(j);
	json_obj(j, "endOfRibRecv");
	for (int af = 0; af < BGP_AF_MAX; af++)
		if (p->afs & (1u << af))
			json_bool(j, bgp_af_json(af), p->eor_rcvd_af[af]);
	json_end(j);
	json_str(j, "localGrMode", p->bgp->gr_enabled ? "Restart*" : "Helper*");
	json_str(j, "remoteGrMode", !p->remote_caps.gr ? "NotApplicable"
				    : p->remote_caps.gr_af ? "Restart" : "Helper");
	json_bool(j, "rBit", p->remote_caps.gr_restarting);
	json_bool(j, "nBit", p->remote_caps.gr_notification);
	json_obj(j, "timers");
	json_uint(j, "configuredRestartTimer", p->bgp->gr_restart_time);
	json_uint(j, "receivedRestartTimer", p->remote_caps.gr_time);
	json_end(j);
	json_end(j);
}

static void nb_af_json(const struct bgp_peer *p, struct json *j)
{
	json_obj(j, "addressFamilyInfo");
	for (int af = 0; af < BGP_AF_MAX; af++) {
		if (!(p->cfg.afs & (1u << af)))
			continue;
		json_obj(j, bgp_af_json(af));
		if (p->cfg.rr_client & (1u << af))
			json_bool(j, "routeReflectorClient", true);
		if (p->cfg.max_prefix[af])
			json_uint(j, "prefixAllowedMax", p->cfg.max_prefix[af]);
		json_uint(j, "acceptedPrefixCounter", p->rib.count[af]);
		json_uint(j, "staleRouteCounter", p->rib.stale[af]);
		json_uint(j, "sentPrefixCounter", rib_out_count(&p->out, af));
		json_end(j);
	}
	json_end(j);
}

static void nb_reset_json(const struct bgp_peer *p, struct json *j)
{
	if (p->last_reset[0]) {
		json_int(j, "lastResetTimerMsecs", (int64_t)(time(NULL) - p->last_reset_time) * 1000);
		json_str(j, "lastResetDueTo", p->last_reset);
	}
	if (p->has_notify_sent || p->has_notify_rcvd) {
		const struct bgp_notify *n = p->last_notify_rcvd_latest ? &p->last_notify_rcvd
									: &p->last_notify_sent;
		const char *sub = bgp_suberr_str(n->code, n->subcode);
		json_strf(j, "lastNotificationReason", "%s%s%s", bgp_err_str(n->code),
			  *sub ? "/" : "", sub);
		json_strf(j, "lastErrorCodeSubcode", "%02X%02X", n->code, n->subcode);
	}
}

static void nb_timers_json(const struct bgp_peer *p, struct json *j)
{
	const struct bgp_conn *c = p->conn;
	bool est = p->state == BGP_ESTABLISHED;

	json_uint(j, "bgpTimerConfiguredHoldTimeMsecs", p->cfg.hold * 1000u);
	json_uint(j, "bgpTimerConfiguredKeepAliveIntervalMsecs", p->cfg.keepalive * 1000u);
	if (est) {
		json_uint(j, "bgpTimerHoldTimeMsecs", c->hold * 1000u);
		json_uint(j, "bgpTimerKeepAliveIntervalMsecs", c->keepalive * 1000u);
		json_int(j, "bgpTimerLastRead", (int64_t)(time(NULL) - p->last_read) * 1000);
		json_int(j, "bgpTimerLastWrite", (int64_t)(time(NULL) - p->last_write) * 1000);
	}
	json_uint(j, "connectRetryTimer", p->cfg.connect_retry);
}

static void nb_json_one(const struct bgp_peer *p, struct json *j)
{
	char id[16], up[32];
	bool est = p->state == BGP_ESTABLISHED;

	json_obj(j, p->name);
	json_uint(j, "remoteAs", bgp_show_remote_as(p));
	json_uint(j, "localAs", p->bgp->asn);
	json_bool(j, "nbrInternalLink", !bgp_peer_ebgp(p));
	json_bool(j, "nbrExternalLink", bgp_peer_ebgp(p));
	json_str(j, "localRole", "undefined");
	json_str(j, "remoteRole", "undefined");
	if (p->cfg.description[0])
		json_str(j, "nbrDesc", p->cfg.description);
	if (est && p->remote_caps.fqdn) {
		json_str(j, "hostname", p->remote_caps.hostname);
		if (p->remote_caps.domain[0])
			json_str(j, "domainname", p->remote_caps.domain);
	}
	json_int(j, "bgpVersion", 4);
	json_str(j, "remoteRouterId", bgp_show_id(est ? p->remote_id : 0, id, sizeof(id)));
	json_str(j, "localRouterId", bgp_show_id(p->bgp->router_id, id, sizeof(id)));
	json_str(j, "bgpState", bgp_state_name(p->state));
	if (p->cfg.shutdown)
		json_str(j, "adminShutDown", "true");
	if (est) {
		json_int(j, "bgpTimerUpMsec", (int64_t)(time(NULL) - p->uptime) * 1000);
		json_str(j, "bgpTimerUpString", bgp_show_uptime(p->uptime, false, up, sizeof(up)));
		json_int(j, "bgpTimerUpEstablishedEpoch", (int64_t)p->uptime);
	}
	nb_timers_json(p, j);
	if (est) {
		bgp_show_caps_json(p, j);
		nb_gr_json(p, j);
	}
	nb_stats_json(p, j);
	json_int(j, "minBtwnAdvertisementRunsTimerMsecs", 0);
	nb_af_json(p, j);
	json_uint(j, "connectionsEstablished", p->established);
	json_uint(j, "connectionsDropped", p->dropped);
	nb_reset_json(p, j);
	if (p->cfg.password[0])
		json_int(j, "authenticationEnabled", 1);	/* FRR's is a number */
	if (p->cfg.ttl_hops)
		json_uint(j, "minTtl", 256u - p->cfg.ttl_hops);
	else
		json_uint(j, bgp_peer_ebgp(p) ? "externalBgpNbrMaxHopsAway" : "internalBgpNbrMaxHopsAway",
			  bgp_peer_ebgp(p) ? 1 : 255);
	bgp_show_transport_json(p, j);
	json_end(j);
}

static void nb_text_one(const struct bgp_peer *p, struct strbuf *out)
{
	char id[16], id2[16], up[32];
	bool est = p->state == BGP_ESTABLISHED;

	sb_printf(out, "BGP neighbor is %s, remote AS %u, local AS %u, %s link\n", p->name,
		  bgp_show_remote_as(p), p->bgp->asn, bgp_peer_ebgp(p) ? "external" : "internal");
	if (p->cfg.description[0])
		sb_printf(out, " Description: %s\n", p->cfg.description);
	if (est && p->remote_caps.fqdn)
		sb_printf(out, "Hostname: %s\n", p->remote_caps.hostname);
	sb_printf(out, "  BGP version 4, remote router ID %s, local router ID %s\n",
		  bgp_show_id(est ? p->remote_id : 0, id, sizeof(id)),
		  bgp_show_id(p->bgp->router_id, id2, sizeof(id2)));
	sb_printf(out, "  BGP state = %s", bgp_state_name(p->state));
	if (est)
		sb_printf(out, ", up for %s", bgp_show_uptime(p->uptime, false, up, sizeof(up)));
	sb_printf(out, "\n");
	if (est) {
		sb_printf(out, "  Hold time is %u, keepalive interval is %u seconds\n", p->conn->hold,
			  p->conn->keepalive);
		bgp_show_caps_text(p, out);
	}
	sb_printf(out, "  Configured hold time is %u, keepalive interval is %u seconds\n",
		  p->cfg.hold, p->cfg.keepalive);
	sb_printf(out, "  Message statistics:\n                       Sent       Rcvd\n");
	sb_printf(out, "    Opens:         %10llu %10llu\n", (unsigned long long)p->tx.open, (unsigned long long)p->rx.open);
	sb_printf(out, "    Notifications: %10llu %10llu\n", (unsigned long long)p->tx.notify, (unsigned long long)p->rx.notify);
	sb_printf(out, "    Updates:       %10llu %10llu\n", (unsigned long long)p->tx.update, (unsigned long long)p->rx.update);
	sb_printf(out, "    Keepalives:    %10llu %10llu\n", (unsigned long long)p->tx.keepalive, (unsigned long long)p->rx.keepalive);
	sb_printf(out, "    Route Refresh: %10llu %10llu\n", (unsigned long long)p->tx.refresh, (unsigned long long)p->rx.refresh);
	sb_printf(out, "    Total:         %10llu %10llu\n", (unsigned long long)bgp_counters_total(&p->tx), (unsigned long long)bgp_counters_total(&p->rx));
	for (int af = 0; af < BGP_AF_MAX; af++)
		if (p->cfg.afs & (1u << af))
			sb_printf(out, "\n For address family: %s\n  %zu accepted prefixes\n",
				  bgp_af_display(af), p->rib.count[af]);
	sb_printf(out, "\n  Connections established %u; dropped %u\n", p->established, p->dropped);
	if (p->last_reset[0])
		sb_printf(out, "  Last reset, due to %s\n", p->last_reset);
	sb_printf(out, "\n");
}

void bgp_show_neighbors(struct bgp *bgp, const char *peer, bool json, struct strbuf *out)
{
	struct json j;
	bool found = false;

	if (json) {
		json_init(&j, out);
		json_obj(&j, NULL);
	}
	for (struct bgp_peer *p = bgp && bgp->configured ? bgp->peers : NULL; p; p = p->next) {
		if (peer && strcmp(peer, p->name))
			continue;
		found = true;
		if (json)
			nb_json_one(p, &j);
		else
			nb_text_one(p, out);
	}
	if (json) {
		if (peer && !found)
			json_str(&j, "bgpNoSuchNeighbor", peer);
		json_end(&j);
	} else if (peer && !found) {
		sb_printf(out, "%% No such neighbor in this view/vrf\n");
	}
}
