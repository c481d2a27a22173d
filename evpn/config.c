/* The evpnd-evpn module's configuration hooks: what the YANG patterns
 * cannot say about RD/RT numbers, and the VNIs as operational state. */
#include <stdlib.h>
#include <string.h>

#include "evpn/ecomm.h"
#include "evpn/evpn.h"
#include "evpn/rd.h"
#include "evpn/show.h"
#include "lib/log.h"

#define EVPN "/evpnd-bgp:bgp/evpnd-evpn:l2vpn-evpn"

bool evpn_advertise_all, evpn_advertise_gw;

/* Why an RD or RT value is refused, or NULL: a number too big for its
 * form, or (route targets) a global administrator that names no one. */
static const char *cfg_rd_rt_problem(const struct lyd_node *n)
{
	const char *v = lyd_get_value(n);
	uint8_t rt[EVPN_ECOMM_LEN];
	struct evpn_rd rd;

	if (evpn_rd_parse(v, &rd) < 0)
		return "a 2-octet AS takes a number up to 4294967295, a 4-octet AS or an IPv4 "
		       "address one up to 65535";
	if (strcmp(n->schema->name, "rd") == 0 || evpn_rt_parse(v, rt) < 0)
		return NULL;
	/* the global administrator: 2 octets of AS (type 0), else 4 of AS or IPv4 */
	if (rt[0] == EVPN_ECOMM_AS2 ? !(rt[2] | rt[3]) : !(rt[2] | rt[3] | rt[4] | rt[5]))
		return "a route target's global administrator must be an AS or an IPv4 address "
		       "(RFC 4360 section 4), and AS 0 is reserved (RFC 7607)";
	return NULL;
}

static int evpn_validate(void *arg, const struct lyd_node *diff, const struct lyd_node *config,
			 struct strbuf *err)
{
	struct ly_set *set = NULL;
	int rc = 0;

	(void)arg, (void)diff;
	if (lyd_find_xpath(config, EVPN "/vni/rd | " EVPN "/vni/import-rt | " EVPN "/vni/export-rt",
			   &set) != LY_SUCCESS)
		return 0;
	for (uint32_t i = 0; i < set->count && rc == 0; i++) {
		const char *why = cfg_rd_rt_problem(set->dnodes[i]);
		if (!why)
			continue;
		char *path = lyd_path(set->dnodes[i], LYD_PATH_STD, NULL, 0);
		sb_printf(err, "%% Invalid value \"%s\": %s (path: %s)",
			  lyd_get_value(set->dnodes[i]), why, path);
		free(path);
		rc = -1;
	}
	ly_set_free(set, NULL);
	return rc;
}


/* What a `vni N` block says; unset parts stay auto. */
struct vni_cfg {
	bool rd_auto, imp_auto, exp_auto;
	struct evpn_rd rd;
	uint8_t imp[EVPN_RT_MAX][EVPN_ECOMM_LEN], exp[EVPN_RT_MAX][EVPN_ECOMM_LEN];
	uint8_t n_imp, n_exp;
};

static uint8_t cfg_rts(const struct lyd_node *vni, const char *name, uint8_t (*out)[EVPN_ECOMM_LEN])
{
	struct ly_set *set = NULL;
	uint8_t n = 0;

	if (lyd_find_xpath(vni, name, &set) != LY_SUCCESS)
		return 0;
	for (uint32_t i = 0; i < set->count && n < EVPN_RT_MAX; i++)
		if (evpn_rt_parse(lyd_get_value(set->dnodes[i]), out[n]) == 0)
			n++;
	if (set->count > EVPN_RT_MAX)
		log_warn("evpn: only the first %d route targets of a kind are used", EVPN_RT_MAX);
	ly_set_free(set, NULL);
	return n;
}

static void cfg_vni_read(const struct lyd_node *vni, struct vni_cfg *c)
{
	const char *rd = ds_leaf(vni, "rd");

	memset(c, 0, sizeof(*c));
	c->rd_auto = !rd || evpn_rd_parse(rd, &c->rd) < 0;
	c->n_imp = cfg_rts(vni, "import-rt", c->imp);
	c->n_exp = cfg_rts(vni, "export-rt", c->exp);
	c->imp_auto = !c->n_imp;
	c->exp_auto = !c->n_exp;
}

static bool cfg_vni_same(const struct evpn_vni *v, const struct vni_cfg *c)
{
	return v->rd_auto == c->rd_auto && (c->rd_auto || !memcmp(&v->rd, &c->rd, sizeof(c->rd))) &&
	       v->rt_import_auto == c->imp_auto && v->rt_export_auto == c->exp_auto &&
	       (c->imp_auto || (v->n_import == c->n_imp && !memcmp(v->import_rt, c->imp, EVPN_ECOMM_LEN * c->n_imp))) &&
	       (c->exp_auto || (v->n_export == c->n_exp && !memcmp(v->export_rt, c->exp, EVPN_ECOMM_LEN * c->n_exp)));
}

