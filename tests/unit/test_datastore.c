/* The datastore's transaction: whole-tree validation, validate-then-apply
 * per module, running untouched on any refusal. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "cli/edit.h"
#include "yang/datastore.h"

struct probe {
	int validated, applied;
	bool refuse;
};

static int probe_validate(void *arg, const struct lyd_node *diff, const struct lyd_node *config,
			  struct strbuf *err)
{
	struct probe *p = arg;

	(void)diff, (void)config;
	p->validated++;
	if (p->refuse) {
		sb_puts(err, "refused by probe");
		return -1;
	}
	return 0;
}

static void probe_apply(void *arg, const struct lyd_node *diff, const struct lyd_node *config)
{
	(void)diff, (void)config;
	((struct probe *)arg)->applied++;
}

static struct lyd_node *parse(struct ds *ds, const char *text)
{
	struct strbuf err = STRBUF_INIT;
	struct lyd_node *tree = NULL;

	if (cli_parse_config(ds_ctx(ds), text, "t", &tree, &err) < 0)
		fail_msg("%s", err.buf);
	return tree;
}

static int commit_text(struct ds *ds, const char *text, struct strbuf *err)
{
	struct lyd_node *tree = parse(ds, text);
	bool changed;
	int rc = ds_commit(ds, &tree, &changed, err);

	lyd_free_all(tree);
	return rc;
}

static void test_phases_and_prefixes(void **state)
{
	(void)state;
	struct strbuf err = STRBUF_INIT;
	struct ds *ds = ds_new(&err);
	struct probe sys = { 0 }, bgp = { 0 };

	ds_register(ds, "/evpnd-system:system", probe_validate, probe_apply, &sys);
	ds_register(ds, "/evpnd-bgp:bgp", probe_validate, probe_apply, &bgp);
	assert_int_equal(commit_text(ds, "hostname a\n", &err), 0);
	assert_int_equal(sys.applied, 1);
	assert_int_equal(bgp.validated, 0); /* bgp untouched: not called */

	/* A module refusing in validate: nobody applies, running stays. */
	bgp.refuse = true;
	uint64_t v = ds_version(ds);
	assert_int_equal(commit_text(ds, "hostname b\nrouter bgp 1\n", &err), -1);
	assert_non_null(strstr(err.buf, "refused by probe"));
	assert_int_equal(sys.applied, 1);
	assert_int_equal(ds_version(ds), v);
	struct lyd_node *n = NULL;
	assert_int_equal(lyd_find_path(ds_running(ds), "/evpnd-system:system/hostname", 0, &n),
			 LY_SUCCESS);
	assert_string_equal(lyd_get_value(n), "a");

	/* An unchanged tree commits as a no-op. */
	struct lyd_node *same = ds_running_dup(ds);
	bool changed = true;
	assert_int_equal(ds_commit(ds, &same, &changed, &err), 0);
	assert_false(changed);
	assert_int_equal(ds_version(ds), v);
	sb_free(&err);
	ds_free(ds);
}

/* Whole-tree validation: a mandatory leaf missing is caught at commit. */
static void test_mandatory_at_commit(void **state)
{
	(void)state;
	struct strbuf err = STRBUF_INIT;
	struct ds *ds = ds_new(&err);
	struct lyd_node *tree = NULL;
	bool changed;

	assert_int_equal(lyd_new_path(NULL, ds_ctx(ds),
				      "/evpnd-bgp:bgp/neighbors/neighbor[address='1.1.1.1']/password",
				      "x", 0, &tree),
			 LY_SUCCESS);
	assert_int_equal(ds_commit(ds, &tree, &changed, &err), -1);
	if (!strstr(err.buf, "Mandatory node \"asn\""))
		fail_msg("%s", err.buf);
	assert_non_null(tree); /* still the caller's */
	lyd_free_all(tree);
	sb_free(&err);
	ds_free(ds);
}

