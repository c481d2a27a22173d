/* The management server and client over a real UNIX socket and over mutual
 * TLS on 127.0.0.1. The server runs in a forked child with its own libev
 * loop; certificates are made at test time with the OpenSSL API in a
 * mkdtemp() directory. */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <poll.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>
#include <ev.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "lib/log.h"
#include "mgmt/client.h"
#include "mgmt/frame.h"
#include "mgmt/server.h"
#include "mgmt/tls.h"

#define BIG_REPLY (5u * 1000u * 1000u)
#define TEST_TIMEOUT 20 /* seconds: a hung server fails a test, not the run */

struct fixture {
	char dir[64];
	char sock[128];
	pid_t server;
	unsigned port;
};

/* ---- paths ---- */

struct path {
	char s[256];
};

/* A file in the test directory; by value so callers need no buffers. */
static struct path fx_path(const struct fixture *fx, const char *name)
{
	struct path p;

	snprintf(p.s, sizeof(p.s), "%s/%s", fx->dir, name);
	return p;
}

/* ---- certificates ---- */

static void add_ext(X509 *x, X509V3_CTX *v3, int nid, const char *value)
{
	X509_EXTENSION *ext = X509V3_EXT_conf_nid(NULL, v3, nid, value);

	assert_non_null(ext);
	assert_int_equal(X509_add_ext(x, ext, -1), 1);
	X509_EXTENSION_free(ext);
}

/* A certificate for `key` named `cn`, signed by issuer (self-signed when
 * issuer is NULL). eku: NULL for a CA. */
static X509 *make_cert(const char *cn, EVP_PKEY *key, X509 *issuer, EVP_PKEY *issuer_key,
		       long serial, const char *eku)
{
	X509 *x = X509_new();
	X509_NAME *name;
	X509V3_CTX v3;

	assert_non_null(x);
	assert_int_equal(X509_set_version(x, 2), 1);
	assert_int_equal(ASN1_INTEGER_set(X509_get_serialNumber(x), serial), 1);
	assert_non_null(X509_gmtime_adj(X509_getm_notBefore(x), -3600));
	assert_non_null(X509_gmtime_adj(X509_getm_notAfter(x), 86400));
	assert_int_equal(X509_set_pubkey(x, key), 1);
	name = X509_get_subject_name(x);
	assert_int_equal(X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
						    (const unsigned char *)cn, -1, -1, 0),
			 1);
	assert_int_equal(X509_set_issuer_name(x, issuer ? X509_get_subject_name(issuer) : name), 1);
	X509V3_set_ctx_nodb(&v3);
	X509V3_set_ctx(&v3, issuer ? issuer : x, x, NULL, NULL, 0);
	if (!eku) {
		add_ext(x, &v3, NID_basic_constraints, "critical,CA:TRUE");
		add_ext(x, &v3, NID_key_usage, "critical,keyCertSign,cRLSign");
	} else {
		add_ext(x, &v3, NID_basic_constraints, "critical,CA:FALSE");
		add_ext(x, &v3, NID_key_usage, "critical,digitalSignature");
		add_ext(x, &v3, NID_ext_key_usage, eku);
	}
	assert_true(X509_sign(x, issuer_key ? issuer_key : key, EVP_sha256()) > 0);
	return x;
}

static void write_pem(const char *path, X509 *cert, EVP_PKEY *key)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	if (cert)
		assert_int_equal(PEM_write_X509(f, cert), 1);
	if (key)
		assert_int_equal(PEM_write_PrivateKey(f, key, NULL, NULL, 0, NULL, NULL), 1);
	assert_int_equal(fclose(f), 0);
}

/* Write <prefix>.pem and <prefix>.key for a leaf signed by the CA. */
static void make_leaf(const struct fixture *fx, const char *prefix, const char *cn,
		      X509 *ca, EVP_PKEY *ca_key, long serial, const char *eku)
{
	char name[64];
	EVP_PKEY *key = EVP_EC_gen("P-256");
	X509 *cert;

	assert_non_null(key);
	cert = make_cert(cn, key, ca, ca_key, serial, eku);
	snprintf(name, sizeof(name), "%s.pem", prefix);
	write_pem(fx_path(fx, name).s, cert, NULL);
	snprintf(name, sizeof(name), "%s.key", prefix);
	write_pem(fx_path(fx, name).s, NULL, key);
	X509_free(cert);
	EVP_PKEY_free(key);
}

/* ca.pem signs server.* and client.*. rogue-ca.pem, unrelated, signs
 * rogue.* (a client certificate the server must not trust); impostor.* is
 * signed by a third CA that copies the real CA's name, so only the
 * signature tells them apart. */
static void make_certs(const struct fixture *fx)
{
	EVP_PKEY *ca_key = EVP_EC_gen("P-256"), *rogue_key = EVP_EC_gen("P-256"),
		 *imp_key = EVP_EC_gen("P-256");
	X509 *ca, *rogue, *imp;

	assert_non_null(ca_key);
	assert_non_null(rogue_key);
	assert_non_null(imp_key);
	ca = make_cert("evpnd test CA", ca_key, NULL, NULL, 1, NULL);
	rogue = make_cert("rogue CA", rogue_key, NULL, NULL, 1, NULL);
	imp = make_cert("evpnd test CA", imp_key, NULL, NULL, 1, NULL);
	write_pem(fx_path(fx, "ca.pem").s, ca, NULL);
	write_pem(fx_path(fx, "rogue-ca.pem").s, rogue, NULL);
	make_leaf(fx, "server", "evpnd", ca, ca_key, 2, "serverAuth");
	make_leaf(fx, "client", "operator", ca, ca_key, 3, "clientAuth");
	make_leaf(fx, "rogue", "intruder", rogue, rogue_key, 2, "clientAuth");
	make_leaf(fx, "impostor", "operator", imp, imp_key, 3, "clientAuth");
	X509_free(ca);
	X509_free(rogue);
	X509_free(imp);
	EVP_PKEY_free(ca_key);
	EVP_PKEY_free(rogue_key);
	EVP_PKEY_free(imp_key);
}

