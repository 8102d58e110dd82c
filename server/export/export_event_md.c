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

struct md {
	struct export_buf *out;
	const struct export_event *e;
	struct export_buf tmp;   /* cleaned user text */
	struct export_buf prose; /* a sentence or paragraph built as plain text */
};

static const char *P(const struct md *m, enum export_phrase p)
{
	return export__phrase(m->e->lang, p);
}

static void text(struct md *m, const char *s, int flags)
{
	export__buf_reset(&m->tmp);
	export__text_clean(&m->tmp, s ? s : "");
	if (m->tmp.failed)
		m->out->failed = 1;
	else
		export__md_escape(m->out, m->tmp.data, flags);
}

static void cell(struct md *m, const char *s)
{
	export__buf_puts(m->out, "| ");
	text(m, export__has_text(s) ? s : P(m, EXPORT_P_NONE_CELL), 0);
	export__buf_putc(m->out, ' ');
}

/* Writes m->prose, built by the call whose result is rc, as `flags` says, then `after`. */
static void prose(struct md *m, int rc, int flags, const char *after)
{
	if (rc || m->prose.failed)
		m->out->failed = 1;
	else
		export__md_escape(m->out, m->prose.data ? m->prose.data : "", flags);
	export__buf_puts(m->out, after);
	export__buf_reset(&m->prose);
}

static void para(struct md *m, int rc)
{
	prose(m, rc, EXPORT_MD_AT_START, "\n\n");
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

static void paragraphs(struct md *m, const char *s)
{
	export__buf_reset(&m->tmp);
	export__text_clean(&m->tmp, s);
	if (m->tmp.failed || export__paragraphs(m->tmp.data, para_cb, m))
		m->out->failed = 1;
}

static void heading(struct md *m, const char *hashes, int number, enum export_phrase p)
{
	export__buf_printf(m->out, "%s %d ", hashes, number);
	text(m, P(m, p), 0);
	export__buf_puts(m->out, "\n\n");
}

static void sub_heading(struct md *m, const char *hashes, const char *s)
{
	export__buf_printf(m->out, "%s ", hashes);
	text(m, s, 0);
	export__buf_puts(m->out, "\n\n");
}

static void opening(struct md *m)
{
	const struct export_event *e = m->e;
	export__buf_puts(m->out, "# ");
	prose(m, export__event_title(&m->prose, e), 0, "\n\n*");
	text(m, P(m, EXPORT_P_EV_KICKER), 0);
	export__buf_puts(m->out, " · ");
	prose(m, export__event_meta(&m->prose, e), 0, "*\n\n");
	para(m, export__event_opening(&m->prose, e));
	para(m, export__event_roadmap(&m->prose, e));
}

static const enum export_phrase quadrant_labels[EXPORT_NQUADRANTS + 1] = {
	EXPORT_P_Q_THINKS, EXPORT_P_Q_FEELS, EXPORT_P_Q_SAYS, EXPORT_P_Q_DOES, EXPORT_P_Q_OTHER,
};

/* A table's synthesis of persona p: the persona's synthesis at that table. */
static const char *synthesis_of(const struct export_event_table *t,
                                const struct export_event_persona *p)
{
	for (size_t i = 0; i < t->r.nphases; i++) {
		const struct export_phase *ph = &t->r.phases[i];
		if (export__event_phase_of(p, ph) && ph->persona)
			return ph->persona->synthesis;
	}
	return "";
}

static void personas(struct md *m)
{
	const struct export_event *e = m->e;
	heading(m, "##", 1, EXPORT_P_H_PERSONAS);
	para(m, export__event_personas_intro(&m->prose, e));
	for (size_t k = 0; k < e->npersonas; k++) {
		const struct export_event_persona *p = &e->personas[k];
		sub_heading(m, "###", p->name);
		for (size_t t = 0; t < e->ntables; t++) {
			const char *s = synthesis_of(&e->tables[t], p);
			sub_heading(m, "####", e->tables[t].name);
			if (export__has_text(s))
				paragraphs(m, s);
			else
				para(m, export__buf_puts(&m->prose, P(m, EXPORT_P_EV_NO_SYNTHESIS)));
		}
		export__buf_puts(m->out, "#### ");
		text(m, P(m, EXPORT_P_EV_H_NOTED), 0);
		export__buf_puts(m->out, "\n\n");
		para(m, export__event_noted_intro(&m->prose, e, p));
		for (int q = 0; q <= EXPORT_NQUADRANTS; q++) {
			/* "Other" only when some note lacks a quadrant. */
			if (q == EXPORT_Q_NONE && export__event_quadrant_count(e, p, EXPORT_Q_NONE) == 0)
				continue;
			export__buf_puts(m->out, "**");
			text(m, P(m, quadrant_labels[q]), 0);
			export__buf_puts(m->out, ".** ");
			prose(m, export__event_quadrant(&m->prose, e, p, (enum export_quadrant)q), 0, "\n\n");
		}
	}
}

static void ranking_table(struct md *m)
{
	const struct export_event *e = m->e;
	export__buf_puts(m->out, "| # ");
	cell(m, P(m, EXPORT_P_COL_DIRECTION));
	cell(m, P(m, EXPORT_P_EV_COL_TABLE));
	cell(m, P(m, EXPORT_P_EV_COL_VOTES));
	cell(m, P(m, EXPORT_P_EV_COL_SHARE));
	export__buf_puts(m->out, "|\n| ---: | --- | --- | ---: | ---: |\n");
	for (size_t i = 0; i < e->nranking; i++) {
		const struct export_event_entry *x = &e->ranking[i];
		export__buf_printf(m->out, "| %d ", x->rank);
		cell(m, x->dir->title);
		cell(m, x->table->name);
		export__buf_puts(m->out, "| ");
		prose(m, export__event_dots(&m->prose, e, x->votes, x->dots), 0, " | ");
		prose(m, export__event_percent(&m->prose, e, x->votes, x->dots), 0, " |\n");
	}
	export__buf_putc(m->out, '\n');
}

/* The notes of a direction: its ideas, then the essences of its bad ideas. */
static void supporting(struct md *m, const struct export_event_entry *x)
{
	const struct export_report *r = &x->table->r;
	for (int pass = 0; pass < 2; pass++) {
		int any = 0;
		for (size_t i = 0; i < r->nnotes; i++) {
			const struct export_note *n = &r->notes[i];
			if (n->dir != x->dir)
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
				export__buf_reset(&m->tmp);
				export__text_clean(&m->tmp, n->text);
				const char *args[1] = { m->tmp.data ? m->tmp.data : "" };
				prose(m, m->tmp.failed ? EXPORT_ENOMEM
				                       : export__fill(&m->prose, P(m, EXPORT_P_BAD_IDEA_MARK),
				                                      args, 1),
				      EXPORT_MD_AT_START, "");
			} else {
				text(m, n->text, EXPORT_MD_AT_START);
			}
			export__buf_putc(m->out, '\n');
		}
		if (any)
			export__buf_putc(m->out, '\n');
	}
}

