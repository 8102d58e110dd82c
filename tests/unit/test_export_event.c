/* Tests of the cross-table report of an event (server/export/export_event*.c).
 *
 *   test_export_event                          runs every test
 *   TAFEL_UPDATE_GOLDEN=1 test_export_event    rewrites tests/export/golden/event-* first
 *   test_export_event --render FIXTURE FORMAT LANG
 *                                              prints one rendering to stdout; FIXTURE is a
 *                                              name in tests/export/fixtures/ or a path
 *
 * The ranking rule on its own (shares compared exactly, the tie rules, tables of different
 * sizes, a table that never voted), the fixture event (three tables of 4, 8 and 2 people,
 * the last without a vote) through every format, golden files in both languages, names
 * left out, bad documents refused, and hostile text escaped in every format. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "export/export_event_internal.h"
#include "export_test.h"

static char *render(const cJSON *doc, enum export_format f, const char *lang)
{
	struct export_options opt = { .format = f, .lang = lang };
	char *out = NULL;
	size_t len = 0;
	int rc = export_event_render(doc, &opt, &out, &len);
	if (rc != 0) {
		fprintf(stderr, "export_event_render: %d\n", rc);
		return NULL;
	}
	if (strlen(out) != len) {
		free(out);
		return NULL;
	}
	return out;
}

static int in_order(const char *s, const char *a, const char *b)
{
	const char *pa = strstr(s, a), *pb = strstr(s, b);
	return pa && pb && pa < pb;
}

static const enum export_format formats[] = { EXPORT_MD, EXPORT_HTML, EXPORT_JSON, EXPORT_CSV };
static const char *const langs[] = { "nl", "en" };

/* ---- the ranking rule ---- */

static struct export_event_table tabs[4];
static struct export_direction dirs[16];

static struct export_event_entry entry(size_t table, int dir, long votes, long dots, int own_rank)
{
	tabs[table].index = table;
	dirs[dir].rank = own_rank;
	snprintf(dirs[dir].id, sizeof dirs[dir].id, "%d", dir);
	return (struct export_event_entry){ &tabs[table], &dirs[dir], votes, dots, 0 };
}

/* The order of the entries' direction ids after ranking, as "a,b,c". */
static const char *order(struct export_event_entry *x, size_t n, char *out, size_t len)
{
	export__event_rank(x, n);
	out[0] = '\0';
	for (size_t i = 0; i < n; i++) {
		CHECK(x[i].rank == (int)i + 1, "rank numbers");
		snprintf(out + strlen(out), len - strlen(out), i ? ",%s" : "%s", x[i].dir->id);
	}
	return out;
}

static void test_ranking(void)
{
	char got[128];

	/* Tables of different sizes: 5 of 12 (41.7%) beats 9 of 24 (37.5%), although 9 > 5;
	 * 2 of 6 (33.3%) comes next. */
	struct export_event_entry a[] = { entry(1, 1, 9, 24, 1), entry(0, 2, 5, 12, 1),
	                                   entry(2, 3, 2, 6, 1) };
	CHECK(strcmp(order(a, 3, got, sizeof got), "2,1,3") == 0, "by share, not votes: %s", got);

	/* Equal shares (4 of 12, 8 of 24, 1 of 3, 3 of 9: all a third): more votes first. */
	struct export_event_entry b[] = { entry(0, 1, 4, 12, 1), entry(1, 2, 8, 24, 1),
	                                  entry(0, 3, 1, 3, 2), entry(2, 4, 3, 9, 1) };
	CHECK(strcmp(order(b, 4, got, sizeof got), "2,1,4,3") == 0, "ties: more votes: %s", got);

	/* Equal shares and votes: the earlier table first, whatever the input order. */
	struct export_event_entry c[] = { entry(2, 1, 3, 12, 1), entry(0, 2, 3, 12, 1),
	                                  entry(1, 3, 3, 12, 1) };
	CHECK(strcmp(order(c, 3, got, sizeof got), "2,3,1") == 0, "ties: table order: %s", got);

	/* Within one table, equal votes keep the table's own ranking (creation order). */
	struct export_event_entry d[] = { entry(0, 1, 2, 12, 3), entry(0, 2, 2, 12, 2),
	                                  entry(0, 3, 2, 12, 1) };
	CHECK(strcmp(order(d, 3, got, sizeof got), "3,2,1") == 0, "ties: own rank: %s", got);

	/* A table that never voted (0 dots): share 0, never a division by zero, ranked by the
	 * tie rules among the other shares of 0. Its directions here hold votes taken before
	 * the facilitator went back before the vote phase: they still count as share 0. */
	struct export_event_entry e[] = { entry(1, 1, 0, 0, 1), entry(1, 2, 4, 0, 2),
	                                  entry(0, 3, 0, 12, 2), entry(0, 4, 1, 12, 1),
	                                  entry(2, 5, 0, 6, 1) };
	CHECK(strcmp(order(e, 5, got, sizeof got), "4,2,3,1,5") == 0, "no vote: %s", got);
	CHECK(export__event_share(4, 0) == 0.0 && export__event_share(0, 0) == 0.0, "share 0");
	CHECK(export__event_share(5, 12) == 5.0 / 12.0, "share is votes / dots");

	/* Exact comparison: 1/3 and 2/6 are equal; 1/3 beats 333/1000. */
	CHECK(export__event_share_cmp(1, 3, 2, 6) == 0, "1/3 = 2/6");
	CHECK(export__event_share_cmp(1, 3, 333, 1000) < 0, "1/3 > 0.333");
	CHECK(export__event_share_cmp(0, 0, 0, 12) == 0, "0 of no dots = 0 of 12");
	CHECK(export__event_share_cmp(0, 0, 1, 500) > 0, "1 of 500 beats no vote");
}

