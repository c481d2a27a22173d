/* rib/attr.c and rib/rib.c: interned path attributes and the Loc-RIB.
 * Attribute sets are built as a parser would hand them over (struct
 * bgp_attrs with views into buffers of the test) and interned; routes go
 * in through rib_update/rib_withdraw from static struct rib_peer sources;
 * a recording listener checks every best-path change the RIB reports. */
#include <malloc.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "rib/attr.h"
#include "rib/rib.h"
#include "wire/attr.h"

#define BE32(x) (uint8_t)((x) >> 24), (uint8_t)((x) >> 16), (uint8_t)((x) >> 8), (uint8_t)(x)
#define SEQ1(a) BGP_AS_SEQUENCE, 1, BE32(a)
#define SEQ2(a, b) BGP_AS_SEQUENCE, 2, BE32(a), BE32(b)
#define SET2(a, b) BGP_AS_SET, 2, BE32(a), BE32(b)
/* Extended communities (RFC 4360): a 2-octet-AS route target, and VXLAN
 * encapsulation (RFC 9012 §4.1). */
#define RT(as, n) 0x00, 0x02, (uint8_t)((as) >> 8), (uint8_t)(as), BE32(n)
#define ENCAP_VXLAN 0x03, 0x0c, 0, 0, 0, 0, 0, 8
#define BIT(t) BGP_ATTR_BIT(BGP_ATTR_##t)
#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

#define V4 BGP_AF_IPV4_UNICAST
#define V6 BGP_AF_IPV6_UNICAST
#define EVPN BGP_AF_L2VPN_EVPN

/* ---- attribute sets ---- */

/* A bgp_attrs a parser could have produced: ORIGIN IGP, AS_PATH aspath
 * (views: the caller's buffers outlive the intern call only). */
static struct bgp_attrs attrs_base(const uint8_t *aspath, size_t aspath_len)
{
	struct bgp_attrs a;

	memset(&a, 0, sizeof(a));
	a.present = BIT(ORIGIN) | BIT(AS_PATH);
	a.origin = BGP_ORIGIN_IGP;
	a.aspath = (uint8_t *)aspath;
	a.aspath_len = (uint16_t)aspath_len;
	return a;
}

static void attrs_lp(struct bgp_attrs *a, uint32_t lp)
{
	a->local_pref = lp;
	a->present |= BIT(LOCAL_PREF);
}

static const uint8_t NH1[4] = { 10, 0, 0, 1 };

/* References the tests take; the teardown drops whatever is left. */
static struct rib_attr *held[64];
static size_t n_held;

static struct rib_attr *hold(struct rib_attr *a)
{
	assert_non_null(a);
	assert_true(n_held < ARRAY_LEN(held));
	held[n_held++] = a;
	return a;
}

static struct rib_attr *intern(const struct bgp_attrs *a)
{
	return hold(rib_attr_intern(a, NH1, sizeof(NH1)));
}

/* A set that differs from others by LOCAL_PREF only. */
static struct rib_attr *attr_lp(uint32_t lp)
{
	static const uint8_t path[] = { SEQ1(65001) };
	struct bgp_attrs a = attrs_base(path, sizeof(path));

	attrs_lp(&a, lp);
	return intern(&a);
}

/* ---- sources and the listener ---- */

static struct rib_peer pa, pb;

static struct rib_peer peer_v4(uint32_t router_id, uint8_t last)
{
	struct rib_peer p = { .router_id = router_id, .addr_len = 4, .as = 65000 };

	memcpy(p.addr, (const uint8_t[]){ 192, 0, 2, last }, 4);
	return p;
}

struct call {
	const struct rib_dest *d;
	const struct rib_path *old, *new, *d_best;
	const struct rib_peer *old_peer, *new_peer;
	const struct rib_attr *old_attr, *new_attr;
	uint8_t new_nlri_len;
	uint8_t new_nlri[64];
};
static struct call calls[256];
static size_t n_calls;
static int listener_tag;

/* Records a best-path change; reads both paths, so a path freed too early
 * shows under ASan. */
static void on_best(void *arg, const struct rib_dest *d, const struct rib_path *old_best,
		    const struct rib_attr *old_attr, const struct rib_path *new_best)
{
	struct call *c;

	assert_ptr_equal(arg, &listener_tag);
	assert_true(n_calls < ARRAY_LEN(calls));
	c = &calls[n_calls++];
	memset(c, 0, sizeof(*c));
	c->d = d;
	c->d_best = d->best;
	c->old = old_best;
	c->old_attr = old_attr;
	c->new = new_best;
	if (old_best) {
		c->old_peer = old_best->peer;
	}
	if (new_best) {
		c->new_peer = new_best->peer;
		c->new_attr = new_best->attr;
		c->new_nlri_len = new_best->nlri_len;
		assert_true(new_best->nlri_len <= sizeof(c->new_nlri));
		memcpy(c->new_nlri, new_best->nlri, new_best->nlri_len);
	}
}

static void listen(enum bgp_af af)
{
	rib_family_set(af, &(struct rib_family){ .best_changed = on_best, .arg = &listener_tag });
}

/* What rib/out.c does with the queue when there are no update groups. */
static size_t drain(void)
{
	struct rib_dest *d;
	size_t n = 0;

	while ((d = rib_queue_take())) {
		rib_dest_gc(d);
		n++;
	}
	return n;
}

static void peer_reset(struct rib_peer *p)
{
	p->paths = NULL;
	memset(p->count, 0, sizeof(p->count));
	memset(p->stale, 0, sizeof(p->stale));
}

static int setup(void **state)
{
	(void)state;
	pa = peer_v4(0x0a000001, 1);
	pb = peer_v4(0x0a000002, 2);
	n_calls = 0;
	n_held = 0;
	assert_int_equal(rib_attr_count(), 0);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	rib_reset();
	peer_reset(&pa);
	peer_reset(&pb);
	for (int af = 0; af < BGP_AF_MAX; af++)
		rib_family_set((enum bgp_af)af, &(struct rib_family){ 0 });
	while (n_held)
		rib_attr_unref(held[--n_held]);
	/* every reference the RIB took went with rib_reset */
	assert_int_equal(rib_attr_count(), 0);
	return 0;
}

