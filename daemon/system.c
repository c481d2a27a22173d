/* The evpnd-system module: host name, router ID and the remote management
 * listener, plus the daemon's own operational state. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

#include "daemon/evpnd.h"
#include "lib/log.h"
#include "mgmt/server.h"
#include "yang/module.h"

#include "version.h"

#define TLS_PATH "/evpnd-system:system/management/tls"

/* Certificate files must be readable now; the listener itself can only be
 * tried at apply time, and a failure there is logged. */
static int system_validate(void *arg, const struct lyd_node *diff, const struct lyd_node *config,
			   struct strbuf *err)
{
	static const char *const files[] = { "certificate", "key", "ca-certificate" };

	(void)arg, (void)diff;
	if (!ds_leaf(config, TLS_PATH "/address"))
		return 0;
	for (size_t i = 0; i < 3; i++) {
		char path[128];
		snprintf(path, sizeof(path), TLS_PATH "/%s", files[i]);
		const char *file = ds_leaf(config, path);
		if (access(file, R_OK) != 0) {
			sb_printf(err, "%% Cannot read %s %s: %s (path: %s)", files[i], file,
				  strerror(errno), path);
			return -1;
		}
	}
	return 0;
}

static struct evpnd *sysd;

#define IDLE_PATH "/evpnd-system:system/management/idle-timeout"

static void system_tls(struct evpnd *d, const struct lyd_node *config)
{
	char err[512];

	if (!ds_leaf(config, TLS_PATH "/address")) {
		mgmt_server_stop_tls(d->mgmt);
		log_notice("remote management listener stopped");
		return;
	}
	struct mgmt_tls_config tls = {
		.address = ds_leaf(config, TLS_PATH "/address"),
		.port = (unsigned)atoi(ds_leaf(config, TLS_PATH "/port")),
		.cert = ds_leaf(config, TLS_PATH "/certificate"),
		.key = ds_leaf(config, TLS_PATH "/key"),
		.ca = ds_leaf(config, TLS_PATH "/ca-certificate"),
	};
	if (mgmt_server_listen_tls(d->mgmt, &tls, err, sizeof(err)) < 0)
		log_err("remote management listener on %s port %u: %s", tls.address, tls.port, err);
	else
		log_notice("remote management listener on %s port %u (mutual TLS)", tls.address,
			   tls.port);
}

static void system_apply(void *arg, const struct lyd_node *diff, const struct lyd_node *config)
{
	struct evpnd *d = sysd;
	const char *idle = ds_leaf(config, IDLE_PATH);

	(void)arg;
	if (ds_diff_touches(diff, TLS_PATH))
		system_tls(d, config);
	/* The default (its YANG default, which a config without the leaf
	 * keeps) is set at start. */
	if (idle && d->mgmt)
		mgmt_server_set_idle_timeout(d->mgmt, strtod(idle, NULL));
}

static int system_init(const struct module_ctx *ctx, struct strbuf *err)
{
	const char *idle = ds_default(ds_ctx(ctx->ds), NULL, IDLE_PATH);

	(void)err;
	if (idle && sysd->mgmt)
		mgmt_server_set_idle_timeout(sysd->mgmt, strtod(idle, NULL));
	return 0;
}

static int system_state(void *arg, struct ly_ctx *ctx, struct lyd_node **tree)
{
	struct evpnd *d = sysd;
	const char *p = "/evpnd-system:system-state/";

	(void)arg;
	char path[96];
	int rc = 0;

#define SET(leafname, ...)                                             \
	snprintf(path, sizeof(path), "%s%s", p, leafname);            \
	rc |= ds_set(ctx, tree, path, __VA_ARGS__)
	SET("version", "%s", EVPND_VERSION);
	SET("instance", "%s", *d->name ? d->name : "default");
	SET("pid", "%d", (int)getpid());
	SET("uptime", "%ld", (long)(time(NULL) - d->started));
	SET("config-file", "%s", d->config_path);
#undef SET
	return rc;
}

static const struct module_cfg system_cfg[] = {
	{ "/evpnd-system:system", system_validate, system_apply },
};

static const struct module sysmod = {
	.name = "system",
	.init = system_init,
	.cfg = system_cfg,
	.n_cfg = sizeof(system_cfg) / sizeof(system_cfg[0]),
	.state = system_state,
};

/* The daemon's own module: the one that knows the daemon. */
const struct module *system_module(struct evpnd *d)
{
	sysd = d;
	return &sysmod;
}
