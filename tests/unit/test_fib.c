/* The kernel data plane module (fib/) without a kernel: the netlink
 * requests it builds (fib/msg.c) against the shapes FRR 8.4's zebra sends
 * (shared/design.md: remote MAC, flood entry, remote neighbour) and the
 * kernel's rules for them (a vxlan FDB add needs NUD_REACHABLE or
 * NUD_PERMANENT; NTF_SELF is the vxlan device's table, NTF_MASTER the
 * bridge's; NLM_F_APPEND lets several VTEPs share the all-zero MAC for
 * head-end replication, RFC 8365 §9); the parser of the kernel's neighbour
 * messages (fib/parse.c) on malformed input; the table of wanted versus
 * installed entries (fib/table.c), including resync adoption after a
 * restart; and what EVPN's import results become as kernel entries
 * (evpn/dp.c hands them over as plain values, fib/program.c programs them): the winning VTEP per MAC (RFC 7432 §15), ARP/ND
 * suppression neighbours from MAC+IP routes (RFC 7432 §10, RFC 9047
 * router flag) and one flood entry per remote VTEP (RFC 8365 §9.1).
 *
 * fib.loop is NULL here, so nothing is ever sent: a test plays the pump by
 * taking queued entries and reporting them installed. Links exist only
 * when a test feeds fib_link_msg() an RTM_NEWLINK like the kernel's: a
 * bridge br100 (ifindex 11) with vxlan100 (ifindex 10, VNI 100) in it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include <linux/if_bridge.h>
#include <linux/if_link.h>
#include <linux/neighbour.h>
#include <linux/rtnetlink.h>
#include <sys/socket.h>

#include "evpn/evpn.h"
#include "fib/internal.h"

#define VXLAN_IF 10
#define BRIDGE_IF 11

static const uint8_t MAC_A[6] = { 0x02, 0x10, 0x00, 0x00, 0x00, 0x01 };
static const uint8_t MAC_B[6] = { 0x02, 0x10, 0x00, 0x00, 0x00, 0x02 };
static const uint8_t ZERO_MAC[6];
static const uint8_t VTEP1[4] = { 10, 255, 0, 11 };
static const uint8_t VTEP2[4] = { 10, 255, 0, 13 };
static const uint8_t OUR_VTEP[4] = { 10, 255, 0, 12 };
static const uint8_t IP1[4] = { 192, 168, 100, 1 };
static const uint8_t IP2[4] = { 192, 168, 100, 2 };
static const uint8_t IP6_1[16] = { 0xfd, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1 };
static const uint8_t PRESENT = 1;

/* Netlink messages are read through struct pointers: keep them aligned. */
static uint32_t buf[1024];

static int setup(void **state)
{
	(void)state;
	memset(buf, 0, sizeof(buf));
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	evpn_dp_set(NULL);
	fib_ent_free_all();
	fib_link_free_all();
	memset(&fib.st, 0, sizeof(fib.st));
	fib.converged = false;
	return 0;
}

/* ---- links, as the kernel reports them ---- */

static void link_add(int ifindex, const char *name, int master, const char *kind, uint32_t vni)
{
	uint32_t lbuf[256];
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(lbuf);
	struct ifinfomsg *ifi;
	struct nlattr *info, *data;

	nlh->nlmsg_type = RTM_NEWLINK;
	ifi = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifi));
	ifi->ifi_family = AF_UNSPEC;
	ifi->ifi_index = ifindex;
	ifi->ifi_flags = IFF_UP;
	mnl_attr_put_strz(nlh, IFLA_IFNAME, name);
	if (master)
		mnl_attr_put_u32(nlh, IFLA_MASTER, (uint32_t)master);
	info = mnl_attr_nest_start(nlh, IFLA_LINKINFO);
	mnl_attr_put_strz(nlh, IFLA_INFO_KIND, kind);
	if (vni) {
		data = mnl_attr_nest_start(nlh, IFLA_INFO_DATA);
		mnl_attr_put_u32(nlh, IFLA_VXLAN_ID, vni);
		mnl_attr_put(nlh, IFLA_VXLAN_LOCAL, 4, OUR_VTEP);
		mnl_attr_nest_end(nlh, data);
	}
	mnl_attr_nest_end(nlh, info);
	fib_link_msg(nlh);
}

/* br100 with vxlan100 in it; vxlan_master 0 leaves the device unbridged. */
static void links_add(int vxlan_master)
{
	const struct fib_link *l;

	link_add(BRIDGE_IF, "br100", 0, "bridge", 0);
	link_add(VXLAN_IF, "vxlan100", vxlan_master, "vxlan", 100);
	l = fib_link_find(VXLAN_IF);
	assert_non_null(l);
	assert_int_equal(l->kind, FIB_LINK_VXLAN);
	assert_int_equal(l->vni, 100);
	assert_int_equal(l->master, vxlan_master);
}

/* ---- reading requests back ---- */

struct attrs {
	const struct nlattr *tb[NDA_MAX + 1];
	const char *end;	/* just past the last well-formed attribute */
	unsigned n;
};

static int attr_cb(const struct nlattr *a, void *data)
{
	struct attrs *t = data;

	if (mnl_attr_get_type(a) <= NDA_MAX)
		t->tb[mnl_attr_get_type(a)] = a;
	t->end = (const char *)a + MNL_ALIGN(a->nla_len);
	t->n++;
	return MNL_CB_OK;
}

/* The attributes after the ndmsg; they must fill the message exactly, as
 * the kernel's strict parsing rejects trailing bytes. */
static struct attrs attrs_of(const struct nlmsghdr *nlh)
{
	struct attrs t = { 0 };

	assert_true(mnl_attr_parse(nlh, sizeof(struct ndmsg), attr_cb, &t) >= 0);
	assert_ptr_equal(t.end, (const char *)nlh + nlh->nlmsg_len);
	return t;
}

