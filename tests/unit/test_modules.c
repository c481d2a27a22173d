/* daemon/modules.c: modules come in the order their dependencies give,
 * whatever order they are listed in; an unknown dependency or a cycle
 * stops the daemon with the module's name; a commit applies them in that
 * order; a part of the YANG schema no module takes in is refused. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "daemon/modules.h"

static char trace[64];

static void note(const char *what)
{
	strncat(trace, what, sizeof(trace) - strlen(trace) - 1);
}

static void apply_sys(void *arg, const struct lyd_node *diff, const struct lyd_node *config)
{
	(void)arg, (void)diff, (void)config;
	note("S");
}

static void apply_bgp(void *arg, const struct lyd_node *diff, const struct lyd_node *config)
{
	(void)arg, (void)diff, (void)config;
	note("B");
}

static void apply_evpn(void *arg, const struct lyd_node *diff, const struct lyd_node *config)
{
	(void)arg, (void)diff, (void)config;
	note("E");
}

static int init_any(const struct module_ctx *ctx, struct strbuf *err)
{
	(void)ctx, (void)err;
	note("i");
	return 0;
}

static void fini_any(void)
{
	note("f");
}

static const struct module_cfg sys_cfg[] = { { "/evpnd-system:system", NULL, apply_sys } };
static const struct module_cfg bgp_cfg[] = { { "/evpnd-bgp:bgp", NULL, apply_bgp },
					     { "/evpnd-system:system", NULL, apply_bgp } };
static const struct module_cfg evpn_cfg[] = {
	{ "/evpnd-bgp:bgp/evpnd-evpn:l2vpn-evpn", NULL, apply_evpn },
};

static const struct module m_sys = { .name = "system", .cfg = sys_cfg, .n_cfg = 1,
				     .init = init_any, .fini = fini_any };
static const struct module m_bgp = { .name = "bgp", .after = { "system" }, .cfg = bgp_cfg,
				     .n_cfg = 2, .init = init_any, .fini = fini_any };
static const struct module m_evpn = { .name = "evpn", .after = { "bgp", "fib" },
				      .cfg = evpn_cfg, .n_cfg = 1 };
static const struct module m_fib = { .name = "fib" };

static void expect_order(const struct module *const *in, size_t n, const char *want)
{
	const struct module *out[MODULES_MAX];
	struct strbuf err = STRBUF_INIT, got = STRBUF_INIT;

	assert_int_equal(modules_order(in, n, out, &err), 0);
	for (size_t i = 0; i < n; i++)
		sb_printf(&got, "%s%s", i ? " " : "", out[i]->name);
	assert_string_equal(got.buf, want);
	sb_free(&got);
	sb_free(&err);
}

static void test_order_follows_dependencies(void **state)
{
	(void)state;
	expect_order((const struct module *[]){ &m_evpn, &m_fib, &m_bgp, &m_sys }, 4,
		     "fib system bgp evpn");
	expect_order((const struct module *[]){ &m_sys, &m_bgp, &m_fib, &m_evpn }, 4,
		     "system bgp fib evpn");
	/* nothing to wait for: the order given */
	expect_order((const struct module *[]){ &m_fib, &m_sys }, 2, "fib system");
}

static void expect_refused(const struct module *const *in, size_t n, const char *want)
{
	const struct module *out[MODULES_MAX];
	struct strbuf err = STRBUF_INIT;

	assert_int_equal(modules_order(in, n, out, &err), -1);
	assert_non_null(err.buf);
	if (!strstr(err.buf, want))
		fail_msg("\"%s\" does not say \"%s\"", err.buf, want);
	sb_free(&err);
}

static void test_unknown_and_cycle(void **state)
{
	static const struct module a = { .name = "a", .after = { "b" } };
	static const struct module b = { .name = "b", .after = { "c" } };
	static const struct module c = { .name = "c", .after = { "a" } };

	(void)state;
	expect_refused((const struct module *[]){ &m_sys, &m_evpn, &m_bgp }, 3,
		       "module evpn depends on a module that does not exist");
	expect_refused((const struct module *[]){ &m_sys, &a, &b, &c }, 4,
		       "is in a dependency cycle");
	expect_refused((const struct module *[]){ &a, &b }, 2, "module b depends on");
}

/* Listed backwards, applied and started in dependency order, stopped in
 * reverse. */
static void test_apply_and_start_order(void **state)
{
	struct strbuf err = STRBUF_INIT;
	struct ds *ds = ds_new(&err);
	struct lyd_node *tree = NULL;
	bool changed;

	(void)state;
	assert_non_null(ds);
	struct module_ctx ctx = { .ds = ds };
	trace[0] = '\0';
	if (modules_start((const struct module *[]){ &m_evpn, &m_bgp, &m_fib, &m_sys }, 4, &ctx,
			  &err) < 0)
		fail_msg("%s", err.buf);
	assert_string_equal(trace, "ii");
	trace[0] = '\0';
	assert_int_equal(ds_parse_json(ds_ctx(ds),
				       "{\"evpnd-system:system\":{\"hostname\":\"h\"},"
				       "\"evpnd-bgp:bgp\":{\"asn\":65000,\"evpnd-evpn:l2vpn-evpn\":"
				       "{\"advertise-all-vni\":true}}}",
				       &tree, &err),
			 0);
	assert_int_equal(ds_commit(ds, &tree, &changed, &err), 0);
	assert_string_equal(trace, "SBBE");
	trace[0] = '\0';
	modules_stop();
	assert_string_equal(trace, "ff");
	ds_free(ds);
	sb_free(&err);
}

/* Without evpn, nothing takes in the evpnd-evpn subtree: refused at start. */
static void test_uncovered_schema(void **state)
{
	struct strbuf err = STRBUF_INIT;
	struct ds *ds = ds_new(&err);

	(void)state;
	struct module_ctx ctx = { .ds = ds };
	trace[0] = '\0';
	assert_int_equal(modules_start((const struct module *[]){ &m_bgp, &m_sys }, 2, &ctx, &err),
			 -1);
	assert_non_null(err.buf);
	assert_string_equal(err.buf,
			    "no module takes in the configuration at "
			    "/evpnd-bgp:bgp/evpnd-evpn:l2vpn-evpn");
	assert_string_equal(trace, "");	/* nothing was started */
	ds_free(ds);
	sb_free(&err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_order_follows_dependencies),
		cmocka_unit_test(test_unknown_and_cycle),
		cmocka_unit_test(test_apply_and_start_order),
		cmocka_unit_test(test_uncovered_schema),
	};
	return cmocka_run_group_tests_name("modules", tests, NULL, NULL);
}
