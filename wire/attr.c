/* Path attributes: the descriptor table, each attribute's decoder and
 * encoder (those carrying AS numbers are aspath.c's), the walk over an
 * attribute field with RFC 7606's verdicts, and building. Packet bytes are
 * read only through rbuf. */
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "wire/aspath.h"
#include "wire/attr.h"

#define BGP_LEN_ANY UINT16_MAX

/* ---- errors and reasons ---- */

static void bgp_upd_vwhy(struct bgp_update *u, const char *fmt, va_list ap)
{
	size_t n = strlen(u->why);

	if (n && n + 2 < sizeof(u->why)) {
		memcpy(u->why + n, "; ", 3);
		n += 2;
	}
	if (n + 1 < sizeof(u->why))
		vsnprintf(u->why + n, sizeof(u->why) - n, fmt, ap);
}

void bgp_upd_why(struct bgp_update *u, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	bgp_upd_vwhy(u, fmt, ap);
	va_end(ap);
}

void bgp_attr_fail(struct bgp_attr_parse *p, enum bgp_attr_act act, uint8_t subcode,
		   struct bgp_bytes data, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	bgp_upd_vwhy(p->u, fmt, ap);
	va_end(ap);
	if (act == BGP_ACT_DISCARD && p->u->discarded < UINT8_MAX)
		p->u->discarded++;
	if (act <= p->act)
		return;
	p->act = act;
	bgp_notify_set(&p->err, BGP_ERR_UPDATE, subcode, data.p, data.len);
}

int bgp_attr_bad(struct bgp_attr_parse *p, const struct bgp_attr_desc *d, uint8_t subcode,
		 const char *fmt, ...)
{
	char what[80];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	bgp_attr_fail(p, d->act, subcode, p->raw, "%s: %s (%s)", d->name, what, d->ref);
	return -1;
}

/* §7 "attribute discard" for reasons that are not malformations. */
static void bgp_attr_discard(struct bgp_attr_parse *p, const char *name, const char *why)
{
	bgp_attr_fail(p, BGP_ACT_DISCARD, 0, (struct bgp_bytes){0}, "%s %u: %s", name, p->type, why);
}

struct bgp_bytes bgp_bytes_take(struct rbuf *r, size_t n)
{
	struct bgp_bytes b = { rb_view(r, n), 0 };

	b.len = b.p ? (uint16_t)n : 0;
	return b;
}

void bgp_bytes_put(struct wbuf *w, struct bgp_bytes b)
{
	if (b.len)
		wb_bytes(w, b.p, b.len);
}

struct bgp_bytes bgp_bytes_rest(struct rbuf *r)
{
	return bgp_bytes_take(r, rb_left(r));
}

/* The struct bgp_attrs field a shared codec works on. */
static void *bgp_attr_field(struct bgp_attrs *a, const struct bgp_attr_desc *d)
{
	return (char *)a + d->field;
}

static const void *bgp_attr_cfield(const struct bgp_attrs *a, const struct bgp_attr_desc *d)
{
	return (const char *)a + d->field;
}

/* ---- decoders ---- */

static int bgp_origin_decode(struct bgp_attr_parse *p, const struct bgp_attr_desc *d,
			     struct rbuf *val)
{
	uint8_t origin = rb_u8(val);

	if (origin > BGP_ORIGIN_INCOMPLETE)
		return bgp_attr_bad(p, d, BGP_UPD_BAD_ORIGIN, "undefined value %u", origin);
	p->u->attrs.origin = origin;
	return 1;
}

/* NEXT_HOP, MED, LOCAL_PREF, ORIGINATOR_ID: one 4-octet value, its length
 * checked by the row. */
static int bgp_u32_decode(struct bgp_attr_parse *p, const struct bgp_attr_desc *d,
			  struct rbuf *val)
{
	uint32_t *field = bgp_attr_field(&p->u->attrs, d);

	*field = rb_u32(val);
	return 1;
}

