/* The configuration datastore: running config as a libyang tree, changed
 * only by whole, validated transactions (validate every module, then apply
 * every module), and operational state assembled on demand. */
#ifndef EVPND_DATASTORE_H
#define EVPND_DATASTORE_H

#include <stdbool.h>
#include <stdint.h>
#include <libyang/libyang.h>

#include "lib/strbuf.h"

struct ds;

/* Checks a change the schema cannot (semantics, resources). May refuse by
 * returning -1 with a message in err; must not change anything. */
typedef int (*ds_validate_fn)(void *arg, const struct lyd_node *diff,
			      const struct lyd_node *config, struct strbuf *err);
/* Takes a validated change into effect. Cannot fail: every refusal belongs
 * in the validate phase. */
typedef void (*ds_apply_fn)(void *arg, const struct lyd_node *diff,
			    const struct lyd_node *config);
/* Adds this module's operational data to *tree (creating it if NULL). */
typedef int (*ds_state_fn)(void *arg, struct ly_ctx *ctx, struct lyd_node **tree);

/* A libyang context with every evpnd module loaded from the copies built
 * into the binary. */
struct ly_ctx *ds_new_context(struct strbuf *err);

struct ds *ds_new(struct strbuf *err);
void ds_free(struct ds *ds);
struct ly_ctx *ds_ctx(const struct ds *ds);
const struct lyd_node *ds_running(const struct ds *ds);
/* Bumped by every commit that changed something. */
uint64_t ds_version(const struct ds *ds);

/* The callbacks run when the change touches data below path_prefix, a
 * data path such as "/evpnd-bgp:bgp". */
void ds_register(struct ds *ds, const char *path_prefix, ds_validate_fn validate,
		 ds_apply_fn apply, void *arg);
void ds_register_state(struct ds *ds, ds_state_fn fn, void *arg);
/* Whether every configuration root of the loaded YANG modules (top-level
 * nodes and augments) has an apply registered at it or inside it: a part
 * of the schema nobody takes in would accept configuration that does
 * nothing. -1 naming the first such path. */
int ds_check_coverage(const struct ds *ds, struct strbuf *err);

/* Makes *cand the running config if the whole of it validates and every
 * module accepts the change. On success *cand is consumed (set to NULL);
 * on failure it is left to the caller, running is untouched and err says
 * why, with the offending path. *changed tells if anything differed. */
int ds_commit(struct ds *ds, struct lyd_node **cand, bool *changed, struct strbuf *err);

/* A private copy of running, to edit as a candidate. */
struct lyd_node *ds_running_dup(const struct ds *ds);

/* Operational state (with config) selected by xpath, "/" for all. */
int ds_get_state(struct ds *ds, const char *xpath, struct lyd_node **out, struct strbuf *err);

/* Sets an absolute path in *tree (which may start NULL), creating what is
 * missing; printf-style value. For state callbacks. */
int ds_set(const struct ly_ctx *ctx, struct lyd_node **tree, const char *path,
	   const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* A whole configuration as YANG JSON (RFC 7951) into a new, unvalidated
 * tree for ds_commit; -1 with libyang's reason in err. */
int ds_parse_json(const struct ly_ctx *ctx, const char *text, struct lyd_node **tree,
		  struct strbuf *err);
/* A tree as YANG JSON, newline-terminated; "{}" for an empty one. */
void ds_print_json(const struct lyd_node *tree, struct strbuf *out);

/* Appends libyang's last error ("message (path)") to err. */
void ds_ly_error(const struct ly_ctx *ctx, struct strbuf *err);

/* Leaves as the C side reads them: the value at path (relative to node),
 * or, when the tree has none, the leaf's YANG default. The schema is the
 * one place a default is written. NULL (0, false) when there is neither
 * or node is NULL. */
const char *ds_leaf(const struct lyd_node *node, const char *path);
unsigned long ds_leaf_num(const struct lyd_node *node, const char *path);
bool ds_leaf_true(const struct lyd_node *node, const char *path);
/* The YANG default of the leaf at path (absolute, or relative to the
 * schema node from), NULL if it has none. */
const char *ds_default(const struct ly_ctx *ctx, const struct lysc_node *from, const char *path);

/* The diff operation of a node in a libyang diff: 'c'reate, 'd'elete,
 * 'r'eplace, 'n'one. */
char ds_diff_op(const struct lyd_node *node);
/* Whether the diff creates, deletes or replaces anything below prefix. */
bool ds_diff_touches(const struct lyd_node *diff, const char *prefix);

#endif
