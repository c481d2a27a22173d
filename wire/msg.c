/* Message framing (RFC 4271 §4.1, §6.1) and the small messages: KEEPALIVE,
 * NOTIFICATION, ROUTE-REFRESH, and the names of errors. OPEN is open.c's.
 * Every *_build writes a whole message, header included (a KEEPALIVE is
 * nothing else); every *_parse reads a body, after bgp_hdr_parse. */
#include <string.h>

#include "wire/msg.h"

#define BGP_MARKER_WORDS 4	/* 16 octets of ones, read as 4 words */
#define BGP_RR_LEN 23		/* RFC 2918 §3: header + AFI, subtype, SAFI */

/* Per type, the lengths RFC 4271 §6.1 allows: §4.2 OPEN (never over 4096,
 * RFC 8654 §4), §4.3 UPDATE, §4.5 NOTIFICATION, §4.4 KEEPALIVE, and
 * ROUTE-REFRESH at least its 4 octets (RFC 2918 §3); a longer one is
 * bgp_rr_parse's to refuse with the RFC 7313 §5 error. */
static const struct {
	uint16_t min, max;
} bgp_len_limits[] = {
	[BGP_MSG_OPEN] = {29, BGP_MAX_LEN},
	[BGP_MSG_UPDATE] = {23, BGP_EXT_MAX_LEN},
	[BGP_MSG_NOTIFICATION] = {21, BGP_EXT_MAX_LEN},
	[BGP_MSG_KEEPALIVE] = {BGP_HDR_LEN, BGP_HDR_LEN},
	[BGP_MSG_ROUTE_REFRESH] = {BGP_RR_LEN, BGP_EXT_MAX_LEN},
};
#define BGP_MSG_TYPES (sizeof(bgp_len_limits) / sizeof(bgp_len_limits[0]))

void bgp_notify_set(struct bgp_notify *n, uint8_t code, uint8_t subcode,
		    const void *data, size_t len)
{
	memset(n, 0, sizeof(*n));
	n->code = code;
	n->subcode = subcode;
	if (!data)
		return;
	n->data_len = (uint16_t)(len < BGP_NOTIFY_DATA_MAX ? len : BGP_NOTIFY_DATA_MAX);
	if (n->data_len)
		memcpy(n->data, data, n->data_len);
}

/* RFC 4271 §6.1: Bad Message Length quotes the erroneous Length field. */
static int bgp_hdr_bad_len(uint16_t len, struct bgp_notify *err)
{
	uint8_t data[2] = {(uint8_t)(len >> 8), (uint8_t)len};

	bgp_notify_set(err, BGP_ERR_HEADER, BGP_HDR_BAD_LEN, data, 2);
	return -1;
}

/* §6.1 in order: marker, length, type, then the length the type needs. */
int bgp_hdr_parse(struct rbuf *r, size_t max_len, uint8_t *type, uint16_t *len,
		  struct bgp_notify *err)
{
	bool sync = true;

	for (int i = 0; i < BGP_MARKER_WORDS; i++)
		sync &= rb_u32(r) == UINT32_MAX;
	*len = rb_u16(r);
	*type = rb_u8(r);
	if (!rb_ok(r))	/* the caller broke its promise of 19 octets */
		return bgp_hdr_bad_len(*len, err);
	if (!sync) {
		bgp_notify_set(err, BGP_ERR_HEADER, BGP_HDR_SYNC, NULL, 0);
		return -1;
	}
	if (*len < BGP_HDR_LEN || *len > max_len)
		return bgp_hdr_bad_len(*len, err);
	if (*type == 0 || *type >= BGP_MSG_TYPES) {
		bgp_notify_set(err, BGP_ERR_HEADER, BGP_HDR_BAD_TYPE, type, 1);
		return -1;
	}
	if (*len < bgp_len_limits[*type].min || *len > bgp_len_limits[*type].max)
		return bgp_hdr_bad_len(*len, err);
	return 0;
}

size_t bgp_hdr_begin(struct wbuf *w, uint8_t type)
{
	size_t start = w->len;

	for (int i = 0; i < BGP_MARKER_WORDS; i++)
		wb_u32(w, UINT32_MAX);
	wb_hole(w, 2);
	wb_u8(w, type);
	return start;
}

bool bgp_hdr_end(struct wbuf *w, size_t start, size_t max_len)
{
	size_t len = w->len - start;

	if (!wb_ok(w) || len > max_len || len > UINT16_MAX)
		return false;
	wb_put16(w, start + 16, (uint16_t)len);
	return true;
}

/* A failed end means the message is unusable: make that the writer's
 * sticky error, so callers check wb_ok() once. */
static void bgp_msg_end(struct wbuf *w, size_t start, size_t max_len)
{
	if (!bgp_hdr_end(w, start, max_len))
		w->err = true;
}

void bgp_keepalive_build(struct wbuf *w)
{
	bgp_msg_end(w, bgp_hdr_begin(w, BGP_MSG_KEEPALIVE), BGP_HDR_LEN);
}

