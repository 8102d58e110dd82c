/* Reads the peer and the proxy headers of a libwebsockets connection for proxy.c's rule. */
#include <libwebsockets.h>

#include "tafel/proxy.h"

void proxy_client_addr_wsi(const struct proxy_trust *t, struct lws *wsi, char *out,
                           size_t outlen)
{
	char peer[64], xff[512], real_ip[64];
	const char *x = NULL, *r = NULL;

	lws_get_peer_simple(wsi, peer, sizeof peer);
	/* Read only for a trusted peer: from anyone else they are not looked at. A value too
	 * long for the buffer is left out, and the peer stays the address. */
	if (proxy_is_trusted(t, peer)) {
		if (lws_hdr_total_length(wsi, WSI_TOKEN_X_FORWARDED_FOR) > 0 &&
		    lws_hdr_copy(wsi, xff, sizeof xff, WSI_TOKEN_X_FORWARDED_FOR) > 0)
			x = xff;
		if (lws_hdr_total_length(wsi, WSI_TOKEN_HTTP_X_REAL_IP) > 0 &&
		    lws_hdr_copy(wsi, real_ip, sizeof real_ip, WSI_TOKEN_HTTP_X_REAL_IP) > 0)
			r = real_ip;
	}
	proxy_client_addr(t, peer, x, r, out, outlen);
}
