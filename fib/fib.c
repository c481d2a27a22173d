/* fib/'s start and stop, and where the kernel's messages go: two
 * sockets, one listening to link and neighbour events, one for requests
 * (and their ACKs) and the start-up dumps. */
#include <errno.h>
#include <linux/rtnetlink.h>
#include <string.h>

#include "fib/internal.h"
#include "lib/log.h"
#include "lib/strbuf.h"

struct fib fib = { .timeout = 30. };

void fib_dispatch(const struct nlmsghdr *nlh)
{
	struct fib_nmsg m;

	switch (nlh->nlmsg_type) {
	case RTM_NEWLINK:
	case RTM_DELLINK:
		fib_link_msg(nlh);
		break;
	case RTM_NEWNEIGH:
	case RTM_DELNEIGH:
		if (fib_parse_neigh(nlh, &m) < 0)
			break;
		fib.st.events++;
		fib_program_event(&m, fib.dumping);
		fib_learn_event(&m);
		break;
	}
}

/* Events were lost: read the tables again. */
static void fib_ev_overrun(void)
{
	fib.st.overruns++;
	fib_refresh_start();
}

void fib_set_converged(bool (*converged)(void), double timeout)
{
	fib.converged_fn = converged;
	fib.timeout = timeout;
}

int fib_start(struct ev_loop *loop, struct strbuf *err)
{
	static const unsigned groups[] = { RTNLGRP_LINK, RTNLGRP_NEIGH };

	fib.loop = loop;
	if (nl_open(&fib.ev, "event", groups, 2) < 0 || nl_open(&fib.cmd, "request", NULL, 0) < 0 ||
	    nl_open(&fib.dump, "dump", NULL, 0) < 0 || nl_filter_own(&fib.ev) < 0) {
		sb_printf(err, "cannot open netlink sockets: %s", strerror(errno));
		fib_stop();
		return -1;
	}
	fib.ev.on_msg = fib.cmd.on_msg = fib_dispatch;	/* cmd: the start-up dumps */
	fib.dump.on_msg = fib_refresh_msg;
	fib.ev.on_overrun = fib_ev_overrun;
	fib.dump.on_overrun = fib_ev_overrun;
	fib_resync_begin();
	/* From here the request socket is the writer thread's alone. */
	if (fib_writer_start(mnl_socket_get_fd(fib.cmd.mnl), fib_pump_done) < 0) {
		sb_printf(err, "cannot start the netlink writer thread: %s", strerror(errno));
		fib_stop();
		return -1;
	}
	nl_start(&fib.ev, loop);
	nl_start(&fib.dump, loop);
	fib.started = true;
	fib_pump_kick();
	return 0;
}

void fib_set_events(const struct fib_dp_events *ev)
{
	fib.sink = ev;
}

void fib_stop(void)
{
	fib_resync_stop();
	fib_refresh_stop();
	fib_pump_stop();
	fib_writer_stop();
	nl_close(&fib.ev, fib.loop);
	nl_close(&fib.cmd, fib.loop);
	nl_close(&fib.dump, fib.loop);
	fib.refreshing = fib.refresh_again = false;
	fib_ent_free_all();
	fib_link_free_all();
	fib.started = false;
}

/* No configuration: fib/ is started by the daemon once the configuration
 * is loaded (fib_start), and does what its producer asks. */
static const struct cli_cmd *const fib_cmds[] = { fib_show_cmds, NULL };

const struct module fib_module = {
	.name = "fib",
	.fini = fib_stop,
	.cmds = fib_cmds,
};
