/* BGP sessions: the instance, its peers and their connections. bgpd knows
 * nothing of VNIs; what a session receives goes to rib/ through the peer's
 * Adj-RIB-In. */
#ifndef EVPND_BGP_H
#define EVPND_BGP_H

#include <ev.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/socket.h>
#include <time.h>

#include "bgpd/bgpd.h"
#include "rib/out.h"
#include "rib/rib.h"
#include "wire/af.h"
#include "wire/msg.h"

struct bgp_update;

/* RFC 4271 §8.2.2. */
enum bgp_state {
	BGP_IDLE,
	BGP_CONNECT,
	BGP_ACTIVE,
	BGP_OPENSENT,
	BGP_OPENCONFIRM,
	BGP_ESTABLISHED,
};
const char *bgp_state_name(enum bgp_state s);	/* FRR's: "Idle", "OpenSent" ... */
const char *bgp_state_yang(enum bgp_state s);	/* YANG enum: "opensent" ... */

/* One TCP-AO master key tuple (RFC 5925 section 3.1). */
#define BGP_AO_MAX 8		/* the YANG list's max-elements */
struct bgp_ao_mkt {
	char key[81];
	uint8_t send_id, recv_id;
};

/* A peer's configuration, flattened from the YANG tree. */
struct bgp_peer_cfg {
	uint32_t remote_as;	/* 0 with internal/external below */
	bool as_internal, as_external;
	char description[81];
	bool shutdown, passive;
	char update_source[64];
	char password[81];
	/* TCP-AO (RFC 5925): the MKTs in configuration order; the last
	 * is the preferred one (a new connection's current key, and the
	 * RNextKeyID we ask for). */
	uint8_t n_ao;
	struct bgp_ao_mkt ao[BGP_AO_MAX];
	uint8_t ttl_hops;	/* GTSM; 0 off */
	uint16_t keepalive, hold, connect_retry;
	uint8_t afs;		/* activated families, 1 << enum bgp_af */
	uint8_t rr_client;	/* per family */
	uint32_t max_prefix[BGP_AF_MAX];
};

/* Output waiting for the socket: a chain of chunks, so a slow peer's
 * backlog is visible and bounded (BGP_OUTQ_MAX). */
struct bgp_chunk {
	struct bgp_chunk *next;
	size_t len, off;
	uint8_t data[];
};
#define BGP_OUTQ_MAX (4u << 20)
/* A table replay adds to a queue only below this, leaving room for the
 * changes that go to the whole update group meanwhile. */
#define BGP_OUTQ_LOW (1u << 20)

/* One TCP connection. A peer has at most two while a collision (RFC 4271
 * §6.8) is being resolved: the one we opened and the one we accepted. */
struct bgp_conn {
	struct bgp_peer *peer;
	int fd;
	bool outgoing;
	enum bgp_state state;	/* Connect (TCP pending) .. Established */
	ev_io rio, wio;
	ev_timer hold_timer, ka_timer;
	uint8_t *in;		/* partial message being read */
	size_t in_len, in_cap;
	struct bgp_chunk *out_head, *out_tail;
	size_t out_bytes;
	struct bgp_open open;	/* the peer's, once received */
	bool open_received;
	uint16_t hold;		/* negotiated */
	uint16_t keepalive;
};

struct bgp_counters {
	uint64_t open, update, notify, keepalive, refresh, capability;
};
uint64_t bgp_counters_total(const struct bgp_counters *c);

struct bgp_peer {
	struct bgp_peer *next;
	struct bgp *bgp;
	char name[64];		/* the address as configured */
	struct sockaddr_storage addr;
	socklen_t addrlen;
	struct bgp_peer_cfg cfg;
	bool seen;		/* config reconcile mark */
	struct bgp_peer_cfg listener_cfg;	/* the keys the listeners hold for us */
	bool listener_keys_set;

	enum bgp_state state;	/* the peer's, shown to users */
	struct bgp_conn *conn;	/* the connection that owns the session */
	struct bgp_conn *other;	/* a colliding second connection */
	ev_timer connect_timer, idle_timer;
	ev_timer gr_timer;	/* restart time of a restarting peer */
	ev_timer stale_timer;	/* RFC 4724 §4.2 "stalepath" limit */
	unsigned failures;	/* consecutive, for the IdleHold back-off */

	/* Negotiated, valid while Established. */
	uint32_t remote_as_seen;
	uint32_t remote_id;
	struct bgp_caps remote_caps;
	uint8_t afs;		/* families both sides announced */
	bool as4, ext_msg;
	uint8_t gr_stale_afs;	/* families whose routes are stale */
	bool notified;		/* a NOTIFICATION ended (or ends) the session */
	bool eor_sent_af[BGP_AF_MAX], eor_rcvd_af[BGP_AF_MAX];
	uint8_t refresh_afs;	/* enhanced refreshes whose EoRR is due */

