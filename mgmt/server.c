#include "mgmt/server.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "lib/errbuf.h"
#include "lib/log.h"
#include "mgmt/frame.h"
#include "mgmt/tls.h"

/* Stop reading a connection's requests while this much output waits: a client
 * that pipelines requests without reading replies then stalls itself
 * instead of growing our queue towards MGMT_OUT_MAX. */
#define OUT_PAUSE (1u * 1024u * 1024u)
#define READ_CHUNK 65536u
#define LISTEN_BACKLOG 16
/* After running out of descriptors, how long to leave the listeners
 * alone; otherwise a level-triggered listener would spin. */
#define ACCEPT_BACKOFF 1.0

struct outbuf {
	struct outbuf *next;
	uint8_t *data; /* a whole frame */
	size_t len, off;
};

struct mgmt_listener {
	struct mgmt_server *srv;
	ev_io io;
	int fd; /* -1 when closed */
	bool tls;
};

struct mgmt_conn {
	struct mgmt_server *srv;
	struct mgmt_conn *prev, *next;
	int fd;
	SSL *ssl; /* NULL on the UNIX socket */
	bool handshaking;
	bool tls_broken; /* a fatal TLS error: no close_notify */
	bool peer_eof;
	/* Socket readiness each direction waits for (TLS may cross them). */
	int hs_want, rd_want, wr_want;
	int armed; /* events the watcher is started with */
	ev_io io;
	ev_timer hs_timer;
	ev_timer idle;	 /* restarted by every request and byte moved */
	ev_tstamp active; /* when it last did either */
	struct mgmt_frame_decoder in;
	struct outbuf *out_head, *out_tail;
	size_t out_bytes;
	void *data;
	char peer[256];
};

struct mgmt_server {
	struct ev_loop *loop;
	mgmt_request_fn on_request;
	mgmt_close_fn on_close;
	void *arg;
	struct mgmt_listener unix_l, tls_l;
	char *unix_path;
	SSL_CTX *tls_ctx;
	char *tls_address;
	unsigned tls_port_bound;
	struct mgmt_conn *conns;
	unsigned n_unix, n_tls;	/* each within its own budget */
	double idle_timeout;	/* seconds; 0: never */
	ev_timer accept_backoff;
};

/* ---- replies ---- */

/* protobuf-c's own free walks every field of the message, including any
 * added to the proto later; this allocator stops it at the struct itself,
 * which belongs to the caller. */
static void *reply_alloc(void *reply, size_t size)
{
	(void)reply;
	return malloc(size);
}

static void reply_free(void *reply, void *ptr)
{
	if (ptr != reply)
		free(ptr);
}

void mgmt_reply_clear(Evpnd__Reply *reply)
{
	ProtobufCAllocator contents_only = { reply_alloc, reply_free, reply };

	protobuf_c_message_free_unpacked(&reply->base, &contents_only);
	evpnd__reply__init(reply);
}

/* ---- connections ---- */

static void conn_touch(struct mgmt_conn *s);

void *mgmt_conn_data(const struct mgmt_conn *s)
{
	return s->data;
}

void mgmt_conn_set_data(struct mgmt_conn *s, void *data)
{
	s->data = data;
}

bool mgmt_conn_is_tls(const struct mgmt_conn *s)
{
	return s->ssl != NULL;
}

const char *mgmt_conn_peer(const struct mgmt_conn *s)
{
	return s->peer;
}

static bool conn_paused(const struct mgmt_conn *s)
{
	return s->out_bytes >= OUT_PAUSE;
}

