/* Management API server: framed protobuf requests over a UNIX stream socket
 * and an optional mutual-TLS TCP listener, all non-blocking on one libev
 * loop. One connection is one session; its requests are handled one at a
 * time in arrival order and each gets exactly one reply. */
#ifndef EVPND_MGMT_SERVER_H
#define EVPND_MGMT_SERVER_H

#include <stdbool.h>
#include <stddef.h>

#include <ev.h>

#include "evpnd.pb-c.h"

struct mgmt_server;
struct mgmt_conn;

/* Called for every complete request. The handler fills *reply (already
 * initialised with evpnd__reply__init); every string it sets must be
 * malloc'd (strdup) or left as the default; `choices` a malloc'd array of
 * malloc'd strings with n_choices. The server packs and sends the reply, then
 * frees those with mgmt_reply_clear(). The handler must not free the server
 * (stop the loop instead); a reply too big for one frame is replaced by an
 * error reply. */
typedef void (*mgmt_request_fn)(void *arg, struct mgmt_conn *s,
				const Evpnd__Request *req, Evpnd__Reply *reply);
/* Called once when a session ends (peer closed, error, or server freed), so
 * the owner can free what it hung on the session. A TLS connection that
 * fails its handshake never became a session the owner saw, so it gets no
 * call. */
typedef void (*mgmt_close_fn)(void *arg, struct mgmt_conn *s);

struct mgmt_tls_config {
	const char *address; /* IPv4 or IPv6 literal to bind */
	unsigned port;       /* 0: an ephemeral port, see mgmt_server_tls_port() */
	const char *cert, *key, *ca; /* PEM files */
};

/* At most this many local (UNIX socket) and, apart, TLS connections at
 * once, so neither kind can lock the other out; a further one is
 * accepted and closed at once, with a log line. A local client with uid 0
 * always gets in: the local connection idle longest makes room. */
#define MGMT_MAX_UNIX 64
#define MGMT_MAX_TLS 32

/* Output queued for one session beyond this closes it. */
#define MGMT_OUT_MAX (64u * 1024u * 1024u)
/* A TLS client must finish its handshake within this many seconds. */
#define MGMT_HANDSHAKE_TIMEOUT 10.0

struct mgmt_server *mgmt_server_new(struct ev_loop *loop, mgmt_request_fn on_request,
				    mgmt_close_fn on_close, void *arg);
/* Listen on a UNIX stream socket: unlink a stale socket file first (but fail
 * if another process is accepting on it), chmod 0660. */
int mgmt_server_listen_unix(struct mgmt_server *srv, const char *path, char *err, size_t errlen);
/* Start (or restart with new settings) the mutual-TLS listener. On failure
 * the previous listener, if any, keeps running unchanged. Sessions already
 * established are left alone by a restart. */
int mgmt_server_listen_tls(struct mgmt_server *srv, const struct mgmt_tls_config *cfg,
			   char *err, size_t errlen);
/* Close the TLS listener; established TLS sessions run on until they end. */
void mgmt_server_stop_tls(struct mgmt_server *srv);
/* The TCP port the TLS listener is bound to (useful with port 0), 0 if none. */
unsigned mgmt_server_tls_port(const struct mgmt_server *srv);
/* A connection that moves no byte for secs is closed, those open now too;
 * 0 (the default): never. */
void mgmt_server_set_idle_timeout(struct mgmt_server *srv, double secs);
/* Close every session (calling on_close for each), close listeners, unlink the UNIX path. */
void mgmt_server_free(struct mgmt_server *srv);

void *mgmt_conn_data(const struct mgmt_conn *s);
void mgmt_conn_set_data(struct mgmt_conn *s, void *data);
bool mgmt_conn_is_tls(const struct mgmt_conn *s);
/* Who is on the other end, for log lines: "unix pid 12 uid 0" or
 * "192.0.2.1:4711 /CN=ops". */
const char *mgmt_conn_peer(const struct mgmt_conn *s);
/* Free what a request handler put in *reply and reset it to the defaults. */
void mgmt_reply_clear(Evpnd__Reply *reply);

#endif
