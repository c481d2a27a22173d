/* The decision process (RFC 4271 §9.1.2.2, RFC 4456 §9, RFC 7432 §15):
 * one pure comparison of two paths to the same destination. */
#ifndef EVPND_RIB_DECIDE_H
#define EVPND_RIB_DECIDE_H

#include "rib/rib.h"

/* Why one path beat another, FRR's words in show output. */
enum rib_reason {
	RIB_REASON_NONE,	  /* equal on every rule */
	RIB_REASON_FIRST,	  /* only one path */
	RIB_REASON_STICKY,	  /* RFC 7432 §15.2 */
	RIB_REASON_SEQ,		  /* RFC 7432 §15.1 */
	RIB_REASON_LOWER_IP,	  /* RFC 7432 §15.1, equal sequence */
	RIB_REASON_LOCAL_PREF,
	RIB_REASON_LOCAL_ROUTE,
	RIB_REASON_AS_PATH,
	RIB_REASON_ORIGIN,
	RIB_REASON_MED,
	RIB_REASON_PEER_TYPE,
	RIB_REASON_IGP_METRIC,
	RIB_REASON_ROUTER_ID,
	RIB_REASON_CLUSTER_LEN,
	RIB_REASON_NEIGHBOR_IP,
};
const char *rib_reason_str(enum rib_reason r);

/* < 0 when a is better than b, > 0 when b is, 0 when no rule separates
 * them; *why (may be NULL) names the deciding rule. */
int rib_decide_cmp(const struct rib_path *a, const struct rib_path *b, enum rib_reason *why);
/* The best of d's paths (NULL when none), and why. */
struct rib_path *rib_decide_best(const struct rib_dest *d, enum rib_reason *why);

/* RFC 7432 §7.7: the MAC Mobility extended community (type 0x06, sub-type
 * 0x00) in an EXT_COMMUNITIES value; false when there is none (sequence
 * 0, not sticky). */
bool rib_mac_mobility(const struct rib_attr *a, uint32_t *seq, bool *sticky);
/* RFC 4271 §9.1.2.2 a: AS_SET counts 1, confederation segments 0 (RFC 5065 §5.3). */
unsigned rib_aspath_len(const struct rib_attr *a);

#endif