static void conn_close(struct mgmt_conn *s)
{
	struct mgmt_server *srv = s->srv;

	/* Sessions that never finished the TLS handshake were never shown
	 * to the owner, so it has nothing to free for them. */
	if (!s->handshaking && srv->on_close)
		srv->on_close(srv->arg, s);
	ev_io_stop(srv->loop, &s->io);
	ev_timer_stop(srv->loop, &s->hs_timer);
	ev_timer_stop(srv->loop, &s->idle);
	mgmt_tls_free(s->ssl, !s->tls_broken);
	close(s->fd);
	while (s->out_head) {
		struct outbuf *o = s->out_head;

		s->out_head = o->next;
		free(o->data);
		free(o);
	}
	mgmt_frame_decoder_free(&s->in);
	if (s->prev)
		s->prev->next = s->next;
	else
		srv->conns = s->next;
	if (s->next)
		s->next->prev = s->prev;
	if (s->ssl)
		srv->n_tls--;
	else
		srv->n_unix--;
	log_debug("mgmt: connection %s closed", s->peer);
	free(s);
}

static int conn_queue(struct mgmt_conn *s, uint8_t *frame, size_t len)
{
	struct outbuf *o;

	if (len > MGMT_OUT_MAX - s->out_bytes) {
		log_warn("mgmt: %s does not read its replies (%zu octets queued), closing",
			 s->peer, s->out_bytes);
		free(frame);
		return -1;
	}
	o = malloc(sizeof(*o));
	if (!o) {
		log_err("mgmt: out of memory queueing a reply to %s, closing", s->peer);
		free(frame);
		return -1;
	}
	*o = (struct outbuf){ .data = frame, .len = len };
	if (s->out_tail)
		s->out_tail->next = o;
	else
		s->out_head = o;
	s->out_tail = o;
	s->out_bytes += len;
	return 0;
}

/* Every request gets a reply, so one too big for a frame (which the client
 * would reject) is answered with an error instead. */
static uint8_t *pack_reply_or_error(const struct mgmt_conn *s, const Evpnd__Reply *reply,
				    size_t *len)
{
	Evpnd__Reply small = EVPND__REPLY__INIT;
	char msg[160];
	uint8_t *frame = mgmt_frame_pack_reply(reply, len);

	if (frame || errno != EMSGSIZE)
		return frame;
	log_warn("mgmt: reply to %s of %zu octets exceeds the frame limit", s->peer, *len);
	snprintf(msg, sizeof(msg), "reply of %zu octets exceeds the %u-octet management frame limit",
		 *len, MGMT_FRAME_MAX);
	small.error = msg;
	small.mode = reply->mode;
	small.prompt = reply->prompt;
	small.pending = reply->pending;
	return mgmt_frame_pack_reply(&small, len);
}

static int conn_handle(struct mgmt_conn *s, const uint8_t *payload, size_t len)
{
	struct mgmt_server *srv = s->srv;
	Evpnd__Reply reply = EVPND__REPLY__INIT;
	Evpnd__Request *req = evpnd__request__unpack(NULL, len, payload);
	uint8_t *frame;
	size_t flen;

	if (!req) {
		log_warn("mgmt: %s sent an unparseable request, closing", s->peer);
		return -1;
	}
	if (srv->on_request)
		srv->on_request(srv->arg, s, req, &reply);
	evpnd__request__free_unpacked(req, NULL);
	frame = pack_reply_or_error(s, &reply, &flen);
	mgmt_reply_clear(&reply);
	if (!frame) {
		log_err("mgmt: out of memory packing a reply to %s, closing", s->peer);
		return -1;
	}
	return conn_queue(s, frame, flen);
}

/* Handle the complete requests already received, in order, unless
 * replies are backed up. */
static int conn_process(struct mgmt_conn *s, bool *progress)
{
	while (!conn_paused(s)) {
		const uint8_t *payload;
		size_t len;

		switch (mgmt_frame_pop(&s->in, &payload, &len)) {
		case MGMT_FRAME_NEED_MORE:
			return 0;
		case MGMT_FRAME_ERROR:
			log_warn("mgmt: %s announced a frame over %u octets, closing", s->peer,
				 MGMT_FRAME_MAX);
			return -1;
		case MGMT_FRAME_READY:
			if (conn_handle(s, payload, len) < 0)
				return -1;
			*progress = true;
			break;
		}
	}
	return 0;
}