static struct rib_dest *dest_of(enum bgp_af af, const uint8_t *key, size_t len)
{
	struct rib_dest *d = rib_lookup(af, key, len);

	assert_non_null(d);
	return d;
}

static size_t selected_paths(const struct rib_dest *d)
{
	size_t n = 0;

	for (const struct rib_path *p = d->paths; p; p = p->next)
		n += (p->flags & RIB_PATH_SELECTED) != 0;
	return n;
}

/* ---- interning (rib/attr.c) ---- */

/* One copy per distinct set: interning equal contents (from separate
 * buffers, so by value, not by address) gives the same pointer and counts
 * references; dropping them all frees it. */
static void test_intern_same_pointer(void **state)
{
	(void)state;
	uint8_t path1[] = { SEQ2(65001, 65002) }, path2[] = { SEQ2(65001, 65002) };
	uint8_t ec1[] = { RT(65000, 100), ENCAP_VXLAN }, ec2[] = { RT(65000, 100), ENCAP_VXLAN };
	struct bgp_attrs a1 = attrs_base(path1, sizeof(path1)), a2 = attrs_base(path2, sizeof(path2));
	size_t bytes0 = rib_attr_bytes();
	struct rib_attr *x, *y, *z;

	a1.ext_communities = (struct bgp_bytes){ ec1, sizeof(ec1) };
	a1.present |= BIT(EXT_COMMUNITIES);
	attrs_lp(&a1, 200);
	a2.ext_communities = (struct bgp_bytes){ ec2, sizeof(ec2) };
	a2.present |= BIT(EXT_COMMUNITIES);
	attrs_lp(&a2, 200);

	x = rib_attr_intern(&a1, NH1, 4);
	assert_non_null(x);
	assert_int_equal(x->refcnt, 1);
	assert_int_equal(rib_attr_count(), 1);
	assert_true(rib_attr_bytes() > bytes0);
	size_t bytes1 = rib_attr_bytes();

	y = rib_attr_intern(&a2, (const uint8_t[]){ 10, 0, 0, 1 }, 4);
	assert_ptr_equal(y, x);
	assert_int_equal(x->refcnt, 2);
	z = rib_attr_ref(x);
	assert_ptr_equal(z, x);
	assert_int_equal(x->refcnt, 3);
	assert_int_equal(rib_attr_count(), 1);
	assert_int_equal(rib_attr_bytes(), bytes1);

	rib_attr_unref(z);
	rib_attr_unref(y);
	assert_int_equal(rib_attr_count(), 1);
	assert_int_equal(x->refcnt, 1);
	rib_attr_unref(x);
	assert_int_equal(rib_attr_count(), 0);
	/* only the bucket array is left */
	assert_true(rib_attr_bytes() < bytes1);
	rib_attr_unref(NULL); /* allowed, does nothing */

	/* interned again after being freed: a fresh set, refcount 1 */
	x = hold(rib_attr_intern(&a1, NH1, 4));
	assert_int_equal(x->refcnt, 1);
	assert_int_equal(rib_attr_count(), 1);
}

/* Sets that differ anywhere in the key are distinct, including where the
 * variable parts would concatenate to the same bytes, where only a
 * present bit differs (MED 0 vs no MED), and in the next hop's length. */
static void test_intern_distinct(void **state)
{
	(void)state;
	static const uint8_t p1[] = { SEQ1(65001) }, p2[] = { SEQ1(65002) };
	static const uint8_t p12[] = { SEQ1(65001), 0xfd, 0xe8, 0x00, 0x64 };
	static const uint8_t comm[] = { 0xfd, 0xe8, 0x00, 0x64 };
	struct bgp_attrs v[12];
	const uint8_t *nh[12];
	uint8_t nh_len[12];
	struct rib_attr *r[12];
	static const uint8_t nh16[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 1 };
	static const uint8_t nh4b[4] = { 10, 0, 0, 2 };

	for (size_t i = 0; i < ARRAY_LEN(v); i++) {
		v[i] = attrs_base(p1, sizeof(p1));
		nh[i] = NH1;
		nh_len[i] = 4;
	}
	v[1] = attrs_base(p2, sizeof(p2));		/* another AS_PATH */
	v[2].origin = BGP_ORIGIN_INCOMPLETE;		/* ORIGIN */
	v[3].present |= BIT(MED);			/* MED 0 present */
	v[4].present |= BIT(MED), v[4].med = 5;		/* MED 5 */
	attrs_lp(&v[5], 100);				/* LOCAL_PREF 100 present */
	nh[6] = nh4b;					/* next hop */
	nh[7] = nh16, nh_len[7] = 16;			/* IPv6 next hop */
	/* AS_PATH + COMMUNITIES vs one longer AS_PATH with the same bytes */
	v[8].communities = (struct bgp_bytes){ comm, sizeof(comm) };
	v[8].present |= BIT(COMMUNITIES);
	v[9] = attrs_base(p12, sizeof(p12));
	v[10].present |= BIT(ATOMIC_AGGREGATE);		/* a bit with no field */
	v[11].partial |= BIT(COMMUNITIES);		/* a Partial bit */

	for (size_t i = 0; i < ARRAY_LEN(v); i++) {
		r[i] = hold(rib_attr_intern(&v[i], nh[i], nh_len[i]));
		for (size_t j = 0; j < i; j++)
			if (r[i] == r[j])
				fail_msg("sets %zu and %zu interned to one copy", j, i);
	}
	assert_int_equal(rib_attr_count(), ARRAY_LEN(v));
	for (size_t i = 0; i < ARRAY_LEN(v); i++)
		assert_int_equal(r[i]->refcnt, 1);
}

