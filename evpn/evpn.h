/* EVPN instances (RFC 7432 §3, RFC 8365 §5.1.2): one per VNI, with its RD
 * and route targets, its local MACs (originated as type-2 routes), its
 * type-3 route, and what it imported from the Loc-RIB: per MAC the winning
 * remote VTEP (RFC 7432 §15) and the set of remote VTEPs to flood to. */
#ifndef EVPND_EVPN_EVPN_H
#define EVPND_EVPN_EVPN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "evpn/ecomm.h"
#include "evpn/rd.h"
#include "fib/dp.h"
#include "lib/htab.h"
#include "rib/rib.h"
#include "yang/module.h"

#define EVPN_RT_MAX 8

struct evpn_neigh;
struct evpn_imp;

/* One MAC in one VNI: local (learned here), remote (imported), or both
 * while a move is being settled. */
struct evpn_mac {
	struct evpn_mac *hnext;
	uint8_t mac[6];
	bool local;
	bool local_adv;		/* our type-2 route for it is in the RIB */
	bool local_sticky;
	int local_ifindex;	/* the bridge port it was learned on; 0 unknown */
	bool kernel_seen, kernel_missed;	/* fib/'s refresh marks */
	uint32_t local_seq;
	struct evpn_neigh *local_ips;
	struct evpn_imp *imps;	/* imported type-2 routes for this MAC */
	struct evpn_imp *winner;	/* the remote route the data plane follows */
	/* Duplicate address detection, as FRR: moves counted in a window. */
	uint32_t dad_count;
	time_t dad_start;
	bool duplicate;
	time_t dup_since;
};

/* A local IP bound to a local MAC (a MAC+IP route). */
struct evpn_neigh {
	struct evpn_neigh *next;
	uint8_t ip_len;
	uint8_t ip[16];
};

/* An imported type-2 route: one destination (one RD) naming this MAC. */
struct evpn_imp {
	struct evpn_imp *next;
	const struct rib_dest *dest;
	uint8_t vtep_len;
	uint8_t vtep[16];
	uint8_t ip_len;		/* MAC+IP routes */
	uint8_t ip[16];
	uint32_t seq;
	bool sticky;
	bool router;		/* RFC 9047 ND router flag */
	uint32_t label;
};

/* A remote VTEP named by an imported type-3 route. */
struct evpn_vtep {
	struct evpn_vtep *next;
	const struct rib_dest *dest;
	uint8_t len;
	uint8_t ip[16];
	uint32_t tunnel_type;
};

struct evpn_vni {
	struct evpn_vni *next;
	struct evpn_vni *hnext;	/* evpn_vni_find's bucket */
	uint32_t vni;
	bool configured;	/* `vni N` (else discovered through advertise-all-vni) */
	bool seen;		/* config reconcile mark */
	bool rd_auto;
	struct evpn_rd rd;
	uint16_t rd_index;	/* auto RD: router-id:index */
	uint8_t import_rt[EVPN_RT_MAX][EVPN_ECOMM_LEN], export_rt[EVPN_RT_MAX][EVPN_ECOMM_LEN];
	uint8_t n_import, n_export;
	bool rt_import_auto, rt_export_auto;
	uint8_t vtep_len;
	uint8_t vtep[16];	/* our VTEP address */
	/* What our routes were originated with: their withdrawals must name
	 * the RD and originator they went out with, not a new config's. */
	struct evpn_rd adv_rd;
	uint8_t adv_vtep_len;
	uint8_t adv_vtep[16];
	char vxlan_if[16], bridge[16], svi[16];
	uint16_t vlan;		/* single vxlan device: the VLAN mapped to the VNI */
	/* Bound to a kernel vxlan device (fib/): from then on the VNI is
	 * live only while that device is up. A VNI never seen in the kernel
	 * is a control-plane-only instance with the router ID as VTEP. */
	bool kernel_bound, kernel_up, vtep_kernel;
	int vxlan_ifindex, bridge_ifindex, svi_ifindex;	/* kept after the device goes */
	struct htab macs;	/* by MAC (evpn/mac.c) */
	struct evpn_vtep *vteps;	/* flood list */
	size_t n_remote_macs, n_local_macs, n_imported;
	bool imet_adv;		/* our type-3 is in the RIB */
	bool adv_gw_set, adv_gw;	/* the VNI's advertise-default-gw, if set */
};

/* The data plane (fib/dp.h), wired by the daemon: what import decided
 * goes there as plain values (evpn/dp.c), what the kernel has comes back
 * as its events (evpn/kernel.c). Unset: a control-plane-only evpnd. */
void evpn_dp_set(const struct fib_dp_ops *ops);
const struct fib_dp_events *evpn_kernel_events(void);
/* The data plane hears m's new state, a flood list change, a config change. */
void evpn_dp_mac(const struct evpn_vni *v, const struct evpn_mac *m);
void evpn_dp_flood(const struct evpn_vni *v, const struct evpn_vtep *t, bool add);
void evpn_dp_rescan(void);

/* `advertise-all-vni`: every VNI found in the kernel gets an instance.
 * `advertise-default-gw`: the global setting, which a VNI may override. */
