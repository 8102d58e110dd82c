/* The web app's files: served from the app's folder with validators and, where the build left
 * a gzip copy beside a file, compressed for browsers that accept it (docs/webapp.md, "Loading
 * and caching"). libwebsockets 4.1's own file mount cannot do this: as Debian builds it, it
 * has no way to send a precompressed file, its ETag is the size and the second of the last
 * change (a rebuilt page of the same length within the same second would be answered 304),
 * and its Cache-Control cannot say no-cache or immutable. */
#ifndef TAFEL_STATIC_H
#define TAFEL_STATIC_H

#include <libwebsockets.h>

#define STATIC_PROTOCOL_NAME "tafel-static"

/* Files under this path are named by their content (the build's bundle): a browser may
 * keep them for a year without asking. Everything else is revalidated on each use. */
#define STATIC_IMMUTABLE_PREFIX "/assets/"
#define STATIC_CACHE_IMMUTABLE "public, max-age=31536000, immutable"
#define STATIC_CACHE_REVALIDATE "no-cache"

/* Answers a GET or HEAD of url_path ("/x/y.js"; "/" and ".../" mean index.html) with the file
 * under web_dir: 200 with the body (gzip-encoded when the browser accepts it and a FILE.gz
 * at least as new as FILE exists), 304 when If-None-Match names the ETag, 404 for a path
 * that names no file (or one with a "." segment). For the LWS_CALLBACK_HTTP of any
 * protocol: returns 0, or -1 when the connection is to be closed. */
int static_serve(struct lws *wsi, const char *web_dir, const char *url_path);

/* The protocol of the "/" mount: every path no other mount takes. */
int static_callback(struct lws *wsi, enum lws_callback_reasons reason, void *user, void *in,
                    size_t len);

/* Header logic, apart for the tests' sake. 1 when an Accept-Encoding value allows gzip
 * (gzip, x-gzip or * with a q above 0); 1 when an If-None-Match value matches etag
 * (weak comparison, as RFC 9110 asks for this header; "*" matches any). */
int static_accepts_gzip(const char *accept_encoding);
int static_etag_matches(const char *if_none_match, const char *etag);

#endif
