/*
 * fdbwatch - counts the remote MAC entries in the kernel bridge FDB as they
 * come and go, so the benchmark can time how long a daemon takes to install
 * (or withdraw) a known number of them.
 *
 * Usage: fdbwatch [-t TARGET] [-i MS]
 *   run inside the namespace to watch: ip netns exec NS fdbwatch -t 100000
 *   -t TARGET  report at once, not rate limited, when the count reaches TARGET
 *   -i MS      report changes at most once per MS milliseconds (default 20)
 *
 * A remote MAC is an AF_BRIDGE neighbour with NTF_SELF, a VTEP (NDA_DST) and
 * a MAC other than 00:00:00:00:00:00 (those are the head-end replication
 * flood entries), on any device: evpnd and zebra install them on vxlan
 * devices as "MAC dst VTEP self extern_learn". Each is counted once per
 * (ifindex, MAC), so a MAC moving to another VTEP does not count twice;
 * such a move (a REPLACE with another VTEP) is counted apart.
 *
 * Output on stdout, one line per report; t is CLOCK_MONOTONIC in seconds
 * (the clock of Python's time.monotonic()), taken when the event that
 * changed the count was processed, not when the line was written:
 *   <t> <count> <moved>
 *                 after the first dump; after a change, at most once per
 *                 interval; at once when the count reaches TARGET or drops
 *                 to 0. moved: MACs that changed VTEP, so far
 *   overrun <t>   the kernel dropped events (ENOBUFS): the FDB is dumped
 *                 and counted again, then a "<t> <count>" line follows
 * SIGTERM or SIGINT end it with status 0; errors exit 1 with a message.
 *
 * Start it while the FDB is small: the kernel's FDB dump, which the start
 * and every overrun need, costs time quadratic in the entries (100k: 2 s,
 * 1M: minutes, holding RTNL in slices that stall every writer).
 */
#include <errno.h>
#include <limits.h>
#include <libmnl/libmnl.h>
#include <linux/neighbour.h>
#include <linux/rtnetlink.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

/* The kernel doubles it: about 1.3 million remote MACs' worth of
 * notifications (two per MAC, each some 830 bytes of socket memory). */
#define EVENTS_RCVBUF	(1 << 30)
/* Each notification is a datagram of its own and recv() returns one, so
 * they are read up to EV_BATCH per recvmmsg(), each into a slot far larger
 * than a neighbour message; the dump reads its multi-message replies into
 * the whole buffer. */
#define EV_BATCH	256
#define EV_SLOT		8192
#define EV_READS	64	/* per wakeup, so a signal is seen in a flood */
#define RECV_BUF	(EV_BATCH * EV_SLOT)
#define SET_MIN_SLOTS	(1 << 16)
#define NS_PER_MS	1000000LL
#define NS_PER_S	1000000000LL

/* ifindex 0 marks a free slot: no device has it. dst is the VTEP (IPv6
 * folded to 32 bits), the value, not part of the key: a MAC whose VTEP
 * changes in place (REPLACE) is a move. */
struct key {
	uint64_t mac;
	uint32_t ifindex;
	uint32_t dst;
};

enum { SET_SAME, SET_NEW, SET_MOVED };

/* Open addressing with linear probing, at most half full. */
struct set {
	struct key *slot;
	size_t mask, used;
};

struct watch {
	struct set set;
	struct mnl_socket *events, *dumps;
	char *buf;
	struct mmsghdr msgs[EV_BATCH];
	struct iovec iov[EV_BATCH];
	uint32_t seq;
	bool has_target, pending;
	size_t target, printed;
	uint64_t moved, printed_moved;
	int64_t interval, printed_at, pending_at;
};

static volatile sig_atomic_t stopping;

static void die(const char *what)
{
	fprintf(stderr, "fdbwatch: %s: %s\n", what, strerror(errno));
	exit(1);
}

static int64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * NS_PER_S + ts.tv_nsec;
}

static size_t key_hash(struct key k)
{
	uint64_t h = (k.mac * 0x9e3779b97f4a7c15ULL) ^ k.ifindex;

	h ^= h >> 32;
	h *= 0xd6e8feb86659fd93ULL;
	h ^= h >> 32;
	return (size_t)h;
}

static void set_init(struct set *s, size_t slots)
{
	s->slot = calloc(slots, sizeof(*s->slot));
	if (!s->slot)
		die("allocating the MAC set");
	s->mask = slots - 1;
	s->used = 0;
}

/* The slot holding k, or the free one where it would go. */
static size_t set_probe(const struct set *s, struct key k)
{
	size_t i = key_hash(k) & s->mask;

	while (s->slot[i].ifindex &&
	       (s->slot[i].ifindex != k.ifindex || s->slot[i].mac != k.mac))
		i = (i + 1) & s->mask;
	return i;
}

