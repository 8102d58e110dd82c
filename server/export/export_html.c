/* The HTML report: one standalone, print-ready A4 document; and the same report as a
 * word-processor document.
 *
 * Standalone means no request leaves the file: the style sheet is inline, the vote chart is
 * inline SVG, there are no scripts, fonts or images, so the report opens on a laptop without
 * a network and prints the same everywhere. Print-ready means an @page rule for A4, sections
 * that follow each other without forced page breaks (a short section would leave a nearly
 * empty page), no break inside a chart, a quadrant, a short table or a table row, and a
 * heading never left alone at the foot of a page. tests/export/pdf.test.mjs prints it with
 * Chromium and checks the pages.
 *
 * The word-processor mode (EXPORT_DOC) writes HTML that Word and LibreOffice Writer import
 * as a document: headings h1-h3, paragraphs, lists and tables only, the empathy map as a
 * two-by-two table instead of a CSS grid, no SVG chart (the vote table carries the numbers),
 * and a plain style sheet that both understand. tests/export/word.test.mjs converts it with
 * LibreOffice and checks the headings, lists and tables that come out. */
#include <stdio.h>
#include <string.h>

#include "export_internal.h"

static const char *P(const struct export_html *h, enum export_phrase p)
{
	return export__phrase(h->lang, p);
}

