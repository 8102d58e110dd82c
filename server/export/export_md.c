/* The Markdown report: chapter 6 of the model report as a Markdown document.
 *
 * Headings, paragraphs and lists follow the chapter (docs/export.md shows the outline).
 * Every piece of text, fixed phrases included, goes through export__md_escape(), so the
 * only Markdown syntax in the output is the one written here. */
#include <stdio.h>
#include <string.h>

#include "export_internal.h"

static const char *P(const struct export_md *m, enum export_phrase p)
{
	return export__phrase(m->lang, p);
}

/* A numbered section: "## 1 Title", "## 6.1 Title" in a chapter. */
static void heading(struct export_md *m, const struct export_report *r, int number,
                    enum export_phrase p)
{
	char num[16];
	export__buf_printf(m->out, "## %s ", export__section_num(r, number, num));
	export__md_text(m, P(m, p), 0);
	export__buf_puts(m->out, "\n\n");
}

static void appendix_heading(struct export_md *m, const struct export_report *r,
                             enum export_appendix a)
{
	export__buf_puts(m->out, "## ");
	export__md_prose(m, export__appendix_heading(&m->prose, r, a), 0, "\n\n");
}

static void opening(struct export_md *m, const struct export_report *r)
{
	export__buf_puts(m->out, "# ");
	export__md_prose(m, export__prose_title(&m->prose, r), 0, "\n\n*");
	export__md_text(m, P(m, EXPORT_P_KICKER), 0);
	if (export__prose_meta(&m->prose, r))
		m->out->failed = 1;
	else if (m->prose.len > 0) {
		export__buf_puts(m->out, " · ");
		export__md_escape(m->out, m->prose.data, 0);
	}
	export__buf_reset(&m->prose);
	export__buf_puts(m->out, "*\n\n");

	export__md_para(m, export__prose_opening(&m->prose, r));
	if (export__has_text(r->method))
		export__md_paragraphs(m, r->method);
	if (cJSON_GetArraySize(r->context) > 0) {
		export__md_text(m, P(m, EXPORT_P_CONTEXT_INTRO), EXPORT_MD_AT_START);
		export__buf_puts(m->out, "\n\n");
		const cJSON *c;
		int i = 0;
		cJSON_ArrayForEach(c, r->context) {
			export__buf_printf(m->out, "%d. ", ++i);
			export__md_text(m, c->valuestring, EXPORT_MD_AT_START);
			export__buf_putc(m->out, '\n');
		}
		export__buf_putc(m->out, '\n');
	}
	export__md_para(m, export__prose_roadmap(&m->prose, r));
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

static void persona_heading(struct export_md *m, const struct export_report *r,
                            const struct export_phase *ph)
{
	export__buf_puts(m->out, "### ");
	int named = ph->persona && export__has_text(ph->persona->name);
	export__md_text(m, named ? ph->persona->name : ph->title, 0);
	if (named && persona_repeats(r, ph) && export__has_text(ph->title)) {
		export__buf_puts(m->out, " (");
		export__md_text(m, ph->title, 0);
		export__buf_putc(m->out, ')');
	}
	export__buf_puts(m->out, "\n\n");
}

/* The notes of an empathy map: a sentence on the persona, then each quadrant as a
 * paragraph of its notes. */
static void map_body(struct export_md *m, const struct export_report *r,
                     const struct export_phase *ph)
{
	export__md_para(m, export__prose_persona_intro(&m->prose, r, ph));
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
		export__md_text(m, P(m, quadrant_labels[q]), 0);
		export__buf_puts(m->out, ".** ");
		int rc = export__prose_quadrant(&m->prose, r, ph, (enum export_quadrant)q);
		export__md_prose(m, rc, 0, "\n\n");
	}
}

/* Section 1: per persona the facilitator's synthesis, whose notes then go to an appendix,
 * or, without a synthesis, the notes themselves. */
static void personas(struct export_md *m, const struct export_report *r)
{
	heading(m, r, 1, EXPORT_P_H_PERSONAS);
	export__md_para(m, export__prose_personas_intro(&m->prose, r));
	for (size_t i = 0; i < r->nphases; i++) {
		const struct export_phase *ph = &r->phases[i];
		if (ph->kind != EXPORT_KIND_EMPATHY_MAP)
			continue;
		persona_heading(m, r, ph);
		if (export__map_in_appendix(r, ph)) {
			export__md_paragraphs(m, ph->persona->synthesis);
			export__md_para(m, export__prose_synthesis_evidence(&m->prose, r, ph));
		} else {
			map_body(m, r, ph);
		}
	}
}

static void appendix_maps(struct export_md *m, const struct export_report *r)
{
	appendix_heading(m, r, EXPORT_APP_MAPS);
	export__md_para(m, export__prose_maps_intro(&m->prose, r));
	for (size_t i = 0; i < r->nphases; i++) {
		const struct export_phase *ph = &r->phases[i];
		if (!export__map_in_appendix(r, ph))
			continue;
		persona_heading(m, r, ph);
		map_body(m, r, ph);
	}
}

static void direction(struct export_md *m, const struct export_report *r,
                      const struct export_direction *d)
{
	export__buf_printf(m->out, "### %d. ", d->rank);
	export__md_text(m, export__has_text(d->title) ? d->title : P(m, EXPORT_P_NONE_CELL), 0);
	export__buf_puts(m->out, "\n\n");
	if (export__has_text(d->description))
		export__md_paragraphs(m, d->description);
	else
		export__md_phrase(m, EXPORT_P_NOT_ELABORATED);

	export__md_direction_notes(m, r, d);
	export__md_para(m, export__prose_votes(&m->prose, r, d->votes));
}

