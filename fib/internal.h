/* fib/'s parts and what they share: the netlink sockets, the link table,
 * the table of kernel entries (wanted vs. installed) and the counters. */
#ifndef EVPND_FIB_INTERNAL_H
#define EVPND_FIB_INTERNAL_H

#include <ev.h>
#include <libmnl/libmnl.h>
#include <net/if.h>
#include <sys/socket.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cli/cmd.h"
#include "fib/dp.h"
#include "fib/fib.h"

/* One netlink socket on the loop (fib/nl.c). */
struct nl_sock {
	struct mnl_socket *mnl;
	ev_io io;
	uint32_t portid;
	const char *name;
	void (*on_msg)(const struct nlmsghdr *nlh);
	void (*on_overrun)(void);
};
int nl_open(struct nl_sock *s, const char *name, const unsigned *groups, int ngroups);
void nl_start(struct nl_sock *s, struct ev_loop *loop);
void nl_close(struct nl_sock *s, struct ev_loop *loop);
/* Netlink datagrams, one per event or ACK, read NL_RX_BATCH to a
 * recvmmsg() (fib/nl.c): at a million MACs one recv() each would be most
 * of the cost. buf holds NL_RX_BATCH slots of `slot` bytes; datagram i is
 * at buf + i * slot, msg[i].msg_len long. */
#define NL_RX_BATCH 64
struct nl_rx {
	char *buf;
	size_t slot;
	struct iovec iov[NL_RX_BATCH];
	struct mmsghdr msg[NL_RX_BATCH];
};
int nl_recv_many(int fd, struct nl_rx *rx);	/* recvmmsg's result, MSG_DONTWAIT */
/* Drops the kernel's echoes of our own (extern_learn) entries from an
 * event socket (fib/filter.c). */
int nl_filter_own(struct nl_sock *s);
/* Sends a dump request and hands every answer to on_msg until DONE:
 * blocking, so only before the loop runs. */
int nl_dump(struct nl_sock *s, uint16_t type, uint8_t family);
/* Sends a dump request only; the answers come to on_msg on the loop. */
int nl_dump_request(struct nl_sock *s, uint16_t type, uint8_t family, uint32_t seq);

/* Links (fib/link.c). */
enum { FIB_LINK_OTHER, FIB_LINK_BRIDGE, FIB_LINK_VXLAN, FIB_LINK_VLAN };

/* One VLAN-to-VNI map of a single vxlan device (`bridge vlan add dev
 * vxlan0 vid 10 tunnel_info id 100`): in the single-device layout each
 * map is a VNI, bound and reported on its own. */
struct fib_vmap {
	uint32_t vni;
	uint16_t vid;
	uint8_t use;		/* enum fib_dp_use */
	bool reported;
};

struct fib_link {
	struct fib_link *hnext;
	int ifindex, master;
	unsigned flags;		/* IFF_* */
	int vxlan_port;		/* bridges: the vxlan device in it, as last reported */
	int parent;		/* 802.1Q devices: the device they tag on */
	uint16_t vlan_id;	/* 802.1Q devices */
	char name[IF_NAMESIZE];
	uint8_t kind;
	/* vxlan devices; a vnifilter one carries many VNIs, one per map */
	bool has_vni, learning, vnifilter, port_set, reported, warned;
	uint8_t use;		/* enum fib_dp_use: what the producer made of it */
	uint32_t vni;
	uint16_t dstport;
	uint8_t local_len;
	uint8_t local[16];
	struct fib_vmap *maps;	/* sorted by vid */
	uint16_t n_maps;
};
void fib_link_msg(const struct nlmsghdr *nlh);
struct fib_link *fib_link_find(int ifindex);
/* The vxlan device bridged by bridge (a classic one: one per bridge; a
 * single vxlan device: one for all the bridge's VLANs). */
struct fib_link *fib_link_bridge_vxlan(int bridge);

/* A bridge domain as the kernel carries it: a vxlan device and one VNI
 * of it, with the VLAN that maps to it there (0: a classic device). */
struct fib_dom {
	struct fib_link *vx;
	uint32_t vni;
	uint16_t vid;
	uint8_t use;		/* enum fib_dp_use */
};
/* The domain of frames on bridge in VLAN vid (ignored by classic ones). */
bool fib_link_domain(int bridge, uint16_t vid, struct fib_dom *d);
/* The domain an SVI routes for: a bridge, or an 802.1Q device on one. */
bool fib_link_svi_domain(int svi, struct fib_dom *d);
/* The domain of VNI vni on vxlan device vx. */
bool fib_link_vni_domain(struct fib_link *vx, uint32_t vni, struct fib_dom *d);
/* A domain the producer has bound and that is up: learning in it counts,
 * entries like ours in it are ours. */
static inline bool fib_dom_managed(const struct fib_dom *d)
{
	return d->vx && d->use == FIB_DP_LIVE;
}
/* The VLAN that maps to vni on a single vxlan device; 0 if none. */
uint16_t fib_link_vni_vid(const struct fib_link *vx, uint32_t vni);
/* Single vxlan devices: maps from an AF_BRIDGE link message (fib/vmap.c). */
int fib_vmap_parse(const struct nlmsghdr *nlh, struct fib_vmap **maps, uint16_t *n);
void fib_link_rescan(void);
void fib_link_free_all(void);

/* A parsed RTM_NEWNEIGH/RTM_DELNEIGH (fib/parse.c). */
struct fib_nmsg {
	uint16_t type;
	uint8_t family, flags;
	uint16_t state;
	int ifindex, master;
	bool has_mac;
	uint8_t mac[6];
	uint16_t vid;		/* AF_BRIDGE: NDA_VLAN, 0 if none */
	uint32_t src_vni;	/* AF_BRIDGE: NDA_SRC_VNI, 0 if none */
	uint8_t dst_len;	/* AF_BRIDGE: the VTEP; AF_INET*: the IP */
	uint8_t dst[16];
};
int fib_parse_neigh(const struct nlmsghdr *nlh, struct fib_nmsg *m);

