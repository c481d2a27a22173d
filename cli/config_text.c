/* Configuration text: a whole file into a tree, and a tree back into text,
 * both driven by the rows of cli/config_cmds.c. */
#include "cli/edit.h"

#include <stdlib.h>
#include <string.h>

#include "lib/log.h"

/* Lines an FRR file carries that mean nothing to evpnd; skipped with a
 * notice so that an FRR user's file loads as it is. */
static const char *const cli_frr_only[] = {
	"frr version", "frr defaults", "service ", "log ", "no log ", "line vty",
	"agentx", "ip forwarding", "ipv6 forwarding", "no ip forwarding", "no ipv6 forwarding",
};

static bool cli_frr_only_line(const char *line)
{
	for (size_t i = 0; i < sizeof(cli_frr_only) / sizeof(cli_frr_only[0]); i++)
		if (strncmp(line, cli_frr_only[i], strlen(cli_frr_only[i])) == 0)
			return true;
	return false;
}

static char *cli_trim(char *line)
{
	char *end;

	while (*line == ' ' || *line == '\t')
		line++;
	end = line + strlen(line);
	while (end > line && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\r'))
		*--end = '\0';
	return line;
}

int cli_parse_config(const struct ly_ctx *ctx, const char *text, const char *name,
		     struct lyd_node **tree, struct strbuf *err)
{
	struct cli_edit s;
	char *copy = strdup(text), *next = copy, *line;
	int lineno = 0, rc = 0;

	cli_edit_init(&s, ctx);
	cli_edit_configure(&s);
	while (rc == 0 && (line = next)) {
		struct strbuf lerr = STRBUF_INIT;
		enum cli_line_result res;

		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		lineno++;
		line = cli_trim(line);
		if (!*line || *line == '!' || *line == '#')
			continue;
		if (cli_frr_only_line(line)) {
			log_info("%s:%d: ignoring FRR-only line: %s", name, lineno, line);
			continue;
		}
		res = cli_config_line(&s, line, false, &lerr);
		if (res == CLI_LINE_ERROR) {
			sb_printf(err, "%s:%d: %s", name, lineno, lerr.buf ? lerr.buf : "% error");
			rc = -1;
		} else if (res == CLI_LINE_END) {
			cli_edit_configure(&s); /* `end` or a top-level `exit` */
		}
		sb_free(&lerr);
	}
	free(copy);
	*tree = rc == 0 ? s.tree : NULL;
	if (rc == 0)
		s.tree = NULL;
	cli_edit_free(&s);
	return rc;
}
