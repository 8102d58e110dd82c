/* Writing HTML, for the session's report and its Word document (export_html.c) and for the
 * event's cross-table report (export_event_html.c): text cleaned and escaped, prose,
 * paragraphs, table cells, and the two blocks both reports print alike, a direction's notes
 * and the rows of a vote table. Every text goes through export__html_escape(). */
#include "export_internal.h"

static const char *P(const struct export_html *h, enum export_phrase p)
{
	return export__phrase(h->lang, p);
}

void export__html_text(struct export_html *h, const char *s, int br)
{
	export__buf_reset(&h->tmp);
	export__text_clean(&h->tmp, s ? s : "");
	if (h->tmp.failed)
		h->out->failed = 1;
	else if (br)
		export__html_escape_br(h->out, h->tmp.data);
	else
		export__html_escape(h->out, h->tmp.data);
}

void export__html_element(struct export_html *h, const char *open, const char *s,
                          const char *close)
{
	export__buf_puts(h->out, open);
	export__html_text(h, s, 0);
	export__buf_puts(h->out, close);
}

void export__html_prose(struct export_html *h, int rc, const char *open, const char *close)
{
	if (rc || h->prose.failed) {
		h->out->failed = 1;
	} else {
		export__buf_puts(h->out, open);
		export__html_escape(h->out, h->prose.data ? h->prose.data : "");
		export__buf_puts(h->out, close);
	}
	export__buf_reset(&h->prose);
}

static int para_cb(void *ctx, const char *p, size_t n)
{
	struct export_html *h = ctx;
	export__buf_reset(&h->prose);
	export__buf_put(&h->prose, p, n);
	export__buf_puts(h->out, "<p>");
	if (!h->prose.failed)
		export__html_escape_br(h->out, h->prose.data);
	export__buf_puts(h->out, "</p>\n");
	export__buf_reset(&h->prose);
	return h->out->failed || h->prose.failed ? EXPORT_ENOMEM : 0;
}

void export__html_paragraphs(struct export_html *h, const char *s)
{
	export__buf_reset(&h->tmp);
	export__text_clean(&h->tmp, s);
	if (h->tmp.failed || export__paragraphs(h->tmp.data, para_cb, h))
		h->out->failed = 1;
}

void export__html_empty(struct export_html *h, enum export_phrase p)
{
	export__html_element(h, "<p class=\"empty\">", P(h, p), "</p>\n");
}

const char *export__html_tr(const struct export_html *h)
{
	return h->word ? "<tr valign=\"top\">" : "<tr>";
}

void export__html_th(struct export_html *h, enum export_phrase p, int numeric)
{
	export__html_element(h, numeric ? "<th class=\"n\">" : "<th>", P(h, p), "</th>");
}

void export__html_td(struct export_html *h, const char *s)
{
	export__buf_puts(h->out, "<td>");
	export__html_text(h, export__has_text(s) ? s : P(h, EXPORT_P_NONE_CELL), 1);
	export__buf_puts(h->out, "</td>");
}

void export__html_td_num(struct export_html *h, long v)
{
	export__buf_printf(h->out, "<td class=\"n\">%ld</td>", v);
}

void export__html_direction_notes(struct export_html *h, const struct export_report *r,
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
				export__html_element(h, "<p class=\"label\">", P(h, label), "</p>\n<ul>\n");
				any = 1;
			}
			export__buf_puts(h->out, "<li>");
			if (pass == 1) {
				export__html_text(h, n->essence, 1);
			} else if (bad) {
				export__buf_reset(&h->tmp);
				export__text_clean(&h->tmp, n->text);
				const char *args[1] = { h->tmp.data ? h->tmp.data : "" };
				const char *mark = P(h, EXPORT_P_BAD_IDEA_MARK);
				int rc = h->tmp.failed ? EXPORT_ENOMEM
				                       : export__fill(&h->prose, mark, args, 1);
				export__html_prose(h, rc, "", "");
			} else {
				export__html_text(h, n->text, 1);
			}
			export__buf_puts(h->out, "</li>\n");
		}
		if (any)
			export__buf_puts(h->out, "</ul>\n");
	}
}

void export__html_vote_rows(struct export_html *h, const struct export_report *r, long unknown)
{
	int detail = r->has_vote_detail;
	for (size_t i = 0; i < r->ndirs; i++) {
		const struct export_direction *d = r->ranked[i];
		export__buf_puts(h->out, export__html_tr(h));
		export__html_td_num(h, d->rank);
		export__html_td(h, d->title);
		for (size_t b = 0; detail && b < r->nbgs; b++)
			if (r->bgs[b].participants > 0)
				export__html_td_num(h, d->by_bg[b]);
		if (detail && unknown)
			export__html_td_num(h, d->by_unknown);
		export__html_td_num(h, d->votes);
		export__buf_puts(h->out, "</tr>\n");
	}
	/* The totals as the last row of the body: a <tfoot> is repeated on every page the
	 * table runs over. */
	export__html_element(h, h->word ? "<tr class=\"total\" valign=\"top\"><td></td><td>"
	                                : "<tr class=\"total\"><td></td><td>",
	                     P(h, EXPORT_P_COL_TOTAL), "</td>");
	for (size_t b = 0; detail && b < r->nbgs; b++)
		if (r->bgs[b].participants > 0)
			export__html_td_num(h, r->bgs[b].votes);
	if (detail && unknown)
		export__html_td_num(h, unknown);
	export__html_td_num(h, r->votes_total);
	export__buf_puts(h->out, "</tr>\n</tbody>\n</table>\n");
}

int export__html_finish(struct export_html *h)
{
	int rc = (h->out->failed || h->tmp.failed || h->prose.failed) ? EXPORT_ENOMEM : 0;
	export__buf_free(&h->tmp);
	export__buf_free(&h->prose);
	return rc;
}
