/* `show evpn mac vni <N|all> [duplicate] [json]` and `show evpn arp-cache
 * vni <N|all> [json]`: zebra's views of a VNI's MACs and neighbors, with
 * its JSON keys (numMacs, macs.{mac}.type/remoteVtep/localSequence/
 * remoteSequence/detectionCount/isDuplicate; numArpNd). */
#include <net/if.h>
#include <stdio.h>
#include <string.h>

#include "evpn/show.h"

struct mac_show {
	struct json *j;
	struct strbuf *out;
	bool dup_only;
	size_t n;
};

static bool mac_listed(const struct evpn_mac *m, bool dup_only)
{
	return (m->local || m->winner || m->duplicate) && (!dup_only || m->duplicate);
}

static void mac_count(struct evpn_vni *v, struct evpn_mac *m, void *arg)
{
	struct mac_show *s = arg;

	(void)v;
	s->n += mac_listed(m, s->dup_only);
}

static uint32_t mac_remote_seq(const struct evpn_mac *m)
{
	return m->winner ? m->winner->seq : 0;
}

/* The port's name as the kernel has it now (evpnd runs in the leaf's
 * namespace); name must hold IF_NAMESIZE. */
static bool mac_port(const struct evpn_mac *m, char *name)
{
	return m->local_ifindex && if_indextoname((unsigned)m->local_ifindex, name);
}

static void mac_one_json(struct evpn_vni *v, struct evpn_mac *m, void *arg)
{
	struct mac_show *s = arg;
	char key[18], ip[64];

	(void)v;
	if (!mac_listed(m, s->dup_only))
		return;
	json_obj(s->j, evpn_mac_str(m->mac, key, sizeof(key)));
	json_str(s->j, "type", m->local ? "local" : "remote");
	if (m->local && mac_port(m, ip))
		json_str(s->j, "intf", ip);
	if (!m->local && m->winner)
		json_str(s->j, "remoteVtep",
			 evpn_show_addr(m->winner->vtep, m->winner->vtep_len, ip, sizeof(ip)));
	json_uint(s->j, "localSequence", m->local_seq);
	json_uint(s->j, "remoteSequence", mac_remote_seq(m));
	json_uint(s->j, "detectionCount", m->dad_count);
	json_bool(s->j, "isDuplicate", m->duplicate);
	json_end(s->j);
}

static void mac_one_text(struct evpn_vni *v, struct evpn_mac *m, void *arg)
{
	struct mac_show *s = arg;
	char mac[18], ip[64] = "";

	(void)v;
	if (!mac_listed(m, s->dup_only))
		return;
	if (!m->local && m->winner)
		evpn_show_addr(m->winner->vtep, m->winner->vtep_len, ip, sizeof(ip));
	else if (m->local)
		mac_port(m, ip);
	sb_printf(s->out, "%-17s %-6s %-5s %-30s %-5s %u/%u\n", evpn_mac_str(m->mac, mac, sizeof(mac)),
		  m->local ? "local" : "remote", "", ip, "", m->local_seq, mac_remote_seq(m));
}

static void mac_vni_json(struct json *j, struct evpn_vni *v, bool one, void *arg)
{
	struct mac_show s = { j, NULL, *(const bool *)arg, 0 };

	(void)one;
	evpn_mac_walk(v, mac_count, &s);
	json_uint(j, "numMacs", s.n);
	json_obj(j, "macs");
	evpn_mac_walk(v, mac_one_json, &s);
	json_end(j);
}

static void mac_vni_text(struct evpn_vni *v, bool dup_only, bool all, struct strbuf *out)
{
	struct mac_show s = { NULL, out, dup_only, 0 };

	evpn_mac_walk(v, mac_count, &s);
	if (all)
		sb_printf(out, "\nVNI %u #MACs (local and remote) %zu\n\n", v->vni, s.n);
	else
		sb_printf(out, "Number of MACs (local and remote) known for this VNI: %zu\n", s.n);
	if (!s.n)
		return;
	sb_printf(out, "Flags: N=sync-neighs, I=local-inactive, P=peer-active, X=peer-proxy\n");
	sb_printf(out, "%-17s %-6s %-5s %-30s %-5s %s\n", "MAC", "Type", "Flags",
		  "Intf/Remote ES/VTEP", "VLAN", "Seq #'s");
	evpn_mac_walk(v, mac_one_text, &s);
}

