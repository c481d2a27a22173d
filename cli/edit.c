/* Turning configuration lines into edits of a YANG tree. */
#include "cli/edit.h"

#include <stdlib.h>
#include <string.h>

#include "yang/datastore.h"

static const char *const cli_mode_af[CLI_NMODES] = {
	[CLI_AF_IPV4] = "ipv4-unicast",
	[CLI_AF_IPV6] = "ipv6-unicast",
	[CLI_AF_EVPN] = "l2vpn-evpn",
};

void cli_edit_init(struct cli_edit *s, const struct ly_ctx *ctx)
{
	memset(s, 0, sizeof(*s));
	s->ctx = ctx;
}

void cli_edit_reset(struct cli_edit *s)
{
	while (s->depth > 0)
		free(s->stack[--s->depth].base);
}

void cli_edit_free(struct cli_edit *s)
{
	cli_edit_reset(s);
	lyd_free_all(s->tree);
	s->tree = NULL;
}

enum cli_mode cli_edit_mode(const struct cli_edit *s)
{
	return s->depth ? s->stack[s->depth - 1].mode : CLI_EXEC;
}

static void cli_push(struct cli_edit *s, enum cli_mode mode, char *base)
{
	if (s->depth == CLI_MAX_DEPTH)
		abort(); /* the command table nests less deep than this */
	s->stack[s->depth].mode = mode;
	s->stack[s->depth++].base = base;
}

void cli_edit_configure(struct cli_edit *s)
{
	cli_edit_reset(s);
	cli_push(s, CLI_CONFIG, strdup(""));
}

char *cli_leaf_path(const char *base, const char *rel, enum cli_mode mode)
{
	struct strbuf sb = STRBUF_INIT;
	const char *af = strstr(rel, "%AF");

	sb_printf(&sb, "%s/", base);
	if (af && cli_mode_af[mode])
		sb_printf(&sb, "%.*s%s%s", (int)(af - rel), rel, cli_mode_af[mode], af + 3);
	else
		sb_puts(&sb, rel);
	return sb_detach(&sb);
}

/* Values go into path predicates; pick the quote the value lacks. */
static char cli_quote(const char *v)
{
	if (!strchr(v, '\''))
		return '\'';
	return strchr(v, '"') ? 0 : '"';
}

char *cli_instance_path(const char *base, const struct cli_cmd *c, const char *key)
{
	struct strbuf sb = STRBUF_INIT;
	char q = cli_quote(key);

	if (!q)
		return NULL;
	sb_printf(&sb, "%s/%s[%s=%c%s%c]", base, c->list, c->key, q, key, q);
	return sb_detach(&sb);
}

static struct lyd_node *cli_find(const struct cli_edit *s, const char *path)
{
	struct lyd_node *node = NULL;

	if (!s->tree || lyd_find_path(s->tree, path, 0, &node) != LY_SUCCESS)
		return NULL;
	return node;
}

static void cli_delete(struct cli_edit *s, const char *path)
{
	struct lyd_node *node = cli_find(s, path);

	if (!node)
		return;
	if (node == s->tree)
		s->tree = s->tree->next;
	lyd_free_tree(node);
	if (s->tree)
		s->tree = lyd_first_sibling(s->tree);
}

static int cli_set(struct cli_edit *s, const char *path, const char *value, struct strbuf *err)
{
	struct lyd_node *node = NULL;

	ly_err_clean((struct ly_ctx *)s->ctx, NULL);
	if (lyd_new_path(s->tree, s->ctx, path, value, LYD_NEW_PATH_UPDATE, &node) != LY_SUCCESS) {
		sb_printf(err, "%% Invalid value \"%s\": ", value ? value : "");
		ds_ly_error(s->ctx, err);
		return -1;
	}
	if (!s->tree && node) {
		while (lyd_parent(node))
			node = lyd_parent(node);
		s->tree = node;
	}
	s->tree = lyd_first_sibling(s->tree);
	return 0;
}

