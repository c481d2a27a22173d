/* The EVPN show commands: rows in the command table, and the per-VNI
 * views (`show bgp l2vpn evpn vni`, `show evpn vni`, `show evpn mac`,
 * `show evpn arp-cache`) with FRR 8.4's keys. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "evpn/ecomm.h"
#include "evpn/show.h"
#include "wire/attr.h"

/* FRR's two spellings of a setting: bgpd's and zebra's. */
static const char *show_enabled(bool on)
{
	return on ? "Enabled" : "Disabled";
}

static const char *show_yes(bool on)
{
	return on ? "Yes" : "No";
}

static void show_rts(struct json *j, const char *key, const uint8_t (*rt)[EVPN_ECOMM_LEN], unsigned n)
{
	char buf[32];

	json_arr(j, key);
	for (unsigned i = 0; i < n; i++)
		json_str(j, NULL, evpn_rt_str(rt[i], buf, sizeof(buf)));
	json_end(j);
}

/* FRR spells the RT keys importRTs/exportRTs in the list and
 * importRts/exportRts for one VNI. */
static void show_bgp_vni_json(struct json *j, struct evpn_vni *v, bool one, void *arg)
{
	char buf[64];

	(void)arg;
	json_uint(j, "vni", v->vni);
	json_str(j, "type", "L2");
	json_str(j, "inKernel", v->vxlan_if[0] ? "True" : "False");
	json_str(j, "rd", evpn_rd_format(&v->rd, buf, sizeof(buf)));
	json_str(j, "originatorIp", evpn_show_addr(v->vtep, v->vtep_len, buf, sizeof(buf)));
	json_str(j, "mcastGroup", "0.0.0.0");
	/* FRR's per-VNI flag: the VNI's own setting only */
	json_str(j, "advertiseGatewayMacip", show_enabled(v->adv_gw_set && v->adv_gw));
	json_str(j, "advertiseSviMacIp", show_enabled(false));
	if (one && v->bridge[0])
		json_str(j, "sviInterface", v->bridge);
	show_rts(j, one ? "importRts" : "importRTs", (const uint8_t(*)[EVPN_ECOMM_LEN])v->import_rt, v->n_import);
	show_rts(j, one ? "exportRts" : "exportRTs", (const uint8_t(*)[EVPN_ECOMM_LEN])v->export_rt, v->n_export);
}

static void show_bgp_vni_text(const struct evpn_vni *v, struct strbuf *out)
{
	char buf[64];

	sb_printf(out, "VNI: %u%s\n", v->vni,
		  v->kernel_bound && v->kernel_up ? " (known to the kernel)" : "");
	sb_printf(out, "  Type: L2\n  Tenant-Vrf: default\n");
	sb_printf(out, "  RD: %s\n", evpn_rd_format(&v->rd, buf, sizeof(buf)));
	sb_printf(out, "  Originator IP: %s\n",
		  evpn_show_addr(v->vtep, v->vtep_len, buf, sizeof(buf)));
	sb_printf(out, "  Mcast group: 0.0.0.0\n  Advertise-gw-macip : %s\n",
		  show_enabled(v->adv_gw_set && v->adv_gw));
	sb_printf(out, "  Advertise-svi-macip : %s\n  Import Route Target:\n", show_enabled(false));
	for (unsigned i = 0; i < v->n_import; i++)
		sb_printf(out, "    %s\n", evpn_rt_str(v->import_rt[i], buf, sizeof(buf)));
	sb_printf(out, "  Export Route Target:\n");
	for (unsigned i = 0; i < v->n_export; i++)
		sb_printf(out, "    %s\n", evpn_rt_str(v->export_rt[i], buf, sizeof(buf)));
}

static unsigned show_nvnis(void)
{
	unsigned n = 0;

	for (const struct evpn_vni *v = evpn_vni_first(); v; v = v->next)
		n++;
	return n;
}

