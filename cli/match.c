/* Matching typed lines against command rows, and `?`/tab completion. */
#include "cli/cmd.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

extern const struct cli_cmd cli_config_cmds[];
extern const int cli_config_ncmds;

#define CLI_MAX_WORDS 64
#define CLI_MAX_TABLES 32

static struct {
	const struct cli_cmd *cmds;
	int n;
} cli_tables[CLI_MAX_TABLES];
static int cli_ntables;

void cli_register(const struct cli_cmd *cmds, int n)
{
	if (cli_ntables == CLI_MAX_TABLES)
		abort();
	cli_tables[cli_ntables].cmds = cmds;
	cli_tables[cli_ntables++].n = n;
}

void cli_unregister_all(void)
{
	cli_ntables = 0;
}

/* Walks the built-in rows, then each registered table, in order. */
const struct cli_cmd *cli_next(unsigned modes, const struct cli_cmd *prev)
{
	int t = -1, i = 0;

	if (prev) {
		if (prev >= cli_config_cmds && prev < cli_config_cmds + cli_config_ncmds) {
			i = (int)(prev - cli_config_cmds) + 1;
		} else {
			for (t = 0; t < cli_ntables; t++)
				if (prev >= cli_tables[t].cmds && prev < cli_tables[t].cmds + cli_tables[t].n)
					break;
			i = (int)(prev - cli_tables[t].cmds) + 1;
		}
	}
	for (;;) {
		const struct cli_cmd *cmds = t < 0 ? cli_config_cmds : cli_tables[t].cmds;
		int n = t < 0 ? cli_config_ncmds : cli_tables[t].n;
		for (; i < n; i++)
			if (cmds[i].modes & modes)
				return &cmds[i];
		if (++t >= cli_ntables)
			return NULL;
		i = 0;
	}
}

static void cli_free_words(char **words, int n)
{
	for (int i = 0; i < n; i++)
		free(words[i]);
}

int cli_split(const char *line, char **words, int max)
{
	int n = 0;

	while (*line) {
		while (isspace((unsigned char)*line))
			line++;
		if (!*line)
			break;
		if (n == max) {
			cli_free_words(words, n);
			return -1;
		}
		const char *end = line;
		while (*end && !isspace((unsigned char)*end))
			end++;
		words[n++] = strndup(line, (size_t)(end - line));
		line = end;
	}
	return n;
}

bool cli_is_arg(const char *token)
{
	return isupper((unsigned char)token[0]) || token[0] == '(' || token[0] == '<';
}

/* The rest of the line, spaces folded, for free-text arguments. */
static char *cli_join(char **w, int n)
{
	struct strbuf sb = STRBUF_INIT;

	for (int i = 0; i < n; i++)
		sb_printf(&sb, "%s%s", i ? " " : "", w[i]);
	return sb_detach(&sb);
}

enum { NO_MATCH, PARTIAL, FULL };

/* Matches words against one row. The score prefers rows that match more
 * words as keywords, then more keywords typed in full, so `timers connect 5`
 * means the connect timer, not `timers KEEPALIVE HOLD`. */
static int cli_row_match(const struct cli_cmd *c, char **w, int nw, bool no,
			 struct cli_match *m, int *exact)
{
	char *t[CLI_MAX_WORDS];
	int nt = cli_split(c->syntax, t, CLI_MAX_WORDS), i, j = 0, rc = FULL;

	*exact = 0;
	m->argc = 0;
	for (i = 0; i < nt && rc == FULL; i++) {
		if (j == nw) {
			/* `no` may leave out trailing arguments. */
			rc = no && cli_is_arg(t[i]) ? FULL : PARTIAL;
			continue;
		}
		if (strcmp(t[i], "LINE") == 0) {
			m->argv[m->argc++] = cli_join(w + j, nw - j);
			j = nw;
		} else if (cli_is_arg(t[i])) {
			if (m->argc < CLI_MAX_ARGS)
				m->argv[m->argc++] = strdup(w[j]);
			j++;
		} else if (strncmp(w[j], t[i], strlen(w[j])) == 0) {
			*exact += 2 + (strcmp(w[j], t[i]) == 0);
			j++;
		} else {
			rc = NO_MATCH;
		}
	}
	if (rc == FULL && j < nw)
		rc = NO_MATCH;
	cli_free_words(t, nt);
	if (rc != FULL)
		cli_match_free(m);
	return rc;
}

static bool cli_row_allowed(const struct cli_cmd *c, bool no)
{
	if (no)
		return !c->exec;
	return !(c->flags & CMD_NO_ONLY);
}

