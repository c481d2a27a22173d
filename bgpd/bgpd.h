/* bgpd/ as the daemon sees it: the module (sessions, their configuration,
 * state and commands), and what other modules are wired to. */
#ifndef EVPND_BGPD_BGPD_H
#define EVPND_BGPD_BGPD_H

#include <stdbool.h>
#include <stdint.h>

#include "yang/module.h"

extern const struct module bgp_module;

/* Every peer that is not shut down is up and past its EVPN End-of-RIB
 * (the kernel resync waits for it, fib_set_converged). */
bool bgp_evpn_converged(void);
/* Families whose forwarding state survives our restart (RFC 4724 §3 F
 * bit): EVPN while fib/ leaves its kernel entries in place. */
extern uint8_t bgp_gr_preserved_afs;

#endif
