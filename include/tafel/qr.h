/* QR codes of join links, drawn as SVG with libqrencode. */
#ifndef TAFEL_QR_H
#define TAFEL_QR_H

/* A new malloc'd SVG document of text's QR code, or NULL. */
char *qr_svg(const char *text);

#endif
