/* The web app's files with validators, cache rules and precompressed gzip copies
 * (include/tafel/static.h says why not lws's own file mount). A file is read whole for each
 * request: the app's files are small, are asked for once per page load, and reading them
 * anew means an edited or rebuilt file is never answered from a stale copy. */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/sha.h>

#include "tafel/app.h"
#include "tafel/error.h"
#include "tafel/static.h"

/* Far above anything the app has (its bundle is about 130 KB); a guard, not a limit. */
#define STATIC_MAX_BYTES (16 * 1024 * 1024)
#define STATIC_ETAG_LEN 34 /* a quoted hex string of 16 bytes of SHA-256 */

struct static_file {
	unsigned char *buf;  /* LWS_PRE bytes of room, then the content */
	size_t len;
	struct timespec mtime;
	char etag[STATIC_ETAG_LEN + 1];
};

static const struct {
	const char *ext, *type;
} types[] = {
	{ ".html", "text/html; charset=utf-8" },
	{ ".js", "text/javascript; charset=utf-8" },
	{ ".css", "text/css; charset=utf-8" },
	{ ".svg", "image/svg+xml" },
	{ ".json", "application/json" },
	{ ".map", "application/json" },
	{ ".png", "image/png" },
	{ ".ico", "image/x-icon" },
	{ ".woff2", "font/woff2" },
	{ ".txt", "text/plain; charset=utf-8" },
	{ ".webmanifest", "application/manifest+json" },
};

static const char *type_of(const char *path)
{
	size_t n = strlen(path);

	for (size_t i = 0; i < sizeof types / sizeof types[0]; i++) {
		size_t e = strlen(types[i].ext);

		if (n > e && strcasecmp(path + n - e, types[i].ext) == 0)
			return types[i].type;
	}
	return "application/octet-stream";
}

/* A path the app's folder may answer: absolute, no empty, "." or hidden segment (so no
 * ".."), no backslash. lws has decoded %-escapes by now. */
static int path_ok(const char *p)
{
	if (p[0] != '/' || strchr(p, '\\'))
		return 0;
	for (const char *s = p; s; s = strchr(s + 1, '/')) {
		if (s[1] == '.' || (s[1] == '/'))
			return 0;
	}
	return 1;
}

static int load(const char *path, struct static_file *f)
{
	unsigned char digest[SHA256_DIGEST_LENGTH];
	struct stat st;
	size_t got = 0;
	int fd, rc = TF_E_IO;

	memset(f, 0, sizeof *f);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return errno == ENOENT || errno == ENOTDIR || errno == ENAMETOOLONG ||
		       errno == ELOOP ? TF_E_NOT_FOUND : TF_E_IO;
	if (fstat(fd, &st) < 0)
		goto done;
	if (!S_ISREG(st.st_mode)) {
		rc = TF_E_NOT_FOUND;
		goto done;
	}
	if (st.st_size > STATIC_MAX_BYTES) {
		rc = TF_E_TOO_LARGE;
		goto done;
	}
	f->mtime = st.st_mtim;
	f->buf = malloc(LWS_PRE + (size_t)st.st_size + 1);
	if (!f->buf) {
		rc = TF_E_NOMEM;
		goto done;
	}
	while (got < (size_t)st.st_size) {
		ssize_t n = read(fd, f->buf + LWS_PRE + got, (size_t)st.st_size - got);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			goto done;
		got += (size_t)n;
	}
	f->len = got;
	/* The ETag is the content's own hash: a changed file always gets a new one, however
	 * close in time the change and whatever its length. */
	SHA256(f->buf + LWS_PRE, f->len, digest);
	f->etag[0] = '"';
	for (int i = 0; i < 16; i++)
		snprintf(f->etag + 1 + 2 * i, 3, "%02x", digest[i]);
	f->etag[33] = '"';
	f->etag[34] = '\0';
	rc = TF_OK;
done:
	close(fd);
	if (rc < 0) {
		free(f->buf);
		f->buf = NULL;
	}
	return rc;
}

