/* BGP message framing and the small messages: header, OPEN (with its
 * capabilities), KEEPALIVE, NOTIFICATION, ROUTE-REFRESH. UPDATE has its own
 * codec in update.h. Decoders read only through struct rbuf; encoders write
 * only through struct wbuf; each decoder accepts what its encoder writes. */
#ifndef EVPND_WIRE_MSG_H
#define EVPND_WIRE_MSG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/rbuf.h"
#include "lib/wbuf.h"
#include "wire/af.h"

#define BGP_HDR_LEN 19
#define BGP_MAX_LEN 4096
#define BGP_EXT_MAX_LEN 65535 /* RFC 8654 */
#define BGP_AS_TRANS 23456    /* RFC 6793 */
#define BGP_PORT 179

enum bgp_msg_type {
	BGP_MSG_OPEN = 1,
	BGP_MSG_UPDATE = 2,
	BGP_MSG_NOTIFICATION = 3,
	BGP_MSG_KEEPALIVE = 4,
	BGP_MSG_ROUTE_REFRESH = 5,
};

/* RFC 4271 §4.5 error codes, and the subcodes we send. */
enum bgp_err {
	BGP_ERR_HEADER = 1,
	BGP_ERR_OPEN = 2,
	BGP_ERR_UPDATE = 3,
	BGP_ERR_HOLD = 4,
	BGP_ERR_FSM = 5,
	BGP_ERR_CEASE = 6,
	BGP_ERR_ROUTE_REFRESH = 7, /* RFC 7313 */
};
enum { BGP_HDR_SYNC = 1, BGP_HDR_BAD_LEN = 2, BGP_HDR_BAD_TYPE = 3 };
enum {
	BGP_OPEN_BAD_VERSION = 1,
	BGP_OPEN_BAD_AS = 2,
	BGP_OPEN_BAD_ID = 3,
	BGP_OPEN_BAD_OPT = 4,
	BGP_OPEN_BAD_HOLD = 6,
	BGP_OPEN_BAD_CAP = 7,
	BGP_OPEN_ROLE = 11,
};
enum {
	BGP_UPD_MALFORMED_ATTRS = 1,
	BGP_UPD_UNRECOG_WELLKNOWN = 2,
	BGP_UPD_MISSING_WELLKNOWN = 3,
	BGP_UPD_ATTR_FLAGS = 4,
	BGP_UPD_ATTR_LEN = 5,
	BGP_UPD_BAD_ORIGIN = 6,
	BGP_UPD_BAD_NEXTHOP = 8,
	BGP_UPD_OPT_ATTR = 9,
	BGP_UPD_BAD_NETWORK = 10,
	BGP_UPD_MALFORMED_ASPATH = 11,
};
enum {
	BGP_CEASE_MAX_PREFIX = 1,
	BGP_CEASE_ADMIN_SHUTDOWN = 2,
	BGP_CEASE_PEER_DECONFIG = 3,
	BGP_CEASE_ADMIN_RESET = 4,
	BGP_CEASE_REJECTED = 5,
	BGP_CEASE_CONFIG_CHANGE = 6,
	BGP_CEASE_COLLISION = 7,
	BGP_CEASE_NO_RESOURCES = 8,
	BGP_CEASE_HARD_RESET = 9, /* RFC 8538 */
};
enum { BGP_RR_BAD_LEN = 1 };

/* An error to send (or one received). data is a bounded copy: RFC 4271
 * wants the offending bytes quoted, never more than fits a message. */
#define BGP_NOTIFY_DATA_MAX 128
struct bgp_notify {
	uint8_t code;
	uint8_t subcode;
	uint16_t data_len;
	uint8_t data[BGP_NOTIFY_DATA_MAX];
};
void bgp_notify_set(struct bgp_notify *n, uint8_t code, uint8_t subcode,
		    const void *data, size_t len);

/* Capabilities (RFC 5492) we understand; everything else is counted and
 * ignored. Per-family sets are bitmasks over enum bgp_af. */
