/*
 * nlraw - the kernel's own limit for remote MACs: writes N remote MAC
 * entries straight over netlink, in exactly the message evpnd sends for one
 * (fib/msg.c), then deletes them, timing both, so the benchmark can tell the
 * daemon's cost from the kernel's.
 *
 * Usage: nlraw -n N -d DEV1[,DEV2,...] [-b BATCH] [-v VTEP_BASE] [-T NVTEPS] [-k]
 *   run inside the namespace; each DEV a vxlan device enslaved to a bridge
 *   -n N          entries, spread round robin over the devices
 *   -d DEVS       the vxlan devices, comma separated, at most 256
 *   -b BATCH      requests per sendmsg (default: as many as fit in 64 KiB)
 *   -v VTEP_BASE  the first VTEP (default 10.255.1.101)
 *   -T NVTEPS     VTEPs, entry i goes to VTEP_BASE + i % NVTEPS (default 4)
 *   -k            keep the entries: no deletion
 *
 * Entry i is MAC 0e:<i as 4 bytes>:<device's position in -d> on device
 * i % (number of devices). At most 4096 requests await their ACK at once.
 *
 * Output, one JSON object on stdout:
 *   {"n":N,"add_s":..,"add_per_s":..,"del_s":..,"del_per_s":..,"failed":..,"batches":..}
 * times from the first send to the last ACK; per_s in MACs per second (a
 * delete is two requests); del_* null with -k; failed counts the requests
 * the kernel refused, add and delete (the first one's error goes to
 * stderr, and the exit status is then 1); batches counts the add's
 * sendmsg calls.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <libmnl/libmnl.h>
#include <linux/if_link.h>
#include <linux/neighbour.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MAX_DEVS	256
#define MAX_INFLIGHT	4096
#define FILL_LIMIT	(64 << 10)
#define ACK_RCVBUF	(32 << 20)
/* Each ACK is a datagram of its own and recv() returns one, so they are
 * read up to ACK_BATCH per recvmmsg(), each into a slot of its own. */
#define ACK_BATCH	256
#define ACK_SLOT	1024
#define RECV_BUF	(ACK_BATCH * ACK_SLOT)
/* The largest request: header, ndmsg, NDA_DST, NDA_LLADDR, NDA_MASTER. */
#define MSG_MAX		(MNL_NLMSG_HDRLEN + MNL_ALIGN(sizeof(struct ndmsg)) + \
			 MNL_ALIGN(MNL_ATTR_HDRLEN + 4) + MNL_ALIGN(MNL_ATTR_HDRLEN + 6) + \
			 MNL_ALIGN(MNL_ATTR_HDRLEN + 4))

struct dev {
	const char *name;
	uint32_t ifindex, master;
};

struct opts {
	uint32_t n, vtep_base, nvteps;
	unsigned int ndevs, batch;
	bool keep;
	struct dev devs[MAX_DEVS];
};

struct sender {
	struct mnl_socket *nl;
	struct mnl_nlmsg_batch *b;
	char *sendbuf, *recvbuf;
	struct mmsghdr acks[ACK_BATCH];
	struct iovec iov[ACK_BATCH];
	unsigned int in_batch, batch_max;
	uint32_t seq, phase_seq;
	uint64_t sent, acked, failed, batches;
	struct timespec t0;
	bool started;
	/* The first refusal, kept until the end. */
	const char *phase, *first_phase;
	int first_err;
	uint32_t first_seq;
	char first_msg[256];
};

typedef struct nlmsghdr *(*build_fn)(void *buf, const struct opts *o, uint64_t k);

static void die(const char *what)
{
	fprintf(stderr, "nlraw: %s: %s\n", what, strerror(errno));
	exit(1);
}

static void fail(const char *msg, const char *arg)
{
	fprintf(stderr, "nlraw: %s%s\n", msg, arg);
	exit(1);
}

static double since(const struct timespec *t0)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)(t.tv_sec - t0->tv_sec) + (double)(t.tv_nsec - t0->tv_nsec) / 1e9;
}

static struct nlmsghdr *put_neigh(void *buf, uint16_t type, uint16_t flags, const struct dev *d,
				  uint16_t state, uint8_t ntf)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct ndmsg *nd;

	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | flags;
	nd = mnl_nlmsg_put_extra_header(nlh, sizeof(*nd));
	nd->ndm_family = AF_BRIDGE;
	nd->ndm_ifindex = (int)d->ifindex;
	nd->ndm_state = state;
	nd->ndm_flags = ntf;
	nd->ndm_type = RTN_UNICAST;
	return nlh;
}

/* 0e: is a locally administered unicast prefix the harness's injector
 * (02:) never uses; the device's number keeps MACs apart across devices. */
