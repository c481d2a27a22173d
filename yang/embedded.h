/* The YANG modules compiled into the binaries (see tools/embed-yang). */
#ifndef EVPND_YANG_EMBEDDED_H
#define EVPND_YANG_EMBEDDED_H

struct yang_embedded {
	const char *name;
	const char *text;
};

/* Ends with an entry whose name is NULL. */
extern const struct yang_embedded yang_embedded[];

#endif
