/* The route injector: a BGP speaker that feeds a receiver a synthetic
 * L2VPN EVPN table (RFC 7432 type-2 and type-3 routes, VXLAN as RFC 8365
 * encodes it) as fast as the receiver reads, for the benchmark.
 *
 * Routes are a pure function of the configuration, so the stream can be
 * rebuilt for a withdrawal or a move without storing a route: VNI j holds
 * routes k = 0..count(j)-1, route k's MAC is 02:00 followed by its global
 * index, its VTEP is vteps[k % T], every mob_every-th one (counted per VTEP
 * round) carries MAC Mobility sequence 1, every ip_every-th one an IPv4
 * address. A move round r sends the first K/V routes of each VNI again
 * from VTEP (t + r) % T with sequence + r, then withdraws their old ones,
 * the way an old VTEP does once it sees the move. */
#ifndef EVPND_BENCH_INJECT_H
#define EVPND_BENCH_INJECT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/wbuf.h"

struct inj_cfg {
	uint32_t n;		/* type-2 routes */
	uint32_t vnis, vni_base;
	uint32_t vteps;		/* T, next hops 10.255.1.101.. by default */
	uint32_t vtep_base;	/* host order */
	uint32_t ip_every, mob_every; /* 0: none */
	uint32_t local_as, peer_as;
	uint32_t router_id;	/* host order */
	/* moves so far: the first move_k routes (spread over the VNIs) have
	 * been re-advertised move_rounds times */
	uint32_t move_k, move_rounds;
};

/* A phase's messages, back to back, ready for the socket. */
struct inj_stream {
	struct wbuf w;
	uint32_t msgs, routes;
};

void inj_stream_init(struct inj_stream *s);
void inj_stream_free(struct inj_stream *s);

/* Type-3 for every (VNI, VTEP), then every type-2, then End-of-RIB. */
void inj_announce(const struct inj_cfg *c, struct inj_stream *s);
/* Every route announced (where moves left it), type-2 then type-3. */
void inj_withdraw(const struct inj_cfg *c, struct inj_stream *s);
/* One more move round of k routes; updates c->move_*. -1 when k is not
 * the k of earlier rounds or there are fewer than 2 VTEPs. */
int inj_move(struct inj_cfg *c, uint32_t k, struct inj_stream *s);

/* The session (session.c). */
struct inj_sess;
struct inj_sess *inj_connect(uint32_t local, uint32_t peer, const struct inj_cfg *c);
/* Sends s whole while answering the peer; first/last: when the first
 * octet and the last were handed to the kernel (CLOCK_MONOTONIC). */
int inj_send(struct inj_sess *x, const struct inj_stream *s, double *first, double *last);
/* Waits up to timeout s for a line on stdin, keeping the session up
 * (reads and drops what the peer sends, KEEPALIVEs on time). 1: a line is
 * ready, 0: timeout, -1: the session failed. */
int inj_idle(struct inj_sess *x, double timeout);
void inj_close(struct inj_sess *x);

/* Encodes and decodes the announce stream in memory (decode.c): the
 * limit on how fast any receiver using evpnd's codecs could parse it. */
int inj_selftest(const struct inj_cfg *c);

double inj_now(void);

#endif
