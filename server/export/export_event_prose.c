/* The cross-table report's sentences, written as plain text.
 *
 * As in export_prose.c: each function appends plain text in the report's language, with the
 * words of export_i18n.c; the renderer escapes it for its format. A table's own sentences
 * (its summary, its generated summary, its vote table's introduction) come from
 * export_prose.c, called on the table's model. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "export_event_internal.h"

static const char *P(const struct export_event *e, enum export_phrase p)
{
	return export__phrase(e->lang, p);
}

static int fill(struct export_buf *b, const struct export_event *e, enum export_phrase p,
                const char *a1, const char *a2, const char *a3, const char *a4)
{
	const char *args[4] = { a1, a2, a3, a4 };
	return export__fill(b, P(e, p), args, 4);
}

static int count(struct export_buf *b, const struct export_event *e, long n,
                 enum export_phrase one, enum export_phrase many)
{
	char num[24];
	snprintf(num, sizeof num, "%ld", n);
	return fill(b, e, n == 1 ? one : many, num, NULL, NULL, NULL);
}

/* Joins n texts as "a, b en c" / "a, b and c", each cleaned. */
static int join(struct export_buf *b, const struct export_event *e, const char *const *items,
                size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (i > 0)
			export__buf_puts(b, i + 1 == n ? P(e, EXPORT_P_AND) : ", ");
		export__text_clean(b, items[i]);
	}
	return b->failed ? EXPORT_ENOMEM : 0;
}

/* A phrase's text before its %1, then a sentence of user text: "...was: <problem>." */
static int lead_in(struct export_buf *b, const char *tmpl, const char *text)
{
	const char *hole = strstr(tmpl, "%1");
	export__buf_put(b, tmpl, hole ? (size_t)(hole - tmpl) : strlen(tmpl));
	return hole ? export__sentence(b, text) : (b->failed ? EXPORT_ENOMEM : 0);
}

static int quoted(struct export_buf *b, const struct export_event *e, const char *s)
{
	struct export_buf t = EXPORT_BUF_INIT;
	export__text_clean(&t, s);
	int rc = t.failed ? EXPORT_ENOMEM : fill(b, e, EXPORT_P_QUOTE, t.data, NULL, NULL, NULL);
	export__buf_free(&t);
	return rc;
}

/* ---- title and opening ---- */

int export__event_title(struct export_buf *b, const struct export_event *e)
{
	return export__text_clean(b, export__has_text(e->title) ? e->title
	                                                         : P(e, EXPORT_P_EV_TITLE_FALLBACK));
}

int export__event_meta(struct export_buf *b, const struct export_event *e)
{
	if (!e->has_exported)
		return fill(b, e, EXPORT_P_EV_META_NODATE, e->code, NULL, NULL, NULL);
	struct export_buf date = EXPORT_BUF_INIT;
	struct export_time t;
	export__local_time(e->exported_at, &e->zone, &t);
	export__fmt_date(&date, e->lang, &t);
	int rc = date.failed ? EXPORT_ENOMEM : fill(b, e, EXPORT_P_EV_META, e->code, date.data,
	                                            NULL, NULL);
	export__buf_free(&date);
	return rc;
}

/* "5 OOP’ers, 8 leraren (OP) en 6 schoolleiders": counts per background, never names. */
static int by_background(struct export_buf *b, const struct export_event *e)
{
	struct export_buf list = EXPORT_BUF_INIT;
	size_t shown = 0;
	for (size_t i = 0; i < e->nbgs; i++) {
		const struct export_event_bg *bg = &e->bgs[i];
		if (bg->participants == 0)
			continue;
		size_t left = 0;
		for (size_t k = i + 1; k < e->nbgs; k++)
			left += e->bgs[k].participants > 0;
		if (shown > 0)
			export__buf_puts(&list, left == 0 ? P(e, EXPORT_P_AND) : ", ");
		if (!export__has_text(bg->name))
			export__buf_printf(&list, "%ld %s", bg->participants,
			                   P(e, EXPORT_P_NO_BACKGROUND));
		else
			export__buf_printf(&list, "%ld %s", bg->participants,
			                   bg->participants == 1 ? bg->singular : bg->plural);
		shown++;
	}
	int rc = list.failed ? EXPORT_ENOMEM
	                     : fill(b, e, EXPORT_P_EV_BY_BACKGROUND, list.data, NULL, NULL, NULL);
	export__buf_free(&list);
	return rc;
}

