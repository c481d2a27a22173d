/* Graceful restart, receiving side (RFC 4724 §4.2): when a peer that
 * announced the capability drops its session without a NOTIFICATION, its
 * routes stay, marked stale, until it comes back and sends End-of-RIB, or
 * until its restart time (or our stale-path limit) runs out. */
#include "bgpd/bgp.h"
#include "lib/log.h"

uint8_t bgp_gr_preserved_afs;

static void gr_flush(struct bgp_peer *p, uint8_t afs, const char *why)
{
	for (int af = 0; af < BGP_AF_MAX; af++) {
		if (!(afs & (1u << af)) || !(p->gr_stale_afs & (1u << af)))
			continue;
		size_t n = rib_peer_sweep_stale(&p->rib, (enum bgp_af)af);
		log_info("bgp: neighbor %s: %zu stale %s route(s) removed: %s", p->name, n,
			 bgp_af_display(af), why);
	}
	p->gr_stale_afs &= (uint8_t)~afs;
	if (!p->gr_stale_afs) {
		ev_timer_stop(p->bgp->loop, &p->gr_timer);
		ev_timer_stop(p->bgp->loop, &p->stale_timer);
	}
}

static void gr_timer_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	struct bgp_peer *p = w->data;

	(void)loop, (void)revents;
	gr_flush(p, 0xff, w == &p->gr_timer ? "restart time expired" : "stale-path time expired");
}

static void gr_arm(struct bgp_peer *p, ev_timer *t, unsigned secs)
{
	ev_timer_stop(p->bgp->loop, t);
	ev_timer_init(t, gr_timer_cb, secs, 0.);
	t->data = p;
	ev_timer_start(p->bgp->loop, t);
}

void bgp_gr_session_lost(struct bgp_peer *p)
{
	const struct bgp_caps *rc = &p->remote_caps;
	uint8_t keep = rc->gr && !p->notified ? (uint8_t)(rc->gr_af & p->afs) : 0;

	for (int af = 0; af < BGP_AF_MAX; af++) {
		if (keep & (1u << af))
			rib_peer_mark_stale(&p->rib, (enum bgp_af)af);
		else
			rib_peer_clear(&p->rib, af);
	}
	p->gr_stale_afs = keep;
	if (!keep)
		return;
	log_info("bgp: neighbor %s: graceful restart, keeping routes for %u s", p->name,
		 rc->gr_time);
	gr_arm(p, &p->gr_timer, rc->gr_time ? rc->gr_time : 1);
}

/* Back again: families the new OPEN no longer covers, or whose forwarding
 * state the peer did not keep, lose their stale routes now; the rest wait
 * for End-of-RIB, bounded by the stale-path time. */
void bgp_gr_established(struct bgp_peer *p)
{
	const struct bgp_caps *rc = &p->remote_caps;
	uint8_t keep = rc->gr ? (uint8_t)(rc->gr_af & rc->gr_af_fwd) : 0;

	ev_timer_stop(p->bgp->loop, &p->gr_timer);
	if (!p->gr_stale_afs)
		return;
	gr_flush(p, (uint8_t)~keep, "peer did not preserve forwarding state");
	if (p->gr_stale_afs)
		gr_arm(p, &p->stale_timer, p->bgp->gr_stale_time);
}

void bgp_gr_eor(struct bgp_peer *p, enum bgp_af af)
{
	p->eor_rcvd_af[af] = true;
	log_debug("bgp: neighbor %s: End-of-RIB for %s", p->name, bgp_af_display(af));
	gr_flush(p, (uint8_t)(1u << af), "End-of-RIB received");
}

void bgp_gr_stop(struct bgp_peer *p)
{
	ev_timer_stop(p->bgp->loop, &p->gr_timer);
	ev_timer_stop(p->bgp->loop, &p->stale_timer);
	p->gr_stale_afs = 0;
}

/* The kernel resync (fib/) deletes what no route claims only once this
 * holds: every peer up and past its EVPN End-of-RIB. */
bool bgp_evpn_converged(void)
{
	struct bgp *bgp = bgp_instance();

	for (struct bgp_peer *p = bgp ? bgp->peers : NULL; p; p = p->next) {
		if (p->cfg.shutdown)
			continue;
		if (p->state != BGP_ESTABLISHED)
			return false;
		if ((p->afs & (1u << BGP_AF_L2VPN_EVPN)) && !p->eor_rcvd_af[BGP_AF_L2VPN_EVPN])
			return false;
	}
	return true;
}
