#include "mgmt/tls.h"

#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include <openssl/err.h>
#include <openssl/x509.h>

#include "lib/errbuf.h"

/* ---- error text ---- */

/* Append OpenSSL's queued reasons (oldest first: the root cause leads),
 * draining the queue so it cannot pollute the next operation. */
static void append_ssl_errors(char *buf, size_t len)
{
	const char *prev = NULL;
	unsigned long e;

	while ((e = ERR_get_error()) != 0) {
		const char *reason;
		char code[128];
		size_t used = strlen(buf);

		/* "PEM lib", "system lib": where it passed, not what went wrong. */
		if (ERR_COMMON_ERROR(e) &&
		    (ERR_GET_REASON(e) & ((1L << ERR_RFLAGS_OFFSET) - 1)) < 256)
			continue;
		reason = ERR_SYSTEM_ERROR(e) ? strerror(ERR_GET_REASON(e))
					     : ERR_reason_error_string(e);
		if (!reason) {
			ERR_error_string_n(e, code, sizeof(code));
			reason = code;
		} else if (prev && strcmp(prev, reason) == 0) {
			continue;
		}
		if (used + 1 < len)
			snprintf(buf + used, len - used, ": %s", reason);
		prev = reason == code ? NULL : reason;
	}
}

static void tls_fail(char *err, size_t errlen, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void tls_fail(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (!err || errlen == 0) {
		ERR_clear_error();
		return;
	}
	va_start(ap, fmt);
	errbuf_vset(err, errlen, fmt, ap);
	va_end(ap);
	append_ssl_errors(err, errlen);
}

/* ---- a socket BIO that cannot raise SIGPIPE ----
 * OpenSSL's own socket BIO writes with write(2), which raises SIGPIPE when
 * the peer has gone. We must not touch process-wide signal handling, so the
 * BIO below sends with MSG_NOSIGNAL instead. */

static int nosig_write(BIO *b, const char *buf, int len)
{
	int fd = (int)(intptr_t)BIO_get_data(b);
	ssize_t n;

	BIO_clear_retry_flags(b);
	do
		n = send(fd, buf, (size_t)len, MSG_NOSIGNAL);
	while (n < 0 && errno == EINTR);
	if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
		BIO_set_retry_write(b);
	return (int)n;
}

static int nosig_read(BIO *b, char *buf, int len)
{
	int fd = (int)(intptr_t)BIO_get_data(b);
	ssize_t n;

	BIO_clear_retry_flags(b);
	do
		n = recv(fd, buf, (size_t)len, 0);
	while (n < 0 && errno == EINTR);
	if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
		BIO_set_retry_read(b);
	else if (n == 0)
		BIO_set_flags(b, BIO_FLAGS_IN_EOF); /* lets libssl tell EOF from error */
	return (int)n;
}

static int nosig_puts(BIO *b, const char *str)
{
	return nosig_write(b, str, (int)strlen(str));
}

static long nosig_ctrl(BIO *b, int cmd, long num, void *ptr)
{
	int fd = (int)(intptr_t)BIO_get_data(b);

	(void)num;
	switch (cmd) {
	case BIO_CTRL_FLUSH:
		return 1;
	case BIO_CTRL_EOF:
		return BIO_test_flags(b, BIO_FLAGS_IN_EOF) != 0;
	case BIO_C_GET_FD:
		if (ptr)
			*(int *)ptr = fd;
		return fd;
	default:
		return 0;
	}
}

static BIO_METHOD *nosig_method;
static pthread_once_t nosig_once = PTHREAD_ONCE_INIT;

static void nosig_method_create(void)
{
	BIO_METHOD *m;
	int idx = BIO_get_new_index();

	if (idx < 0)
		return;
	m = BIO_meth_new(idx | BIO_TYPE_SOURCE_SINK | BIO_TYPE_DESCRIPTOR, "mgmt socket");
	if (!m)
		return;
	if (!BIO_meth_set_write(m, nosig_write) || !BIO_meth_set_read(m, nosig_read) ||
	    !BIO_meth_set_puts(m, nosig_puts) || !BIO_meth_set_ctrl(m, nosig_ctrl)) {
		BIO_meth_free(m);
		return;
	}
	nosig_method = m;
}

static BIO *nosig_bio_new(int fd)
{
	BIO *b;

	pthread_once(&nosig_once, nosig_method_create);
	if (!nosig_method)
		return NULL;
	b = BIO_new(nosig_method);
	if (!b)
		return NULL;
	BIO_set_data(b, (void *)(intptr_t)fd);
	BIO_set_init(b, 1);
	return b;
}

/* ---- contexts ---- */

/* Settings both sides share. */
static SSL_CTX *ctx_new(const SSL_METHOD *method, const char *ca, char *err, size_t errlen)
{
	SSL_CTX *ctx = SSL_CTX_new(method);

	if (!ctx) {
		tls_fail(err, errlen, "cannot create TLS context");
		return NULL;
	}
	if (!SSL_CTX_set_min_proto_version(ctx, TLS1_3_VERSION)) {
		tls_fail(err, errlen, "cannot require TLS 1.3");
		goto fail;
	}
	/* The configured CA alone: no SSL_CTX_set_default_verify_paths(). */
	if (!ca || !SSL_CTX_load_verify_file(ctx, ca)) {
		tls_fail(err, errlen, "cannot load CA certificate %s", ca ? ca : "(none given)");
		goto fail;
	}
	/* Frames carry their own length, so a missing close_notify cannot
	 * truncate a message unnoticed; treat it as a plain end of stream. */
	SSL_CTX_set_options(ctx, SSL_OP_IGNORE_UNEXPECTED_EOF);
	/* Non-blocking writes of multi-MB replies: partial progress is fine
	 * and the retry may come from a queue that was realloc'd meanwhile. */
	SSL_CTX_set_mode(ctx, SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
	return ctx;
fail:
	SSL_CTX_free(ctx);
	return NULL;
}

static int ctx_use_identity(SSL_CTX *ctx, const char *cert, const char *key, char *err,
			    size_t errlen)
{
	if (!SSL_CTX_use_certificate_chain_file(ctx, cert)) {
		tls_fail(err, errlen, "cannot load certificate %s", cert);
		return -1;
	}
	if (!SSL_CTX_use_PrivateKey_file(ctx, key, SSL_FILETYPE_PEM)) {
		tls_fail(err, errlen, "cannot load private key %s", key);
		return -1;
	}
	if (!SSL_CTX_check_private_key(ctx)) {
		tls_fail(err, errlen, "private key %s does not match certificate %s", key, cert);
		return -1;
	}
	return 0;
}

SSL_CTX *mgmt_tls_server_ctx(const char *cert, const char *key, const char *ca, char *err,
			     size_t errlen)
{
	STACK_OF(X509_NAME) *names;
	SSL_CTX *ctx;

	if (!cert || !key) {
		tls_fail(err, errlen, "the TLS listener needs a certificate and a key");
		return NULL;
	}
	ctx = ctx_new(TLS_server_method(), ca, err, errlen);
	if (!ctx)
		return NULL;
	if (ctx_use_identity(ctx, cert, key, err, errlen) < 0)
		goto fail;
	/* Tell clients which CA we accept, so one holding several
	 * certificates can pick the right one. */
	names = SSL_load_client_CA_file(ca);
	if (!names) {
		tls_fail(err, errlen, "cannot read CA names from %s", ca);
		goto fail;
	}
	SSL_CTX_set_client_CA_list(ctx, names);
	SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT, NULL);
	/* Sessions are long-lived and never resumed; tickets would only be
	 * more bytes the client has to read. */
	SSL_CTX_set_num_tickets(ctx, 0);
	return ctx;
fail:
	SSL_CTX_free(ctx);
	return NULL;
}

SSL_CTX *mgmt_tls_client_ctx(const char *cert, const char *key, const char *ca, char *err,
			     size_t errlen)
{
	SSL_CTX *ctx;

	if (!cert != !key) {
		tls_fail(err, errlen, "a client certificate needs its key and vice versa");
		return NULL;
	}
	ctx = ctx_new(TLS_client_method(), ca, err, errlen);
	if (!ctx)
		return NULL;
	if (cert && ctx_use_identity(ctx, cert, key, err, errlen) < 0) {
		SSL_CTX_free(ctx);
		return NULL;
	}
	SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, NULL);
	return ctx;
}