#define BGP_HOSTNAME_MAX 64
struct bgp_caps {
	uint8_t mp;		/* RFC 4760, bit (1 << af) */
	bool as4;		/* RFC 6793 */
	uint32_t as4_asn;
	bool route_refresh;	/* RFC 2918 (code 2; FRR also sends old 128) */
	bool enhanced_rr;	/* RFC 7313 */
	bool ext_msg;		/* RFC 8654 */
	bool gr;		/* RFC 4724 */
	bool gr_restarting;	/* R bit */
	bool gr_notification;	/* N bit (RFC 8538) */
	uint16_t gr_time;	/* 12 bits */
	uint8_t gr_af;		/* families listed */
	uint8_t gr_af_fwd;	/* ... with the F (forwarding preserved) bit */
	bool fqdn;		/* draft-walton-bgp-hostname-capability, code 73 */
	char hostname[BGP_HOSTNAME_MAX + 1];
	char domain[BGP_HOSTNAME_MAX + 1];
	uint16_t unknown;	/* count of capabilities ignored */
};

struct bgp_open {
	uint8_t version;
	uint16_t my_as;		/* 2-octet field: AS_TRANS when the AS needs 4 */
	uint16_t hold;
	uint32_t bgp_id;	/* host byte order */
	struct bgp_caps caps;
};

/* The header (RFC 4271 §4.1, §6.1). max_len is 4096, or 65535 after the
 * extended message capability (which OPEN/KEEPALIVE never use). On success
 * returns 0 and leaves r past the header; -1 and fills err otherwise. The
 * caller must have BGP_HDR_LEN bytes; check len against what it holds. */
int bgp_hdr_parse(struct rbuf *r, size_t max_len, uint8_t *type, uint16_t *len,
		  struct bgp_notify *err);
/* Starts a message (marker, length hole, type); returns its start offset. */
size_t bgp_hdr_begin(struct wbuf *w, uint8_t type);
/* Fills the length in; false when the message grew past max_len. */
bool bgp_hdr_end(struct wbuf *w, size_t start, size_t max_len);

/* Why an IPv4 address cannot be a BGP Identifier, or NULL. RFC 6286 §2.1
 * wants a non-zero value, RFC 4271 §4.2 an address of the speaker: one
 * of "this network" 0/8, loopback 127/8, multicast 224/4 or the reserved
 * 240/4 with the broadcast address is refused (host order). */
const char *bgp_id_unusable(uint32_t id);

/* OPEN body (after the header). RFC 4271 §6.2 checks that do not need the
 * peer's configuration (version, hold 1-2, id 0, parameters); the FSM checks
 * the AS and the identifier against its peer. Unknown optional parameters
 * are an error (subcode 4); unknown capabilities are not. */
int bgp_open_parse(struct rbuf *body, struct bgp_open *o, struct bgp_notify *err);
void bgp_open_build(struct wbuf *w, const struct bgp_open *o);

void bgp_keepalive_build(struct wbuf *w);

/* NOTIFICATION body: code, subcode, data (truncated to the copy's size). */
int bgp_notify_parse(struct rbuf *body, struct bgp_notify *n);
void bgp_notify_build(struct wbuf *w, const struct bgp_notify *n);
/* FRR's wording for an error, e.g. "Cease/Administrative Shutdown". */
const char *bgp_err_str(uint8_t code);
const char *bgp_suberr_str(uint8_t code, uint8_t subcode);

/* ROUTE-REFRESH (RFC 2918) and its RFC 7313 subtypes. */
enum { BGP_RR_NORMAL = 0, BGP_RR_BORR = 1, BGP_RR_EORR = 2 };
struct bgp_route_refresh {
	uint16_t afi;
	uint8_t subtype;
	uint8_t safi;
};
int bgp_rr_parse(struct rbuf *body, struct bgp_route_refresh *rr, struct bgp_notify *err);
void bgp_rr_build(struct wbuf *w, const struct bgp_route_refresh *rr);

#endif
