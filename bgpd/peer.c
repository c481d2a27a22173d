/* A peer's life outside any one connection: start, stop, the connect-retry
 * and idle-hold timers, and what the user sees as its state. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bgpd/bgp.h"
#include "lib/log.h"

#define IDLE_HOLD_MAX 120	/* seconds; the back-off's ceiling */
#define STABLE_SECS 60		/* Established this long forgives past failures */

static const char *const state_names[] = {
	"Idle", "Connect", "Active", "OpenSent", "OpenConfirm", "Established",
};
static const char *const state_yang[] = {
	"idle", "connect", "active", "opensent", "openconfirm", "established",
};

const char *bgp_state_name(enum bgp_state s) { return state_names[s]; }
const char *bgp_state_yang(enum bgp_state s) { return state_yang[s]; }

/* RFC 4271 §10: timers are jittered to 75-100% so peers do not fall into
 * lockstep. */
static double bgp_jitter(double secs)
{
	return secs * (0.75 + 0.25 * ((double)random() / RAND_MAX));
}

static void peer_connect_cb(struct ev_loop *loop, ev_timer *w, int revents);
static void peer_idle_cb(struct ev_loop *loop, ev_timer *w, int revents);

struct bgp_peer *bgp_peer_new(struct bgp *bgp, const char *name,
			      const struct sockaddr_storage *ss, socklen_t len)
{
	struct bgp_peer *p = calloc(1, sizeof(*p));

	if (!p)
		return NULL;
	p->bgp = bgp;
	snprintf(p->name, sizeof(p->name), "%s", name);
	p->addr = *ss;
	p->addrlen = len;
	ev_init(&p->connect_timer, peer_connect_cb);
	ev_init(&p->idle_timer, peer_idle_cb);
	p->connect_timer.data = p->idle_timer.data = p;
	ev_init(&p->gr_timer, NULL);
	ev_init(&p->stale_timer, NULL);
	ev_init(&p->reset_timer, NULL);
	return p;
}

static void peer_drop_conns(struct bgp_peer *p)
{
	bgp_adj_down(p);
	bgp_conn_close(p->conn);
	bgp_conn_close(p->other);
	p->conn = p->other = NULL;
}

void bgp_peer_free(struct bgp_peer *p)
{
	struct ev_loop *loop = p->bgp->loop;

	peer_drop_conns(p);
	ev_timer_stop(loop, &p->connect_timer);
	ev_timer_stop(loop, &p->idle_timer);
	bgp_gr_stop(p);
	rib_peer_clear(&p->rib, -1);
	free(p);
}

/* What users see: the furthest any connection got, else whether we are
 * dialing (Connect), waiting for one (Active) or holding off (Idle). */
static enum bgp_state peer_visible_state(const struct bgp_peer *p)
{
	enum bgp_state s = BGP_IDLE;

	if (p->conn && p->conn->state > s)
		s = p->conn->state;
	if (p->other && p->other->state > s)
		s = p->other->state;
	if (s != BGP_IDLE)
		return s;
	if (p->cfg.shutdown || ev_is_active(&p->idle_timer) || !p->bgp->router_id ||
	    !p->bgp->port || !p->cfg.afs)
		return BGP_IDLE;
	return BGP_ACTIVE;
}

void bgp_peer_update_state(struct bgp_peer *p)
{
	enum bgp_state now = peer_visible_state(p);

	if (now == p->state)
		return;
	log_debug("bgp: neighbor %s: %s -> %s", p->name, bgp_state_name(p->state),
		  bgp_state_name(now));
	if (now == BGP_ESTABLISHED || p->state == BGP_ESTABLISHED)
		p->uptime = time(NULL);
	p->state = now;
}

static void peer_arm_connect(struct bgp_peer *p, double delay)
{
	ev_timer_stop(p->bgp->loop, &p->connect_timer);
	ev_timer_set(&p->connect_timer, delay, 0.);
	ev_timer_start(p->bgp->loop, &p->connect_timer);
}

/* ConnectRetryTimer_Expires: an attempt still hanging is abandoned and a
 * new one made (RFC 4271 §8.2.2, Connect state). */
