/* The decision process: RFC 4271 §9.1.2.2 with RFC 4456 §9 for route
 * reflection, after the family's own rules (struct rib_family: for EVPN,
 * RFC 7432 §15 in evpn/decide.c). One rule per function, run in order
 * from a table; the first rule that separates two paths decides and names
 * itself in FRR's words. Attribute bytes are read only through rbuf. */
#include <string.h>

#include "lib/rbuf.h"
#include "rib/decide.h"
#include "wire/attr.h"

/* RFC 4271 §5.1.5: what an absent LOCAL_PREF means (FRR's default too). */
#define RIB_DEFAULT_LOCAL_PREF 100

/* ---- attribute readers ---- */

static bool rib_seg_confed(uint8_t type)
{
	return type == BGP_AS_CONFED_SEQUENCE || type == BGP_AS_CONFED_SET;
}

/* RFC 4271 §9.1.2.2 a: an AS_SET counts 1, an AS_SEQUENCE its ASes;
 * RFC 5065 §5.3: confederation segments count nothing. A segment cut
 * short (never past the parser) is not counted. */
unsigned rib_aspath_len(const struct rib_attr *a)
{
	struct rbuf r;
	unsigned n = 0;

	rb_init(&r, a ? rib_attr_aspath(a) : NULL, a ? a->aspath_len : 0);
	while (!rb_empty(&r)) {
		uint8_t type = rb_u8(&r), count = rb_u8(&r);

		if (!rb_skip(&r, (size_t)count * 4))
			break;
		if (type == BGP_AS_SEQUENCE)
			n += count;
		else if (type == BGP_AS_SET)
			n += 1;
	}
	return n;
}

/* RFC 4271 §9.1.2.2 c neighborAS(): where the path entered our AS
 * (group). Confederation segments are ours and skipped (RFC 5065);
 * nothing left means the path is our own group's. A path that starts
 * with an AS_SET has no neighbor AS and never compares MEDs (as FRR's
 * aspath_cmp_left). */
enum rib_nbr_kind { RIB_NBR_LOCAL, RIB_NBR_AS, RIB_NBR_UNKNOWN };

struct rib_nbr {
	enum rib_nbr_kind kind;
	uint32_t as;
};

static struct rib_nbr rib_neighbor_as(const struct rib_attr *a)
{
	struct rbuf r;

	rb_init(&r, rib_attr_aspath(a), a->aspath_len);
	while (!rb_empty(&r)) {
		uint8_t type = rb_u8(&r), count = rb_u8(&r);

		if (rib_seg_confed(type) && rb_skip(&r, (size_t)count * 4))
			continue;
		uint32_t as = rb_u32(&r);

		if (type != BGP_AS_SEQUENCE || count == 0 || !rb_ok(&r))
			return (struct rib_nbr){ RIB_NBR_UNKNOWN, 0 };
		return (struct rib_nbr){ RIB_NBR_AS, as };
	}
	return (struct rib_nbr){ rb_ok(&r) ? RIB_NBR_LOCAL : RIB_NBR_UNKNOWN, 0 };
}

/* ---- helpers: < 0 when a is better ---- */

static int rib_lower_wins(uint32_t a, uint32_t b)
{
	return (a > b) - (a < b);
}

static int rib_higher_wins(uint32_t a, uint32_t b)
{
	return (a < b) - (a > b);
}

static int rib_true_wins(bool a, bool b)
{
	return (int)b - (int)a;
}

/* Addresses: the shorter (IPv4) first, then bytewise; at most cap octets. */
static int rib_addr_cmp(const uint8_t *x, uint8_t xl, const uint8_t *y, uint8_t yl, size_t cap)
{
	if (xl != yl)
		return xl < yl ? -1 : 1;
	return memcmp(x, y, xl < cap ? xl : cap);
}

/* ---- the rules, in order ---- */

/* RFC 4271 §9.1.1: the higher degree of preference, LOCAL_PREF. */
static uint32_t rib_local_pref(const struct rib_attr *a)
{
	return rib_attr_has(a, BGP_ATTR_LOCAL_PREF) ? a->local_pref : RIB_DEFAULT_LOCAL_PREF;
}

static int rib_rule_local_pref(const struct rib_path *a, const struct rib_path *b)
{
	return rib_higher_wins(rib_local_pref(a->attr), rib_local_pref(b->attr));
}

/* FRR's "Local Route": our own origination beats a received path. */
static int rib_rule_local_route(const struct rib_path *a, const struct rib_path *b)
{
	return rib_true_wins(a->peer->local, b->peer->local);
}

/* RFC 4271 §9.1.2.2 a: the shorter AS_PATH (RFC 5065 §5.3 counting). */
static int rib_rule_as_path(const struct rib_path *a, const struct rib_path *b)
{
	return rib_lower_wins(rib_aspath_len(a->attr), rib_aspath_len(b->attr));
}

