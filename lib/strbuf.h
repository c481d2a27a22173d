/* A growable NUL-terminated string, for building command output. */
#ifndef EVPND_STRBUF_H
#define EVPND_STRBUF_H

#include <stdarg.h>
#include <stddef.h>

struct strbuf {
	char *buf;
	size_t len, cap;
};

#define STRBUF_INIT { 0 }

void sb_printf(struct strbuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void sb_vprintf(struct strbuf *sb, const char *fmt, va_list ap);
void sb_puts(struct strbuf *sb, const char *s);
/* Hands the string to the caller (never NULL) and empties the buffer. */
char *sb_detach(struct strbuf *sb);
void sb_free(struct strbuf *sb);

#endif
