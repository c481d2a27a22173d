/* The UPDATE codec (RFC 4271 §4.3) with RFC 7606 error handling.
 *
 * bgp_update_parse never resets a session by itself: it says what RFC 7606
 * wants done (action) and why, and leaves the doing to the FSM. Every view
 * (struct bgp_bytes) points into the message body and lives as long as it;
 * only attrs.aspath is owned. bgp_update_build writes what bgp_update_parse
 * reads, so build → parse gives the same structure back. */
#ifndef EVPND_WIRE_UPDATE_H
#define EVPND_WIRE_UPDATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/wbuf.h"
#include "wire/af.h"
#include "wire/msg.h"

struct bgp_bytes {
	const uint8_t *p;
	uint16_t len;
};

struct bgp_unknown_attr {
	uint8_t flags, type;
	struct bgp_bytes val;
};

#define BGP_UNKNOWN_MAX 16
struct bgp_attrs {
	/* bit (1ull << type) for each attribute decoded into a field below
	 * (ATOMIC_AGGREGATE has no field: its bit is all). MP_REACH/MP_UNREACH
	 * show as has_reach/has_unreach, AS4_PATH/AS4_AGGREGATOR are merged
	 * into aspath/aggr_*, unknown ones are in unknown[]. */
	uint64_t present;
	/* bit per type: an optional transitive attribute that came with the
	 * Partial bit; it keeps it when passed on (RFC 4271 §5). */
	uint64_t partial;
	uint8_t origin;
	/* OWNED: 4-octet segments (type, count, count * 4 octets), after the
	 * RFC 6793 §4.2.3 AS_PATH/AS4_PATH merge on 2-octet sessions. */
	uint8_t *aspath;
	uint16_t aspath_len;
	uint32_t nexthop; /* NEXT_HOP, host order */
	uint32_t med, local_pref;
	uint32_t aggr_as, aggr_id; /* AGGREGATOR (merged with AS4_AGGREGATOR) */
	struct bgp_bytes communities, cluster_list, ext_communities, large_communities;
	uint32_t originator_id;
	struct {
		uint8_t flags, type;
		uint32_t label; /* the 3-octet field as it is: a VNI for VXLAN (RFC 8365 §5.1.3) */
		struct bgp_bytes id;
	} pmsi; /* RFC 6514 §5, type 22 */
	/* Optional transitive only, with the Partial bit set (RFC 4271 §5). */
	struct bgp_unknown_attr unknown[BGP_UNKNOWN_MAX];
	uint8_t n_unknown;
};

struct bgp_mp {
	int af; /* enum bgp_af, or -1: unknown or not negotiated, NLRI ignored */
	uint16_t afi;
	uint8_t safi;
	struct bgp_bytes nexthop;
	struct bgp_bytes nlri;
};

enum bgp_upd_action { BGP_UPD_OK, BGP_UPD_TREAT_AS_WITHDRAW, BGP_UPD_SESSION_RESET };

struct bgp_update {
	struct bgp_bytes withdrawn, nlri; /* IPv4 unicast fields of RFC 4271 */
	struct bgp_attrs attrs;
	bool has_reach, has_unreach;
	struct bgp_mp reach, unreach;
	enum bgp_upd_action action;
	struct bgp_notify notify; /* filled when SESSION_RESET */
	uint8_t discarded;	  /* attributes discarded (RFC 7606 attribute discard, §3 g duplicates) */
	uint16_t n_attrs;	  /* path attributes on the wire, kept or not */
	char why[128];		  /* for the log when action != OK or something was discarded/ignored */
	bool eor;		  /* End-of-RIB (RFC 4724 §2) for eor_af */
	int eor_af;
};

struct bgp_update_ctx {
	bool as4; /* 4-octet AS negotiated both ways (RFC 6793) */
	bool ebgp;
	uint32_t local_as;
	/* eBGP: the peer's AS, which must lead AS_PATH (RFC 4271 §6.3, RFC 7606
	 * §7.2); 0: no check (iBGP, or a route server that does not prepend) */
	uint32_t peer_as;
	uint8_t afs; /* negotiated families, bit (1 << enum bgp_af) */
};

/* Parses an UPDATE body (after the 19-octet header). Returns 0 with u filled
 * (action tells what to do), -1 only on allocation failure (u then holds
 * nothing to free). */
int bgp_update_parse(const uint8_t *body, size_t len, const struct bgp_update_ctx *ctx,
		     struct bgp_update *u);
void bgp_update_free(struct bgp_update *u); /* frees attrs.aspath */
void bgp_attrs_free(struct bgp_attrs *a);

/* Encodes the UPDATE body: MP_REACH, MP_UNREACH first (RFC 7606 §5.1), the
 * rest in ascending type order (RFC 4271 §5). On a 2-octet session AS_PATH
 * and AGGREGATOR carry AS_TRANS for 4-octet ASes, with AS4_PATH and
 * AS4_AGGREGATOR beside them (RFC 6793 §4.2.2). Appends to w (after a
 * header the caller began); false when it does not fit or u is inconsistent. */
bool bgp_update_build(struct wbuf *w, const struct bgp_update *u, const struct bgp_update_ctx *ctx);
/* An End-of-RIB for one family (RFC 4724 §2), body only. */
void bgp_eor_build(struct wbuf *w, enum bgp_af af);

#endif
