/* VNIs as the kernel has them: fib/ reports each vxlan device's VNI,
 * bridge, local address and state; here that becomes an instance (with
 * `advertise-all-vni`, or binding a configured `vni N`), and the device
 * going down or away takes the instance's routes with it. */
#include <stdio.h>
#include <string.h>

#include "evpn/evpn.h"
#include "lib/log.h"

bool evpn_advertise_all;
static void (*kernel_rescan)(void);

void evpn_kernel_hook(void (*rescan)(void))
{
	kernel_rescan = rescan;
}

void evpn_kernel_rescan(void)
{
	if (kernel_rescan)
		kernel_rescan();
}

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
	v->vxlan_if[0] = v->bridge[0] = '\0';
	evpn_vni_refresh(v);
}

static bool kernel_same(const struct evpn_vni *v, const struct evpn_kvni *k)
{
	return v->kernel_bound && v->kernel_up == k->up && v->vxlan_ifindex == k->vxlan_ifindex &&
	       v->bridge_ifindex == k->bridge_ifindex && !strcmp(v->vxlan_if, k->vxlan_if) &&
	       !strcmp(v->bridge, k->bridge ? k->bridge : "") &&
	       v->vtep_kernel == (k->vtep_len != 0) &&
	       (!k->vtep_len || (v->vtep_len == k->vtep_len && !memcmp(v->vtep, k->vtep, k->vtep_len)));
}

void evpn_kernel_vni(uint32_t vni, const struct evpn_kvni *k)
{
	struct evpn_vni *v = evpn_vni_find(vni);

	if (v && !v->configured && !evpn_advertise_all)
		k = NULL;	/* discovered once, no longer wanted */
	if (!k) {
		if (v)
			kernel_gone(v);
		return;
	}
	if (!v && (!evpn_advertise_all || !(v = evpn_vni_get(vni))))
		return;
	if (kernel_same(v, k))
		return;
	log_info("evpn: VNI %u: vxlan device %s (bridge %s) is %s", vni, k->vxlan_if,
		 k->bridge ? k->bridge : "none", k->up ? "up" : "down");
	v->kernel_bound = true;
	v->kernel_up = k->up;
	v->vxlan_ifindex = k->vxlan_ifindex;
	v->bridge_ifindex = k->bridge_ifindex;
	snprintf(v->vxlan_if, sizeof(v->vxlan_if), "%s", k->vxlan_if);
	snprintf(v->bridge, sizeof(v->bridge), "%s", k->bridge ? k->bridge : "");
	v->vtep_kernel = k->vtep_len != 0;
	if (k->vtep_len) {
		memcpy(v->vtep, k->vtep, k->vtep_len);
		v->vtep_len = k->vtep_len;
	}
	evpn_vni_refresh(v);
}
