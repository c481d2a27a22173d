/* The request pump: each loop turn it turns queued entries into netlink
 * requests, many per sendmsg, with at most PUMP_INFLIGHT unanswered so
 * the kernel's answers always fit the socket. Each request asks for an
 * ACK; a failure is counted and logged against the entry it was for. The
 * caller never waits: a full socket just parks the batch until writable. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "fib/internal.h"
#include "lib/log.h"

#define PUMP_BATCH (64 << 10)
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
	ev_io wr;
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
			return;	/* evpn/ programs it again when the device comes up */
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
		if (pump.len > PUMP_BATCH - 2 * PUMP_MSG_MAX)
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

static void pump_writable(struct ev_loop *loop, ev_io *w, int revents)
{
	(void)revents;
	ev_io_stop(loop, w);
	pump.blocked = false;
	fib_pump_kick();
}

static void slot_failed(const struct pump_slot *s, int err);

static void pump_send(void)
{
	ssize_t n;

	if (!pump.len || pump.blocked)
		return;
	n = mnl_socket_sendto(fib.cmd.mnl, pump.buf, pump.len);
	if (n < 0 && (errno == EAGAIN || errno == ENOBUFS)) {
		fib.st.send_again++;
		pump.blocked = true;
		ev_io_init(&pump.wr, pump_writable, mnl_socket_get_fd(fib.cmd.mnl), EV_WRITE);
		ev_io_start(fib.loop, &pump.wr);
		return;
	}
	if (n < 0) {
		log_err("fib: sending %zu bytes of requests: %s", pump.len, strerror(errno));
		for (uint32_t s = pump.first; s != pump.seq; s++) {
			slot_failed(&pump.ring[s % PUMP_INFLIGHT], errno);
			fib.st.inflight--;
		}
	}
	fib.st.batches++;
	pump.len = 0;
	pump.first = pump.seq;
}

static void slot_log(const struct pump_slot *s, int err)
{
	char what[64] = "bridge port settings";

	if (!s->brport && s->k.kind != FIB_NEIGH)
		snprintf(what, sizeof(what), "%s %02x:%02x:%02x:%02x:%02x:%02x",
			 s->k.kind == FIB_FDB ? "FDB" : "flood entry", s->k.a[0], s->k.a[1],
			 s->k.a[2], s->k.a[3], s->k.a[4], s->k.a[5]);
	else if (!s->brport)
		snprintf(what, sizeof(what), "neighbour");
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

void fib_pump_ack(const struct nlmsghdr *nlh)
{
	const struct nlmsgerr *err;

	if (nlh->nlmsg_type != NLMSG_ERROR || nlh->nlmsg_len < mnl_nlmsg_size(sizeof(*err)) ||
	    !fib.st.inflight || (uint32_t)(pump.seq - nlh->nlmsg_seq) > fib.st.inflight)
		return;
	err = mnl_nlmsg_get_payload(nlh);
	fib.st.inflight--;
	if (err->error)
		slot_failed(&pump.ring[nlh->nlmsg_seq % PUMP_INFLIGHT], -err->error);
	else
		fib.st.acked++;
	if (fib.st.queued || pump.n_brports)
		fib_pump_kick();
}

void fib_pump_stop(void)
{
	if (!fib.loop || !pump.init)
		return;
	ev_prepare_stop(fib.loop, &pump.prep);
	ev_io_stop(fib.loop, &pump.wr);
	pump.len = 0;
	pump.blocked = false;
	free(pump.brports);
	pump.brports = NULL;
	pump.n_brports = pump.cap_brports = 0;
}