static int conn_read(struct mgmt_conn *s, bool *progress)
{
	uint8_t buf[READ_CHUNK];
	char err[256];
	size_t got;

	switch (mgmt_io_read(s->fd, s->ssl, buf, sizeof(buf), &got, err, sizeof(err))) {
	case MGMT_IO_OK:
		if (mgmt_frame_append(&s->in, buf, got) < 0) {
			log_err("mgmt: out of memory reading from %s, closing", s->peer);
			return -1;
		}
		s->rd_want = EV_READ;
		*progress = true;
		return 0;
	case MGMT_IO_WANT_READ:
		s->rd_want = EV_READ;
		return 0;
	case MGMT_IO_WANT_WRITE:
		s->rd_want = EV_WRITE;
		return 0;
	case MGMT_IO_EOF:
		s->peer_eof = true;
		return 0;
	case MGMT_IO_ERROR:
		break;
	}
	log_info("mgmt: %s: %s, closing", s->peer, err);
	s->tls_broken = true;
	return -1;
}

static int conn_flush(struct mgmt_conn *s, bool *progress)
{
	char err[256];

	while (s->out_head) {
		struct outbuf *o = s->out_head;
		size_t sent;

		switch (mgmt_io_write(s->fd, s->ssl, o->data + o->off, o->len - o->off, &sent, err,
				      sizeof(err))) {
		case MGMT_IO_OK:
			break;
		case MGMT_IO_WANT_READ:
			s->wr_want = EV_READ;
			return 0;
		case MGMT_IO_WANT_WRITE:
			s->wr_want = EV_WRITE;
			return 0;
		case MGMT_IO_EOF:
			log_info("mgmt: %s closed before reading its replies", s->peer);
			return -1;
		case MGMT_IO_ERROR:
			log_info("mgmt: %s: %s, closing", s->peer, err);
			s->tls_broken = true;
			return -1;
		}
		*progress = *progress || sent > 0;
		o->off += sent;
		s->out_bytes -= sent;
		if (o->off < o->len)
			continue;
		s->out_head = o->next;
		if (!s->out_head)
			s->out_tail = NULL;
		free(o->data);
		free(o);
	}
	s->wr_want = EV_WRITE;
	return 0;
}

static int conn_handshake(struct mgmt_conn *s)
{
	char err[256], subject[160];
	size_t used;

	switch (mgmt_io_handshake(s->ssl, err, sizeof(err))) {
	case MGMT_IO_OK:
		break;
	case MGMT_IO_WANT_READ:
		s->hs_want = EV_READ;
		return 0;
	case MGMT_IO_WANT_WRITE:
		s->hs_want = EV_WRITE;
		return 0;
	case MGMT_IO_EOF:
		log_info("mgmt: %s closed the connection during the TLS handshake", s->peer);
		return -1;
	case MGMT_IO_ERROR:
		log_warn("mgmt: rejected %s: %s", s->peer, err);
		s->tls_broken = true;
		return -1;
	}
	s->handshaking = false;
	ev_timer_stop(s->srv->loop, &s->hs_timer);
	mgmt_tls_peer_subject(s->ssl, subject, sizeof(subject));
	used = strlen(s->peer);
	snprintf(s->peer + used, sizeof(s->peer) - used, " %s", subject);
	log_info("mgmt: TLS connection from %s", s->peer);
	return 0;
}

/* Move bytes both ways until neither direction can make progress.
 * -1: close the connection (the reason is logged). */
