/* See json.h. */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>

#include "lib/json.h"

void json_init(struct json *j, struct strbuf *out)
{
	j->out = out;
	j->depth = 0;
	j->first[0] = true;
}

static void json_quoted(struct strbuf *sb, const char *s)
{
	sb_puts(sb, "\"");
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\')
			sb_printf(sb, "\\%c", c);
		else if (c < 0x20)
			sb_printf(sb, "\\u%04x", c);
		else
			sb_printf(sb, "%c", c);
	}
	sb_puts(sb, "\"");
}

/* The separator, indentation and key before any value. */
static void json_key(struct json *j, const char *key)
{
	if (j->depth > 0) {
		sb_puts(j->out, j->first[j->depth] ? "\n" : ",\n");
		sb_printf(j->out, "%*s", 2 * j->depth, "");
	}
	j->first[j->depth] = false;
	if (key) {
		json_quoted(j->out, key);
		sb_puts(j->out, ":");
	}
}

static void json_open(struct json *j, const char *key, const char *brace)
{
	json_key(j, key);
	sb_puts(j->out, brace);
	if (j->depth + 1 < JSON_MAX_DEPTH)
		j->depth++;
	j->first[j->depth] = true;
	j->close[j->depth] = *brace == '{' ? '}' : ']';
}

void json_obj(struct json *j, const char *key) { json_open(j, key, "{"); }
void json_arr(struct json *j, const char *key) { json_open(j, key, "["); }

void json_end(struct json *j)
{
	char close = j->close[j->depth];
	bool empty = j->first[j->depth];

	if (j->depth > 0)
		j->depth--;
	if (!empty)
		sb_printf(j->out, "\n%*s", 2 * j->depth, "");
	sb_printf(j->out, "%c", close);
	if (j->depth == 0)
		sb_puts(j->out, "\n");
}

void json_str(struct json *j, const char *key, const char *val)
{
	json_key(j, key);
	json_quoted(j->out, val ? val : "");
}

void json_strf(struct json *j, const char *key, const char *fmt, ...)
{
	struct strbuf tmp = STRBUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	sb_vprintf(&tmp, fmt, ap);
	va_end(ap);
	json_str(j, key, tmp.buf ? tmp.buf : "");
	sb_free(&tmp);
}

void json_int(struct json *j, const char *key, int64_t val)
{
	json_key(j, key);
	sb_printf(j->out, "%" PRId64, val);
}

void json_uint(struct json *j, const char *key, uint64_t val)
{
	json_key(j, key);
	sb_printf(j->out, "%" PRIu64, val);
}

void json_bool(struct json *j, const char *key, bool val)
{
	json_key(j, key);
	sb_puts(j->out, val ? "true" : "false");
}
