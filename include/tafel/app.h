/* The server's configuration and its parts, made by main.c and reached from the protocol
 * callbacks through the libwebsockets context's user pointer. */
#ifndef TAFEL_APP_H
#define TAFEL_APP_H

#include "tafel/hub.h"
#include "tafel/limits.h"

#define APP_MAX_ORIGINS 16

struct tafel_app {
	struct hub *hub;
	struct tf_limits lim;
	const char *web_dir;
	const char *admin_key;          /* NULL: organizer calls from loopback only */
	const char *allow_origins[APP_MAX_ORIGINS];
	int n_allow_origins;
	char lan_addr[64];              /* the address participants on the network open */
	int port;
};

#endif
