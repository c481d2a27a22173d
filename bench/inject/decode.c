/* The parse limit: the announce stream built in memory, then read back
 * with the codecs evpnd's receive path uses (header, UPDATE with RFC 7606
 * checks, NLRI split, EVPN NLRI), timed apart. Nothing is stored, so this
 * is what any receiver spends before it does its own work. */
#include <stdio.h>

#include "bench/inject/inject.h"
#include "evpn/nlri.h"
#include "lib/rbuf.h"
#include "wire/msg.h"
#include "wire/nlri.h"
#include "wire/update.h"

/* The routes of one MP_REACH/MP_UNREACH field; -1 when one does not parse. */
static long decode_nlri(struct bgp_bytes f)
{
	struct rbuf r;
	struct bgp_bytes one;
	struct evpn_route rt;
	long n = 0;
	int rc;

	rb_init(&r, f.p, f.len);
	while ((rc = bgp_nlri_next(BGP_AF_L2VPN_EVPN, &r, &one)) == 1) {
		if (evpn_nlri_parse(one.p, one.len, &rt) < 0)
			return -1;
		n++;
	}
	return rc < 0 ? -1 : n;
}

static long decode_msg(const struct bgp_update_ctx *ctx, struct rbuf *r)
{
	struct bgp_notify err;
	struct bgp_update u;
	uint8_t type;
	uint16_t len;
	long n = -1;

	if (bgp_hdr_parse(r, BGP_MAX_LEN, &type, &len, &err) < 0 || type != BGP_MSG_UPDATE)
		return -1;
	const uint8_t *body = rb_view(r, len - BGP_HDR_LEN);
	if (!body || bgp_update_parse(body, len - BGP_HDR_LEN, ctx, &u) < 0)
		return -1;
	if (u.action != BGP_UPD_OK)
		fprintf(stderr, "inject: %s\n", u.why);
	if (u.action == BGP_UPD_OK)
		n = u.eor ? 0 : decode_nlri(u.has_reach ? u.reach.nlri : u.unreach.nlri);
	bgp_update_free(&u);
	return n;
}

int inj_selftest(const struct inj_cfg *c)
{
	struct bgp_update_ctx ctx = { .as4 = true, .ebgp = c->local_as != c->peer_as,
				      .local_as = c->peer_as,
				      .peer_as = c->local_as != c->peer_as ? c->local_as : 0,
				      .afs = 1u << BGP_AF_L2VPN_EVPN };
	struct inj_stream s;
	struct rbuf r;
	long routes = 0;
	double t0 = inj_now(), t1, t2;

	inj_stream_init(&s);
	inj_announce(c, &s);
	t1 = inj_now();
	rb_init(&r, s.w.p, s.w.len);
	for (uint32_t i = 0; i < s.msgs; i++) {
		long n = decode_msg(&ctx, &r);
		if (n < 0) {
			fprintf(stderr, "inject: message %u of the stream does not decode\n", i);
			return 1;
		}
		routes += n;
	}
	t2 = inj_now();
	printf("{\"routes\":%ld,\"msgs\":%u,\"bytes\":%zu,\"encode_s\":%.6f,\"decode_s\":%.6f,"
	       "\"encode_per_s\":%.0f,\"decode_per_s\":%.0f}\n",
	       routes, s.msgs, s.w.len, t1 - t0, t2 - t1, routes / (t1 - t0), routes / (t2 - t1));
	inj_stream_free(&s);
	return routes == (long)s.routes ? 0 : 1;
}
