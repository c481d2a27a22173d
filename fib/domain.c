/* Which bridge domain (vxlan device and VNI) a kernel object belongs to,
 * in both layouts: a classic vxlan device is its bridge's one domain; a
 * single vxlan device (`external vnifilter`) in a VLAN-aware bridge is
 * one domain per VLAN it maps to a VNI, and that VLAN's SVI is an 802.1Q
 * device on the bridge. */
#include "fib/internal.h"

static const struct fib_vmap *map_by_vid(const struct fib_link *vx, uint16_t vid)
{
	size_t lo = 0, hi = vx->n_maps;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (vx->maps[mid].vid == vid)
			return &vx->maps[mid];
		if (vx->maps[mid].vid < vid)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

static const struct fib_vmap *map_by_vni(const struct fib_link *vx, uint32_t vni)
{
	for (uint16_t i = 0; i < vx->n_maps; i++)
		if (vx->maps[i].vni == vni)
			return &vx->maps[i];
	return NULL;
}

uint16_t fib_link_vni_vid(const struct fib_link *vx, uint32_t vni)
{
	const struct fib_vmap *m = vx && vx->vnifilter ? map_by_vni(vx, vni) : NULL;

	return m ? m->vid : 0;
}

static bool dom_map(struct fib_link *vx, const struct fib_vmap *m, struct fib_dom *d)
{
	if (!m)
		return false;
	*d = (struct fib_dom){ .vx = vx, .vni = m->vni, .vid = m->vid, .use = m->use };
	return true;
}

bool fib_link_vni_domain(struct fib_link *vx, uint32_t vni, struct fib_dom *d)
{
	*d = (struct fib_dom){ 0 };
	if (!vx || vx->kind != FIB_LINK_VXLAN || !vx->has_vni)
		return false;
	if (vx->vnifilter)
		return dom_map(vx, map_by_vni(vx, vni), d);
	if (vx->vni != vni)
		return false;
	*d = (struct fib_dom){ .vx = vx, .vni = vx->vni, .use = vx->use };
	return true;
}

bool fib_link_domain(int bridge, uint16_t vid, struct fib_dom *d)
{
	struct fib_link *vx = fib_link_bridge_vxlan(bridge);

	*d = (struct fib_dom){ 0 };
	if (!vx)
		return false;
	if (vx->vnifilter)
		return dom_map(vx, map_by_vid(vx, vid), d);
	return fib_link_vni_domain(vx, vx->vni, d);
}

bool fib_link_svi_domain(int svi, struct fib_dom *d)
{
	const struct fib_link *l = fib_link_find(svi), *br;

	*d = (struct fib_dom){ 0 };
	if (!l)
		return false;
	if (l->kind == FIB_LINK_BRIDGE)
		return fib_link_domain(l->ifindex, 0, d);
	if (l->kind != FIB_LINK_VLAN || !(br = fib_link_find(l->parent)) ||
	    br->kind != FIB_LINK_BRIDGE)
		return false;
	/* A classic bridge's 802.1Q device is not its SVI. */
	return fib_link_domain(br->ifindex, l->vlan_id, d) && d->vid;
}