static void show_bgp_vni_head(struct json *j)
{
	unsigned n = show_nvnis();

	json_str(j, "advertiseGatewayMacip", show_enabled(evpn_advertise_gw));
	json_str(j, "advertiseSviMacIp", show_enabled(false));
	json_str(j, "advertiseAllVnis", show_enabled(evpn_advertise_all));
	json_str(j, "flooding", "Head-end replication");
	json_str(j, "vxlanFlooding", "Enabled");	/* BUM always goes to the flood list */
	json_uint(j, "numVnis", n);
	json_uint(j, "numL2Vnis", n);
	json_uint(j, "numL3Vnis", 0);
}

void evpn_show_bgp_vni(const struct evpn_vni *only, bool json, struct strbuf *out)
{
	if (json) {
		evpn_show_json_vnis(only, out, show_bgp_vni_json, show_bgp_vni_head, NULL);
		return;
	}
	if (!only)
		sb_printf(out, "Advertise Gateway Macip: %s\nAdvertise SVI Macip: %s\n"
			       "Advertise All VNI flag: %s\nBUM flooding: Head-end replication\n"
			       "Number of L2 VNIs: %u\nNumber of L3 VNIs: 0\n",
			  show_enabled(evpn_advertise_gw), show_enabled(false),
			  show_enabled(evpn_advertise_all), show_nvnis());
	for (const struct evpn_vni *v = only ? only : evpn_vni_first(); v; v = only ? NULL : v->next)
		show_bgp_vni_text(v, out);
}

struct mac_count {
	size_t local, remote, arp, local_arp, remote_arp;
};

static void show_count_one(struct evpn_vni *v, struct evpn_mac *m, void *arg)
{
	struct mac_count *c = arg;

	(void)v;
	if (m->local)
		c->local++;
	else if (m->winner)
		c->remote++;
	for (const struct evpn_neigh *n = m->local_ips; n; n = n->next)
		c->local_arp++;
	for (const struct evpn_imp *i = m->imps; i; i = i->next)
		c->remote_arp += i->ip_len != 0;
}

static struct mac_count show_count(const struct evpn_vni *v)
{
	struct mac_count c = { 0 };

	evpn_mac_walk((struct evpn_vni *)v, show_count_one, &c);
	c.arp = c.local_arp + c.remote_arp;
	return c;
}

static size_t show_nvteps(const struct evpn_vni *v)
{
	size_t n = 0;

	for (const struct evpn_vtep *t = v->vteps; t; t = t->next)
		n++;
	return n;
}

static void show_vteps_json(struct json *j, const char *key, const struct evpn_vni *v)
{
	char buf[64];

	json_arr(j, key);
	for (const struct evpn_vtep *t = v->vteps; t; t = t->next)
		json_str(j, NULL, evpn_show_addr(t->ip, t->len, buf, sizeof(buf)));
	json_end(j);
}

/* FRR's two shapes: the list view counts remote VTEPs in numRemoteVteps
 * and lists them in remoteVteps; the one-VNI view lists them in
 * numRemoteVteps. */
static void show_vni_json(struct json *j, struct evpn_vni *v, bool detail, void *arg)
{
	struct mac_count c = show_count(v);
	char buf[64];

	(void)arg;
	json_uint(j, "vni", v->vni);
	json_str(j, "type", "L2");
	if (!detail) {
		json_str(j, "vxlanIf", v->vxlan_if[0] ? v->vxlan_if : "");
		json_uint(j, "numMacs", c.local + c.remote);
		json_uint(j, "numArpNd", c.arp);
		json_uint(j, "numRemoteVteps", show_nvteps(v));
		json_str(j, "tenantVrf", "default");
		json_uint(j, "vlan", v->vlan);
		json_str(j, "bridge", v->bridge[0] ? v->bridge : "-");
		show_vteps_json(j, "remoteVteps", v);
		return;
	}
	json_str(j, "vrf", "default");
	json_uint(j, "vlan", v->vlan);
	json_str(j, "bridge", v->bridge);
	json_str(j, "vxlanInterface", v->vxlan_if[0] ? v->vxlan_if : "");
	if (v->vxlan_if[0])
		json_int(j, "ifindex", v->vxlan_ifindex);
	if (v->svi[0]) {
		json_str(j, "sviInterface", v->svi);
		json_int(j, "sviIfindex", v->svi_ifindex);
	}
	json_str(j, "vtepIp", evpn_show_addr(v->vtep, v->vtep_len, buf, sizeof(buf)));
	json_str(j, "mcastGroup", "0.0.0.0");
	/* zebra's view: the VNI's setting, else the global one */
	json_str(j, "advertiseGatewayMacip", show_yes(evpn_vni_advertise_gw(v)));
	json_str(j, "advertiseSviMacip", show_yes(false));
	json_uint(j, "numMacs", c.local + c.remote);
	json_uint(j, "numArpNd", c.arp);
	show_vteps_json(j, "numRemoteVteps", v);
}