/* A leaf-list value is set by creating the instance named by its value. */
static int cli_leaflist(struct cli_edit *s, const char *path, const char *value, bool del,
			struct strbuf *err)
{
	struct strbuf p = STRBUF_INIT;
	char q = cli_quote(value);
	int rc = 0;

	if (!q) {
		sb_printf(err, "%% Invalid value: %s", value);
		return -1;
	}
	sb_printf(&p, "%s[.=%c%s%c]", path, q, value, q);
	if (del)
		cli_delete(s, p.buf);
	else if (!cli_find(s, p.buf))
		rc = cli_set(s, path, value, err);
	sb_free(&p);
	return rc;
}

static int cli_nleaves(const struct cli_cmd *c)
{
	int n = 0;

	while (n < CLI_MAX_LEAVES && c->leaf[n])
		n++;
	return n;
}

/* The row's leaves, set from the arguments after the list key. */
static int cli_apply_leaves(struct cli_edit *s, const struct cli_match *m, const char *node,
			    enum cli_mode mode, int arg0, struct strbuf *err)
{
	const struct cli_cmd *c = m->cmd;
	int rc = 0;

	for (int i = 0; i < cli_nleaves(c) && rc == 0; i++) {
		int a = arg0 + ((c->flags & CMD_ONE_ARG_ALL) ? 0 : i);
		const char *v = c->value ? (m->no ? "false" : c->value) : (a < m->argc ? m->argv[a] : NULL);
		char *path = cli_leaf_path(node, c->leaf[i], mode);

		if (c->flags & CMD_LEAFLIST) {
			if (v)
				rc = cli_leaflist(s, path, v, m->no, err);
			else
				cli_delete(s, path); /* `no` without a value: all of them */
		} else if (m->no && !(c->flags & CMD_NEG_FALSE)) {
			cli_delete(s, path);
		} else {
			rc = cli_set(s, path, v, err);
		}
		free(path);
	}
	return rc;
}

/* The schema node of a data path: its predicates (list keys) dropped. */
static const struct lysc_node *cli_schema_of(const struct ly_ctx *ctx, const char *path)
{
	struct strbuf sb = STRBUF_INIT;
	const struct lysc_node *n;
	char quote = 0;
	int depth = 0;

	for (const char *p = path; *p; p++) {
		if (quote)
			quote = *p == quote ? 0 : quote;
		else if (depth && (*p == '\'' || *p == '"'))
			quote = *p;
		else if (*p == '[')
			depth++;
		else if (*p == ']')
			depth--;
		else if (!depth)
			sb_printf(&sb, "%c", *p);
	}
	n = sb.buf ? lys_find_path(ctx, NULL, sb.buf, 0) : NULL;
	sb_free(&sb);
	return n;
}

/* A leaf's value as its type spells it (canonical), for comparing what
 * `no` names with what is set; -1 with the positive form's error when it
 * is no valid value at all. */
static int cli_canonical(struct cli_edit *s, const char *path, const char *v, char **out,
			 struct strbuf *err)
{
	const struct lysc_node *schema = cli_schema_of(s->ctx, path);
	const char *canon = NULL;

	ly_err_clean((struct ly_ctx *)s->ctx, NULL);
	if (!schema || lyd_value_validate(s->ctx, schema, v, strlen(v), NULL, NULL, &canon) !=
			       LY_SUCCESS) {
		sb_printf(err, "%% Invalid value \"%s\": ", v);
		ds_ly_error(s->ctx, err);
		return -1;
	}
	*out = strdup(canon);
	lydict_remove(s->ctx, canon);
	return 0;
}