static int conn_pump(struct mgmt_conn *s)
{
	bool progress;

	if (s->handshaking && conn_handshake(s) < 0)
		return -1;
	if (s->handshaking)
		return 0;
	do {
		progress = false;
		if (conn_flush(s, &progress) < 0 || conn_process(s, &progress) < 0)
			return -1;
		if (!conn_paused(s) && !s->peer_eof && conn_read(s, &progress) < 0)
			return -1;
		if (progress)
			conn_touch(s);
	} while (progress);
	/* The peer finished sending and has every reply: done. */
	if (s->peer_eof && !s->out_head)
		return -1;
	return 0;
}

/* Activity restarts the idle clock (ev_timer_again: no timer is
 * re-armed per request). */
static void conn_idle_arm(struct mgmt_conn *s)
{
	s->idle.repeat = s->srv->idle_timeout > 0 ? s->srv->idle_timeout : 0.;
	ev_timer_again(s->srv->loop, &s->idle);	/* a repeat of 0 stops it */
}

static void conn_touch(struct mgmt_conn *s)
{
	s->active = ev_now(s->srv->loop);
	conn_idle_arm(s);
}

static void conn_rearm(struct mgmt_conn *s)
{
	struct ev_loop *loop = s->srv->loop;
	int ev;

	if (s->handshaking) {
		ev = s->hs_want;
	} else {
		ev = 0;
		if (!conn_paused(s) && !s->peer_eof)
			ev |= s->rd_want;
		if (s->out_head)
			ev |= s->wr_want;
	}
	if (ev == s->armed)
		return;
	ev_io_stop(loop, &s->io);
	ev_io_set(&s->io, s->fd, ev);
	if (ev)
		ev_io_start(loop, &s->io);
	s->armed = ev;
}

static void conn_cb(struct ev_loop *loop, ev_io *w, int revents)
{
	struct mgmt_conn *s = w->data;

	(void)loop;
	(void)revents;
	if (conn_pump(s) < 0)
		conn_close(s);
	else
		conn_rearm(s);
}

static void conn_hs_timeout(struct ev_loop *loop, ev_timer *w, int revents)
{
	struct mgmt_conn *s = w->data;

	(void)loop;
	(void)revents;
	log_warn("mgmt: %s did not complete the TLS handshake within %.0f s, closing", s->peer,
		 MGMT_HANDSHAKE_TIMEOUT);
	s->tls_broken = true;
	conn_close(s);
}

static void conn_idle_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	struct mgmt_conn *s = w->data;

	(void)loop;
	(void)revents;
	log_info("mgmt: %s sent nothing for %.0f s, closing", s->peer, s->srv->idle_timeout);
	conn_close(s);
}

/* The local connection that has been idle longest, to make room for root. */
static struct mgmt_conn *conn_idlest_unix(const struct mgmt_server *srv)
{
	struct mgmt_conn *best = NULL;

	for (struct mgmt_conn *s = srv->conns; s; s = s->next)
		if (!s->ssl && (!best || s->active < best->active))
			best = s;
	return best;
}

/* Whether a new connection fits its budget: local and TLS ones have their
 * own, so neither kind can lock the other out, and local root always gets
 * in, taking the place of the local connection idle longest. */
static bool conn_admit(struct mgmt_server *srv, bool tls, bool root, const char *peer)
{
	struct mgmt_conn *victim;

	if (tls ? srv->n_tls < MGMT_MAX_TLS : srv->n_unix < MGMT_MAX_UNIX)
		return true;
	if (tls || !root || !(victim = conn_idlest_unix(srv))) {
		log_warn("mgmt: %u %s connections open already, refusing %s",
			 tls ? srv->n_tls : srv->n_unix, tls ? "TLS" : "local", peer);
		return false;
	}
	log_warn("mgmt: %u local connections open already: closing %s, idle for %.0f s, to let "
		 "%s in", srv->n_unix, victim->peer, ev_now(srv->loop) - victim->active, peer);
	conn_close(victim);
	return true;
}

