/* Capabilities (RFC 5492) inside the OPEN message's optional parameters.
 * Internal to the OPEN codec (open.c); everyone else sees struct bgp_caps
 * through msg.h. */
#ifndef EVPND_WIRE_CAPS_H
#define EVPND_WIRE_CAPS_H

#include "wire/msg.h"

/* RFC 5492 §4: the one optional parameter type still in use. */
#define BGP_OPT_CAPS 2
/* OPEN error subcode 0: RFC 4271 names none for a malformed optional
 * parameter or capability; FRR sends 0 ("Unspecific",
 * BGP_NOTIFY_OPEN_MALFORMED_ATTR) and so do we. */
#define BGP_OPEN_UNSPECIFIC 0

/* Decodes the capabilities in one Capabilities Optional Parameter (its
 * value, a sequence of code/length/value). Known capabilities are merged
 * into c, unknown ones counted in c->unknown. -1 with err set (OPEN
 * error, subcode 0) when a capability is malformed. */
int bgp_caps_parse(struct rbuf *param, struct bgp_caps *c, struct bgp_notify *err);

/* Appends c as optional parameters, one capability per parameter and in
 * the order FRR 8.4 sends them. */
void bgp_caps_build(struct wbuf *w, const struct bgp_caps *c);

#endif