/* RFC 4360: extended communities differing in a single octet (the first
 * or the last of the value) are different attributes. */
static void test_intern_ecomm_one_octet(void **state)
{
	(void)state;
	static const uint8_t path[] = { SEQ1(65001) };
	uint8_t ec[3][16] = { { RT(65000, 100), ENCAP_VXLAN },
			      { RT(65000, 100), ENCAP_VXLAN },
			      { RT(65000, 100), ENCAP_VXLAN } };
	struct rib_attr *r[3];

	ec[1][15] ^= 0x01; /* the encapsulation's tunnel type */
	ec[2][0] ^= 0x40;  /* the route target's type: non-transitive */
	for (int i = 0; i < 3; i++) {
		struct bgp_attrs a = attrs_base(path, sizeof(path));
		a.ext_communities = (struct bgp_bytes){ ec[i], sizeof(ec[i]) };
		a.present |= BIT(EXT_COMMUNITIES);
		r[i] = intern(&a);
	}
	assert_ptr_not_equal(r[0], r[1]);
	assert_ptr_not_equal(r[0], r[2]);
	assert_ptr_not_equal(r[1], r[2]);
	assert_int_equal(rib_attr_count(), 3);
	assert_int_equal(memcmp(rib_attr_ecomm(r[1]), ec[1], 16), 0);
}

/* Interning must depend on the attributes only, not on what was interned
 * before: X interned, then sets with longer variable parts, then X again
 * must find the first copy. */
static void test_intern_history_independent(void **state)
{
	(void)state;
	static const uint8_t px[] = { SEQ1(65001) };
	static const uint8_t py[] = { SEQ2(65001, 0xaaaaaaaa) }, pz[] = { SEQ2(65001, 0x55555555) };
	struct bgp_attrs x = attrs_base(px, sizeof(px)), y = attrs_base(py, sizeof(py)),
			 z = attrs_base(pz, sizeof(pz));
	struct rib_attr *first, *again;

	rib_attr_unref(rib_attr_intern(&y, NH1, 4));
	first = intern(&x);
	rib_attr_unref(rib_attr_intern(&z, NH1, 4));
	again = intern(&x);
	/* Regression: the key once ran 4 octets past the data into the struct's
	 * tail padding, left over from an earlier candidate in the scratch
	 * buffer, so one set could intern twice. */
	assert_ptr_equal(again, first);
	assert_int_equal(rib_attr_count(), 1);
	assert_int_equal(first->refcnt, 2);
}

/* rib_attr_view gives back every field interned (RFC 4271 §5 attributes,
 * RFC 1997/4360/8092 communities, RFC 4456 ORIGINATOR_ID and CLUSTER_LIST,
 * RFC 6514 §5 PMSI, unknown optional transitive ones with their flags);
 * MP_REACH/MP_UNREACH bits are not part of a set. */