/* ---- the server child ---- */

struct server_state {
	struct mgmt_server *srv;
	struct mgmt_tls_config tls;
	unsigned calls;
	unsigned sessions; /* sessions that made a request and are still open */
};

static char *xstrdup(const char *s)
{
	char *d = strdup(s);

	if (!d)
		abort();
	return d;
}

static char *xprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static char *xprintf(const char *fmt, ...)
{
	va_list ap;
	char *s;
	int r;

	va_start(ap, fmt);
	r = vasprintf(&s, fmt, ap);
	va_end(ap);
	if (r < 0)
		abort();
	return s;
}

static char big_char(size_t i)
{
	return (char)('a' + (i * 7 + i / 1000) % 26);
}

static char *big_output(size_t n)
{
	char *s = malloc(n + 1);

	if (!s)
		abort();
	for (size_t i = 0; i < n; i++)
		s[i] = big_char(i);
	s[n] = '\0';
	return s;
}

/* The commands of the test server: what it answers proves what it saw. */
static void exec_command(struct server_state *st, struct mgmt_conn *s, const char *line,
			 Evpnd__Reply *reply)
{
	char err[512];

	reply->ok = true;
	if (strcmp(line, "count") == 0) {
		reply->output = xprintf("%u", st->calls - 1); /* the calls before this one */
	} else if (strcmp(line, "sessions") == 0) {
		reply->output = xprintf("%u", st->sessions);
	} else if (strncmp(line, "big ", 4) == 0) {
		reply->output = big_output(strtoul(line + 4, NULL, 10));
	} else if (strncmp(line, "idle ", 5) == 0) {
		mgmt_server_set_idle_timeout(st->srv, strtod(line + 5, NULL));
		reply->output = xstrdup("ok");
	} else if (strcmp(line, "whoami") == 0) {
		reply->output = xstrdup(mgmt_conn_is_tls(s) ? "tls" : "unix");
	} else if (strcmp(line, "fail") == 0) {
		reply->ok = false;
		reply->error = xstrdup("failed on purpose");
	} else if (strcmp(line, "choices") == 0) {
		reply->n_choices = 2;
		reply->choices = malloc(2 * sizeof(char *));
		if (!reply->choices)
			abort();
		reply->choices[0] = xstrdup("bgp  BGP protocol");
		reply->choices[1] = xstrdup("evpn  EVPN");
	} else if (strcmp(line, "reload-tls") == 0 || strcmp(line, "move-tls") == 0) {
		/* From inside a handler, as a config commit would do it. */
		if (line[0] == 'm')
			st->tls.port = 0;
		if (mgmt_server_listen_tls(st->srv, &st->tls, err, sizeof(err)) < 0) {
			reply->ok = false;
			reply->error = xstrdup(err);
		} else {
			st->tls.port = mgmt_server_tls_port(st->srv);
			reply->output = xprintf("%u", st->tls.port);
		}
	} else {
		reply->output = xstrdup(line);
	}
	reply->mode = xstrdup("exec");
	reply->prompt = xstrdup("test# ");
}

static void on_request(void *arg, struct mgmt_conn *s, const Evpnd__Request *req,
		       Evpnd__Reply *reply)
{
	struct server_state *st = arg;

	st->calls++;
	if (!mgmt_conn_data(s)) {
		/* Something to free in on_close, so LeakSanitizer checks it is. */
		mgmt_conn_set_data(s, xstrdup("session"));
		st->sessions++;
	}
	if (req->op_case == EVPND__REQUEST__OP_EXEC)
		exec_command(st, s, req->exec->line, reply);
	else
		reply->error = xstrdup("the test server only knows exec");
}

static void on_close(void *arg, struct mgmt_conn *s)
{
	struct server_state *st = arg;
	char *data = mgmt_conn_data(s);

	if (data) {
		st->sessions--;
		free(data);
	}
}

static void on_sigterm(struct ev_loop *loop, ev_signal *w, int revents)
{
	(void)w;
	(void)revents;
	ev_break(loop, EVBREAK_ALL);
}

/* Runs in the child; tells the parent the TLS port (0: setup failed) and
 * serves until SIGTERM. Exit status 0 only if every session was closed
 * through on_close. */
