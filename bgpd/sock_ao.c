/* TCP-AO (RFC 5925) master key tuples on sockets, through Linux's
 * TCP_AO_ADD_KEY, TCP_AO_DEL_KEY, TCP_AO_INFO and TCP_AO_GET_KEYS (6.7+).
 * Debian bookworm's headers predate them, so the options and structures
 * are declared here, under names of our own, as the kernel's uapi
 * (include/uapi/linux/tcp.h) defines them.
 *
 * What the kernel does with several MKTs (net/ipv4/tcp_ao.c): a segment is
 * verified with the MKT whose RecvID is its KeyID; a segment's RNextKeyID
 * naming one of our MKTs' SendID makes that MKT our current (send) key;
 * the current and the RNext key cannot be deleted (EBUSY) unless the same
 * TCP_AO_DEL_KEY moves them; a listener holds no current/RNext key, and an
 * accepted socket takes every listener MKT of its peer, its current key
 * named by the SYN's RNextKeyID and its RNext key by the SYN's KeyID. */
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "bgpd/bgp.h"
#include "lib/log.h"

#ifndef TCP_AO_ADD_KEY
#define TCP_AO_ADD_KEY 38
#endif
#ifndef TCP_AO_DEL_KEY
#define TCP_AO_DEL_KEY 39
#endif
#ifndef TCP_AO_INFO
#define TCP_AO_INFO 40
#endif
#ifndef TCP_AO_GET_KEYS
#define TCP_AO_GET_KEYS 41
#endif
#define AO_MAXKEYLEN 80

struct ao_add {
	struct sockaddr_storage addr;
	char alg_name[64];
	int32_t ifindex;
	uint32_t set_current : 1, set_rnext : 1, reserved : 30;
	uint16_t reserved2;
	uint8_t prefix, sndid, rcvid, maclen, keyflags, keylen;
	uint8_t key[AO_MAXKEYLEN];
} __attribute__((aligned(8)));

struct ao_del {
	struct sockaddr_storage addr;
	int32_t ifindex;
	uint32_t set_current : 1, set_rnext : 1, del_async : 1, reserved : 29;
	uint16_t reserved2;
	uint8_t prefix, sndid, rcvid, current_key, rnext, keyflags;
} __attribute__((aligned(8)));

struct ao_info {
	uint32_t set_current : 1, set_rnext : 1, ao_required : 1, set_counters : 1,
		accept_icmps : 1, reserved : 27;
	uint16_t reserved2;
	uint8_t current_key, rnext;
	uint64_t pkt_good, pkt_bad, pkt_key_not_found, pkt_ao_required, pkt_dropped_icmp;
} __attribute__((aligned(8)));

struct ao_get {
	struct sockaddr_storage addr;
	char alg_name[64];
	uint8_t key[AO_MAXKEYLEN];
	uint32_t nkeys;
	uint16_t is_current : 1, is_rnext : 1, get_all : 1, reserved : 13;
	uint8_t sndid, rcvid, prefix, maclen, keyflags, keylen;
	int32_t ifindex;
	uint64_t pkt_good, pkt_bad;
} __attribute__((aligned(8)));

/* The uapi's sizes; the kernel refuses a shorter option. */
_Static_assert(sizeof(struct ao_add) == 288, "struct tcp_ao_add");
_Static_assert(sizeof(struct ao_del) == 144, "struct tcp_ao_del");
_Static_assert(sizeof(struct ao_info) == 48, "struct tcp_ao_info_opt");
_Static_assert(sizeof(struct ao_get) == 304, "struct tcp_ao_getsockopt");

static uint8_t ao_prefix(const struct sockaddr_storage *peer)
{
	return peer->ss_family == AF_INET ? 32 : 128;
}

static const struct bgp_ao_mkt *ao_find(const struct bgp_peer_cfg *c, uint8_t send_id)
{
	for (int i = 0; i < c->n_ao; i++)
		if (c->ao[i].send_id == send_id)
			return &c->ao[i];
	return NULL;
}

static bool ao_mkt_eq(const struct bgp_ao_mkt *a, const struct bgp_ao_mkt *b)
{
	return a->send_id == b->send_id && a->recv_id == b->recv_id && !strcmp(a->key, b->key);
}

static const struct bgp_ao_mkt *ao_preferred(const struct bgp_peer_cfg *c)
{
	return c->n_ao ? &c->ao[c->n_ao - 1] : NULL;
}

bool bgp_ao_same(const struct bgp_peer_cfg *a, const struct bgp_peer_cfg *b)
{
	if (a->n_ao != b->n_ao)
		return false;
	for (int i = 0; i < a->n_ao; i++)
		if (!ao_mkt_eq(&a->ao[i], &b->ao[i]))
			return false;
	return true;
}