extern bool evpn_advertise_all, evpn_advertise_gw;
static inline bool evpn_vni_advertise_gw(const struct evpn_vni *v)
{
	return v->adv_gw_set ? v->adv_gw : evpn_advertise_gw;
}
/* May the VNI originate and import: identity known, VTEP known, device up. */
bool evpn_vni_live(const struct evpn_vni *v);

/* The module: registered with the RIB as the L2VPN EVPN family. */
void evpn_init(void);
void evpn_shutdown(void);
/* Identity from the BGP configuration (auto RD and RT, VTEP fallback). */
void evpn_set_identity(uint32_t asn, uint32_t router_id);

struct evpn_vni *evpn_vni_find(uint32_t vni);
struct evpn_vni *evpn_vni_first(void);	/* ordered by VNI */
struct evpn_vni *evpn_vni_get(uint32_t vni);	/* finds or creates */
void evpn_vni_delete(struct evpn_vni *v);
/* Recomputes RD/RTs and re-originates after a change of config or identity. */
void evpn_vni_refresh(struct evpn_vni *v);

/* Local learning (the kernel through fib/, or the `evpn local-mac` command):
 * ip_len 0 for the MAC alone. */
int evpn_local_mac_add(uint32_t vni, const uint8_t mac[6], const uint8_t *ip, uint8_t ip_len,
		       bool sticky);
int evpn_local_mac_del(uint32_t vni, const uint8_t mac[6], const uint8_t *ip, uint8_t ip_len);

/* MAC table of a VNI (evpn/mac.c); a new VNI's starts empty. */
void evpn_mac_table_init(struct evpn_vni *v);
struct evpn_mac *evpn_mac_find(struct evpn_vni *v, const uint8_t mac[6]);
struct evpn_mac *evpn_mac_get(struct evpn_vni *v, const uint8_t mac[6]);
void evpn_mac_gc(struct evpn_vni *v, struct evpn_mac *m);
/* Calls cb for every MAC of v. */
void evpn_mac_walk(struct evpn_vni *v, void (*cb)(struct evpn_vni *, struct evpn_mac *, void *),
		   void *arg);
/* Re-decides m after any change: remote winner, mobility, our route. */
void evpn_mac_settle(struct evpn_vni *v, struct evpn_mac *m);
void evpn_mac_free_all(struct evpn_vni *v);

/* Origination (evpn/originate.c). */
void evpn_orig_imet(struct evpn_vni *v, bool on);
void evpn_orig_mac(struct evpn_vni *v, struct evpn_mac *m, bool on);
void evpn_orig_withdraw_ip(struct evpn_vni *v, struct evpn_mac *m, const struct evpn_neigh *n);
struct rib_peer *evpn_local_peer(void);

/* Duplicate address detection settings and state (evpn/dad.c). */
struct evpn_dad_cfg {
	bool enabled;
	uint32_t max_moves, time;
	uint32_t freeze;	/* seconds; 0 none */
	bool freeze_permanent;
};
extern struct evpn_dad_cfg evpn_dad;
/* A move of m was seen; returns true when m just became a duplicate. */
bool evpn_dad_move(struct evpn_vni *v, struct evpn_mac *m);
void evpn_dad_clear(struct evpn_vni *v, struct evpn_mac *m);
/* A duplicate under `freeze`: its local route is held back. */
bool evpn_dad_frozen(struct evpn_mac *m);

/* The VNIs the route targets in ecomm may import into (evpn/rt_index.c),
 * appended to out[n..max) once each; SIZE_MAX when more than fit. The
 * index is rebuilt after evpn_rt_index_dirty (a VNI or its RTs changed). */
size_t evpn_rt_index_vnis(const uint8_t *ecomm, size_t len, struct evpn_vni **out, size_t n,
			  size_t max);
void evpn_rt_index_dirty(void);
void evpn_rt_index_free(void);
/* The number after a route target's colon (FRR's ANY:VNI matches it). */
uint32_t evpn_rt_local(const uint8_t c[EVPN_ECOMM_LEN]);

/* RFC 7432 §15 (evpn/decide.c): the family's rules for the RIB's decision
 * process; the MAC Mobility community of a, false (seq 0, not sticky)
 * when there is none; VTEP addresses in §15.1 order (IPv4 first). */
extern const struct rib_rule evpn_decide_rules[];
extern const size_t evpn_decide_n_rules;
bool evpn_mac_mobility(const struct rib_attr *a, uint32_t *seq, bool *sticky);
int evpn_vtep_cmp(const uint8_t *a, uint8_t alen, const uint8_t *b, uint8_t blen);

/* Imported routes (evpn/import.c): the RIB's listener. */
void evpn_import_best_changed(void *arg, const struct rib_dest *d, const struct rib_path *old,
			      const struct rib_attr *old_attr, const struct rib_path *new_best);
/* A VNI's import RTs changed (or it appeared): import from scratch. */
void evpn_import_vni(struct evpn_vni *v);
void evpn_unimport_vni(struct evpn_vni *v);

/* The module (evpn/config.c): configuration, state (evpn/state.c), commands. */
extern const struct module evpn_module;
int evpn_state_cb(void *arg, struct ly_ctx *ctx, struct lyd_node **tree);

#endif