static void test_intern_view_round_trip(void **state)
{
	(void)state;
	static const uint8_t path[] = { SEQ2(65001, 4200000001u), SET2(65010, 65011) };
	static const uint8_t comm[] = { BE32(0xfde80064), BE32(0xffffff01) };
	static const uint8_t ecomm[] = { RT(65000, 100), ENCAP_VXLAN, 0x06, 0x00, 0x01, 0, BE32(7) };
	static const uint8_t lcomm[] = { BE32(65000), BE32(1), BE32(2), BE32(65000), BE32(3), BE32(4) };
	static const uint8_t cluster[] = { BE32(0x0a0000c8), BE32(0x0a0000c9) };
	static const uint8_t pmsi_id[] = { 10, 0, 0, 7 };
	static const uint8_t unk1[] = { 1, 2, 3 }, unk2[] = { 0xde, 0xad, 0xbe, 0xef, 0x00 };
	static const uint8_t nh16[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 7 };
	struct bgp_attrs a = attrs_base(path, sizeof(path)), v;
	struct rib_attr *r, *r2;

	a.origin = BGP_ORIGIN_EGP;
	a.present |= BIT(MED) | BIT(LOCAL_PREF) | BIT(ATOMIC_AGGREGATE) | BIT(AGGREGATOR) |
		     BIT(COMMUNITIES) | BIT(EXT_COMMUNITIES) | BIT(LARGE_COMMUNITIES) |
		     BIT(ORIGINATOR_ID) | BIT(CLUSTER_LIST) | BIT(PMSI_TUNNEL);
	a.partial = BIT(LARGE_COMMUNITIES);
	a.med = 0x01020304;
	a.local_pref = 0xfffffffe;
	a.aggr_as = 4200000001u;
	a.aggr_id = 0x0a0000aa;
	a.communities = (struct bgp_bytes){ comm, sizeof(comm) };
	a.ext_communities = (struct bgp_bytes){ ecomm, sizeof(ecomm) };
	a.large_communities = (struct bgp_bytes){ lcomm, sizeof(lcomm) };
	a.cluster_list = (struct bgp_bytes){ cluster, sizeof(cluster) };
	a.originator_id = 0x0a000063;
	a.pmsi.flags = 0x01;
	a.pmsi.type = BGP_PMSI_INGRESS_REPLICATION;
	a.pmsi.label = 0xabcdef;
	a.pmsi.id = (struct bgp_bytes){ pmsi_id, sizeof(pmsi_id) };
	a.n_unknown = 2;
	a.unknown[0] = (struct bgp_unknown_attr){ 0xe0, 99, { unk1, sizeof(unk1) } };
	a.unknown[1] = (struct bgp_unknown_attr){ 0xc0, 200, { unk2, sizeof(unk2) } };

	r = hold(rib_attr_intern(&a, nh16, sizeof(nh16)));
	assert_int_equal(r->nh_len, 16);
	assert_memory_equal(r->nh, nh16, 16);
	rib_attr_view(r, &v);

	assert_true(v.present == a.present);
	assert_true(v.partial == a.partial);
	assert_int_equal(v.origin, BGP_ORIGIN_EGP);
	assert_int_equal(v.aspath_len, sizeof(path));
	assert_memory_equal(v.aspath, path, sizeof(path));
	assert_int_equal(v.med, 0x01020304);
	assert_int_equal(v.local_pref, 0xfffffffe);
	assert_int_equal(v.aggr_as, 4200000001u);
	assert_int_equal(v.aggr_id, 0x0a0000aa);
	assert_int_equal(v.communities.len, sizeof(comm));
	assert_memory_equal(v.communities.p, comm, sizeof(comm));
	assert_int_equal(v.ext_communities.len, sizeof(ecomm));
	assert_memory_equal(v.ext_communities.p, ecomm, sizeof(ecomm));
	assert_int_equal(v.large_communities.len, sizeof(lcomm));
	assert_memory_equal(v.large_communities.p, lcomm, sizeof(lcomm));
	assert_int_equal(v.cluster_list.len, sizeof(cluster));
	assert_memory_equal(v.cluster_list.p, cluster, sizeof(cluster));
	assert_int_equal(v.originator_id, 0x0a000063);
	assert_int_equal(v.pmsi.flags, 0x01);
	assert_int_equal(v.pmsi.type, BGP_PMSI_INGRESS_REPLICATION);
	assert_int_equal(v.pmsi.label, 0xabcdef);
	assert_int_equal(v.pmsi.id.len, sizeof(pmsi_id));
	assert_memory_equal(v.pmsi.id.p, pmsi_id, sizeof(pmsi_id));
	assert_int_equal(v.n_unknown, 2);
	assert_int_equal(v.unknown[0].flags, 0xe0);
	assert_int_equal(v.unknown[0].type, 99);
	assert_int_equal(v.unknown[0].val.len, sizeof(unk1));
	assert_memory_equal(v.unknown[0].val.p, unk1, sizeof(unk1));
	assert_int_equal(v.unknown[1].flags, 0xc0);
	assert_int_equal(v.unknown[1].type, 200);
	assert_int_equal(v.unknown[1].val.len, sizeof(unk2));
	assert_memory_equal(v.unknown[1].val.p, unk2, sizeof(unk2));
	assert_int_equal(v.nexthop, 0); /* a 16-octet next hop has no NEXT_HOP form */

	/* the view interns back to the same set */
	r2 = hold(rib_attr_intern(&v, r->nh, r->nh_len));
	assert_ptr_equal(r2, r);

	/* MP bits are dropped: the same set */
	a.present |= BIT(MP_REACH) | BIT(MP_UNREACH);
	assert_ptr_equal(hold(rib_attr_intern(&a, nh16, 16)), r);
	assert_int_equal(rib_attr_count(), 1);

	/* a 4-octet next hop shows as NEXT_HOP; absent parts are empty views */
	struct bgp_attrs b = attrs_base(NULL, 0);
	r = intern(&b);
	rib_attr_view(r, &v);
	assert_int_equal(v.nexthop, 0x0a000001);
	assert_int_equal(v.aspath_len, 0);
	assert_int_equal(v.communities.len, 0);
	assert_null(v.communities.p);
	assert_int_equal(v.ext_communities.len, 0);
	assert_int_equal(v.cluster_list.len, 0);
	assert_int_equal(v.pmsi.id.len, 0);
	assert_int_equal(v.n_unknown, 0);
	assert_true(v.present == (BIT(ORIGIN) | BIT(AS_PATH)));
}

/* ---- the Loc-RIB (rib/rib.c) ---- */

static const uint8_t N1[] = { 24, 10, 1, 1 }, N2[] = { 24, 10, 1, 2 }, N3[] = { 24, 10, 1, 3 };

/* rib_update: 1 for a new path, 0 for a replaced or an identical one;
 * only a change is heard by the listener and queued for the peers. */
static void test_update_new_replace_identical(void **state)
{
	(void)state;
	struct rib_attr *x = attr_lp(200), *y = attr_lp(300);
	struct rib_dest *d;

	listen(V4);
	assert_int_equal(rib_update(&pa, V4, N1, sizeof(N1), x), 1);
	assert_int_equal(x->refcnt, 2); /* ours and the path's */
	assert_int_equal(n_calls, 1);
	d = dest_of(V4, N1, sizeof(N1));
	assert_ptr_equal(calls[0].d, d);
	assert_null(calls[0].old);
	assert_ptr_equal(calls[0].new, d->best);
	assert_ptr_equal(calls[0].d_best, d->best);
	assert_ptr_equal(calls[0].new_peer, &pa);
	assert_ptr_equal(calls[0].new_attr, x);
	assert_true(d->best->flags & RIB_PATH_SELECTED);
	assert_int_equal(d->best->nlri_len, sizeof(N1));
	assert_memory_equal(d->best->nlri, N1, sizeof(N1));
	assert_int_equal(rib_dest_count(V4), 1);
	assert_int_equal(rib_path_count(V4), 1);
	assert_int_equal(pa.count[V4], 1);
	assert_ptr_equal(pa.paths, d->best);
	assert_ptr_equal(rib_queue_take(), d);
	assert_null(rib_queue_take());

	/* identical: nothing happens */
	assert_int_equal(rib_update(&pa, V4, N1, sizeof(N1), x), 0);
	assert_int_equal(n_calls, 1);
	assert_null(rib_queue_take());
	assert_int_equal(x->refcnt, 2);

	/* replaced: the best path's attributes changed */
	struct rib_path *p = d->best;
	assert_int_equal(rib_update(&pa, V4, N1, sizeof(N1), y), 0);
	assert_int_equal(n_calls, 2);
	assert_ptr_equal(calls[1].old, p);
	assert_ptr_equal(calls[1].new, p);
	assert_ptr_equal(calls[1].new_attr, y);
	/* the path holds y by now; the listener is told it was chosen with x */
	assert_ptr_equal(calls[1].old_attr, x);
	assert_ptr_equal(d->best->attr, y);
	assert_int_equal(x->refcnt, 1);
	assert_int_equal(y->refcnt, 2);
	assert_ptr_equal(rib_queue_take(), d);
	assert_null(rib_queue_take());
	assert_int_equal(rib_dest_count(V4), 1);
	assert_int_equal(rib_path_count(V4), 1);
	assert_int_equal(pa.count[V4], 1);

	/* another destination is another path */
	assert_int_equal(rib_update(&pa, V4, N2, sizeof(N2), y), 1);
	assert_int_equal(rib_dest_count(V4), 2);
	assert_int_equal(rib_path_count(V4), 2);
	assert_int_equal(pa.count[V4], 2);
	assert_int_equal(rib_dest_count(EVPN), 0);

	/* an NLRI longer than a path can hold is refused */
	static const uint8_t big[256] = { 0 };
	assert_int_equal(rib_update(&pa, V4, big, sizeof(big), y), -1);
	assert_int_equal(rib_dest_count(V4), 2);
}

