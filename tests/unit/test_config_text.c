/* Configuration text <-> YANG tree: the golden file, the JSON round trip
 * over every schema node, invalid input refused with nothing changed. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "cli/edit.h"
#include "yang/datastore.h"

#ifndef TEST_DATA
#define TEST_DATA "tests/unit/data"
#endif

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "r");
	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	rewind(f);
	char *s = calloc(1, (size_t)n + 1);
	assert_int_equal(fread(s, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	return s;
}

/* Parses and commits text; returns the datastore. */
static struct ds *load(const char *text)
{
	struct strbuf err = STRBUF_INIT;
	struct ds *ds = ds_new(&err);
	struct lyd_node *tree = NULL;
	bool changed;

	assert_non_null(ds);
	if (cli_parse_config(ds_ctx(ds), text, "test", &tree, &err) < 0)
		fail_msg("parse: %s", err.buf);
	if (ds_commit(ds, &tree, &changed, &err) < 0)
		fail_msg("commit: %s", err.buf);
	sb_free(&err);
	return ds;
}

static char *print_text(const struct lyd_node *tree)
{
	struct strbuf out = STRBUF_INIT;
	cli_print_config(tree, &out);
	return sb_detach(&out);
}

static void test_golden_full(void **state)
{
	(void)state;
	char *text = slurp(TEST_DATA "/full.conf");
	struct ds *ds = load(text);
	char *printed = print_text(ds_running(ds));

	assert_string_equal(printed, text);
	free(printed);
	free(text);
	ds_free(ds);
}

/* Every config leaf and leaf-list of every evpnd module is set in
 * full.conf, so the round trips below exercise every node. */
static void test_full_covers_every_node(void **state)
{
	(void)state;
	char *text = slurp(TEST_DATA "/full.conf");
	struct ds *ds = load(text);
	const struct lys_module *mod;
	uint32_t idx = 0;
	int checked = 0;

	while ((mod = ly_ctx_get_module_iter(ds_ctx(ds), &idx))) {
		if (strncmp(mod->name, "evpnd-", 6) != 0 || !mod->compiled)
			continue;
		const struct lysc_node *top = NULL, *node;
		while ((top = lys_getnext(top, NULL, mod->compiled, 0))) {
			LYSC_TREE_DFS_BEGIN(top, node) {
				if (!(node->flags & LYS_CONFIG_W)) {
					LYSC_TREE_DFS_continue = 1;
				} else if (node->nodetype & (LYS_LEAF | LYS_LEAFLIST)) {
					char *path = lysc_path(node, LYSC_PATH_DATA, NULL, 0);
					struct ly_set *set = NULL;
					assert_int_equal(lyd_find_xpath(ds_running(ds), path, &set), LY_SUCCESS);
					if (set->count == 0)
						fail_msg("full.conf does not set %s", path);
					uint32_t i = 0;
					while (i < set->count && (set->dnodes[i]->flags & LYD_DEFAULT))
						i++;
					if (i == set->count)
						fail_msg("full.conf leaves %s at its default", path);
					ly_set_free(set, NULL);
					free(path);
					checked++;
				}
				LYSC_TREE_DFS_END(top, node);
			}
		}
	}
	assert_true(checked > 30);
	free(text);
	ds_free(ds);
}

static void test_json_roundtrip(void **state)
{
	(void)state;
	char *text = slurp(TEST_DATA "/full.conf");
	struct ds *ds = load(text);
	char *json = NULL;
	struct lyd_node *back = NULL;

	assert_int_equal(lyd_print_mem(&json, ds_running(ds), LYD_JSON, LYD_PRINT_WITHSIBLINGS),
			 LY_SUCCESS);
	assert_int_equal(lyd_parse_data_mem(ds_ctx(ds), json, LYD_JSON, LYD_PARSE_STRICT,
					    LYD_VALIDATE_NO_STATE, &back),
			 LY_SUCCESS);
	assert_int_equal(lyd_compare_siblings(back, ds_running(ds), LYD_COMPARE_FULL_RECURSION),
			 LY_SUCCESS);
	char *again = print_text(back);
	assert_string_equal(again, text);
	free(again);
	free(json);
	lyd_free_all(back);
	free(text);
	ds_free(ds);
}