static void entry_mac(uint32_t i, const struct opts *o, uint8_t mac[6])
{
	mac[0] = 0x0e;
	mac[1] = (uint8_t)(i >> 24);
	mac[2] = (uint8_t)(i >> 16);
	mac[3] = (uint8_t)(i >> 8);
	mac[4] = (uint8_t)i;
	mac[5] = (uint8_t)(i % o->ndevs);
}

static uint32_t entry_vtep(uint32_t i, const struct opts *o)
{
	return htonl(o->vtep_base + i % o->nvteps);
}

static struct nlmsghdr *build_add(void *buf, const struct opts *o, uint64_t k)
{
	uint32_t i = (uint32_t)k, vtep = entry_vtep(i, o);
	const struct dev *d = &o->devs[i % o->ndevs];
	struct nlmsghdr *nlh;
	uint8_t mac[6];

	nlh = put_neigh(buf, RTM_NEWNEIGH, NLM_F_CREATE | NLM_F_REPLACE, d, NUD_REACHABLE,
			NTF_SELF | NTF_MASTER | NTF_EXT_LEARNED);
	entry_mac(i, o, mac);
	mnl_attr_put(nlh, NDA_DST, sizeof(vtep), &vtep);
	mnl_attr_put(nlh, NDA_LLADDR, sizeof(mac), mac);
	mnl_attr_put_u32(nlh, NDA_MASTER, d->master);
	return nlh;
}

/* Request 2i deletes entry i's vxlan (self) part, 2i+1 its bridge (master)
 * part: evpnd's order. One request for both would stop at the first part
 * that fails. */
static struct nlmsghdr *build_del(void *buf, const struct opts *o, uint64_t k)
{
	uint32_t i = (uint32_t)(k / 2), vtep = entry_vtep(i, o);
	const struct dev *d = &o->devs[i % o->ndevs];
	bool master = k & 1;
	struct nlmsghdr *nlh;
	uint8_t mac[6];

	nlh = put_neigh(buf, RTM_DELNEIGH, 0, d, 0, master ? NTF_MASTER : NTF_SELF);
	entry_mac(i, o, mac);
	if (!master)
		mnl_attr_put(nlh, NDA_DST, sizeof(vtep), &vtep);
	mnl_attr_put(nlh, NDA_LLADDR, sizeof(mac), mac);
	if (master)
		mnl_attr_put_u32(nlh, NDA_MASTER, d->master);
	return nlh;
}

static int extack_attr(const struct nlattr *a, void *data)
{
	struct sender *s = data;

	if (mnl_attr_get_type(a) == NLMSGERR_ATTR_MSG &&
	    mnl_attr_validate(a, MNL_TYPE_NUL_STRING) == 0)
		snprintf(s->first_msg, sizeof(s->first_msg), " (%s)", mnl_attr_get_str(a));
	return MNL_CB_OK;
}

