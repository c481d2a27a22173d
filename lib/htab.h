/* The one hash table of the daemon (routes, interned attributes, kernel
 * entries, MACs, VNIs, links): chained and intrusive, so an element
 * carries its own chain link and costs the table one pointer, and the
 * bucket array doubles once the table holds as many elements as buckets.
 * The caller hashes (lib/hash.h) and compares; the table needs an
 * element's hash again only to grow, and asks hash_of for it, so an
 * element need not store it (those that do return the stored one). */
#ifndef EVPND_HTAB_H
#define EVPND_HTAB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct htab {
	void **b;
	size_t nb, n;
	size_t link;		/* offsetof the element's next pointer */
	size_t min;		/* buckets of the first array */
	uint32_t (*hash_of)(const void *elem);
};

#define HTAB_INIT(type, member, first_buckets, hash_fn)                                      \
	{ .link = offsetof(type, member), .min = (first_buckets), .hash_of = (hash_fn) }

static inline void *htab_first(const struct htab *t, uint32_t h)
{
	return t->nb ? t->b[h & (t->nb - 1)] : NULL;
}

static inline void *htab_next(const struct htab *t, const void *e)
{
	return *(void *const *)((const char *)e + t->link);
}

/* Each element of h's bucket (a candidate: compare it). */
#define HTAB_EACH(t, h, var) for (var = htab_first(t, h); var; var = htab_next(t, var))

/* Adds e with hash h, growing first if the table is full. false only when
 * there was no bucket array and none could be had. */
bool htab_insert(struct htab *t, void *e, uint32_t h);
/* Takes e (with hash h) out; it must be in the table. */
void htab_remove(struct htab *t, void *e, uint32_t h);
/* Calls cb for every element, in bucket order; cb may remove (and free)
 * the element it is given, nothing else. Stops when cb returns nonzero,
 * and returns that. */
int htab_walk(const struct htab *t, int (*cb)(void *e, void *arg), void *arg);
/* The same in slices: buckets from `bucket` on, stopping between buckets
 * once `limit` elements were seen; returns where to go on, SIZE_MAX at
 * the end. The array only ever doubles, which moves an element from
 * bucket b to b or b + old size: a walk resumed after growth sees every
 * element at least once (some twice). */
size_t htab_walk_from(const struct htab *t, size_t bucket, size_t limit,
		      void (*cb)(void *e, void *arg), void *arg);
/* Frees the bucket array (not the elements) and empties the table. */
void htab_clear(struct htab *t);
/* Bytes of the bucket array. */
static inline size_t htab_bytes(const struct htab *t)
{
	return t->nb * sizeof(*t->b);
}

#endif