static const char css[] =
	"@page{size:A4;margin:20mm 18mm 22mm 18mm}\n"
	":root{--ink:#1d1d1f;--muted:#5b5b66;--accent:#1f5f86;--line:#cfd4da}\n"
	"*{-webkit-print-color-adjust:exact;print-color-adjust:exact}\n"
	"html{font-family:\"DejaVu Serif\",\"Liberation Serif\",Georgia,\"Times New Roman\",serif;"
	"font-size:11pt;line-height:1.45;color:var(--ink)}\n"
	/* break-word, not anywhere: a long word may break at the edge, but it does not make a
	 * table column as narrow as one letter. */
	"body{margin:0;overflow-wrap:break-word}\n"
	"h1,h2,h3,h4,.kicker,.meta,table,figcaption,.label,.votes{font-family:\"DejaVu Sans\","
	"\"Liberation Sans\",Arial,Helvetica,sans-serif}\n"
	"h1{font-size:22pt;line-height:1.15;margin:0 0 4mm}\n"
	"h2{font-size:16pt;line-height:1.2;margin:8mm 0 4mm;color:var(--accent);break-after:avoid}\n"
	"h3{font-size:12.5pt;margin:6mm 0 2mm;break-after:avoid}\n"
	"h4{font-size:9pt;margin:0 0 1.5mm;text-transform:uppercase;letter-spacing:.05em;"
	"color:var(--muted);break-after:avoid}\n"
	"p{margin:0 0 3mm;orphans:3;widows:3}\n"
	".kicker{text-transform:uppercase;letter-spacing:.08em;font-size:9pt;color:var(--muted);"
	"margin:0 0 2mm}\n"
	".meta{color:var(--muted);font-size:9.5pt;border-bottom:1px solid var(--line);"
	"padding-bottom:3mm;margin-bottom:7mm}\n"
	".context{margin:0 0 4mm;padding-left:7mm}\n"
	".context li{margin-bottom:1.5mm}\n"
	".evidence{color:var(--muted);font-size:9.5pt;font-style:italic}\n"
	/* Each quadrant draws its own lines (half on each side of a shared edge), so a map
	 * whose second row moves to the next page leaves no empty frame behind. */
	".empathy-map{display:grid;grid-template-columns:1fr 1fr;margin:3mm 0 6mm}\n"
	".quadrant{padding:3mm 4mm;break-inside:avoid;border:.5px solid var(--line)}\n"
	".quadrant ul,.other ul{margin:0;padding-left:4.5mm;font-size:10pt}\n"
	".quadrant li,.other li{margin-bottom:1mm}\n"
	".q-thinks{background:#edf3f8}.q-feels{background:#f8f0e8}"
	".q-says{background:#edf6ee}.q-does{background:#f3eef7}\n"
	".other{border:1px solid var(--line);border-top:0;margin:-6mm 0 6mm;padding:3mm 4mm}\n"
	".empty{color:var(--muted);font-style:italic;font-size:10pt;margin:0}\n"
	".direction h3{border-left:3pt solid var(--accent);padding-left:3mm}\n"
	".label{font-weight:bold;font-size:10pt;margin:3mm 0 1mm;break-after:avoid}\n"
	".direction ul{margin:0 0 3mm;padding-left:6mm}\n"
	".direction li{break-inside:avoid}\n"
	/* The vote count closes its direction and never opens a page on its own. */
	".votes{font-size:10pt;color:var(--accent);font-weight:bold;break-before:avoid}\n"
	"figure.chart{margin:4mm 0 6mm;break-inside:avoid}\n"
	"figure.chart svg{width:100%;height:auto;display:block}\n"
	"figcaption{font-size:9pt;color:var(--muted);margin-top:2mm}\n"
	".generated{color:var(--muted);font-style:italic}\n"
	"table{border-collapse:collapse;width:100%;font-size:9.5pt}\n"
	"th,td{border-bottom:1px solid var(--line);padding:1.5mm 2mm;text-align:left;"
	"vertical-align:top}\n"
	"th{border-bottom:1.5px solid var(--ink);vertical-align:bottom}\n"
	".n{text-align:right;font-variant-numeric:tabular-nums}\n"
	"tr{break-inside:avoid}\n"
	"thead{display:table-header-group}\n"
	/* The vote table: fixed columns, the direction half the width so that titles wrap
	 * between words, never letter by letter; the counts share the rest, however many
	 * backgrounds there are, with the backgrounds' names set upright (bottom to top) above
	 * their narrow columns. A short table is kept on one page with its heading and
	 * introduction; the totals are a row of the body, printed once. */
	".votes-fixed{table-layout:fixed}\n"
	".votes-table col.rank{width:8mm}\n"
	".votes-table col.dir{width:50%}\n"
	".votes-fixed col.total{width:16mm}\n"
	".votes-table th.n{font-size:8.5pt;hyphens:auto}\n"
	".votes-table th.bg{font-size:8pt;padding:1mm 1.5mm}\n"
	".votes-table th.bg span{writing-mode:vertical-rl;transform:rotate(180deg);"
	"white-space:nowrap;display:inline-block;text-align:left}\n"
	".keep{break-inside:avoid}\n"
	"tr.total td{font-weight:bold;border-top:1.5px solid var(--ink);border-bottom:0}\n"
	"@media screen{body{background:#e8e8ed}.report{background:#fff;max-width:210mm;"
	"margin:10mm auto;padding:20mm 18mm;box-sizing:border-box;"
	"box-shadow:0 1px 6px rgba(0,0,0,.15)}}\n";

/* The word-processor mode: what Word's and LibreOffice's HTML import understand. */
static const char css_word[] =
	"@page{size:21cm 29.7cm;margin:2cm 1.8cm 2.2cm 1.8cm}\n"
	"body{font-family:\"Liberation Serif\",\"Times New Roman\",serif;font-size:11pt}\n"
	"h1,h2,h3,h4{font-family:\"Liberation Sans\",Arial,sans-serif}\n"
	"h1{font-size:20pt}h2{font-size:15pt;color:#1f5f86}h3{font-size:12.5pt}h4{font-size:10pt}\n"
	".kicker,.meta,.evidence,.empty,.generated{color:#5b5b66}\n"
	".evidence,.empty,.generated{font-style:italic}\n"
	"table{border-collapse:collapse;width:100%}\n"
	"th,td{border:1px solid #9aa3ad;padding:4pt;text-align:left;vertical-align:top;"
	"font-size:9.5pt;font-family:\"Liberation Sans\",Arial,sans-serif}\n"
	".n{text-align:right}\n"
	"tr.total td{font-weight:bold}\n";