static void set_grow(struct set *s)
{
	struct set n;

	set_init(&n, (s->mask + 1) * 2);
	for (size_t i = 0; i <= s->mask; i++)
		if (s->slot[i].ifindex)
			n.slot[set_probe(&n, s->slot[i])] = s->slot[i];
	n.used = s->used;
	free(s->slot);
	*s = n;
}

/* SET_NEW, SET_MOVED (there with another VTEP, now k's) or SET_SAME. */
static int set_add(struct set *s, struct key k)
{
	size_t i;

	if ((s->used + 1) * 2 > s->mask + 1)
		set_grow(s);
	i = set_probe(s, k);
	if (s->slot[i].ifindex) {
		if (s->slot[i].dst == k.dst)
			return SET_SAME;
		s->slot[i].dst = k.dst;
		return SET_MOVED;
	}
	s->slot[i] = k;
	s->used++;
	return SET_NEW;
}

/* Whether k was there. Later entries of the probe run are shifted back
 * instead of leaving tombstones, which a long churn of adds and deletes
 * would pile up until every lookup walked the whole table. */
static bool set_del(struct set *s, struct key k)
{
	size_t i = set_probe(s, k), j = i;

	if (!s->slot[i].ifindex)
		return false;
	for (;;) {
		j = (j + 1) & s->mask;
		if (!s->slot[j].ifindex)
			break;
		/* The entry at j may fill the hole only if its probe
		 * started at or before the hole. */
		if (((j - key_hash(s->slot[j])) & s->mask) >= ((j - i) & s->mask)) {
			s->slot[i] = s->slot[j];
			i = j;
		}
	}
	s->slot[i].ifindex = 0;
	s->used--;
	return true;
}

static void set_clear(struct set *s)
{
	memset(s->slot, 0, (s->mask + 1) * sizeof(*s->slot));
	s->used = 0;
}

struct fdb_attrs {
	const struct nlattr *dst, *lladdr;
};

static int fdb_attr(const struct nlattr *a, void *data)
{
	struct fdb_attrs *at = data;

	if (mnl_attr_get_type(a) == NDA_DST)
		at->dst = a;
	else if (mnl_attr_get_type(a) == NDA_LLADDR)
		at->lladdr = a;
	return MNL_CB_OK;
}

/* Whether the message is about a remote MAC; its key if so. A deletion
 * need not name the VTEP: the key alone says which entry went. (A MAC with
 * several VTEPs, which only flood entries have, would go at the first.) */
static bool remote_mac(const struct nlmsghdr *nlh, struct key *k)
{
	const struct ndmsg *nd;
	struct fdb_attrs at = { 0 };
	uint16_t dst_len;

	if (mnl_nlmsg_get_payload_len(nlh) < sizeof(*nd))
		return false;
	nd = mnl_nlmsg_get_payload(nlh);
	if (nd->ndm_family != AF_BRIDGE || !(nd->ndm_flags & NTF_SELF) || nd->ndm_ifindex <= 0)
		return false;
	mnl_attr_parse(nlh, sizeof(*nd), fdb_attr, &at);
	if (!at.lladdr || mnl_attr_validate2(at.lladdr, MNL_TYPE_BINARY, 6) < 0)
		return false;
	dst_len = at.dst ? mnl_attr_get_payload_len(at.dst) : 0;
	if (nlh->nlmsg_type != RTM_DELNEIGH && dst_len != 4 && dst_len != 16)
		return false;
	k->mac = 0;
	memcpy(&k->mac, mnl_attr_get_payload(at.lladdr), 6);
	k->dst = 0;
	for (uint16_t i = 0; i + 4 <= dst_len; i += 4) {
		uint32_t part;
		memcpy(&part, (const uint8_t *)mnl_attr_get_payload(at.dst) + i, 4);
		k->dst ^= part;
	}
	k->ifindex = (uint32_t)nd->ndm_ifindex;
	return k->mac != 0;
}

static void print_time(const char *prefix, int64_t t)
{
	printf("%s%lld.%06lld", prefix, (long long)(t / NS_PER_S),
	       (long long)(t % NS_PER_S / 1000));
}

static void report(struct watch *w, int64_t t)
{
	print_time("", t);
	printf(" %zu %llu\n", w->set.used, (unsigned long long)w->moved);
	w->printed = w->set.used;
	w->printed_moved = w->moved;
	w->printed_at = now_ns();
	w->pending = false;
}

/* The harness waits for TARGET or for 0: those lines go out at once, the
 * rest are rate limited so a million changes do not make a million lines. */