	/* Counters, for show and YANG state. */
	struct bgp_counters rx, tx;
	uint32_t established, dropped;
	time_t uptime;		/* since entering or leaving Established */
	time_t last_read, last_write;
	char last_reset[96];	/* why the last session went down */
	time_t last_reset_time;
	struct bgp_notify last_notify_sent, last_notify_rcvd;
	bool has_notify_sent, has_notify_rcvd;
	bool last_notify_rcvd_latest;	/* which of the two came last */

	/* The RIB side: the peer as a source of paths (its Adj-RIB-In is
	 * rib.paths) and its update-group membership (Adj-RIB-Out). */
	struct rib_peer rib;
	struct rib_out_peer out;
	ev_timer reset_timer;	/* a deferred Cease (output overflow) */
};

struct bgp {
	struct ev_loop *loop;
	uint32_t asn;
	uint32_t router_id;	/* host byte order; 0 = none yet */
	uint32_t cluster_id;	/* RFC 4456, host order; 0: the router ID */
	char hostname[BGP_HOSTNAME_MAX + 1];
	uint16_t keepalive, hold;	/* instance defaults */
	bool log_changes;
	bool ebgp_requires_policy;
	bool gr_enabled;
	uint16_t gr_restart_time, gr_stale_time;
	uint16_t port;		/* listen and connect port (179) */
	int lfd4, lfd6;
	ev_io lio4, lio6;
	struct bgp_peer *peers;
	bool configured;
};

/* The instance (bgpd/instance.c). One per daemon. */
struct bgp *bgp_new(struct ev_loop *loop, uint16_t port);
void bgp_free(struct bgp *bgp);
/* (Re)opens the listeners; logs and returns -1 on failure. */
int bgp_listen(struct bgp *bgp);
struct bgp_peer *bgp_peer_find(struct bgp *bgp, const struct sockaddr *sa);
struct bgp_peer *bgp_peer_find_name(struct bgp *bgp, const char *name);
bool bgp_peer_ebgp(const struct bgp_peer *p);
uint32_t bgp_peer_expected_as(const struct bgp_peer *p); /* 0 = any but ours */

/* Peers (bgpd/peer.c). */
struct bgp_peer *bgp_peer_new(struct bgp *bgp, const char *name,
			      const struct sockaddr_storage *ss, socklen_t len);
void bgp_peer_free(struct bgp_peer *p);
/* ManualStart / ManualStop (RFC 4271 §8.1.2). */
void bgp_peer_start(struct bgp_peer *p);
void bgp_peer_stop(struct bgp_peer *p, uint8_t subcode, const char *why);
/* The session failed: back to Idle, and start again after IdleHoldTime. */
void bgp_peer_down(struct bgp_peer *p, const char *why);
void bgp_peer_update_state(struct bgp_peer *p);
/* Counts of what the peer sent us, per family and in all. */
uint64_t bgp_peer_pfx_rcvd(const struct bgp_peer *p, int af);

/* Connections (bgpd/conn.c). */
struct bgp_conn *bgp_conn_new(struct bgp_peer *p, int fd, bool outgoing);
void bgp_conn_free(struct bgp_conn *c);
/* Queues a whole message; false (and the connection is doomed) when the
 * backlog passed BGP_OUTQ_MAX. */
bool bgp_conn_send(struct bgp_conn *c, const uint8_t *msg, size_t len);
void bgp_conn_send_notify(struct bgp_conn *c, const struct bgp_notify *n);
/* Flushes what it can without blocking, then closes. */
void bgp_conn_close(struct bgp_conn *c);
void bgp_conn_start_io(struct bgp_conn *c);

/* The FSM (bgpd/fsm.c). */
void bgp_fsm_tcp_up(struct bgp_conn *c);	/* Tcp_CR_Acked / TcpConnectionConfirmed */
/* Returns -1 when c was closed and freed. */
int bgp_fsm_message(struct bgp_conn *c, uint8_t type, const uint8_t *body, size_t len);
void bgp_fsm_error(struct bgp_conn *c, const struct bgp_notify *n, const char *why);
void bgp_fsm_closed(struct bgp_conn *c, const char *why);
void bgp_fsm_start_timers(struct bgp_conn *c);

