/* Formatting shared by the BGP show commands, in FRR's conventions. */
#include <stdio.h>
#include <time.h>

#include "bgpd/show.h"

/* FRR's peer_uptime(): "00:01:02" within a day, "1d02h03m" within a week,
 * "02w3d04h" beyond; "never" for a peer never up. */
const char *bgp_show_uptime(time_t since, bool never, char *buf, size_t len)
{
	long s = (long)(time(NULL) - since);

	if (never)
		snprintf(buf, len, "never");
	else if (s < 86400)
		snprintf(buf, len, "%02ld:%02ld:%02ld", s / 3600, s / 60 % 60, s % 60);
	else if (s < 7 * 86400)
		snprintf(buf, len, "%ldd%02ldh%02ldm", s / 86400, s / 3600 % 24, s / 60 % 60);
	else
		snprintf(buf, len, "%02ldw%ldd%02ldh", s / 604800, s / 86400 % 7, s / 3600 % 24);
	return buf;
}

const char *bgp_show_id(uint32_t id, char *buf, size_t len)
{
	snprintf(buf, len, "%u.%u.%u.%u", id >> 24, id >> 16 & 255, id >> 8 & 255, id & 255);
	return buf;
}

uint32_t bgp_show_remote_as(const struct bgp_peer *p)
{
	if (p->state == BGP_ESTABLISHED || p->remote_as_seen)
		return p->remote_as_seen ? p->remote_as_seen : p->cfg.remote_as;
	if (p->cfg.as_internal)
		return p->bgp->asn;
	return p->cfg.remote_as;
}

/* What FRR prints in the State/PfxRcd column instead of a count. */
const char *bgp_show_state_word(const struct bgp_peer *p)
{
	if (p->cfg.shutdown)
		return "Idle (Admin)";
	return bgp_state_name(p->state);
}
