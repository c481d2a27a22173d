/* Interned path attributes (hash-consed, refcounted): every route that
 * came with the same attribute set points at one copy. The fixed fields
 * and the variable parts live in one allocation; equality is a byte
 * comparison of everything from `present` on, so the struct is always
 * built zeroed. */
#ifndef EVPND_RIB_ATTR_H
#define EVPND_RIB_ATTR_H

#include <malloc.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "wire/update.h"

struct rib_attr {
	struct rib_attr *hnext;
	uint32_t hash;
	uint32_t refcnt;
	/* ---- the key: hashed and compared as bytes from here ---- */
	uint64_t present, partial; /* as struct bgp_attrs */
	uint32_t med, local_pref, originator_id, aggr_as, aggr_id;
	uint32_t pmsi_label;
	uint8_t origin, pmsi_flags, pmsi_type;
	uint8_t nh_len;	   /* the MP_REACH (or NEXT_HOP) next hop: 4, 16 or 32 */
	uint8_t nh[32];
	uint16_t aspath_len, comm_len, ecomm_len, lcomm_len, cluster_len, pmsi_id_len;
	uint16_t unknown_len; /* unknown attributes, each flags, type, 2-octet length, value */
	uint16_t reserved;
	uint8_t data[];	      /* aspath | comm | ecomm | lcomm | cluster | pmsi id | unknown */
};

/* Interns what a parser saw: attrs (views into a message, and its owned
 * aspath, neither kept) plus the next hop. Returns a new reference, or
 * NULL on allocation failure. */
struct rib_attr *rib_attr_intern(const struct bgp_attrs *a, const uint8_t *nh, uint8_t nh_len);
struct rib_attr *rib_attr_ref(struct rib_attr *a);
void rib_attr_unref(struct rib_attr *a);
/* Views into a (valid while the reference is held); aspath points into a
 * too, so never bgp_attrs_free() the result. */
void rib_attr_view(const struct rib_attr *a, struct bgp_attrs *out);

static inline const uint8_t *rib_attr_aspath(const struct rib_attr *a) { return a->data; }
static inline const uint8_t *rib_attr_comm(const struct rib_attr *a)
{
	return a->data + a->aspath_len;
}
static inline const uint8_t *rib_attr_ecomm(const struct rib_attr *a)
{
	return rib_attr_comm(a) + a->comm_len;
}
static inline const uint8_t *rib_attr_lcomm(const struct rib_attr *a)
{
	return rib_attr_ecomm(a) + a->ecomm_len;
}
static inline const uint8_t *rib_attr_cluster(const struct rib_attr *a)
{
	return rib_attr_lcomm(a) + a->lcomm_len;
}
static inline const uint8_t *rib_attr_pmsi_id(const struct rib_attr *a)
{
	return rib_attr_cluster(a) + a->cluster_len;
}
static inline bool rib_attr_has(const struct rib_attr *a, unsigned type)
{
	return a->present & (1ull << type);
}

/* How many distinct sets are interned and the bytes they take. */
size_t rib_attr_count(void);
size_t rib_attr_bytes(void);

/* What one allocation really takes of the heap: what malloc gave, and
 * the size word in front of it (glibc). */
static inline size_t rib_heap(const void *p)
{
	return malloc_usable_size((void *)p) + sizeof(size_t);
}

#endif