static void first_failure(struct sender *s, const struct nlmsghdr *nlh, const struct nlmsgerr *e)
{
	s->first_err = -e->error;
	s->first_seq = e->msg.nlmsg_seq - s->phase_seq;
	s->first_phase = s->phase;
	/* With NETLINK_CAP_ACK the request is not echoed, so the kernel's
	 * explanation follows the nlmsgerr directly. */
	if ((nlh->nlmsg_flags & NLM_F_CAPPED) && (nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		mnl_attr_parse(nlh, sizeof(*e), extack_attr, s);
}

static void got_ack(struct sender *s, const struct nlmsghdr *nlh)
{
	const struct nlmsgerr *e = mnl_nlmsg_get_payload(nlh);

	if (mnl_nlmsg_get_payload_len(nlh) < sizeof(*e))
		return;
	s->acked++;
	if (e->error && !s->failed++)
		first_failure(s, nlh, e);
}

/* Every message, not mnl_cb_run: that stops at the first error and would
 * leave the ACKs behind it uncounted. */
static void count_acks(struct sender *s, const struct nlmsghdr *nlh, int left)
{
	for (; mnl_nlmsg_ok(nlh, left); nlh = mnl_nlmsg_next(nlh, &left))
		if (nlh->nlmsg_type == NLMSG_ERROR)
			got_ack(s, nlh);
}

/* Blocks for the first ACK only. */
static void read_acks(struct sender *s)
{
	int n = recvmmsg(mnl_socket_get_fd(s->nl), s->acks, ACK_BATCH, MSG_WAITFORONE, NULL);

	if (n < 0 && errno == EINTR)
		return;
	if (n < 0 && errno == ENOBUFS)
		die("ACKs lost, the receive buffer overran");
	if (n < 0)
		die("reading ACKs");
	for (int i = 0; i < n; i++) {
		if (s->acks[i].msg_hdr.msg_flags & MSG_TRUNC)
			fail("an ACK larger than its slot", "");
		count_acks(s, s->iov[i].iov_base, (int)s->acks[i].msg_len);
	}
}

static void wait_acks(struct sender *s, uint64_t max_inflight)
{
	while (s->sent - s->acked > max_inflight)
		read_acks(s);
}

static void flush(struct sender *s)
{
	if (!s->in_batch)
		return;
	wait_acks(s, MAX_INFLIGHT - s->in_batch);
	if (!s->started) {
		clock_gettime(CLOCK_MONOTONIC, &s->t0);
		s->started = true;
	}
	if (mnl_socket_sendto(s->nl, mnl_nlmsg_batch_head(s->b), mnl_nlmsg_batch_size(s->b)) < 0)
		die("sending requests");
	s->sent += s->in_batch;
	s->batches++;
	s->in_batch = 0;
	mnl_nlmsg_batch_reset(s->b);
}

static void queue(struct sender *s, const struct opts *o, build_fn build, uint64_t k)
{
	struct nlmsghdr *nlh = build(mnl_nlmsg_batch_current(s->b), o, k);

	nlh->nlmsg_seq = ++s->seq;
	if (!mnl_nlmsg_batch_next(s->b)) {
		/* It did not fit; the reset moves it to the next batch. */
		flush(s);
		s->in_batch = 1;
	} else {
		s->in_batch++;
	}
	if (s->in_batch == s->batch_max)
		flush(s);
}

/* Seconds from the first send to the last ACK. */
static double run_phase(struct sender *s, const struct opts *o, const char *phase,
			build_fn build, uint64_t count)
{
	s->phase = phase;
	s->phase_seq = s->seq + 1;
	s->started = false;
	for (uint64_t k = 0; k < count; k++)
		queue(s, o, build, k);
	flush(s);
	wait_acks(s, 0);
	return s->started ? since(&s->t0) : 0;
}

static void set_buf(int fd, int force, int plain, int size, const char *what)
{
	/* FORCE needs CAP_NET_ADMIN; the plain option is capped by the sysctl. */
	if (setsockopt(fd, SOL_SOCKET, force, &size, sizeof(size)) < 0 &&
	    setsockopt(fd, SOL_SOCKET, plain, &size, sizeof(size)) < 0)
		die(what);
}

static void sender_buffers(struct sender *s, const struct opts *o, size_t limit)
{
	/* libmnl's batch may write one message past its limit. */
	s->sendbuf = malloc(2 * limit);
	s->recvbuf = malloc(RECV_BUF);
	if (!s->sendbuf || !s->recvbuf)
		die("allocating buffers");
	for (int i = 0; i < ACK_BATCH; i++) {
		s->iov[i].iov_base = s->recvbuf + (size_t)i * ACK_SLOT;
		s->iov[i].iov_len = ACK_SLOT;
		s->acks[i].msg_hdr.msg_iov = &s->iov[i];
		s->acks[i].msg_hdr.msg_iovlen = 1;
	}
	s->b = mnl_nlmsg_batch_start(s->sendbuf, limit);
	if (!s->b)
		die("allocating the batch");
	s->batch_max = o->batch ? o->batch : UINT32_MAX;
}

static void sender_open(struct sender *s, const struct opts *o)
{
	size_t limit = o->batch ? o->batch * MSG_MAX : FILL_LIMIT;
	int fd, one = 1;

	s->nl = mnl_socket_open(NETLINK_ROUTE);
	if (!s->nl || mnl_socket_bind(s->nl, 0, MNL_SOCKET_AUTOPID) < 0)
		die("opening the netlink socket");
	fd = mnl_socket_get_fd(s->nl);
	set_buf(fd, SO_RCVBUFFORCE, SO_RCVBUF, ACK_RCVBUF, "setting the receive buffer");
	/* A sendmsg larger than the send buffer is refused (EMSGSIZE). */
	set_buf(fd, SO_SNDBUFFORCE, SO_SNDBUF, (int)(4 * limit), "setting the send buffer");
	/* Short ACKs, and the kernel's reason with an error. */
	mnl_socket_setsockopt(s->nl, NETLINK_CAP_ACK, &one, sizeof(one));
	mnl_socket_setsockopt(s->nl, NETLINK_EXT_ACK, &one, sizeof(one));
	sender_buffers(s, o, limit);
}

static int link_attr(const struct nlattr *a, void *data)
{
	if (mnl_attr_get_type(a) == IFLA_MASTER && mnl_attr_validate(a, MNL_TYPE_U32) == 0)
		*(uint32_t *)data = mnl_attr_get_u32(a);
	return MNL_CB_OK;
}

static int on_link(const struct nlmsghdr *nlh, void *data)
{
	if (nlh->nlmsg_type == RTM_NEWLINK)
		mnl_attr_parse(nlh, sizeof(struct ifinfomsg), link_attr, data);
	return MNL_CB_OK;
}

/* The bridge the device is enslaved to: NDA_MASTER of its entries. */
static uint32_t link_master(struct sender *s, uint32_t ifindex)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(s->recvbuf);
	struct ifinfomsg *ifi;
	uint32_t master = 0;
	ssize_t n;

	nlh->nlmsg_type = RTM_GETLINK;
	nlh->nlmsg_flags = NLM_F_REQUEST;
	nlh->nlmsg_seq = ++s->seq;
	ifi = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifi));
	ifi->ifi_index = (int)ifindex;
	if (mnl_socket_sendto(s->nl, nlh, nlh->nlmsg_len) < 0)
		die("asking for a link");
	n = mnl_socket_recvfrom(s->nl, s->recvbuf, RECV_BUF);
	if (n < 0 || mnl_cb_run(s->recvbuf, (size_t)n, s->seq, mnl_socket_get_portid(s->nl),
				on_link, &master) < 0)
		die("reading a link");
	return master;
}