SSL *mgmt_tls_new(SSL_CTX *ctx, int fd, bool server, char *err, size_t errlen)
{
	SSL *ssl = SSL_new(ctx);
	BIO *bio;

	if (!ssl) {
		tls_fail(err, errlen, "cannot create TLS connection");
		return NULL;
	}
	bio = nosig_bio_new(fd);
	if (!bio) {
		tls_fail(err, errlen, "cannot create socket BIO");
		SSL_free(ssl);
		return NULL;
	}
	SSL_set_bio(ssl, bio, bio); /* one BIO both ways: SSL holds it */
	if (server)
		SSL_set_accept_state(ssl);
	else
		SSL_set_connect_state(ssl);
	return ssl;
}

void mgmt_tls_free(SSL *ssl, bool send_close_notify)
{
	if (!ssl)
		return;
	/* One non-blocking attempt: the socket is about to close anyway. */
	if (send_close_notify && SSL_is_init_finished(ssl)) {
		ERR_clear_error();
		SSL_shutdown(ssl);
	}
	ERR_clear_error();
	SSL_free(ssl);
}

void mgmt_tls_peer_subject(const SSL *ssl, char *buf, size_t len)
{
	X509 *peer = ssl ? SSL_get0_peer_certificate(ssl) : NULL;

	if (len == 0)
		return;
	if (!peer || !X509_NAME_oneline(X509_get_subject_name(peer), buf, (int)len))
		snprintf(buf, len, "(no certificate)");
}