static void test_numbers(void)
{
	struct export_event e;
	memset(&e, 0, sizeof e);
	struct {
		long v, d;
		const char *nl, *en;
	} cases[] = { { 5, 12, "41,7%", "41.7%" }, { 0, 0, "0,0%", "0.0%" }, { 2, 3, "66,7%", "66.7%" },
	              { 1, 8, "12,5%", "12.5%" }, { 12, 12, "100,0%", "100.0%" }, { 1, 2000, "0,1%", "0.1%" } };
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct export_buf b = EXPORT_BUF_INIT;
		e.lang = EXPORT_LANG_NL;
		export__event_percent(&b, &e, cases[i].v, cases[i].d);
		CHECK(strcmp(b.data, cases[i].nl) == 0, "%ld/%ld nl: %s", cases[i].v, cases[i].d, b.data);
		export__buf_reset(&b);
		e.lang = EXPORT_LANG_EN;
		export__event_percent(&b, &e, cases[i].v, cases[i].d);
		CHECK(strcmp(b.data, cases[i].en) == 0, "%ld/%ld en: %s", cases[i].v, cases[i].d, b.data);
		export__buf_free(&b);
	}
	struct export_buf b = EXPORT_BUF_INIT;
	export__event_dots(&b, &e, 5, 12);
	export__buf_puts(&b, "|");
	export__event_dots(&b, &e, 1, 1);
	e.lang = EXPORT_LANG_NL;
	export__buf_puts(&b, "|");
	export__event_dots(&b, &e, 5, 12);
	CHECK(strcmp(b.data, "5 of 12 dots|1 of 1 dot|5 van 12 stippen") == 0, "dots: %s", b.data);
	export__buf_reset(&b);
	export__event_number(&b, 5.0 / 12.0);
	export__buf_puts(&b, " ");
	export__event_number(&b, 0.25);
	export__buf_puts(&b, " ");
	export__event_number(&b, 0);
	CHECK(strcmp(b.data, "0.4166666666666667 0.25 0") == 0, "numbers: %s", b.data);
	export__buf_free(&b);
	char l[8];
	CHECK(strcmp(export__event_letter(0, l), "A") == 0 && strcmp(export__event_letter(25, l), "Z") == 0 &&
	      strcmp(export__event_letter(26, l), "AA") == 0 &&
	      strcmp(export__event_letter(49, l), "AX") == 0, "appendix letters");
}

/* ---- the fixture event ---- */

/* The fixture: Zaal Noord (4 people, 12 dots: 5, 4, 3, 0), Zaal Zuid (8 people, 24 dots:
 * 10, 8, 6), Zaal West (2 people, never voted). Expected ranking by the rule. */
