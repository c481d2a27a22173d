/* AS_PATH, AGGREGATOR and their RFC 6793 AS4_* companions (aspath.c): the
 * row codecs of attr.c's table, and what runs once the walk is done. */
#ifndef EVPND_WIRE_ASPATH_H
#define EVPND_WIRE_ASPATH_H

#include "wire/attr.h"

bgp_attr_dec_fn bgp_aspath_decode, bgp_as4_path_decode, bgp_aggregator_decode,
	bgp_as4_aggr_decode;
bgp_attr_want_fn bgp_as4_path_want, bgp_as4_aggr_want;
bgp_attr_enc_fn bgp_aspath_encode, bgp_as4_path_encode, bgp_aggregator_encode,
	bgp_as4_aggr_encode;

/* RFC 6793 §4.2.3 on a 2-octet session, after the walk. */
void bgp_attrs_as4_merge(struct bgp_attr_parse *p);
/* RFC 4271 §6.3 with RFC 7606 §7.2 when ctx->peer_as is set, after the
 * merge: a path whose leftmost AS is not the peer's is treat-as-withdraw. */
void bgp_aspath_first_as(struct bgp_attr_parse *p);

#endif