/* ---- transport ---- */

/* Map a failed SSL_* call to an outcome, describing errors. */
static enum mgmt_io ssl_outcome(SSL *ssl, int ret, int saved_errno, const char *what, char *err,
				size_t errlen)
{
	long vr;

	switch (SSL_get_error(ssl, ret)) {
	case SSL_ERROR_WANT_READ:
		return MGMT_IO_WANT_READ;
	case SSL_ERROR_WANT_WRITE:
		return MGMT_IO_WANT_WRITE;
	case SSL_ERROR_ZERO_RETURN:
		return MGMT_IO_EOF;
	case SSL_ERROR_SYSCALL:
		if (saved_errno == 0 && ERR_peek_error() == 0)
			return MGMT_IO_EOF;
		tls_fail(err, errlen, "%s: %s", what,
			 saved_errno ? strerror(saved_errno) : "I/O error");
		return MGMT_IO_ERROR;
	default:
		vr = SSL_get_verify_result(ssl);
		tls_fail(err, errlen, "%s", what);
		if (vr != X509_V_OK && err && errlen) {
			size_t used = strlen(err);

			if (used + 1 < errlen)
				snprintf(err + used, errlen - used, " (%s)",
					 X509_verify_cert_error_string(vr));
		}
		return MGMT_IO_ERROR;
	}
}

enum mgmt_io mgmt_io_handshake(SSL *ssl, char *err, size_t errlen)
{
	int ret;

	ERR_clear_error();
	errno = 0;
	ret = SSL_do_handshake(ssl);
	if (ret == 1)
		return MGMT_IO_OK;
	if (ret == 0 && SSL_get_error(ssl, ret) == SSL_ERROR_SYSCALL && ERR_peek_error() == 0) {
		/* EOF in the middle of a handshake is a failure, not an end. */
		tls_fail(err, errlen, "TLS handshake: connection closed by peer");
		return MGMT_IO_ERROR;
	}
	return ssl_outcome(ssl, ret, errno, "TLS handshake", err, errlen);
}

static enum mgmt_io errno_outcome(int e, bool reading, const char *what, char *err, size_t errlen)
{
	if (e == EAGAIN || e == EWOULDBLOCK)
		return reading ? MGMT_IO_WANT_READ : MGMT_IO_WANT_WRITE;
	if (err && errlen)
		snprintf(err, errlen, "%s: %s", what, strerror(e));
	return MGMT_IO_ERROR;
}

enum mgmt_io mgmt_io_read(int fd, SSL *ssl, void *buf, size_t cap, size_t *got, char *err,
			  size_t errlen)
{
	ssize_t n;

	*got = 0;
	if (ssl) {
		int ret;

		ERR_clear_error();
		errno = 0;
		ret = SSL_read_ex(ssl, buf, cap, got);
		if (ret == 1)
			return MGMT_IO_OK;
		return ssl_outcome(ssl, ret, errno, "TLS read", err, errlen);
	}
	do
		n = recv(fd, buf, cap, 0);
	while (n < 0 && errno == EINTR);
	if (n == 0)
		return MGMT_IO_EOF;
	if (n < 0)
		return errno_outcome(errno, true, "read", err, errlen);
	*got = (size_t)n;
	return MGMT_IO_OK;
}

enum mgmt_io mgmt_io_write(int fd, SSL *ssl, const void *buf, size_t len, size_t *sent,
			   char *err, size_t errlen)
{
	ssize_t n;

	*sent = 0;
	if (ssl) {
		int ret;

		ERR_clear_error();
		errno = 0;
		ret = SSL_write_ex(ssl, buf, len, sent);
		if (ret == 1)
			return MGMT_IO_OK;
		return ssl_outcome(ssl, ret, errno, "TLS write", err, errlen);
	}
	do
		n = send(fd, buf, len, MSG_NOSIGNAL);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return errno_outcome(errno, false, "write", err, errlen);
	*sent = (size_t)n;
	return MGMT_IO_OK;
}
