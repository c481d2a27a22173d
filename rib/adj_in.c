/* Adj-RIB-In as one chained hash table per family. The key is the NLRI's
 * own bytes, so no family-specific key code is needed here. */
#include <stdlib.h>
#include <string.h>

#include "rib/adj_in.h"

struct adj_entry {
	struct adj_entry *next;
	uint32_t hash;
	bool stale;
	uint16_t len;
	uint8_t key[];
};

struct adj_table {
	struct adj_entry **slots;
	size_t nslots, count, stale;
};

struct adj_in {
	int nfam;
	struct adj_table fam[];
};

/* FNV-1a: short keys, no adversary who gains from collisions beyond
 * a slower chain (a peer is bounded by maximum-prefix). */
static uint32_t adj_hash(const uint8_t *p, size_t len)
{
	uint32_t h = 2166136261u;

	for (size_t i = 0; i < len; i++)
		h = (h ^ p[i]) * 16777619u;
	return h;
}

struct adj_in *adj_in_new(int nfamilies)
{
	struct adj_in *t = calloc(1, sizeof(*t) + (size_t)nfamilies * sizeof(struct adj_table));

	if (t)
		t->nfam = nfamilies;
	return t;
}

void adj_in_clear(struct adj_in *t, int af)
{
	struct adj_table *tb = &t->fam[af];

	for (size_t i = 0; i < tb->nslots; i++) {
		struct adj_entry *e = tb->slots[i], *n;
		for (; e; e = n) {
			n = e->next;
			free(e);
		}
	}
	free(tb->slots);
	memset(tb, 0, sizeof(*tb));
}

void adj_in_free(struct adj_in *t)
{
	if (!t)
		return;
	for (int af = 0; af < t->nfam; af++)
		adj_in_clear(t, af);
	free(t);
}

static struct adj_entry **adj_find(struct adj_table *tb, uint32_t h, const uint8_t *k, size_t len)
{
	struct adj_entry **pp;

	if (!tb->nslots)
		return NULL;
	for (pp = &tb->slots[h & (tb->nslots - 1)]; *pp; pp = &(*pp)->next)
		if ((*pp)->hash == h && (*pp)->len == len && memcmp((*pp)->key, k, len) == 0)
			return pp;
	return NULL;
}

static int adj_grow(struct adj_table *tb)
{
	size_t n = tb->nslots ? tb->nslots * 2 : 64;
	struct adj_entry **slots = calloc(n, sizeof(*slots));

	if (!slots)
		return -1;
	for (size_t i = 0; i < tb->nslots; i++) {
		struct adj_entry *e = tb->slots[i], *next;
		for (; e; e = next) {
			next = e->next;
			e->next = slots[e->hash & (n - 1)];
			slots[e->hash & (n - 1)] = e;
		}
	}
	free(tb->slots);
	tb->slots = slots;
	tb->nslots = n;
	return 0;
}

int adj_in_update(struct adj_in *t, int af, const uint8_t *nlri, size_t len)
{
	struct adj_table *tb = &t->fam[af];
	uint32_t h = adj_hash(nlri, len);
	struct adj_entry **pp = adj_find(tb, h, nlri, len), *e;

	if (pp) {
		if ((*pp)->stale)
			tb->stale--;
		(*pp)->stale = false;
		return 0;
	}
	if (tb->count >= tb->nslots && adj_grow(tb) < 0)
		return -1;
	e = malloc(sizeof(*e) + len);
	if (!e)
		return -1;
	e->hash = h;
	e->len = (uint16_t)len;
	e->stale = false;
	memcpy(e->key, nlri, len);
	e->next = tb->slots[h & (tb->nslots - 1)];
	tb->slots[h & (tb->nslots - 1)] = e;
	tb->count++;
	return 1;
}

static void adj_unlink(struct adj_table *tb, struct adj_entry **pp)
{
	struct adj_entry *e = *pp;

	*pp = e->next;
	if (e->stale)
		tb->stale--;
	tb->count--;
	free(e);
}

int adj_in_withdraw(struct adj_in *t, int af, const uint8_t *nlri, size_t len)
{
	struct adj_table *tb = &t->fam[af];
	struct adj_entry **pp = adj_find(tb, adj_hash(nlri, len), nlri, len);

	if (!pp)
		return 0;
	adj_unlink(tb, pp);
	return 1;
}

bool adj_in_has(const struct adj_in *t, int af, const uint8_t *nlri, size_t len)
{
	return adj_find((struct adj_table *)&t->fam[af], adj_hash(nlri, len), nlri, len) != NULL;
}

size_t adj_in_count(const struct adj_in *t, int af) { return t->fam[af].count; }
size_t adj_in_stale_count(const struct adj_in *t, int af) { return t->fam[af].stale; }

void adj_in_mark_stale(struct adj_in *t, int af)
{
	struct adj_table *tb = &t->fam[af];

	for (size_t i = 0; i < tb->nslots; i++)
		for (struct adj_entry *e = tb->slots[i]; e; e = e->next)
			e->stale = true;
	tb->stale = tb->count;
}

size_t adj_in_sweep_stale(struct adj_in *t, int af)
{
	struct adj_table *tb = &t->fam[af];
	size_t n = 0;

	for (size_t i = 0; i < tb->nslots && tb->stale; i++) {
		struct adj_entry **pp = &tb->slots[i];
		while (*pp) {
			if ((*pp)->stale) {
				adj_unlink(tb, pp);
				n++;
			} else {
				pp = &(*pp)->next;
			}
		}
	}
	return n;
}
