/* Host and Origin rules: see include/tafel/origin.h. Header values are parsed into a scheme,
 * a name and a port and compared as such, never by prefix: "localhost.evil.example" and
 * "127.0.0.1.evil.example" are names like any other. */
#include <arpa/inet.h>
#include <ctype.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "tafel/error.h"
#include "tafel/origin.h"

/* A host name (or address) and port, as in a Host header or after an origin's scheme. */
struct authority {
	char name[256]; /* without the brackets of an IPv6 address */
	int port;       /* 0 when none is given */
	int v6;         /* the name was [bracketed] */
};

enum scheme { SCHEME_HTTP, SCHEME_HTTPS };

/* Parses NAME[:PORT] or [V6][:PORT] of exactly len bytes. Names are letters, digits, dots
 * and hyphens; anything else (spaces, quotes, a path, a user@) makes it malformed. */
static int parse_authority(const char *s, size_t len, struct authority *a)
{
	const char *end = s + len, *name = s, *name_end, *colon;
	char v6buf[sizeof(struct in6_addr)];

	memset(a, 0, sizeof *a);
	if (len == 0)
		return -1;
	if (*s == '[') {
		name = s + 1;
		name_end = memchr(name, ']', (size_t)(end - name));
		if (!name_end)
			return -1;
		colon = name_end + 1 < end ? name_end + 1 : NULL;
		if (colon && *colon != ':')
			return -1;
		a->v6 = 1;
	} else {
		colon = memchr(s, ':', len);
		name_end = colon ? colon : end;
	}
	if (name_end == name || (size_t)(name_end - name) >= sizeof a->name)
		return -1;
	for (const char *c = name; c < name_end; c++)
		if (!(isalnum((unsigned char)*c) || *c == '.' || *c == '-' || (a->v6 && *c == ':')))
			return -1;
	memcpy(a->name, name, (size_t)(name_end - name));
	if (a->v6 && inet_pton(AF_INET6, a->name, v6buf) != 1)
		return -1;
	if (colon) {
		const char *d = colon + 1;

		if (d == end || end - d > 5)
			return -1;
		for (; d < end; d++) {
			if (!isdigit((unsigned char)*d))
				return -1;
			a->port = a->port * 10 + (*d - '0');
		}
		if (a->port < 1 || a->port > 65535)
			return -1;
	}
	return 0;
}

/* Parses SCHEME://AUTHORITY with scheme http or https; a trailing slash only when asked
 * (configured values may have one, browsers never send it). */
static int parse_origin(const char *s, int slash_ok, enum scheme *scheme, struct authority *a)
{
	size_t len;

	if (strncasecmp(s, "http://", 7) == 0) {
		*scheme = SCHEME_HTTP;
		s += 7;
	} else if (strncasecmp(s, "https://", 8) == 0) {
		*scheme = SCHEME_HTTPS;
		s += 8;
	} else {
		return -1;
	}
	len = strlen(s);
	if (slash_ok && len && s[len - 1] == '/')
		len--;
	return parse_authority(s, len, a);
}

static int parse_host(const char *host, struct authority *a)
{
	return parse_authority(host, strlen(host), a);
}

static int is_ip(const struct authority *a)
{
	struct in_addr v4;

	return a->v6 || inet_pton(AF_INET, a->name, &v4) == 1;
}

static int is_loopback(const struct authority *a)
{
	struct in6_addr v6;
	struct in_addr v4;

	if (a->v6) {
		if (inet_pton(AF_INET6, a->name, &v6) != 1)
			return 0;
		return IN6_IS_ADDR_LOOPBACK(&v6) || (IN6_IS_ADDR_V4MAPPED(&v6) && v6.s6_addr[12] == 127);
	}
	/* 0.0.0.0 reaches this machine too: it is the address `tafel serve` prints by default. */
	if (inet_pton(AF_INET, a->name, &v4) == 1)
		return (ntohl(v4.s_addr) >> 24) == 127 || v4.s_addr == 0;
	return strcasecmp(a->name, "localhost") == 0;
}

