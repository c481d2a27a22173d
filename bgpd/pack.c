/* Building the UPDATEs of a batch. The size of a message is known before
 * it is written: the attributes alone are encoded once to measure them,
 * then NLRI are added until the next would not fit. */
#include <stdlib.h>
#include <string.h>

#include "bgpd/pack.h"
#include "lib/log.h"
#include "rib/attr.h"
#include "wire/msg.h"
#include "wire/nlri.h"
#include "wire/update.h"

/* An attribute that grows past 255 octets takes a 2-octet length. */
#define PACK_SLACK 2

struct pack_to {
	const struct rib_out_policy *pol;
	struct rib_out_peer *peers, *only;
	bgp_pack_send_fn *send;
};

static size_t pack_max(const struct pack_to *to)
{
	return to->pol->ext_msg ? BGP_EXT_MAX_LEN : BGP_MAX_LEN;
}

static void pack_deliver(const struct pack_to *to, const uint8_t *msg, size_t len)
{
	if (to->only) {
		to->send(to->only->owner, msg, len);
		return;
	}
	for (struct rib_out_peer *op = to->peers; op; op = op->gnext)
		to->send(op->owner, msg, len);
}

/* Encodes u as one whole message into w (reset first); false if too big. */
static bool pack_encode(struct wbuf *w, const struct bgp_update *u, const struct pack_to *to)
{
	struct bgp_update_ctx ctx = { .as4 = to->pol->as4, .ebgp = to->pol->ebgp,
				      .afs = to->pol->afs };
	size_t start;

	wb_reset(w);
	start = bgp_hdr_begin(w, BGP_MSG_UPDATE);
	return bgp_update_build(w, u, &ctx) && bgp_hdr_end(w, start, pack_max(to));
}

/* Points u's NLRI field for the family at field. */
static void pack_set_nlri(struct bgp_update *u, enum bgp_af af, bool withdraw, struct bgp_bytes f)
{
	if (af == BGP_AF_IPV4_UNICAST) {
		if (withdraw)
			u->withdrawn = f;
		else
			u->nlri = f;
		return;
	}
	struct bgp_mp *mp = withdraw ? &u->unreach : &u->reach;
	if (withdraw)
		u->has_unreach = true;
	else
		u->has_reach = true;
	mp->af = af;
	bgp_af_to_wire(af, &mp->afi, &mp->safi);
	mp->nlri = f;
}

/* Cuts the NLRI in [nl, nl + len) into messages of at most room octets
 * of NLRI each, splitting only between NLRI. */
static void pack_emit(struct bgp_update *u, enum bgp_af af, bool withdraw, const uint8_t *nl,
		      size_t len, const struct pack_to *to)
{
	struct wbuf w;
	size_t room, off = 0;

	wb_init(&w, pack_max(to));
	pack_set_nlri(u, af, withdraw, (struct bgp_bytes){ 0 });
	if (!pack_encode(&w, u, to) || w.len + PACK_SLACK >= pack_max(to)) {
		log_err("bgp: attributes too large for one UPDATE, %zu octets of NLRI not sent", len);
		wb_free(&w);
		return;
	}
	room = pack_max(to) - w.len - PACK_SLACK;
	while (off < len) {
		struct rbuf r;
		struct bgp_bytes one;
		size_t end = off;
		rb_init(&r, nl + off, len - off);
		while (bgp_nlri_next(af, &r, &one) == 1 && end + one.len - off <= room)
			end += one.len;
		if (end == off) {
			log_err("bgp: an NLRI does not fit an UPDATE; dropped the rest of the batch");
			break;
		}
		pack_set_nlri(u, af, withdraw, (struct bgp_bytes){ nl + off, (uint16_t)(end - off) });
		if (pack_encode(&w, u, to))
			pack_deliver(to, w.p, w.len);
		off = end;
	}
	wb_free(&w);
}

static void pack_withdrawals(const struct rib_batch *b, const struct pack_to *to)
{
	struct bgp_update u;

	if (!b->wd.len)
		return;
	memset(&u, 0, sizeof(u));
	pack_emit(&u, b->af, true, b->wd.p, b->wd.len, to);
}

static int pack_cmp(const void *x, const void *y)
{
	const struct rib_batch_ann *a = x, *b = y;

	return a->attr < b->attr ? -1 : a->attr > b->attr;
}

/* One run of announcements sharing attributes. */
static void pack_run(const struct rib_batch *b, size_t from, size_t to_i, struct wbuf *nl,
		     const struct pack_to *to)
{
	struct rib_attr *attr = b->ann[from].attr;
	struct bgp_update u;

	memset(&u, 0, sizeof(u));
	rib_attr_view(attr, &u.attrs);
	u.reach.nexthop = (struct bgp_bytes){ attr->nh, attr->nh_len };
	wb_reset(nl);
	for (size_t i = from; i < to_i; i++)
		wb_bytes(nl, b->ann[i].nlri, b->ann[i].len);
	pack_emit(&u, b->af, false, nl->p, nl->len, to);
}

void bgp_pack(struct rib_batch *b, const struct rib_out_policy *pol, struct rib_out_peer *peers,
	      struct rib_out_peer *only, bgp_pack_send_fn *send)
{
	struct pack_to to = { pol, peers, only, send };
	struct wbuf nl;
	size_t i = 0;

	pack_withdrawals(b, &to);
	if (b->n)
		qsort(b->ann, b->n, sizeof(*b->ann), pack_cmp);
	wb_init(&nl, SIZE_MAX);
	while (i < b->n) {
		size_t j = i + 1;
		while (j < b->n && b->ann[j].attr == b->ann[i].attr)
			j++;
		pack_run(b, i, j, &nl, &to);
		i = j;
	}
	wb_free(&nl);
}