/* The kernel entries evpnd owns (fib/table.c): what EVPN wants and what
 * the kernel has, per key; an entry whose two differ is queued. */
enum fib_kind { FIB_FDB, FIB_FLOOD, FIB_NEIGH };
struct fib_key {
	int ifindex;		/* vxlan device (FDB, FLOOD) or SVI (NEIGH) */
	uint32_t vni;		/* FDB, FLOOD: a single device carries many */
	uint8_t kind, len;
	uint8_t a[16];		/* MAC (FDB), VTEP (FLOOD), IP (NEIGH) */
};
struct fib_ent {
	struct fib_ent *hnext, *dnext;
	struct fib_ent *owner, *children, *sib;	/* a remote MAC's neighbours */
	struct fib_key k;
	uint8_t want[16], kern[16];	/* VTEP (FDB), MAC (NEIGH) */
	uint8_t want_len, kern_len;	/* 0: absent; FLOOD entries use 1 */
	bool dirty, adopted, mark;
	bool seen;		/* refresh: the kernel still has it */
	/* A refresh did not see it installed: maybe gone, maybe missed by
	 * the dump. Then kern_len is 0 and this is the length kern had, so
	 * a delete still goes out (and an add is sent again) to be sure. */
	uint8_t unsure_len;
	bool router, kern_router;	/* NEIGH: NTF_ROUTER wanted, installed */
};
struct fib_ent *fib_ent_find(const struct fib_key *k);
struct fib_ent *fib_ent_get(const struct fib_key *k);
void fib_ent_want(struct fib_ent *e, const uint8_t *v, uint8_t len);
void fib_ent_kern(struct fib_ent *e, const uint8_t *v, uint8_t len);
void fib_ent_dirty(struct fib_ent *e);
/* The kernel has exactly what is wanted (or neither has anything). */
bool fib_ent_same(const struct fib_ent *e);
struct fib_ent *fib_ent_take_dirty(void);
/* Frees e once nothing is wanted, installed, queued or hanging off it. */
void fib_ent_release(struct fib_ent *e);
void fib_ent_walk(void (*cb)(struct fib_ent *e));
size_t fib_ent_count(enum fib_kind kind, bool installed);
/* "FDB entry 02:..", "flood entry to VTEP 10.255.0.11", "neighbour
 * 192.168.1.1", for log lines. */
const char *fib_key_str(const struct fib_key *k, char *buf, size_t len);
void fib_ent_free_all(void);

/* Requests (fib/pump.c). */
void fib_pump_kick(void);
void fib_pump_brport(int ifindex);	/* learning off, neigh_suppress on */
void fib_pump_stop(void);

/* The writer thread (fib/writer.c): sends the pump's batches on the
 * request socket and reads their ACKs. A batch is copied in; false when
 * every slot is busy. on_done runs on the loop's thread, once per batch,
 * in order. */
#define FIB_BATCH_MAX (64 << 10)
#define FIB_BATCH_MSGS 2048	/* requests per batch; 64 KiB holds fewer */
struct fib_wr_fail {
	uint32_t seq;
	int err;
};
struct fib_wr_result {
	uint32_t first, n;
	const struct fib_wr_fail *fails;
	uint32_t n_fails;
	bool lost;
};
int fib_writer_start(int fd, void (*on_done)(const struct fib_wr_result *r));
bool fib_writer_submit(const void *buf, size_t len, uint32_t first, uint32_t n);
void fib_writer_stop(void);
void fib_pump_done(const struct fib_wr_result *r);

/* Building requests (fib/msg.c): into buf, returning the header. */
struct nlmsghdr *fib_msg_ent(void *buf, const struct fib_ent *e, bool add, bool master);
struct nlmsghdr *fib_msg_brport(void *buf, int ifindex);

/* What the kernel tells (fib/program.c for our entries, fib/learn.c for
 * local hosts). */
void fib_program_event(const struct fib_nmsg *m, bool adopt);
void fib_learn_event(const struct fib_nmsg *m);

/* Resync (fib/resync.c). */
void fib_resync_begin(void);
void fib_resync_stop(void);

/* Refresh (fib/refresh.c): after lost events, the tables read again in
 * the background and compared. */
void fib_refresh_start(void);
void fib_refresh_stop(void);
void fib_refresh_msg(const struct nlmsghdr *nlh);
void fib_dispatch(const struct nlmsghdr *nlh);

/* `show evpn dataplane` (fib/show.c), ending in an empty row. */
extern const struct cli_cmd fib_show_cmds[];

struct fib_stats {
	uint64_t sent, acked, errors, absent, batches, send_again;
	uint64_t events, overruns;
	uint64_t learned_macs, aged_macs, learned_ips, gone_ips;
	uint64_t reinstalled, adopted, stale_deleted;
	uint64_t refreshes, refresh_fixed;
	uint32_t inflight;
	size_t queued;
	bool resync_done;
	double resync_start, resync_ms;
	size_t resync_kept;
};

struct fib {
	struct ev_loop *loop;
	struct nl_sock ev, cmd, dump;
	bool started, converged, dumping;
	bool refreshing, refresh_again;
	int refresh_step;
	uint32_t refresh_seq;
	bool (*converged_fn)(void);
	const struct fib_dp_events *sink;	/* who hears of VNIs and local hosts */
	double timeout;
	struct fib_stats st;
};
extern struct fib fib;

#endif
