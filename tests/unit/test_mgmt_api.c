/* The management API as a program would use it, against the real daemon
 * (../evpnd beside this test binary): edit-config with text and JSON,
 * commit, abort, get-config, get-state, complete. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <limits.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "mgmt/client.h"

static char dir[] = "/tmp/evpnd-api.XXXXXX";
static char sock[PATH_MAX + 16], evpnd_path[PATH_MAX];
static pid_t daemon_pid;

static Evpnd__Reply *call(struct mgmt_client *c, Evpnd__Request *req)
{
	char err[256];
	Evpnd__Reply *r = mgmt_client_call(c, req, err, sizeof(err));

	if (!r)
		fail_msg("call: %s", err);
	return r;
}

static Evpnd__Reply *edit(struct mgmt_client *c, Evpnd__EditConfig__Kind kind, const char *data)
{
	Evpnd__Request req = EVPND__REQUEST__INIT;
	Evpnd__EditConfig e = EVPND__EDIT_CONFIG__INIT;

	e.kind = kind;
	e.data = (char *)data;
	req.op_case = EVPND__REQUEST__OP_EDIT_CONFIG;
	req.edit_config = &e;
	return call(c, &req);
}

static Evpnd__Reply *simple(struct mgmt_client *c, Evpnd__Request__OpCase op)
{
	Evpnd__Request req = EVPND__REQUEST__INIT;
	Evpnd__Commit commit = EVPND__COMMIT__INIT;
	Evpnd__Abort abort_ = EVPND__ABORT__INIT;

	req.op_case = op;
	if (op == EVPND__REQUEST__OP_COMMIT)
		req.commit = &commit;
	else
		req.abort = &abort_;
	return call(c, &req);
}

static char *get_config(struct mgmt_client *c, Evpnd__Format fmt, bool candidate)
{
	Evpnd__Request req = EVPND__REQUEST__INIT;
	Evpnd__GetConfig g = EVPND__GET_CONFIG__INIT;

	g.format = fmt;
	g.candidate = candidate;
	req.op_case = EVPND__REQUEST__OP_GET_CONFIG;
	req.get_config = &g;
	Evpnd__Reply *r = call(c, &req);
	assert_true(r->ok);
	char *s = strdup(r->output);
	evpnd__reply__free_unpacked(r, NULL);
	return s;
}

static struct mgmt_client *connect_daemon(void)
{
	char err[256];
	struct mgmt_client *c = NULL;

	for (int i = 0; i < 100 && !c; i++) {
		c = mgmt_client_unix(sock, err, sizeof(err));
		if (!c)
			usleep(50000);
	}
	if (!c)
		fail_msg("daemon not reachable: %s", err);
	return c;
}

static int start(void **state)
{
	char conf[PATH_MAX], rundir[PATH_MAX];

	(void)state;
	if (!mkdtemp(dir))
		return -1;
	snprintf(conf, sizeof(conf), "%s/a.conf", dir);
	snprintf(rundir, sizeof(rundir), "%s/run", dir);
	snprintf(sock, sizeof(sock), "%s/evpnd.sock", rundir);
	FILE *f = fopen(conf, "w");
	fputs("hostname api\n", f);
	fclose(f);
	daemon_pid = fork();
	if (daemon_pid == 0) {
		execl(evpnd_path, "evpnd", "-N", "api", "--rundir", rundir, "-f", conf,
		      "--log-level", "err", "--bgp-port", "0", (char *)NULL);
		_exit(127);
	}
	return daemon_pid > 0 ? 0 : -1;
}

static int stop(void **state)
{
	char cmd[PATH_MAX + 16];
	int status = 0;

	(void)state;
	kill(daemon_pid, SIGTERM);
	waitpid(daemon_pid, &status, 0);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	if (system(cmd) != 0)
		return -1;
	return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -1;
}

static void test_edit_text_commit(void **state)
{
	(void)state;
	struct mgmt_client *c = connect_daemon();
	Evpnd__Reply *r = edit(c, EVPND__EDIT_CONFIG__KIND__TEXT,
			       "hostname api2\nrouter bgp 65000\n neighbor 10.0.0.1 remote-as 1\n");
	assert_true(r->ok);
	assert_true(r->pending);
	evpnd__reply__free_unpacked(r, NULL);

	/* running is unchanged until commit; the candidate shows the edit */
	char *run = get_config(c, EVPND__FORMAT__TEXT, false);
	char *cand = get_config(c, EVPND__FORMAT__TEXT, true);
	assert_non_null(strstr(run, "hostname api\n"));
	assert_non_null(strstr(cand, "hostname api2\n"));
	free(run);
	free(cand);

	r = simple(c, EVPND__REQUEST__OP_COMMIT);
	assert_true(r->ok);
	assert_false(r->pending);
	evpnd__reply__free_unpacked(r, NULL);
	run = get_config(c, EVPND__FORMAT__TEXT, false);
	assert_non_null(strstr(run, " neighbor 10.0.0.1 remote-as 1\n"));
	free(run);
	mgmt_client_free(c);
}

