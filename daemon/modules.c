/* Wiring the modules: a topological sort by their `after` lists (Kahn's,
 * taking the first ready module in the given order each round, so the
 * result is stable), then registration in that order, so a commit
 * applies them dependencies first. */
#include <stdbool.h>
#include <string.h>

#include "cli/cmd.h"
#include "daemon/modules.h"
#include "lib/log.h"

static struct {
	const struct module *mods[MODULES_MAX];
	size_t n, started;
} wired;

static int mod_index(const struct module *const *in, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(in[i]->name, name) == 0)
			return (int)i;
	return -1;
}

/* Whether every dependency of m is placed already; -1: one is unknown. */
static int mod_ready(const struct module *m, const struct module *const *in, size_t n,
		     const bool *placed)
{
	for (int k = 0; k < MODULE_MAX_AFTER && m->after[k]; k++) {
		int j = mod_index(in, n, m->after[k]);
		if (j < 0)
			return -1;
		if (!placed[j])
			return 0;
	}
	return 1;
}

int modules_order(const struct module *const *in, size_t n, const struct module **out,
		  struct strbuf *err)
{
	bool placed[MODULES_MAX] = { false };
	size_t done = 0;

	if (n > MODULES_MAX) {
		sb_printf(err, "%zu modules, at most %d", n, MODULES_MAX);
		return -1;
	}
	while (done < n) {
		size_t i;
		for (i = 0; i < n; i++) {
			int r = placed[i] ? 0 : mod_ready(in[i], in, n, placed);
			if (r < 0) {
				sb_printf(err, "module %s depends on a module that does not exist",
					  in[i]->name);
				return -1;
			}
			if (r > 0)
				break;
		}
		if (i == n) {
			for (i = 0; placed[i]; i++)
				;
			sb_printf(err, "module %s is in a dependency cycle", in[i]->name);
			return -1;
		}
		placed[i] = true;
		out[done++] = in[i];
	}
	return 0;
}

static void mod_register(const struct module *m, struct ds *ds)
{
	for (size_t i = 0; i < m->n_cfg; i++)
		ds_register(ds, m->cfg[i].prefix, m->cfg[i].validate, m->cfg[i].apply, NULL);
	if (m->state)
		ds_register_state(ds, m->state, NULL);
	for (const struct cli_cmd *const *t = m->cmds; t && *t; t++) {
		int n = 0;
		while ((*t)[n].syntax)
			n++;
		cli_register(*t, n);
	}
}

int modules_start(const struct module *const *in, size_t n, const struct module_ctx *ctx,
		  struct strbuf *err)
{
	if (modules_order(in, n, wired.mods, err) < 0)
		return -1;
	wired.n = n;
	for (size_t i = 0; i < n; i++)
		mod_register(wired.mods[i], ctx->ds);
	if (ds_check_coverage(ctx->ds, err) < 0)
		return -1;
	for (wired.started = 0; wired.started < n; wired.started++) {
		const struct module *m = wired.mods[wired.started];
		if (m->init && m->init(ctx, err) < 0) {
			modules_stop();
			return -1;
		}
		log_debug("module %s started", m->name);
	}
	return 0;
}

void modules_stop(void)
{
	while (wired.started > 0) {
		const struct module *m = wired.mods[--wired.started];
		if (m->fini)
			m->fini();
	}
	wired.n = 0;
}
