/* Import (RFC 7432 §9.2.2, §11): a route whose route targets meet a VNI's
 * import RTs enters that VNI: a type-2 route as a remote MAC (and MAC+IP)
 * candidate, a type-3 route as a VTEP of the flood list. The RIB tells of
 * every best-path change; only the best path of a destination is
 * imported, never our own. Other route types are kept and reflected but
 * not imported. */
#include <stdlib.h>
#include <string.h>

#include "evpn/ecomm.h"
#include "evpn/evpn.h"
#include "evpn/nlri.h"
#include "lib/log.h"
#include "lib/rbuf.h"
#include "wire/attr.h"

/* With auto route targets, FRR also imports ANY:VNI: in an eBGP fabric
 * every leaf's auto RT carries its own AS, and the VNI is what they share
 * (RFC 8365 §5.1.2.1). Configured RTs match exactly. */
static bool import_rt_one(const struct evpn_vni *v, const uint8_t c[EVPN_ECOMM_LEN])
{
	for (unsigned i = 0; i < v->n_import; i++)
		if (memcmp(c, v->import_rt[i], EVPN_ECOMM_LEN) == 0)
			return true;
	return v->rt_import_auto && evpn_rt_local(c) == v->vni;
}

static bool import_rt_match(const struct evpn_vni *v, const struct rib_attr *a)
{
	struct rbuf r;

	rb_init(&r, rib_attr_ecomm(a), a->ecomm_len);
	while (rb_left(&r) >= EVPN_ECOMM_LEN) {
		const uint8_t *c = rb_view(&r, EVPN_ECOMM_LEN);
		if (evpn_ecomm_is_rt(c) && import_rt_one(v, c))
			return true;
	}
	return false;
}

static bool import_wanted(const struct evpn_vni *v, const struct rib_path *p)
{
	return p && !p->peer->local && evpn_vni_live(v) && import_rt_match(v, p->attr);
}

static struct evpn_imp **import_imp_find(struct evpn_mac *m, const struct rib_dest *d)
{
	struct evpn_imp **pp = &m->imps;

	while (*pp && (*pp)->dest != d)
		pp = &(*pp)->next;
	return pp;
}

static void import_imp_fill(struct evpn_imp *i, const struct evpn_route *r,
			    const struct rib_path *p)
{
	const struct rib_attr *a = p->attr;
	uint8_t nd = 0;

	i->vtep_len = a->nh_len > 16 ? 16 : a->nh_len;
	memcpy(i->vtep, a->nh, i->vtep_len);
	i->ip_len = r->ip_len;
	memcpy(i->ip, r->ip, r->ip_len);
	evpn_mac_mobility(a, &i->seq, &i->sticky);
	i->router = evpn_ecomm_get_nd(rib_attr_ecomm(a), a->ecomm_len, &nd) &&
		    (nd & EVPN_ND_ROUTER);
	i->label = r->nlabels ? r->label[0] : 0;
}

/* Brings v's view of one type-2 destination in line with its best path;
 * settle says whether to re-decide the MAC now (not while walking the RIB). */
static struct evpn_mac *import_macip(struct evpn_vni *v, const struct rib_dest *d,
				     const struct rib_path *best, const struct evpn_route *r)
{
	struct evpn_mac *m = evpn_mac_find(v, r->mac);
	struct evpn_imp **pp, *i;

	if (!import_wanted(v, best)) {
		if (!m || !*(pp = import_imp_find(m, d)))
			return NULL;
		i = *pp;
		*pp = i->next;
		free(i);
		return m;
	}
	if (!(m = evpn_mac_get(v, r->mac)))
		return NULL;
	if (!*(pp = import_imp_find(m, d))) {
		if (!(*pp = calloc(1, sizeof(**pp))))
			return m;
		(*pp)->dest = d;
	}
	import_imp_fill(*pp, r, best);
	return m;
}

static struct evpn_vtep **import_vtep_find(struct evpn_vni *v, const struct rib_dest *d)
{
	struct evpn_vtep **pp = &v->vteps;

	while (*pp && (*pp)->dest != d)
		pp = &(*pp)->next;
	return pp;
}

/* The flood list entry is the PMSI tunnel endpoint (RFC 6514 §5, ingress
 * replication), or the originator address without one. */
