/* Which VNIs a route may enter, from its route targets alone, so that
 * importing a route costs its few route targets, not the number of VNIs
 * (a leaf may carry thousands). Configured import RTs are found in a
 * sorted array, rebuilt only when a VNI or its RTs change; auto ones
 * (ASN:VNI, and FRR's ANY:VNI) by the VNI in the RT's local part. */
#include <stdlib.h>
#include <string.h>

#include "evpn/ecomm.h"
#include "evpn/evpn.h"
#include "lib/log.h"
#include "lib/rbuf.h"

struct rt_ent {
	uint8_t rt[EVPN_ECOMM_LEN];
	struct evpn_vni *v;
};

static struct {
	struct rt_ent *e;
	size_t n, cap;
	bool dirty;
} idx = { .dirty = true };

void evpn_rt_index_dirty(void)
{
	idx.dirty = true;
}

static int ent_cmp(const void *a, const void *b)
{
	return memcmp(((const struct rt_ent *)a)->rt, ((const struct rt_ent *)b)->rt, EVPN_ECOMM_LEN);
}

static bool rt_index_push(const uint8_t rt[EVPN_ECOMM_LEN], struct evpn_vni *v)
{
	if (idx.n == idx.cap) {
		size_t cap = idx.cap ? idx.cap * 2 : 64;
		struct rt_ent *e = realloc(idx.e, cap * sizeof(*e));
		if (!e)
			return false;
		idx.e = e;
		idx.cap = cap;
	}
	memcpy(idx.e[idx.n].rt, rt, EVPN_ECOMM_LEN);
	idx.e[idx.n++].v = v;
	return true;
}

static void rt_index_build(void)
{
	idx.n = 0;
	for (struct evpn_vni *v = evpn_vni_first(); v; v = v->next)
		for (unsigned i = 0; i < v->n_import; i++)
			if (!rt_index_push(v->import_rt[i], v)) {
				log_err("evpn: out of memory indexing route targets");
				return; /* stays dirty: tried again next time */
			}
	if (idx.n)	/* qsort's array must not be NULL, even empty */
		qsort(idx.e, idx.n, sizeof(*idx.e), ent_cmp);
	idx.dirty = false;
}

void evpn_rt_index_free(void)
{
	free(idx.e);
	memset(&idx, 0, sizeof(idx));
	idx.dirty = true;
}

/* The number after the colon of a route target. */
uint32_t evpn_rt_local(const uint8_t c[EVPN_ECOMM_LEN])
{
	struct rbuf r;

	rb_init(&r, c, EVPN_ECOMM_LEN);
	rb_skip(&r, c[0] == EVPN_ECOMM_AS2 ? 4 : 6);
	return c[0] == EVPN_ECOMM_AS2 ? rb_u32(&r) : rb_u16(&r);
}

static size_t add_once(struct evpn_vni **out, size_t n, size_t max, struct evpn_vni *v)
{
	for (size_t i = 0; i < n; i++)
		if (out[i] == v)
			return n;
	if (n == max)
		return SIZE_MAX;
	out[n] = v;
	return n + 1;
}

/* One RT's VNIs appended to out[n..]; SIZE_MAX when they do not fit. */
static size_t rt_lookup(const uint8_t c[EVPN_ECOMM_LEN], struct evpn_vni **out, size_t n, size_t max)
{
	struct rt_ent key, *e;
	struct evpn_vni *v = evpn_vni_find(evpn_rt_local(c));

	if (n == SIZE_MAX)
		return n;
	if (v && v->rt_import_auto)
		n = add_once(out, n, max, v);
	memcpy(key.rt, c, EVPN_ECOMM_LEN);
	e = idx.n ? bsearch(&key, idx.e, idx.n, sizeof(key), ent_cmp) : NULL;
	while (e && e > idx.e && !memcmp(e[-1].rt, c, EVPN_ECOMM_LEN))
		e--;
	for (; n != SIZE_MAX && e && e < idx.e + idx.n && !memcmp(e->rt, c, EVPN_ECOMM_LEN); e++)
		n = add_once(out, n, max, e->v);
	return n;
}

size_t evpn_rt_index_vnis(const uint8_t *ecomm, size_t len, struct evpn_vni **out, size_t n,
			  size_t max)
{
	struct rbuf r;

	if (idx.dirty)
		rt_index_build();
	rb_init(&r, ecomm, len);
	while (n != SIZE_MAX && rb_left(&r) >= EVPN_ECOMM_LEN) {
		const uint8_t *c = rb_view(&r, EVPN_ECOMM_LEN);
		if (evpn_ecomm_is_rt(c))
			n = rt_lookup(c, out, n, max);
	}
	return n;
}