/* rib_withdraw: 0 for nothing there (no destination, or none of this
 * source's), 1 for a path gone; the destination goes once nothing refers
 * to it. */
static void test_withdraw(void **state)
{
	(void)state;
	struct rib_attr *x = attr_lp(200);

	listen(V4);
	assert_int_equal(rib_withdraw(&pa, V4, N1, sizeof(N1)), 0);
	assert_int_equal(n_calls, 0);
	assert_int_equal(rib_update(&pa, V4, N1, sizeof(N1), x), 1);
	drain();
	n_calls = 0;

	assert_int_equal(rib_withdraw(&pb, V4, N1, sizeof(N1)), 0); /* not pb's */
	assert_int_equal(rib_withdraw(&pa, V4, N2, sizeof(N2)), 0); /* no such route */
	assert_int_equal(rib_withdraw(&pa, EVPN, N1, sizeof(N1)), 0); /* other family */
	assert_int_equal(n_calls, 0);
	assert_int_equal(rib_path_count(V4), 1);

	struct rib_path *p = dest_of(V4, N1, sizeof(N1))->best;
	assert_int_equal(rib_withdraw(&pa, V4, N1, sizeof(N1)), 1);
	assert_int_equal(n_calls, 1);
	assert_ptr_equal(calls[0].old, p);
	assert_ptr_equal(calls[0].old_peer, &pa);
	assert_ptr_equal(calls[0].old_attr, x);
	assert_null(calls[0].new);
	assert_null(calls[0].d_best);
	assert_int_equal(rib_path_count(V4), 0);
	assert_int_equal(pa.count[V4], 0);
	assert_null(pa.paths);
	assert_int_equal(x->refcnt, 1);
	/* queued for the peers' withdrawal, then gone */
	assert_int_equal(rib_dest_count(V4), 1);
	assert_int_equal(drain(), 1);
	assert_int_equal(rib_dest_count(V4), 0);
	assert_null(rib_lookup(V4, N1, sizeof(N1)));
	assert_int_equal(rib_withdraw(&pa, V4, N1, sizeof(N1)), 0);
	assert_int_equal(n_calls, 1);
}

/* The listener hears changes of the best path only: a non-best path that
 * changes and stays non-best is silent (and queues nothing); one that
 * becomes best, or a change of the best path's attributes, is heard. */
static void test_listener_best_only(void **state)
{
	(void)state;
	struct rib_attr *lp200 = attr_lp(200), *lp100 = attr_lp(100), *lp150 = attr_lp(150),
			*lp300 = attr_lp(300), *lp400 = attr_lp(400);
	struct rib_dest *d;

	listen(V4);
	assert_int_equal(rib_update(&pa, V4, N1, sizeof(N1), lp200), 1);
	assert_int_equal(rib_update(&pb, V4, N1, sizeof(N1), lp100), 1);
	assert_int_equal(n_calls, 1); /* pb's worse path changed nothing */
	d = dest_of(V4, N1, sizeof(N1));
	assert_ptr_equal(d->best->peer, &pa);
	drain();
	n_calls = 0;

	/* RFC 4271 §9.1.1: pb stays worse (150 < 200) */
	assert_int_equal(rib_update(&pb, V4, N1, sizeof(N1), lp150), 0);
	assert_int_equal(n_calls, 0);
	assert_null(rib_queue_take());
	assert_ptr_equal(d->best->peer, &pa);

	/* pb becomes best */
	struct rib_path *old = d->best;
	assert_int_equal(rib_update(&pb, V4, N1, sizeof(N1), lp300), 0);
	assert_int_equal(n_calls, 1);
	assert_ptr_equal(calls[0].old, old);
	assert_ptr_equal(calls[0].old_peer, &pa);
	assert_ptr_equal(calls[0].new_peer, &pb);
	assert_ptr_equal(calls[0].new_attr, lp300);
	assert_ptr_equal(d->best, calls[0].new);
	assert_int_equal(selected_paths(d), 1);
	assert_true(d->best->flags & RIB_PATH_SELECTED);
	assert_ptr_equal(rib_queue_take(), d);

	/* pa (now worse) changes and stays worse: silent */
	assert_int_equal(rib_update(&pa, V4, N1, sizeof(N1), lp100), 0);
	assert_int_equal(n_calls, 1);
	assert_null(rib_queue_take());

	/* the best path's attributes change: heard, old and new the path */
	assert_int_equal(rib_update(&pb, V4, N1, sizeof(N1), lp400), 0);
	assert_int_equal(n_calls, 2);
	assert_ptr_equal(calls[1].old, calls[1].new);
	assert_ptr_equal(calls[1].new_peer, &pb);
	assert_ptr_equal(calls[1].new_attr, lp400);
	assert_ptr_equal(rib_queue_take(), d);
	assert_null(rib_queue_take());
}

