/* Neighbour messages (bridge FDB and IPv4/IPv6 neighbours) into one flat
 * form. libmnl checks every attribute against the message bounds, and
 * each one used is checked here for its type's size before it is read. */
#include <linux/neighbour.h>
#include <linux/rtnetlink.h>
#include <string.h>
#include <sys/socket.h>

#include "fib/internal.h"

struct parse_ctx {
	const struct nlattr *tb[NDA_MAX + 1];
};

static int parse_attr(const struct nlattr *a, void *data)
{
	struct parse_ctx *c = data;
	uint16_t type = mnl_attr_get_type(a);

	if (type <= NDA_MAX)
		c->tb[type] = a;
	return MNL_CB_OK;
}

static bool parse_u32(const struct nlattr *a, uint32_t *v)
{
	if (!a || mnl_attr_validate(a, MNL_TYPE_U32) < 0)
		return false;
	*v = mnl_attr_get_u32(a);
	return true;
}

static void parse_dst(const struct nlattr *a, struct fib_nmsg *m)
{
	uint16_t len = a ? mnl_attr_get_payload_len(a) : 0;

	if (len == 4 || len == 16) {
		memcpy(m->dst, mnl_attr_get_payload(a), len);
		m->dst_len = (uint8_t)len;
	}
}

/* libmnl stops quietly at an attribute running past the message: that
 * message is refused whole, as the kernel's strict checks would. */
static bool parse_whole(const struct nlmsghdr *nlh, size_t hdr)
{
	const struct nlattr *a;
	size_t used = MNL_ALIGN(hdr);

	mnl_attr_for_each(a, nlh, hdr)
		used += MNL_ALIGN(a->nla_len);
	return used >= mnl_nlmsg_get_payload_len(nlh);
}

int fib_parse_neigh(const struct nlmsghdr *nlh, struct fib_nmsg *m)
{
	const struct ndmsg *nd;
	struct parse_ctx c = { 0 };
	uint32_t master;

	memset(m, 0, sizeof(*m));
	if (nlh->nlmsg_len < mnl_nlmsg_size(sizeof(*nd)))
		return -1;
	nd = mnl_nlmsg_get_payload(nlh);
	if (mnl_attr_parse(nlh, sizeof(*nd), parse_attr, &c) < 0 || !parse_whole(nlh, sizeof(*nd)))
		return -1;
	m->type = nlh->nlmsg_type;
	m->family = nd->ndm_family;
	m->flags = nd->ndm_flags;
	m->state = nd->ndm_state;
	m->ifindex = nd->ndm_ifindex;
	if (parse_u32(c.tb[NDA_MASTER], &master))
		m->master = (int)master;
	if (c.tb[NDA_LLADDR] && mnl_attr_get_payload_len(c.tb[NDA_LLADDR]) == 6) {
		memcpy(m->mac, mnl_attr_get_payload(c.tb[NDA_LLADDR]), 6);
		m->has_mac = true;
	}
	parse_dst(c.tb[NDA_DST], m);
	if (c.tb[NDA_VLAN] && mnl_attr_validate(c.tb[NDA_VLAN], MNL_TYPE_U16) == 0)
		m->vid = mnl_attr_get_u16(c.tb[NDA_VLAN]);
	parse_u32(c.tb[NDA_SRC_VNI], &m->src_vni);
	return 0;
}
