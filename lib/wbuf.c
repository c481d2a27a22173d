/* Growable, limited writer; see wbuf.h. */
#include <stdlib.h>
#include <string.h>

#include "lib/wbuf.h"

void wb_init(struct wbuf *w, size_t max)
{
	memset(w, 0, sizeof(*w));
	w->max = max;
}

void wb_free(struct wbuf *w)
{
	free(w->p);
	wb_init(w, w->max);
}

void wb_reset(struct wbuf *w)
{
	w->len = 0;
	w->err = false;
}

static uint8_t *wb_room(struct wbuf *w, size_t n)
{
	if (w->err || !n || n > w->max - w->len) {
		w->err |= n != 0;
		return NULL;
	}
	if (w->len + n > w->cap) {
		size_t cap = w->cap ? w->cap : 256;
		uint8_t *p;

		while (cap < w->len + n)
			cap *= 2;
		if (cap > w->max)
			cap = w->max;
		p = realloc(w->p, cap);
		if (!p) {
			w->err = true;
			return NULL;
		}
		w->p = p;
		w->cap = cap;
	}
	w->len += n;
	return w->p + w->len - n;
}

static void wb_be(struct wbuf *w, uint32_t v, size_t n)
{
	uint8_t *p = wb_room(w, n);

	for (size_t i = 0; p && i < n; i++)
		p[i] = (uint8_t)(v >> (8 * (n - 1 - i)));
}

void wb_u8(struct wbuf *w, uint8_t v) { wb_be(w, v, 1); }
void wb_u16(struct wbuf *w, uint16_t v) { wb_be(w, v, 2); }
void wb_u24(struct wbuf *w, uint32_t v) { wb_be(w, v, 3); }
void wb_u32(struct wbuf *w, uint32_t v) { wb_be(w, v, 4); }

void wb_bytes(struct wbuf *w, const void *p, size_t n)
{
	uint8_t *d;

	if (!n)	/* an empty write must not touch a never-allocated buffer */
		return;
	d = wb_room(w, n);
	if (d)
		memcpy(d, p, n);
}

size_t wb_hole(struct wbuf *w, size_t n)
{
	uint8_t *d = wb_room(w, n);

	if (!d)
		return w->len;
	memset(d, 0, n);
	return w->len - n;
}

void wb_put8(struct wbuf *w, size_t at, uint8_t v)
{
	if (!w->err && at < w->len)
		w->p[at] = v;
}

void wb_put16(struct wbuf *w, size_t at, uint16_t v)
{
	if (!w->err && at + 2 <= w->len) {
		w->p[at] = (uint8_t)(v >> 8);
		w->p[at + 1] = (uint8_t)v;
	}
}

void wb_truncate(struct wbuf *w, size_t len)
{
	if (len < w->len)
		w->len = len;
}
