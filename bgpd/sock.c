/* Socket options a BGP session needs before its first packet: TCP MD5
 * (RFC 2385), TCP-AO (RFC 5925, bgpd/sock_ao.c), GTSM (RFC 5082), TTL for
 * single-hop eBGP, the update source, and non-blocking connect. */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "bgpd/bgp.h"
#include "lib/log.h"

int bgp_sock_set_md5(int fd, const struct sockaddr_storage *peer, const char *key)
{
	struct tcp_md5sig md5;
	size_t klen = key ? strlen(key) : 0;

	if (klen > TCP_MD5SIG_MAXKEYLEN) {
		errno = EINVAL;
		return -1;
	}
	memset(&md5, 0, sizeof(md5));
	memcpy(&md5.tcpm_addr, peer, sizeof(md5.tcpm_addr));
	md5.tcpm_keylen = (uint16_t)klen;	/* 0 deletes the key */
	if (klen)
		memcpy(md5.tcpm_key, key, klen);
	if (setsockopt(fd, IPPROTO_TCP, TCP_MD5SIG, &md5, sizeof(md5)) < 0) {
		/* Deleting a key that was never set is not a failure. */
		return (!klen && errno == ENOENT) ? 0 : -1;
	}
	return 0;
}

/* GTSM: send with TTL 255 and accept only TTL >= 256 - hops. Without it a
 * single-hop eBGP session sends TTL 1, as FRR does, and iBGP the system
 * default (-1), which an accepted socket must be told explicitly: it
 * inherits the listener's 255. */
int bgp_sock_set_ttl(int fd, int family, bool ebgp, uint8_t gtsm_hops)
{
	int ttl = gtsm_hops ? 255 : (ebgp ? 1 : -1);
	int min = gtsm_hops ? 256 - gtsm_hops : 0;
	int rc = 0;

	if (family == AF_INET) {
		rc |= setsockopt(fd, IPPROTO_IP, IP_TTL, &ttl, sizeof(ttl));
		if (min)
			rc |= setsockopt(fd, IPPROTO_IP, IP_MINTTL, &min, sizeof(min));
	} else {
		rc |= setsockopt(fd, IPPROTO_IPV6, IPV6_UNICAST_HOPS, &ttl, sizeof(ttl));
		if (min)
			rc |= setsockopt(fd, IPPROTO_IPV6, IPV6_MINHOPCOUNT, &min, sizeof(min));
	}
	return rc ? -1 : 0;
}

/* update-source is an address, or an interface whose first address of the
 * peer's family is used. */
static int bgp_sock_source(const char *src, int family, struct sockaddr_storage *ss)
{
	struct ifaddrs *ifa, *i;
	int rc = -1;

	memset(ss, 0, sizeof(*ss));
	ss->ss_family = (sa_family_t)family;
	if (family == AF_INET &&
	    inet_pton(AF_INET, src, &((struct sockaddr_in *)ss)->sin_addr) == 1)
		return 0;
	if (family == AF_INET6 &&
	    inet_pton(AF_INET6, src, &((struct sockaddr_in6 *)ss)->sin6_addr) == 1)
		return 0;
	if (getifaddrs(&ifa) < 0)
		return -1;
	for (i = ifa; i; i = i->ifa_next) {
		if (!i->ifa_addr || i->ifa_addr->sa_family != family || strcmp(i->ifa_name, src))
			continue;
		/* "lo" also holds 127.0.0.1 and ::1, which no peer can reach. */
		bool host = family == AF_INET
			? ntohl(((struct sockaddr_in *)i->ifa_addr)->sin_addr.s_addr) >> 24 == 127
			: IN6_IS_ADDR_LOOPBACK(&((struct sockaddr_in6 *)i->ifa_addr)->sin6_addr);
		if (host && rc == 0)
			continue;
		memcpy(ss, i->ifa_addr, family == AF_INET ? sizeof(struct sockaddr_in)
							  : sizeof(struct sockaddr_in6));
		rc = 0;
		if (!host)
			break;
	}
	freeifaddrs(ifa);
	return rc;
}

static int bgp_sock_prepare(struct bgp_peer *p, int fd, char *err, size_t errlen)
{
	int family = p->addr.ss_family;
	struct sockaddr_storage src;

	if (p->cfg.password[0] && bgp_sock_set_md5(fd, &p->addr, p->cfg.password) < 0) {
		snprintf(err, errlen, "TCP MD5: %s", strerror(errno));
		return -1;
	}
	if (p->cfg.n_ao && bgp_sock_ao_connect(fd, &p->addr, &p->cfg) < 0) {
		snprintf(err, errlen, "TCP-AO: %s", strerror(errno));
		return -1;
	}
	if (bgp_sock_set_ttl(fd, family, bgp_peer_ebgp(p), p->cfg.ttl_hops) < 0) {
		snprintf(err, errlen, "TTL/GTSM: %s", strerror(errno));
		return -1;
	}
	if (!p->cfg.update_source[0])
		return 0;
	if (bgp_sock_source(p->cfg.update_source, family, &src) < 0) {
		snprintf(err, errlen, "update-source %s: no such address", p->cfg.update_source);
		return -1;
	}
	if (bind(fd, (struct sockaddr *)&src, family == AF_INET ? sizeof(struct sockaddr_in)
							      : sizeof(struct sockaddr_in6)) < 0) {
		snprintf(err, errlen, "update-source %s: %s", p->cfg.update_source, strerror(errno));
		return -1;
	}
	return 0;
}

