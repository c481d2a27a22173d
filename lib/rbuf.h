/* The one bounds-checked reader every wire parser goes through.
 *
 * A read past the end never touches memory: it returns 0 (or NULL) and sets
 * the sticky error flag, so a parser can read a whole structure and check
 * rb_ok() once at the end, the way OpenBGPD's ibuf works. Sub-views let a
 * parser hand a length-delimited part (an attribute, a capability) to
 * another function that cannot see past it. */
#ifndef EVPND_RBUF_H
#define EVPND_RBUF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct rbuf {
	const uint8_t *p;
	size_t len;
	size_t off;
	bool err;
};

void rb_init(struct rbuf *r, const void *p, size_t len);
uint8_t rb_u8(struct rbuf *r);
uint16_t rb_u16(struct rbuf *r);
uint32_t rb_u24(struct rbuf *r);
uint32_t rb_u32(struct rbuf *r);
/* Copies n bytes out; false (and dst zeroed) when fewer remain. */
bool rb_copy(struct rbuf *r, void *dst, size_t n);
/* A view of the next n bytes, valid while the underlying buffer lives. */
const uint8_t *rb_view(struct rbuf *r, size_t n);
/* Splits off the next n bytes as their own reader. */
bool rb_sub(struct rbuf *r, size_t n, struct rbuf *sub);
bool rb_skip(struct rbuf *r, size_t n);
/* The unread rest, as a reader of its own; r is left at its end. */
void rb_rest(struct rbuf *r, struct rbuf *sub);

static inline size_t rb_left(const struct rbuf *r) { return r->len - r->off; }
static inline bool rb_empty(const struct rbuf *r) { return r->off == r->len; }
static inline bool rb_ok(const struct rbuf *r) { return !r->err; }
/* Where the reader stands, for error reports that quote the offending bytes. */
static inline size_t rb_pos(const struct rbuf *r) { return r->off; }

#endif