int export__event_opening(struct export_buf *b, const struct export_event *e)
{
	struct export_buf date = EXPORT_BUF_INIT, title = EXPORT_BUF_INIT, people = EXPORT_BUF_INIT,
	                  tables = EXPORT_BUF_INIT;
	int rc = EXPORT_ENOMEM;
	if (e->has_start) {
		struct export_time t;
		export__local_time(e->started_at, &e->zone, &t);
		export__fmt_date(&date, e->lang, &t);
	}
	struct export_buf plain = EXPORT_BUF_INIT;
	export__event_title(&plain, e);
	if (!plain.failed)
		quoted(&title, e, plain.data);
	export__buf_free(&plain);
	count(&people, e, e->nparticipants, EXPORT_P_EV_PARTICIPANTS_ONE,
	      EXPORT_P_EV_PARTICIPANTS_MANY);
	count(&tables, e, (long)e->ntables, EXPORT_P_EV_TABLES_ONE, EXPORT_P_EV_TABLES_MANY);
	if (date.failed || title.failed || people.failed || tables.failed || plain.failed)
		goto out;
	if (e->has_start) {
		fill(b, e, EXPORT_P_EV_OPENING, date.data, title.data, people.data, tables.data);
	} else {
		/* The sentence begins with the title: its first letter is the title's. */
		fill(b, e, EXPORT_P_EV_OPENING_UNDATED, NULL, title.data, people.data, tables.data);
	}
	if (e->nparticipants > 0) {
		export__buf_putc(b, ' ');
		by_background(b, e);
	}
	if (export__has_text(e->problem)) {
		export__buf_putc(b, ' ');
		lead_in(b, P(e, EXPORT_P_PROBLEM), e->problem);
	}
	rc = b->failed ? EXPORT_ENOMEM : 0;
out:
	export__buf_free(&date);
	export__buf_free(&title);
	export__buf_free(&people);
	export__buf_free(&tables);
	return rc;
}

int export__event_roadmap(struct export_buf *b, const struct export_event *e)
{
	return export__buf_puts(b, P(e, EXPORT_P_EV_ROADMAP));
}

/* ---- personas ---- */

int export__event_personas_intro(struct export_buf *b, const struct export_event *e)
{
	if (e->npersonas == 0)
		return export__buf_puts(b, P(e, EXPORT_P_EV_NO_PERSONAS));
	const char **names = calloc(e->npersonas, sizeof *names);
	if (!names) {
		b->failed = 1;
		return EXPORT_ENOMEM;
	}
	for (size_t i = 0; i < e->npersonas; i++)
		names[i] = e->personas[i].name;
	struct export_buf list = EXPORT_BUF_INIT;
	join(&list, e, names, e->npersonas);
	int rc = list.failed ? EXPORT_ENOMEM
	                     : fill(b, e, EXPORT_P_EV_PERSONAS_INTRO, list.data, NULL, NULL, NULL);
	export__buf_free(&list);
	free(names);
	return rc;
}

/* Counts the notes of persona p with text, in quadrant q or (all) in every one. */
static long count_notes(const struct export_event *e, const struct export_event_persona *p,
                        enum export_quadrant q, int all)
{
	long n = 0;
	for (size_t t = 0; t < e->ntables; t++) {
		const struct export_report *r = &e->tables[t].r;
		for (size_t i = 0; i < r->nnotes; i++) {
			const struct export_note *note = &r->notes[i];
			if (note->phase && export__event_phase_of(p, note->phase) &&
			    (all || note->quadrant == q) && export__has_text(note->text))
				n++;
		}
	}
	return n;
}

long export__event_quadrant_count(const struct export_event *e,
                                  const struct export_event_persona *p, enum export_quadrant q)
{
	return count_notes(e, p, q, 0);
}

long export__event_points(const struct export_event *e, const struct export_event_persona *p)
{
	return count_notes(e, p, EXPORT_Q_NONE, 1);
}

int export__event_noted_intro(struct export_buf *b, const struct export_event *e,
                              const struct export_event_persona *p)
{
	struct export_buf points = EXPORT_BUF_INIT, name = EXPORT_BUF_INIT;
	count(&points, e, export__event_points(e, p), EXPORT_P_POINTS_ONE, EXPORT_P_POINTS_MANY);
	export__text_clean(&name, p->name);
	int rc = EXPORT_ENOMEM;
	if (!points.failed && !name.failed) {
		fill(b, e, EXPORT_P_EV_NOTED_INTRO, name.data, points.data, NULL, NULL);
		if (export__has_text(p->description)) {
			export__buf_putc(b, ' ');
			lead_in(b, P(e, EXPORT_P_PERSONA_DESCRIPTION), p->description);
		}
		rc = b->failed ? EXPORT_ENOMEM : 0;
	}
	export__buf_free(&points);
	export__buf_free(&name);
	return rc;
}

int export__event_quadrant(struct export_buf *b, const struct export_event *e,
                           const struct export_event_persona *p, enum export_quadrant q)
{
	int any = 0;
	for (size_t t = 0; t < e->ntables; t++) {
		const struct export_report *r = &e->tables[t].r;
		for (size_t i = 0; i < r->nnotes; i++) {
			const struct export_note *n = &r->notes[i];
			if (!n->phase || !export__event_phase_of(p, n->phase) || n->quadrant != q ||
			    !export__has_text(n->text))
				continue;
			if (any)
				export__buf_putc(b, ' ');
			export__sentence(b, n->text);
			any = 1;
		}
	}
	if (!any)
		export__buf_puts(b, P(e, EXPORT_P_Q_EMPTY));
	return b->failed ? EXPORT_ENOMEM : 0;
}

