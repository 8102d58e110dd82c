/* The cross-table report as one standalone, print-ready A4 HTML document.
 *
 * It uses the session report's style sheet (export__html_css), so both print alike, plus a
 * few rules of its own: the ranking table with a bar per share, the line under each
 * direction naming its table and votes, and a page of its own for each table's appendix (a
 * sheet per table); the numbered sections follow each other, as in the session report, so
 * that a short one leaves no empty page. No scripts, fonts, images or links; every text is escaped with
 * export__html_escape(). */
#include <stdio.h>
#include <string.h>

#include "export_event_internal.h"

static const char css_event[] =
	"section.appendix{break-before:page}\n"
	".table-line{font-family:\"DejaVu Sans\",\"Liberation Sans\",Arial,Helvetica,sans-serif;"
	"font-size:10pt;color:var(--accent);font-weight:bold;margin:0 0 2mm;break-after:avoid}\n"
	".synthesis{margin:0 0 4mm}\n"
	".noted{margin-top:5mm}\n"
	/* A map that fits on a page is not split (a longer one still breaks, between notes). */
	".noted .empathy-map{break-inside:avoid}\n"
	".ranking{margin:3mm 0 6mm}\n"
	".ranking caption{caption-side:bottom;text-align:left;font-size:9pt;color:var(--muted);"
	"padding-top:2mm}\n"
	".ranking col.rank{width:8mm}\n"
	".ranking col.share{width:34mm}\n"
	".bar{display:inline-block;width:14mm;height:2.6mm;background:#e3e8ee;margin-right:2mm;"
	"vertical-align:middle}\n"
	".bar span{display:block;height:100%;background:var(--accent)}\n"
	".people-table{width:auto;min-width:50%;margin-bottom:5mm}\n";

static const char *P(const struct export_html *h, enum export_phrase p)
{
	return export__phrase(h->lang, p);
}

static void section_open(struct export_html *h, const char *id, int number, enum export_phrase p)
{
	export__buf_printf(h->out, "<section class=\"chapter\" id=\"%s\">\n<h2><span class=\"num\">"
	                   "%d</span> ", id, number);
	export__html_text(h, P(h, p), 0);
	export__buf_puts(h->out, "</h2>\n");
}

static void head(struct export_html *h, const struct export_event *e)
{
	export__buf_printf(h->out,
	                   "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n"
	                   "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
	                   "<meta name=\"generator\" content=\"Tafel\">\n<title>",
	                   export__lang_code(e->lang));
	export__html_prose(h, export__event_title(&h->prose, e), "", "");
	export__buf_puts(h->out, " — ");
	export__html_text(h, P(h, EXPORT_P_EV_KICKER), 0);
	export__buf_puts(h->out, "</title>\n<style>\n");
	export__buf_puts(h->out, export__html_css());
	export__buf_puts(h->out, css_event);
	export__buf_puts(h->out, "</style>\n</head>\n<body>\n<main class=\"report event-report\">\n"
	                         "<header class=\"cover\">\n");
	export__html_element(h, "<p class=\"kicker\">", P(h, EXPORT_P_EV_KICKER), "</p>\n");
	export__html_prose(h, export__event_title(&h->prose, e), "<h1>", "</h1>\n");
	export__html_prose(h, export__event_meta(&h->prose, e), "<p class=\"meta\">", "</p>\n");
	export__buf_puts(h->out, "</header>\n<section class=\"opening\">\n");
	export__html_prose(h, export__event_opening(&h->prose, e), "<p>", "</p>\n");
	export__html_prose(h, export__event_roadmap(&h->prose, e), "<p>", "</p>\n");
	export__buf_puts(h->out, "</section>\n");
}

static const enum export_phrase quadrant_labels[EXPORT_NQUADRANTS + 1] = {
	EXPORT_P_Q_THINKS, EXPORT_P_Q_FEELS, EXPORT_P_Q_SAYS, EXPORT_P_Q_DOES, EXPORT_P_Q_OTHER,
};

