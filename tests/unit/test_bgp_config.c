/* bgpd/config.c: configured neighbors show in operational state. With BGP
 * port 0 (evpnd --bgp-port 0) no socket is ever opened and every neighbor
 * stays in Idle (RFC 4271 section 8.2.2, the state before ManualStart). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "bgpd/bgpd.h"
#include "cli/edit.h"
#include "daemon/evpnd.h"
#include "daemon/modules.h"
#include "evpn/evpn.h"
#include "fib/fib.h"

static void test_neighbor_state_idle_without_port(void **state)
{
	(void)state;
	struct strbuf err = STRBUF_INIT;
	struct evpnd d = { .name = "", .bgp_port = 0 };
	struct lyd_node *tree = NULL, *out = NULL;
	struct ly_set *set = NULL;
	bool changed;

	d.loop = ev_loop_new(EVFLAG_AUTO);
	d.ds = ds_new(&err);
	const struct module *mods[] = { &evpn_module, &bgp_module, &fib_module, system_module(&d) };
	struct module_ctx ctx = { .loop = d.loop, .ds = d.ds, .bgp_port = 0 };
	if (modules_start(mods, 4, &ctx, &err) < 0)
		fail_msg("%s", err.buf);
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
	modules_stop();
	ds_free(d.ds);
	ev_loop_destroy(d.loop);
	sb_free(&err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_neighbor_state_idle_without_port),
	};
	return cmocka_run_group_tests_name("bgp_config", tests, NULL, NULL);
}
