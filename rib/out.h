/* The Adj-RIB-Out with update groups: peers with the same outbound policy
 * share one group, so each change is exported, encoded and packed once and
 * the same bytes go to every peer of the group (as FRR's update groups).
 * What a group was sent is kept per destination (struct rib_adv), so a
 * change that does not alter the exported route sends nothing. */
#ifndef EVPND_RIB_OUT_H
#define EVPND_RIB_OUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "rib/batch.h"
#include "rib/rib.h"

/* Everything the export and the encoding depend on: the group key. */
struct rib_out_policy {
	bool ebgp;
	bool rr_client;	/* RFC 4456: the peers are our route reflector clients */
	bool as4;	/* RFC 6793 */
	bool ext_msg;	/* RFC 8654: 65535-octet messages */
	bool deny;	/* RFC 8212: an external peer and no policy: send nothing */
	uint32_t peer_as;
	uint8_t afs;	/* families, 1 << enum bgp_af */
};

struct rib_group;

/* A peer's membership, embedded in the session's peer. */
struct rib_out_peer {
	struct rib_out_peer *gnext;
	struct rib_group *group;
	/* Whether its output queue has room (NULL: always): a table replay
	 * waits for it rather than overfill the queue. */
	bool (*writable)(void *owner);
	/* Its whole Adj-RIB-Out for af has been sent (End-of-RIB time). */
	void (*synced)(void *owner, enum bgp_af af);
	void *owner;
	/* Replays in progress: families, and the next bucket of each. */
	uint8_t sync_afs, synced_due;
	size_t sync_at[BGP_AF_MAX];
};

/* Where a group's changes go: the session side encodes the batch (it may
 * reorder it; the RIB clears it afterwards) and queues the messages to
 * every peer of the list, or to `only` when set (a replay to one peer). */
typedef void rib_out_emit_fn(struct rib_batch *b, const struct rib_out_policy *pol,
			     struct rib_out_peer *peers, struct rib_out_peer *only);
void rib_out_set_emit(rib_out_emit_fn *emit);

/* Our AS (prepended toward eBGP peers) and the RFC 4456 cluster ID put
 * into reflected routes; rib_set_identity() passes them on. */
void rib_out_set_identity(uint32_t asn, uint32_t cluster_id);
/* Joins the group for pol and starts sending the peer its whole
 * Adj-RIB-Out, in slices paced by its output queue (rib_out_sync); its
 * synced() callback says when each family is done. A small table is done
 * before this returns. */
void rib_out_join(struct rib_out_peer *op, const struct rib_out_policy *pol);
void rib_out_leave(struct rib_out_peer *op);
/* Sends one peer its Adj-RIB-Out for af again (route refresh, RFC 2918),
 * the same way. */
void rib_out_resend(struct rib_out_peer *op, enum bgp_af af);
/* Advances every replay by one slice; true when there is more to do now
 * (false also when what remains waits for a peer to become writable). */
bool rib_out_sync(void);
/* Drains the RIB's queue: exports every changed destination to every
 * group and sends the packed UPDATEs. */
void rib_out_flush(void);
/* Routes the peer's group advertises in af (FRR's pfxSnt). */
size_t rib_out_count(const struct rib_out_peer *op, enum bgp_af af);

#endif
