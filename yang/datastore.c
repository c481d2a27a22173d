#include "yang/datastore.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/log.h"
#include "yang/embedded.h"

#define DS_MAX_MODULES 16

struct ds_module {
	char *prefix;
	ds_validate_fn validate;
	ds_apply_fn apply;
	void *arg;
};

struct ds_state_src {
	ds_state_fn fn;
	void *arg;
};

struct ds {
	struct ly_ctx *ctx;
	struct lyd_node *running;
	uint64_t version;
	struct ds_module mods[DS_MAX_MODULES];
	int nmods;
	struct ds_state_src states[DS_MAX_MODULES];
	int nstates;
};

/* libyang asks for imports by name; answer from the built-in copies. */
static LY_ERR ds_import_cb(const char *mod_name, const char *mod_rev, const char *submod_name,
			   const char *submod_rev, void *user_data, LYS_INFORMAT *format,
			   const char **module_data, void (**free_module_data)(void *, void *))
{
	(void)mod_rev;
	(void)submod_name;
	(void)submod_rev;
	(void)user_data;
	for (const struct yang_embedded *y = yang_embedded; y->name; y++) {
		if (strcmp(y->name, mod_name) == 0) {
			*format = LYS_IN_YANG;
			*module_data = y->text;
			*free_module_data = NULL;
			return LY_SUCCESS;
		}
	}
	return LY_ENOTFOUND;
}

void ds_ly_error(const struct ly_ctx *ctx, struct strbuf *err)
{
	const struct ly_err_item *e = ly_err_last(ctx);

	if (!e) {
		sb_puts(err, "invalid configuration");
		return;
	}
	/* one line: libyang folds some messages over several */
	for (const char *p = e->msg ? e->msg : "invalid configuration"; *p; p++) {
		if (*p != '\n')
			sb_printf(err, "%c", *p);
		else if (err->len && err->buf[err->len - 1] != ' ')
			sb_puts(err, " ");
	}
	if (e->path)
		sb_printf(err, " (path: %s)", e->path);
}

struct ly_ctx *ds_new_context(struct strbuf *err)
{
	struct ly_ctx *ctx;

	/* Keep libyang quiet: its errors reach the user through our replies. */
	ly_log_options(LY_LOSTORE_LAST);
	if (ly_ctx_new(NULL, LY_CTX_NO_YANGLIBRARY, &ctx) != LY_SUCCESS) {
		sb_puts(err, "cannot create libyang context");
		return NULL;
	}
	ly_ctx_set_module_imp_clb(ctx, ds_import_cb, NULL);
	for (const struct yang_embedded *y = yang_embedded; y->name; y++) {
		if (!ly_ctx_load_module(ctx, y->name, NULL, NULL)) {
			sb_printf(err, "cannot load YANG module %s: ", y->name);
			ds_ly_error(ctx, err);
			ly_ctx_destroy(ctx);
			return NULL;
		}
	}
	return ctx;
}

struct ds *ds_new(struct strbuf *err)
{
	struct ds *ds = calloc(1, sizeof(*ds));

	if (!ds)
		abort();
	ds->ctx = ds_new_context(err);
	if (!ds->ctx) {
		free(ds);
		return NULL;
	}
	/* Running starts as the empty config with its defaults filled in. */
	if (lyd_validate_all(&ds->running, ds->ctx, LYD_VALIDATE_NO_STATE, NULL) != LY_SUCCESS) {
		ds_ly_error(ds->ctx, err);
		ds_free(ds);
		return NULL;
	}
	return ds;
}

void ds_free(struct ds *ds)
{
	if (!ds)
		return;
	lyd_free_all(ds->running);
	for (int i = 0; i < ds->nmods; i++)
		free(ds->mods[i].prefix);
	if (ds->ctx)
		ly_ctx_destroy(ds->ctx);
	free(ds);
}

struct ly_ctx *ds_ctx(const struct ds *ds)
{
	return ds->ctx;
}

const struct lyd_node *ds_running(const struct ds *ds)
{
	return ds->running;
}

uint64_t ds_version(const struct ds *ds)
{
	return ds->version;
}

struct lyd_node *ds_running_dup(const struct ds *ds)
{
	struct lyd_node *dup = NULL;

	if (ds->running &&
	    lyd_dup_siblings(ds->running, NULL, LYD_DUP_RECURSIVE | LYD_DUP_WITH_FLAGS, &dup))
		abort();
	return dup;
}

void ds_register(struct ds *ds, const char *path_prefix, ds_validate_fn validate,
		 ds_apply_fn apply, void *arg)
{
	if (ds->nmods == DS_MAX_MODULES)
		abort();
	ds->mods[ds->nmods++] = (struct ds_module){
		.prefix = strdup(path_prefix), .validate = validate, .apply = apply, .arg = arg,
	};
}

