/* The evpnd-evpn module's configuration hooks: what the YANG patterns
 * cannot say about RD/RT numbers, and the VNIs as operational state. */
#include <stdlib.h>
#include <string.h>

#include "daemon/evpnd.h"
#include "evpn/rd.h"
#include "lib/log.h"

#define EVPN "/evpnd-bgp:bgp/evpnd-evpn:l2vpn-evpn"

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
		struct evpn_rd rd;
		const char *v = lyd_get_value(set->dnodes[i]);
		if (evpn_rd_parse(v, &rd) == 0)
			continue;
		char *path = lyd_path(set->dnodes[i], LYD_PATH_STD, NULL, 0);
		sb_printf(err,
			  "%% Invalid value \"%s\": a 2-octet AS takes a number up to 4294967295, "
			  "a 4-octet AS or an IPv4 address one up to 65535 (path: %s)",
			  v, path);
		free(path);
		rc = -1;
	}
	ly_set_free(set, NULL);
	return rc;
}

static void evpn_apply(void *arg, const struct lyd_node *diff, const struct lyd_node *config)
{
	struct ly_set *set = NULL;

	(void)arg, (void)diff;
	if (lyd_find_xpath(config, EVPN "/vni", &set) == LY_SUCCESS) {
		log_info("evpn: configuration applied, %u configured VNI(s)", set->count);
		ly_set_free(set, NULL);
	}
}

static const char *leaf(const struct lyd_node *node, const char *path)
{
	struct lyd_node *n = NULL;

	return lyd_find_path(node, path, 0, &n) == LY_SUCCESS ? lyd_get_value(n) : NULL;
}

/* One vni-state entry per configured VNI; route targets default to the
 * auto ones when none is set. Kernel-discovered VNIs join with fib/. */
static int evpn_state_vni(struct ly_ctx *ctx, struct lyd_node **tree, const struct lyd_node *vni,
			  uint32_t asn)
{
	const char *id = leaf(vni, "vni"), *rd = leaf(vni, "rd");
	static const char *const dirs[] = { "import-rt", "export-rt" };
	char base[96], path[160], rt[32];
	int rc;

	snprintf(base, sizeof(base), EVPN "/vni-state[vni='%s']", id);
	snprintf(path, sizeof(path), "%s/type", base);
	rc = ds_set(ctx, tree, path, "l2");
	if (rd) {
		snprintf(path, sizeof(path), "%s/rd", base);
		rc |= ds_set(ctx, tree, path, "%s", rd);
	}
	for (int i = 0; i < 2; i++) {
		struct ly_set *set = NULL;
		lyd_find_xpath(vni, dirs[i], &set);
		snprintf(path, sizeof(path), "%s/%s", base, dirs[i]);
		if (!set || set->count == 0)
			rc |= ds_set(ctx, tree, path, "%s",
				     evpn_auto_rt(asn, (uint32_t)strtoul(id, NULL, 10), rt, sizeof(rt)));
		for (uint32_t j = 0; set && j < set->count; j++)
			rc |= ds_set(ctx, tree, path, "%s", lyd_get_value(set->dnodes[j]));
		ly_set_free(set, NULL);
	}
	return rc;
}

static int evpn_state(void *arg, struct ly_ctx *ctx, struct lyd_node **tree)
{
	struct ly_set *set = NULL;
	const char *asn;
	int rc = 0;

	(void)arg;
	if (!*tree || !(asn = leaf(*tree, "/evpnd-bgp:bgp/asn")) ||
	    lyd_find_xpath(*tree, EVPN "/vni", &set) != LY_SUCCESS)
		return 0;
	for (uint32_t i = 0; i < set->count && rc == 0; i++)
		rc = evpn_state_vni(ctx, tree, set->dnodes[i], (uint32_t)strtoul(asn, NULL, 10));
	ly_set_free(set, NULL);
	return rc;
}

void evpn_config_register(struct evpnd *d)
{
	ds_register(d->ds, EVPN, evpn_validate, evpn_apply, d);
	ds_register_state(d->ds, evpn_state, d);
}