static void changed(struct watch *w)
{
	int64_t t = now_ns();
	size_t n = w->set.used;

	if ((w->has_target && n == w->target) || n == 0 || t - w->printed_at >= w->interval) {
		report(w, t);
		return;
	}
	w->pending = true;
	w->pending_at = t;
}

static void flush_pending(struct watch *w)
{
	if (!w->pending || now_ns() - w->printed_at < w->interval)
		return;
	if (w->set.used != w->printed || w->moved != w->printed_moved)
		report(w, w->pending_at);
	w->pending = false;
}

static int on_event(const struct nlmsghdr *nlh, void *data)
{
	struct watch *w = data;
	struct key k;
	bool change;

	if (!remote_mac(nlh, &k))
		return MNL_CB_OK;
	if (nlh->nlmsg_type == RTM_NEWNEIGH) {
		int r = set_add(&w->set, k);
		w->moved += r == SET_MOVED;
		change = r != SET_SAME;
	}
	else if (nlh->nlmsg_type == RTM_DELNEIGH)
		change = set_del(&w->set, k);
	else
		return MNL_CB_OK;
	if (change)
		changed(w);
	return MNL_CB_OK;
}

static int on_dumped(const struct nlmsghdr *nlh, void *data)
{
	struct watch *w = data;
	struct key k;

	if (nlh->nlmsg_type == RTM_NEWNEIGH && remote_mac(nlh, &k))
		set_add(&w->set, k);
	return MNL_CB_OK;
}

static struct mnl_socket *open_socket(void)
{
	struct mnl_socket *nl = mnl_socket_open(NETLINK_ROUTE);

	if (!nl)
		die("opening a netlink socket");
	if (mnl_socket_bind(nl, 0, MNL_SOCKET_AUTOPID) < 0)
		die("binding a netlink socket");
	return nl;
}

/* Subscribed before the dump, so no change falls between the two. */
static void open_events(struct watch *w)
{
	unsigned int group = RTNLGRP_NEIGH;
	int fd, size = EVENTS_RCVBUF;

	w->events = open_socket();
	if (mnl_socket_setsockopt(w->events, NETLINK_ADD_MEMBERSHIP, &group, sizeof(group)) < 0)
		die("joining RTNLGRP_NEIGH");
	fd = mnl_socket_get_fd(w->events);
	/* FORCE needs CAP_NET_ADMIN; the plain option is capped by rmem_max. */
	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &size, sizeof(size)) < 0) {
		if (!w->seq)
			fprintf(stderr, "fdbwatch: SO_RCVBUFFORCE: %s; the buffer is capped "
				"by net.core.rmem_max\n", strerror(errno));
		if (setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof(size)) < 0)
			die("SO_RCVBUF");
	}
}

/* The signals are blocked outside ppoll() in run(), and a dump of a
 * large FDB can take minutes. */
static bool signalled(void)
{
	sigset_t set;

	return sigpending(&set) == 0 &&
	       (sigismember(&set, SIGTERM) == 1 || sigismember(&set, SIGINT) == 1);
}

static void send_dump(struct watch *w)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(w->buf);
	struct ndmsg *nd;

	nlh->nlmsg_type = RTM_GETNEIGH;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	nlh->nlmsg_seq = ++w->seq;
	/* The FDB dump needs a whole ndmsg; an rtgenmsg is refused. */
	nd = mnl_nlmsg_put_extra_header(nlh, sizeof(*nd));
	nd->ndm_family = AF_BRIDGE;
	if (mnl_socket_sendto(w->dumps, nlh, nlh->nlmsg_len) < 0)
		die("requesting the FDB dump");
}

/* The set becomes what the dump shows. A dump racing with changes may miss
 * entries (the kernel continues each chunk of it by position); the events
 * queued meanwhile put most of that right, and the harness accepts the
 * rest. The kernel walks its tables from the start again for every chunk
 * of 32 KiB, under RTNL: 100k entries take 2 s, 1M minutes. */
static void dump(struct watch *w)
{
	uint32_t portid = mnl_socket_get_portid(w->dumps);
	int ret;

	send_dump(w);
	set_clear(&w->set);
	do {
		ssize_t n = mnl_socket_recvfrom(w->dumps, w->buf, RECV_BUF);

		if (signalled())
			exit(0);
		if (n < 0)
			die("reading the FDB dump");
		ret = mnl_cb_run(w->buf, (size_t)n, w->seq, portid, on_dumped, w);
	} while (ret > MNL_CB_STOP);
	if (ret < 0)
		die("FDB dump");
}

/* The events still queued are older than the loss and could replay a
 * change the lost ones undid, so the socket is replaced, not drained. */
