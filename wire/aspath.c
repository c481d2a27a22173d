/* The attributes that carry AS numbers: AS_PATH and AGGREGATOR, with their
 * RFC 6793 companions AS4_PATH and AS4_AGGREGATOR for 2-octet sessions.
 * Segment checks, the row codecs attr.c's table points at, the §4.2.3
 * merge after the walk, and the RFC 4271 §6.3 leftmost-AS check. Packet
 * bytes are read only through rbuf. */
#include <stdio.h>
#include <stdlib.h>

#include "wire/aspath.h"

/* ---- AS_PATH segments (RFC 4271 §4.3) ---- */

struct bgp_seg {
	uint8_t type, count;
	struct rbuf ases;
};

/* The next segment of a path already checked by bgp_aspath_check. */
static bool bgp_seg_next(struct rbuf *r, unsigned width, struct bgp_seg *s)
{
	if (rb_empty(r))
		return false;
	s->type = rb_u8(r);
	s->count = rb_u8(r);
	return rb_sub(r, (size_t)s->count * width, &s->ases);
}

static uint32_t bgp_seg_as(struct bgp_seg *s, unsigned width)
{
	return width == 4 ? rb_u32(&s->ases) : rb_u16(&s->ases);
}

/* Writes the first n ASes of s; a 4-octet AS that does not fit 2 octets
 * becomes AS_TRANS (RFC 6793 §4.2.2). */
static void bgp_seg_write(struct wbuf *w, struct bgp_seg s, unsigned win, unsigned wout, unsigned n)
{
	wb_u8(w, s.type);
	wb_u8(w, (uint8_t)n);
	for (unsigned i = 0; i < n; i++) {
		uint32_t as = bgp_seg_as(&s, win);

		if (wout == 4)
			wb_u32(w, as);
		else
			wb_u16(w, as > UINT16_MAX ? BGP_AS_TRANS : (uint16_t)as);
	}
}

static bool bgp_seg_confed(const struct bgp_seg *s)
{
	return s->type == BGP_AS_CONFED_SEQUENCE || s->type == BGP_AS_CONFED_SET;
}

/* RFC 4271 §9.1.2.2 a: a set counts one, a sequence its ASes; RFC 5065
 * §5.3: confederation segments count nothing. */
static unsigned bgp_seg_weight(const struct bgp_seg *s, unsigned n)
{
	if (bgp_seg_confed(s))
		return 0;
	return s->type == BGP_AS_SET ? 1 : n;
}

static const char *bgp_seg_check(struct rbuf *r, unsigned width, bool confed_ok)
{
	uint8_t type = rb_u8(r), count = rb_u8(r);

	if (!rb_ok(r))
		return "a single octet after the last segment";
	if (type < BGP_AS_SET || type > BGP_AS_CONFED_SET)
		return "unknown segment type";
	if (type >= BGP_AS_CONFED_SEQUENCE && !confed_ok)
		return "confederation segment from an external peer (RFC 5065 §5)";
	if (count == 0)
		return "empty segment";
	for (unsigned i = 0; i < count; i++)
		if ((width == 4 ? rb_u32(r) : rb_u16(r)) == 0 && rb_ok(r))
			return "AS 0 (RFC 7607 §2)";
	return rb_ok(r) ? NULL : "segment overruns the attribute";
}

/* RFC 7606 §7.2: the ways a path is malformed; NULL when it is not. */
static const char *bgp_aspath_check(struct rbuf r, unsigned width, bool confed_ok)
{
	const char *bad = NULL;

	while (!bad && !rb_empty(&r))
		bad = bgp_seg_check(&r, width, confed_ok);
	return bad;
}

static unsigned bgp_aspath_count(struct bgp_bytes path)
{
	struct rbuf r;
	struct bgp_seg s;
	unsigned n = 0;

	rb_init(&r, path.p, path.len);
	while (bgp_seg_next(&r, 4, &s))
		n += bgp_seg_weight(&s, s.count);
	return n;
}

