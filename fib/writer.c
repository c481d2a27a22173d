/* The request socket's own thread. The kernel does the work of a request
 * inside the sendmsg that carries it, and at a million MACs that work (the
 * FDB's, then reading one ACK per request) is most of what evpnd spends.
 * On the loop's thread it would hold up BGP; here it runs on another core.
 *
 * The pump (main thread) hands over whole batches; this thread sends one,
 * reads its ACKs until every request of it is answered, and hands back the
 * failures. Nothing else crosses: the pump's slots, entries and counters
 * stay on the main thread, which hears of a finished batch by ev_async.
 * The batches go in order, so the kernel sees requests in the order the
 * pump made them. */
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "fib/internal.h"
#include "lib/log.h"

#define WR_SLOTS 4
#define WR_MAX_MSGS FIB_BATCH_MSGS
#define WR_ACK_WAIT_MS 5000	/* an ACK never comes only if it was dropped */

enum wr_state { WR_FREE, WR_READY, WR_DONE };

struct wr_slot {
	enum wr_state state;
	char buf[FIB_BATCH_MAX];
	size_t len;
	uint32_t first, n;
	struct fib_wr_fail fails[WR_MAX_MSGS];
	uint32_t n_fails;
	bool lost;	/* ACKs went missing: what happened is unknown */
};

static struct {
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	struct wr_slot slot[WR_SLOTS];
	unsigned next_submit, next_send, next_done;
	bool running, stop;
	int fd;
	ev_async done;
	void (*on_done)(const struct fib_wr_result *r);
	char rx_buf[NL_RX_BATCH][8192];	/* ACKs are short (NETLINK_CAP_ACK) */
	struct nl_rx rx;
} wr = { .mu = PTHREAD_MUTEX_INITIALIZER, .cv = PTHREAD_COND_INITIALIZER };

static int wr_wait(short events, int ms)
{
	struct pollfd p = { .fd = wr.fd, .events = events };

	return poll(&p, 1, ms);
}

/* A netlink sendmsg is all or nothing; a full socket means try again. */
static int wr_send(struct wr_slot *s)
{
	for (;;) {
		if (send(wr.fd, s->buf, s->len, 0) >= 0)
			return 0;
		if (errno != EAGAIN && errno != ENOBUFS && errno != EINTR)
			return -1;
		wr_wait(POLLOUT, 100);
	}
}

/* The ACKs in one datagram; how many of the slot's requests they answer. */
static uint32_t wr_acks(struct wr_slot *s, const void *buf, size_t len)
{
	const struct nlmsghdr *nlh = buf;
	int left = (int)len;
	uint32_t n = 0;

	for (; mnl_nlmsg_ok(nlh, left); nlh = mnl_nlmsg_next(nlh, &left)) {
		const struct nlmsgerr *e = mnl_nlmsg_get_payload(nlh);
		if (nlh->nlmsg_type != NLMSG_ERROR || nlh->nlmsg_seq - s->first >= s->n ||
		    nlh->nlmsg_len < mnl_nlmsg_size(sizeof(*e)))
			continue;
		n++;
		if (e->error && s->n_fails < WR_MAX_MSGS)
			s->fails[s->n_fails++] = (struct fib_wr_fail){ nlh->nlmsg_seq, -e->error };
	}
	return n;
}

static void wr_read_acks(struct wr_slot *s)
{
	uint32_t got = 0;

	while (got < s->n) {
		int n = nl_recv_many(wr.fd, &wr.rx);
		for (int i = 0; i < n; i++)
			got += wr_acks(s, wr.rx_buf[i], wr.rx.msg[i].msg_len);
		if (n > 0 || errno == EINTR)
			continue;
		if (errno != EAGAIN || wr_wait(POLLIN, WR_ACK_WAIT_MS) <= 0) {
			s->lost = true;	/* ENOBUFS, or nothing for seconds */
			return;
		}
	}
}