/* For local clients, whether they are root (SO_PEERCRED). */
static void describe_peer(int fd, bool tls, const struct sockaddr_storage *ss, char *buf,
			  size_t len, bool *root)
{
	char host[INET6_ADDRSTRLEN];

	*root = false;
	if (!tls) {
		struct ucred cred;
		socklen_t cl = sizeof(cred);

		if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &cl) == 0) {
			snprintf(buf, len, "unix pid %ld uid %lu", (long)cred.pid,
				 (unsigned long)cred.uid);
			*root = cred.uid == 0;
		} else {
			snprintf(buf, len, "unix");
		}
	} else if (ss->ss_family == AF_INET6) {
		const struct sockaddr_in6 *sin6 = (const struct sockaddr_in6 *)ss;

		inet_ntop(AF_INET6, &sin6->sin6_addr, host, sizeof(host));
		snprintf(buf, len, "[%s]:%u", host, ntohs(sin6->sin6_port));
	} else {
		const struct sockaddr_in *sin = (const struct sockaddr_in *)ss;

		inet_ntop(AF_INET, &sin->sin_addr, host, sizeof(host));
		snprintf(buf, len, "%s:%u", host, ntohs(sin->sin_port));
	}
}

static void conn_start(struct mgmt_listener *l, int fd, const struct sockaddr_storage *ss)
{
	struct mgmt_server *srv = l->srv;
	struct mgmt_conn *s;
	char peer[sizeof(s->peer)], err[256];
	bool root;

	describe_peer(fd, l->tls, ss, peer, sizeof(peer), &root);
	if (!conn_admit(srv, l->tls, root, peer)) {
		close(fd);
		return;
	}
	s = calloc(1, sizeof(*s));
	if (!s) {
		log_err("mgmt: out of memory accepting %s", peer);
		close(fd);
		return;
	}
	if (l->tls) {
		s->ssl = mgmt_tls_new(srv->tls_ctx, fd, true, err, sizeof(err));
		if (!s->ssl) {
			log_err("mgmt: %s: %s", peer, err);
			close(fd);
			free(s);
			return;
		}
		s->handshaking = true;
	}
	s->srv = srv;
	s->fd = fd;
	memcpy(s->peer, peer, sizeof(peer));
	s->hs_want = s->rd_want = EV_READ;
	s->wr_want = EV_WRITE;
	mgmt_frame_decoder_init(&s->in);
	s->next = srv->conns;
	if (s->next)
		s->next->prev = s;
	srv->conns = s;
	if (l->tls)
		srv->n_tls++;
	else
		srv->n_unix++;
	ev_init(&s->io, conn_cb);
	ev_init(&s->idle, conn_idle_cb);
	s->idle.data = s;
	conn_touch(s);
	s->io.data = s;
	ev_timer_init(&s->hs_timer, conn_hs_timeout, MGMT_HANDSHAKE_TIMEOUT, 0);
	s->hs_timer.data = s;
	if (s->handshaking)
		ev_timer_start(srv->loop, &s->hs_timer);
	else
		log_debug("mgmt: connection from %s", s->peer);
	conn_rearm(s);
}

/* ---- listeners ---- */

static void listeners_pause(struct mgmt_server *srv)
{
	ev_io_stop(srv->loop, &srv->unix_l.io);
	ev_io_stop(srv->loop, &srv->tls_l.io);
	ev_timer_start(srv->loop, &srv->accept_backoff);
}

static void accept_backoff_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	struct mgmt_server *srv = w->data;

	(void)revents;
	if (srv->unix_l.fd >= 0)
		ev_io_start(loop, &srv->unix_l.io);
	if (srv->tls_l.fd >= 0)
		ev_io_start(loop, &srv->tls_l.io);
}