/* Whether AS4_PATH has anything to say: an AS over 65535 outside the
 * confederation segments it may not carry. */
static bool bgp_aspath_has_as4(struct bgp_bytes path)
{
	struct rbuf r;
	struct bgp_seg s;

	rb_init(&r, path.p, path.len);
	while (bgp_seg_next(&r, 4, &s))
		while (!bgp_seg_confed(&s) && !rb_empty(&s.ases))
			if (rb_u32(&s.ases) > UINT16_MAX)
				return true;
	return false;
}

/* Copies path from win- to wout-octet ASes; skips confederation segments
 * when asked (AS4_PATH never carries them: RFC 6793 §3, §6). */
static void bgp_aspath_copy(struct wbuf *w, struct bgp_bytes path, unsigned win, unsigned wout,
			    bool no_confed)
{
	struct rbuf r;
	struct bgp_seg s;

	rb_init(&r, path.p, path.len);
	while (bgp_seg_next(&r, win, &s))
		if (!(no_confed && bgp_seg_confed(&s)))
			bgp_seg_write(w, s, win, wout, s.count);
}

static struct bgp_bytes bgp_aspath_view(const struct bgp_attrs *a)
{
	return (struct bgp_bytes){ a->aspath, a->aspath_len };
}

/* ---- decoders ---- */

/* The path widened to 4-octet ASes, owned by attrs. */
static int bgp_aspath_store(struct bgp_attr_parse *p, const struct bgp_attr_desc *d,
			    struct bgp_bytes path, unsigned width)
{
	struct bgp_attrs *a = &p->u->attrs;
	struct wbuf w;

	if ((size_t)path.len * (4 / width) > UINT16_MAX)
		return bgp_attr_bad(p, d, BGP_UPD_MALFORMED_ASPATH, "too long for 4-octet ASes");
	wb_init(&w, UINT16_MAX);
	bgp_aspath_copy(&w, path, width, 4, false);
	if (!wb_ok(&w)) {
		wb_free(&w);
		p->nomem = true;
		return -1;
	}
	a->aspath = w.p;
	a->aspath_len = (uint16_t)w.len;
	return 1;
}

int bgp_aspath_decode(struct bgp_attr_parse *p, const struct bgp_attr_desc *d, struct rbuf *val)
{
	unsigned width = p->ctx->as4 ? 4 : 2;
	const char *bad = bgp_aspath_check(*val, width, !p->ctx->ebgp);

	if (bad)
		return bgp_attr_bad(p, d, BGP_UPD_MALFORMED_ASPATH, "%s", bad);
	return bgp_aspath_store(p, d, bgp_bytes_rest(val), width);
}

/* RFC 6793 §6: a malformed AS4_PATH is discarded; its confederation
 * segments are dropped at the merge. */
int bgp_as4_path_decode(struct bgp_attr_parse *p, const struct bgp_attr_desc *d, struct rbuf *val)
{
	const char *bad = bgp_aspath_check(*val, 4, true);

	if (bad)
		return bgp_attr_bad(p, d, BGP_UPD_OPT_ATTR, "%s", bad);
	p->as4_path = bgp_bytes_rest(val);
	p->has_as4_path = true;
	return 0;
}

/* RFC 7606 §7.7: 6 octets on a 2-octet session, 8 on a 4-octet one. */
int bgp_aggregator_decode(struct bgp_attr_parse *p, const struct bgp_attr_desc *d, struct rbuf *val)
{
	struct bgp_attrs *a = &p->u->attrs;
	size_t want = p->ctx->as4 ? 8 : 6;
	uint32_t as;

	if (rb_left(val) != want)
		return bgp_attr_bad(p, d, BGP_UPD_ATTR_LEN, "length %zu, not %zu", rb_left(val), want);
	as = p->ctx->as4 ? rb_u32(val) : rb_u16(val);
	if (as == 0)
		return bgp_attr_bad(p, d, BGP_UPD_OPT_ATTR, "AS 0 (RFC 7607 §2)");
	a->aggr_as = as;
	a->aggr_id = rb_u32(val);
	return 1;
}

