/* The kernel entries evpnd owns: per key what EVPN wants and what the
 * kernel has. An entry whose two differ waits in the dirty queue (first
 * in, first out) for the pump; one with neither is freed. */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fib/internal.h"
#include "lib/htab.h"

static uint32_t key_hash(const struct fib_key *k)
{
	uint32_t h = (2166136261u ^ (uint32_t)k->ifindex ^ ((uint32_t)k->kind << 24)) * 16777619u ^ k->vni;

	for (int i = 0; i < k->len; i++)
		h = (h ^ k->a[i]) * 16777619u;
	return h;
}

static uint32_t ent_hash(const void *e)
{
	return key_hash(&((const struct fib_ent *)e)->k);
}

static struct {
	struct htab h;
	struct fib_ent *dhead, **dtail;
} tab = { .h = HTAB_INIT(struct fib_ent, hnext, 1024, ent_hash), .dtail = &tab.dhead };

static bool key_eq(const struct fib_key *a, const struct fib_key *b)
{
	return a->ifindex == b->ifindex && a->vni == b->vni && a->kind == b->kind && a->len == b->len &&
	       !memcmp(a->a, b->a, a->len);
}

struct fib_ent *fib_ent_find(const struct fib_key *k)
{
	struct fib_ent *e;

	HTAB_EACH(&tab.h, key_hash(k), e)
		if (key_eq(&e->k, k))
			return e;
	return NULL;
}

struct fib_ent *fib_ent_get(const struct fib_key *k)
{
	struct fib_ent *e = fib_ent_find(k);

	if (e)
		return e;
	if (!(e = calloc(1, sizeof(*e))))
		return NULL;
	e->k = *k;
	if (!htab_insert(&tab.h, e, key_hash(k))) {
		free(e);
		return NULL;
	}
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
	htab_remove(&tab.h, e, key_hash(&e->k));
	free(e);
}

struct ent_walker {
	void (*cb)(struct fib_ent *e);
};

static int ent_walk_one(void *e, void *arg)
{
	((const struct ent_walker *)arg)->cb(e);
	return 0;
}

void fib_ent_walk(void (*cb)(struct fib_ent *e))
{
	struct ent_walker w = { cb };

	htab_walk(&tab.h, ent_walk_one, &w);
}

struct ent_count {
	enum fib_kind kind;
	bool installed;
	size_t n;
};

static int ent_count_one(void *arg_e, void *arg)
{
	const struct fib_ent *e = arg_e;
	struct ent_count *c = arg;

	c->n += e->k.kind == c->kind && (c->installed ? e->kern_len : e->want_len) != 0;
	return 0;
}

size_t fib_ent_count(enum fib_kind kind, bool installed)
{
	struct ent_count c = { kind, installed, 0 };

	htab_walk(&tab.h, ent_count_one, &c);
	return c.n;
}

static int ent_free_one(void *e, void *arg)
{
	(void)arg;
	free(e);
	return 0;
}

void fib_ent_free_all(void)
{
	htab_walk(&tab.h, ent_free_one, NULL);
	htab_clear(&tab.h);
	tab.dhead = NULL;
	tab.dtail = &tab.dhead;
	fib.st.queued = 0;
}

const char *fib_key_str(const struct fib_key *k, char *buf, size_t len)
{
	char ip[INET6_ADDRSTRLEN] = "?";

	if (k->kind == FIB_FDB) {
		snprintf(buf, len, "FDB entry %02x:%02x:%02x:%02x:%02x:%02x", k->a[0], k->a[1],
			 k->a[2], k->a[3], k->a[4], k->a[5]);
		return buf;
	}
	inet_ntop(k->len == 16 ? AF_INET6 : AF_INET, k->a, ip, sizeof(ip));
	snprintf(buf, len, "%s %s", k->kind == FIB_FLOOD ? "flood entry to VTEP" : "neighbour", ip);
	return buf;
}
