/* Checks on text from users: valid UTF-8 without NUL, and its length in characters. */
#ifndef TAFEL_TEXT_H
#define TAFEL_TEXT_H

#include <stddef.h>

/* Returns the number of code points in s[0..len), or -1 when it is not valid UTF-8
 * (overlong forms, surrogates and values past U+10FFFF included) or holds a NUL. */
long text_chars(const char *s, size_t len);

/* Checks a user text against a limit: 0, TF_E_INVALID (not UTF-8, NUL, or empty when
 * !allow_empty) or TF_E_TOO_LARGE. */
int text_check(const char *s, int max_chars, int allow_empty);

#define TEXT_ESC_NUL 1
#define TEXT_ESC_BAD_SURROGATE 2

/* Scans raw JSON for the escapes "\\u0000" and lone UTF-16 surrogates; returns TEXT_ESC_*
 * flags. */
int text_json_escapes(const char *buf, size_t len);

/* Rewrites each lone surrogate escape in raw JSON to \\ufffd, in place. */
void text_json_patch_surrogates(char *buf, size_t len);

/* Checks what cJSON lets through but JSON forbids: raw control characters in strings and
 * numbers with a leading zero. Returns 0 or -1. */
int text_json_strict(const char *buf, size_t len);

struct cJSON;
/* Whether any object in the tree names a key twice (parsers disagree on which one wins). */
int text_json_duplicate_keys(const struct cJSON *root);

#endif