static const struct {
	const char *table, *cluster, *title;
	long votes, dots;
} want_ranking[] = {
	{ "ZDX7RM", "21", "Bekwaamheidseisen voor OOP", 10, 24 }, /* 41.7%, 10 votes */
	{ "NRD4QK", "11", "Een visie op OOP per school", 5, 12 },  /* 41.7%, 5 votes */
	{ "ZDX7RM", "22", "Een eigen werkplek", 8, 24 },           /* 33.3% */
	{ "NRD4QK", "12", "Samen opleiden", 4, 12 },               /* 33.3% */
	{ "ZDX7RM", "23", "Een loopbaanpad", 6, 24 },              /* 25% */
	{ "NRD4QK", "13", "Vaste overlegmomenten", 3, 12 },        /* 25% */
	{ "NRD4QK", "14", "Een eigen budget", 0, 12 },             /* 0, table 1 */
	{ "WST3PH", "31", "Minder papierwerk", 0, 0 },             /* 0, table 3, no vote */
	{ "WST3PH", "32", "Een OOP-raad in elke school", 0, 0 },
};
#define NWANT (sizeof want_ranking / sizeof want_ranking[0])

static void test_fixture_json(void)
{
	cJSON *doc = load_fixture("event");
	char *json = doc ? render(doc, EXPORT_JSON, "nl") : NULL;
	cJSON *r = json ? cJSON_Parse(json) : NULL;
	CHECK(r != NULL, "the JSON parses");
	const cJSON *ev = cJSON_GetObjectItem(r, "event");
	CHECK(ev && strcmp(cJSON_GetObjectItem(ev, "code")->valuestring, "EVT9KP") == 0 &&
	      strcmp(cJSON_GetObjectItem(ev, "title")->valuestring, "Conferentiedag OOP") == 0,
	      "event");
	const cJSON *tables = cJSON_GetObjectItem(r, "tables");
	CHECK(cJSON_GetArraySize(tables) == 3, "three tables");
	/* Each table is its session report JSON, byte for byte what a session export gives. */
	const cJSON *t;
	int i = 0;
	cJSON_ArrayForEach(t, tables) {
		const cJSON *rep = cJSON_GetObjectItem(cJSON_GetArrayItem(cJSON_GetObjectItem(doc, "tables"), i),
		                                       "report");
		struct export_options opt = { .format = EXPORT_JSON, .lang = "nl" };
		char *own = NULL;
		size_t len;
		CHECK(export_render(rep, &opt, &own, &len) == 0, "the session export");
		cJSON *own_json = own ? cJSON_Parse(own) : NULL;
		CHECK(own_json && cJSON_Compare(own_json, t, 1), "table %d is its session's report JSON", i);
		CHECK(strcmp(cJSON_GetObjectItem(t, "report")->valuestring, "tafel-session-report") == 0,
		      "report kind");
		cJSON_Delete(own_json);
		free(own);
		i++;
	}
	const cJSON *ranking = cJSON_GetObjectItem(r, "ranking");
	CHECK(cJSON_GetArraySize(ranking) == (int)NWANT, "every direction of every table ranked");
	i = 0;
	const cJSON *x;
	cJSON_ArrayForEach(x, ranking) {
		if (i >= (int)NWANT)
			break;
		const char *table = cJSON_GetObjectItem(x, "table")->valuestring;
		const char *cluster = cJSON_GetObjectItem(x, "cluster")->valuestring;
		long votes = (long)cJSON_GetObjectItem(x, "votes")->valuedouble;
		long dots = (long)cJSON_GetObjectItem(x, "dots")->valuedouble;
		double share = cJSON_GetObjectItem(x, "share")->valuedouble;
		CHECK(strcmp(table, want_ranking[i].table) == 0 &&
		      strcmp(cluster, want_ranking[i].cluster) == 0 &&
		      strcmp(cJSON_GetObjectItem(x, "title")->valuestring, want_ranking[i].title) == 0 &&
		      votes == want_ranking[i].votes && dots == want_ranking[i].dots,
		      "ranking %d: %s %s %ld/%ld", i + 1, table, cluster, votes, dots);
		CHECK(share == (dots ? (double)votes / dots : 0.0), "share %d: %.17g", i + 1, share);
		CHECK(cJSON_GetObjectItem(x, "rank")->valueint == i + 1, "rank %d", i + 1);
		i++;
	}
	const cJSON *first = cJSON_GetArrayItem(ranking, 0);
	CHECK(strcmp(cJSON_GetObjectItem(first, "table_name")->valuestring, "Zaal Zuid") == 0,
	      "table_name");
	const cJSON *people = cJSON_GetObjectItem(ev, "participants");
	CHECK(cJSON_GetObjectItem(people, "total")->valueint == 14, "14 participants in all");
	cJSON_Delete(r);
	free(json);
	cJSON_Delete(doc);
}

