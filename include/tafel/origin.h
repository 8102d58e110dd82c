/* The Host and Origin rules that keep other web pages away from the server (docs/operations.md,
 * "Security: Host and Origin checks"). A page on another site can make the browser of someone
 * at the laptop send requests here, and with DNS rebinding (its own name re-pointed to
 * 127.0.0.1) even read the replies; these checks tell the server's own pages from such
 * requests by the Host, Origin, Sec-Fetch-Site and Content-Type headers. Pure functions of
 * the header values and the configured allow-lists. */
#ifndef TAFEL_ORIGIN_H
#define TAFEL_ORIGIN_H

#include <stddef.h>

#define ORIGIN_MAX_HOSTS 16
#define ORIGIN_MAX_ORIGINS 16

/* What the operator configured. The strings are the command line's and are not copied. */
struct origin_policy {
	const char *hosts[ORIGIN_MAX_HOSTS];     /* --allow-host NAME or NAME:PORT */
	int n_hosts;
	const char *origins[ORIGIN_MAX_ORIGINS]; /* --allow-origin SCHEME://NAME[:PORT] */
	int n_origins;
	const char *bind_host;                   /* --host when not the wildcard, or NULL */
};

/* Adds an --allow-host value. TF_E_INVALID when it is not a host name or address with an
 * optional port (a scheme or a path is a mistake: an origin goes to --allow-origin), and
 * TF_E_TOO_LARGE when the list is full. */
int origin_allow_host(struct origin_policy *p, const char *host);

/* Adds an --allow-origin value: TF_E_INVALID unless it is http:// or https:// and a host
 * with an optional port (a trailing slash is tolerated), TF_E_TOO_LARGE when full. */
int origin_allow_origin(struct origin_policy *p, const char *origin);

/* Whether a Host header value (NAME[:PORT]) names this machine by its loopback name or an
 * address in 127.0.0.0/8, ::1 or 0.0.0.0. Exact: "localhost.example" is not loopback. */
int origin_host_is_loopback(const char *host);

/* Whether the server answers its API and WebSocket under this Host: a loopback name or
 * address, any IP address (a name is needed to rebind, an address cannot be), --host, a
 * name given with --allow-host, or the host of an --allow-origin. NULL (no Host header:
 * not a browser, which always sends one) is allowed. */
int origin_host_allowed(const struct origin_policy *p, const char *host);

/* Whether a request with this Host may get the organizer's rights without a key (when no
 * admin key is set and the peer is loopback): a loopback name or address, --host or a name
 * given with --allow-host. Not the names of --allow-origin: they are a proxy's, and through
 * a proxy every peer is loopback. NULL is trusted (a client that is not a browser). */
int origin_host_trusted(const struct origin_policy *p, const char *host);

/* Whether an Origin header value is allowed with this Host: listed with --allow-origin, or
 * http://HOST of an allowed Host (the server speaks plain HTTP), or https://HOST when HOST
 * is a name given with --allow-host (a TLS proxy in front that passes the name on). NULL
 * (no Origin) is allowed; "null" is not. */
int origin_origin_allowed(const struct origin_policy *p, const char *origin, const char *host);

/* Whether a Content-Type value says JSON: application/json, any case, parameters allowed. */
int origin_is_json(const char *content_type);

/* The headers of one request, each NULL when absent. */
struct origin_request {
	const char *host, *origin, *fetch_site, *content_type;
	int guarded;   /* a change or an organizer call: Origin and Sec-Fetch-Site are checked */
	int json_body; /* the call reads a JSON body: Content-Type is checked */
};

enum origin_verdict {
	ORIGIN_OK,
	ORIGIN_HOST_NOT_ALLOWED, /* 403 host_not_allowed */
	ORIGIN_NOT_ALLOWED,      /* 403 origin_not_allowed */
	ORIGIN_CROSS_SITE,       /* 403 cross_site: Sec-Fetch-Site cross-site or same-site */
	ORIGIN_NOT_JSON,         /* 415 unsupported_media_type */
};

/* The checks in order: Host, then (guarded calls) Origin, or Sec-Fetch-Site when there is no
 * Origin, then (JSON bodies) Content-Type. */
enum origin_verdict origin_check(const struct origin_policy *p, const struct origin_request *r);

/* The HTTP status, the error code and a message for a verdict other than ORIGIN_OK. */
int origin_verdict_status(enum origin_verdict v);
const char *origin_verdict_code(enum origin_verdict v);
const char *origin_verdict_message(enum origin_verdict v);

/* The scheme and authority of the join link for a request with this Host: https://HOST when
 * an --allow-origin says https://HOST (the public name of a TLS proxy), http://HOST for
 * another Host, and http://LAN:PORT when the Host is absent, loopback or not allowed (the
 * tablets cannot open the laptop's own loopback). */
void origin_join_base(const struct origin_policy *p, const char *host, const char *lan_addr,
                      int port, char *out, size_t outlen);

/* Copies at most outlen - 1 printable ASCII characters of a header value, for a log line. */
void origin_printable(const char *value, char *out, size_t outlen);

/* The headers the rules read, copied from a libwebsockets request (server/origin_headers.c,
 * the module's one part that is not pure). */
struct lws;
struct origin_headers {
	char host[256], origin[256], fetch_site[32], content_type[128];
	int forwarded;              /* Forwarded, X-Forwarded-For or X-Real-IP: from a proxy */
	struct origin_request req;  /* points into the buffers; guarded and json_body are 0 */
};
void origin_read_headers(struct lws *wsi, struct origin_headers *h);

#endif
