/* The evpnd-bgp module's configuration: the YANG tree is flattened into the
 * instance and its peers after every commit. Changes a live session cannot
 * absorb (AS, address families, password, source) reset it, as in FRR;
 * TCP-AO keys added or removed go onto its socket instead. */
#include <arpa/inet.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bgpd/bgp.h"
#include "bgpd/show.h"
#include "lib/log.h"
#include "yang/module.h"

#define BGP "/evpnd-bgp:bgp"

static struct bgp *the_bgp;

struct bgp *bgp_instance(void) { return the_bgp; }

static void cfg_str(char *dst, size_t len, const struct lyd_node *n, const char *path)
{
	const char *v = ds_leaf(n, path);

	snprintf(dst, len, "%s", v ? v : "");
}

/* Families: activate set explicitly, else IPv4 unicast follows
 * default-ipv4-unicast (FRR's rule) and the others are off. */
static void cfg_families(const struct lyd_node *nb, bool dflt_v4, struct bgp_peer_cfg *c)
{
	for (int af = 0; af < BGP_AF_MAX; af++) {
		char path[96];
		struct lyd_node *afn = NULL;
		snprintf(path, sizeof(path), "afi-safi[name='%s']", bgp_af_name(af));
		lyd_find_path(nb, path, 0, &afn);
		const char *act = ds_leaf(afn, "activate");
		bool on = act ? strcmp(act, "true") == 0 : (af == BGP_AF_IPV4_UNICAST && dflt_v4);
		if (on)
			c->afs |= (uint8_t)(1u << af);
		if (ds_leaf_true(afn, "route-reflector-client"))
			c->rr_client |= (uint8_t)(1u << af);
		c->max_prefix[af] = (uint32_t)ds_leaf_num(afn, "maximum-prefix");
	}
}

/* TCP-AO's MKTs in list order: the last is the preferred one. */
static void cfg_ao(const struct lyd_node *nb, struct bgp_peer_cfg *c)
{
	struct ly_set *set = NULL;

	if (lyd_find_xpath(nb, "tcp-ao", &set) != LY_SUCCESS)
		return;
	for (uint32_t i = 0; i < set->count && c->n_ao < BGP_AO_MAX; i++) {
		struct bgp_ao_mkt *m = &c->ao[c->n_ao++];
		cfg_str(m->key, sizeof(m->key), set->dnodes[i], "key");
		m->send_id = (uint8_t)ds_leaf_num(set->dnodes[i], "send-id");
		m->recv_id = (uint8_t)ds_leaf_num(set->dnodes[i], "recv-id");
	}
	ly_set_free(set, NULL);
}

static void cfg_peer(const struct bgp *bgp, const struct lyd_node *nb, bool dflt_v4,
		     struct bgp_peer_cfg *c)
{
	const char *ras = ds_leaf(nb, "remote-as");

	memset(c, 0, sizeof(*c));
	c->as_internal = strcmp(ras, "internal") == 0;
	c->as_external = strcmp(ras, "external") == 0;
	if (!c->as_internal && !c->as_external)
		c->remote_as = (uint32_t)strtoul(ras, NULL, 10);
	cfg_str(c->description, sizeof(c->description), nb, "description");
	c->shutdown = ds_leaf_true(nb, "shutdown");
	c->passive = ds_leaf_true(nb, "passive");
	cfg_str(c->update_source, sizeof(c->update_source), nb, "update-source");
	cfg_str(c->password, sizeof(c->password), nb, "password");
	cfg_ao(nb, c);
	c->ttl_hops = (uint8_t)ds_leaf_num(nb, "ttl-security-hops");
	/* A neighbor without timers of its own takes the instance's. */
	c->keepalive = ds_leaf(nb, "timers/keepalive") ? (uint16_t)ds_leaf_num(nb, "timers/keepalive")
						       : bgp->keepalive;
	c->hold = ds_leaf(nb, "timers/hold") ? (uint16_t)ds_leaf_num(nb, "timers/hold") : bgp->hold;
	c->connect_retry = (uint16_t)ds_leaf_num(nb, "timers/connect-retry");
	cfg_families(nb, dflt_v4, c);
}

/* What a running session cannot take without starting over. TCP-AO
 * MKTs added or removed it takes (RFC 5925 section 7.5.2 key rollover);
 * the first, the last, or one changed it cannot (bgpd/sock_ao.c). */
static bool cfg_needs_reset(const struct bgp_peer_cfg *a, const struct bgp_peer_cfg *b)
{
	return a->remote_as != b->remote_as || a->as_internal != b->as_internal ||
	       a->as_external != b->as_external || a->afs != b->afs ||
	       strcmp(a->password, b->password) || strcmp(a->update_source, b->update_source) ||
	       (!bgp_ao_same(a, b) && !bgp_ao_live_change(a, b)) ||
	       a->ttl_hops != b->ttl_hops || a->passive != b->passive;
}