static void test_minimal_roundtrip(void **state)
{
	(void)state;
	const char *text = "hostname leaf1\n"
			   "!\n"
			   "router bgp 65000\n"
			   " neighbor 10.255.0.1 remote-as internal\n"
			   " !\n"
			   " address-family l2vpn evpn\n"
			   "  neighbor 10.255.0.1 activate\n"
			   "  advertise-all-vni\n"
			   " exit-address-family\n"
			   "exit\n"
			   "!\n"
			   "end\n";
	struct ds *ds = load(text);
	char *printed = print_text(ds_running(ds));
	assert_string_equal(printed, text);
	free(printed);
	ds_free(ds);
}

/* FRR files rely on leaving modes implicitly; lines fall back to the
 * enclosing mode that knows them. */
static void test_implicit_exits(void **state)
{
	(void)state;
	struct ds *ds = load("router bgp 65000\n"
			     " address-family l2vpn evpn\n"
			     "  vni 100\n"
			     "   rd 1.1.1.1:5\n"
			     "  advertise-all-vni\n"
			     " neighbor 1.1.1.1 remote-as 65001\n"
			     "hostname x\n"
			     "frr version 8.4.4\n");
	struct lyd_node *n = NULL;
	assert_int_equal(lyd_find_path(ds_running(ds), "/evpnd-system:system/hostname", 0, &n),
			 LY_SUCCESS);
	assert_string_equal(lyd_get_value(n), "x");
	assert_int_equal(lyd_find_path(ds_running(ds),
				       "/evpnd-bgp:bgp/evpnd-evpn:l2vpn-evpn/advertise-all-vni", 0, &n),
			 LY_SUCCESS);
	assert_string_equal(lyd_get_value(n), "true");
	ds_free(ds);
}

/* A file FRR 8.4 wrote (vtysh show running-config of a leaf) loads as it
 * is, FRR-only lines skipped, and means what it meant to FRR. */
static void test_frr_written_file(void **state)
{
	(void)state;
	char *text = slurp(TEST_DATA "/frr84-leaf.conf");
	struct ds *ds = load(text);
	static const struct {
		const char *path, *value;
	} expect[] = {
		{ "/evpnd-system:system/hostname", "vm" },
		{ "/evpnd-bgp:bgp/timers/hold", "9" },
		{ "/evpnd-bgp:bgp/graceful-restart/enabled", "true" },
		{ "/evpnd-bgp:bgp/neighbors/neighbor[address='10.255.0.1']/timers/connect-retry", "1" },
		{ "/evpnd-bgp:bgp/neighbors/neighbor[address='10.255.0.2']/ttl-security-hops", "1" },
		{ "/evpnd-bgp:bgp/neighbors/neighbor[address='10.255.0.2']/afi-safi[name='ipv4-unicast']/maximum-prefix",
		  "500" },
		{ "/evpnd-bgp:bgp/neighbors/neighbor[address='10.255.0.1']/afi-safi[name='l2vpn-evpn']/route-reflector-client",
		  "true" },
		{ "/evpnd-bgp:bgp/evpnd-evpn:l2vpn-evpn/dup-addr-detection/freeze", "permanent" },
		{ "/evpnd-bgp:bgp/evpnd-evpn:l2vpn-evpn/vni[vni='100']/rd", "10.255.0.11:100" },
	};
	for (size_t i = 0; i < sizeof(expect) / sizeof(expect[0]); i++) {
		struct lyd_node *n = NULL;
		if (lyd_find_path(ds_running(ds), expect[i].path, 0, &n) != LY_SUCCESS)
			fail_msg("%s not set", expect[i].path);
		assert_string_equal(lyd_get_value(n), expect[i].value);
	}
	free(text);
	ds_free(ds);
}

struct bad_line {
	const char *setup; /* lines run first, in order, separated by '\n' */
	const char *line;
	const char *expect; /* in the error text */
};

