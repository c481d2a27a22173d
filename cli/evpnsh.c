/* evpnsh: the evpnd shell. A thin client: every line goes to the daemon,
 * which owns the modes, the candidate and the command table; the shell
 * only edits lines, asks for `?` and tab, and prints. */
#include <errno.h>
#include <getopt.h>
#include <histedit.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "mgmt/client.h"

#define RUNDIR_BASE "/run/evpnd"
#define MAX_CMDS 64

struct opts;

struct shell {
	struct mgmt_client *client;
	const struct opts *opts;
	char prompt[128];
	bool configuring;
	bool pending;
	EditLine *el;
};

static struct shell sh;
static struct mgmt_client *connect_daemon(const struct opts *o);

/* evpnd closes a connection idle too long (management idle-timeout): at
 * the prompt, connect again. A command typed in exec mode is sent again;
 * one typed while configuring is not, as the configure session (and its
 * uncommitted changes) went with the connection. */
static Evpnd__Reply *call_again(const Evpnd__Request *req, const char *why)
{
	Evpnd__Request probe = EVPND__REQUEST__INIT;
	Evpnd__Complete nothing = EVPND__COMPLETE__INIT;
	bool lost_config = sh.configuring;
	char err[512];

	mgmt_client_free(sh.client);
	if (!(sh.client = connect_daemon(sh.opts)))
		exit(2);
	sh.configuring = sh.pending = false;
	fprintf(stderr, "%% connection lost (%s): connected again%s\n", why,
		lost_config ? "; the configure session went with it, uncommitted changes and "
			      "all: the line was not run" : "");
	if (lost_config) {
		/* only the new prompt: completing nothing runs nothing */
		nothing.line = "";
		probe.op_case = EVPND__REQUEST__OP_COMPLETE;
		probe.complete = &nothing;
		req = &probe;
	}
	return mgmt_client_call(sh.client, req, err, sizeof(err));
}

static Evpnd__Reply *call(const Evpnd__Request *req)
{
	char err[512];
	Evpnd__Reply *r = mgmt_client_call(sh.client, req, err, sizeof(err));

	if (!r && sh.el)
		r = call_again(req, err);
	if (!r) {
		fprintf(stderr, "%% %s\n", err);
		exit(2);
	}
	snprintf(sh.prompt, sizeof(sh.prompt), "%s", r->prompt ? r->prompt : "evpnd# ");
	sh.configuring = r->mode && *r->mode;
	sh.pending = r->pending;
	return r;
}

/* Runs a line; prints its output or error. Returns 0 on success. */
static int run_line(const char *line)
{
	Evpnd__Request req = EVPND__REQUEST__INIT;
	Evpnd__Exec ex = EVPND__EXEC__INIT;
	Evpnd__Reply *r;
	int rc;

	ex.line = (char *)line;
	req.op_case = EVPND__REQUEST__OP_EXEC;
	req.exec = &ex;
	r = call(&req);
	if (r->ok && r->output && *r->output)
		fputs(r->output, stdout);
	if (!r->ok)
		fprintf(stderr, "%s\n", r->error && *r->error ? r->error : "% Command failed");
	rc = r->ok ? 0 : 1;
	evpnd__reply__free_unpacked(r, NULL);
	fflush(stdout);
	return rc;
}

static Evpnd__Reply *complete(const char *line, bool help)
{
	Evpnd__Request req = EVPND__REQUEST__INIT;
	Evpnd__Complete c = EVPND__COMPLETE__INIT;

	c.line = (char *)line;
	c.help = help;
	req.op_case = EVPND__REQUEST__OP_COMPLETE;
	req.complete = &c;
	return call(&req);
}

static char *line_so_far(EditLine *el)
{
	const LineInfo *li = el_line(el);

	return strndup(li->buffer, (size_t)(li->cursor - li->buffer));
}

static unsigned char on_help(EditLine *el, int ch)
{
	char *line = line_so_far(el);
	Evpnd__Reply *r = complete(line, true);

	(void)ch;
	printf("\n");
	if (r->n_choices == 0)
		printf("%% There is no matched command.\n");
	for (size_t i = 0; i < r->n_choices; i++)
		printf("  %s\n", r->choices[i]);
	evpnd__reply__free_unpacked(r, NULL);
	free(line);
	return CC_REDISPLAY;
}

/* Inserts the rest of the one matching word, or lists the choices. */
static unsigned char on_tab(EditLine *el, int ch)
{
	char *line = line_so_far(el);
	size_t n = strlen(line), start = n;
	Evpnd__Reply *r = complete(line, false);
	unsigned char rc = CC_REFRESH;

	(void)ch;
	while (start > 0 && line[start - 1] != ' ')
		start--;
	if (r->n_choices == 1) {
		el_insertstr(el, r->choices[0] + (n - start));
		el_insertstr(el, " ");
	} else if (r->n_choices > 1) {
		printf("\n");
		for (size_t i = 0; i < r->n_choices; i++)
			printf("%s%s", r->choices[i], i + 1 < r->n_choices ? "  " : "\n");
		rc = CC_REDISPLAY;
	}
	evpnd__reply__free_unpacked(r, NULL);
	free(line);
	return rc;
}

static char *prompt_fn(EditLine *el)
{
	(void)el;
	return sh.prompt;
}

