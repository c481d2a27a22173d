/* EVPN exec commands: `clear evpn dup-addr` (FRR's), and `evpn local-mac`,
 * which tells evpnd of a local MAC as the kernel's bridge would (fib/
 * learns them from the kernel; the command serves tests and hosts whose
 * MACs the bridge never sees). */
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

#include "evpn/nlri.h"
#include "evpn/show.h"

static int cmd_vni(const char *text, struct evpn_vni **v, struct strbuf *out)
{
	char *end;
	unsigned long n = strtoul(text, &end, 10);

	if (*end || !n || n > 16777215) {
		sb_printf(out, "%% Invalid VNI \"%s\": a number 1-16777215\n", text);
		return -1;
	}
	if (!(*v = evpn_vni_find((uint32_t)n))) {
		sb_printf(out, "%% VNI %lu does not exist\n", n);
		return -1;
	}
	return 0;
}

static int cmd_mac(const char *text, uint8_t mac[6], struct strbuf *out)
{
	if (evpn_mac_parse(text, mac) == 0)
		return 0;
	sb_printf(out, "%% Invalid MAC address \"%s\": expected xx:xx:xx:xx:xx:xx\n", text);
	return -1;
}

static int cmd_ip(const char *text, uint8_t ip[16], uint8_t *len, struct strbuf *out)
{
	if (inet_pton(AF_INET, text, ip) == 1)
		*len = 4;
	else if (inet_pton(AF_INET6, text, ip) == 1)
		*len = 16;
	else {
		sb_printf(out, "%% Invalid IP address \"%s\"\n", text);
		return -1;
	}
	return 0;
}

/* evpn local-mac add|del vni N mac M [ip A] [sticky] */
static int cmd_local_mac(void *ctx, const struct cli_match *m, struct strbuf *out)
{
	bool add = strcmp(m->cmd->value, "add") == 0;
	bool sticky = strstr(m->cmd->syntax, "sticky") != NULL;
	struct evpn_vni *v;
	uint8_t mac[6], ip[16], ip_len = 0;
	int rc;

	(void)ctx;
	if (cmd_vni(m->argv[0], &v, out) < 0 || cmd_mac(m->argv[1], mac, out) < 0 ||
	    (m->argc > 2 && cmd_ip(m->argv[2], ip, &ip_len, out) < 0))
		return -1;
	rc = add ? evpn_local_mac_add(v->vni, mac, ip, ip_len, sticky)
		 : evpn_local_mac_del(v->vni, mac, ip, ip_len);
	if (rc < 0)
		sb_printf(out, "%% %s\n", add ? "Cannot add the MAC" : "No such local MAC");
	return rc;
}

static void cmd_clear_one(struct evpn_vni *v, struct evpn_mac *m, void *arg)
{
	int *n = arg;

	if (!m->duplicate)
		return;
	evpn_dad_clear(v, m);
	(*n)++;
	evpn_mac_settle(v, m);
}

/* clear evpn dup-addr vni <N|all> [mac M]: the duplicate flag goes and a
 * local MAC is advertised again. */
static int cmd_clear_dup(void *ctx, const struct cli_match *m, struct strbuf *out)
{
	struct evpn_vni *v = NULL;
	int n = 0;

	(void)ctx;
	if (strcmp(m->argv[0], "all") != 0 && cmd_vni(m->argv[0], &v, out) < 0)
		return -1;
	if (m->argc > 1) {
		uint8_t mac[6];
		struct evpn_mac *e;
		if (!v) {
			sb_printf(out, "%% A MAC needs one VNI, not all\n");
			return -1;
		}
		if (cmd_mac(m->argv[1], mac, out) < 0)
			return -1;
		if (!(e = evpn_mac_find(v, mac)) || !e->duplicate) {
			sb_printf(out, "%% Requested MAC is not duplicate detected\n");
			return -1;
		}
		cmd_clear_one(v, e, &n);
		return 0;
	}
	for (struct evpn_vni *i = v ? v : evpn_vni_first(); i; i = v ? NULL : i->next)
		evpn_mac_walk(i, cmd_clear_one, &n);
	return 0;
}

const struct cli_cmd evpn_exec_cmds[] = {
	{ M(CLI_EXEC), "evpn local-mac add vni VNI mac MAC", .value = "add",
	  .exec = cmd_local_mac },
	{ M(CLI_EXEC), "evpn local-mac add vni VNI mac MAC ip IP", .value = "add",
	  .exec = cmd_local_mac },
	{ M(CLI_EXEC), "evpn local-mac add vni VNI mac MAC sticky", .value = "add",
	  .exec = cmd_local_mac },
	{ M(CLI_EXEC), "evpn local-mac del vni VNI mac MAC", .value = "del",
	  .exec = cmd_local_mac },
	{ M(CLI_EXEC), "evpn local-mac del vni VNI mac MAC ip IP", .value = "del",
	  .exec = cmd_local_mac },
	{ M(CLI_EXEC), "clear evpn dup-addr vni VNI", .exec = cmd_clear_dup },
	{ M(CLI_EXEC), "clear evpn dup-addr vni VNI mac MAC", .exec = cmd_clear_dup },
	{ 0 },
};
