/* lib/: the string builder and log level names. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "lib/log.h"
#include "lib/strbuf.h"

static void test_strbuf_grows(void **state)
{
	(void)state;
	struct strbuf sb = STRBUF_INIT;

	for (int i = 0; i < 1000; i++)
		sb_printf(&sb, "%04d,", i);
	assert_int_equal(sb.len, 5000);
	assert_int_equal(strlen(sb.buf), 5000);
	assert_memory_equal(sb.buf + 4995, "0999,", 5);
	char *s = sb_detach(&sb);
	assert_null(sb.buf);
	assert_int_equal(sb.len, 0);
	free(s);
	s = sb_detach(&sb); /* empty: "" not NULL */
	assert_string_equal(s, "");
	free(s);
}

static void test_log_levels(void **state)
{
	(void)state;
	assert_int_equal(log_level_parse("debug"), LOG_DEBUG);
	assert_int_equal(log_level_parse("informational"), LOG_INFO);
	assert_int_equal(log_level_parse("warnings"), LOG_WARNING);
	assert_int_equal(log_level_parse("ERR"), LOG_ERR);
	assert_int_equal(log_level_parse("chatty"), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_strbuf_grows),
		cmocka_unit_test(test_log_levels),
	};
	return cmocka_run_group_tests_name("lib", tests, NULL, NULL);
}