static const struct ndmsg *nd_of(const struct nlmsghdr *nlh)
{
	assert_true(nlh->nlmsg_len >= mnl_nlmsg_size(sizeof(struct ndmsg)));
	return mnl_nlmsg_get_payload(nlh);
}

static void assert_attr(const struct nlattr *a, const void *want, size_t len)
{
	assert_non_null(a);
	assert_int_equal(mnl_attr_get_payload_len(a), len);
	assert_memory_equal(mnl_attr_get_payload(a), want, len);
}

static struct fib_ent ent(enum fib_kind kind, int ifindex, const uint8_t *a, uint8_t len)
{
	struct fib_ent e = { .k = { .ifindex = ifindex, .kind = (uint8_t)kind, .len = len } };

	memcpy(e.k.a, a, len);
	return e;
}

/* The header fields every request is checked on. */
static void assert_nd(const struct nlmsghdr *nlh, uint16_t type, uint16_t flags, uint8_t family,
		      int ifindex, uint16_t state, uint8_t ntf)
{
	assert_int_equal(nlh->nlmsg_type, type);
	assert_int_equal(nlh->nlmsg_flags, flags);
	assert_int_equal(nd_of(nlh)->ndm_family, family);
	assert_int_equal(nd_of(nlh)->ndm_ifindex, ifindex);
	assert_int_equal(nd_of(nlh)->ndm_state, state);
	assert_int_equal(nd_of(nlh)->ndm_flags, ntf);
}

/* ---- codec: remote MACs ---- */

/* zebra's remote MAC: one RTM_NEWNEIGH makes both the vxlan (self) entry
 * with its VTEP and the bridge (master) entry; REACHABLE because the
 * vxlan driver refuses NOARP alone; extern_learn so neither ages out nor
 * is relearned from traffic. With the device unknown there is no bridge
 * to name, so no NDA_MASTER. */
static void test_msg_fdb_add(void **state)
{
	struct fib_ent e = ent(FIB_FDB, VXLAN_IF, MAC_A, 6);
	struct nlmsghdr *nlh;
	struct attrs t;
	struct fib_nmsg m;

	(void)state;
	memcpy(e.want, VTEP1, 4);
	e.want_len = 4;
	nlh = fib_msg_ent(buf, &e, true, false);
	assert_nd(nlh, RTM_NEWNEIGH, NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_REPLACE, AF_BRIDGE, VXLAN_IF, NUD_REACHABLE,
		  NTF_SELF | NTF_MASTER | NTF_EXT_LEARNED);
	assert_int_equal(nd_of(nlh)->ndm_type, RTN_UNICAST);
	t = attrs_of(nlh);
	assert_int_equal(t.n, 2);
	assert_attr(t.tb[NDA_LLADDR], MAC_A, 6);
	assert_attr(t.tb[NDA_DST], VTEP1, 4);
	assert_null(t.tb[NDA_MASTER]);

	assert_int_equal(fib_parse_neigh(nlh, &m), 0);
	assert_int_equal(m.type, RTM_NEWNEIGH);
	assert_int_equal(m.family, AF_BRIDGE);
	assert_int_equal(m.ifindex, VXLAN_IF);
	assert_true(m.has_mac);
	assert_memory_equal(m.mac, MAC_A, 6);
	assert_int_equal(m.dst_len, 4);
	assert_memory_equal(m.dst, VTEP1, 4);
	assert_int_equal(m.master, 0);
}

/* Once the device is known to be a bridge port, NDA_MASTER names the
 * bridge, as zebra's does. */
static void test_msg_fdb_add_master(void **state)
{
	struct fib_ent e = ent(FIB_FDB, VXLAN_IF, MAC_A, 6);
	struct nlmsghdr *nlh;
	struct attrs t;
	struct fib_nmsg m;

	(void)state;
	links_add(BRIDGE_IF);
	memcpy(e.want, VTEP1, 4);
	e.want_len = 4;
	nlh = fib_msg_ent(buf, &e, true, false);
	t = attrs_of(nlh);
	assert_int_equal(t.n, 3);
	assert_non_null(t.tb[NDA_MASTER]);
	assert_int_equal(mnl_attr_get_u32(t.tb[NDA_MASTER]), BRIDGE_IF);
	assert_int_equal(fib_parse_neigh(nlh, &m), 0);
	assert_int_equal(m.master, BRIDGE_IF);
	assert_int_equal(m.flags, NTF_SELF | NTF_MASTER | NTF_EXT_LEARNED);
}

/* An unbridged vxlan device has no master entry to name. */
static void test_msg_fdb_add_unbridged(void **state)
{
	struct fib_ent e = ent(FIB_FDB, VXLAN_IF, MAC_A, 6);
	struct attrs t;

	(void)state;
	links_add(0);
	memcpy(e.want, VTEP1, 4);
	e.want_len = 4;
	t = attrs_of(fib_msg_ent(buf, &e, true, false));
	assert_null(t.tb[NDA_MASTER]);
	assert_non_null(t.tb[NDA_DST]);
}

/* The kernel's RTM_DELNEIGH stops at the first table that fails, so a
 * delete is two messages. The self one must name the VTEP the kernel has
 * (kern), not a new one EVPN wants: vxlan keys its remotes by dst. */