/* ---- the ranking ---- */

int export__event_directions_intro(struct export_buf *b, const struct export_event *e)
{
	if (e->nranking == 0)
		return export__buf_puts(b, P(e, EXPORT_P_EV_NO_DIRECTIONS));
	struct export_buf n = EXPORT_BUF_INIT;
	count(&n, e, (long)e->nranking, EXPORT_P_DIRECTIONS_ONE, EXPORT_P_DIRECTIONS_MANY);
	if (n.failed) {
		export__buf_free(&n);
		return EXPORT_ENOMEM;
	}
	fill(b, e, EXPORT_P_EV_DIRECTIONS_INTRO, n.data, NULL, NULL, NULL);
	export__buf_free(&n);
	export__buf_putc(b, ' ');
	export__buf_puts(b, P(e, EXPORT_P_EV_DIRECTIONS_RULE));
	if (e->unvoted_tables > 0) {
		const char **names = calloc((size_t)e->unvoted_tables, sizeof *names);
		size_t k = 0;
		if (!names) {
			b->failed = 1;
			return EXPORT_ENOMEM;
		}
		for (size_t i = 0; i < e->ntables; i++)
			if (e->tables[i].dots == 0)
				names[k++] = e->tables[i].name;
		struct export_buf list = EXPORT_BUF_INIT;
		join(&list, e, names, k);
		export__buf_putc(b, ' ');
		if (!list.failed)
			fill(b, e, k == 1 ? EXPORT_P_EV_UNVOTED_ONE : EXPORT_P_EV_UNVOTED_MANY, list.data,
			     NULL, NULL, NULL);
		else
			b->failed = 1;
		export__buf_free(&list);
		free(names);
	}
	return b->failed ? EXPORT_ENOMEM : 0;
}

int export__event_dots(struct export_buf *b, const struct export_event *e, long votes, long dots)
{
	char v[24], d[24];
	snprintf(v, sizeof v, "%ld", votes);
	snprintf(d, sizeof d, "%ld", dots);
	return fill(b, e, dots == 1 ? EXPORT_P_EV_DOTS_ONE : EXPORT_P_EV_DOTS_MANY, v, d, NULL, NULL);
}

int export__event_percent(struct export_buf *b, const struct export_event *e, long votes,
                          long dots)
{
	/* Tenths of a per cent, rounded half up, in integers: 5 of 12 is 41.7. */
	long long tenths = dots > 0 ? ((long long)votes * 2000 + dots) / (2LL * dots) : 0;
	return export__buf_printf(b, "%lld%c%lld%%", tenths / 10,
	                          e->lang == EXPORT_LANG_NL ? ',' : '.', tenths % 10);
}

int export__event_votes_line(struct export_buf *b, const struct export_event *e,
                             const struct export_event_entry *x)
{
	struct export_buf dots = EXPORT_BUF_INIT, pct = EXPORT_BUF_INIT;
	export__event_dots(&dots, e, x->votes, x->dots);
	export__event_percent(&pct, e, x->votes, x->dots);
	int rc = dots.failed || pct.failed
	                 ? EXPORT_ENOMEM
	                 : fill(b, e, EXPORT_P_EV_VOTES_LINE, dots.data, pct.data, NULL, NULL);
	export__buf_free(&dots);
	export__buf_free(&pct);
	return rc;
}

int export__event_table_line(struct export_buf *b, const struct export_event *e,
                             const struct export_event_table *t)
{
	struct export_buf name = EXPORT_BUF_INIT;
	export__text_clean(&name, t->name);
	int rc = name.failed ? EXPORT_ENOMEM
	                     : fill(b, e, EXPORT_P_EV_TABLE_LINE, name.data, NULL, NULL, NULL);
	export__buf_free(&name);
	return rc;
}

/* ---- appendices ---- */

int export__event_appendix_heading(struct export_buf *b, const struct export_event *e, size_t i)
{
	char letter[8];
	struct export_buf name = EXPORT_BUF_INIT;
	export__text_clean(&name, e->tables[i].name);
	int rc = name.failed ? EXPORT_ENOMEM
	                     : fill(b, e, EXPORT_P_EV_H_APP_TABLE, export__event_letter(i, letter),
	                            name.data, NULL, NULL);
	export__buf_free(&name);
	return rc;
}

int export__event_appendix_intro(struct export_buf *b, const struct export_event *e,
                                 const struct export_event_table *t)
{
	return fill(b, e, EXPORT_P_EV_APP_INTRO, t->code, NULL, NULL, NULL);
}

int export__event_number(struct export_buf *b, double v)
{
	/* The shortest of %.15g..%.17g that reads back as the same number, as cJSON prints. */
	char s[40];
	for (int prec = 15; prec <= 17; prec++) {
		snprintf(s, sizeof s, "%.*g", prec, v);
		if (strtod(s, NULL) == v)
			break;
	}
	return export__buf_puts(b, s);
}
