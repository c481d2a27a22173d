/* The daemon: one libev loop, the datastore, the management server and the
 * modules hanging off them. */
#ifndef EVPND_DAEMON_H
#define EVPND_DAEMON_H

#include <ev.h>
#include <stdbool.h>
#include <time.h>

#include "evpnd.pb-c.h"
#include "yang/datastore.h"

struct mgmt_server;

struct evpnd {
	struct ev_loop *loop;
	struct ds *ds;
	struct mgmt_server *mgmt;
	const char *name;	 /* instance name, "" for the default */
	char *rundir, *sock_path, *pid_path;
	bool rundir_made;	/* created by this run: removed at exit */
	char *config_path;
	time_t started;
	int pid_fd;
	uint16_t bgp_port;	/* 179; tests may move it */
	ev_signal sig_term, sig_int, sig_hup;
};

/* Reads a config file (text or, by its .json suffix, YANG JSON) into a tree
 * ready for ds_commit. A missing file is an empty config if missing_ok. */
int evpnd_read_config(struct evpnd *d, const char *path, bool missing_ok,
		      struct lyd_node **tree, struct strbuf *err);
/* Writes running config to the config file: a temp file then rename, so a
 * crash leaves either the old or the new file, never half of one. */
int evpnd_write_config(struct evpnd *d, struct strbuf *err);
/* SIGHUP: the file again, as one transaction. */
void evpnd_reload(struct evpnd *d);

/* The daemon's own modules: the evpnd-system configuration (host name,
 * router ID, management listener) and the exec commands. */
struct module;
const struct module *system_module(struct evpnd *d);
extern const struct module exec_module;

/* Management clients (daemon/client.c): the handlers given to the server. */
struct mgmt_conn;
void client_request(void *arg, struct mgmt_conn *ms, const Evpnd__Request *req,
		     Evpnd__Reply *reply);
void client_close(void *arg, struct mgmt_conn *ms);
/* What exec commands get as their ctx. */
struct evpnd *client_daemon(void *ctx);
struct cli_match;
struct strbuf;
int client_cmd_configure(void *ctx, const struct cli_match *m, struct strbuf *out);
int client_cmd_commit(void *ctx, const struct cli_match *m, struct strbuf *out);
int client_cmd_abort(void *ctx, const struct cli_match *m, struct strbuf *out);
int client_cmd_show_candidate(void *ctx, const struct cli_match *m, struct strbuf *out);
int client_cmd_show_running(void *ctx, const struct cli_match *m, struct strbuf *out);
int client_cmd_show_state(void *ctx, const struct cli_match *m, struct strbuf *out);

#endif
