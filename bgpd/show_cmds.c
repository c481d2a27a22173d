/* The BGP show commands' rows in the command table. */
#include <string.h>

#include "bgpd/show.h"
#include "cli/cmd.h"

static int show_evpn_summary(void *ctx, const struct cli_match *m, struct strbuf *out)
{
	(void)ctx;
	bgp_show_summary(bgp_instance(), BGP_AF_L2VPN_EVPN, cli_json(m), out);
	return 0;
}

static int show_v4_summary(void *ctx, const struct cli_match *m, struct strbuf *out)
{
	(void)ctx;
	bgp_show_summary(bgp_instance(), BGP_AF_IPV4_UNICAST, cli_json(m), out);
	return 0;
}

static int show_neighbors(void *ctx, const struct cli_match *m, struct strbuf *out)
{
	(void)ctx;
	bgp_show_neighbors(bgp_instance(), m->argc > 0 ? m->argv[0] : NULL, cli_json(m), out);
	return 0;
}

const struct cli_cmd bgp_show_cmds[] = {
	{ M(CLI_EXEC), "show bgp l2vpn evpn summary", .exec = show_evpn_summary },
	{ M(CLI_EXEC), "show bgp l2vpn evpn summary json", .value = "json",
	  .exec = show_evpn_summary },
	{ M(CLI_EXEC), "show bgp summary", .exec = show_v4_summary },
	{ M(CLI_EXEC), "show bgp summary json", .value = "json", .exec = show_v4_summary },
	{ M(CLI_EXEC), "show bgp ipv4 unicast summary", .exec = show_v4_summary },
	{ M(CLI_EXEC), "show bgp ipv4 unicast summary json", .value = "json",
	  .exec = show_v4_summary },
	{ M(CLI_EXEC), "show bgp neighbors", .exec = show_neighbors },
	{ M(CLI_EXEC), "show bgp neighbors json", .value = "json", .exec = show_neighbors },
	{ M(CLI_EXEC), "show bgp neighbors PEER", .exec = show_neighbors },
	{ M(CLI_EXEC), "show bgp neighbors PEER json", .value = "json", .exec = show_neighbors },
	{ 0 },
};