static void run_server(const struct fixture *fx, int ready_fd)
{
	struct ev_loop *loop = ev_default_loop(0);
	struct path cert = fx_path(fx, "server.pem"), key = fx_path(fx, "server.key"),
		    ca = fx_path(fx, "ca.pem");
	struct server_state st = {
		.tls = {
			.address = "127.0.0.1",
			.port = 0,
			.cert = cert.s,
			.key = key.s,
			.ca = ca.s,
		},
	};
	char err[512];
	unsigned port = 0;
	ev_signal sig;
	int rc = 0;

	prctl(PR_SET_PDEATHSIG, SIGTERM);
	log_init("mgmt-test-server", false, LOG_INFO);
	st.srv = mgmt_server_new(loop, on_request, on_close, &st);
	if (!st.srv || mgmt_server_listen_unix(st.srv, fx->sock, err, sizeof(err)) < 0 ||
	    mgmt_server_listen_tls(st.srv, &st.tls, err, sizeof(err)) < 0) {
		fprintf(stderr, "test server: %s\n", st.srv ? err : "out of memory");
		rc = 1;
	} else {
		port = mgmt_server_tls_port(st.srv);
		st.tls.port = port;
	}
	if (write(ready_fd, &port, sizeof(port)) != sizeof(port))
		rc = 1;
	close(ready_fd);
	if (rc == 0) {
		ev_signal_init(&sig, on_sigterm, SIGTERM);
		ev_signal_start(loop, &sig);
		ev_run(loop, 0);
		ev_signal_stop(loop, &sig);
	}
	mgmt_server_free(st.srv);
	ev_loop_destroy(loop);
	if (rc == 0 && st.sessions != 0) {
		fprintf(stderr, "test server: %u sessions never saw on_close\n", st.sessions);
		rc = 2;
	}
	exit(rc);
}

static int read_port(int fd, unsigned *port)
{
	struct pollfd pfd = { .fd = fd, .events = POLLIN };

	if (poll(&pfd, 1, TEST_TIMEOUT * 1000) != 1)
		return -1;
	return read(fd, port, sizeof(*port)) == sizeof(*port) && *port ? 0 : -1;
}

static int stop_server(struct fixture *fx)
{
	int status = -1;

	if (fx->server <= 0)
		return -1;
	kill(fx->server, SIGTERM);
	for (int i = 0; i < TEST_TIMEOUT * 10; i++) {
		if (waitpid(fx->server, &status, WNOHANG) == fx->server) {
			fx->server = 0;
			return status;
		}
		usleep(100000);
	}
	kill(fx->server, SIGKILL);
	waitpid(fx->server, &status, 0);
	fx->server = 0;
	return -1;
}

/* ---- fixture ---- */

static int rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static int group_setup(void **state)
{
	struct fixture *fx = calloc(1, sizeof(*fx));
	int pipefd[2];

	if (!fx)
		return -1;
	snprintf(fx->dir, sizeof(fx->dir), "/tmp/evpnd-mgmt-XXXXXX");
	if (!mkdtemp(fx->dir)) {
		free(fx);
		return -1;
	}
	*state = fx;
	snprintf(fx->sock, sizeof(fx->sock), "%s/evpnd.sock", fx->dir);
	make_certs(fx);
	if (pipe(pipefd) < 0)
		return -1;
	/* Else the child would print our buffered output a second time. */
	fflush(stdout);
	fflush(stderr);
	fx->server = fork();
	if (fx->server < 0)
		return -1;
	if (fx->server == 0) {
		close(pipefd[0]);
		run_server(fx, pipefd[1]);
	}
	close(pipefd[1]);
	if (read_port(pipefd[0], &fx->port) < 0) {
		close(pipefd[0]);
		return -1;
	}
	close(pipefd[0]);
	return 0;
}

static int group_teardown(void **state)
{
	struct fixture *fx = *state;

	if (!fx)
		return 0;
	if (fx->server > 0)
		stop_server(fx);
	nftw(fx->dir, rm_entry, 8, FTW_DEPTH | FTW_PHYS);
	free(fx);
	return 0;
}

/* ---- client helpers ---- */

static Evpnd__Reply *exec_call(struct mgmt_client *c, const char *line, char *err,
			       size_t errlen)
{
	Evpnd__Request req = EVPND__REQUEST__INIT;
	Evpnd__Exec exec = EVPND__EXEC__INIT;

	exec.line = (char *)line;
	req.op_case = EVPND__REQUEST__OP_EXEC;
	req.exec = &exec;
	return mgmt_client_call(c, &req, err, errlen);
}

/* Run `line`, require ok, and return a copy of the output. */
static char *exec_ok(struct mgmt_client *c, const char *line)
{
	char err[512] = "";
	Evpnd__Reply *r = exec_call(c, line, err, sizeof(err));
	char *out;

	if (!r)
		fail_msg("'%s' failed: %s", line, err);
	assert_true(r->ok);
	assert_string_equal(r->mode, "exec");
	assert_string_equal(r->prompt, "test# ");
	out = xstrdup(r->output);
	evpnd__reply__free_unpacked(r, NULL);
	return out;
}

static struct mgmt_client *unix_client(const struct fixture *fx)
{
	char err[512] = "";
	struct mgmt_client *c = mgmt_client_unix(fx->sock, err, sizeof(err));

	if (!c)
		fail_msg("unix connect: %s", err);
	mgmt_client_set_timeout(c, TEST_TIMEOUT);
	return c;
}

static struct mgmt_client *tls_client(const struct fixture *fx, unsigned port, const char *who,
				      const char *ca, char *err, size_t errlen)
{
	char cert[64], key[64];
	struct mgmt_client *c;

	snprintf(cert, sizeof(cert), "%s.pem", who ? who : "");
	snprintf(key, sizeof(key), "%s.key", who ? who : "");
	c = mgmt_client_tls("127.0.0.1", port, who ? fx_path(fx, cert).s : NULL,
			    who ? fx_path(fx, key).s : NULL, fx_path(fx, ca).s, err, errlen);
	if (c)
		mgmt_client_set_timeout(c, TEST_TIMEOUT);
	return c;
}

/* How often the server's handler has run before this query (the query
 * itself is a call, so two queries in a row differ by one). */
