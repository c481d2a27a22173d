/* Bounds-checked reads; see rbuf.h for why errors are sticky. */
#include <string.h>

#include "lib/rbuf.h"

void rb_init(struct rbuf *r, const void *p, size_t len)
{
	r->p = p;
	r->len = p ? len : 0;
	r->off = 0;
	r->err = false;
}

const uint8_t *rb_view(struct rbuf *r, size_t n)
{
	const uint8_t *v;

	if (r->err || n > r->len - r->off) {
		r->err = true;
		return NULL;
	}
	v = r->p + r->off;
	r->off += n;
	return v;
}

static uint32_t rb_be(struct rbuf *r, size_t n)
{
	const uint8_t *v = rb_view(r, n);
	uint32_t x = 0;

	for (size_t i = 0; v && i < n; i++)
		x = x << 8 | v[i];
	return x;
}

uint8_t rb_u8(struct rbuf *r) { return (uint8_t)rb_be(r, 1); }
uint16_t rb_u16(struct rbuf *r) { return (uint16_t)rb_be(r, 2); }
uint32_t rb_u24(struct rbuf *r) { return rb_be(r, 3); }
uint32_t rb_u32(struct rbuf *r) { return rb_be(r, 4); }

bool rb_copy(struct rbuf *r, void *dst, size_t n)
{
	const uint8_t *v = rb_view(r, n);

	if (!v) {
		memset(dst, 0, n);
		return false;
	}
	memcpy(dst, v, n);
	return true;
}

bool rb_sub(struct rbuf *r, size_t n, struct rbuf *sub)
{
	const uint8_t *v = rb_view(r, n);

	rb_init(sub, v, v ? n : 0);
	sub->err = !v;
	return v != NULL;
}

bool rb_skip(struct rbuf *r, size_t n)
{
	return rb_view(r, n) != NULL;
}

void rb_rest(struct rbuf *r, struct rbuf *sub)
{
	rb_sub(r, rb_left(r), sub);
}
