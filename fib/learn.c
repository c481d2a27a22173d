/* Local learning: MACs the bridge learns on its host ports (not the vxlan
 * port) and IPs the SVI resolves to them are told to the producer
 * (fib/dp.h; EVPN makes type-2 routes of them). Aged or deleted, they are
 * told gone. */
#include <linux/neighbour.h>
#include <linux/rtnetlink.h>
#include <string.h>
#include <sys/socket.h>

#include "fib/internal.h"

static bool learn_unicast(const uint8_t mac[6])
{
	static const uint8_t zero[6];

	return !(mac[0] & 1) && memcmp(mac, zero, 6) != 0;
}

static void learn_fdb(const struct fib_nmsg *m)
{
	const struct fib_link *port = fib_link_find(m->ifindex), *vx;
	int rc;

	/* Self entries are a device's own table; entries on the vxlan port
	 * are the remote ones evpnd installed. */
	if ((m->flags & NTF_SELF) || !m->has_mac || !learn_unicast(m->mac) || !port ||
	    port->kind != FIB_LINK_OTHER)
		return;
	vx = fib_link_bridge_vxlan(m->master ? m->master : port->master);
	if (!fib_link_managed(vx) || !fib.sink)
		return;
	if (m->type == RTM_DELNEIGH) {
		if (fib.sink->local_mac_gone(vx->vni, m->mac) == 0)
			fib.st.aged_macs++;
		return;
	}
	/* Permanent: the port's own address. Someone else's extern entry is
	 * not a host seen here. */
	if ((m->state & NUD_PERMANENT) || (m->flags & NTF_EXT_LEARNED))
		return;
	rc = fib.sink->local_mac(vx->vni, m->mac, m->ifindex, (m->state & NUD_NOARP) != 0);
	fib.st.learned_macs += rc == 1;	/* a refresh reports known ones again */
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
	bool valid = m->state & (NUD_REACHABLE | NUD_STALE | NUD_DELAY | NUD_PROBE | NUD_PERMANENT);

	if ((m->flags & NTF_EXT_LEARNED) || !svi || svi->kind != FIB_LINK_BRIDGE ||
	    !m->has_mac || !learn_ip_usable(m))
		return;
	vx = fib_link_bridge_vxlan(svi->ifindex);
	if (!fib_link_managed(vx) || !fib.sink)
		return;
	if (m->type == RTM_DELNEIGH || !valid) {
		if (fib.sink->local_ip_gone(vx->vni, m->mac, m->dst, m->dst_len) == 0)
			fib.st.gone_ips++;
		return;
	}
	if (fib.sink->local_ip(vx->vni, m->mac, m->dst, m->dst_len) == 0)
		fib.st.learned_ips++;
}

void fib_learn_event(const struct fib_nmsg *m)
{
	if (m->family == AF_BRIDGE)
		learn_fdb(m);
	else if (m->family == AF_INET || m->family == AF_INET6)
		learn_ip(m);
}