/* The notes of persona p in quadrant q, of every table, as one list. */
static void quadrant_notes(struct export_html *h, const struct export_event *e,
                           const struct export_event_persona *p, enum export_quadrant q)
{
	int n = 0;
	for (size_t t = 0; t < e->ntables; t++) {
		const struct export_report *r = &e->tables[t].r;
		for (size_t i = 0; i < r->nnotes; i++) {
			const struct export_note *note = &r->notes[i];
			if (!note->phase || !export__event_phase_of(p, note->phase) ||
			    note->quadrant != q || !export__has_text(note->text))
				continue;
			export__buf_puts(h->out, n++ ? "<li>" : "<ul>\n<li>");
			export__html_text(h, note->text, 1);
			export__buf_puts(h->out, "</li>\n");
		}
	}
	if (n)
		export__buf_puts(h->out, "</ul>\n");
	else
		export__html_empty(h, EXPORT_P_Q_EMPTY);
}

static void personas(struct export_html *h, const struct export_event *e)
{
	section_open(h, "personas", 1, EXPORT_P_H_PERSONAS);
	export__html_prose(h, export__event_personas_intro(&h->prose, e), "<p>", "</p>\n");
	for (size_t k = 0; k < e->npersonas; k++) {
		const struct export_event_persona *p = &e->personas[k];
		export__buf_puts(h->out, "<div class=\"persona\">\n");
		export__html_element(h, "<h3>", p->name, "</h3>\n");
		for (size_t t = 0; t < e->ntables; t++) {
			const char *s = export__event_synthesis(&e->tables[t], p);
			export__buf_puts(h->out, "<div class=\"synthesis\">\n");
			export__html_element(h, "<h4>", e->tables[t].name, "</h4>\n");
			if (export__has_text(s))
				export__html_paragraphs(h, s);
			else
				export__html_empty(h, EXPORT_P_EV_NO_SYNTHESIS);
			export__buf_puts(h->out, "</div>\n");
		}
		export__buf_puts(h->out, "<div class=\"noted\">\n");
		export__html_element(h, "<h4>", P(h, EXPORT_P_EV_H_NOTED), "</h4>\n");
		export__html_prose(h, export__event_noted_intro(&h->prose, e, p), "<p>", "</p>\n");
		export__buf_puts(h->out, "<div class=\"empathy-map\">\n");
		for (int q = 0; q < EXPORT_NQUADRANTS; q++) {
			export__buf_printf(h->out, "<div class=\"quadrant q-%s\">\n",
			                   export__quadrant_code((enum export_quadrant)q));
			export__html_element(h, "<h4>", P(h, quadrant_labels[q]), "</h4>\n");
			quadrant_notes(h, e, p, (enum export_quadrant)q);
			export__buf_puts(h->out, "</div>\n");
		}
		export__buf_puts(h->out, "</div>\n");
		if (export__event_quadrant_count(e, p, EXPORT_Q_NONE) > 0) {
			export__buf_puts(h->out, "<div class=\"other\">\n");
			export__html_element(h, "<h4>", P(h, EXPORT_P_Q_OTHER), "</h4>\n");
			quadrant_notes(h, e, p, EXPORT_Q_NONE);
			export__buf_puts(h->out, "</div>\n");
		}
		export__buf_puts(h->out, "</div>\n</div>\n");
	}
	export__buf_puts(h->out, "</section>\n");
}

