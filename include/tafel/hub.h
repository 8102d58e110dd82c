/* The hub: the live sessions of one server and the connections joined to them. It turns
 * requests into stored changes and events, and keeps the promise of the protocol: a change
 * is acknowledged, and its event sent, only after the turn's transaction has committed.
 *
 * Everything runs on the event loop's one thread. */
#ifndef TAFEL_HUB_H
#define TAFEL_HUB_H

#include <stddef.h>
#include <stdint.h>
#include <cjson/cJSON.h>

#include "tafel/limits.h"
#include "tafel/session.h"
#include "tafel/store.h"
#include "tafel/template.h"

struct hub;
struct hub_conn;
struct lws;
struct lws_context;

/* The hub borrows store, templates and limits; they must outlive it. */
struct hub *hub_new(struct lws_context *ctx, struct store *st, const struct tpl_set *templates,
                    const struct tf_limits *lim);
/* Commits what is pending and frees every session and queued message. */
void hub_free(struct hub *h);

/* Stops using the event loop's timers: before the context is destroyed. */
void hub_detach_context(struct hub *h);

const struct tf_limits *hub_limits(const struct hub *h);
struct store *hub_store(const struct hub *h);
const struct tpl_set *hub_templates(const struct hub *h);

/* Milliseconds since the Unix epoch. */
int64_t hub_now_ms(void);

/* Connections, driven by the WebSocket protocol callback. addr is the client's address
 * for the per-address limits: the peer's, or behind a --trust-proxy the one it passes on. */
struct hub_conn *hub_conn_open(struct hub *h, struct lws *wsi, const char *addr);
/* One whole message from the client. */
void hub_conn_receive(struct hub_conn *c, const char *buf, size_t len);
/* The socket can take more: writes what is queued. Returns 0, -1 when the socket failed,
 * or a close code (1000-4999), with its reason in *why (or NULL), when the server closes
 * the connection. */
int hub_conn_writable(struct hub_conn *c, const char **why);
/* The WebSocket layer is closing c (a close frame is on its way): nothing more is written. */
void hub_conn_closing(struct hub_conn *c, int code);
/* Something came from the peer (a message or a pong): it is alive. */
void hub_conn_heard(struct hub_conn *c);
void hub_conn_closed(struct hub_conn *c);
/* Whether the connection has joined a session. */
int hub_conn_joined(const struct hub_conn *c);

/* Sessions for the HTTP API. */
int hub_create_session(struct hub *h, const char *template_id, const cJSON *overrides,
                       char code[SECRET_CODE_LEN + 1], char key[SECRET_KEY_CHARS + 1]);
/* Deletes a session: its connections are closed, its rows are gone from the file. */
int hub_delete_session(struct hub *h, const char *code);
/* Every code made from now on starts with prefix (a character of the code alphabet, or 0
 * for none): --code-prefix, so that a proxy in front of several servers can tell from a
 * code which server holds the session (docs/scaling.md). */
void hub_set_code_prefix(struct hub *h, char prefix);
/* Events (hub_event.c). Creates an event from POST /api/events' body: *out is
 * {"code","event_key","tables":[{"code","name","facilitator_key"}]} (caller deletes); on
 * error a message in msg. */
int hub_create_event(struct hub *h, const cJSON *body, cJSON **out, char *msg, size_t msglen);
/* {"code","title","created_at","tables":[PROGRESS]} as JSON text (caller frees). */
int hub_event_progress(struct hub *h, const char *code, char **out);
/* The cross-table report's document: {"event":{"code","title","template","language",
 * "created_at","exported_at"},"tables":[{"code","name","report":<a session's report
 * document>}]} in table order (caller deletes). */
int hub_event_report(struct hub *h, const char *code, cJSON **out);
/* Deletes an event and its tables: their connections and the overviews are closed. */
int hub_delete_event(struct hub *h, const char *code);
/* The report document of a session (docs/export-model.md); caller deletes. */
int hub_report(struct hub *h, const char *code, cJSON **out);
/* Commits the open transaction now and sends what waited for it. */
int hub_commit(struct hub *h);

#endif
