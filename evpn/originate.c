/* Our own routes, put into the Loc-RIB as paths of the local source: per
 * VNI an inclusive multicast route (RFC 7432 §7.3, RFC 8365 §5.1.3: PMSI
 * ingress replication to our VTEP), per local MAC and MAC+IP a MAC/IP
 * advertisement (RFC 7432 §7.2), with the MAC Mobility community once its
 * sequence number is above 0 (§7.7). */
#include <stdlib.h>
#include <string.h>

#include "evpn/ecomm.h"
#include "evpn/evpn.h"
#include "evpn/nlri.h"
#include "lib/log.h"
#include "wire/attr.h"

#define ORIG_ECOMM_MAX (EVPN_RT_MAX + 4)

static struct rib_peer local = { .local = true };

struct rib_peer *evpn_local_peer(void)
{
	return &local;
}

struct orig_ecomm {
	uint8_t c[ORIG_ECOMM_MAX][EVPN_ECOMM_LEN];
	size_t n;
};

/* The encapsulation (RFC 8365 §5.1.3: VXLAN), then the export RTs, then
 * (added by the caller) MAC Mobility: the order an FRR 8.4 leaf sends, so
 * the same route leaves both daemons as the same bytes. */
static void orig_ecomm_base(const struct evpn_vni *v, struct orig_ecomm *e)
{
	e->n = 0;
	evpn_ecomm_encap(EVPN_TUNNEL_VXLAN, e->c[e->n++]);
	for (unsigned i = 0; i < v->n_export; i++)
		memcpy(e->c[e->n++], v->export_rt[i], EVPN_ECOMM_LEN);
}

static struct rib_attr *orig_attr(const struct evpn_vni *v, struct orig_ecomm *e,
				  bool pmsi)
{
	struct bgp_attrs a;

	memset(&a, 0, sizeof(a));
	a.present = BGP_ATTR_BIT(BGP_ATTR_ORIGIN) | BGP_ATTR_BIT(BGP_ATTR_AS_PATH) |
		    BGP_ATTR_BIT(BGP_ATTR_EXT_COMMUNITIES);
	a.origin = BGP_ORIGIN_IGP;
	a.ext_communities = (struct bgp_bytes){ e->c[0], (uint16_t)(e->n * EVPN_ECOMM_LEN) };
	if (pmsi) {
		/* RFC 6514 §5; RFC 8365 §5.1.3: the label field carries the VNI. */
		a.present |= BGP_ATTR_BIT(BGP_ATTR_PMSI_TUNNEL);
		a.pmsi.type = BGP_PMSI_INGRESS_REPLICATION;
		a.pmsi.label = v->vni;
		a.pmsi.id = (struct bgp_bytes){ v->vtep, v->vtep_len };
	}
	return rib_attr_intern(&a, v->vtep, v->vtep_len);
}

/* Originating records the RD and VTEP; withdrawing uses what was recorded. */
static const struct evpn_rd *orig_rd(struct evpn_vni *v, bool on)
{
	if (on) {
		v->adv_rd = v->rd;
		memcpy(v->adv_vtep, v->vtep, v->vtep_len);
		v->adv_vtep_len = v->vtep_len;
	}
	return &v->adv_rd;
}

/* Puts the route into the RIB (attr given) or takes it out (NULL). */
static void orig_put(const struct evpn_route *r, struct rib_attr *attr)
{
	uint8_t buf[64];
	struct wbuf w = { .p = buf, .cap = sizeof(buf), .max = sizeof(buf) };

	if (!evpn_nlri_build(&w, r) || !wb_ok(&w)) {
		log_err("evpn: cannot encode a type-%u route", r->type);
		return;
	}
	if (attr)
		rib_update(&local, BGP_AF_L2VPN_EVPN, w.p, w.len, attr);
	else
		rib_withdraw(&local, BGP_AF_L2VPN_EVPN, w.p, w.len);
}

void evpn_orig_imet(struct evpn_vni *v, bool on)
{
	struct evpn_route r = { .type = EVPN_RT_IMET };
	struct orig_ecomm e;
	struct rib_attr *attr = NULL;

	if ((!on && !v->imet_adv) || (on && !evpn_vni_live(v)))
		return;
	r.rd = *orig_rd(v, on);
	r.ip_len = v->adv_vtep_len;
	memcpy(r.ip, v->adv_vtep, v->adv_vtep_len);
	if (on) {
		orig_ecomm_base(v, &e);
		if (!(attr = orig_attr(v, &e, true)))
			return;
	}
	orig_put(&r, attr);
	rib_attr_unref(attr);
	v->imet_adv = on;
}

static void orig_macip(struct evpn_vni *v, const struct evpn_mac *m,
		       const struct evpn_neigh *ip, struct rib_attr *attr)
{
	struct evpn_route r = { .type = EVPN_RT_MACIP, .nlabels = 1, .label = { v->vni } };

	r.rd = *orig_rd(v, attr != NULL);
	memcpy(r.mac, m->mac, 6);
	if (ip) {
		r.ip_len = ip->ip_len;
		memcpy(r.ip, ip->ip, ip->ip_len);
	}
	orig_put(&r, attr);
}

/* The MAC route and one MAC+IP route per local IP, all with the same
 * sequence number (RFC 7432 §15.1). */
void evpn_orig_mac(struct evpn_vni *v, struct evpn_mac *m, bool on)
{
	struct orig_ecomm e;
	struct rib_attr *attr = NULL;

	if ((!on && !m->local_adv) || (on && !evpn_vni_live(v)))
		return;
	if (on) {
		orig_ecomm_base(v, &e);
		if (m->local_seq || m->local_sticky)
			evpn_ecomm_mac_mobility(m->local_seq, m->local_sticky, e.c[e.n++]);
		if (!(attr = orig_attr(v, &e, false)))
			return;
	}
	orig_macip(v, m, NULL, attr);
	for (const struct evpn_neigh *n = m->local_ips; n; n = n->next)
		orig_macip(v, m, n, attr);
	rib_attr_unref(attr);
	m->local_adv = on;
}

/* One MAC+IP route alone, when its IP goes while the MAC stays. */
void evpn_orig_withdraw_ip(struct evpn_vni *v, struct evpn_mac *m, const struct evpn_neigh *n)
{
	if (m->local_adv)
		orig_macip(v, m, n, NULL);
}
