/* Where a session meets the RIB: the peer as a route source (identity for
 * the decision process), its update group (the outbound policy that
 * decides which group), and the loop turn that drains the RIB's queue. */
#include <stdio.h>
#include <string.h>

#include "bgpd/bgp.h"
#include "bgpd/fsm.h"
#include "bgpd/pack.h"
#include "lib/log.h"

static struct {
	struct ev_loop *loop;
	ev_timer flush;
} adj;

static rib_out_emit_fn adj_emit;

/* Changes collect until the loop comes round, so an UPDATE with many NLRI
 * (or a burst of them) is exported and packed once. */
static void adj_flush_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	(void)revents;
	rib_out_flush();
	/* Table replays go on a slice per loop turn, so sessions and timers
	 * are served in between. */
	if (rib_out_sync())
		ev_timer_start(loop, w);
}

static void adj_kick(void)
{
	if (adj.loop && !ev_is_active(&adj.flush))
		ev_timer_start(adj.loop, &adj.flush);
}

void bgp_adj_init(struct bgp *bgp)
{
	adj.loop = bgp->loop;
	ev_timer_init(&adj.flush, adj_flush_cb, 0., 0.);
	rib_set_kick(adj_kick);
	rib_out_set_emit(adj_emit);
}

/* The RIB (and through it the families) hears who we are; an instance
 * not configured has no AS. */
void bgp_adj_identity(struct bgp *bgp)
{
	struct rib_identity id = { .asn = bgp->configured ? bgp->asn : 0,
				   .router_id = bgp->router_id, .cluster_id = bgp->cluster_id };

	snprintf(id.hostname, sizeof(id.hostname), "%s", bgp->hostname);
	rib_set_identity(&id);
}

static void adj_reset_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	struct bgp_peer *p = w->data;

	(void)loop, (void)revents;
	if (p->conn && p->conn->state == BGP_ESTABLISHED)
		fsm_fail(p->conn, BGP_ERR_CEASE, BGP_CEASE_NO_RESOURCES, NULL, 0,
			 "output queue overflow");
}

/* An UPDATE that cannot be queued would be lost silently; the session is
 * reset instead (later, not under the group's iteration). */
static void adj_send(void *owner, const uint8_t *msg, size_t len)
{
	struct bgp_peer *p = owner;

	if (!p->conn || p->conn->state != BGP_ESTABLISHED || ev_is_active(&p->reset_timer))
		return;
	if (bgp_conn_send(p->conn, msg, len)) {
		p->tx.update++;
		return;
	}
	log_err("bgp: neighbor %s: output queue full, resetting the session", p->name);
	ev_timer_init(&p->reset_timer, adj_reset_cb, 0., 0.);
	p->reset_timer.data = p;
	ev_timer_start(p->bgp->loop, &p->reset_timer);
}

/* A group's changes, encoded once for all its members. */
static void adj_emit(struct rib_batch *b, const struct rib_out_policy *pol,
		     struct rib_out_peer *peers, struct rib_out_peer *only)
{
	bgp_pack(b, pol, peers, only, adj_send);
}

static bool adj_writable(void *owner)
{
	struct bgp_peer *p = owner;

	return p->conn && p->conn->out_bytes < BGP_OUTQ_LOW;
}

void bgp_adj_writable(struct bgp_peer *p)
{
	if (p->out.sync_afs || p->out.synced_due)
		adj_kick();
}

/* A family's whole Adj-RIB-Out is out: End-of-RIB (RFC 4724 §2), or the
 * EoRR that closes an enhanced route refresh (RFC 7313 §4). */
static void adj_synced(void *owner, enum bgp_af af)
{
	struct bgp_peer *p = owner;
	uint16_t afi;
	uint8_t safi;

	if (!p->conn || p->conn->state != BGP_ESTABLISHED)
		return;
	if (!(p->refresh_afs & (1u << af))) {
		fsm_send_eor(p->conn, af);
		return;
	}
	p->refresh_afs &= (uint8_t)~(1u << af);
	bgp_af_to_wire(af, &afi, &safi);
	fsm_send_rr(p->conn, afi, safi, BGP_RR_EORR);
}

static void adj_source(struct bgp_peer *p)
{
	struct rib_peer *r = &p->rib;

	r->router_id = p->remote_id;
	r->ebgp = bgp_peer_ebgp(p);
	r->rr_client = (p->cfg.rr_client & p->afs) != 0;
	r->as = p->remote_as_seen;
	/* FRR names a path's source by the hostname it announced (RFC-draft
	 * hostname capability), else by the configured address. */
	snprintf(r->name, sizeof(r->name), "%s",
		 p->remote_caps.fqdn ? p->remote_caps.hostname : p->name);
	if (p->addr.ss_family == AF_INET) {
		memcpy(r->addr, &((struct sockaddr_in *)&p->addr)->sin_addr, 4);
		r->addr_len = 4;
	} else {
		memcpy(r->addr, &((struct sockaddr_in6 *)&p->addr)->sin6_addr, 16);
		r->addr_len = 16;
	}
}

void bgp_adj_established(struct bgp_peer *p)
{
	struct rib_out_policy pol = {
		.ebgp = bgp_peer_ebgp(p),
		.rr_client = (p->cfg.rr_client & p->afs) != 0,
		.as4 = p->as4,
		.ext_msg = p->ext_msg,
		.peer_as = p->remote_as_seen,
		.afs = p->afs,
	};

	pol.deny = pol.ebgp && p->bgp->ebgp_requires_policy;
	adj_source(p);
	/* Changes pending now reach the new member through the flush. */
	p->out.writable = adj_writable;
	p->out.synced = adj_synced;
	p->out.owner = p;
	rib_out_join(&p->out, &pol);
}

void bgp_adj_down(struct bgp_peer *p)
{
	ev_timer_stop(p->bgp->loop, &p->reset_timer);
	rib_out_leave(&p->out);
}
