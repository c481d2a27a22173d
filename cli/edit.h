/* A configuration edit: a tree being edited and the stack of
 * modes the user typed their way into. Used for the config file and for
 * every evpnsh connection alike, so both accept exactly the same text. */
#ifndef EVPND_CLI_EDIT_H
#define EVPND_CLI_EDIT_H

#include <libyang/libyang.h>

#include "cli/cmd.h"

#define CLI_MAX_DEPTH 6

struct cli_frame {
	enum cli_mode mode;
	char *base; /* data path of the mode's node; "" at the top */
};

struct cli_edit {
	const struct ly_ctx *ctx;
	struct lyd_node *tree; /* owned */
	struct cli_frame stack[CLI_MAX_DEPTH];
	int depth; /* 0: exec mode */
};

enum cli_line_result {
	CLI_LINE_ERROR = -1,
	CLI_LINE_OK = 0,
	CLI_LINE_END = 1, /* `end`, or `exit` at the top: leave configuration */
};

void cli_edit_init(struct cli_edit *s, const struct ly_ctx *ctx);
/* Back to exec mode; the tree stays. */
void cli_edit_reset(struct cli_edit *s);
void cli_edit_free(struct cli_edit *s);
enum cli_mode cli_edit_mode(const struct cli_edit *s);
void cli_edit_configure(struct cli_edit *s);

/* Runs one configuration line against s->tree. Lines the current mode does
 * not know are tried in the enclosing modes, as FRR does, so a file needs
 * no exit lines. On error the tree and modes are unchanged if atomic;
 * otherwise the tree may hold part of the line. */
enum cli_line_result cli_config_line(struct cli_edit *s, const char *line, bool atomic,
				     struct strbuf *err);

/* A whole configuration text (FRR style) into a new tree. Errors name the
 * line: "NAME:LINE: % Unknown command: ...". */
int cli_parse_config(const struct ly_ctx *ctx, const char *text, const char *name,
		     struct lyd_node **tree, struct strbuf *err);

/* The tree as configuration text, in the table's order. The tree must have
 * been validated (defaults present). */
void cli_print_config(const struct lyd_node *tree, struct strbuf *out);

/* The tree as configuration text, or as YANG JSON if json. */
void cli_print_tree(const struct lyd_node *tree, bool json, struct strbuf *out);

/* For the printer: path of a row's leaf with the family filled in. */
char *cli_leaf_path(const char *base, const char *rel, enum cli_mode mode);
char *cli_instance_path(const char *base, const struct cli_cmd *c, const char *key);

#endif