static unsigned handler_calls(const struct fixture *fx)
{
	struct mgmt_client *c = unix_client(fx);
	char *out = exec_ok(c, "count");
	unsigned n = (unsigned)strtoul(out, NULL, 10);

	free(out);
	mgmt_client_free(c);
	return n;
}

static void assert_output(struct mgmt_client *c, const char *line, const char *want)
{
	char *out = exec_ok(c, line);

	assert_string_equal(out, want);
	free(out);
}

static void assert_big(const char *out, size_t n)
{
	char *want = big_output(n);

	assert_int_equal(strlen(out), n);
	assert_memory_equal(out, want, n);
	free(want);
}

static struct sockaddr_un unix_addr(const char *path)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };

	assert_true(strlen(path) < sizeof(sun.sun_path));
	memcpy(sun.sun_path, path, strlen(path) + 1);
	return sun;
}

/* A raw connection, to send what the client library never would. */
static int raw_unix(const struct fixture *fx)
{
	struct sockaddr_un sun = unix_addr(fx->sock);
	struct timeval tv = { .tv_sec = TEST_TIMEOUT };
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);

	assert_true(fd >= 0);
	assert_int_equal(connect(fd, (struct sockaddr *)&sun, sizeof(sun)), 0);
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	return fd;
}

static void send_all(int fd, const void *buf, size_t len)
{
	const uint8_t *p = buf;

	while (len) {
		ssize_t n = send(fd, p, len, MSG_NOSIGNAL);

		assert_true(n > 0);
		p += n;
		len -= (size_t)n;
	}
}

/* The server must close on us: read until EOF, discarding nothing. */
static void assert_closed_by_server(int fd)
{
	char buf[256];
	ssize_t n = recv(fd, buf, sizeof(buf), 0);

	/* EOF, or a reset because we had unread bytes in flight. */
	assert_true(n == 0 || (n < 0 && errno == ECONNRESET));
}

/* ---- tests: UNIX socket ---- */

/* What a handler allocated is freed (LeakSanitizer checks) and the reply is
 * back to its defaults; defaults left in place are not freed. */
static void test_reply_clear(void **state)
{
	Evpnd__Reply reply = EVPND__REPLY__INIT;

	(void)state;
	reply.ok = true;
	reply.output = xstrdup("output");
	reply.mode = xstrdup("config");
	reply.n_choices = 2;
	reply.choices = malloc(2 * sizeof(char *));
	assert_non_null(reply.choices);
	reply.choices[0] = xstrdup("a");
	reply.choices[1] = xstrdup("b");
	mgmt_reply_clear(&reply);
	assert_false(reply.ok);
	assert_string_equal(reply.output, "");
	assert_string_equal(reply.mode, "");
	assert_string_equal(reply.error, "");
	assert_int_equal(reply.n_choices, 0);
	assert_null(reply.choices);
	mgmt_reply_clear(&reply); /* all defaults: nothing to free */
}

static void test_unix_request_reply(void **state)
{
	struct fixture *fx = *state;
	struct mgmt_client *c = unix_client(fx);
	Evpnd__Reply *r;
	char err[512];

	assert_output(c, "hello world", "hello world");
	assert_output(c, "whoami", "unix");
	r = exec_call(c, "fail", err, sizeof(err));
	assert_non_null(r);
	assert_false(r->ok);
	assert_string_equal(r->error, "failed on purpose");
	evpnd__reply__free_unpacked(r, NULL);
	r = exec_call(c, "choices", err, sizeof(err));
	assert_non_null(r);
	assert_int_equal(r->n_choices, 2);
	assert_string_equal(r->choices[0], "bgp  BGP protocol");
	assert_string_equal(r->choices[1], "evpn  EVPN");
	evpnd__reply__free_unpacked(r, NULL);
	/* The session survives a failed command. */
	assert_output(c, "still here", "still here");
	mgmt_client_free(c);
}

static void test_unix_socket_mode(void **state)
{
	struct fixture *fx = *state;
	struct stat st;

	assert_int_equal(stat(fx->sock, &st), 0);
	assert_true(S_ISSOCK(st.st_mode));
	assert_int_equal(st.st_mode & 07777, 0660);
}

static void test_unix_big_reply(void **state)
{
	struct fixture *fx = *state;
	struct mgmt_client *c = unix_client(fx);
	char line[32], *out;

	snprintf(line, sizeof(line), "big %u", BIG_REPLY);
	out = exec_ok(c, line);
	assert_big(out, BIG_REPLY);
	free(out);
	/* And the stream is still in step afterwards. */
	assert_output(c, "after", "after");
	mgmt_client_free(c);
}

/* Several requests in one write, one with a reply big enough to make the
 * server hold back the rest: the replies come in request order. */
