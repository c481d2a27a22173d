/* Local learning: MACs the bridge learns on its host ports (not the vxlan
 * port), in the VNI their bridge or VLAN maps to, and IPs the SVI (the
 * bridge, or a VLAN's 802.1Q device on it) resolves to them are told to
 * the producer (fib/dp.h; EVPN makes type-2 routes of them). Aged or
 * deleted, they are told gone. */
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

/* Host ports are anything but the vxlan port: a veth, a NIC, an 802.1Q
 * sub-interface of a trunk (the classic layout with VLANs), a bond. */
static bool learn_host_port(const struct fib_link *port)
{
	return port && port->kind != FIB_LINK_VXLAN && port->kind != FIB_LINK_BRIDGE;
}

static void learn_fdb(const struct fib_nmsg *m)
{
	const struct fib_link *port = fib_link_find(m->ifindex);
	struct fib_dom d;
	int rc;

	/* Self entries are a device's own table; entries on the vxlan port
	 * are the remote ones evpnd installed. In a VLAN-aware bridge the
	 * entry's VLAN names the domain. */
	if ((m->flags & NTF_SELF) || !m->has_mac || !learn_unicast(m->mac) || !learn_host_port(port))
		return;
	if (!fib_link_domain(m->master ? m->master : port->master, m->vid, &d) ||
	    !fib_dom_managed(&d) || !fib.sink)
		return;
	if (m->type == RTM_DELNEIGH) {
		if (fib.sink->local_mac_gone(d.vni, m->mac) == 0)
			fib.st.aged_macs++;
		return;
	}
	/* Permanent: the port's own address. Someone else's extern entry is
	 * not a host seen here. */
	if ((m->state & NUD_PERMANENT) || (m->flags & NTF_EXT_LEARNED))
		return;
	rc = fib.sink->local_mac(d.vni, m->mac, m->ifindex, (m->state & NUD_NOARP) != 0);
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
	bool valid = m->state & (NUD_REACHABLE | NUD_STALE | NUD_DELAY | NUD_PROBE | NUD_PERMANENT);
	struct fib_dom d;

	if ((m->flags & NTF_EXT_LEARNED) || !m->has_mac || !learn_ip_usable(m))
		return;
	if (!fib_link_svi_domain(m->ifindex, &d) || !fib_dom_managed(&d) || !fib.sink)
		return;
	if (m->type == RTM_DELNEIGH || !valid) {
		if (fib.sink->local_ip_gone(d.vni, m->mac, m->dst, m->dst_len) == 0)
			fib.st.gone_ips++;
		return;
	}
	if (fib.sink->local_ip(d.vni, m->mac, m->dst, m->dst_len) == 0)
		fib.st.learned_ips++;
}

void fib_learn_event(const struct fib_nmsg *m)
{
	if (m->family == AF_BRIDGE)
		learn_fdb(m);
	else if (m->family == AF_INET || m->family == AF_INET6)
		learn_ip(m);
}