void evpn_show_macs(const struct evpn_vni *only, bool dup_only, bool json, struct strbuf *out)
{
	if (!json) {
		for (const struct evpn_vni *v = only ? only : evpn_vni_first(); v;
		     v = only ? NULL : v->next)
			mac_vni_text((struct evpn_vni *)v, dup_only, !only, out);
		return;
	}
	evpn_show_json_vnis(only, out, mac_vni_json, NULL, &dup_only);
}

/* ---- neighbors (ARP/ND) ---- */

struct arp_show {
	struct json *j;
	struct strbuf *out;
	size_t n;
};

static void arp_entry(struct arp_show *s, const struct evpn_mac *m, const uint8_t *ip,
		      uint8_t ip_len, const struct evpn_imp *remote)
{
	char a[64], mac[18], vtep[64] = "";

	s->n++;
	evpn_show_addr(ip, ip_len, a, sizeof(a));
	evpn_mac_str(m->mac, mac, sizeof(mac));
	if (remote)
		evpn_show_addr(remote->vtep, remote->vtep_len, vtep, sizeof(vtep));
	if (!s->j) {
		if (s->out)
			sb_printf(s->out, "%-25s %-6s %-8s %-17s %-30s %u/%u\n", a,
				  remote ? "remote" : "local", "active", mac, vtep, m->local_seq,
				  mac_remote_seq(m));
		return;
	}
	json_obj(s->j, a);
	json_str(s->j, "type", remote ? "remote" : "local");
	json_str(s->j, "state", "active");
	json_str(s->j, "mac", mac);
	if (remote)
		json_str(s->j, "remoteVtep", vtep);
	json_uint(s->j, "localSequence", m->local_seq);
	json_uint(s->j, "remoteSequence", mac_remote_seq(m));
	json_uint(s->j, "detectionCount", m->dad_count);
	json_bool(s->j, "isDuplicate", m->duplicate);
	json_end(s->j);
}

/* Local IPs of a local MAC; remote ones from the routes of the VTEP the
 * MAC follows. */
static void arp_one(struct evpn_vni *v, struct evpn_mac *m, void *arg)
{
	struct arp_show *s = arg;

	(void)v;
	if (m->local) {
		for (const struct evpn_neigh *n = m->local_ips; n; n = n->next)
			arp_entry(s, m, n->ip, n->ip_len, NULL);
		return;
	}
	for (const struct evpn_imp *i = m->imps; m->winner && i; i = i->next)
		if (i->ip_len && i->vtep_len == m->winner->vtep_len &&
		    !memcmp(i->vtep, m->winner->vtep, i->vtep_len))
			arp_entry(s, m, i->ip, i->ip_len, i);
}

static size_t arp_count(struct evpn_vni *v)
{
	struct arp_show s = { 0 };

	evpn_mac_walk(v, arp_one, &s);
	return s.n;
}

static void arp_vni_json(struct json *j, struct evpn_vni *v, bool one, void *arg)
{
	struct arp_show s = { j, NULL, 0 };

	(void)one, (void)arg;
	json_uint(j, "numArpNd", arp_count(v));
	evpn_mac_walk(v, arp_one, &s);
}

static void arp_vni_text(struct evpn_vni *v, bool all, struct strbuf *out)
{
	struct arp_show s = { NULL, out, 0 };
	size_t n = arp_count(v);

	if (all)
		sb_printf(out, "\nVNI %u #ARP (IPv4 and IPv6, local and remote) %zu\n\n", v->vni, n);
	else
		sb_printf(out, "Number of ARPs (local and remote) known for this VNI: %zu\n", n);
	if (!n)
		return;
	sb_printf(out, "%-25s %-6s %-8s %-17s %-30s %s\n", "IP", "Type", "State", "MAC",
		  "Remote ES/VTEP", "Seq #'s");
	evpn_mac_walk(v, arp_one, &s);
}

void evpn_show_arp(const struct evpn_vni *only, bool json, struct strbuf *out)
{
	if (!json) {
		for (const struct evpn_vni *v = only ? only : evpn_vni_first(); v;
		     v = only ? NULL : v->next)
			arp_vni_text((struct evpn_vni *)v, !only, out);
		return;
	}
	evpn_show_json_vnis(only, out, arp_vni_json, NULL, NULL);
}
