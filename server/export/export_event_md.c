/* The cross-table report in Markdown: the chapter's shape across all tables.
 *
 * "# Title", the opening, "## 1" the personas (each table's synthesis, then what all tables
 * noted per quadrant), "## 2" every table's directions in one ranking by vote share (a table
 * of the ranking, then each direction), "## 3" every table's summary, then one appendix per
 * table. As in export_md.c every piece of text, fixed phrases included, goes through
 * export__md_escape(), so the only Markdown syntax in the output is the one written here. */
#include <stdio.h>
#include <string.h>

#include "export_event_internal.h"

static const char *P(const struct export_md *m, enum export_phrase p)
{
	return export__phrase(m->lang, p);
}

static void heading(struct export_md *m, const char *hashes, int number, enum export_phrase p)
{
	export__buf_printf(m->out, "%s %d ", hashes, number);
	export__md_text(m, P(m, p), 0);
	export__buf_puts(m->out, "\n\n");
}

static void sub_heading(struct export_md *m, const char *hashes, const char *s)
{
	export__buf_printf(m->out, "%s ", hashes);
	export__md_text(m, s, 0);
	export__buf_puts(m->out, "\n\n");
}

static void opening(struct export_md *m, const struct export_event *e)
{
	export__buf_puts(m->out, "# ");
	export__md_prose(m, export__event_title(&m->prose, e), 0, "\n\n*");
	export__md_text(m, P(m, EXPORT_P_EV_KICKER), 0);
	export__buf_puts(m->out, " · ");
	export__md_prose(m, export__event_meta(&m->prose, e), 0, "*\n\n");
	export__md_para(m, export__event_opening(&m->prose, e));
	export__md_para(m, export__event_roadmap(&m->prose, e));
}

static const enum export_phrase quadrant_labels[EXPORT_NQUADRANTS + 1] = {
	EXPORT_P_Q_THINKS, EXPORT_P_Q_FEELS, EXPORT_P_Q_SAYS, EXPORT_P_Q_DOES, EXPORT_P_Q_OTHER,
};

static void personas(struct export_md *m, const struct export_event *e)
{
	heading(m, "##", 1, EXPORT_P_H_PERSONAS);
	export__md_para(m, export__event_personas_intro(&m->prose, e));
	for (size_t k = 0; k < e->npersonas; k++) {
		const struct export_event_persona *p = &e->personas[k];
		sub_heading(m, "###", p->name);
		for (size_t t = 0; t < e->ntables; t++) {
			const char *s = export__event_synthesis(&e->tables[t], p);
			sub_heading(m, "####", e->tables[t].name);
			if (export__has_text(s))
				export__md_paragraphs(m, s);
			else
				export__md_phrase(m, EXPORT_P_EV_NO_SYNTHESIS);
		}
		export__buf_puts(m->out, "#### ");
		export__md_text(m, P(m, EXPORT_P_EV_H_NOTED), 0);
		export__buf_puts(m->out, "\n\n");
		export__md_para(m, export__event_noted_intro(&m->prose, e, p));
		for (int q = 0; q <= EXPORT_NQUADRANTS; q++) {
			/* "Other" only when some note lacks a quadrant. */
			if (q == EXPORT_Q_NONE && export__event_quadrant_count(e, p, EXPORT_Q_NONE) == 0)
				continue;
			export__buf_puts(m->out, "**");
			export__md_text(m, P(m, quadrant_labels[q]), 0);
			export__buf_puts(m->out, ".** ");
			int rc = export__event_quadrant(&m->prose, e, p, (enum export_quadrant)q);
			export__md_prose(m, rc, 0, "\n\n");
		}
	}
}

static void ranking_table(struct export_md *m, const struct export_event *e)
{
	export__buf_puts(m->out, "| # ");
	export__md_cell(m, P(m, EXPORT_P_COL_DIRECTION));
	export__md_cell(m, P(m, EXPORT_P_EV_COL_TABLE));
	export__md_cell(m, P(m, EXPORT_P_EV_COL_VOTES));
	export__md_cell(m, P(m, EXPORT_P_EV_COL_SHARE));
	export__buf_puts(m->out, "|\n| ---: | --- | --- | ---: | ---: |\n");
	for (size_t i = 0; i < e->nranking; i++) {
		const struct export_event_entry *x = &e->ranking[i];
		export__buf_printf(m->out, "| %d ", x->rank);
		export__md_cell(m, x->dir->title);
		export__md_cell(m, x->table->name);
		export__buf_puts(m->out, "| ");
		export__md_prose(m, export__event_dots(&m->prose, e, x->votes, x->dots), 0, " | ");
		export__md_prose(m, export__event_percent(&m->prose, e, x->votes, x->dots), 0,
		                 " |\n");
	}
	export__buf_putc(m->out, '\n');
}

