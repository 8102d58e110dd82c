/* The Markdown report: chapter 6 of the model report as a Markdown document.
 *
 * Headings, paragraphs and lists follow the chapter (docs/export.md shows the outline).
 * Every piece of text, fixed phrases included, goes through export__md_escape(), so the
 * only Markdown syntax in the output is the one written here. */
#include <stdio.h>
#include <string.h>

#include "export_internal.h"

struct md {
	struct export_buf *out;
	const struct export_report *r;
	struct export_buf tmp;   /* cleaned user text */
	struct export_buf prose; /* a sentence or paragraph from export_prose.c */
};

static const char *P(const struct md *m, enum export_phrase p)
{
	return export__phrase(m->r->lang, p);
}

/* User text, cleaned and escaped; `flags` as for export__md_escape(). */
static void text(struct md *m, const char *s, int flags)
{
	export__buf_reset(&m->tmp);
	export__text_clean(&m->tmp, s ? s : "");
	if (!m->tmp.failed)
		export__md_escape(m->out, m->tmp.data, flags);
	else
		m->out->failed = 1;
}

/* Text, or "—" when there is none (a table cell must not look forgotten). */
static void cell(struct md *m, const char *s)
{
	export__buf_puts(m->out, "| ");
	text(m, export__has_text(s) ? s : P(m, EXPORT_P_NONE_CELL), 0);
	export__buf_putc(m->out, ' ');
}

/* Writes the paragraph that `fn` builds in m->prose. */
static void prose_para(struct md *m, int rc)
{
	if (rc || m->prose.failed) {
		m->out->failed = 1;
		return;
	}
	export__md_escape(m->out, m->prose.data ? m->prose.data : "", EXPORT_MD_AT_START);
	export__buf_puts(m->out, "\n\n");
	export__buf_reset(&m->prose);
}

static int para_cb(void *ctx, const char *p, size_t n)
{
	struct md *m = ctx;
	export__buf_reset(&m->prose);
	export__buf_put(&m->prose, p, n);
	if (m->prose.failed)
		return EXPORT_ENOMEM;
	export__md_escape(m->out, m->prose.data, EXPORT_MD_BLOCK);
	export__buf_puts(m->out, "\n\n");
	export__buf_reset(&m->prose);
	return m->out->failed ? EXPORT_ENOMEM : 0;
}

/* A text of several paragraphs (an elaboration, the summary), blank lines kept. */
static void paragraphs(struct md *m, const char *s)
{
	export__buf_reset(&m->tmp);
	export__text_clean(&m->tmp, s);
	if (m->tmp.failed || export__paragraphs(m->tmp.data, para_cb, m))
		m->out->failed = 1;
}

/* A numbered section: "## 1 Title", "## 6.1 Title" in a chapter. */
static void heading(struct md *m, int number, enum export_phrase p)
{
	char num[16];
	export__buf_printf(m->out, "## %s ", export__section_num(m->r, number, num));
	text(m, P(m, p), 0);
	export__buf_puts(m->out, "\n\n");
}

static void appendix_heading(struct md *m, enum export_appendix a)
{
	export__buf_puts(m->out, "## ");
	if (export__appendix_heading(&m->prose, m->r, a) || m->prose.failed)
		m->out->failed = 1;
	else
		export__md_escape(m->out, m->prose.data, 0);
	export__buf_reset(&m->prose);
	export__buf_puts(m->out, "\n\n");
}

