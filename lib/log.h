/* Logging to stderr (with timestamps) or syslog, filtered by level. */
#ifndef EVPND_LOG_H
#define EVPND_LOG_H

#include <stdbool.h>
#include <syslog.h>

void log_init(const char *ident, bool to_syslog, int level);
/* "err", "warning", "notice", "info", "debug" (syslog names); -1 if unknown */
int log_level_parse(const char *name);
void log_msg(int level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#define log_err(...)    log_msg(LOG_ERR, __VA_ARGS__)
#define log_warn(...)   log_msg(LOG_WARNING, __VA_ARGS__)
#define log_notice(...) log_msg(LOG_NOTICE, __VA_ARGS__)
#define log_info(...)   log_msg(LOG_INFO, __VA_ARGS__)
#define log_debug(...)  log_msg(LOG_DEBUG, __VA_ARGS__)

#endif
