/* `show bgp l2vpn evpn [route [type T] | route vni N] [json]`: the EVPN
 * Loc-RIB in FRR 8.4's layout, grouped by RD (or one VNI's routes), each
 * path with FRR's JSON keys. */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "evpn/ecomm.h"
#include "evpn/nlri.h"
#include "evpn/show.h"
#include "lib/json.h"
#include "lib/rbuf.h"
#include "rib/decide.h"
#include "wire/attr.h"

struct route_list {
	struct rib_dest **d;
	size_t n, cap;
	int type;		  /* 0: all */
	const struct evpn_vni *vni; /* only what this VNI imported or originated */
	enum evpn_show_mode mode;
};

/* FRR orders by RD, then by the prefix. */
static int route_cmp(const void *a, const void *b)
{
	const struct rib_dest *x = *(struct rib_dest *const *)a, *y = *(struct rib_dest *const *)b;
	size_t n = x->key_len < y->key_len ? x->key_len : y->key_len;
	int c = x->key_len > EVPN_RD_LEN + 1 && y->key_len > EVPN_RD_LEN + 1 ? memcmp(x->key + 1, y->key + 1, EVPN_RD_LEN) : 0;

	if (c)
		return c;
	if (x->key[0] != y->key[0])
		return x->key[0] - y->key[0];
	c = memcmp(x->key, y->key, n);
	return c ? c : (int)x->key_len - (int)y->key_len;
}

static bool route_in_vni(const struct evpn_vni *v, const struct rib_dest *d)
{
	struct evpn_route r;

	if (!d->best || evpn_nlri_parse(d->best->nlri, d->best->nlri_len, &r) < 0)
		return false;
	if (d->best->peer->local)
		return memcmp(&r.rd, &v->rd, sizeof(r.rd)) == 0;
	if (r.type == EVPN_RT_IMET) {
		for (const struct evpn_vtep *t = v->vteps; t; t = t->next)
			if (t->dest == d)
				return true;
		return false;
	}
	if (r.type != EVPN_RT_MACIP)
		return false;
	const struct evpn_mac *m = evpn_mac_find((struct evpn_vni *)v, r.mac);
	for (const struct evpn_imp *i = m ? m->imps : NULL; i; i = i->next)
		if (i->dest == d)
			return true;
	return false;
}

static int route_collect(struct rib_dest *d, void *arg)
{
	struct route_list *l = arg;

	if (!d->paths || (l->type && d->key[0] != l->type) || (l->vni && !route_in_vni(l->vni, d)))
		return 0;
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 64;
		struct rib_dest **n = realloc(l->d, cap * sizeof(*n));
		if (!n)
			return 1;
		l->d = n;
		l->cap = cap;
	}
	l->d[l->n++] = d;
	return 0;
}

static const char *route_peer_id(const struct rib_path *p, char *buf, size_t len)
{
	const struct rib_peer *r = p->peer;

	if (r->local)
		return "(unspec)";
	return inet_ntop(r->addr_len == 4 ? AF_INET : AF_INET6, r->addr, buf, (socklen_t)len);
}

static const char *route_hostname(const struct rib_path *p)
{
	return p->peer->local ? rib_identity()->hostname : p->peer->name;
}

static const char *route_origin(uint8_t o)
{
	return o == BGP_ORIGIN_IGP ? "IGP" : o == BGP_ORIGIN_EGP ? "EGP" : "incomplete";
}

static void route_ecomm_json(struct json *j, const struct rib_attr *a)
{
	char buf[512];

	if (!a->ecomm_len)
		return;
	json_obj(j, "extendedCommunity");
	evpn_ecomm_list_str(rib_attr_ecomm(a), a->ecomm_len, buf, sizeof(buf));
	json_str(j, "string", buf);
	json_end(j);
}

static void route_nexthop_json(struct json *j, const struct rib_path *p, bool detail)
{
	const struct rib_attr *a = p->attr;
	char ip[64];

	json_arr(j, "nexthops");
	json_obj(j, NULL);
	json_str(j, "ip", evpn_show_addr(a->nh, a->nh_len, ip, sizeof(ip)));
	json_str(j, "hostname", route_hostname(p));
	json_str(j, "afi", a->nh_len == 16 ? "ipv6" : "ipv4");
	if (detail) {
		json_uint(j, "metric", 0);
		json_bool(j, "accessible", true);
	}
	json_bool(j, "used", true);
	json_end(j);
	json_end(j);
}

static bool route_esi_set(const struct evpn_route *r)
{
	static const uint8_t zero[10];

	return r->type == EVPN_RT_MACIP && memcmp(r->esi, zero, sizeof(zero)) != 0;
}

