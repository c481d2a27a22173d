/* lib/rbuf and lib/wbuf: every wire parser and encoder stands on these, so
 * their edges (sticky errors, sub-views, the size limit) are pinned here. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "lib/rbuf.h"
#include "lib/wbuf.h"

static const uint8_t bytes[] = { 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a };

static void test_rb_big_endian(void **state)
{
	(void)state;
	struct rbuf r;

	rb_init(&r, bytes, sizeof(bytes));
	assert_int_equal(rb_u8(&r), 0x01);
	assert_int_equal(rb_u16(&r), 0x0203);
	assert_int_equal(rb_u24(&r), 0x040506);
	assert_int_equal(rb_u32(&r), 0x0708090a);
	assert_true(rb_ok(&r));
	assert_true(rb_empty(&r));
	assert_int_equal(rb_pos(&r), 10);
}

/* A short read returns 0, reads nothing, and every later read fails too,
 * even one that would fit: the error is sticky. */
static void test_rb_sticky_error(void **state)
{
	(void)state;
	struct rbuf r;
	uint8_t out[4] = { 0xff, 0xff, 0xff, 0xff };

	rb_init(&r, bytes, 3);
	assert_int_equal(rb_u16(&r), 0x0102);
	assert_int_equal(rb_u16(&r), 0);
	assert_false(rb_ok(&r));
	assert_int_equal(rb_pos(&r), 2);
	assert_int_equal(rb_u8(&r), 0);
	assert_null(rb_view(&r, 0));
	assert_false(rb_copy(&r, out, 1));
	assert_int_equal(out[0], 0);
	assert_false(rb_skip(&r, 0));
}

static void test_rb_copy_view_skip(void **state)
{
	(void)state;
	struct rbuf r;
	uint8_t out[3];
	const uint8_t *v;

	rb_init(&r, bytes, sizeof(bytes));
	assert_true(rb_copy(&r, out, 3));
	assert_memory_equal(out, bytes, 3);
	v = rb_view(&r, 2);
	assert_ptr_equal(v, bytes + 3);
	assert_true(rb_skip(&r, 4));
	assert_int_equal(rb_left(&r), 1);
	assert_false(rb_copy(&r, out, 2)); /* short: zeroed, nothing consumed */
	assert_memory_equal(out, "\0\0", 2);
	assert_int_equal(rb_left(&r), 1);
}

/* A sub-view cannot see past its length; the parent moves past it. */
static void test_rb_sub(void **state)
{
	(void)state;
	struct rbuf r, sub, bad;

	rb_init(&r, bytes, sizeof(bytes));
	rb_u8(&r);
	assert_true(rb_sub(&r, 2, &sub));
	assert_int_equal(rb_pos(&r), 3);
	assert_int_equal(rb_u16(&sub), 0x0203);
	assert_int_equal(rb_u8(&sub), 0);
	assert_false(rb_ok(&sub));
	assert_true(rb_ok(&r)); /* the sub-view's error stays its own */
	assert_int_equal(rb_u8(&r), 0x04);
	assert_false(rb_sub(&r, 7, &bad));
	assert_false(rb_ok(&bad));
	assert_int_equal(rb_left(&bad), 0);
	assert_false(rb_ok(&r));
}

static void test_rb_rest_and_null(void **state)
{
	(void)state;
	struct rbuf r, rest;

	rb_init(&r, bytes, sizeof(bytes));
	rb_skip(&r, 8);
	rb_rest(&r, &rest);
	assert_true(rb_empty(&r));
	assert_int_equal(rb_left(&rest), 2);
	assert_int_equal(rb_u16(&rest), 0x090a);
	rb_init(&r, NULL, 5); /* no buffer: nothing to read */
	assert_int_equal(rb_left(&r), 0);
	assert_int_equal(rb_u8(&r), 0);
	assert_false(rb_ok(&r));
}

static void test_wb_big_endian(void **state)
{
	(void)state;
	struct wbuf w;
	static const uint8_t want[] = { 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a };

	wb_init(&w, 64);
	wb_u8(&w, 0x01);
	wb_u16(&w, 0x0203);
	wb_u24(&w, 0x040506);
	wb_u32(&w, 0x0708090a);
	assert_true(wb_ok(&w));
	assert_int_equal(w.len, 10);
	assert_memory_equal(w.p, want, sizeof(want));
	wb_free(&w);
	assert_null(w.p);
	assert_int_equal(w.max, 64);
}

/* Grows past its first allocation, stops at max with a sticky error. */
static void test_wb_grow_and_limit(void **state)
{
	(void)state;
	struct wbuf w;
	uint8_t chunk[100];

	memset(chunk, 0xab, sizeof(chunk));
	wb_init(&w, 1000);
	for (int i = 0; i < 10; i++)
		wb_bytes(&w, chunk, sizeof(chunk));
	assert_true(wb_ok(&w));
	assert_int_equal(w.len, 1000);
	assert_int_equal(w.p[999], 0xab);
	wb_u8(&w, 1);
	assert_false(wb_ok(&w));
	assert_int_equal(w.len, 1000);
	wb_reset(&w);
	assert_true(wb_ok(&w));
	assert_int_equal(w.len, 0);
	wb_free(&w);
}

/* Holes are filled later; writes outside what was written are ignored. */
static void test_wb_hole_put_truncate(void **state)
{
	(void)state;
	struct wbuf w;
	size_t at;

	wb_init(&w, 16);
	wb_u8(&w, 0xee);
	at = wb_hole(&w, 3);
	assert_int_equal(at, 1);
	wb_u8(&w, 0xff);
	wb_put8(&w, at, 0x11);
	wb_put16(&w, at + 1, 0x2233);
	wb_put16(&w, 4, 0x4455); /* would end past len: ignored */
	assert_int_equal(w.len, 5);
	assert_memory_equal(w.p, "\xee\x11\x22\x33\xff", 5);
	wb_truncate(&w, 2);
	assert_int_equal(w.len, 2);
	wb_truncate(&w, 9); /* never grows */
	assert_int_equal(w.len, 2);
	assert_int_equal(wb_hole(&w, 15), 2); /* too big: error, offset of the end */
	assert_false(wb_ok(&w));
	wb_free(&w);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rb_big_endian),
		cmocka_unit_test(test_rb_sticky_error),
		cmocka_unit_test(test_rb_copy_view_skip),
		cmocka_unit_test(test_rb_sub),
		cmocka_unit_test(test_rb_rest_and_null),
		cmocka_unit_test(test_wb_big_endian),
		cmocka_unit_test(test_wb_grow_and_limit),
		cmocka_unit_test(test_wb_hole_put_truncate),
	};
	return cmocka_run_group_tests_name("rbuf", tests, NULL, NULL);
}