/* RFC 4271 §4.5: code, subcode, then data to the end of the message; we
 * keep the first BGP_NOTIFY_DATA_MAX octets. */
int bgp_notify_parse(struct rbuf *body, struct bgp_notify *n)
{
	size_t keep;

	memset(n, 0, sizeof(*n));
	n->code = rb_u8(body);
	n->subcode = rb_u8(body);
	if (!rb_ok(body))
		return -1;
	keep = rb_left(body) < BGP_NOTIFY_DATA_MAX ? rb_left(body) : BGP_NOTIFY_DATA_MAX;
	rb_copy(body, n->data, keep);
	n->data_len = (uint16_t)keep;
	rb_skip(body, rb_left(body));
	return 0;
}

void bgp_notify_build(struct wbuf *w, const struct bgp_notify *n)
{
	size_t start = bgp_hdr_begin(w, BGP_MSG_NOTIFICATION);
	size_t len = n->data_len < BGP_NOTIFY_DATA_MAX ? n->data_len : BGP_NOTIFY_DATA_MAX;

	wb_u8(w, n->code);
	wb_u8(w, n->subcode);
	wb_bytes(w, n->data, len);
	bgp_msg_end(w, start, BGP_MAX_LEN);
}

/* RFC 7313 §5: the error's data is the complete ROUTE-REFRESH message,
 * header included; rebuilt from the body (as much as the copy holds). */
static void bgp_rr_bad_len(struct rbuf *body, struct bgp_notify *err)
{
	const size_t room = BGP_NOTIFY_DATA_MAX - BGP_HDR_LEN;
	size_t len = rb_left(body);
	size_t quote = len < room ? len : room;
	struct wbuf w;
	size_t start;

	wb_init(&w, BGP_NOTIFY_DATA_MAX);
	start = bgp_hdr_begin(&w, BGP_MSG_ROUTE_REFRESH);
	wb_put16(&w, start + 16, (uint16_t)(BGP_HDR_LEN + len));
	wb_bytes(&w, rb_view(body, quote), quote);
	bgp_notify_set(err, BGP_ERR_ROUTE_REFRESH, BGP_RR_BAD_LEN, w.p, wb_ok(&w) ? w.len : 0);
	wb_free(&w);
}

/* RFC 2918 §3 / RFC 7313 §3: AFI, subtype (the old Reserved octet), SAFI.
 * A subtype other than 0-2 parses; RFC 7313 §5 has the caller ignore it. */
int bgp_rr_parse(struct rbuf *body, struct bgp_route_refresh *rr, struct bgp_notify *err)
{
	memset(rr, 0, sizeof(*rr));
	if (rb_left(body) != BGP_RR_LEN - BGP_HDR_LEN) {
		bgp_rr_bad_len(body, err);
		return -1;
	}
	rr->afi = rb_u16(body);
	rr->subtype = rb_u8(body);
	rr->safi = rb_u8(body);
	return 0;
}

void bgp_rr_build(struct wbuf *w, const struct bgp_route_refresh *rr)
{
	size_t start = bgp_hdr_begin(w, BGP_MSG_ROUTE_REFRESH);

	wb_u16(w, rr->afi);
	wb_u8(w, rr->subtype);
	wb_u8(w, rr->safi);
	bgp_msg_end(w, start, BGP_RR_LEN);
}

/* FRR's names (bgpd/bgp_debug.c), so logs and "show bgp neighbors" read the
 * same. FRR prefixes its subcode names with '/' to print "%s%s"; we keep
 * the bare name, callers print "%s/%s". Deprecated subcodes keep their
 * names: old peers still send them. */
static const char *const bgp_err_names[] = {
	[BGP_ERR_HEADER] = "Message Header Error",
	[BGP_ERR_OPEN] = "OPEN Message Error",
	[BGP_ERR_UPDATE] = "UPDATE Message Error",
	[BGP_ERR_HOLD] = "Hold Timer Expired",
	[BGP_ERR_FSM] = "Neighbor Events Error",
	[BGP_ERR_CEASE] = "Cease",
	[BGP_ERR_ROUTE_REFRESH] = "ROUTE-REFRESH Message Error",
	[8] = "Send Hold Timer Expired", /* RFC 9687 */
};

static const char *const bgp_hdr_names[] = {
	[BGP_HDR_SYNC] = "Connection Not Synchronized",
	[BGP_HDR_BAD_LEN] = "Bad Message Length",
	[BGP_HDR_BAD_TYPE] = "Bad Message Type",
};

static const char *const bgp_open_names[] = {
	[0] = "Unspecific",
	[BGP_OPEN_BAD_VERSION] = "Unsupported Version Number",
	[BGP_OPEN_BAD_AS] = "Bad Peer AS",
	[BGP_OPEN_BAD_ID] = "Bad BGP Identifier",
	[BGP_OPEN_BAD_OPT] = "Unsupported Optional Parameter",
	[5] = "Authentication Failure", /* deprecated by RFC 4271 */
	[BGP_OPEN_BAD_HOLD] = "Unacceptable Hold Time",
	[BGP_OPEN_BAD_CAP] = "Unsupported Capability",
	[BGP_OPEN_ROLE] = "Role Mismatch", /* RFC 9234 */
};

