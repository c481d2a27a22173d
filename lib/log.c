#include "lib/log.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>

static struct {
	const char *ident;
	bool to_syslog;
	int level;
} log_cfg = { "evpnd", false, LOG_NOTICE };

static const char *const log_names[] = {
	[LOG_EMERG] = "emergencies", [LOG_ALERT] = "alerts", [LOG_CRIT] = "critical",
	[LOG_ERR] = "err", [LOG_WARNING] = "warning", [LOG_NOTICE] = "notice",
	[LOG_INFO] = "info", [LOG_DEBUG] = "debug",
};

void log_init(const char *ident, bool to_syslog, int level)
{
	log_cfg.ident = ident;
	log_cfg.to_syslog = to_syslog;
	log_cfg.level = level;
	if (to_syslog)
		openlog(ident, LOG_PID | LOG_NDELAY, LOG_DAEMON);
}

int log_level_parse(const char *name)
{
	for (int i = 0; i <= LOG_DEBUG; i++)
		if (strcasecmp(name, log_names[i]) == 0)
			return i;
	if (strcasecmp(name, "errors") == 0 || strcasecmp(name, "error") == 0)
		return LOG_ERR;
	if (strcasecmp(name, "warnings") == 0 || strcasecmp(name, "informational") == 0)
		return name[0] == 'w' || name[0] == 'W' ? LOG_WARNING : LOG_INFO;
	if (strcasecmp(name, "debugging") == 0)
		return LOG_DEBUG;
	return -1;
}

void log_msg(int level, const char *fmt, ...)
{
	va_list ap;

	if (level > log_cfg.level)
		return;
	va_start(ap, fmt);
	if (log_cfg.to_syslog) {
		vsyslog(level, fmt, ap);
	} else {
		struct timespec ts;
		struct tm tm;
		char when[32];

		clock_gettime(CLOCK_REALTIME, &ts);
		localtime_r(&ts.tv_sec, &tm);
		strftime(when, sizeof(when), "%Y/%m/%d %H:%M:%S", &tm);
		fprintf(stderr, "%s.%03ld %s %s: ", when, ts.tv_nsec / 1000000,
			log_cfg.ident, log_names[level]);
		vfprintf(stderr, fmt, ap);
		fputc('\n', stderr);
	}
	va_end(ap);
}