/* The path as `show bgp l2vpn evpn [route]` prints it. */
static void route_path_brief(struct json *j, const struct rib_dest *d, const struct rib_path *p,
			     const char *why)
{
	const struct rib_attr *a = p->attr;
	struct evpn_route r;
	char buf[512], ip[64];

	evpn_nlri_parse(p->nlri, p->nlri_len, &r);
	json_bool(j, "valid", true);
	if (p->flags & RIB_PATH_STALE)
		json_bool(j, "stale", true);
	if (d->best == p) {
		json_bool(j, "bestpath", true);
		json_str(j, "selectionReason", why);
	}
	json_str(j, "pathFrom", p->peer->local || p->peer->ebgp ? "external" : "internal");
	evpn_show_route_fields(j, &r);
	if (rib_attr_has(a, BGP_ATTR_MED))
		json_uint(j, "metric", a->med);
	if (rib_attr_has(a, BGP_ATTR_LOCAL_PREF))
		json_uint(j, "locPrf", a->local_pref);
	json_uint(j, "weight", p->peer->local ? 32768 : 0);
	json_str(j, "peerId", route_peer_id(p, ip, sizeof(ip)));
	json_str(j, "path", evpn_show_aspath(a, buf, sizeof(buf)));
	json_str(j, "origin", route_origin(a->origin));
	if (route_esi_set(&r))
		json_str(j, "esi", evpn_esi_str(r.esi, buf, sizeof(buf)));
	route_ecomm_json(j, a);
	route_nexthop_json(j, p, false);
}

static void route_labels_json(struct json *j, const struct evpn_route *r)
{
	char buf[32];

	if (!r->nlabels)
		return;
	if (r->nlabels == 2)
		snprintf(buf, sizeof(buf), "%u/%u", r->label[0], r->label[1]);
	else
		snprintf(buf, sizeof(buf), "%u", r->label[0]);
	json_str(j, "VNI", buf);
	json_str(j, "vni", buf);
}

static void route_aspath_json(struct json *j, const struct rib_attr *a)
{
	char buf[512];

	evpn_show_aspath(a, buf, sizeof(buf));
	json_obj(j, "aspath");
	json_str(j, "string", *buf ? buf : "Local");
	json_arr(j, "segments");
	json_end(j);
	json_uint(j, "length", rib_aspath_len(a));
	json_end(j);
}

static void route_reflection_json(struct json *j, const struct rib_attr *a)
{
	char ip[20];
	struct rbuf r;

	if (rib_attr_has(a, BGP_ATTR_ORIGINATOR_ID))
		json_str(j, "originatorId", evpn_show_ipv4(a->originator_id, ip, sizeof(ip)));
	if (!a->cluster_len)
		return;
	json_obj(j, "clusterList");
	json_arr(j, "list");
	rb_init(&r, rib_attr_cluster(a), a->cluster_len);
	while (rb_left(&r) >= 4)
		json_str(j, NULL, evpn_show_ipv4(rb_u32(&r), ip, sizeof(ip)));
	json_end(j);
	json_end(j);
}

static void route_peer_json(struct json *j, const struct rib_path *p)
{
	char ip[64];

	json_obj(j, "peer");
	if (p->peer->local) {
		json_str(j, "peerId", "0.0.0.0");
		json_str(j, "routerId", evpn_show_ipv4(p->peer->router_id, ip, sizeof(ip)));
	} else {
		json_str(j, "peerId", route_peer_id(p, ip, sizeof(ip)));
		json_str(j, "routerId", evpn_show_ipv4(p->peer->router_id, ip, sizeof(ip)));
		json_str(j, "hostname", route_hostname(p));
		json_str(j, "type", p->peer->ebgp ? "external" : "internal");
	}
	json_end(j);
}

/* The path as `show bgp l2vpn evpn route detail` prints it: labels,
 * reflection attributes, PMSI. */
