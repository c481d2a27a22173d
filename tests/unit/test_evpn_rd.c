/* Route distinguisher and route target text forms, RFC 4364 section 4.2. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>

#include "evpn/rd.h"

static void check(const char *text, const unsigned char want[8])
{
	struct evpn_rd rd;
	char buf[32];

	assert_int_equal(evpn_rd_parse(text, &rd), 0);
	assert_memory_equal(rd.bytes, want, 8);
	assert_string_equal(evpn_rd_format(&rd, buf, sizeof(buf)), text);
}

static void test_types(void **state)
{
	(void)state;
	/* type 0: 2-octet AS, 4-octet assigned number */
	check("65000:4294967295", (const unsigned char[]){ 0, 0, 0xfd, 0xe8, 0xff, 0xff, 0xff, 0xff });
	/* type 1: IPv4 address, 2-octet number */
	check("10.255.0.11:2", (const unsigned char[]){ 0, 1, 10, 255, 0, 11, 0, 2 });
	/* type 2: 4-octet AS, 2-octet number */
	check("4200000001:100", (const unsigned char[]){ 0, 2, 0xfa, 0x56, 0xea, 0x01, 0, 100 });
}

static void test_out_of_range(void **state)
{
	(void)state;
	struct evpn_rd rd;
	static const char *const bad[] = {
		"10.0.0.1:65536", "4200000001:65536", "4294967296:1", "65000:4294967296",
		":1", "1:", "1", "a:1", "1.2.3:4", "1.2.3.4.5:6", "-1:2", "1:-2", "",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (evpn_rd_parse(bad[i], &rd) == 0)
			fail_msg("accepted %s", bad[i]);
}

static void test_auto_rt(void **state)
{
	(void)state;
	char buf[32];
	assert_string_equal(evpn_auto_rt(65000, 100, buf, sizeof(buf)), "65000:100");
	/* FRR keeps the low 16 bits of a 4-octet AS */
	assert_string_equal(evpn_auto_rt(4200000001, 100, buf, sizeof(buf)), "59905:100");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_types),
		cmocka_unit_test(test_out_of_range),
		cmocka_unit_test(test_auto_rt),
	};
	return cmocka_run_group_tests_name("evpn_rd", tests, NULL, NULL);
}