static void test_fixture_shape(void)
{
	cJSON *doc = load_fixture("event");
	char *md = doc ? render(doc, EXPORT_MD, "nl") : NULL;
	char *en = doc ? render(doc, EXPORT_MD, "en") : NULL;
	CHECK(md && en, "render");
	if (!md || !en)
		goto out;
	/* The opening: title, date, tables, participants per background, problem. */
	CHECK(strstr(md, "# Conferentiedag OOP\n") == md, "title first");
	CHECK(strstr(md, "Op 12 maart 2025 vond “Conferentiedag OOP” plaats: 3 dialoogtafels met "
	                 "samen 14 deelnemers. Naar achtergrond: 6 OOP’ers, 3 leraren (OP), 3 "
	                 "schoolleiders en 2 medewerkers van raad of bond. De centrale "
	                 "probleemstelling was: Hoe kunnen we") != NULL, "opening paragraph");
	CHECK(strstr(en, "On 12 March 2025, “Conference day OOP”") == NULL &&
	      strstr(en, "On 12 March 2025, “Conferentiedag OOP” took place: 3 dialogue tables with "
	                 "14 participants in all.") != NULL, "English opening");
	/* The sections in the chapter's order. */
	CHECK(in_order(md, "## 1 Aandachtspunten per persona", "## 2 Belangrijkste oplossingsrichtingen") &&
	      in_order(md, "## 2 Belangrijkste", "## 3 Samenvattingen per tafel") &&
	      in_order(md, "## 3 Samenvattingen", "## Bijlage A Zaal Noord") &&
	      in_order(md, "## Bijlage A Zaal Noord", "## Bijlage B Zaal Zuid") &&
	      in_order(md, "## Bijlage B Zaal Zuid", "## Bijlage C Zaal West"), "sections in order");
	/* Per persona: each table's synthesis labelled, then what all tables noted. */
	CHECK(in_order(md, "### OOP’er", "#### Zaal Noord\n\nAan Zaal Noord kwam naar voren") &&
	      in_order(md, "#### Zaal Noord\n\nAan Zaal Noord", "#### Zaal Zuid\n\nZaal Zuid zag") &&
	      in_order(md, "#### Zaal Zuid\n\nZaal Zuid zag", "#### Zaal West\n\nAan deze tafel is geen "
	                                                      "synthese geschreven.") &&
	      in_order(md, "#### Zaal West", "#### Wat alle tafels noteerden"), "syntheses per table");
	CHECK(strstr(md, "Over de persona OOP’er noteerden de tafels samen 9 punten.") != NULL,
	      "points across tables");
	CHECK(strstr(md, "**Denkt.** Ik doe van alles, maar wat is eigenlijk mijn taak? Waar hoor ik "
	                 "eigenlijk bij? Ik wil meedenken.") != NULL, "a quadrant across tables");
	CHECK(strstr(md, "**Overig.** Zoekt een collega om mee te sparren.") != NULL, "other");
	CHECK(in_order(md, "### Schoolleider", "Voor de schoolleider hangt veel af"), "second persona");
	/* The ranking, with table, votes as "N of M dots", elaboration and ideas. */
	CHECK(strstr(md, "### 1. Bekwaamheidseisen voor OOP\n\nTafel: Zaal Zuid · Stemmen: 10 van 24 "
	                 "stippen (41,7%)\n\nVerken of eisen") != NULL, "first direction");
	CHECK(strstr(md, "### 2. Een visie op OOP per school\n\nTafel: Zaal Noord · Stemmen: 5 van 12 "
	                 "stippen (41,7%)") != NULL, "second direction");
	CHECK(strstr(en, "Table: Zaal Noord · Votes: 5 of 12 dots (41.7%)") != NULL, "English votes");
	CHECK(strstr(md, "### 8. Minder papierwerk\n\nTafel: Zaal West · Stemmen: 0 van 0 stippen "
	                 "(0,0%)\n\nDeze richting is niet verder uitgewerkt.") != NULL,
	      "a table without a vote");
	CHECK(strstr(md, "Aan Zaal West is niet gestemd") != NULL, "the unvoted table is named");
	CHECK(in_order(md, "### 4. Samen opleiden", "Essentie uit slechte ideeën:\n\n- Kijk opnieuw naar "
	                                            "wie wat doet in de klas"), "essences");
	CHECK(in_order(md, "### 2. Een visie", "Ideeën die deze richting dragen:\n\n- OOP in de visie "
	                                      "van de school"), "ideas");
	CHECK(strstr(md, "| 1 | Bekwaamheidseisen voor OOP | Zaal Zuid | 10 van 24 stippen | 41,7% |") !=
	      NULL, "the ranking table");
	/* Every table's summary, labelled; a table without one gets its generated summary. */
	CHECK(in_order(md, "## 3 Samenvattingen", "### Zaal Noord\n\nZaal Noord ziet de meeste kansen") &&
	      in_order(md, "### Zaal Noord\n\nZaal Noord ziet", "### Zaal Zuid\n\nDeze samenvatting is "
	                                                      "automatisch opgesteld"), "summaries");
	/* Appendices: participants per background and the vote table, per table. */
	CHECK(in_order(md, "## Bijlage B Zaal Zuid", "| OOP | 3 |") &&
	      in_order(md, "## Bijlage B Zaal Zuid", "| 1 | Bekwaamheidseisen voor OOP | 4 | 2 | 2 | 2 | 10 |"),
	      "appendix of Zaal Zuid");
	CHECK(strstr(md, "sessiecode ZDX7RM") != NULL, "the table's code, for its own report");
	CHECK(in_order(md, "## Bijlage C Zaal West", "### Stemmentabel\n\nAan deze tafel is niet "
	                                            "gestemd."), "the unvoted table's appendix");
out:
	free(md);
	free(en);
	cJSON_Delete(doc);
}

