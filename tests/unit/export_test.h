/* What the export's two unit tests share (test_export.c for a session's report,
 * test_export_event.c for an event's): a CHECK that records a failure with a message of its
 * own and goes on, reading fixtures, and comparing a rendering with its golden file.
 *
 * The functions are static inline so that a test that does not use one of them is not
 * warned about it. */
#ifndef TAFEL_TEST_EXPORT_H
#define TAFEL_TEST_EXPORT_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cjson/cJSON.h>

static int passed, failed;

#define CHECK(cond, ...) check(!!(cond), __FILE__, __LINE__, #cond, __VA_ARGS__)

static inline void check(int ok, const char *file, int line, const char *expr,
                         const char *fmt, ...)
{
	if (ok) {
		passed++;
		return;
	}
	failed++;
	fprintf(stderr, "FAIL %s:%d: %s: ", file, line, expr);
	va_list ap;
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

/* The "N passed, N failed" line that test runners read, and the exit status. */
static inline int check_report(void)
{
	printf("%d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}

static inline const char *source_dir(void)
{
	const char *d = getenv("TAFEL_SOURCE_DIR");
	return d && *d ? d : ".";
}

/* The whole file, NUL-terminated; NULL when it cannot be read. */
static inline char *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	char *data = NULL;
	size_t cap = 0, n = 0;
	for (;;) {
		if (n + 4096 + 1 > cap) {
			cap = (n + 4096 + 1) * 2;
			char *p = realloc(data, cap);
			if (!p) {
				free(data);
				fclose(f);
				return NULL;
			}
			data = p;
		}
		size_t got = fread(data + n, 1, cap - n - 1, f);
		n += got;
		if (got == 0)
			break;
	}
	fclose(f);
	data[n] = '\0';
	if (len)
		*len = n;
	return data;
}

static inline int write_file(const char *path, const char *data, size_t len)
{
	FILE *f = fopen(path, "wb");
	if (!f)
		return -1;
	size_t w = fwrite(data, 1, len, f);
	return (fclose(f) == 0 && w == len) ? 0 : -1;
}

/* A report document: a name in tests/export/fixtures/, or a path. */
static inline cJSON *load_fixture(const char *name)
{
	char path[4096];
	if (strchr(name, '/'))
		snprintf(path, sizeof path, "%s", name);
	else
		snprintf(path, sizeof path, "%s/tests/export/fixtures/%s.json", source_dir(), name);
	size_t len;
	char *text = read_file(path, &len);
	if (!text) {
		fprintf(stderr, "cannot read %s\n", path);
		return NULL;
	}
	cJSON *doc = cJSON_ParseWithLength(text, len);
	free(text);
	if (!doc)
		fprintf(stderr, "cannot parse %s\n", path);
	return doc;
}

static inline size_t count_of(const char *s, const char *needle)
{
	size_t n = 0, k = strlen(needle);
	for (const char *p = s; (p = strstr(p, needle)); p += k)
		n++;
	return n;
}

/* Whether the test was asked to rewrite its golden files (TAFEL_UPDATE_GOLDEN=1). */
static inline int golden_update(void)
{
	const char *u = getenv("TAFEL_UPDATE_GOLDEN");
	return u && strcmp(u, "1") == 0;
}

/* Checks that `got` is byte for byte the golden file at `path`, pointing at the first line
 * that differs; with `update` it writes the file instead. `test` names the test program in
 * the hint for an intended change. */
static inline void golden_check(const char *path, const char *got, int update, const char *test)
{
	size_t len = strlen(got);
	if (update) {
		CHECK(write_file(path, got, len) == 0, "write %s", path);
		return;
	}
	size_t wlen = 0;
	char *want = read_file(path, &wlen);
	if (!want) {
		CHECK(0, "missing golden file %s (run with TAFEL_UPDATE_GOLDEN=1)", path);
		return;
	}
	if (wlen == len && memcmp(want, got, len) == 0) {
		CHECK(1, "");
	} else {
		size_t i = 0, line = 1, bol = 0;
		while (i < len && i < wlen && got[i] == want[i]) {
			if (got[i] == '\n') {
				line++;
				bol = i + 1;
			}
			i++;
		}
		CHECK(0, "%s differs at line %zu:\n  want: %.120s\n  got:  %.120s\n"
		         "  (if the change is intended: TAFEL_UPDATE_GOLDEN=1 ./%s)",
		      path, line, want + (bol < wlen ? bol : wlen), got + bol, test);
	}
	free(want);
}

#endif
