/* The outbound transform: whether a group may get a path (RFC 4271 §9.2,
 * RFC 4456 §6, RFC 8212) and the attributes it gets (AS prepend toward
 * eBGP, LOCAL_PREF only inside the AS, ORIGINATOR_ID and CLUSTER_LIST on
 * reflection). */
#ifndef EVPND_RIB_EXPORT_H
#define EVPND_RIB_EXPORT_H

#include "rib/out.h"

/* A new reference to the attributes to send, or NULL: not exported. */
struct rib_attr *rib_export(const struct rib_out_policy *pol, const struct rib_path *p,
			    uint32_t local_as, uint32_t cluster_id);

#endif
