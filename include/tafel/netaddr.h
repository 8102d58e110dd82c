/* Network addresses: the one participants on the same network open, and loopback checks. */
#ifndef TAFEL_NETADDR_H
#define TAFEL_NETADDR_H

#include <stddef.h>

/* The first IPv4 address of an interface that is up and not loopback, or "127.0.0.1". */
void netaddr_lan(char *out, size_t outlen);

/* Whether a peer address as libwebsockets writes it ("127.0.0.1", "::1",
 * "::ffff:127.0.0.1") is a loopback address. */
int netaddr_is_loopback(const char *peer);

/* Whether a peer is this machine's own browser: exactly 127.0.0.1 or ::1. */
int netaddr_is_localhost(const char *peer);

/* Whether a Host header value names this machine by a loopback name. */
int netaddr_host_is_loopback(const char *host);

#endif
