/* The data plane's interface, both ways, in plain values: fib/ knows
 * nothing of who asks it to program the kernel (EVPN today; the L3
 * instances and the underlay later) and the producer nothing of netlink.
 * The daemon wires the two: the producer calls fib_dp_ops(), fib/ calls
 * the events the producer gives fib_set_events(). */
#ifndef EVPND_FIB_DP_H
#define EVPND_FIB_DP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ---- to the kernel ---- */

/* An IP a remote VTEP advertised with a MAC (a MAC+IP route): an ARP/ND
 * suppression neighbour on the SVI; router is RFC 9047's flag. */
struct fib_dp_ip {
	uint8_t len;		/* 4 or 16 */
	uint8_t ip[16];
	bool router;
};

/* A MAC in a bridge domain as the kernel should have it: behind a remote
 * VTEP (with that VTEP's IPs for it), or (vtep_len 0) not remote at all:
 * gone, or local now, and whatever was installed for it goes. */
struct fib_dp_mac {
	int vxlan_ifindex;	/* the VNI's vxlan device */
	uint32_t vni;		/* one of its VNIs (a single device has many) */
	int svi_ifindex;	/* its SVI, where the neighbours go; 0: none */
	uint8_t mac[6];
	uint8_t vtep_len;	/* 4 or 16; 0: no remote entry */
	uint8_t vtep[16];
	const struct fib_dp_ip *ips;
	size_t n_ips;
};

/* A remote VTEP that BUM traffic of the VNI is replicated to (head-end
 * replication, RFC 8365 §9.1): one flood entry on the vxlan device. */
struct fib_dp_flood {
	int vxlan_ifindex;
	uint32_t vni;
	uint8_t len;
	uint8_t vtep[16];
};

struct fib_dp_ops {
	/* The whole state of one MAC: replaces what was asked before. */
	void (*mac)(const struct fib_dp_mac *m);
	/* Each VTEP once: the producer adds a VTEP when the first route
	 * names it and removes it when the last one goes. */
	void (*flood)(const struct fib_dp_flood *f, bool add);
	/* The producer's configuration changed: report every device again. */
	void (*rescan)(void);
};
const struct fib_dp_ops *fib_dp_ops(void);

/* ---- from the kernel ---- */

/* A VNI as the kernel carries it: a classic vxlan device with that VNI
 * in its own bridge, or one VLAN-to-VNI map of a single vxlan device
 * (`external vnifilter`) in a VLAN-aware bridge. */
struct fib_dp_vni {
	const char *vxlan_if, *bridge;	/* bridge NULL: not in one */
	int vxlan_ifindex, bridge_ifindex;
	uint16_t vlan;		/* the VLAN mapped to it; 0: a classic device */
	const char *svi;	/* the bridge itself, its VLAN's 802.1Q device, or NULL */
	int svi_ifindex;
	const uint8_t *vtep;	/* the device's local address, or NULL */
	uint8_t vtep_len;
	bool up;		/* the device is up and in a bridge */
};

/* What the producer made of a device it was told of: not its, its but
 * down (its removal must still be told), or its and up (fib/ learns on
 * it and adopts entries like its own found there). */
enum fib_dp_use { FIB_DP_UNUSED, FIB_DP_BOUND, FIB_DP_LIVE };

/* Local hosts arrive per VNI: a MAC learned on a bridge port, an IP the
 * SVI resolved to a MAC. A refresh (events were lost) reports every MAC
 * still in the kernel again between sync_begin and sync_end; a MAC the
 * kernel taught that two refreshes in a row did not report is gone. */
struct fib_dp_sync {
	size_t missed;		/* not reported once: looked for again */
	size_t gone;		/* not reported twice: withdrawn */
};

struct fib_dp_events {
	/* v NULL: the device is gone. */
	enum fib_dp_use (*vni)(uint32_t vni, const struct fib_dp_vni *v);
	/* 1: new, 0: known already, -1: refused. */
	int (*local_mac)(uint32_t vni, const uint8_t mac[6], int port_ifindex, bool sticky);
	/* 0: it was local and is gone now, -1: it was not. */
	int (*local_mac_gone)(uint32_t vni, const uint8_t mac[6]);
	/* 0: bound to the local MAC, -1: refused (the MAC is not local). */
	int (*local_ip)(uint32_t vni, const uint8_t mac[6], const uint8_t *ip, uint8_t len);
	int (*local_ip_gone)(uint32_t vni, const uint8_t mac[6], const uint8_t *ip, uint8_t len);
	void (*sync_begin)(void);
	struct fib_dp_sync (*sync_end)(void);
};
void fib_set_events(const struct fib_dp_events *ev);

#endif
