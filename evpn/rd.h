/* Route distinguishers (RFC 4364 section 4.2) and route targets (RFC 4360,
 * RFC 5668) in their text forms ASN:NN and A.B.C.D:NN, and the 8 octets
 * they travel as. */
#ifndef EVPND_EVPN_RD_H
#define EVPND_EVPN_RD_H

#include <stdint.h>

#define EVPN_RD_LEN 8

enum evpn_rd_type {
	EVPN_RD_AS2 = 0, /* 2-octet AS : 4-octet number */
	EVPN_RD_IP4 = 1, /* IPv4 address : 2-octet number */
	EVPN_RD_AS4 = 2, /* 4-octet AS : 2-octet number */
};

struct evpn_rd {
	uint8_t bytes[EVPN_RD_LEN]; /* type (2 octets) and value, network order */
};

/* Parses "ASN:NN" or "A.B.C.D:NN"; the type follows from the sizes. Returns
 * -1 when a part is out of range for every type. */
int evpn_rd_parse(const char *text, struct evpn_rd *rd);
/* Prints rd in the form it was parsed from; buf needs 32 octets. */
const char *evpn_rd_format(const struct evpn_rd *rd, char *buf, unsigned len);
/* The auto route target FRR derives: ASN:VNI, with a 4-octet AS reduced to
 * its low 16 bits. buf needs 32 octets. */
const char *evpn_auto_rt(uint32_t asn, uint32_t vni, char *buf, unsigned len);

#endif
