/* The report's sentences, written as plain text.
 *
 * Chapter 6 of the model report reads as prose, so the export writes paragraphs rather than
 * lists where it can: the opening, the introductions of the sections, the notes of a
 * quadrant as running sentences, and the summary it generates when the facilitator wrote
 * none. Each function appends plain text; the renderer escapes it for its format, which is
 * why these functions may copy user text in as it is. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "export_internal.h"

static const char *P(const struct export_report *r, enum export_phrase p)
{
	return export__phrase(r->lang, p);
}

static int fill1(struct export_buf *b, const struct export_report *r, enum export_phrase p,
                 const char *a1)
{
	const char *args[1] = { a1 };
	return export__fill(b, P(r, p), args, 1);
}

static int fill2(struct export_buf *b, const struct export_report *r, enum export_phrase p,
                 const char *a1, const char *a2)
{
	const char *args[2] = { a1, a2 };
	return export__fill(b, P(r, p), args, 2);
}

/* "1 stem" / "5 stemmen", and the like for every counted noun. */
static int count(struct export_buf *b, const struct export_report *r, long n,
                 enum export_phrase one, enum export_phrase many)
{
	char num[24];
	snprintf(num, sizeof num, "%ld", n);
	return fill1(b, r, n == 1 ? one : many, num);
}

/* Joins n items as "a, b en c" / "a, b and c". item(i) gives the i-th item's text. */
static int join(struct export_buf *b, const struct export_report *r, size_t n,
                int (*item)(struct export_buf *, const struct export_report *, size_t, const void *),
                const void *ctx)
{
	for (size_t i = 0; i < n; i++) {
		if (i > 0)
			export__buf_puts(b, i + 1 == n ? P(r, EXPORT_P_AND) : ", ");
		item(b, r, i, ctx);
	}
	return b->failed ? EXPORT_ENOMEM : 0;
}

int export__sentence(struct export_buf *b, const char *s)
{
	size_t start = b->len;
	export__text_clean(b, s);
	if (b->failed)
		return EXPORT_ENOMEM;
	const char *t = b->data + start;
	size_t n = b->len - start;
	/* A sentence ends in . ! ? or …, possibly followed by a closing quote or bracket. */
	while (n > 0 && strchr(")\"'", t[n - 1]))
		n--;
	while (n >= 3 && (memcmp(t + n - 3, "\xe2\x80\x9d", 3) == 0 || /* ” */
	                  memcmp(t + n - 3, "\xe2\x80\x99", 3) == 0))  /* ’ */
		n -= 3;
	if (n == 0 && b->len == start)
		return 0;
	if (n > 0 && strchr(".!?", t[n - 1]))
		return 0;
	if (n >= 3 && memcmp(t + n - 3, "\xe2\x80\xa6", 3) == 0) /* … */
		return 0;
	return export__buf_putc(b, '.');
}

/* ---- the opening ------------------------------------------------------------------------- */

int export__prose_meta(struct export_buf *b, const struct export_report *r)
{
	int code = export__has_text(r->code);
	if (!r->has_exported)
		return code ? fill1(b, r, EXPORT_P_META_NODATE, r->code) : export__buf_put(b, "", 0);
	struct export_buf date = EXPORT_BUF_INIT;
	struct export_time t;
	export__local_time(r->exported_at, &r->zone, &t);
	export__fmt_date(&date, r->lang, &t);
	int rc = EXPORT_ENOMEM;
	if (!date.failed)
		rc = code ? fill2(b, r, EXPORT_P_META, r->code, date.data)
		          : fill1(b, r, EXPORT_P_META_DATE_ONLY, date.data);
	export__buf_free(&date);
	return rc;
}

static int bg_item(struct export_buf *b, const struct export_report *r, size_t i, const void *ctx)
{
	const size_t *idx = ctx;
	return export__bg_count(b, r, idx[i], r->bgs[idx[i]].participants);
}

/* ", met 8 deelnemers: 3 OOP’ers, 2 leraren (OP) en 3 schoolleiders." — counts, never
 * names. */
