/* Path attributes as data: one descriptor row per type (as BIRD's
 * bgp_attr_table) with the flags it must carry, its length rule, what
 * RFC 7606 does with a malformed one, and its decode and encode functions.
 * The walk over an attribute field lives here too; aspath.c has the
 * attributes that carry AS numbers, update.c frames the message. */
#ifndef EVPND_WIRE_ATTR_H
#define EVPND_WIRE_ATTR_H

#include <stdbool.h>
#include <stdint.h>

#include "lib/rbuf.h"
#include "lib/wbuf.h"
#include "wire/update.h"

enum bgp_attr_type {
	BGP_ATTR_ORIGIN = 1,
	BGP_ATTR_AS_PATH = 2,
	BGP_ATTR_NEXT_HOP = 3,
	BGP_ATTR_MED = 4,
	BGP_ATTR_LOCAL_PREF = 5,
	BGP_ATTR_ATOMIC_AGGREGATE = 6,
	BGP_ATTR_AGGREGATOR = 7,
	BGP_ATTR_COMMUNITIES = 8,	/* RFC 1997 */
	BGP_ATTR_ORIGINATOR_ID = 9,	/* RFC 4456 */
	BGP_ATTR_CLUSTER_LIST = 10,	/* RFC 4456 */
	BGP_ATTR_MP_REACH = 14,		/* RFC 4760 */
	BGP_ATTR_MP_UNREACH = 15,	/* RFC 4760 */
	BGP_ATTR_EXT_COMMUNITIES = 16,	/* RFC 4360 */
	BGP_ATTR_AS4_PATH = 17,		/* RFC 6793 */
	BGP_ATTR_AS4_AGGREGATOR = 18,	/* RFC 6793 */
	BGP_ATTR_PMSI_TUNNEL = 22,	/* RFC 6514 */
	BGP_ATTR_LARGE_COMMUNITIES = 32, /* RFC 8092 */
};
#define BGP_ATTR_BIT(type) (1ull << (type))

/* RFC 4271 §4.3 attribute flags. */
#define BGP_ATTR_F_OPTIONAL 0x80
#define BGP_ATTR_F_TRANSITIVE 0x40
#define BGP_ATTR_F_PARTIAL 0x20
#define BGP_ATTR_F_EXTLEN 0x10

/* AS_PATH segment types: RFC 4271 §4.3, RFC 5065 §3. */
enum { BGP_AS_SET = 1, BGP_AS_SEQUENCE = 2, BGP_AS_CONFED_SEQUENCE = 3, BGP_AS_CONFED_SET = 4 };
enum { BGP_ORIGIN_IGP = 0, BGP_ORIGIN_EGP = 1, BGP_ORIGIN_INCOMPLETE = 2 };
/* RFC 6514 §5 tunnel type 6. */
#define BGP_PMSI_INGRESS_REPLICATION 6

/* RFC 7606 §2 approaches, weakest first, so §3 h ("the strongest action")
 * is a max. */
enum bgp_attr_act { BGP_ACT_NONE, BGP_ACT_DISCARD, BGP_ACT_WITHDRAW, BGP_ACT_RESET };

/* One UPDATE's attribute field being parsed. */
struct bgp_attr_parse {
	const struct bgp_update_ctx *ctx;
	struct bgp_update *u;
	uint8_t flags, type;	/* of the attribute at hand */
	struct bgp_bytes raw;	/* all of it, quoted in a NOTIFICATION */
	enum bgp_attr_act act;	/* the strongest so far (§3 h) */
	struct bgp_notify err;	/* the first error of that strength */
	uint64_t seen[4];	/* types met, for §3 g */
	bool nomem;
	bool reach_nlri;	/* reachable NLRI on the wire, for §5.2 */
	bool has_as4_path, has_as4_aggr; /* RFC 6793 §4.2.3, merged at the end */
	struct bgp_bytes as4_path;
	uint32_t as4_aggr_as, as4_aggr_id;
};

/* When the encoder sets Extended Length: over 255 octets, always (FRR does
 * so for AS_PATH, AS4_PATH and MP_REACH), or when the MP_UNREACH carries
 * NLRI (FRR's End-of-RIB keeps the short form). */