static void listener_cb(struct ev_loop *loop, ev_io *w, int revents)
{
	struct mgmt_listener *l = w->data;

	(void)loop;
	(void)revents;
	for (;;) {
		struct sockaddr_storage ss;
		socklen_t sl = sizeof(ss);
		int fd;

		memset(&ss, 0, sizeof(ss));
		fd = accept4(l->fd, (struct sockaddr *)&ss, &sl, SOCK_NONBLOCK | SOCK_CLOEXEC);
		if (fd >= 0) {
			conn_start(l, fd, &ss);
			continue;
		}
		switch (errno) {
		case EINTR:
		case ECONNABORTED:
			continue;
		case EAGAIN:
#if EWOULDBLOCK != EAGAIN
		case EWOULDBLOCK:
#endif
			return;
		case EMFILE:
		case ENFILE:
		case ENOBUFS:
		case ENOMEM:
			log_err("mgmt: cannot accept: %s; pausing for %.0f s", strerror(errno),
				ACCEPT_BACKOFF);
			listeners_pause(l->srv);
			return;
		default:
			log_err("mgmt: cannot accept: %s", strerror(errno));
			return;
		}
	}
}

static void listener_open(struct mgmt_server *srv, struct mgmt_listener *l, int fd)
{
	l->fd = fd;
	ev_io_set(&l->io, fd, EV_READ);
	if (!ev_is_active(&srv->accept_backoff))
		ev_io_start(srv->loop, &l->io);
}

static void listener_close(struct mgmt_server *srv, struct mgmt_listener *l)
{
	if (l->fd < 0)
		return;
	ev_io_stop(srv->loop, &l->io);
	close(l->fd);
	l->fd = -1;
}

static void listener_init(struct mgmt_server *srv, struct mgmt_listener *l, bool tls)
{
	l->srv = srv;
	l->fd = -1;
	l->tls = tls;
	ev_init(&l->io, listener_cb);
	l->io.data = l;
}

struct mgmt_server *mgmt_server_new(struct ev_loop *loop, mgmt_request_fn on_request,
				    mgmt_close_fn on_close, void *arg)
{
	struct mgmt_server *srv = calloc(1, sizeof(*srv));

	if (!srv)
		return NULL;
	srv->loop = loop;
	srv->on_request = on_request;
	srv->on_close = on_close;
	srv->arg = arg;
	listener_init(srv, &srv->unix_l, false);
	listener_init(srv, &srv->tls_l, true);
	ev_timer_init(&srv->accept_backoff, accept_backoff_cb, ACCEPT_BACKOFF, 0);
	srv->accept_backoff.data = srv;
	return srv;
}

/* A socket file left by a process that died is removed; one somebody
 * still accepts on is not ours to take. */
static int unix_clear_stale(const struct sockaddr_un *sun, char *err, size_t errlen)
{
	const char *path = sun->sun_path;
	struct stat st;
	int probe, r, e;

	if (lstat(path, &st) < 0) {
		if (errno == ENOENT)
			return 0;
		errbuf_set(err, errlen, "cannot stat %s: %s", path, strerror(errno));
		return -1;
	}
	if (!S_ISSOCK(st.st_mode)) {
		errbuf_set(err, errlen, "%s exists and is not a socket", path);
		return -1;
	}
	probe = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (probe < 0) {
		errbuf_set(err, errlen, "cannot create socket: %s", strerror(errno));
		return -1;
	}
	r = connect(probe, (const struct sockaddr *)sun, sizeof(*sun));
	e = errno;
	close(probe);
	/* EAGAIN: a full backlog, so somebody is listening. */
	if (r == 0 || e == EAGAIN || e == EINPROGRESS) {
		errbuf_set(err, errlen, "another process is accepting on %s", path);
		return -1;
	}
	if (e != ECONNREFUSED && e != ENOENT) {
		errbuf_set(err, errlen, "cannot probe %s: %s", path, strerror(e));
		return -1;
	}
	if (unlink(path) < 0 && errno != ENOENT) {
		errbuf_set(err, errlen, "cannot remove stale socket %s: %s", path, strerror(errno));
		return -1;
	}
	log_info("mgmt: removed stale socket %s", path);
	return 0;
}

