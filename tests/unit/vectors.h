/* Test vectors: binary files under tests/unit/data/, found next to this
 * header so a test runs from any directory make starts it in. Include
 * after cmocka.h. */
#ifndef EVPND_TEST_VECTORS_H
#define EVPND_TEST_VECTORS_H

#include <stdint.h>
#include <stdio.h>
#include <string.h>

static inline size_t load_vector(const char *name, uint8_t *buf, size_t cap)
{
	char path[256];
	const char *slash = strrchr(__FILE__, '/');
	FILE *f;
	size_t n;

	snprintf(path, sizeof(path), "%.*s/data/%s", slash ? (int)(slash - __FILE__) : 1,
		 slash ? __FILE__ : ".", name);
	f = fopen(path, "rb");
	assert_non_null(f);
	n = fread(buf, 1, cap, f);
	fclose(f);
	return n;
}

#endif
