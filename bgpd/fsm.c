/* The BGP finite state machine (RFC 4271 §8) for one connection, from
 * TCP up to Established, with collision detection (§6.8). Errors go out as
 * NOTIFICATIONs and end only the connection they happened on. */
#include <stdio.h>
#include <string.h>

#include "bgpd/bgp.h"
#include "bgpd/fsm.h"
#include "lib/log.h"
#include "wire/update.h"

#define OPEN_HOLD 240	/* §8.2.2: "a large value", 4 minutes suggested */

static void fsm_hold_cb(struct ev_loop *loop, ev_timer *w, int revents);
static void fsm_ka_cb(struct ev_loop *loop, ev_timer *w, int revents);

void fsm_send(struct bgp_conn *c, struct wbuf *w)
{
	if (wb_ok(w))
		bgp_conn_send(c, w->p, w->len);
	wb_free(w);
}

void fsm_hold_restart(struct bgp_conn *c, unsigned secs)
{
	struct ev_loop *loop = c->peer->bgp->loop;

	ev_timer_stop(loop, &c->hold_timer);
	if (!secs)
		return;
	ev_timer_init(&c->hold_timer, fsm_hold_cb, secs, 0.);
	c->hold_timer.data = c;
	ev_timer_start(loop, &c->hold_timer);
}

/* What we offer: every family activated for the peer, 4-octet AS, route
 * refresh (plain and enhanced), extended messages, graceful restart (always
 * as a helper; as a restarting speaker for our families when enabled) and
 * our host name the way FRR sends it. */
static void fsm_our_open(const struct bgp_peer *p, struct bgp_open *o)
{
	const struct bgp *bgp = p->bgp;
	struct bgp_caps *cp = &o->caps;

	memset(o, 0, sizeof(*o));
	o->version = 4;
	o->my_as = bgp->asn > 0xffff ? BGP_AS_TRANS : (uint16_t)bgp->asn;
	o->hold = p->cfg.hold;
	o->bgp_id = bgp->router_id;
	cp->mp = p->cfg.afs;
	cp->as4 = true;
	cp->as4_asn = bgp->asn;
	cp->route_refresh = cp->enhanced_rr = cp->ext_msg = true;
	cp->gr = true;
	cp->gr_time = bgp->gr_restart_time;
	cp->gr_af = bgp->gr_enabled ? p->cfg.afs : 0;
	cp->gr_af_fwd = cp->gr_af & bgp_gr_preserved_afs;
	cp->fqdn = true;
	snprintf(cp->hostname, sizeof(cp->hostname), "%s", bgp->hostname);
}

void bgp_fsm_tcp_up(struct bgp_conn *c)
{
	struct bgp_open o;
	struct wbuf w;

	c->state = BGP_OPENSENT;
	fsm_our_open(c->peer, &o);
	wb_init(&w, BGP_MAX_LEN);
	bgp_open_build(&w, &o);
	fsm_send(c, &w);
	c->peer->tx.open++;
	fsm_hold_restart(c, OPEN_HOLD);
	bgp_conn_start_io(c);
	bgp_peer_update_state(c->peer);
}

/* One connection is finished. If it was the peer's only one, the session
 * is down; a colliding twin survives it. Returns -1 (c is gone). */
int fsm_conn_fail(struct bgp_conn *c, const char *why)
{
	struct bgp_peer *p = c->peer;

	if (c == p->other || (c == p->conn && p->other)) {
		log_debug("bgp: neighbor %s: dropping one of two connections: %s", p->name, why);
		if (c == p->conn)
			p->conn = p->other;
		p->other = NULL;
		bgp_conn_close(c);
		bgp_peer_update_state(p);
		return -1;
	}
	if (c->state == BGP_CONNECT) {	/* the connect itself failed */
		log_debug("bgp: neighbor %s: connect: %s", p->name, why);
		p->conn = NULL;
		bgp_conn_free(c);
		bgp_peer_update_state(p);
		return -1;
	}
	bgp_peer_down(p, why);
	return -1;
}

void bgp_fsm_error(struct bgp_conn *c, const struct bgp_notify *n, const char *why)
{
	char reason[96];

	log_info("bgp: neighbor %s: sending NOTIFICATION %u/%u (%s/%s): %s", c->peer->name,
		 n->code, n->subcode, bgp_err_str(n->code), bgp_suberr_str(n->code, n->subcode),
		 why);
	bgp_conn_send_notify(c, n);
	snprintf(reason, sizeof(reason), "BGP Notification send");
	fsm_conn_fail(c, reason);
}

int fsm_fail(struct bgp_conn *c, uint8_t code, uint8_t sub, const void *data,
		    size_t len, const char *why)
{
	struct bgp_notify n;

	bgp_notify_set(&n, code, sub, data, len);
	bgp_fsm_error(c, &n, why);
	return -1;
}

void bgp_fsm_closed(struct bgp_conn *c, const char *why)
{
	fsm_conn_fail(c, why);
}

/* §6.5: nothing heard for the hold time. */
static void fsm_hold_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	(void)loop, (void)revents;
	fsm_fail(w->data, BGP_ERR_HOLD, 0, NULL, 0, "hold timer expired");
}

void fsm_send_keepalive(struct bgp_conn *c)
{
	struct wbuf w;

	wb_init(&w, BGP_MAX_LEN);
	bgp_keepalive_build(&w);
	fsm_send(c, &w);
	c->peer->tx.keepalive++;
}

static void fsm_ka_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	(void)loop, (void)revents;
	fsm_send_keepalive(w->data);
}

void bgp_fsm_start_timers(struct bgp_conn *c)
{
	struct ev_loop *loop = c->peer->bgp->loop;

	fsm_hold_restart(c, c->hold);
	ev_timer_stop(loop, &c->ka_timer);
	if (!c->keepalive)
		return;
	ev_timer_init(&c->ka_timer, fsm_ka_cb, c->keepalive, c->keepalive);
	c->ka_timer.data = c;
	ev_timer_start(loop, &c->ka_timer);
}

/* RFC 6608: an unexpected message names the state it arrived in. */
int fsm_unexpected(struct bgp_conn *c, uint8_t type)
{
	uint8_t sub = c->state == BGP_OPENSENT ? 1 : c->state == BGP_OPENCONFIRM ? 2 : 3;
	char why[64];

	snprintf(why, sizeof(why), "message type %u in %s", type, bgp_state_name(c->state));
	return fsm_fail(c, BGP_ERR_FSM, sub, NULL, 0, why);
}
