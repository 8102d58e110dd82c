/* Session reports: the shape of chapter 6 of the model report, in four formats.
 *
 * The export is pure: it reads a report document (a cJSON tree built by the server from a
 * session, see docs/export.md for its fields) and writes text. It never touches the network
 * or the database, so that `tafel export` on a stopped server and the HTTP export give the
 * same bytes, and the golden-file tests can call it directly.
 */
#ifndef TAFEL_EXPORT_H
#define TAFEL_EXPORT_H

#include <stddef.h>
#include <cjson/cJSON.h>

/* EXPORT_DOC is the report as a word-processor document: HTML written for import (real
 * headings, lists and tables, no grid layout or SVG) with the .doc extension, which Word and
 * LibreOffice Writer open as a document. */
enum export_format { EXPORT_MD, EXPORT_HTML, EXPORT_JSON, EXPORT_CSV, EXPORT_DOC };

/* The highest chapter number export_options.chapter accepts. */
#define EXPORT_CHAPTER_MAX 99

struct export_options {
	enum export_format format;
	const char *lang;   /* "nl" or "en"; NULL means the session's language */
	int with_names;     /* nonzero: participant names may appear; else only backgrounds */
	int chapter;        /* 1..EXPORT_CHAPTER_MAX: the report is chapter N of a larger one
	                     * ("6 Title", sections 6.1, 6.2 ...); 0: a report of its own */
};

/* Error codes, all negative. */
#define EXPORT_EINVAL -1 /* an option or a field of the document is wrong */
#define EXPORT_ENOMEM -2

/* Parses "md", "html", "json", "csv" or "doc". Returns 0 or EXPORT_EINVAL. */
int export_format_parse(const char *name, enum export_format *out);

/* The MIME type with charset, e.g. "text/markdown; charset=utf-8". */
const char *export_content_type(enum export_format format);

/* The file name extension without the dot, e.g. "md". */
const char *export_extension(enum export_format format);

/* Renders `report` into a newly malloc'd, NUL-terminated buffer that the caller frees;
 * its length without the NUL goes to *out_len. Returns 0 or a negative EXPORT_E* code, in
 * which case *out is NULL. */
int export_render(const cJSON *report, const struct export_options *opt, char **out,
                  size_t *out_len);

/* Renders the cross-table report of an event: `doc` is hub_event_report()'s document
 * ({"event":{...},"tables":[{"code","name","report"}]}); the same formats and contract as
 * export_render(). */
int export_event_render(const cJSON *doc, const struct export_options *opt, char **out,
                        size_t *out_len);

#endif