static void test_diff_touches(void **state)
{
	(void)state;
	struct strbuf err = STRBUF_INIT;
	struct ds *ds = ds_new(&err);
	struct lyd_node *a = parse(ds, "router bgp 1\n neighbor 1.1.1.1 remote-as 2\n");
	struct lyd_node *b = parse(ds, "router bgp 1\n neighbor 1.1.1.1 remote-as 3\n");
	struct lyd_node *diff = NULL;

	assert_int_equal(lyd_diff_siblings(a, b, 0, &diff), LY_SUCCESS);
	assert_true(ds_diff_touches(diff, "/evpnd-bgp:bgp"));
	assert_true(ds_diff_touches(diff, "/evpnd-bgp:bgp/neighbors"));
	assert_false(ds_diff_touches(diff, "/evpnd-bgp:bgp/evpnd-evpn:l2vpn-evpn"));
	assert_false(ds_diff_touches(diff, "/evpnd-system:system"));
	lyd_free_all(diff);

	/* Inside a created subtree: only what the subtree holds is touched. */
	struct lyd_node *c = parse(ds, "router bgp 1\n neighbor 1.1.1.1 remote-as 2\n"
				       " address-family l2vpn evpn\n  advertise-all-vni\n");
	assert_int_equal(lyd_diff_siblings(NULL, c, 0, &diff), LY_SUCCESS);
	assert_true(ds_diff_touches(diff, "/evpnd-bgp:bgp/evpnd-evpn:l2vpn-evpn"));
	assert_true(ds_diff_touches(diff, "/evpnd-bgp:bgp/neighbors"));
	assert_false(ds_diff_touches(diff, "/evpnd-bgp:bgp/timers"));
	lyd_free_all(diff);
	lyd_free_all(c);
	lyd_free_all(a);
	lyd_free_all(b);
	sb_free(&err);
	ds_free(ds);
}

static int state_src(void *arg, struct ly_ctx *ctx, struct lyd_node **tree)
{
	(void)arg;
	return ds_set(ctx, tree, "/evpnd-system:system-state/version", "%s", "9.9");
}

static void test_state_filter(void **state)
{
	(void)state;
	struct strbuf err = STRBUF_INIT;
	struct ds *ds = ds_new(&err);
	struct lyd_node *out = NULL;
	char *json = NULL;

	ds_register_state(ds, state_src, NULL);
	assert_int_equal(commit_text(ds, "hostname h\n", &err), 0);
	assert_int_equal(ds_get_state(ds, "/evpnd-system:system-state", &out, &err), 0);
	lyd_print_mem(&json, out, LYD_JSON, LYD_PRINT_WITHSIBLINGS);
	assert_non_null(strstr(json, "\"version\": \"9.9\""));
	assert_null(strstr(json, "hostname")); /* filtered to the path asked */
	free(json);
	lyd_free_all(out);
	assert_int_equal(ds_get_state(ds, "/no-such:thing", &out, &err), -1);
	sb_free(&err);
	ds_free(ds);
}

/* The C side reads a leaf, or without one its YANG default: the schema
 * is the one place a default is written (an unvalidated tree has none of
 * them filled in, so each value here comes from the schema). */
static void test_leaf_defaults(void **state)
{
	(void)state;
	struct strbuf err = STRBUF_INIT;
	struct ly_ctx *ctx = ds_new_context(&err);
	struct lyd_node *tree = NULL, *bgp = NULL, *nb = NULL;

	assert_non_null(ctx);
	assert_int_equal(ds_parse_json(ctx,
				       "{\"evpnd-bgp:bgp\":{\"asn\":65000,\"timers\":{\"hold\":9},"
				       "\"neighbors\":{\"neighbor\":[{\"address\":\"10.0.0.1\","
				       "\"remote-as\":\"internal\"}]}}}",
				       &tree, &err),
			 0);
	assert_int_equal(lyd_find_path(tree, "/evpnd-bgp:bgp", 0, &bgp), LY_SUCCESS);
	assert_int_equal(lyd_find_path(bgp, "neighbors/neighbor[address='10.0.0.1']", 0, &nb),
			 LY_SUCCESS);
	assert_string_equal(ds_leaf(bgp, "timers/hold"), "9");		/* set */
	assert_string_equal(ds_leaf(bgp, "timers/keepalive"), "60");	/* defaults */
	assert_int_equal(ds_leaf_num(bgp, "graceful-restart/stale-routes-time"), 360);
	assert_true(ds_leaf_true(bgp, "ebgp-requires-policy"));
	assert_string_equal(ds_leaf(nb, "timers/connect-retry"), "120");
	assert_null(ds_leaf(nb, "timers/keepalive"));	/* no default: the instance's */
	assert_null(ds_leaf(nb, "description"));
	assert_null(ds_leaf(NULL, "timers/hold"));
	assert_string_equal(ds_default(ctx, NULL, "/evpnd-bgp:bgp/evpnd-evpn:l2vpn-evpn/"
						  "dup-addr-detection/max-moves"),
			    "5");
	lyd_free_all(tree);
	ly_ctx_destroy(ctx);
	sb_free(&err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_phases_and_prefixes),
		cmocka_unit_test(test_mandatory_at_commit),
		cmocka_unit_test(test_diff_touches),
		cmocka_unit_test(test_state_filter),
		cmocka_unit_test(test_leaf_defaults),
	};
	return cmocka_run_group_tests_name("datastore", tests, NULL, NULL);
}
