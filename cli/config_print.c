/* The configuration tree printed as FRR-style text, row by row. */
#include "cli/edit.h"

#include "yang/datastore.h"

#include <stdlib.h>
#include <string.h>

static const char *const cli_mode_exit[CLI_NMODES] = {
	[CLI_BGP] = "exit",
	[CLI_AF_IPV4] = "exit-address-family",
	[CLI_AF_IPV6] = "exit-address-family",
	[CLI_AF_EVPN] = "exit-address-family",
	[CLI_VNI] = "exit-vni",
};

static void cli_print_mode(const struct lyd_node *tree, enum cli_mode mode, const char *base,
			   int depth, struct strbuf *out);

static bool cli_printable(const struct cli_cmd *c)
{
	return !c->exec && !(c->flags & (CMD_NO_PRINT | CMD_NO_ONLY | CMD_EXIT));
}

/* A leaf the user set, not a default libyang filled in. */
static const struct lyd_node *cli_set_leaf(const struct lyd_node *tree, const char *path)
{
	struct lyd_node *node = NULL;

	if (lyd_find_path(tree, path, 0, &node) != LY_SUCCESS || !node)
		return NULL;
	return node;
}

/* The syntax with its argument tokens replaced by vals, in order. */
static void cli_emit(struct strbuf *out, int depth, bool no, const char *syntax, const char **vals)
{
	char *t[32];
	int nt = cli_split(syntax, t, 32), v = 0;

	sb_printf(out, "%*s%s", depth, "", no ? "no " : "");
	for (int i = 0; i < nt; i++) {
		sb_printf(out, "%s%s", i ? " " : "", cli_is_arg(t[i]) ? vals[v++] : t[i]);
		free(t[i]);
	}
	sb_puts(out, "\n");
}

/* Rows whose argument fills a leaf-list: one line per value. */
static void cli_print_leaflist(const struct lyd_node *tree, const struct cli_cmd *c,
			       const char *path, const char **vals, int nval, int depth,
			       struct strbuf *out)
{
	struct ly_set *set = NULL;

	if (lyd_find_xpath(tree, path, &set) != LY_SUCCESS)
		return;
	for (uint32_t i = 0; i < set->count; i++) {
		vals[nval] = lyd_get_value(set->dnodes[i]);
		cli_emit(out, depth, false, c->syntax, vals);
	}
	ly_set_free(set, NULL);
}

/* A row of a sub-list (cli_cmd.sub): one line per entry, in data order. */
static void cli_print_sub(const struct lyd_node *tree, const struct cli_cmd *c, const char *node,
			  const char *key, int depth, struct strbuf *out)
{
	struct ly_set *set = NULL;
	struct strbuf path = STRBUF_INIT;

	sb_printf(&path, "%s/%s", node, c->sub);
	if (lyd_find_xpath(tree, path.buf, &set) == LY_SUCCESS) {
		for (uint32_t e = 0; e < set->count; e++) {
			const char *vals[CLI_MAX_ARGS] = { key };
			int nval = key ? 1 : 0, i;
			for (i = 0; i < CLI_MAX_LEAVES && c->leaf[i]; i++) {
				struct lyd_node *leaf = NULL;
				if (lyd_find_path(set->dnodes[e], c->leaf[i], 0, &leaf) != LY_SUCCESS)
					break; /* incomplete entry: unvalidated tree */
				vals[nval++] = lyd_get_value(leaf);
			}
			if (i == CLI_MAX_LEAVES || !c->leaf[i])
				cli_emit(out, depth, false, c->syntax, vals);
		}
	}
	ly_set_free(set, NULL);
	sb_free(&path);
}

/* One row for one node (the mode's node or a list entry with key). */
static void cli_print_row(const struct lyd_node *tree, const struct cli_cmd *c, enum cli_mode mode,
			  const char *node, const char *key, int depth, struct strbuf *out)
{
	const char *vals[CLI_MAX_ARGS] = { key };
	int nval = key ? 1 : 0, nset = 0;

	if (c->sub) {
		cli_print_sub(tree, c, node, key, depth, out);
		return;
	}
	for (int i = 0; i < CLI_MAX_LEAVES && c->leaf[i]; i++) {
		char *path = cli_leaf_path(node, c->leaf[i], mode);
		const struct lyd_node *leaf = cli_set_leaf(tree, path);

		if (c->flags & CMD_LEAFLIST) {
			cli_print_leaflist(tree, c, path, vals, nval, depth, out);
			free(path);
			return;
		}
		free(path);
		if (!leaf)
			return; /* incomplete row: unvalidated tree */
		nset += !(leaf->flags & LYD_DEFAULT);
		vals[nval++] = lyd_get_value(leaf);
	}
	if (!nset)
		return;
	if (!c->value)
		cli_emit(out, depth, false, c->syntax, vals);
	else if (strcmp(vals[nval - 1], c->value) == 0)
		cli_emit(out, depth, false, c->syntax, vals);
	else if (c->flags & CMD_NEG_FALSE)
		cli_emit(out, depth, true, c->syntax, vals);
}

