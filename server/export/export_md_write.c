/* Writing Markdown, for the session's report (export_md.c) and the event's cross-table
 * report (export_event_md.c): text cleaned and escaped, table cells, paragraphs, and the two
 * blocks both reports print alike, a direction's notes and a table's vote table.
 *
 * Every piece of text, fixed phrases included, goes through export__md_escape(), so the
 * only Markdown syntax in the output is the one the renderers write. */
#include "export_internal.h"

static const char *P(const struct export_md *m, enum export_phrase p)
{
	return export__phrase(m->lang, p);
}

void export__md_text(struct export_md *m, const char *s, int flags)
{
	export__buf_reset(&m->tmp);
	export__text_clean(&m->tmp, s ? s : "");
	if (m->tmp.failed)
		m->out->failed = 1;
	else
		export__md_escape(m->out, m->tmp.data, flags);
}

void export__md_cell(struct export_md *m, const char *s)
{
	export__buf_puts(m->out, "| ");
	export__md_text(m, export__has_text(s) ? s : P(m, EXPORT_P_NONE_CELL), 0);
	export__buf_putc(m->out, ' ');
}

void export__md_num_cell(struct export_md *m, long v)
{
	export__buf_printf(m->out, "| %ld ", v);
}

void export__md_prose(struct export_md *m, int rc, int flags, const char *after)
{
	if (rc || m->prose.failed)
		m->out->failed = 1;
	else
		export__md_escape(m->out, m->prose.data ? m->prose.data : "", flags);
	export__buf_puts(m->out, after);
	export__buf_reset(&m->prose);
}

void export__md_para(struct export_md *m, int rc)
{
	export__md_prose(m, rc, EXPORT_MD_AT_START, "\n\n");
}

void export__md_phrase(struct export_md *m, enum export_phrase p)
{
	export__md_para(m, export__buf_puts(&m->prose, P(m, p)));
}

static int para_cb(void *ctx, const char *p, size_t n)
{
	struct export_md *m = ctx;
	export__buf_reset(&m->prose);
	export__buf_put(&m->prose, p, n);
	if (m->prose.failed)
		return EXPORT_ENOMEM;
	export__md_escape(m->out, m->prose.data, EXPORT_MD_BLOCK);
	export__buf_puts(m->out, "\n\n");
	export__buf_reset(&m->prose);
	return m->out->failed ? EXPORT_ENOMEM : 0;
}

void export__md_paragraphs(struct export_md *m, const char *s)
{
	export__buf_reset(&m->tmp);
	export__text_clean(&m->tmp, s);
	if (m->tmp.failed || export__paragraphs(m->tmp.data, para_cb, m))
		m->out->failed = 1;
}

void export__md_direction_notes(struct export_md *m, const struct export_report *r,
                                const struct export_direction *d)
{
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
				enum export_phrase label = pass == 0 ? EXPORT_P_IDEAS_LABEL
				                                     : EXPORT_P_ESSENCES_LABEL;
				export__md_text(m, P(m, label), EXPORT_MD_AT_START);
				export__buf_puts(m->out, "\n\n");
				any = 1;
			}
			export__buf_puts(m->out, "- ");
			if (pass == 1) {
				export__md_text(m, n->essence, EXPORT_MD_AT_START);
			} else if (bad) {
				export__buf_reset(&m->tmp);
				export__text_clean(&m->tmp, n->text);
				const char *args[1] = { m->tmp.data ? m->tmp.data : "" };
				const char *mark = P(m, EXPORT_P_BAD_IDEA_MARK);
				int rc = m->tmp.failed ? EXPORT_ENOMEM
				                       : export__fill(&m->prose, mark, args, 1);
				export__md_prose(m, rc, EXPORT_MD_AT_START, "");
			} else {
				export__md_text(m, n->text, EXPORT_MD_AT_START);
			}
			export__buf_putc(m->out, '\n');
		}
		if (any)
			export__buf_putc(m->out, '\n');
	}
}

void export__md_vote_table(struct export_md *m, const struct export_report *r)
{
	export__md_para(m, export__prose_votes_intro(&m->prose, r));
	/* Columns: the backgrounds that have participants, and "unknown" when a vote came
	 * from someone the document does not list. */
	long unknown = export__votes_unknown(r);
	int detail = r->has_vote_detail;
	export__buf_puts(m->out, "| # ");
	export__md_cell(m, P(m, EXPORT_P_COL_DIRECTION));
	size_t cols = 0;
	for (size_t b = 0; detail && b < r->nbgs; b++)
		if (r->bgs[b].participants > 0) {
			export__md_cell(m, export__bg_label(r, b));
			cols++;
		}
	if (detail && unknown)
		export__md_cell(m, P(m, EXPORT_P_UNKNOWN_BACKGROUND));
	export__md_cell(m, P(m, EXPORT_P_COL_TOTAL));
	export__buf_puts(m->out, "|\n| ---: | --- ");
	for (size_t c = 0; c < cols + (detail && unknown); c++)
		export__buf_puts(m->out, "| ---: ");
	export__buf_puts(m->out, "| ---: |\n");
	for (size_t i = 0; i < r->ndirs; i++) {
		const struct export_direction *d = r->ranked[i];
		export__md_num_cell(m, d->rank);
		export__md_cell(m, d->title);
		for (size_t b = 0; detail && b < r->nbgs; b++)
			if (r->bgs[b].participants > 0)
				export__md_num_cell(m, d->by_bg[b]);
		if (detail && unknown)
			export__md_num_cell(m, d->by_unknown);
		export__md_num_cell(m, d->votes);
		export__buf_puts(m->out, "|\n");
	}
	/* The totals row. */
	export__buf_puts(m->out, "|   | **");
	export__md_text(m, P(m, EXPORT_P_COL_TOTAL), 0);
	export__buf_puts(m->out, "** ");
	for (size_t b = 0; detail && b < r->nbgs; b++)
		if (r->bgs[b].participants > 0)
			export__md_num_cell(m, r->bgs[b].votes);
	if (detail && unknown)
		export__md_num_cell(m, unknown);
	export__md_num_cell(m, r->votes_total);
	export__buf_puts(m->out, "|\n\n");
}

int export__md_finish(struct export_md *m)
{
	struct export_buf *b = m->out;
	/* One trailing newline, not two. */
	if (!b->failed && b->len >= 2 && b->data[b->len - 1] == '\n' && b->data[b->len - 2] == '\n')
		b->data[--b->len] = '\0';
	int rc = (b->failed || m->tmp.failed || m->prose.failed) ? EXPORT_ENOMEM : 0;
	export__buf_free(&m->tmp);
	export__buf_free(&m->prose);
	return rc;
}