/* Communities of all kinds and CLUSTER_LIST: kept as the bytes they are. */
static int bgp_bytes_decode(struct bgp_attr_parse *p, const struct bgp_attr_desc *d,
			    struct rbuf *val)
{
	struct bgp_bytes *field = bgp_attr_field(&p->u->attrs, d);

	*field = bgp_bytes_rest(val);
	return 1;
}

static int bgp_empty_decode(struct bgp_attr_parse *p, const struct bgp_attr_desc *d,
			    struct rbuf *val)
{
	(void)p, (void)d, (void)val;
	return 1;
}

/* RFC 6514 §5: flags, tunnel type, MPLS label (3 octets), tunnel id. For
 * ingress replication the id is the endpoint's unicast address. */
static int bgp_pmsi_decode(struct bgp_attr_parse *p, const struct bgp_attr_desc *d,
			   struct rbuf *val)
{
	struct bgp_attrs *a = &p->u->attrs;
	uint8_t flags = rb_u8(val), type = rb_u8(val);
	uint32_t label = rb_u24(val);
	struct bgp_bytes id = bgp_bytes_rest(val);

	if (type == BGP_PMSI_INGRESS_REPLICATION && id.len != 4 && id.len != 16)
		return bgp_attr_bad(p, d, BGP_UPD_OPT_ATTR, "ingress replication endpoint of %u octets",
				    id.len);
	a->pmsi.flags = flags;
	a->pmsi.type = type;
	a->pmsi.label = label;
	a->pmsi.id = id;
	return 1;
}

/* ---- encoders (values only) ---- */

static bool bgp_origin_encode(struct wbuf *w, const struct bgp_attr_desc *d,
			      const struct bgp_update *u, const struct bgp_update_ctx *ctx)
{
	(void)d, (void)ctx;
	wb_u8(w, u->attrs.origin);
	return u->attrs.origin <= BGP_ORIGIN_INCOMPLETE;
}

static bool bgp_u32_encode(struct wbuf *w, const struct bgp_attr_desc *d,
			   const struct bgp_update *u, const struct bgp_update_ctx *ctx)
{
	const uint32_t *field = bgp_attr_cfield(&u->attrs, d);

	(void)ctx;
	wb_u32(w, *field);
	return true;
}

static bool bgp_bytes_encode(struct wbuf *w, const struct bgp_attr_desc *d,
			     const struct bgp_update *u, const struct bgp_update_ctx *ctx)
{
	const struct bgp_bytes *field = bgp_attr_cfield(&u->attrs, d);

	(void)ctx;
	bgp_bytes_put(w, *field);
	return true;
}

static bool bgp_empty_encode(struct wbuf *w, const struct bgp_attr_desc *d,
			     const struct bgp_update *u, const struct bgp_update_ctx *ctx)
{
	(void)w, (void)d, (void)u, (void)ctx;
	return true;
}

static bool bgp_pmsi_encode(struct wbuf *w, const struct bgp_attr_desc *d,
			    const struct bgp_update *u, const struct bgp_update_ctx *ctx)
{
	(void)d, (void)ctx;
	wb_u8(w, u->attrs.pmsi.flags);
	wb_u8(w, u->attrs.pmsi.type);
	wb_u24(w, u->attrs.pmsi.label);
	bgp_bytes_put(w, u->attrs.pmsi.id);
	return u->attrs.pmsi.label <= 0xffffff;
}

/* ---- the table ---- */

#define WK (BGP_ATTR_F_TRANSITIVE)			   /* well-known */
#define OPT_T (BGP_ATTR_F_OPTIONAL | BGP_ATTR_F_TRANSITIVE) /* optional transitive */
#define OPT_N (BGP_ATTR_F_OPTIONAL)			   /* optional non-transitive */
#define U32(f) .min_len = 4, .max_len = 4, .field = offsetof(struct bgp_attrs, f), \
	       .decode = bgp_u32_decode, .encode = bgp_u32_encode
