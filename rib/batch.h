/* A batch: one update group's pending changes for one family, as rib/
 * collects them for the session side to encode (bgpd/pack.c). The
 * announcements borrow their attributes and NLRI from the group's
 * rib_adv entries; withdrawn NLRI are copied, back to back, because their
 * rib_adv is gone by the time the batch is sent. */
#ifndef EVPND_RIB_BATCH_H
#define EVPND_RIB_BATCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/wbuf.h"
#include "wire/af.h"

struct rib_attr;

struct rib_batch_ann {
	struct rib_attr *attr;	/* borrowed: the rib_adv holds the reference */
	const uint8_t *nlri;	/* borrowed from the rib_adv */
	uint8_t len;
};

struct rib_batch {
	enum bgp_af af;
	struct rib_batch_ann *ann;
	size_t n, cap;
	struct wbuf wd;		/* withdrawn NLRI, back to back */
};

void rib_batch_init(struct rib_batch *b, enum bgp_af af);
void rib_batch_free(struct rib_batch *b);
bool rib_batch_announce(struct rib_batch *b, struct rib_attr *attr, const uint8_t *nlri,
			uint8_t len);
void rib_batch_withdraw(struct rib_batch *b, const uint8_t *nlri, uint8_t len);
/* Changes waiting: announcements plus withdrawals (at ~16 octets each). */
size_t rib_batch_pending(const struct rib_batch *b);
void rib_batch_clear(struct rib_batch *b);

#endif
