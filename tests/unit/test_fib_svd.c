/* The single-VXLAN-device layout in fib/, without a kernel: one vxlan
 * device with `external vnifilter` in a VLAN-aware bridge, whose VLANs map
 * to VNIs (`bridge vlan add dev vxlan0 vid 10 tunnel_info id 100`), and
 * per-VLAN SVIs (802.1Q devices on the bridge). The maps come as the
 * kernel reports them: IFLA_BRIDGE_VLAN_TUNNEL_INFO under IFLA_AF_SPEC of
 * an AF_BRIDGE link message, runs compressed into RANGE_BEGIN/RANGE_END
 * pairs. The requests are checked against zebra's for this layout (FRR
 * 9+, zebra/rt_netlink.c netlink_neigh_update_msg_encode): a remote MAC
 * names its VLAN (NDA_VLAN, the bridge entry) and its VNI (NDA_SRC_VNI,
 * the vxlan entry); a flood entry names the VNI. And a classic device in
 * its own bridge keeps working beside it. */
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

#include "fib/internal.h"

#define BR0 21
#define VX0 22
#define SVI10 23
#define PORT 24
#define BR100 31
#define VX100 32
#define PORT100 33

static const uint8_t MAC_A[6] = { 0x02, 0x10, 0x00, 0x00, 0x00, 0x01 };
static const uint8_t VTEP1[4] = { 10, 255, 0, 11 };
static const uint8_t OUR_VTEP[4] = { 10, 255, 0, 12 };
static const uint8_t IP1[4] = { 192, 168, 10, 5 };

static uint32_t buf[1024];

/* ---- the producer's side: what it was told ---- */

#define MAX_SEEN 16
static struct seen {
	uint32_t vni;
	bool gone;
	uint16_t vlan;
	int svi, bridge, vxlan;
} seen[MAX_SEEN];
static int n_seen;
static struct {
	uint32_t vni;
	uint8_t mac[6];
	int port, n;
} mac_seen;
static struct {
	uint32_t vni;
	int n;
} ip_seen;

static enum fib_dp_use sink_vni(uint32_t vni, const struct fib_dp_vni *v)
{
	if (n_seen < MAX_SEEN)
		seen[n_seen++] = (struct seen){ .vni = vni, .gone = !v,
						.vlan = v ? v->vlan : 0,
						.svi = v ? v->svi_ifindex : 0,
						.bridge = v ? v->bridge_ifindex : 0,
						.vxlan = v ? v->vxlan_ifindex : 0 };
	return v && v->up ? FIB_DP_LIVE : FIB_DP_BOUND;
}

static int sink_mac(uint32_t vni, const uint8_t mac[6], int port, bool sticky)
{
	(void)sticky;
	mac_seen.vni = vni;
	memcpy(mac_seen.mac, mac, 6);
	mac_seen.port = port;
	mac_seen.n++;
	return 1;
}

static int sink_mac_gone(uint32_t vni, const uint8_t mac[6])
{
	(void)vni, (void)mac;
	return -1;
}

static int sink_ip(uint32_t vni, const uint8_t mac[6], const uint8_t *ip, uint8_t len)
{
	(void)mac, (void)ip, (void)len;
	ip_seen.vni = vni;
	ip_seen.n++;
	return 0;
}

static const struct fib_dp_events sink = {
	.vni = sink_vni, .local_mac = sink_mac, .local_mac_gone = sink_mac_gone,
	.local_ip = sink_ip, .local_ip_gone = sink_ip,
};

/* The last report about a VNI, or NULL. */
static const struct seen *last_seen(uint32_t vni)
{
	for (int i = n_seen - 1; i >= 0; i--)
		if (seen[i].vni == vni)
			return &seen[i];
	return NULL;
}

static int setup(void **state)
{
	(void)state;
	memset(buf, 0, sizeof(buf));
	memset(seen, 0, sizeof(seen));
	memset(&mac_seen, 0, sizeof(mac_seen));
	memset(&ip_seen, 0, sizeof(ip_seen));
	n_seen = 0;
	fib_set_events(&sink);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	fib_set_events(NULL);
	fib_ent_free_all();
	fib_link_free_all();
	memset(&fib.st, 0, sizeof(fib.st));
	return 0;
}

