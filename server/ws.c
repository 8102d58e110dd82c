/* The WebSocket protocol at /ws: upgrade checks (path, Origin), reassembly of fragmented
 * messages with the frame limit, and the hand-over of whole messages to the hub. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "tafel/app.h"
#include "tafel/origin.h"
#include "tafel/protocols.h"

struct ws_pss {
	struct hub_conn *conn;
	char *rx;
	size_t rx_len, rx_cap;
	int close_code;       /* non-zero once a close is on its way */
	const char *close_why;
};

size_t ws_session_size(void)
{
	return sizeof(struct ws_pss);
}

static struct tafel_app *app_of(struct lws *wsi)
{
	return lws_context_user(lws_get_context(wsi));
}

/* The upgrade must name this server in its Host (else a page on a rebound name could open
 * the socket from the laptop itself, exempt from the wrong-code limit, and guess codes), and
 * a browser's Origin must be this server's or on the allow-list. A client without Origin is
 * not a browser: the Origin check exists to stop other web pages using a visitor's browser. */
static int upgrade_allowed(struct lws *wsi, const struct tafel_app *app)
{
	struct origin_headers h;
	char shown[80];

	origin_read_headers(wsi, &h);
	if (!origin_host_allowed(&app->origins, h.req.host)) {
		origin_printable(h.req.host, shown, sizeof shown);
		lwsl_notice("ws: upgrade refused: Host %s is not one of this server's names "
		            "(start the server with --allow-host NAME to allow a name)\n", shown);
		return 0;
	}
	if (!origin_origin_allowed(&app->origins, h.req.origin, h.req.host)) {
		origin_printable(h.req.origin, shown, sizeof shown);
		lwsl_notice("ws: upgrade refused: Origin %s is not this server's "
		            "(start the server with --allow-origin ORIGIN to allow one)\n", shown);
		return 0;
	}
	return 1;
}

/* The server closes from the wsi timer, never by returning -1 from a receive or writable
 * callback: on the libuv loop, lws (as Debian builds it) closes such a connection a second
 * time at once, which drops the socket before the peer has read the close frame, and the
 * peer sees 1006 instead of the code. From the timer, lws sends the close frame and waits
 * for the peer's answer. Input that arrives meanwhile is ignored. */
static void closing(struct ws_pss *pss, int code, const char *why)
{
	if (!pss->close_code) {
		pss->close_code = code;
		pss->close_why = why;
	}
	/* The hub writes outside lws's writable callback, so it must hear of it. */
	if (pss->conn)
		hub_conn_closing(pss->conn, code);
}

static void close_soon(struct lws *wsi, struct ws_pss *pss, int code, const char *why)
{
	closing(pss, code, why);
	lws_set_timer_usecs(wsi, 1);
}

static int receive(struct lws *wsi, struct ws_pss *pss, const struct tafel_app *app,
                   const char *in, size_t len)
{
	size_t need = pss->rx_len + len + lws_remaining_packet_payload(wsi);

	if (need > app->lim.frame_bytes) {
		/* Refused on what the header declares, before the rest is kept. */
		close_soon(wsi, pss, LWS_CLOSE_STATUS_MESSAGE_TOO_LARGE, "message too large");
		return 0;
	}
	if (lws_is_first_fragment(wsi) && lws_is_final_fragment(wsi) &&
	    !lws_remaining_packet_payload(wsi) && pss->rx_len == 0) {
		/* The common case: a whole message in one piece needs no copy. */
		if (lws_frame_is_binary(wsi))
			hub_conn_receive(pss->conn, "\x01", 1);
		else
			hub_conn_receive(pss->conn, in, len);
		return 0;
	}
	if (need > pss->rx_cap) {
		char *grown = realloc(pss->rx, need);

		if (!grown)
			return -1;
		pss->rx = grown;
		pss->rx_cap = need;
	}
	memcpy(pss->rx + pss->rx_len, in, len);
	pss->rx_len += len;
	if (lws_is_final_fragment(wsi) && !lws_remaining_packet_payload(wsi)) {
		hub_conn_receive(pss->conn, lws_frame_is_binary(wsi) ? "\x01" : pss->rx,
		                 lws_frame_is_binary(wsi) ? 1 : pss->rx_len);
		pss->rx_len = 0;
	}
	return 0;
}

int ws_callback(struct lws *wsi, enum lws_callback_reasons reason, void *user, void *in,
                size_t len)
{
	struct ws_pss *pss = user;
	struct tafel_app *app;
	char uri[64], addr[64];

	switch (reason) {
	case LWS_CALLBACK_FILTER_PROTOCOL_CONNECTION:
		app = app_of(wsi);
		if (lws_hdr_copy(wsi, uri, sizeof uri, WSI_TOKEN_GET_URI) <= 0 ||
		    strcmp(uri, "/ws") != 0) {
			lwsl_info("ws: upgrade refused: the WebSocket is at /ws\n");
			return 1;
		}
		if (!upgrade_allowed(wsi, app)) {
			lws_return_http_status(wsi, HTTP_STATUS_FORBIDDEN, "Host or Origin not allowed");
			return 1;
		}
		return 0;

	case LWS_CALLBACK_ESTABLISHED:
		app = app_of(wsi);
		/* The client's address for the per-address limits: the peer, or behind a
		 * --trust-proxy the address the proxy passes on. */
		proxy_client_addr_wsi(&app->proxies, wsi, addr, sizeof addr);
		pss->conn = hub_conn_open(app->hub, wsi, addr);
		if (!pss->conn) {
			close_soon(wsi, pss, LWS_CLOSE_STATUS_POLICY_VIOLATION, "too many connections");
			return 0;
		}
		/* The join deadline and idle pings are the hub's liveness sweep. */
		return 0;

	case LWS_CALLBACK_TIMER:
		if (!pss->close_code)
			return 0;
		lws_close_reason(wsi, (enum lws_close_status)pss->close_code,
		                 (unsigned char *)pss->close_why,
		                 pss->close_why ? strlen(pss->close_why) : 0);
		return -1;

	case LWS_CALLBACK_WS_PEER_INITIATED_CLOSE:
		/* lws answers the close itself; nothing more is written. */
		closing(pss, LWS_CLOSE_STATUS_NORMAL, NULL);
		return 0;

	case LWS_CALLBACK_RECEIVE_PONG:
		if (pss->conn)
			hub_conn_heard(pss->conn);
		return 0;

	case LWS_CALLBACK_RECEIVE:
		if (pss->close_code)
			return 0;
		if (!pss->conn)
			return -1;
		return receive(wsi, pss, app_of(wsi), in, len);

	case LWS_CALLBACK_SERVER_WRITEABLE: {
		const char *why = NULL;
		int rc;

		if (!pss->conn || pss->close_code)
			return 0;
		rc = hub_conn_writable(pss->conn, &why);
		if (rc > 0) {
			close_soon(wsi, pss, rc, why);
			return 0;
		}
		return rc;
	}

	case LWS_CALLBACK_CLOSED:
		if (pss->conn)
			hub_conn_closed(pss->conn);
		pss->conn = NULL;
		free(pss->rx);
		pss->rx = NULL;
		return 0;

	default:
		break;
	}
	return lws_callback_http_dummy(wsi, reason, user, in, len);
}
