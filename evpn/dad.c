/* Duplicate address detection as FRR does it (`dup-addr-detection
 * max-moves N time S [freeze T|permanent]`): a MAC that moves N times
 * within S seconds is flagged duplicate; with freeze its local route is
 * held back for T seconds (or until cleared) so two hosts fighting over
 * one MAC stop flooding the fabric with updates. */
#include <time.h>

#include "evpn/evpn.h"
#include "evpn/nlri.h"
#include "lib/log.h"

/* Set from the configuration, or its YANG defaults (evpn/config.c). */
struct evpn_dad_cfg evpn_dad;

bool evpn_dad_move(struct evpn_vni *v, struct evpn_mac *m)
{
	time_t now = time(NULL);
	char mac[18];

	if (!evpn_dad.enabled || m->duplicate)
		return false;
	if (!m->dad_count || now - m->dad_start > (time_t)evpn_dad.time) {
		m->dad_start = now;
		m->dad_count = 0;
	}
	if (++m->dad_count < evpn_dad.max_moves)
		return false;
	m->duplicate = true;
	m->dup_since = now;
	log_warn("evpn: VNI %u: duplicate MAC %s detected: %u moves in %u s", v->vni,
		 evpn_mac_str(m->mac, mac, sizeof(mac)), m->dad_count, evpn_dad.time);
	return true;
}

void evpn_dad_clear(struct evpn_vni *v, struct evpn_mac *m)
{
	(void)v;
	m->duplicate = false;
	m->dad_count = 0;
	m->dad_start = m->dup_since = 0;
}

/* Checked when used rather than on a timer: an expired freeze simply
 * stops holding the route back at the MAC's next settle. */
bool evpn_dad_frozen(struct evpn_mac *m)
{
	if (!m->duplicate || (!evpn_dad.freeze && !evpn_dad.freeze_permanent))
		return false;
	if (evpn_dad.freeze_permanent || time(NULL) - m->dup_since < (time_t)evpn_dad.freeze)
		return true;
	m->duplicate = false;
	m->dad_count = 0;
	return false;
}