/* ---- links and maps as the kernel reports them ---- */

struct link_spec {
	int ifindex, master, parent;
	const char *name, *kind;
	uint32_t vni;		/* vxlan */
	bool vnifilter;
	uint16_t vlan_id;	/* vlan */
};

static void link_msg(const struct link_spec *s, uint16_t type)
{
	uint32_t lbuf[256];
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(lbuf);
	struct ifinfomsg *ifi;
	struct nlattr *info, *data;

	nlh->nlmsg_type = type;
	ifi = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifi));
	ifi->ifi_family = AF_UNSPEC;
	ifi->ifi_index = s->ifindex;
	ifi->ifi_flags = IFF_UP;
	mnl_attr_put_strz(nlh, IFLA_IFNAME, s->name);
	if (s->master)
		mnl_attr_put_u32(nlh, IFLA_MASTER, (uint32_t)s->master);
	if (s->parent)
		mnl_attr_put_u32(nlh, IFLA_LINK, (uint32_t)s->parent);
	info = mnl_attr_nest_start(nlh, IFLA_LINKINFO);
	mnl_attr_put_strz(nlh, IFLA_INFO_KIND, s->kind);
	if (!strcmp(s->kind, "vxlan")) {
		data = mnl_attr_nest_start(nlh, IFLA_INFO_DATA);
		mnl_attr_put_u32(nlh, IFLA_VXLAN_ID, s->vni);
		mnl_attr_put(nlh, IFLA_VXLAN_LOCAL, 4, OUR_VTEP);
		mnl_attr_put_u8(nlh, IFLA_VXLAN_LEARNING, 0);
		if (s->vnifilter)
			mnl_attr_put_u8(nlh, IFLA_VXLAN_VNIFILTER, 1);
		mnl_attr_nest_end(nlh, data);
	} else if (!strcmp(s->kind, "vlan")) {
		data = mnl_attr_nest_start(nlh, IFLA_INFO_DATA);
		mnl_attr_put_u16(nlh, IFLA_VLAN_ID, s->vlan_id);
		mnl_attr_nest_end(nlh, data);
	}
	mnl_attr_nest_end(nlh, info);
	fib_link_msg(nlh);
}

static const struct link_spec br0 = { .ifindex = BR0, .name = "br0", .kind = "bridge" },
	vx0 = { .ifindex = VX0, .master = BR0, .name = "vxlan0", .kind = "vxlan", .vnifilter = true },
	svi10 = { .ifindex = SVI10, .parent = BR0, .name = "vlan10", .kind = "vlan", .vlan_id = 10 },
	port = { .ifindex = PORT, .master = BR0, .name = "veth1", .kind = "veth" },
	br100 = { .ifindex = BR100, .name = "br100", .kind = "bridge" },
	vx100 = { .ifindex = VX100, .master = BR100, .name = "vxlan100", .kind = "vxlan", .vni = 100 },
	port100 = { .ifindex = PORT100, .master = BR100, .name = "veth100", .kind = "veth" };

struct tinfo {
	uint32_t vni;
	uint16_t vid, flags;
};

/* An AF_BRIDGE RTM_NEWLINK for vxlan0 with these maps (n < 0: no
 * IFLA_AF_SPEC at all). */
static void maps_msg(const struct tinfo *t, int n)
{
	uint32_t lbuf[512];
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(lbuf);
	struct ifinfomsg *ifi;
	struct nlattr *spec, *ti;

	nlh->nlmsg_type = RTM_NEWLINK;
	ifi = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifi));
	ifi->ifi_family = AF_BRIDGE;
	ifi->ifi_index = VX0;
	mnl_attr_put_u32(nlh, IFLA_MASTER, BR0);
	if (n >= 0) {
		spec = mnl_attr_nest_start(nlh, IFLA_AF_SPEC);
		for (int i = 0; i < n; i++) {
			ti = mnl_attr_nest_start(nlh, IFLA_BRIDGE_VLAN_TUNNEL_INFO);
			mnl_attr_put_u32(nlh, IFLA_BRIDGE_VLAN_TUNNEL_ID, t[i].vni);
			mnl_attr_put_u16(nlh, IFLA_BRIDGE_VLAN_TUNNEL_VID, t[i].vid);
			if (t[i].flags)
				mnl_attr_put_u16(nlh, IFLA_BRIDGE_VLAN_TUNNEL_FLAGS, t[i].flags);
			mnl_attr_nest_end(nlh, ti);
		}
		mnl_attr_nest_end(nlh, spec);
	}
	fib_link_msg(nlh);
}

