/* Interning path attributes: a hash set of struct rib_attr keyed by their
 * bytes. A candidate is assembled in a scratch buffer, so a lookup that
 * finds an existing set allocates nothing. */
#include <stdalign.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "lib/be.h"
#include "lib/hash.h"
#include "lib/htab.h"
#include "lib/rbuf.h"
#include "rib/attr.h"
#include "wire/attr.h"

#define ATTR_KEY_OFF offsetof(struct rib_attr, present)
/* An UPDATE is at most 65535 octets, so are its attributes together. */
#define ATTR_DATA_MAX 65536

static uint32_t attr_hash(const void *a)
{
	return ((const struct rib_attr *)a)->hash;
}

static struct {
	struct htab h;
	size_t bytes;
} attrs = { .h = HTAB_INIT(struct rib_attr, hnext, 1024, attr_hash) };

static alignas(max_align_t) uint8_t attr_scratch[sizeof(struct rib_attr) + ATTR_DATA_MAX];

static size_t attr_data_len(const struct rib_attr *a)
{
	return (size_t)a->aspath_len + a->comm_len + a->ecomm_len + a->lcomm_len + a->cluster_len +
	       a->pmsi_id_len + a->unknown_len;
}

/* Up to the end of the data: sizeof would add the struct's tail padding,
 * which the flexible array overlaps and nobody zeroes. */
static size_t attr_size(const struct rib_attr *a)
{
	return offsetof(struct rib_attr, data) + attr_data_len(a);
}

static bool attr_equal(const struct rib_attr *a, const struct rib_attr *b)
{
	size_t n = attr_size(a);

	return n == attr_size(b) &&
	       memcmp((const uint8_t *)a + ATTR_KEY_OFF, (const uint8_t *)b + ATTR_KEY_OFF,
		      n - ATTR_KEY_OFF) == 0;
}

static uint8_t *attr_put(uint8_t *at, struct bgp_bytes v, uint16_t *len)
{
	*len = v.len;
	if (v.len)
		memcpy(at, v.p, v.len);
	return at + v.len;
}

/* Unknown optional transitive attributes keep their flags and type, so
 * they are passed on as they came (RFC 4271 §5). */
static uint8_t *attr_put_unknown(uint8_t *at, const struct bgp_attrs *a, uint16_t *len)
{
	uint8_t *start = at;

	for (unsigned i = 0; i < a->n_unknown; i++) {
		const struct bgp_unknown_attr *u = &a->unknown[i];
		*at++ = u->flags;
		*at++ = u->type;
		*at++ = (uint8_t)(u->val.len >> 8);
		*at++ = (uint8_t)u->val.len;
		if (u->val.len)
			memcpy(at, u->val.p, u->val.len);
		at += u->val.len;
	}
	*len = (uint16_t)(at - start);
	return at;
}

static size_t attr_need(const struct bgp_attrs *a)
{
	size_t n = (size_t)a->aspath_len + a->communities.len + a->ext_communities.len +
		   a->large_communities.len + a->cluster_list.len + a->pmsi.id.len;

	for (unsigned i = 0; i < a->n_unknown; i++)
		n += 4u + a->unknown[i].val.len;
	return n;
}

/* Fills the scratch candidate; false when it cannot be represented. */
static struct rib_attr *attr_fill(const struct bgp_attrs *a, const uint8_t *nh, uint8_t nh_len)
{
	struct rib_attr *c = (struct rib_attr *)attr_scratch;
	uint8_t *at = c->data;

