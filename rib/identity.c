/* Who we are, as one fact for the whole RIB: the export transform reads
 * the AS and cluster ID, families (EVPN's auto RD and RTs) hear of every
 * change, shows read it here rather than from the session side. */
#include <string.h>

#include "rib/out.h"
#include "rib/rib.h"

static struct rib_identity self;

const struct rib_identity *rib_identity(void)
{
	return &self;
}

void rib_set_identity(const struct rib_identity *id)
{
	bool routing = id->asn != self.asn || id->router_id != self.router_id;

	rib_out_set_identity(id->asn, id->cluster_id ? id->cluster_id : id->router_id);
	self = *id;
	if (!routing)
		return;
	for (int af = 0; af < BGP_AF_MAX; af++) {
		const struct rib_family *f = rib_family_of((enum bgp_af)af);
		if (f->identity)
			f->identity(f->arg, &self);
	}
}