/* Sections are <section> elements on paper; for a word processor plain <div>s, which its
 * import turns into nothing (it would otherwise make Writer/Web text frames of them, and
 * demote the headings inside to paragraphs). */
static const char *section_tag(const struct export_html *h)
{
	return h->word ? "div" : "section";
}

static void section_close(struct export_html *h)
{
	export__buf_printf(h->out, "</%s>\n", section_tag(h));
}

/* Tables: a word processor's HTML import reads lines, padding and alignment from the old
 * attributes rather than from the style sheet (LibreOffice ignores CSS borders on cells). */
static void table_open(struct export_html *h, const char *cls)
{
	export__buf_puts(h->out, "<table");
	if (cls)
		export__buf_printf(h->out, " class=\"%s\"", cls);
	if (h->word)
		export__buf_puts(h->out, " border=\"1\" cellspacing=\"0\" cellpadding=\"5\" width=\"100%\"");
	export__buf_puts(h->out, ">\n");
}

/* A numbered section: "1 Aandachtspunten per persona", "6.1 ..." in a chapter. */
static void section_open(struct export_html *h, const struct export_report *r, const char *id,
                         int number, enum export_phrase p)
{
	char num[16];
	export__buf_printf(h->out, "<%s class=\"chapter\" id=\"%s\">\n<h2>", section_tag(h), id);
	export__buf_printf(h->out, "<span class=\"num\">%s</span> ",
	                   export__section_num(r, number, num));
	export__html_text(h, P(h, p), 0);
	export__buf_puts(h->out, "</h2>\n");
}

static void appendix_open(struct export_html *h, const struct export_report *r, const char *id,
                          enum export_appendix a)
{
	export__buf_printf(h->out, "<%s class=\"chapter appendix\" id=\"%s\">\n", section_tag(h), id);
	export__html_prose(h, export__appendix_heading(&h->prose, r, a), "<h2>", "</h2>\n");
}

static void head(struct export_html *h, const struct export_report *r)
{
	if (h->word)
		/* The Office namespaces and ProgId make Word open the file in its print layout as
		 * a document of its own; other programs ignore them. */
		export__buf_printf(h->out,
		                   "<!DOCTYPE html>\n<html lang=\"%s\" "
		                   "xmlns:o=\"urn:schemas-microsoft-com:office:office\" "
		                   "xmlns:w=\"urn:schemas-microsoft-com:office:word\">\n<head>\n"
		                   "<meta charset=\"utf-8\">\n"
		                   "<meta name=\"ProgId\" content=\"Word.Document\">\n"
		                   "<meta name=\"generator\" content=\"Tafel\">\n<title>",
		                   export__lang_code(r->lang));
	else
		export__buf_printf(h->out,
		                   "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n"
		                   "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
		                   "<meta name=\"generator\" content=\"Tafel\">\n<title>",
		                   export__lang_code(r->lang));
	export__html_prose(h, export__prose_title(&h->prose, r), "", "");
	export__buf_puts(h->out, " — ");
	export__html_text(h, P(h, EXPORT_P_KICKER), 0);
	export__buf_puts(h->out, "</title>\n<style>\n");
	export__buf_puts(h->out, h->word ? css_word : css);
	export__buf_puts(h->out, "</style>\n");
	if (h->word)
		/* Word opens the document in its print layout, not as a web page. */
		export__buf_puts(h->out, "<!--[if gte mso 9]><xml><w:WordDocument><w:View>Print</w:View>"
		                         "<w:Zoom>100</w:Zoom></w:WordDocument></xml><![endif]-->\n");
	export__buf_printf(h->out, "</head>\n<body>\n<%s class=\"report\">\n",
	                   h->word ? "div" : "main");
	export__buf_printf(h->out, "<%s class=\"cover\">\n<p class=\"kicker\">",
	                   h->word ? "div" : "header");
	export__html_text(h, P(h, EXPORT_P_KICKER), 0);
	export__buf_puts(h->out, "</p>\n");
	export__html_prose(h, export__prose_title(&h->prose, r), "<h1>", "</h1>\n");
	export__html_prose(h, export__prose_meta(&h->prose, r), "<p class=\"meta\">", "</p>\n");
	export__buf_printf(h->out, "</%s>\n", h->word ? "div" : "header");
}

