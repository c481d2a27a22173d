/* The event socket's socket filter (classic BPF): the kernel tells every
 * listener of each entry we install, twice for a remote MAC (the vxlan
 * entry and the bridge one). At a million MACs those echoes are two
 * million datagrams to read, parse and find already known, and they fill
 * the socket until it overruns, which costs full re-reads of the tables.
 * So notifications of extern_learn entries (ours, by the flag we set) are
 * dropped in the kernel. What passes: every deletion (an entry of ours
 * removed by someone else is put back), every entry that is not
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

int nl_filter_own(struct nl_sock *s)
{
	/* BPF loads halfwords in network order: compare with htons(). */
	struct sock_filter code[] = {
		BPF_STMT(BPF_LD | BPF_H | BPF_ABS, OFF_TYPE),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, htons(RTM_NEWNEIGH), 0, 4),
		BPF_STMT(BPF_LD | BPF_H | BPF_ABS, OFF_FLAGS),
		BPF_JUMP(BPF_JMP | BPF_JSET | BPF_K, htons(NLM_F_MULTI), 2, 0),
		BPF_STMT(BPF_LD | BPF_B | BPF_ABS, OFF_NDM_FLAGS),
		BPF_JUMP(BPF_JMP | BPF_JSET | BPF_K, NTF_EXT_LEARNED, 1, 0),
		BPF_STMT(BPF_RET | BPF_K, 0xffffffff), /* keep */
		BPF_STMT(BPF_RET | BPF_K, 0),	       /* drop */
	};
	struct sock_fprog prog = { .len = sizeof(code) / sizeof(code[0]), .filter = code };

	return setsockopt(mnl_socket_get_fd(s->mnl), SOL_SOCKET, SO_ATTACH_FILTER, &prog,
			  sizeof(prog));
}
