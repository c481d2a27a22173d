/* The transport part of "show bgp neighbors json": addresses and ports of
 * the TCP session, its smoothed RTT and its TCP-AO keys, read from the
 * socket itself. */
#include <arpa/inet.h>
#include <netinet/tcp.h>
#include <stdio.h>

#include "bgpd/show.h"

static void tr_addr(struct json *j, const char *khost, const char *kport,
		    const struct sockaddr_storage *ss)
{
	char buf[INET6_ADDRSTRLEN] = "Unknown";
	int port = -1;

	if (ss->ss_family == AF_INET) {
		const struct sockaddr_in *s4 = (const void *)ss;
		inet_ntop(AF_INET, &s4->sin_addr, buf, sizeof(buf));
		port = ntohs(s4->sin_port);
	} else if (ss->ss_family == AF_INET6) {
		const struct sockaddr_in6 *s6 = (const void *)ss;
		inet_ntop(AF_INET6, &s6->sin6_addr, buf, sizeof(buf));
		port = ntohs(s6->sin6_port);
	}
	json_str(j, khost, buf);
	json_int(j, kport, port);
}

static void tr_ao_keys(struct json *j, const char *key, const struct bgp_ao_state *st,
		       bool conn)
{
	json_arr(j, key);
	for (unsigned i = 0; i < st->n_keys; i++) {
		const struct bgp_ao_key_state *k = &st->keys[i];
		json_obj(j, NULL);
		json_uint(j, "sendId", k->send_id);
		json_uint(j, "recvId", k->recv_id);
		if (conn) {
			json_bool(j, "current", k->current);
			json_bool(j, "rnext", k->rnext);
		}
		json_uint(j, "packetsGood", k->pkt_good);
		json_uint(j, "packetsBad", k->pkt_bad);
		json_end(j);
	}
	json_end(j);
}

/* FRR has no TCP-AO: these names are ours. currentKeyId is the KeyID we
 * send (the current MKT's send-id), rnextKeyId the RNextKeyID we send
 * (the recv-id of the MKT we ask the peer to send with). */
static void tr_ao_json(const struct bgp_peer *p, int fd, struct json *j)
{
	const struct bgp_ao_mkt *pref = &p->cfg.ao[p->cfg.n_ao - 1];
	int lfd = p->addr.ss_family == AF_INET ? p->bgp->lfd4 : p->bgp->lfd6;
	struct bgp_ao_state st;

	json_obj(j, "tcpAo");
	json_uint(j, "keysConfigured", p->cfg.n_ao);
	json_uint(j, "preferredSendId", pref->send_id);
	json_uint(j, "preferredRecvId", pref->recv_id);
	if (fd >= 0 && bgp_sock_ao_state(fd, &p->addr, NULL, &st) == 0) {
		if (st.current >= 0)
			json_uint(j, "currentKeyId", (unsigned)st.current);
		if (st.rnext >= 0)
			json_uint(j, "rnextKeyId", (unsigned)st.rnext);
		json_uint(j, "packetsGood", st.pkt_good);
		json_uint(j, "packetsBad", st.pkt_bad);
		json_uint(j, "packetsKeyNotFound", st.pkt_key_not_found);
		json_uint(j, "packetsAoRequired", st.pkt_ao_required);
		tr_ao_keys(j, "keys", &st, true);
	}
	/* Segments of connection attempts land on the listener's MKTs:
	 * a peer with another secret shows here as packetsBad. */
	if (lfd >= 0 && p->listener_keys_set &&
	    bgp_sock_ao_state(lfd, &p->addr, &p->listener_cfg, &st) == 0)
		tr_ao_keys(j, "listenerKeys", &st, false);
	json_end(j);
}

void bgp_show_transport_json(const struct bgp_peer *p, struct json *j)
{
	struct sockaddr_storage local = { 0 }, remote = { 0 };
	socklen_t len = sizeof(local);
	int fd = p->conn && p->conn->state >= BGP_OPENSENT ? p->conn->fd : -1;
	struct tcp_info ti;
	socklen_t tlen = sizeof(ti);

	if (fd >= 0) {
		getsockname(fd, (struct sockaddr *)&local, &len);
		len = sizeof(remote);
		getpeername(fd, (struct sockaddr *)&remote, &len);
	}
	tr_addr(j, "hostLocal", "portLocal", &local);
	tr_addr(j, "hostForeign", "portForeign", &remote);
	if (fd >= 0 && getsockopt(fd, IPPROTO_TCP, TCP_INFO, &ti, &tlen) == 0)
		json_uint(j, "estimatedRttInMsecs", ti.tcpi_rtt / 1000);
	if (p->cfg.n_ao)
		tr_ao_json(p, p->conn ? p->conn->fd : -1, j);
	json_str(j, "readThread", fd >= 0 ? "on" : "off");
	json_str(j, "writeThread", fd >= 0 ? "on" : "off");
}