static const struct bad_line bad_lines[] = {
	{ "router bgp 65000", "neighbor 10.0.0.1 remote-as 99999999999", "99999999999" },
	{ "router bgp 65000", "neighbor 10.0.0.1 remote-as intern", "intern" },
	{ "router bgp 65000", "neighbor 300.0.0.1 remote-as 1", "300.0.0.1" },
	{ "router bgp 65000", "timers bgp 3 1", "\"1\"" },
	{ "router bgp 65000", "bgp graceful-restart restart-time 5000", "5000" },
	{ "router bgp 65000", "neighbor 10.0.0.1 update-source 10.0.0.2", "Specify remote-as" },
	{ "router bgp 65000\nneighbor 10.0.0.1 remote-as 1", "neighbor 10.0.0.1 ttl-security hops 255",
	  "255" },
	{ "router bgp 65000\naddress-family l2vpn evpn", "vni 16777216", "16777216" },
	{ "router bgp 65000\naddress-family l2vpn evpn", "vni 0", "\"0\"" },
	{ "router bgp 65000\naddress-family l2vpn evpn", "dup-addr-detection freeze 10", "10" },
	{ "router bgp 65000\naddress-family l2vpn evpn\nvni 10", "rd foo", "foo" },
	{ "router bgp 65000\naddress-family l2vpn evpn\nvni 10", "rd 1.2.3.256:1", "1.2.3.256:1" },
	{ "router bgp 65000\naddress-family l2vpn evpn\nvni 10", "route-target import 1:2:3", "1:2:3" },
	{ "router bgp 65000", "router bgp 65001", "BGP is already running; AS is 65000" },
	{ "", "router bgp 0", "\"0\"" },
	{ "", "hostname -bad", "-bad" },
	{ "", "frobnicate", "% Unknown command: frobnicate" },
	{ "", "router", "% Command incomplete: router" },
	{ "router bgp 65000", "no neighbor 10.9.9.9", "10.9.9.9 is not configured" },
	/* A `no` form names what exists, or it is refused and nothing goes
	 * (it once deleted the whole instance of AS 65000) */
	{ "router bgp 65000", "no router bgp 1", "% Can't find BGP instance" },
	{ "router bgp 65000", "no router bgp 1.5", "\"1.5\"" },
	{ "", "no router bgp 65000", "% Can't find BGP instance" },
	{ "router-id 10.0.0.1", "no router-id 256.1.1.1", "\"256.1.1.1\"" },
	{ "router bgp 65000\nbgp router-id 10.0.0.1", "no bgp router-id 10.0.0.2",
	  "% BGP router-id doesn't match" },
	{ "router bgp 65000\nbgp router-id 10.0.0.1", "no bgp router-id 10.0.0.300", "10.0.0.300" },
	{ "router bgp 65000\naddress-family l2vpn evpn\nvni 10\nroute-target import 65000:1",
	  "no route-target import 65000:2",
	  "% RT specified does not match configuration for this VNI" },
	{ "router bgp 65000\naddress-family l2vpn evpn\nvni 10\nroute-target import 65000:1",
	  "no route-target both 65000:1",
	  "% RT specified does not match configuration for this VNI" },
	{ "router bgp 65000\naddress-family l2vpn evpn\nvni 10\nrd 10.0.0.1:10", "no rd 10.0.0.1:11",
	  "% RD specified does not match configuration for this VNI" },
	{ "router bgp 65000\naddress-family l2vpn evpn\ndup-addr-detection max-moves 7 time 120",
	  "no dup-addr-detection max-moves 7 time 180", "% Value does not match with config" },
	{ "router bgp 65000\nneighbor 10.0.0.1 remote-as 1", "no neighbor 10.0.0.1 timers 3 x",
	  "\"x\"" },
	/* TCP-AO: a `no` names a configured MKT, by its values */
	{ "router bgp 65000\nneighbor 10.0.0.1 remote-as 1\nneighbor 10.0.0.1 tcp-ao k1 send-id 1 recv-id 2",
	  "no neighbor 10.0.0.1 tcp-ao k2 send-id 1 recv-id 2",
	  "% TCP-AO key not configured for this neighbor" },
	{ "router bgp 65000\nneighbor 10.0.0.1 remote-as 1\nneighbor 10.0.0.1 tcp-ao k1 send-id 1 recv-id 2",
	  "no neighbor 10.0.0.1 tcp-ao k1 send-id 3 recv-id 2",
	  "% TCP-AO key not configured for this neighbor" },
	{ "router bgp 65000\nneighbor 10.0.0.1 remote-as 1\nneighbor 10.0.0.1 tcp-ao k1 send-id 1 recv-id 2",
	  "no neighbor 10.0.0.1 tcp-ao k1 send-id 1", "% Command incomplete" },
	{ "router bgp 65000\nneighbor 10.0.0.1 remote-as 1\nneighbor 10.0.0.1 tcp-ao k1 send-id 1 recv-id 2",
	  "no neighbor 10.0.0.1 tcp-ao k1 send-id 1 recv-id 9",
	  "% TCP-AO key not configured for this neighbor" },
	{ "router bgp 65000\nneighbor 10.0.0.1 remote-as 1", "no neighbor 10.0.0.1 tcp-ao k1 send-id 1 recv-id 2",
	  "% TCP-AO key not configured for this neighbor" },
	{ "router bgp 65000\nneighbor 10.0.0.1 remote-as 1\nneighbor 10.0.0.1 tcp-ao k1 send-id 1 recv-id 2",
	  "no neighbor 10.0.0.1 tcp-ao k1 send-id 300 recv-id 2", "\"300\"" },
	{ "router bgp 65000\nneighbor 10.0.0.1 remote-as 1",
	  "neighbor 10.0.0.1 tcp-ao k1 send-id 256 recv-id 1", "\"256\"" },
	{ "router bgp 65000\nneighbor 10.0.0.1 remote-as 1",
	  "neighbor 10.0.0.1 tcp-ao k1 send-id 1 recv-id -1", "\"-1\"" },
	{ "router bgp 65000\nneighbor 10.0.0.1 remote-as 1",
	  "neighbor 10.0.0.1 tcp-ao "
	  "123456789012345678901234567890123456789012345678901234567890123456789012345678901 "
	  "send-id 1 recv-id 1",
	  "length" },
	{ "router bgp 65000", "neighbor 10.0.0.1 tcp-ao k1 send-id 1 recv-id 2", "Specify remote-as" },
	{ "router bgp 65000\nneighbor 1.1.1.1 remote-as 1",
	  "neighbor 1.1.1.1 description a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a "
	  "a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a",
	  "% Command too long" },
	{ "router bgp 65000\nneighbor 1.1.1.1 remote-as 1",
	  "neighbor 1.1.1.1 description 123456789 123456789 123456789 123456789 123456789 "
	  "123456789 123456789 123456789 123456789",
	  "length" },
};

