/* Paths for the decision process tests (test_rib_decide.c: RFC 4271,
 * RFC 4456; test_evpn_decide.c: RFC 7432 §15). Every rule test builds two
 * paths equal on every earlier rule and different on the rule under test;
 * the path that must lose on that rule is made to win the later
 * tie-breakers (lower BGP Identifier, lower peer address), so a rule that
 * failed to decide would show up as the wrong winner or reason. */
#ifndef EVPND_TESTS_PATHS_H
#define EVPND_TESTS_PATHS_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "rib/decide.h"
#include "wire/attr.h"

/* ---- building attributes, paths and destinations ---- */

struct bytes {
	const uint8_t *p;
	size_t n;
};
#define BYTES(...)                                                                                 \
	((struct bytes){ (const uint8_t[]){ __VA_ARGS__ },                                         \
			 sizeof((const uint8_t[]){ __VA_ARGS__ }) })
#define BE32(x) (uint8_t)((x) >> 24), (uint8_t)((x) >> 16), (uint8_t)((x) >> 8), (uint8_t)(x)

/* AS_PATH segments (RFC 4271 §4.3), 4-octet ASes. */
#define SEQ1(a) BGP_AS_SEQUENCE, 1, BE32(a)
#define SEQ2(a, b) BGP_AS_SEQUENCE, 2, BE32(a), BE32(b)
#define SEQ3(a, b, c) BGP_AS_SEQUENCE, 3, BE32(a), BE32(b), BE32(c)
#define SET1(a) BGP_AS_SET, 1, BE32(a)
#define SET3(a, b, c) BGP_AS_SET, 3, BE32(a), BE32(b), BE32(c)
#define CSEQ2(a, b) BGP_AS_CONFED_SEQUENCE, 2, BE32(a), BE32(b)
#define CSET1(a) BGP_AS_CONFED_SET, 1, BE32(a)

/* Extended communities (RFC 4360): MAC Mobility (RFC 7432 §7.7), a route
 * target, the encapsulation one (RFC 9012 §4.1, VXLAN), ESI Label. */
#define MM(flags, seq) 0x06, 0x00, flags, 0x00, BE32(seq)
#define RT(as, n) 0x00, 0x02, (uint8_t)((as) >> 8), (uint8_t)(as), BE32(n)
#define ENCAP_VXLAN 0x03, 0x0c, 0, 0, 0, 0, 0, 8
#define ESI_LABEL 0x06, 0x01, 0x01, 0, 0, 0, 0, 0

struct parts {
	struct bytes aspath, comm, ecomm, lcomm, cluster;
};

static inline void put(struct rib_attr *a, size_t *off, struct bytes b, uint16_t *len, unsigned type)
{
	if (b.n)
		memcpy(a->data + *off, b.p, b.n);
	*off += b.n;
	*len = (uint16_t)b.n;
	if (b.n)
		a->present |= BGP_ATTR_BIT(type);
}

/* A zeroed attribute set as rib_attr_intern would lay it out: ORIGIN IGP,
 * AS_PATH (possibly empty), next hop 10.0.0.1, the given variable parts. */
static inline struct rib_attr *attr_new(struct parts p)
{
	size_t off = 0, n = p.aspath.n + p.comm.n + p.ecomm.n + p.lcomm.n + p.cluster.n;
	struct rib_attr *a = calloc(1, sizeof(*a) + n);

	assert_non_null(a);
	a->refcnt = 1;
	put(a, &off, p.aspath, &a->aspath_len, BGP_ATTR_AS_PATH);
	put(a, &off, p.comm, &a->comm_len, BGP_ATTR_COMMUNITIES);
	put(a, &off, p.ecomm, &a->ecomm_len, BGP_ATTR_EXT_COMMUNITIES);
	put(a, &off, p.lcomm, &a->lcomm_len, BGP_ATTR_LARGE_COMMUNITIES);
	put(a, &off, p.cluster, &a->cluster_len, BGP_ATTR_CLUSTER_LIST);
	a->present |= BGP_ATTR_BIT(BGP_ATTR_ORIGIN) | BGP_ATTR_BIT(BGP_ATTR_AS_PATH);
	a->origin = BGP_ORIGIN_IGP;
	a->nh_len = 4;
	memcpy(a->nh, (const uint8_t[]){ 10, 0, 0, 1 }, 4);
	return a;
}

static inline void attr_local_pref(struct rib_attr *a, uint32_t v)
{
	a->local_pref = v;
	a->present |= BGP_ATTR_BIT(BGP_ATTR_LOCAL_PREF);
}

static inline void attr_med(struct rib_attr *a, uint32_t v)
{
	a->med = v;
	a->present |= BGP_ATTR_BIT(BGP_ATTR_MED);
}