/* Two sources for one destination: the better (RFC 4271 §9.1.1, higher
 * LOCAL_PREF) wins whichever came first, and withdrawing it promotes the
 * other. */
static void test_two_peers(void **state)
{
	(void)state;
	struct rib_attr *lo = attr_lp(100), *hi = attr_lp(200);
	struct rib_dest *d;

	listen(V4);
	assert_int_equal(rib_update(&pa, V4, N1, sizeof(N1), lo), 1);
	assert_int_equal(rib_update(&pb, V4, N1, sizeof(N1), hi), 1);
	assert_int_equal(n_calls, 2);
	d = dest_of(V4, N1, sizeof(N1));
	assert_ptr_equal(calls[1].old_peer, &pa);
	assert_ptr_equal(calls[1].new_peer, &pb);
	assert_ptr_equal(d->best->peer, &pb);
	assert_int_equal(selected_paths(d), 1);
	assert_int_equal(rib_dest_count(V4), 1);
	assert_int_equal(rib_path_count(V4), 2);
	assert_int_equal(pa.count[V4], 1);
	assert_int_equal(pb.count[V4], 1);

	/* the other order: pb's better path first, pa's changes nothing */
	assert_int_equal(rib_update(&pb, V4, N2, sizeof(N2), hi), 1);
	assert_int_equal(rib_update(&pa, V4, N2, sizeof(N2), lo), 1);
	assert_int_equal(n_calls, 3);
	assert_ptr_equal(dest_of(V4, N2, sizeof(N2))->best->peer, &pb);

	/* withdrawing the best promotes pa's */
	assert_int_equal(rib_withdraw(&pb, V4, N1, sizeof(N1)), 1);
	assert_int_equal(n_calls, 4);
	assert_ptr_equal(calls[3].old_peer, &pb);
	assert_ptr_equal(calls[3].old_attr, hi);
	assert_ptr_equal(calls[3].new_peer, &pa);
	assert_ptr_equal(calls[3].new_attr, lo);
	assert_ptr_equal(calls[3].d_best, calls[3].new);
	assert_ptr_equal(d->best->peer, &pa);
	assert_true(d->best->flags & RIB_PATH_SELECTED);
	assert_int_equal(selected_paths(d), 1);
	assert_int_equal(rib_path_count(V4), 3);
	assert_int_equal(pb.count[V4], 1);

	/* withdrawing the non-best is silent */
	assert_int_equal(rib_withdraw(&pa, V4, N2, sizeof(N2)), 1);
	assert_int_equal(n_calls, 4);
	assert_ptr_equal(dest_of(V4, N2, sizeof(N2))->best->peer, &pb);
}

/* rib_peer_clear for one family leaves the others; -1 clears all. Paths
 * of other sources stay and take over. */
static void test_peer_clear_one_family(void **state)
{
	(void)state;
	struct rib_attr *x = attr_lp(200), *y = attr_lp(100);
	static const uint8_t e1[] = { 3, 17, 0, 1, 10, 0, 0, 1, 0, 100, 0, 0, 0, 0, 32, 10, 0, 0, 1 };
	static const uint8_t e2[] = { 3, 17, 0, 1, 10, 0, 0, 1, 0, 101, 0, 0, 0, 0, 32, 10, 0, 0, 1 };
	static const uint8_t v6[] = { 64, 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 1 };

	listen(EVPN);
	assert_int_equal(rib_update(&pa, V4, N1, sizeof(N1), x), 1);
	assert_int_equal(rib_update(&pa, V4, N2, sizeof(N2), x), 1);
	assert_int_equal(rib_update(&pa, EVPN, e1, sizeof(e1), x), 1);
	assert_int_equal(rib_update(&pa, EVPN, e2, sizeof(e2), x), 1);
	assert_int_equal(rib_update(&pa, V6, v6, sizeof(v6), x), 1);
	assert_int_equal(rib_update(&pb, EVPN, e1, sizeof(e1), y), 1);
	assert_int_equal(pa.count[V4], 2);
	assert_int_equal(pa.count[EVPN], 2);
	assert_int_equal(pa.count[V6], 1);
	assert_int_equal(pb.count[EVPN], 1);
	drain();
	n_calls = 0;

	rib_peer_clear(&pa, EVPN);
	assert_int_equal(pa.count[EVPN], 0);
	assert_int_equal(pa.count[V4], 2);
	assert_int_equal(pa.count[V6], 1);
	assert_int_equal(rib_path_count(EVPN), 1);
	assert_int_equal(rib_path_count(V4), 2);
	assert_int_equal(rib_path_count(V6), 1);
	/* two best paths went: e1 to pb's, e2 to none */
	assert_int_equal(n_calls, 2);
	assert_ptr_equal(dest_of(EVPN, e1, sizeof(e1))->best->peer, &pb);
	for (const struct rib_path *p = pa.paths; p; p = p->pnext)
		assert_int_not_equal(p->dest->af, EVPN);
	assert_int_equal(drain(), 2);
	assert_int_equal(rib_dest_count(EVPN), 1);

	rib_peer_clear(&pa, -1);
	assert_null(pa.paths);
	assert_int_equal(pa.count[V4], 0);
	assert_int_equal(pa.count[V6], 0);
	assert_int_equal(rib_path_count(V4), 0);
	assert_int_equal(rib_path_count(V6), 0);
	assert_int_equal(rib_path_count(EVPN), 1);
	assert_int_equal(pb.count[EVPN], 1);
	drain();
	assert_int_equal(rib_dest_count(V4), 0);
	assert_int_equal(rib_dest_count(V6), 0);
	assert_int_equal(x->refcnt, 1);
}

/* RFC 4724 §4.2: a restarting peer's paths are marked stale; those it
 * announces again (identical or not) lose the mark; the sweep removes the
 * ones still stale, in that family only. */