static void import_vtep_fill(struct evpn_vtep *t, const struct evpn_route *r,
			     const struct rib_path *p)
{
	const struct rib_attr *a = p->attr;
	bool ir = a->pmsi_type == BGP_PMSI_INGRESS_REPLICATION && (a->pmsi_id_len == 4 || a->pmsi_id_len == 16);

	t->len = ir ? (uint8_t)a->pmsi_id_len : r->ip_len;
	memcpy(t->ip, ir ? rib_attr_pmsi_id(a) : r->ip, t->len);
	t->tunnel_type = a->pmsi_type;
}

static void import_imet(struct evpn_vni *v, const struct rib_dest *d, const struct rib_path *best,
			const struct evpn_route *r)
{
	struct evpn_vtep **pp = import_vtep_find(v, d), *t = *pp;

	if (!import_wanted(v, best)) {
		if (!t)
			return;
		*pp = t->next;
		evpn_dp_flood(v, t, false);
		free(t);
		return;
	}
	if (t) {
		evpn_dp_flood(v, t, false);
	} else {
		if (!(t = calloc(1, sizeof(*t))))
			return;
		t->dest = d;
		*pp = t;
	}
	import_vtep_fill(t, r, best);
	evpn_dp_flood(v, t, true);
}

static bool import_route(const struct rib_path *p, struct evpn_route *r)
{
	return p && evpn_nlri_parse(p->nlri, p->nlri_len, r) == 0;
}

/* A route leaving one VNI may enter another: the VNIs of the old best
 * path's route targets and the new one's are all looked at. */
#define IMPORT_MAX_VNIS 64

static void import_one(struct evpn_vni *v, const struct rib_dest *d, const struct rib_path *best,
		       const struct evpn_route *r)
{
	if (r->type == EVPN_RT_IMET) {
		import_imet(v, d, best, r);
	} else if (r->type == EVPN_RT_MACIP) {
		struct evpn_mac *m = import_macip(v, d, best, r);
		if (m)
			evpn_mac_settle(v, m);
	}
}

void evpn_import_best_changed(void *arg, const struct rib_dest *d, const struct rib_path *old,
			      const struct rib_attr *old_attr, const struct rib_path *new_best)
{
	const struct rib_attr *attrs[2] = { old_attr, new_best ? new_best->attr : NULL };
	struct evpn_vni *vnis[IMPORT_MAX_VNIS];
	struct evpn_route r;
	size_t n = 0;

	(void)arg;
	if (!import_route(new_best ? new_best : old, &r))
		return;
	if (r.type != EVPN_RT_IMET && r.type != EVPN_RT_MACIP)
		return;
	for (int i = 0; i < 2; i++)
		if (attrs[i])
			n = evpn_rt_index_vnis(rib_attr_ecomm(attrs[i]), attrs[i]->ecomm_len, vnis, n,
					       IMPORT_MAX_VNIS);
	if (n != SIZE_MAX) {
		for (size_t i = 0; i < n; i++)
			import_one(vnis[i], d, new_best, &r);
		return;
	}
	for (struct evpn_vni *v = evpn_vni_first(); v; v = v->next) /* too many to list */
		import_one(v, d, new_best, &r);
}

/* Walking the RIB must not change it, and settling a MAC may originate a
 * route; so the walk only imports, and the MACs are settled after. */
static int import_walk(struct rib_dest *d, void *arg)
{
	struct evpn_vni *v = arg;
	struct evpn_route r;

	if (!import_route(d->best, &r))
		return 0;
	if (r.type == EVPN_RT_IMET)
		import_imet(v, d, d->best, &r);
	else if (r.type == EVPN_RT_MACIP)
		import_macip(v, d, d->best, &r);
	return 0;
}

static void import_settle_one(struct evpn_vni *v, struct evpn_mac *m, void *arg)
{
	(void)arg;
	evpn_mac_settle(v, m);
}

void evpn_import_vni(struct evpn_vni *v)
{
	rib_walk(BGP_AF_L2VPN_EVPN, import_walk, v);
	evpn_mac_walk(v, import_settle_one, NULL);
}

static void import_forget_mac(struct evpn_vni *v, struct evpn_mac *m, void *arg)
{
	(void)arg;
	for (struct evpn_imp *i = m->imps, *next; i; i = next) {
		next = i->next;
		free(i);
	}
	m->imps = NULL;
	m->winner = NULL;
	evpn_dp_mac(v, m);
	evpn_mac_gc(v, m);
}

void evpn_unimport_vni(struct evpn_vni *v)
{
	while (v->vteps) {
		struct evpn_vtep *t = v->vteps;
		v->vteps = t->next;
		evpn_dp_flood(v, t, false);
		free(t);
	}
	evpn_mac_walk(v, import_forget_mac, NULL);
}