#define BYTES(f, m) .min_len = (m), .max_len = BGP_LEN_ANY, .mult = (m), \
		    .field = offsetof(struct bgp_attrs, f), .decode = bgp_bytes_decode, \
		    .encode = bgp_bytes_encode

/* RFC 7606 §4: only AS_PATH and ATOMIC_AGGREGATE may be empty, hence every
 * other minimum of at least 1. */
static const struct bgp_attr_desc bgp_attr_table[] = {
	[BGP_ATTR_ORIGIN] = { "ORIGIN", "RFC 7606 §7.1", WK, BGP_ACT_WITHDRAW, 1, 1, 0,
			      .decode = bgp_origin_decode, .encode = bgp_origin_encode },
	[BGP_ATTR_AS_PATH] = { "AS_PATH", "RFC 7606 §7.2", WK, BGP_ACT_WITHDRAW, 0, BGP_LEN_ANY, 0,
			       .ext = BGP_EXT_ALWAYS, .decode = bgp_aspath_decode,
			       .encode = bgp_aspath_encode },
	[BGP_ATTR_NEXT_HOP] = { "NEXT_HOP", "RFC 7606 §7.3", WK, BGP_ACT_WITHDRAW, U32(nexthop) },
	[BGP_ATTR_MED] = { "MULTI_EXIT_DISC", "RFC 7606 §7.4", OPT_N, BGP_ACT_WITHDRAW, U32(med) },
	[BGP_ATTR_LOCAL_PREF] = { "LOCAL_PREF", "RFC 7606 §7.5", WK, BGP_ACT_WITHDRAW,
				  .drop = BGP_DROP_EBGP, U32(local_pref) },
	[BGP_ATTR_ATOMIC_AGGREGATE] = { "ATOMIC_AGGREGATE", "RFC 7606 §7.6", WK, BGP_ACT_DISCARD,
					0, 0, 0, .decode = bgp_empty_decode,
					.encode = bgp_empty_encode },
	[BGP_ATTR_AGGREGATOR] = { "AGGREGATOR", "RFC 7606 §7.7", OPT_T, BGP_ACT_DISCARD, 6, 8, 0,
				  .decode = bgp_aggregator_decode, .encode = bgp_aggregator_encode },
	[BGP_ATTR_COMMUNITIES] = { "COMMUNITIES", "RFC 7606 §7.8", OPT_T, BGP_ACT_WITHDRAW,
				   BYTES(communities, 4) },
	[BGP_ATTR_ORIGINATOR_ID] = { "ORIGINATOR_ID", "RFC 7606 §7.9", OPT_N, BGP_ACT_WITHDRAW,
				     .drop = BGP_DROP_EBGP, U32(originator_id) },
	[BGP_ATTR_CLUSTER_LIST] = { "CLUSTER_LIST", "RFC 7606 §7.10", OPT_N, BGP_ACT_WITHDRAW,
				    .drop = BGP_DROP_EBGP, BYTES(cluster_list, 4) },
	[BGP_ATTR_MP_REACH] = { "MP_REACH_NLRI", "RFC 7606 §7.11", OPT_N, BGP_ACT_RESET, 5,
				BGP_LEN_ANY, 0, .ext = BGP_EXT_ALWAYS,
				.decode = bgp_mp_reach_decode, .want = bgp_mp_reach_want,
				.encode = bgp_mp_reach_encode },
	[BGP_ATTR_MP_UNREACH] = { "MP_UNREACH_NLRI", "RFC 7606 §7.11", OPT_N, BGP_ACT_RESET, 3,
				  BGP_LEN_ANY, 0, .ext = BGP_EXT_WITH_NLRI,
				  .decode = bgp_mp_unreach_decode, .want = bgp_mp_unreach_want,
				  .encode = bgp_mp_unreach_encode },
	[BGP_ATTR_EXT_COMMUNITIES] = { "EXTENDED_COMMUNITIES", "RFC 7606 §7.14", OPT_T,
				       BGP_ACT_WITHDRAW, BYTES(ext_communities, 8) },
	/* RFC 6793 §6: even, and room for at least one AS */
	[BGP_ATTR_AS4_PATH] = { "AS4_PATH", "RFC 6793 §6", OPT_T, BGP_ACT_DISCARD, 6, BGP_LEN_ANY,
				2, .ext = BGP_EXT_ALWAYS, .drop = BGP_DROP_AS4,
				.decode = bgp_as4_path_decode, .want = bgp_as4_path_want,
				.encode = bgp_as4_path_encode },
	[BGP_ATTR_AS4_AGGREGATOR] = { "AS4_AGGREGATOR", "RFC 6793 §6", OPT_T, BGP_ACT_DISCARD, 8, 8,
				      0, .drop = BGP_DROP_AS4, .decode = bgp_as4_aggr_decode,
				      .want = bgp_as4_aggr_want, .encode = bgp_as4_aggr_encode },
	/* RFC 7606 §8's guidance: it steers forwarding, so treat-as-withdraw. */
	[BGP_ATTR_PMSI_TUNNEL] = { "PMSI_TUNNEL", "RFC 6514 §5, RFC 7606 §8", OPT_T,
				   BGP_ACT_WITHDRAW, 5, BGP_LEN_ANY, 0, .decode = bgp_pmsi_decode,
				   .encode = bgp_pmsi_encode },
	[BGP_ATTR_LARGE_COMMUNITIES] = { "LARGE_COMMUNITY", "RFC 8092 §6", OPT_T, BGP_ACT_WITHDRAW,
					 BYTES(large_communities, 12) },
};
#define BGP_ATTR_TABLE_LEN (sizeof(bgp_attr_table) / sizeof(bgp_attr_table[0]))