static void opening(struct export_html *h, const struct export_report *r)
{
	export__buf_printf(h->out, "<%s class=\"opening\">\n", section_tag(h));
	export__html_prose(h, export__prose_opening(&h->prose, r), "<p>", "</p>\n");
	if (export__has_text(r->method))
		export__html_paragraphs(h, r->method);
	if (cJSON_GetArraySize(r->context) > 0) {
		export__buf_puts(h->out, "<p>");
		export__html_text(h, P(h, EXPORT_P_CONTEXT_INTRO), 0);
		export__buf_puts(h->out, "</p>\n<ol class=\"context\">\n");
		const cJSON *c;
		cJSON_ArrayForEach(c, r->context) {
			export__buf_puts(h->out, "<li>");
			export__html_text(h, c->valuestring, 1);
			export__buf_puts(h->out, "</li>\n");
		}
		export__buf_puts(h->out, "</ol>\n");
	}
	export__html_prose(h, export__prose_roadmap(&h->prose, r), "<p>", "</p>\n");
	section_close(h);
}

static const enum export_phrase quadrant_labels[EXPORT_NQUADRANTS + 1] = {
	EXPORT_P_Q_THINKS, EXPORT_P_Q_FEELS, EXPORT_P_Q_SAYS, EXPORT_P_Q_DOES, EXPORT_P_Q_OTHER,
};

/* The notes of one quadrant as a list; returns how many there were. */
static int quadrant_notes(struct export_html *h, const struct export_report *r,
                          const struct export_phase *ph, enum export_quadrant q)
{
	int n = 0;
	for (size_t i = 0; i < r->nnotes; i++) {
		const struct export_note *note = &r->notes[i];
		if (note->phase != ph || note->quadrant != q || !export__has_text(note->text))
			continue;
		export__buf_puts(h->out, n++ ? "<li>" : "<ul>\n<li>");
		export__html_text(h, note->text, 1);
		export__buf_puts(h->out, "</li>\n");
	}
	if (n)
		export__buf_puts(h->out, "</ul>\n");
	return n;
}

/* The four quadrants of an empathy map: a CSS grid on paper, a two-by-two table for a word
 * processor (which knows no grid). */
static void map_quadrants(struct export_html *h, const struct export_report *r,
                          const struct export_phase *ph)
{
	if (h->word) {
		table_open(h, "empathy-map");
		export__buf_printf(h->out, "%s\n", export__html_tr(h));
	} else {
		export__buf_puts(h->out, "<div class=\"empathy-map\">\n");
	}
	for (int q = 0; q < EXPORT_NQUADRANTS; q++) {
		if (h->word && q == 2)
			export__buf_printf(h->out, "</tr>\n%s\n", export__html_tr(h));
		/* In a word processor a label, not a heading of the document's outline. */
		export__buf_printf(h->out, h->word ? "<td class=\"quadrant q-%s\" width=\"50%%\">\n<p><b>"
		                                   : "<div class=\"quadrant q-%s\">\n<h4>",
		                   export__quadrant_code((enum export_quadrant)q));
		export__html_text(h, P(h, quadrant_labels[q]), 0);
		export__buf_puts(h->out, h->word ? "</b></p>\n" : "</h4>\n");
		if (!quadrant_notes(h, r, ph, (enum export_quadrant)q))
			export__html_empty(h, EXPORT_P_Q_EMPTY);
		export__buf_puts(h->out, h->word ? "</td>\n" : "</div>\n");
	}
	export__buf_puts(h->out, h->word ? "</tr>\n</table>\n" : "</div>\n");
	/* Notes without a quadrant, below the map, only when there are some. */
	struct export_buf *saved = h->out, probe = EXPORT_BUF_INIT;
	h->out = &probe;
	int others = quadrant_notes(h, r, ph, EXPORT_Q_NONE);
	h->out = saved;
	if (others) {
		export__buf_puts(h->out, h->word ? "<div class=\"other\">\n<p><b>"
		                                 : "<div class=\"other\">\n<h4>");
		export__html_text(h, P(h, EXPORT_P_Q_OTHER), 0);
		export__buf_puts(h->out, h->word ? "</b></p>\n" : "</h4>\n");
		export__buf_put(h->out, probe.data ? probe.data : "", probe.len);
		export__buf_puts(h->out, "</div>\n");
	}
	if (probe.failed)
		h->out->failed = 1;
	export__buf_free(&probe);
}