static void test_msg_fdb_del_self(void **state)
{
	struct fib_ent e = ent(FIB_FDB, VXLAN_IF, MAC_A, 6);
	struct nlmsghdr *nlh;
	struct attrs t;
	struct fib_nmsg m;

	(void)state;
	links_add(BRIDGE_IF);
	memcpy(e.kern, VTEP1, 4);
	e.kern_len = 4;
	memcpy(e.want, VTEP2, 4);
	e.want_len = 4;
	nlh = fib_msg_ent(buf, &e, false, false);
	assert_int_equal(nlh->nlmsg_type, RTM_DELNEIGH);
	assert_int_equal(nlh->nlmsg_flags, NLM_F_REQUEST | NLM_F_ACK);
	assert_int_equal(nd_of(nlh)->ndm_family, AF_BRIDGE);
	assert_int_equal(nd_of(nlh)->ndm_flags, NTF_SELF);
	t = attrs_of(nlh);
	assert_attr(t.tb[NDA_LLADDR], MAC_A, 6);
	assert_attr(t.tb[NDA_DST], VTEP1, 4);
	assert_null(t.tb[NDA_MASTER]);
	assert_int_equal(fib_parse_neigh(nlh, &m), 0);
	assert_int_equal(m.type, RTM_DELNEIGH);
	assert_memory_equal(m.dst, VTEP1, 4);
}

/* The bridge's entry has no VTEP: a dst would be meaningless to it. */
static void test_msg_fdb_del_master(void **state)
{
	struct fib_ent e = ent(FIB_FDB, VXLAN_IF, MAC_A, 6);
	struct nlmsghdr *nlh;
	struct attrs t;

	(void)state;
	links_add(BRIDGE_IF);
	memcpy(e.kern, VTEP1, 4);
	e.kern_len = 4;
	nlh = fib_msg_ent(buf, &e, false, true);
	assert_int_equal(nlh->nlmsg_type, RTM_DELNEIGH);
	assert_int_equal(nlh->nlmsg_flags, NLM_F_REQUEST | NLM_F_ACK);
	assert_int_equal(nd_of(nlh)->ndm_ifindex, VXLAN_IF);
	assert_int_equal(nd_of(nlh)->ndm_flags, NTF_MASTER);
	t = attrs_of(nlh);
	assert_attr(t.tb[NDA_LLADDR], MAC_A, 6);
	assert_null(t.tb[NDA_DST]);
	assert_non_null(t.tb[NDA_MASTER]);
	assert_int_equal(mnl_attr_get_u32(t.tb[NDA_MASTER]), BRIDGE_IF);
}

/* ---- codec: flood entries ---- */

/* zebra's flood entry: the all-zero MAC, permanent, on the vxlan device
 * only; APPEND adds this VTEP to the list instead of replacing it. */
static void test_msg_flood_add(void **state)
{
	struct fib_ent e = ent(FIB_FLOOD, VXLAN_IF, VTEP2, 4);
	struct nlmsghdr *nlh;
	struct attrs t;
	struct fib_nmsg m;

	(void)state;
	links_add(BRIDGE_IF);
	e.want[0] = PRESENT;
	e.want_len = 1;
	nlh = fib_msg_ent(buf, &e, true, false);
	assert_nd(nlh, RTM_NEWNEIGH, NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_APPEND, AF_BRIDGE, VXLAN_IF, NUD_NOARP | NUD_PERMANENT,
		  NTF_SELF);
	t = attrs_of(nlh);
	assert_int_equal(t.n, 2);
	assert_attr(t.tb[NDA_LLADDR], ZERO_MAC, 6);
	assert_attr(t.tb[NDA_DST], VTEP2, 4);
	assert_int_equal(fib_parse_neigh(nlh, &m), 0);
	assert_true(m.has_mac);
	assert_memory_equal(m.mac, ZERO_MAC, 6);
	assert_memory_equal(m.dst, VTEP2, 4);
}

/* Deleting names the VTEP: the other VTEPs on the all-zero MAC stay. */
static void test_msg_flood_del(void **state)
{
	struct fib_ent e = ent(FIB_FLOOD, VXLAN_IF, VTEP2, 4);
	struct nlmsghdr *nlh;
	struct attrs t;

	(void)state;
	e.kern[0] = PRESENT;
	e.kern_len = 1;
	nlh = fib_msg_ent(buf, &e, false, false);
	assert_int_equal(nlh->nlmsg_type, RTM_DELNEIGH);
	assert_int_equal(nlh->nlmsg_flags, NLM_F_REQUEST | NLM_F_ACK);
	assert_int_equal(nd_of(nlh)->ndm_flags, NTF_SELF);
	t = attrs_of(nlh);
	assert_attr(t.tb[NDA_LLADDR], ZERO_MAC, 6);
	assert_attr(t.tb[NDA_DST], VTEP2, 4);
}

/* ---- codec: neighbours ---- */

/* zebra's remote neighbour: NOARP so the kernel never probes it, and
 * extern_learn so it neither ages nor is taken for a local host; the
 * bridge's neigh_suppress answers ARP from it. */
static void test_msg_neigh4_add(void **state)
{
	struct fib_ent e = ent(FIB_NEIGH, BRIDGE_IF, IP1, 4);
	struct nlmsghdr *nlh;
	struct attrs t;
	struct fib_nmsg m;

	(void)state;
	memcpy(e.want, MAC_A, 6);
	e.want_len = 6;
	nlh = fib_msg_ent(buf, &e, true, false);
	assert_nd(nlh, RTM_NEWNEIGH, NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_REPLACE, AF_INET, BRIDGE_IF, NUD_NOARP,
		  NTF_EXT_LEARNED);
	assert_int_equal(nd_of(nlh)->ndm_type, RTN_UNICAST);
	t = attrs_of(nlh);
	assert_int_equal(t.n, 2);
	assert_attr(t.tb[NDA_DST], IP1, 4);
	assert_attr(t.tb[NDA_LLADDR], MAC_A, 6);
	assert_int_equal(fib_parse_neigh(nlh, &m), 0);
	assert_int_equal(m.family, AF_INET);
	assert_int_equal(m.dst_len, 4);
	assert_memory_equal(m.dst, IP1, 4);
	assert_memory_equal(m.mac, MAC_A, 6);
}

