/* A peer's Adj-RIB-In (RFC 4271 §3.2): what the peer announced, per family,
 * keyed by the NLRI's wire form. Entries carry a stale mark for graceful
 * restart (RFC 4724 §4.2). Path attributes join the entries when the RIB
 * interns them. */
#ifndef EVPND_RIB_ADJ_IN_H
#define EVPND_RIB_ADJ_IN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct adj_in;

struct adj_in *adj_in_new(int nfamilies);
void adj_in_free(struct adj_in *t);
/* Adds or replaces; an update clears the stale mark. Returns 1 if new. */
int adj_in_update(struct adj_in *t, int af, const uint8_t *nlri, size_t len);
/* Returns 1 if something was removed. */
int adj_in_withdraw(struct adj_in *t, int af, const uint8_t *nlri, size_t len);
bool adj_in_has(const struct adj_in *t, int af, const uint8_t *nlri, size_t len);
size_t adj_in_count(const struct adj_in *t, int af);
size_t adj_in_stale_count(const struct adj_in *t, int af);
void adj_in_mark_stale(struct adj_in *t, int af);
/* Removes what is still stale; returns how many. */
size_t adj_in_sweep_stale(struct adj_in *t, int af);
void adj_in_clear(struct adj_in *t, int af);

#endif