static int people(struct export_buf *b, const struct export_report *r)
{
	if (r->nparticipants == 0)
		return export__buf_puts(b, P(r, EXPORT_P_PEOPLE_NONE));
	size_t idx_stack[16];
	size_t *idx = r->nbgs <= 16 ? idx_stack : calloc(r->nbgs, sizeof *idx);
	if (!idx) {
		b->failed = 1;
		return EXPORT_ENOMEM;
	}
	size_t n = 0;
	for (size_t i = 0; i < r->nbgs; i++)
		if (r->bgs[i].participants > 0)
			idx[n++] = i;
	struct export_buf list = EXPORT_BUF_INIT;
	join(&list, r, n, bg_item, idx);
	int rc = EXPORT_ENOMEM;
	if (!list.failed) {
		if (r->nparticipants == 1) {
			rc = fill1(b, r, EXPORT_P_PEOPLE_ONE, list.data);
		} else {
			char num[24];
			snprintf(num, sizeof num, "%ld", r->nparticipants);
			rc = fill2(b, r, EXPORT_P_PEOPLE_MANY, num, list.data);
		}
	}
	export__buf_free(&list);
	if (idx != idx_stack)
		free(idx);
	return rc;
}

int export__prose_opening(struct export_buf *b, const struct export_report *r)
{
	struct export_buf date = EXPORT_BUF_INIT, from = EXPORT_BUF_INIT, to = EXPORT_BUF_INIT,
	                  zone = EXPORT_BUF_INIT, dur = EXPORT_BUF_INIT, who = EXPORT_BUF_INIT;
	int rc = EXPORT_ENOMEM;
	people(&who, r);
	if (r->has_start) {
		struct export_time t0, t1;
		export__local_time(r->started_at, &r->zone, &t0);
		export__fmt_date(&date, r->lang, &t0);
		export__fmt_clock(&from, &t0);
		export__fmt_zone(&zone, r->lang, &r->zone);
		if (r->has_end) {
			export__local_time(r->ended_at, &r->zone, &t1);
			/* A session past midnight names the date it ended on. */
			if (t1.year != t0.year || t1.month != t0.month || t1.day != t0.day) {
				export__fmt_date(&to, r->lang, &t1);
				export__buf_putc(&to, ' ');
			}
			export__fmt_clock(&to, &t1);
			export__fmt_duration(&dur, r->lang, export__duration_minutes(r));
		}
	}
	if (date.failed || from.failed || to.failed || zone.failed || dur.failed || who.failed)
		goto out;
	if (r->has_start && r->has_end) {
		const char *args[6] = { date.data, from.data, to.data, zone.data, dur.data, who.data };
		export__fill(b, P(r, EXPORT_P_OPENING_TIMED), args, 6);
		if (!r->ended) {
			export__buf_putc(b, ' ');
			export__buf_puts(b, P(r, EXPORT_P_NOT_ENDED));
		}
	} else if (r->has_start) {
		const char *args[4] = { date.data, from.data, zone.data, who.data };
		export__fill(b, P(r, EXPORT_P_OPENING_STARTED), args, 4);
	} else {
		fill1(b, r, EXPORT_P_OPENING_UNTIMED, who.data);
	}
	if (export__has_text(r->problem)) {
		export__buf_putc(b, ' ');
		/* The problem statement is the tail of the sentence "...was: <problem>". */
		const char *tmpl = P(r, EXPORT_P_PROBLEM);
		const char *hole = strstr(tmpl, "%1");
		export__buf_put(b, tmpl, hole ? (size_t)(hole - tmpl) : strlen(tmpl));
		if (hole)
			export__sentence(b, r->problem);
	}
	rc = b->failed ? EXPORT_ENOMEM : 0;
out:
	export__buf_free(&date);
	export__buf_free(&from);
	export__buf_free(&to);
	export__buf_free(&zone);
	export__buf_free(&dur);
	export__buf_free(&who);
	return rc;
}