int mgmt_server_listen_unix(struct mgmt_server *srv, const char *path, char *err, size_t errlen)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	char *copy;
	int fd;

	if (srv->unix_l.fd >= 0) {
		errbuf_set(err, errlen, "already listening on %s", srv->unix_path);
		return -1;
	}
	if (strlen(path) >= sizeof(sun.sun_path)) {
		errbuf_set(err, errlen, "socket path %s is too long", path);
		return -1;
	}
	strcpy(sun.sun_path, path);
	if (unix_clear_stale(&sun, err, errlen) < 0)
		return -1;
	copy = strdup(path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (!copy || fd < 0) {
		errbuf_set(err, errlen, "cannot create socket: %s", strerror(copy ? errno : ENOMEM));
		goto fail;
	}
	if (bind(fd, (const struct sockaddr *)&sun, sizeof(sun)) < 0) {
		errbuf_set(err, errlen, "cannot bind %s: %s", path, strerror(errno));
		goto fail;
	}
	/* Before listen(), so nobody connects while the mode is still the
	 * umask's. */
	if (chmod(path, 0660) < 0 || listen(fd, LISTEN_BACKLOG) < 0) {
		errbuf_set(err, errlen, "cannot listen on %s: %s", path, strerror(errno));
		unlink(path);
		goto fail;
	}
	srv->unix_path = copy;
	listener_open(srv, &srv->unix_l, fd);
	log_info("mgmt: listening on %s", path);
	return 0;
fail:
	if (fd >= 0)
		close(fd);
	free(copy);
	return -1;
}

/* A listening TCP socket, or -errno. */
static int tcp_listen(const char *address, unsigned port, unsigned *bound, char *err,
		      size_t errlen)
{
	struct addrinfo hints = {
		.ai_family = AF_UNSPEC,
		.ai_socktype = SOCK_STREAM,
		.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV | AI_PASSIVE,
	};
	struct sockaddr_storage ss;
	socklen_t sl = sizeof(ss);
	struct addrinfo *ai;
	char service[16];
	int fd, r, one = 1;

	if (!address || port > 65535) {
		errbuf_set(err, errlen, "invalid TLS listen address %s port %u",
			address ? address : "(none)", port);
		return -EINVAL;
	}
	snprintf(service, sizeof(service), "%u", port);
	r = getaddrinfo(address, service, &hints, &ai);
	if (r != 0) {
		errbuf_set(err, errlen, "invalid TLS listen address %s: %s", address, gai_strerror(r));
		return -EINVAL;
	}
	fd = socket(ai->ai_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		r = -errno;
		errbuf_set(err, errlen, "cannot create socket: %s", strerror(errno));
		freeaddrinfo(ai);
		return r;
	}
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(fd, ai->ai_addr, ai->ai_addrlen) < 0 || listen(fd, LISTEN_BACKLOG) < 0 ||
	    getsockname(fd, (struct sockaddr *)&ss, &sl) < 0) {
		r = -errno;
		errbuf_set(err, errlen, "cannot listen on %s port %u: %s", address, port,
			strerror(errno));
		close(fd);
		freeaddrinfo(ai);
		return r;
	}
	freeaddrinfo(ai);
	*bound = ntohs(ss.ss_family == AF_INET6 ? ((struct sockaddr_in6 *)&ss)->sin6_port
						: ((struct sockaddr_in *)&ss)->sin_port);
	return fd;
}

static void tls_install(struct mgmt_server *srv, SSL_CTX *ctx, char *address, unsigned bound,
			int fd)
{
	listener_close(srv, &srv->tls_l);
	SSL_CTX_free(srv->tls_ctx);
	free(srv->tls_address);
	srv->tls_ctx = ctx;
	srv->tls_address = address;
	srv->tls_port_bound = bound;
	listener_open(srv, &srv->tls_l, fd);
	log_info("mgmt: TLS listener on %s port %u", address, bound);
}