/* RFC 9047's router flag becomes NTF_ROUTER, which sets the R bit in the
 * neighbour advertisements neigh_suppress sends for this IP. */
static void test_msg_neigh6_router(void **state)
{
	struct fib_ent e = ent(FIB_NEIGH, BRIDGE_IF, IP6_1, 16);
	struct nlmsghdr *nlh;
	struct fib_nmsg m;

	(void)state;
	memcpy(e.want, MAC_B, 6);
	e.want_len = 6;
	e.router = true;
	nlh = fib_msg_ent(buf, &e, true, false);
	assert_int_equal(nd_of(nlh)->ndm_family, AF_INET6);
	assert_int_equal(nd_of(nlh)->ndm_state, NUD_NOARP);
	assert_int_equal(nd_of(nlh)->ndm_flags, NTF_EXT_LEARNED | NTF_ROUTER);
	assert_attr(attrs_of(nlh).tb[NDA_DST], IP6_1, 16);
	assert_int_equal(fib_parse_neigh(nlh, &m), 0);
	assert_int_equal(m.dst_len, 16);
	assert_memory_equal(m.dst, IP6_1, 16);
	assert_int_equal(m.flags, NTF_EXT_LEARNED | NTF_ROUTER);
}

/* The kernel finds a neighbour by family, device and IP alone. */
static void test_msg_neigh_del(void **state)
{
	struct fib_ent e4 = ent(FIB_NEIGH, BRIDGE_IF, IP1, 4);
	struct fib_ent e6 = ent(FIB_NEIGH, BRIDGE_IF, IP6_1, 16);
	struct nlmsghdr *nlh;
	struct attrs t;

	(void)state;
	memcpy(e4.kern, MAC_A, 6);
	e4.kern_len = 6;
	nlh = fib_msg_ent(buf, &e4, false, false);
	assert_int_equal(nlh->nlmsg_type, RTM_DELNEIGH);
	assert_int_equal(nlh->nlmsg_flags, NLM_F_REQUEST | NLM_F_ACK);
	assert_int_equal(nd_of(nlh)->ndm_family, AF_INET);
	assert_int_equal(nd_of(nlh)->ndm_ifindex, BRIDGE_IF);
	t = attrs_of(nlh);
	assert_int_equal(t.n, 1);
	assert_attr(t.tb[NDA_DST], IP1, 4);

	nlh = fib_msg_ent(buf, &e6, false, false);
	assert_int_equal(nd_of(nlh)->ndm_family, AF_INET6);
	assert_attr(attrs_of(nlh).tb[NDA_DST], IP6_1, 16);
}

static int brport_cb(const struct nlattr *a, void *data)
{
	int *v = data;	/* [LEARNING, NEIGH_SUPPRESS, others] */

	if (mnl_attr_get_type(a) == IFLA_BRPORT_LEARNING)
		v[0] = mnl_attr_get_payload_len(a) == 1 ? mnl_attr_get_u8(a) : -2;
	else if (mnl_attr_get_type(a) == IFLA_BRPORT_NEIGH_SUPPRESS)
		v[1] = mnl_attr_get_payload_len(a) == 1 ? mnl_attr_get_u8(a) : -2;
	else
		v[2]++;
	return MNL_CB_OK;
}

/* `bridge link set dev vxlan100 learning off neigh_suppress on`: an
 * AF_BRIDGE RTM_SETLINK with the port settings nested in IFLA_PROTINFO.
 * Learning must be off on the port as well as on the device. */
static void test_msg_brport(void **state)
{
	struct nlmsghdr *nlh;
	const struct ifinfomsg *ifi;
	const struct nlattr *a, *prot = NULL;
	int v[3] = { -1, -1, 0 }, n = 0;

	(void)state;
	nlh = fib_msg_brport(buf, VXLAN_IF);
	assert_int_equal(nlh->nlmsg_type, RTM_SETLINK);
	assert_int_equal(nlh->nlmsg_flags, NLM_F_REQUEST | NLM_F_ACK);
	ifi = mnl_nlmsg_get_payload(nlh);
	assert_int_equal(ifi->ifi_family, AF_BRIDGE);
	assert_int_equal(ifi->ifi_index, VXLAN_IF);
	mnl_attr_for_each(a, nlh, sizeof(*ifi)) {
		n++;
		if (mnl_attr_get_type(a) == IFLA_PROTINFO)
			prot = a;
	}
	assert_int_equal(n, 1);
	assert_non_null(prot);
	assert_true(prot->nla_type & NLA_F_NESTED);
	assert_true(mnl_attr_parse_nested(prot, brport_cb, v) >= 0);
	assert_int_equal(v[0], 0);
	assert_int_equal(v[1], 1);
	assert_int_equal(v[2], 0);
}

/* ---- parser robustness ---- */

static struct nlmsghdr *neigh_hdr(void)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct ndmsg *nd;

	nlh->nlmsg_type = RTM_NEWNEIGH;
	nd = mnl_nlmsg_put_extra_header(nlh, sizeof(*nd));
	nd->ndm_family = AF_BRIDGE;
	nd->ndm_ifindex = VXLAN_IF;
	nd->ndm_state = NUD_REACHABLE;
	nd->ndm_flags = NTF_SELF | NTF_EXT_LEARNED;
	return nlh;
}

/* A header cut short must not be read as an ndmsg. */
static void test_parse_short(void **state)
{
	struct nlmsghdr *nlh = neigh_hdr();
	struct fib_nmsg m;

	(void)state;
	nlh->nlmsg_len = MNL_NLMSG_HDRLEN + sizeof(struct ndmsg) - 1;
	assert_int_equal(fib_parse_neigh(nlh, &m), -1);
	nlh->nlmsg_len = MNL_NLMSG_HDRLEN;
	assert_int_equal(fib_parse_neigh(nlh, &m), -1);
}

