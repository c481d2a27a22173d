/* The Loc-RIB: per family a hash of destinations, each with its paths and
 * the best of them. Every change of a best path (or of its attributes)
 * goes to the family's listener and onto the outbound queue. */
#include <stdlib.h>
#include <string.h>

#include "lib/hash.h"
#include "lib/htab.h"
#include "rib/decide.h"
#include "rib/rib.h"

struct rib_table {
	struct htab h;	/* destinations by key */
	size_t paths;
	size_t bytes;	/* destinations and paths, with their keys and NLRI */
};

static uint32_t rib_dest_hash(const void *d)
{
	return ((const struct rib_dest *)d)->hash;
}

#define RIB_TABLE { .h = HTAB_INIT(struct rib_dest, hnext, 1024, rib_dest_hash) }
_Static_assert(BGP_AF_MAX == 3, "one RIB_TABLE per family");
static struct rib_table tables[BGP_AF_MAX] = { RIB_TABLE, RIB_TABLE, RIB_TABLE };
static struct rib_family families[BGP_AF_MAX];
static struct {
	struct rib_dest *head, *tail;
	void (*kick)(void);
} queue;

void rib_family_set(enum bgp_af af, const struct rib_family *f)
{
	families[af] = *f;
}

const struct rib_family *rib_family_of(enum bgp_af af)
{
	return &families[af];
}

void rib_set_kick(void (*kick)(void))
{
	queue.kick = kick;
}

/* IPv4/IPv6 unicast: the prefix (length octet and address) is the key. */
static int rib_key(enum bgp_af af, const uint8_t *nlri, size_t len, uint8_t *key)
{
	if (families[af].key)
		return families[af].key(nlri, len, key);
	if (len > RIB_KEY_MAX)
		return -1;
	memcpy(key, nlri, len);
	return (int)len;
}

static struct rib_dest *rib_find(enum bgp_af af, const uint8_t *key, size_t len, uint32_t h)
{
	struct rib_dest *d;

	HTAB_EACH(&tables[af].h, h, d)
		if (d->hash == h && d->key_len == len && memcmp(d->key, key, len) == 0)
			return d;
	return NULL;
}

struct rib_dest *rib_lookup(enum bgp_af af, const uint8_t *key, size_t key_len)
{
	return rib_find(af, key, key_len, hash_bytes(key, key_len));
}

static struct rib_dest *rib_dest_get(enum bgp_af af, const uint8_t *key, size_t len)
{
	struct rib_table *t = &tables[af];
	uint32_t h = hash_bytes(key, len);
	struct rib_dest *d = rib_find(af, key, len, h);

	if (d)
		return d;
	if (!(d = calloc(1, sizeof(*d) + len)))
		return NULL;
	d->hash = h;
	d->af = (uint8_t)af;
	d->key_len = (uint16_t)len;
	memcpy(d->key, key, len);
	if (!htab_insert(&t->h, d, h)) {
		free(d);
		return NULL;
	}
	t->bytes += rib_heap(d);
	return d;
}

/* A destination goes when nothing refers to it: no path, nothing
 * advertised that must still be withdrawn, no pending work. */
void rib_dest_gc(struct rib_dest *d)
{
	struct rib_table *t = &tables[d->af];

	if (d->paths || d->adv || d->queued)
		return;
	htab_remove(&t->h, d, d->hash);
	t->bytes -= rib_heap(d);
	free(d);
}

static void rib_enqueue(struct rib_dest *d)
{
	if (d->queued)
		return;
	d->queued = true;
	d->qnext = NULL;
	if (queue.tail)
		queue.tail->qnext = d;
	else
		queue.head = d;
	queue.tail = d;
	if (queue.kick && queue.head == d)
		queue.kick();
}

struct rib_dest *rib_queue_take(void)
{
	struct rib_dest *d = queue.head;

	if (!d)
		return NULL;
	queue.head = d->qnext;
	if (!queue.head)
		queue.tail = NULL;
	d->queued = false;
	return d;
}

/* Runs the decision process for d; changed is a path just replaced in
 * place (prev: its attributes before), which peers and the listener must
 * hear of even if it stays best. */