/* Whether the configuration has v at path (a leaf, or a leaf-list entry). */
static bool cli_has_value(struct cli_edit *s, const char *path, const char *v, bool list)
{
	struct strbuf p = STRBUF_INIT;
	const struct lyd_node *node;
	char q = cli_quote(v);
	bool has;

	if (!list) {
		node = cli_find(s, path);
		return node && strcmp(lyd_get_value(node), v) == 0;
	}
	if (!q)
		return false;
	sb_printf(&p, "%s[.=%c%s%c]", path, q, v, q);
	has = cli_find(s, p.buf) != NULL;
	sb_free(&p);
	return has;
}

/* A `no` form names what it takes away: each value it gives must be one
 * the positive form would take, and where the row says so (no_err) the one
 * configured, as FRR refuses `no router bgp 1` while AS 65000 runs. Rows
 * whose leaves take fixed words (value rows) give none. */
static int cli_check_no(struct cli_edit *s, const struct cli_match *m, const char *node,
			enum cli_mode mode, int arg0, struct strbuf *err)
{
	const struct cli_cmd *c = m->cmd;
	int rc = 0;

	for (int i = 0; i < cli_nleaves(c) && rc == 0 && !c->value; i++) {
		int a = arg0 + ((c->flags & CMD_ONE_ARG_ALL) ? 0 : i);
		char *path, *canon = NULL;

		if (a >= m->argc)
			break;
		path = cli_leaf_path(node, c->leaf[i], mode);
		rc = cli_canonical(s, path, m->argv[a], &canon, err);
		if (rc == 0 && c->no_err &&
		    !cli_has_value(s, path, canon, (c->flags & CMD_LEAFLIST) != 0)) {
			sb_puts(err, c->no_err);
			rc = -1;
		}
		free(canon);
		free(path);
	}
	return rc;
}

/* Rows of a sub-list (cli_cmd.sub): the argument index of its key (a
 * row with no leaves, all of whose entries its `no` removes, has none). */
static int cli_sub_key_arg(const struct cli_cmd *c)
{
	for (int i = 0; i < cli_nleaves(c); i++)
		if (strcmp(c->leaf[i], c->sub_key) == 0)
			return i;
	abort(); /* the command table names its key among the leaves */
}

static char *cli_sub_path(const char *node, const struct cli_cmd *c, const char *leaf)
{
	struct strbuf sb = STRBUF_INIT;

	sb_printf(&sb, "%s/%s/%s", node, c->sub, leaf);
	return sb_detach(&sb);
}

/* The arguments given from arg0 on, canonical; how many, or -1. */
static int cli_sub_values(struct cli_edit *s, const struct cli_match *m, const char *node,
			  int arg0, char **canon, struct strbuf *err)
{
	const struct cli_cmd *c = m->cmd;
	int n = 0;

	for (int i = 0; i < cli_nleaves(c) && arg0 + i < m->argc; i++, n++) {
		char *path = cli_sub_path(node, c, c->leaf[i]);
		int rc = cli_canonical(s, path, m->argv[arg0 + i], &canon[i], err);
		free(path);
		if (rc < 0)
			return -1;
	}
	return n;
}

/* The positive form sets the entry its key value names, creating it (a
 * new entry of a user-ordered list goes last); `no` deletes the entries
 * with every value named. */
