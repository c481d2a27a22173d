/* `show bgp l2vpn evpn [route [type T] | route vni N] [json]`: the EVPN
 * Loc-RIB in FRR 8.4's layout, grouped by RD (or one VNI's routes), each
 * path with FRR's JSON keys. */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bgpd/attr.h"
#include "bgpd/bgp.h"
#include "evpn/ecomm.h"
#include "evpn/nlri.h"
#include "evpn/show.h"
#include "lib/json.h"
#include "rib/decide.h"

struct route_list {
	struct rib_dest **d;
	size_t n, cap;
	int type;		  /* 0: all */
	const struct evpn_vni *vni; /* only what this VNI imported or originated */
};

/* FRR orders by RD, then by the prefix. */
static int route_cmp(const void *a, const void *b)
{
	const struct rib_dest *x = *(struct rib_dest *const *)a, *y = *(struct rib_dest *const *)b;
	size_t n = x->key_len < y->key_len ? x->key_len : y->key_len;
	int c = x->key_len > 9 && y->key_len > 9 ? memcmp(x->key + 1, y->key + 1, 8) : 0;

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
	const struct bgp_peer *bp = p->peer->owner;
	struct bgp *bgp = bgp_instance();

	if (p->peer->local || !bp)
		return bgp ? bgp->hostname : "";
	return bp->remote_caps.fqdn ? bp->remote_caps.hostname : bp->name;
}

static const char *route_origin(uint8_t o)
{
	return o == BGP_ORIGIN_IGP ? "IGP" : o == BGP_ORIGIN_EGP ? "EGP" : "incomplete";
}

static void route_path_json(struct json *j, const struct rib_dest *d, const struct rib_path *p,
			    enum rib_reason why)
{
	const struct rib_attr *a = p->attr;
	struct evpn_route r;
	char buf[512], ip[64];

	evpn_nlri_parse(p->nlri, p->nlri_len, &r);
	json_arr(j, NULL);
	json_obj(j, NULL);
	json_bool(j, "valid", true);
	if (p->flags & RIB_PATH_STALE)
		json_bool(j, "stale", true);
	if (d->best == p) {
		json_bool(j, "bestpath", true);
		json_str(j, "selectionReason", rib_reason_str(why));
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
	if (a->ecomm_len) {
		json_obj(j, "extendedCommunity");
		evpn_ecomm_list_str(rib_attr_ecomm(a), a->ecomm_len, buf, sizeof(buf));
		json_str(j, "string", buf);
		json_end(j);
	}
	if (rib_attr_has(a, BGP_ATTR_ORIGINATOR_ID))
		json_str(j, "originatorId", evpn_show_ipv4(a->originator_id, ip, sizeof(ip)));
	json_arr(j, "nexthops");
	json_obj(j, NULL);
	json_str(j, "ip", evpn_show_addr(a->nh, a->nh_len, ip, sizeof(ip)));
	json_str(j, "hostname", route_hostname(p));
	json_str(j, "afi", a->nh_len == 16 ? "ipv6" : "ipv4");
	json_bool(j, "used", true);
	json_end(j);
	json_end(j);
	json_end(j);
	json_end(j);
}

static void route_dest_json(struct json *j, const struct rib_dest *d, size_t *paths)
{
	struct evpn_route r;
	enum rib_reason why = RIB_REASON_NONE;
	char pfx[160];

	if (!d->best || evpn_nlri_parse(d->best->nlri, d->best->nlri_len, &r) < 0)
		return;
	rib_decide_best(d, &why);
	evpn_route_str(&r, pfx, sizeof(pfx));
	json_obj(j, pfx);
	json_str(j, "prefix", pfx);
	json_uint(j, "prefixLen", 352);
	json_arr(j, "paths");
	for (const struct rib_path *p = d->paths; p; p = p->next, (*paths)++)
		route_path_json(j, d, p, why);
	json_end(j);
	json_end(j);
}

static void route_table_json(const struct route_list *l, struct strbuf *out)
{
	struct json j;
	size_t paths = 0;
	char rd[32];

	json_init(&j, out);
	json_obj(&j, NULL);
	for (size_t i = 0; i < l->n; i++) {
		struct evpn_route r;
		const struct rib_dest *d = l->d[i];
		bool new_rd = i == 0 || memcmp(l->d[i - 1]->key + 1, d->key + 1, 8) != 0;
		if (!d->best || evpn_nlri_parse(d->best->nlri, d->best->nlri_len, &r) < 0)
			continue;
		if (!l->vni && new_rd) {
			if (i)
				json_end(&j);
			evpn_rd_format(&r.rd, rd, sizeof(rd));
			json_obj(&j, rd);
			json_str(&j, "rd", rd);
		}
		route_dest_json(&j, d, &paths);
	}
	if (!l->vni && l->n)
		json_end(&j);
	json_uint(&j, "numPrefix", l->n);
	json_uint(&j, "numPaths", paths);
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
	"   Network          Next Hop            Metric LocPrf Weight Path\n"
	"                    Extended Community\n";

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
	if (a->ecomm_len) {
		evpn_ecomm_list_str(rib_attr_ecomm(a), a->ecomm_len, path, sizeof(path));
		sb_printf(out, "%20s%s\n", "", path);
	}
}

static void route_table_text(const struct route_list *l, struct strbuf *out)
{
	struct bgp *bgp = bgp_instance();
	size_t paths = 0;
	char id[20], rd[32];

	if (!l->n) {
		sb_printf(out, "No EVPN prefixes %sexist\n", l->type ? "(of requested type) " : "");
		return;
	}
	sb_printf(out, "BGP table version is 0, local router ID is %s\n",
		  evpn_show_ipv4(bgp ? bgp->router_id : 0, id, sizeof(id)));
	sb_printf(out, "%s", route_legend);
	for (size_t i = 0; i < l->n; i++) {
		const struct rib_dest *d = l->d[i];
		struct evpn_route r;
		if (!d->best || evpn_nlri_parse(d->best->nlri, d->best->nlri_len, &r) < 0)
			continue;
		if (!l->vni && (i == 0 || memcmp(l->d[i - 1]->key + 1, d->key + 1, 8) != 0))
			sb_printf(out, "Route Distinguisher: %s\n",
				  evpn_rd_format(&r.rd, rd, sizeof(rd)));
		for (const struct rib_path *p = d->paths; p; p = p->next, paths++)
			route_path_text(d, p, p == d->paths, out);
	}
	sb_printf(out, "\nDisplayed %zu prefixes (%zu paths)%s\n", l->n, paths,
		  l->type ? " (of requested type)" : "");
}

void evpn_show_routes(int type, const struct evpn_vni *vni, bool json, struct strbuf *out)
{
	struct route_list l = { .type = type, .vni = vni };

	rib_walk(BGP_AF_L2VPN_EVPN, route_collect, &l);
	if (l.n)
		qsort(l.d, l.n, sizeof(*l.d), route_cmp);
	if (json)
		route_table_json(&l, out);
	else
		route_table_text(&l, out);
	free(l.d);
}
