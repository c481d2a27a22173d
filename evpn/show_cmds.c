/* The EVPN show commands' rows: FRR's syntax, `json` on each. */
#include <stdlib.h>
#include <string.h>

#include "cli/cmd.h"
#include "evpn/show.h"

/* A VNI argument: a configured VNI, or "all" when allowed (*v NULL). */
static int cmd_vni_arg(const char *text, bool all_ok, const struct evpn_vni **v,
		       struct strbuf *out)
{
	char *end;
	unsigned long n;

	*v = NULL;
	if (all_ok && strcmp(text, "all") == 0)
		return 0;
	n = strtoul(text, &end, 10);
	if (*end || !n || n > 16777215) {
		sb_printf(out, "%% Invalid VNI \"%s\": a number 1-16777215%s\n", text,
			  all_ok ? " or all" : "");
		return -1;
	}
	if (!(*v = evpn_vni_find((uint32_t)n))) {
		sb_printf(out, "%% VNI %lu does not exist\n", n);
		return -1;
	}
	return 0;
}

static int show_table(void *ctx, const struct cli_match *m, struct strbuf *out)
{
	(void)ctx;
	evpn_show_routes(0, NULL, strstr(m->cmd->syntax, "route") ? EVPN_SHOW_ROUTE : EVPN_SHOW_TABLE,
			 cli_json(m), out);
	return 0;
}

static int show_detail(void *ctx, const struct cli_match *m, struct strbuf *out)
{
	(void)ctx;
	evpn_show_routes(0, NULL, EVPN_SHOW_DETAIL, cli_json(m), out);
	return 0;
}

static int show_type(void *ctx, const struct cli_match *m, struct strbuf *out)
{
	static const char *const names[] = { "", "ead", "macip", "multicast", "es", "prefix" };

	(void)ctx;
	for (int t = 1; t <= 5; t++)
		if (strcmp(m->argv[0], names[t]) == 0) {
			evpn_show_routes(t, NULL, EVPN_SHOW_ROUTE, cli_json(m), out);
			return 0;
		}
	sb_printf(out, "%% Unknown route type \"%s\": ead, macip, multicast, es or prefix\n",
		  m->argv[0]);
	return -1;
}

static int show_route_vni(void *ctx, const struct cli_match *m, struct strbuf *out)
{
	const struct evpn_vni *v;

	(void)ctx;
	if (cmd_vni_arg(m->argv[0], false, &v, out) < 0)
		return -1;
	evpn_show_routes(0, v, EVPN_SHOW_ROUTE, cli_json(m), out);
	return 0;
}

static int show_bgp_vni(void *ctx, const struct cli_match *m, struct strbuf *out)
{
	const struct evpn_vni *v = NULL;

	(void)ctx;
	if (m->argc && cmd_vni_arg(m->argv[0], false, &v, out) < 0)
		return -1;
	evpn_show_bgp_vni(v, cli_json(m), out);
	return 0;
}

static int show_vni(void *ctx, const struct cli_match *m, struct strbuf *out)
{
	const struct evpn_vni *v = NULL;

	(void)ctx;
	if (m->argc && cmd_vni_arg(m->argv[0], false, &v, out) < 0)
		return -1;
	evpn_show_vni(v, cli_json(m), out);
	return 0;
}

static int show_mac(void *ctx, const struct cli_match *m, struct strbuf *out)
{
	const struct evpn_vni *v;

	(void)ctx;
	if (cmd_vni_arg(m->argv[0], true, &v, out) < 0)
		return -1;
	evpn_show_macs(v, strstr(m->cmd->syntax, "duplicate") != NULL, cli_json(m), out);
	return 0;
}

static int show_arp(void *ctx, const struct cli_match *m, struct strbuf *out)
{
	const struct evpn_vni *v;

	(void)ctx;
	if (cmd_vni_arg(m->argv[0], true, &v, out) < 0)
		return -1;
	evpn_show_arp(v, cli_json(m), out);
	return 0;
}

#define ROW(syntax, fn)                                                                    \
	{ M(CLI_EXEC), syntax, .exec = fn },                                               \
	{ M(CLI_EXEC), syntax " json", .value = "json", .exec = fn }

const struct cli_cmd evpn_show_cmds[] = {
	ROW("show bgp l2vpn evpn", show_table),
	ROW("show bgp l2vpn evpn route", show_table),
	{ M(CLI_EXEC), "show bgp l2vpn evpn route detail json", .value = "json",
	  .exec = show_detail },
	ROW("show bgp l2vpn evpn route type TYPE", show_type),
	ROW("show bgp l2vpn evpn route vni VNI", show_route_vni),
	ROW("show bgp l2vpn evpn vni", show_bgp_vni),
	ROW("show bgp l2vpn evpn vni VNI", show_bgp_vni),
	ROW("show evpn vni", show_vni),
	ROW("show evpn vni VNI", show_vni),
	ROW("show evpn mac vni VNI", show_mac),
	ROW("show evpn mac vni VNI duplicate", show_mac),
	ROW("show evpn arp-cache vni VNI", show_arp),
	{ 0 },
};
