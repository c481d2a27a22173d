/* Messages after the OPEN: KEEPALIVE (OpenConfirm → Established), UPDATE,
 * NOTIFICATION, ROUTE-REFRESH, and entering Established. */
#include <stdio.h>
#include <string.h>

#include "bgpd/fsm.h"
#include "lib/log.h"
#include "wire/update.h"

void fsm_send_eor(struct bgp_conn *c, enum bgp_af af)
{
	struct wbuf w;
	size_t start;

	wb_init(&w, BGP_MAX_LEN);
	start = bgp_hdr_begin(&w, BGP_MSG_UPDATE);
	bgp_eor_build(&w, af);
	bgp_hdr_end(&w, start, BGP_MAX_LEN);
	fsm_send(c, &w);
	c->peer->tx.update++;
	c->peer->eor_sent_af[af] = true;
}

/* The connection that got here owns the session; a twin still negotiating
 * is closed as the loser of the collision. */
static void msg_take_session(struct bgp_conn *c)
{
	struct bgp_peer *p = c->peer;
	struct bgp_conn *twin = c == p->conn ? p->other : p->conn;

	if (twin) {
		struct bgp_notify n;
		bgp_notify_set(&n, BGP_ERR_CEASE, BGP_CEASE_COLLISION, NULL, 0);
		bgp_conn_send_notify(twin, &n);
		bgp_conn_close(twin);
	}
	p->conn = c;
	p->other = NULL;
}

static void msg_log_up(struct bgp_peer *p)
{
	if (p->bgp->log_changes)
		log_notice("%%ADJCHANGE: neighbor %s(%s) in vrf default Up", p->name,
			   p->remote_caps.fqdn ? p->remote_caps.hostname : "Unknown");
	else
		log_info("bgp: neighbor %s up", p->name);
}

void fsm_established(struct bgp_conn *c)
{
	struct bgp_peer *p = c->peer;
	const struct bgp_caps *rc = &c->open.caps;

	msg_take_session(c);
	c->state = BGP_ESTABLISHED;
	p->remote_as_seen = rc->as4 ? rc->as4_asn : c->open.my_as;
	p->remote_id = c->open.bgp_id;
	p->remote_caps = *rc;
	p->afs = (rc->mp ? rc->mp : 1u << BGP_AF_IPV4_UNICAST) & p->cfg.afs;
	p->as4 = rc->as4;
	p->ext_msg = rc->ext_msg;
	p->established++;
	p->notified = false;
	memset(p->eor_sent_af, 0, sizeof(p->eor_sent_af));
	memset(p->eor_rcvd_af, 0, sizeof(p->eor_rcvd_af));
	bgp_peer_update_state(p);
	msg_log_up(p);
	bgp_gr_established(p);
	/* The initial update: the whole Adj-RIB-Out, then End-of-RIB per
	 * family (RFC 4724 §2) as each family's replay ends (bgpd/adj.c). */
	p->refresh_afs = 0;
	bgp_adj_established(p);
}

static int msg_keepalive(struct bgp_conn *c)
{
	c->peer->rx.keepalive++;
	if (c->state == BGP_OPENCONFIRM) {
		fsm_hold_restart(c, c->hold);	/* §8.2.2 Event 26 */
		fsm_established(c);
		return 0;
	}
	if (c->state != BGP_ESTABLISHED)
		return fsm_unexpected(c, BGP_MSG_KEEPALIVE);
	fsm_hold_restart(c, c->hold);
	return 0;
}

static int msg_notification(struct bgp_conn *c, const uint8_t *body, size_t len)
{
	struct bgp_peer *p = c->peer;
	struct rbuf r;
	struct bgp_notify n;

	rb_init(&r, body, len);
	bgp_notify_parse(&r, &n);
	p->rx.notify++;
	p->last_notify_rcvd = n;
	p->has_notify_rcvd = true;
	p->last_notify_rcvd_latest = true;
	if (c == p->conn)
		p->notified = true;
	log_info("bgp: neighbor %s: received NOTIFICATION %u/%u (%s/%s) with %u bytes of data",
		 p->name, n.code, n.subcode, bgp_err_str(n.code),
		 bgp_suberr_str(n.code, n.subcode), n.data_len);
	return fsm_conn_fail(c, "BGP Notification received");
}

void fsm_send_rr(struct bgp_conn *c, uint16_t afi, uint8_t safi, uint8_t subtype)
{
	struct bgp_route_refresh out = { afi, subtype, safi };
	struct wbuf w;

	wb_init(&w, BGP_MAX_LEN);
	bgp_rr_build(&w, &out);
	fsm_send(c, &w);
	c->peer->tx.refresh++;
}

/* RFC 2918/7313: the peer asks for our Adj-RIB-Out again: all of it, in
 * a BoRR/EoRR bracket when enhanced route refresh was negotiated. */
static int msg_route_refresh(struct bgp_conn *c, const uint8_t *body, size_t len)
{
	struct bgp_peer *p = c->peer;
	struct bgp_route_refresh rr;
	struct bgp_notify err;
	struct rbuf r;
	int af;

	if (c->state != BGP_ESTABLISHED)
		return fsm_unexpected(c, BGP_MSG_ROUTE_REFRESH);
	p->rx.refresh++;
	rb_init(&r, body, len);
	if (bgp_rr_parse(&r, &rr, &err) < 0) {
		bgp_fsm_error(c, &err, "malformed ROUTE-REFRESH");
		return -1;
	}
	af = bgp_af_from_wire(rr.afi, rr.safi);
	if (af < 0 || !(p->afs & (1u << af)) || rr.subtype != BGP_RR_NORMAL)
		return 0;	/* §4 of 2918: ignore families not negotiated */
	/* The replay ends with EoRR (enhanced) or End-of-RIB (bgpd/adj.c). */
	if (p->remote_caps.enhanced_rr) {
		fsm_send_rr(c, rr.afi, rr.safi, BGP_RR_BORR);
		p->refresh_afs |= (uint8_t)(1u << af);
	}
	rib_out_resend(&p->out, (enum bgp_af)af);
	return 0;
}

int bgp_fsm_message(struct bgp_conn *c, uint8_t type, const uint8_t *body, size_t len)
{
	switch (type) {
	case BGP_MSG_OPEN:
		c->peer->rx.open++;
		return fsm_open(c, body, len);
	case BGP_MSG_KEEPALIVE:
		return msg_keepalive(c);
	case BGP_MSG_NOTIFICATION:
		return msg_notification(c, body, len);
	case BGP_MSG_UPDATE:
		c->peer->rx.update++;
		if (c->state != BGP_ESTABLISHED)
			return fsm_unexpected(c, type);
		fsm_hold_restart(c, c->hold);
		return bgp_recv_update(c, body, len);
	case BGP_MSG_ROUTE_REFRESH:
		return msg_route_refresh(c, body, len);
	default:	/* bgp_hdr_parse refuses other types */
		return fsm_unexpected(c, type);
	}
}