static void cfg_vni_apply(const struct lyd_node *node)
{
	uint32_t id = (uint32_t)strtoul(ds_leaf(node, "vni"), NULL, 10);
	struct evpn_vni *v = evpn_vni_find(id);
	bool fresh = !v;
	struct vni_cfg c;

	cfg_vni_read(node, &c);
	if (!v && !(v = evpn_vni_get(id)))
		return;
	v->configured = true;
	v->seen = true;
	v->adv_gw_set = ds_leaf(node, "advertise-default-gw") != NULL;
	v->adv_gw = ds_leaf_true(node, "advertise-default-gw");
	if (!fresh && cfg_vni_same(v, &c))
		return;
	v->rd_auto = c.rd_auto;
	if (!c.rd_auto)
		v->rd = c.rd;
	v->rt_import_auto = c.imp_auto;
	v->rt_export_auto = c.exp_auto;
	if (!c.imp_auto)
		memcpy(v->import_rt, c.imp, sizeof(c.imp)), v->n_import = c.n_imp;
	if (!c.exp_auto)
		memcpy(v->export_rt, c.exp, sizeof(c.exp)), v->n_export = c.n_exp;
	evpn_vni_refresh(v);
}

/* The configured values, or without a configuration (evpn NULL) the
 * YANG defaults. */
static const char *dad_leaf(const struct ly_ctx *ctx, const struct lyd_node *evpn,
			    const char *rel)
{
	char path[128];

	if (evpn)
		return ds_leaf(evpn, rel);
	snprintf(path, sizeof(path), "%s/%s", EVPN, rel);
	return ds_default(ctx, NULL, path);
}

static void cfg_dad(const struct ly_ctx *ctx, const struct lyd_node *evpn)
{
	const char *v;

	v = dad_leaf(ctx, evpn, "dup-addr-detection/enabled");
	evpn_dad.enabled = v && !strcmp(v, "true");
	v = dad_leaf(ctx, evpn, "dup-addr-detection/max-moves");
	evpn_dad.max_moves = v ? (uint32_t)strtoul(v, NULL, 10) : 0;
	v = dad_leaf(ctx, evpn, "dup-addr-detection/time");
	evpn_dad.time = v ? (uint32_t)strtoul(v, NULL, 10) : 0;
	v = dad_leaf(ctx, evpn, "dup-addr-detection/freeze");
	evpn_dad.freeze_permanent = v && !strcmp(v, "permanent");
	evpn_dad.freeze = v && !evpn_dad.freeze_permanent ? (uint32_t)strtoul(v, NULL, 10) : 0;
}

/* A `vni N` removed while its device stays under advertise-all-vni goes
 * back to a discovered instance with auto RD and RTs. */
static void cfg_vni_unconfigure(struct evpn_vni *v)
{
	if (!v->kernel_bound || !evpn_advertise_all) {
		evpn_vni_delete(v);
		return;
	}
	v->configured = false;
	v->adv_gw_set = v->adv_gw = false;
	v->rd_auto = v->rt_import_auto = v->rt_export_auto = true;
	evpn_vni_refresh(v);
}

/* The default gateway routes (RFC 7432 §10.1) need the SVIs' addresses,
 * which come with the distributed gateways: until then the setting is
 * kept and shown, and said once not to be acted on. */
static void cfg_warn_gw(void)
{
	static bool warned;
	bool on = evpn_advertise_gw;

	for (const struct evpn_vni *v = evpn_vni_first(); v && !on; v = v->next)
		on = evpn_vni_advertise_gw(v);
	if (on && !warned)
		log_warn("evpn: advertise-default-gw is configured but not implemented yet: no "
			 "gateway MAC/IP routes are advertised");
	warned = on;
}

/* The identity (AS, router ID) that makes the auto RD and RTs comes
 * from the RIB (rib_family.identity), not from here. */
static void evpn_apply(void *arg, const struct lyd_node *diff, const struct lyd_node *config)
{
	struct lyd_node *evpn = NULL;
	struct ly_set *set = NULL;

	(void)arg, (void)diff;
	for (struct evpn_vni *v = evpn_vni_first(); v; v = v->next)
		v->seen = false;
	evpn_advertise_all = evpn_advertise_gw = false;
	if (config && lyd_find_path(config, EVPN, 0, &evpn) == LY_SUCCESS) {
		evpn_advertise_all = ds_leaf_true(evpn, "advertise-all-vni");
		evpn_advertise_gw = ds_leaf_true(evpn, "advertise-default-gw");
		cfg_dad(LYD_CTX(evpn), evpn);
		if (lyd_find_xpath(evpn, "vni", &set) == LY_SUCCESS) {
			for (uint32_t i = 0; i < set->count; i++)
				cfg_vni_apply(set->dnodes[i]);
			ly_set_free(set, NULL);
		}
	}
	for (struct evpn_vni *v = evpn_vni_first(), *next; v; v = next) {
		next = v->next;
		if (v->configured && !v->seen)
			cfg_vni_unconfigure(v);
	}
	cfg_warn_gw();
	evpn_dp_rescan();
}

static int evpn_module_init(const struct module_ctx *ctx, struct strbuf *err)
{
	(void)err;
	evpn_init();
	cfg_dad(ds_ctx(ctx->ds), NULL);
	return 0;
}

static const struct module_cfg evpn_cfg[] = {
	{ EVPN, evpn_validate, evpn_apply },
};

static const struct cli_cmd *const evpn_cmds[] = { evpn_show_cmds, evpn_exec_cmds, NULL };

/* After bgp: the instances take the AS and router ID its configuration
 * sets (through the RIB), and their configuration sits in its tree; after
 * fib, whose interface (fib/dp.h) they program the kernel through. */
const struct module evpn_module = {
	.name = "evpn",
	.after = { "bgp", "fib" },
	.init = evpn_module_init,
	.fini = evpn_shutdown,
	.cfg = evpn_cfg,
	.n_cfg = sizeof(evpn_cfg) / sizeof(evpn_cfg[0]),
	.state = evpn_state_cb,
	.cmds = evpn_cmds,
};
