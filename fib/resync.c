/* Resync with the kernel after a (re)start: the links, FDB and neighbours
 * are read once before any session exists, entries like ours are adopted
 * (fib/program.c), and once BGP has converged (every peer's End-of-RIB,
 * or a timeout) the adopted entries no route claimed are deleted. Until
 * then traffic keeps flowing over what the previous run installed. */
#include <errno.h>
#include <linux/rtnetlink.h>
#include <string.h>
#include <sys/socket.h>

#include "fib/internal.h"
#include "lib/log.h"

static ev_timer resync_timer;

static size_t swept;

static void sweep_one(struct fib_ent *e)
{
	if (e->adopted && !e->want_len) {
		fib_ent_dirty(e);
		swept++;
	}
}

static void resync_end(const char *why)
{
	fib.converged = true;
	fib.st.resync_done = true;
	fib.st.resync_ms = (ev_time() - fib.st.resync_start) * 1000.;
	swept = 0;
	fib_ent_walk(sweep_one);
	log_notice("fib: resync done after %.0f ms (%s): %llu entries found from before, %zu "
		   "claimed by routes, %zu to delete",
		   fib.st.resync_ms, why, (unsigned long long)fib.st.adopted, fib.st.resync_kept,
		   swept);
}

static void resync_check(struct ev_loop *loop, ev_timer *w, int revents)
{
	bool done = fib.converged_fn && fib.converged_fn();

	(void)revents;
	if (!done && ev_now(loop) - fib.st.resync_start < fib.timeout)
		return;
	ev_timer_stop(loop, w);
	resync_end(done ? "every peer sent End-of-RIB" : "timeout");
}

static int resync_dump(uint16_t type, uint8_t family, const char *what)
{
	if (nl_dump(&fib.cmd, type, family) == 0)
		return 0;
	log_err("fib: reading the kernel's %s: %s", what, strerror(errno));
	return -1;
}

void fib_resync_begin(void)
{
	fib.st.resync_start = ev_time();
	fib.dumping = true;
	if (resync_dump(RTM_GETLINK, AF_UNSPEC, "links") == 0) {
		resync_dump(RTM_GETLINK, AF_BRIDGE, "bridge ports");
		resync_dump(RTM_GETNEIGH, AF_BRIDGE, "FDB");
		resync_dump(RTM_GETNEIGH, AF_INET, "ARP table");
		resync_dump(RTM_GETNEIGH, AF_INET6, "ND table");
	}
	fib.dumping = false;
	log_info("fib: kernel read in %.0f ms: %llu entries of ours found, %llu local MACs, "
		 "%llu local IPs", (ev_time() - fib.st.resync_start) * 1000.,
		 (unsigned long long)fib.st.adopted, (unsigned long long)fib.st.learned_macs,
		 (unsigned long long)fib.st.learned_ips);
	ev_timer_init(&resync_timer, resync_check, 0.2, 0.2);
	ev_timer_start(fib.loop, &resync_timer);
}

void fib_resync_stop(void)
{
	if (fib.loop)
		ev_timer_stop(fib.loop, &resync_timer);
}
