/* Splitting an NLRI field into its NLRI, per family (no ADD-PATH). Syntax
 * only: what a route means is the family's module's business. */
#ifndef EVPND_WIRE_NLRI_H
#define EVPND_WIRE_NLRI_H

#include <stdbool.h>

#include "lib/rbuf.h"
#include "wire/af.h"
#include "wire/update.h"

/* The next NLRI of r, whole (its length octet(s) included): 1 with one set,
 * 0 at the end, -1 when malformed (r is then in error). */
int bgp_nlri_next(enum bgp_af af, struct rbuf *r, struct bgp_bytes *one);
/* Whether a whole field splits exactly into NLRI (RFC 7606 §5.3). */
bool bgp_nlri_valid(enum bgp_af af, struct bgp_bytes field);

#endif
