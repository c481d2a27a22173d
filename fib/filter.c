/* The event socket's socket filter (classic BPF): the kernel tells every
 * listener of each entry we install or delete, twice for a remote MAC (the
 * vxlan entry and the bridge one). At a million MACs those echoes are two
 * million datagrams each way to read, parse and find already known, and
 * they fill the socket until it overruns, which costs re-reads of the
 * tables. So, of extern_learn entries (ours, by the flag we set), the
 * kernel drops before queueing:
 *  - every RTM_NEWNEIGH: we know what we installed;
 *  - the bridge's RTM_DELNEIGH (AF_BRIDGE without NTF_SELF): fib/ keeps the
 *    vxlan entry, whose deletion still comes through.
 * What passes: deletions of vxlan entries and of neighbours (an entry of
 * ours removed by someone else is put back), every entry that is not
 * extern_learn (hosts learned on bridge ports and SVIs, including a remote
 * MAC a host re-learned locally, which clears the flag), and dump replies
 * (NLM_F_MULTI), which resync and refresh read. Not seen any more: another
 * program replacing our entry with its own extern_learn one; the next
 * refresh finds that. */
#include <arpa/inet.h>
#include <linux/filter.h>
#include <linux/neighbour.h>
#include <linux/rtnetlink.h>
#include <stddef.h>
#include <sys/socket.h>

#include "fib/internal.h"

/* Offsets into the first message: the header, then struct ndmsg. */
#define OFF_TYPE offsetof(struct nlmsghdr, nlmsg_type)
#define OFF_FLAGS offsetof(struct nlmsghdr, nlmsg_flags)
#define OFF_NDM_FLAGS (sizeof(struct nlmsghdr) + offsetof(struct ndmsg, ndm_flags))
#define OFF_FAMILY (sizeof(struct nlmsghdr) + offsetof(struct ndmsg, ndm_family))

#define KEEP 14 /* the index of the two returns below */
#define DROP 15
#define J(cond, k, at, t, f) BPF_JUMP(BPF_JMP | (cond) | BPF_K, (k), (t) - (at) - 1, (f) - (at) - 1)

int nl_filter_own(struct nl_sock *s)
{
	/* BPF loads halfwords in network order: compare with htons(). */
	struct sock_filter code[] = {
		/* 0 */ BPF_STMT(BPF_LD | BPF_H | BPF_ABS, OFF_TYPE),
		/* 1 */ J(BPF_JEQ, htons(RTM_NEWNEIGH), 1, 3, 2),
		/* 2 */ J(BPF_JEQ, htons(RTM_DELNEIGH), 2, 3, KEEP),
		/* 3 */ BPF_STMT(BPF_MISC | BPF_TAX, 0),
		/* 4 */ BPF_STMT(BPF_LD | BPF_H | BPF_ABS, OFF_FLAGS),
		/* 5 */ J(BPF_JSET, htons(NLM_F_MULTI), 5, KEEP, 6),
		/* 6 */ BPF_STMT(BPF_LD | BPF_B | BPF_ABS, OFF_NDM_FLAGS),
		/* 7 */ J(BPF_JSET, NTF_EXT_LEARNED, 7, 8, KEEP),
		/* 8 */ BPF_STMT(BPF_MISC | BPF_TXA, 0),
		/* 9 */ J(BPF_JEQ, htons(RTM_NEWNEIGH), 9, DROP, 10),
		/* 10 */ BPF_STMT(BPF_LD | BPF_B | BPF_ABS, OFF_FAMILY),
		/* 11 */ J(BPF_JEQ, AF_BRIDGE, 11, 12, KEEP),
		/* 12 */ BPF_STMT(BPF_LD | BPF_B | BPF_ABS, OFF_NDM_FLAGS),
		/* 13 */ J(BPF_JSET, NTF_SELF, 13, KEEP, DROP),
		/* KEEP */ BPF_STMT(BPF_RET | BPF_K, 0xffffffff),
		/* DROP */ BPF_STMT(BPF_RET | BPF_K, 0),
	};
	struct sock_fprog prog = { .len = sizeof(code) / sizeof(code[0]), .filter = code };

	return setsockopt(mnl_socket_get_fd(s->mnl), SOL_SOCKET, SO_ATTACH_FILTER, &prog,
			  sizeof(prog));
}
