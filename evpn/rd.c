#include "evpn/rd.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void put16(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static void put32(uint8_t *p, uint32_t v)
{
	put16(p, v >> 16);
	put16(p + 2, v & 0xffff);
}

static uint32_t get16(const uint8_t *p)
{
	return (uint32_t)p[0] << 8 | p[1];
}

static uint32_t get32(const uint8_t *p)
{
	return get16(p) << 16 | get16(p + 2);
}

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
		put16(rd->bytes, EVPN_RD_IP4);
		memcpy(rd->bytes + 2, &ip, 4);
		put16(rd->bytes + 6, (uint32_t)n);
		return 0;
	}
	if (parse_num(left, 0xffffffffu, &a) < 0 || parse_num(colon + 1, 0xffffffffu, &n) < 0)
		return -1;
	if (a <= 0xffff) {
		put16(rd->bytes, EVPN_RD_AS2);
		put16(rd->bytes + 2, (uint32_t)a);
		put32(rd->bytes + 4, (uint32_t)n);
		return 0;
	}
	if (n > 0xffff)
		return -1;
	put16(rd->bytes, EVPN_RD_AS4);
	put32(rd->bytes + 2, (uint32_t)a);
	put16(rd->bytes + 6, (uint32_t)n);
	return 0;
}

const char *evpn_rd_format(const struct evpn_rd *rd, char *buf, unsigned len)
{
	const uint8_t *v = rd->bytes + 2;
	char ip[INET_ADDRSTRLEN];

	switch (get16(rd->bytes)) {
	case EVPN_RD_AS2:
		snprintf(buf, len, "%u:%u", get16(v), get32(v + 2));
		break;
	case EVPN_RD_IP4:
		inet_ntop(AF_INET, v, ip, sizeof(ip));
		snprintf(buf, len, "%s:%u", ip, get16(v + 4));
		break;
	case EVPN_RD_AS4:
		snprintf(buf, len, "%u:%u", get32(v), get16(v + 4));
		break;
	default:
		snprintf(buf, len, "type%u:%02x%02x%02x%02x%02x%02x", get16(rd->bytes), v[0], v[1],
			 v[2], v[3], v[4], v[5]);
	}
	return buf;
}

const char *evpn_auto_rt(uint32_t asn, uint32_t vni, char *buf, unsigned len)
{
	snprintf(buf, len, "%u:%u", asn > 0xffff ? asn & 0xffff : asn, vni);
	return buf;
}