static void persona_heading(struct export_html *h, const struct export_phase *ph)
{
	int named = ph->persona && export__has_text(ph->persona->name);
	export__buf_puts(h->out, "<h3>");
	export__html_text(h, named ? ph->persona->name : ph->title, 0);
	export__buf_puts(h->out, "</h3>\n");
}

/* Section 1: per persona the facilitator's synthesis as prose, its notes then in an
 * appendix; a persona without a synthesis shows its empathy map here. */
static void personas(struct export_html *h, const struct export_report *r)
{
	section_open(h, r, "personas", 1, EXPORT_P_H_PERSONAS);
	export__html_prose(h, export__prose_personas_intro(&h->prose, r), "<p>", "</p>\n");
	for (size_t i = 0; i < r->nphases; i++) {
		const struct export_phase *ph = &r->phases[i];
		if (ph->kind != EXPORT_KIND_EMPATHY_MAP)
			continue;
		export__buf_puts(h->out, "<div class=\"persona\">\n");
		persona_heading(h, ph);
		if (export__map_in_appendix(r, ph)) {
			export__buf_puts(h->out, "<div class=\"synthesis\">\n");
			export__html_paragraphs(h, ph->persona->synthesis);
			export__buf_puts(h->out, "</div>\n");
			export__html_prose(h, export__prose_synthesis_evidence(&h->prose, r, ph),
			      "<p class=\"evidence\">", "</p>\n");
		} else {
			export__html_prose(h, export__prose_persona_intro(&h->prose, r, ph), "<p>",
			                   "</p>\n");
			map_quadrants(h, r, ph);
		}
		export__buf_puts(h->out, "</div>\n");
	}
	section_close(h);
}

static void appendix_maps(struct export_html *h, const struct export_report *r)
{
	appendix_open(h, r, "appendix-empathy-maps", EXPORT_APP_MAPS);
	export__html_prose(h, export__prose_maps_intro(&h->prose, r), "<p>", "</p>\n");
	for (size_t i = 0; i < r->nphases; i++) {
		const struct export_phase *ph = &r->phases[i];
		if (!export__map_in_appendix(r, ph))
			continue;
		export__buf_puts(h->out, "<div class=\"persona\">\n");
		persona_heading(h, ph);
		export__html_prose(h, export__prose_persona_intro(&h->prose, r, ph), "<p>",
		                   "</p>\n");
		map_quadrants(h, r, ph);
		export__buf_puts(h->out, "</div>\n");
	}
	section_close(h);
}

/* Geometry of the vote chart, in SVG user units (the SVG scales to the page width). */
#define CHART_W 680
#define CHART_ROW 42
#define CHART_TOP 8
#define CHART_BAR_W 600
#define CHART_LABEL_CHARS 90

