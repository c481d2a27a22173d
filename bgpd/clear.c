/* "clear bgp": the operator's reset. A hard clear ends the session with
 * Cease/Administrative Reset (RFC 4486) and starts it again; "soft in"
 * asks the peer to send its routes again with a ROUTE-REFRESH (RFC 2918)
 * instead, keeping the session. */
#include <string.h>

#include "bgpd/fsm.h"
#include "bgpd/show.h"
#include "cli/cmd.h"
#include "lib/log.h"

static void clear_hard(struct bgp_peer *p)
{
	bgp_peer_stop(p, BGP_CEASE_ADMIN_RESET, "Admin. reset");
	bgp_peer_start(p);
}

/* Returns false when the peer cannot be asked (no session, no capability). */
static bool clear_soft_in(struct bgp_peer *p, int only_af)
{
	struct bgp_conn *c = p->conn;

	if (p->state != BGP_ESTABLISHED || !p->remote_caps.route_refresh)
		return false;
	for (int af = 0; af < BGP_AF_MAX; af++) {
		struct bgp_route_refresh rr = { 0 };
		struct wbuf w;
		if (!(p->afs & (1u << af)) || (only_af >= 0 && af != only_af))
			continue;
		bgp_af_to_wire(af, &rr.afi, &rr.safi);
		wb_init(&w, BGP_MAX_LEN);
		bgp_rr_build(&w, &rr);
		fsm_send(c, &w);
		p->tx.refresh++;
	}
	return true;
}

static int clear_run(const char *which, bool soft, int af, struct strbuf *out)
{
	struct bgp *bgp = bgp_instance();
	bool all = strcmp(which, "*") == 0;
	int n = 0;

	for (struct bgp_peer *p = bgp && bgp->configured ? bgp->peers : NULL; p; p = p->next) {
		if (!all && strcmp(which, p->name))
			continue;
		n++;
		if (!soft) {
			log_notice("bgp: neighbor %s: cleared by the operator", p->name);
			clear_hard(p);
		} else if (!clear_soft_in(p, af) && !all) {
			sb_printf(out, "%% %s is not Established or lacks route refresh\n", p->name);
			return -1;
		}
	}
	if (!n && !all) {
		sb_printf(out, "%% BGP: Unknown neighbor - \"%s\"\n", which);
		return -1;
	}
	return 0;
}

static int clear_cmd(void *ctx, const struct cli_match *m, struct strbuf *out)
{
	const char *v = m->cmd->value ? m->cmd->value : "";

	(void)ctx;
	return clear_run(m->argv[0], strstr(v, "soft") != NULL,
			 strstr(v, "evpn") ? BGP_AF_L2VPN_EVPN : -1, out);
}

const struct cli_cmd bgp_clear_cmds[] = {
	{ M(CLI_EXEC), "clear bgp PEER|*", .exec = clear_cmd },
	{ M(CLI_EXEC), "clear bgp PEER|* soft in", .value = "soft", .exec = clear_cmd },
	{ M(CLI_EXEC), "clear bgp l2vpn evpn PEER|*", .value = "evpn", .exec = clear_cmd },
	{ M(CLI_EXEC), "clear bgp l2vpn evpn PEER|* soft in", .value = "evpn soft",
	  .exec = clear_cmd },
	{ 0 },
};
