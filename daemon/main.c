/* evpnd: BGP EVPN control plane. Start-up, the loop, signals, shutdown. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "bgpd/bgpd.h"
#include "cli/cmd.h"
#include "daemon/evpnd.h"
#include "daemon/modules.h"
#include "evpn/evpn.h"
#include "fib/fib.h"
#include "lib/log.h"
#include "mgmt/server.h"
#include "rib/out.h"
#include "version.h"

#define RUNDIR_BASE "/run/evpnd"
/* How long a restart waits for End-of-RIB before deleting what no route claims. */
#define FIB_RESYNC_TIMEOUT 60.

struct options {
	const char *config, *name, *rundir, *level;
	bool daemonize, no_kernel;
	int bgp_port;
};

static void usage(FILE *f)
{
	fprintf(f, "usage: evpnd [-f CONFIG] [-N NAME] [-d] [--log-level LEVEL] [--syslog]\n"
		   "             [--rundir DIR] [-p PORT]\n"
		   "  -f, --config FILE    FRR-style text (*.conf) or YANG JSON (*.json);\n"
		   "                       default /etc/evpnd/evpnd.conf (/etc/evpnd/NAME.conf)\n"
		   "  -N, --name NAME      instance name: runtime dir " RUNDIR_BASE "/NAME/\n"
		   "  -d, --daemon         run in the background once ready\n"
		   "  --log-level LEVEL    err, warning, notice (default), info, debug\n"
		   "  --syslog             log to syslog instead of stderr\n"
		   "  --rundir DIR         runtime directory (socket, pid file)\n"
		   "  -p, --bgp-port PORT  BGP listen and connect port (default 179; 0: no BGP\n"
		   "                       sessions at all, for configuration-only use)\n"
		   "  --no-kernel          leave the kernel alone: no VNI discovery, learning\n"
		   "                       or FDB programming (control plane only)\n");
}

static int parse_port(const char *s)
{
	char *end;
	long v = strtol(s, &end, 10);

	return (*s && !*end && v >= 0 && v <= 65535) ? (int)v : -1;
}