static inline void attr_originator(struct rib_attr *a, uint32_t id)
{
	a->originator_id = id;
	a->present |= BGP_ATTR_BIT(BGP_ATTR_ORIGINATOR_ID);
}

static inline void attr_nh(struct rib_attr *a, const uint8_t *nh, uint8_t len)
{
	memcpy(a->nh, nh, len);
	a->nh_len = len;
}

/* A destination of af whose key starts with key0 (for EVPN the route
 * type), the rest an RD and filler. */
static inline struct rib_dest *dest_new(enum bgp_af af, uint8_t key0)
{
	struct rib_dest *d = calloc(1, sizeof(*d) + 12);

	assert_non_null(d);
	d->af = (uint8_t)af;
	d->key_len = 12;
	d->key[0] = key0;
	return d;
}

/* Appends a path to d's list (list order matters to rib_decide_best). */
static inline struct rib_path *path_add(struct rib_dest *d, struct rib_peer *peer, struct rib_attr *a)
{
	struct rib_path *p = calloc(1, sizeof(*p)), **tail = &d->paths;

	assert_non_null(p);
	p->dest = d;
	p->peer = peer;
	p->attr = a;
	while (*tail)
		tail = &(*tail)->next;
	*tail = p;
	return p;
}

static inline void dest_free(struct rib_dest *d)
{
	while (d->paths) {
		struct rib_path *p = d->paths;

		d->paths = p->next;
		free(p->attr);
		free(p);
	}
	free(d);
}

static inline struct rib_peer peer_v4(uint32_t router_id, uint8_t last, bool ebgp, uint32_t as)
{
	struct rib_peer p = { .router_id = router_id, .addr_len = 4, .ebgp = ebgp, .as = as };

	memcpy(p.addr, (const uint8_t[]){ 192, 0, 2, last }, 4);
	return p;
}

static inline struct rib_peer peer_local(uint32_t router_id)
{
	return (struct rib_peer){ .router_id = router_id, .local = true, .as = 65000 };
}

/* Two iBGP paths to one destination: peer B has the lower BGP Identifier
 * and the lower address, so B wins every tie-breaker after the rule
 * under test unless a test changes that. */
struct pair {
	struct rib_dest *d;
	struct rib_peer pa, pb;
	struct rib_path *a, *b;
};

static inline void pair_init(struct pair *p, enum bgp_af af, uint8_t key0, struct parts a, struct parts b)
{
	p->d = dest_new(af, key0);
	p->pa = peer_v4(0x0a000002, 2, false, 65000);
	p->pb = peer_v4(0x0a000001, 1, false, 65000);
	p->a = path_add(p->d, &p->pa, attr_new(a));
	p->b = path_add(p->d, &p->pb, attr_new(b));
}

static inline void pair_v4(struct pair *p, struct parts a, struct parts b)
{
	pair_init(p, BGP_AF_IPV4_UNICAST, 24, a, b);
}

/* An EVPN MAC/IP Advertisement route (RFC 7432 §7.2, type 2). */
static inline void pair_mac(struct pair *p, struct parts a, struct parts b)
{
	pair_init(p, BGP_AF_L2VPN_EVPN, 2, a, b);
}

/* FRR 8.4's bgp_path_selection_reason2str() words for each rule. */
#define WHY_NONE "Nothing left to compare"
#define WHY_FIRST "First path received"
#define WHY_STICKY "EVPN Sticky Mac"
#define WHY_SEQ "EVPN sequence number"
#define WHY_LOWER_IP "EVPN lower IP"
#define WHY_LOCAL_PREF "Local Pref"
#define WHY_LOCAL_ROUTE "Local Route"
#define WHY_AS_PATH "AS Path"
#define WHY_ORIGIN "Origin"
#define WHY_MED "MED"
#define WHY_PEER_TYPE "Peer Type"
#define WHY_IGP_METRIC "IGP Metric"
#define WHY_ROUTER_ID "Router ID"
#define WHY_CLUSTER_LEN "Cluster length"
#define WHY_NEIGHBOR_IP "Neighbor IP"

/* win beats lose for reason r, whichever argument comes first. */
static inline void expect_better(const struct rib_path *win, const struct rib_path *lose,
				 const char *r)
{
	const char *why = "";

	assert_true(rib_decide_cmp(win, lose, &why) < 0);
	assert_string_equal(why, r);
	why = "";
	assert_true(rib_decide_cmp(lose, win, &why) > 0);
	assert_string_equal(why, r);
}

#define NO_PARTS ((struct parts){ 0 })
#define WITH_PATH(...) ((struct parts){ .aspath = BYTES(__VA_ARGS__) })
#define WITH_ECOMM(...) ((struct parts){ .aspath = BYTES(SEQ1(65001)), .ecomm = BYTES(__VA_ARGS__) })


#endif