static void find_devs(struct sender *s, struct opts *o)
{
	for (unsigned int i = 0; i < o->ndevs; i++) {
		struct dev *d = &o->devs[i];

		d->ifindex = if_nametoindex(d->name);
		if (!d->ifindex)
			fail("no such device: ", d->name);
		d->master = link_master(s, d->ifindex);
		if (!d->master)
			fail("not enslaved to a bridge: ", d->name);
	}
}

static void usage(void)
{
	fprintf(stderr, "usage: nlraw -n N -d DEV1[,DEV2,...] [-b BATCH] [-v VTEP_BASE] "
		"[-T NVTEPS] [-k]\n");
	exit(1);
}

static uint32_t number(const char *s, unsigned long min, unsigned long max)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno || end == s || *end || *s == '-' || v < min || v > max)
		usage();
	return (uint32_t)v;
}

/* The names stay in argv, cut at the commas. */
static void parse_devs(char *list, struct opts *o)
{
	char *save = NULL;

	for (char *name = strtok_r(list, ",", &save); name; name = strtok_r(NULL, ",", &save)) {
		if (o->ndevs == MAX_DEVS)
			fail("too many devices, at most 256", "");
		o->devs[o->ndevs++].name = name;
	}
}

static void parse_vtep(const char *s, struct opts *o)
{
	struct in_addr a;

	if (inet_pton(AF_INET, s, &a) != 1)
		fail("not an IPv4 address: ", s);
	o->vtep_base = ntohl(a.s_addr);
}

static void parse_args(int argc, char **argv, struct opts *o)
{
	int c;

	while ((c = getopt(argc, argv, "n:d:b:v:T:k")) != -1) {
		switch (c) {
		case 'n': o->n = number(optarg, 1, UINT32_MAX); break;
		case 'd': parse_devs(optarg, o); break;
		case 'b': o->batch = number(optarg, 1, MAX_INFLIGHT); break;
		case 'v': parse_vtep(optarg, o); break;
		case 'T': o->nvteps = number(optarg, 1, UINT32_MAX); break;
		case 'k': o->keep = true; break;
		default: usage();
		}
	}
	if (optind != argc || !o->n || !o->ndevs)
		usage();
}

static void print_result(const struct opts *o, const struct sender *s, double add_s,
			 double del_s, uint64_t add_batches)
{
	printf("{\"n\":%u,\"add_s\":%.6f,\"add_per_s\":%.0f,", o->n, add_s, o->n / add_s);
	if (o->keep)
		printf("\"del_s\":null,\"del_per_s\":null,");
	else
		printf("\"del_s\":%.6f,\"del_per_s\":%.0f,", del_s, o->n / del_s);
	printf("\"failed\":%llu,\"batches\":%llu}\n", (unsigned long long)s->failed,
	       (unsigned long long)add_batches);
	if (s->failed)
		fprintf(stderr, "nlraw: %llu requests refused; the first, %s request %u: %s%s\n",
			(unsigned long long)s->failed, s->first_phase, s->first_seq,
			strerror(s->first_err), s->first_msg);
}

int main(int argc, char **argv)
{
	static struct opts o = { .vtep_base = 0x0aff0165, .nvteps = 4 };
	static struct sender s;
	double add_s, del_s = 0;
	uint64_t add_batches;

	parse_args(argc, argv, &o);
	sender_open(&s, &o);
	find_devs(&s, &o);
	add_s = run_phase(&s, &o, "add", build_add, o.n);
	add_batches = s.batches;
	if (!o.keep)
		del_s = run_phase(&s, &o, "delete", build_del, 2ULL * o.n);
	print_result(&o, &s, add_s, del_s, add_batches);
	mnl_nlmsg_batch_stop(s.b);
	mnl_socket_close(s.nl);
	free(s.sendbuf);
	free(s.recvbuf);
	return s.failed ? 1 : 0;
}
