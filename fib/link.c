/* The kernel's links, as far as the data plane cares: bridges, vxlan and
 * 802.1Q devices, which bridge each port is in, each vxlan device's VNI
 * and local address, and a single vxlan device's VLAN-to-VNI maps. A
 * classic vxlan device up in a bridge is a VNI, and so is each map of a
 * single one (`external vnifilter`); the producer (fib/dp.h) decides
 * whether it uses it. */
#include <arpa/inet.h>
#include <linux/if_link.h>
#include <linux/rtnetlink.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fib/internal.h"
#include "lib/hash.h"
#include "lib/htab.h"
#include "lib/log.h"

static uint32_t link_hash_of(int ifindex)
{
	return hash_bytes(&ifindex, sizeof(ifindex));
}

static uint32_t link_hash(const void *l)
{
	return link_hash_of(((const struct fib_link *)l)->ifindex);
}

static struct htab links = HTAB_INIT(struct fib_link, hnext, 64, link_hash);

struct fib_link *fib_link_find(int ifindex)
{
	struct fib_link *l;

	HTAB_EACH(&links, link_hash_of(ifindex), l)
		if (l->ifindex == ifindex)
			return l;
	return NULL;
}

struct find_arg {
	int bridge;
	uint32_t vni;
	struct fib_link *found;
};

static int find_port(void *e, void *arg)
{
	struct fib_link *l = e;
	struct find_arg *f = arg;

	if (l->kind == FIB_LINK_VXLAN && l->has_vni && l->master == f->bridge)
		f->found = l;
	return 0;
}

/* Learning asks this per event: the bridge remembers its port, and the
 * table is walked only when that is stale. */
struct fib_link *fib_link_bridge_vxlan(int bridge)
{
	struct fib_link *br = fib_link_find(bridge), *vx;
	struct find_arg f = { .bridge = bridge };

	if (!br)
		return NULL;
	vx = br->vxlan_port ? fib_link_find(br->vxlan_port) : NULL;
	if (vx && vx->kind == FIB_LINK_VXLAN && vx->master == bridge)
		return vx;
	htab_walk(&links, find_port, &f);
	br->vxlan_port = f.found ? f.found->ifindex : 0;
	return f.found;
}

/* A VNI is bound to one device: another one it was bound to (a classic
 * device with that VNI, or another single device's map) is not any more. */
struct unbind_arg {
	const struct fib_link *keep;
	uint32_t vni;
};

static int unbind_same_vni(void *e, void *arg)
{
	struct fib_link *o = e;
	const struct unbind_arg *u = arg;

	if (o == u->keep || o->kind != FIB_LINK_VXLAN || !o->has_vni)
		return 0;
	if (!o->vnifilter && o->vni == u->vni)
		o->use = FIB_DP_UNUSED;
	for (uint16_t i = 0; o->vnifilter && i < o->n_maps; i++)
		if (o->maps[i].vni == u->vni)
			o->maps[i].use = FIB_DP_UNUSED;
	return 0;
}

static void link_unbind_others(const struct fib_link *l, uint32_t vni)
{
	struct unbind_arg u = { .keep = l, .vni = vni };

	htab_walk(&links, unbind_same_vni, &u);
}

static enum fib_dp_use link_tell(uint32_t vni, const struct fib_dp_vni *v)
{
	return fib.sink && fib.sink->vni ? fib.sink->vni(vni, v) : FIB_DP_UNUSED;
}

struct svi_arg {
	int bridge;
	uint16_t vid;
	const struct fib_link *found;
};

static int find_svi(void *e, void *arg)
{
	const struct fib_link *l = e;
	struct svi_arg *a = arg;

	if (l->kind == FIB_LINK_VLAN && l->parent == a->bridge && l->vlan_id == a->vid)
		a->found = l;
	return 0;
}

/* A VLAN's SVI on a VLAN-aware bridge: the 802.1Q device on it with that
 * VLAN id (`ip link add link br0 name vlan10 type vlan id 10`). */
