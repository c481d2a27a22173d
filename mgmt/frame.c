#include "lib/be.h"
#include "mgmt/frame.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define FRAME_MIN_CAP 4096u

void mgmt_frame_decoder_init(struct mgmt_frame_decoder *d)
{
	memset(d, 0, sizeof(*d));
}

void mgmt_frame_decoder_free(struct mgmt_frame_decoder *d)
{
	free(d->buf);
	mgmt_frame_decoder_init(d);
}

size_t mgmt_frame_pending(const struct mgmt_frame_decoder *d)
{
	return d->end - d->start;
}

/* Moving the unconsumed tail to the front is cheaper than growing, and the
 * tail is at most one partial frame plus what the last read brought. */
static void decoder_compact(struct mgmt_frame_decoder *d)
{
	size_t pending = mgmt_frame_pending(d);

	if (d->start == 0)
		return;
	memmove(d->buf, d->buf + d->start, pending);
	d->start = 0;
	d->end = pending;
}

static int decoder_reserve(struct mgmt_frame_decoder *d, size_t len)
{
	size_t need, cap;
	uint8_t *nbuf;

	if (d->cap - d->end >= len)
		return 0;
	decoder_compact(d);
	if (d->cap - d->end >= len)
		return 0;
	if (len > SIZE_MAX - d->end)
		return -1;
	need = d->end + len;
	cap = d->cap ? d->cap : FRAME_MIN_CAP;
	while (cap < need)
		cap = cap > SIZE_MAX / 2 ? need : cap * 2;
	nbuf = realloc(d->buf, cap);
	if (!nbuf)
		return -1;
	d->buf = nbuf;
	d->cap = cap;
	return 0;
}

int mgmt_frame_append(struct mgmt_frame_decoder *d, const void *data, size_t len)
{
	if (len == 0)
		return 0;
	if (d->start == d->end)
		d->start = d->end = 0;
	if (decoder_reserve(d, len) < 0)
		return -1;
	memcpy(d->buf + d->end, data, len);
	d->end += len;
	return 0;
}

enum mgmt_frame_status mgmt_frame_pop(struct mgmt_frame_decoder *d, const uint8_t **payload,
				      size_t *len)
{
	size_t pending = mgmt_frame_pending(d);
	uint32_t flen;

	if (pending < MGMT_FRAME_HDR)
		return MGMT_FRAME_NEED_MORE;
	/* Checked as soon as the header is in, before the body is buffered. */
	flen = be32_get(d->buf + d->start);
	if (flen > MGMT_FRAME_MAX)
		return MGMT_FRAME_ERROR;
	if (pending - MGMT_FRAME_HDR < flen)
		return MGMT_FRAME_NEED_MORE;
	*payload = d->buf + d->start + MGMT_FRAME_HDR;
	*len = flen;
	d->start += MGMT_FRAME_HDR + flen;
	/* Not reset to 0 when empty: the payload handed out must stay intact
	 * until the next append, which compacts lazily. */
	return MGMT_FRAME_READY;
}

static uint8_t *frame_pack(const ProtobufCMessage *msg, size_t *len)
{
	size_t plen = protobuf_c_message_get_packed_size(msg);
	uint8_t *buf;

	if (plen > MGMT_FRAME_MAX) {
		*len = plen;
		errno = EMSGSIZE;
		return NULL;
	}
	buf = malloc(MGMT_FRAME_HDR + plen);
	if (!buf) {
		*len = 0;
		errno = ENOMEM;
		return NULL;
	}
	be32_put(buf, (uint32_t)plen);
	protobuf_c_message_pack(msg, buf + MGMT_FRAME_HDR);
	*len = MGMT_FRAME_HDR + plen;
	return buf;
}

uint8_t *mgmt_frame_pack_request(const Evpnd__Request *req, size_t *len)
{
	return frame_pack(&req->base, len);
}

uint8_t *mgmt_frame_pack_reply(const Evpnd__Reply *reply, size_t *len)
{
	return frame_pack(&reply->base, len);
}