/* A horizontal bar chart of the votes per direction, in ranked order. */
static void chart(struct export_html *h, const struct export_report *r)
{
	long max = 0;
	for (size_t i = 0; i < r->ndirs; i++)
		if (r->dirs[i].votes > max)
			max = r->dirs[i].votes;
	long height = CHART_TOP * 2 + (long)r->ndirs * CHART_ROW;
	export__buf_printf(h->out,
	                   "<figure class=\"chart\">\n<svg xmlns=\"http://www.w3.org/2000/svg\" "
	                   "viewBox=\"0 0 %d %ld\" width=\"%d\" height=\"%ld\" role=\"img\" "
	                   "aria-labelledby=\"chart-title\" font-family=\"DejaVu Sans, Liberation "
	                   "Sans, Arial, sans-serif\">\n<title id=\"chart-title\">",
	                   CHART_W, height, CHART_W, height);
	export__html_text(h, P(h, EXPORT_P_CHART_CAPTION), 0);
	export__buf_puts(h->out, "</title>\n");
	for (size_t i = 0; i < r->ndirs; i++) {
		const struct export_direction *d = r->ranked[i];
		long y = CHART_TOP + (long)i * CHART_ROW;
		long w = max > 0 ? d->votes * CHART_BAR_W / max : 0;
		export__buf_puts(h->out, "<g>\n<title>");
		export__html_text(h, d->title, 0);
		export__buf_puts(h->out, ": ");
		export__html_prose(h, export__prose_votes(&h->prose, r, d->votes), "", "");
		export__buf_printf(h->out,
		                   "</title>\n<text x=\"0\" y=\"%ld\" font-size=\"13\" fill=\"#1d1d1f\">"
		                   "%d. ", y + 13, d->rank);
		/* SVG text does not wrap: long titles are cut, the full one is in <title>. */
		export__buf_reset(&h->tmp);
		export__text_clean(&h->tmp, d->title);
		struct export_buf cut = EXPORT_BUF_INIT;
		if (!h->tmp.failed)
			export__truncate(&cut, h->tmp.data, CHART_LABEL_CHARS);
		if (cut.failed || h->tmp.failed)
			h->out->failed = 1;
		else
			export__html_escape(h->out, cut.data ? cut.data : "");
		export__buf_free(&cut);
		export__buf_printf(h->out,
		                   "</text>\n<rect x=\"0\" y=\"%ld\" width=\"%ld\" height=\"16\" rx=\"2\" "
		                   "fill=\"#1f5f86\"/>\n<text x=\"%ld\" y=\"%ld\" font-size=\"13\" "
		                   "font-weight=\"bold\" fill=\"#1f5f86\">%ld</text>\n</g>\n",
		                   y + 20, w, w + 8, y + 33, d->votes);
	}
	export__buf_puts(h->out, "</svg>\n<figcaption>");
	export__html_text(h, P(h, EXPORT_P_CHART_CAPTION), 0);
	export__buf_puts(h->out, "</figcaption>\n</figure>\n");
}

static void direction(struct export_html *h, const struct export_report *r,
                      const struct export_direction *d)
{
	export__buf_printf(h->out, "<article class=\"direction\">\n<h3><span class=\"rank\">%d.</span> ",
	                   d->rank);
	export__html_text(h, export__has_text(d->title) ? d->title : P(h, EXPORT_P_NONE_CELL), 0);
	export__buf_puts(h->out, "</h3>\n");
	if (export__has_text(d->description))
		export__html_paragraphs(h, d->description);
	else
		export__html_empty(h, EXPORT_P_NOT_ELABORATED);
	export__html_direction_notes(h, r, d);
	export__html_prose(h, export__prose_votes(&h->prose, r, d->votes), "<p class=\"votes\">",
	                   "</p>\n");
	export__buf_puts(h->out, "</article>\n");
}

static void directions(struct export_html *h, const struct export_report *r)
{
	section_open(h, r, "directions", 2, EXPORT_P_H_DIRECTIONS);
	export__html_prose(h, export__prose_directions_intro(&h->prose, r), "<p>", "</p>\n");
	if (r->ndirs > 0 && !h->word)
		chart(h, r);
	for (size_t i = 0; i < r->ndirs; i++)
		direction(h, r, r->ranked[i]);
	section_close(h);
}