/* The personas of the empathy-map phases, each once, in the order of the phases. */
static size_t persona_names(const struct export_report *r, const char **names, size_t max)
{
	size_t n = 0;
	for (size_t i = 0; i < r->nphases && n < max; i++) {
		const struct export_phase *ph = &r->phases[i];
		if (ph->kind != EXPORT_KIND_EMPATHY_MAP)
			continue;
		const char *name = ph->persona && export__has_text(ph->persona->name) ? ph->persona->name
		                                                                      : ph->title;
		size_t k = 0;
		while (k < n && strcmp(names[k], name) != 0)
			k++;
		if (k == n)
			names[n++] = name;
	}
	return n;
}

static int name_item(struct export_buf *b, const struct export_report *r, size_t i, const void *ctx)
{
	const char *const *names = ctx;
	return export__text_clean(b, names[i]);
}

/* Fills a phrase whose %1 is the list of persona names. */
static int with_persona_list(struct export_buf *b, const struct export_report *r,
                             enum export_phrase p)
{
	const char *stack[32];
	const char **names = r->nphases <= 32 ? stack : calloc(r->nphases, sizeof *names);
	if (!names) {
		b->failed = 1;
		return EXPORT_ENOMEM;
	}
	size_t n = persona_names(r, names, r->nphases <= 32 ? 32 : r->nphases);
	struct export_buf list = EXPORT_BUF_INIT;
	join(&list, r, n, name_item, names);
	int rc = list.failed ? EXPORT_ENOMEM : fill1(b, r, p, list.data);
	export__buf_free(&list);
	if (names != stack)
		free(names);
	return rc;
}

static int has_empathy_map(const struct export_report *r)
{
	for (size_t i = 0; i < r->nphases; i++)
		if (r->phases[i].kind == EXPORT_KIND_EMPATHY_MAP)
			return 1;
	return 0;
}

int export__prose_roadmap(struct export_buf *b, const struct export_report *r)
{
	if (!has_empathy_map(r))
		return export__buf_puts(b, P(r, EXPORT_P_ROADMAP_NO_PERSONAS));
	return with_persona_list(b, r, EXPORT_P_ROADMAP);
}

/* ---- points of attention per persona ----------------------------------------------------- */

int export__prose_personas_intro(struct export_buf *b, const struct export_report *r)
{
	if (!has_empathy_map(r))
		return export__buf_puts(b, P(r, EXPORT_P_NO_PERSONAS));
	return with_persona_list(b, r, EXPORT_P_PERSONAS_INTRO);
}

int export__prose_persona_intro(struct export_buf *b, const struct export_report *r,
                                const struct export_phase *ph)
{
	long n = 0;
	for (size_t i = 0; i < r->nnotes; i++)
		if (r->notes[i].phase == ph)
			n++;
	struct export_buf points = EXPORT_BUF_INIT, name = EXPORT_BUF_INIT;
	count(&points, r, n, EXPORT_P_POINTS_ONE, EXPORT_P_POINTS_MANY);
	export__text_clean(&name, ph->persona && export__has_text(ph->persona->name)
	                                  ? ph->persona->name : ph->title);
	int rc = EXPORT_ENOMEM;
	if (!points.failed && !name.failed) {
		fill2(b, r, EXPORT_P_PERSONA_INTRO, name.data, points.data);
		if (ph->persona && export__has_text(ph->persona->description)) {
			const char *tmpl = P(r, EXPORT_P_PERSONA_DESCRIPTION);
			const char *hole = strstr(tmpl, "%1");
			export__buf_putc(b, ' ');
			export__buf_put(b, tmpl, hole ? (size_t)(hole - tmpl) : strlen(tmpl));
			if (hole)
				export__sentence(b, ph->persona->description);
		}
		rc = b->failed ? EXPORT_ENOMEM : 0;
	}
	export__buf_free(&points);
	export__buf_free(&name);
	return rc;
}