/* A live connection takes MKTs added and removed; it cannot take a
 * first or no MKT (whether a connection is signed is settled by its SYN,
 * RFC 5925 section 7.4.1), nor an MKT changed (the kernel has no way to
 * change one; deleting the one in use would break the session), nor a new
 * MKT reusing a removed one's RecvID (it could be added only after the
 * old one is gone, and the old one may be the only common key). */
bool bgp_ao_live_change(const struct bgp_peer_cfg *a, const struct bgp_peer_cfg *b)
{
	if (!a->n_ao || !b->n_ao)
		return false;
	for (int i = 0; i < b->n_ao; i++) {
		const struct bgp_ao_mkt *old = ao_find(a, b->ao[i].send_id);
		if (old && !ao_mkt_eq(old, &b->ao[i]))
			return false;
		if (old)
			continue;
		for (int k = 0; k < a->n_ao; k++)
			if (a->ao[k].recv_id == b->ao[i].recv_id)
				return false;
	}
	return true;
}

/* RFC 5926's mandatory MAC: HMAC-SHA-1 truncated to 96 bits. */
static int ao_add(int fd, const struct sockaddr_storage *peer, const struct bgp_ao_mkt *m,
		  bool current, bool rnext)
{
	struct ao_add ao;
	size_t klen = strlen(m->key);
	int rc;

	if (klen > AO_MAXKEYLEN) {
		errno = EINVAL;
		return -1;
	}
	memset(&ao, 0, sizeof(ao));
	memcpy(&ao.addr, peer, sizeof(*peer));
	if (ao.addr.ss_family == AF_INET)
		((struct sockaddr_in *)&ao.addr)->sin_port = 0;
	else
		((struct sockaddr_in6 *)&ao.addr)->sin6_port = 0;
	strcpy(ao.alg_name, "hmac(sha1)");
	ao.set_current = current;
	ao.set_rnext = rnext;
	ao.prefix = ao_prefix(peer);
	ao.sndid = m->send_id;
	ao.rcvid = m->recv_id;
	ao.maclen = 12;
	ao.keylen = (uint8_t)klen;
	memcpy(ao.key, m->key, klen);
	rc = setsockopt(fd, IPPROTO_TCP, TCP_AO_ADD_KEY, &ao, sizeof(ao));
	explicit_bzero(ao.key, sizeof(ao.key));
	return rc;
}

/* Deletes an MKT; set_current/set_rnext move those keys to pref first,
 * in the same call, as the kernel requires of a key in use. */
static int ao_del(int fd, const struct sockaddr_storage *peer, const struct bgp_ao_mkt *m,
		  const struct bgp_ao_mkt *cur, const struct bgp_ao_mkt *rnext)
{
	struct ao_del del;

	memset(&del, 0, sizeof(del));
	memcpy(&del.addr, peer, sizeof(*peer));
	if (del.addr.ss_family == AF_INET)
		((struct sockaddr_in *)&del.addr)->sin_port = 0;
	else
		((struct sockaddr_in6 *)&del.addr)->sin6_port = 0;
	del.prefix = ao_prefix(peer);
	del.sndid = m->send_id;
	del.rcvid = m->recv_id;
	if (cur) {
		del.set_current = 1;
		del.current_key = cur->send_id;
	}
	if (rnext) {
		del.set_rnext = 1;
		del.rnext = rnext->recv_id;
	}
	if (setsockopt(fd, IPPROTO_TCP, TCP_AO_DEL_KEY, &del, sizeof(del)) < 0)
		return errno == ENOENT && !cur && !rnext ? 0 : -1;
	return 0;
}

/* Kernels without CONFIG_TCP_AO answer ENOPROTOOPT; asking once with a
 * throwaway socket lets configuration refuse a key it could never use. */
bool bgp_sock_ao_supported(void)
{
	struct sockaddr_storage ss = { .ss_family = AF_INET };
	struct bgp_ao_mkt probe = { .key = "probe", .send_id = 1, .recv_id = 1 };
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	struct ao_add ao;
	bool ok;

	if (fd < 0)
		return false;
	/* A wildcard key (prefix 0) on a fresh socket: nothing to match. */
	memset(&ao, 0, sizeof(ao));
	ao.addr = ss;
	strcpy(ao.alg_name, "hmac(sha1)");
	ao.sndid = probe.send_id;
	ao.rcvid = probe.recv_id;
	ao.maclen = 12;
	ao.keylen = (uint8_t)strlen(probe.key);
	memcpy(ao.key, probe.key, ao.keylen);
	ok = setsockopt(fd, IPPROTO_TCP, TCP_AO_ADD_KEY, &ao, sizeof(ao)) == 0 ||
	     errno != ENOPROTOOPT;
	close(fd);
	return ok;
}