int cli_match(enum cli_mode mode, const char *line, struct cli_match *m, struct strbuf *err)
{
	char *w[CLI_MAX_WORDS];
	int nw = cli_split(line, w, CLI_MAX_WORDS), best = -1, nbest = 0, partial = 0;
	bool no = nw > 0 && mode != CLI_EXEC && strcmp(w[0], "no") == 0;
	struct cli_match cand = { 0 };

	memset(m, 0, sizeof(*m));
	if (nw < 0) {
		sb_printf(err, "%% Command too long: more than %d words", CLI_MAX_WORDS);
		return -1;
	}
	for (const struct cli_cmd *c = cli_next(M(mode), NULL); c && nw; c = cli_next(M(mode), c)) {
		int exact, rc;
		if (!cli_row_allowed(c, no))
			continue;
		rc = cli_row_match(c, w + no, nw - no, no, &cand, &exact);
		partial += rc == PARTIAL;
		if (rc != FULL)
			continue;
		if (exact > best) {
			cli_match_free(m);
			*m = cand;
			m->cmd = c;
			m->no = no;
			best = exact;
			nbest = 1;
		} else {
			nbest += exact == best;
			cli_match_free(&cand);
		}
		memset(&cand, 0, sizeof(cand));
	}
	cli_free_words(w, nw);
	if (nbest == 1)
		return 0;
	cli_match_free(m);
	if (nbest > 1)
		sb_printf(err, "%% Ambiguous command: %s", line);
	else if (partial)
		sb_printf(err, "%% Command incomplete: %s", line);
	else
		sb_printf(err, "%% Unknown command: %s", line);
	return -1;
}

void cli_match_free(struct cli_match *m)
{
	for (int i = 0; i < m->argc; i++)
		free(m->argv[i]);
	m->argc = 0;
}

/* Adds s to the candidate list unless it is there already. */
static void cli_add_choice(char ***out, int *n, char *s)
{
	for (int i = 0; i < *n; i++) {
		if (strcmp((*out)[i], s) == 0) {
			free(s);
			return;
		}
	}
	char **p = realloc(*out, sizeof(char *) * (size_t)(*n + 2));
	if (!p)
		abort();
	*out = p;
	p[(*n)++] = s;
	p[*n] = NULL;
}

static char *cli_choice(const char *token, bool with_help)
{
	struct strbuf sb = STRBUF_INIT;
	const char *help = cli_help(token);

	if (with_help && help)
		sb_printf(&sb, "%-24s %s", token, help);
	else
		sb_puts(&sb, token);
	return sb_detach(&sb);
}

/* What row c accepts after the complete words, given the partial one. */
static void cli_row_complete(const struct cli_cmd *c, char **w, int nw, const char *part,
			     bool with_help, char ***out, int *n)
{
	char *t[CLI_MAX_WORDS];
	int nt = cli_split(c->syntax, t, CLI_MAX_WORDS), i;

	for (i = 0; i < nw && i < nt; i++) {
		if (strcmp(t[i], "LINE") == 0)
			break;
		if (!cli_is_arg(t[i]) && strncmp(w[i], t[i], strlen(w[i])) != 0)
			goto out;
	}
	if (i < nt && strcmp(t[i], "LINE") == 0) {
		if (with_help)
			cli_add_choice(out, n, cli_choice("LINE", true));
	} else if (i < nw) {
		goto out;
	} else if (i == nt) {
		if (with_help && !*part)
			cli_add_choice(out, n, strdup("<cr>"));
	} else if (cli_is_arg(t[i])) {
		if (with_help)
			cli_add_choice(out, n, cli_choice(t[i], true));
	} else if (strncmp(part, t[i], strlen(part)) == 0) {
		cli_add_choice(out, n, cli_choice(t[i], with_help));
	}
out:
	cli_free_words(t, nt);
}

int cli_complete(enum cli_mode mode, const char *line, bool with_help, char ***out)
{
	char *w[CLI_MAX_WORDS];
	int nw = cli_split(line, w, CLI_MAX_WORDS), n = 0;

	*out = NULL;
	if (nw < 0)
		return 0;
	bool trailing_space = !*line || isspace((unsigned char)line[strlen(line) - 1]);
	const char *part = trailing_space || !nw ? "" : w[nw - 1];
	int ncomplete = trailing_space ? nw : nw - 1;
	bool no = ncomplete > 0 && mode != CLI_EXEC && strcmp(w[0], "no") == 0;

	if (ncomplete == 0 && mode != CLI_EXEC && strncmp(part, "no", strlen(part)) == 0)
		cli_add_choice(out, &n, cli_choice("no", with_help));
	for (const struct cli_cmd *c = cli_next(M(mode), NULL); c; c = cli_next(M(mode), c))
		if (cli_row_allowed(c, no))
			cli_row_complete(c, w + no, ncomplete - no, part, with_help, out, &n);
	cli_free_words(w, nw);
	return n;
}

const char *cli_mode_name(enum cli_mode mode)
{
	static const char *const names[CLI_NMODES] = {
		[CLI_EXEC] = "", [CLI_CONFIG] = "config", [CLI_BGP] = "config-router",
		[CLI_AF_IPV4] = "config-router-af", [CLI_AF_IPV6] = "config-router-af",
		[CLI_AF_EVPN] = "config-router-af", [CLI_VNI] = "config-router-af-vni",
	};
	return names[mode];
}
