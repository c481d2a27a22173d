/* Refresh: the kernel dropped events meant for us (a socket overrun), so
 * what fib/ believes may be stale both ways. The links, FDB and ARP/ND
 * tables are read again on a socket of their own, on the loop like any
 * other input, and compared: an entry of ours the kernel no longer has is
 * installed again, one the table lost track of is deleted, a local MAC the
 * bridge no longer has is told gone (the producer keeps the marks:
 * fib_dp_events.sync_begin/sync_end). */
#include <errno.h>
#include <linux/rtnetlink.h>
#include <string.h>
#include <sys/socket.h>

#include "fib/internal.h"
#include "lib/log.h"

static const struct {
	uint16_t type;
	uint8_t family;
} steps[] = {
	{ RTM_GETLINK, AF_UNSPEC },
	{ RTM_GETLINK, AF_BRIDGE },
	{ RTM_GETNEIGH, AF_BRIDGE },
	{ RTM_GETNEIGH, AF_INET },
	{ RTM_GETNEIGH, AF_INET6 },
};
#define N_STEPS (int)(sizeof(steps) / sizeof(steps[0]))

static void refresh_end(void);

static void refresh_send(void)
{
	if (nl_dump_request(&fib.dump, steps[fib.refresh_step].type, steps[fib.refresh_step].family,
			    ++fib.refresh_seq) == 0)
		return;
	log_err("fib: refresh: cannot ask the kernel for its tables: %s", strerror(errno));
	refresh_end();
}

static void unsee_ent(struct fib_ent *e)
{
	e->seen = false;
}

/* The kernel continues a dump by position, so entries added meanwhile can
 * shift others out of it; one more read once the losses stop sees a
 * quieter table. */
#define REFRESH_TRAIL 1.0
static ev_timer trail;

static void refresh_begin(void)
{
	if (fib.refreshing) {
		fib.refresh_again = true;	/* events lost during this one */
		return;
	}
	log_warn("fib: kernel events were lost: reading the kernel's tables again");
	fib.refreshing = true;
	fib.st.refreshes++;
	fib_ent_walk(unsee_ent);
	if (fib.sink)
		fib.sink->sync_begin();
	fib.refresh_step = 0;
	refresh_send();
}

static void trail_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	(void)loop, (void)w, (void)revents;
	refresh_begin();
}

void fib_refresh_start(void)
{
	ev_timer_stop(fib.loop, &trail);
	ev_timer_init(&trail, trail_cb, REFRESH_TRAIL, 0.);
	ev_timer_start(fib.loop, &trail);
	refresh_begin();
}

void fib_refresh_stop(void)
{
	if (fib.loop)
		ev_timer_stop(fib.loop, &trail);
}

/* Installed but not in the dump: gone, or skipped by a dump racing with
 * changes. Either way the entry is sent again: an add if still wanted, a
 * delete if not; both are harmless if the kernel had it right. */
static void sweep_ent(struct fib_ent *e)
{
	if (e->kern_len && !e->seen) {
		uint8_t len = e->kern_len;
		fib.st.refresh_fixed++;
		e->kern_len = 0;
		e->unsure_len = len;
		fib_ent_dirty(e);
	}
}

static void refresh_end(void)
{
	struct fib_dp_sync sync = { 0 };

	fib_ent_walk(sweep_ent);
	/* Learned from the bridge but no longer in it: aged while we were
	 * deaf. A dump racing with changes can skip an entry, so it takes two
	 * reads in a row without it (the trailing one comes a second later). */
	if (fib.sink)
		sync = fib.sink->sync_end();
	fib.st.refresh_fixed += sync.gone;
	fib.st.aged_macs += sync.gone;
	fib.refreshing = false;
	/* MACs missed once are looked for again: a second miss withdraws. */
	if (sync.missed && !ev_is_active(&trail)) {
		ev_timer_init(&trail, trail_cb, REFRESH_TRAIL, 0.);
		ev_timer_start(fib.loop, &trail);
	}
	log_notice("fib: refresh done: %llu corrections so far",
		   (unsigned long long)fib.st.refresh_fixed);
	if (fib.refresh_again) {
		fib.refresh_again = false;
		refresh_begin();
	}
}

void fib_refresh_msg(const struct nlmsghdr *nlh)
{
	if (!fib.refreshing || nlh->nlmsg_seq != fib.refresh_seq)
		return;	/* an answer to a refresh already over */
	if (nlh->nlmsg_type == NLMSG_ERROR || nlh->nlmsg_type == NLMSG_DONE) {
		if (++fib.refresh_step < N_STEPS)
			refresh_send();
		else
			refresh_end();
		return;
	}
	/* Entries like ours that the table lost track of are adopted, as at
	 * start, and deleted if no route wants them. */
	fib.dumping = true;
	fib_dispatch(nlh);
	fib.dumping = false;
}