static const char *const bgp_update_names[] = {
	[0] = "Unspecific",
	[BGP_UPD_MALFORMED_ATTRS] = "Malformed Attribute List",
	[BGP_UPD_UNRECOG_WELLKNOWN] = "Unrecognized Well-known Attribute",
	[BGP_UPD_MISSING_WELLKNOWN] = "Missing Well-known Attribute",
	[BGP_UPD_ATTR_FLAGS] = "Attribute Flags Error",
	[BGP_UPD_ATTR_LEN] = "Attribute Length Error",
	[BGP_UPD_BAD_ORIGIN] = "Invalid ORIGIN Attribute",
	[7] = "AS Routing Loop", /* deprecated by RFC 4271 */
	[BGP_UPD_BAD_NEXTHOP] = "Invalid NEXT_HOP Attribute",
	[BGP_UPD_OPT_ATTR] = "Optional Attribute Error",
	[BGP_UPD_BAD_NETWORK] = "Invalid Network Field",
	[BGP_UPD_MALFORMED_ASPATH] = "Malformed AS_PATH",
};

/* RFC 6608 §4. */
static const char *const bgp_fsm_names[] = {
	[0] = "Unspecific",
	[1] = "Receive Unexpected Message in OpenSent State",
	[2] = "Receive Unexpected Message in OpenConfirm State",
	[3] = "Receive Unexpected Message in Established State",
};

/* RFC 4486 §4, RFC 8538 §3 (Hard Reset), RFC 9384 (BFD Down). */
static const char *const bgp_cease_names[] = {
	[0] = "Unspecific",
	[BGP_CEASE_MAX_PREFIX] = "Maximum Number of Prefixes Reached",
	[BGP_CEASE_ADMIN_SHUTDOWN] = "Administrative Shutdown",
	[BGP_CEASE_PEER_DECONFIG] = "Peer De-configured",
	[BGP_CEASE_ADMIN_RESET] = "Administrative Reset",
	[BGP_CEASE_REJECTED] = "Connection Rejected",
	[BGP_CEASE_CONFIG_CHANGE] = "Other Configuration Change",
	[BGP_CEASE_COLLISION] = "Connection Collision Resolution",
	[BGP_CEASE_NO_RESOURCES] = "Out of Resources",
	[BGP_CEASE_HARD_RESET] = "Hard Reset",
	[10] = "BFD Down",
};

static const char *const bgp_rr_names[] = {
	[0] = "Unspecific",
	[BGP_RR_BAD_LEN] = "Invalid Message Length",
};

#define BGP_NAMES(t) {t, sizeof(t) / sizeof(t[0])}
static const struct {
	const char *const *names;
	size_t n;
} bgp_suberr_names[] = {
	[BGP_ERR_HEADER] = BGP_NAMES(bgp_hdr_names),
	[BGP_ERR_OPEN] = BGP_NAMES(bgp_open_names),
	[BGP_ERR_UPDATE] = BGP_NAMES(bgp_update_names),
	[BGP_ERR_FSM] = BGP_NAMES(bgp_fsm_names),
	[BGP_ERR_CEASE] = BGP_NAMES(bgp_cease_names),
	[BGP_ERR_ROUTE_REFRESH] = BGP_NAMES(bgp_rr_names),
};
#define BGP_ERR_CODES (sizeof(bgp_suberr_names) / sizeof(bgp_suberr_names[0]))

const char *bgp_err_str(uint8_t code)
{
	size_t n = sizeof(bgp_err_names) / sizeof(bgp_err_names[0]);

	if (code < n && bgp_err_names[code])
		return bgp_err_names[code];
	return "Unrecognized Error Code";
}

/* "" for a code without subcodes (Hold Timer Expired), as FRR. */
const char *bgp_suberr_str(uint8_t code, uint8_t subcode)
{
	if (code >= BGP_ERR_CODES || !bgp_suberr_names[code].names)
		return "";
	if (subcode < bgp_suberr_names[code].n && bgp_suberr_names[code].names[subcode])
		return bgp_suberr_names[code].names[subcode];
	return "Unrecognized Error Subcode";
}

const char *bgp_id_unusable(uint32_t id)
{
	uint32_t first = id >> 24;

	if (id == 0)
		return "a BGP Identifier must not be 0 (RFC 6286 section 2.1)";
	if (first == 0)
		return "0.0.0.0/8 is no address of this speaker (RFC 4271 section 4.2)";
	if (first == 127)
		return "a loopback address (127.0.0.0/8) is no address other speakers know "
		       "us by (RFC 4271 section 4.2)";
	if (first >= 224 && first < 240)
		return "a multicast address (224.0.0.0/4) is no address of this speaker "
		       "(RFC 4271 section 4.2)";
	if (first >= 240)
		return "a reserved or broadcast address (240.0.0.0/4) is no address of this "
		       "speaker (RFC 4271 section 4.2)";
	return NULL;
}
