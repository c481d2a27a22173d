/* "show bgp <family> summary [json]", laid out as FRR 8.4 does it, with
 * its JSON keys (peers.{addr}.state, pfxRcd, pfxSnt, peerUptime ...). */
#include <stdio.h>
#include <string.h>

#include "bgpd/show.h"

static void sum_peer_json(const struct bgp_peer *p, int af, struct json *j)
{
	char up[32];
	bool est = p->state == BGP_ESTABLISHED;
	long ms = est ? (long)(time(NULL) - p->uptime) * 1000 : 0;

	json_obj(j, p->name);
	if (p->remote_caps.fqdn && p->remote_caps.hostname[0])
		json_str(j, "hostname", p->remote_caps.hostname);
	json_uint(j, "remoteAs", bgp_show_remote_as(p));
	json_uint(j, "localAs", p->bgp->asn);
	json_int(j, "version", 4);
	json_uint(j, "msgRcvd", bgp_counters_total(&p->rx));
	json_uint(j, "msgSent", bgp_counters_total(&p->tx));
	json_int(j, "tableVersion", 0);
	json_int(j, "outq", 0);
	json_int(j, "inq", 0);
	json_str(j, "peerUptime", bgp_show_uptime(p->uptime, !p->established, up, sizeof(up)));
	json_int(j, "peerUptimeMsec", ms);
	if (est)
		json_int(j, "peerUptimeEstablishedEpoch", (int64_t)p->uptime);
	json_uint(j, "pfxRcd", p->rib.count[af]);
	json_uint(j, "pfxSnt", rib_out_count(&p->out, af));
	json_str(j, "state", bgp_state_name(p->state));
	json_str(j, "peerState", p->cfg.shutdown ? "Admin" : est ? "OK" : "Idle");
	json_uint(j, "connectionsEstablished", p->established);
	json_uint(j, "connectionsDropped", p->dropped);
	if (p->cfg.description[0])
		json_str(j, "desc", p->cfg.description);
	json_str(j, "idType", p->addr.ss_family == AF_INET ? "ipv4" : "ipv6");
	json_end(j);
}

static unsigned sum_count(const struct bgp *bgp, int af)
{
	unsigned n = 0;

	for (const struct bgp_peer *p = bgp->peers; p; p = p->next)
		n += !!(p->cfg.afs & (1u << af));
	return n;
}

/* FRR counts its destination structures only; ours is the family's
 * destinations, paths and hash array, and the interned attributes (shared
 * by the families, mostly EVPN's on a leaf), all as heap bytes. */
static size_t sum_rib_memory(int af)
{
	return rib_af_bytes(af) + rib_attr_bytes();
}

static void sum_json(struct bgp *bgp, int af, struct strbuf *out)
{
	struct json j;
	char id[16];
	unsigned n = 0, failed = 0;

	json_init(&j, out);
	json_obj(&j, NULL);
	json_str(&j, "routerId", bgp_show_id(bgp->router_id, id, sizeof(id)));
	json_uint(&j, "as", bgp->asn);
	json_int(&j, "vrfId", 0);
	json_str(&j, "vrfName", "default");
	json_int(&j, "tableVersion", 0);
	json_uint(&j, "ribCount", rib_dest_count(af));
	json_uint(&j, "ribMemory", sum_rib_memory(af));
	json_uint(&j, "peerCount", sum_count(bgp, af));
	json_uint(&j, "peerMemory", sum_count(bgp, af) * sizeof(struct bgp_peer));
	json_obj(&j, "peers");
	for (struct bgp_peer *p = bgp->peers; p; p = p->next) {
		if (!(p->cfg.afs & (1u << af)))
			continue;
		sum_peer_json(p, af, &j);
		n++;
		failed += p->state != BGP_ESTABLISHED;
	}
	json_end(&j);
	json_uint(&j, "failedPeers", failed);
	json_uint(&j, "displayedPeers", n);
	json_uint(&j, "totalPeers", n);
	json_int(&j, "dynamicPeers", 0);
	json_obj(&j, "bestPath");
	json_str(&j, "multiPathRelax", "false");
	json_end(&j);
	json_end(&j);
}

static void sum_peer_text(const struct bgp_peer *p, int af, struct strbuf *out)
{
	char up[32], col[24];

	if (p->state == BGP_ESTABLISHED)
		snprintf(col, sizeof(col), "%zu", p->rib.count[af]);
	else
		snprintf(col, sizeof(col), "%s", bgp_show_state_word(p));
	sb_printf(out, "%-16s", p->name);
	if (strlen(p->name) > 15)
		sb_printf(out, "\n%16s", "");
	sb_printf(out, "4 %10u %9llu %9llu %8d %4d %4d %8s %12s %8d %s\n",
		  bgp_show_remote_as(p), (unsigned long long)bgp_counters_total(&p->rx),
		  (unsigned long long)bgp_counters_total(&p->tx), 0, 0, 0,
		  bgp_show_uptime(p->uptime, !p->established, up, sizeof(up)), col,
		  (int)rib_out_count(&p->out, af),
		  p->cfg.description[0] ? p->cfg.description : "N/A");
}

static void sum_text(struct bgp *bgp, int af, struct strbuf *out)
{
	char id[16];
	unsigned n = sum_count(bgp, af);

	if (!n) {
		sb_printf(out, "%% No BGP neighbors found in VRF default\n");
		return;
	}
	sb_printf(out, "BGP router identifier %s, local AS number %u vrf-id 0\n",
		  bgp_show_id(bgp->router_id, id, sizeof(id)), bgp->asn);
	sb_printf(out, "BGP table version 0\nRIB entries %zu, using %zu bytes of memory\n",
		  rib_dest_count(af), sum_rib_memory(af));
	sb_printf(out, "Peers %u, using %zu KiB of memory\n\n", n,
		  (n * sizeof(struct bgp_peer) + 1023) / 1024);
	sb_printf(out, "Neighbor        V         AS   MsgRcvd   MsgSent   TblVer  InQ OutQ  "
		       "Up/Down State/PfxRcd   PfxSnt Desc\n");
	for (struct bgp_peer *p = bgp->peers; p; p = p->next)
		if (p->cfg.afs & (1u << af))
			sum_peer_text(p, af, out);
	sb_printf(out, "\nTotal number of neighbors %u\n", n);
}

void bgp_show_summary(struct bgp *bgp, int af, bool json, struct strbuf *out)
{
	if (!bgp || !bgp->configured) {
		sb_puts(out, json ? "{}\n" : "% BGP instance not found\n");
		return;
	}
	if (json)
		sum_json(bgp, af, out);
	else
		sum_text(bgp, af, out);
}