void ds_register_state(struct ds *ds, ds_state_fn fn, void *arg)
{
	if (ds->nstates == DS_MAX_MODULES)
		abort();
	ds->states[ds->nstates++] = (struct ds_state_src){ fn, arg };
}

const char *ds_default(const struct ly_ctx *ctx, const struct lysc_node *from, const char *path)
{
	const struct lysc_node *n = lys_find_path(ctx, from, path, 0);

	if (!n || n->nodetype != LYS_LEAF || !((const struct lysc_node_leaf *)n)->dflt)
		return NULL;
	return lyd_value_get_canonical(ctx, ((const struct lysc_node_leaf *)n)->dflt);
}

const char *ds_leaf(const struct lyd_node *node, const char *path)
{
	struct lyd_node *leaf = NULL;

	if (!node)
		return NULL;
	if (lyd_find_path(node, path, 0, &leaf) == LY_SUCCESS && leaf)
		return lyd_get_value(leaf);
	return ds_default(LYD_CTX(node), node->schema, path);
}

unsigned long ds_leaf_num(const struct lyd_node *node, const char *path)
{
	const char *v = ds_leaf(node, path);

	return v ? strtoul(v, NULL, 10) : 0;
}

bool ds_leaf_true(const struct lyd_node *node, const char *path)
{
	const char *v = ds_leaf(node, path);

	return v && strcmp(v, "true") == 0;
}

char ds_diff_op(const struct lyd_node *node)
{
	struct lyd_meta *m = lyd_find_meta(node->meta, NULL, "yang:operation");
	const char *v = m ? lyd_get_meta_value(m) : NULL;

	return v ? v[0] : 'n';
}

static bool ds_path_under(const char *path, const char *prefix)
{
	size_t n = strlen(prefix);

	return strncmp(path, prefix, n) == 0 &&
	       (path[n] == '\0' || path[n] == '/' || path[n] == '[');
}

/* In a libyang diff, the nodes below a created or deleted node carry no
 * operation of their own: they inherit it. */
static char ds_diff_effective_op(const struct lyd_node *node)
{
	for (; node; node = lyd_parent(node)) {
		char op = ds_diff_op(node);
		if (op != 'n')
			return op;
	}
	return 'n';
}

bool ds_diff_touches(const struct lyd_node *diff, const char *prefix)
{
	const struct lyd_node *top, *node;

	LY_LIST_FOR(diff, top) {
		LYD_TREE_DFS_BEGIN(top, node) {
			if (ds_diff_effective_op(node) != 'n') {
				char *path = lyd_path(node, LYD_PATH_STD, NULL, 0);
				bool hit = path && ds_path_under(path, prefix);
				free(path);
				if (hit)
					return true;
			}
			LYD_TREE_DFS_END(top, node);
		}
	}
	return false;
}

/* A configuration root: a top-level node, or one a module augments into
 * another module's tree. */
static bool ds_schema_root(const struct lysc_node *n)
{
	return (n->flags & LYS_CONFIG_W) && (!n->parent || n->parent->module != n->module) &&
	       !(n->nodetype & (LYS_CHOICE | LYS_CASE));
}

/* An apply registered at the root or inside it: one registered above it
 * (bgp's whole tree, for the EVPN augment) belongs to a module that knows
 * nothing of what another YANG module added there. */
static bool ds_covered(const struct ds *ds, const char *root)
{
	for (int i = 0; i < ds->nmods; i++)
		if (ds->mods[i].apply && ds_path_under(ds->mods[i].prefix, root))
			return true;
	return false;
}

static int ds_check_node(const struct ds *ds, const struct lysc_node *top, struct strbuf *err)
{
	const struct lysc_node *n;
	int rc = 0;

	LYSC_TREE_DFS_BEGIN(top, n) {
		if (rc == 0 && ds_schema_root(n)) {
			char *path = lysc_path(n, LYSC_PATH_DATA, NULL, 0);
			if (path && !ds_covered(ds, path)) {
				sb_printf(err, "no module takes in the configuration at %s", path);
				rc = -1;
			}
			free(path);
		}
		LYSC_TREE_DFS_END(top, n);
	}
	return rc;
}

int ds_check_coverage(const struct ds *ds, struct strbuf *err)
{
	const struct lys_module *mod;
	uint32_t idx = 0;

	while ((mod = ly_ctx_get_module_iter(ds->ctx, &idx)))
		for (const struct lysc_node *top = mod->implemented && mod->compiled ?
							   mod->compiled->data : NULL;
		     top; top = top->next)
			if (ds_check_node(ds, top, err) < 0)
				return -1;
	return 0;
}

