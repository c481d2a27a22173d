/* Commands: one table row per command, for configuration and exec alike.
 * A configuration row says which YANG leaves its arguments set, so the same
 * row parses a line into the tree, prints the tree back as that line and
 * answers `?` and tab completion. The text is a view of the YANG tree. */
#ifndef EVPND_CLI_CMD_H
#define EVPND_CLI_CMD_H

#include <stdbool.h>
#include <string.h>

#include "lib/strbuf.h"

enum cli_mode {
	CLI_EXEC,
	CLI_CONFIG,
	CLI_BGP,
	CLI_AF_IPV4,
	CLI_AF_IPV6,
	CLI_AF_EVPN,
	CLI_VNI,
	CLI_NMODES
};

#define M(x) (1u << (x))
#define M_AF (M(CLI_AF_IPV4) | M(CLI_AF_IPV6) | M(CLI_AF_EVPN))
#define M_CONFIGURE (M(CLI_CONFIG) | M(CLI_BGP) | M_AF | M(CLI_VNI))

enum cli_cmd_flags {
	CMD_NEG_FALSE = 1 << 0,   /* `no X` writes false instead of deleting */
	CMD_LEAFLIST = 1 << 1,    /* each argument is one value of a leaf-list */
	CMD_ONE_ARG_ALL = 1 << 2, /* the single argument goes into every leaf */
	CMD_NO_PRINT = 1 << 3,    /* an input alias; the printer uses another row */
	CMD_NO_ONLY = 1 << 4,     /* exists only in its `no` form */
	CMD_NEEDS_LIST = 1 << 5,  /* the list entry must exist already */
	CMD_FIXED = 1 << 6,       /* entering with another value than set is an error */
	CMD_EXIT = 1 << 7,        /* leaves the mode (end, exit, exit-vni, ...) */
};

#define CLI_MAX_LEAVES 5
#define CLI_MAX_ARGS 8

struct cli_match;
/* Runs an exec-style command; m->argv holds the argument words in order and
 * m->cmd->value the row's own constant (e.g. "json"). Output and error text
 * go to out; return -1 on error. */
typedef int (*cli_exec_fn)(void *ctx, const struct cli_match *m, struct strbuf *out);

struct cli_cmd {
	unsigned modes;
	const char *syntax;	/* keywords lowercase; arguments start A-Z, '(' or '<' */
	/* configuration rows */
	const char *list;	/* list below the mode node whose key is the first argument */
	const char *key;	/* that list's key leaf */
	const char *leaf[CLI_MAX_LEAVES]; /* per remaining argument; "%AF" = family */
	/* Set: the leaves sit in an entry of this list below the node (the
	 * mode's or the row's list entry), the one whose key leaf sub_key
	 * (also one of leaf[]) has that leaf's argument. The printer prints
	 * a line per entry; `no` takes away the entries that have every
	 * value it names (all, for a row without leaves), or fails with
	 * no_err. */
	const char *sub;
	const char *sub_key;
	const char *value;	/* keyword-only rows: what leaf[0] becomes */
	const char *del;	/* what `no` deletes, below the mode node */
	enum cli_mode enter;	/* mode this row enters, or CLI_EXEC for none */
	unsigned flags;
	/* Set: a `no` form with values must name the configured ones, else
	 * this (FRR's) error; unset: they need only be valid. */
	const char *no_err;
	/* exec rows */
	cli_exec_fn exec;
};

/* Registered rows are searched after the built-in configuration rows. */
void cli_register(const struct cli_cmd *cmds, int n);
void cli_unregister_all(void);

struct cli_match {
	const struct cli_cmd *cmd;
	bool no;		/* the line started with `no` */
	int argc;
	char *argv[CLI_MAX_ARGS];
};

/* Whether the row asks for JSON: show rows come in pairs, the second
 * ending in `json` with value "json". */
static inline bool cli_json(const struct cli_match *m)
{
	return m->cmd->value && strcmp(m->cmd->value, "json") == 0;
}

/* Finds the one row the line means in mode. Returns 0 and fills m (free with
 * cli_match_free), or -1 with "% ..." in err. */
int cli_match(enum cli_mode mode, const char *line, struct cli_match *m, struct strbuf *err);
void cli_match_free(struct cli_match *m);

/* For `?` (with help) or tab completion (words only): what may come next
 * after `line`, whose last word may be partial. Fills a malloc'd array. */
int cli_complete(enum cli_mode mode, const char *line, bool with_help, char ***out);

/* Iterates the rows valid in mode: built-in and registered. */
const struct cli_cmd *cli_next(unsigned modes, const struct cli_cmd *prev);

/* Splits a line into words (malloc'd); returns how many, or -1 (nothing
 * to free) if there are more than max. */
int cli_split(const char *line, char **words, int max);
bool cli_is_arg(const char *token);

const char *cli_mode_name(enum cli_mode mode); /* prompt suffix: "config-router" */
const char *cli_help(const char *token);

#endif
