/* An OPEN received in OpenSent: check it against the peer's configuration
 * (RFC 4271 §6.2), agree on hold time and capabilities, and resolve a
 * connection collision (§6.8). */
#include <stdio.h>
#include <string.h>

#include "bgpd/fsm.h"
#include "lib/be.h"
#include "lib/log.h"

static uint32_t open_peer_as(const struct bgp_open *o)
{
	return o->caps.as4 ? o->caps.as4_asn : o->my_as;
}

/* Bad Peer AS (§6.2) carries the 2-octet My AS field as data. */
static int open_check_as(struct bgp_conn *c, const struct bgp_open *o)
{
	const struct bgp_peer *p = c->peer;
	uint32_t as = open_peer_as(o);
	uint8_t data[2] = { (uint8_t)(o->my_as >> 8), (uint8_t)o->my_as };
	bool ok;
	char why[96];

	if (p->cfg.as_internal)
		ok = as == p->bgp->asn;
	else if (p->cfg.as_external)
		ok = as != p->bgp->asn;
	else
		ok = as == p->cfg.remote_as;
	if (ok)
		return 0;
	snprintf(why, sizeof(why), "peer AS %u is not the configured remote-as", as);
	return fsm_fail(c, BGP_ERR_OPEN, BGP_OPEN_BAD_AS, data, 2, why);
}

/* An identifier equal to ours means a loop or a misconfiguration; RFC 6286
 * allows it only between different ASes, but FRR refuses it always and so
 * do we, since EVPN uses the router ID in RDs. */
static int open_check_id(struct bgp_conn *c, const struct bgp_open *o)
{
	uint8_t data[4];

	be32_put(data, o->bgp_id);
	if (o->bgp_id != c->peer->bgp->router_id)
		return 0;
	return fsm_fail(c, BGP_ERR_OPEN, BGP_OPEN_BAD_ID, data, 4,
			"peer's BGP identifier is ours");
}

/* RFC 4760 §8: no multiprotocol capability means IPv4 unicast only. A
 * session with no family in common is useless: Unsupported Capability
 * (RFC 5492 §5) quoting the families we wanted. */
static int open_families(struct bgp_conn *c, const struct bgp_open *o, uint8_t *afs)
{
	uint8_t theirs = o->caps.mp ? o->caps.mp : 1u << BGP_AF_IPV4_UNICAST;
	uint8_t data[4 * BGP_AF_MAX * 2];
	size_t n = 0;

	*afs = theirs & c->peer->cfg.afs;
	if (*afs)
		return 0;
	for (int af = 0; af < BGP_AF_MAX; af++) {
		uint16_t afi;
		uint8_t safi;
		if (!(c->peer->cfg.afs & (1u << af)))
			continue;
		bgp_af_to_wire(af, &afi, &safi);
		uint8_t cap[6] = { 1, 4, (uint8_t)(afi >> 8), (uint8_t)afi, 0, safi };
		memcpy(data + n, cap, sizeof(cap));
		n += sizeof(cap);
	}
	return fsm_fail(c, BGP_ERR_OPEN, BGP_OPEN_BAD_CAP, data, n,
			"no address family in common");
}

/* Hold time is the smaller offer (§4.2); keepalives go at a third of it,
 * or at the configured interval if that is shorter, as FRR does. */
static void open_timers(struct bgp_conn *c, const struct bgp_open *o)
{
	const struct bgp_peer_cfg *cfg = &c->peer->cfg;
	uint16_t hold = o->hold < cfg->hold ? o->hold : cfg->hold;
	uint16_t ka = hold / 3;

	if (cfg->keepalive && cfg->keepalive < ka)
		ka = cfg->keepalive;
	c->hold = hold;
	c->keepalive = hold ? ka : 0;
}

/* §6.8: with OPENs on both connections, the one opened by the side with
 * the higher BGP identifier survives. Returns -1 when c lost. */
static int open_collision(struct bgp_conn *c)
{
	struct bgp_peer *p = c->peer;
	struct bgp_conn *twin = c == p->conn ? p->other : p->conn;
	struct bgp_conn *loser;
	bool keep_ours;

	if (!twin || !twin->open_received)
		return 0;
	keep_ours = p->bgp->router_id > c->open.bgp_id;
	if (twin->state == BGP_ESTABLISHED)
		loser = c;
	else
		loser = (c->outgoing == keep_ours) ? twin : c;
	log_info("bgp: neighbor %s: connection collision, closing the %s one", p->name,
		 loser->outgoing ? "outgoing" : "incoming");
	fsm_fail(loser, BGP_ERR_CEASE, BGP_CEASE_COLLISION, NULL, 0, "connection collision");
	return loser == c ? -1 : 0;
}

int fsm_open(struct bgp_conn *c, const uint8_t *body, size_t len)
{
	struct bgp_notify err;
	struct rbuf r;
	uint8_t afs;

	if (c->state != BGP_OPENSENT)
		return fsm_unexpected(c, BGP_MSG_OPEN);
	rb_init(&r, body, len);
	if (bgp_open_parse(&r, &c->open, &err) < 0) {
		bgp_fsm_error(c, &err, "malformed OPEN");
		return -1;
	}
	if (open_check_as(c, &c->open) < 0 || open_check_id(c, &c->open) < 0 ||
	    open_families(c, &c->open, &afs) < 0)
		return -1;
	open_timers(c, &c->open);
	c->open_received = true;
	c->state = BGP_OPENCONFIRM;
	fsm_send_keepalive(c);
	bgp_fsm_start_timers(c);
	bgp_peer_update_state(c->peer);
	return open_collision(c);
}