static void route_path_detail(struct json *j, const struct rib_dest *d, const struct rib_path *p,
			      const char *why)
{
	const struct rib_attr *a = p->attr;
	struct evpn_route r;
	char buf[64];

	evpn_nlri_parse(p->nlri, p->nlri_len, &r);
	route_labels_json(j, &r);
	route_aspath_json(j, a);
	json_str(j, "origin", route_origin(a->origin));
	if (rib_attr_has(a, BGP_ATTR_MED))
		json_uint(j, "metric", a->med);
	if (rib_attr_has(a, BGP_ATTR_LOCAL_PREF))
		json_uint(j, "locPrf", a->local_pref);
	if (p->peer->local)
		json_uint(j, "weight", 32768);
	json_bool(j, "valid", true);
	if (p->peer->local) {
		json_bool(j, "sourced", true);
		json_bool(j, "local", true);
	}
	if (d->best == p) {
		json_obj(j, "bestpath");
		json_bool(j, "overall", true);
		json_str(j, "selectionReason", why);
		json_end(j);
	}
	if (route_esi_set(&r))
		json_str(j, "esi", evpn_esi_str(r.esi, buf, sizeof(buf)));
	route_ecomm_json(j, a);
	route_reflection_json(j, a);
	if (rib_attr_has(a, BGP_ATTR_PMSI_TUNNEL)) {
		json_obj(j, "pmsi");
		json_str(j, "tunnelType", a->pmsi_type == BGP_PMSI_INGRESS_REPLICATION ? "Ingress Replication" : "Unknown");
		json_uint(j, "label", a->pmsi_label);
		json_end(j);
	}
	route_nexthop_json(j, p, true);
	route_peer_json(j, p);
}

static void route_path_json(struct json *j, const struct rib_dest *d, const struct rib_path *p,
			    const char *why, enum evpn_show_mode mode)
{
	if (mode != EVPN_SHOW_TABLE)
		json_arr(j, NULL);
	json_obj(j, NULL);
	if (mode == EVPN_SHOW_DETAIL)
		route_path_detail(j, d, p, why);
	else
		route_path_brief(j, d, p, why);
	json_end(j);
	if (mode != EVPN_SHOW_TABLE)
		json_end(j);
}

static void route_dest_json(struct json *j, const struct rib_dest *d, enum evpn_show_mode mode,
			    size_t *paths)
{
	struct evpn_route r;
	const char *why = RIB_WHY_NONE;
	char pfx[160], rd[32];

	if (!d->best || evpn_nlri_parse(d->best->nlri, d->best->nlri_len, &r) < 0)
		return;
	rib_decide_best(d, &why);
	evpn_route_str(&r, pfx, sizeof(pfx));
	json_obj(j, pfx);
	json_str(j, "prefix", pfx);
	json_uint(j, "prefixLen", EVPN_SHOW_PREFIX_BITS);
	if (mode == EVPN_SHOW_DETAIL) {
		json_str(j, "rd", evpn_rd_format(&r.rd, rd, sizeof(rd)));
		evpn_show_route_fields(j, &r);
	}
	json_arr(j, "paths");
	for (const struct rib_path *p = d->paths; p; p = p->next, (*paths)++)
		route_path_json(j, d, p, why, mode);
	json_end(j);
	json_end(j);
}

/* `show bgp l2vpn evpn` leads with the table's identity. */
static void route_table_head_json(struct json *j)
{
	const struct rib_identity *self = rib_identity();
	char id[20];

	json_uint(j, "bgpTableVersion", 0);
	json_str(j, "bgpLocalRouterId", evpn_show_ipv4(self->router_id, id, sizeof(id)));
	json_uint(j, "defaultLocPrf", 100);
	json_uint(j, "localAS", self->asn);
}

static void route_table_json(const struct route_list *l, struct strbuf *out)
{
	struct json j;
	size_t paths = 0;
	char rd[32];

	json_init(&j, out);
	json_obj(&j, NULL);
	if (l->mode == EVPN_SHOW_TABLE)
		route_table_head_json(&j);
	for (size_t i = 0; i < l->n; i++) {
		struct evpn_route r;
		const struct rib_dest *d = l->d[i];
		bool new_rd = i == 0 || memcmp(l->d[i - 1]->key + 1, d->key + 1, EVPN_RD_LEN) != 0;
		if (!d->best || evpn_nlri_parse(d->best->nlri, d->best->nlri_len, &r) < 0)
			continue;
		if (!l->vni && new_rd) {
			if (i)
				json_end(&j);
			evpn_rd_format(&r.rd, rd, sizeof(rd));
			json_obj(&j, rd);
			json_str(&j, "rd", rd);
		}
		route_dest_json(&j, d, l->mode, &paths);
	}
	if (!l->vni && l->n)
		json_end(&j);
	json_uint(&j, "numPrefix", l->n);
	json_uint(&j, l->mode == EVPN_SHOW_TABLE ? "totalPrefix" : "numPaths",
		  l->mode == EVPN_SHOW_TABLE ? l->n : paths);
	json_end(&j);
	sb_printf(out, "\n");
}