/* VLAN 10 → VNI 100 alone, VLANs 20–22 → VNIs 200–202 as one range. */
static const struct tinfo four_maps[] = {
	{ 100, 10, 0 },
	{ 200, 20, BRIDGE_VLAN_INFO_RANGE_BEGIN },
	{ 202, 22, BRIDGE_VLAN_INFO_RANGE_END },
};

static void svd_up(void)
{
	link_msg(&br0, RTM_NEWLINK);
	link_msg(&svi10, RTM_NEWLINK);
	link_msg(&port, RTM_NEWLINK);
	link_msg(&vx0, RTM_NEWLINK);
	maps_msg(four_maps, 3);
}

/* ---- discovery ---- */

/* Each map is a VNI: its VLAN, the bridge, and the VLAN's SVI if there is
 * one; a single device's own VNI (0) is none. */
static void test_svd_maps_are_vnis(void **state)
{
	const struct fib_link *l;
	const struct seen *s;

	(void)state;
	svd_up();
	l = fib_link_find(VX0);
	assert_non_null(l);
	assert_true(l->vnifilter);
	assert_int_equal(l->n_maps, 4);
	assert_null(last_seen(0));
	s = last_seen(100);
	assert_non_null(s);
	assert_false(s->gone);
	assert_int_equal(s->vlan, 10);
	assert_int_equal(s->svi, SVI10);
	assert_int_equal(s->bridge, BR0);
	assert_int_equal(s->vxlan, VX0);
	for (uint32_t vni = 200; vni <= 202; vni++) {
		s = last_seen(vni);
		assert_non_null(s);
		assert_int_equal(s->vlan, 20 + vni - 200);
		assert_int_equal(s->svi, 0);
	}
	assert_null(last_seen(203));
}

/* A VNI goes with its map; the others stay without being told gone. */
static void test_svd_map_removed(void **state)
{
	(void)state;
	svd_up();
	maps_msg(four_maps, 1);
	assert_int_equal(fib_link_find(VX0)->n_maps, 1);
	for (uint32_t vni = 200; vni <= 202; vni++) {
		assert_non_null(last_seen(vni));
		assert_true(last_seen(vni)->gone);
	}
	assert_false(last_seen(100)->gone);
	/* the port leaves the bridge: every VNI goes */
	{
		uint32_t lbuf[64];
		struct nlmsghdr *nlh = mnl_nlmsg_put_header(lbuf);
		struct ifinfomsg *ifi;

		nlh->nlmsg_type = RTM_DELLINK;
		ifi = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifi));
		ifi->ifi_family = AF_BRIDGE;
		ifi->ifi_index = VX0;
		fib_link_msg(nlh);
	}
	assert_true(last_seen(100)->gone);
	assert_int_equal(fib_link_find(VX0)->n_maps, 0);
}

/* A message without maps says nothing about them; a range that never
 * ends is malformed: both leave the maps as they were. */
static void test_svd_maps_kept(void **state)
{
	static const struct tinfo open_range[] = { { 300, 30, BRIDGE_VLAN_INFO_RANGE_BEGIN } };
	static const struct tinfo bad_range[] = {
		{ 300, 30, BRIDGE_VLAN_INFO_RANGE_BEGIN },
		{ 305, 32, BRIDGE_VLAN_INFO_RANGE_END },	/* 3 VNIs for 3 VLANs? no: 6 */
	};
	int before;

	(void)state;
	svd_up();
	before = n_seen;
	maps_msg(NULL, -1);
	maps_msg(open_range, 1);
	maps_msg(bad_range, 2);
	assert_int_equal(fib_link_find(VX0)->n_maps, 4);
	assert_int_equal(n_seen, before);
	assert_null(last_seen(300));
}

