/* The BGP instance: its listeners, accepting connections for configured
 * peers, and looking peers up. */
#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bgpd/bgp.h"
#include "lib/log.h"

static void inst_accept_cb(struct ev_loop *loop, ev_io *w, int revents);

struct bgp *bgp_new(struct ev_loop *loop, uint16_t port)
{
	struct bgp *bgp = calloc(1, sizeof(*bgp));

	if (!bgp)
		return NULL;
	bgp->loop = loop;
	bgp->port = port;
	bgp->lfd4 = bgp->lfd6 = -1;
	/* Timers and flags come with the configuration, defaults from YANG. */
	bgp_adj_init(bgp);
	return bgp;
}

static void inst_close_listeners(struct bgp *bgp)
{
	ev_io_stop(bgp->loop, &bgp->lio4);
	ev_io_stop(bgp->loop, &bgp->lio6);
	if (bgp->lfd4 >= 0)
		close(bgp->lfd4);
	if (bgp->lfd6 >= 0)
		close(bgp->lfd6);
	bgp->lfd4 = bgp->lfd6 = -1;
}

void bgp_free(struct bgp *bgp)
{
	struct bgp_peer *p, *n;

	if (!bgp)
		return;
	for (p = bgp->peers; p; p = n) {
		n = p->next;
		bgp_peer_free(p);
	}
	inst_close_listeners(bgp);
	free(bgp);
}

static int inst_listen_one(struct bgp *bgp, int family, int *fd, ev_io *io)
{
	char err[128];

	if (*fd >= 0)
		return 0;
	*fd = bgp_sock_listen(family, bgp->port, err, sizeof(err));
	if (*fd < 0) {
		log_err("bgp: cannot listen: %s", err);
		return -1;
	}
	ev_io_init(io, inst_accept_cb, *fd, EV_READ);
	io->data = bgp;
	ev_io_start(bgp->loop, io);
	return 0;
}

/* IPv6 may be disabled in a namespace; IPv4 peers still work then. */
int bgp_listen(struct bgp *bgp)
{
	int rc4, rc6;

	if (!bgp->port)
		return 0;
	rc4 = inst_listen_one(bgp, AF_INET, &bgp->lfd4, &bgp->lio4);
	rc6 = inst_listen_one(bgp, AF_INET6, &bgp->lfd6, &bgp->lio6);
	bgp_sock_peer_options(bgp);
	return rc4 < 0 && rc6 < 0 ? -1 : 0;
}

static bool inst_same_addr(const struct sockaddr_storage *a, const struct sockaddr *b)
{
	if (a->ss_family != b->sa_family)
		return false;
	if (b->sa_family == AF_INET)
		return ((const struct sockaddr_in *)a)->sin_addr.s_addr ==
		       ((const struct sockaddr_in *)b)->sin_addr.s_addr;
	return memcmp(&((const struct sockaddr_in6 *)a)->sin6_addr,
		      &((const struct sockaddr_in6 *)b)->sin6_addr, 16) == 0;
}

struct bgp_peer *bgp_peer_find(struct bgp *bgp, const struct sockaddr *sa)
{
	for (struct bgp_peer *p = bgp->peers; p; p = p->next)
		if (inst_same_addr(&p->addr, sa))
			return p;
	return NULL;
}

struct bgp_peer *bgp_peer_find_name(struct bgp *bgp, const char *name)
{
	for (struct bgp_peer *p = bgp->peers; p; p = p->next)
		if (strcmp(p->name, name) == 0)
			return p;
	return NULL;
}

bool bgp_peer_ebgp(const struct bgp_peer *p)
{
	if (p->cfg.as_internal || p->cfg.as_external)
		return p->cfg.as_external;
	return p->cfg.remote_as != p->bgp->asn;
}

/* An accepted connection joins its peer: it replaces a connect still in
 * progress, becomes the twin of one in OpenSent/OpenConfirm (collision,
 * resolved when both OPENs are in), and is refused if a session exists. */
static void inst_adopt(struct bgp_peer *p, int fd)
{
	struct bgp_conn *c;

	if (p->conn && p->conn->state == BGP_ESTABLISHED) {
		log_info("bgp: neighbor %s: connection refused, session already established",
			 p->name);
		close(fd);
		return;
	}
	bgp_sock_set_ttl(fd, p->addr.ss_family, bgp_peer_ebgp(p), p->cfg.ttl_hops);
	bgp_sock_ao_accepted(fd, &p->cfg, p->name);
	c = bgp_conn_new(p, fd, false);
	if (!c) {
		close(fd);
		return;
	}
	if (p->conn && p->conn->state == BGP_CONNECT) {
		bgp_conn_free(p->conn);
		p->conn = NULL;
	}
	if (!p->conn) {
		p->conn = c;
	} else {
		bgp_conn_close(p->other);
		p->other = c;
	}
	bgp_fsm_tcp_up(c);
}

static void inst_accept_cb(struct ev_loop *loop, ev_io *w, int revents)
{
	struct bgp *bgp = w->data;
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);
	struct bgp_peer *p;
	char addr[INET6_ADDRSTRLEN] = "?";
	int fd;

	(void)loop, (void)revents;
	fd = accept4(w->fd, (struct sockaddr *)&ss, &len, SOCK_NONBLOCK | SOCK_CLOEXEC);
	if (fd < 0)
		return;
	p = bgp_peer_find(bgp, (struct sockaddr *)&ss);
	if (!p || p->cfg.shutdown || !bgp->router_id) {
		inet_ntop(ss.ss_family,
			  ss.ss_family == AF_INET ? (void *)&((struct sockaddr_in *)&ss)->sin_addr
						  : (void *)&((struct sockaddr_in6 *)&ss)->sin6_addr,
			  addr, sizeof(addr));
		log_info("bgp: connection from %s refused: %s", addr,
			 !p ? "not a configured neighbor" : "neighbor is shut down");
		close(fd);
		return;
	}
	inst_adopt(p, fd);
}