int bgp_as4_aggr_decode(struct bgp_attr_parse *p, const struct bgp_attr_desc *d, struct rbuf *val)
{
	uint32_t as = rb_u32(val);

	if (as == 0)
		return bgp_attr_bad(p, d, BGP_UPD_OPT_ATTR, "AS 0 (RFC 7607 §2)");
	p->as4_aggr_as = as;
	p->as4_aggr_id = rb_u32(val);
	p->has_as4_aggr = true;
	return 0;
}

/* ---- encoders (values only) ---- */

bool bgp_aspath_encode(struct wbuf *w, const struct bgp_attr_desc *d,
		       const struct bgp_update *u, const struct bgp_update_ctx *ctx)
{
	struct bgp_bytes path = bgp_aspath_view(&u->attrs);
	struct rbuf r;

	(void)d;
	rb_init(&r, path.p, path.len);
	if (bgp_aspath_check(r, 4, true))
		return false;
	bgp_aspath_copy(w, path, 4, ctx->as4 ? 4 : 2, false);
	return true;
}

/* RFC 6793 §4.2.2: to an OLD speaker, the path goes again in AS4_PATH when
 * it holds an AS that 2 octets cannot. */
bool bgp_as4_path_want(const struct bgp_update *u, const struct bgp_update_ctx *ctx)
{
	return !ctx->as4 && (u->attrs.present & BGP_ATTR_BIT(BGP_ATTR_AS_PATH)) &&
	       bgp_aspath_has_as4(bgp_aspath_view(&u->attrs));
}

bool bgp_as4_path_encode(struct wbuf *w, const struct bgp_attr_desc *d,
			 const struct bgp_update *u, const struct bgp_update_ctx *ctx)
{
	(void)d, (void)ctx;
	bgp_aspath_copy(w, bgp_aspath_view(&u->attrs), 4, 4, true);
	return true;
}

bool bgp_aggregator_encode(struct wbuf *w, const struct bgp_attr_desc *d,
			   const struct bgp_update *u, const struct bgp_update_ctx *ctx)
{
	uint32_t as = u->attrs.aggr_as;

	(void)d;
	if (ctx->as4)
		wb_u32(w, as);
	else
		wb_u16(w, as > UINT16_MAX ? BGP_AS_TRANS : (uint16_t)as);
	wb_u32(w, u->attrs.aggr_id);
	return true;
}

bool bgp_as4_aggr_want(const struct bgp_update *u, const struct bgp_update_ctx *ctx)
{
	return !ctx->as4 && (u->attrs.present & BGP_ATTR_BIT(BGP_ATTR_AGGREGATOR)) &&
	       u->attrs.aggr_as > UINT16_MAX;
}

bool bgp_as4_aggr_encode(struct wbuf *w, const struct bgp_attr_desc *d,
			 const struct bgp_update *u, const struct bgp_update_ctx *ctx)
{
	(void)d, (void)ctx;
	wb_u32(w, u->attrs.aggr_as);
	wb_u32(w, u->attrs.aggr_id);
	return true;
}

/* ---- RFC 6793 §4.2.3 ---- */

/* The leading part of AS_PATH that AS4_PATH does not cover: `budget` ASes
 * by §9.1.2.2 counting, plus the confederation segments that lead or
 * follow a segment taken whole. */
static void bgp_aspath_lead(struct wbuf *w, struct bgp_bytes path, unsigned budget)
{
	struct rbuf r;
	struct bgp_seg s;
	bool whole = true;

	rb_init(&r, path.p, path.len);
	while (bgp_seg_next(&r, 4, &s)) {
		unsigned n = s.count;

		if (bgp_seg_confed(&s) ? !whole : budget == 0)
			break;
		if (s.type == BGP_AS_SEQUENCE && n > budget)
			n = budget;
		bgp_seg_write(w, s, 4, 4, n);
		budget -= bgp_seg_weight(&s, n);
		whole = n == s.count;
	}
}

