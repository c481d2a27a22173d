/* A management client: one per connection of the management server, with
 * its exec commands and a configure mode whose edits go to a private
 * candidate until commit. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/edit.h"
#include "daemon/evpnd.h"
#include "lib/log.h"
#include "mgmt/server.h"

struct client {
	struct evpnd *d;
	struct mgmt_conn *conn;
	struct cli_edit cli;	  /* cli.tree is the candidate while configuring */
	struct lyd_node *base;	  /* running when the candidate was taken */
	uint64_t base_version;
};

struct evpnd *client_daemon(void *ctx)
{
	return ((struct client *)ctx)->d;
}

static struct client *client_get(struct evpnd *d, struct mgmt_conn *ms)
{
	struct client *s = mgmt_conn_data(ms);

	if (!s) {
		s = calloc(1, sizeof(*s));
		if (!s)
			abort();
		s->d = d;
		s->conn = ms;
		cli_edit_init(&s->cli, ds_ctx(d->ds));
		mgmt_conn_set_data(ms, s);
	}
	return s;
}

static void client_drop_candidate(struct client *s)
{
	lyd_free_all(s->cli.tree);
	lyd_free_all(s->base);
	s->cli.tree = s->base = NULL;
}

void client_close(void *arg, struct mgmt_conn *ms)
{
	struct client *s = mgmt_conn_data(ms);

	(void)arg;
	if (!s)
		return;
	client_drop_candidate(s);
	cli_edit_free(&s->cli);
	free(s);
}

static void client_take_candidate(struct client *s)
{
	client_drop_candidate(s);
	s->cli.tree = ds_running_dup(s->d->ds);
	s->base = ds_running_dup(s->d->ds);
	s->base_version = ds_version(s->d->ds);
}

static bool client_pending(const struct client *s)
{
	if (!cli_edit_mode(&s->cli) && !s->cli.tree)
		return false;
	return lyd_compare_siblings(s->cli.tree, s->base, LYD_COMPARE_FULL_RECURSION) != LY_SUCCESS;
}

/* The candidate to commit: as edited if nobody committed meanwhile, else
 * this client's own changes replayed onto the newer running config. */
static struct lyd_node *client_rebase(struct client *s, struct strbuf *err)
{
	struct lyd_node *diff = NULL, *tree = NULL;

	if (ds_version(s->d->ds) == s->base_version) {
		lyd_dup_siblings(s->cli.tree, NULL, LYD_DUP_RECURSIVE | LYD_DUP_WITH_FLAGS, &tree);
		return tree;
	}
	tree = ds_running_dup(s->d->ds);
	if (lyd_diff_siblings(s->base, s->cli.tree, 0, &diff) != LY_SUCCESS ||
	    lyd_diff_apply_all(&tree, diff) != LY_SUCCESS) {
		sb_puts(err, "% The configuration was changed by another session and this "
			     "change conflicts with it; abort and try again");
		lyd_free_all(tree);
		tree = NULL;
	}
	lyd_free_all(diff);
	return tree;
}

static int client_commit(struct client *s, struct strbuf *err)
{
	struct lyd_node *tree;
	bool changed;

	if (!s->cli.tree && !s->base)
		return 0;
	tree = client_rebase(s, err);
	if (!tree)
		return -1;
	if (ds_commit(s->d->ds, &tree, &changed, err) < 0) {
		lyd_free_all(tree);
		return -1;
	}
	if (changed)
		log_notice("configuration committed by %s", mgmt_conn_peer(s->conn));
	client_take_candidate(s);
	return 0;
}

/* Exec rows run with the client as ctx, from any mode. */
static int client_exec(struct client *s, const char *line, struct strbuf *out)
{
	struct cli_match m;
	int rc;

	if (cli_match(CLI_EXEC, line, &m, out) < 0)
		return -1;
	rc = m.cmd->exec(s, &m, out);
	cli_match_free(&m);
	return rc;
}

static int client_config_line(struct client *s, const char *line, struct strbuf *out)
{
	struct cli_match m;
	struct strbuf ignored = STRBUF_INIT;
	int rc = cli_match(cli_edit_mode(&s->cli), line, &m, &ignored);

	sb_free(&ignored);
	if (strncmp(line, "do ", 3) == 0)
		return client_exec(s, line + 3, out);
	/* Session commands (commit, abort) are exec rows valid in config modes. */
	if (rc == 0 && m.cmd->exec) {
		rc = m.cmd->exec(s, &m, out);
		cli_match_free(&m);
		return rc;
	}
	if (rc == 0)
		cli_match_free(&m);
	switch (cli_config_line(&s->cli, line, true, out)) {
	case CLI_LINE_ERROR:
		/* show and write work in config modes as in vtysh */
		if (strncmp(line, "show ", 5) == 0 || strncmp(line, "write", 5) == 0) {
			out->len = 0;
			return client_exec(s, line, out);
		}
		return -1;
	case CLI_LINE_END:
		if (client_commit(s, out) < 0)
			return -1;
		client_drop_candidate(s);
		cli_edit_reset(&s->cli);
		return 0;
	case CLI_LINE_OK:
		return 0;
	}
	return -1;
}

static char *client_prompt(const struct client *s)
{
	struct strbuf sb = STRBUF_INIT;
	struct lyd_node *host = NULL;
	const char *mode = cli_mode_name(cli_edit_mode(&s->cli));
	const struct lyd_node *run = ds_running(s->d->ds);

	if (run)
		lyd_find_path(run, "/evpnd-system:system/hostname", 0, &host);
	sb_printf(&sb, "%s%s%s%s# ", host ? lyd_get_value(host) : "evpnd", *mode ? "(" : "", mode,
		  *mode ? ")" : "");
	return sb_detach(&sb);
}

