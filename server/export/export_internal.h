/* Internals of the export module: a growable buffer, the escapers of the four formats, the
 * fixed phrases in Dutch and English, the time rules, and the report model that every
 * renderer reads.
 *
 * The flow is: export_render() turns the cJSON report document into a `struct
 * export_report` (export_model.c: parsing, ranking, counting), then one renderer walks that
 * model. Sentences of prose (the opening paragraph, the generated summary, ...) are built as
 * plain text by export_prose.c and escaped afterwards by the renderer for its format, so
 * that no renderer builds a sentence of its own and the four formats say the same thing.
 */
#ifndef TAFEL_EXPORT_INTERNAL_H
#define TAFEL_EXPORT_INTERNAL_H

#include <stddef.h>
#include <stdint.h>
#include <cjson/cJSON.h>

#include "tafel/export.h"

/* ---- export_buf.c: a growable byte buffer ------------------------------------------------ */

/* A buffer whose first failed allocation makes it `failed`: every later append is a no-op,
 * so a renderer can write a whole section and check once. data is always NUL-terminated
 * when not NULL. */
struct export_buf {
	char *data;
	size_t len;
	size_t cap;
	int failed;
};

#define EXPORT_BUF_INIT { NULL, 0, 0, 0 }

void export__buf_free(struct export_buf *b);
/* Each returns 0, or EXPORT_ENOMEM (also when the buffer had failed before). */
int export__buf_put(struct export_buf *b, const char *s, size_t n);
int export__buf_puts(struct export_buf *b, const char *s);
int export__buf_putc(struct export_buf *b, char c);
int export__buf_printf(struct export_buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Empties the buffer but keeps its memory (and its failed state). */
void export__buf_reset(struct export_buf *b);
/* Hands the data to the caller (who frees it) and leaves the buffer empty. A buffer that
 * has failed is freed and EXPORT_ENOMEM returned. An empty buffer gives "". */
int export__buf_detach(struct export_buf *b, char **out, size_t *out_len);

/* ---- export_escape.c: text from users, made safe for the format it lands in -------------- */

/* Markdown flags. AT_START: the text begins a line where block syntax is recognised (a
 * paragraph, a list item). BLOCK: newlines are kept and every line is treated as a line
 * start; without it newlines become spaces (headings, table cells, inline runs). */
#define EXPORT_MD_AT_START 1
#define EXPORT_MD_BLOCK 2

int export__md_escape(struct export_buf *b, const char *s, int flags);
/* HTML text and attribute values (both quotes escaped); newlines are kept as they are. */
int export__html_escape(struct export_buf *b, const char *s);
/* The same, with newlines turned into <br>. */
int export__html_escape_br(struct export_buf *b, const char *s);
/* One CSV field: neutralised against formula injection and quoted per RFC 4180. */
int export__csv_field(struct export_buf *b, const char *s);
/* Text with every \r\n and lone \r made \n, C0 controls other than \t and \n dropped and
 * the ends trimmed of white space. The renderers work on this form. */
int export__text_clean(struct export_buf *b, const char *s);
/* Splits cleaned text into paragraphs at blank lines: calls fn(ctx, para, len) for each
 * paragraph (trimmed, never empty) and stops at the first nonzero return. */
int export__paragraphs(const char *s, int (*fn)(void *ctx, const char *p, size_t n), void *ctx);
/* Copies at most max_chars code points of s, adding "…" when it cut. */
int export__truncate(struct export_buf *b, const char *s, size_t max_chars);

/* ---- export_i18n.c: every fixed phrase in Dutch and English ------------------------------- */

enum export_lang { EXPORT_LANG_NL, EXPORT_LANG_EN };

/* Phrases may hold %1..%9, filled by export__fill(); %% is a percent sign. */
enum export_phrase {
	EXPORT_P_KICKER,             /* the line above the title */
	EXPORT_P_META,               /* "session code %1 · report of %2" */
	EXPORT_P_META_NODATE,
	EXPORT_P_META_DATE_ONLY,
	EXPORT_P_OPENING_TIMED,      /* date, start, end, zone, duration, people */
	EXPORT_P_OPENING_STARTED,    /* a start but no end */
	EXPORT_P_OPENING_UNTIMED,
	EXPORT_P_NOT_ENDED,
	EXPORT_P_PEOPLE_NONE,
	EXPORT_P_PEOPLE_ONE,
	EXPORT_P_PEOPLE_MANY,
	EXPORT_P_PROBLEM,
	EXPORT_P_CONTEXT_INTRO,
	EXPORT_P_ROADMAP,
	EXPORT_P_ROADMAP_NO_PERSONAS,
	EXPORT_P_NO_BACKGROUND,
	EXPORT_P_AND,                /* " en " */
	EXPORT_P_HOURS_ONE,
	EXPORT_P_HOURS_MANY,
	EXPORT_P_MINUTES_ONE,
	EXPORT_P_MINUTES_MANY,
	EXPORT_P_ZONE_AMS,
	EXPORT_P_ZONE_UTC,
	EXPORT_P_H_PERSONAS,
	EXPORT_P_H_DIRECTIONS,
	EXPORT_P_H_SUMMARY,
	EXPORT_P_H_APP_BAD,
	EXPORT_P_H_APP_IDEAL,
	EXPORT_P_H_APP_VOTES,
	EXPORT_P_H_APP_PEOPLE,
	EXPORT_P_PERSONAS_INTRO,
	EXPORT_P_NO_PERSONAS,
	EXPORT_P_PERSONA_INTRO,
	EXPORT_P_PERSONA_DESCRIPTION,
	EXPORT_P_POINTS_ONE,
	EXPORT_P_POINTS_MANY,
	EXPORT_P_Q_THINKS,
	EXPORT_P_Q_FEELS,
	EXPORT_P_Q_SAYS,
	EXPORT_P_Q_DOES,
	EXPORT_P_Q_OTHER,
	EXPORT_P_Q_EMPTY,
	EXPORT_P_DIRECTIONS_INTRO,
	EXPORT_P_DIRECTIONS_RANKED,
	EXPORT_P_DIRECTIONS_UNVOTED,
	EXPORT_P_DIRECTIONS_ONE,
	EXPORT_P_DIRECTIONS_MANY,
	EXPORT_P_NO_DIRECTIONS,
	EXPORT_P_NOT_ELABORATED,
	EXPORT_P_IDEAS_LABEL,
	EXPORT_P_ESSENCES_LABEL,
	EXPORT_P_BAD_IDEA_MARK,
	EXPORT_P_VOTES_LABEL,        /* "Stemmen: %1" */
	EXPORT_P_VOTES_ONE,
	EXPORT_P_VOTES_MANY,
	EXPORT_P_CHART_CAPTION,
	EXPORT_P_GEN_NOTE,
	EXPORT_P_GEN_TOP,
	EXPORT_P_GEN_TOP_SHARE,
	EXPORT_P_GEN_TOP_SHARE_ONE,
	EXPORT_P_QUOTE,
	EXPORT_P_GEN_UNVOTED,
	EXPORT_P_GEN_NONE,
	EXPORT_P_GEN_MORE,
	EXPORT_P_COL_BAD_IDEA,
	EXPORT_P_COL_ESSENCE,
	EXPORT_P_COL_DIRECTION,
	EXPORT_P_COL_IDEA,
	EXPORT_P_COL_PHASE,
	EXPORT_P_COL_AUTHOR,
	EXPORT_P_COL_TOTAL,
	EXPORT_P_COL_NAME,
	EXPORT_P_COL_BACKGROUND,
	EXPORT_P_COL_ROLE,
	EXPORT_P_ROLE_PARTICIPANT,
	EXPORT_P_ROLE_FACILITATOR,
	EXPORT_P_NONE_CELL,          /* a cell with nothing in it: "—" */
	EXPORT_P_NO_BAD_IDEAS,
	EXPORT_P_NO_IDEAL_IDEAS,
	EXPORT_P_VOTES_INTRO,
	EXPORT_P_VOTES_INTRO_NOBUDGET,
	EXPORT_P_NO_VOTES,
	EXPORT_P_UNKNOWN_BACKGROUND,
	EXPORT_P_DOC_TITLE_FALLBACK,
	EXPORT_P_H_APP_MAPS,
	EXPORT_P_SYNTHESIS_EVIDENCE, /* "... the %1 the table noted (appendix %2)." */
	EXPORT_P_MAPS_INTRO,
	EXPORT_P_CHAPTER_TITLE,      /* "%1 %2": number and title */
	/* The cross-table report of an event (export_event*.c). */
	EXPORT_P_EV_KICKER,
	EXPORT_P_EV_META,            /* "event code %1 · drawn up on %2" */
	EXPORT_P_EV_META_NODATE,
	EXPORT_P_EV_TITLE_FALLBACK,
	EXPORT_P_EV_OPENING,         /* date, title, participants, tables */
	EXPORT_P_EV_OPENING_UNDATED,
	EXPORT_P_EV_BY_BACKGROUND,
	EXPORT_P_EV_TABLES_ONE,
	EXPORT_P_EV_TABLES_MANY,
	EXPORT_P_EV_PARTICIPANTS_ONE,
	EXPORT_P_EV_PARTICIPANTS_MANY,
	EXPORT_P_EV_ROADMAP,
	EXPORT_P_EV_H_SUMMARIES,
	EXPORT_P_EV_PERSONAS_INTRO,
	EXPORT_P_EV_NO_PERSONAS,
	EXPORT_P_EV_NO_SYNTHESIS,
	EXPORT_P_EV_H_NOTED,
	EXPORT_P_EV_NOTED_INTRO,
	EXPORT_P_EV_DIRECTIONS_INTRO,
	EXPORT_P_EV_DIRECTIONS_RULE,
	EXPORT_P_EV_UNVOTED_ONE,
	EXPORT_P_EV_UNVOTED_MANY,
	EXPORT_P_EV_NO_DIRECTIONS,
	EXPORT_P_EV_DOTS_ONE,        /* "%1 of 1 dot" */
	EXPORT_P_EV_DOTS_MANY,       /* "%1 of %2 dots" */
	EXPORT_P_EV_VOTES_LINE,      /* "Votes: %1 (%2)" */
	EXPORT_P_EV_TABLE_LINE,      /* "Table: %1" */
	EXPORT_P_EV_RANKING_CAPTION,
	EXPORT_P_EV_H_APP_TABLE,     /* "Appendix %1 %2": letter and table name */
	EXPORT_P_EV_APP_INTRO,
	EXPORT_P_EV_APP_PEOPLE,
	EXPORT_P_EV_APP_VOTES,
	EXPORT_P_EV_NO_PARTICIPANTS,
	EXPORT_P_EV_TABLE_UNVOTED,
	EXPORT_P_EV_COL_TABLE,
	EXPORT_P_EV_COL_VOTES,
	EXPORT_P_EV_COL_SHARE,
	EXPORT_P_EV_COL_PARTICIPANTS,
	EXPORT_P_COUNT
};

const char *export__phrase(enum export_lang lang, enum export_phrase p);
const char *export__month(enum export_lang lang, int month); /* month 1..12 */
const char *export__lang_code(enum export_lang lang);
/* The report's language: `asked` ("nl" or "en") when given, else the document's `language`,
 * which reads English when it is neither. EXPORT_EINVAL for any other `asked`. */
int export__lang_pick(const char *asked, const char *language, enum export_lang *out);

/* Appends tmpl with %1..%n replaced by args[0..n-1] (plain text; escaping comes later). */
int export__fill(struct export_buf *b, const char *tmpl, const char *const *args, int nargs);

/* ---- export_time.c: times in a fixed, documented zone ------------------------------------ */

enum export_zone_kind { EXPORT_ZONE_AMSTERDAM, EXPORT_ZONE_UTC, EXPORT_ZONE_FIXED };

struct export_zone {
	enum export_zone_kind kind;
	int offset_minutes; /* EXPORT_ZONE_FIXED only */
};

struct export_time {
	int year, month, day; /* month 1..12 */
	int hour, minute;
	int offset_minutes;   /* of the zone at that moment */
};

/* Breaks ms since the epoch down into local time in `zone`, without the C library's time
 * zone state: the result depends on nothing but the arguments. */
void export__local_time(int64_t ms, const struct export_zone *zone, struct export_time *out);
/* "12 maart 2025" / "12 March 2025". */
int export__fmt_date(struct export_buf *b, enum export_lang lang, const struct export_time *t);
/* "13:05". */
int export__fmt_clock(struct export_buf *b, const struct export_time *t);
/* "2025-03-12T13:05+01:00" */
int export__fmt_iso(struct export_buf *b, const struct export_time *t);
/* The zone's name for the reader: "Nederlandse tijd", "UTC", "UTC+05:30". */
int export__fmt_zone(struct export_buf *b, enum export_lang lang, const struct export_zone *z);
/* The zone's identifier in the JSON export: "Europe/Amsterdam", "UTC", "UTC+05:30". */
int export__fmt_zone_id(struct export_buf *b, const struct export_zone *z);
/* "2 uur en 5 minuten" / "2 hours and 5 minutes", from whole minutes. */
int export__fmt_duration(struct export_buf *b, enum export_lang lang, long minutes);

/* ---- export_model.c: the report document, read once --------------------------------------- */

enum export_kind {
	EXPORT_KIND_OTHER,
	EXPORT_KIND_INTRO,
	EXPORT_KIND_EMPATHY_MAP,
	EXPORT_KIND_BAD_IDEAS,
	EXPORT_KIND_IDEAL_IDEAS,
	EXPORT_KIND_CLUSTER,
	EXPORT_KIND_VOTE,
	EXPORT_KIND_ELABORATE,
	EXPORT_KIND_WRAP_UP
};

enum export_quadrant {
	EXPORT_Q_THINKS,
	EXPORT_Q_FEELS,
	EXPORT_Q_SAYS,
	EXPORT_Q_DOES,
	EXPORT_Q_NONE /* an empathy-map note without a (known) quadrant */
};
#define EXPORT_NQUADRANTS 4

/* Identifiers are strings on the wire; the document may also carry them as numbers, so the
 * model keeps its own copy. */
#define EXPORT_ID_MAX 64

struct export_persona {
	const char *id, *name, *description;
	const char *synthesis;  /* the facilitator's synthesis, "" when none was written */
};

struct export_phase {
	int index;
	enum export_kind kind;
	const char *kind_name;  /* as in the document, "" when missing */
	const char *title;
	const struct export_persona *persona; /* empathy-map phases; NULL when unknown */
	long votes_per_participant;           /* vote phases */
};

struct export_participant {
	char id[EXPORT_ID_MAX];
	const char *name;
	const char *background;
	int facilitator;
	size_t bg;              /* index into report.bgs (participants only) */
};

struct export_background {
	const char *name;       /* "" for participants who gave none */
	char *plural;           /* "leraren (OP)": the name in running text after a count */
	char *singular;         /* "leraar (OP)": the same after "1" */
	long participants;
	long votes;             /* dots spent by this background, over all directions */
};

struct export_direction {
	char id[EXPORT_ID_MAX];
	const char *title;
	const char *description;
	long votes;
	size_t order;           /* place in the document's clusters[]: creation order */
	int rank;               /* 1-based place in the ranking */
	long *by_bg;            /* votes per background (nbgs entries), from votes[] */
	long by_unknown;        /* votes[] entries whose voter is not a known participant */
};

struct export_note {
	char id[EXPORT_ID_MAX];
	const struct export_phase *phase; /* NULL when the note names no known phase */
	int phase_index;
	const char *text;
	const char *essence;    /* NULL or "" when none was written */
	enum export_quadrant quadrant;
	const char *quadrant_name; /* as in the document, "" when missing */
	struct export_direction *dir;
	const struct export_participant *author;
};

struct export_report {
	enum export_lang lang;
	int with_names;

	const char *code, *title, *problem, *language, *template_id, *status, *summary;
	const char *method;     /* the template's method text in the report's language, or "" */
	int chapter;            /* 0, or the chapter number the sections are numbered under */
	int maps_appendix;      /* some persona has a synthesis: its notes go to an appendix */
	const cJSON *context;   /* array of strings, or NULL */

	struct export_persona *personas;
	size_t npersonas;
	struct export_phase *phases;
	size_t nphases;
	struct export_participant *people;
	size_t npeople;
	struct export_participant **people_by_id; /* sorted by id, for lookups */
	struct export_background *bgs;
	size_t nbgs;
	long nparticipants;     /* people of role participant */
	struct export_note *notes;
	size_t nnotes;
	struct export_direction *dirs;
	size_t ndirs;
	struct export_direction **ranked; /* dirs by votes, see export__rank() */

	long votes_total;
	long votes_per_participant; /* of the first vote phase; 0 when there is none */
	int has_vote_detail;    /* the document carried votes[] */

	struct export_zone zone;
	int has_start, has_end, ended;
	int64_t created_at, started_at, ended_at, exported_at;
	int has_exported;
};

/* Fields of a JSON document, for both reports' models. A string: "" when missing or null,
 * EXPORT_EINVAL when of another type. An integer (milliseconds since the epoch fit a
 * double exactly up to 2^53): *present, when given, says whether it was there. */
int export__get_str(const cJSON *o, const char *name, const char **out);
int export__get_int(const cJSON *o, const char *name, int64_t *out, int *present);

/* Reads the document into *r (which it zeroes first). Returns 0, EXPORT_EINVAL when a field
 * has the wrong type, or EXPORT_ENOMEM. The model points into `doc`, which must outlive it.
 * export__report_free() is safe after a failure. */
int export__report_load(struct export_report *r, const cJSON *doc, const struct export_options *opt);
void export__report_free(struct export_report *r);
/* Sorts r->ranked: more votes first; equal votes keep creation order. Sets each rank. */
void export__rank(struct export_report *r);
/* The votes of voters the document does not list, over all directions: the vote table's
 * "unknown" column. */
long export__votes_unknown(const struct export_report *r);
/* The whole minutes the session ran, or -1 when the document has no times. */
long export__duration_minutes(const struct export_report *r);
const char *export__quadrant_code(enum export_quadrant q);
/* The background's label for the reader ("zonder achtergrond" for ""). */
const char *export__bg_label(const struct export_report *r, size_t i);
/* "2 leraren (OP)": a count of participants with background i, in running text. */
int export__bg_count(struct export_buf *b, const struct export_report *r, size_t i, long n);
/* Whether the map of phase ph goes to the appendix (its persona has a synthesis). */
int export__map_in_appendix(const struct export_report *r, const struct export_phase *ph);
/* The number of section n (1..3): "2", or "6.2" in a chapter. */
const char *export__section_num(const struct export_report *r, int n, char out[16]);
/* Appendices, in order; a letter each ("A", or "6A" in a chapter) when present. */
enum export_appendix { EXPORT_APP_BAD, EXPORT_APP_IDEAL, EXPORT_APP_VOTES, EXPORT_APP_MAPS,
                       EXPORT_APP_PEOPLE };
const char *export__appendix_letter(const struct export_report *r, enum export_appendix a,
                                    char out[16]);
/* The heading of an appendix with its letter: "Bijlage C Stemmentabel". */
int export__appendix_heading(struct export_buf *b, const struct export_report *r,
                             enum export_appendix a);

/* ---- export_plural.c: a background's name after a count ------------------------------------ */

/* The plural of a background label by the rules of `language` ("nl" or else English): the
 * noun of "Leraar (OP)" is "Leraar", made "Leraren"; an abbreviation in capitals ("OOP")
 * gets "’ers" in Dutch. Returns a malloc'd string or NULL when out of memory. */
char *export__plural(const char *label, const char *language);
/* A copy of label with its first letter lower case when it is a common noun ("Leraren" ->
 * "leraren"; "OOP’ers" and "PO-raad" stay). malloc'd, NULL when out of memory. */
char *export__lower_first(const char *label);

/* Whether note n belongs with the ideas of its direction (everything but bad ideas whose
 * essence is listed instead). */
int export__note_is_bad_idea(const struct export_note *n);
/* Whether note n is listed in appendix B: every idea that is neither an empathy-map point
 * nor a bad idea (the ideal ideas, and notes of later phases such as an elaboration). */
int export__note_is_idea(const struct export_note *n);
/* How many notes appendix B lists; *phase_col says whether they come from more than one
 * phase, and so whether the appendix needs a phase column. */
size_t export__ideas(const struct export_report *r, int *phase_col);
/* The note's author's name, "" when unknown (shown only with names). */
const char *export__note_author(const struct export_note *n);
int export__has_text(const char *s);

/* ---- export_prose.c: the report's sentences, as plain text -------------------------------- */

int export__prose_meta(struct export_buf *b, const struct export_report *r);
int export__prose_opening(struct export_buf *b, const struct export_report *r);
int export__prose_roadmap(struct export_buf *b, const struct export_report *r);
int export__prose_personas_intro(struct export_buf *b, const struct export_report *r);
int export__prose_persona_intro(struct export_buf *b, const struct export_report *r,
                                const struct export_phase *ph);
/* Under a synthesis: where its evidence, the persona's notes, is to be found. */
int export__prose_synthesis_evidence(struct export_buf *b, const struct export_report *r,
                                     const struct export_phase *ph);
int export__prose_maps_intro(struct export_buf *b, const struct export_report *r);
/* The document's main heading: the title, "6 Title" in a chapter. */
int export__prose_title(struct export_buf *b, const struct export_report *r);
/* The notes of one quadrant of an empathy-map phase as running sentences. */
int export__prose_quadrant(struct export_buf *b, const struct export_report *r,
                           const struct export_phase *ph, enum export_quadrant q);
int export__prose_directions_intro(struct export_buf *b, const struct export_report *r);
int export__prose_votes(struct export_buf *b, const struct export_report *r, long votes);
int export__prose_generated_summary(struct export_buf *b, const struct export_report *r);
int export__prose_votes_intro(struct export_buf *b, const struct export_report *r);
/* The text of the summary section: the facilitator's, or the generated one. */
int export__summary_is_generated(const struct export_report *r);
/* Appends s and a full stop when s does not already end a sentence. */
int export__sentence(struct export_buf *b, const char *s);

/* ---- export_json.c: building the JSON of both reports ------------------------------------- */

/* The root object of a JSON report: {"report": report, "version": version, "lang": ...}.
 * NULL when out of memory. */
cJSON *export__json_root(const char *report, int version, enum export_lang lang);
/* A new object at the end of array; NULL when out of memory (nothing is left behind). */
cJSON *export__json_push_obj(cJSON *array);
/* Adds tmp, the plain text a prose function built with result rc, as the string field
 * `name` of o, and empties tmp. EXPORT_ENOMEM when rc or tmp tells of a failure. */
int export__json_add_prose(cJSON *o, const char *name, struct export_buf *tmp, int rc);
/* The report's text: root printed, with a newline at the end. */
int export__json_print(struct export_buf *b, const cJSON *root);

/* ---- export_md_write.c: writing Markdown, for both reports' renderers --------------------- */

struct export_md {
	struct export_buf *out;
	enum export_lang lang;
	struct export_buf tmp;   /* cleaned user text */
	struct export_buf prose; /* a sentence or paragraph built as plain text */
};

#define EXPORT_MD_INIT(b, language) { (b), (language), EXPORT_BUF_INIT, EXPORT_BUF_INIT }

/* User text or a phrase, cleaned and escaped; `flags` as for export__md_escape(). Each of
 * these marks m->out failed instead of returning an error: export__md_finish() tells. */
void export__md_text(struct export_md *m, const char *s, int flags);
/* "| text ", or "| — " when there is none (a table cell must not look forgotten). */
void export__md_cell(struct export_md *m, const char *s);
void export__md_num_cell(struct export_md *m, long v);
/* Writes m->prose, built by the call whose result is rc, as `flags` says, then `after`. */
void export__md_prose(struct export_md *m, int rc, int flags, const char *after);
/* The same as a paragraph of its own. */
void export__md_para(struct export_md *m, int rc);
/* A fixed phrase as a paragraph of its own. */
void export__md_phrase(struct export_md *m, enum export_phrase p);
/* A text of several paragraphs (an elaboration, a summary), blank lines kept. */
void export__md_paragraphs(struct export_md *m, const char *s);
/* The notes of direction d: its ideas, then the essences of its bad ideas, as two labelled
 * lists. */
void export__md_direction_notes(struct export_md *m, const struct export_report *r,
                                const struct export_direction *d);
/* The vote table of report r (which has directions), with its introduction. */
void export__md_vote_table(struct export_md *m, const struct export_report *r);
/* Ends the document with one newline, frees the scratch buffers; 0 or EXPORT_ENOMEM. */
int export__md_finish(struct export_md *m);

/* ---- export_html_write.c: writing HTML, for both reports' renderers ----------------------- */

struct export_html {
	struct export_buf *out;
	enum export_lang lang;
	int word;                /* the word-processor mode of the session's report */
	struct export_buf tmp;   /* cleaned user text */
	struct export_buf prose; /* a sentence or paragraph built as plain text */
};

#define EXPORT_HTML_INIT(b, language, word) \
	{ (b), (language), (word), EXPORT_BUF_INIT, EXPORT_BUF_INIT }

/* User text or a phrase, cleaned and escaped; newlines become <br> when `br`. Each of these
 * marks h->out failed instead of returning an error: export__html_finish() tells. */
void export__html_text(struct export_html *h, const char *s, int br);
/* open, the text s, close. */
void export__html_element(struct export_html *h, const char *open, const char *s,
                          const char *close);
/* Writes h->prose, built by the call whose result is rc, between open and close. */
void export__html_prose(struct export_html *h, int rc, const char *open, const char *close);
/* A text of several paragraphs, each a <p>, its lines kept with <br>. */
void export__html_paragraphs(struct export_html *h, const char *s);
/* A fixed phrase as a paragraph that says something is not there ("No bad ideas."). */
void export__html_empty(struct export_html *h, enum export_phrase p);
/* A table row's start tag: a word processor reads the cells' alignment from it. */
const char *export__html_tr(const struct export_html *h);
void export__html_th(struct export_html *h, enum export_phrase p, int numeric);
/* A cell of text, "—" when there is none. */
void export__html_td(struct export_html *h, const char *s);
void export__html_td_num(struct export_html *h, long v);
/* The notes of direction d: its ideas, then the essences of its bad ideas, as two labelled
 * lists. */
void export__html_direction_notes(struct export_html *h, const struct export_report *r,
                                  const struct export_direction *d);
/* The body rows of report r's vote table, its totals row, and the table's end tags; the
 * caller writes the table's head, which differs between the reports. `unknown` as from
 * export__votes_unknown(). */
void export__html_vote_rows(struct export_html *h, const struct export_report *r, long unknown);
/* Frees the scratch buffers; 0 or EXPORT_ENOMEM. */
int export__html_finish(struct export_html *h);

/* ---- the renderers -------------------------------------------------------------------------- */

int export__render_md(struct export_buf *b, const struct export_report *r);
int export__render_html(struct export_buf *b, const struct export_report *r);
int export__render_json(struct export_buf *b, const struct export_report *r);
int export__render_csv(struct export_buf *b, const struct export_report *r);
/* The HTML renderer in its word-processor mode (export_html.c). */
int export__render_doc(struct export_buf *b, const struct export_report *r);
/* The HTML report's print style sheet (export_html.c), for the cross-table report too. */
const char *export__html_css(void);

#endif