	if (attr_need(a) > ATTR_DATA_MAX || nh_len > sizeof(c->nh))
		return NULL;
	memset(c, 0, sizeof(*c));
	c->present = a->present & ~(BGP_ATTR_BIT(BGP_ATTR_MP_REACH) |
				    BGP_ATTR_BIT(BGP_ATTR_MP_UNREACH));
	c->partial = a->partial;
	c->origin = a->origin;
	c->med = a->med;
	c->local_pref = a->local_pref;
	c->originator_id = a->originator_id;
	c->aggr_as = a->aggr_as;
	c->aggr_id = a->aggr_id;
	c->pmsi_flags = a->pmsi.flags;
	c->pmsi_type = a->pmsi.type;
	c->pmsi_label = a->pmsi.label;
	c->nh_len = nh_len;
	if (nh_len)
		memcpy(c->nh, nh, nh_len);
	at = attr_put(at, (struct bgp_bytes){ a->aspath, a->aspath_len }, &c->aspath_len);
	at = attr_put(at, a->communities, &c->comm_len);
	at = attr_put(at, a->ext_communities, &c->ecomm_len);
	at = attr_put(at, a->large_communities, &c->lcomm_len);
	at = attr_put(at, a->cluster_list, &c->cluster_len);
	at = attr_put(at, a->pmsi.id, &c->pmsi_id_len);
	attr_put_unknown(at, a, &c->unknown_len);
	c->hash = hash_bytes((const uint8_t *)c + ATTR_KEY_OFF, attr_size(c) - ATTR_KEY_OFF);
	return c;
}

struct rib_attr *rib_attr_intern(const struct bgp_attrs *a, const uint8_t *nh, uint8_t nh_len)
{
	struct rib_attr *c = attr_fill(a, nh, nh_len), *e;
	size_t size;

	if (!c)
		return NULL;
	HTAB_EACH(&attrs.h, c->hash, e)
		if (e->hash == c->hash && attr_equal(e, c))
			return rib_attr_ref(e);
	size = attr_size(c);
	if (!(e = malloc(size)))
		return NULL;
	memcpy(e, c, size);
	e->refcnt = 1;
	if (!htab_insert(&attrs.h, e, e->hash)) {
		free(e);
		return NULL;
	}
	attrs.bytes += rib_heap(e);
	return e;
}

struct rib_attr *rib_attr_ref(struct rib_attr *a)
{
	a->refcnt++;
	return a;
}

void rib_attr_unref(struct rib_attr *a)
{
	if (!a || --a->refcnt)
		return;
	htab_remove(&attrs.h, a, a->hash);
	attrs.bytes -= rib_heap(a);
	free(a);
}

static struct bgp_bytes attr_bytes(const uint8_t *p, uint16_t len)
{
	return (struct bgp_bytes){ len ? p : NULL, len };
}

static void attr_view_unknown(const struct rib_attr *a, struct bgp_attrs *out)
{
	struct rbuf r;

	rb_init(&r, rib_attr_pmsi_id(a) + a->pmsi_id_len, a->unknown_len);
	while (rb_left(&r) >= 4 && out->n_unknown < BGP_UNKNOWN_MAX) {
		struct bgp_unknown_attr *u = &out->unknown[out->n_unknown++];
		u->flags = rb_u8(&r);
		u->type = rb_u8(&r);
		u->val.len = rb_u16(&r);
		u->val.p = rb_view(&r, u->val.len);
	}
}

void rib_attr_view(const struct rib_attr *a, struct bgp_attrs *out)
{
	memset(out, 0, sizeof(*out));
	out->present = a->present;
	out->partial = a->partial;
	out->origin = a->origin;
	out->aspath = (uint8_t *)rib_attr_aspath(a);
	out->aspath_len = a->aspath_len;
	if (a->nh_len == 4)
		out->nexthop = be32_get(a->nh);
	out->med = a->med;
	out->local_pref = a->local_pref;
	out->aggr_as = a->aggr_as;
	out->aggr_id = a->aggr_id;
	out->communities = attr_bytes(rib_attr_comm(a), a->comm_len);
	out->ext_communities = attr_bytes(rib_attr_ecomm(a), a->ecomm_len);
	out->large_communities = attr_bytes(rib_attr_lcomm(a), a->lcomm_len);
	out->cluster_list = attr_bytes(rib_attr_cluster(a), a->cluster_len);
	out->originator_id = a->originator_id;
	out->pmsi.flags = a->pmsi_flags;
	out->pmsi.type = a->pmsi_type;
	out->pmsi.label = a->pmsi_label;
	out->pmsi.id = attr_bytes(rib_attr_pmsi_id(a), a->pmsi_id_len);
	attr_view_unknown(a, out);
}

size_t rib_attr_count(void)
{
	return attrs.h.n;
}

size_t rib_attr_bytes(void)
{
	return attrs.bytes + htab_bytes(&attrs.h);
}
