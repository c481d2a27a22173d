/* EVPN instances: the list, their RD and route targets (auto ones as FRR
 * derives them, RFC 8365 §5.1.2.1), and the module's registration with
 * the RIB. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "evpn/ecomm.h"
#include "evpn/evpn.h"
#include "evpn/nlri.h"
#include "lib/be.h"
#include "lib/hash.h"
#include "lib/htab.h"
#include "lib/log.h"

static uint32_t vni_hash_of(uint32_t vni)
{
	return hash_bytes(&vni, sizeof(vni));
}

static uint32_t vni_hash(const void *v)
{
	return vni_hash_of(((const struct evpn_vni *)v)->vni);
}

/* evpn_vni_find is on every learning event and import: a hash, while
 * the ordered list serves walks. */
static struct {
	struct evpn_vni *vnis;
	struct htab byvni;
	uint32_t asn, router_id;
} evpn = { .byvni = HTAB_INIT(struct evpn_vni, hnext, 64, vni_hash) };

/* FRR's default VRF holds auto RD index 1; VNIs take the lowest free from 2. */
#define RD_INDEX_FIRST 2

/* Our AS and router ID make the auto RD and RTs, and are the VTEP of a
 * VNI the kernel has not given one. */
static void vni_identity(void *arg, const struct rib_identity *id)
{
	(void)arg;
	evpn_set_identity(id->asn, id->router_id);
}

void evpn_init(void)
{
	struct rib_family f = { .key = evpn_nlri_key, .best_changed = evpn_import_best_changed,
				.rules = evpn_decide_rules, .n_rules = evpn_decide_n_rules,
				.identity = vni_identity };

	rib_family_set(BGP_AF_L2VPN_EVPN, &f);
}

void evpn_shutdown(void)
{
	while (evpn.vnis)
		evpn_vni_delete(evpn.vnis);
	htab_clear(&evpn.byvni);
	evpn_rt_index_free();
}

struct evpn_vni *evpn_vni_find(uint32_t vni)
{
	struct evpn_vni *v;

	HTAB_EACH(&evpn.byvni, vni_hash_of(vni), v)
		if (v->vni == vni)
			return v;
	return NULL;
}

struct evpn_vni *evpn_vni_first(void)
{
	return evpn.vnis;
}

static uint16_t vni_rd_index(void)
{
	for (uint16_t i = RD_INDEX_FIRST;; i++) {
		struct evpn_vni *v = evpn.vnis;
		while (v && v->rd_index != i)
			v = v->next;
		if (!v)
			return i;
	}
}

struct evpn_vni *evpn_vni_get(uint32_t vni)
{
	struct evpn_vni **pp = &evpn.vnis, *v;

	while (*pp && (*pp)->vni < vni)
		pp = &(*pp)->next;
	if (*pp && (*pp)->vni == vni)
		return *pp;
	if (!(v = calloc(1, sizeof(*v))))
		return NULL;
	v->vni = vni;
	if (!htab_insert(&evpn.byvni, v, vni_hash_of(vni))) {
		free(v);
		return NULL;
	}
	v->rd_auto = v->rt_import_auto = v->rt_export_auto = true;
	v->rd_index = vni_rd_index();
	evpn_mac_table_init(v);
	v->next = *pp;
	*pp = v;
	evpn_rt_index_dirty();
	return v;
}

static void vni_withdraw_mac(struct evpn_vni *v, struct evpn_mac *m, void *arg)
{
	(void)arg;
	evpn_orig_mac(v, m, false);
}

void evpn_vni_delete(struct evpn_vni *v)
{
	struct evpn_vni **pp = &evpn.vnis;

	evpn_orig_imet(v, false);
	evpn_mac_walk(v, vni_withdraw_mac, NULL);
	evpn_unimport_vni(v);
	evpn_mac_free_all(v);
	while (*pp != v)
		pp = &(*pp)->next;
	*pp = v->next;
	htab_remove(&evpn.byvni, v, vni_hash_of(v->vni));
	evpn_rt_index_dirty();
	free(v);
}

static void vni_auto(struct evpn_vni *v)
{
	char text[48];

	if (v->rd_auto) {
		snprintf(text, sizeof(text), "%u.%u.%u.%u:%u", evpn.router_id >> 24,
			 (evpn.router_id >> 16) & 0xff, (evpn.router_id >> 8) & 0xff,
			 evpn.router_id & 0xff, v->rd_index);
		evpn_rd_parse(text, &v->rd);
	}
	evpn_auto_rt(evpn.asn, v->vni, text, sizeof(text));
	evpn_rt_index_dirty();
	if (v->rt_import_auto) {
		v->n_import = evpn_rt_parse(text, v->import_rt[0]) == 0;
	}
	if (v->rt_export_auto) {
		v->n_export = evpn_rt_parse(text, v->export_rt[0]) == 0;
	}
	if (!v->vtep_kernel && evpn.router_id) {
		be32_put(v->vtep, evpn.router_id);
		v->vtep_len = 4;
	}
}

/* Our routes carry the RD, RTs and VTEP: when one changes they are
 * withdrawn and originated again, and imports are redone. */
void evpn_vni_refresh(struct evpn_vni *v)
{
	evpn_orig_imet(v, false);
	evpn_unimport_vni(v);
	evpn_mac_walk(v, vni_withdraw_mac, NULL);
	vni_auto(v);
	if (!evpn_vni_live(v))
		return;
	evpn_import_vni(v);	/* settles every MAC, local ones too */
	evpn_orig_imet(v, true);
}

bool evpn_vni_live(const struct evpn_vni *v)
{
	return evpn.asn && v->vtep_len && (!v->kernel_bound || v->kernel_up);
}

void evpn_set_identity(uint32_t asn, uint32_t router_id)
{
	struct rib_peer *local = evpn_local_peer();

	if (asn == evpn.asn && router_id == evpn.router_id)
		return;
	evpn.asn = asn;
	evpn.router_id = router_id;
	local->router_id = router_id;
	local->as = asn;
	for (struct evpn_vni *v = evpn.vnis; v; v = v->next)
		evpn_vni_refresh(v);
}