static void peer_connect_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	struct bgp_peer *p = w->data;
	char err[160];
	int fd;

	(void)loop, (void)revents;
	peer_arm_connect(p, bgp_jitter(p->cfg.connect_retry));
	if (p->conn && p->conn->state != BGP_CONNECT)
		return;	/* a session is in progress; the timer only re-arms */
	bgp_conn_free(p->conn);
	p->conn = NULL;
	fd = bgp_sock_connect(p, p->bgp->port, err, sizeof(err));
	if (fd < 0) {
		log_info("bgp: neighbor %s: %s", p->name, err);
		bgp_peer_update_state(p);
		return;
	}
	p->conn = bgp_conn_new(p, fd, true);
	if (!p->conn) {
		close(fd);
		return;
	}
	/* Writable means the TCP handshake finished, one way or the other. */
	ev_io_start(p->bgp->loop, &p->conn->wio);
	bgp_peer_update_state(p);
}

void bgp_peer_start(struct bgp_peer *p)
{
	/* FRR's rule too: a neighbor with no family activated stays Idle. */
	if (p->cfg.shutdown || !p->bgp->router_id || p->conn || !p->bgp->port || !p->cfg.afs)
		return;
	if (ev_is_active(&p->idle_timer))
		return;
	if (!p->cfg.passive)
		peer_arm_connect(p, 0.1 + bgp_jitter(0.4));
	bgp_peer_update_state(p);
}

static void peer_idle_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	struct bgp_peer *p = w->data;

	(void)loop, (void)revents;
	bgp_peer_start(p);
}

static void peer_log_down(struct bgp_peer *p, const char *why)
{
	if (p->state != BGP_ESTABLISHED) {
		log_info("bgp: neighbor %s: %s in %s", p->name, why, bgp_state_name(p->state));
		return;
	}
	if (p->bgp->log_changes)
		log_notice("%%ADJCHANGE: neighbor %s in vrf default Down %s", p->name, why);
	else
		log_info("bgp: neighbor %s down: %s", p->name, why);
	p->dropped++;
}

/* The session is gone (error, close, NOTIFICATION). Routes are kept as
 * stale or dropped by graceful restart's rules; the next attempt waits out
 * IdleHoldTime, which doubles with each failure in a row (RFC 4271 §8.1.1
 * DampPeerOscillations). */
void bgp_peer_down(struct bgp_peer *p, const char *why)
{
	unsigned hold;

	snprintf(p->last_reset, sizeof(p->last_reset), "%s", why);
	p->last_reset_time = time(NULL);
	peer_log_down(p, why);
	if (p->state == BGP_ESTABLISHED && time(NULL) - p->uptime >= STABLE_SECS)
		p->failures = 0;
	if (p->state == BGP_ESTABLISHED)
		bgp_gr_session_lost(p);
	peer_drop_conns(p);
	p->failures++;
	hold = p->failures <= 1 ? 0 : 1u << (p->failures - 2 < 7 ? p->failures - 2 : 7);
	if (hold > IDLE_HOLD_MAX)
		hold = IDLE_HOLD_MAX;
	ev_timer_stop(p->bgp->loop, &p->connect_timer);
	ev_timer_set(&p->idle_timer, bgp_jitter(hold) + 0.1, 0.);
	ev_timer_start(p->bgp->loop, &p->idle_timer);
	bgp_peer_update_state(p);
}

/* ManualStop: a Cease to the peer, routes dropped, no restart. */
void bgp_peer_stop(struct bgp_peer *p, uint8_t subcode, const char *why)
{
	struct bgp_notify n;

	bgp_notify_set(&n, BGP_ERR_CEASE, subcode, NULL, 0);
	if (p->conn && p->conn->state >= BGP_OPENSENT)
		bgp_conn_send_notify(p->conn, &n);
	if (p->other && p->other->state >= BGP_OPENSENT)
		bgp_conn_send_notify(p->other, &n);
	snprintf(p->last_reset, sizeof(p->last_reset), "%s", why);
	p->last_reset_time = time(NULL);
	peer_log_down(p, why);
	peer_drop_conns(p);
	bgp_gr_stop(p);
	rib_peer_clear(&p->rib, -1);
	ev_timer_stop(p->bgp->loop, &p->connect_timer);
	ev_timer_stop(p->bgp->loop, &p->idle_timer);
	p->failures = 0;
	bgp_peer_update_state(p);
}

uint64_t bgp_counters_total(const struct bgp_counters *c)
{
	return c->open + c->update + c->notify + c->keepalive + c->refresh + c->capability;
}

uint64_t bgp_peer_pfx_rcvd(const struct bgp_peer *p, int af)
{
	uint64_t n = 0;

	for (int i = 0; i < BGP_AF_MAX; i++)
		if (af < 0 || af == i)
			n += p->rib.count[i];
	return n;
}
