/* The injector's one BGP session (RFC 4271 §8, the active side only):
 * connect, exchange OPENs offering L2VPN EVPN (RFC 4760) and 4-octet ASes
 * (RFC 6793), then keep the session up while phases are sent. What the peer
 * sends is parsed only as far as framing needs: its UPDATEs are dropped,
 * a NOTIFICATION ends the run. */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "bench/inject/inject.h"
#include "lib/rbuf.h"
#include "wire/msg.h"

#define HOLD 90

struct inj_sess {
	int fd;
	uint8_t in[2 * BGP_EXT_MAX_LEN];
	size_t in_len;
	double last_sent;
	bool open_seen, up;
};

double inj_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Blocking send of a small message (OPEN, KEEPALIVE): the socket is
 * nonblocking, so wait for room. */
static int sess_write_all(struct inj_sess *x, const uint8_t *p, size_t len)
{
	while (len) {
		ssize_t n = send(x->fd, p, len, MSG_NOSIGNAL);
		if (n < 0 && errno == EAGAIN) {
			struct pollfd pf = { .fd = x->fd, .events = POLLOUT };
			poll(&pf, 1, 1000);
			continue;
		}
		if (n < 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	x->last_sent = inj_now();
	return 0;
}

static int sess_keepalive(struct inj_sess *x)
{
	struct wbuf w;
	int rc;

	wb_init(&w, BGP_MAX_LEN);
	bgp_keepalive_build(&w);
	rc = sess_write_all(x, w.p, w.len);
	wb_free(&w);
	return rc;
}

static int sess_open(struct inj_sess *x, const struct inj_cfg *c)
{
	struct bgp_open o = { .version = 4, .hold = HOLD, .bgp_id = c->router_id };
	struct wbuf w;
	int rc;

	o.my_as = c->local_as > 0xffff ? BGP_AS_TRANS : (uint16_t)c->local_as;
	o.caps.mp = 1u << BGP_AF_L2VPN_EVPN;
	o.caps.as4 = true;
	o.caps.as4_asn = c->local_as;
	o.caps.route_refresh = true;
	wb_init(&w, BGP_MAX_LEN);
	bgp_open_build(&w, &o);
	rc = sess_write_all(x, w.p, w.len);
	wb_free(&w);
	return rc;
}

/* One whole message from the peer. -1 ends the session. */
static int sess_msg(struct inj_sess *x, uint8_t type, struct rbuf *body)
{
	struct bgp_notify n;

	if (type == BGP_MSG_NOTIFICATION) {
		bgp_notify_parse(body, &n);
		fprintf(stderr, "inject: NOTIFICATION from the peer: %s/%s\n", bgp_err_str(n.code),
			bgp_suberr_str(n.code, n.subcode));
		return -1;
	}
	if (type == BGP_MSG_OPEN) {
		struct bgp_open o;
		if (bgp_open_parse(body, &o, &n) < 0 || !(o.caps.mp & (1u << BGP_AF_L2VPN_EVPN))) {
			fprintf(stderr, "inject: the peer's OPEN does not offer L2VPN EVPN\n");
			return -1;
		}
		x->open_seen = true;
		return sess_keepalive(x);
	}
	/* Their KEEPALIVE after their OPEN: Established (RFC 4271 §8.2.2). */
	if (type == BGP_MSG_KEEPALIVE && x->open_seen)
		x->up = true;
	return 0;
}

/* Reads what is there and handles every whole message. */
static int sess_read(struct inj_sess *x)
{
	ssize_t n = recv(x->fd, x->in + x->in_len, sizeof(x->in) - x->in_len, 0);
	size_t off = 0;

	if (n == 0 || (n < 0 && errno != EAGAIN)) {
		fprintf(stderr, "inject: the peer closed the session\n");
		return -1;
	}
	if (n > 0)
		x->in_len += (size_t)n;
	while (x->in_len - off >= BGP_HDR_LEN) {
		struct rbuf r, body;
		struct bgp_notify err;
		uint8_t type;
		uint16_t len;
		rb_init(&r, x->in + off, x->in_len - off);
		if (bgp_hdr_parse(&r, BGP_EXT_MAX_LEN, &type, &len, &err) < 0) {
			fprintf(stderr, "inject: bad message header from the peer\n");
			return -1;
		}
		if (x->in_len - off < len)
			break;
		rb_init(&body, x->in + off + BGP_HDR_LEN, len - BGP_HDR_LEN);
		if (sess_msg(x, type, &body) < 0)
			return -1;
		off += len;
	}
	memmove(x->in, x->in + off, x->in_len - off);
	x->in_len -= off;
	return 0;
}

static int sess_tcp(uint32_t local, uint32_t peer)
{
	struct sockaddr_in la = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(local) };
	struct sockaddr_in pa = { .sin_family = AF_INET, .sin_port = htons(BGP_PORT),
				  .sin_addr.s_addr = htonl(peer) };
	int one = 1;

	for (double until = inj_now() + 60; inj_now() < until; usleep(200000)) {
		int fd = socket(AF_INET, SOCK_STREAM, 0);
		if (fd < 0)
			return -1;
		setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
		if ((!local || bind(fd, (struct sockaddr *)&la, sizeof(la)) == 0) &&
		    connect(fd, (struct sockaddr *)&pa, sizeof(pa)) == 0) {
			fcntl(fd, F_SETFL, O_NONBLOCK);
			return fd;
		}
		close(fd);
	}
	fprintf(stderr, "inject: cannot connect to the peer: %s\n", strerror(errno));
	return -1;
}

/* One attempt: TCP, OPENs, KEEPALIVEs. */
static int sess_try(struct inj_sess *x, uint32_t local, uint32_t peer, const struct inj_cfg *c)
{
	if ((x->fd = sess_tcp(local, peer)) < 0 || sess_open(x, c) < 0)
		return -1;
	for (double until = inj_now() + 30; !x->up; ) {
		struct pollfd pf = { .fd = x->fd, .events = POLLIN };
		if (inj_now() > until || poll(&pf, 1, 1000) < 0 || sess_read(x) < 0)
			return -1;
	}
	return 0;
}

/* A receiver that listens before its configuration is loaded closes the
 * first connections: try again for a minute. */
struct inj_sess *inj_connect(uint32_t local, uint32_t peer, const struct inj_cfg *c)
{
	struct inj_sess *x = calloc(1, sizeof(*x));

	for (double until = inj_now() + 60; x && inj_now() < until; usleep(500000)) {
		if (sess_try(x, local, peer, c) == 0)
			return x;
		if (x->fd >= 0)
			close(x->fd);
		memset(x, 0, sizeof(*x));
	}
	fprintf(stderr, "inject: no session with the peer\n");
	free(x);
	return NULL;
}

void inj_close(struct inj_sess *x)
{
	if (!x)
		return;
	if (x->fd >= 0)
		close(x->fd);
	free(x);
}

/* Keeps our side of the hold timer (RFC 4271 §4.4: a third of it). */
static int sess_tick(struct inj_sess *x)
{
	return inj_now() - x->last_sent > HOLD / 3 ? sess_keepalive(x) : 0;
}

int inj_send(struct inj_sess *x, const struct inj_stream *s, double *first, double *last)
{
	size_t off = 0;

	*first = 0;
	while (off < s->w.len) {
		struct pollfd pf = { .fd = x->fd, .events = POLLIN | POLLOUT };
		if (poll(&pf, 1, 1000) < 0 || ((pf.revents & POLLIN) && sess_read(x) < 0))
			return -1;
		if (!(pf.revents & POLLOUT))
			continue;
		ssize_t n = send(x->fd, s->w.p + off, s->w.len - off, MSG_NOSIGNAL);
		if (n < 0 && errno != EAGAIN)
			return -1;
		if (n > 0 && !*first)
			*first = inj_now();
		off += n > 0 ? (size_t)n : 0;
	}
	*last = x->last_sent = inj_now();
	return 0;
}

int inj_idle(struct inj_sess *x, double timeout)
{
	for (double until = inj_now() + timeout; inj_now() < until; ) {
		struct pollfd pf[2] = { { .fd = 0, .events = POLLIN },
					{ .fd = x->fd, .events = POLLIN } };
		if (poll(pf, 2, 1000) < 0)
			return -1;
		if ((pf[1].revents & POLLIN) && sess_read(x) < 0)
			return -1;
		if (sess_tick(x) < 0)
			return -1;
		if (pf[0].revents & (POLLIN | POLLHUP))
			return 1;
	}
	return 0;
}