int export__prose_synthesis_evidence(struct export_buf *b, const struct export_report *r,
                                     const struct export_phase *ph)
{
	long n = 0;
	for (size_t i = 0; i < r->nnotes; i++)
		if (r->notes[i].phase == ph)
			n++;
	struct export_buf points = EXPORT_BUF_INIT;
	char letter[16];
	count(&points, r, n, EXPORT_P_POINTS_ONE, EXPORT_P_POINTS_MANY);
	int rc = points.failed ? EXPORT_ENOMEM
	                       : fill2(b, r, EXPORT_P_SYNTHESIS_EVIDENCE, points.data,
	                               export__appendix_letter(r, EXPORT_APP_MAPS, letter));
	export__buf_free(&points);
	return rc;
}

int export__prose_maps_intro(struct export_buf *b, const struct export_report *r)
{
	char num[16];
	return fill1(b, r, EXPORT_P_MAPS_INTRO, export__section_num(r, 1, num));
}

int export__prose_title(struct export_buf *b, const struct export_report *r)
{
	const char *title = export__has_text(r->title) ? r->title
	                                               : P(r, EXPORT_P_DOC_TITLE_FALLBACK);
	if (r->chapter <= 0)
		return export__text_clean(b, title);
	char num[16];
	struct export_buf t = EXPORT_BUF_INIT;
	snprintf(num, sizeof num, "%d", r->chapter);
	export__text_clean(&t, title);
	int rc = t.failed ? EXPORT_ENOMEM : fill2(b, r, EXPORT_P_CHAPTER_TITLE, num, t.data);
	export__buf_free(&t);
	return rc;
}

int export__prose_quadrant(struct export_buf *b, const struct export_report *r,
                           const struct export_phase *ph, enum export_quadrant q)
{
	int any = 0;
	for (size_t i = 0; i < r->nnotes; i++) {
		const struct export_note *n = &r->notes[i];
		if (n->phase != ph || n->quadrant != q || !export__has_text(n->text))
			continue;
		if (any)
			export__buf_putc(b, ' ');
		export__sentence(b, n->text);
		any = 1;
	}
	if (!any)
		export__buf_puts(b, P(r, EXPORT_P_Q_EMPTY));
	return b->failed ? EXPORT_ENOMEM : 0;
}

/* ---- solution directions ----------------------------------------------------------------- */

int export__prose_directions_intro(struct export_buf *b, const struct export_report *r)
{
	if (r->ndirs == 0)
		return export__buf_puts(b, P(r, EXPORT_P_NO_DIRECTIONS));
	struct export_buf n = EXPORT_BUF_INIT, v = EXPORT_BUF_INIT;
	count(&n, r, (long)r->ndirs, EXPORT_P_DIRECTIONS_ONE, EXPORT_P_DIRECTIONS_MANY);
	count(&v, r, r->votes_total, EXPORT_P_VOTES_ONE, EXPORT_P_VOTES_MANY);
	int rc = EXPORT_ENOMEM;
	if (!n.failed && !v.failed) {
		fill1(b, r, EXPORT_P_DIRECTIONS_INTRO, n.data);
		export__buf_putc(b, ' ');
		if (r->votes_total > 0)
			fill1(b, r, EXPORT_P_DIRECTIONS_RANKED, v.data);
		else
			export__buf_puts(b, P(r, EXPORT_P_DIRECTIONS_UNVOTED));
		rc = b->failed ? EXPORT_ENOMEM : 0;
	}
	export__buf_free(&n);
	export__buf_free(&v);
	return rc;
}

int export__prose_votes(struct export_buf *b, const struct export_report *r, long votes)
{
	char num[24];
	snprintf(num, sizeof num, "%ld", votes);
	return fill1(b, r, EXPORT_P_VOTES_LABEL, num);
}

int export__prose_votes_intro(struct export_buf *b, const struct export_report *r)
{
	struct export_buf budget = EXPORT_BUF_INIT, total = EXPORT_BUF_INIT;
	count(&budget, r, r->votes_per_participant, EXPORT_P_VOTES_ONE, EXPORT_P_VOTES_MANY);
	count(&total, r, r->votes_total, EXPORT_P_VOTES_ONE, EXPORT_P_VOTES_MANY);
	int rc = EXPORT_ENOMEM;
	if (!budget.failed && !total.failed) {
		if (r->votes_per_participant > 0)
			rc = fill2(b, r, EXPORT_P_VOTES_INTRO, budget.data, total.data);
		else
			rc = fill1(b, r, EXPORT_P_VOTES_INTRO_NOBUDGET, total.data);
	}
	export__buf_free(&budget);
	export__buf_free(&total);
	return rc;
}

