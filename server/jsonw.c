/* The JSON text writer of include/tafel/jsonw.h. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tafel/jsonw.h"

static int room(struct jsonw *w, size_t n)
{
	size_t cap;
	char *grown;

	if (w->failed)
		return 0;
	if (w->len + n + 1 <= w->cap)
		return 1;
	cap = w->cap ? w->cap : 256;
	while (cap < w->len + n + 1)
		cap *= 2;
	grown = realloc(w->buf, cap);
	if (!grown) {
		jsonw_free(w);
		w->failed = 1;
		return 0;
	}
	w->buf = grown;
	w->cap = cap;
	return 1;
}

void jsonw_raw(struct jsonw *w, const char *s, size_t n)
{
	if (!room(w, n))
		return;
	memcpy(w->buf + w->len, s, n);
	w->len += n;
}

void jsonw_str(struct jsonw *w, const char *s)
{
	static const char hex[] = "0123456789abcdef";
	size_t n = strlen(s), extra = 0;
	char *p;

	for (size_t i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)s[i];

		if (ch == '"' || ch == '\\' || ch == '\b' || ch == '\f' || ch == '\n' || ch == '\r' ||
		    ch == '\t')
			extra += 1;
		else if (ch < 0x20)
			extra += 5;
	}
	if (!room(w, n + extra + 2))
		return;
	p = w->buf + w->len;
	*p++ = '"';
	if (!extra) {
		memcpy(p, s, n);
		p += n;
	} else {
		for (size_t i = 0; i < n; i++) {
			unsigned char ch = (unsigned char)s[i];
			char e = ch == '"' ? '"' : ch == '\\' ? '\\' : ch == '\b' ? 'b' : ch == '\f' ? 'f' :
			         ch == '\n' ? 'n' : ch == '\r' ? 'r' : ch == '\t' ? 't' : 0;

			if (e) {
				*p++ = '\\';
				*p++ = e;
			} else if (ch < 0x20) {
				memcpy(p, "\\u00", 4);
				p[4] = hex[ch >> 4];
				p[5] = hex[ch & 15];
				p += 6;
			} else {
				*p++ = (char)ch;
			}
		}
	}
	*p++ = '"';
	w->len = (size_t)(p - w->buf);
}

void jsonw_int(struct jsonw *w, int64_t v)
{
	char buf[24];
	int n = snprintf(buf, sizeof buf, "%" PRId64, v);

	jsonw_raw(w, buf, (size_t)n);
}

void jsonw_id(struct jsonw *w, int64_t id)
{
	char buf[26];
	int n = snprintf(buf, sizeof buf, "\"%" PRId64 "\"", id);

	jsonw_raw(w, buf, (size_t)n);
}

char *jsonw_finish(struct jsonw *w, size_t *len)
{
	char *text;

	if (!room(w, 0))
		return NULL;
	w->buf[w->len] = 0;
	text = w->buf;
	if (len)
		*len = w->len;
	w->buf = NULL;
	w->len = w->cap = 0;
	return text;
}

void jsonw_free(struct jsonw *w)
{
	free(w->buf);
	w->buf = NULL;
	w->len = w->cap = 0;
}
