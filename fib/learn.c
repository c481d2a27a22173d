/* Local learning: MACs the bridge learns on its host ports (not the vxlan
 * port) and IPs the SVI resolves to them become local EVPN entries, and
 * through evpn/ type-2 routes. Aged or deleted, they are withdrawn. */
#include <linux/neighbour.h>
#include <linux/rtnetlink.h>
#include <string.h>
#include <sys/socket.h>

#include "evpn/evpn.h"
#include "fib/internal.h"

static bool learn_unicast(const uint8_t mac[6])
{
	static const uint8_t zero[6];

	return !(mac[0] & 1) && memcmp(mac, zero, 6) != 0;
}

static void learn_fdb(const struct fib_nmsg *m)
{
	const struct fib_link *port = fib_link_find(m->ifindex), *vx;
	struct evpn_vni *v;
	struct evpn_mac *mac;
	bool known;

	/* Self entries are a device's own table; entries on the vxlan port
	 * are the remote ones evpnd installed. */
	if ((m->flags & NTF_SELF) || !m->has_mac || !learn_unicast(m->mac) || !port ||
	    port->kind != FIB_LINK_OTHER)
		return;
	vx = fib_link_bridge_vxlan(m->master ? m->master : port->master);
	if (!(v = fib_link_vni(vx)))
		return;
	if (m->type == RTM_DELNEIGH) {
		if (evpn_local_mac_del(vx->vni, m->mac, NULL, 0) == 0)
			fib.st.aged_macs++;
		return;
	}
	/* Permanent: the port's own address. Someone else's extern entry is
	 * not a host seen here. */
	if ((m->state & NUD_PERMANENT) || (m->flags & NTF_EXT_LEARNED))
		return;
	known = (mac = evpn_mac_find(v, m->mac)) && mac->local;
	if (evpn_local_mac_add(vx->vni, m->mac, NULL, 0, (m->state & NUD_NOARP) != 0) == 0) {
		evpn_local_mac_port(vx->vni, m->mac, m->ifindex);
		fib.st.learned_macs += !known;	/* a refresh reports known ones again */
	}
}

static bool learn_ip_usable(const struct fib_nmsg *m)
{
	if (m->dst_len == 4)
		return m->dst[0] < 224 && m->dst[0] != 0;
	/* IPv6 link-local and multicast addresses are not advertised. */
	return m->dst_len == 16 && m->dst[0] != 0xff && !(m->dst[0] == 0xfe && (m->dst[1] & 0xc0) == 0x80);
}

static void learn_ip(const struct fib_nmsg *m)
{
	const struct fib_link *svi = fib_link_find(m->ifindex), *vx;
	struct evpn_vni *v;
	struct evpn_mac *mac;
	bool valid = m->state & (NUD_REACHABLE | NUD_STALE | NUD_DELAY | NUD_PROBE | NUD_PERMANENT);

	if ((m->flags & NTF_EXT_LEARNED) || !svi || svi->kind != FIB_LINK_BRIDGE ||
	    !m->has_mac || !learn_ip_usable(m))
		return;
	vx = fib_link_bridge_vxlan(svi->ifindex);
	if (!(v = fib_link_vni(vx)))
		return;
	if (m->type == RTM_DELNEIGH || !valid) {
		if (evpn_local_mac_del(vx->vni, m->mac, m->dst, m->dst_len) == 0)
			fib.st.gone_ips++;
		return;
	}
	/* Only a host behind a local port is ours to advertise. */
	if (!(mac = evpn_mac_find(v, m->mac)) || !mac->local)
		return;
	if (evpn_local_mac_add(vx->vni, m->mac, m->dst, m->dst_len, mac->local_sticky) == 0)
		fib.st.learned_ips++;
}

void fib_learn_event(const struct fib_nmsg *m)
{
	if (m->family == AF_BRIDGE)
		learn_fdb(m);
	else if (m->family == AF_INET || m->family == AF_INET6)
		learn_ip(m);
}