static void wr_one(struct wr_slot *s)
{
	s->n_fails = 0;
	s->lost = false;
	if (wr_send(s) == 0) {
		wr_read_acks(s);
		return;
	}
	/* Not sent: every request fails alike. */
	int err = errno;
	for (uint32_t i = 0; i < s->n && i < WR_MAX_MSGS; i++)
		s->fails[s->n_fails++] = (struct fib_wr_fail){ s->first + i, err };
}

static void *wr_main(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&wr.mu);
	for (;;) {
		struct wr_slot *s = &wr.slot[wr.next_send % WR_SLOTS];
		if (wr.stop)
			break;
		if (s->state != WR_READY) {
			pthread_cond_wait(&wr.cv, &wr.mu);
			continue;
		}
		pthread_mutex_unlock(&wr.mu);
		wr_one(s);
		pthread_mutex_lock(&wr.mu);
		s->state = WR_DONE;
		wr.next_send++;
		ev_async_send(fib.loop, &wr.done);
	}
	pthread_mutex_unlock(&wr.mu);
	return NULL;
}

/* Main thread: finished batches, in order, to the pump. */
static void wr_done_cb(struct ev_loop *loop, ev_async *w, int revents)
{
	(void)loop, (void)w, (void)revents;
	for (;;) {
		struct wr_slot *s = &wr.slot[wr.next_done % WR_SLOTS];
		pthread_mutex_lock(&wr.mu);
		bool done = s->state == WR_DONE;
		pthread_mutex_unlock(&wr.mu);
		if (!done)
			return;
		wr.on_done(&(struct fib_wr_result){ s->first, s->n, s->fails, s->n_fails, s->lost });
		pthread_mutex_lock(&wr.mu);
		s->state = WR_FREE;
		wr.next_done++;
		pthread_mutex_unlock(&wr.mu);
	}
}

int fib_writer_start(int fd, void (*on_done)(const struct fib_wr_result *r))
{
	wr.fd = fd;
	wr.on_done = on_done;
	wr.rx = (struct nl_rx){ .buf = &wr.rx_buf[0][0], .slot = sizeof(wr.rx_buf[0]) };
	wr.stop = false;
	wr.next_submit = wr.next_send = wr.next_done = 0;
	for (int i = 0; i < WR_SLOTS; i++)
		wr.slot[i].state = WR_FREE;
	ev_async_init(&wr.done, wr_done_cb);
	ev_async_start(fib.loop, &wr.done);
	if ((errno = pthread_create(&wr.thread, NULL, wr_main, NULL)) != 0) {
		ev_async_stop(fib.loop, &wr.done);
		return -1;
	}
	wr.running = true;
	return 0;
}

bool fib_writer_submit(const void *buf, size_t len, uint32_t first, uint32_t n)
{
	struct wr_slot *s = &wr.slot[wr.next_submit % WR_SLOTS];
	bool free_slot;

	pthread_mutex_lock(&wr.mu);
	free_slot = s->state == WR_FREE;
	pthread_mutex_unlock(&wr.mu);
	if (!free_slot || len > sizeof(s->buf) || n > WR_MAX_MSGS)
		return false;
	memcpy(s->buf, buf, len);
	s->len = len;
	s->first = first;
	s->n = n;
	pthread_mutex_lock(&wr.mu);
	s->state = WR_READY;
	wr.next_submit++;
	pthread_cond_signal(&wr.cv);
	pthread_mutex_unlock(&wr.mu);
	return true;
}

/* Batches not yet sent are dropped: entries stay as they are when evpnd
 * stops, and a restart reads the kernel again. */
void fib_writer_stop(void)
{
	if (!wr.running)
		return;
	pthread_mutex_lock(&wr.mu);
	wr.stop = true;
	pthread_cond_signal(&wr.cv);
	pthread_mutex_unlock(&wr.mu);
	pthread_join(wr.thread, NULL);
	ev_async_stop(fib.loop, &wr.done);
	wr.running = false;
}
