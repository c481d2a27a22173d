/* The capabilities part of "show bgp neighbors", FRR's words and keys:
 * each one "advertised", "received" or "advertisedAndReceived". */
#include <stdio.h>

#include "bgpd/show.h"

static const char *caps_word(bool adv, bool rcv)
{
	return adv && rcv ? "advertisedAndReceived" : adv ? "advertised" : rcv ? "received" : NULL;
}

static const struct bgp_caps *caps_rcvd(const struct bgp_peer *p)
{
	static const struct bgp_caps none;

	return p->state == BGP_ESTABLISHED ? &p->remote_caps : &none;
}

static void caps_json_mp(const struct bgp_peer *p, const struct bgp_caps *rc, struct json *j)
{
	json_obj(j, "multiprotocolExtensions");
	for (int af = 0; af < BGP_AF_MAX; af++) {
		bool adv = p->cfg.afs & (1u << af), rcv = rc->mp & (1u << af);
		const char *w = caps_word(adv, rcv);
		if (!w)
			continue;
		json_obj(j, bgp_af_json(af));
		json_bool(j, w, true);
		json_end(j);
	}
	json_end(j);
}

static void caps_json_gr(const struct bgp_caps *rc, struct json *j)
{
	const char *w = caps_word(true, rc->gr);

	json_str(j, "gracefulRestart", w);
	if (!rc->gr)
		return;
	json_obj(j, "gracefulRestartCapability");
	json_uint(j, "restartTime", rc->gr_time);
	json_bool(j, "restartBit", rc->gr_restarting);
	json_obj(j, "addressFamilies");
	for (int af = 0; af < BGP_AF_MAX; af++)
		if (rc->gr_af & (1u << af))
			json_bool(j, bgp_af_json(af), (rc->gr_af_fwd >> af) & 1);
	json_end(j);
	json_end(j);
}

void bgp_show_caps_json(const struct bgp_peer *p, struct json *j)
{
	const struct bgp_caps *rc = caps_rcvd(p);

	json_obj(j, "neighborCapabilities");
	json_str(j, "4byteAs", caps_word(true, rc->as4));
	json_str(j, "extendedMessage", caps_word(true, rc->ext_msg));
	json_str(j, "routeRefresh", rc->route_refresh ? "advertisedAndReceivedNew" : "advertised");
	json_str(j, "enhancedRouteRefresh", caps_word(true, rc->enhanced_rr));
	caps_json_mp(p, rc, j);
	json_obj(j, "hostName");
	json_str(j, "advHostName", p->bgp->hostname);
	json_str(j, "advDomainName", "n/a");
	if (rc->fqdn) {
		json_str(j, "rcvHostName", rc->hostname[0] ? rc->hostname : "n/a");
		json_str(j, "rcvDomainName", rc->domain[0] ? rc->domain : "n/a");
	}
	json_end(j);
	caps_json_gr(rc, j);
	json_end(j);
}

static void caps_text_line(struct strbuf *out, const char *name, bool adv, bool rcv)
{
	const char *w = adv && rcv ? "advertised and received" : adv ? "advertised" : "received";

	if (adv || rcv)
		sb_printf(out, "    %s: %s\n", name, w);
}

void bgp_show_caps_text(const struct bgp_peer *p, struct strbuf *out)
{
	const struct bgp_caps *rc = caps_rcvd(p);

	sb_printf(out, "  Neighbor capabilities:\n");
	caps_text_line(out, "4 Byte AS", true, rc->as4);
	caps_text_line(out, "Extended Message", true, rc->ext_msg);
	caps_text_line(out, "Route refresh", true, rc->route_refresh);
	caps_text_line(out, "Enhanced Route Refresh", true, rc->enhanced_rr);
	for (int af = 0; af < BGP_AF_MAX; af++) {
		char name[64];
		snprintf(name, sizeof(name), "Address Family %s", bgp_af_display(af));
		caps_text_line(out, name, p->cfg.afs & (1u << af), rc->mp & (1u << af));
	}
	sb_printf(out, "    Hostname Capability: advertised (name: %s,domain name: n/a)", p->bgp->hostname);
	if (rc->fqdn)
		sb_printf(out, " received (name: %s,domain name: %s)", rc->hostname,
			  rc->domain[0] ? rc->domain : "n/a");
	sb_printf(out, "\n");
	caps_text_line(out, "Graceful Restart Capability", true, rc->gr);
	if (rc->gr)
		sb_printf(out, "      Remote Restart timer is %u seconds\n", rc->gr_time);
}