static void directions(struct md *m)
{
	const struct export_event *e = m->e;
	heading(m, "##", 2, EXPORT_P_H_DIRECTIONS);
	para(m, export__event_directions_intro(&m->prose, e));
	if (e->nranking > 0)
		ranking_table(m);
	for (size_t i = 0; i < e->nranking; i++) {
		const struct export_event_entry *x = &e->ranking[i];
		export__buf_printf(m->out, "### %d. ", x->rank);
		text(m, export__has_text(x->dir->title) ? x->dir->title : P(m, EXPORT_P_NONE_CELL), 0);
		export__buf_puts(m->out, "\n\n");
		/* The table and the votes on one line, as a paragraph of their own. */
		export__event_table_line(&m->prose, e, x->table);
		export__buf_puts(&m->prose, " · ");
		para(m, export__event_votes_line(&m->prose, e, x));
		if (export__has_text(x->dir->description))
			paragraphs(m, x->dir->description);
		else
			para(m, export__buf_puts(&m->prose, P(m, EXPORT_P_NOT_ELABORATED)));
		supporting(m, x);
	}
}

static void summaries(struct md *m)
{
	const struct export_event *e = m->e;
	heading(m, "##", 3, EXPORT_P_EV_H_SUMMARIES);
	for (size_t t = 0; t < e->ntables; t++) {
		const struct export_report *r = &e->tables[t].r;
		sub_heading(m, "###", e->tables[t].name);
		if (export__summary_is_generated(r))
			para(m, export__prose_generated_summary(&m->prose, r));
		else
			paragraphs(m, r->summary);
	}
}

