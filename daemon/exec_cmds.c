/* Exec commands of the daemon itself: configure, show, write; a module of
 * command rows only. */
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli/cmd.h"
#include "daemon/evpnd.h"
#include "yang/module.h"

#include "version.h"

static int exec_show_version(void *ctx, const struct cli_match *m, struct strbuf *out)
{
	struct evpnd *d = client_daemon(ctx);

	(void)m;
	sb_printf(out, "evpnd %s\n", EVPND_VERSION);
	sb_printf(out, "instance %s, pid %d, up %ld seconds\n", *d->name ? d->name : "(default)",
		  (int)getpid(), (long)(time(NULL) - d->started));
	sb_printf(out, "configuration file %s\n", d->config_path);
	return 0;
}

static int exec_write_memory(void *ctx, const struct cli_match *m, struct strbuf *out)
{
	struct evpnd *d = client_daemon(ctx);

	(void)m;
	if (evpnd_write_config(d, out) < 0)
		return -1;
	sb_printf(out, "Configuration saved to %s\n", d->config_path);
	return 0;
}

static const struct cli_cmd exec_cmds[] = {
	{ M(CLI_EXEC), "configure terminal", .exec = client_cmd_configure },
	{ M(CLI_EXEC), "show running-config", .exec = client_cmd_show_running },
	{ M(CLI_EXEC), "show running-config json", .value = "json",
	  .exec = client_cmd_show_running },
	{ M(CLI_EXEC), "show candidate-config", .exec = client_cmd_show_candidate },
	{ M(CLI_EXEC), "show candidate-config json", .value = "json",
	  .exec = client_cmd_show_candidate },
	{ M(CLI_EXEC), "show yang operational-data XPATH", .exec = client_cmd_show_state },
	{ M(CLI_EXEC), "show version", .exec = exec_show_version },
	{ M(CLI_EXEC), "write memory", .exec = exec_write_memory },
	{ M(CLI_EXEC), "write", .exec = exec_write_memory },
	{ M_CONFIGURE, "commit", .exec = client_cmd_commit },
	{ M_CONFIGURE, "abort", .exec = client_cmd_abort },
	{ 0 },
};

static const struct cli_cmd *const exec_tables[] = { exec_cmds, NULL };

const struct module exec_module = {
	.name = "exec",
	.cmds = exec_tables,
};