static void test_stale(void **state)
{
	(void)state;
	struct rib_attr *x = attr_lp(200), *y = attr_lp(300);
	static const uint8_t e1[] = { 3, 17, 0, 1, 10, 0, 0, 1, 0, 100, 0, 0, 0, 0, 32, 10, 0, 0, 1 };

	listen(V4);
	assert_int_equal(rib_update(&pa, V4, N1, sizeof(N1), x), 1);
	assert_int_equal(rib_update(&pa, V4, N2, sizeof(N2), x), 1);
	assert_int_equal(rib_update(&pa, V4, N3, sizeof(N3), x), 1);
	assert_int_equal(rib_update(&pa, EVPN, e1, sizeof(e1), x), 1);
	assert_int_equal(rib_update(&pb, V4, N1, sizeof(N1), attr_lp(100)), 1);
	drain();

	rib_peer_mark_stale(&pa, V4);
	assert_int_equal(pa.stale[V4], 3);
	assert_int_equal(pa.stale[EVPN], 0);
	assert_int_equal(pb.stale[V4], 0);
	rib_peer_mark_stale(&pa, V4); /* twice is once */
	assert_int_equal(pa.stale[V4], 3);
	for (const struct rib_path *p = pa.paths; p; p = p->pnext)
		assert_int_equal((p->flags & RIB_PATH_STALE) != 0, p->dest->af == V4);

	/* N2 again, identical; N3 again with new attributes */
	assert_int_equal(rib_update(&pa, V4, N2, sizeof(N2), x), 0);
	assert_int_equal(pa.stale[V4], 2);
	assert_false(dest_of(V4, N2, sizeof(N2))->best->flags & RIB_PATH_STALE);
	assert_int_equal(rib_update(&pa, V4, N3, sizeof(N3), y), 0);
	assert_int_equal(pa.stale[V4], 1);
	assert_false(dest_of(V4, N3, sizeof(N3))->best->flags & RIB_PATH_STALE);
	assert_ptr_equal(dest_of(V4, N3, sizeof(N3))->best->attr, y);
	assert_true(dest_of(V4, N1, sizeof(N1))->best->flags & RIB_PATH_STALE);
	drain();
	n_calls = 0;

	assert_int_equal(rib_peer_sweep_stale(&pa, V4), 1);
	assert_int_equal(pa.stale[V4], 0);
	assert_int_equal(pa.count[V4], 2);
	assert_int_equal(pa.count[EVPN], 1);
	assert_int_equal(rib_path_count(V4), 3); /* pa's N2, N3 and pb's N1 */
	/* N1 falls back to pb's path */
	assert_int_equal(n_calls, 1);
	assert_ptr_equal(calls[0].old_peer, &pa);
	assert_ptr_equal(calls[0].new_peer, &pb);
	assert_ptr_equal(dest_of(V4, N1, sizeof(N1))->best->peer, &pb);
	assert_non_null(dest_of(V4, N2, sizeof(N2))->best);
	assert_non_null(dest_of(EVPN, e1, sizeof(e1))->best);
	assert_int_equal(rib_peer_sweep_stale(&pa, V4), 0);

	/* stale paths withdrawn or cleared take their count with them */
	rib_peer_mark_stale(&pa, V4);
	rib_peer_mark_stale(&pa, EVPN);
	assert_int_equal(pa.stale[V4], 2);
	assert_int_equal(pa.stale[EVPN], 1);
	assert_int_equal(rib_withdraw(&pa, V4, N2, sizeof(N2)), 1);
	assert_int_equal(pa.stale[V4], 1);
	rib_peer_clear(&pa, -1);
	assert_int_equal(pa.stale[V4], 0);
	assert_int_equal(pa.stale[EVPN], 0);
	assert_int_equal(pa.count[V4], 0);
	assert_int_equal(pa.count[EVPN], 0);
	assert_int_equal(rib_path_count(V4), 1);
}

/* A family key keyed on the first two octets: NLRI that differ later are
 * one destination, and a second update replaces the path's NLRI, also
 * with another length (as an EVPN route whose labels change). */
static int key2(const uint8_t *nlri, size_t len, uint8_t *key)
{
	if (len < 2)
		return -1;
	memcpy(key, nlri, 2);
	return 2;
}

