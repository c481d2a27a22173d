/* Blocking management API client, for the evpnsh shell and for tests. One
 * request is in flight at a time; every wait is bounded by a timeout. */
#ifndef EVPND_MGMT_CLIENT_H
#define EVPND_MGMT_CLIENT_H

#include <stddef.h>

#include "evpnd.pb-c.h"

#define MGMT_CLIENT_TIMEOUT 30 /* seconds, the default */

struct mgmt_client;

struct mgmt_client *mgmt_client_unix(const char *path, char *err, size_t errlen);
/* Mutual TLS to host (a name or an address literal) and port. The server's
 * chain is verified against `ca` (its name is not checked). cert and key may
 * both be NULL for a client without a certificate. */
struct mgmt_client *mgmt_client_tls(const char *host, unsigned port, const char *cert,
				    const char *key, const char *ca, char *err, size_t errlen);
/* Bound every later wait (connect, send, reply) to `seconds`; 0 waits for
 * ever. */
void mgmt_client_set_timeout(struct mgmt_client *c, unsigned seconds);
/* Send one request, wait for its reply (free with evpnd__reply__free_unpacked(r, NULL));
 * NULL with err filled on any transport failure. After a failure the
 * connection is unusable (a late reply could be taken for the next one):
 * later calls fail too, so reconnect. */
Evpnd__Reply *mgmt_client_call(struct mgmt_client *c, const Evpnd__Request *req,
			       char *err, size_t errlen);
void mgmt_client_free(struct mgmt_client *c);

#endif