static int ds_validate_modules(struct ds *ds, const struct lyd_node *diff,
			       const struct lyd_node *cand, struct strbuf *err)
{
	for (int i = 0; i < ds->nmods; i++) {
		struct ds_module *m = &ds->mods[i];
		if (m->validate && ds_diff_touches(diff, m->prefix) &&
		    m->validate(m->arg, diff, cand, err) < 0)
			return -1;
	}
	return 0;
}

int ds_commit(struct ds *ds, struct lyd_node **cand, bool *changed, struct strbuf *err)
{
	struct lyd_node *diff = NULL;

	*changed = false;
	ly_err_clean(ds->ctx, NULL);
	if (lyd_validate_all(cand, ds->ctx, LYD_VALIDATE_NO_STATE, NULL) != LY_SUCCESS) {
		ds_ly_error(ds->ctx, err);
		return -1;
	}
	if (lyd_diff_siblings(ds->running, *cand, 0, &diff) != LY_SUCCESS) {
		ds_ly_error(ds->ctx, err);
		return -1;
	}
	if (!diff)
		goto swap;
	if (ds_validate_modules(ds, diff, *cand, err) < 0) {
		lyd_free_all(diff);
		return -1;
	}
	for (int i = 0; i < ds->nmods; i++) {
		struct ds_module *m = &ds->mods[i];
		if (m->apply && ds_diff_touches(diff, m->prefix))
			m->apply(m->arg, diff, *cand);
	}
	lyd_free_all(diff);
	ds->version++;
	*changed = true;
swap:
	lyd_free_all(ds->running);
	ds->running = *cand;
	*cand = NULL;
	return 0;
}

int ds_get_state(struct ds *ds, const char *xpath, struct lyd_node **out, struct strbuf *err)
{
	struct lyd_node *tree = ds_running_dup(ds);
	struct ly_set *set = NULL;

	*out = NULL;
	for (int i = 0; i < ds->nstates; i++)
		if (ds->states[i].fn(ds->states[i].arg, ds->ctx, &tree) < 0)
			log_warn("operational state source %d failed", i);
	ly_err_clean(ds->ctx, NULL);
	if (!xpath || !*xpath || strcmp(xpath, "/") == 0) {
		*out = tree;
		return 0;
	}
	if (lyd_find_xpath(tree, xpath, &set) != LY_SUCCESS) {
		sb_printf(err, "bad path %s: ", xpath);
		ds_ly_error(ds->ctx, err);
		lyd_free_all(tree);
		return -1;
	}
	/* Keep each selected node with its ancestors, as a filter would. */
	for (uint32_t i = 0; i < set->count; i++) {
		struct lyd_node *dup = NULL;
		if (lyd_dup_single(set->dnodes[i], NULL,
				   LYD_DUP_RECURSIVE | LYD_DUP_WITH_PARENTS | LYD_DUP_WITH_FLAGS,
				   &dup) != LY_SUCCESS)
			continue;
		while (dup->parent)
			dup = lyd_parent(dup);
		if (!*out)
			*out = dup;
		else if (lyd_merge_siblings(out, dup, LYD_MERGE_DESTRUCT) != LY_SUCCESS)
			lyd_free_all(dup);
	}
	ly_set_free(set, NULL);
	lyd_free_all(tree);
	return 0;
}

int ds_set(const struct ly_ctx *ctx, struct lyd_node **tree, const char *path, const char *fmt,
	   ...)
{
	struct lyd_node *node = NULL;
	char *value = NULL;
	va_list ap;
	LY_ERR rc;

	va_start(ap, fmt);
	if (vasprintf(&value, fmt, ap) < 0)
		abort();
	va_end(ap);
	rc = lyd_new_path(*tree, ctx, path, value, LYD_NEW_PATH_UPDATE, &node);
	free(value);
	if (rc != LY_SUCCESS)
		return -1;
	if (!*tree && node) {
		while (lyd_parent(node))
			node = lyd_parent(node);
		*tree = node;
	}
	*tree = lyd_first_sibling(*tree);
	return 0;
}

int ds_parse_json(const struct ly_ctx *ctx, const char *text, struct lyd_node **tree,
		  struct strbuf *err)
{
	*tree = NULL;
	ly_err_clean((struct ly_ctx *)ctx, NULL);
	if (lyd_parse_data_mem(ctx, text, LYD_JSON,
			       LYD_PARSE_STRICT | LYD_PARSE_ONLY | LYD_PARSE_NO_STATE, 0,
			       tree) != LY_SUCCESS) {
		ds_ly_error(ctx, err);
		return -1;
	}
	return 0;
}

void ds_print_json(const struct lyd_node *tree, struct strbuf *out)
{
	char *text = NULL;

	lyd_print_mem(&text, tree, LYD_JSON, LYD_PRINT_WITHSIBLINGS);
	sb_printf(out, "%s\n", text ? text : "{}");
	free(text);
}
