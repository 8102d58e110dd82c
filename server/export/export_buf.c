/* A growable byte buffer for the export module.
 *
 * A report is written in hundreds of small appends; checking each one would bury the
 * structure of the renderers. So the buffer remembers its first failure, ignores every
 * append after it, and the renderer checks once at the end of a section. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "export_internal.h"

void export__buf_free(struct export_buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
	b->failed = 0;
}

/* Makes room for `extra` more bytes and the NUL. */
static int buf_reserve(struct export_buf *b, size_t extra)
{
	if (b->failed)
		return EXPORT_ENOMEM;
	if (extra > SIZE_MAX / 2 - b->len) {
		b->failed = 1;
		return EXPORT_ENOMEM;
	}
	size_t need = b->len + extra + 1;
	if (need <= b->cap)
		return 0;
	size_t cap = b->cap ? b->cap : 256;
	while (cap < need)
		cap *= 2;
	char *p = realloc(b->data, cap);
	if (!p) {
		b->failed = 1;
		return EXPORT_ENOMEM;
	}
	b->data = p;
	b->cap = cap;
	return 0;
}

int export__buf_put(struct export_buf *b, const char *s, size_t n)
{
	if (buf_reserve(b, n))
		return EXPORT_ENOMEM;
	if (n)
		memcpy(b->data + b->len, s, n);
	b->len += n;
	b->data[b->len] = '\0';
	return 0;
}

int export__buf_puts(struct export_buf *b, const char *s)
{
	return export__buf_put(b, s, strlen(s));
}

int export__buf_putc(struct export_buf *b, char c)
{
	return export__buf_put(b, &c, 1);
}

int export__buf_printf(struct export_buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0) {
		b->failed = 1;
		return EXPORT_ENOMEM;
	}
	if (buf_reserve(b, (size_t)n))
		return EXPORT_ENOMEM;
	va_start(ap, fmt);
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
	return 0;
}

void export__buf_reset(struct export_buf *b)
{
	b->len = 0;
	if (b->data)
		b->data[0] = '\0';
}

int export__buf_detach(struct export_buf *b, char **out, size_t *out_len)
{
	*out = NULL;
	*out_len = 0;
	if (b->failed) {
		export__buf_free(b);
		return EXPORT_ENOMEM;
	}
	if (!b->data && export__buf_put(b, "", 0))
		return EXPORT_ENOMEM;
	*out = b->data;
	*out_len = b->len;
	b->data = NULL;
	b->len = b->cap = 0;
	return 0;
}