static void rib_select(struct rib_dest *d, const struct rib_path *changed,
		       const struct rib_attr *prev)
{
	struct rib_path *old = d->best, *best = rib_decide_best(d, NULL);
	struct rib_family *f = &families[d->af];

	if (best == old && (!changed || changed != best))
		return;
	if (old)
		old->flags &= (uint8_t)~RIB_PATH_SELECTED;
	if (best)
		best->flags |= RIB_PATH_SELECTED;
	d->best = best;
	if (f->best_changed)
		f->best_changed(f->arg, d, old, old && old == changed ? prev : old ? old->attr : NULL,
				best);
	rib_enqueue(d);
}

static struct rib_path *rib_path_of(struct rib_dest *d, const struct rib_peer *src)
{
	struct rib_path *p = d->paths;

	while (p && p->peer != src)
		p = p->next;
	return p;
}

static void rib_path_link(struct rib_path *p, struct rib_dest *d, struct rib_peer *src)
{
	p->dest = d;
	p->peer = src;
	p->next = d->paths;
	d->paths = p;
	p->pprev = NULL;
	p->pnext = src->paths;
	if (src->paths)
		src->paths->pprev = p;
	src->paths = p;
	src->count[d->af]++;
	tables[d->af].paths++;
	tables[d->af].bytes += rib_heap(p);
}

/* Takes p out of its destination and its peer's list; the caller
 * reselects and frees. */
static void rib_path_unlink(struct rib_path *p)
{
	struct rib_dest *d = p->dest;
	struct rib_path **pp;

	for (pp = &d->paths; *pp != p; pp = &(*pp)->next)
		;
	*pp = p->next;
	if (p->pprev)
		p->pprev->pnext = p->pnext;
	else
		p->peer->paths = p->pnext;
	if (p->pnext)
		p->pnext->pprev = p->pprev;
	p->peer->count[d->af]--;
	if (p->flags & RIB_PATH_STALE)
		p->peer->stale[d->af]--;
	tables[d->af].paths--;
	tables[d->af].bytes -= rib_heap(p);
}

static struct rib_path *rib_path_new(const uint8_t *nlri, size_t len, struct rib_attr *attr)
{
	struct rib_path *p = calloc(1, sizeof(*p) + len);

	if (!p)
		return NULL;
	p->attr = rib_attr_ref(attr);
	p->nlri_len = (uint8_t)len;
	memcpy(p->nlri, nlri, len);
	return p;
}

/* An existing path takes new attributes and NLRI (same key, maybe new
 * labels): replaced in place when the NLRI fits, else re-made. */
static struct rib_path *rib_path_replace(struct rib_path *p, const uint8_t *nlri, size_t len,
					 struct rib_attr *attr)
{
	if (p->flags & RIB_PATH_STALE) {
		p->flags &= (uint8_t)~RIB_PATH_STALE;
		p->peer->stale[p->dest->af]--;
	}
	if (len != p->nlri_len) {
		struct rib_dest *d = p->dest;
		struct rib_peer *src = p->peer;
		struct rib_path *n = rib_path_new(nlri, len, attr);
		if (!n)
			return NULL;
		n->flags = p->flags & RIB_PATH_SELECTED;
		rib_path_unlink(p);
		if (d->best == p)
			d->best = n;
		rib_attr_unref(p->attr);
		free(p);
		rib_path_link(n, d, src);
		return n;
	}
	memcpy(p->nlri, nlri, len);
	rib_attr_unref(p->attr);
	p->attr = rib_attr_ref(attr);
	return p;
}

static bool rib_path_same(const struct rib_path *p, const uint8_t *nlri, size_t len,
			  const struct rib_attr *attr)
{
	return p->attr == attr && p->nlri_len == len && memcmp(p->nlri, nlri, len) == 0 &&
	       !(p->flags & RIB_PATH_STALE);
}

int rib_update(struct rib_peer *src, enum bgp_af af, const uint8_t *nlri, size_t len,
	       struct rib_attr *attr)
{
	uint8_t key[RIB_KEY_MAX];
	int klen = len <= 255 ? rib_key(af, nlri, len, key) : -1;
	struct rib_dest *d;
	struct rib_path *p;

	if (klen < 0 || !(d = rib_dest_get(af, key, (size_t)klen)))
		return -1;
	if ((p = rib_path_of(d, src))) {
		if (rib_path_same(p, nlri, len, attr))
			return 0;
		struct rib_attr *prev = rib_attr_ref(p->attr);
		if ((p = rib_path_replace(p, nlri, len, attr)))
			rib_select(d, p, prev);
		rib_attr_unref(prev);
		return p ? 0 : -1;
	}
	if (!(p = rib_path_new(nlri, len, attr))) {
		rib_dest_gc(d);
		return -1;
	}
	rib_path_link(p, d, src);
	rib_select(d, NULL, NULL);
	return 1;
}

