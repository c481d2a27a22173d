/* Network byte order in fixed buffers: the one place for it outside the
 * streams (lib/rbuf.h reads a message, lib/wbuf.h writes one). For what is
 * built or read whole in place: a route distinguisher, an extended
 * community, an address as the decision process or a NOTIFICATION quotes
 * it, a frame header. */
#ifndef EVPND_BE_H
#define EVPND_BE_H

#include <stdint.h>

static inline uint16_t be16_get(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static inline uint32_t be32_get(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static inline void be16_put(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static inline void be32_put(uint8_t *p, uint32_t v)
{
	be16_put(p, (uint16_t)(v >> 16));
	be16_put(p + 2, (uint16_t)v);
}

#endif
