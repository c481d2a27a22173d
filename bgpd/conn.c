/* A connection's bytes: non-blocking reads cut into whole messages for the
 * FSM, and a bounded chain of output chunks drained when the socket is
 * writable. Nothing here blocks. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bgpd/bgp.h"
#include "lib/log.h"

#define BGP_READ_CHUNK 65536

static void conn_read_cb(struct ev_loop *loop, ev_io *w, int revents);
static void conn_write_cb(struct ev_loop *loop, ev_io *w, int revents);

struct bgp_conn *bgp_conn_new(struct bgp_peer *p, int fd, bool outgoing)
{
	struct bgp_conn *c = calloc(1, sizeof(*c));

	if (!c)
		return NULL;
	c->peer = p;
	c->fd = fd;
	c->outgoing = outgoing;
	c->state = BGP_CONNECT;
	ev_io_init(&c->rio, conn_read_cb, fd, EV_READ);
	ev_io_init(&c->wio, conn_write_cb, fd, EV_WRITE);
	c->rio.data = c->wio.data = c;
	return c;
}

static void conn_drop_output(struct bgp_conn *c)
{
	struct bgp_chunk *ch, *n;

	for (ch = c->out_head; ch; ch = n) {
		n = ch->next;
		free(ch);
	}
	c->out_head = c->out_tail = NULL;
	c->out_bytes = 0;
}

static void conn_drop_unsent(struct bgp_conn *c)
{
	struct bgp_chunk *head = c->out_head;

	if (!head || head->off == 0) {
		conn_drop_output(c);
		return;
	}
	c->out_head = head->next;
	conn_drop_output(c);
	head->next = NULL;
	c->out_head = c->out_tail = head;
	c->out_bytes = head->len - head->off;
}

void bgp_conn_free(struct bgp_conn *c)
{
	struct ev_loop *loop;

	if (!c)
		return;
	loop = c->peer->bgp->loop;
	ev_io_stop(loop, &c->rio);
	ev_io_stop(loop, &c->wio);
	ev_timer_stop(loop, &c->hold_timer);
	ev_timer_stop(loop, &c->ka_timer);
	if (c->fd >= 0)
		close(c->fd);
	conn_drop_output(c);
	free(c->in);
	free(c);
}

void bgp_conn_start_io(struct bgp_conn *c)
{
	ev_io_start(c->peer->bgp->loop, &c->rio);
	if (c->out_head)
		ev_io_start(c->peer->bgp->loop, &c->wio);
}

/* Writes until the socket would block. Returns -1 on a dead socket. */
static int conn_flush(struct bgp_conn *c)
{
	while (c->out_head) {
		struct bgp_chunk *ch = c->out_head;
		ssize_t n = send(c->fd, ch->data + ch->off, ch->len - ch->off, MSG_NOSIGNAL);
		if (n < 0)
			return (errno == EAGAIN || errno == EINTR) ? 0 : -1;
		ch->off += (size_t)n;
		c->out_bytes -= (size_t)n;
		c->peer->last_write = time(NULL);
		if (ch->off < ch->len)
			return 0;
		c->out_head = ch->next;
		if (!c->out_head)
			c->out_tail = NULL;
		free(ch);
	}
	return 0;
}

bool bgp_conn_send(struct bgp_conn *c, const uint8_t *msg, size_t len)
{
	struct bgp_chunk *ch;

	if (c->out_bytes + len > BGP_OUTQ_MAX)
		return false;
	ch = malloc(sizeof(*ch) + len);
	if (!ch)
		return false;
	ch->next = NULL;
	ch->len = len;
	ch->off = 0;
	memcpy(ch->data, msg, len);
	if (c->out_tail)
		c->out_tail->next = ch;
	else
		c->out_head = ch;
	c->out_tail = ch;
	c->out_bytes += len;
	if (c->state != BGP_CONNECT)
		ev_io_start(c->peer->bgp->loop, &c->wio);
	return true;
}