static void test_bad_lines(void **state)
{
	(void)state;
	struct strbuf err = STRBUF_INIT;
	struct ly_ctx *ctx = ds_new_context(&err);

	for (size_t i = 0; i < sizeof(bad_lines) / sizeof(bad_lines[0]); i++) {
		struct cli_edit s;
		char *setup = strdup(bad_lines[i].setup), *save = NULL;
		cli_edit_init(&s, ctx);
		cli_edit_configure(&s);
		for (char *l = strtok_r(setup, "\n", &save); l; l = strtok_r(NULL, "\n", &save))
			assert_int_equal(cli_config_line(&s, l, true, &err), CLI_LINE_OK);
		free(setup);
		struct lyd_node *before = NULL;
		if (s.tree)
			lyd_dup_siblings(s.tree, NULL, LYD_DUP_RECURSIVE, &before);
		int depth = s.depth;
		sb_free(&err);
		assert_int_equal(cli_config_line(&s, bad_lines[i].line, true, &err), CLI_LINE_ERROR);
		if (!strstr(err.buf, bad_lines[i].expect))
			fail_msg("'%s': error '%s' lacks '%s'", bad_lines[i].line, err.buf,
				 bad_lines[i].expect);
		assert_int_equal(lyd_compare_siblings(before, s.tree, LYD_COMPARE_FULL_RECURSION),
				 LY_SUCCESS);
		assert_int_equal(s.depth, depth);
		lyd_free_all(before);
		cli_edit_free(&s);
		sb_free(&err);
	}
	ly_ctx_destroy(ctx);
}

static void test_no_forms(void **state)
{
	(void)state;
	struct ds *ds = load("router bgp 65000\n"
			     " neighbor 10.0.0.1 remote-as 1\n"
			     " neighbor 10.0.0.2 remote-as 2\n"
			     " address-family l2vpn evpn\n"
			     "  vni 100\n"
			     "   route-target both 65000:1\n"
			     "   route-target import 65000:2\n"
			     "   no route-target import 65000:1\n"
			     "   rd 10.0.0.1:100\n"
			     "   no rd 10.0.0.1:100\n"
			     "  exit-vni\n"
			     "  vni 200\n"
			     "  no vni 200\n"
			     " exit-address-family\n"
			     " no neighbor 10.0.0.2\n"
			     " neighbor 10.0.0.1 description a b  c\n"
			     " no neighbor 10.0.0.1 description\n"
			     " bgp router-id 10.0.0.9\n"
			     " no bgp router-id 10.0.0.9\n"
			     " timers bgp 3 9\n"
			     " no timers bgp 10 30\n");
	char *printed = print_text(ds_running(ds));
	assert_string_equal(printed, "router bgp 65000\n"
				     " neighbor 10.0.0.1 remote-as 1\n"
				     " !\n"
				     " address-family l2vpn evpn\n"
				     "  vni 100\n"
				     "   route-target import 65000:2\n"
				     "   route-target export 65000:1\n"
				     "  exit-vni\n"
				     " exit-address-family\n"
				     "exit\n"
				     "!\n"
				     "end\n");
	free(printed);
	ds_free(ds);
}