static void test_pipelined_requests_in_order(void **state)
{
	static const char *const lines[] = { "first", "big 3000000", "third", "fourth" };
	struct fixture *fx = *state;
	struct mgmt_frame_decoder d;
	int fd = raw_unix(fx);
	uint8_t *all = NULL, buf[65536];
	size_t total = 0;

	for (size_t i = 0; i < 4; i++) {
		Evpnd__Request req = EVPND__REQUEST__INIT;
		Evpnd__Exec exec = EVPND__EXEC__INIT;
		size_t len;
		uint8_t *frame;

		exec.line = (char *)lines[i];
		req.op_case = EVPND__REQUEST__OP_EXEC;
		req.exec = &exec;
		frame = mgmt_frame_pack_request(&req, &len);
		assert_non_null(frame);
		all = realloc(all, total + len);
		assert_non_null(all);
		memcpy(all + total, frame, len);
		total += len;
		free(frame);
	}
	send_all(fd, all, total);
	free(all);

	mgmt_frame_decoder_init(&d);
	for (size_t i = 0; i < 4;) {
		const uint8_t *payload;
		size_t len;
		enum mgmt_frame_status fs = mgmt_frame_pop(&d, &payload, &len);
		Evpnd__Reply *r;
		ssize_t n;

		assert_int_not_equal(fs, MGMT_FRAME_ERROR);
		if (fs == MGMT_FRAME_NEED_MORE) {
			n = recv(fd, buf, sizeof(buf), 0);
			assert_true(n > 0);
			assert_int_equal(mgmt_frame_append(&d, buf, (size_t)n), 0);
			continue;
		}
		r = evpnd__reply__unpack(NULL, len, payload);
		assert_non_null(r);
		if (i == 1)
			assert_big(r->output, 3000000);
		else
			assert_string_equal(r->output, lines[i]);
		evpnd__reply__free_unpacked(r, NULL);
		i++;
	}
	mgmt_frame_decoder_free(&d);
	close(fd);
}

static void test_unparseable_request_closes(void **state)
{
	static const uint8_t junk[] = { 0, 0, 0, 3, 0xff, 0xff, 0xff };
	struct fixture *fx = *state;
	int fd = raw_unix(fx);

	send_all(fd, junk, sizeof(junk));
	assert_closed_by_server(fd);
	close(fd);
}

static void test_oversize_frame_closes(void **state)
{
	static const uint8_t header[] = { 0x7f, 0xff, 0xff, 0xff };
	struct fixture *fx = *state;
	int fd = raw_unix(fx);

	send_all(fd, header, sizeof(header));
	assert_closed_by_server(fd);
	close(fd);
}

static void test_client_reports_missing_daemon(void **state)
{
	struct fixture *fx = *state;
	char err[512] = "";
	struct path absent = fx_path(fx, "absent.sock");
	const char *path = absent.s;

	assert_null(mgmt_client_unix(path, err, sizeof(err)));
	assert_non_null(strstr(err, path));
	assert_non_null(strstr(err, "No such file or directory"));
	assert_non_null(strstr(err, "is evpnd running?"));
}

/* A daemon that accepts the connection but never answers. */
static void test_client_timeout(void **state)
{
	struct fixture *fx = *state;
	struct sockaddr_un sun = unix_addr(fx_path(fx, "silent.sock").s);
	int lfd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	struct mgmt_client *c;
	char err[512] = "";
	time_t t0;

	assert_true(lfd >= 0);
	assert_int_equal(bind(lfd, (struct sockaddr *)&sun, sizeof(sun)), 0);
	assert_int_equal(listen(lfd, 4), 0);
	c = mgmt_client_unix(sun.sun_path, err, sizeof(err));
	assert_non_null(c);
	mgmt_client_set_timeout(c, 1);
	t0 = time(NULL);
	assert_null(exec_call(c, "hello", err, sizeof(err)));
	assert_true(time(NULL) - t0 <= 5);
	assert_non_null(strstr(err, "no answer within 1 s"));
	/* A late reply could be mistaken for the next one's: refuse. */
	assert_null(exec_call(c, "hello", err, sizeof(err)));
	assert_non_null(strstr(err, "unusable"));
	mgmt_client_free(c);
	close(lfd);
}

static void test_listen_unix_refuses_live_socket(void **state)
{
	struct fixture *fx = *state;
	struct ev_loop *loop = ev_loop_new(EVFLAG_AUTO);
	struct mgmt_server *srv = mgmt_server_new(loop, NULL, NULL, NULL);
	char err[512] = "";

	assert_non_null(srv);
	assert_int_equal(mgmt_server_listen_unix(srv, fx->sock, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "another process is accepting"));
	mgmt_server_free(srv);
	ev_loop_destroy(loop);
	/* Still there, still served. */
	assert_true(handler_calls(fx) > 0);
}

static void test_listen_unix_replaces_stale_socket(void **state)
{
	struct fixture *fx = *state;
	struct ev_loop *loop = ev_loop_new(EVFLAG_AUTO);
	struct mgmt_server *srv = mgmt_server_new(loop, NULL, NULL, NULL);
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	struct path stale = fx_path(fx, "stale.sock");
	const char *path = stale.s;
	struct sockaddr_un sun = unix_addr(path);
	char err[512] = "";
	struct stat st;

	/* A socket file whose owner is gone. */
	assert_int_equal(bind(fd, (struct sockaddr *)&sun, sizeof(sun)), 0);
	close(fd);
	assert_non_null(srv);
	if (mgmt_server_listen_unix(srv, path, err, sizeof(err)) < 0)
		fail_msg("listen: %s", err);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0660);
	mgmt_server_free(srv);
	ev_loop_destroy(loop);
	/* Freeing the server removes its socket file. */
	assert_int_equal(stat(path, &st), -1);

	/* A file that is not a socket is never removed. */
	fd = open(path, O_CREAT | O_WRONLY | O_CLOEXEC, 0600);
	assert_true(fd >= 0);
	close(fd);
	loop = ev_loop_new(EVFLAG_AUTO);
	srv = mgmt_server_new(loop, NULL, NULL, NULL);
	assert_int_equal(mgmt_server_listen_unix(srv, path, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "not a socket"));
	mgmt_server_free(srv);
	ev_loop_destroy(loop);
	assert_int_equal(stat(path, &st), 0);
	unlink(path);
}

