/* The kernel entries evpnd owns: per key what EVPN wants and what the
 * kernel has. An entry whose two differ waits in the dirty queue (first
 * in, first out) for the pump; one with neither is freed. */
#include <stdlib.h>
#include <string.h>

#include "fib/internal.h"

static struct {
	struct fib_ent **b;
	size_t nb, n;
	struct fib_ent *dhead, **dtail;
} tab = { .dtail = &tab.dhead };

static uint32_t key_hash(const struct fib_key *k)
{
	uint32_t h = 2166136261u ^ (uint32_t)k->ifindex ^ ((uint32_t)k->kind << 24);

	for (int i = 0; i < k->len; i++)
		h = (h ^ k->a[i]) * 16777619u;
	return h;
}

static bool key_eq(const struct fib_key *a, const struct fib_key *b)
{
	return a->ifindex == b->ifindex && a->kind == b->kind && a->len == b->len &&
	       !memcmp(a->a, b->a, a->len);
}

struct fib_ent *fib_ent_find(const struct fib_key *k)
{
	struct fib_ent *e;

	if (!tab.nb)
		return NULL;
	for (e = tab.b[key_hash(k) & (tab.nb - 1)]; e && !key_eq(&e->k, k); e = e->hnext)
		;
	return e;
}

static bool tab_grow(void)
{
	size_t nb = tab.nb ? tab.nb * 2 : 1024;
	struct fib_ent **b = calloc(nb, sizeof(*b));

	if (!b)
		return false;
	for (size_t i = 0; i < tab.nb; i++)
		for (struct fib_ent *e = tab.b[i], *next; e; e = next) {
			next = e->hnext;
			e->hnext = b[key_hash(&e->k) & (nb - 1)];
			b[key_hash(&e->k) & (nb - 1)] = e;
		}
	free(tab.b);
	tab.b = b;
	tab.nb = nb;
	return true;
}

struct fib_ent *fib_ent_get(const struct fib_key *k)
{
	struct fib_ent *e = fib_ent_find(k), **head;

	if (e)
		return e;
	if (tab.n >= tab.nb && !tab_grow())
		return NULL;
	if (!(e = calloc(1, sizeof(*e))))
		return NULL;
	e->k = *k;
	head = &tab.b[key_hash(k) & (tab.nb - 1)];
	e->hnext = *head;
	*head = e;
	tab.n++;
	return e;
}

void fib_ent_dirty(struct fib_ent *e)
{
	if (e->dirty)
		return;
	e->dirty = true;
	e->dnext = NULL;
	*tab.dtail = e;
	tab.dtail = &e->dnext;
	fib.st.queued++;
	fib_pump_kick();
}

struct fib_ent *fib_ent_take_dirty(void)
{
	struct fib_ent *e = tab.dhead;

	if (!e)
		return NULL;
	if (!(tab.dhead = e->dnext))
		tab.dtail = &tab.dhead;
	e->dirty = false;
	fib.st.queued--;
	return e;
}

bool fib_ent_same(const struct fib_ent *e)
{
	return e->want_len == e->kern_len && !memcmp(e->want, e->kern, e->want_len) &&
	       (!e->want_len || e->router == e->kern_router) && !e->unsure_len;
}

/* Something installed that nothing wants waits for the end of the resync
 * if it was found at start: the routes for it may still be coming. */
static void ent_check(struct fib_ent *e)
{
	if (fib_ent_same(e)) {
		fib_ent_release(e);
		return;
	}
	if (!e->want_len && e->adopted && !fib.converged)
		return;
	fib_ent_dirty(e);
}

void fib_ent_want(struct fib_ent *e, const uint8_t *v, uint8_t len)
{
	e->want_len = len;
	if (len) {
		memcpy(e->want, v, len);
		fib.st.resync_kept += e->adopted;
		e->adopted = false;
	}
	ent_check(e);
}

void fib_ent_kern(struct fib_ent *e, const uint8_t *v, uint8_t len)
{
	e->kern_len = len;
	e->unsure_len = 0;
	if (len)
		memcpy(e->kern, v, len);
	ent_check(e);
}

void fib_ent_release(struct fib_ent *e)
{
	struct fib_ent **pp;

	if (e->want_len || e->kern_len || e->unsure_len || e->dirty || e->children)
		return;
	if (e->owner) {
		for (pp = &e->owner->children; *pp != e; pp = &(*pp)->sib)
			;
		*pp = e->sib;
		fib_ent_release(e->owner);
	}
	for (pp = &tab.b[key_hash(&e->k) & (tab.nb - 1)]; *pp != e; pp = &(*pp)->hnext)
		;
	*pp = e->hnext;
	tab.n--;
	free(e);
}

void fib_ent_walk(void (*cb)(struct fib_ent *e))
{
	for (size_t i = 0; i < tab.nb; i++)
		for (struct fib_ent *e = tab.b[i], *next; e; e = next) {
			next = e->hnext;
			cb(e);
		}
}

size_t fib_ent_count(enum fib_kind kind, bool installed)
{
	size_t n = 0;

	for (size_t i = 0; i < tab.nb; i++)
		for (struct fib_ent *e = tab.b[i]; e; e = e->hnext)
			n += e->k.kind == kind && (installed ? e->kern_len : e->want_len) != 0;
	return n;
}

void fib_ent_free_all(void)
{
	for (size_t i = 0; i < tab.nb; i++)
		for (struct fib_ent *e = tab.b[i], *next; e; e = next) {
			next = e->hnext;
			free(e);
		}
	free(tab.b);
	memset(&tab, 0, sizeof(tab));
	tab.dtail = &tab.dhead;
	fib.st.queued = 0;
}