static void overrun(struct watch *w)
{
	print_time("overrun ", now_ns());
	putchar('\n');
	mnl_socket_close(w->events);
	open_events(w);
	dump(w);
	report(w, now_ns());
}

/* False if a message did not fit its slot: it is lost like an overrun. */
static bool deliver(struct watch *w, int n)
{
	for (int i = 0; i < n; i++) {
		if (w->msgs[i].msg_hdr.msg_flags & MSG_TRUNC)
			return false;
		mnl_cb_run(w->iov[i].iov_base, w->msgs[i].msg_len, 0, 0, on_event, w);
	}
	return true;
}

static void read_events(struct watch *w)
{
	for (int i = 0; i < EV_READS; i++) {
		int n = recvmmsg(mnl_socket_get_fd(w->events), w->msgs, EV_BATCH, MSG_DONTWAIT,
				 NULL);

		if (n < 0 && errno == EAGAIN)
			return;
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno != ENOBUFS)
			die("reading events");
		if (n < 0 || !deliver(w, n))
			overrun(w);
	}
}

static void alloc_buffers(struct watch *w)
{
	w->buf = malloc(RECV_BUF);
	if (!w->buf)
		die("allocating the receive buffer");
	for (int i = 0; i < EV_BATCH; i++) {
		w->iov[i].iov_base = w->buf + (size_t)i * EV_SLOT;
		w->iov[i].iov_len = EV_SLOT;
		w->msgs[i].msg_hdr.msg_iov = &w->iov[i];
		w->msgs[i].msg_hdr.msg_iovlen = 1;
	}
}

/* Nanoseconds until a pending change is due to be printed; -1 if none is. */
static int64_t time_left(const struct watch *w)
{
	int64_t left;

	if (!w->pending)
		return -1;
	left = w->printed_at + w->interval - now_ns();
	return left < 0 ? 0 : left;
}

/* The signals are let in only while waiting here, so one cannot come
 * between the check of stopping and the wait and be slept through. */
static void run(struct watch *w)
{
	sigset_t unblocked;

	sigemptyset(&unblocked);
	while (!stopping) {
		struct pollfd pfd = { .fd = mnl_socket_get_fd(w->events), .events = POLLIN };
		int64_t left = time_left(w);
		struct timespec ts = { left / NS_PER_S, left % NS_PER_S };

		if (ppoll(&pfd, 1, left < 0 ? NULL : &ts, &unblocked) < 0 && errno != EINTR)
			die("ppoll");
		if (pfd.revents & (POLLIN | POLLERR))
			read_events(w);
		flush_pending(w);
	}
}

static void on_signal(int sig)
{
	(void)sig;
	stopping = 1;
}

/* Blocked but for ppoll() in run(). */
static void catch_signals(void)
{
	struct sigaction sa = { .sa_handler = on_signal };
	sigset_t set;

	sigemptyset(&sa.sa_mask);
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	if (sigaction(SIGTERM, &sa, NULL) < 0 || sigaction(SIGINT, &sa, NULL) < 0 ||
	    sigprocmask(SIG_BLOCK, &set, NULL) < 0)
		die("catching signals");
}

static void usage(void)
{
	fprintf(stderr, "usage: fdbwatch [-t TARGET] [-i MS]\n");
	exit(1);
}

static unsigned long number(const char *s, unsigned long max)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno || end == s || *end || *s == '-' || v > max)
		usage();
	return v;
}

static void parse_args(int argc, char **argv, struct watch *w)
{
	int c;

	while ((c = getopt(argc, argv, "t:i:")) != -1) {
		if (c == 't') {
			w->target = number(optarg, ULONG_MAX);
			w->has_target = true;
		} else if (c == 'i') {
			w->interval = (int64_t)number(optarg, 3600000) * NS_PER_MS;
		} else {
			usage();
		}
	}
	if (optind != argc)
		usage();
}

int main(int argc, char **argv)
{
	static struct watch w = { .interval = 20 * NS_PER_MS };

	parse_args(argc, argv, &w);
	setvbuf(stdout, NULL, _IOLBF, 0);
	catch_signals();
	alloc_buffers(&w);
	set_init(&w.set, SET_MIN_SLOTS);
	open_events(&w);
	w.dumps = open_socket();
	dump(&w);
	report(&w, now_ns());
	run(&w);
	/* A change still waiting for its interval is the last word. */
	if (w.pending && (w.set.used != w.printed || w.moved != w.printed_moved))
		report(&w, w.pending_at);
	mnl_socket_close(w.events);
	mnl_socket_close(w.dumps);
	free(w.set.slot);
	free(w.buf);
	return 0;
}
