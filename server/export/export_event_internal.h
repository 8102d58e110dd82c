/* Internals of the cross-table report of an event (export_event*.c).
 *
 * The event document ({"event":{...},"tables":[{"code","name","report"}]}, built by
 * event_report.c) is read into `struct export_event`: each table's report document through
 * the session report's own model (export__report_load), so that a table's counts, ranking,
 * summary and vote table are exactly those of its own report, plus what only the event has:
 * the dots each table had, all directions in one ranking by vote share, the participants of
 * all tables per background and the personas across tables. The renderers of the four
 * formats walk this model; the sentences come from export_event_prose.c as plain text. */
#ifndef TAFEL_EXPORT_EVENT_INTERNAL_H
#define TAFEL_EXPORT_EVENT_INTERNAL_H

#include "export_internal.h"

struct export_event_table {
	const char *code;           /* the table's session code */
	const char *name;           /* its name in the event ("Tafel 1"), the code when none */
	const cJSON *doc;           /* its report document */
	struct export_report r;     /* its report, read as a session's export reads it */
	size_t index;               /* its place in the event: the tie rule's table order */
	long dots;                  /* participants × votes_per_participant of the vote phase
	                             * that counts (the current one, else the last before it):
	                             * PROGRESS's votes_total; 0 when the table never voted */
};

/* One direction in the event's ranking. */
struct export_event_entry {
	const struct export_event_table *table;
	const struct export_direction *dir;
	long votes, dots;
	int rank;                   /* 1-based place in the event's ranking */
};

/* A background over all tables, in the order of first appearance (the template's order,
 * since every table comes from the same template). */
struct export_event_bg {
	const char *name;
	const char *plural, *singular; /* from the first table that has it */
	long participants;
};

/* A persona over all tables: the empathy-map phases of each table that name it. */
struct export_event_persona {
	const char *key;            /* the persona id, or the phase title without one */
	const char *name;
	const char *description;
};

struct export_event {
	enum export_lang lang;
	const char *code, *title, *template_id, *language;
	int64_t created_at, exported_at, started_at;
	int has_created, has_exported, has_start;
	const char *problem;        /* the first table's problem statement with text, or "" */
	struct export_zone zone;

	struct export_event_table *tables;
	size_t ntables;
	struct export_event_entry *ranking;
	size_t nranking;
	struct export_event_bg *bgs;
	size_t nbgs;
	long nparticipants;
	struct export_event_persona *personas;
	size_t npersonas;
	long unvoted_tables;        /* tables with 0 dots */
};

/* Reads the event document into *e (zeroed first). EXPORT_EINVAL for a wrong field,
 * EXPORT_ENOMEM. export__event_free() is safe after a failure. */
int export__event_load(struct export_event *e, const cJSON *doc, const struct export_options *opt);
void export__event_free(struct export_event *e);

/* The ranking rule, on its own for the tests: a higher share (votes / dots, 0 when dots is
 * 0, compared exactly) first; then more votes; then the earlier table; then the direction's
 * place in its own table's ranking. Sorts and numbers `entries`. */
void export__event_rank(struct export_event_entry *entries, size_t n);
/* Compares the shares of a and b exactly: <0 when a's is higher, >0 when b's, 0 equal. */
int export__event_share_cmp(long votes_a, long dots_a, long votes_b, long dots_b);
/* votes / dots as a number, 0 when dots is 0. */
double export__event_share(long votes, long dots);

/* Whether phase ph of table t belongs to persona p. */
int export__event_phase_of(const struct export_event_persona *p, const struct export_phase *ph);
/* Table t's synthesis of persona p, "" when it wrote none. */
const char *export__event_synthesis(const struct export_event_table *t,
                                    const struct export_event_persona *p);
/* A section letter of the appendices: 0 -> "A", 25 -> "Z", 26 -> "AA". */
const char *export__event_letter(size_t i, char out[8]);

/* ---- export_event_prose.c: the sentences, as plain text (escaped by the renderer) ---- */

int export__event_title(struct export_buf *b, const struct export_event *e);
int export__event_meta(struct export_buf *b, const struct export_event *e);
int export__event_opening(struct export_buf *b, const struct export_event *e);
int export__event_roadmap(struct export_buf *b, const struct export_event *e);
int export__event_personas_intro(struct export_buf *b, const struct export_event *e);
/* "About the persona X the tables noted 12 points in all." Description after it. */
int export__event_noted_intro(struct export_buf *b, const struct export_event *e,
                              const struct export_event_persona *p);
/* The notes of persona p in quadrant q across all tables, as running sentences. */
int export__event_quadrant(struct export_buf *b, const struct export_event *e,
                           const struct export_event_persona *p, enum export_quadrant q);
/* How many notes of persona p are in quadrant q (EXPORT_Q_NONE: without one), over all
 * tables; export__event_points() counts every quadrant. */
long export__event_quadrant_count(const struct export_event *e,
                                  const struct export_event_persona *p, enum export_quadrant q);
long export__event_points(const struct export_event *e, const struct export_event_persona *p);
int export__event_directions_intro(struct export_buf *b, const struct export_event *e);
/* "5 van 12 stippen" / "5 of 12 dots". */
int export__event_dots(struct export_buf *b, const struct export_event *e, long votes, long dots);
/* "41,7%" / "41.7%": the share in tenths of a per cent, rounded half up. */
int export__event_percent(struct export_buf *b, const struct export_event *e, long votes,
                          long dots);
/* "Stemmen: 5 van 12 stippen (41,7%)". */
int export__event_votes_line(struct export_buf *b, const struct export_event *e,
                             const struct export_event_entry *x);
/* "Tafel: Zaal Noord". */
int export__event_table_line(struct export_buf *b, const struct export_event *e,
                             const struct export_event_table *t);
/* The appendix heading of table i: "Bijlage A Tafel 1". */
int export__event_appendix_heading(struct export_buf *b, const struct export_event *e, size_t i);
int export__event_appendix_intro(struct export_buf *b, const struct export_event *e,
                                 const struct export_event_table *t);
/* A number as JSON and the CSV write it: the shortest form that reads back the same. */
int export__event_number(struct export_buf *b, double v);

/* ---- the renderers ---- */

int export__event_render_md(struct export_buf *b, const struct export_event *e);
int export__event_render_html(struct export_buf *b, const struct export_event *e);
int export__event_render_json(struct export_buf *b, const struct export_event *e);
int export__event_render_csv(struct export_buf *b, const struct export_event *e);

#endif
