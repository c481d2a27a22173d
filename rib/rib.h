/* The routing tables: one Loc-RIB per family, each a hash of destinations
 * keyed by the route's key (for EVPN: route type, RD and the key fields
 * of RFC 7432 §7, never the labels); each destination holds one path per
 * source (a peer's Adj-RIB-In entry, or our own origination) and the best
 * of them. A peer's paths are also chained on the peer, so clearing or
 * marking stale one peer never walks the whole table. rib/ knows nothing
 * of sockets or netlink: sources are struct rib_peer, families plug in a
 * key function and a listener for best-path changes. */
#ifndef EVPND_RIB_RIB_H
#define EVPND_RIB_RIB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "rib/attr.h"
#include "wire/af.h"
#include "wire/msg.h"

struct rib_path;
struct rib_dest;

/* Who we are (rib/identity.c), as the session side configures it: our AS
 * (0 while BGP is not configured), BGP Identifier, RFC 4456 cluster ID (0:
 * the router ID) and host name. */
struct rib_identity {
	uint32_t asn, router_id, cluster_id;
	char hostname[BGP_HOSTNAME_MAX + 1];
};
/* A change of AS or router ID is told to every family (rib_family.identity). */
void rib_set_identity(const struct rib_identity *id);
const struct rib_identity *rib_identity(void);

/* A source of paths. Our own routes come from a rib_peer with local set. */
struct rib_peer {
	uint32_t router_id;	/* BGP Identifier, host order (RFC 4271 §9.1.2.2 f) */
	uint8_t addr[16];	/* peer address, network order (§9.1.2.2 g) */
	uint8_t addr_len;	/* 4 or 16; 0 for local */
	bool local;		/* our own origination */
	bool ebgp;
	bool rr_client;		/* RFC 4456: a client of ours */
	uint32_t as;		/* the peer's AS */
	char name[BGP_HOSTNAME_MAX + 1]; /* for shows: its hostname, or its address */
	struct rib_path *paths; /* every path it gave, all families */
	size_t count[BGP_AF_MAX], stale[BGP_AF_MAX];
};

#define RIB_PATH_STALE 0x01	/* RFC 4724 §4.2 */
#define RIB_PATH_SELECTED 0x02	/* is dest->best */

struct rib_path {
	struct rib_path *next;		/* in its destination */
	struct rib_path *pnext, *pprev; /* in its peer's list */
	struct rib_dest *dest;
	struct rib_peer *peer;
	struct rib_attr *attr;		/* interned, one reference */
	uint8_t flags;
	uint8_t nlri_len;
	uint8_t nlri[];			/* the whole NLRI as on the wire (labels and all) */
};

/* What an update group was last sent for this destination. */
struct rib_adv {
	struct rib_adv *next;
	struct rib_group *group;
	struct rib_attr *attr;		/* as sent (after the outbound transform) */
	uint8_t nlri_len;
	uint8_t nlri[];			/* the NLRI sent, for its withdrawal */
};

struct rib_dest {
	struct rib_dest *hnext;
	struct rib_dest *qnext;		/* pending outbound work */
	struct rib_path *paths;
	struct rib_path *best;
	struct rib_adv *adv;
	uint32_t hash;
	uint8_t af;
	bool queued;
	uint16_t key_len;
	uint8_t key[];
};

/* Per-family hooks. key() writes a destination key for one NLRI (at most
 * RIB_KEY_MAX octets) and returns its length, or -1 for a malformed NLRI.
 * best_changed() hears every change of a destination's best path (old and
 * new may be NULL); paths stay valid during the call. old_attr is what
 * old_best was selected with: a path replaced in place (the same peer
 * sending the route again) already holds its new attributes, and a
 * listener that filed the route by its old ones (EVPN by route target)
 * needs those to find it. */
#define RIB_KEY_MAX 264
/* One rule of the decision process (rib/decide.c): < 0 when a is better,
 * > 0 when b is, 0 when it does not separate them; why is its name in
 * FRR's show output. */
struct rib_rule {
	int (*cmp)(const struct rib_path *a, const struct rib_path *b);
	const char *why;
};
/* rules: what the family decides before RFC 4271 does (EVPN: RFC 7432
 * §15 for MAC/IP routes), in order. */
struct rib_family {
	int (*key)(const uint8_t *nlri, size_t len, uint8_t *key);
	void (*best_changed)(void *arg, const struct rib_dest *d, const struct rib_path *old_best,
			     const struct rib_attr *old_attr, const struct rib_path *new_best);
	void *arg;
	const struct rib_rule *rules;
	size_t n_rules;
	void (*identity)(void *arg, const struct rib_identity *id);
};
void rib_family_set(enum bgp_af af, const struct rib_family *f);
const struct rib_family *rib_family_of(enum bgp_af af);

/* Adds or replaces src's path for nlri with attr (the RIB takes its own
 * reference). Returns 1 if the path is new, 0 if replaced, -1 if malformed
 * or out of memory. Clears a stale mark. */
int rib_update(struct rib_peer *src, enum bgp_af af, const uint8_t *nlri, size_t len,
	       struct rib_attr *attr);
/* Returns 1 if src had a path for nlri and it is gone. */
int rib_withdraw(struct rib_peer *src, enum bgp_af af, const uint8_t *nlri, size_t len);
void rib_peer_clear(struct rib_peer *src, int af);	/* af -1: all families */
void rib_peer_mark_stale(struct rib_peer *src, enum bgp_af af);
size_t rib_peer_sweep_stale(struct rib_peer *src, enum bgp_af af);

struct rib_dest *rib_lookup(enum bgp_af af, const uint8_t *key, size_t key_len);
/* Walks every destination of af in no particular order; stop by returning
 * nonzero (which is returned). The callback may free the destination it
 * is given (rib_dest_gc), nothing else. */
int rib_walk(enum bgp_af af, int (*cb)(struct rib_dest *d, void *arg), void *arg);
/* A walk in slices: buckets from `bucket` on, stopping between buckets
 * once `limit` destinations were seen; returns where to go on, SIZE_MAX
 * at the end. The table only ever doubles, which moves a destination from
 * bucket b to b or b + old size: a walk resumed after growth sees every
 * destination at least once (some twice). */
size_t rib_walk_from(enum bgp_af af, size_t bucket, size_t limit,
		     int (*cb)(struct rib_dest *d, void *arg), void *arg);
size_t rib_dest_count(enum bgp_af af);
size_t rib_path_count(enum bgp_af af);
/* Bytes the tables take (destinations, paths, hash arrays), not attributes;
 * heap bytes, malloc's own overhead included. */
size_t rib_bytes(void);
size_t rib_af_bytes(enum bgp_af af);
/* Frees every route (tests, exit); peers' path lists must be dropped too. */
void rib_reset(void);

/* Pending outbound work (rib/out.c drains it): kick is called when the
 * queue stops being empty, so the owner of the loop can schedule a drain. */
struct rib_dest *rib_queue_take(void);
void rib_set_kick(void (*kick)(void));
/* Frees d if nothing refers to it any more (rib/out.c, after a withdrawal). */
void rib_dest_gc(struct rib_dest *d);

#endif