void bgp_conn_send_notify(struct bgp_conn *c, const struct bgp_notify *n)
{
	struct wbuf w;

	wb_init(&w, BGP_MAX_LEN);
	bgp_notify_build(&w, n);
	/* A NOTIFICATION goes out even over a full backlog: it is the last. A
	 * message already half on the wire must be finished first, or the
	 * peer reads the NOTIFICATION as the rest of it. */
	conn_drop_unsent(c);
	if (wb_ok(&w))
		bgp_conn_send(c, w.p, w.len);
	wb_free(&w);
	c->peer->tx.notify++;
	c->peer->last_notify_sent = *n;
	c->peer->has_notify_sent = true;
	c->peer->last_notify_rcvd_latest = false;
	if (c == c->peer->conn)
		c->peer->notified = true;
}

/* Best effort: the NOTIFICATION just queued should reach the peer, but a
 * peer that does not read must not keep us waiting. */
void bgp_conn_close(struct bgp_conn *c)
{
	if (!c)
		return;
	if (c->fd >= 0 && c->out_head)
		conn_flush(c);
	if (c->fd >= 0)
		shutdown(c->fd, SHUT_RDWR);
	bgp_conn_free(c);
}

/* A non-blocking connect finished: SO_ERROR tells how. */
static void conn_connected(struct bgp_conn *c)
{
	int err = 0;
	socklen_t len = sizeof(err);

	ev_io_stop(c->peer->bgp->loop, &c->wio);
	if (getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &err, &len) < 0)
		err = errno;
	if (err) {
		bgp_fsm_closed(c, strerror(err));
		return;
	}
	bgp_fsm_tcp_up(c);
}

static void conn_write_cb(struct ev_loop *loop, ev_io *w, int revents)
{
	struct bgp_conn *c = w->data;

	(void)revents;
	if (c->state == BGP_CONNECT) {
		conn_connected(c);
		return;
	}
	if (conn_flush(c) < 0) {
		bgp_fsm_closed(c, "write failed");
		return;
	}
	if (!c->out_head)
		ev_io_stop(loop, w);
	if (c->state == BGP_ESTABLISHED && c == c->peer->conn && c->out_bytes < BGP_OUTQ_LOW)
		bgp_adj_writable(c->peer);
}

/* Hands every complete message in the buffer to the FSM. Returns false
 * when the FSM closed the connection (c is gone). */
static bool conn_dispatch(struct bgp_conn *c)
{
	struct bgp_peer *p = c->peer;
	size_t off = 0;


	while (c->in_len - off >= BGP_HDR_LEN) {
		struct rbuf r;
		struct bgp_notify err;
		uint8_t type;
		uint16_t len;
		size_t max = p->ext_msg && c->state == BGP_ESTABLISHED ? BGP_EXT_MAX_LEN
								       : BGP_MAX_LEN;

		rb_init(&r, c->in + off, c->in_len - off);
		if (bgp_hdr_parse(&r, max, &type, &len, &err) < 0) {
			bgp_fsm_error(c, &err, "bad message header");
			return false;
		}
		if (c->in_len - off < len)
			break;
		/* The FSM may free c (errors, collisions) and says so. */
		if (bgp_fsm_message(c, type, c->in + off + BGP_HDR_LEN, len - BGP_HDR_LEN) < 0)
			return false;
		off += len;
	}
	memmove(c->in, c->in + off, c->in_len - off);
	c->in_len -= off;
	return true;
}

static void conn_read_cb(struct ev_loop *loop, ev_io *w, int revents)
{
	struct bgp_conn *c = w->data;
	ssize_t n;

	(void)loop, (void)revents;
	if (!c->in) {
		c->in_cap = BGP_EXT_MAX_LEN + BGP_READ_CHUNK;
		c->in = malloc(c->in_cap);
		if (!c->in) {
			bgp_fsm_closed(c, "out of memory");
			return;
		}
	}
	n = recv(c->fd, c->in + c->in_len, c->in_cap - c->in_len, 0);
	if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR)) {
		bgp_fsm_closed(c, n == 0 ? "Peer closed the session" : strerror(errno));
		return;
	}
	if (n < 0)
		return;
	c->in_len += (size_t)n;
	c->peer->last_read = time(NULL);
	conn_dispatch(c);
}