/* Every request gets a reply: one too big for a frame becomes an error. */
static void test_oversize_reply_becomes_error(void **state)
{
	struct fixture *fx = *state;
	struct mgmt_client *c = unix_client(fx);
	char err[512] = "", line[32];
	Evpnd__Reply *r;

	snprintf(line, sizeof(line), "big %u", MGMT_FRAME_MAX + 1);
	r = exec_call(c, line, err, sizeof(err));
	if (!r)
		fail_msg("no reply: %s", err);
	assert_false(r->ok);
	assert_non_null(strstr(r->error, "frame limit"));
	assert_string_equal(r->output, "");
	assert_string_equal(r->mode, "exec");
	assert_string_equal(r->prompt, "test# ");
	evpnd__reply__free_unpacked(r, NULL);
	assert_output(c, "after", "after");
	mgmt_client_free(c);
}

static uint8_t *big_request(size_t *len)
{
	Evpnd__Request req = EVPND__REQUEST__INIT;
	Evpnd__Exec exec = EVPND__EXEC__INIT;
	char line[32];
	uint8_t *frame;

	snprintf(line, sizeof(line), "big %u", BIG_REPLY);
	exec.line = line;
	req.op_case = EVPND__REQUEST__OP_EXEC;
	req.exec = &exec;
	frame = mgmt_frame_pack_request(&req, len);
	assert_non_null(frame);
	return frame;
}

/* Ask for a big reply and hang up at once: the server's writes then hit a
 * closed socket, which must not raise SIGPIPE in it (the shutdown test
 * checks that the server child lived to exit normally). */
static void test_unix_peer_gone_mid_reply(void **state)
{
	struct fixture *fx = *state;
	int fd = raw_unix(fx);
	size_t len;
	uint8_t *frame = big_request(&len);

	send_all(fd, frame, len);
	free(frame);
	close(fd);
	assert_true(handler_calls(fx) > 0);
}

/* ---- tests: TLS ---- */

static void assert_tls_config_error(struct mgmt_server *srv, const struct mgmt_tls_config *cfg,
				    const char *want1, const char *want2)
{
	char err[512] = "";

	assert_int_equal(mgmt_server_listen_tls(srv, cfg, err, sizeof(err)), -1);
	print_message("config error as expected: %s\n", err);
	assert_non_null(strstr(err, want1));
	assert_non_null(strstr(err, want2));
	assert_int_equal(mgmt_server_tls_port(srv), 0);
}

/* Errors name the file and give OpenSSL's or the system's reason. */
static void test_tls_config_errors(void **state)
{
	struct fixture *fx = *state;
	struct ev_loop *loop = ev_loop_new(EVFLAG_AUTO);
	struct mgmt_server *srv = mgmt_server_new(loop, NULL, NULL, NULL);
	struct path cert = fx_path(fx, "server.pem"), key = fx_path(fx, "server.key"),
		    ca = fx_path(fx, "ca.pem"), absent = fx_path(fx, "absent.pem"),
		    other_key = fx_path(fx, "client.key");
	struct mgmt_tls_config good = { "127.0.0.1", 0, cert.s, key.s, ca.s }, cfg;

	assert_non_null(srv);
	cfg = good;
	cfg.cert = absent.s;
	assert_tls_config_error(srv, &cfg, absent.s, "No such file or directory");
	cfg = good;
	cfg.ca = absent.s;
	assert_tls_config_error(srv, &cfg, absent.s, "No such file or directory");
	cfg = good;
	cfg.key = other_key.s;
	assert_tls_config_error(srv, &cfg, other_key.s, "mismatch");
	cfg = good;
	cfg.address = "not-an-address";
	assert_tls_config_error(srv, &cfg, "not-an-address", "invalid");
	cfg = good;
	cfg.port = fx->port; /* the test server holds it */
	assert_tls_config_error(srv, &cfg, "127.0.0.1", "Address already in use");
	mgmt_server_free(srv);
	ev_loop_destroy(loop);
}

