/* A streaming JSON writer into a strbuf, for show commands: it tracks
 * nesting and commas so callers only say what they mean. Output is
 * indented two spaces per level, like FRR's. */
#ifndef EVPND_JSON_H
#define EVPND_JSON_H

#include <stdbool.h>
#include <stdint.h>

#include "lib/strbuf.h"

#define JSON_MAX_DEPTH 16

struct json {
	struct strbuf *out;
	int depth;
	bool first[JSON_MAX_DEPTH];
	char close[JSON_MAX_DEPTH];	/* '}' or ']' per open level */
};

void json_init(struct json *j, struct strbuf *out);
/* key is NULL inside arrays and for the outermost value. */
void json_obj(struct json *j, const char *key);
void json_arr(struct json *j, const char *key);
void json_end(struct json *j);	/* closes the innermost object or array */
void json_str(struct json *j, const char *key, const char *val);
void json_strf(struct json *j, const char *key, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void json_int(struct json *j, const char *key, int64_t val);
void json_uint(struct json *j, const char *key, uint64_t val);
void json_bool(struct json *j, const char *key, bool val);

#endif
