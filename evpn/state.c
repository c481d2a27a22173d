/* The evpnd-evpn module's operational state: one vni-state entry per
 * running EVPN instance, from the instance itself (RD and RTs as in use,
 * auto or configured; counts; the flood list). */
#include <stdio.h>

#include "evpn/ecomm.h"
#include "evpn/show.h"

#define VNI_STATE "/evpnd-bgp:bgp/evpnd-evpn:l2vpn-evpn/vni-state"

struct state_count {
	unsigned local, remote, local_arp, remote_arp;
};

static void state_count_mac(struct evpn_vni *v, struct evpn_mac *m, void *arg)
{
	struct state_count *c = arg;

	(void)v;
	c->local += m->local;
	c->remote += !m->local && m->winner;
	for (const struct evpn_neigh *n = m->local_ips; n; n = n->next)
		c->local_arp++;
	for (const struct evpn_imp *i = m->imps; i; i = i->next)
		c->remote_arp += i->ip_len != 0;
}

static int state_rts(struct ly_ctx *ctx, struct lyd_node **tree, const char *base,
		     const char *leaf, const uint8_t (*rt)[EVPN_ECOMM_LEN], unsigned n)
{
	char path[160], text[32];
	int rc = 0;

	snprintf(path, sizeof(path), "%s/%s", base, leaf);
	for (unsigned i = 0; i < n; i++)
		rc |= ds_set(ctx, tree, path, "%s", evpn_rt_str(rt[i], text, sizeof(text)));
	return rc;
}

static int state_vni(struct ly_ctx *ctx, struct lyd_node **tree, struct evpn_vni *v)
{
	struct state_count c = { 0 };
	char base[96], path[160], buf[64];
	int rc;

	evpn_mac_walk(v, state_count_mac, &c);
	snprintf(base, sizeof(base), VNI_STATE "[vni='%u']", v->vni);
#define SET(leaf, ...) (snprintf(path, sizeof(path), "%s/" leaf, base), ds_set(ctx, tree, path, __VA_ARGS__))
	rc = SET("type", "l2");
	if (v->vxlan_if[0])
		rc |= SET("vxlan-interface", "%s", v->vxlan_if);
	if (v->vtep_len)
		rc |= SET("vtep-ip", "%s", evpn_show_addr(v->vtep, v->vtep_len, buf, sizeof(buf)));
	if (v->vtep_len)
		rc |= SET("rd", "%s", evpn_rd_format(&v->rd, buf, sizeof(buf)));
	rc |= state_rts(ctx, tree, base, "import-rt", (const uint8_t(*)[EVPN_ECOMM_LEN])v->import_rt, v->n_import);
	rc |= state_rts(ctx, tree, base, "export-rt", (const uint8_t(*)[EVPN_ECOMM_LEN])v->export_rt, v->n_export);
	rc |= SET("local-macs", "%u", c.local);
	rc |= SET("remote-macs", "%u", c.remote);
	rc |= SET("local-arp", "%u", c.local_arp);
	rc |= SET("remote-arp", "%u", c.remote_arp);
	for (const struct evpn_vtep *t = v->vteps; t; t = t->next)
		rc |= SET("remote-vteps", "%s", evpn_show_addr(t->ip, t->len, buf, sizeof(buf)));
#undef SET
	return rc;
}

int evpn_state_cb(void *arg, struct ly_ctx *ctx, struct lyd_node **tree)
{
	int rc = 0;

	(void)arg;
	for (struct evpn_vni *v = evpn_vni_first(); v && rc == 0; v = v->next)
		rc = state_vni(ctx, tree, v);
	return rc;
}