/* An attribute claiming more bytes than the message holds makes the
 * message malformed (the kernel's strict validation, NL_VALIDATE_TRAILING,
 * refuses it with -EINVAL): it must be refused whole, not half-used.
 * (Found by this test: libmnl's attribute loop stops quietly at such an
 * attribute and reports success, so the parser checks the length itself.) */
static void test_parse_attr_overrun(void **state)
{
	struct nlmsghdr *nlh = neigh_hdr();
	struct nlattr *mac;
	struct fib_nmsg m;

	(void)state;
	mnl_attr_put(nlh, NDA_DST, 4, VTEP1);
	mac = mnl_nlmsg_get_payload_tail(nlh);
	mnl_attr_put(nlh, NDA_LLADDR, 6, MAC_A);
	mac->nla_len += 8;
	assert_int_equal(fib_parse_neigh(nlh, &m), -1);
}

/* Each attribute is size-checked for its type before it is read: a wrong
 * size leaves the field unset rather than reading a partial value. */
static void test_parse_bad_sizes(void **state)
{
	struct nlmsghdr *nlh = neigh_hdr();
	struct fib_nmsg m;

	(void)state;
	mnl_attr_put(nlh, NDA_LLADDR, 4, MAC_A);
	mnl_attr_put(nlh, NDA_DST, 5, IP6_1);
	mnl_attr_put_u16(nlh, NDA_MASTER, BRIDGE_IF);
	assert_int_equal(fib_parse_neigh(nlh, &m), 0);
	assert_false(m.has_mac);
	assert_int_equal(m.dst_len, 0);
	assert_int_equal(m.master, 0);
	assert_int_equal(m.ifindex, VXLAN_IF);
	assert_int_equal(m.flags, NTF_SELF | NTF_EXT_LEARNED);
}

/* Newer kernels add attributes (NDA_VNI, NDA_PROTOCOL, NDA_FLAGS_EXT,
 * types past NDA_MAX): they must not disturb the ones read. */
static void test_parse_unknown_attrs(void **state)
{
	struct nlmsghdr *nlh = neigh_hdr();
	struct fib_nmsg m;

	(void)state;
	mnl_attr_put_u32(nlh, NDA_MAX + 7, 0xdeadbeef);
	mnl_attr_put(nlh, NDA_LLADDR, 6, MAC_B);
	mnl_attr_put_u32(nlh, NDA_VNI, 100);
	mnl_attr_put(nlh, NDA_DST, 4, VTEP2);
	mnl_attr_put_u8(nlh, NDA_PROTOCOL, 186);
	mnl_attr_put_u32(nlh, NDA_MASTER, BRIDGE_IF);
	mnl_attr_put(nlh, NDA_MAX + 20, 3, "abc");
	assert_int_equal(fib_parse_neigh(nlh, &m), 0);
	assert_true(m.has_mac);
	assert_memory_equal(m.mac, MAC_B, 6);
	assert_int_equal(m.dst_len, 4);
	assert_memory_equal(m.dst, VTEP2, 4);
	assert_int_equal(m.master, BRIDGE_IF);
	assert_int_equal(m.family, AF_BRIDGE);
	assert_int_equal(m.state, NUD_REACHABLE);
}

/* ---- table ---- */

/* FDB and flood entries are keyed by VNI too (a single vxlan device has
 * many); the tests' classic device has VNI 100. */
#define TEST_VNI 100

static struct fib_key key(enum fib_kind kind, int ifindex, const uint8_t *a, uint8_t len)
{
	struct fib_key k = { .ifindex = ifindex, .vni = kind == FIB_NEIGH ? 0 : TEST_VNI,
			     .kind = (uint8_t)kind, .len = len };

	memcpy(k.a, a, len);
	return k;
}

static struct fib_ent *find(enum fib_kind kind, int ifindex, const uint8_t *a, uint8_t len)
{
	struct fib_key k = key(kind, ifindex, a, len);

	return fib_ent_find(&k);
}

static struct fib_ent *get(enum fib_kind kind, int ifindex, const uint8_t *a, uint8_t len)
{
	struct fib_key k = key(kind, ifindex, a, len);
	struct fib_ent *e = fib_ent_get(&k);

	assert_non_null(e);
	return e;
}

/* The pump's part: every queued entry sent and acknowledged, so the
 * kernel now has what was wanted (and one wanting nothing is gone). */
static size_t pump_all(void)
{
	struct fib_ent *e;
	size_t n = 0;

	while ((e = fib_ent_take_dirty())) {
		fib_ent_kern(e, e->want, e->want_len);
		n++;
	}
	assert_int_equal(fib.st.queued, 0);
	return n;
}

/* Wanting something the kernel lacks queues the entry, once. */
static void test_table_want_queues(void **state)
{
	struct fib_ent *e = get(FIB_FDB, VXLAN_IF, MAC_A, 6);

	(void)state;
	assert_ptr_equal(get(FIB_FDB, VXLAN_IF, MAC_A, 6), e);
	assert_null(fib_ent_take_dirty());
	fib_ent_want(e, VTEP1, 4);
	fib_ent_want(e, VTEP1, 4);
	assert_true(e->dirty);
	assert_int_equal(fib.st.queued, 1);
	assert_ptr_equal(fib_ent_take_dirty(), e);
	assert_null(fib_ent_take_dirty());
	assert_int_equal(fib.st.queued, 0);
	assert_false(e->dirty);
}

