/* Reads the headers of the Host and Origin rules from a libwebsockets request, so that the
 * HTTP API and the WebSocket upgrade read them the same way. */
#include <string.h>

#include <libwebsockets.h>

#include "tafel/origin.h"

/* A header's value, or NULL when the request has none. A value too long for the buffer
 * comes back empty, which no rule allows. */
static const char *token(struct lws *wsi, enum lws_token_indexes t, char *buf, int len)
{
	if (lws_hdr_total_length(wsi, t) <= 0)
		return NULL;
	if (lws_hdr_copy(wsi, buf, len, t) < 0)
		buf[0] = '\0';
	return buf;
}

/* The same for a header libwebsockets has no token for; name is lower case with its colon. */
static const char *custom(struct lws *wsi, const char *name, char *buf, int len)
{
	int nlen = (int)strlen(name);

	if (lws_hdr_custom_length(wsi, name, nlen) <= 0)
		return NULL;
	if (lws_hdr_custom_copy(wsi, buf, len, name, nlen) < 0)
		buf[0] = '\0';
	return buf;
}

void origin_read_headers(struct lws *wsi, struct origin_headers *h)
{
	memset(&h->req, 0, sizeof h->req);
	h->req.host = token(wsi, WSI_TOKEN_HOST, h->host, sizeof h->host);
	h->req.origin = token(wsi, WSI_TOKEN_ORIGIN, h->origin, sizeof h->origin);
	h->req.content_type = token(wsi, WSI_TOKEN_HTTP_CONTENT_TYPE, h->content_type,
	                            sizeof h->content_type);
	h->req.fetch_site = custom(wsi, "sec-fetch-site:", h->fetch_site, sizeof h->fetch_site);
	h->forwarded = lws_hdr_total_length(wsi, WSI_TOKEN_X_FORWARDED_FOR) > 0 ||
	               lws_hdr_total_length(wsi, WSI_TOKEN_HTTP_X_REAL_IP) > 0 ||
	               lws_hdr_custom_length(wsi, "forwarded:", 10) >= 0;
}