/* The next comma-separated element of a header value: its start and length, spaces
 * trimmed; NULL at the end. */
static const char *next_item(const char **cur, size_t *len)
{
	const char *s = *cur, *e;

	while (*s == ' ' || *s == '\t' || *s == ',')
		s++;
	if (!*s)
		return NULL;
	e = strchr(s, ',');
	if (!e)
		e = s + strlen(s);
	*cur = e;
	while (e > s && (e[-1] == ' ' || e[-1] == '\t'))
		e--;
	*len = (size_t)(e - s);
	return s;
}

int static_accepts_gzip(const char *v)
{
	double gzip_q = -1, star_q = -1;
	const char *item;
	size_t len;

	while (v && (item = next_item(&v, &len))) {
		size_t name_len = 0;
		const char *semi;
		double q = 1;

		while (name_len < len && item[name_len] != ';' && item[name_len] != ' ')
			name_len++;
		semi = memchr(item, ';', len);
		if (semi) {
			const char *qp = semi + 1;

			while (*qp == ' ')
				qp++;
			if ((qp[0] == 'q' || qp[0] == 'Q') && qp[1] == '=')
				q = strtod(qp + 2, NULL);
		}
		if ((name_len == 4 && strncasecmp(item, "gzip", 4) == 0) ||
		    (name_len == 6 && strncasecmp(item, "x-gzip", 6) == 0))
			gzip_q = q;
		else if (name_len == 1 && item[0] == '*')
			star_q = q;
	}
	return gzip_q > 0 || (gzip_q < 0 && star_q > 0);
}

int static_etag_matches(const char *v, const char *etag)
{
	size_t etag_len = strlen(etag), len;
	const char *item;

	while (v && (item = next_item(&v, &len))) {
		if (len == 1 && item[0] == '*')
			return 1;
		if (len > 2 && item[0] == 'W' && item[1] == '/') {
			item += 2;
			len -= 2;
		}
		if (len == etag_len && memcmp(item, etag, len) == 0)
			return 1;
	}
	return 0;
}

static int header(struct lws *wsi, const char *name, const char *value, unsigned char **p,
                  unsigned char *end)
{
	return lws_add_http_header_by_name(wsi, (const unsigned char *)name,
	                                   (const unsigned char *)value, (int)strlen(value), p, end);
}

static int finish(struct lws *wsi)
{
	return lws_http_transaction_completed(wsi) ? -1 : 0;
}

static int not_found(struct lws *wsi)
{
	if (lws_return_http_status(wsi, HTTP_STATUS_NOT_FOUND, NULL))
		return -1;
	return finish(wsi);
}

/* The gzip copy when the browser takes gzip, FILE.gz exists and is not older than FILE (a
 * file edited by hand after the build is sent as it is now). *varies is set when a copy
 * exists at all, for the Vary header. */
static int pick(struct lws *wsi, const char *path, const struct static_file *plain,
                struct static_file *gz, int *varies)
{
	char gz_path[PATH_MAX + 4], ae[256];

	*varies = 0;
	snprintf(gz_path, sizeof gz_path, "%s.gz", path);
	if (access(gz_path, F_OK) < 0)
		return 0;
	*varies = 1;
	if (lws_hdr_copy(wsi, ae, sizeof ae, WSI_TOKEN_HTTP_ACCEPT_ENCODING) <= 0 ||
	    !static_accepts_gzip(ae))
		return 0;
	if (load(gz_path, gz) < 0)
		return 0;
	if (gz->mtime.tv_sec < plain->mtime.tv_sec ||
	    (gz->mtime.tv_sec == plain->mtime.tv_sec && gz->mtime.tv_nsec < plain->mtime.tv_nsec)) {
		free(gz->buf);
		gz->buf = NULL;
		return 0;
	}
	return 1;
}

