/* JSON text written straight into one growing buffer, for the messages that go out on
 * every change (events and replies): building a cJSON tree and printing it cost a dozen
 * allocations and a number format per field, per change. The output is byte for byte what
 * cJSON_PrintUnformatted gives for the same values (strings escaped the same way). */
#ifndef TAFEL_JSONW_H
#define TAFEL_JSONW_H

#include <stddef.h>
#include <stdint.h>

/* A value type, on the caller's stack: {0} is an empty writer. Once an allocation fails
 * every further call does nothing, and jsonw_finish() says so. */
struct jsonw {
	char *buf;
	size_t len, cap;
	int failed;
};

/* Appends n bytes as they are (JSON text the caller vouches for). */
void jsonw_raw(struct jsonw *w, const char *s, size_t n);
/* Appends a string literal as it is. */
#define jsonw_lit(w, lit) jsonw_raw((w), (lit), sizeof(lit) - 1)
/* Appends s as a JSON string: quoted and escaped. */
void jsonw_str(struct jsonw *w, const char *s);
void jsonw_int(struct jsonw *w, int64_t v);
/* Appends an id as the wire writes ids: a string of its digits. */
void jsonw_id(struct jsonw *w, int64_t id);
/* The NUL-terminated text (the caller frees it) and its length, or NULL when memory ran
 * out (the buffer is freed then). */
char *jsonw_finish(struct jsonw *w, size_t *len);
/* Frees the buffer of a writer that is abandoned. */
void jsonw_free(struct jsonw *w);

#endif