/* TCP-AO: one line per master key tuple, kept in the order they were
 * added (the last is the preferred one); the same send-id again replaces
 * its tuple in place; `no` removes the tuple it names in full, or, naming
 * none, all of them. */
static void test_tcp_ao_keys(void **state)
{
	(void)state;
	static const char *const head = "router bgp 65000\n"
					" neighbor 10.0.0.1 remote-as 1\n";
	struct strbuf text = STRBUF_INIT;

	sb_puts(&text, head);
	sb_puts(&text, " neighbor 10.0.0.1 tcp-ao old-key send-id 9 recv-id 8\n"
		       " neighbor 10.0.0.1 tcp-ao new-key send-id 2 recv-id 3\n"
		       " neighbor 10.0.0.1 tcp-ao mid-key send-id 5 recv-id 6\n"
		       " neighbor 10.0.0.1 tcp-ao fixed-key send-id 9 recv-id 7\n"
		       " no neighbor 10.0.0.1 tcp-ao mid-key send-id 5 recv-id 6\n");
	struct ds *ds = load(text.buf);
	char *printed = print_text(ds_running(ds));
	assert_string_equal(printed, "router bgp 65000\n"
				     " neighbor 10.0.0.1 remote-as 1\n"
				     " neighbor 10.0.0.1 tcp-ao fixed-key send-id 9 recv-id 7\n"
				     " neighbor 10.0.0.1 tcp-ao new-key send-id 2 recv-id 3\n"
				     "exit\n"
				     "!\n"
				     "end\n");
	/* the text loads back as it printed: same order */
	struct ds *again = load(printed);
	char *printed2 = print_text(ds_running(again));
	assert_string_equal(printed2, printed);
	struct ly_set *set = NULL;
	assert_int_equal(lyd_find_xpath(ds_running(ds),
					 "/evpnd-bgp:bgp/neighbors/neighbor/tcp-ao/send-id", &set),
			 LY_SUCCESS);
	assert_int_equal(set->count, 2);
	assert_string_equal(lyd_get_value(set->dnodes[1]), "2"); /* the preferred one */
	ly_set_free(set, NULL);
	free(printed2);
	free(printed);
	ds_free(again);
	ds_free(ds);

	/* the full no form, then `no` naming nothing: all of them */
	sb_free(&text);
	sb_puts(&text, head);
	sb_puts(&text, " neighbor 10.0.0.1 tcp-ao a send-id 1 recv-id 2\n"
		       " neighbor 10.0.0.1 tcp-ao b send-id 3 recv-id 4\n"
		       " neighbor 10.0.0.1 tcp-ao c send-id 5 recv-id 6\n"
		       " no neighbor 10.0.0.1 tcp-ao b send-id 3 recv-id 4\n");
	ds = load(text.buf);
	printed = print_text(ds_running(ds));
	assert_non_null(strstr(printed, "tcp-ao a send-id 1 recv-id 2\n"
					" neighbor 10.0.0.1 tcp-ao c send-id 5 recv-id 6\n"));
	assert_null(strstr(printed, "tcp-ao b"));
	free(printed);
	ds_free(ds);
	sb_puts(&text, " no neighbor 10.0.0.1 tcp-ao\n");
	ds = load(text.buf);
	printed = print_text(ds_running(ds));
	assert_null(strstr(printed, "tcp-ao"));
	free(printed);
	ds_free(ds);
	sb_free(&text);
}

/* What only the whole tree can tell, at commit: KeyIDs unique in each
 * direction (RFC 5925 section 3.1), TCP-AO without MD5, at most 8 MKTs. */
