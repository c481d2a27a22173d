/* UPDATE packing: one group's pending changes for one family, turned into
 * as few UPDATEs as fit (RFC 4271 §4.3, RFC 4760 §3-4): announcements
 * sorted so routes sharing attributes share a message whose attributes
 * are encoded once, withdrawals packed into MP_UNREACH. */
#ifndef EVPND_RIB_PACK_H
#define EVPND_RIB_PACK_H

#include "lib/wbuf.h"
#include "rib/out.h"

struct rib_pack_ann {
	struct rib_attr *attr;	/* borrowed: the rib_adv holds the reference */
	const uint8_t *nlri;	/* borrowed from the rib_adv */
	uint8_t len;
};

struct rib_pack {
	enum bgp_af af;
	struct rib_pack_ann *ann;
	size_t n, cap;
	struct wbuf wd;		/* withdrawn NLRI, back to back */
};

/* Where the messages go: every peer of a group, or only one of them. */
struct rib_pack_to {
	const struct rib_out_policy *pol;
	uint32_t local_as;
	struct rib_out_peer *peers;	/* a group's list */
	struct rib_out_peer *only;	/* when set, only this one */
};

void rib_pack_init(struct rib_pack *b, enum bgp_af af);
void rib_pack_free(struct rib_pack *b);
bool rib_pack_announce(struct rib_pack *b, struct rib_attr *attr, const uint8_t *nlri,
		       uint8_t len);
void rib_pack_withdraw(struct rib_pack *b, const uint8_t *nlri, uint8_t len);
size_t rib_pack_pending(const struct rib_pack *b);
/* Sends everything pending and empties b. */
void rib_pack_send(struct rib_pack *b, const struct rib_pack_to *to);

#endif
