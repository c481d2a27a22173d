/* The chained hash table (lib/htab.h). */
#include <stdlib.h>

#include "lib/htab.h"

static void **link_of(const struct htab *t, void *e)
{
	return (void **)((char *)e + t->link);
}

static bool htab_grow(struct htab *t)
{
	size_t nb = t->nb ? t->nb * 2 : (t->min ? t->min : 64);
	void **b = calloc(nb, sizeof(*b));

	if (!b)
		return false;
	for (size_t i = 0; i < t->nb; i++)
		for (void *e = t->b[i], *next; e; e = next) {
			size_t to = t->hash_of(e) & (nb - 1);
			next = *link_of(t, e);
			*link_of(t, e) = b[to];
			b[to] = e;
		}
	free(t->b);
	t->b = b;
	t->nb = nb;
	return true;
}

bool htab_insert(struct htab *t, void *e, uint32_t h)
{
	void **head;

	/* Without a bigger array the chains only get longer. */
	if (t->n >= t->nb && !htab_grow(t) && !t->nb)
		return false;
	head = &t->b[h & (t->nb - 1)];
	*link_of(t, e) = *head;
	*head = e;
	t->n++;
	return true;
}

void htab_remove(struct htab *t, void *e, uint32_t h)
{
	void **pp = &t->b[h & (t->nb - 1)];

	while (*pp != e)
		pp = link_of(t, *pp);
	*pp = *link_of(t, e);
	t->n--;
}

int htab_walk(const struct htab *t, int (*cb)(void *e, void *arg), void *arg)
{
	for (size_t i = 0; i < t->nb; i++)
		for (void *e = t->b[i], *next; e; e = next) {
			next = *link_of(t, e);
			int rc = cb(e, arg);
			if (rc)
				return rc;
		}
	return 0;
}

size_t htab_walk_from(const struct htab *t, size_t bucket, size_t limit,
		      void (*cb)(void *e, void *arg), void *arg)
{
	size_t seen = 0;

	for (; bucket < t->nb; bucket++) {
		if (seen >= limit)
			return bucket;
		for (void *e = t->b[bucket], *next; e; e = next, seen++) {
			next = *link_of(t, e);
			cb(e, arg);
		}
	}
	return SIZE_MAX;
}

void htab_clear(struct htab *t)
{
	free(t->b);
	t->b = NULL;
	t->nb = t->n = 0;
}
