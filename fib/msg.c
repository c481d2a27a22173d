/* The requests, shaped as FRR's zebra sends them so that either daemon
 * recognises the other's entries:
 *  - remote MAC: one message creating the vxlan (self) entry with its VTEP
 *    and the bridge (master) entry, extern_learn so neither ages nor is
 *    relearned; a delete takes two, as the kernel stops at the first part
 *    that fails;
 *  - flood entry: all-zero MAC, permanent, appended per VTEP (head-end
 *    replication);
 *  - remote IP: a NOARP extern_learn neighbour on the SVI, which the
 *    bridge's neigh_suppress answers ARP/ND from.
 * On a single vxlan device (`external vnifilter`) the same messages name
 * the VNI as NDA_SRC_VNI and, for the bridge entry, the VLAN mapped to it
 * as NDA_VLAN, as zebra does for that layout since FRR 9.0
 * (zebra/rt_netlink.c, netlink_neigh_update_msg_encode: NDA_VLAN and
 * NDA_SRC_VNI on MAC installs, NDA_SRC_VNI on flood entries). NDA_VNI
 * would be accepted but names the remote VNI and does not forward. */
#include <linux/if_bridge.h>
#include <linux/if_link.h>
#include <linux/neighbour.h>
#include <linux/rtnetlink.h>
#include <string.h>
#include <sys/socket.h>

#include "fib/internal.h"

static const uint8_t zero_mac[6];

static struct nlmsghdr *msg_neigh(void *buf, uint16_t type, uint16_t flags, uint8_t family,
				  int ifindex, uint16_t state, uint8_t ntf)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct ndmsg *nd;

	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | flags;
	nd = mnl_nlmsg_put_extra_header(nlh, sizeof(*nd));
	nd->ndm_family = family;
	nd->ndm_ifindex = ifindex;
	nd->ndm_state = state;
	nd->ndm_flags = ntf;
	nd->ndm_type = RTN_UNICAST;
	return nlh;
}

/* A single device's entries name their VNI; the bridge part its VLAN. */
static void msg_svd(struct nlmsghdr *nlh, const struct fib_link *l, const struct fib_ent *e,
		    bool self, bool master)
{
	uint16_t vid;

	if (!l || !l->vnifilter)
		return;
	if (master && (vid = fib_link_vni_vid(l, e->k.vni)))
		mnl_attr_put_u16(nlh, NDA_VLAN, vid);
	if (self)
		mnl_attr_put_u32(nlh, NDA_SRC_VNI, e->k.vni);
}

static struct nlmsghdr *msg_fdb(void *buf, const struct fib_ent *e, bool add, bool master)
{
	const struct fib_link *l = fib_link_find(e->k.ifindex);
	struct nlmsghdr *nlh;

	if (add) {
		nlh = msg_neigh(buf, RTM_NEWNEIGH, NLM_F_CREATE | NLM_F_REPLACE, AF_BRIDGE,
				e->k.ifindex, NUD_REACHABLE, NTF_SELF | NTF_MASTER | NTF_EXT_LEARNED);
		mnl_attr_put(nlh, NDA_DST, e->want_len, e->want);
	} else {
		nlh = msg_neigh(buf, RTM_DELNEIGH, 0, AF_BRIDGE, e->k.ifindex, 0,
				master ? NTF_MASTER : NTF_SELF);
		if (!master)
			mnl_attr_put(nlh, NDA_DST, e->kern_len, e->kern);
	}
	mnl_attr_put(nlh, NDA_LLADDR, 6, e->k.a);
	if ((add || master) && l && l->master)
		mnl_attr_put_u32(nlh, NDA_MASTER, (uint32_t)l->master);
	msg_svd(nlh, l, e, add || !master, add || master);
	return nlh;
}

static struct nlmsghdr *msg_flood(void *buf, const struct fib_ent *e, bool add)
{
	struct nlmsghdr *nlh;

	if (add)
		nlh = msg_neigh(buf, RTM_NEWNEIGH, NLM_F_CREATE | NLM_F_APPEND, AF_BRIDGE,
				e->k.ifindex, NUD_NOARP | NUD_PERMANENT, NTF_SELF);
	else
		nlh = msg_neigh(buf, RTM_DELNEIGH, 0, AF_BRIDGE, e->k.ifindex, 0, NTF_SELF);
	mnl_attr_put(nlh, NDA_LLADDR, 6, zero_mac);
	mnl_attr_put(nlh, NDA_DST, e->k.len, e->k.a);
	msg_svd(nlh, fib_link_find(e->k.ifindex), e, true, false);
	return nlh;
}

static struct nlmsghdr *msg_ip(void *buf, const struct fib_ent *e, bool add)
{
	uint8_t family = e->k.len == 4 ? AF_INET : AF_INET6;
	struct nlmsghdr *nlh;

	if (add) {
		nlh = msg_neigh(buf, RTM_NEWNEIGH, NLM_F_CREATE | NLM_F_REPLACE, family,
				e->k.ifindex, NUD_NOARP,
				(uint8_t)(NTF_EXT_LEARNED | (e->router ? NTF_ROUTER : 0)));
		mnl_attr_put(nlh, NDA_LLADDR, 6, e->want);
	} else {
		nlh = msg_neigh(buf, RTM_DELNEIGH, 0, family, e->k.ifindex, 0, 0);
	}
	mnl_attr_put(nlh, NDA_DST, e->k.len, e->k.a);
	return nlh;
}

struct nlmsghdr *fib_msg_ent(void *buf, const struct fib_ent *e, bool add, bool master)
{
	switch (e->k.kind) {
	case FIB_FDB: return msg_fdb(buf, e, add, master);
	case FIB_FLOOD: return msg_flood(buf, e, add);
	default: return msg_ip(buf, e, add);
	}
}

struct nlmsghdr *fib_msg_brport(void *buf, int ifindex)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct ifinfomsg *ifi;
	struct nlattr *nest;

	nlh->nlmsg_type = RTM_SETLINK;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	ifi = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifi));
	ifi->ifi_family = AF_BRIDGE;
	ifi->ifi_index = ifindex;
	/* Without NLA_F_NESTED the kernel reads IFLA_PROTINFO as the old
	 * one-byte port state (RSTP compatibility) and stops the port. */
	nest = mnl_attr_nest_start(nlh, IFLA_PROTINFO | NLA_F_NESTED);
	mnl_attr_put_u8(nlh, IFLA_BRPORT_LEARNING, 0);
	mnl_attr_put_u8(nlh, IFLA_BRPORT_NEIGH_SUPPRESS, 1);
	mnl_attr_nest_end(nlh, nest);
	return nlh;
}