static void opening(struct md *m)
{
	const struct export_report *r = m->r;
	export__buf_puts(m->out, "# ");
	if (export__prose_title(&m->prose, r) || m->prose.failed)
		m->out->failed = 1;
	else
		export__md_escape(m->out, m->prose.data, 0);
	export__buf_reset(&m->prose);
	export__buf_puts(m->out, "\n\n*");
	text(m, P(m, EXPORT_P_KICKER), 0);
	if (export__prose_meta(&m->prose, r))
		m->out->failed = 1;
	else if (m->prose.len > 0) {
		export__buf_puts(m->out, " · ");
		export__md_escape(m->out, m->prose.data, 0);
	}
	export__buf_reset(&m->prose);
	export__buf_puts(m->out, "*\n\n");

	prose_para(m, export__prose_opening(&m->prose, r));
	if (export__has_text(r->method))
		paragraphs(m, r->method);
	if (cJSON_GetArraySize(r->context) > 0) {
		text(m, P(m, EXPORT_P_CONTEXT_INTRO), EXPORT_MD_AT_START);
		export__buf_puts(m->out, "\n\n");
		const cJSON *c;
		int i = 0;
		cJSON_ArrayForEach(c, r->context) {
			export__buf_printf(m->out, "%d. ", ++i);
			text(m, c->valuestring, EXPORT_MD_AT_START);
			export__buf_putc(m->out, '\n');
		}
		export__buf_putc(m->out, '\n');
	}
	prose_para(m, export__prose_roadmap(&m->prose, r));
}

static const enum export_phrase quadrant_labels[EXPORT_NQUADRANTS + 1] = {
	EXPORT_P_Q_THINKS, EXPORT_P_Q_FEELS, EXPORT_P_Q_SAYS, EXPORT_P_Q_DOES, EXPORT_P_Q_OTHER,
};

/* Whether a second empathy-map phase has the same persona, so that the headings must say
 * which phase is which. */
static int persona_repeats(const struct export_report *r, const struct export_phase *ph)
{
	for (size_t i = 0; i < r->nphases; i++) {
		const struct export_phase *o = &r->phases[i];
		if (o != ph && o->kind == EXPORT_KIND_EMPATHY_MAP && o->persona == ph->persona)
			return 1;
	}
	return 0;
}

static void persona_heading(struct md *m, const struct export_phase *ph)
{
	export__buf_puts(m->out, "### ");
	int named = ph->persona && export__has_text(ph->persona->name);
	text(m, named ? ph->persona->name : ph->title, 0);
	if (named && persona_repeats(m->r, ph) && export__has_text(ph->title)) {
		export__buf_puts(m->out, " (");
		text(m, ph->title, 0);
		export__buf_putc(m->out, ')');
	}
	export__buf_puts(m->out, "\n\n");
}

/* The notes of an empathy map: a sentence on the persona, then each quadrant as a
 * paragraph of its notes. */
static void map_body(struct md *m, const struct export_phase *ph)
{
	const struct export_report *r = m->r;
	prose_para(m, export__prose_persona_intro(&m->prose, r, ph));
	for (int q = 0; q <= EXPORT_NQUADRANTS; q++) {
		if (q == EXPORT_Q_NONE) {
			/* "Other" appears only when some note lacks a quadrant. */
			size_t k = 0;
			while (k < r->nnotes && !(r->notes[k].phase == ph &&
			                          r->notes[k].quadrant == EXPORT_Q_NONE))
				k++;
			if (k == r->nnotes)
				continue;
		}
		export__buf_puts(m->out, "**");
		text(m, P(m, quadrant_labels[q]), 0);
		export__buf_puts(m->out, ".** ");
		int rc = export__prose_quadrant(&m->prose, r, ph, (enum export_quadrant)q);
		if (rc || m->prose.failed)
			m->out->failed = 1;
		else
			export__md_escape(m->out, m->prose.data, 0);
		export__buf_reset(&m->prose);
		export__buf_puts(m->out, "\n\n");
	}
}

/* Section 1: per persona the facilitator's synthesis, whose notes then go to an appendix,
 * or, without a synthesis, the notes themselves. */
