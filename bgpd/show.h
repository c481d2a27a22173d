/* Internals of the BGP show commands (show_*.c). */
#ifndef EVPND_BGP_SHOW_H
#define EVPND_BGP_SHOW_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "bgpd/bgp.h"
#include "cli/cmd.h"
#include "lib/json.h"

/* Command rows, each table ending in an empty row: the shows
 * (bgpd/show_cmds.c), "clear bgp" (bgpd/clear.c). */
extern const struct cli_cmd bgp_show_cmds[], bgp_clear_cmds[];

const char *bgp_show_uptime(time_t since, bool never, char *buf, size_t len);
const char *bgp_show_id(uint32_t id, char *buf, size_t len);
uint32_t bgp_show_remote_as(const struct bgp_peer *p);
const char *bgp_show_state_word(const struct bgp_peer *p);

struct strbuf;
void bgp_show_summary(struct bgp *bgp, int af, bool json, struct strbuf *out);
void bgp_show_neighbors(struct bgp *bgp, const char *peer, bool json, struct strbuf *out);
/* The neighbor's capabilities section (show_caps.c). */
void bgp_show_caps_json(const struct bgp_peer *p, struct json *j);
void bgp_show_caps_text(const struct bgp_peer *p, struct strbuf *out);
void bgp_show_transport_json(const struct bgp_peer *p, struct json *j);

#endif