static void ranking_table(struct export_html *h, const struct export_event *e)
{
	export__buf_puts(h->out, "<table class=\"ranking\">\n");
	export__html_element(h, "<caption>", P(h, EXPORT_P_EV_RANKING_CAPTION), "</caption>\n");
	export__buf_puts(h->out, "<colgroup><col class=\"rank\"><col><col><col>"
	                         "<col class=\"share\"></colgroup>\n<thead><tr><th class=\"n\">#</th>");
	export__html_th(h, EXPORT_P_COL_DIRECTION, 0);
	export__html_th(h, EXPORT_P_EV_COL_TABLE, 0);
	export__html_th(h, EXPORT_P_EV_COL_VOTES, 1);
	export__html_th(h, EXPORT_P_EV_COL_SHARE, 1);
	export__buf_puts(h->out, "</tr></thead>\n<tbody>\n");
	for (size_t i = 0; i < e->nranking; i++) {
		const struct export_event_entry *x = &e->ranking[i];
		export__buf_puts(h->out, "<tr>");
		export__html_td_num(h, x->rank);
		export__html_td(h, x->dir->title);
		export__html_td(h, x->table->name);
		export__html_prose(h, export__event_dots(&h->prose, e, x->votes, x->dots),
		                   "<td class=\"n\">", "</td>");
		/* The bar is the share of the table's dots, 0 to 100 per cent, in whole tenths. */
		long long tenths = x->dots > 0 ? ((long long)x->votes * 2000 + x->dots) / (2LL * x->dots)
		                               : 0;
		if (tenths > 1000)
			tenths = 1000;
		export__buf_printf(h->out, "<td class=\"n\"><span class=\"bar\"><span style=\"width:"
		                   "%lld.%lld%%\"></span></span>", tenths / 10, tenths % 10);
		export__html_prose(h, export__event_percent(&h->prose, e, x->votes, x->dots), "",
		                   "</td>");
		export__buf_puts(h->out, "</tr>\n");
	}
	export__buf_puts(h->out, "</tbody>\n</table>\n");
}

static void directions(struct export_html *h, const struct export_event *e)
{
	section_open(h, "directions", 2, EXPORT_P_H_DIRECTIONS);
	export__html_prose(h, export__event_directions_intro(&h->prose, e), "<p>", "</p>\n");
	if (e->nranking > 0)
		ranking_table(h, e);
	for (size_t i = 0; i < e->nranking; i++) {
		const struct export_event_entry *x = &e->ranking[i];
		export__buf_printf(h->out, "<article class=\"direction\">\n<h3><span class=\"rank\">"
		                   "%d.</span> ", x->rank);
		export__html_text(h, export__has_text(x->dir->title) ? x->dir->title
		                                                     : P(h, EXPORT_P_NONE_CELL),
		                  0);
		export__buf_puts(h->out, "</h3>\n");
		export__event_table_line(&h->prose, e, x->table);
		export__buf_puts(&h->prose, " · ");
		export__html_prose(h, export__event_votes_line(&h->prose, e, x),
		                   "<p class=\"table-line\">", "</p>\n");
		if (export__has_text(x->dir->description))
			export__html_paragraphs(h, x->dir->description);
		else
			export__html_empty(h, EXPORT_P_NOT_ELABORATED);
		export__html_direction_notes(h, &x->table->r, x->dir);
		export__buf_puts(h->out, "</article>\n");
	}
	export__buf_puts(h->out, "</section>\n");
}

static void summaries(struct export_html *h, const struct export_event *e)
{
	section_open(h, "summaries", 3, EXPORT_P_EV_H_SUMMARIES);
	for (size_t t = 0; t < e->ntables; t++) {
		const struct export_report *r = &e->tables[t].r;
		export__html_element(h, "<h3>", e->tables[t].name, "</h3>\n");
		if (export__summary_is_generated(r))
			export__html_prose(h, export__prose_generated_summary(&h->prose, r),
			                   "<p class=\"generated\">", "</p>\n");
		else
			export__html_paragraphs(h, r->summary);
	}
	export__buf_puts(h->out, "</section>\n");
}

