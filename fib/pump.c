/* The request pump: each loop turn it turns queued entries into netlink
 * requests, many per batch, with at most PUMP_INFLIGHT unanswered so the
 * kernel's answers always fit the socket. The writer thread (fib/writer.c)
 * sends the batches and reads their ACKs; a failure comes back and is
 * counted and logged against the entry it was for. The caller never
 * waits: with every writer slot taken the batch waits for one to free. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "fib/internal.h"
#include "lib/log.h"

#define PUMP_BATCH FIB_BATCH_MAX
#define PUMP_MSG_MAX 128
#define PUMP_INFLIGHT 4096

struct pump_slot {
	struct fib_key k;
	bool add, brport;
};

static struct {
	char buf[PUMP_BATCH];
	size_t len;
	uint32_t seq, first;	/* the batch's first sequence number */
	struct pump_slot ring[PUMP_INFLIGHT];
	ev_prepare prep;
	bool blocked, init;
	int *brports, n_brports, cap_brports;	/* ports to set up, any number */
} pump = { .seq = 1, .first = 1 };

static void pump_send(void);

static void pump_put(struct nlmsghdr *nlh, const struct fib_key *k, bool add, bool brport)
{
	struct pump_slot *s = &pump.ring[pump.seq % PUMP_INFLIGHT];

	nlh->nlmsg_seq = pump.seq++;
	s->k = k ? *k : (struct fib_key){ 0 };
	s->add = add;
	s->brport = brport;
	pump.len += nlh->nlmsg_len;
	fib.st.inflight++;
	fib.st.sent++;
}

static void *pump_room(void)
{
	return pump.buf + pump.len;
}

/* Emits what e needs: nothing while its device is down, or for an entry
 * found at start until the resync ends. */
static void pump_ent(struct fib_ent *e)
{
	const struct fib_link *l = fib_link_find(e->k.ifindex);

	if (!l) {
		/* The device took its entries with it. */
		e->kern_len = e->unsure_len = 0;
		fib_ent_release(e);
		return;
	}
	if (fib_ent_same(e)) {
		fib_ent_release(e);
		return;
	}
	if (e->want_len) {
		if (!(l->flags & IFF_UP))
			return;	/* asked again when the device comes up */
		pump_put(fib_msg_ent(pump_room(), e, true, false), &e->k, true, false);
		memcpy(e->kern, e->want, e->want_len);
		e->kern_len = e->want_len;
		e->kern_router = e->router;
		e->unsure_len = 0;
		return;
	}
	if (e->adopted && !fib.converged)
		return;
	if (!e->kern_len)
		e->kern_len = e->unsure_len;	/* maybe there: delete to be sure */
	pump_put(fib_msg_ent(pump_room(), e, false, false), &e->k, false, false);
	if (e->k.kind == FIB_FDB)
		pump_put(fib_msg_ent(pump_room(), e, false, true), &e->k, false, false);
	if (e->adopted)
		fib.st.stale_deleted++;
	e->kern_len = e->unsure_len = 0;
	e->adopted = false;
	fib_ent_release(e);
}

static void pump_run(struct ev_loop *loop, ev_prepare *w, int revents)
{
	struct fib_ent *e = NULL;

	(void)revents;
	while (!pump.blocked && fib.st.inflight + 2 <= PUMP_INFLIGHT) {
		if (pump.len > PUMP_BATCH - 2 * PUMP_MSG_MAX ||
		    pump.seq - pump.first + 2 > FIB_BATCH_MSGS)
			pump_send();
		if (pump.blocked)
			break;
		if (pump.n_brports) {
			int ifindex = pump.brports[--pump.n_brports];
			pump_put(fib_msg_brport(pump_room(), ifindex), NULL, true, true);
			continue;
		}
		if (!(e = fib_ent_take_dirty()))
			break;
		pump_ent(e);
	}
	pump_send();
	if (!e && !pump.n_brports && !pump.len)
		ev_prepare_stop(loop, w);
}

void fib_pump_kick(void)
{
	if (!fib.loop)
		return;
	if (!pump.init) {
		ev_prepare_init(&pump.prep, pump_run);
		pump.init = true;
	}
	if (!ev_is_active(&pump.prep))
		ev_prepare_start(fib.loop, &pump.prep);
}

void fib_pump_brport(int ifindex)
{
	if (pump.n_brports == pump.cap_brports) {
		int cap = pump.cap_brports ? 2 * pump.cap_brports : 64;
		int *b = realloc(pump.brports, (size_t)cap * sizeof(*b));
		if (!b) {
			log_err("fib: out of memory: bridge port %d not set up", ifindex);
			return;
		}
		pump.brports = b;
		pump.cap_brports = cap;
	}
	pump.brports[pump.n_brports++] = ifindex;
	fib_pump_kick();
}

static void slot_failed(const struct pump_slot *s, int err);

static void pump_send(void)
{
	if (!pump.len || pump.blocked)
		return;
	if (!fib_writer_submit(pump.buf, pump.len, pump.first, pump.seq - pump.first)) {
		fib.st.send_again++;
		pump.blocked = true;	/* until the writer hands a batch back */
		return;
	}
	fib.st.batches++;
	pump.len = 0;
	pump.first = pump.seq;
}

static void slot_log(const struct pump_slot *s, int err)
{
	char what[96] = "bridge port settings";

	if (!s->brport)
		fib_key_str(&s->k, what, sizeof(what));
	/* A storm of failures must not become a storm of log lines. */
	if (fib.st.errors <= 10 || fib.st.errors % 1000 == 0)
		log_warn("fib: %s %s on ifindex %d: %s (%llu failures so far)",
			 s->add ? "adding" : "deleting", what, s->k.ifindex, strerror(err),
			 (unsigned long long)fib.st.errors);
}

/* The entry keeps what it wanted but is known not installed; it is not
 * queued again, or a refusal would loop: the next change retries it. */
static void slot_failed(const struct pump_slot *s, int err)
{
	struct fib_ent *e;

	if (!s->add && (err == ENOENT || err == ENODEV)) {
		fib.st.absent++;
		return;
	}
	if (s->add && err == EEXIST) {	/* a flood entry already there */
		fib.st.acked++;
		return;
	}
	fib.st.errors++;
	slot_log(s, err);
	if (s->add && !s->brport && (e = fib_ent_find(&s->k)))
		e->kern_len = 0;
}

/* A batch the writer finished: every request answered, or (lost) some
 * answers dropped, after which only reading the kernel tells what it has. */
void fib_pump_done(const struct fib_wr_result *r)
{
	fib.st.inflight -= r->n;
	fib.st.acked += r->n - r->n_fails;
	for (uint32_t i = 0; i < r->n_fails; i++)
		slot_failed(&pump.ring[r->fails[i].seq % PUMP_INFLIGHT], r->fails[i].err);
	if (r->lost) {
		log_warn("fib: answers to %u requests were lost: reading the kernel again", r->n);
		fib.st.overruns++;
		fib_refresh_start();
	}
	pump.blocked = false;
	fib_pump_kick();
}

void fib_pump_stop(void)
{
	if (!fib.loop || !pump.init)
		return;
	ev_prepare_stop(fib.loop, &pump.prep);
	pump.len = 0;
	pump.blocked = false;
	free(pump.brports);
	pump.brports = NULL;
	pump.n_brports = pump.cap_brports = 0;
}
