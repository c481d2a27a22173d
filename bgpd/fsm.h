/* Internals shared by the FSM's files (fsm.c, fsm_open.c, fsm_msg.c). */
#ifndef EVPND_BGP_FSM_H
#define EVPND_BGP_FSM_H

#include "bgpd/bgp.h"

void fsm_send(struct bgp_conn *c, struct wbuf *w);
void fsm_send_keepalive(struct bgp_conn *c);
void fsm_hold_restart(struct bgp_conn *c, unsigned secs);
/* Sends a NOTIFICATION and ends the connection; always returns -1. */
int fsm_fail(struct bgp_conn *c, uint8_t code, uint8_t sub, const void *data, size_t len,
	     const char *why);
int fsm_unexpected(struct bgp_conn *c, uint8_t type);
int fsm_conn_fail(struct bgp_conn *c, const char *why);
/* OPEN received in OpenSent (fsm_open.c). */
int fsm_open(struct bgp_conn *c, const uint8_t *body, size_t len);
/* End-of-RIB (RFC 4724 §2) and ROUTE-REFRESH BoRR/EoRR (RFC 7313). */
void fsm_send_eor(struct bgp_conn *c, enum bgp_af af);
void fsm_send_rr(struct bgp_conn *c, uint16_t afi, uint8_t safi, uint8_t subtype);
/* OpenConfirm + KEEPALIVE (fsm_msg.c). */
void fsm_established(struct bgp_conn *c);

#endif