const struct bgp_attr_desc *bgp_attr_desc(uint8_t type)
{
	if (type >= BGP_ATTR_TABLE_LEN || !bgp_attr_table[type].name)
		return NULL;
	return &bgp_attr_table[type];
}

/* ---- the walk ---- */

void bgp_attr_parse_init(struct bgp_attr_parse *p, const struct bgp_update_ctx *ctx,
			 struct bgp_update *u)
{
	memset(p, 0, sizeof(*p));
	p->ctx = ctx;
	p->u = u;
}

/* RFC 7606 §3 g: a repeated MP attribute resets the session; any other
 * repeat is discarded, the first one kept. */
static bool bgp_attr_repeated(struct bgp_attr_parse *p)
{
	uint64_t *word = &p->seen[p->type >> 6], bit = 1ull << (p->type & 63);

	if (!(*word & bit)) {
		*word |= bit;
		return false;
	}
	if (p->type == BGP_ATTR_MP_REACH || p->type == BGP_ATTR_MP_UNREACH)
		bgp_attr_fail(p, BGP_ACT_RESET, BGP_UPD_MALFORMED_ATTRS, (struct bgp_bytes){0},
			      "attribute %u repeated (RFC 7606 §3 g)", p->type);
	else
		bgp_attr_discard(p, "attribute", "repeated (RFC 7606 §3 g)");
	return true;
}

/* RFC 4271 §5, §6.3: an unrecognized well-known attribute is an error; an
 * optional non-transitive one is quietly ignored; an optional transitive
 * one is passed on with the Partial bit set. */