int bgp_sock_ao_connect(int fd, const struct sockaddr_storage *peer,
			const struct bgp_peer_cfg *cfg)
{
	const struct bgp_ao_mkt *pref = ao_preferred(cfg);

	for (int i = 0; i < cfg->n_ao; i++) {
		const struct bgp_ao_mkt *m = &cfg->ao[i];
		if (ao_add(fd, peer, m, m == pref, m == pref) < 0)
			return -1;
	}
	return 0;
}

void bgp_sock_ao_listener(int fd, const struct sockaddr_storage *peer,
			  const struct bgp_peer_cfg *old, const struct bgp_peer_cfg *now,
			  const char *name)
{
	/* Gone or changed first: a new MKT may reuse an old one's KeyID. */
	for (int i = 0; i < old->n_ao; i++) {
		const struct bgp_ao_mkt *m = &old->ao[i], *n = ao_find(now, m->send_id);
		if ((!n || !ao_mkt_eq(m, n)) && ao_del(fd, peer, m, NULL, NULL) < 0)
			log_err("bgp: neighbor %s: TCP-AO KeyID %u off the listener: %s", name,
				m->send_id, strerror(errno));
	}
	for (int i = 0; i < now->n_ao; i++) {
		const struct bgp_ao_mkt *m = &now->ao[i], *o = ao_find(old, m->send_id);
		if ((!o || !ao_mkt_eq(m, o)) && ao_add(fd, peer, m, false, false) < 0 &&
		    errno != EEXIST)
			log_err("bgp: neighbor %s: TCP-AO KeyID %u on the listener: %s", name,
				m->send_id, strerror(errno));
	}
}

/* The socket's current key (its SendID) and RNext key (its RecvID); -1
 * for none or when the kernel cannot tell. */
static void ao_in_use(int fd, int *cur, int *rnext, struct ao_info *out)
{
	struct ao_info info;
	socklen_t len = sizeof(info);

	*cur = *rnext = -1;
	memset(&info, 0, sizeof(info));
	if (getsockopt(fd, IPPROTO_TCP, TCP_AO_INFO, &info, &len) < 0)
		return;
	if (info.set_current)
		*cur = info.current_key;
	if (info.set_rnext)
		*rnext = info.rnext;
	if (out)
		*out = info;
}

static int ao_set_rnext(int fd, const struct bgp_ao_mkt *m)
{
	struct ao_info info;

	memset(&info, 0, sizeof(info));
	info.set_rnext = 1;
	info.rnext = m->recv_id;
	return setsockopt(fd, IPPROTO_TCP, TCP_AO_INFO, &info, sizeof(info));
}

/* New MKTs go on before old ones come off, so a key common with the peer
 * is there throughout. The preferred MKT becomes RNext at once: the peer
 * moves its send key to it when it has it (and keeps its own until
 * then). Our send key moves when the peer asks, or here when the MKT it
 * is goes away. */
void bgp_sock_ao_live(int fd, const struct sockaddr_storage *peer,
		      const struct bgp_peer_cfg *old, const struct bgp_peer_cfg *now,
		      const char *name)
{
	const struct bgp_ao_mkt *pref = ao_preferred(now);
	int cur, rnext;

	if (!pref)
		return;
	for (int i = 0; i < now->n_ao; i++) {
		const struct bgp_ao_mkt *m = &now->ao[i];
		if (ao_find(old, m->send_id))
			continue;
		if (ao_add(fd, peer, m, false, m == pref) < 0)
			log_err("bgp: neighbor %s: TCP-AO KeyID %u on the session: %s", name,
				m->send_id, strerror(errno));
		else
			log_info("bgp: neighbor %s: TCP-AO KeyID %u/%u added to the session%s",
				 name, m->send_id, m->recv_id, m == pref ? ", asked for as RNext" : "");
	}
	ao_in_use(fd, &cur, &rnext, NULL);
	if (rnext != pref->recv_id && ao_set_rnext(fd, pref) < 0)
		log_err("bgp: neighbor %s: TCP-AO RNext KeyID %u: %s", name, pref->recv_id,
			strerror(errno));
	ao_in_use(fd, &cur, &rnext, NULL);
	for (int i = 0; i < old->n_ao; i++) {
		const struct bgp_ao_mkt *m = &old->ao[i];
		if (ao_find(now, m->send_id))
			continue;
		bool is_cur = cur == m->send_id, is_rnext = rnext == m->recv_id;
		if (ao_del(fd, peer, m, is_cur ? pref : NULL, is_rnext ? pref : NULL) < 0) {
			log_err("bgp: neighbor %s: TCP-AO KeyID %u off the session: %s", name,
				m->send_id, strerror(errno));
			continue;
		}
		if (is_cur)
			log_info("bgp: neighbor %s: TCP-AO KeyID %u/%u removed from the session; "
				 "it was the send key, KeyID %u is now", name, m->send_id, m->recv_id,
				 pref->send_id);
		else
			log_info("bgp: neighbor %s: TCP-AO KeyID %u/%u removed from the session",
				 name, m->send_id, m->recv_id);
		if (is_cur)
			cur = pref->send_id;
	}
}

