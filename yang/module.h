/* A module as the daemon wires it, described once: the configuration
 * subtrees it checks and takes in (their YANG data paths, with validate
 * and apply callbacks), its operational state, its command rows, the
 * modules it must come after, and its start and stop. The daemon orders
 * the modules by those dependencies (daemon/modules.c): that order is the
 * order every commit applies them in and starts them, and stops reverse
 * it. A module keeps its own state; callbacks get a NULL argument. */
#ifndef EVPND_YANG_MODULE_H
#define EVPND_YANG_MODULE_H

#include <stddef.h>
#include <stdint.h>

#include "yang/datastore.h"

struct cli_cmd;
struct ev_loop;

/* What a module is given: the loop and the datastore (and for BGP the
 * port its sessions use: evpnd -p). Neighbouring modules' interfaces are
 * wired by the daemon, by name, where they meet (daemon/main.c). */
struct module_ctx {
	struct ev_loop *loop;
	struct ds *ds;
	uint16_t bgp_port;
};

/* One configuration subtree: validate may refuse a change (before any
 * module applies), apply takes it in and cannot fail. */
struct module_cfg {
	const char *prefix;
	ds_validate_fn validate;
	ds_apply_fn apply;
};

#define MODULE_MAX_AFTER 4

struct module {
	const char *name;
	const char *after[MODULE_MAX_AFTER]; /* names; unused slots NULL */
	int (*init)(const struct module_ctx *ctx, struct strbuf *err);
	void (*fini)(void);
	const struct module_cfg *cfg;
	size_t n_cfg;
	ds_state_fn state;
	/* Command tables, NULL-terminated; each ends with a row whose
	 * syntax is NULL. */
	const struct cli_cmd *const *cmds;
};

#endif