/* Installed as wanted: nothing to do, but the entry is kept. */
static void test_table_installed_kept(void **state)
{
	struct fib_ent *e = get(FIB_FDB, VXLAN_IF, MAC_A, 6);

	(void)state;
	fib_ent_want(e, VTEP1, 4);
	assert_ptr_equal(fib_ent_take_dirty(), e);
	fib_ent_kern(e, VTEP1, 4);
	assert_false(e->dirty);
	assert_int_equal(fib.st.queued, 0);
	assert_ptr_equal(find(FIB_FDB, VXLAN_IF, MAC_A, 6), e);
	assert_int_equal(e->kern_len, 4);
}

/* zebra reinstalls a remote entry the kernel reports deleted (someone ran
 * `bridge fdb del`): the kernel's word that it vanished requeues it. */
static void test_table_vanished_requeued(void **state)
{
	struct fib_ent *e = get(FIB_FDB, VXLAN_IF, MAC_A, 6);

	(void)state;
	fib_ent_want(e, VTEP1, 4);
	pump_all();
	assert_false(e->dirty);
	fib_ent_kern(e, NULL, 0);
	assert_true(e->dirty);
	assert_int_equal(fib.st.queued, 1);
	assert_ptr_equal(fib_ent_take_dirty(), e);
	assert_memory_equal(e->want, VTEP1, 4);
}

/* Wanted by nothing and gone from the kernel: the entry is freed. */
static void test_table_freed_when_empty(void **state)
{
	struct fib_ent *e = get(FIB_FDB, VXLAN_IF, MAC_A, 6);

	(void)state;
	fib_ent_want(e, VTEP1, 4);
	pump_all();
	fib_ent_want(e, NULL, 0);
	assert_true(e->dirty);
	assert_ptr_equal(fib_ent_take_dirty(), e);
	assert_non_null(find(FIB_FDB, VXLAN_IF, MAC_A, 6));
	fib_ent_kern(e, NULL, 0);
	assert_null(find(FIB_FDB, VXLAN_IF, MAC_A, 6));
	assert_int_equal(fib_ent_count(FIB_FDB, false) + fib_ent_count(FIB_FDB, true), 0);
}

/* After a restart the kernel still has our (or zebra's) entries: found
 * in the start-up dump they are adopted, and nothing deletes them before
 * every peer's End-of-RIB (RFC 4724 §4.1), or the hosts behind them would
 * lose traffic for the whole resync. */
static void test_table_adopted_waits(void **state)
{
	struct fib_ent *e = get(FIB_FDB, VXLAN_IF, MAC_A, 6);

	(void)state;
	e->adopted = true;
	fib_ent_kern(e, VTEP1, 4);
	assert_false(e->dirty);
	assert_int_equal(fib.st.queued, 0);
	fib_ent_kern(e, VTEP2, 4);
	assert_false(e->dirty);

	fib.converged = true;
	fib_ent_want(e, NULL, 0);
	assert_true(e->dirty);
	assert_ptr_equal(fib_ent_take_dirty(), e);
}

/* A route for an adopted entry claims it; with the same VTEP there is
 * nothing to send, and it counts as kept across the restart. */
static void test_table_adopted_claimed(void **state)
{
	struct fib_ent *e = get(FIB_FDB, VXLAN_IF, MAC_A, 6);

	(void)state;
	e->adopted = true;
	fib_ent_kern(e, VTEP1, 4);
	fib_ent_want(e, VTEP1, 4);
	assert_false(e->adopted);
	assert_false(e->dirty);
	assert_int_equal(fib.st.resync_kept, 1);
	/* claimed, it is ours: losing its route deletes it even mid-resync */
	fib_ent_want(e, NULL, 0);
	assert_true(e->dirty);
	assert_int_equal(fib.st.resync_kept, 1);
}

static void test_table_count(void **state)
{
	struct fib_ent *a = get(FIB_FDB, VXLAN_IF, MAC_A, 6);
	struct fib_ent *b = get(FIB_FDB, VXLAN_IF, MAC_B, 6);
	struct fib_ent *f = get(FIB_FLOOD, VXLAN_IF, VTEP1, 4);

	(void)state;
	fib_ent_want(a, VTEP1, 4);
	fib_ent_want(b, VTEP2, 4);
	fib_ent_want(f, &PRESENT, 1);
	assert_int_equal(fib_ent_count(FIB_FDB, false), 2);
	assert_int_equal(fib_ent_count(FIB_FDB, true), 0);
	assert_int_equal(fib_ent_count(FIB_FLOOD, false), 1);
	assert_int_equal(fib_ent_count(FIB_NEIGH, false), 0);
	assert_int_equal(pump_all(), 3);
	fib_ent_want(b, NULL, 0);
	assert_int_equal(fib_ent_count(FIB_FDB, false), 1);
	assert_int_equal(fib_ent_count(FIB_FDB, true), 2);
	assert_int_equal(fib_ent_count(FIB_FLOOD, true), 1);
}

/* ---- program: EVPN's import results as kernel entries ---- */

static struct evpn_vni vni_bound(void)
{
	return (struct evpn_vni){ .vni = TEST_VNI, .kernel_bound = true, .kernel_up = true,
				  .vxlan_ifindex = VXLAN_IF, .bridge_ifindex = BRIDGE_IF,
				  .svi_ifindex = BRIDGE_IF };
}

static struct evpn_imp imp(const uint8_t vtep[4], const uint8_t *ip, uint8_t ip_len)
{
	struct evpn_imp i = { .vtep_len = 4, .ip_len = ip_len };

	memcpy(i.vtep, vtep, 4);
	if (ip_len)
		memcpy(i.ip, ip, ip_len);
	return i;
}

static struct evpn_mac mac_rec(const uint8_t mac[6])
{
	struct evpn_mac m = { 0 };

	memcpy(m.mac, mac, 6);
	return m;
}