/* An SVI made after the maps is found: the VNI is told again with it. */
static void test_svd_svi_later(void **state)
{
	static const struct link_spec svi20 = { .ifindex = 25, .parent = BR0, .name = "vlan20",
						.kind = "vlan", .vlan_id = 20 };

	(void)state;
	svd_up();
	assert_int_equal(last_seen(200)->svi, 0);
	link_msg(&svi20, RTM_NEWLINK);
	assert_int_equal(last_seen(200)->svi, 25);
	link_msg(&svi20, RTM_DELLINK);
	assert_int_equal(last_seen(200)->svi, 0);
	assert_false(last_seen(200)->gone);
}

/* ---- requests ---- */

struct attrs {
	const struct nlattr *tb[NDA_MAX + 1];
};

static int attr_cb(const struct nlattr *a, void *data)
{
	struct attrs *t = data;

	if (mnl_attr_get_type(a) <= NDA_MAX)
		t->tb[mnl_attr_get_type(a)] = a;
	return MNL_CB_OK;
}

static struct attrs attrs_of(const struct nlmsghdr *nlh)
{
	struct attrs t = { 0 };

	assert_true(mnl_attr_parse(nlh, sizeof(struct ndmsg), attr_cb, &t) >= 0);
	return t;
}

static uint8_t ntf_of(const struct nlmsghdr *nlh)
{
	return ((const struct ndmsg *)mnl_nlmsg_get_payload(nlh))->ndm_flags;
}

static struct fib_ent svd_ent(enum fib_kind kind, const uint8_t *a, uint8_t len)
{
	struct fib_ent e = { .k = { .ifindex = VX0, .vni = 100, .kind = (uint8_t)kind, .len = len } };

	memcpy(e.k.a, a, len);
	return e;
}

/* zebra's SVD remote MAC: one message, the bridge entry in VLAN 10 and
 * the vxlan entry in VNI 100 (NDA_SRC_VNI; NDA_VNI would not forward). */
static void test_svd_msg_mac(void **state)
{
	struct fib_ent e = svd_ent(FIB_FDB, MAC_A, 6);
	struct nlmsghdr *nlh;
	struct attrs t;
	struct fib_nmsg m;

	(void)state;
	svd_up();
	memcpy(e.want, VTEP1, 4);
	e.want_len = 4;
	nlh = fib_msg_ent(buf, &e, true, false);
	assert_int_equal(ntf_of(nlh), NTF_SELF | NTF_MASTER | NTF_EXT_LEARNED);
	t = attrs_of(nlh);
	assert_int_equal(mnl_attr_get_u16(t.tb[NDA_VLAN]), 10);
	assert_int_equal(mnl_attr_get_u32(t.tb[NDA_SRC_VNI]), 100);
	assert_int_equal(mnl_attr_get_u32(t.tb[NDA_MASTER]), BR0);
	assert_null(t.tb[NDA_VNI]);
	assert_int_equal(fib_parse_neigh(nlh, &m), 0);
	assert_int_equal(m.vid, 10);
	assert_int_equal(m.src_vni, 100);

	/* the two deletes: the vxlan entry by VNI and VTEP, the bridge's by VLAN */
	memcpy(e.kern, VTEP1, 4);
	e.kern_len = 4;
	t = attrs_of(nlh = fib_msg_ent(buf, &e, false, false));
	assert_int_equal(ntf_of(nlh), NTF_SELF);
	assert_int_equal(mnl_attr_get_u32(t.tb[NDA_SRC_VNI]), 100);
	assert_null(t.tb[NDA_VLAN]);
	t = attrs_of(nlh = fib_msg_ent(buf, &e, false, true));
	assert_int_equal(ntf_of(nlh), NTF_MASTER);
	assert_int_equal(mnl_attr_get_u16(t.tb[NDA_VLAN]), 10);
	assert_null(t.tb[NDA_SRC_VNI]);
}

static void test_svd_msg_flood(void **state)
{
	struct fib_ent e = svd_ent(FIB_FLOOD, VTEP1, 4);
	struct attrs t;

	(void)state;
	svd_up();
	e.want[0] = 1;
	e.want_len = 1;
	t = attrs_of(fib_msg_ent(buf, &e, true, false));
	assert_int_equal(mnl_attr_get_u32(t.tb[NDA_SRC_VNI]), 100);
	assert_null(t.tb[NDA_VLAN]);
	t = attrs_of(fib_msg_ent(buf, &e, false, false));
	assert_int_equal(mnl_attr_get_u32(t.tb[NDA_SRC_VNI]), 100);
}

