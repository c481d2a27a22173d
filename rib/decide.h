/* The decision process (RFC 4271 §9.1.2.2, RFC 4456 §9), behind the
 * family's own rules: one pure comparison of two paths to the same
 * destination. Why a path won is named in FRR's words, as show output
 * prints it ("Local Pref", "Router ID", a family rule's own name). */
#ifndef EVPND_RIB_DECIDE_H
#define EVPND_RIB_DECIDE_H

#include "rib/rib.h"

/* FRR's words when no rule decided: one path only, or nothing differs. */
#define RIB_WHY_FIRST "First path received"
#define RIB_WHY_NONE "Nothing left to compare"

/* < 0 when a is better than b, > 0 when b is, 0 when no rule separates
 * them; *why (may be NULL) names the deciding rule. */
int rib_decide_cmp(const struct rib_path *a, const struct rib_path *b, const char **why);
/* The best of d's paths (NULL when none), and why. */
struct rib_path *rib_decide_best(const struct rib_dest *d, const char **why);

/* RFC 4271 §9.1.2.2 a: AS_SET counts 1, confederation segments 0 (RFC 5065 §5.3). */
unsigned rib_aspath_len(const struct rib_attr *a);

#endif