/* RFC 4271 §9.1.2.2 b: the lower ORIGIN (IGP < EGP < INCOMPLETE). */
static int rib_rule_origin(const struct rib_path *a, const struct rib_path *b)
{
	return rib_lower_wins(a->attr->origin, b->attr->origin);
}

/* RFC 4271 §9.1.2.2 c: the lower MED, only between paths from the same
 * neighbor AS; an absent MED is 0. */
static uint32_t rib_med(const struct rib_attr *a)
{
	return rib_attr_has(a, BGP_ATTR_MED) ? a->med : 0;
}

static int rib_rule_med(const struct rib_path *a, const struct rib_path *b)
{
	struct rib_nbr na = rib_neighbor_as(a->attr), nb = rib_neighbor_as(b->attr);

	if (na.kind != nb.kind || na.kind == RIB_NBR_UNKNOWN || na.as != nb.as)
		return 0;
	return rib_lower_wins(rib_med(a->attr), rib_med(b->attr));
}

/* RFC 4271 §9.1.2.2 d: a path from an external peer beats an internal one. */
static int rib_rule_peer_type(const struct rib_path *a, const struct rib_path *b)
{
	return rib_true_wins(a->peer->ebgp, b->peer->ebgp);
}

/* RFC 4271 §9.1.2.2 e: the lower interior cost to the NEXT_HOP. evpnd
 * resolves no next hops through an IGP, so every cost is 0 and the step
 * never decides; it stays so the order is the RFC's. */
static int rib_rule_igp_metric(const struct rib_path *a, const struct rib_path *b)
{
	(void)a;
	(void)b;
	return rib_lower_wins(0, 0);
}

/* RFC 4271 §9.1.2.2 f: the lower BGP Identifier; RFC 4456 §9: a
 * reflected path's ORIGINATOR_ID stands in for it. */
static uint32_t rib_router_id(const struct rib_path *p)
{
	if (rib_attr_has(p->attr, BGP_ATTR_ORIGINATOR_ID))
		return p->attr->originator_id;
	return p->peer->router_id;
}

static int rib_rule_router_id(const struct rib_path *a, const struct rib_path *b)
{
	return rib_lower_wins(rib_router_id(a), rib_router_id(b));
}

/* RFC 4456 §9: the shorter CLUSTER_LIST, between §9.1.2.2 f and g. */
static int rib_rule_cluster_len(const struct rib_path *a, const struct rib_path *b)
{
	return rib_lower_wins(a->attr->cluster_len / 4u, b->attr->cluster_len / 4u);
}

/* RFC 4271 §9.1.2.2 g: the lower peer address (IPv4 before IPv6). */
static int rib_rule_neighbor_ip(const struct rib_path *a, const struct rib_path *b)
{
	const struct rib_peer *x = a->peer, *y = b->peer;

	return rib_addr_cmp(x->addr, x->addr_len, y->addr, y->addr_len, sizeof(x->addr));
}

/* FRR 8.4's bgp_path_selection_reason2str() words. */
static const struct rib_rule rib_rules[] = {
	{ rib_rule_local_pref, "Local Pref" },
	{ rib_rule_local_route, "Local Route" },
	{ rib_rule_as_path, "AS Path" },
	{ rib_rule_origin, "Origin" },
	{ rib_rule_med, "MED" },
	{ rib_rule_peer_type, "Peer Type" },
	{ rib_rule_igp_metric, "IGP Metric" },
	{ rib_rule_router_id, "Router ID" },
	{ rib_rule_cluster_len, "Cluster length" },
	{ rib_rule_neighbor_ip, "Neighbor IP" },
};

static int rib_run_rules(const struct rib_rule *rules, size_t n, const struct rib_path *a,
			 const struct rib_path *b, const char **why)
{
	for (size_t i = 0; i < n; i++) {
		int c = rules[i].cmp(a, b);

		if (c) {
			if (why)
				*why = rules[i].why;
			return c < 0 ? -1 : 1;
		}
	}
	return 0;
}

int rib_decide_cmp(const struct rib_path *a, const struct rib_path *b, const char **why)
{
	const struct rib_family *f = rib_family_of((enum bgp_af)a->dest->af);
	int c = rib_run_rules(f->rules, f->n_rules, a, b, why);

	if (!c)
		c = rib_run_rules(rib_rules, sizeof(rib_rules) / sizeof(rib_rules[0]), a, b, why);
	if (!c && why)
		*why = RIB_WHY_NONE;
	return c;
}

/* Walks the paths in list order; a tie keeps the earlier one. As in FRR's
 * bgp_best_selection(), the reason is the last comparison's, which always
 * involved the winner. */
struct rib_path *rib_decide_best(const struct rib_dest *d, const char **why)
{
	struct rib_path *best = d ? d->paths : NULL;
	const char *r = best ? RIB_WHY_FIRST : RIB_WHY_NONE;

	for (struct rib_path *p = best ? best->next : NULL; p; p = p->next)
		if (rib_decide_cmp(p, best, &r) < 0)
			best = p;
	if (why)
		*why = r;
	return best;
}
