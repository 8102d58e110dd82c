#include <string.h>

#include "tafel/error.h"
#include "tafel/text.h"

#include <cjson/cJSON.h>

long text_chars(const char *str, size_t len)
{
	const unsigned char *s = (const unsigned char *)str;
	long n = 0;
	size_t i = 0;

	while (i < len) {
		unsigned c = s[i];
		unsigned cp;
		int more;

		if (c == 0)
			return -1;
		if (c < 0x80) {
			i++;
			n++;
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf) {
			more = 1;
			cp = c & 0x1f;
		} else if (c >= 0xe0 && c <= 0xef) {
			more = 2;
			cp = c & 0x0f;
		} else if (c >= 0xf0 && c <= 0xf4) {
			more = 3;
			cp = c & 0x07;
		} else {
			return -1;
		}
		if (i + (size_t)more >= len)
			return -1;
		for (int k = 1; k <= more; k++) {
			if ((s[i + k] & 0xc0) != 0x80)
				return -1;
			cp = (cp << 6) | (s[i + k] & 0x3f);
		}
		/* Overlong forms, UTF-16 surrogates and values past the last plane. */
		if ((more == 2 && cp < 0x800) || (more == 3 && cp < 0x10000) ||
		    (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
			return -1;
		i += (size_t)more + 1;
		n++;
	}
	return n;
}

int text_check(const char *s, int max_chars, int allow_empty)
{
	size_t len = strlen(s);
	long n;

	/* A length far past the limit is refused before it is scanned. */
	if (len > (size_t)max_chars * 4)
		return TF_E_TOO_LARGE;
	n = text_chars(s, len);
	if (n < 0)
		return TF_E_INVALID;
	if (n == 0 && !allow_empty)
		return TF_E_INVALID;
	if (n > max_chars)
		return TF_E_TOO_LARGE;
	return TF_OK;
}

static int hex4(const char *p, unsigned *out)
{
	unsigned v = 0;

	for (int k = 0; k < 4; k++) {
		char c = p[k];

		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= (unsigned)(c - '0');
		else if (c >= 'a' && c <= 'f')
			v |= (unsigned)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			v |= (unsigned)(c - 'A' + 10);
		else
			return -1;
	}
	*out = v;
	return 0;
}

/* cJSON turns "\u0000" into a C string cut short at the NUL, and refuses a lone surrogate
 * as a parse error; neither is a JSON syntax error to the sender, so the raw escapes are
 * read here to answer both with `invalid`. */
int text_json_escapes(const char *buf, size_t len)
{
	int flags = 0;

	for (size_t i = 0; i + 1 < len; i++) {
		unsigned v, lo;

		if (buf[i] != '\\')
			continue;
		if (buf[i + 1] != 'u') {
			i++;
			continue;
		}
		if (i + 6 > len || hex4(buf + i + 2, &v) < 0) {
			i++;
			continue;
		}
		if (v == 0)
			flags |= TEXT_ESC_NUL;
		if (v >= 0xdc00 && v <= 0xdfff)
			flags |= TEXT_ESC_BAD_SURROGATE;
		if (v >= 0xd800 && v <= 0xdbff) {
			if (i + 12 <= len && buf[i + 6] == '\\' && buf[i + 7] == 'u' &&
			    hex4(buf + i + 8, &lo) == 0 && lo >= 0xdc00 && lo <= 0xdfff)
				i += 6;
			else
				flags |= TEXT_ESC_BAD_SURROGATE;
		}
		i += 5;
	}
	return flags;
}

void text_json_patch_surrogates(char *buf, size_t len)
{
	for (size_t i = 0; i + 1 < len; i++) {
		unsigned v, lo;

		if (buf[i] != '\\')
			continue;
		if (buf[i + 1] != 'u' || i + 6 > len || hex4(buf + i + 2, &v) < 0) {
			i++;
			continue;
		}
		if (v >= 0xd800 && v <= 0xdbff && i + 12 <= len && buf[i + 6] == '\\' &&
		    buf[i + 7] == 'u' && hex4(buf + i + 8, &lo) == 0 && lo >= 0xdc00 && lo <= 0xdfff) {
			i += 11;
			continue;
		}
		if (v >= 0xd800 && v <= 0xdfff)
			memcpy(buf + i + 2, "fffd", 4);
		i += 5;
	}
}

int text_json_strict(const char *buf, size_t len)
{
	int in_string = 0;
	char prev = 0; /* the last significant character outside strings */

	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)buf[i];

		if (in_string) {
			if (c < 0x20)
				return -1; /* a raw control character: JSON wants it escaped */
			if (c == '\\')
				i++;
			else if (c == '"')
				in_string = 0;
			continue;
		}
		if (c == '"') {
			in_string = 1;
			prev = '"';
			continue;
		}
		if (c == ' ' || c == '\t' || c == '\n' || c == '\r')
			continue;
		/* A number may not start with 0 followed by another digit. */
		if ((c == '0' || c == '-') && (prev == ':' || prev == '[' || prev == ',' || prev == 0)) {
			size_t k = i + (c == '-');

			if (k + 1 < len && buf[k] == '0' && buf[k + 1] >= '0' && buf[k + 1] <= '9')
				return -1;
		}
		prev = (char)c;
	}
	return 0;
}

static int dup_keys(const cJSON *item, int depth)
{
	const cJSON *a, *b;

	if (depth > 64)
		return 0;
	for (a = item ? item->child : NULL; a; a = a->next) {
		if (cJSON_IsObject(item))
			for (b = a->next; b; b = b->next)
				if (a->string && b->string && strcmp(a->string, b->string) == 0)
					return 1;
		if ((cJSON_IsObject(a) || cJSON_IsArray(a)) && dup_keys(a, depth + 1))
			return 1;
	}
	return 0;
}

int text_json_duplicate_keys(const cJSON *root)
{
	return dup_keys(root, 0);
}
