/* What the producer asks (fib/dp.h) as kernel entries: per MAC the remote
 * VTEP it is behind (none while it is local), the IPs that VTEP advertised
 * with it as SVI neighbours, and a flood entry per remote VTEP. The
 * kernel's own reports about these entries keep the installed side true:
 * an entry deleted by hand is put back; one found at start is adopted. */
#include <linux/neighbour.h>
#include <linux/rtnetlink.h>
#include <string.h>
#include <sys/socket.h>

#include "fib/dp.h"
#include "fib/internal.h"

static const uint8_t zero_mac[6], present = 1;

static void neigh_detach(struct fib_ent *n)
{
	struct fib_ent **pp, *owner = n->owner;

	if (!owner)
		return;
	for (pp = &owner->children; *pp != n; pp = &(*pp)->sib)
		;
	*pp = n->sib;
	n->owner = n->sib = NULL;
	fib_ent_release(owner);
}

static void neigh_claim(struct fib_ent *fdb, const struct fib_dp_mac *m, const struct fib_dp_ip *ip)
{
	struct fib_key k = { .ifindex = m->svi_ifindex, .kind = FIB_NEIGH, .len = ip->len };
	struct fib_ent *n;

	memcpy(k.a, ip->ip, ip->len);
	if (!(n = fib_ent_get(&k)))
		return;
	if (n->owner != fdb) {
		neigh_detach(n);
		n->owner = fdb;
		n->sib = fdb->children;
		fdb->children = n;
	}
	n->mark = false;
	n->router = ip->router;
	fib_ent_want(n, m->mac, 6);
}

/* The MAC's neighbours become exactly the IPs given: those not claimed
 * again are marked, then let go. */
static void neigh_sync(struct fib_ent *fdb, const struct fib_dp_mac *m)
{
	struct fib_ent **pp, *n;

	for (n = fdb->children; n; n = n->sib)
		n->mark = true;
	for (size_t i = 0; m->vtep_len && m->svi_ifindex && i < m->n_ips; i++)
		neigh_claim(fdb, m, &m->ips[i]);
	for (pp = &fdb->children; (n = *pp);) {
		if (!n->mark) {
			pp = &n->sib;
			continue;
		}
		*pp = n->sib;
		n->owner = n->sib = NULL;
		n->mark = false;
		fib_ent_want(n, NULL, 0);
	}
}

static void prog_mac(const struct fib_dp_mac *m)
{
	struct fib_key k = { .ifindex = m->vxlan_ifindex, .vni = m->vni, .kind = FIB_FDB, .len = 6 };
	struct fib_ent *e;

	if (!m->vxlan_ifindex)
		return;
	memcpy(k.a, m->mac, 6);
	if (!(e = m->vtep_len ? fib_ent_get(&k) : fib_ent_find(&k)))
		return;
	neigh_sync(e, m);
	fib_ent_want(e, m->vtep_len ? m->vtep : NULL, m->vtep_len);
}

static void prog_flood(const struct fib_dp_flood *f, bool add)
{
	struct fib_key k = { .ifindex = f->vxlan_ifindex, .vni = f->vni, .kind = FIB_FLOOD,
			     .len = f->len };
	struct fib_ent *e;

	if (!f->vxlan_ifindex)
		return;
	memcpy(k.a, f->vtep, f->len);
	if ((e = add ? fib_ent_get(&k) : fib_ent_find(&k)))
		fib_ent_want(e, add ? &present : NULL, add);
}

const struct fib_dp_ops *fib_dp_ops(void)
{
	static const struct fib_dp_ops ops = { .mac = prog_mac, .flood = prog_flood,
					       .rescan = fib_link_rescan };

	return &ops;
}

/* The key and installed value a kernel report is about, if it is one of
 * the kinds evpnd installs, and the domain it is in; else false. A single
 * vxlan device's entries name their VNI (NDA_SRC_VNI); a classic
 * device's are in its one VNI. */
static bool event_key(const struct fib_nmsg *m, struct fib_key *k, const uint8_t **val,
		      uint8_t *len, struct fib_dom *d)
{
	struct fib_link *l = fib_link_find(m->ifindex);

	memset(k, 0, sizeof(*k));
	k->ifindex = m->ifindex;
	if (m->family == AF_BRIDGE) {
		if (!l || l->kind != FIB_LINK_VXLAN || !(m->flags & NTF_SELF) || !m->has_mac)
			return false;
		k->vni = l->vnifilter ? m->src_vni : l->vni;
		fib_link_vni_domain(l, k->vni, d);
		if (!memcmp(m->mac, zero_mac, 6)) {
			k->kind = FIB_FLOOD;
			k->len = m->dst_len;
			memcpy(k->a, m->dst, m->dst_len);
			*val = &present, *len = 1;
			return m->dst_len != 0;
		}
		k->kind = FIB_FDB;
		k->len = 6;
		memcpy(k->a, m->mac, 6);
		*val = m->dst, *len = m->dst_len;
		return (m->flags & NTF_EXT_LEARNED) && m->dst_len;
	}
	if (!l || (l->kind != FIB_LINK_BRIDGE && l->kind != FIB_LINK_VLAN) ||
	    !(m->flags & NTF_EXT_LEARNED) || !m->dst_len)
		return false;
	fib_link_svi_domain(m->ifindex, d);
	k->kind = FIB_NEIGH;
	k->len = m->dst_len;
	memcpy(k->a, m->dst, m->dst_len);
	*val = m->mac, *len = m->has_mac ? 6 : 0;
	return true;
}

void fib_program_event(const struct fib_nmsg *m, bool adopt)
{
	struct fib_key k;
	const uint8_t *val;
	uint8_t len;
	struct fib_dom d;
	struct fib_ent *e;
	bool gone = m->type == RTM_DELNEIGH;

	if (!event_key(m, &k, &val, &len, &d))
		return;
	if (gone)
		len = 0;
	if (!(e = fib_ent_find(&k))) {
		/* Only at start: entries like ours on devices we manage are
		 * ours from before a restart (or zebra's), adopted until the
		 * routes are back. */
		if (gone || !len || !adopt || !fib_dom_managed(&d) || !(e = fib_ent_get(&k)))
			return;
		e->adopted = true;
		fib.st.adopted++;
	}
	e->seen = !gone;
	if (e->kern_len == len && !memcmp(e->kern, val, len) &&
	    e->kern_router == ((m->flags & NTF_ROUTER) != 0))
		return;
	e->kern_router = (m->flags & NTF_ROUTER) != 0;
	if (e->want_len && e->kern_len)
		fib.st.reinstalled++;
	fib_ent_kern(e, val, len);
}