static void test_tcp_ao_refused(void **state)
{
	(void)state;
	static const struct {
		const char *lines, *want;
	} cases[] = {
		{ " neighbor 10.0.0.1 tcp-ao a send-id 1 recv-id 2\n"
		  " neighbor 10.0.0.1 tcp-ao b send-id 3 recv-id 2\n",
		  "recv-id" },
		{ " neighbor 10.0.0.1 password md5\n"
		  " neighbor 10.0.0.1 tcp-ao a send-id 1 recv-id 2\n",
		  "TCP-AO and TCP MD5 (password) exclude each other" },
		{ " neighbor 10.0.0.1 tcp-ao a send-id 1 recv-id 1\n"
		  " neighbor 10.0.0.1 tcp-ao a send-id 2 recv-id 2\n"
		  " neighbor 10.0.0.1 tcp-ao a send-id 3 recv-id 3\n"
		  " neighbor 10.0.0.1 tcp-ao a send-id 4 recv-id 4\n"
		  " neighbor 10.0.0.1 tcp-ao a send-id 5 recv-id 5\n"
		  " neighbor 10.0.0.1 tcp-ao a send-id 6 recv-id 6\n"
		  " neighbor 10.0.0.1 tcp-ao a send-id 7 recv-id 7\n"
		  " neighbor 10.0.0.1 tcp-ao a send-id 8 recv-id 8\n"
		  " neighbor 10.0.0.1 tcp-ao a send-id 9 recv-id 9\n",
		  "tcp-ao" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct strbuf err = STRBUF_INIT, text = STRBUF_INIT;
		struct ds *ds = ds_new(&err);
		struct lyd_node *tree = NULL;
		bool changed = true;

		sb_printf(&text, "router bgp 65000\n neighbor 10.0.0.1 remote-as 1\n%s", cases[i].lines);
		if (cli_parse_config(ds_ctx(ds), text.buf, "t", &tree, &err) < 0)
			fail_msg("parse: %s", err.buf);
		assert_int_equal(ds_commit(ds, &tree, &changed, &err), -1);
		assert_false(changed);
		if (!err.buf || !strstr(err.buf, cases[i].want))
			fail_msg("case %zu refused with '%s', which lacks '%s'", i, err.buf,
				 cases[i].want);
		lyd_free_all(tree);
		sb_free(&text);
		sb_free(&err);
		ds_free(ds);
	}
}

static void test_abbreviations_and_help(void **state)
{
	(void)state;
	struct cli_match m;
	struct strbuf err = STRBUF_INIT;
	char **choices = NULL;

	/* Unique prefixes work as in vtysh; the most specific row wins. */
	assert_int_equal(cli_match(CLI_BGP, "nei 1.1.1.1 timers conn 5", &m, &err), 0);
	assert_string_equal(m.cmd->syntax, "neighbor PEER timers connect (1-65535)");
	assert_int_equal(m.argc, 2);
	assert_string_equal(m.argv[1], "5");
	cli_match_free(&m);
	int n = cli_complete(CLI_AF_EVPN, "adv", false, &choices);
	assert_int_equal(n, 2);
	assert_string_equal(choices[0], "advertise-all-vni");
	assert_string_equal(choices[1], "advertise-default-gw");
	for (int i = 0; i < n; i++)
		free(choices[i]);
	free(choices);
	n = cli_complete(CLI_BGP, "neighbor 1.1.1.1 ", true, &choices);
	assert_true(n > 5);
	bool saw = false;
	for (int i = 0; i < n; i++) {
		saw |= strncmp(choices[i], "remote-as", 9) == 0 && strstr(choices[i], "AS") != NULL;
		free(choices[i]);
	}
	free(choices);
	assert_true(saw);
	sb_free(&err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_golden_full),
		cmocka_unit_test(test_full_covers_every_node),
		cmocka_unit_test(test_json_roundtrip),
		cmocka_unit_test(test_minimal_roundtrip),
		cmocka_unit_test(test_implicit_exits),
		cmocka_unit_test(test_frr_written_file),
		cmocka_unit_test(test_bad_lines),
		cmocka_unit_test(test_no_forms),
		cmocka_unit_test(test_tcp_ao_keys),
		cmocka_unit_test(test_tcp_ao_refused),
		cmocka_unit_test(test_abbreviations_and_help),
	};
	return cmocka_run_group_tests_name("config_text", tests, NULL, NULL);
}