static void test_edit_json_invalid_then_abort(void **state)
{
	(void)state;
	struct mgmt_client *c = connect_daemon();
	char *before = get_config(c, EVPND__FORMAT__JSON, false);

	/* a JSON value outside its range is refused at parse, with the path */
	Evpnd__Reply *r = edit(c, EVPND__EDIT_CONFIG__KIND__JSON,
			       "{\"evpnd-bgp:bgp\": {\"asn\": 0}}");
	assert_false(r->ok);
	assert_non_null(strstr(r->error, "asn"));
	evpnd__reply__free_unpacked(r, NULL);

	/* a valid edit that fails whole-tree validation at commit */
	r = edit(c, EVPND__EDIT_CONFIG__KIND__JSON,
		 "{\"evpnd-bgp:bgp\": {\"asn\": 1, \"neighbors\": {\"neighbor\": "
		 "[{\"address\": \"1.1.1.1\"}]}}}");
	assert_true(r->ok);
	evpnd__reply__free_unpacked(r, NULL);
	r = simple(c, EVPND__REQUEST__OP_COMMIT);
	assert_false(r->ok);
	assert_non_null(strstr(r->error, "remote-as"));
	evpnd__reply__free_unpacked(r, NULL);
	r = simple(c, EVPND__REQUEST__OP_ABORT);
	assert_true(r->ok);
	assert_string_equal(r->mode, "");
	evpnd__reply__free_unpacked(r, NULL);

	char *after = get_config(c, EVPND__FORMAT__JSON, false);
	assert_string_equal(after, before);
	free(before);
	free(after);
	mgmt_client_free(c);
}

static void test_get_state_and_complete(void **state)
{
	(void)state;
	struct mgmt_client *c = connect_daemon();
	Evpnd__Request req = EVPND__REQUEST__INIT;
	Evpnd__GetState g = EVPND__GET_STATE__INIT;
	Evpnd__Complete comp = EVPND__COMPLETE__INIT;

	g.path = "/evpnd-system:system-state/instance";
	req.op_case = EVPND__REQUEST__OP_GET_STATE;
	req.get_state = &g;
	Evpnd__Reply *r = call(c, &req);
	assert_true(r->ok);
	assert_non_null(strstr(r->output, "\"instance\": \"api\""));
	evpnd__reply__free_unpacked(r, NULL);

	comp.line = "show ru";
	req.op_case = EVPND__REQUEST__OP_COMPLETE;
	req.complete = &comp;
	r = call(c, &req);
	assert_int_equal(r->n_choices, 1);
	assert_string_equal(r->choices[0], "running-config");
	evpnd__reply__free_unpacked(r, NULL);
	mgmt_client_free(c);
}

static Evpnd__Reply *exec_line(struct mgmt_client *c, const char *line)
{
	Evpnd__Request req = EVPND__REQUEST__INIT;
	Evpnd__Exec ex = EVPND__EXEC__INIT;

	ex.line = (char *)line;
	req.op_case = EVPND__REQUEST__OP_EXEC;
	req.exec = &ex;
	return call(c, &req);
}

static void exec_ok(struct mgmt_client *c, const char *line)
{
	Evpnd__Reply *r = exec_line(c, line);

	if (!r->ok)
		fail_msg("%s: %s", line, r->error);
	evpnd__reply__free_unpacked(r, NULL);
}

/* Two configure sessions at once: each commit carries only its own
 * session's changes, so the later one does not undo the earlier. */
static void test_concurrent_sessions(void **state)
{
	(void)state;
	struct mgmt_client *a = connect_daemon(), *b = connect_daemon();

	exec_ok(a, "configure terminal");
	exec_ok(a, "hostname from-a");
	exec_ok(b, "configure terminal");
	exec_ok(b, "router bgp 65000");
	exec_ok(b, "neighbor 10.0.0.2 remote-as 2");
	exec_ok(b, "end");
	exec_ok(a, "end");
	char *run = get_config(a, EVPND__FORMAT__TEXT, false);
	assert_non_null(strstr(run, "hostname from-a\n"));
	assert_non_null(strstr(run, " neighbor 10.0.0.2 remote-as 2\n"));
	free(run);

	/* both delete the same neighbor: the second cannot replay its change */
	exec_ok(a, "configure terminal");
	exec_ok(a, "router bgp 65000");
	exec_ok(a, "no neighbor 10.0.0.2");
	exec_ok(b, "configure terminal");
	exec_ok(b, "router bgp 65000");
	exec_ok(b, "no neighbor 10.0.0.2");
	exec_ok(b, "commit");
	Evpnd__Reply *r = exec_line(a, "commit");
	assert_false(r->ok);
	assert_non_null(strstr(r->error, "changed by another session"));
	evpnd__reply__free_unpacked(r, NULL);
	exec_ok(a, "abort");
	exec_ok(b, "end");
	mgmt_client_free(a);
	mgmt_client_free(b);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_edit_text_commit),
		cmocka_unit_test(test_edit_json_invalid_then_abort),
		cmocka_unit_test(test_get_state_and_complete),
		cmocka_unit_test(test_concurrent_sessions),
	};
	char *slash;

	(void)argc;
	snprintf(evpnd_path, sizeof(evpnd_path), "%s", argv[0]);
	slash = strrchr(evpnd_path, '/');
	snprintf(slash ? slash + 1 : evpnd_path, 32, "../evpnd");
	return cmocka_run_group_tests_name("mgmt_api", tests, start, stop);
}
