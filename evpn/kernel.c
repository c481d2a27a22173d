/* What the kernel tells EVPN through the data plane (fib/dp.h events):
 * each vxlan device's VNI, bridge, local address and state becomes an
 * instance (with `advertise-all-vni`, or binding a configured `vni N`),
 * and the device going down or away takes the instance's routes with it;
 * hosts the bridge learns become local MACs and MAC+IPs; a refresh after
 * lost events finds the local MACs the kernel no longer has. */
#include <stdio.h>
#include <string.h>

#include "evpn/evpn.h"
#include "lib/log.h"

static void kernel_gone(struct evpn_vni *v)
{
	if (!v->kernel_bound)
		return;
	if (!v->configured) {
		log_info("evpn: VNI %u: its vxlan device is gone: instance deleted", v->vni);
		evpn_vni_delete(v);
		return;
	}
	log_info("evpn: VNI %u: its vxlan device %s is gone: routes withdrawn", v->vni,
		 v->vxlan_if);
	v->kernel_up = false;
	v->vtep_kernel = false;
	v->vxlan_if[0] = v->bridge[0] = v->svi[0] = '\0';
	evpn_vni_refresh(v);
}

static bool kernel_same(const struct evpn_vni *v, const struct fib_dp_vni *k)
{
	return v->kernel_bound && v->kernel_up == k->up && v->vxlan_ifindex == k->vxlan_ifindex &&
	       v->bridge_ifindex == k->bridge_ifindex && !strcmp(v->vxlan_if, k->vxlan_if) &&
	       !strcmp(v->bridge, k->bridge ? k->bridge : "") && v->vlan == k->vlan &&
	       v->svi_ifindex == k->svi_ifindex && !strcmp(v->svi, k->svi ? k->svi : "") &&
	       v->vtep_kernel == (k->vtep_len != 0) &&
	       (!k->vtep_len || (v->vtep_len == k->vtep_len && !memcmp(v->vtep, k->vtep, k->vtep_len)));
}

static void kernel_bind(struct evpn_vni *v, const struct fib_dp_vni *k)
{
	if (k->vlan)
		log_info("evpn: VNI %u: VLAN %u of single vxlan device %s (bridge %s, SVI %s) is %s",
			 v->vni, k->vlan, k->vxlan_if, k->bridge ? k->bridge : "none",
			 k->svi ? k->svi : "none", k->up ? "up" : "down");
	else
		log_info("evpn: VNI %u: vxlan device %s (bridge %s) is %s", v->vni, k->vxlan_if,
			 k->bridge ? k->bridge : "none", k->up ? "up" : "down");
	v->kernel_bound = true;
	v->kernel_up = k->up;
	v->vxlan_ifindex = k->vxlan_ifindex;
	v->bridge_ifindex = k->bridge_ifindex;
	snprintf(v->vxlan_if, sizeof(v->vxlan_if), "%s", k->vxlan_if);
	snprintf(v->bridge, sizeof(v->bridge), "%s", k->bridge ? k->bridge : "");
	snprintf(v->svi, sizeof(v->svi), "%s", k->svi ? k->svi : "");
	v->svi_ifindex = k->svi_ifindex;
	v->vlan = k->vlan;
	v->vtep_kernel = k->vtep_len != 0;
	if (k->vtep_len) {
		memcpy(v->vtep, k->vtep, k->vtep_len);
		v->vtep_len = k->vtep_len;
	}
	evpn_vni_refresh(v);
}

static enum fib_dp_use kernel_use(const struct evpn_vni *v, int ifindex)
{
	if (!v || !v->kernel_bound || v->vxlan_ifindex != ifindex)
		return FIB_DP_UNUSED;
	return v->kernel_up ? FIB_DP_LIVE : FIB_DP_BOUND;
}

static enum fib_dp_use kernel_vni(uint32_t vni, const struct fib_dp_vni *k)
{
	struct evpn_vni *v = evpn_vni_find(vni);

