/* Escaping of text from users for each format it lands in.
 *
 * Everything a participant or the facilitator typed (notes, essences, titles, elaborations,
 * the summary, names, backgrounds, the problem statement) goes through one of these before
 * it is written; fixed phrases go through them too, so that a renderer has a single path for
 * text. docs/export.md lists the rules; tests/unit/test_export.c feeds them hostile text. */
#include <string.h>

#include "export_internal.h"

/* U+2060 WORD JOINER: invisible, and it stops GFM's e-mail autolinks (see below). */
#define WORD_JOINER "\xe2\x81\xa0"

static int is_alnum(unsigned char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int is_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Control characters have no place in a report; tab and newline are kept (they are white
 * space), a carriage return is a line break. */
static int is_dropped_control(unsigned char c)
{
	return (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f;
}

static int lower(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') ? c - 'A' + 'a' : c;
}

/* At the start of a line Markdown reads block syntax: headings (#), quotes (>), lists
 * (-, +, *, "1." and "1)"), setext underlines (=, -), code blocks (indentation), fences
 * (``` and ~~~), tables (|) and raw HTML (<). Leading white space is dropped (it could only
 * make an indented code block), and the characters that are not escaped everywhere are
 * escaped here. Returns the number of input bytes consumed. */
static size_t md_line_start(struct export_buf *b, const char *s)
{
	size_t i = 0;
	while (s[i] == ' ' || s[i] == '\t')
		i++;
	if (s[i] == '-' || s[i] == '+' || s[i] == '=') {
		export__buf_putc(b, '\\');
		export__buf_putc(b, s[i]);
		return i + 1;
	}
	size_t d = i;
	while (s[d] >= '0' && s[d] <= '9' && d - i < 10)
		d++;
	if (d > i && (s[d] == '.' || s[d] == ')')) {
		export__buf_put(b, s + i, d - i);
		export__buf_putc(b, '\\');
		export__buf_putc(b, s[d]);
		return d + 1;
	}
	return i;
}

int export__md_escape(struct export_buf *b, const char *s, int flags)
{
	int at_start = (flags & (EXPORT_MD_AT_START | EXPORT_MD_BLOCK)) != 0;
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0;
	while (u[i]) {
		if (at_start) {
			i += md_line_start(b, s + i);
			at_start = 0;
			continue;
		}
		unsigned char c = u[i];
		if (c == '\r' || c == '\n') {
			/* \r\n is one line break. */
			if (c == '\r' && u[i + 1] == '\n')
				i++;
			i++;
			if (flags & EXPORT_MD_BLOCK) {
				export__buf_putc(b, '\n');
				at_start = 1;
			} else {
				export__buf_putc(b, ' ');
			}
			continue;
		}
		if (is_dropped_control(c)) {
			i++;
			continue;
		}
		if (c == '\t') {
			export__buf_putc(b, ' ');
			i++;
			continue;
		}
		switch (c) {
		/* Emphasis, code, strikethrough, links and images, raw HTML and entities, tables,
		 * headings, quotes, math: escaped wherever they stand, which CommonMark allows for
		 * every ASCII punctuation character. */
		case '\\': case '`': case '*': case '_': case '[': case ']': case '<': case '>':
		case '#': case '|': case '~': case '&': case '$':
			export__buf_putc(b, '\\');
			export__buf_putc(b, (char)c);
			i++;
			continue;
		case ':':
			/* GFM links bare URLs ("https://..."); an escaped colon is not a scheme. */
			if (u[i + 1] == '/' && u[i + 2] == '/')
				export__buf_putc(b, '\\');
			break;
		case '@':
			/* GFM links bare e-mail addresses even through escapes and entities; a word
			 * joiner after the @ breaks the address and cannot be seen. */
			if (is_alnum(u[i + 1])) {
				export__buf_puts(b, "@" WORD_JOINER);
				i++;
				continue;
			}
			break;
		case 'w':
		case 'W':
			/* GFM links "www.example.org"; escaping the dot stops it. */
			if ((i == 0 || !is_alnum(u[i - 1])) && lower(u[i + 1]) == 'w' &&
			    lower(u[i + 2]) == 'w' && u[i + 3] == '.') {
				export__buf_put(b, s + i, 3);
				export__buf_puts(b, "\\.");
				i += 4;
				continue;
			}
			break;
		default:
			break;
		}
		export__buf_putc(b, (char)c);
		i++;
	}
	return b->failed ? EXPORT_ENOMEM : 0;
}

static int html_escape(struct export_buf *b, const char *s, int br)
{
	const unsigned char *u = (const unsigned char *)s;
	for (size_t i = 0; u[i]; i++) {
		unsigned char c = u[i];
		switch (c) {
		case '&': export__buf_puts(b, "&amp;"); break;
		case '<': export__buf_puts(b, "&lt;"); break;
		case '>': export__buf_puts(b, "&gt;"); break;
		case '"': export__buf_puts(b, "&quot;"); break;
		case '\'': export__buf_puts(b, "&#39;"); break;
		case '\r':
			if (u[i + 1] == '\n')
				i++;
			/* fall through */
		case '\n':
			export__buf_puts(b, br ? "<br>\n" : "\n");
			break;
		default:
			if (!is_dropped_control(c))
				export__buf_putc(b, (char)c);
			break;
		}
	}
	return b->failed ? EXPORT_ENOMEM : 0;
}

int export__html_escape(struct export_buf *b, const char *s)
{
	return html_escape(b, s, 0);
}

int export__html_escape_br(struct export_buf *b, const char *s)
{
	return html_escape(b, s, 1);
}

int export__csv_field(struct export_buf *b, const char *s)
{
	const unsigned char *u = (const unsigned char *)s;
	/* A spreadsheet runs a cell that starts with one of these as a formula (tab and CR
	 * too: some programs skip them before looking). A leading quote makes it text. */
	int neutralise = strchr("=+-@\t\r", u[0]) != NULL && u[0] != '\0';
	int quote = strpbrk(s, ",\"\r\n") != NULL;
	if (quote)
		export__buf_putc(b, '"');
	if (neutralise)
		export__buf_putc(b, '\'');
	for (size_t i = 0; u[i]; i++) {
		unsigned char c = u[i];
		if (c == '"') {
			export__buf_puts(b, "\"\"");
		} else if (c == '\r') {
			if (u[i + 1] == '\n')
				i++;
			export__buf_putc(b, '\n');
		} else if (!is_dropped_control(c)) {
			export__buf_putc(b, (char)c);
		}
	}
	if (quote)
		export__buf_putc(b, '"');
	return b->failed ? EXPORT_ENOMEM : 0;
}

int export__text_clean(struct export_buf *b, const char *s)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, end = strlen(s);
	while (i < end && is_space(u[i]))
		i++;
	while (end > i && is_space(u[end - 1]))
		end--;
	for (; i < end; i++) {
		unsigned char c = u[i];
		if (c == '\r') {
			if (u[i + 1] == '\n')
				i++;
			export__buf_putc(b, '\n');
		} else if (!is_dropped_control(c)) {
			export__buf_putc(b, (char)c);
		}
	}
	/* An empty text still gives a valid (empty) string. */
	export__buf_put(b, "", 0);
	return b->failed ? EXPORT_ENOMEM : 0;
}

/* Whether the line s[0..n) holds only white space. */
static int blank_line(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!is_space((unsigned char)s[i]))
			return 0;
	return 1;
}