/* Returns the fd of a connect in progress (non-blocking). */
int bgp_sock_connect(struct bgp_peer *p, uint16_t port, char *err, size_t errlen)
{
	struct sockaddr_storage dst = p->addr;
	int fd = socket(p->addr.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	int one = 1;

	if (fd < 0) {
		snprintf(err, errlen, "socket: %s", strerror(errno));
		return -1;
	}
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	if (bgp_sock_prepare(p, fd, err, errlen) < 0) {
		close(fd);
		return -1;
	}
	if (dst.ss_family == AF_INET)
		((struct sockaddr_in *)&dst)->sin_port = htons(port);
	else
		((struct sockaddr_in6 *)&dst)->sin6_port = htons(port);
	if (connect(fd, (struct sockaddr *)&dst, p->addrlen) < 0 && errno != EINPROGRESS) {
		snprintf(err, errlen, "connect: %s", strerror(errno));
		close(fd);
		return -1;
	}
	return fd;
}

int bgp_sock_listen(int family, uint16_t port, char *err, size_t errlen)
{
	struct sockaddr_storage ss;
	int fd = socket(family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	int one = 1;

	if (fd < 0) {
		snprintf(err, errlen, "socket: %s", strerror(errno));
		return -1;
	}
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	/* Accepted sessions inherit it: an UPDATE must not wait for the ACK
	 * of the one before (Nagle against delayed ACK costs 40 ms a hop). */
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	/* The SYN-ACK leaves with the listener's TTL, before we know the peer:
	 * 255 lets a GTSM peer (RFC 5082) accept it; sessions then set their
	 * own TTL. */
	int ttl = 255;
	if (family == AF_INET)
		setsockopt(fd, IPPROTO_IP, IP_TTL, &ttl, sizeof(ttl));
	else
		setsockopt(fd, IPPROTO_IPV6, IPV6_UNICAST_HOPS, &ttl, sizeof(ttl));
	memset(&ss, 0, sizeof(ss));
	ss.ss_family = (sa_family_t)family;
	if (family == AF_INET) {
		((struct sockaddr_in *)&ss)->sin_port = htons(port);
	} else {
		/* A separate IPv4 socket takes IPv4 peers, so MD5 keys and
		 * addresses never come in the v4-mapped form. */
		setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof(one));
		((struct sockaddr_in6 *)&ss)->sin6_port = htons(port);
	}
	if (bind(fd, (struct sockaddr *)&ss, family == AF_INET ? sizeof(struct sockaddr_in)
							     : sizeof(struct sockaddr_in6)) < 0 ||
	    listen(fd, 64) < 0) {
		snprintf(err, errlen, "%s port %u: %s", family == AF_INET ? "IPv4" : "IPv6", port,
			 strerror(errno));
		close(fd);
		return -1;
	}
	return fd;
}

/* The listeners must know a peer's MD5 or AO key before its SYN arrives,
 * or the kernel drops the signed segments; keys of a changed or removed
 * peer must go, or they would keep authenticating the old secret. */
void bgp_sock_listener_keys(struct bgp *bgp, struct bgp_peer *p)
{
	int fd = p->addr.ss_family == AF_INET ? bgp->lfd4 : bgp->lfd6;
	struct bgp_peer_cfg *old = &p->listener_cfg, *now = &p->cfg;

	if (fd < 0)
		return;
	if (p->listener_keys_set && bgp_ao_same(old, now) && !strcmp(old->password, now->password))
		return;
	/* The kernel takes no AO key for a peer with an MD5 key: one kind
	 * goes before the other comes. */
	if (!now->n_ao)
		bgp_sock_ao_listener(fd, &p->addr, old, now, p->name);
	if (bgp_sock_set_md5(fd, &p->addr, now->password) < 0)
		log_err("bgp: neighbor %s: TCP MD5 on listener: %s", p->name, strerror(errno));
	if (now->n_ao)
		bgp_sock_ao_listener(fd, &p->addr, old, now, p->name);
	*old = *now;
	p->listener_keys_set = true;
}

/* A live session takes MKTs added and removed (config.c decides which
 * changes reset it instead): on each of the peer's connections. */
void bgp_sock_ao_session(struct bgp_peer *p, const struct bgp_peer_cfg *now)
{
	struct bgp_conn *conns[] = { p->conn, p->other };

	for (size_t i = 0; i < sizeof(conns) / sizeof(conns[0]); i++)
		if (conns[i] && conns[i]->fd >= 0)
			bgp_sock_ao_live(conns[i]->fd, &p->addr, &p->cfg, now, p->name);
}

void bgp_sock_peer_options(struct bgp *bgp)
{
	for (struct bgp_peer *p = bgp->peers; p; p = p->next)
		bgp_sock_listener_keys(bgp, p);
}
