/* Per-address accounting: open WebSocket connections and failed join attempts per client
 * address. libwebsockets' Debian build has no per-address limit, so the server keeps its own
 * small table. */
#ifndef TAFEL_IPLIMIT_H
#define TAFEL_IPLIMIT_H

#include <stdint.h>

struct iplimit;

struct iplimit *iplimit_new(void);
void iplimit_free(struct iplimit *t);

/* Counts one more connection from addr unless it has max open already: returns 0, or -1
 * when the connection is to be refused. */
int iplimit_connect(struct iplimit *t, const char *addr, int max);
void iplimit_disconnect(struct iplimit *t, const char *addr);

/* A failed join from addr (a code that names no session): returns 0 while the address is
 * within `burst` failures refilled at `per_minute`, -1 when it is to be refused. */
int iplimit_join_failed(struct iplimit *t, const char *addr, int burst, int per_minute,
                        int64_t now_ms);
/* Whether addr may try a join now (it has failure budget left). */
int iplimit_join_allowed(struct iplimit *t, const char *addr, int burst, int per_minute,
                         int64_t now_ms);

#endif