/* A classic device's requests name neither. */
static void test_classic_msg_plain(void **state)
{
	struct fib_ent e = { .k = { .ifindex = VX100, .vni = 100, .kind = FIB_FDB, .len = 6 } };
	struct attrs t;

	(void)state;
	link_msg(&br100, RTM_NEWLINK);
	link_msg(&vx100, RTM_NEWLINK);
	memcpy(e.k.a, MAC_A, 6);
	memcpy(e.want, VTEP1, 4);
	e.want_len = 4;
	t = attrs_of(fib_msg_ent(buf, &e, true, false));
	assert_null(t.tb[NDA_VLAN]);
	assert_null(t.tb[NDA_SRC_VNI]);
}

/* The same MAC in two VNIs of one device is two entries. */
static void test_svd_program_per_vni(void **state)
{
	struct fib_dp_mac m = { .vxlan_ifindex = VX0, .vni = 100, .vtep_len = 4 };
	struct fib_key k = { .ifindex = VX0, .vni = 100, .kind = FIB_FDB, .len = 6 };

	(void)state;
	svd_up();
	memcpy(m.mac, MAC_A, 6);
	memcpy(m.vtep, VTEP1, 4);
	fib_dp_ops()->mac(&m);
	m.vni = 200;
	fib_dp_ops()->mac(&m);
	memcpy(k.a, MAC_A, 6);
	assert_non_null(fib_ent_find(&k));
	k.vni = 200;
	assert_non_null(fib_ent_find(&k));
	assert_int_equal(fib_ent_count(FIB_FDB, false), 2);
}

/* ---- the kernel's reports ---- */

static void neigh_event(uint16_t type, uint8_t family, int ifindex, uint8_t ntf, uint16_t state,
			const uint8_t *lladdr, const uint8_t *dst, uint8_t dst_len, uint16_t vid,
			uint32_t src_vni, int master)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct ndmsg *nd;
	struct fib_nmsg m;

	nlh->nlmsg_type = type;
	nd = mnl_nlmsg_put_extra_header(nlh, sizeof(*nd));
	nd->ndm_family = family;
	nd->ndm_ifindex = ifindex;
	nd->ndm_flags = ntf;
	nd->ndm_state = state;
	if (lladdr)
		mnl_attr_put(nlh, NDA_LLADDR, 6, lladdr);
	if (dst_len)
		mnl_attr_put(nlh, NDA_DST, dst_len, dst);
	if (vid)
		mnl_attr_put_u16(nlh, NDA_VLAN, vid);
	if (src_vni)
		mnl_attr_put_u32(nlh, NDA_SRC_VNI, src_vni);
	if (master)
		mnl_attr_put_u32(nlh, NDA_MASTER, (uint32_t)master);
	assert_int_equal(fib_parse_neigh(nlh, &m), 0);
	fib_program_event(&m, true);
	fib_learn_event(&m);
}

/* A host's MAC is in the VNI its VLAN maps to; an unmapped VLAN is no
 * VNI's. */
static void test_svd_learn_mac(void **state)
{
	(void)state;
	svd_up();
	neigh_event(RTM_NEWNEIGH, AF_BRIDGE, PORT, NTF_MASTER, NUD_REACHABLE, MAC_A, NULL, 0, 21, 0,
		    BR0);
	assert_int_equal(mac_seen.n, 1);
	assert_int_equal(mac_seen.vni, 201);
	assert_int_equal(mac_seen.port, PORT);
	neigh_event(RTM_NEWNEIGH, AF_BRIDGE, PORT, NTF_MASTER, NUD_REACHABLE, MAC_A, NULL, 0, 30, 0,
		    BR0);
	assert_int_equal(mac_seen.n, 1);
}

/* A host's IP resolved on VLAN 10's SVI is VNI 100's. */
static void test_svd_learn_ip(void **state)
{
	(void)state;
	svd_up();
	neigh_event(RTM_NEWNEIGH, AF_INET, SVI10, 0, NUD_REACHABLE, MAC_A, IP1, 4, 0, 0, 0);
	assert_int_equal(ip_seen.n, 1);
	assert_int_equal(ip_seen.vni, 100);
}

/* After a restart an entry like ours on the single device is adopted in
 * the VNI it names. */
