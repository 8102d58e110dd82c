/* A request frame from bytes to a checked JSON object: the strict parse and the checks every
 * request passes before its type is looked at. Pure, so that the fuzzer drives it with the
 * session core exactly as the hub does. */
#ifndef TAFEL_REQUEST_H
#define TAFEL_REQUEST_H

#include <stddef.h>
#include <cjson/cJSON.h>

struct req_frame {
	cJSON *json;          /* the parsed frame, or NULL when it is not JSON */
	const cJSON *rid;     /* the rid to echo (a string or a number), or NULL */
	const char *type;     /* the request type when the frame is valid, else NULL */
	int code;             /* 0, or the TF_E_* code to answer with */
	const char *why;      /* the message for that error */
};

/* Decodes one text frame. Always fills f; returns f->code. The rid is found even when the
 * frame is refused, so that the error can echo it. Free with req_frame_free(). */
int req_decode(const char *buf, size_t len, struct req_frame *f);
void req_frame_free(struct req_frame *f);

#endif
