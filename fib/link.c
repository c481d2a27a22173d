/* The kernel's links, as far as the data plane cares: bridges and vxlan
 * devices, which bridge each port is in, and each vxlan device's VNI and
 * local address. A vxlan device up in a bridge is a VNI; the producer
 * (fib/dp.h) decides whether it uses it. */
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

bool fib_link_managed(const struct fib_link *l)
{
	return l && l->use == FIB_DP_LIVE;
}

/* A VNI is bound to one device: another one it was bound to is not any
 * more. */
static int unbind_same_vni(void *e, void *arg)
{
	struct fib_link *o = e;
	const struct fib_link *l = arg;

	if (o != l && o->kind == FIB_LINK_VXLAN && o->has_vni && o->vni == l->vni)
		o->use = FIB_DP_UNUSED;
	return 0;
}

static void link_unbind_others(struct fib_link *l)
{
	htab_walk(&links, unbind_same_vni, l);
}

static enum fib_dp_use link_tell(uint32_t vni, const struct fib_dp_vni *v)
{
	return fib.sink && fib.sink->vni ? fib.sink->vni(vni, v) : FIB_DP_UNUSED;
}

/* Tells the producer what the device now is; a VNI newly in use gets its
 * bridge port set up so the kernel neither learns nor floods ARP/ND over
 * it. */
static void link_report(struct fib_link *l)
{
	struct fib_link *br = l->master ? fib_link_find(l->master) : NULL;
	struct fib_dp_vni k = { .vxlan_if = l->name, .vxlan_ifindex = l->ifindex,
				.vtep = l->local, .vtep_len = l->local_len };

	if (l->kind != FIB_LINK_VXLAN || !l->has_vni)
		return;
	if (l->vnifilter) {
		if (!l->warned)
			log_warn("fib: %s is a vnifilter device: VLAN-to-VNI maps are not "
				 "supported yet, ignored", l->name);
		l->warned = true;
		return;
	}
	if (br && br->kind != FIB_LINK_BRIDGE)
		br = NULL;
	k.bridge = br ? br->name : NULL;
	k.bridge_ifindex = br ? br->ifindex : 0;
	k.up = (l->flags & IFF_UP) && br;
	l->use = (uint8_t)link_tell(l->vni, &k);
	l->reported = true;
	if (l->use != FIB_DP_UNUSED)
		link_unbind_others(l);
	if (!fib_link_managed(l))
		return;
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

static int report_bridge_ports(void *e, void *arg)
{
	struct fib_link *port = e;

	if (port->kind == FIB_LINK_VXLAN && port->master == *(int *)arg)
		link_report(port);
	return 0;
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

static int linkinfo_attr(const struct nlattr *a, void *data)
{
	struct fib_link *l = data;

	if (mnl_attr_get_type(a) == IFLA_INFO_KIND && mnl_attr_validate(a, MNL_TYPE_STRING) == 0) {
		const char *kind = mnl_attr_get_str(a);
		l->kind = !strcmp(kind, "bridge")  ? FIB_LINK_BRIDGE
			  : !strcmp(kind, "vxlan") ? FIB_LINK_VXLAN
						   : FIB_LINK_OTHER;
	} else if (mnl_attr_get_type(a) == IFLA_INFO_DATA) {
		mnl_attr_parse_nested(a, vxlan_attr, l);
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
	case IFLA_LINKINFO:
		mnl_attr_parse_nested(a, linkinfo_attr, l);
		break;
	}
	return MNL_CB_OK;
}

static void link_del(int ifindex)
{
	struct fib_link *l = fib_link_find(ifindex);

	if (!l)
		return;
	if (l->reported && l->use != FIB_DP_UNUSED)
		link_tell(l->vni, NULL);
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
	*l = n;
	if (l->kind == FIB_LINK_VXLAN)
		link_report(l);
	else if (l->kind == FIB_LINK_BRIDGE)
		htab_walk(&links, report_bridge_ports, &l->ifindex);
}

void fib_link_msg(const struct nlmsghdr *nlh)
{
	const struct ifinfomsg *ifi;

	if (nlh->nlmsg_len < mnl_nlmsg_size(sizeof(*ifi)))
		return;
	ifi = mnl_nlmsg_get_payload(nlh);
	/* AF_BRIDGE messages are about bridge port settings, not the link. */
	if (ifi->ifi_family != AF_UNSPEC)
		return;
	if (nlh->nlmsg_type == RTM_DELLINK)
		link_del(ifi->ifi_index);
	else
		link_new(nlh, ifi);
}

static int free_one(void *e, void *arg)
{
	(void)arg;
	free(e);
	return 0;
}

void fib_link_free_all(void)
{
	htab_walk(&links, free_one, NULL);
	htab_clear(&links);
}