static void summary(struct export_html *h, const struct export_report *r)
{
	section_open(h, r, "summary", 3, EXPORT_P_H_SUMMARY);
	if (export__summary_is_generated(r))
		export__html_prose(h, export__prose_generated_summary(&h->prose, r),
		                   "<p class=\"generated\">", "</p>\n");
	else
		export__html_paragraphs(h, r->summary);
	section_close(h);
}

static void appendix_bad(struct export_html *h, const struct export_report *r)
{
	appendix_open(h, r, "appendix-bad-ideas", EXPORT_APP_BAD);
	int any = 0;
	for (size_t i = 0; i < r->nnotes; i++) {
		const struct export_note *n = &r->notes[i];
		if (!export__note_is_bad_idea(n))
			continue;
		if (!any) {
			table_open(h, NULL);
			export__buf_printf(h->out, "<thead>%s", export__html_tr(h));
			export__html_th(h, EXPORT_P_COL_BAD_IDEA, 0);
			export__html_th(h, EXPORT_P_COL_ESSENCE, 0);
			export__html_th(h, EXPORT_P_COL_DIRECTION, 0);
			if (r->with_names)
				export__html_th(h, EXPORT_P_COL_AUTHOR, 0);
			export__buf_puts(h->out, "</tr></thead>\n<tbody>\n");
			any = 1;
		}
		export__buf_puts(h->out, export__html_tr(h));
		export__html_td(h, n->text);
		export__html_td(h, n->essence);
		export__html_td(h, n->dir ? n->dir->title : "");
		if (r->with_names)
			export__html_td(h, export__note_author(n));
		export__buf_puts(h->out, "</tr>\n");
	}
	if (any)
		export__buf_puts(h->out, "</tbody>\n</table>\n");
	else
		export__html_empty(h, EXPORT_P_NO_BAD_IDEAS);
	section_close(h);
}

static void appendix_ideal(struct export_html *h, const struct export_report *r)
{
	appendix_open(h, r, "appendix-ideal-ideas", EXPORT_APP_IDEAL);
	int phase_col;
	size_t ideas = export__ideas(r, &phase_col);
	if (ideas == 0) {
		export__html_empty(h, EXPORT_P_NO_IDEAL_IDEAS);
	} else {
		table_open(h, NULL);
		export__buf_printf(h->out, "<thead>%s", export__html_tr(h));
		export__html_th(h, EXPORT_P_COL_IDEA, 0);
		if (phase_col)
			export__html_th(h, EXPORT_P_COL_PHASE, 0);
		export__html_th(h, EXPORT_P_COL_DIRECTION, 0);
		if (r->with_names)
			export__html_th(h, EXPORT_P_COL_AUTHOR, 0);
		export__buf_puts(h->out, "</tr></thead>\n<tbody>\n");
		for (size_t i = 0; i < r->nnotes; i++) {
			const struct export_note *n = &r->notes[i];
			if (!export__note_is_idea(n))
				continue;
			export__buf_puts(h->out, export__html_tr(h));
			export__html_td(h, n->text);
			if (phase_col)
				export__html_td(h, n->phase ? n->phase->title : "");
			export__html_td(h, n->dir ? n->dir->title : "");
			if (r->with_names)
				export__html_td(h, export__note_author(n));
			export__buf_puts(h->out, "</tr>\n");
		}
		export__buf_puts(h->out, "</tbody>\n</table>\n");
	}
	section_close(h);
}

/* A vote table of this many rows or fewer is kept on one page. */
#define VOTES_SHORT_ROWS 12