	if (v && !v->configured && !evpn_advertise_all)
		k = NULL;	/* discovered once, no longer wanted */
	if (!k) {
		if (v)
			kernel_gone(v);
		return FIB_DP_UNUSED;
	}
	if (!v && (!evpn_advertise_all || !(v = evpn_vni_get(vni))))
		return FIB_DP_UNUSED;
	if (!kernel_same(v, k))
		kernel_bind(v, k);
	return kernel_use(evpn_vni_find(vni), k->vxlan_ifindex);
}

static struct evpn_mac *kernel_local(uint32_t vni, const uint8_t mac[6])
{
	struct evpn_vni *v = evpn_vni_find(vni);
	struct evpn_mac *m = v ? evpn_mac_find(v, mac) : NULL;

	return m && m->local ? m : NULL;
}

/* The bridge port a MAC was learned on marks it as the kernel's: a
 * refresh looks for it again. */
static int kernel_mac(uint32_t vni, const uint8_t mac[6], int port, bool sticky)
{
	bool known = kernel_local(vni, mac) != NULL;
	struct evpn_mac *m;

	if (evpn_local_mac_add(vni, mac, NULL, 0, sticky) < 0)
		return -1;
	if ((m = kernel_local(vni, mac))) {	/* not if a remote route took it at once */
		m->local_ifindex = port;
		m->kernel_seen = true;
	}
	return known ? 0 : 1;
}

static int kernel_mac_gone(uint32_t vni, const uint8_t mac[6])
{
	return evpn_local_mac_del(vni, mac, NULL, 0);
}

/* Only a host behind a local port is ours to advertise with its IP. */
static int kernel_ip(uint32_t vni, const uint8_t mac[6], const uint8_t *ip, uint8_t len)
{
	const struct evpn_mac *m = kernel_local(vni, mac);

	return m ? evpn_local_mac_add(vni, mac, ip, len, m->local_sticky) : -1;
}

static int kernel_ip_gone(uint32_t vni, const uint8_t mac[6], const uint8_t *ip, uint8_t len)
{
	return evpn_local_mac_del(vni, mac, ip, len);
}

static void kernel_unsee(struct evpn_vni *v, struct evpn_mac *m, void *arg)
{
	(void)v, (void)arg;
	m->kernel_seen = false;
}

static void kernel_sync_begin(void)
{
	for (struct evpn_vni *v = evpn_vni_first(); v; v = v->next)
		if (v->kernel_bound)
			evpn_mac_walk(v, kernel_unsee, NULL);
}

/* A MAC the kernel taught (it has a port) that a refresh did not report
 * is missed once; missed twice in a row, it is gone. */
static void kernel_sweep(struct evpn_vni *v, struct evpn_mac *m, void *arg)
{
	struct fib_dp_sync *sync = arg;

	if (!m->local || !m->local_ifindex)
		return;
	if (m->kernel_seen) {
		m->kernel_missed = false;
		return;
	}
	if (!m->kernel_missed) {
		m->kernel_missed = true;
		sync->missed++;
		return;
	}
	if (evpn_local_mac_del(v->vni, m->mac, NULL, 0) == 0)
		sync->gone++;
}

static struct fib_dp_sync kernel_sync_end(void)
{
	struct fib_dp_sync sync = { 0 };

	for (struct evpn_vni *v = evpn_vni_first(); v; v = v->next)
		if (v->kernel_bound && v->kernel_up)
			evpn_mac_walk(v, kernel_sweep, &sync);
	return sync;
}

const struct fib_dp_events *evpn_kernel_events(void)
{
	static const struct fib_dp_events ev = {
		.vni = kernel_vni,
		.local_mac = kernel_mac,
		.local_mac_gone = kernel_mac_gone,
		.local_ip = kernel_ip,
		.local_ip_gone = kernel_ip_gone,
		.sync_begin = kernel_sync_begin,
		.sync_end = kernel_sync_end,
	};

	return &ev;
}
