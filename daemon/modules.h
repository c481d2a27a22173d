/* The daemon's modules (yang/module.h), put in dependency order and
 * wired to the datastore and the command table. */
#ifndef EVPND_DAEMON_MODULES_H
#define EVPND_DAEMON_MODULES_H

#include <stddef.h>

#include "yang/module.h"

#define MODULES_MAX 16

/* Orders in[0..n) so that every module comes after those it names in
 * `after` (stable: otherwise as given). -1 with err naming the module on
 * an unknown dependency or a cycle. */
int modules_order(const struct module *const *in, size_t n, const struct module **out,
		  struct strbuf *err);
/* Orders the modules, registers their configuration callbacks, state and
 * commands in that order, checks that every part of the YANG modules is
 * taken in by some module, and starts them; -1 with err (and nothing left
 * started) on failure. */
int modules_start(const struct module *const *in, size_t n, const struct module_ctx *ctx,
		  struct strbuf *err);
/* Stops the started modules, last first. */
void modules_stop(void);

#endif
