/* The data plane: the Linux kernel's vxlan devices, bridge FDB and
 * neighbour tables, through netlink (libmnl). Finds VNIs, learns local
 * MACs and IPs, programs what EVPN imported, and resyncs after a restart.
 * Everything is asynchronous: the BGP side never waits on netlink. */
#ifndef EVPND_FIB_FIB_H
#define EVPND_FIB_FIB_H

#include <ev.h>
#include <stdbool.h>

#include "fib/dp.h"
#include "yang/module.h"

struct strbuf;

/* Opens the sockets, reads the kernel's links, FDB and neighbours (once,
 * before any session exists), and starts listening. Returns -1 with a
 * message in err. */
int fib_start(struct ev_loop *loop, struct strbuf *err);
/* Closes the sockets. Kernel entries stay: a restarted evpnd adopts them. */
void fib_stop(void);
/* Resync ends (entries no route supports are deleted) once converged()
 * says every peer sent End-of-RIB, or after timeout seconds. */
void fib_set_converged(bool (*converged)(void), double timeout);
/* The module: `show evpn dataplane`, and fib_stop at the end. */
extern const struct module fib_module;

#endif