static int cfg_addr(const char *s, struct sockaddr_storage *ss, socklen_t *len)
{
	memset(ss, 0, sizeof(*ss));
	if (inet_pton(AF_INET, s, &((struct sockaddr_in *)ss)->sin_addr) == 1) {
		ss->ss_family = AF_INET;
		*len = sizeof(struct sockaddr_in);
		return 0;
	}
	if (inet_pton(AF_INET6, s, &((struct sockaddr_in6 *)ss)->sin6_addr) == 1) {
		ss->ss_family = AF_INET6;
		*len = sizeof(struct sockaddr_in6);
		return 0;
	}
	return -1;
}

static void cfg_apply_peer(struct bgp *bgp, const struct lyd_node *nb, bool dflt_v4,
			   bool reset_all)
{
	const char *name = ds_leaf(nb, "address");
	struct bgp_peer *p = bgp_peer_find_name(bgp, name);
	struct bgp_peer_cfg c;
	struct sockaddr_storage ss;
	socklen_t len;

	cfg_peer(bgp, nb, dflt_v4, &c);
	if (!p) {
		if (cfg_addr(name, &ss, &len) < 0 || !(p = bgp_peer_new(bgp, name, &ss, len)))
			return;
		p->next = bgp->peers;
		bgp->peers = p;
		p->cfg = c;
	} else if (c.shutdown && !p->cfg.shutdown) {
		p->cfg = c;
		bgp_peer_stop(p, BGP_CEASE_ADMIN_SHUTDOWN, "Admin. shutdown");
	} else if (reset_all || cfg_needs_reset(&p->cfg, &c)) {
		p->cfg = c;
		bgp_peer_stop(p, BGP_CEASE_CONFIG_CHANGE, "Config change");
	} else {
		if (!bgp_ao_same(&p->cfg, &c))
			bgp_sock_ao_session(p, &c);
		p->cfg = c;
	}
	p->seen = true;
	bgp_peer_start(p);
}

static void cfg_remove_unseen(struct bgp *bgp)
{
	struct bgp_peer **pp = &bgp->peers;

	while (*pp) {
		struct bgp_peer *p = *pp;
		if (p->seen) {
			pp = &p->next;
			continue;
		}
		*pp = p->next;
		bgp_peer_stop(p, BGP_CEASE_PEER_DECONFIG, "Neighbor deleted");
		memset(&p->cfg, 0, sizeof(p->cfg));
		bgp_sock_listener_keys(bgp, p);
		bgp_peer_free(p);
	}
}

/* No router-id configured: the highest IPv4 address, preferring loopback
 * interfaces (as FRR's zebra does), never 127/8. */
static uint32_t cfg_auto_router_id(void)
{
	struct ifaddrs *ifa, *i;
	uint32_t best = 0, best_lo = 0;

	if (getifaddrs(&ifa) < 0)
		return 0;
	for (i = ifa; i; i = i->ifa_next) {
		if (!i->ifa_addr || i->ifa_addr->sa_family != AF_INET)
			continue;
		uint32_t a = ntohl(((struct sockaddr_in *)i->ifa_addr)->sin_addr.s_addr);
		if ((a >> 24) == 127)
			continue;
		if (i->ifa_flags & IFF_LOOPBACK)
			best_lo = a > best_lo ? a : best_lo;
		else
			best = a > best ? a : best;
	}
	freeifaddrs(ifa);
	return best_lo ? best_lo : best;
}

static uint32_t cfg_router_id(const struct lyd_node *config, const struct lyd_node *b)
{
	const char *id = ds_leaf(b, "router-id");
	struct in_addr a;

	if (!id)
		id = ds_leaf(config, "/evpnd-system:system/router-id");
	if (id && inet_pton(AF_INET, id, &a) == 1)
		return ntohl(a.s_addr);
	return cfg_auto_router_id();
}

/* An IPv4 leaf in host order, 0 when unset. */
static uint32_t cfg_ipv4(const struct lyd_node *b, const char *path)
{
	const char *v = ds_leaf(b, path);
	struct in_addr a;

	return v && inet_pton(AF_INET, v, &a) == 1 ? ntohl(a.s_addr) : 0;
}

static void cfg_globals(struct bgp *bgp, const struct lyd_node *config, const struct lyd_node *b)
{
	const char *host = ds_leaf(config, "/evpnd-system:system/hostname");

	if (host)
		snprintf(bgp->hostname, sizeof(bgp->hostname), "%s", host);
	else if (gethostname(bgp->hostname, sizeof(bgp->hostname) - 1) < 0)
		strcpy(bgp->hostname, "evpnd");
	bgp->keepalive = (uint16_t)ds_leaf_num(b, "timers/keepalive");
	bgp->hold = (uint16_t)ds_leaf_num(b, "timers/hold");
	bgp->log_changes = ds_leaf_true(b, "log-neighbor-changes");
	bgp->ebgp_requires_policy = ds_leaf_true(b, "ebgp-requires-policy");
	bgp->gr_enabled = ds_leaf_true(b, "graceful-restart/enabled");
	bgp->gr_restart_time = (uint16_t)ds_leaf_num(b, "graceful-restart/restart-time");
	bgp->gr_stale_time = (uint16_t)ds_leaf_num(b, "graceful-restart/stale-routes-time");
	bgp->cluster_id = cfg_ipv4(b, "cluster-id");
}

