/* One hash function for every table (interned attributes, routes): FNV-1a
 * over bytes, finished with a multiply-shift so low bits (the bucket
 * index) depend on every input octet. */
#ifndef EVPND_HASH_H
#define EVPND_HASH_H

#include <stddef.h>
#include <stdint.h>

static inline uint32_t hash_bytes(const void *p, size_t n)
{
	const uint8_t *b = p;
	uint32_t h = 2166136261u;

	for (size_t i = 0; i < n; i++)
		h = (h ^ b[i]) * 16777619u;
	return (uint32_t)(((uint64_t)h * 0x9e3779b97f4a7c15ull) >> 32);
}

#endif