static int cli_apply_sub(struct cli_edit *s, const struct cli_match *m, const char *node,
			 int arg0, struct strbuf *err)
{
	const struct cli_cmd *c = m->cmd;
	char *canon[CLI_MAX_LEAVES] = { 0 };
	int n = cli_sub_values(s, m, node, arg0, canon, err), rc = 0;
	struct ly_set *set = NULL;
	struct strbuf path = STRBUF_INIT;

	if (n < 0) {
		rc = -1;
	} else if (!m->no) {
		int k = cli_sub_key_arg(c);
		char q = cli_quote(canon[k]);
		if (q) {
			sb_printf(&path, "%s/%s[%s=%c%s%c]", node, c->sub, c->sub_key, q, canon[k], q);
			rc = cli_set(s, path.buf, NULL, err);
		} else {
			sb_printf(err, "%% Invalid value: %s", canon[k]);
			rc = -1;
		}
		for (int i = 0; i < n && rc == 0; i++) {
			if (i == k)
				continue;
			char *leaf = cli_leaf_path(path.buf, c->leaf[i], CLI_EXEC);
			rc = cli_set(s, leaf, canon[i], err);
			free(leaf);
		}
	} else {
		uint32_t gone = 0;
		sb_printf(&path, "%s/%s", node, c->sub);
		if (s->tree && lyd_find_xpath(s->tree, path.buf, &set) != LY_SUCCESS)
			set = NULL;
		for (uint32_t e = 0; set && e < set->count; e++) {
			bool match = true;
			for (int i = 0; i < n && match; i++) {
				struct lyd_node *leaf = NULL;
				lyd_find_path(set->dnodes[e], c->leaf[i], 0, &leaf);
				match = leaf && strcmp(lyd_get_value(leaf), canon[i]) == 0;
			}
			if (match) {
				lyd_free_tree(set->dnodes[e]);
				gone++;
			}
		}
		if (n && !gone) {
			sb_puts(err, c->no_err ? c->no_err : "% Not configured");
			rc = -1;
		}
		ly_set_free(set, NULL);
	}
	for (int i = 0; i < CLI_MAX_LEAVES; i++)
		free(canon[i]);
	sb_free(&path);
	return rc;
}

/* `router bgp 65001` when 65000 runs: FRR's refusal, word for word. */
static int cli_check_fixed(struct cli_edit *s, const struct cli_match *m, const char *base,
			   struct strbuf *err)
{
	char *path = cli_leaf_path(base, m->cmd->leaf[0], CLI_EXEC);
	struct lyd_node *node = cli_find(s, path);
	int rc = 0;

	free(path);
	if (node && m->argc && strcmp(lyd_get_value(node), m->argv[0]) != 0) {
		sb_printf(err, "%% BGP is already running; AS is %s", lyd_get_value(node));
		rc = -1;
	}
	return rc;
}

/* Where a row that enters a mode leads: the list entry it names, the
 * container of its leaf, or (address families) the same node. */
static char *cli_child_base(const struct cli_match *m, const char *base, const char *inst)
{
	if (inst)
		return strdup(inst);
	if (m->cmd->leaf[0]) {
		char *path = cli_leaf_path(base, m->cmd->leaf[0], CLI_EXEC);
		*strrchr(path, '/') = '\0';
		return path;
	}
	return strdup(base);
}

static void cli_pop_to(struct cli_edit *s, int depth)
{
	while (s->depth > depth)
		free(s->stack[--s->depth].base);
}

/* The list entry a row names must exist for most neighbor commands, and
 * for `no` of a whole entry. */
static int cli_check_entry(struct cli_edit *s, const struct cli_match *m, const char *inst,
			   struct strbuf *err)
{
	const struct cli_cmd *c = m->cmd;
	bool whole = m->no && !cli_nleaves(c) && !c->del;

	if (!(c->flags & CMD_NEEDS_LIST) && !whole)
		return 0;
	if (cli_find(s, inst))
		return 0;
	if (whole)
		sb_printf(err, "%% %s is not configured", m->argv[0]);
	else
		sb_printf(err, "%% Specify remote-as or peer-group commands first");
	return -1;
}

/* Runs a matched row at frame f (depth d); on success the mode stack ends
 * at d plus the mode the row enters. */
