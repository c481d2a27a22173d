/* UPDATE packing: one group's batch of changes for one family, turned into
 * as few UPDATEs as fit (RFC 4271 §4.3, RFC 4760 §3-4): announcements
 * sorted so routes sharing attributes share a message whose attributes
 * are encoded once, withdrawals packed into MP_UNREACH (or the IPv4
 * withdrawn field). The RIB decides what changes; this is the session
 * side, the only place UPDATEs are built. */
#ifndef EVPND_BGP_PACK_H
#define EVPND_BGP_PACK_H

#include <stddef.h>
#include <stdint.h>

#include "rib/batch.h"
#include "rib/out.h"

/* Queues one whole message (header included) to the peer owning op. */
typedef void bgp_pack_send_fn(void *owner, const uint8_t *msg, size_t len);

/* Encodes every change of b (sorting its announcements) once for sessions
 * of pol, and sends each message to every peer of the list, or to only
 * when set; b is left for the RIB to clear. Fits rib_out_emit_fn but for
 * send, which the caller binds. */
void bgp_pack(struct rib_batch *b, const struct rib_out_policy *pol, struct rib_out_peer *peers,
	      struct rib_out_peer *only, bgp_pack_send_fn *send);

#endif
