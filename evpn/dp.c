/* What EVPN import decided, handed to the data plane as plain values
 * (fib/dp.h): per MAC the VTEP of the remote route it follows (none while
 * it is local) with the IPs that VTEP advertised for it, and each remote
 * VTEP of the flood list once however many type-3 routes name it. */
#include <stdlib.h>
#include <string.h>

#include "evpn/evpn.h"
#include "lib/log.h"

/* A MAC rarely has more IPs than this; more take a heap array. */
#define DP_IPS_STACK 8

static const struct fib_dp_ops *dp;

void evpn_dp_set(const struct fib_dp_ops *ops)
{
	dp = ops;
}

void evpn_dp_rescan(void)
{
	if (dp && dp->rescan)
		dp->rescan();
}

/* A VNI never bound to a vxlan device (control plane only) has no kernel
 * tables: its entries name no device, which the data plane ignores. */
static int dp_vxlan(const struct evpn_vni *v)
{
	return v->kernel_bound ? v->vxlan_ifindex : 0;
}

static bool dp_same_vtep(const struct evpn_imp *i, const struct evpn_imp *w)
{
	return i->vtep_len == w->vtep_len && !memcmp(i->vtep, w->vtep, w->vtep_len);
}

/* The MAC+IP routes of the winner's VTEP: a stale one from the VTEP the
 * MAC left (RFC 7432 §15) must not answer ARP for the host. */
static size_t dp_ips(const struct evpn_mac *m, const struct evpn_imp *w, struct fib_dp_ip *out,
		     size_t max)
{
	size_t n = 0;

	for (const struct evpn_imp *i = m->imps; i; i = i->next) {
		if (!i->ip_len || !dp_same_vtep(i, w))
			continue;
		if (out && n < max) {
			out[n].len = i->ip_len;
			memcpy(out[n].ip, i->ip, i->ip_len);
			out[n].router = i->router;
		}
		n++;
	}
	return n;
}

void evpn_dp_mac(const struct evpn_vni *v, const struct evpn_mac *m)
{
	const struct evpn_imp *w = m->local ? NULL : m->winner;
	struct fib_dp_ip stack[DP_IPS_STACK], *ips = stack;
	struct fib_dp_mac e = { .vxlan_ifindex = dp_vxlan(v), .vni = v->vni,
				.svi_ifindex = v->svi_ifindex };

	if (!dp || !dp->mac)
		return;
	memcpy(e.mac, m->mac, 6);
	if (w) {
		e.vtep_len = w->vtep_len;
		memcpy(e.vtep, w->vtep, w->vtep_len);
		e.n_ips = dp_ips(m, w, NULL, 0);
		if (e.n_ips > DP_IPS_STACK && !(ips = malloc(e.n_ips * sizeof(*ips)))) {
			log_err("evpn: out of memory: only %d of %zu MAC+IP neighbours of a MAC "
				"in VNI %u programmed", DP_IPS_STACK, e.n_ips, v->vni);
			ips = stack;
			e.n_ips = DP_IPS_STACK;
		}
		dp_ips(m, w, ips, e.n_ips);
		e.ips = ips;
	}
	dp->mac(&e);
	if (ips != stack)
		free(ips);
}

/* Two type-3 routes (two RDs) may name one VTEP: its entry stays while
 * any does. */
static bool dp_flood_still_named(const struct evpn_vni *v, const struct evpn_vtep *t)
{
	for (const struct evpn_vtep *o = v->vteps; o; o = o->next)
		if (o != t && o->len == t->len && !memcmp(o->ip, t->ip, t->len))
			return true;
	return false;
}

void evpn_dp_flood(const struct evpn_vni *v, const struct evpn_vtep *t, bool add)
{
	struct fib_dp_flood f = { .vxlan_ifindex = dp_vxlan(v), .vni = v->vni, .len = t->len };

	if (!dp || !dp->flood || (!add && dp_flood_still_named(v, t)))
		return;
	memcpy(f.vtep, t->ip, t->len);
	dp->flood(&f, add);
}