/* A row that enters a mode: its line, the mode's rows, the exit line. An
 * address family prints only when something is set in it. */
static void cli_print_enter(const struct lyd_node *tree, const struct cli_cmd *c,
			    const char *child, const char *key, int depth, struct strbuf *out)
{
	struct strbuf inner = STRBUF_INIT;
	const char *vals[1] = { key };

	cli_print_mode(tree, c->enter, child, depth + 1, &inner);
	if (inner.len || key) {
		/* FRR's separators: before a family, around top-level blocks */
		if (depth > 0 && !c->list)
			sb_printf(out, "%*s!\n", depth, "");
		if (depth == 0 && out->len && out->buf[out->len - 2] != '!')
			sb_puts(out, "!\n");
		cli_emit(out, depth, false, c->syntax, vals);
		if (inner.buf)
			sb_puts(out, inner.buf);
		sb_printf(out, "%*s%s\n", depth, "", cli_mode_exit[c->enter]);
		if (depth == 0)
			sb_puts(out, "!\n");
	}
	sb_free(&inner);
}

static bool cli_list_seen(const struct cli_cmd *c, enum cli_mode mode)
{
	for (const struct cli_cmd *p = cli_next(M(mode), NULL); p != c; p = cli_next(M(mode), p))
		if (cli_printable(p) && p->list && p->enter == CLI_EXEC &&
		    strcmp(p->list, c->list) == 0)
			return true;
	return false;
}

struct cli_print_ctx {
	const struct lyd_node *tree;
	const struct cli_cmd *cmd;
	enum cli_mode mode;
	int depth;
	struct strbuf *out;
};

/* Calls fn for each entry of the row's list: the entry's path and key. */
static void cli_each_entry(const struct cli_print_ctx *p, const char *base,
			   void (*fn)(const struct cli_print_ctx *, const char *, const char *))
{
	struct ly_set *set = NULL;
	char *path = cli_leaf_path(base, p->cmd->list, p->mode);

	if (lyd_find_xpath(p->tree, path, &set) == LY_SUCCESS) {
		for (uint32_t i = 0; i < set->count; i++) {
			struct lyd_node *k = NULL;
			lyd_find_path(set->dnodes[i], p->cmd->key, 0, &k);
			const char *key = k ? lyd_get_value(k) : "";
			char *inst = cli_instance_path(base, p->cmd, key);
			if (inst)
				fn(p, inst, key);
			free(inst);
		}
	}
	ly_set_free(set, NULL);
	free(path);
}

/* All rows of one list entry, as FRR groups a neighbor's lines. */
static void cli_print_entry_rows(const struct cli_print_ctx *p, const char *inst, const char *key)
{
	for (const struct cli_cmd *c = p->cmd; c; c = cli_next(M(p->mode), c))
		if (cli_printable(c) && c->list && c->enter == CLI_EXEC &&
		    strcmp(c->list, p->cmd->list) == 0)
			cli_print_row(p->tree, c, p->mode, inst, key, p->depth, p->out);
}

static void cli_print_entry_mode(const struct cli_print_ctx *p, const char *inst, const char *key)
{
	cli_print_enter(p->tree, p->cmd, inst, key, p->depth, p->out);
}

static void cli_print_entered(const struct cli_print_ctx *p, const char *base)
{
	const struct cli_cmd *c = p->cmd;

	if (c->list) {
		cli_each_entry(p, base, cli_print_entry_mode);
	} else if (c->leaf[0]) {
		char *path = cli_leaf_path(base, c->leaf[0], p->mode);
		const struct lyd_node *leaf = cli_set_leaf(p->tree, path);
		if (leaf) {
			*strrchr(path, '/') = '\0';
			cli_print_enter(p->tree, c, path, lyd_get_value(leaf), p->depth, p->out);
		}
		free(path);
	} else {
		cli_print_enter(p->tree, c, base, NULL, p->depth, p->out);
	}
}

static void cli_print_mode(const struct lyd_node *tree, enum cli_mode mode, const char *base,
			   int depth, struct strbuf *out)
{
	for (const struct cli_cmd *c = cli_next(M(mode), NULL); c; c = cli_next(M(mode), c)) {
		struct cli_print_ctx p = { tree, c, mode, depth, out };

		if (!cli_printable(c))
			continue;
		if (c->enter != CLI_EXEC)
			cli_print_entered(&p, base);
		else if (c->list && !cli_list_seen(c, mode))
			cli_each_entry(&p, base, cli_print_entry_rows);
		else if (!c->list)
			cli_print_row(tree, c, mode, base, NULL, depth, out);
	}
}

void cli_print_config(const struct lyd_node *tree, struct strbuf *out)
{
	size_t before = out->len;

	if (tree)
		cli_print_mode(tree, CLI_CONFIG, "", 0, out);
	if (out->len == before || out->buf[out->len - 2] != '!')
		sb_puts(out, "!\n");
	sb_puts(out, "end\n");
}

void cli_print_tree(const struct lyd_node *tree, bool json, struct strbuf *out)
{
	if (json)
		ds_print_json(tree, out);
	else
		cli_print_config(tree, out);
}
