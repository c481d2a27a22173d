#include "evpn/rd.h"
#include "lib/be.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A decimal number of at most max, all of s. */
static int parse_num(const char *s, uint64_t max, uint64_t *out)
{
	char *end;

	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	unsigned long long v = strtoull(s, &end, 10);
	if (errno || *end || v > max)
		return -1;
	*out = v;
	return 0;
}

int evpn_rd_parse(const char *text, struct evpn_rd *rd)
{
	const char *colon = strrchr(text, ':');
	char left[32];
	uint64_t a, n;
	struct in_addr ip;

	if (!colon || colon == text || (size_t)(colon - text) >= sizeof(left))
		return -1;
	memcpy(left, text, (size_t)(colon - text));
	left[colon - text] = '\0';
	memset(rd, 0, sizeof(*rd));
	if (strchr(left, '.')) {
		if (inet_pton(AF_INET, left, &ip) != 1 || parse_num(colon + 1, 0xffff, &n) < 0)
			return -1;
		be16_put(rd->bytes, EVPN_RD_IP4);
		memcpy(rd->bytes + 2, &ip, 4);
		be16_put(rd->bytes + 6, (uint32_t)n);
		return 0;
	}
	if (parse_num(left, 0xffffffffu, &a) < 0 || parse_num(colon + 1, 0xffffffffu, &n) < 0)
		return -1;
	if (a <= 0xffff) {
		be16_put(rd->bytes, EVPN_RD_AS2);
		be16_put(rd->bytes + 2, (uint32_t)a);
		be32_put(rd->bytes + 4, (uint32_t)n);
		return 0;
	}
	if (n > 0xffff)
		return -1;
	be16_put(rd->bytes, EVPN_RD_AS4);
	be32_put(rd->bytes + 2, (uint32_t)a);
	be16_put(rd->bytes + 6, (uint32_t)n);
	return 0;
}

const char *evpn_rd_format(const struct evpn_rd *rd, char *buf, unsigned len)
{
	const uint8_t *v = rd->bytes + 2;
	char ip[INET_ADDRSTRLEN];

	switch (be16_get(rd->bytes)) {
	case EVPN_RD_AS2:
		snprintf(buf, len, "%u:%u", be16_get(v), be32_get(v + 2));
		break;
	case EVPN_RD_IP4:
		inet_ntop(AF_INET, v, ip, sizeof(ip));
		snprintf(buf, len, "%s:%u", ip, be16_get(v + 4));
		break;
	case EVPN_RD_AS4:
		snprintf(buf, len, "%u:%u", be32_get(v), be16_get(v + 4));
		break;
	default:
		snprintf(buf, len, "type%u:%02x%02x%02x%02x%02x%02x", be16_get(rd->bytes), v[0], v[1],
			 v[2], v[3], v[4], v[5]);
	}
	return buf;
}

const char *evpn_auto_rt(uint32_t asn, uint32_t vni, char *buf, unsigned len)
{
	snprintf(buf, len, "%u:%u", asn > 0xffff ? asn & 0xffff : asn, vni);
	return buf;
}
