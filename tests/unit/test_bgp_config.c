/* bgpd/config.c, with the modules wired as the daemon wires them:
 * configured neighbors show in operational state (with BGP port 0, evpnd
 * --bgp-port 0, no socket is ever opened and every neighbor stays in Idle,
 * RFC 4271 section 8.2.2, the state before ManualStart), and identifiers
 * that cannot be are refused. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "bgpd/bgp.h"
#include "bgpd/bgpd.h"
#include "cli/edit.h"
#include "daemon/evpnd.h"
#include "daemon/modules.h"
#include "evpn/evpn.h"
#include "fib/fib.h"

/* The daemon's modules on a loop and datastore of their own, BGP port 0
 * (listed out of order: the wiring sorts them). */
static void daemon_up(struct evpnd *d)
{
	struct strbuf err = STRBUF_INIT;
	const struct module *mods[] = { &evpn_module, &bgp_module, &fib_module, system_module(d) };

	d->loop = ev_loop_new(EVFLAG_AUTO);
	d->ds = ds_new(&err);
	assert_non_null(d->ds);
	struct module_ctx ctx = { .loop = d->loop, .ds = d->ds, .bgp_port = 0 };
	if (modules_start(mods, 4, &ctx, &err) < 0)
		fail_msg("%s", err.buf);
	sb_free(&err);
}

static void daemon_down(struct evpnd *d)
{
	modules_stop();
	ds_free(d->ds);
	ev_loop_destroy(d->loop);
}

static void test_neighbor_state_idle_without_port(void **state)
{
	(void)state;
	struct strbuf err = STRBUF_INIT;
	struct evpnd d = { .name = "", .bgp_port = 0 };
	struct lyd_node *tree = NULL, *out = NULL;
	struct ly_set *set = NULL;
	bool changed;

	daemon_up(&d);
	assert_int_equal(cli_parse_config(ds_ctx(d.ds),
					  "router bgp 4200000001\n"
					  " bgp router-id 10.0.0.9\n"
					  " neighbor 10.0.0.1 remote-as internal\n"
					  " neighbor 10.0.0.2 remote-as 65001\n"
					  " address-family l2vpn evpn\n  vni 10\n",
					  "t", &tree, &err),
			 0);
	assert_int_equal(ds_commit(d.ds, &tree, &changed, &err), 0);
	assert_int_equal(ds_get_state(d.ds, "/", &out, &err), 0);
	assert_int_equal(lyd_find_xpath(out, "/evpnd-bgp:bgp/neighbors/neighbor/state/session-state",
					 &set),
			 LY_SUCCESS);
	assert_int_equal(set->count, 2);
	assert_string_equal(lyd_get_value(set->dnodes[0]), "idle");
	assert_string_equal(lyd_get_value(set->dnodes[1]), "idle");
	ly_set_free(set, NULL);
	/* auto RT from a 4-octet AS: its low 16 bits, as FRR does */
	assert_int_equal(lyd_find_xpath(out,
					 "/evpnd-bgp:bgp/evpnd-evpn:l2vpn-evpn/vni-state[vni='10']/import-rt",
					 &set),
			 LY_SUCCESS);
	assert_int_equal(set->count, 1);
	assert_string_equal(lyd_get_value(set->dnodes[0]), "59905:10");
	ly_set_free(set, NULL);
	lyd_free_all(out);
	daemon_down(&d);
	sb_free(&err);
}

/* A router ID no BGP Identifier can be, and a route target that names no
 * one, are refused at validate time with their path, and nothing changes
 * (0.0.0.0 was once taken, after which every neighbor stayed Idle without
 * a word). */
static void expect_refused(struct ds *ds, const char *text, const char *want)
{
	struct strbuf err = STRBUF_INIT;
	struct lyd_node *tree = NULL;
	bool changed = true;
	uint64_t version = ds_version(ds);

	if (cli_parse_config(ds_ctx(ds), text, "t", &tree, &err) < 0)
		fail_msg("parse: %s", err.buf);
	assert_int_equal(ds_commit(ds, &tree, &changed, &err), -1);
	assert_false(changed);
	assert_int_equal(ds_version(ds), version);
	if (!err.buf || !strstr(err.buf, want))
		fail_msg("'%s' refused with '%s', which lacks '%s'", text, err.buf, want);
	lyd_free_all(tree);
	sb_free(&err);
}