static int default_port(enum scheme s)
{
	return s == SCHEME_HTTPS ? 443 : 80;
}

/* Whether a configured NAME[:PORT] names the Host: the same name, and the same port when the
 * configured value gives one. */
static int entry_names(const char *entry, const struct authority *host)
{
	struct authority e;

	if (!entry || parse_host(entry, &e) < 0)
		return 0;
	return strcasecmp(e.name, host->name) == 0 && (!e.port || e.port == host->port);
}

static int listed_host(const struct origin_policy *p, const struct authority *host)
{
	for (int i = 0; i < p->n_hosts; i++)
		if (entry_names(p->hosts[i], host))
			return 1;
	return 0;
}

int origin_allow_host(struct origin_policy *p, const char *host)
{
	struct authority a;

	if (p->n_hosts == ORIGIN_MAX_HOSTS)
		return TF_E_TOO_LARGE;
	if (parse_host(host, &a) < 0)
		return TF_E_INVALID;
	p->hosts[p->n_hosts++] = host;
	return TF_OK;
}

int origin_allow_origin(struct origin_policy *p, const char *origin)
{
	struct authority a;
	enum scheme s;

	if (p->n_origins == ORIGIN_MAX_ORIGINS)
		return TF_E_TOO_LARGE;
	if (parse_origin(origin, 1, &s, &a) < 0)
		return TF_E_INVALID;
	p->origins[p->n_origins++] = origin;
	return TF_OK;
}

int origin_host_is_loopback(const char *host)
{
	struct authority a;

	return host && parse_host(host, &a) == 0 && is_loopback(&a);
}

int origin_host_trusted(const struct origin_policy *p, const char *host)
{
	struct authority a;

	if (!host)
		return 1;
	if (parse_host(host, &a) < 0)
		return 0;
	return is_loopback(&a) || entry_names(p->bind_host, &a) || listed_host(p, &a);
}

int origin_host_allowed(const struct origin_policy *p, const char *host)
{
	struct authority a, o;
	enum scheme s;

	if (!host)
		return 1;
	if (parse_host(host, &a) < 0)
		return 0;
	if (is_ip(&a) || origin_host_trusted(p, host))
		return 1;
	for (int i = 0; i < p->n_origins; i++)
		if (parse_origin(p->origins[i], 1, &s, &o) == 0 && strcasecmp(o.name, a.name) == 0)
			return 1;
	return 0;
}

/* Whether two origins are the same: scheme, name and port, a missing port being the
 * scheme's default. */
static int same_origin(enum scheme s1, const struct authority *a1, enum scheme s2,
                       const struct authority *a2)
{
	return s1 == s2 && strcasecmp(a1->name, a2->name) == 0 &&
	       (a1->port ? a1->port : default_port(s1)) == (a2->port ? a2->port : default_port(s2));
}

int origin_origin_allowed(const struct origin_policy *p, const char *origin, const char *host)
{
	struct authority oa, ca, ha;
	enum scheme os, cs;

	if (!origin)
		return 1;
	if (parse_origin(origin, 0, &os, &oa) < 0)
		return 0; /* "null" and anything that is not http(s) */
	for (int i = 0; i < p->n_origins; i++)
		if (parse_origin(p->origins[i], 1, &cs, &ca) == 0 && same_origin(cs, &ca, os, &oa))
			return 1;
	if (!host || !origin_host_allowed(p, host) || parse_host(host, &ha) < 0)
		return 0;
	/* The Host as the browser sent it, under the Origin's scheme. */
	if (!same_origin(os, &ha, os, &oa))
		return 0;
	return os == SCHEME_HTTP || listed_host(p, &ha);
}

int origin_is_json(const char *ct)
{
	if (!ct)
		return 0;
	while (*ct == ' ' || *ct == '\t')
		ct++;
	if (strncasecmp(ct, "application/json", 16) != 0)
		return 0;
	ct += 16;
	while (*ct == ' ' || *ct == '\t')
		ct++;
	return *ct == '\0' || *ct == ';';
}

