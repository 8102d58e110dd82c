/* The inside of the HTTP API, shared by its files: http_api.c (routing, sessions, replies)
 * and http_events.c (events). */
#ifndef TAFEL_HTTP_INTERNAL_H
#define TAFEL_HTTP_INTERNAL_H

#include <stddef.h>
#include <cjson/cJSON.h>

#include "tafel/export.h"

struct lws;
struct tafel_app;

enum http_method { M_GET, M_POST, M_DELETE, M_OTHER };

struct http_pss {
	char path[256];
	enum http_method method;
	int head;            /* a HEAD request: routed as GET, answered without the body */
	char *body;
	size_t body_len;
	int body_too_large;
	int status;
	char *reply;
	size_t reply_len;
	const char *content_type;
	char disposition[160];
};


struct tafel_app *http__app(struct lws *wsi);
/* Sets the reply: status, content type and a body the pss now owns (NULL: none). */
void http__set_reply(struct http_pss *pss, int status, const char *type, char *body);
/* A JSON reply; takes json. */
void http__reply_json(struct http_pss *pss, int status, cJSON *json);
/* {"error":{"code","message"}} with the protocol's name of err. */
void http__reply_error(struct http_pss *pss, int status, int code, const char *message);
/* The HTTP status of a TF_E_* code. */
int http__status_of(int err);
/* Checks the caller for an organizer call (code NULL) or a call about session `code`;
 * replies 401/403 and returns -1 when it may not. */
int http__authorize(struct lws *wsi, struct http_pss *pss, const char *code);
/* The same for a call about event `code`: the organizer or the event's key. */
int http__authorize_event(struct lws *wsi, struct http_pss *pss, const char *code);
/* The public link base + path + code, as the join link is made (origin_join_base()). */
void http__link(struct lws *wsi, const char *path, const char *code, char *out, size_t outlen);
/* The request's body as a JSON object, or NULL with the error replied. */
cJSON *http__body_json(struct http_pss *pss);
/* Copies a query argument's value into out, leaving it as it was when there is none. */
void http__query_arg(struct lws *wsi, const char *name, char *out, size_t outlen);

/* An export's format= (md ... up to `last`) and lang= into opt: 0, or -1 with 400 replied. */
int http__export_args(struct lws *wsi, struct http_pss *pss, struct export_options *opt,
                      enum export_format last);
/* A rendered report (export_render's rc, out, out_len) as the reply: a file to save,
 * tafel-NAME-LANG.EXT; 500 when rc says it could not be made. */
void http__reply_report(struct http_pss *pss, int rc, char *out, size_t out_len,
                        const struct export_options *opt, const char *name);

/* /api/events and /api/events/... (http_events.c). */
void http__events_route(struct lws *wsi, struct http_pss *pss, const char *rest);

#endif
