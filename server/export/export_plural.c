/* A background's name after a count: "2 leraren (OP), 3 schoolleiders".
 *
 * Backgrounds are labels from a template ("Leraar (OP)", "Schoolleider", "Medewerker raad"),
 * written as a column heading would be: singular, capitalised. After a count in a sentence
 * they read as plural common nouns. A template may give the plurals itself
 * ("backgrounds_plural", docs/export.md); for the rest a few rules of the template's language
 * make the noun plural. The rules cover the nouns templates use; a label they get wrong can
 * always be fixed in the template. */
#include <stdlib.h>
#include <string.h>

#include "export_internal.h"

/* Dutch adjectives that may come before the noun ("Interne begeleider"). */
static const char *const nl_adjectives[] = {
	"intern", "interne", "extern", "externe", "adjunct", "zelfstandig", "zelfstandige", NULL,
};

static int ends_with(const char *w, size_t n, const char *tail)
{
	size_t k = strlen(tail);
	return n >= k && memcmp(w + n - k, tail, k) == 0;
}

static int is_upper(char c)
{
	return c >= 'A' && c <= 'Z';
}

static int is_lower(char c)
{
	return c >= 'a' && c <= 'z';
}

static int all_caps(const char *w, size_t n)
{
	if (n < 2)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!is_upper(w[i]))
			return 0;
	return 1;
}

static int vowel(char c)
{
	return c && strchr("aeiou", c) != NULL;
}

/* Appends the Dutch plural of the word w[0..n). */
static void nl_word(struct export_buf *b, const char *w, size_t n)
{
	if (all_caps(w, n)) {
		export__buf_put(b, w, n);
		export__buf_puts(b, "\xe2\x80\x99" "ers"); /* OOP -> OOP’ers */
		return;
	}
	if (ends_with(w, n, "aar")) { /* leraar -> leraren */
		export__buf_put(b, w, n - 2);
		export__buf_puts(b, "ren");
		return;
	}
	static const char *const s_tails[] = { "e", "el", "em", "en", "er", "je", "ie", "um", NULL };
	for (int i = 0; s_tails[i]; i++)
		if (ends_with(w, n, s_tails[i])) { /* schoolleider -> schoolleiders */
			export__buf_put(b, w, n);
			export__buf_putc(b, 's');
			return;
		}
	if (n > 0 && strchr("aiouy", w[n - 1])) { /* opa -> opa’s */
		export__buf_put(b, w, n);
		export__buf_puts(b, "\xe2\x80\x99" "s");
		return;
	}
	/* A long vowel written double loses a letter in an open syllable: raad -> raden. */
	if (n >= 3 && !vowel(w[n - 1]) && w[n - 2] == w[n - 3] && strchr("aou", w[n - 2]) &&
	    !(n >= 4 && vowel(w[n - 4]))) {
		export__buf_put(b, w, n - 2);
		export__buf_putc(b, w[n - 1]);
		export__buf_puts(b, "en");
		return;
	}
	export__buf_put(b, w, n); /* docent -> docenten */
	export__buf_puts(b, "en");
}

static int ends_with_ci(const char *w, size_t n, const char *tail)
{
	size_t k = strlen(tail);
	if (n < k)
		return 0;
	for (size_t i = 0; i < k; i++) {
		char c = w[n - k + i];
		if (is_upper(c))
			c = (char)(c - 'A' + 'a');
		if (c != tail[i])
			return 0;
	}
	return 1;
}

/* Appends the English plural of w[0..n). */
static void en_word(struct export_buf *b, const char *w, size_t n)
{
	if (all_caps(w, n)) {
		export__buf_put(b, w, n);
		export__buf_putc(b, 's');
		return;
	}
	if (ends_with_ci(w, n, "staff") || ends_with_ci(w, n, "people") || ends_with_ci(w, n, "s")) {
		export__buf_put(b, w, n);
		return;
	}
	if (n >= 2 && w[n - 1] == 'y' && !vowel(w[n - 2])) {
		export__buf_put(b, w, n - 1);
		export__buf_puts(b, "ies");
		return;
	}
	if (ends_with(w, n, "x") || ends_with(w, n, "ch") || ends_with(w, n, "sh")) {
		export__buf_put(b, w, n);
		export__buf_puts(b, "es");
		return;
	}
	export__buf_put(b, w, n);
	export__buf_putc(b, 's');
}

static int is_nl_adjective(const char *w, size_t n)
{
	for (int i = 0; nl_adjectives[i]; i++) {
		size_t k = strlen(nl_adjectives[i]);
		if (k != n)
			continue;
		size_t j = 0;
		while (j < n && (w[j] | 0x20) == nl_adjectives[i][j])
			j++;
		if (j == n)
			return 1;
	}
	return 0;
}

char *export__lower_first(const char *label)
{
	char *s = strdup(label ? label : "");
	/* "Leraren" -> "leraren"; "OOP’ers" (a capital after a capital) and names stay. */
	if (s && is_upper(s[0]) && is_lower(s[1]))
		s[0] = (char)(s[0] - 'A' + 'a');
	return s;
}

char *export__plural(const char *label, const char *language)
{
	struct export_buf b = EXPORT_BUF_INIT;
	int nl = language && strcmp(language, "nl") == 0;
	const char *s = label ? label : "";
	/* The words of the label; the noun is the first word in Dutch (after an adjective),
	 * the last in English ("School leader"). */
	const char *words[32];
	size_t lens[32], nw = 0;
	for (const char *p = s; *p && nw < 32;) {
		while (*p == ' ')
			p++;
		if (!*p)
			break;
		const char *e = strchr(p, ' ');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		words[nw] = p;
		lens[nw++] = n;
		p += n;
	}
	if (nw == 0 || nw == 32)
		return export__lower_first(s);
	size_t noun = nl ? (nw > 1 && is_nl_adjective(words[0], lens[0]) ? 1 : 0) : nw - 1;
	for (size_t i = 0; i < nw; i++) {
		if (i)
			export__buf_putc(&b, ' ');
		if (i != noun) {
			export__buf_put(&b, words[i], lens[i]);
			continue;
		}
		/* Punctuation after the noun stays after it: "Leraar," -> "leraren,". Words that
		 * open a bracket ("(OP)") are never the noun's tail. */
		size_t n = lens[i];
		while (n > 0 && strchr(".,)", words[i][n - 1]))
			n--;
		if (n == 0 || words[i][0] == '(') {
			export__buf_put(&b, words[i], lens[i]);
			continue;
		}
		if (nl)
			nl_word(&b, words[i], n);
		else
			en_word(&b, words[i], n);
		export__buf_put(&b, words[i] + n, lens[i] - n);
	}
	if (b.failed) {
		export__buf_free(&b);
		return NULL;
	}
	char *low = export__lower_first(b.data ? b.data : "");
	export__buf_free(&b);
	return low;
}
