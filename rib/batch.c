/* Collecting a group's changes until they are sent. */
#include <stdlib.h>
#include <string.h>

#include "rib/batch.h"

/* A withdrawn type-2 NLRI is ~35 octets, a prefix 2-17: 16 is a rough
 * middle, enough to bound a batch of withdrawals. */
#define BATCH_WD_UNIT 16

void rib_batch_init(struct rib_batch *b, enum bgp_af af)
{
	memset(b, 0, sizeof(*b));
	b->af = af;
	wb_init(&b->wd, SIZE_MAX);
}

void rib_batch_free(struct rib_batch *b)
{
	free(b->ann);
	wb_free(&b->wd);
	memset(b, 0, sizeof(*b));
}

bool rib_batch_announce(struct rib_batch *b, struct rib_attr *attr, const uint8_t *nlri,
			uint8_t len)
{
	if (b->n == b->cap) {
		size_t cap = b->cap ? b->cap * 2 : 256;
		struct rib_batch_ann *a = realloc(b->ann, cap * sizeof(*a));
		if (!a)
			return false;
		b->ann = a;
		b->cap = cap;
	}
	b->ann[b->n++] = (struct rib_batch_ann){ attr, nlri, len };
	return true;
}

void rib_batch_withdraw(struct rib_batch *b, const uint8_t *nlri, uint8_t len)
{
	wb_bytes(&b->wd, nlri, len);
}

size_t rib_batch_pending(const struct rib_batch *b)
{
	return b->n + b->wd.len / BATCH_WD_UNIT;
}

void rib_batch_clear(struct rib_batch *b)
{
	b->n = 0;
	wb_reset(&b->wd);
}