/* Sockets (bgpd/sock.c): options that must be set before connect/listen. */
int bgp_sock_connect(struct bgp_peer *p, uint16_t port, char *err, size_t errlen);
int bgp_sock_listen(int family, uint16_t port, char *err, size_t errlen);
int bgp_sock_set_md5(int fd, const struct sockaddr_storage *peer, const char *key);
int bgp_sock_set_ttl(int fd, int family, bool ebgp, uint8_t gtsm_hops);
/* TCP-AO (bgpd/sock_ao.c). */
bool bgp_sock_ao_supported(void);
/* All of cfg's MKTs on a socket not yet connected, the preferred one as
 * current and RNext. */
int bgp_sock_ao_connect(int fd, const struct sockaddr_storage *peer,
			const struct bgp_peer_cfg *cfg);
/* The listener's MKTs for this peer, from what it holds (old) to now. */
void bgp_sock_ao_listener(int fd, const struct sockaddr_storage *peer,
			  const struct bgp_peer_cfg *old, const struct bgp_peer_cfg *now,
			  const char *name);
/* A live connection's MKTs from old to now (MKTs added or removed, none
 * changed): the new ones installed, the preferred one asked for as RNext,
 * the removed ones deleted after the current/RNext key moved off them. */
void bgp_sock_ao_live(int fd, const struct sockaddr_storage *peer,
		      const struct bgp_peer_cfg *old, const struct bgp_peer_cfg *now,
		      const char *name);
/* An accepted connection: the kernel chose the keys from the peer's SYN;
 * ask the peer for our preferred MKT. */
void bgp_sock_ao_accepted(int fd, const struct bgp_peer_cfg *cfg, const char *name);
/* Whether two configurations differ only by MKTs added or removed (none
 * changed, at least one before and after), which a live session takes. */
/* What the kernel holds (show bgp neighbors json). */
#define BGP_AO_STATE_MAX 16
struct bgp_ao_key_state {
	uint8_t send_id, recv_id;
	bool current, rnext;
	uint64_t pkt_good, pkt_bad;
};
struct bgp_ao_state {
	int current, rnext;	/* KeyIDs: the current key's SendID, the RNext key's RecvID; -1 */
	uint64_t pkt_good, pkt_bad, pkt_key_not_found, pkt_ao_required;
	unsigned n_keys;
	struct bgp_ao_key_state keys[BGP_AO_STATE_MAX];
};
/* listener_cfg: fd is a listener, and these are the peer's MKTs on it. */
int bgp_sock_ao_state(int fd, const struct sockaddr_storage *peer,
		      const struct bgp_peer_cfg *listener_cfg, struct bgp_ao_state *st);
bool bgp_ao_live_change(const struct bgp_peer_cfg *a, const struct bgp_peer_cfg *b);
bool bgp_ao_same(const struct bgp_peer_cfg *a, const struct bgp_peer_cfg *b);
void bgp_sock_peer_options(struct bgp *bgp);	/* MD5/AO keys on the listeners */
void bgp_sock_listener_keys(struct bgp *bgp, struct bgp_peer *p);
/* MKTs added to or removed from a live session's connections (p->cfg
 * still the old configuration). */
void bgp_sock_ao_session(struct bgp_peer *p, const struct bgp_peer_cfg *now);

/* Received UPDATEs into the Adj-RIB-In (bgpd/recv.c). */
/* Returns -1 when the session was reset (c freed). */
int bgp_recv_update(struct bgp_conn *c, const uint8_t *body, size_t len);
/* The peer in the RIB (bgpd/adj.c): joins its update group when
 * Established (sending its Adj-RIB-Out), leaves when the session ends. */
void bgp_adj_init(struct bgp *bgp);
void bgp_adj_established(struct bgp_peer *p);
void bgp_adj_down(struct bgp_peer *p);
void bgp_adj_identity(struct bgp *bgp);
/* The connection's queue went below BGP_OUTQ_LOW: a paused replay goes on. */
void bgp_adj_writable(struct bgp_peer *p);
static inline uint32_t bgp_cluster_id(const struct bgp *bgp)
{
	return bgp->cluster_id ? bgp->cluster_id : bgp->router_id;
}
/* Graceful restart (bgpd/gr.c). */
void bgp_gr_session_lost(struct bgp_peer *p);
void bgp_gr_established(struct bgp_peer *p);
void bgp_gr_eor(struct bgp_peer *p, enum bgp_af af);
void bgp_gr_stop(struct bgp_peer *p);

/* The module's single instance (bgpd/config.c), for its own shows and
 * state; other modules learn what they need through the RIB. */
struct bgp *bgp_instance(void);
/* YANG operational state of every peer (bgpd/state.c). */
struct lyd_node;
struct ly_ctx;
int bgp_state_cb(void *arg, struct ly_ctx *ctx, struct lyd_node **tree);

#endif