static void personas(struct md *m)
{
	const struct export_report *r = m->r;
	heading(m, 1, EXPORT_P_H_PERSONAS);
	prose_para(m, export__prose_personas_intro(&m->prose, r));
	for (size_t i = 0; i < r->nphases; i++) {
		const struct export_phase *ph = &r->phases[i];
		if (ph->kind != EXPORT_KIND_EMPATHY_MAP)
			continue;
		persona_heading(m, ph);
		if (export__map_in_appendix(r, ph)) {
			paragraphs(m, ph->persona->synthesis);
			prose_para(m, export__prose_synthesis_evidence(&m->prose, r, ph));
		} else {
			map_body(m, ph);
		}
	}
}

static void appendix_maps(struct md *m)
{
	const struct export_report *r = m->r;
	appendix_heading(m, EXPORT_APP_MAPS);
	prose_para(m, export__prose_maps_intro(&m->prose, r));
	for (size_t i = 0; i < r->nphases; i++) {
		const struct export_phase *ph = &r->phases[i];
		if (!export__map_in_appendix(r, ph))
			continue;
		persona_heading(m, ph);
		map_body(m, ph);
	}
}

static void direction(struct md *m, const struct export_direction *d)
{
	const struct export_report *r = m->r;
	export__buf_printf(m->out, "### %d. ", d->rank);
	text(m, export__has_text(d->title) ? d->title : P(m, EXPORT_P_NONE_CELL), 0);
	export__buf_puts(m->out, "\n\n");
	if (export__has_text(d->description))
		paragraphs(m, d->description);
	else
		prose_para(m, export__buf_puts(&m->prose, P(m, EXPORT_P_NOT_ELABORATED)));

	/* Ideas first, then the essences of bad ideas, as two labelled lists. */
	for (int pass = 0; pass < 2; pass++) {
		int any = 0;
		for (size_t i = 0; i < r->nnotes; i++) {
			const struct export_note *n = &r->notes[i];
			if (n->dir != d)
				continue;
			int bad = export__note_is_bad_idea(n);
			int has_essence = bad && export__has_text(n->essence);
			if ((pass == 0) == has_essence)
				continue;
			if (!any) {
				text(m, P(m, pass == 0 ? EXPORT_P_IDEAS_LABEL : EXPORT_P_ESSENCES_LABEL),
				     EXPORT_MD_AT_START);
				export__buf_puts(m->out, "\n\n");
				any = 1;
			}
			export__buf_puts(m->out, "- ");
			if (pass == 1) {
				text(m, n->essence, EXPORT_MD_AT_START);
			} else if (bad) {
				export__buf_reset(&m->prose);
				export__buf_reset(&m->tmp);
				export__text_clean(&m->tmp, n->text);
				const char *args[1] = { m->tmp.data ? m->tmp.data : "" };
				export__fill(&m->prose, P(m, EXPORT_P_BAD_IDEA_MARK), args, 1);
				if (m->prose.failed || m->tmp.failed)
					m->out->failed = 1;
				else
					export__md_escape(m->out, m->prose.data, EXPORT_MD_AT_START);
				export__buf_reset(&m->prose);
			} else {
				text(m, n->text, EXPORT_MD_AT_START);
			}
			export__buf_putc(m->out, '\n');
		}
		if (any)
			export__buf_putc(m->out, '\n');
	}
	prose_para(m, export__prose_votes(&m->prose, r, d->votes));
}

static void directions(struct md *m)
{
	heading(m, 2, EXPORT_P_H_DIRECTIONS);
	prose_para(m, export__prose_directions_intro(&m->prose, m->r));
	for (size_t i = 0; i < m->r->ndirs; i++)
		direction(m, m->r->ranked[i]);
}

static void summary(struct md *m)
{
	heading(m, 3, EXPORT_P_H_SUMMARY);
	if (export__summary_is_generated(m->r))
		prose_para(m, export__prose_generated_summary(&m->prose, m->r));
	else
		paragraphs(m, m->r->summary);
}

static const char *author_name(const struct export_note *n)
{
	return n->author ? n->author->name : "";
}

