/* The VLAN-to-VNI maps of a single vxlan device, as the bridge reports
 * them: an AF_BRIDGE link message for the port carries, under
 * IFLA_AF_SPEC, one IFLA_BRIDGE_VLAN_TUNNEL_INFO per map, or a pair
 * flagged RANGE_BEGIN/RANGE_END for a run of consecutive VLANs and VNIs
 * (the kernel compresses them so; zebra reads the same attributes,
 * zebra/if_netlink.c netlink_bridge_vxlan_vlan_vni_map_update). */
#include <linux/if_bridge.h>
#include <linux/if_link.h>
#include <linux/rtnetlink.h>
#include <stdlib.h>
#include <string.h>

#include "fib/internal.h"

#define VMAP_MAX 4094	/* one per VLAN at most */

struct tinfo {
	uint32_t vni;
	uint16_t vid, flags;
	bool ok;
};

struct vmap_acc {
	struct fib_vmap *maps;
	uint16_t n;
	bool found_spec, bad;
	struct tinfo begin;	/* a RANGE_BEGIN waiting for its end */
};

static int tinfo_attr(const struct nlattr *a, void *data)
{
	struct tinfo *t = data;

	switch (mnl_attr_get_type(a)) {
	case IFLA_BRIDGE_VLAN_TUNNEL_ID:
		if (mnl_attr_validate(a, MNL_TYPE_U32) == 0)
			t->vni = mnl_attr_get_u32(a), t->ok = true;
		break;
	case IFLA_BRIDGE_VLAN_TUNNEL_VID:
		if (mnl_attr_validate(a, MNL_TYPE_U16) == 0)
			t->vid = mnl_attr_get_u16(a);
		break;
	case IFLA_BRIDGE_VLAN_TUNNEL_FLAGS:
		if (mnl_attr_validate(a, MNL_TYPE_U16) == 0)
			t->flags = mnl_attr_get_u16(a);
		break;
	}
	return MNL_CB_OK;
}

static void vmap_put(struct vmap_acc *acc, uint16_t vid, uint32_t vni)
{
	if (!vid || vid > VMAP_MAX || !vni || acc->n >= VMAP_MAX) {
		acc->bad = true;
		return;
	}
	acc->maps[acc->n++] = (struct fib_vmap){ .vid = vid, .vni = vni };
}

/* A range maps VLAN begin+i to VNI begin+i. */
static void vmap_range(struct vmap_acc *acc, const struct tinfo *end)
{
	const struct tinfo *b = &acc->begin;

	if (!b->ok || end->vid < b->vid || end->vni - b->vni != (uint32_t)(end->vid - b->vid)) {
		acc->bad = true;
		return;
	}
	for (uint32_t i = 0; i <= (uint32_t)(end->vid - b->vid); i++)
		vmap_put(acc, (uint16_t)(b->vid + i), b->vni + i);
	acc->begin.ok = false;
}

static int spec_attr(const struct nlattr *a, void *data)
{
	struct vmap_acc *acc = data;
	struct tinfo t = { 0 };

	if (mnl_attr_get_type(a) != IFLA_BRIDGE_VLAN_TUNNEL_INFO)
		return MNL_CB_OK;
	if (mnl_attr_parse_nested(a, tinfo_attr, &t) < 0 || !t.ok) {
		acc->bad = true;
		return MNL_CB_OK;
	}
	if (t.flags & BRIDGE_VLAN_INFO_RANGE_BEGIN)
		acc->begin = t;
	else if (t.flags & BRIDGE_VLAN_INFO_RANGE_END)
		vmap_range(acc, &t);
	else
		vmap_put(acc, t.vid, t.vni);
	return MNL_CB_OK;
}

static int link_spec(const struct nlattr *a, void *data)
{
	struct vmap_acc *acc = data;

	if ((mnl_attr_get_type(a) & NLA_TYPE_MASK) == IFLA_AF_SPEC) {
		acc->found_spec = true;
		if (mnl_attr_parse_nested(a, spec_attr, acc) < 0)
			acc->bad = true;
	}
	return MNL_CB_OK;
}

static int vmap_cmp(const void *a, const void *b)
{
	return (int)((const struct fib_vmap *)a)->vid - (int)((const struct fib_vmap *)b)->vid;
}

/* 1: *maps (sorted by VLAN, malloc'd, NULL if none) is the port's whole
 * set; 0: the message says nothing about maps (no IFLA_AF_SPEC); -1: it
 * is malformed or out of memory, and nothing is returned. */
int fib_vmap_parse(const struct nlmsghdr *nlh, struct fib_vmap **maps, uint16_t *n)
{
	struct vmap_acc acc = { 0 };

	*maps = NULL, *n = 0;
	if (!(acc.maps = malloc(VMAP_MAX * sizeof(*acc.maps))))
		return -1;
	if (mnl_attr_parse(nlh, sizeof(struct ifinfomsg), link_spec, &acc) < 0 || acc.bad ||
	    acc.begin.ok) {
		free(acc.maps);
		return -1;
	}
	if (!acc.found_spec || !acc.n) {
		free(acc.maps);
		return acc.found_spec;
	}
	qsort(acc.maps, acc.n, sizeof(*acc.maps), vmap_cmp);
	*maps = realloc(acc.maps, acc.n * sizeof(*acc.maps));
	if (!*maps)
		*maps = acc.maps;
	*n = acc.n;
	return 1;
}