/* FRR's leaf sends a MAC-only and a MAC+IP route per host; the winner is
 * followed to its VTEP, and the IPs that same VTEP advertised become
 * suppression neighbours. A stale MAC+IP route from the VTEP the MAC left
 * (RFC 7432 §15) must not. */
static void test_prog_remote_mac(void **state)
{
	struct evpn_vni v = vni_bound();
	struct evpn_mac m = mac_rec(MAC_A);
	struct evpn_imp w = imp(VTEP1, NULL, 0), ip1 = imp(VTEP1, IP1, 4),
			old = imp(VTEP2, IP2, 4);
	struct fib_ent *e, *n;

	(void)state;
	evpn_dp_set(fib_dp_ops());
	w.next = &ip1;
	ip1.next = &old;
	m.imps = &w;
	m.winner = &w;
	evpn_dp_mac(&v, &m);

	e = find(FIB_FDB, VXLAN_IF, MAC_A, 6);
	assert_non_null(e);
	assert_int_equal(e->want_len, 4);
	assert_memory_equal(e->want, VTEP1, 4);
	n = find(FIB_NEIGH, BRIDGE_IF, IP1, 4);
	assert_non_null(n);
	assert_int_equal(n->want_len, 6);
	assert_memory_equal(n->want, MAC_A, 6);
	assert_ptr_equal(n->owner, e);
	assert_null(find(FIB_NEIGH, BRIDGE_IF, IP2, 4));
	assert_int_equal(fib_ent_count(FIB_NEIGH, false), 1);
	assert_int_equal(fib.st.queued, 2);
}

/* A move to another VTEP is one REPLACE of the same entry, not a delete
 * and an add: the host keeps a path throughout. */
static void test_prog_winner_moves(void **state)
{
	struct evpn_vni v = vni_bound();
	struct evpn_mac m = mac_rec(MAC_A);
	struct evpn_imp w1 = imp(VTEP1, NULL, 0), w2 = imp(VTEP2, NULL, 0);
	struct fib_ent *e;

	(void)state;
	evpn_dp_set(fib_dp_ops());
	m.imps = &w1;
	m.winner = &w1;
	evpn_dp_mac(&v, &m);
	e = find(FIB_FDB, VXLAN_IF, MAC_A, 6);
	assert_non_null(e);
	pump_all();

	w1.next = &w2;
	m.winner = &w2;
	evpn_dp_mac(&v, &m);
	assert_ptr_equal(find(FIB_FDB, VXLAN_IF, MAC_A, 6), e);
	assert_memory_equal(e->want, VTEP2, 4);
	assert_memory_equal(e->kern, VTEP1, 4);
	assert_true(e->dirty);
	assert_int_equal(fib_ent_count(FIB_FDB, false), 1);
}

/* A MAC that moved here is reached on the local port: the remote FDB
 * entry and its neighbours must go, or the bridge would keep sending the
 * host's traffic into the tunnel. */
static void test_prog_local_clears(void **state)
{
	struct evpn_vni v = vni_bound();
	struct evpn_mac m = mac_rec(MAC_A);
	struct evpn_imp w = imp(VTEP1, IP1, 4);
	struct fib_ent *e, *n;

	(void)state;
	evpn_dp_set(fib_dp_ops());
	m.imps = &w;
	m.winner = &w;
	evpn_dp_mac(&v, &m);
	assert_int_equal(pump_all(), 2);
	e = find(FIB_FDB, VXLAN_IF, MAC_A, 6);
	n = find(FIB_NEIGH, BRIDGE_IF, IP1, 4);
	assert_non_null(e);
	assert_non_null(n);

	m.local = true;
	evpn_dp_mac(&v, &m);
	assert_int_equal(e->want_len, 0);
	assert_int_equal(n->want_len, 0);
	assert_null(e->children);
	assert_null(n->owner);
	assert_int_equal(fib.st.queued, 2);
	assert_int_equal(pump_all(), 2);
	assert_null(find(FIB_FDB, VXLAN_IF, MAC_A, 6));
	assert_null(find(FIB_NEIGH, BRIDGE_IF, IP1, 4));
}

/* An IP that moved to another MAC (a VM replaced behind the same
 * address): the neighbour follows the newer claim, and the old MAC
 * dropping the IP later must not delete what the new one installed. */
static void test_prog_ip_moves_mac(void **state)
{
	struct evpn_vni v = vni_bound();
	struct evpn_mac a = mac_rec(MAC_A), b = mac_rec(MAC_B);
	struct evpn_imp ia = imp(VTEP1, IP1, 4), ib = imp(VTEP2, IP1, 4),
			ia_maconly = imp(VTEP1, NULL, 0);
	struct fib_ent *n, *fa, *fb;

	(void)state;
	evpn_dp_set(fib_dp_ops());
	a.imps = a.winner = &ia;
	evpn_dp_mac(&v, &a);
	pump_all();
	b.imps = b.winner = &ib;
	evpn_dp_mac(&v, &b);

	n = find(FIB_NEIGH, BRIDGE_IF, IP1, 4);
	fa = find(FIB_FDB, VXLAN_IF, MAC_A, 6);
	fb = find(FIB_FDB, VXLAN_IF, MAC_B, 6);
	assert_non_null(n);
	assert_memory_equal(n->want, MAC_B, 6);
	assert_ptr_equal(n->owner, fb);
	assert_null(fa->children);

	a.imps = a.winner = &ia_maconly;
	evpn_dp_mac(&v, &a);
	assert_ptr_equal(find(FIB_NEIGH, BRIDGE_IF, IP1, 4), n);
	assert_int_equal(n->want_len, 6);
	assert_memory_equal(n->want, MAC_B, 6);
	assert_memory_equal(fa->want, VTEP1, 4);
}