static int client_edit(struct client *s, const Evpnd__EditConfig *e, struct strbuf *out)
{
	struct lyd_node *tree = NULL;
	const struct ly_ctx *ctx = ds_ctx(s->d->ds);

	if (e->kind == EVPND__EDIT_CONFIG__KIND__LINE) {
		if (cli_edit_mode(&s->cli) == CLI_EXEC) {
			sb_puts(out, "% Not in configuration mode");
			return -1;
		}
		return client_config_line(s, e->data, out);
	}
	if (e->kind == EVPND__EDIT_CONFIG__KIND__TEXT) {
		if (cli_parse_config(ctx, e->data, "edit-config", &tree, out) < 0)
			return -1;
	} else if (ds_parse_json(ctx, e->data, &tree, out) < 0) {
		return -1;
	}
	if (cli_edit_mode(&s->cli) == CLI_EXEC) {
		client_take_candidate(s);
		cli_edit_configure(&s->cli);
	}
	lyd_free_all(s->cli.tree);
	s->cli.tree = tree;
	return 0;
}

static int client_get_config(struct client *s, const Evpnd__GetConfig *g, struct strbuf *out)
{
	struct lyd_node *tree = NULL;

	if (!g->candidate || !s->cli.tree) {
		cli_print_tree(ds_running(s->d->ds), g->format == EVPND__FORMAT__JSON, out);
		return 0;
	}
	/* Validate a copy so the printer sees defaults; errors are for commit. */
	lyd_dup_siblings(s->cli.tree, NULL, LYD_DUP_RECURSIVE | LYD_DUP_WITH_FLAGS, &tree);
	lyd_validate_all(&tree, ds_ctx(s->d->ds), LYD_VALIDATE_NO_STATE, NULL);
	cli_print_tree(tree, g->format == EVPND__FORMAT__JSON, out);
	lyd_free_all(tree);
	return 0;
}

static int client_get_state(struct client *s, const char *path, struct strbuf *out)
{
	struct lyd_node *tree = NULL;

	if (ds_get_state(s->d->ds, path, &tree, out) < 0)
		return -1;
	ds_print_json(tree, out);
	lyd_free_all(tree);
	return 0;
}

static void client_complete(struct client *s, const Evpnd__Complete *c, Evpnd__Reply *reply)
{
	char **choices = NULL;
	int n = cli_complete(cli_edit_mode(&s->cli), c->line, c->help, &choices);

	reply->choices = choices;
	reply->n_choices = (size_t)n;
}

static int client_dispatch(struct client *s, const Evpnd__Request *req, Evpnd__Reply *reply,
			    struct strbuf *out)
{
	switch (req->op_case) {
	case EVPND__REQUEST__OP_GET_CONFIG:
		return client_get_config(s, req->get_config, out);
	case EVPND__REQUEST__OP_EDIT_CONFIG:
		return client_edit(s, req->edit_config, out);
	case EVPND__REQUEST__OP_COMMIT:
		return client_commit(s, out);
	case EVPND__REQUEST__OP_ABORT:
		client_drop_candidate(s);
		cli_edit_reset(&s->cli);
		return 0;
	case EVPND__REQUEST__OP_GET_STATE:
		return client_get_state(s, req->get_state->path, out);
	case EVPND__REQUEST__OP_EXEC:
		if (cli_edit_mode(&s->cli) == CLI_EXEC)
			return client_exec(s, req->exec->line, out);
		return client_config_line(s, req->exec->line, out);
	case EVPND__REQUEST__OP_COMPLETE:
		client_complete(s, req->complete, reply);
		return 0;
	default:
		sb_puts(out, "% Unknown request");
		return -1;
	}
}

void client_request(void *arg, struct mgmt_conn *ms, const Evpnd__Request *req,
		     Evpnd__Reply *reply)
{
	struct client *s = client_get(arg, ms);
	struct strbuf out = STRBUF_INIT;
	int rc = client_dispatch(s, req, reply, &out);

	reply->ok = rc == 0;
	if (rc == 0)
		reply->output = sb_detach(&out);
	else
		reply->error = sb_detach(&out);
	reply->mode = strdup(cli_mode_name(cli_edit_mode(&s->cli)));
	reply->pending = client_pending(s);
	reply->prompt = client_prompt(s);
}

/* --- the client's commands, the rows are in daemon/exec_cmds.c --- */

int client_cmd_configure(void *ctx, const struct cli_match *m, struct strbuf *out)
{
	struct client *s = ctx;

	(void)m, (void)out;
	client_take_candidate(s);
	cli_edit_configure(&s->cli);
	return 0;
}

int client_cmd_commit(void *ctx, const struct cli_match *m, struct strbuf *out)
{
	(void)m;
	return client_commit(ctx, out);
}

int client_cmd_abort(void *ctx, const struct cli_match *m, struct strbuf *out)
{
	struct client *s = ctx;

	(void)m, (void)out;
	client_drop_candidate(s);
	cli_edit_reset(&s->cli);
	return 0;
}

int client_cmd_show_candidate(void *ctx, const struct cli_match *m, struct strbuf *out)
{
	Evpnd__GetConfig g = EVPND__GET_CONFIG__INIT;

	g.candidate = true;
	g.format = cli_json(m) ? EVPND__FORMAT__JSON : EVPND__FORMAT__TEXT;
	return client_get_config(ctx, &g, out);
}

int client_cmd_show_running(void *ctx, const struct cli_match *m, struct strbuf *out)
{
	struct client *s = ctx;

	cli_print_tree(ds_running(s->d->ds), cli_json(m), out);
	return 0;
}

int client_cmd_show_state(void *ctx, const struct cli_match *m, struct strbuf *out)
{
	return client_get_state(ctx, m->argc ? m->argv[0] : "/", out);
}
