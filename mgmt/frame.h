/* Management API framing: every message is a 4-octet big-endian length
 * followed by that many octets of protobuf. The decoder is incremental so
 * that non-blocking code can hand it whatever a read returned. */
#ifndef EVPND_MGMT_FRAME_H
#define EVPND_MGMT_FRAME_H

#include <stddef.h>
#include <stdint.h>

#include "evpnd.pb-c.h"

#define MGMT_FRAME_HDR 4u
/* Largest payload either side accepts; a bigger announced length is a
 * protocol error, so a broken or hostile peer cannot make us buffer more. */
#define MGMT_FRAME_MAX (16u * 1024u * 1024u)

struct mgmt_frame_decoder {
	uint8_t *buf;
	size_t cap;
	size_t start; /* first octet not yet handed out by mgmt_frame_pop */
	size_t end;   /* one past the last octet received */
};

enum mgmt_frame_status {
	MGMT_FRAME_ERROR = -1, /* announced length exceeds MGMT_FRAME_MAX */
	MGMT_FRAME_NEED_MORE = 0,
	MGMT_FRAME_READY = 1,
};

void mgmt_frame_decoder_init(struct mgmt_frame_decoder *d);
void mgmt_frame_decoder_free(struct mgmt_frame_decoder *d);
/* Append received octets. 0, or -1 if out of memory. */
int mgmt_frame_append(struct mgmt_frame_decoder *d, const void *data, size_t len);
/* Take one complete frame off the front. On MGMT_FRAME_READY, *payload and
 * *len describe the payload (without the header); the memory stays valid
 * until the next append or free. */
enum mgmt_frame_status mgmt_frame_pop(struct mgmt_frame_decoder *d, const uint8_t **payload,
				      size_t *len);
/* Octets received but not yet popped (a partial frame, or frames not yet
 * asked for). */
size_t mgmt_frame_pending(const struct mgmt_frame_decoder *d);

/* Pack a message into a malloc'd buffer holding the whole frame (header
 * included); *len is set to its size. NULL if out of memory or if the
 * payload would exceed MGMT_FRAME_MAX (*len then holds the payload size,
 * so callers can tell the two apart: errno is ENOMEM or EMSGSIZE). */
uint8_t *mgmt_frame_pack_request(const Evpnd__Request *req, size_t *len);
uint8_t *mgmt_frame_pack_reply(const Evpnd__Reply *reply, size_t *len);

#endif
