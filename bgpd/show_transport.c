/* The transport part of "show bgp neighbors json": addresses and ports of
 * the TCP session and its smoothed RTT, read from the socket itself. */
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
	json_str(j, "readThread", fd >= 0 ? "on" : "off");
	json_str(j, "writeThread", fd >= 0 ? "on" : "off");
}
