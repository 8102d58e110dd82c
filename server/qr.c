#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <qrencode.h>

#include "tafel/qr.h"

char *qr_svg(const char *text)
{
	QRcode *qr = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
	const int quiet = 4;
	char *out = NULL, *p;
	size_t cap;
	int w;

	if (!qr)
		return NULL;
	w = qr->width;
	/* One path of unit squares; each dark module costs at most ~24 bytes. */
	cap = 512 + (size_t)w * (size_t)w * 24;
	out = malloc(cap);
	if (!out)
		goto done;
	p = out;
	p += snprintf(p, cap, "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" "
	              "shape-rendering=\"crispEdges\" role=\"img\"><title>QR</title>"
	              "<rect width=\"100%%\" height=\"100%%\" fill=\"#fff\"/><path fill=\"#000\" d=\"",
	              w + 2 * quiet, w + 2 * quiet);
	for (int y = 0; y < w; y++)
		for (int x = 0; x < w; x++)
			if (qr->data[y * w + x] & 1)
				p += snprintf(p, cap - (size_t)(p - out), "M%d %dh1v1h-1z", x + quiet,
				              y + quiet);
	snprintf(p, cap - (size_t)(p - out), "\"/></svg>");
done:
	QRcode_free(qr);
	return out;
}