static void test_unusable_ids_refused(void **state)
{
	(void)state;
	struct strbuf err = STRBUF_INIT;
	struct evpnd d = { .name = "" };
	struct lyd_node *tree = NULL;
	bool changed;

	daemon_up(&d);
	assert_int_equal(cli_parse_config(ds_ctx(d.ds), "router bgp 65000\n bgp router-id 10.0.0.9\n",
					  "t", &tree, &err), 0);
	assert_int_equal(ds_commit(d.ds, &tree, &changed, &err), 0);

	static const struct {
		const char *id, *why;
	} ids[] = {
		{ "0.0.0.0", "must not be 0 (RFC 6286" },
		{ "0.1.2.3", "0.0.0.0/8" },
		{ "127.0.0.1", "loopback" },
		{ "224.0.0.5", "multicast" },
		{ "239.255.255.255", "multicast" },
		{ "240.0.0.1", "reserved" },
		{ "255.255.255.255", "broadcast" },
	};
	char text[160];
	for (size_t i = 0; i < sizeof(ids) / sizeof(ids[0]); i++) {
		snprintf(text, sizeof(text), "router bgp 65000\n bgp router-id %s\n", ids[i].id);
		expect_refused(d.ds, text, ids[i].why);
		expect_refused(d.ds, text, "(path: /evpnd-bgp:bgp/router-id)");
		snprintf(text, sizeof(text), "router-id %s\nrouter bgp 65000\n", ids[i].id);
		expect_refused(d.ds, text, "(path: /evpnd-system:system/router-id)");
	}
	static const char *const rts[] = { "0:0", "0:100", "0.0.0.0:5", "0:65536" };
	for (size_t i = 0; i < sizeof(rts) / sizeof(rts[0]); i++) {
		snprintf(text, sizeof(text),
			 "router bgp 65000\n address-family l2vpn evpn\n  vni 10\n"
			 "   route-target import %s\n", rts[i]);
		expect_refused(d.ds, text, "global administrator");
		expect_refused(d.ds, text, "vni[vni='10']/import-rt");
	}
	/* the edge of what is fine */
	assert_int_equal(cli_parse_config(ds_ctx(d.ds),
					  "router-id 223.255.255.254\nrouter bgp 65000\n"
					  " bgp router-id 1.0.0.1\n address-family l2vpn evpn\n"
					  "  vni 10\n   route-target both 1:0\n",
					  "t", &tree, &err), 0);
	if (ds_commit(d.ds, &tree, &changed, &err) < 0)
		fail_msg("%s", err.buf);
	daemon_down(&d);
	sb_free(&err);
}

/* TCP-AO keys the kernel cannot use are refused with the path and
 * nothing changes; a kernel with TCP-AO takes several. */
static void test_tcp_ao_kernel(void **state)
{
	(void)state;
	struct evpnd d = { .name = "" };
	static const char *const text = "router bgp 65000\n bgp router-id 10.0.0.9\n"
					" neighbor 10.0.0.1 remote-as internal\n"
					" neighbor 10.0.0.1 tcp-ao k1 send-id 1 recv-id 2\n"
					" neighbor 10.0.0.1 tcp-ao k2 send-id 3 recv-id 4\n";

	daemon_up(&d);
	if (!bgp_sock_ao_supported()) {
		expect_refused(d.ds, text, "% TCP-AO is not supported by this kernel");
		expect_refused(d.ds, text, "tcp-ao[send-id='1']");
	} else {
		struct strbuf err = STRBUF_INIT;
		struct lyd_node *tree = NULL;
		bool changed;
		assert_int_equal(cli_parse_config(ds_ctx(d.ds), text, "t", &tree, &err), 0);
		if (ds_commit(d.ds, &tree, &changed, &err) < 0)
			fail_msg("%s", err.buf);
		struct bgp_peer *p = bgp_peer_find_name(bgp_instance(), "10.0.0.1");
		assert_non_null(p);
		assert_int_equal(p->cfg.n_ao, 2);
		assert_string_equal(p->cfg.ao[1].key, "k2"); /* the preferred one */
		assert_int_equal(p->cfg.ao[1].send_id, 3);
		assert_int_equal(p->cfg.ao[1].recv_id, 4);
		sb_free(&err);
	}
	daemon_down(&d);
}

/* Which TCP-AO changes a live session takes (RFC 5925 section 7.5.2
 * rollover) and which reset it. */
static void test_tcp_ao_live_changes(void **state)
{
	(void)state;
	static const struct bgp_ao_mkt k12 = { "one", 1, 2 }, k34 = { "two", 3, 4 },
					k12b = { "other", 1, 2 }, k14 = { "one", 1, 4 },
					k52 = { "three", 5, 2 };
	struct bgp_peer_cfg none = { 0 }, one = { .n_ao = 1, .ao = { k12 } },
			    both = { .n_ao = 2, .ao = { k12, k34 } },
			    two = { .n_ao = 1, .ao = { k34 } },
			    swapped = { .n_ao = 2, .ao = { k34, k12 } },
			    rekeyed = { .n_ao = 1, .ao = { k12b } },
			    recv_moved = { .n_ao = 1, .ao = { k14 } },
			    recv_reused = { .n_ao = 1, .ao = { k52 } };

	assert_true(bgp_ao_same(&one, &one));
	assert_true(bgp_ao_same(&none, &none));
	assert_false(bgp_ao_same(&both, &swapped)); /* another preferred MKT */
	/* taken live: added, removed, reordered */
	assert_true(bgp_ao_live_change(&one, &both));
	assert_true(bgp_ao_live_change(&both, &two));
	assert_true(bgp_ao_live_change(&both, &one));
	assert_true(bgp_ao_live_change(&both, &swapped));
	assert_true(bgp_ao_live_change(&one, &two)); /* all new: only the peer can tell */
	/* a reset: the first, the last, a changed MKT, a RecvID reused */
	assert_false(bgp_ao_live_change(&none, &one));
	assert_false(bgp_ao_live_change(&one, &none));
	assert_false(bgp_ao_live_change(&one, &rekeyed));
	assert_false(bgp_ao_live_change(&one, &recv_moved));
	assert_false(bgp_ao_live_change(&one, &recv_reused));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_neighbor_state_idle_without_port),
		cmocka_unit_test(test_unusable_ids_refused),
		cmocka_unit_test(test_tcp_ao_kernel),
		cmocka_unit_test(test_tcp_ao_live_changes),
	};
	return cmocka_run_group_tests_name("bgp_config", tests, NULL, NULL);
}