static void rib_path_remove(struct rib_path *p)
{
	struct rib_dest *d = p->dest;
	bool was_best = d->best == p;

	rib_path_unlink(p);
	/* The listener still sees the old best while it hears of the change. */
	if (was_best) {
		struct rib_path *best = rib_decide_best(d, NULL);
		struct rib_family *f = &families[d->af];
		if (best)
			best->flags |= RIB_PATH_SELECTED;
		d->best = best;
		if (f->best_changed)
			f->best_changed(f->arg, d, p, p->attr, best);
		rib_enqueue(d);
	}
	rib_attr_unref(p->attr);
	free(p);
	rib_dest_gc(d);
}

int rib_withdraw(struct rib_peer *src, enum bgp_af af, const uint8_t *nlri, size_t len)
{
	uint8_t key[RIB_KEY_MAX];
	int klen = len <= 255 ? rib_key(af, nlri, len, key) : -1;
	struct rib_dest *d;
	struct rib_path *p;

	if (klen < 0 || !(d = rib_lookup(af, key, (size_t)klen)) || !(p = rib_path_of(d, src)))
		return 0;
	rib_path_remove(p);
	return 1;
}

void rib_peer_clear(struct rib_peer *src, int af)
{
	for (struct rib_path *p = src->paths, *next; p; p = next) {
		next = p->pnext;
		if (af < 0 || p->dest->af == af)
			rib_path_remove(p);
	}
}

void rib_peer_mark_stale(struct rib_peer *src, enum bgp_af af)
{
	for (struct rib_path *p = src->paths; p; p = p->pnext)
		if (p->dest->af == af && !(p->flags & RIB_PATH_STALE)) {
			p->flags |= RIB_PATH_STALE;
			src->stale[af]++;
		}
}

size_t rib_peer_sweep_stale(struct rib_peer *src, enum bgp_af af)
{
	size_t n = 0;

	for (struct rib_path *p = src->paths, *next; p; p = next) {
		next = p->pnext;
		if (p->dest->af == af && (p->flags & RIB_PATH_STALE)) {
			rib_path_remove(p);
			n++;
		}
	}
	return n;
}

struct rib_walker {
	int (*cb)(struct rib_dest *d, void *arg);
	void *arg;
};

static int rib_walk_one(void *e, void *arg)
{
	const struct rib_walker *w = arg;

	return w->cb(e, w->arg);
}

static void rib_walk_slice(void *e, void *arg)
{
	rib_walk_one(e, arg);
}

int rib_walk(enum bgp_af af, int (*cb)(struct rib_dest *d, void *arg), void *arg)
{
	struct rib_walker w = { cb, arg };

	return htab_walk(&tables[af].h, rib_walk_one, &w);
}

size_t rib_walk_from(enum bgp_af af, size_t bucket, size_t limit,
		     int (*cb)(struct rib_dest *d, void *arg), void *arg)
{
	struct rib_walker w = { cb, arg };

	return htab_walk_from(&tables[af].h, bucket, limit, rib_walk_slice, &w);
}

size_t rib_dest_count(enum bgp_af af)
{
	return tables[af].h.n;
}

size_t rib_path_count(enum bgp_af af)
{
	return tables[af].paths;
}

size_t rib_af_bytes(enum bgp_af af)
{
	return htab_bytes(&tables[af].h) + tables[af].bytes;
}

size_t rib_bytes(void)
{
	size_t n = 0;

	for (int af = 0; af < BGP_AF_MAX; af++)
		n += rib_af_bytes((enum bgp_af)af);
	return n;
}

static int rib_dest_free(void *e, void *arg)
{
	struct rib_dest *d = e;

	(void)arg;
	for (struct rib_path *p = d->paths, *next; p; p = next) {
		next = p->next;
		rib_attr_unref(p->attr);
		free(p);
	}
	for (struct rib_adv *a = d->adv, *next; a; a = next) {
		next = a->next;
		rib_attr_unref(a->attr);
		free(a);
	}
	free(d);
	return 0;
}

void rib_reset(void)
{
	for (int af = 0; af < BGP_AF_MAX; af++) {
		struct rib_table *t = &tables[af];
		htab_walk(&t->h, rib_dest_free, NULL);
		htab_clear(&t->h);
		t->paths = t->bytes = 0;
	}
	queue.head = queue.tail = NULL;
}
