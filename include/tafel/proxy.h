/* Which reverse proxies the server believes about the client's address (--trust-proxy), and
 * the client address of a connection that came through one. Behind a proxy every connection
 * comes from the proxy's address, so the per-address limits (connections per address, joins
 * with a wrong code) would count the proxy, not the people; the proxy passes the client's
 * address on in X-Forwarded-For and X-Real-IP, which anyone else could also send, so they are
 * read only from a peer given with --trust-proxy. Pure, but for proxy_client_addr_wsi(). */
#ifndef TAFEL_PROXY_H
#define TAFEL_PROXY_H

#include <stddef.h>
#include <stdint.h>

#define PROXY_MAX_TRUSTED 16

struct proxy_net {
	uint8_t addr[16]; /* IPv4 as ::ffff:a.b.c.d */
	int bits;         /* prefix length over the 128 bits */
};

struct proxy_trust {
	struct proxy_net nets[PROXY_MAX_TRUSTED];
	int n;
};

/* Adds a --trust-proxy value: an IPv4 or IPv6 address, or a network as ADDR/BITS.
 * TF_E_INVALID when it is neither, TF_E_TOO_LARGE when the list is full. */
int proxy_trust_add(struct proxy_trust *t, const char *value);

/* Whether an address (as libwebsockets writes it, "::ffff:" prefix allowed) is trusted. */
int proxy_is_trusted(const struct proxy_trust *t, const char *addr);

/* The client's address: the peer itself unless it is a trusted proxy; then the last address
 * of X-Forwarded-For that is not a trusted proxy (each proxy appends the address it was
 * reached from, so the ones to the left were written by the client and prove nothing), else
 * X-Real-IP, else the peer. A value that is not an address stops the walk: the peer is
 * kept. xff and real_ip may be NULL. */
void proxy_client_addr(const struct proxy_trust *t, const char *peer, const char *xff,
                       const char *real_ip, char *out, size_t outlen);

/* The same for a libwebsockets connection, with its peer and headers (server/proxy_lws.c). */
struct lws;
void proxy_client_addr_wsi(const struct proxy_trust *t, struct lws *wsi, char *out,
                           size_t outlen);

#endif