int static_serve(struct lws *wsi, const char *web_dir, const char *url_path)
{
	unsigned char head[LWS_PRE + 2048], *start = head + LWS_PRE, *p = start,
	              *end = head + sizeof head - 1;
	char path[PATH_MAX], inm[512];
	struct static_file plain, gz = { 0 }, *f = &plain;
	int is_head = lws_hdr_total_length(wsi, WSI_TOKEN_HEAD_URI) > 0;
	int varies, rc = -1, not_modified;
	size_t n;

	if (!path_ok(url_path))
		return not_found(wsi);
	n = strlen(url_path);
	if (snprintf(path, sizeof path, "%s%s%s", web_dir, url_path,
	             url_path[n - 1] == '/' ? "index.html" : "") >= (int)sizeof path)
		return not_found(wsi);
	switch (load(path, &plain)) {
	case TF_OK: break;
	case TF_E_NOT_FOUND: return not_found(wsi);
	default:
		lwsl_warn("static: %s cannot be read\n", path);
		if (lws_return_http_status(wsi, HTTP_STATUS_INTERNAL_SERVER_ERROR, NULL))
			return -1;
		return finish(wsi);
	}
	if (pick(wsi, path, &plain, &gz, &varies))
		f = &gz;
	not_modified = lws_hdr_copy(wsi, inm, sizeof inm, WSI_TOKEN_HTTP_IF_NONE_MATCH) > 0 &&
	               static_etag_matches(inm, f->etag);

	/* A 304 carries the headers a 200 would, but no body and no Content-Length. */
	if (lws_add_http_header_status(wsi, not_modified ? HTTP_STATUS_NOT_MODIFIED : HTTP_STATUS_OK,
	                               &p, end) ||
	    header(wsi, "etag:", f->etag, &p, end) ||
	    header(wsi, "cache-control:", strncmp(url_path, STATIC_IMMUTABLE_PREFIX,
	                                          strlen(STATIC_IMMUTABLE_PREFIX)) == 0 ?
	           STATIC_CACHE_IMMUTABLE : STATIC_CACHE_REVALIDATE, &p, end) ||
	    (varies && header(wsi, "vary:", "Accept-Encoding", &p, end)))
		goto done;
	if (!not_modified &&
	    (header(wsi, "content-type:", type_of(path), &p, end) ||
	     (f == &gz && header(wsi, "content-encoding:", "gzip", &p, end)) ||
	     lws_add_http_header_content_length(wsi, f->len, &p, end)))
		goto done;
	if (lws_finalize_write_http_header(wsi, start, &p, end))
		goto done;
	if (!not_modified && !is_head && f->len &&
	    lws_write(wsi, f->buf + LWS_PRE, f->len, LWS_WRITE_HTTP_FINAL) < (int)f->len)
		goto done;
	rc = finish(wsi);
done:
	free(plain.buf);
	free(gz.buf);
	return rc;
}

int static_callback(struct lws *wsi, enum lws_callback_reasons reason, void *user, void *in,
                    size_t len)
{
	struct tafel_app *app = lws_context_user(lws_get_context(wsi));
	enum lws_token_indexes method = WSI_TOKEN_GET_URI;
	char uri[PATH_MAX];

	if (reason != LWS_CALLBACK_HTTP)
		return lws_callback_http_dummy(wsi, reason, user, in, len);
	if (lws_hdr_total_length(wsi, WSI_TOKEN_GET_URI) <= 0) {
		method = WSI_TOKEN_HEAD_URI;
		if (lws_hdr_total_length(wsi, method) <= 0) {
			/* Only GET and HEAD reach files; a body that may follow is not read. */
			lws_return_http_status(wsi, HTTP_STATUS_METHOD_NOT_ALLOWED, NULL);
			return -1;
		}
	}
	if (lws_hdr_copy(wsi, uri, sizeof uri, method) <= 0)
		return not_found(wsi); /* longer than any path of the app */
	return static_serve(wsi, app->web_dir, uri);
}