int export__paragraphs(const char *s, int (*fn)(void *ctx, const char *p, size_t n), void *ctx)
{
	size_t len = strlen(s);
	size_t pos = 0;
	size_t para = 0;   /* start of the current paragraph */
	int in_para = 0;
	while (pos <= len) {
		const char *nl = memchr(s + pos, '\n', len - pos);
		size_t eol = nl ? (size_t)(nl - s) : len;
		if (blank_line(s + pos, eol - pos)) {
			if (in_para) {
				size_t a = para, z = pos;
				while (z > a && is_space((unsigned char)s[z - 1]))
					z--;
				int rc = fn(ctx, s + a, z - a);
				if (rc)
					return rc;
				in_para = 0;
			}
		} else if (!in_para) {
			para = pos;
			while (is_space((unsigned char)s[para]))
				para++;
			in_para = 1;
		}
		pos = eol + 1;
	}
	if (in_para) {
		size_t z = len;
		while (z > para && is_space((unsigned char)s[z - 1]))
			z--;
		return fn(ctx, s + para, z - para);
	}
	return 0;
}

int export__truncate(struct export_buf *b, const char *s, size_t max_chars)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t chars = 0, i = 0;
	for (; u[i]; i++) {
		if ((u[i] & 0xC0) != 0x80) {
			if (chars == max_chars)
				break;
			chars++;
		}
	}
	export__buf_put(b, s, i);
	if (u[i])
		export__buf_puts(b, "\xe2\x80\xa6");
	return b->failed ? EXPORT_ENOMEM : 0;
}