/* No participant's name in any format or language. */
static void test_no_names(void)
{
	cJSON *doc = load_fixture("event");
	if (!doc) {
		CHECK(0, "fixture");
		return;
	}
	static const char *const names[] = { "Anna de Vries", "Lucas Dekker", "Mila Bos",
	                                     "Gespreksleider", "Noah Smit", "Eva Mulder" };
	for (size_t f = 0; f < 4; f++)
		for (size_t l = 0; l < 2; l++) {
			char *out = render(doc, formats[f], langs[l]);
			CHECK(out != NULL, "render");
			for (size_t k = 0; out && k < sizeof names / sizeof names[0]; k++)
				CHECK(!strstr(out, names[k]), "%s in %s %s", names[k], export_extension(formats[f]),
				      langs[l]);
			free(out);
		}
	/* Even when the options ask for names. */
	struct export_options opt = { .format = EXPORT_MD, .lang = "en", .with_names = 1 };
	char *out = NULL;
	size_t len;
	CHECK(export_event_render(doc, &opt, &out, &len) == 0 && !strstr(out, "Anna"), "names option");
	free(out);
	cJSON_Delete(doc);
}

static void test_csv(void)
{
	cJSON *doc = load_fixture("event");
	char *csv = doc ? render(doc, EXPORT_CSV, "en") : NULL;
	CHECK(csv != NULL, "render");
	if (csv) {
		CHECK(strncmp(csv, "table,direction,votes,dots,share,description\r\n", 46) == 0, "header");
		CHECK(count_of(csv, "\r\n") == 1 + NWANT, "one row per direction");
		CHECK(strstr(csv, "\r\nZaal Zuid,Bekwaamheidseisen voor OOP,10,24,0.4166666666666667,"
		                  "Verken of eisen voor OOP’ers een toegevoegde waarde hebben.\r\n") != NULL,
		      "first row");
		CHECK(strstr(csv, "\r\nZaal West,Minder papierwerk,0,0,0,\r\n") != NULL,
		      "a table without a vote");
		CHECK(strstr(csv, "\"Elke school legt vast dat OOP’ers onmisbaar zijn.\n\nDe schoolleiding") != NULL,
		      "a multi-line description is quoted");
	}
	free(csv);
	cJSON_Delete(doc);
}