static void people_table(struct export_html *h, const struct export_report *r)
{
	if (r->nparticipants == 0) {
		export__html_empty(h, EXPORT_P_EV_NO_PARTICIPANTS);
		return;
	}
	export__buf_puts(h->out, "<table class=\"people-table\">\n<thead><tr>");
	export__html_th(h, EXPORT_P_COL_BACKGROUND, 0);
	export__html_th(h, EXPORT_P_EV_COL_PARTICIPANTS, 1);
	export__buf_puts(h->out, "</tr></thead>\n<tbody>\n");
	for (size_t b = 0; b < r->nbgs; b++) {
		if (r->bgs[b].participants == 0)
			continue;
		export__buf_puts(h->out, "<tr>");
		export__html_td(h, export__bg_label(r, b));
		export__html_td_num(h, r->bgs[b].participants);
		export__buf_puts(h->out, "</tr>\n");
	}
	export__buf_puts(h->out, "<tr class=\"total\">");
	export__html_td(h, P(h, EXPORT_P_COL_TOTAL));
	export__html_td_num(h, r->nparticipants);
	export__buf_puts(h->out, "</tr>\n</tbody>\n</table>\n");
}

static void vote_table(struct export_html *h, const struct export_event_table *t)
{
	const struct export_report *r = &t->r;
	if (r->ndirs == 0 || (t->dots == 0 && r->votes_total == 0)) {
		export__html_empty(h, r->ndirs == 0 ? EXPORT_P_NO_VOTES : EXPORT_P_EV_TABLE_UNVOTED);
		return;
	}
	export__buf_puts(h->out, "<div class=\"keep\">\n");
	export__html_prose(h, export__prose_votes_intro(&h->prose, r), "<p>", "</p>\n");
	long unknown = export__votes_unknown(r);
	int detail = r->has_vote_detail;
	export__buf_puts(h->out, "<table class=\"votes-table\">\n<colgroup><col class=\"rank\">"
	                         "<col class=\"dir\"></colgroup>\n<thead><tr><th class=\"n\">#</th>");
	export__html_th(h, EXPORT_P_COL_DIRECTION, 0);
	for (size_t b = 0; detail && b < r->nbgs; b++)
		if (r->bgs[b].participants > 0)
			export__html_element(h, "<th class=\"n\">", export__bg_label(r, b),
			                     "</th>");
	if (detail && unknown)
		export__html_th(h, EXPORT_P_UNKNOWN_BACKGROUND, 1);
	export__html_th(h, EXPORT_P_COL_TOTAL, 1);
	export__buf_puts(h->out, "</tr></thead>\n<tbody>\n");
	export__html_vote_rows(h, r, unknown);
	export__buf_puts(h->out, "</div>\n");
}

static void appendices(struct export_html *h, const struct export_event *e)
{
	for (size_t t = 0; t < e->ntables; t++) {
		const struct export_event_table *tab = &e->tables[t];
		char letter[8];
		export__buf_printf(h->out, "<section class=\"chapter appendix\" id=\"appendix-%s\">\n",
		                   export__event_letter(t, letter));
		export__html_prose(h, export__event_appendix_heading(&h->prose, e, t), "<h2>",
		                   "</h2>\n");
		export__html_prose(h, export__event_appendix_intro(&h->prose, e, tab), "<p>",
		                   "</p>\n");
		export__html_element(h, "<h3>", P(h, EXPORT_P_EV_APP_PEOPLE), "</h3>\n");
		people_table(h, &tab->r);
		export__html_element(h, "<h3>", P(h, EXPORT_P_EV_APP_VOTES), "</h3>\n");
		vote_table(h, tab);
		export__buf_puts(h->out, "</section>\n");
	}
}

int export__event_render_html(struct export_buf *b, const struct export_event *e)
{
	struct export_html h = EXPORT_HTML_INIT(b, e->lang, 0);
	head(&h, e);
	personas(&h, e);
	directions(&h, e);
	summaries(&h, e);
	appendices(&h, e);
	export__buf_puts(b, "</main>\n</body>\n</html>\n");
	return export__html_finish(&h);
}