enum origin_verdict origin_check(const struct origin_policy *p, const struct origin_request *r)
{
	if (!origin_host_allowed(p, r->host))
		return ORIGIN_HOST_NOT_ALLOWED;
	if (r->guarded) {
		/* A browser sends Origin on every POST and DELETE and on cross-origin fetches;
		 * Sec-Fetch-Site also tells of the requests that go without one (links, images,
		 * GET forms). The server's own pages ask from the same origin. */
		/* "Origin: null" is what a browser may send for a same-origin POST under the
		 * Referrer-Policy no-referrer that the server sends; Sec-Fetch-Site, set by the
		 * browser alone, then says whose page it is. */
		int null_own = r->origin && strcmp(r->origin, "null") == 0 && r->fetch_site &&
		               strcasecmp(r->fetch_site, "same-origin") == 0;

		if (r->origin && !null_own) {
			if (!origin_origin_allowed(p, r->origin, r->host))
				return ORIGIN_NOT_ALLOWED;
		} else if (r->fetch_site && (strcasecmp(r->fetch_site, "cross-site") == 0 ||
		                             strcasecmp(r->fetch_site, "same-site") == 0)) {
			return ORIGIN_CROSS_SITE;
		}
	}
	/* Any other type is one a cross-site form or fetch may send without asking first. */
	if (r->json_body && !origin_is_json(r->content_type))
		return ORIGIN_NOT_JSON;
	return ORIGIN_OK;
}

int origin_verdict_status(enum origin_verdict v)
{
	switch (v) {
	case ORIGIN_OK: return 200;
	case ORIGIN_NOT_JSON: return 415;
	default: return 403;
	}
}

const char *origin_verdict_code(enum origin_verdict v)
{
	switch (v) {
	case ORIGIN_OK: return "ok";
	case ORIGIN_HOST_NOT_ALLOWED: return "host_not_allowed";
	case ORIGIN_NOT_ALLOWED: return "origin_not_allowed";
	case ORIGIN_CROSS_SITE: return "cross_site";
	case ORIGIN_NOT_JSON: return "unsupported_media_type";
	}
	return "internal";
}

const char *origin_verdict_message(enum origin_verdict v)
{
	switch (v) {
	case ORIGIN_OK: return "ok";
	case ORIGIN_HOST_NOT_ALLOWED:
		return "this server does not answer to this host name; the operator can allow it "
		       "with --allow-host NAME";
	case ORIGIN_NOT_ALLOWED:
		return "this call is not allowed from a page of another origin; the operator can "
		       "allow one with --allow-origin";
	case ORIGIN_CROSS_SITE:
		return "this call is not allowed from a page of another site";
	case ORIGIN_NOT_JSON:
		return "the body must be sent with Content-Type: application/json";
	}
	return "internal";
}

void origin_join_base(const struct origin_policy *p, const char *host, const char *lan_addr,
                      int port, char *out, size_t outlen)
{
	struct authority ha, oa;
	enum scheme s;

	if (!host || parse_host(host, &ha) < 0 || is_loopback(&ha) ||
	    !origin_host_allowed(p, host)) {
		snprintf(out, outlen, "http://%s:%d", lan_addr, port);
		return;
	}
	for (int i = 0; i < p->n_origins; i++)
		if (parse_origin(p->origins[i], 1, &s, &oa) == 0 && s == SCHEME_HTTPS &&
		    same_origin(s, &oa, s, &ha)) {
			snprintf(out, outlen, "https://%s", host);
			return;
		}
	snprintf(out, outlen, "http://%s", host);
}

void origin_printable(const char *value, char *out, size_t outlen)
{
	size_t n = 0;

	if (!outlen)
		return;
	for (; value && *value && n + 1 < outlen; value++)
		out[n++] = *value >= 0x20 && *value < 0x7f ? *value : '?';
	out[n] = '\0';
}
