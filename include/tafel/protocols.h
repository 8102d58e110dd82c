/* The libwebsockets protocols of the server: the WebSocket at /ws and the HTTP API. */
#ifndef TAFEL_PROTOCOLS_H
#define TAFEL_PROTOCOLS_H

#include <libwebsockets.h>

#define WS_PROTOCOL_NAME "tafel"
#define HTTP_PROTOCOL_NAME "tafel-http"

int ws_callback(struct lws *wsi, enum lws_callback_reasons reason, void *user, void *in,
                size_t len);
size_t ws_session_size(void);

int http_callback(struct lws *wsi, enum lws_callback_reasons reason, void *user, void *in,
                  size_t len);
size_t http_session_size(void);

#endif