/* RFC 9047: the router flag of an IPv6 MAC+IP route sets the R bit in the
 * NAs neigh_suppress sends. zebra reinstalls a remote neighbour whose
 * router flag changed with the MAC unchanged
 * (zebra_evpn_neigh_remote_macip_add: is_router != ROUTER_FLAG).
 * (Found by this test: the table once compared the MAC alone, so the
 * kernel kept the old NTF_ROUTER.) */
static void test_prog_router_flag_change(void **state)
{
	struct evpn_vni v = vni_bound();
	struct evpn_mac m = mac_rec(MAC_A);
	struct evpn_imp w = imp(VTEP1, NULL, 0), ip6 = imp(VTEP1, IP6_1, 16);
	struct fib_ent *n;

	(void)state;
	evpn_dp_set(fib_dp_ops());
	w.next = &ip6;
	m.imps = m.winner = &w;
	evpn_dp_mac(&v, &m);
	pump_all();
	n = find(FIB_NEIGH, BRIDGE_IF, IP6_1, 16);
	assert_non_null(n);
	assert_false(n->router);

	ip6.router = true;
	evpn_dp_mac(&v, &m);
	assert_true(n->router);
	assert_true(n->dirty);
}

/* Two type-3 routes (one per RD, as a leaf in two EVIs or mid-RD-change)
 * may name one VTEP; the kernel has one flood entry for it, which stays
 * until the last route naming it goes. */
static void test_prog_flood_shared_vtep(void **state)
{
	struct evpn_vni v = vni_bound();
	struct evpn_vtep t1 = { .len = 4 }, t2 = { .len = 4 };
	struct fib_ent *e;

	(void)state;
	evpn_dp_set(fib_dp_ops());
	memcpy(t1.ip, VTEP1, 4);
	memcpy(t2.ip, VTEP1, 4);
	v.vteps = &t1;
	evpn_dp_flood(&v, &t1, true);
	t1.next = &t2;
	evpn_dp_flood(&v, &t2, true);
	e = find(FIB_FLOOD, VXLAN_IF, VTEP1, 4);
	assert_non_null(e);
	assert_int_equal(e->want_len, 1);
	assert_int_equal(pump_all(), 1);

	/* import.c unlinks after telling us: t1 is still listed */
	evpn_dp_flood(&v, &t1, false);
	assert_int_equal(e->want_len, 1);
	assert_false(e->dirty);
	v.vteps = &t2;
	evpn_dp_flood(&v, &t2, false);
	assert_int_equal(e->want_len, 0);
	assert_true(e->dirty);
	assert_int_equal(pump_all(), 1);
	assert_null(find(FIB_FLOOD, VXLAN_IF, VTEP1, 4));
}

/* A control-plane-only VNI (no vxlan device found) has no kernel tables
 * to program. */
static void test_prog_not_bound(void **state)
{
	struct evpn_vni v = vni_bound();
	struct evpn_mac m = mac_rec(MAC_A);
	struct evpn_imp w = imp(VTEP1, IP1, 4);
	struct evpn_vtep t = { .len = 4 };

	(void)state;
	evpn_dp_set(fib_dp_ops());
	v.kernel_bound = false;
	memcpy(t.ip, VTEP1, 4);
	v.vteps = &t;
	m.imps = m.winner = &w;
	evpn_dp_mac(&v, &m);
	evpn_dp_flood(&v, &t, true);
	assert_null(find(FIB_FDB, VXLAN_IF, MAC_A, 6));
	assert_null(find(FIB_NEIGH, BRIDGE_IF, IP1, 4));
	assert_null(find(FIB_FLOOD, VXLAN_IF, VTEP1, 4));
	assert_int_equal(fib.st.queued, 0);
}

/* A failed request's log line names what it was for in its own terms: a
 * flood entry's key is a VTEP address (it once printed as a MAC). */
static void test_key_str(void **state)
{
	struct fib_key fdb = { .kind = FIB_FDB, .len = 6 }, flood = { .kind = FIB_FLOOD, .len = 4 },
		       nb6 = { .kind = FIB_NEIGH, .len = 16 };
	char text[96];

	(void)state;
	memcpy(fdb.a, MAC_A, 6);
	memcpy(flood.a, VTEP1, 4);
	memcpy(nb6.a, IP6_1, 16);
	assert_string_equal(fib_key_str(&fdb, text, sizeof(text)), "FDB entry 02:10:00:00:00:01");
	assert_string_equal(fib_key_str(&flood, text, sizeof(text)),
			    "flood entry to VTEP 10.255.0.11");
	assert_string_equal(fib_key_str(&nb6, text, sizeof(text)), "neighbour fd00:100::1");
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_msg_fdb_add),
		T(test_msg_fdb_add_master),
		T(test_msg_fdb_add_unbridged),
		T(test_msg_fdb_del_self),
		T(test_msg_fdb_del_master),
		T(test_msg_flood_add),
		T(test_msg_flood_del),
		T(test_msg_neigh4_add),
		T(test_msg_neigh6_router),
		T(test_msg_neigh_del),
		T(test_msg_brport),
		T(test_parse_short),
		T(test_parse_attr_overrun),
		T(test_parse_bad_sizes),
		T(test_parse_unknown_attrs),
		T(test_table_want_queues),
		T(test_table_installed_kept),
		T(test_table_vanished_requeued),
		T(test_table_freed_when_empty),
		T(test_table_adopted_waits),
		T(test_table_adopted_claimed),
		T(test_table_count),
		T(test_key_str),
		T(test_prog_remote_mac),
		T(test_prog_winner_moves),
		T(test_prog_local_clears),
		T(test_prog_ip_moves_mac),
		T(test_prog_router_flag_change),
		T(test_prog_flood_shared_vtep),
		T(test_prog_not_bound),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