static int parse_args(int argc, char **argv, struct options *o, bool *to_syslog)
{
	static const struct option longopts[] = {
		{ "config", required_argument, NULL, 'f' }, { "name", required_argument, NULL, 'N' },
		{ "daemon", no_argument, NULL, 'd' },	   { "log-level", required_argument, NULL, 'l' },
		{ "syslog", no_argument, NULL, 's' },	   { "rundir", required_argument, NULL, 'r' },
		{ "help", no_argument, NULL, 'h' },	   { "bgp-port", required_argument, NULL, 'p' },
		{ "no-kernel", no_argument, NULL, 'K' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	while ((c = getopt_long(argc, argv, "f:N:dhp:", longopts, NULL)) != -1) {
		switch (c) {
		case 'f': o->config = optarg; break;
		case 'N': o->name = optarg; break;
		case 'd': o->daemonize = true; break;
		case 'l': o->level = optarg; break;
		case 's': *to_syslog = true; break;
		case 'r': o->rundir = optarg; break;
		case 'p': o->bgp_port = parse_port(optarg); break;
		case 'K': o->no_kernel = true; break;
		case 'h': usage(stdout); exit(0);
		default: usage(stderr); return -1;
		}
	}
	if (o->bgp_port < 0) {
		fprintf(stderr, "evpnd: bad BGP port\n");
		return -1;
	}
	if (optind < argc) {
		fprintf(stderr, "evpnd: unexpected argument %s\n", argv[optind]);
		return -1;
	}
	if (strchr(o->name, '/') || strcmp(o->name, ".") == 0 || strcmp(o->name, "..") == 0) {
		fprintf(stderr, "evpnd: bad instance name %s\n", o->name);
		return -1;
	}
	return 0;
}

static char *path_join(const char *dir, const char *file)
{
	char *p;

	if (asprintf(&p, "%s/%s", dir, file) < 0)
		abort();
	return p;
}

static void setup_paths(struct evpnd *d, const struct options *o)
{
	if (o->rundir)
		d->rundir = strdup(o->rundir);
	else if (*o->name)
		d->rundir = path_join(RUNDIR_BASE, o->name);
	else
		d->rundir = strdup(RUNDIR_BASE);
	d->sock_path = path_join(d->rundir, "evpnd.sock");
	d->pid_path = path_join(d->rundir, "evpnd.pid");
	if (!o->config) {
		if (asprintf(&d->config_path, "/etc/evpnd/%s.conf", *o->name ? o->name : "evpnd") < 0)
			abort();
	} else if (!(d->config_path = realpath(o->config, NULL))) {
		/* absolute when it exists, so a reload finds it whatever the cwd */
		d->config_path = strdup(o->config);
	}
}

/* The pid file is also the instance lock: a second evpnd with the same
 * name finds it locked and stops before touching the socket. */
static int take_pid_lock(struct evpnd *d, struct strbuf *err)
{
	if (strncmp(d->rundir, RUNDIR_BASE "/", sizeof(RUNDIR_BASE)) == 0)
		mkdir(RUNDIR_BASE, 0755); /* a failure shows in the next mkdir */
	if (mkdir(d->rundir, 0750) == 0)
		d->rundir_made = true;
	else if (errno != EEXIST) {
		sb_printf(err, "cannot create %s: %s", d->rundir, strerror(errno));
		return -1;
	}
	d->pid_fd = open(d->pid_path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	if (d->pid_fd < 0) {
		sb_printf(err, "cannot open %s: %s", d->pid_path, strerror(errno));
		return -1;
	}
	if (flock(d->pid_fd, LOCK_EX | LOCK_NB) < 0) {
		sb_printf(err, "another evpnd runs with %s (%s)", d->rundir, d->pid_path);
		close(d->pid_fd);
		d->pid_fd = -1;
		return -1;
	}
	return 0;
}

static void write_pid(struct evpnd *d)
{
	char buf[32];
	int n = snprintf(buf, sizeof(buf), "%d\n", (int)getpid());

	if (ftruncate(d->pid_fd, 0) < 0 || pwrite(d->pid_fd, buf, (size_t)n, 0) != n)
		log_warn("cannot write %s: %s", d->pid_path, strerror(errno));
}

/* Forks; the parent waits for the child to say it is serving, so that a
 * script can talk to the daemon as soon as `evpnd -d` returns. */
static int daemonize(int *ready_fd)
{
	int p[2];
	char c = 1;

	if (pipe(p) < 0)
		return -1;
	pid_t pid = fork();
	if (pid < 0)
		return -1;
	if (pid > 0) {
		close(p[1]);
		ssize_t n = read(p[0], &c, 1);
		_exit(n == 1 && c == 0 ? 0 : 1);
	}
	close(p[0]);
	setsid();
	*ready_fd = p[1];
	/* the loop (and the TLS listener the config started) predate the fork */
	ev_loop_fork(EV_DEFAULT);
	return 0;
}

static void ready(int *ready_fd)
{
	char ok = 0;
	int fd;

	if (*ready_fd < 0)
		return;
	fd = open("/dev/null", O_RDWR);
	if (fd >= 0) {
		dup2(fd, 0);
		dup2(fd, 1);
		if (fd > 1)
			close(fd);
	}
	if (write(*ready_fd, &ok, 1) != 1)
		log_warn("cannot signal readiness to the parent");
	close(*ready_fd);
	*ready_fd = -1;
}

static void on_stop(struct ev_loop *loop, ev_signal *w, int revents)
{
	(void)revents;
	log_notice("signal %d: shutting down", w->signum);
	ev_break(loop, EVBREAK_ALL);
}

static void on_hup(struct ev_loop *loop, ev_signal *w, int revents)
{
	(void)loop, (void)revents;
	evpnd_reload(w->data);
}

static void start_signals(struct evpnd *d)
{
	signal(SIGPIPE, SIG_IGN);
	ev_signal_init(&d->sig_term, on_stop, SIGTERM);
	ev_signal_init(&d->sig_int, on_stop, SIGINT);
	ev_signal_init(&d->sig_hup, on_hup, SIGHUP);
	d->sig_hup.data = d;
	ev_signal_start(d->loop, &d->sig_term);
	ev_signal_start(d->loop, &d->sig_int);
	ev_signal_start(d->loop, &d->sig_hup);
}

static int load_config(struct evpnd *d, bool missing_ok, struct strbuf *err)
{
	struct lyd_node *tree = NULL;
	bool changed;

	if (evpnd_read_config(d, d->config_path, missing_ok, &tree, err) < 0)
		return -1;
	if (ds_commit(d->ds, &tree, &changed, err) < 0) {
		lyd_free_all(tree);
		return -1;
	}
	return 0;
}

static void shutdown_daemon(struct evpnd *d)
{
	if (d->mgmt)
		mgmt_server_free(d->mgmt);
	/* Shutting the instances down must not touch the kernel. */
	evpn_dp_set(NULL);
	fib_set_events(NULL);
	modules_stop();
	rib_out_flush();
	rib_reset();
	ds_free(d->ds);
	cli_unregister_all();
	if (d->pid_fd >= 0) {
		unlink(d->pid_path);
		close(d->pid_fd);
		/* A directory we made goes with what was in it (if nothing else
		 * was put there). */
		if (d->rundir_made)
			rmdir(d->rundir);
	}
	if (d->loop)
		ev_loop_destroy(d->loop);
	free(d->rundir);
	free(d->sock_path);
	free(d->pid_path);
	free(d->config_path);
}

/* In any order: each says what it comes after (daemon/modules.c). */
static int start_modules(struct evpnd *d, struct strbuf *err)
{
	const struct module *mods[] = { system_module(d), &bgp_module, &evpn_module, &fib_module,
					&exec_module };
	struct module_ctx ctx = { .loop = d->loop, .ds = d->ds, .bgp_port = d->bgp_port };

	return modules_start(mods, sizeof(mods) / sizeof(mods[0]), &ctx, err);
}

static int run(struct evpnd *d, const struct options *o)
{
	struct strbuf err = STRBUF_INIT;
	char msg[512];
	int ready_fd = -1, rc = 1;

	d->ds = ds_new(&err);
	if (!d->ds)
		goto out;
	d->mgmt = mgmt_server_new(d->loop, client_request, client_close, d);
	d->bgp_port = (uint16_t)o->bgp_port;
	if (start_modules(d, &err) < 0)
		goto out;
	/* Refuse a bad config before forking, so the error reaches the user. */
	if (load_config(d, !o->config, &err) < 0 || take_pid_lock(d, &err) < 0)
		goto out;
	if (o->daemonize && daemonize(&ready_fd) < 0) {
		sb_printf(&err, "cannot fork: %s", strerror(errno));
		goto out;
	}
	write_pid(d);
	if (mgmt_server_listen_unix(d->mgmt, d->sock_path, msg, sizeof(msg)) < 0) {
		sb_printf(&err, "%s", msg);
		goto out;
	}
	fib_set_converged(bgp_evpn_converged, FIB_RESYNC_TIMEOUT);
	if (!o->no_kernel) {
		evpn_dp_set(fib_dp_ops());
		fib_set_events(evpn_kernel_events());
		if (fib_start(d->loop, &err) < 0)
			goto out;
		bgp_gr_preserved_afs = 1u << BGP_AF_L2VPN_EVPN;
	}
	start_signals(d);
	log_notice("evpnd %s started (instance %s, config %s, socket %s)", EVPND_VERSION,
		   *d->name ? d->name : "default", d->config_path, d->sock_path);
	ready(&ready_fd);
	ev_run(d->loop, 0);
	rc = 0;
out:
	if (rc)
		log_err("%s", err.buf ? err.buf : "start-up failed");
	if (ready_fd >= 0)
		close(ready_fd);
	sb_free(&err);
	return rc;
}

int main(int argc, char **argv)
{
	struct options o = { .name = "", .level = "notice", .bgp_port = 179 };
	struct evpnd d = { .pid_fd = -1 };
	bool to_syslog = false;
	int level, rc;

	if (parse_args(argc, argv, &o, &to_syslog) < 0)
		return 2;
	level = log_level_parse(o.level);
	if (level < 0) {
		fprintf(stderr, "evpnd: unknown log level %s\n", o.level);
		return 2;
	}
	log_init("evpnd", to_syslog, level);
	d.name = o.name;
	d.started = time(NULL);
	d.loop = ev_default_loop(EVFLAG_AUTO);
	setup_paths(&d, &o);
	rc = run(&d, &o);
	shutdown_daemon(&d);
	return rc;
}
