/* The evpnd-bgp module's configuration hooks. Sessions arrive with the
 * session issue; until then the config is checked and reported, and each
 * configured neighbor reports its RFC 4271 state as Idle. */
#include <stdlib.h>

#include "daemon/evpnd.h"
#include "lib/log.h"

#define BGP "/evpnd-bgp:bgp"

static void bgp_apply(void *arg, const struct lyd_node *diff, const struct lyd_node *config)
{
	struct ly_set *set = NULL;

	(void)arg, (void)diff;
	if (lyd_find_xpath(config, BGP "/neighbors/neighbor", &set) == LY_SUCCESS) {
		log_info("bgp: configuration applied, %u neighbor(s)", set->count);
		ly_set_free(set, NULL);
	}
}

static int bgp_state(void *arg, struct ly_ctx *ctx, struct lyd_node **tree)
{
	struct ly_set *set = NULL;
	int rc = 0;

	(void)arg;
	if (!*tree || lyd_find_xpath(*tree, BGP "/neighbors/neighbor", &set) != LY_SUCCESS)
		return 0;
	for (uint32_t i = 0; i < set->count && rc == 0; i++) {
		char *path = lyd_path(set->dnodes[i], LYD_PATH_STD, NULL, 0);
		struct strbuf p = STRBUF_INIT;
		sb_printf(&p, "%s/state/session-state", path);
		rc = ds_set(ctx, tree, p.buf, "idle");
		sb_free(&p);
		free(path);
	}
	ly_set_free(set, NULL);
	return rc;
}

void bgp_config_register(struct evpnd *d)
{
	ds_register(d->ds, BGP, NULL, bgp_apply, d);
	ds_register_state(d->ds, bgp_state, d);
}