static void show_vni_text(const struct evpn_vni *v, struct strbuf *out)
{
	struct mac_count c = show_count(v);
	char buf[64];

	sb_printf(out, "VNI: %u\n Type: L2\n Vlan: %u\n Bridge: %s\n Tenant VRF: default\n"
		  " VxLAN interface: %s\n", v->vni, v->vlan, v->bridge[0] ? v->bridge : "-",
		  v->vxlan_if[0] ? v->vxlan_if : "-");
	if (v->vxlan_if[0])
		sb_printf(out, " VxLAN ifIndex: %d\n", v->vxlan_ifindex);
	if (v->svi[0])
		sb_printf(out, " SVI interface: %s\n SVI ifIndex: %d\n", v->svi, v->svi_ifindex);
	if (v->kernel_bound && !v->kernel_up)
		sb_printf(out, " State: down (its vxlan device is down or gone: no routes)\n");
	sb_printf(out, " Local VTEP IP: %s\n Mcast group: 0.0.0.0\n",
		  evpn_show_addr(v->vtep, v->vtep_len, buf, sizeof(buf)));
	sb_printf(out, " Remote VTEPs for this VNI:\n");
	for (const struct evpn_vtep *t = v->vteps; t; t = t->next)
		sb_printf(out, "  %s flood: %s\n", evpn_show_addr(t->ip, t->len, buf, sizeof(buf)),
			  t->tunnel_type == BGP_PMSI_INGRESS_REPLICATION ? "HER" : "-");
	sb_printf(out, " Number of MACs (local and remote) known for this VNI: %zu\n",
		  c.local + c.remote);
	sb_printf(out, " Number of ARPs (IPv4 and IPv6, local and remote) known for this VNI: %zu\n",
		  c.arp);
}

void evpn_show_vni(const struct evpn_vni *only, bool json, struct strbuf *out)
{
	if (!json) {
		if (only) {
			show_vni_text(only, out);
			return;
		}
		/* FRR 9's columns: VLAN and bridge say where a single vxlan
		 * device carries the VNI (the VLAN is 0 for a classic one). */
		sb_printf(out, "%-10s %-4s %-21s %-8s %-8s %-15s %-15s %-10s %-37s\n", "VNI", "Type",
			  "VxLAN IF", "# MACs", "# ARPs", "# Remote VTEPs", "Tenant VRF", "VLAN",
			  "BRIDGE");
		for (const struct evpn_vni *v = evpn_vni_first(); v; v = v->next) {
			struct mac_count c = show_count(v);
			sb_printf(out, "%-10u %-4s %-21s %-8zu %-8zu %-15zu %-15s %-10u %-37s\n", v->vni,
				  "L2", v->vxlan_if[0] ? v->vxlan_if : "-", c.local + c.remote, c.arp,
				  show_nvteps(v), "default", v->vlan, v->bridge[0] ? v->bridge : "-");
		}
		return;
	}
	evpn_show_json_vnis(only, out, show_vni_json, NULL, NULL);
}