static void appendix_bad(struct md *m)
{
	const struct export_report *r = m->r;
	appendix_heading(m, EXPORT_APP_BAD);
	int any = 0;
	for (size_t i = 0; i < r->nnotes; i++) {
		const struct export_note *n = &r->notes[i];
		if (!export__note_is_bad_idea(n))
			continue;
		if (!any) {
			cell(m, P(m, EXPORT_P_COL_BAD_IDEA));
			cell(m, P(m, EXPORT_P_COL_ESSENCE));
			cell(m, P(m, EXPORT_P_COL_DIRECTION));
			if (r->with_names)
				cell(m, P(m, EXPORT_P_COL_AUTHOR));
			export__buf_puts(m->out, r->with_names ? "|\n| --- | --- | --- | --- |\n"
			                                       : "|\n| --- | --- | --- |\n");
			any = 1;
		}
		cell(m, n->text);
		cell(m, n->essence);
		cell(m, n->dir ? n->dir->title : "");
		if (r->with_names)
			cell(m, author_name(n));
		export__buf_puts(m->out, "|\n");
	}
	if (any)
		export__buf_putc(m->out, '\n');
	else
		prose_para(m, export__buf_puts(&m->prose, P(m, EXPORT_P_NO_BAD_IDEAS)));
}

/* Appendix B holds every idea that is neither an empathy-map point nor a bad idea: the
 * ideal ideas, and notes of later phases (an elaboration phase) when there are any. */
static int is_idea(const struct export_note *n)
{
	return !export__note_is_bad_idea(n) &&
	       !(n->phase && n->phase->kind == EXPORT_KIND_EMPATHY_MAP);
}

static void appendix_ideal(struct md *m)
{
	const struct export_report *r = m->r;
	appendix_heading(m, EXPORT_APP_IDEAL);
	/* A phase column only when the ideas come from more than one phase. */
	const struct export_note *first = NULL;
	int phase_col = 0;
	for (size_t i = 0; i < r->nnotes; i++) {
		if (!is_idea(&r->notes[i]))
			continue;
		if (first && first->phase != r->notes[i].phase)
			phase_col = 1;
		if (!first)
			first = &r->notes[i];
	}
	if (!first) {
		prose_para(m, export__buf_puts(&m->prose, P(m, EXPORT_P_NO_IDEAL_IDEAS)));
		return;
	}
	cell(m, P(m, EXPORT_P_COL_IDEA));
	if (phase_col)
		cell(m, P(m, EXPORT_P_COL_PHASE));
	cell(m, P(m, EXPORT_P_COL_DIRECTION));
	if (r->with_names)
		cell(m, P(m, EXPORT_P_COL_AUTHOR));
	export__buf_puts(m->out, "|\n");
	for (int c = 0; c < 2 + phase_col + r->with_names; c++)
		export__buf_puts(m->out, "| --- ");
	export__buf_puts(m->out, "|\n");
	for (size_t i = 0; i < r->nnotes; i++) {
		const struct export_note *n = &r->notes[i];
		if (!is_idea(n))
			continue;
		cell(m, n->text);
		if (phase_col)
			cell(m, n->phase ? n->phase->title : "");
		cell(m, n->dir ? n->dir->title : "");
		if (r->with_names)
			cell(m, author_name(n));
		export__buf_puts(m->out, "|\n");
	}
	export__buf_putc(m->out, '\n');
}

static void num_cell(struct md *m, long v)
{
	export__buf_printf(m->out, "| %ld ", v);
}