static const struct fib_link *link_vlan_svi(int bridge, uint16_t vid)
{
	struct svi_arg a = { .bridge = bridge, .vid = vid };

	htab_walk(&links, find_svi, &a);
	return a.found;
}

/* The first time a device is in use its bridge port is set up so the
 * kernel neither learns nor floods ARP/ND over it. */
static void link_port_setup(struct fib_link *l)
{
	if (l->learning && !l->warned) {
		log_warn("fib: %s learns remote MACs from traffic: create it with `nolearning` "
			 "so only EVPN programs it", l->name);
		l->warned = true;
	}
	if (!l->port_set) {
		fib_pump_brport(l->ifindex);
		l->port_set = true;
	}
}

static void report_map(struct fib_link *l, const struct fib_link *br, struct fib_vmap *m,
		       struct fib_dp_vni *k)
{
	const struct fib_link *svi = br ? link_vlan_svi(br->ifindex, m->vid) : NULL;

	k->vlan = m->vid;
	k->svi = svi ? svi->name : NULL;
	k->svi_ifindex = svi ? svi->ifindex : 0;
	m->use = (uint8_t)link_tell(m->vni, k);
	m->reported = true;
	if (m->use != FIB_DP_UNUSED)
		link_unbind_others(l, m->vni);
}

/* Tells the producer what the device now is: a classic device is one
 * VNI, a single device one VNI per VLAN map. */
static void link_report(struct fib_link *l)
{
	struct fib_link *br = l->master ? fib_link_find(l->master) : NULL;
	struct fib_dp_vni k = { .vxlan_if = l->name, .vxlan_ifindex = l->ifindex,
				.vtep = l->local, .vtep_len = l->local_len };
	bool live = false;

	if (l->kind != FIB_LINK_VXLAN || !l->has_vni)
		return;
	if (br && br->kind != FIB_LINK_BRIDGE)
		br = NULL;
	k.bridge = br ? br->name : NULL;
	k.bridge_ifindex = br ? br->ifindex : 0;
	k.up = (l->flags & IFF_UP) && br;
	l->reported = true;
	if (l->vnifilter) {
		for (uint16_t i = 0; i < l->n_maps; i++) {
			report_map(l, br, &l->maps[i], &k);
			live |= l->maps[i].use == FIB_DP_LIVE;
		}
	} else {
		k.svi = k.bridge;
		k.svi_ifindex = k.bridge_ifindex;
		l->use = (uint8_t)link_tell(l->vni, &k);
		if (l->use != FIB_DP_UNUSED)
			link_unbind_others(l, l->vni);
		live = l->use == FIB_DP_LIVE;
	}
	if (live)
		link_port_setup(l);
}

static int report_bridge_ports(void *e, void *arg)
{
	struct fib_link *port = e;

	if (port->kind == FIB_LINK_VXLAN && port->master == *(int *)arg)
		link_report(port);
	return 0;
}

/* Something the bridge's vxlan ports report changed (the bridge itself,
 * or an 802.1Q device on it that may be a VLAN's SVI). */
static void report_bridge(int bridge)
{
	const struct fib_link *br = fib_link_find(bridge);

	if (br && br->kind == FIB_LINK_BRIDGE)
		htab_walk(&links, report_bridge_ports, &bridge);
}

static int rescan_one(void *e, void *arg)
{
	(void)arg;
	link_report(e);
	return 0;
}

void fib_link_rescan(void)
{
	htab_walk(&links, rescan_one, NULL);
}