enum bgp_attr_ext { BGP_EXT_AUTO, BGP_EXT_ALWAYS, BGP_EXT_WITH_NLRI };
/* Kinds of session on which an attribute is discarded before any check. */
#define BGP_DROP_EBGP 1 /* RFC 7606 §7.5, §7.9, §7.10 */
#define BGP_DROP_AS4 2	/* RFC 6793 §6: AS4_* between NEW speakers */

struct bgp_attr_desc;
typedef int bgp_attr_dec_fn(struct bgp_attr_parse *p, const struct bgp_attr_desc *d,
			    struct rbuf *val);
typedef bool bgp_attr_want_fn(const struct bgp_update *u, const struct bgp_update_ctx *ctx);
typedef bool bgp_attr_enc_fn(struct wbuf *w, const struct bgp_attr_desc *d,
			     const struct bgp_update *u, const struct bgp_update_ctx *ctx);

struct bgp_attr_desc {
	const char *name;
	const char *ref;	/* where its error handling is specified */
	uint8_t flags;		/* Optional and Transitive as they must be (§3 c) */
	uint8_t act;		/* enum bgp_attr_act for a malformed one */
	uint16_t min_len, max_len, mult; /* length rule; mult 0: any */
	uint8_t ext;		/* enum bgp_attr_ext */
	uint8_t drop;		/* BGP_DROP_* */
	uint16_t field;		/* offsetof the struct bgp_attrs field, for the shared codecs */
	/* 1: kept in attrs (present bit set), 0: taken elsewhere, -1: error
	 * (already recorded with bgp_attr_bad). */
	bgp_attr_dec_fn *decode;
	bgp_attr_want_fn *want;	/* NULL: when its present bit is set */
	bgp_attr_enc_fn *encode; /* writes the value only */
};

/* The row for a type, NULL for one we do not know. */
const struct bgp_attr_desc *bgp_attr_desc(uint8_t type);

void bgp_attr_parse_init(struct bgp_attr_parse *p, const struct bgp_update_ctx *ctx,
			 struct bgp_update *u);
/* Walks a path attribute field (RFC 4271 §4.3; RFC 7606 §3, §4). */
void bgp_attrs_parse(struct bgp_attr_parse *p, struct rbuf *field);
/* Writes every attribute u holds: MP ones first (RFC 7606 §5.1), then in
 * ascending type order (RFC 4271 §5). */
bool bgp_attrs_build(struct wbuf *w, const struct bgp_update *u, const struct bgp_update_ctx *ctx);

/* Records an error: the action counts if stronger than what came before
 * (§3 h), the reason is appended to u->why. */
void bgp_attr_fail(struct bgp_attr_parse *p, enum bgp_attr_act act, uint8_t subcode,
		   struct bgp_bytes data, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
/* The attribute at hand is malformed: d->act, quoting it. Returns -1. */
int bgp_attr_bad(struct bgp_attr_parse *p, const struct bgp_attr_desc *d, uint8_t subcode,
		 const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* Appends a reason to u->why ("; " between them, cut at its size). */
void bgp_upd_why(struct bgp_update *u, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* n octets of r as a view (NULL view and r in error if short). */
struct bgp_bytes bgp_bytes_take(struct rbuf *r, size_t n);
/* The rest of r as a view. */
struct bgp_bytes bgp_bytes_rest(struct rbuf *r);
/* Writes a view; an empty one writes nothing (wb_bytes of 0 octets into a
 * buffer never written is NULL + 0 for UBSan). */
void bgp_bytes_put(struct wbuf *w, struct bgp_bytes b);

/* MP_REACH/MP_UNREACH (RFC 4760 §3, §4), in update.c: they carry the NLRI
 * and belong with the message framing. */
bgp_attr_dec_fn bgp_mp_reach_decode, bgp_mp_unreach_decode;
bgp_attr_want_fn bgp_mp_reach_want, bgp_mp_unreach_want;
bgp_attr_enc_fn bgp_mp_reach_encode, bgp_mp_unreach_encode;

#endif
