/* Error text into a caller's fixed buffer (err, errlen), the convention of
 * the transport APIs; a NULL or empty buffer is allowed and ignored. */
#ifndef EVPND_ERRBUF_H
#define EVPND_ERRBUF_H

#include <stdarg.h>
#include <stddef.h>

void errbuf_set(char *err, size_t errlen, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void errbuf_vset(char *err, size_t errlen, const char *fmt, va_list ap);

#endif