static int cli_apply(struct cli_edit *s, const struct cli_match *m, int d, struct strbuf *err)
{
	const struct cli_cmd *c = m->cmd;
	const struct cli_frame *f = &s->stack[d - 1];
	char *inst = NULL, *child = NULL;
	int rc = 0;

	if (c->exec) {
		sb_printf(err, "%% Not a configuration command: %s", c->syntax);
		return -1;
	}
	if (c->list) {
		if (m->argc < 1) {
			sb_printf(err, "%% Command incomplete");
			return -1;
		}
		inst = cli_instance_path(f->base, c, m->argv[0]);
		if (!inst) {
			sb_printf(err, "%% Invalid value: %s", m->argv[0]);
			return -1;
		}
		if (cli_check_entry(s, m, inst, err) < 0) {
			free(inst);
			return -1;
		}
	}
	if (!c->sub && m->no &&
	    cli_check_no(s, m, inst ? inst : f->base, f->mode, inst ? 1 : 0, err) < 0) {
		free(inst);
		return -1;
	}
	if (c->sub) {
		rc = cli_apply_sub(s, m, inst ? inst : f->base, inst ? 1 : 0, err);
	} else if (m->no && c->del) {
		char *path = cli_leaf_path(f->base, c->del, CLI_EXEC);
		cli_delete(s, path);
		free(path);
	} else if (c->flags & CMD_FIXED && !m->no && (rc = cli_check_fixed(s, m, f->base, err))) {
		/* refused */
	} else if (cli_nleaves(c)) {
		rc = cli_apply_leaves(s, m, inst ? inst : f->base, f->mode, inst ? 1 : 0, err);
	} else if (inst) {
		if (m->no)
			cli_delete(s, inst);
		else
			rc = cli_set(s, inst, NULL, err);
	}
	if (rc == 0) {
		if (!m->no && c->enter != CLI_EXEC)
			child = cli_child_base(m, f->base, inst);
		cli_pop_to(s, d);
		if (child)
			cli_push(s, c->enter, child);
	}
	free(inst);
	return rc;
}

/* Finds the row in the current mode or, failing that, in the nearest
 * enclosing mode that knows the line; returns that mode's depth. */
static int cli_match_up(struct cli_edit *s, const char *line, struct cli_match *m,
			struct strbuf *err)
{
	struct strbuf here = STRBUF_INIT;
	int d = s->depth;

	if (cli_match(cli_edit_mode(s), line, m, &here) < 0) {
		for (d = s->depth - 1; d >= 1; d--) {
			struct strbuf ignored = STRBUF_INIT;
			int rc = cli_match(s->stack[d - 1].mode, line, m, &ignored);
			sb_free(&ignored);
			if (rc == 0)
				break;
		}
		/* unknown everywhere: the error is the current mode's */
		if (d < 1 && here.buf)
			sb_puts(err, here.buf);
	}
	sb_free(&here);
	return d >= 1 ? d : -1;
}

static enum cli_line_result cli_exit_cmd(struct cli_edit *s, const struct cli_cmd *c)
{
	if (strcmp(c->syntax, "end") == 0 || s->depth <= 1)
		return CLI_LINE_END;
	cli_pop_to(s, s->depth - 1);
	return CLI_LINE_OK;
}

enum cli_line_result cli_config_line(struct cli_edit *s, const char *line, bool atomic,
				     struct strbuf *err)
{
	struct cli_match m;
	struct lyd_node *saved = NULL;
	enum cli_line_result res;
	int d = cli_match_up(s, line, &m, err);

	if (d < 0)
		return CLI_LINE_ERROR;
	if (m.cmd->flags & CMD_EXIT) {
		cli_pop_to(s, d);
		res = cli_exit_cmd(s, m.cmd);
		cli_match_free(&m);
		return res;
	}
	if (atomic && s->tree &&
	    lyd_dup_siblings(s->tree, NULL, LYD_DUP_RECURSIVE | LYD_DUP_WITH_FLAGS, &saved))
		abort();
	res = cli_apply(s, &m, d, err) == 0 ? CLI_LINE_OK : CLI_LINE_ERROR;
	cli_match_free(&m);
	if (res == CLI_LINE_ERROR && atomic) {
		lyd_free_all(s->tree);
		s->tree = saved;
		saved = NULL;
	}
	lyd_free_all(saved);
	return res;
}
