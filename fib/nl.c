/* Netlink sockets on the loop: non-blocking, large receive buffers, every
 * message handed to the owner one at a time. */
#include <errno.h>
#include <linux/neighbour.h>
#include <linux/rtnetlink.h>
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "fib/internal.h"
#include "lib/log.h"

#define NL_RCVBUF (32 << 20)
/* recvmmsg calls per loop turn, so a flood of kernel events cannot starve
 * the BGP sessions. */
#define NL_READS_PER_TURN 32

int nl_open(struct nl_sock *s, const char *name, const unsigned *groups, int ngroups)
{
	int fd, size = NL_RCVBUF, one = 1;
	const char *force = getenv("EVPND_NL_RCVBUF");

	/* Tests shrink the event socket to make the kernel drop events. */
	if (ngroups && force && atoi(force) > 0)
		size = atoi(force);

	s->name = name;
	if (!(s->mnl = mnl_socket_open2(NETLINK_ROUTE, SOCK_NONBLOCK | SOCK_CLOEXEC)))
		return -1;
	if (mnl_socket_bind(s->mnl, 0, MNL_SOCKET_AUTOPID) < 0)
		return -1;
	s->portid = mnl_socket_get_portid(s->mnl);
	fd = mnl_socket_get_fd(s->mnl);
	/* FORCE needs CAP_NET_ADMIN, which a daemon programming the FDB has;
	 * the plain option is capped by rmem_max. */
	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &size, sizeof(size)) < 0)
		setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof(size));
	setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &size, sizeof(size));
	/* Errors for requests carry only the header, not the whole request. */
	mnl_socket_setsockopt(s->mnl, NETLINK_CAP_ACK, &one, sizeof(one));
	mnl_socket_setsockopt(s->mnl, NETLINK_EXT_ACK, &one, sizeof(one));
	for (int i = 0; i < ngroups; i++) {
		unsigned g = groups[i];
		if (mnl_socket_setsockopt(s->mnl, NETLINK_ADD_MEMBERSHIP, &g, sizeof(g)) < 0)
			return -1;
	}
	return 0;
}

static void nl_deliver(struct nl_sock *s, const void *buf, size_t len)
{
	const struct nlmsghdr *nlh = buf;
	int left = (int)len;

	while (mnl_nlmsg_ok(nlh, left)) {
		s->on_msg(nlh);
		nlh = mnl_nlmsg_next(nlh, &left);
	}
}

/* A slot holds the largest datagram a dump makes (32 KiB). */
#define NL_SLOT (32 << 10)

static char rx_buf[NL_RX_BATCH][NL_SLOT];
static struct nl_rx rx = { .buf = &rx_buf[0][0], .slot = NL_SLOT };

int nl_recv_many(int fd, struct nl_rx *r)
{
	for (int i = 0; i < NL_RX_BATCH; i++) {
		r->iov[i] = (struct iovec){ r->buf + (size_t)i * r->slot, r->slot };
		r->msg[i].msg_hdr = (struct msghdr){ .msg_iov = &r->iov[i], .msg_iovlen = 1 };
	}
	return recvmmsg(fd, r->msg, NL_RX_BATCH, MSG_DONTWAIT, NULL);
}

static void nl_read(struct ev_loop *loop, ev_io *w, int revents)
{
	struct nl_sock *s = w->data;

	(void)loop, (void)revents;
	for (int turn = 0; turn < NL_READS_PER_TURN; turn++) {
		int n = nl_recv_many(w->fd, &rx);
		for (int i = 0; i < n; i++) {
			if (rx.msg[i].msg_hdr.msg_flags & MSG_TRUNC) {
				/* Larger than a dump makes: what was cut is lost. */
				log_warn("fib: %s socket: a message larger than %d bytes", s->name,
					 NL_SLOT);
				if (s->on_overrun)
					s->on_overrun();
				continue;
			}
			nl_deliver(s, rx_buf[i], rx.msg[i].msg_len);
		}
		if (n == NL_RX_BATCH)
			continue;
		if (n >= 0 || errno == EAGAIN || errno == EINTR)
			return;
		if (errno != ENOBUFS) {
			log_err("fib: %s socket: %s", s->name, strerror(errno));
			return;
		}
		/* The kernel dropped messages we will never see. */
		log_warn("fib: %s socket overrun: resyncing with the kernel", s->name);
		if (s->on_overrun)
			s->on_overrun();
	}
}

void nl_start(struct nl_sock *s, struct ev_loop *loop)
{
	ev_io_init(&s->io, nl_read, mnl_socket_get_fd(s->mnl), EV_READ);
	s->io.data = s;
	ev_io_start(loop, &s->io);
}

void nl_close(struct nl_sock *s, struct ev_loop *loop)
{
	if (!s->mnl)
		return;
	if (loop)
		ev_io_stop(loop, &s->io);
	mnl_socket_close(s->mnl);
	s->mnl = NULL;
}

static bool nl_dump_done(const void *buf, size_t len, uint32_t seq, int *err)
{
	const struct nlmsghdr *nlh = buf;
	int left = (int)len;

	for (; mnl_nlmsg_ok(nlh, left); nlh = mnl_nlmsg_next(nlh, &left)) {
		if (nlh->nlmsg_seq != seq)
			continue;
		if (nlh->nlmsg_type == NLMSG_DONE)
			return true;
		if (nlh->nlmsg_type == NLMSG_ERROR &&
		    nlh->nlmsg_len >= mnl_nlmsg_size(sizeof(struct nlmsgerr))) {
			const struct nlmsgerr *e = mnl_nlmsg_get_payload(nlh);
			*err = -e->error;
			return true;
		}
	}
	return false;
}

int nl_dump_request(struct nl_sock *s, uint16_t type, uint8_t family, uint32_t seq)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);

	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	nlh->nlmsg_seq = seq;
	/* The FDB dump takes an ndmsg (a shorter header is refused); a link
	 * dump an ifinfomsg. */
	if (type == RTM_GETNEIGH) {
		struct ndmsg *nd = mnl_nlmsg_put_extra_header(nlh, sizeof(*nd));
		nd->ndm_family = family;
	} else {
		struct ifinfomsg *ifi = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifi));
		ifi->ifi_family = family;
		/* Bridge ports with their VLANs, and a single vxlan device's
		 * VLAN-to-VNI maps, in ranges as the kernel notifies them. */
		if (family == AF_BRIDGE)
			mnl_attr_put_u32(nlh, IFLA_EXT_MASK, RTEXT_FILTER_BRVLAN_COMPRESSED);
	}
	return mnl_socket_sendto(s->mnl, nlh, nlh->nlmsg_len) < 0 ? -1 : 0;
}

int nl_dump(struct nl_sock *s, uint16_t type, uint8_t family)
{
	static char buf[1 << 16];
	uint32_t seq = (uint32_t)time(NULL);
	int fd = mnl_socket_get_fd(s->mnl), err = 0;
	struct pollfd pfd = { .fd = fd, .events = POLLIN };

	if (nl_dump_request(s, type, family, seq) < 0)
		return -1;
	for (;;) {
		ssize_t n = recv(fd, buf, sizeof(buf), 0);
		if (n < 0 && (errno == EAGAIN || errno == EINTR)) {
			poll(&pfd, 1, 1000);
			continue;
		}
		if (n <= 0)
			return -1;
		nl_deliver(s, buf, (size_t)n);
		if (nl_dump_done(buf, (size_t)n, seq, &err))
			break;
	}
	if (err) {
		errno = err;
		return -1;
	}
	return 0;
}
