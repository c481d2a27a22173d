/* RFC 7432 §15: between paths to one MAC/IP Advertisement route (type 2),
 * a sticky (static) MAC beats a mobile one (§15.2), then the higher MAC
 * Mobility sequence number wins (none counts as 0), then the lower VTEP
 * address (§15.1). These are the EVPN family's rules in the RIB's decision
 * process, run before RFC 4271's (rib/decide.c); other route types go
 * straight to those. The MAC Mobility community is read with the one
 * decoder of evpn/ecomm.c. */
#include <string.h>

#include "evpn/ecomm.h"
#include "evpn/evpn.h"
#include "evpn/nlri.h"

bool evpn_mac_mobility(const struct rib_attr *a, uint32_t *seq, bool *sticky)
{
	uint32_t s = 0;
	bool st = false;
	bool found = a && evpn_ecomm_get_mac_mobility(rib_attr_ecomm(a), a->ecomm_len, &s, &st);
	if (seq)
		*seq = s;
	if (sticky)
		*sticky = st;
	return found;
}

int evpn_vtep_cmp(const uint8_t *a, uint8_t alen, const uint8_t *b, uint8_t blen)
{
	if (alen != blen)
		return alen < blen ? -1 : 1;
	return memcmp(a, b, alen);
}

/* evpn_nlri_key puts the route type first. */
static bool decide_mac_ip(const struct rib_path *p)
{
	return p->dest->key_len > 0 && p->dest->key[0] == EVPN_RT_MACIP;
}

/* §15.2: a sticky MAC beats a mobile one. */
static int decide_sticky(const struct rib_path *a, const struct rib_path *b)
{
	bool sa, sb;

	if (!decide_mac_ip(a))
		return 0;
	evpn_mac_mobility(a->attr, NULL, &sa);
	evpn_mac_mobility(b->attr, NULL, &sb);
	return (int)sb - (int)sa;
}

/* §15.1: the higher sequence number wins. */
static int decide_seq(const struct rib_path *a, const struct rib_path *b)
{
	uint32_t qa, qb;

	if (!decide_mac_ip(a))
		return 0;
	evpn_mac_mobility(a->attr, &qa, NULL);
	evpn_mac_mobility(b->attr, &qb, NULL);
	return (qa < qb) - (qa > qb);
}

/* §15.1: with equal sequence numbers the lower VTEP address wins; an
 * IPv4 next hop sorts before an IPv6 one. Equal next hops do not decide. */
static int decide_lower_ip(const struct rib_path *a, const struct rib_path *b)
{
	const struct rib_attr *x = a->attr, *y = b->attr;

	if (!decide_mac_ip(a))
		return 0;
	return evpn_vtep_cmp(x->nh, x->nh_len, y->nh, y->nh_len);
}

/* FRR 8.4's bgp_path_selection_reason2str() words. */
const struct rib_rule evpn_decide_rules[] = {
	{ decide_sticky, "EVPN Sticky Mac" },
	{ decide_seq, "EVPN sequence number" },
	{ decide_lower_ip, "EVPN lower IP" },
};
const size_t evpn_decide_n_rules = sizeof(evpn_decide_rules) / sizeof(evpn_decide_rules[0]);