static void test_invalid(void)
{
	struct export_options opt = { .format = EXPORT_JSON };
	char *out = (char *)1;
	size_t len;
	cJSON *doc = cJSON_Parse("{\"event\":{\"code\":\"X\"},\"tables\":{}}");
	CHECK(export_event_render(doc, &opt, &out, &len) == EXPORT_EINVAL && out == NULL,
	      "tables not an array");
	cJSON_Delete(doc);
	doc = cJSON_Parse("{\"event\":{\"code\":\"X\"},\"tables\":[{\"code\":\"A\",\"name\":\"A\"}]}");
	CHECK(export_event_render(doc, &opt, &out, &len) == EXPORT_EINVAL, "a table without report");
	cJSON_Delete(doc);
	doc = cJSON_Parse("{\"event\":{\"code\":\"X\"},\"tables\":[{\"code\":\"A\",\"report\":"
	                  "{\"session\":{},\"clusters\":[{\"id\":\"1\",\"votes\":-1}]}}]}");
	CHECK(export_event_render(doc, &opt, &out, &len) == EXPORT_EINVAL, "a bad table report");
	cJSON_Delete(doc);
	doc = cJSON_Parse("{\"tables\":[]}");
	CHECK(export_event_render(doc, &opt, &out, &len) == EXPORT_EINVAL, "no event");
	cJSON_Delete(doc);
	CHECK(export_event_render(NULL, &opt, &out, &len) == EXPORT_EINVAL, "no document");

	/* An event without tables renders, in every format; it says there is nothing. */
	doc = cJSON_Parse("{\"event\":{\"code\":\"EMPTY1\",\"title\":\"Leeg\",\"language\":\"nl\"},"
	                  "\"tables\":[]}");
	for (size_t f = 0; f < 4; f++) {
		opt.format = formats[f];
		CHECK(export_event_render(doc, &opt, &out, &len) == 0, "no tables: %s",
		      export_extension(formats[f]));
		if (formats[f] == EXPORT_MD)
			CHECK(strstr(out, "Aan geen van de tafels zijn oplossingsrichtingen") != NULL, "says so");
		free(out);
	}
	opt.format = EXPORT_DOC;
	CHECK(export_event_render(doc, &opt, &out, &len) == EXPORT_EINVAL, "doc is not a format here");
	opt.format = EXPORT_MD;
	opt.lang = "de";
	CHECK(export_event_render(doc, &opt, &out, &len) == EXPORT_EINVAL, "language");
	cJSON_Delete(doc);
}

/* ---- hostile text: a table's hostile report, a hostile event title and table name ---- */

static cJSON *hostile_event(void)
{
	cJSON *rep = load_fixture("hostile");
	cJSON *doc = cJSON_Parse("{\"event\":{\"code\":\"HSTL01\",\"title\":\"<script>alert('ev')</script> "
	                         "*em* [x](https://evil.example) =1+1\",\"language\":\"en\","
	                         "\"created_at\":1741780800000,\"exported_at\":1741953600000},"
	                         "\"tables\":[{\"code\":\"HSTL02\",\"name\":\"=HYPERLINK(\\\"http://x\\\")"
	                         " <img src=x onerror=alert(2)> # | `t`\"}]}");
	if (!rep || !doc) {
		cJSON_Delete(rep);
		cJSON_Delete(doc);
		return NULL;
	}
	cJSON_AddItemToObject(cJSON_GetArrayItem(cJSON_GetObjectItem(doc, "tables"), 0), "report", rep);
	return doc;
}

