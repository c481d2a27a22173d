/* The export policy every peer gets; there are no route maps. Next hops
 * are left as they are: an EVPN next hop is the VTEP (RFC 8365 §5.1.3),
 * which no BGP hop may change. */
#include <stdint.h>

#include "lib/rbuf.h"
#include "lib/wbuf.h"
#include "rib/export.h"
#include "wire/attr.h"

#define LP_DEFAULT 100

/* RFC 4271 §9.2 / RFC 4456 §6: a route from an internal peer goes to
 * internal peers only through reflection: from a client to everyone,
 * from a non-client to clients. */
static bool export_allowed(const struct rib_out_policy *pol, const struct rib_peer *src)
{
	if (pol->deny)
		return false;
	if (pol->ebgp || src->local || src->ebgp)
		return true;
	return src->rr_client || pol->rr_client;
}

/* RFC 4271 §5.1.2: our AS leads the path; it joins a leading AS_SEQUENCE
 * that has room, or starts one. */
static void export_prepend(struct wbuf *w, const struct rib_attr *a, uint32_t asn)
{
	struct rbuf r;
	uint8_t type, count;

	rb_init(&r, rib_attr_aspath(a), a->aspath_len);
	type = rb_u8(&r);
	count = rb_u8(&r);
	if (rb_ok(&r) && type == BGP_AS_SEQUENCE && count < 255) {
		wb_u8(w, BGP_AS_SEQUENCE);
		wb_u8(w, (uint8_t)(count + 1));
		wb_u32(w, asn);
		wb_bytes(w, rb_view(&r, rb_left(&r)), a->aspath_len - 2u);
		return;
	}
	wb_u8(w, BGP_AS_SEQUENCE);
	wb_u8(w, 1);
	wb_u32(w, asn);
	wb_bytes(w, rib_attr_aspath(a), a->aspath_len);
}

static void export_ebgp(struct bgp_attrs *v, const struct rib_path *p, struct wbuf *path,
			uint32_t local_as)
{
	export_prepend(path, p->attr, local_as);
	v->aspath = path->p;
	v->aspath_len = (uint16_t)path->len;
	v->present |= BGP_ATTR_BIT(BGP_ATTR_AS_PATH);
	v->present &= ~(BGP_ATTR_BIT(BGP_ATTR_LOCAL_PREF) | BGP_ATTR_BIT(BGP_ATTR_ORIGINATOR_ID) |
			BGP_ATTR_BIT(BGP_ATTR_CLUSTER_LIST));
	v->cluster_list = (struct bgp_bytes){ 0 };
	v->local_pref = v->originator_id = 0;
	/* RFC 4271 §5.1.4: a MED learned from one AS is not passed to another. */
	if (p->peer->ebgp) {
		v->present &= ~BGP_ATTR_BIT(BGP_ATTR_MED);
		v->med = 0;
	}
}

/* RFC 4456 §8: the reflector sets ORIGINATOR_ID to the route's originator
 * unless there is one, and prepends its CLUSTER_ID to CLUSTER_LIST. */
static void export_reflect(struct bgp_attrs *v, const struct rib_path *p, struct wbuf *cl,
			   uint32_t cluster_id)
{
	if (!(v->present & BGP_ATTR_BIT(BGP_ATTR_ORIGINATOR_ID))) {
		v->present |= BGP_ATTR_BIT(BGP_ATTR_ORIGINATOR_ID);
		v->originator_id = p->peer->router_id;
	}
	wb_u32(cl, cluster_id);
	wb_bytes(cl, v->cluster_list.p, v->cluster_list.len);
	v->cluster_list = (struct bgp_bytes){ cl->p, (uint16_t)cl->len };
	v->present |= BGP_ATTR_BIT(BGP_ATTR_CLUSTER_LIST);
}

struct rib_attr *rib_export(const struct rib_out_policy *pol, const struct rib_path *p,
			    uint32_t local_as, uint32_t cluster_id)
{
	const struct rib_attr *a = p->attr;
	struct bgp_attrs v;
	struct wbuf w;
	struct rib_attr *out = NULL;

	if (!export_allowed(pol, p->peer))
		return NULL;
	rib_attr_view(a, &v);
	wb_init(&w, UINT16_MAX);
	if (pol->ebgp) {
		export_ebgp(&v, p, &w, local_as);
	} else {
		if (!(v.present & BGP_ATTR_BIT(BGP_ATTR_LOCAL_PREF))) {
			v.present |= BGP_ATTR_BIT(BGP_ATTR_LOCAL_PREF);
			v.local_pref = LP_DEFAULT;
		}
		if (!p->peer->local && !p->peer->ebgp)
			export_reflect(&v, p, &w, cluster_id);
	}
	if (wb_ok(&w))
		out = rib_attr_intern(&v, a->nh, a->nh_len);
	wb_free(&w);
	return out;
}