static void directions(struct export_md *m, const struct export_report *r)
{
	heading(m, r, 2, EXPORT_P_H_DIRECTIONS);
	export__md_para(m, export__prose_directions_intro(&m->prose, r));
	for (size_t i = 0; i < r->ndirs; i++)
		direction(m, r, r->ranked[i]);
}

static void summary(struct export_md *m, const struct export_report *r)
{
	heading(m, r, 3, EXPORT_P_H_SUMMARY);
	if (export__summary_is_generated(r))
		export__md_para(m, export__prose_generated_summary(&m->prose, r));
	else
		export__md_paragraphs(m, r->summary);
}

static void appendix_bad(struct export_md *m, const struct export_report *r)
{
	appendix_heading(m, r, EXPORT_APP_BAD);
	int any = 0;
	for (size_t i = 0; i < r->nnotes; i++) {
		const struct export_note *n = &r->notes[i];
		if (!export__note_is_bad_idea(n))
			continue;
		if (!any) {
			export__md_cell(m, P(m, EXPORT_P_COL_BAD_IDEA));
			export__md_cell(m, P(m, EXPORT_P_COL_ESSENCE));
			export__md_cell(m, P(m, EXPORT_P_COL_DIRECTION));
			if (r->with_names)
				export__md_cell(m, P(m, EXPORT_P_COL_AUTHOR));
			export__buf_puts(m->out, r->with_names ? "|\n| --- | --- | --- | --- |\n"
			                                       : "|\n| --- | --- | --- |\n");
			any = 1;
		}
		export__md_cell(m, n->text);
		export__md_cell(m, n->essence);
		export__md_cell(m, n->dir ? n->dir->title : "");
		if (r->with_names)
			export__md_cell(m, export__note_author(n));
		export__buf_puts(m->out, "|\n");
	}
	if (any)
		export__buf_putc(m->out, '\n');
	else
		export__md_phrase(m, EXPORT_P_NO_BAD_IDEAS);
}

static void appendix_ideal(struct export_md *m, const struct export_report *r)
{
	appendix_heading(m, r, EXPORT_APP_IDEAL);
	int phase_col;
	size_t ideas = export__ideas(r, &phase_col);
	if (ideas == 0) {
		export__md_phrase(m, EXPORT_P_NO_IDEAL_IDEAS);
		return;
	}
	export__md_cell(m, P(m, EXPORT_P_COL_IDEA));
	if (phase_col)
		export__md_cell(m, P(m, EXPORT_P_COL_PHASE));
	export__md_cell(m, P(m, EXPORT_P_COL_DIRECTION));
	if (r->with_names)
		export__md_cell(m, P(m, EXPORT_P_COL_AUTHOR));
	export__buf_puts(m->out, "|\n");
	for (int c = 0; c < 2 + phase_col + r->with_names; c++)
		export__buf_puts(m->out, "| --- ");
	export__buf_puts(m->out, "|\n");
	for (size_t i = 0; i < r->nnotes; i++) {
		const struct export_note *n = &r->notes[i];
		if (!export__note_is_idea(n))
			continue;
		export__md_cell(m, n->text);
		if (phase_col)
			export__md_cell(m, n->phase ? n->phase->title : "");
		export__md_cell(m, n->dir ? n->dir->title : "");
		if (r->with_names)
			export__md_cell(m, export__note_author(n));
		export__buf_puts(m->out, "|\n");
	}
	export__buf_putc(m->out, '\n');
}

static void appendix_votes(struct export_md *m, const struct export_report *r)
{
	appendix_heading(m, r, EXPORT_APP_VOTES);
	if (r->ndirs == 0) {
		export__md_phrase(m, EXPORT_P_NO_VOTES);
		return;
	}
	export__md_vote_table(m, r);
}

/* Only with with_names: who sat at the table. */
static void appendix_people(struct export_md *m, const struct export_report *r)
{
	appendix_heading(m, r, EXPORT_APP_PEOPLE);
	export__md_cell(m, P(m, EXPORT_P_COL_NAME));
	export__md_cell(m, P(m, EXPORT_P_COL_BACKGROUND));
	export__md_cell(m, P(m, EXPORT_P_COL_ROLE));
	export__buf_puts(m->out, "|\n| --- | --- | --- |\n");
	for (size_t i = 0; i < r->npeople; i++) {
		const struct export_participant *p = &r->people[i];
		export__md_cell(m, p->name);
		export__md_cell(m, p->facilitator ? "" : export__bg_label(r, p->bg));
		export__md_cell(m, P(m, p->facilitator ? EXPORT_P_ROLE_FACILITATOR
		                                   : EXPORT_P_ROLE_PARTICIPANT));
		export__buf_puts(m->out, "|\n");
	}
	export__buf_putc(m->out, '\n');
}

int export__render_md(struct export_buf *b, const struct export_report *r)
{
	struct export_md m = EXPORT_MD_INIT(b, r->lang);
	opening(&m, r);
	personas(&m, r);
	directions(&m, r);
	summary(&m, r);
	appendix_bad(&m, r);
	appendix_ideal(&m, r);
	appendix_votes(&m, r);
	if (r->maps_appendix)
		appendix_maps(&m, r);
	if (r->with_names)
		appendix_people(&m, r);
	return export__md_finish(&m);
}