/* The old listener may hold the port the new one wants (same port, the
 * wildcard address before, a specific one now): close it and try again,
 * and if that fails too, put the old one back. */
static int tls_rebind(struct mgmt_server *srv, const struct mgmt_tls_config *cfg,
		      unsigned *bound, char *err, size_t errlen)
{
	unsigned old_bound;
	int fd, ofd;

	listener_close(srv, &srv->tls_l);
	fd = tcp_listen(cfg->address, cfg->port, bound, err, errlen);
	if (fd >= 0)
		return fd;
	ofd = tcp_listen(srv->tls_address, srv->tls_port_bound, &old_bound, NULL, 0);
	if (ofd >= 0)
		listener_open(srv, &srv->tls_l, ofd);
	else
		log_err("mgmt: could not restore the TLS listener on %s port %u",
			srv->tls_address, srv->tls_port_bound);
	return fd;
}

int mgmt_server_listen_tls(struct mgmt_server *srv, const struct mgmt_tls_config *cfg,
			   char *err, size_t errlen)
{
	SSL_CTX *ctx;
	char *address;
	unsigned bound = 0;
	int fd;

	ctx = mgmt_tls_server_ctx(cfg->cert, cfg->key, cfg->ca, err, errlen);
	if (!ctx)
		return -1;
	/* Same endpoint: swap credentials only. Sessions in progress keep a
	 * reference to the context they started with. */
	if (srv->tls_l.fd >= 0 && cfg->port != 0 && cfg->port == srv->tls_port_bound &&
	    cfg->address && strcmp(cfg->address, srv->tls_address) == 0) {
		SSL_CTX_free(srv->tls_ctx);
		srv->tls_ctx = ctx;
		log_info("mgmt: TLS listener on %s port %u reloaded", cfg->address, cfg->port);
		return 0;
	}
	address = cfg->address ? strdup(cfg->address) : NULL;
	if (cfg->address && !address) {
		errbuf_set(err, errlen, "out of memory");
		SSL_CTX_free(ctx);
		return -1;
	}
	fd = tcp_listen(cfg->address, cfg->port, &bound, err, errlen);
	if (fd == -EADDRINUSE && srv->tls_l.fd >= 0)
		fd = tls_rebind(srv, cfg, &bound, err, errlen);
	if (fd < 0) {
		SSL_CTX_free(ctx);
		free(address);
		return -1;
	}
	tls_install(srv, ctx, address, bound, fd);
	return 0;
}

void mgmt_server_stop_tls(struct mgmt_server *srv)
{
	if (srv->tls_l.fd >= 0)
		log_info("mgmt: TLS listener on %s port %u stopped", srv->tls_address,
			 srv->tls_port_bound);
	listener_close(srv, &srv->tls_l);
	SSL_CTX_free(srv->tls_ctx);
	srv->tls_ctx = NULL;
	free(srv->tls_address);
	srv->tls_address = NULL;
	srv->tls_port_bound = 0;
}

unsigned mgmt_server_tls_port(const struct mgmt_server *srv)
{
	return srv->tls_l.fd >= 0 ? srv->tls_port_bound : 0;
}

void mgmt_server_set_idle_timeout(struct mgmt_server *srv, double secs)
{
	srv->idle_timeout = secs;
	for (struct mgmt_conn *s = srv->conns; s; s = s->next)
		conn_idle_arm(s);
}

void mgmt_server_free(struct mgmt_server *srv)
{
	if (!srv)
		return;
	while (srv->conns)
		conn_close(srv->conns);
	listener_close(srv, &srv->unix_l);
	if (srv->unix_path)
		unlink(srv->unix_path);
	free(srv->unix_path);
	mgmt_server_stop_tls(srv);
	ev_timer_stop(srv->loop, &srv->accept_backoff);
	free(srv);
}