static void test_svd_adopt(void **state)
{
	struct fib_key k = { .ifindex = VX0, .vni = 200, .kind = FIB_FDB, .len = 6 };
	struct fib_ent *e;

	(void)state;
	svd_up();
	neigh_event(RTM_NEWNEIGH, AF_BRIDGE, VX0, NTF_SELF | NTF_EXT_LEARNED, NUD_REACHABLE, MAC_A,
		    VTEP1, 4, 0, 200, 0);
	memcpy(k.a, MAC_A, 6);
	e = fib_ent_find(&k);
	assert_non_null(e);
	assert_true(e->adopted);
	assert_int_equal(e->kern_len, 4);
	/* an unmapped VNI is not ours to adopt */
	k.vni = 999;
	neigh_event(RTM_NEWNEIGH, AF_BRIDGE, VX0, NTF_SELF | NTF_EXT_LEARNED, NUD_REACHABLE, MAC_A,
		    VTEP1, 4, 0, 999, 0);
	assert_null(fib_ent_find(&k));
}

/* Both layouts on one leaf: each bridge's hosts go to its own VNI. */
static void test_layouts_coexist(void **state)
{
	(void)state;
	svd_up();
	link_msg(&br100, RTM_NEWLINK);
	link_msg(&port100, RTM_NEWLINK);
	link_msg(&vx100, RTM_NEWLINK);
	maps_msg((const struct tinfo[]){ { 500, 50, 0 } }, 1);
	assert_non_null(last_seen(100));
	assert_int_equal(last_seen(100)->vxlan, VX100);	/* told last: the classic one */
	assert_int_equal(last_seen(500)->vlan, 50);
	neigh_event(RTM_NEWNEIGH, AF_BRIDGE, PORT100, NTF_MASTER, NUD_REACHABLE, MAC_A, NULL, 0, 0,
		    0, BR100);
	assert_int_equal(mac_seen.vni, 100);
	neigh_event(RTM_NEWNEIGH, AF_BRIDGE, PORT, NTF_MASTER, NUD_REACHABLE, MAC_A, NULL, 0, 50, 0,
		    BR0);
	assert_int_equal(mac_seen.vni, 500);
	assert_int_equal(mac_seen.n, 2);
}

/* A MAC learned on an 802.1Q sub-interface of a trunk (the classic layout
 * with VLANs: eth1.100 in br100) is a host like any other. */
static void test_classic_vlan_port(void **state)
{
	static const struct link_spec sub = { .ifindex = 34, .master = BR100, .parent = 35,
					      .name = "eth1.100", .kind = "vlan", .vlan_id = 100 };

	(void)state;
	link_msg(&br100, RTM_NEWLINK);
	link_msg(&vx100, RTM_NEWLINK);
	link_msg(&sub, RTM_NEWLINK);
	neigh_event(RTM_NEWNEIGH, AF_BRIDGE, 34, NTF_MASTER, NUD_REACHABLE, MAC_A, NULL, 0, 0, 0,
		    BR100);
	assert_int_equal(mac_seen.n, 1);
	assert_int_equal(mac_seen.vni, 100);
	assert_int_equal(mac_seen.port, 34);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_svd_maps_are_vnis, setup, teardown),
		cmocka_unit_test_setup_teardown(test_svd_map_removed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_svd_maps_kept, setup, teardown),
		cmocka_unit_test_setup_teardown(test_svd_svi_later, setup, teardown),
		cmocka_unit_test_setup_teardown(test_svd_msg_mac, setup, teardown),
		cmocka_unit_test_setup_teardown(test_svd_msg_flood, setup, teardown),
		cmocka_unit_test_setup_teardown(test_classic_msg_plain, setup, teardown),
		cmocka_unit_test_setup_teardown(test_svd_program_per_vni, setup, teardown),
		cmocka_unit_test_setup_teardown(test_svd_learn_mac, setup, teardown),
		cmocka_unit_test_setup_teardown(test_svd_learn_ip, setup, teardown),
		cmocka_unit_test_setup_teardown(test_svd_adopt, setup, teardown),
		cmocka_unit_test_setup_teardown(test_layouts_coexist, setup, teardown),
		cmocka_unit_test_setup_teardown(test_classic_vlan_port, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