static void appendix_votes(struct md *m)
{
	const struct export_report *r = m->r;
	appendix_heading(m, EXPORT_APP_VOTES);
	if (r->ndirs == 0) {
		prose_para(m, export__buf_puts(&m->prose, P(m, EXPORT_P_NO_VOTES)));
		return;
	}
	prose_para(m, export__prose_votes_intro(&m->prose, r));
	/* Columns: the backgrounds that have participants, and "unknown" when a vote came
	 * from someone the document does not list. */
	long unknown = 0;
	for (size_t i = 0; i < r->ndirs; i++)
		unknown += r->dirs[i].by_unknown;
	int detail = r->has_vote_detail;
	export__buf_puts(m->out, "| # ");
	cell(m, P(m, EXPORT_P_COL_DIRECTION));
	size_t cols = 0;
	for (size_t b = 0; detail && b < r->nbgs; b++)
		if (r->bgs[b].participants > 0) {
			cell(m, export__bg_label(r, b));
			cols++;
		}
	if (detail && unknown)
		cell(m, P(m, EXPORT_P_UNKNOWN_BACKGROUND));
	cell(m, P(m, EXPORT_P_COL_TOTAL));
	export__buf_puts(m->out, "|\n| ---: | --- ");
	for (size_t c = 0; c < cols + (detail && unknown); c++)
		export__buf_puts(m->out, "| ---: ");
	export__buf_puts(m->out, "| ---: |\n");
	for (size_t i = 0; i < r->ndirs; i++) {
		const struct export_direction *d = r->ranked[i];
		num_cell(m, d->rank);
		cell(m, d->title);
		for (size_t b = 0; detail && b < r->nbgs; b++)
			if (r->bgs[b].participants > 0)
				num_cell(m, d->by_bg[b]);
		if (detail && unknown)
			num_cell(m, d->by_unknown);
		num_cell(m, d->votes);
		export__buf_puts(m->out, "|\n");
	}
	/* The totals row. */
	export__buf_puts(m->out, "|   | **");
	text(m, P(m, EXPORT_P_COL_TOTAL), 0);
	export__buf_puts(m->out, "** ");
	for (size_t b = 0; detail && b < r->nbgs; b++) {
		if (r->bgs[b].participants == 0)
			continue;
		num_cell(m, r->bgs[b].votes);
	}
	if (detail && unknown)
		num_cell(m, unknown);
	num_cell(m, r->votes_total);
	export__buf_puts(m->out, "|\n\n");
}

/* Only with with_names: who sat at the table. */
static void appendix_people(struct md *m)
{
	const struct export_report *r = m->r;
	appendix_heading(m, EXPORT_APP_PEOPLE);
	cell(m, P(m, EXPORT_P_COL_NAME));
	cell(m, P(m, EXPORT_P_COL_BACKGROUND));
	cell(m, P(m, EXPORT_P_COL_ROLE));
	export__buf_puts(m->out, "|\n| --- | --- | --- |\n");
	for (size_t i = 0; i < r->npeople; i++) {
		const struct export_participant *p = &r->people[i];
		cell(m, p->name);
		cell(m, p->facilitator ? "" : export__bg_label(r, p->bg));
		cell(m, P(m, p->facilitator ? EXPORT_P_ROLE_FACILITATOR : EXPORT_P_ROLE_PARTICIPANT));
		export__buf_puts(m->out, "|\n");
	}
	export__buf_putc(m->out, '\n');
}

int export__render_md(struct export_buf *b, const struct export_report *r)
{
	struct md m = { .out = b, .r = r, .tmp = EXPORT_BUF_INIT, .prose = EXPORT_BUF_INIT };
	opening(&m);
	personas(&m);
	directions(&m);
	summary(&m);
	appendix_bad(&m);
	appendix_ideal(&m);
	appendix_votes(&m);
	if (r->maps_appendix)
		appendix_maps(&m);
	if (r->with_names)
		appendix_people(&m);
	/* One trailing newline, not two. */
	if (!b->failed && b->len >= 2 && b->data[b->len - 1] == '\n' && b->data[b->len - 2] == '\n')
		b->data[--b->len] = '\0';
	int rc = (b->failed || m.tmp.failed || m.prose.failed) ? EXPORT_ENOMEM : 0;
	export__buf_free(&m.tmp);
	export__buf_free(&m.prose);
	return rc;
}