static void appendix_votes(struct export_html *h, const struct export_report *r)
{
	appendix_open(h, r, "appendix-votes", EXPORT_APP_VOTES);
	if (r->ndirs == 0) {
		export__html_empty(h, EXPORT_P_NO_VOTES);
		section_close(h);
		return;
	}
	/* A short table stays on one page with its heading and introduction. */
	int keep = r->ndirs <= VOTES_SHORT_ROWS;
	if (keep)
		export__buf_puts(h->out, "<div class=\"keep\">\n");
	export__html_prose(h, export__prose_votes_intro(&h->prose, r), "<p>", "</p>\n");
	long unknown = export__votes_unknown(r);
	int detail = r->has_vote_detail;
	table_open(h, "votes-table votes-fixed");
	/* The rank narrow, the direction wide; the counts share the rest. */
	if (!h->word) {
		export__buf_puts(h->out, "<colgroup><col class=\"rank\"><col class=\"dir\">");
		for (size_t b = 0; detail && b < r->nbgs; b++)
			if (r->bgs[b].participants > 0)
				export__buf_puts(h->out, "<col>");
		if (detail && unknown)
			export__buf_puts(h->out, "<col>");
		export__buf_puts(h->out, "<col class=\"total\"></colgroup>\n");
	}
	export__buf_printf(h->out, "<thead>%s<th class=\"n\">#</th>", export__html_tr(h));
	export__html_th(h, EXPORT_P_COL_DIRECTION, 0);
	for (size_t b = 0; detail && b < r->nbgs; b++) {
		if (r->bgs[b].participants == 0)
			continue;
		export__buf_puts(h->out, "<th class=\"n bg\"><span>");
		export__html_text(h, export__bg_label(r, b), 0);
		export__buf_puts(h->out, "</span></th>");
	}
	if (detail && unknown)
		export__html_th(h, EXPORT_P_UNKNOWN_BACKGROUND, 1);
	export__html_th(h, EXPORT_P_COL_TOTAL, 1);
	export__buf_puts(h->out, "</tr></thead>\n<tbody>\n");
	export__html_vote_rows(h, r, unknown);
	if (keep)
		export__buf_puts(h->out, "</div>\n");
	section_close(h);
}

static void appendix_people(struct export_html *h, const struct export_report *r)
{
	appendix_open(h, r, "appendix-participants", EXPORT_APP_PEOPLE);
	table_open(h, NULL);
	export__buf_printf(h->out, "<thead>%s", export__html_tr(h));
	export__html_th(h, EXPORT_P_COL_NAME, 0);
	export__html_th(h, EXPORT_P_COL_BACKGROUND, 0);
	export__html_th(h, EXPORT_P_COL_ROLE, 0);
	export__buf_puts(h->out, "</tr></thead>\n<tbody>\n");
	for (size_t i = 0; i < r->npeople; i++) {
		const struct export_participant *p = &r->people[i];
		export__buf_puts(h->out, export__html_tr(h));
		export__html_td(h, p->name);
		export__html_td(h, p->facilitator ? "" : export__bg_label(r, p->bg));
		export__html_td(h, P(h, p->facilitator ? EXPORT_P_ROLE_FACILITATOR
		                                       : EXPORT_P_ROLE_PARTICIPANT));
		export__buf_puts(h->out, "</tr>\n");
	}
	export__buf_puts(h->out, "</tbody>\n</table>\n");
	section_close(h);
}

static int render(struct export_buf *b, const struct export_report *r, int word)
{
	struct export_html h = EXPORT_HTML_INIT(b, r->lang, word);
	head(&h, r);
	opening(&h, r);
	personas(&h, r);
	directions(&h, r);
	summary(&h, r);
	appendix_bad(&h, r);
	appendix_ideal(&h, r);
	appendix_votes(&h, r);
	if (r->maps_appendix)
		appendix_maps(&h, r);
	if (r->with_names)
		appendix_people(&h, r);
	export__buf_printf(b, "</%s>\n</body>\n</html>\n", word ? "div" : "main");
	return export__html_finish(&h);
}

int export__render_html(struct export_buf *b, const struct export_report *r)
{
	return render(b, r, 0);
}

int export__render_doc(struct export_buf *b, const struct export_report *r)
{
	return render(b, r, 1);
}

/* The print style sheet, shared with the cross-table report (export_event_html.c) so that
 * both print alike. */
const char *export__html_css(void)
{
	return css;
}