static void directions(struct export_md *m, const struct export_event *e)
{
	heading(m, "##", 2, EXPORT_P_H_DIRECTIONS);
	export__md_para(m, export__event_directions_intro(&m->prose, e));
	if (e->nranking > 0)
		ranking_table(m, e);
	for (size_t i = 0; i < e->nranking; i++) {
		const struct export_event_entry *x = &e->ranking[i];
		export__buf_printf(m->out, "### %d. ", x->rank);
		export__md_text(m, export__has_text(x->dir->title) ? x->dir->title
		                                                   : P(m, EXPORT_P_NONE_CELL), 0);
		export__buf_puts(m->out, "\n\n");
		/* The table and the votes on one line, as a paragraph of their own. */
		export__event_table_line(&m->prose, e, x->table);
		export__buf_puts(&m->prose, " · ");
		export__md_para(m, export__event_votes_line(&m->prose, e, x));
		if (export__has_text(x->dir->description))
			export__md_paragraphs(m, x->dir->description);
		else
			export__md_phrase(m, EXPORT_P_NOT_ELABORATED);
		export__md_direction_notes(m, &x->table->r, x->dir);
	}
}

static void summaries(struct export_md *m, const struct export_event *e)
{
	heading(m, "##", 3, EXPORT_P_EV_H_SUMMARIES);
	for (size_t t = 0; t < e->ntables; t++) {
		const struct export_report *r = &e->tables[t].r;
		sub_heading(m, "###", e->tables[t].name);
		if (export__summary_is_generated(r))
			export__md_para(m, export__prose_generated_summary(&m->prose, r));
		else
			export__md_paragraphs(m, r->summary);
	}
}

static void people_table(struct export_md *m, const struct export_report *r)
{
	if (r->nparticipants == 0) {
		export__md_phrase(m, EXPORT_P_EV_NO_PARTICIPANTS);
		return;
	}
	export__md_cell(m, P(m, EXPORT_P_COL_BACKGROUND));
	export__md_cell(m, P(m, EXPORT_P_EV_COL_PARTICIPANTS));
	export__buf_puts(m->out, "|\n| --- | ---: |\n");
	for (size_t b = 0; b < r->nbgs; b++) {
		if (r->bgs[b].participants == 0)
			continue;
		export__md_cell(m, export__bg_label(r, b));
		export__md_num_cell(m, r->bgs[b].participants);
		export__buf_puts(m->out, "|\n");
	}
	export__buf_puts(m->out, "| **");
	export__md_text(m, P(m, EXPORT_P_COL_TOTAL), 0);
	export__buf_puts(m->out, "** ");
	export__md_num_cell(m, r->nparticipants);
	export__buf_puts(m->out, "|\n\n");
}

/* A table's vote table, as its own report's appendix has it. */
static void vote_table(struct export_md *m, const struct export_event_table *t)
{
	const struct export_report *r = &t->r;
	if (r->ndirs == 0) {
		export__md_phrase(m, EXPORT_P_NO_VOTES);
		return;
	}
	if (t->dots == 0 && r->votes_total == 0) {
		export__md_phrase(m, EXPORT_P_EV_TABLE_UNVOTED);
		return;
	}
	export__md_vote_table(m, r);
}

static void appendices(struct export_md *m, const struct export_event *e)
{
	for (size_t t = 0; t < e->ntables; t++) {
		const struct export_event_table *tab = &e->tables[t];
		export__buf_puts(m->out, "## ");
		export__md_prose(m, export__event_appendix_heading(&m->prose, e, t), 0, "\n\n");
		export__md_para(m, export__event_appendix_intro(&m->prose, e, tab));
		sub_heading(m, "###", P(m, EXPORT_P_EV_APP_PEOPLE));
		people_table(m, &tab->r);
		sub_heading(m, "###", P(m, EXPORT_P_EV_APP_VOTES));
		vote_table(m, tab);
	}
}

int export__event_render_md(struct export_buf *b, const struct export_event *e)
{
	struct export_md m = EXPORT_MD_INIT(b, e->lang);
	opening(&m, e);
	personas(&m, e);
	directions(&m, e);
	summaries(&m, e);
	appendices(&m, e);
	return export__md_finish(&m);
}
