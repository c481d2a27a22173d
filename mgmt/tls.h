/* OpenSSL setup and the byte transport shared by the management server and
 * client. Management TLS is TLS 1.3 only with mutual authentication against
 * one configured CA, which is the only trust anchor (the system store is
 * never consulted: a certificate from a public CA must not grant access). */
#ifndef EVPND_MGMT_TLS_H
#define EVPND_MGMT_TLS_H

#include <stdbool.h>
#include <stddef.h>

#include <openssl/ssl.h>

/* Context for the listener: requires a client certificate chaining to `ca`.
 * NULL with err filled (file name and OpenSSL's reason) on failure. */
SSL_CTX *mgmt_tls_server_ctx(const char *cert, const char *key, const char *ca, char *err,
			     size_t errlen);
/* Context for a client: verifies the server chain against `ca`; cert and
 * key may both be NULL for a client without a certificate. */
SSL_CTX *mgmt_tls_client_ctx(const char *cert, const char *key, const char *ca, char *err,
			     size_t errlen);
/* An SSL object on a connected socket. Its BIO sends with MSG_NOSIGNAL, so a
 * peer that vanished yields EPIPE rather than killing the process. */
SSL *mgmt_tls_new(SSL_CTX *ctx, int fd, bool server, char *err, size_t errlen);
/* Send close_notify if the connection is still healthy, then free. */
void mgmt_tls_free(SSL *ssl, bool send_close_notify);
/* "/CN=..." of the verified peer certificate, or "(no certificate)". */
void mgmt_tls_peer_subject(const SSL *ssl, char *buf, size_t len);

/* Outcome of one transport step. WANT_* say which readiness of the socket
 * the step waits for: with TLS, a read can need the socket writable and a
 * write can need it readable. */
enum mgmt_io {
	MGMT_IO_OK,
	MGMT_IO_WANT_READ,
	MGMT_IO_WANT_WRITE,
	MGMT_IO_EOF,
	MGMT_IO_ERROR, /* err filled */
};

enum mgmt_io mgmt_io_handshake(SSL *ssl, char *err, size_t errlen);
/* ssl NULL means a plain socket. */
enum mgmt_io mgmt_io_read(int fd, SSL *ssl, void *buf, size_t cap, size_t *got, char *err,
			  size_t errlen);
enum mgmt_io mgmt_io_write(int fd, SSL *ssl, const void *buf, size_t len, size_t *sent,
			   char *err, size_t errlen);

#endif