static int vxlan_attr(const struct nlattr *a, void *data)
{
	struct fib_link *l = data;
	uint16_t len = mnl_attr_get_payload_len(a);

	switch (mnl_attr_get_type(a)) {
	case IFLA_VXLAN_ID:
		if (mnl_attr_validate(a, MNL_TYPE_U32) == 0)
			l->vni = mnl_attr_get_u32(a), l->has_vni = true;
		break;
	case IFLA_VXLAN_LOCAL:
	case IFLA_VXLAN_LOCAL6:
		if (len == 4 || len == 16) {
			memcpy(l->local, mnl_attr_get_payload(a), len);
			l->local_len = (uint8_t)len;
		}
		break;
	case IFLA_VXLAN_PORT:
		if (mnl_attr_validate(a, MNL_TYPE_U16) == 0)
			l->dstport = ntohs(mnl_attr_get_u16(a));
		break;
	case IFLA_VXLAN_LEARNING:
		if (mnl_attr_validate(a, MNL_TYPE_U8) == 0)
			l->learning = mnl_attr_get_u8(a);
		break;
	case IFLA_VXLAN_VNIFILTER:
		if (mnl_attr_validate(a, MNL_TYPE_U8) == 0)
			l->vnifilter = mnl_attr_get_u8(a);
		break;
	}
	return MNL_CB_OK;
}

static int vlan_attr(const struct nlattr *a, void *data)
{
	struct fib_link *l = data;

	if (mnl_attr_get_type(a) == IFLA_VLAN_ID && mnl_attr_validate(a, MNL_TYPE_U16) == 0)
		l->vlan_id = mnl_attr_get_u16(a);
	return MNL_CB_OK;
}

/* The kernel puts IFLA_INFO_KIND before IFLA_INFO_DATA. */
static int linkinfo_attr(const struct nlattr *a, void *data)
{
	struct fib_link *l = data;

	if (mnl_attr_get_type(a) == IFLA_INFO_KIND && mnl_attr_validate(a, MNL_TYPE_STRING) == 0) {
		const char *kind = mnl_attr_get_str(a);
		l->kind = !strcmp(kind, "bridge")  ? FIB_LINK_BRIDGE
			  : !strcmp(kind, "vxlan") ? FIB_LINK_VXLAN
			  : !strcmp(kind, "vlan")  ? FIB_LINK_VLAN
						   : FIB_LINK_OTHER;
	} else if (mnl_attr_get_type(a) == IFLA_INFO_DATA) {
		if (l->kind == FIB_LINK_VXLAN)
			mnl_attr_parse_nested(a, vxlan_attr, l);
		else if (l->kind == FIB_LINK_VLAN)
			mnl_attr_parse_nested(a, vlan_attr, l);
	}
	return MNL_CB_OK;
}

static int link_attr(const struct nlattr *a, void *data)
{
	struct fib_link *l = data;

	switch (mnl_attr_get_type(a)) {
	case IFLA_IFNAME:
		if (mnl_attr_validate(a, MNL_TYPE_STRING) == 0)
			snprintf(l->name, sizeof(l->name), "%s", mnl_attr_get_str(a));
		break;
	case IFLA_MASTER:
		if (mnl_attr_validate(a, MNL_TYPE_U32) == 0)
			l->master = (int)mnl_attr_get_u32(a);
		break;
	case IFLA_LINK:
		if (mnl_attr_validate(a, MNL_TYPE_U32) == 0)
			l->parent = (int)mnl_attr_get_u32(a);
		break;
	case IFLA_LINKINFO:
		mnl_attr_parse_nested(a, linkinfo_attr, l);
		break;
	}
	return MNL_CB_OK;
}

/* A single device's new set of maps replaces its old one: both are sorted
 * by VLAN (one map each), so one walk carries each kept map's binding over
 * and tells the producer of each map it had in use that is gone (now NULL:
 * all of them). */
static void maps_replace(struct fib_link *l, struct fib_vmap *now, uint16_t n)
{
	uint16_t j = 0;

	for (uint16_t i = 0; i < l->n_maps; i++) {
		const struct fib_vmap *o = &l->maps[i];

		while (j < n && now[j].vid < o->vid)
			j++;
		if (j < n && now[j].vid == o->vid && now[j].vni == o->vni)
			now[j] = *o;
		else if (o->reported && o->use != FIB_DP_UNUSED)
			link_tell(o->vni, NULL);
	}
	free(l->maps);
	l->maps = now;
	l->n_maps = n;
}