static const char *const route_legend =
	"Status codes: s suppressed, d damped, h history, * valid, > best, i - internal\n"
	"Origin codes: i - IGP, e - EGP, ? - incomplete\n"
	"EVPN type-1 prefix: [1]:[EthTag]:[ESI]:[IPlen]:[VTEP-IP]:[Frag-id]\n"
	"EVPN type-2 prefix: [2]:[EthTag]:[MAClen]:[MAC]:[IPlen]:[IP]\n"
	"EVPN type-3 prefix: [3]:[EthTag]:[IPlen]:[OrigIP]\n"
	"EVPN type-4 prefix: [4]:[ESI]:[IPlen]:[OrigIP]\n"
	"EVPN type-5 prefix: [5]:[EthTag]:[IPlen]:[IP]\n\n"
	"   Network          Next Hop            Metric LocPrf Weight Path\n";

static void route_path_text(const struct rib_dest *d, const struct rib_path *p, bool first,
			    struct strbuf *out)
{
	const struct rib_attr *a = p->attr;
	struct evpn_route r;
	char pfx[160], nh[64], path[512], num[16];

	evpn_nlri_parse(p->nlri, p->nlri_len, &r);
	sb_printf(out, "*%c%c%s\n", d->best == p ? '>' : ' ',
		  !p->peer->local && !p->peer->ebgp ? 'i' : ' ',
		  first ? evpn_route_str(&r, pfx, sizeof(pfx)) : "");
	snprintf(num, sizeof(num), "%u", a->med);
	sb_printf(out, "%20s%-16s%10s", "", evpn_show_addr(a->nh, a->nh_len, nh, sizeof(nh)),
		  rib_attr_has(a, BGP_ATTR_MED) ? num : "");
	snprintf(num, sizeof(num), "%u", a->local_pref);
	sb_printf(out, "%7s%7u ", rib_attr_has(a, BGP_ATTR_LOCAL_PREF) ? num : "",
		  p->peer->local ? 32768 : 0);
	evpn_show_aspath(a, path, sizeof(path));
	sb_printf(out, "%s%s%c\n", path, *path ? " " : "",
		  a->origin == BGP_ORIGIN_IGP ? 'i' : a->origin == BGP_ORIGIN_EGP ? 'e' : '?');
	if (route_esi_set(&r))
		sb_printf(out, "%20sESI:%s\n", "", evpn_esi_str(r.esi, path, sizeof(path)));
	if (a->ecomm_len) {
		evpn_ecomm_list_str(rib_attr_ecomm(a), a->ecomm_len, path, sizeof(path));
		sb_printf(out, "%20s%s\n", "", path);
	}
}

static void route_table_text(const struct route_list *l, struct strbuf *out)
{
	size_t paths = 0;
	char id[20], rd[32];

	if (!l->n) {
		sb_printf(out, "No EVPN prefixes %sexist\n", l->type ? "(of requested type) " : "");
		return;
	}
	sb_printf(out, "BGP table version is 0, local router ID is %s\n",
		  evpn_show_ipv4(rib_identity()->router_id, id, sizeof(id)));
	sb_printf(out, "%s%s", route_legend,
		  l->mode == EVPN_SHOW_TABLE ? "" : "                    Extended Community\n");
	for (size_t i = 0; i < l->n; i++) {
		const struct rib_dest *d = l->d[i];
		struct evpn_route r;
		if (!d->best || evpn_nlri_parse(d->best->nlri, d->best->nlri_len, &r) < 0)
			continue;
		if (!l->vni && (i == 0 || memcmp(l->d[i - 1]->key + 1, d->key + 1, EVPN_RD_LEN) != 0))
			sb_printf(out, "Route Distinguisher: %s\n",
				  evpn_rd_format(&r.rd, rd, sizeof(rd)));
		for (const struct rib_path *p = d->paths; p; p = p->next, paths++)
			route_path_text(d, p, p == d->paths, out);
	}
	if (l->mode == EVPN_SHOW_TABLE)
		sb_printf(out, "\nDisplayed %zu out of %zu total prefixes\n", l->n, l->n);
	else
		sb_printf(out, "\nDisplayed %zu prefixes (%zu paths)%s\n", l->n, paths,
			  l->type ? " (of requested type)" : "");
}

void evpn_show_routes(int type, const struct evpn_vni *vni, enum evpn_show_mode mode, bool json,
		      struct strbuf *out)
{
	struct route_list l = { .type = type, .vni = vni, .mode = mode };

	rib_walk(BGP_AF_L2VPN_EVPN, route_collect, &l);
	if (l.n)
		qsort(l.d, l.n, sizeof(*l.d), route_cmp);
	if (json)
		route_table_json(&l, out);
	else
		route_table_text(&l, out);
	free(l.d);
}
