/* The writer every encoder uses: grows on demand up to a hard limit (a BGP
 * message's maximum size), and like rbuf keeps a sticky error so an encoder
 * writes a whole message and checks once. */
#ifndef EVPND_WBUF_H
#define EVPND_WBUF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct wbuf {
	uint8_t *p;
	size_t len;
	size_t cap;
	size_t max;
	bool err;
};

void wb_init(struct wbuf *w, size_t max);
void wb_free(struct wbuf *w);
void wb_reset(struct wbuf *w);
void wb_u8(struct wbuf *w, uint8_t v);
void wb_u16(struct wbuf *w, uint16_t v);
void wb_u24(struct wbuf *w, uint32_t v);
void wb_u32(struct wbuf *w, uint32_t v);
void wb_bytes(struct wbuf *w, const void *p, size_t n);
/* Reserves n bytes to be filled in later (lengths known only afterwards);
 * returns their offset. */
size_t wb_hole(struct wbuf *w, size_t n);
void wb_put8(struct wbuf *w, size_t at, uint8_t v);
void wb_put16(struct wbuf *w, size_t at, uint16_t v);
/* Cuts the buffer back to len (drops a partly written element). */
void wb_truncate(struct wbuf *w, size_t len);

static inline bool wb_ok(const struct wbuf *w) { return !w->err; }

#endif