/* The same over TLS, where the writes go through OpenSSL's BIO. */
static void test_tls_peer_gone_mid_reply(void **state)
{
	struct fixture *fx = *state;
	struct path cert = fx_path(fx, "client.pem"), key = fx_path(fx, "client.key"),
		    ca = fx_path(fx, "ca.pem");
	struct sockaddr_in sin = { .sin_family = AF_INET, .sin_port = htons(fx->port),
				   .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	char err[512] = "";
	SSL_CTX *ctx = mgmt_tls_client_ctx(cert.s, key.s, ca.s, err, sizeof(err));
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	SSL *ssl;
	size_t len, sent = 0, n;
	uint8_t *frame = big_request(&len);

	if (!ctx)
		fail_msg("%s", err);
	assert_true(fd >= 0);
	assert_int_equal(connect(fd, (struct sockaddr *)&sin, sizeof(sin)), 0);
	ssl = mgmt_tls_new(ctx, fd, false, err, sizeof(err));
	assert_non_null(ssl);
	/* A blocking socket: each step completes or fails. */
	if (mgmt_io_handshake(ssl, err, sizeof(err)) != MGMT_IO_OK)
		fail_msg("handshake: %s", err);
	while (sent < len) {
		assert_int_equal(mgmt_io_write(fd, ssl, frame + sent, len - sent, &n, err,
					       sizeof(err)),
				 MGMT_IO_OK);
		sent += n;
	}
	free(frame);
	mgmt_tls_free(ssl, false);
	close(fd);
	SSL_CTX_free(ctx);
	assert_true(handler_calls(fx) > 0);
}


static void test_tls_trusted_client(void **state)
{
	struct fixture *fx = *state;
	char err[512] = "";
	struct mgmt_client *c = tls_client(fx, fx->port, "client", "ca.pem", err, sizeof(err));

	if (!c)
		fail_msg("TLS connect: %s", err);
	assert_output(c, "hello over tls", "hello over tls");
	assert_output(c, "whoami", "tls");
	mgmt_client_free(c);
}

static void test_tls_big_reply(void **state)
{
	struct fixture *fx = *state;
	char err[512] = "", line[32], *out;
	struct mgmt_client *c = tls_client(fx, fx->port, "client", "ca.pem", err, sizeof(err));

	if (!c)
		fail_msg("TLS connect: %s", err);
	snprintf(line, sizeof(line), "big %u", BIG_REPLY);
	out = exec_ok(c, line);
	assert_big(out, BIG_REPLY);
	free(out);
	assert_output(c, "after", "after");
	mgmt_client_free(c);
}

/* The client may get through its half of a TLS 1.3 handshake before the
 * server has checked its certificate, so the refusal can surface at
 * connect or at the first call; either way no reply, and the handler never
 * ran. */
static void assert_tls_rejected(const struct fixture *fx, const char *who, const char *ca)
{
	unsigned before = handler_calls(fx);
	char err[512] = "";
	struct mgmt_client *c = tls_client(fx, fx->port, who, ca, err, sizeof(err));

	if (c) {
		Evpnd__Reply *r = exec_call(c, "must not run", err, sizeof(err));
		bool replied = r != NULL;

		if (r)
			evpnd__reply__free_unpacked(r, NULL);
		mgmt_client_free(c);
		assert_false(replied);
	}
	print_message("rejected as expected: %s\n", err);
	assert_true(err[0] != '\0');
	assert_int_equal(handler_calls(fx), before + 1);
}

static void test_tls_client_without_cert_rejected(void **state)
{
	assert_tls_rejected(*state, NULL, "ca.pem");
}

static void test_tls_client_untrusted_cert_rejected(void **state)
{
	assert_tls_rejected(*state, "rogue", "ca.pem");
}

static void test_tls_client_impostor_cert_rejected(void **state)
{
	assert_tls_rejected(*state, "impostor", "ca.pem");
}

/* The client side verifies too: a server its CA did not sign is refused. */
static void test_tls_client_refuses_untrusted_server(void **state)
{
	struct fixture *fx = *state;
	unsigned before = handler_calls(fx);
	char err[512] = "";
	struct mgmt_client *c = tls_client(fx, fx->port, "client", "rogue-ca.pem", err,
					   sizeof(err));

	assert_null(c);
	assert_non_null(strstr(err, "certificate verify failed"));
	assert_int_equal(handler_calls(fx), before + 1);
}

static void test_tls_serves_after_rejections(void **state)
{
	struct fixture *fx = *state;
	char err[512] = "";
	struct mgmt_client *t = tls_client(fx, fx->port, "client", "ca.pem", err, sizeof(err));
	struct mgmt_client *u = unix_client(fx);

	if (!t)
		fail_msg("TLS connect: %s", err);
	/* Interleaved on two live sessions of both kinds. */
	assert_output(t, "one", "one");
	assert_output(u, "two", "two");
	assert_output(t, "whoami", "tls");
	assert_output(u, "whoami", "unix");
	mgmt_client_free(t);
	mgmt_client_free(u);
}

/* Restarting the listener from inside a handler, as a configuration commit
 * does: same endpoint (credentials reload) and a new port. */
static void test_tls_restart(void **state)
{
	struct fixture *fx = *state;
	char err[512] = "", *out, want[16];
	struct mgmt_client *t = tls_client(fx, fx->port, "client", "ca.pem", err, sizeof(err));
	struct mgmt_client *c;
	unsigned old_port = fx->port;

	if (!t)
		fail_msg("TLS connect: %s", err);
	snprintf(want, sizeof(want), "%u", fx->port);
	assert_output(t, "reload-tls", want);
	out = exec_ok(t, "move-tls");
	fx->port = (unsigned)strtoul(out, NULL, 10);
	free(out);
	assert_true(fx->port != 0 && fx->port != old_port);
	/* The session that asked carries on. */
	assert_output(t, "still here", "still here");
	mgmt_client_free(t);
	c = tls_client(fx, fx->port, "client", "ca.pem", err, sizeof(err));
	if (!c)
		fail_msg("TLS connect to the new port: %s", err);
	assert_output(c, "new port", "new port");
	mgmt_client_free(c);
	assert_null(tls_client(fx, old_port, "client", "ca.pem", err, sizeof(err)));
	assert_non_null(strstr(err, "Connection refused"));
}

/* ---- tests: limits and shutdown ---- */

static void wait_sessions(struct mgmt_client *c, unsigned want)
{
	char buf[16];

	snprintf(buf, sizeof(buf), "%u", want);
	for (int i = 0; i < TEST_TIMEOUT * 10; i++) {
		char *out = exec_ok(c, "sessions");
		bool done = strcmp(out, buf) == 0;

		free(out);
		if (done)
			return;
		usleep(100000);
	}
	fail_msg("the server never got down to %u sessions", want);
}

/* A local client that is not root, in a child: 0 when its request was
 * answered, 1 when the connection was refused or closed. */
static int nonroot_call(const struct fixture *fx)
{
	pid_t pid;
	int status;

	fflush(stdout);
	fflush(stderr);
	if ((pid = fork()) == 0) {
		char err[512];
		struct mgmt_client *c;
		Evpnd__Reply *r = NULL;

		if (setgid(65534) < 0 || setuid(65534) < 0)
			_exit(3);
		c = mgmt_client_unix(fx->sock, err, sizeof(err));
		if (c) {
			mgmt_client_set_timeout(c, TEST_TIMEOUT);
			r = exec_call(c, "not root", err, sizeof(err));
		}
		_exit(r && r->ok ? 0 : 1);
	}
	assert_true(pid > 0);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_not_equal(WEXITSTATUS(status), 3);
	return WEXITSTATUS(status);
}

/* Local and TLS connections have budgets of their own, and root always
 * gets in: 64 idle local connections once locked everyone out. */
static void test_connection_budgets(void **state)
{
	struct fixture *fx = *state;
	struct mgmt_client *c[MGMT_MAX_UNIX], *extra, *t;
	char err[512] = "";

	/* Earlier tests' sessions must be gone before we count; then a
	 * client that is not root may come in as long as there is room. */
	c[0] = unix_client(fx);
	wait_sessions(c[0], 1);
	chmod(fx->dir, 0711);
	chmod(fx->sock, 0666);
	assert_int_equal(nonroot_call(fx), 0);
	wait_sessions(c[0], 1);
	for (size_t i = 1; i < MGMT_MAX_UNIX; i++) {
		c[i] = unix_client(fx);
		assert_output(c[i], "hi", "hi");
	}
	/* Full: one that is not root is refused, and nobody made room */
	assert_int_equal(nonroot_call(fx), 1);
	assert_output(c[0], "sessions", "64");
	/* a remote client has its own budget */
	t = tls_client(fx, fx->port, "client", "ca.pem", err, sizeof(err));
	if (!t)
		fail_msg("TLS client with the local budget full: %s", err);
	assert_output(t, "whoami", "tls");
	mgmt_client_free(t);
	/* root gets in; the local connection idle longest (c[1], as c[0]
	 * just spoke) made room, and says so by failing */
	extra = unix_client(fx);
	assert_output(extra, "welcome", "welcome");
	assert_null(exec_call(c[1], "closed?", err, sizeof(err)));
	wait_sessions(extra, MGMT_MAX_UNIX);
	mgmt_client_free(c[1]);
	for (size_t i = 2; i < MGMT_MAX_UNIX; i++)
		assert_output(c[i], "still here", "still here");
	mgmt_client_free(extra);
	mgmt_client_free(c[0]);
	for (size_t i = 2; i < MGMT_MAX_UNIX; i++)
		mgmt_client_free(c[i]);
	chmod(fx->sock, 0660);
	chmod(fx->dir, 0700);
}

/* A connection that sends nothing for the idle time is closed; one that
 * keeps talking is not. */
static void test_idle_timeout(void **state)
{
	struct fixture *fx = *state;
	struct mgmt_client *idle = unix_client(fx), *busy = unix_client(fx);
	char err[512] = "";

	assert_output(idle, "idle 1", "ok");
	assert_output(busy, "hi", "hi");
	for (int i = 0; i < 8; i++) {
		usleep(250000);
		assert_output(busy, "hi", "hi");
	}
	assert_null(exec_call(idle, "too late", err, sizeof(err)));
	assert_output(busy, "idle 0", "ok");	/* the server's default: never */
	mgmt_client_free(idle);
	mgmt_client_free(busy);
}

/* SIGTERM with a session open: mgmt_server_free must close it through
 * on_close (the child's exit status says so), free everything
 * (LeakSanitizer in the child), and remove the socket file. */
static void test_server_shutdown(void **state)
{
	struct fixture *fx = *state;
	struct mgmt_client *c = unix_client(fx);
	struct stat st;
	int status;

	assert_output(c, "last", "last");
	status = stop_server(fx);
	mgmt_client_free(c);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
	assert_int_equal(stat(fx->sock, &st), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_reply_clear),
		cmocka_unit_test(test_unix_request_reply),
		cmocka_unit_test(test_unix_socket_mode),
		cmocka_unit_test(test_unix_big_reply),
		cmocka_unit_test(test_pipelined_requests_in_order),
		cmocka_unit_test(test_unparseable_request_closes),
		cmocka_unit_test(test_oversize_frame_closes),
		cmocka_unit_test(test_oversize_reply_becomes_error),
		cmocka_unit_test(test_unix_peer_gone_mid_reply),
		cmocka_unit_test(test_client_reports_missing_daemon),
		cmocka_unit_test(test_client_timeout),
		cmocka_unit_test(test_listen_unix_refuses_live_socket),
		cmocka_unit_test(test_listen_unix_replaces_stale_socket),
		cmocka_unit_test(test_tls_config_errors),
		cmocka_unit_test(test_tls_trusted_client),
		cmocka_unit_test(test_tls_big_reply),
		cmocka_unit_test(test_tls_peer_gone_mid_reply),
		cmocka_unit_test(test_tls_client_without_cert_rejected),
		cmocka_unit_test(test_tls_client_untrusted_cert_rejected),
		cmocka_unit_test(test_tls_client_impostor_cert_rejected),
		cmocka_unit_test(test_tls_client_refuses_untrusted_server),
		cmocka_unit_test(test_tls_serves_after_rejections),
		cmocka_unit_test(test_tls_restart),
		cmocka_unit_test(test_connection_budgets),
		cmocka_unit_test(test_idle_timeout),
		cmocka_unit_test(test_server_shutdown),
	};

	return cmocka_run_group_tests_name("mgmt_tls", tests, group_setup, group_teardown);
}