void bgp_sock_ao_accepted(int fd, const struct bgp_peer_cfg *cfg, const char *name)
{
	const struct bgp_ao_mkt *pref = ao_preferred(cfg);
	int cur, rnext;

	if (!pref)
		return;
	ao_in_use(fd, &cur, &rnext, NULL);
	if (rnext >= 0 && rnext != pref->recv_id && ao_set_rnext(fd, pref) < 0)
		log_err("bgp: neighbor %s: TCP-AO RNext KeyID %u: %s", name, pref->recv_id,
			strerror(errno));
}

static void ao_state_key(const struct ao_get *k, struct bgp_ao_key_state *out)
{
	out->send_id = k->sndid;
	out->recv_id = k->rcvid;
	out->current = k->is_current;
	out->rnext = k->is_rnext;
	out->pkt_good = k->pkt_good;
	out->pkt_bad = k->pkt_bad;
}

/* A listener's MKTs for one peer, asked for one by one: the kernel
 * matches an address together with both KeyIDs, never with a wildcard. */
static void ao_state_listener(int fd, const struct sockaddr_storage *peer,
			      const struct bgp_peer_cfg *cfg, struct bgp_ao_state *st)
{
	for (int i = 0; i < cfg->n_ao && st->n_keys < BGP_AO_STATE_MAX; i++) {
		struct ao_get k;
		socklen_t len = sizeof(k);

		memset(&k, 0, sizeof(k));
		memcpy(&k.addr, peer, sizeof(*peer));
		if (peer->ss_family == AF_INET)
			((struct sockaddr_in *)&k.addr)->sin_port = 0;
		else
			((struct sockaddr_in6 *)&k.addr)->sin6_port = 0;
		k.prefix = ao_prefix(peer);
		k.sndid = cfg->ao[i].send_id;
		k.rcvid = cfg->ao[i].recv_id;
		k.nkeys = 1;
		if (getsockopt(fd, IPPROTO_TCP, TCP_AO_GET_KEYS, &k, &len) == 0 && k.nkeys)
			ao_state_key(&k, &st->keys[st->n_keys++]);
		explicit_bzero(&k, sizeof(k));
	}
}

/* What the kernel holds on fd: for a connection, its current and RNext
 * key, its counters and all its MKTs; for a listener (listener_cfg set),
 * the peer's MKTs. With their counters, never their secrets. */
int bgp_sock_ao_state(int fd, const struct sockaddr_storage *peer,
		      const struct bgp_peer_cfg *listener_cfg, struct bgp_ao_state *st)
{
	struct ao_get keys[BGP_AO_STATE_MAX];
	socklen_t len = sizeof(keys[0]);
	struct ao_info info;
	uint32_t n;

	memset(st, 0, sizeof(*st));
	st->current = st->rnext = -1;
	if (listener_cfg) {
		ao_state_listener(fd, peer, listener_cfg, st);
		return 0;
	}
	memset(&info, 0, sizeof(info));
	ao_in_use(fd, &st->current, &st->rnext, &info);
	st->pkt_good = info.pkt_good;
	st->pkt_bad = info.pkt_bad;
	st->pkt_key_not_found = info.pkt_key_not_found;
	st->pkt_ao_required = info.pkt_ao_required;
	memset(keys, 0, sizeof(keys));
	keys[0].nkeys = BGP_AO_STATE_MAX;
	keys[0].get_all = 1;
	if (getsockopt(fd, IPPROTO_TCP, TCP_AO_GET_KEYS, keys, &len) < 0) {
		explicit_bzero(keys, sizeof(keys));
		return -1;
	}
	n = keys[0].nkeys < BGP_AO_STATE_MAX ? keys[0].nkeys : BGP_AO_STATE_MAX;
	for (uint32_t i = 0; i < n; i++)
		ao_state_key(&keys[i], &st->keys[i]);
	st->n_keys = n;
	explicit_bzero(keys, sizeof(keys));
	return 0;
}