static void bgp_attr_unknown(struct bgp_attr_parse *p, struct rbuf *val)
{
	struct bgp_attrs *a = &p->u->attrs;
	struct bgp_unknown_attr *x;
	size_t i;

	if (!(p->flags & BGP_ATTR_F_OPTIONAL)) {
		bgp_attr_fail(p, BGP_ACT_RESET, BGP_UPD_UNRECOG_WELLKNOWN, p->raw,
			      "unrecognized well-known attribute %u (RFC 4271 §6.3)", p->type);
		return;
	}
	if (!(p->flags & BGP_ATTR_F_TRANSITIVE))
		return;
	if (a->n_unknown == BGP_UNKNOWN_MAX) {
		bgp_attr_discard(p, "attribute", "more unknown attributes than kept");
		return;
	}
	/* kept in type order, the order they go out in (RFC 4271 §5) */
	i = a->n_unknown++;
	for (; i > 0 && a->unknown[i - 1].type > p->type; i--)
		a->unknown[i] = a->unknown[i - 1];
	x = &a->unknown[i];
	x->flags = BGP_ATTR_F_OPTIONAL | BGP_ATTR_F_TRANSITIVE | BGP_ATTR_F_PARTIAL;
	x->type = p->type;
	x->val = bgp_bytes_rest(val);
}

/* Attributes a kind of session must not carry are dropped unchecked. */
static bool bgp_attr_dropped(struct bgp_attr_parse *p, const struct bgp_attr_desc *d)
{
	if ((d->drop & BGP_DROP_EBGP) && p->ctx->ebgp) {
		bgp_attr_discard(p, d->name, "from an external peer");
		return true;
	}
	if ((d->drop & BGP_DROP_AS4) && p->ctx->as4) {
		bgp_attr_discard(p, d->name, "between 4-octet AS speakers (RFC 6793 §6)");
		return true;
	}
	return false;
}

/* RFC 7606 §3 c: Optional/Transitive in conflict with the type; §4 and §7:
 * the length rule. Both take the attribute's own action. */
static bool bgp_attr_wellformed(struct bgp_attr_parse *p, const struct bgp_attr_desc *d,
				size_t len)
{
	uint8_t ot = p->flags & (BGP_ATTR_F_OPTIONAL | BGP_ATTR_F_TRANSITIVE);

	if (ot != d->flags) {
		bgp_attr_bad(p, d, BGP_UPD_ATTR_FLAGS, "flags 0x%02x (RFC 7606 §3 c)", p->flags);
		return false;
	}
	if (len < d->min_len || len > d->max_len || (d->mult && len % d->mult)) {
		bgp_attr_bad(p, d, BGP_UPD_ATTR_LEN, "length %zu", len);
		return false;
	}
	return true;
}

static void bgp_attr_dispatch(struct bgp_attr_parse *p, struct rbuf *val)
{
	const struct bgp_attr_desc *d = bgp_attr_desc(p->type);
	struct bgp_attrs *a = &p->u->attrs;
	uint64_t bit = BGP_ATTR_BIT(p->type & 63);

	if (!d) {
		bgp_attr_unknown(p, val);
		return;
	}
	if (bgp_attr_dropped(p, d) || !bgp_attr_wellformed(p, d, rb_left(val)))
		return;
	if (d->decode(p, d, val) != 1)
		return;
	a->present |= bit;
	if (d->flags == OPT_T && (p->flags & BGP_ATTR_F_PARTIAL))
		a->partial |= bit;
}

/* One attribute. §4: one that runs past the field ends the walk with
 * treat-as-withdraw, unless it is an MP one whose NLRI is then lost (§3 j). */
static bool bgp_attr_one(struct bgp_attr_parse *p, struct rbuf *field)
{
	struct rbuf start = *field, val;
	uint8_t flags = rb_u8(field), type = rb_u8(field);
	size_t len = flags & BGP_ATTR_F_EXTLEN ? rb_u16(field) : rb_u8(field);
	bool mp = type == BGP_ATTR_MP_REACH || type == BGP_ATTR_MP_UNREACH;

	p->u->n_attrs++;
	if (!rb_sub(field, len, &val)) {
		bgp_attr_fail(p, mp ? BGP_ACT_RESET : BGP_ACT_WITHDRAW, BGP_UPD_MALFORMED_ATTRS,
			      (struct bgp_bytes){0}, "attribute %u overruns the attribute field "
			      "(RFC 7606 §4%s)", type, mp ? ", §3 j" : "");
		return false;
	}
	p->flags = flags;
	p->type = type;
	p->raw = bgp_bytes_take(&start, rb_pos(field) - rb_pos(&start));
	if (!bgp_attr_repeated(p))
		bgp_attr_dispatch(p, &val);
	return true;
}