static void link_del(int ifindex)
{
	struct fib_link *l = fib_link_find(ifindex);

	if (!l)
		return;
	if (l->reported && !l->vnifilter && l->use != FIB_DP_UNUSED)
		link_tell(l->vni, NULL);
	maps_replace(l, NULL, 0);
	htab_remove(&links, l, link_hash_of(ifindex));
	free(l);
}

static struct fib_link *link_get(int ifindex)
{
	struct fib_link *l = fib_link_find(ifindex);

	if (l || !(l = calloc(1, sizeof(*l))))
		return l;
	l->ifindex = ifindex;
	if (!htab_insert(&links, l, link_hash_of(ifindex))) {
		free(l);
		return NULL;
	}
	return l;
}

static void link_new(const struct nlmsghdr *nlh, const struct ifinfomsg *ifi)
{
	struct fib_link n = { .ifindex = ifi->ifi_index, .flags = ifi->ifi_flags }, *l;

	if (mnl_attr_parse(nlh, sizeof(*ifi), link_attr, &n) < 0 || !(l = link_get(n.ifindex)))
		return;
	if (l->master != n.master)
		l->port_set = false;
	n.hnext = l->hnext;
	n.port_set = l->port_set;
	n.reported = l->reported;
	n.use = l->use;
	n.warned = l->warned;
	n.vxlan_port = l->vxlan_port;
	n.maps = l->maps;	/* from AF_BRIDGE messages, not this one */
	n.n_maps = l->n_maps;
	*l = n;
	if (l->kind == FIB_LINK_VXLAN)
		link_report(l);
	else if (l->kind == FIB_LINK_BRIDGE)
		report_bridge(l->ifindex);
	else if (l->kind == FIB_LINK_VLAN)
		report_bridge(l->parent);	/* it may be a VLAN's SVI */
}

/* A port's bridge settings: for a single vxlan device, its whole set of
 * VLAN-to-VNI maps (a VNI appears or goes with its map). What each map
 * was bound to is kept when the map is. */
static void link_bridge_msg(const struct nlmsghdr *nlh, const struct ifinfomsg *ifi)
{
	struct fib_link *l = fib_link_find(ifi->ifi_index);
	struct fib_vmap *maps = NULL;
	uint16_t n = 0;
	int rc;

	if (!l || l->kind != FIB_LINK_VXLAN || !l->vnifilter)
		return;
	rc = nlh->nlmsg_type == RTM_DELLINK ? 1 : fib_vmap_parse(nlh, &maps, &n);
	if (rc < 0)
		log_warn("fib: %s: unreadable VLAN-to-VNI maps in a bridge message, ignored",
			 l->name);
	if (rc <= 0)
		return;
	maps_replace(l, maps, n);
	link_report(l);
}

void fib_link_msg(const struct nlmsghdr *nlh)
{
	const struct ifinfomsg *ifi;
	struct fib_link *l;
	int parent;

	if (nlh->nlmsg_len < mnl_nlmsg_size(sizeof(*ifi)))
		return;
	ifi = mnl_nlmsg_get_payload(nlh);
	if (ifi->ifi_family == AF_BRIDGE) {
		link_bridge_msg(nlh, ifi);
		return;
	}
	if (ifi->ifi_family != AF_UNSPEC)
		return;
	if (nlh->nlmsg_type != RTM_DELLINK) {
		link_new(nlh, ifi);
		return;
	}
	l = fib_link_find(ifi->ifi_index);
	parent = l && l->kind == FIB_LINK_VLAN ? l->parent : 0;
	link_del(ifi->ifi_index);
	if (parent)
		report_bridge(parent);
}

static int free_one(void *e, void *arg)
{
	(void)arg;
	free(((struct fib_link *)e)->maps);
	free(e);
	return 0;
}

void fib_link_free_all(void)
{
	htab_walk(&links, free_one, NULL);
	htab_clear(&links);
}