static void cfg_unconfigure(struct bgp *bgp)
{
	for (struct bgp_peer *p = bgp->peers; p; p = p->next)
		p->seen = false;
	cfg_remove_unseen(bgp);
	bgp->configured = false;
	bgp->asn = 0;
	bgp_adj_identity(bgp);
}

static void bgp_apply(void *arg, const struct lyd_node *diff, const struct lyd_node *config)
{
	struct bgp *bgp = the_bgp;
	struct lyd_node *b = NULL;
	struct ly_set *set = NULL;
	uint32_t asn, id;
	bool reset_all;

	(void)arg, (void)diff;
	if (!config || lyd_find_path(config, BGP, 0, &b) != LY_SUCCESS) {
		cfg_unconfigure(bgp);
		return;
	}
	asn = (uint32_t)ds_leaf_num(b, "asn");
	id = cfg_router_id(config, b);
	reset_all = bgp->configured && (asn != bgp->asn || id != bgp->router_id);
	bgp->asn = asn;
	bgp->router_id = id;
	bgp->configured = true;
	cfg_globals(bgp, config, b);
	bgp_adj_identity(bgp);
	if (!id)
		log_err("bgp: no router-id configured and no IPv4 address to take one from");
	if (!bgp->port)
		log_notice("bgp: sessions disabled (BGP port 0): neighbors stay Idle");
	for (struct bgp_peer *p = bgp->peers; p; p = p->next)
		p->seen = false;
	if (lyd_find_xpath(b, "neighbors/neighbor", &set) == LY_SUCCESS) {
		for (uint32_t i = 0; i < set->count; i++)
			cfg_apply_peer(bgp, set->dnodes[i], ds_leaf_true(b, "default-ipv4-unicast"),
				       reset_all);
		ly_set_free(set, NULL);
	}
	cfg_remove_unseen(bgp);
	bgp_listen(bgp);
}

/* A router ID that is no usable BGP Identifier, named with its path: no
 * session would ever start with it. */
static int cfg_check_id(const struct lyd_node *config, const char *path, struct strbuf *err)
{
	struct lyd_node *n = NULL;
	struct in_addr a;
	const char *why;

	if (lyd_find_path(config, path, 0, &n) != LY_SUCCESS || !n ||
	    inet_pton(AF_INET, lyd_get_value(n), &a) != 1 || !(why = bgp_id_unusable(ntohl(a.s_addr))))
		return 0;
	sb_printf(err, "%% Router ID %s refused: %s (path: %s)", lyd_get_value(n), why, path);
	return -1;
}

/* What the schema cannot know: whether a router ID can be a BGP
 * Identifier, whether this kernel can do TCP-AO. */
static int bgp_validate(void *arg, const struct lyd_node *diff, const struct lyd_node *config,
			struct strbuf *err)
{
	struct ly_set *set = NULL;
	int rc = 0;

	(void)arg, (void)diff;
	if (!config)
		return 0;
	if (cfg_check_id(config, BGP "/router-id", err) < 0 ||
	    cfg_check_id(config, "/evpnd-system:system/router-id", err) < 0)
		return -1;
	if (lyd_find_xpath(config, BGP "/neighbors/neighbor/tcp-ao", &set) != LY_SUCCESS)
		return 0;
	if (set->count && !bgp_sock_ao_supported()) {
		char *path = lyd_path(set->dnodes[0], LYD_PATH_STD, NULL, 0);
		sb_printf(err, "%% TCP-AO is not supported by this kernel (needs Linux 6.7 or "
			       "later built with CONFIG_TCP_AO) (path: %s)", path);
		free(path);
		rc = -1;
	}
	ly_set_free(set, NULL);
	return rc;
}

/* The instance lives as long as the daemon. */
static int bgp_init(const struct module_ctx *ctx, struct strbuf *err)
{
	if (!(the_bgp = bgp_new(ctx->loop, ctx->bgp_port))) {
		sb_puts(err, "bgp: out of memory");
		return -1;
	}
	return 0;
}

static void bgp_fini(void)
{
	bgp_free(the_bgp);
	the_bgp = NULL;
}

static const struct module_cfg bgp_cfg[] = {
	{ BGP, bgp_validate, bgp_apply },
	/* The router ID may come from the system module. */
	{ "/evpnd-system:system", bgp_validate, bgp_apply },
};

static const struct cli_cmd *const bgp_cmds[] = { bgp_show_cmds, bgp_clear_cmds, NULL };

const struct module bgp_module = {
	.name = "bgp",
	.after = { "system" },
	.init = bgp_init,
	.fini = bgp_fini,
	.cfg = bgp_cfg,
	.n_cfg = sizeof(bgp_cfg) / sizeof(bgp_cfg[0]),
	.state = bgp_state_cb,
	.cmds = bgp_cmds,
};