static void bgp_as4_path_merge(struct bgp_attr_parse *p)
{
	struct bgp_attrs *a = &p->u->attrs;
	unsigned n2 = bgp_aspath_count(bgp_aspath_view(a)), n4 = bgp_aspath_count(p->as4_path);
	struct wbuf w;

	if (n2 < n4 || (size_t)a->aspath_len + p->as4_path.len > UINT16_MAX) {
		bgp_upd_why(p->u, "AS4_PATH longer than AS_PATH, ignored (RFC 6793 §4.2.3)");
		return;
	}
	wb_init(&w, UINT16_MAX);
	bgp_aspath_lead(&w, bgp_aspath_view(a), n2 - n4);
	bgp_aspath_copy(&w, p->as4_path, 4, 4, true);
	if (!wb_ok(&w)) {
		wb_free(&w);
		p->nomem = true;
		return;
	}
	free(a->aspath);
	a->aspath = w.p;
	a->aspath_len = (uint16_t)w.len;
}

/* AGGREGATOR first: one that is not AS_TRANS says an OLD speaker
 * aggregated after the AS4 attributes were made, so both are stale. */
void bgp_attrs_as4_merge(struct bgp_attr_parse *p)
{
	struct bgp_attrs *a = &p->u->attrs;
	bool aggr = a->present & BGP_ATTR_BIT(BGP_ATTR_AGGREGATOR);

	if (p->ctx->as4)
		return;
	if (p->has_as4_aggr && aggr && a->aggr_as != BGP_AS_TRANS) {
		bgp_upd_why(p->u, "AGGREGATOR not AS_TRANS: AS4 attributes ignored (RFC 6793 §4.2.3)");
		return;
	}
	if (p->has_as4_aggr && aggr) {
		a->aggr_as = p->as4_aggr_as;
		a->aggr_id = p->as4_aggr_id;
	}
	if (p->has_as4_path && (a->present & BGP_ATTR_BIT(BGP_ATTR_AS_PATH)))
		bgp_as4_path_merge(p);
}

/* ---- RFC 4271 §6.3: the leftmost AS ---- */

/* The leftmost AS of a stored path, or 0 when it has none: empty, or led
 * by an AS_SET, whose ASes have no order (RFC 4271 §5.1.2 b has an
 * external peer prepend its own AS as an AS_SEQUENCE). */
static uint32_t bgp_aspath_first(struct bgp_bytes path)
{
	struct rbuf r;
	struct bgp_seg s;

	rb_init(&r, path.p, path.len);
	if (!bgp_seg_next(&r, 4, &s) || s.type != BGP_AS_SEQUENCE)
		return 0;
	return bgp_seg_as(&s, 4);
}

/* RFC 4271 §6.3: from an external peer the leftmost AS must be the peer's
 * (a MAY there, Malformed AS_PATH); RFC 7606 §7.2 makes a violation
 * treat-as-withdraw. Runs after the merge, on the path as we keep it. */
void bgp_aspath_first_as(struct bgp_attr_parse *p)
{
	const struct bgp_attrs *a = &p->u->attrs;
	uint32_t first;
	char what[32];

	if (!p->ctx->peer_as || !(a->present & BGP_ATTR_BIT(BGP_ATTR_AS_PATH)))
		return;
	first = bgp_aspath_first(bgp_aspath_view(a));
	if (first == p->ctx->peer_as)
		return;
	if (first)
		snprintf(what, sizeof(what), "leftmost AS %u", first);
	else
		snprintf(what, sizeof(what), "%s", a->aspath_len ? "led by an AS_SET" : "empty");
	bgp_attr_fail(p, BGP_ACT_WITHDRAW, BGP_UPD_MALFORMED_ASPATH, (struct bgp_bytes){0},
		      "AS_PATH %s: the peer's AS %u must lead (RFC 4271 §6.3, RFC 7606 §7.2)", what,
		      p->ctx->peer_as);
}