static void num_cell(struct md *m, long v)
{
	export__buf_printf(m->out, "| %ld ", v);
}

static void people_table(struct md *m, const struct export_report *r)
{
	if (r->nparticipants == 0) {
		para(m, export__buf_puts(&m->prose, P(m, EXPORT_P_EV_NO_PARTICIPANTS)));
		return;
	}
	cell(m, P(m, EXPORT_P_COL_BACKGROUND));
	cell(m, P(m, EXPORT_P_EV_COL_PARTICIPANTS));
	export__buf_puts(m->out, "|\n| --- | ---: |\n");
	for (size_t b = 0; b < r->nbgs; b++) {
		if (r->bgs[b].participants == 0)
			continue;
		cell(m, export__bg_label(r, b));
		num_cell(m, r->bgs[b].participants);
		export__buf_puts(m->out, "|\n");
	}
	export__buf_puts(m->out, "| **");
	text(m, P(m, EXPORT_P_COL_TOTAL), 0);
	export__buf_puts(m->out, "** ");
	num_cell(m, r->nparticipants);
	export__buf_puts(m->out, "|\n\n");
}

/* A table's vote table, as its own report's appendix has it. */
static void vote_table(struct md *m, const struct export_event_table *t)
{
	const struct export_report *r = &t->r;
	if (r->ndirs == 0) {
		para(m, export__buf_puts(&m->prose, P(m, EXPORT_P_NO_VOTES)));
		return;
	}
	if (t->dots == 0 && r->votes_total == 0) {
		para(m, export__buf_puts(&m->prose, P(m, EXPORT_P_EV_TABLE_UNVOTED)));
		return;
	}
	para(m, export__prose_votes_intro(&m->prose, r));
	long unknown = 0;
	for (size_t i = 0; i < r->ndirs; i++)
		unknown += r->dirs[i].by_unknown;
	int detail = r->has_vote_detail;
	size_t cols = 0;
	export__buf_puts(m->out, "| # ");
	cell(m, P(m, EXPORT_P_COL_DIRECTION));
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
	export__buf_puts(m->out, "|   | **");
	text(m, P(m, EXPORT_P_COL_TOTAL), 0);
	export__buf_puts(m->out, "** ");
	for (size_t b = 0; detail && b < r->nbgs; b++)
		if (r->bgs[b].participants > 0)
			num_cell(m, r->bgs[b].votes);
	if (detail && unknown)
		num_cell(m, unknown);
	num_cell(m, r->votes_total);
	export__buf_puts(m->out, "|\n\n");
}

static void appendices(struct md *m)
{
	const struct export_event *e = m->e;
	for (size_t t = 0; t < e->ntables; t++) {
		const struct export_event_table *tab = &e->tables[t];
		export__buf_puts(m->out, "## ");
		prose(m, export__event_appendix_heading(&m->prose, e, t), 0, "\n\n");
		para(m, export__event_appendix_intro(&m->prose, e, tab));
		sub_heading(m, "###", P(m, EXPORT_P_EV_APP_PEOPLE));
		people_table(m, &tab->r);
		sub_heading(m, "###", P(m, EXPORT_P_EV_APP_VOTES));
		vote_table(m, tab);
	}
}

int export__event_render_md(struct export_buf *b, const struct export_event *e)
{
	struct md m = { .out = b, .e = e, .tmp = EXPORT_BUF_INIT, .prose = EXPORT_BUF_INIT };
	opening(&m);
	personas(&m);
	directions(&m);
	summaries(&m);
	appendices(&m);
	/* One trailing newline, not two. */
	if (!b->failed && b->len >= 2 && b->data[b->len - 1] == '\n' && b->data[b->len - 2] == '\n')
		b->data[--b->len] = '\0';
	int rc = (b->failed || m.tmp.failed || m.prose.failed) ? EXPORT_ENOMEM : 0;
	export__buf_free(&m.tmp);
	export__buf_free(&m.prose);
	return rc;
}
