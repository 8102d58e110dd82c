/* The server's configuration and its parts, made by main.c and reached from the protocol
 * callbacks through the libwebsockets context's user pointer. */
#ifndef TAFEL_APP_H
#define TAFEL_APP_H

#include "tafel/hub.h"
#include "tafel/limits.h"
#include "tafel/origin.h"
#include "tafel/proxy.h"

struct tafel_app {
	struct hub *hub;
	struct tf_limits lim;
	const char *web_dir;
	const char *admin_key;          /* NULL: organizer calls from loopback only */
	struct origin_policy origins;   /* --allow-host, --allow-origin, --host */
	struct proxy_trust proxies;     /* --trust-proxy: whose X-Forwarded-For is believed */
	char lan_addr[64];              /* the address participants on the network open */
	int port;
};

#endif
