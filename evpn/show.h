/* Internals of the EVPN show commands (show_*.c). */
#ifndef EVPND_EVPN_SHOW_H
#define EVPND_EVPN_SHOW_H

#include <stdbool.h>
#include <stddef.h>

#include "cli/cmd.h"
#include "evpn/evpn.h"
#include "evpn/nlri.h"
#include "lib/json.h"

/* Command rows, each table ending in an empty row: the shows
 * (evpn/show_cmds.c), `evpn local-mac` and `clear evpn dup-addr`
 * (evpn/cmds.c). */
extern const struct cli_cmd evpn_show_cmds[], evpn_exec_cmds[];

/* The prefix length FRR prints for every EVPN route, whatever its type:
 * EVPN_ROUTE_PREFIXLEN, the bits of its struct evpn_addr (lib/prefix.h). */
#define EVPN_SHOW_PREFIX_BITS 352

/* FRR's per-route keys of a path: routeType, ethTag, mac, ip, ... */
void evpn_show_route_fields(struct json *j, const struct evpn_route *r);
/* "65001 65002 {65003}" */
const char *evpn_show_aspath(const struct rib_attr *a, char *buf, size_t len);
const char *evpn_show_ipv4(uint32_t host_order, char *buf, size_t len);
const char *evpn_show_addr(const uint8_t *a, size_t len, char *buf, size_t buflen);

/* `show bgp l2vpn evpn` (TABLE: flat path lists), `... route` (ROUTE: each
 * path in an array of its own, as FRR prints it) and `... route detail`. */
enum evpn_show_mode { EVPN_SHOW_TABLE, EVPN_SHOW_ROUTE, EVPN_SHOW_DETAIL };
/* FRR's two JSON shapes of a per-VNI show: one VNI's keys at the top, or
 * every VNI as an object keyed by its number (after head(), if any). */
typedef void (*evpn_show_vni_fn)(struct json *j, struct evpn_vni *v, bool one, void *arg);
void evpn_show_json_vnis(const struct evpn_vni *only, struct strbuf *out, evpn_show_vni_fn fn,
			 void (*head)(struct json *j), void *arg);

void evpn_show_routes(int type, const struct evpn_vni *vni, enum evpn_show_mode mode, bool json,
		      struct strbuf *out);
void evpn_show_bgp_vni(const struct evpn_vni *only, bool json, struct strbuf *out);
void evpn_show_vni(const struct evpn_vni *only, bool json, struct strbuf *out);
void evpn_show_macs(const struct evpn_vni *only, bool dup_only, bool json, struct strbuf *out);
void evpn_show_arp(const struct evpn_vni *only, bool json, struct strbuf *out);

#endif
