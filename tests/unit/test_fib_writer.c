/* fib/writer.c, the request socket's thread, against the real kernel with
 * requests that change nothing: deletions on an ifindex no device has
 * (refused: ENODEV, or EPERM without CAP_NET_ADMIN) and a link query for
 * lo, whose answer (an RTM_NEWLINK before the ACK) is not an ACK. A batch
 * comes back once, in order, on the loop's thread, with every request
 * answered and exactly the refused ones listed by sequence number. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include <linux/neighbour.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <sys/socket.h>

#include "fib/internal.h"

#define NO_SUCH_IFINDEX 0x7ffffff0

static struct fib_wr_result got[8];
static struct fib_wr_fail got_fails[8][16];
static int n_got;

static void on_done(const struct fib_wr_result *r)
{
	assert_true(n_got < 8);
	got[n_got] = *r;
	assert_true(r->n_fails <= 16);
	memcpy(got_fails[n_got], r->fails, r->n_fails * sizeof(*r->fails));
	got[n_got].fails = got_fails[n_got];
	n_got++;
	ev_break(fib.loop, EVBREAK_ALL);
}

static size_t put_del(char *buf, uint32_t seq)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct ndmsg *nd = mnl_nlmsg_put_extra_header(nlh, sizeof(*nd));
	static const uint8_t mac[6] = { 0x02, 0, 0, 0, 0, 1 };

	nlh->nlmsg_type = RTM_DELNEIGH;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	nlh->nlmsg_seq = seq;
	nd->ndm_family = AF_BRIDGE;
	nd->ndm_ifindex = NO_SUCH_IFINDEX;
	nd->ndm_flags = NTF_SELF;
	mnl_attr_put(nlh, NDA_LLADDR, 6, mac);
	return nlh->nlmsg_len;
}

static size_t put_getlink(char *buf, uint32_t seq)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct ifinfomsg *ifi = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifi));

	nlh->nlmsg_type = RTM_GETLINK;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	nlh->nlmsg_seq = seq;
	ifi->ifi_index = (int)if_nametoindex("lo");
	return nlh->nlmsg_len;
}

static int setup(void **state)
{
	(void)state;
	n_got = 0;
	fib.loop = ev_loop_new(EVFLAG_AUTO);
	assert_int_equal(nl_open(&fib.cmd, "request", NULL, 0), 0);
	assert_int_equal(fib_writer_start(mnl_socket_get_fd(fib.cmd.mnl), on_done), 0);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	fib_writer_stop();
	nl_close(&fib.cmd, NULL);
	ev_loop_destroy(fib.loop);
	fib.loop = NULL;
	return 0;
}

/* Refused, accepted, refused: two failures with their sequence numbers,
 * the accepted query's reply skipped, all three answered. */
static void test_batch_failures_by_seq(void **state)
{
	char buf[4096];
	size_t len = 0;

	(void)state;
	len += put_del(buf + len, 100);
	len += put_getlink(buf + len, 101);
	len += put_del(buf + len, 102);
	assert_true(fib_writer_submit(buf, len, 100, 3));
	ev_run(fib.loop, 0);
	assert_int_equal(n_got, 1);
	assert_int_equal(got[0].first, 100);
	assert_int_equal(got[0].n, 3);
	assert_false(got[0].lost);
	assert_int_equal(got[0].n_fails, 2);
	assert_int_equal(got[0].fails[0].seq, 100);
	assert_int_equal(got[0].fails[1].seq, 102);
	assert_true(got[0].fails[0].err == ENODEV || got[0].fails[0].err == EPERM);
}

/* Batches come back in the order they went, each once. */
static void test_batches_in_order(void **state)
{
	char buf[4096];

	(void)state;
	for (uint32_t b = 0; b < 3; b++) {
		size_t len = put_getlink(buf, 200 + b);
		assert_true(fib_writer_submit(buf, len, 200 + b, 1));
	}
	while (n_got < 3)
		ev_run(fib.loop, 0);
	for (int b = 0; b < 3; b++) {
		assert_int_equal(got[b].first, 200 + b);
		assert_int_equal(got[b].n_fails, 0);
	}
}

/* With every slot taken, a batch is refused rather than waited for. */
static void test_full_refuses(void **state)
{
	char buf[4096];
	size_t len = put_getlink(buf, 300);
	int accepted = 0;

	(void)state;
	for (int i = 0; i < 64; i++)
		accepted += fib_writer_submit(buf, len, 300, 1);
	assert_true(accepted >= 1 && accepted < 64);
	while (n_got < accepted && n_got < 8)
		ev_run(fib.loop, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_batch_failures_by_seq, setup, teardown),
		cmocka_unit_test_setup_teardown(test_batches_in_order, setup, teardown),
		cmocka_unit_test_setup_teardown(test_full_refuses, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
