/* TCP-AO (RFC 5925) keys on a socket, through Linux's TCP_AO_ADD_KEY
 * (6.7+). Debian bookworm's headers predate it, so the option and its
 * structures are declared here as the kernel's uapi defines them. */
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "bgpd/bgp.h"

#ifndef TCP_AO_ADD_KEY
#define TCP_AO_ADD_KEY 38
#define TCP_AO_DEL_KEY 39
#define TCP_AO_MAXKEYLEN 80

struct tcp_ao_add {
	struct sockaddr_storage addr;
	char alg_name[64];
	int32_t ifindex;
	uint32_t set_current : 1, set_rnext : 1, reserved : 30;
	uint16_t reserved2;
	uint8_t prefix, sndid, rcvid, maclen, keyflags, keylen;
	uint8_t key[TCP_AO_MAXKEYLEN];
} __attribute__((aligned(8)));

struct tcp_ao_del {
	struct sockaddr_storage addr;
	int32_t ifindex;
	uint32_t set_current : 1, set_rnext : 1, del_async : 1, reserved : 29;
	uint16_t reserved2;
	uint8_t prefix, sndid, rcvid, current_key, rnext, keyflags;
} __attribute__((aligned(8)));
#endif

static uint8_t ao_prefix(const struct sockaddr_storage *peer)
{
	return peer->ss_family == AF_INET ? 32 : 128;
}

/* RFC 5926's mandatory MAC: HMAC-SHA-1 truncated to 96 bits. A listener's
 * key must not be "current" (nothing is sent on it yet); a connecting
 * socket's must be. */
int bgp_sock_set_ao(int fd, const struct sockaddr_storage *peer, const char *key,
		    uint8_t sndid, uint8_t rcvid, bool listener)
{
	struct tcp_ao_add ao;
	size_t klen = strlen(key);

	if (klen > TCP_AO_MAXKEYLEN) {
		errno = EINVAL;
		return -1;
	}
	memset(&ao, 0, sizeof(ao));
	memcpy(&ao.addr, peer, sizeof(*peer));
	strcpy(ao.alg_name, "hmac(sha1)");
	ao.set_current = ao.set_rnext = !listener;
	ao.prefix = ao_prefix(peer);
	ao.sndid = sndid;
	ao.rcvid = rcvid;
	ao.maclen = 12;
	ao.keylen = (uint8_t)klen;
	memcpy(ao.key, key, klen);
	return setsockopt(fd, IPPROTO_TCP, TCP_AO_ADD_KEY, &ao, sizeof(ao));
}

/* Kernels without CONFIG_TCP_AO answer ENOPROTOOPT; asking once with a
 * throwaway socket lets configuration refuse a key it could never use. */
bool bgp_sock_ao_supported(void)
{
	struct sockaddr_storage ss = { .ss_family = AF_INET };
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	bool ok;

	if (fd < 0)
		return false;
	ok = bgp_sock_set_ao(fd, &ss, "probe", 1, 1, true) == 0 || errno != ENOPROTOOPT;
	close(fd);
	return ok;
}

int bgp_sock_del_ao(int fd, const struct sockaddr_storage *peer, uint8_t sndid, uint8_t rcvid)
{
	struct tcp_ao_del del;

	memset(&del, 0, sizeof(del));
	memcpy(&del.addr, peer, sizeof(*peer));
	del.prefix = ao_prefix(peer);
	del.sndid = sndid;
	del.rcvid = rcvid;
	if (setsockopt(fd, IPPROTO_TCP, TCP_AO_DEL_KEY, &del, sizeof(del)) < 0)
		return errno == ENOENT ? 0 : -1;
	return 0;
}