static void test_family_key(void **state)
{
	(void)state;
	static const uint8_t a[] = { 0xaa, 0xbb, 1, 2, 3 }, b[] = { 0xaa, 0xbb, 9, 9, 9 },
			     c[] = { 0xaa, 0xbb, 7 },
			     e[] = { 0xaa, 0xbb, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13 },
			     other[] = { 0xaa, 0xbc, 1, 2, 3 };
	struct rib_attr *x = attr_lp(200), *y = attr_lp(100);
	struct rib_dest *d;

	rib_family_set(V6, &(struct rib_family){ .key = key2, .best_changed = on_best,
						 .arg = &listener_tag });
	assert_int_equal(rib_update(&pa, V6, a, sizeof(a), x), 1);
	d = dest_of(V6, (const uint8_t[]){ 0xaa, 0xbb }, 2);
	assert_int_equal(d->key_len, 2);

	/* same key, same length, other NLRI: replaced, the listener sees it */
	assert_int_equal(rib_update(&pa, V6, b, sizeof(b), x), 0);
	assert_int_equal(rib_dest_count(V6), 1);
	assert_int_equal(rib_path_count(V6), 1);
	assert_int_equal(pa.count[V6], 1);
	assert_memory_equal(d->best->nlri, b, sizeof(b));
	assert_int_equal(n_calls, 2);
	assert_int_equal(calls[1].new_nlri_len, sizeof(b));
	assert_memory_equal(calls[1].new_nlri, b, sizeof(b));

	/* shorter, then longer NLRI */
	assert_int_equal(rib_update(&pa, V6, c, sizeof(c), x), 0);
	assert_int_equal(rib_path_count(V6), 1);
	assert_int_equal(pa.count[V6], 1);
	assert_int_equal(d->best->nlri_len, sizeof(c));
	assert_memory_equal(d->best->nlri, c, sizeof(c));
	assert_ptr_equal(pa.paths, d->best);
	assert_int_equal(n_calls, 3);
	assert_ptr_equal(calls[2].d_best, d->best);
	assert_int_equal(calls[2].new_nlri_len, sizeof(c));
	assert_int_equal(rib_update(&pa, V6, e, sizeof(e), x), 0);
	assert_int_equal(d->best->nlri_len, sizeof(e));
	assert_memory_equal(d->best->nlri, e, sizeof(e));
	assert_int_equal(x->refcnt, 2);
	assert_int_equal(rib_path_count(V6), 1);
	assert_true(d->best->flags & RIB_PATH_SELECTED);
	assert_int_equal(n_calls, 4);

	/* a second source; the first's non-best path changes length */
	assert_int_equal(rib_update(&pb, V6, a, sizeof(a), attr_lp(300)), 1);
	assert_ptr_equal(d->best->peer, &pb);
	assert_int_equal(n_calls, 5);
	assert_int_equal(rib_update(&pa, V6, c, sizeof(c), y), 0);
	assert_int_equal(n_calls, 5);
	assert_int_equal(rib_path_count(V6), 2);
	assert_int_equal(selected_paths(d), 1);
	assert_int_equal(pa.count[V6], 1);
	assert_int_equal(pb.count[V6], 1);

	/* another key is another destination; a malformed NLRI is refused */
	assert_int_equal(rib_update(&pa, V6, other, sizeof(other), x), 1);
	assert_int_equal(rib_dest_count(V6), 2);
	assert_int_equal(rib_update(&pa, V6, (const uint8_t[]){ 0xaa }, 1, x), -1);
	assert_int_equal(rib_withdraw(&pa, V6, (const uint8_t[]){ 0xaa }, 1), 0);

	/* any NLRI with the key withdraws */
	assert_int_equal(rib_withdraw(&pb, V6, (const uint8_t[]){ 0xaa, 0xbb }, 2), 1);
	assert_ptr_equal(d->best->peer, &pa);
	assert_memory_equal(d->best->nlri, c, sizeof(c));
	assert_int_equal(rib_path_count(V6), 2);
}

/* The budget: 100000 IPv4 /32 routes (5-octet NLRI) from one peer with one
 * attribute set take under 300 octets of tables per route. */
static void test_memory(void **state)
{
	(void)state;
	enum { N = 100000 };
	struct rib_attr *x = attr_lp(200);
	size_t t0 = rib_bytes();
	struct mallinfo2 m0 = mallinfo2(), m1;

	for (uint32_t i = 0; i < N; i++) {
		uint8_t nlri[5] = { 32, 10, (uint8_t)(i >> 16), (uint8_t)(i >> 8), (uint8_t)i };
		if (rib_update(&pa, V4, nlri, sizeof(nlri), x) != 1)
			fail_msg("route %u not added", i);
	}
	m1 = mallinfo2();
	drain();
	assert_int_equal(rib_dest_count(V4), N);
	assert_int_equal(rib_path_count(V4), N);
	assert_int_equal(pa.count[V4], N);
	assert_int_equal(rib_attr_count(), 1);
	assert_int_equal(x->refcnt, N + 1);

	double per = (double)(rib_bytes() - t0) / N;
	printf("rib: %d routes: rib_bytes %zu, %.1f octets/route; heap %.1f octets/route "
	       "(mallinfo2, 0 under ASan); %zu attribute set(s), %zu octets\n",
	       N, rib_bytes(), per, (double)(m1.uordblks - m0.uordblks) / N, rib_attr_count(),
	       rib_attr_bytes());
	assert_true(per < 300);
}

/* rib_bytes counts what the tables hold, the variable parts of
 * destinations (key) and paths (NLRI) included, as allocated. */
static void test_bytes_count_variable_parts(void **state)
{
	(void)state;
	uint8_t nlri[35] = { 2, 33, 0, 1, 10, 0, 0, 1, 0, 100 };
	struct rib_attr *x = attr_lp(200);
	size_t b0, b1;

	/* one route first so the bucket array exists */
	assert_int_equal(rib_update(&pa, EVPN, nlri, sizeof(nlri), x), 1);
	b0 = rib_bytes();
	nlri[34] = 1;
	assert_int_equal(rib_update(&pa, EVPN, nlri, sizeof(nlri), x), 1);
	b1 = rib_bytes();
	/* Each allocation counts with its key[] and nlri[] (once left out). */
	assert_true(b1 - b0 >= offsetof(struct rib_dest, key) + sizeof(nlri) +
				       offsetof(struct rib_path, nlri) + sizeof(nlri));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_intern_same_pointer, setup, teardown),
		cmocka_unit_test_setup_teardown(test_intern_distinct, setup, teardown),
		cmocka_unit_test_setup_teardown(test_intern_ecomm_one_octet, setup, teardown),
		cmocka_unit_test_setup_teardown(test_intern_history_independent, setup, teardown),
		cmocka_unit_test_setup_teardown(test_intern_view_round_trip, setup, teardown),
		cmocka_unit_test_setup_teardown(test_update_new_replace_identical, setup, teardown),
		cmocka_unit_test_setup_teardown(test_withdraw, setup, teardown),
		cmocka_unit_test_setup_teardown(test_listener_best_only, setup, teardown),
		cmocka_unit_test_setup_teardown(test_two_peers, setup, teardown),
		cmocka_unit_test_setup_teardown(test_peer_clear_one_family, setup, teardown),
		cmocka_unit_test_setup_teardown(test_stale, setup, teardown),
		cmocka_unit_test_setup_teardown(test_family_key, setup, teardown),
		cmocka_unit_test_setup_teardown(test_memory, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bytes_count_variable_parts, setup, teardown),
	};
	return cmocka_run_group_tests_name("rib", tests, NULL, NULL);
}