static void test_hostile(void)
{
	cJSON *doc = hostile_event();
	CHECK(doc != NULL, "hostile event");
	if (!doc)
		return;
	char *html = render(doc, EXPORT_HTML, "en");
	CHECK(html && !strstr(html, "<script") && !strstr(html, "<img") && !strstr(html, "<b>") &&
	      !strstr(html, "<i>") && !strstr(html, "href=") && !strstr(html, "src=\""),
	      "no injected element in the HTML");
	CHECK(html && strstr(html, "&lt;script&gt;alert(&#39;ev&#39;)&lt;/script&gt;") &&
	      strstr(html, "&lt;img src=x onerror=alert(2)&gt;"), "event title and table name escaped");
	free(html);

	char *md = render(doc, EXPORT_MD, "en");
	CHECK(md != NULL, "md");
	for (const char *c = "<[]`$&~"; md && *c; c++) {
		size_t bad = 0;
		for (const char *p = md; (p = strchr(p, *c)); p++)
			bad += p == md || p[-1] != '\\';
		CHECK(bad == 0, "unescaped %c in the Markdown: %zu", *c, bad);
	}
	CHECK(md && !strstr(md, "https://") && strstr(md, "\\*em\\*"), "no links or emphasis");
	/* Every line starts with our syntax or plain text. */
	for (const char *p = md; p && *p;) {
		const char *eol = strchr(p, '\n');
		CHECK(!strchr("><+=`~ \t", p[0]) || p[0] == '\0', "line starts with block syntax: %.40s", p);
		p = eol ? eol + 1 : p + strlen(p);
	}
	free(md);

	char *csv = render(doc, EXPORT_CSV, "en");
	CHECK(csv && strstr(csv, "\r\n\"'=HYPERLINK(\"\"http://x\"\") <img") != NULL,
	      "the table name cannot start a formula: %s", csv ? csv : "");
	/* No field starts a formula, and every row has the header's six fields. */
	size_t fields = 0, rows = 0;
	for (const char *p = csv; p && *p;) {
		const char *start = p;
		if (*p == '"') {
			for (p++; *p && !(p[0] == '"' && p[1] != '"'); p += p[0] == '"' ? 2 : 1)
				;
			start++;
			if (*p)
				p++;
		} else {
			while (*p && *p != ',' && *p != '\r')
				p++;
		}
		CHECK(!strchr("=+-@\t", *start) || start == p, "a field starts a formula: %.30s", start);
		fields++;
		if (*p == ',') {
			p++;
		} else if (*p == '\r') {
			CHECK(fields == 6, "row %zu has %zu fields", rows, fields);
			fields = 0;
			rows++;
			p += p[1] == '\n' ? 2 : 1;
		}
	}
	CHECK(rows == 1 + 2, "header and two directions: %zu", rows);
	free(csv);

	char *json = render(doc, EXPORT_JSON, "en");
	cJSON *back = json ? cJSON_Parse(json) : NULL;
	const cJSON *title = cJSON_GetObjectItem(cJSON_GetObjectItem(back, "event"), "title");
	CHECK(cJSON_IsString(title) && strncmp(title->valuestring, "<script>", 8) == 0,
	      "the JSON keeps the text as data");
	cJSON_Delete(back);
	free(json);
	cJSON_Delete(doc);
}

/* ---- golden files ---- */

static void test_golden(void)
{
	int update = golden_update();
	cJSON *doc = load_fixture("event");
	CHECK(doc != NULL, "fixture");
	for (size_t l = 0; doc && l < 2; l++)
		for (size_t f = 0; f < 4; f++) {
			char path[4096];
			snprintf(path, sizeof path, "%s/tests/export/golden/event-%s.%s", source_dir(), langs[l],
			         export_extension(formats[f]));
			char *got = render(doc, formats[f], langs[l]);
			CHECK(got != NULL, "render %s", path);
			if (!got)
				continue;
			golden_check(path, got, update, "test_export_event");
			free(got);
		}
	cJSON_Delete(doc);
}

static int render_main(int argc, char **argv)
{
	enum export_format f;
	if (argc < 5 || export_format_parse(argv[3], &f)) {
		fprintf(stderr, "usage: test_export_event --render FIXTURE md|html|json|csv nl|en|-\n");
		return 2;
	}
	cJSON *doc = strcmp(argv[2], "hostile") == 0 ? hostile_event() : load_fixture(argv[2]);
	char *out = doc ? render(doc, f, strcmp(argv[4], "-") == 0 ? NULL : argv[4]) : NULL;
	cJSON_Delete(doc);
	if (!out)
		return 1;
	fputs(out, stdout);
	free(out);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "--render") == 0)
		return render_main(argc, argv);
	test_ranking();
	test_numbers();
	test_golden();
	test_fixture_json();
	test_fixture_shape();
	test_no_names();
	test_csv();
	test_invalid();
	test_hostile();
	return check_report();
}