void bgp_attrs_parse(struct bgp_attr_parse *p, struct rbuf *field)
{
	while (!rb_empty(field) && p->act < BGP_ACT_RESET && !p->nomem)
		if (!bgp_attr_one(p, field))
			break;
}

/* ---- building ---- */

static bool bgp_attr_put(struct wbuf *w, const struct bgp_attr_desc *d, uint8_t flags,
			 uint8_t type, const struct wbuf *val)
{
	bool ext = val->len > UINT8_MAX || (d && d->ext == BGP_EXT_ALWAYS) ||
		   (d && d->ext == BGP_EXT_WITH_NLRI && val->len > 3);

	if (val->len > UINT16_MAX)
		return false;
	wb_u8(w, (uint8_t)(flags | (ext ? BGP_ATTR_F_EXTLEN : 0)));
	wb_u8(w, type);
	if (ext)
		wb_u16(w, (uint16_t)val->len);
	else
		wb_u8(w, (uint8_t)val->len);
	bgp_bytes_put(w, (struct bgp_bytes){ val->p, (uint16_t)val->len });
	return true;
}

static bool bgp_attr_build(struct wbuf *w, struct wbuf *val, uint8_t type,
			   const struct bgp_update *u, const struct bgp_update_ctx *ctx)
{
	const struct bgp_attr_desc *d = bgp_attr_desc(type);
	uint8_t flags;
	bool want;

	if (!d)
		return true;
	want = d->want ? d->want(u, ctx) : type < 64 && (u->attrs.present & BGP_ATTR_BIT(type));
	if (!want)
		return true;
	wb_reset(val);
	if (!d->encode(val, d, u, ctx) || !wb_ok(val))
		return false;
	flags = d->flags;
	if (d->flags == OPT_T && type < 64 && (u->attrs.partial & BGP_ATTR_BIT(type)))
		flags |= BGP_ATTR_F_PARTIAL;
	return bgp_attr_put(w, d, flags, type, val);
}

/* Unknown optional transitive attributes of one type, Partial set. */
static bool bgp_attr_build_unknown(struct wbuf *w, struct wbuf *val, uint8_t type,
				   const struct bgp_attrs *a)
{
	for (unsigned i = 0; i < a->n_unknown && i < BGP_UNKNOWN_MAX; i++) {
		const struct bgp_unknown_attr *x = &a->unknown[i];

		if (x->type != type)
			continue;
		if (bgp_attr_desc(type))
			return false;
		wb_reset(val);
		bgp_bytes_put(val, x->val);
		if (!bgp_attr_put(w, NULL, OPT_T | BGP_ATTR_F_PARTIAL, type, val))
			return false;
	}
	return true;
}

bool bgp_attrs_build(struct wbuf *w, const struct bgp_update *u, const struct bgp_update_ctx *ctx)
{
	struct wbuf val;
	bool ok;

	wb_init(&val, UINT16_MAX);
	ok = bgp_attr_build(w, &val, BGP_ATTR_MP_REACH, u, ctx) &&
	     bgp_attr_build(w, &val, BGP_ATTR_MP_UNREACH, u, ctx);
	for (unsigned t = 0; ok && t <= UINT8_MAX; t++) {
		if (t != BGP_ATTR_MP_REACH && t != BGP_ATTR_MP_UNREACH)
			ok = bgp_attr_build(w, &val, (uint8_t)t, u, ctx);
		ok = ok && bgp_attr_build_unknown(w, &val, (uint8_t)t, &u->attrs);
	}
	wb_free(&val);
	return ok && wb_ok(w);
}