/* ---- the generated summary --------------------------------------------------------------- */

int export__summary_is_generated(const struct export_report *r)
{
	return !export__has_text(r->summary);
}

/* The most directions the generated summary names. */
#define SUMMARY_TOP 3

static int quoted_title(struct export_buf *b, const struct export_report *r,
                        const struct export_direction *d)
{
	struct export_buf t = EXPORT_BUF_INIT;
	export__text_clean(&t, d->title);
	int rc = t.failed ? EXPORT_ENOMEM : fill1(b, r, EXPORT_P_QUOTE, t.data);
	export__buf_free(&t);
	return rc;
}

static int top_item(struct export_buf *b, const struct export_report *r, size_t i, const void *ctx)
{
	const struct export_direction *d = r->ranked[i];
	quoted_title(b, r, d);
	export__buf_puts(b, " (");
	count(b, r, d->votes, EXPORT_P_VOTES_ONE, EXPORT_P_VOTES_MANY);
	return export__buf_putc(b, ')');
}

/* In the unvoted case the list may end in "and 4 others"; ctx holds how many are named. */
static int title_item(struct export_buf *b, const struct export_report *r, size_t i, const void *ctx)
{
	size_t shown = *(const size_t *)ctx;
	if (i < shown)
		return quoted_title(b, r, r->ranked[i]);
	char num[24];
	snprintf(num, sizeof num, "%zu", r->ndirs - shown);
	return fill1(b, r, EXPORT_P_GEN_MORE, num);
}

int export__prose_generated_summary(struct export_buf *b, const struct export_report *r)
{
	export__buf_puts(b, P(r, EXPORT_P_GEN_NOTE));
	export__buf_putc(b, ' ');
	if (r->ndirs == 0)
		return export__buf_puts(b, P(r, EXPORT_P_GEN_NONE));

	struct export_buf list = EXPORT_BUF_INIT, a = EXPORT_BUF_INIT, c = EXPORT_BUF_INIT;
	int rc = EXPORT_ENOMEM;
	if (r->votes_total == 0) {
		size_t shown = r->ndirs <= SUMMARY_TOP + 1 ? r->ndirs : SUMMARY_TOP;
		join(&list, r, shown == r->ndirs ? shown : shown + 1, title_item, &shown);
		count(&a, r, (long)r->ndirs, EXPORT_P_DIRECTIONS_ONE, EXPORT_P_DIRECTIONS_MANY);
		if (!list.failed && !a.failed)
			rc = fill2(b, r, EXPORT_P_GEN_UNVOTED, a.data, list.data);
		goto out;
	}
	/* The top directions: up to three that received votes, in ranked order. */
	size_t top = 0;
	long share = 0;
	while (top < r->ndirs && top < SUMMARY_TOP && r->ranked[top]->votes > 0)
		share += r->ranked[top++]->votes;
	join(&list, r, top, top_item, NULL);
	count(&a, r, share, EXPORT_P_VOTES_ONE, EXPORT_P_VOTES_MANY);
	export__buf_printf(&c, "%ld", r->votes_total);
	if (list.failed || a.failed || c.failed)
		goto out;
	fill1(b, r, EXPORT_P_GEN_TOP, list.data);
	export__buf_putc(b, ' ');
	fill2(b, r, top == 1 ? EXPORT_P_GEN_TOP_SHARE_ONE : EXPORT_P_GEN_TOP_SHARE, a.data, c.data);
	rc = b->failed ? EXPORT_ENOMEM : 0;
out:
	export__buf_free(&list);
	export__buf_free(&a);
	export__buf_free(&c);
	return rc;
}
