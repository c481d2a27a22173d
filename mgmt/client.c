#include "mgmt/client.h"

#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "lib/errbuf.h"
#include "mgmt/frame.h"
#include "mgmt/tls.h"

#define READ_CHUNK 65536u

struct mgmt_client {
	int fd;
	SSL_CTX *ctx;
	SSL *ssl;
	bool broken; /* a call failed midway: the stream position is unknown */
	unsigned timeout; /* seconds, 0 = none */
	char name[300];   /* what we connected to, for messages */
	struct mgmt_frame_decoder in;
};

static struct mgmt_client *client_new(char *err, size_t errlen, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static struct mgmt_client *client_new(char *err, size_t errlen, const char *fmt, ...)
{
	struct mgmt_client *c = calloc(1, sizeof(*c));
	va_list ap;

	if (!c) {
		errbuf_set(err, errlen, "out of memory");
		return NULL;
	}
	c->fd = -1;
	c->timeout = MGMT_CLIENT_TIMEOUT;
	mgmt_frame_decoder_init(&c->in);
	va_start(ap, fmt);
	vsnprintf(c->name, sizeof(c->name), fmt, ap);
	va_end(ap);
	return c;
}

void mgmt_client_free(struct mgmt_client *c)
{
	if (!c)
		return;
	mgmt_tls_free(c->ssl, !c->broken);
	if (c->fd >= 0)
		close(c->fd);
	SSL_CTX_free(c->ctx);
	mgmt_frame_decoder_free(&c->in);
	free(c);
}

void mgmt_client_set_timeout(struct mgmt_client *c, unsigned seconds)
{
	c->timeout = seconds;
}

/* ---- waiting ---- */

static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int64_t deadline_after(unsigned seconds)
{
	return seconds ? now_ms() + (int64_t)seconds * 1000 : -1;
}

/* Wait until fd is ready for `events` or the deadline (-1: none) passes. */
static int wait_fd(const struct mgmt_client *c, short events, int64_t deadline, char *err,
		   size_t errlen)
{
	struct pollfd pfd = { .fd = c->fd, .events = events };

	for (;;) {
		int64_t left = deadline < 0 ? -1 : deadline - now_ms();
		int r;

		if (deadline >= 0 && left <= 0) {
			errbuf_set(err, errlen, "%s: no answer within %u s", c->name, c->timeout);
			return -1;
		}
		r = poll(&pfd, 1, left > INT32_MAX ? INT32_MAX : (int)left);
		if (r > 0)
			return 0;
		if (r < 0 && errno != EINTR) {
			errbuf_set(err, errlen, "%s: poll: %s", c->name, strerror(errno));
			return -1;
		}
	}
}

/* Wait as a transport step asked; -1 with err set if it failed instead. */
static int wait_io(const struct mgmt_client *c, enum mgmt_io r, const char *ioerr,
		   int64_t deadline, char *err, size_t errlen)
{
	switch (r) {
	case MGMT_IO_WANT_READ:
		return wait_fd(c, POLLIN, deadline, err, errlen);
	case MGMT_IO_WANT_WRITE:
		return wait_fd(c, POLLOUT, deadline, err, errlen);
	case MGMT_IO_EOF:
		errbuf_set(err, errlen, "%s: evpnd closed the connection", c->name);
		return -1;
	default:
		errbuf_set(err, errlen, "%s: %s", c->name, ioerr);
		return -1;
	}
}

/* ---- connecting ---- */

static void connect_failed(char *err, size_t errlen, const char *name, int e)
{
	bool absent = e == ENOENT || e == ECONNREFUSED;

	errbuf_set(err, errlen, "cannot connect to %s: %s%s", name, strerror(e),
		absent ? " — is evpnd running?" : "");
}

static int set_nonblocking(int fd)
{
	int fl = fcntl(fd, F_GETFL);

	return fl < 0 ? -1 : fcntl(fd, F_SETFL, fl | O_NONBLOCK);
}

struct mgmt_client *mgmt_client_unix(const char *path, char *err, size_t errlen)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	struct timeval tv = { .tv_sec = MGMT_CLIENT_TIMEOUT };
	struct mgmt_client *c;

	if (strlen(path) >= sizeof(sun.sun_path)) {
		errbuf_set(err, errlen, "socket path %s is too long", path);
		return NULL;
	}
	strcpy(sun.sun_path, path);
	c = client_new(err, errlen, "%s", path);
	if (!c)
		return NULL;
	c->fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (c->fd < 0) {
		errbuf_set(err, errlen, "cannot create socket: %s", strerror(errno));
		goto fail;
	}
	/* A UNIX connect only blocks on a full backlog (a stuck daemon);
	 * SO_SNDTIMEO bounds that wait. */
	setsockopt(c->fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
	if (connect(c->fd, (struct sockaddr *)&sun, sizeof(sun)) < 0) {
		connect_failed(err, errlen, path, errno);
		goto fail;
	}
	if (set_nonblocking(c->fd) < 0) {
		errbuf_set(err, errlen, "%s: %s", path, strerror(errno));
		goto fail;
	}
	return c;
fail:
	mgmt_client_free(c);
	return NULL;
}

/* Non-blocking connect bounded by the deadline; the connected socket or -1
 * with the failure's errno in *e. */
static int tcp_connect_one(const struct addrinfo *ai, int64_t deadline, int *e)
{
	struct pollfd pfd = { .events = POLLOUT };
	socklen_t el = sizeof(*e);
	int fd = socket(ai->ai_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);

	if (fd < 0) {
		*e = errno;
		return -1;
	}
	if (connect(fd, ai->ai_addr, ai->ai_addrlen) == 0)
		return fd;
	*e = errno;
	if (*e != EINPROGRESS)
		goto fail;
	pfd.fd = fd;
	for (;;) {
		int64_t left = deadline - now_ms();
		int r;

		if (left <= 0) {
			*e = ETIMEDOUT;
			goto fail;
		}
		r = poll(&pfd, 1, left > INT32_MAX ? INT32_MAX : (int)left);
		if (r > 0)
			break;
		if (r < 0 && errno != EINTR) {
			*e = errno;
			goto fail;
		}
	}
	if (getsockopt(fd, SOL_SOCKET, SO_ERROR, e, &el) < 0)
		*e = errno;
	if (*e == 0)
		return fd;
fail:
	close(fd);
	return -1;
}

static int tcp_connect(struct mgmt_client *c, const char *host, unsigned port, char *err,
		       size_t errlen)
{
	struct addrinfo hints = { .ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM,
				  .ai_flags = AI_NUMERICSERV };
	int64_t deadline = now_ms() + (int64_t)MGMT_CLIENT_TIMEOUT * 1000;
	struct addrinfo *res, *ai;
	char service[16];
	int r, e = ECONNREFUSED;

	if (port == 0 || port > 65535) {
		errbuf_set(err, errlen, "invalid port %u", port);
		return -1;
	}
	snprintf(service, sizeof(service), "%u", port);
	r = getaddrinfo(host, service, &hints, &res);
	if (r != 0) {
		errbuf_set(err, errlen, "cannot resolve %s: %s", host, gai_strerror(r));
		return -1;
	}
	for (ai = res; ai && c->fd < 0; ai = ai->ai_next)
		c->fd = tcp_connect_one(ai, deadline, &e);
	freeaddrinfo(res);
	if (c->fd < 0) {
		connect_failed(err, errlen, c->name, e);
		return -1;
	}
	return 0;
}

static int tls_handshake(struct mgmt_client *c, char *err, size_t errlen)
{
	int64_t deadline = deadline_after(c->timeout);
	char ioerr[256];
	enum mgmt_io r;

	while ((r = mgmt_io_handshake(c->ssl, ioerr, sizeof(ioerr))) != MGMT_IO_OK)
		if (wait_io(c, r, ioerr, deadline, err, errlen) < 0) {
			c->broken = true;
			return -1;
		}
	return 0;
}

struct mgmt_client *mgmt_client_tls(const char *host, unsigned port, const char *cert,
				    const char *key, const char *ca, char *err, size_t errlen)
{
	struct mgmt_client *c = client_new(err, errlen, "%s port %u", host, port);

	if (!c)
		return NULL;
	c->ctx = mgmt_tls_client_ctx(cert, key, ca, err, errlen);
	if (!c->ctx || tcp_connect(c, host, port, err, errlen) < 0)
		goto fail;
	c->ssl = mgmt_tls_new(c->ctx, c->fd, false, err, errlen);
	if (!c->ssl)
		goto fail;
	/* SNI, for a server behind a name-routing proxy; not for literals. */
	if (!strchr(host, ':') && strspn(host, "0123456789.") != strlen(host))
		SSL_set_tlsext_host_name(c->ssl, host);
	if (tls_handshake(c, err, errlen) < 0)
		goto fail;
	return c;
fail:
	mgmt_client_free(c);
	return NULL;
}

/* ---- calls ---- */

static int send_all(struct mgmt_client *c, const uint8_t *buf, size_t len, int64_t deadline,
		    char *err, size_t errlen)
{
	char ioerr[256];
	size_t off = 0;

	while (off < len) {
		size_t sent;
		enum mgmt_io r = mgmt_io_write(c->fd, c->ssl, buf + off, len - off, &sent, ioerr,
					       sizeof(ioerr));

		if (r == MGMT_IO_OK)
			off += sent;
		else if (wait_io(c, r, ioerr, deadline, err, errlen) < 0)
			return -1;
	}
	return 0;
}

static Evpnd__Reply *recv_reply(struct mgmt_client *c, int64_t deadline, char *err,
				size_t errlen)
{
	uint8_t buf[READ_CHUNK];
	char ioerr[256];

	for (;;) {
		const uint8_t *payload;
		size_t len, got;
		enum mgmt_io r;
		Evpnd__Reply *reply;

		switch (mgmt_frame_pop(&c->in, &payload, &len)) {
		case MGMT_FRAME_READY:
			reply = evpnd__reply__unpack(NULL, len, payload);
			if (!reply)
				errbuf_set(err, errlen, "%s: unparseable reply", c->name);
			return reply;
		case MGMT_FRAME_ERROR:
			errbuf_set(err, errlen, "%s: reply frame over %u octets", c->name,
				MGMT_FRAME_MAX);
			return NULL;
		case MGMT_FRAME_NEED_MORE:
			break;
		}
		r = mgmt_io_read(c->fd, c->ssl, buf, sizeof(buf), &got, ioerr, sizeof(ioerr));
		if (r == MGMT_IO_OK) {
			if (mgmt_frame_append(&c->in, buf, got) < 0) {
				errbuf_set(err, errlen, "%s: out of memory", c->name);
				return NULL;
			}
		} else if (wait_io(c, r, ioerr, deadline, err, errlen) < 0) {
			return NULL;
		}
	}
}

Evpnd__Reply *mgmt_client_call(struct mgmt_client *c, const Evpnd__Request *req, char *err,
			       size_t errlen)
{
	int64_t deadline = deadline_after(c->timeout);
	Evpnd__Reply *reply;
	uint8_t *frame;
	size_t len;

	if (c->broken) {
		errbuf_set(err, errlen, "%s: connection unusable after an earlier error", c->name);
		return NULL;
	}
	frame = mgmt_frame_pack_request(req, &len);
	if (!frame && errno == EMSGSIZE) {
		errbuf_set(err, errlen, "request of %zu octets exceeds the frame limit", len);
		return NULL;
	}
	if (!frame) {
		errbuf_set(err, errlen, "out of memory");
		return NULL;
	}
	reply = send_all(c, frame, len, deadline, err, errlen) < 0
			? NULL
			: recv_reply(c, deadline, err, errlen);
	free(frame);
	if (!reply)
		c->broken = true;
	return reply;
}
