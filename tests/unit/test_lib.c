/* lib/: the string builder, log level names, and the hash table every
 * table of the daemon is (lib/htab.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "lib/hash.h"
#include "lib/htab.h"
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

struct item {
	struct item *hnext;
	uint32_t key;
	unsigned seen;
};

static uint32_t item_hash_of(uint32_t key)
{
	return hash_bytes(&key, sizeof(key));
}

static uint32_t item_hash(const void *e)
{
	return item_hash_of(((const struct item *)e)->key);
}

static struct item *item_find(struct htab *t, uint32_t key)
{
	struct item *i;

	HTAB_EACH(t, item_hash_of(key), i)
		if (i->key == key)
			return i;
	return NULL;
}

/* Inserted elements are found after the array doubled many times (the
 * chain links rewritten each time); removed ones are not; the array
 * stays at one element per bucket or fewer. */
static void test_htab_grow_find_remove(void **state)
{
	struct htab t = HTAB_INIT(struct item, hnext, 4, item_hash);
	enum { N = 5000 };
	struct item *items = calloc(N, sizeof(*items));

	(void)state;
	assert_null(htab_first(&t, 1));
	for (uint32_t k = 0; k < N; k++) {
		items[k].key = k * 7919;
		assert_true(htab_insert(&t, &items[k], item_hash_of(items[k].key)));
	}
	assert_int_equal(t.n, N);
	assert_true(t.nb >= N && t.nb < 2 * N);
	assert_int_equal(htab_bytes(&t), t.nb * sizeof(void *));
	for (uint32_t k = 0; k < N; k += 2)
		htab_remove(&t, &items[k], item_hash_of(items[k].key));
	assert_int_equal(t.n, N / 2);
	for (uint32_t k = 0; k < N; k++)
		assert_ptr_equal(item_find(&t, k * 7919), k % 2 ? &items[k] : NULL);
	htab_clear(&t);
	assert_int_equal(t.n, 0);
	assert_null(item_find(&t, 7919));
	free(items);
}

static int count_one(void *e, void *arg)
{
	((struct item *)e)->seen++;
	(*(size_t *)arg)++;
	return 0;
}

static void seen_one(void *e, void *arg)
{
	size_t n = 0;

	(void)arg;
	count_one(e, &n);
}

/* A walk in slices that the table outgrows midway still sees every
 * element at least once (lib/htab.h's promise, which the RIB's table
 * replays depend on); a plain walk sees each exactly once. */
static void test_htab_walk_slices_survive_growth(void **state)
{
	struct htab t = HTAB_INIT(struct item, hnext, 16, item_hash);
	enum { N = 3000 };
	struct item *items = calloc(N, sizeof(*items));
	size_t at = 0, n, inserted = N / 3;

	(void)state;
	for (uint32_t k = 0; k < N; k++)
		items[k].key = k;
	for (size_t k = 0; k < inserted; k++)
		htab_insert(&t, &items[k], item_hash_of(items[k].key));
	/* each slice is followed by more inserts, doubling the array */
	while ((at = htab_walk_from(&t, at, 100, seen_one, NULL)) != SIZE_MAX)
		for (size_t end = inserted + 200; inserted < end && inserted < N; inserted++)
			htab_insert(&t, &items[inserted], item_hash_of(items[inserted].key));
	assert_int_equal(t.n, N);
	for (size_t k = 0; k < N / 3; k++)
		if (!items[k].seen)
			fail_msg("element %zu, there before the walk, was never seen", k);
	for (size_t k = 0; k < N; k++)
		items[k].seen = 0;
	n = 0;
	assert_int_equal(htab_walk(&t, count_one, &n), 0);
	assert_int_equal(n, t.n);
	for (size_t k = 0; k < t.n; k++)
		assert_int_equal(items[k].seen, 1);
	htab_clear(&t);
	free(items);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_strbuf_grows),
		cmocka_unit_test(test_log_levels),
		cmocka_unit_test(test_htab_grow_find_remove),
		cmocka_unit_test(test_htab_walk_slices_survive_growth),
	};
	return cmocka_run_group_tests_name("lib", tests, NULL, NULL);
}