static void interactive(void)
{
	HistEvent ev;
	History *hist = history_init();
	const char *line;
	int count;

	history(hist, &ev, H_SETSIZE, 1000);
	sh.el = el_init("evpnsh", stdin, stdout, stderr);
	el_set(sh.el, EL_EDITOR, "emacs");
	el_set(sh.el, EL_PROMPT, prompt_fn);
	el_set(sh.el, EL_HIST, history, hist);
	el_set(sh.el, EL_ADDFN, "evpn-help", "List the words valid here", on_help);
	el_set(sh.el, EL_ADDFN, "evpn-complete", "Complete the word", on_tab);
	el_set(sh.el, EL_BIND, "?", "evpn-help", NULL);
	el_set(sh.el, EL_BIND, "^I", "evpn-complete", NULL);
	el_set(sh.el, EL_SIGNAL, 1);
	run_line("show version"); /* the banner, and the prompt */
	while ((line = el_gets(sh.el, &count)) != NULL) {
		char *l = strndup(line, strcspn(line, "\r\n"));
		if (*l) {
			history(hist, &ev, H_ENTER, l);
			if (!sh.configuring && (strcmp(l, "exit") == 0 || strcmp(l, "quit") == 0)) {
				free(l);
				break;
			}
			run_line(l);
		}
		free(l);
	}
	if (sh.configuring)
		run_line("end"); /* Ctrl-D while configuring commits, as `end` would */
	el_end(sh.el);
	history_end(hist);
}

/* Lines from a pipe: stop at the first error, leaving nothing changed. */
static int from_stdin(void)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;

	while ((n = getline(&line, &cap, stdin)) > 0) {
		line[strcspn(line, "\r\n")] = '\0';
		if (*line && *line != '!' && run_line(line) != 0) {
			free(line);
			return 1;
		}
	}
	free(line);
	return sh.configuring ? run_line("end") : 0;
}

static void usage(FILE *f)
{
	fprintf(f, "usage: evpnsh [-N NAME] [-c COMMAND]... [--socket PATH]\n"
		   "       evpnsh --tls HOST:PORT --cert FILE --key FILE --ca FILE [-c COMMAND]...\n"
		   "  -c COMMAND   run the command and exit (repeatable); a configure session\n"
		   "               started by -c commands is committed after the last one\n");
}

struct opts {
	const char *name, *socket, *tls, *cert, *key, *ca;
	const char *cmds[MAX_CMDS];
	int ncmds;
};

static int parse_args(int argc, char **argv, struct opts *o)
{
	static const struct option longopts[] = {
		{ "name", required_argument, NULL, 'N' }, { "command", required_argument, NULL, 'c' },
		{ "socket", required_argument, NULL, 's' }, { "tls", required_argument, NULL, 't' },
		{ "cert", required_argument, NULL, 'C' }, { "key", required_argument, NULL, 'K' },
		{ "ca", required_argument, NULL, 'A' }, { "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	while ((c = getopt_long(argc, argv, "N:c:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'N': o->name = optarg; break;
		case 'c':
			if (o->ncmds == MAX_CMDS) {
				fprintf(stderr, "evpnsh: at most %d -c commands\n", MAX_CMDS);
				return -1;
			}
			o->cmds[o->ncmds++] = optarg;
			break;
		case 's': o->socket = optarg; break;
		case 't': o->tls = optarg; break;
		case 'C': o->cert = optarg; break;
		case 'K': o->key = optarg; break;
		case 'A': o->ca = optarg; break;
		case 'h': usage(stdout); exit(0);
		default: usage(stderr); return -1;
		}
	}
	return optind < argc ? (usage(stderr), -1) : 0;
}

static struct mgmt_client *connect_daemon(const struct opts *o)
{
	char err[512], path[512];
	struct mgmt_client *c;

	if (o->tls) {
		const char *colon = strrchr(o->tls, ':');
		if (!colon || !o->ca) {
			fprintf(stderr, "evpnsh: --tls takes HOST:PORT and needs --ca\n");
			return NULL;
		}
		char *host = strndup(o->tls, (size_t)(colon - o->tls));
		c = mgmt_client_tls(host, (unsigned)atoi(colon + 1), o->cert, o->key, o->ca, err,
				    sizeof(err));
		free(host);
	} else {
		if (o->socket)
			snprintf(path, sizeof(path), "%s", o->socket);
		else if (o->name)
			snprintf(path, sizeof(path), RUNDIR_BASE "/%s/evpnd.sock", o->name);
		else
			snprintf(path, sizeof(path), RUNDIR_BASE "/evpnd.sock");
		c = mgmt_client_unix(path, err, sizeof(err));
	}
	if (!c)
		fprintf(stderr, "%% %s\n", err);
	return c;
}

int main(int argc, char **argv)
{
	struct opts o = { 0 };
	int rc = 0;

	if (parse_args(argc, argv, &o) < 0)
		return 2;
	signal(SIGPIPE, SIG_IGN);
	sh.opts = &o;
	sh.client = connect_daemon(&o);
	if (!sh.client)
		return 2;
	if (o.ncmds) {
		for (int i = 0; i < o.ncmds && rc == 0; i++)
			rc = run_line(o.cmds[i]);
		if (rc == 0 && sh.configuring)
			rc = run_line("end");
	} else if (isatty(STDIN_FILENO)) {
		interactive();
	} else {
		rc = from_stdin();
	}
	mgmt_client_free(sh.client);
	return rc;
}
