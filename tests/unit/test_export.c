/* Tests of the export module (server/export/).
 *
 *   test_export                                    runs every test
 *   TAFEL_UPDATE_GOLDEN=1 test_export              rewrites tests/export/golden/ first
 *   test_export --render FIXTURE FORMAT LANG [--names] [--chapter N]
 *                                                  prints one rendering to stdout; FIXTURE is
 *                                                  a name in tests/export/fixtures/ or a path
 *
 * The golden files pin the whole report: a change to its shape shows up as a diff under
 * tests/export/golden/ in review. The model test replays the dialogue table of the
 * reference report and checks that the Markdown has the structure of its chapter 6. The
 * escaping tests feed hostile text to every format; when cmark-gfm is installed, the
 * Markdown is also rendered to HTML to prove that no injected element comes out. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "export/export_internal.h"
#include "export_test.h"

/* ---- helpers -------------------------------------------------------------------------------- */

static char *render_ch(const cJSON *doc, enum export_format f, const char *lang, int names,
                       int chapter)
{
	struct export_options opt = { .format = f, .lang = lang, .with_names = names,
	                              .chapter = chapter };
	char *out = NULL;
	size_t len = 0;
	int rc = export_render(doc, &opt, &out, &len);
	if (rc != 0) {
		fprintf(stderr, "export_render failed: %d\n", rc);
		return NULL;
	}
	if (strlen(out) != len) {
		fprintf(stderr, "export_render: length %zu, strlen %zu\n", len, strlen(out));
		free(out);
		return NULL;
	}
	return out;
}

static char *render(const cJSON *doc, enum export_format f, const char *lang, int names)
{
	return render_ch(doc, f, lang, names, 0);
}

static const enum export_format all_formats[] = { EXPORT_MD, EXPORT_HTML, EXPORT_JSON, EXPORT_CSV,
                                                  EXPORT_DOC };
#define NFORMATS (sizeof all_formats / sizeof all_formats[0])
static const char *const all_langs[] = { "nl", "en" };

/* Whether `a` occurs before `b` in s, both present. */
static int in_order(const char *s, const char *a, const char *b)
{
	const char *x = strstr(s, a);
	const char *y = x ? strstr(x + strlen(a), b) : NULL;
	return x && y;
}

/* Whether `needle` occurs between the first `a` and the `b` after it. */
static int between_has(const char *s, const char *a, const char *b, const char *needle)
{
	const char *x = strstr(s, a);
	const char *y = x ? strstr(x, b) : NULL;
	const char *n = x ? strstr(x, needle) : NULL;
	return x && n && (!y || n < y);
}

/* Lines of s that start with `prefix`. */
static size_t lines_starting(const char *s, const char *prefix)
{
	size_t n = 0, k = strlen(prefix);
	for (const char *p = s; p && *p;) {
		if (strncmp(p, prefix, k) == 0)
			n++;
		p = strchr(p, '\n');
		if (p)
			p++;
	}
	return n;
}

/* ---- the public API --------------------------------------------------------------------- */

static void test_api(void)
{
	enum export_format f;
	CHECK(export_format_parse("md", &f) == 0 && f == EXPORT_MD, "md");
	CHECK(export_format_parse("html", &f) == 0 && f == EXPORT_HTML, "html");
	CHECK(export_format_parse("json", &f) == 0 && f == EXPORT_JSON, "json");
	CHECK(export_format_parse("csv", &f) == 0 && f == EXPORT_CSV, "csv");
	CHECK(export_format_parse("doc", &f) == 0 && f == EXPORT_DOC, "doc");
	CHECK(strcmp(export_content_type(EXPORT_DOC), "application/msword") == 0, "doc type");
	CHECK(strcmp(export_extension(EXPORT_DOC), "doc") == 0, "doc ext");
	CHECK(export_format_parse("pdf", &f) == EXPORT_EINVAL, "pdf");
	CHECK(export_format_parse(NULL, &f) == EXPORT_EINVAL, "NULL");
	CHECK(strcmp(export_content_type(EXPORT_MD), "text/markdown; charset=utf-8") == 0, "md type");
	CHECK(strcmp(export_content_type(EXPORT_HTML), "text/html; charset=utf-8") == 0, "html type");
	CHECK(strcmp(export_content_type(EXPORT_JSON), "application/json; charset=utf-8") == 0, "json");
	CHECK(strcmp(export_content_type(EXPORT_CSV), "text/csv; charset=utf-8") == 0, "csv type");
	CHECK(strcmp(export_extension(EXPORT_HTML), "html") == 0, "html ext");
	CHECK(strcmp(export_extension(EXPORT_CSV), "csv") == 0, "csv ext");

	/* Every phrase exists in both languages. */
	for (int p = 0; p < EXPORT_P_COUNT; p++) {
		CHECK(export__phrase(EXPORT_LANG_NL, (enum export_phrase)p)[0] != '\0', "nl phrase %d", p);
		CHECK(export__phrase(EXPORT_LANG_EN, (enum export_phrase)p)[0] != '\0', "en phrase %d", p);
	}
}

static void test_invalid(void)
{
	struct export_options opt = { .format = EXPORT_MD };
	char *out = (char *)1;
	size_t len = 7;
	cJSON *arr = cJSON_CreateArray();
	CHECK(export_render(arr, &opt, &out, &len) == EXPORT_EINVAL, "array document");
	CHECK(out == NULL && len == 0, "out cleared");
	cJSON_Delete(arr);

	const char *bad[] = {
		"{}",                                                         /* no session */
		"{\"session\":[]}",
		"{\"session\":{\"title\":5}}",
		"{\"session\":{},\"notes\":{}}",
		"{\"session\":{},\"notes\":[1]}",
		"{\"session\":{},\"notes\":[{\"text\":[]}]}",
		"{\"session\":{},\"clusters\":[{\"id\":\"1\",\"votes\":-1}]}",
		"{\"session\":{},\"clusters\":[{\"id\":{}}]}",
		"{\"session\":{\"context\":[1]}}",
		"{\"session\":{},\"phase_log\":[{\"started_at\":\"x\"}]}",
		"{\"session\":{},\"timezone_offset_minutes\":100000}",
		("{\"session\":{},\"participants\":[{\"id\":\"0123456789012345678901234567890123456789"
		 "0123456789012345678901234567890123456789\"}]}"),
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		cJSON *doc = cJSON_Parse(bad[i]);
		out = (char *)1;
		CHECK(doc && export_render(doc, &opt, &out, &len) == EXPORT_EINVAL && out == NULL,
		      "bad document %zu: %s", i, bad[i]);
		cJSON_Delete(doc);
	}

	/* A minimal document renders in every format. */
	cJSON *min = cJSON_Parse("{\"session\":{}}");
	for (size_t f = 0; f < NFORMATS; f++) {
		char *s = render(min, all_formats[f], NULL, 0);
		CHECK(s != NULL && s[0] != '\0', "minimal document, format %zu", f);
		free(s);
	}
	opt.lang = "de";
	CHECK(export_render(min, &opt, &out, &len) == EXPORT_EINVAL, "unknown language");
	opt.lang = "en";
	opt.format = (enum export_format)42;
	CHECK(export_render(min, &opt, &out, &len) == EXPORT_EINVAL, "unknown format");
	CHECK(export_render(min, NULL, &out, &len) == EXPORT_EINVAL, "no options");
	opt.format = EXPORT_MD;
	opt.chapter = EXPORT_CHAPTER_MAX + 1;
	CHECK(export_render(min, &opt, &out, &len) == EXPORT_EINVAL, "chapter too high");
	opt.chapter = -1;
	CHECK(export_render(min, &opt, &out, &len) == EXPORT_EINVAL, "negative chapter");
	opt.chapter = 0;
	const char *bad_fields[] = {
		"{\"session\":{},\"method\":5}",
		"{\"session\":{},\"method\":{\"nl\":5}}",
		"{\"session\":{},\"backgrounds_plural\":[]}",
		"{\"session\":{},\"backgrounds\":[\"A\"],\"backgrounds_plural\":{\"A\":1}}",
		"{\"session\":{},\"personas\":[{\"id\":\"p\",\"synthesis\":[]}]}",
	};
	for (size_t i = 0; i < sizeof bad_fields / sizeof bad_fields[0]; i++) {
		cJSON *doc = cJSON_Parse(bad_fields[i]);
		CHECK(doc && export_render(doc, &opt, &out, &len) == EXPORT_EINVAL, "bad %s",
		      bad_fields[i]);
		cJSON_Delete(doc);
	}
	cJSON_Delete(min);
}

/* ---- time ------------------------------------------------------------------------------- */

static void expect_local(int64_t ms, const struct export_zone *z, const char *want)
{
	struct export_time t;
	struct export_buf b = EXPORT_BUF_INIT;
	export__local_time(ms, z, &t);
	export__fmt_iso(&b, &t);
	CHECK(b.data && strcmp(b.data, want) == 0, "%lld: got %s, want %s", (long long)ms,
	      b.data ? b.data : "(null)", want);
	export__buf_free(&b);
}

static void test_time(void)
{
	struct export_zone ams = { EXPORT_ZONE_AMSTERDAM, 0 }, utc = { EXPORT_ZONE_UTC, 0 },
	                   ist = { EXPORT_ZONE_FIXED, 330 };
	/* 2025: summer time from 30 March 01:00 UTC to 26 October 01:00 UTC. */
	expect_local(1743296399000LL, &ams, "2025-03-30T01:59+01:00");
	expect_local(1743296400000LL, &ams, "2025-03-30T03:00+02:00");
	expect_local(1761440399000LL, &ams, "2025-10-26T02:59+02:00");
	expect_local(1761440400000LL, &ams, "2025-10-26T02:00+01:00");
	expect_local(1741780800000LL, &ams, "2025-03-12T13:00+01:00");
	expect_local(1741780800000LL, &utc, "2025-03-12T12:00Z");
	expect_local(1741780800000LL, &ist, "2025-03-12T17:30+05:30");
	expect_local(951782400000LL, &utc, "2000-02-29T00:00Z");
	expect_local(-1000LL, &utc, "1969-12-31T23:59Z");

	struct { long min; const char *nl, *en; } d[] = {
		{ 0, "0 minuten", "0 minutes" },
		{ 1, "1 minuut", "1 minute" },
		{ 45, "45 minuten", "45 minutes" },
		{ 60, "1 uur", "1 hour" },
		{ 61, "1 uur en 1 minuut", "1 hour and 1 minute" },
		{ 125, "2 uur en 5 minuten", "2 hours and 5 minutes" },
	};
	for (size_t i = 0; i < sizeof d / sizeof d[0]; i++) {
		struct export_buf a = EXPORT_BUF_INIT, b = EXPORT_BUF_INIT;
		export__fmt_duration(&a, EXPORT_LANG_NL, d[i].min);
		export__fmt_duration(&b, EXPORT_LANG_EN, d[i].min);
		CHECK(a.data && strcmp(a.data, d[i].nl) == 0, "nl %ld: %s", d[i].min, a.data);
		CHECK(b.data && strcmp(b.data, d[i].en) == 0, "en %ld: %s", d[i].min, b.data);
		export__buf_free(&a);
		export__buf_free(&b);
	}
}

/* ---- ranking ------------------------------------------------------------------------------ */

static void test_ranking(void)
{
	/* Created in the order A, B, C, D, E; votes 2, 3, 2, 3, 0. Equal votes keep creation
	 * order: B, D, A, C, E. votes[] fills in the total of a cluster without one. */
	cJSON *doc = cJSON_Parse(
		"{\"session\":{\"language\":\"en\"},"
		"\"participants\":[{\"id\":\"1\",\"background\":\"X\",\"role\":\"participant\"}],"
		"\"clusters\":[{\"id\":\"1\",\"title\":\"A\",\"votes\":2},{\"id\":\"2\",\"title\":\"B\","
		"\"votes\":3},{\"id\":\"3\",\"title\":\"C\"},{\"id\":4,\"title\":\"D\",\"votes\":3},"
		"{\"id\":\"5\",\"title\":\"E\",\"votes\":0}],"
		"\"votes\":[{\"participant\":\"1\",\"cluster\":\"3\",\"n\":2},"
		"{\"participant\":1,\"cluster\":\"1\",\"n\":2}]}");
	struct export_options opt = { .format = EXPORT_MD };
	struct export_report r;
	CHECK(doc && export__report_load(&r, doc, &opt) == 0, "load");
	const char *want = "BDACE";
	for (size_t i = 0; i < 5 && i < r.ndirs; i++) {
		CHECK(r.ranked[i]->title[0] == want[i], "rank %zu: %s", i + 1, r.ranked[i]->title);
		CHECK(r.ranked[i]->rank == (int)i + 1, "rank number %zu", i);
	}
	CHECK(r.ndirs == 5 && r.votes_total == 10, "total %ld", r.votes_total);
	CHECK(r.ndirs == 5 && r.dirs[0].by_bg[0] == 2 && r.dirs[2].by_bg[0] == 2, "by background");
	export__report_free(&r);

	char *md = render(doc, EXPORT_MD, "en", 0);
	CHECK(md && in_order(md, "### 1. B", "### 2. D") && in_order(md, "### 2. D", "### 3. A") &&
	      in_order(md, "### 3. A", "### 4. C") && in_order(md, "### 4. C", "### 5. E"),
	      "ranked headings");
	CHECK(md && strstr(md, "where votes are equal, the direction that was created first comes "
	                       "first"), "the tie rule is stated");
	free(md);
	cJSON_Delete(doc);
}

/* ---- golden files ------------------------------------------------------------------------- */

static void golden(const char *fixture, const char *variant, int names, const char *lang,
                   enum export_format f, const cJSON *doc, int update)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/tests/export/golden/%s.%s.%s", source_dir(), variant, lang,
	         export_extension(f));
	char *got = render(doc, f, lang, names);
	if (!got) {
		CHECK(0, "render %s %s %s", fixture, lang, export_extension(f));
		return;
	}
	golden_check(path, got, update, "test_export");
	free(got);
}

static void test_golden(void)
{
	int update = golden_update();
	if (update) {
		char dir[4096];
		snprintf(dir, sizeof dir, "%s/tests/export/golden", source_dir());
		mkdir(dir, 0755);
		fprintf(stderr, "test_export: rewriting golden files in %s\n", dir);
	}
	static const char *const fixtures[] = { "script", "model", "hostile" };
	for (size_t x = 0; x < 3; x++) {
		cJSON *doc = load_fixture(fixtures[x]);
		CHECK(doc != NULL, "fixture %s", fixtures[x]);
		if (!doc)
			continue;
		for (size_t l = 0; l < 2; l++)
			for (size_t f = 0; f < NFORMATS; f++)
				golden(fixtures[x], fixtures[x], 0, all_langs[l], all_formats[f], doc, update);
		if (x == 0) /* the option that lets names in, once per format */
			for (size_t f = 0; f < NFORMATS; f++)
				golden(fixtures[x], "script-names", 1, "en", all_formats[f], doc, update);
		cJSON_Delete(doc);
	}
}

/* ---- the model dialogue table: the shape of chapter 6 ------------------------------------- */

static void test_model_chapter(void)
{
	cJSON *doc = load_fixture("model");
	char *md = doc ? render(doc, EXPORT_MD, NULL, 0) : NULL; /* the session's language: nl */
	CHECK(md != NULL, "render model");
	if (!md) {
		cJSON_Delete(doc);
		return;
	}
	/* The title, then the opening paragraph: when, how long, who (counts), the problem. */
	CHECK(strncmp(md, "# Inzet van OOP in po en vo\n", 28) == 0, "title first");
	CHECK(strstr(md, "\n\nOp 12 maart 2025 vond van 13:00 tot 15:05 uur (Nederlandse tijd) een "
	                 "dialoogtafel plaats van 2 uur en 5 minuten, met 8 deelnemers: 3 OOP’ers, 2 "
	                 "leraren (OP), 2 schoolleiders en 1 raad of bond. De centrale "
	                 "probleemstelling was: Hoe "
	                 "kunnen we ervoor zorgen dat OOP’ers duurzaam ingezet worden"),
	      "opening paragraph");
	CHECK(strstr(md, "1. Er is vaak geen duidelijkheid over het takenpakket") &&
	      strstr(md, "4. Scholen hebben niet de financiële ruimte"), "the four context points");

	/* The method text of the template, after the opening and before the context. */
	CHECK(in_order(md, "De centrale probleemstelling was", "werkte met design thinking") &&
	      in_order(md, "werkte met design thinking", "1. Er is vaak geen duidelijkheid"),
	      "method paragraph");

	/* The sections of the chapter, in its order: each persona opens with the synthesis as
	 * prose, and its notes follow in appendix D. */
	const char *order[] = {
		"\n## 1 Aandachtspunten per persona\n",
		"\n### OOP’er\n\nDeelnemers bespraken gezamenlijk wat een OOP’er denkt",
		"\n\nOOP’ers kunnen volgens deelnemers door de huidige situatie",
		"\n\nDeze synthese van de gespreksleider steunt op de 10 punten die de tafel over de "
		"persona noteerde; ze staan letterlijk in bijlage D.\n",
		"\n### Schoolleider\n\nAls schoolleiders weinig financiële ruimte hebben",
		"op de 8 punten",
		"\n## 2 Belangrijkste oplossingsrichtingen\n",
		("\n### 1. Een helder BCP (beroepscompetentieprofiel) voor leraren, dat ook kan worden "
		 "ingezet om duidelijkheid te scheppen als het gaat om de verhouding tussen leraar en OOP\n"),
		"\n### 2. Elke school/bestuur heeft een visie op OOP\n",
		"\n### 3. Focus op interprofessioneel samenwerken\n",
		"\n## 3 Samenvatting\n",
		"\n## Bijlage A Slechte ideeën en hun essentie\n",
		"\n## Bijlage B Ideale ideeën\n",
		"\n## Bijlage C Stemmentabel\n",
		"\n## Bijlage D Empathy maps\n",
		"\n### OOP’er\n",
		"\n**Denkt.** ", "\n**Voelt.** ", "\n**Zegt.** ", "\n**Doet.** ",
		"\n### Schoolleider\n",
		"\n**Denkt.** ", "\n**Voelt.** ", "\n**Zegt.** ", "\n**Doet.** ",
	};
	const char *p = md;
	for (size_t i = 0; i < sizeof order / sizeof order[0]; i++) {
		const char *q = strstr(p, order[i]);
		CHECK(q != NULL, "section in order: %s", order[i]);
		if (q)
			p = q + strlen(order[i]);
	}
	CHECK(lines_starting(md, "# ") == 1, "one title");
	CHECK(lines_starting(md, "## ") == 7, "three sections and four appendices");
	CHECK(lines_starting(md, "### ") == 7, "two personas, three directions, two maps");

	/* The persona points sit under their persona, in the appendix. */
	CHECK(in_order(md, "## Bijlage D", "### OOP’er") &&
	      in_order(md, "## Bijlage D", "Ik sta er alleen voor: weinig collega’s in dezelfde positie") &&
	      in_order(md, "Ik sta er alleen voor", "### Schoolleider"), "OOP’er point");
	CHECK(in_order(md, "## Bijlage D", "Of er financiële ruimte voor doorgroei komt, hangt "
	                                   "sterk van mij af.") &&
	      in_order(md, "### Schoolleider\n\nOver de persona", "hangt sterk van mij af"),
	      "school leader point");
	CHECK(!between_has(md, "## 1 Aandachtspunten", "## 2 Belangrijkste", "**Denkt.**"),
	      "no quadrants in section 1");

	/* Each direction: its elaboration paragraphs as in the chapter, the ideas under it, the
	 * essences of bad ideas, its votes; in ranked order. */
	CHECK(in_order(md, "### 1. Een helder BCP", "Het zou volgens deelnemers goed zijn als bij het BCP"),
	      "direction 1 elaboration");
	CHECK(in_order(md, "### 2. Elke school", "Elke school/bestuur zou volgens deelnemers kunnen "
	                                         "starten") &&
	      in_order(md, "letterlijk en figuurlijk.", "\n\nOOP’ers zouden, volgens de deelnemers") &&
	      strstr(md, "ouderbijeenkomsten toebedeeld kunnen krijgen.\n\nHet einddoel zou dan zijn"),
	      "direction 2: four paragraphs");
	CHECK(in_order(md, "### 3. Focus", "Al in de opleidingen, zowel voor leraren als voor OOP") &&
	      in_order(md, "Al in de opleidingen", "\n\nTot slot geven de deelnemers aan"),
	      "direction 3 elaboration");
	CHECK(in_order(md, "### 1. Een helder BCP", "Ideeën die deze richting dragen:\n\n- Een actueel "
	                                            "beroepscompetentieprofiel") &&
	      in_order(md, "- Een actueel beroepscompetentieprofiel",
	               "Essentie uit slechte ideeën:\n\n- Leg vast welke taken bij welke functie horen") &&
	      in_order(md, "- Leg vast welke taken", "Stemmen: 9\n") &&
	      in_order(md, "Stemmen: 9\n", "### 2. Elke school"), "direction 1 lists and votes");
	CHECK(in_order(md, "### 2. Elke school", "Stemmen: 8\n") &&
	      in_order(md, "### 3. Focus", "Stemmen: 7\n"), "votes of 2 and 3");
	CHECK(in_order(md, "## 3 Samenvatting\n\nIn dit laatste hoofdstuk is beschreven",
	               "\n\nAllereerst zou de actualisering"), "the facilitator's summary");
	CHECK(!strstr(md, "automatisch opgesteld"), "a written summary is not replaced");
	CHECK(strstr(md, "| 1 | Een helder BCP") && strstr(md, "| **Totaal** | 9 | 6 | 6 | 3 | 24 |"),
	      "vote table with totals by background");

	/* The English report has the same shape. */
	char *en = render(doc, EXPORT_MD, "en", 0);
	CHECK(en && strstr(en, "On 12 March 2025, from 13:00 to 15:05 (Amsterdam time), a dialogue "
	                       "table took place that lasted 2 hours and 5 minutes, with 8 "
	                       "participants: 3 OOP’ers, 2 leraren (OP), 2 schoolleiders and 1 raad of bond."),
	      "English opening");
	CHECK(en && in_order(en, "## 1 Points of attention per persona", "## 2 Main solution directions") &&
	      in_order(en, "## 2 Main solution directions", "## 3 Summary") &&
	      in_order(en, "## 3 Summary", "## Appendix C Vote table") &&
	      in_order(en, "## Appendix C Vote table", "## Appendix D Empathy maps"), "English sections");
	CHECK(en && strstr(en, "design thinking: a design method"), "English method text");
	free(en);
	free(md);
	cJSON_Delete(doc);
}

static void test_generated_summary(void)
{
	cJSON *doc = load_fixture("script");
	char *md = doc ? render(doc, EXPORT_MD, NULL, 0) : NULL;
	CHECK(md && strstr(md, "## 3 Summary\n\nThis summary was generated automatically, because "
	                       "the facilitator did not write one. The participants saw the most "
	                       "promise in “Make the healthy choice the easy one” (4 votes), "
	                       "“Students shape the menu” (4 votes) and “A student-run salad bar” "
	                       "(3 votes). Together these directions received 11 votes of the 12 "
	                       "votes cast."), "generated summary names the top directions");
	CHECK(md && strstr(md, "The session was not closed"), "an open session says so");
	CHECK(md && strstr(md, "(UTC)"), "an English session is in UTC");
	CHECK(md && strstr(md, "with 6 participants: 2 students, 2 teachers, 1 canteen staff and 1 no "
	                       "background given."), "counts by background, in the plural");
	CHECK(md && strstr(md, "**Other.** The canteen closes too early."), "a note without quadrant");
	CHECK(md && strstr(md, "| unknown | Total |"), "a vote from an unknown participant");
	char *nl = doc ? render(doc, EXPORT_HTML, "nl", 0) : NULL;
	CHECK(nl && strstr(nl, "Deze samenvatting is automatisch opgesteld"), "Dutch generated summary");
	free(nl);
	free(md);
	cJSON_Delete(doc);
}

/* ---- names -------------------------------------------------------------------------------- */

/* Whether `word` occurs in s as a whole word (no letter or digit on either side). */
static int has_word(const char *s, const char *word)
{
	size_t k = strlen(word);
	for (const char *p = s; (p = strstr(p, word)); p++) {
		int before = p > s && (isalnum((unsigned char)p[-1]) || (unsigned char)p[-1] >= 0x80);
		int after = isalnum((unsigned char)p[k]) || (unsigned char)p[k] >= 0x80;
		if (!before && !after)
			return 1;
	}
	return 0;
}

static void test_names(void)
{
	/* Names as they can be searched for in every format (escaping leaves these intact). */
	static const struct {
		const char *fixture;
		const char *names[10];
	} cases[] = {
		{ "script", { "Fay Facilitator", "Sam Student", "Sia Student", "Tom Teacher",
		              "Tess Teacher", "Carl Cook", "Nina Nobody" } },
		{ "model", { "Marieke", "Anouk", "Bas", "Chantal", "Daan", "Esra", "Frank", "Gerda",
		             "Hamid" } },
		{ "hostile", { "Mallory", "Eve", "Trent" } },
	};
	for (size_t x = 0; x < sizeof cases / sizeof cases[0]; x++) {
		cJSON *doc = load_fixture(cases[x].fixture);
		for (size_t l = 0; l < 2; l++) {
			for (size_t f = 0; f < NFORMATS; f++) {
				char *s = render(doc, all_formats[f], all_langs[l], 0);
				char *n = render(doc, all_formats[f], all_langs[l], 1);
				CHECK(s && n, "render");
				for (size_t k = 0; k < 10 && cases[x].names[k]; k++) {
					const char *name = cases[x].names[k];
					CHECK(s && !has_word(s, name), "%s leaks the name %s (%s, %s)",
					      cases[x].fixture, name, all_langs[l],
					      export_extension(all_formats[f]));
					/* With the option the names are there; the CSV names authors only. */
					if (all_formats[f] != EXPORT_CSV)
						CHECK(n && has_word(n, name), "%s with names lacks %s (%s, %s)",
						      cases[x].fixture, name, all_langs[l],
						      export_extension(all_formats[f]));
				}
				free(s);
				free(n);
			}
		}
		cJSON_Delete(doc);
	}
}

/* ---- escaping ----------------------------------------------------------------------------- */

static void expect_md(const char *in, int flags, const char *want)
{
	struct export_buf b = EXPORT_BUF_INIT;
	export__md_escape(&b, in, flags);
	CHECK(b.data && strcmp(b.data, want) == 0, "md(%s): got [%s], want [%s]", in,
	      b.data ? b.data : "", want);
	export__buf_free(&b);
}

static void expect_csv(const char *in, const char *want)
{
	struct export_buf b = EXPORT_BUF_INIT;
	export__csv_field(&b, in);
	CHECK(strcmp(b.data ? b.data : "", want) == 0, "csv(%s): got [%s], want [%s]", in,
	      b.data ? b.data : "", want);
	export__buf_free(&b);
}

static void expect_html(const char *in, const char *want)
{
	struct export_buf b = EXPORT_BUF_INIT;
	export__html_escape_br(&b, in);
	CHECK(strcmp(b.data ? b.data : "", want) == 0, "html(%s): got [%s], want [%s]", in,
	      b.data ? b.data : "", want);
	export__buf_free(&b);
}

static void test_escape_units(void)
{
	const int S = EXPORT_MD_AT_START, B = EXPORT_MD_BLOCK;
	expect_md("# h", S, "\\# h");
	expect_md("  ## h", S, "\\#\\# h");
	expect_md("- a", S, "\\- a");
	expect_md("+ a", S, "\\+ a");
	expect_md("12. a", S, "12\\. a");
	expect_md("3) a", S, "3\\) a");
	expect_md("> q", S, "\\> q");
	expect_md("===", S, "\\===");
	expect_md("a - b 1. c", S, "a - b 1. c");
	expect_md("    code", S, "code");
	expect_md("[x](http://e)", 0, "\\[x\\](http\\://e)");
	expect_md("![i](u)", 0, "!\\[i\\](u)");
	expect_md("<b>&amp;", 0, "\\<b\\>\\&amp;");
	expect_md("*a* _b_ `c` ~d~ |e| $f$", 0, "\\*a\\* \\_b\\_ \\`c\\` \\~d\\~ \\|e\\| \\$f\\$");
	expect_md("a\\b", 0, "a\\\\b");
	expect_md("go www.x.nl now", 0, "go www\\.x.nl now");
	expect_md("awww.x", 0, "awww.x");
	expect_md("me@x.nl", 0, "me@\xe2\x81\xa0x.nl");
	expect_md("a @ b", 0, "a @ b");
	expect_md("a\nb", 0, "a b");
	expect_md("a\r\n# b", B, "a\n\\# b");
	expect_md("a\n- b\n  3. c", B, "a\n\\- b\n3\\. c");
	expect_md("bell\a esc\x1b", 0, "bell esc");
	expect_md("OOP’er", S, "OOP’er");

	expect_csv("plain", "plain");
	expect_csv("", "");
	expect_csv("=1+1", "'=1+1");
	expect_csv("+1", "'+1");
	expect_csv("-1", "'-1");
	expect_csv("@A1", "'@A1");
	expect_csv("\t=1", "'\t=1");
	expect_csv("\r=1", "\"'\n=1\"");
	expect_csv("a,b", "\"a,b\"");
	expect_csv("say \"hi\"", "\"say \"\"hi\"\"\"");
	expect_csv("=\"x\",y", "\"'=\"\"x\"\",y\"");
	expect_csv("two\r\nlines", "\"two\nlines\"");
	expect_csv("a=b", "a=b");

	expect_html("<a href=\"x\">'&'</a>", "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
	expect_html("a\r\nb\rc", "a<br>\nb<br>\nc");
	expect_html("\x01\x7f", "");
}

/* A small RFC 4180 reader: splits `csv` into rows of fields, calls fn for each row. */
struct csv_row {
	char *field[16];
	int n;
};

static int csv_parse(const char *s, struct csv_row *rows, int max_rows)
{
	int nrows = 0;
	while (*s && nrows < max_rows) {
		struct csv_row *row = &rows[nrows++];
		row->n = 0;
		for (;;) {
			struct export_buf f = EXPORT_BUF_INIT;
			export__buf_put(&f, "", 0);
			if (*s == '"') {
				s++;
				for (;;) {
					if (!*s)
						break;
					if (*s == '"' && s[1] == '"') {
						export__buf_putc(&f, '"');
						s += 2;
					} else if (*s == '"') {
						s++;
						break;
					} else {
						export__buf_putc(&f, *s++);
					}
				}
			} else {
				while (*s && *s != ',' && *s != '\r' && *s != '\n')
					export__buf_putc(&f, *s++);
			}
			if (row->n < 16)
				row->field[row->n++] = f.data;
			else
				export__buf_free(&f);
			if (*s == ',') {
				s++;
				continue;
			}
			if (*s == '\r')
				s++;
			if (*s == '\n')
				s++;
			break;
		}
	}
	return nrows;
}

static void csv_free(struct csv_row *rows, int n)
{
	for (int i = 0; i < n; i++)
		for (int k = 0; k < rows[i].n; k++)
			free(rows[i].field[k]);
}

static void test_escape_csv(const cJSON *doc)
{
	char *csv = render(doc, EXPORT_CSV, "en", 1);
	CHECK(csv != NULL, "render csv");
	if (!csv)
		return;
	static struct csv_row rows[256];
	int n = csv_parse(csv, rows, 256);
	const cJSON *notes = cJSON_GetObjectItem(doc, "notes");
	const cJSON *clusters = cJSON_GetObjectItem(doc, "clusters");
	/* The hostile persona has a synthesis: one row of its own. */
	CHECK(n == 1 + cJSON_GetArraySize(notes) + 1 + cJSON_GetArraySize(clusters),
	      "one row per note, per synthesis and per direction: %d", n);
	static const char header[] =
		"phase,kind,persona,quadrant,cluster,text,essence,votes,record,rank,author\r\n";
	CHECK(n > 0 && rows[0].n == 11 && strncmp(csv, header, sizeof header - 1) == 0, "header");
	for (int i = 0; i < n; i++) {
		CHECK(rows[i].n == rows[0].n, "row %d has %d fields", i, rows[i].n);
		for (int k = 0; k < rows[i].n; k++) {
			const char *f = rows[i].field[k];
			CHECK(!strchr("=+-@\t\r", f[0]) || f[0] == '\0', "row %d field %d starts a formula: %s",
			      i, k, f);
		}
	}
	/* Note rows keep the text, neutralised by a leading quote where needed. */
	int i = 1;
	const cJSON *note;
	cJSON_ArrayForEach(note, notes) {
		if (i >= n)
			break;
		const char *text = cJSON_GetObjectItem(note, "text")->valuestring;
		const char *got = rows[i].field[5];
		int neutral = strchr("=+-@\t\r", text[0]) != NULL;
		/* The field is the text with \r\n and \r made \n, and a quote in front. */
		struct export_buf want = EXPORT_BUF_INIT;
		if (neutral)
			export__buf_putc(&want, '\'');
		for (const char *t = text; *t; t++) {
			if (*t == '\r' && t[1] == '\n')
				continue;
			if ((unsigned char)*t < 0x20 && *t != '\t' && *t != '\n' && *t != '\r')
				continue;
			export__buf_putc(&want, *t == '\r' ? '\n' : *t);
		}
		export__buf_put(&want, "", 0);
		CHECK(strcmp(got, want.data) == 0, "note row %d: [%s] want [%s]", i, got, want.data);
		CHECK(strcmp(rows[i].field[8], "note") == 0, "record of row %d", i);
		export__buf_free(&want);
		i++;
	}
	CHECK(n > 1 && strcmp(rows[n - 1].field[8], "direction") == 0 &&
	      strcmp(rows[n - 2].field[8], "direction") == 0, "direction rows last");
	CHECK(n > 1 && strcmp(rows[n - 2].field[4], "'+1+cmd|' /C calc'!A0") == 0 &&
	      strcmp(rows[n - 2].field[7], "3") == 0 && strcmp(rows[n - 2].field[9], "1") == 0,
	      "first direction: neutralised title, votes 3, rank 1 (%s)", n > 1 ? rows[n - 2].field[4] : "");
	CHECK(strstr(csv, "'=Eve") != NULL, "author names are neutralised");
	csv_free(rows, n);
	free(csv);
}

/* Runs cmark-gfm (with GitHub's extensions) over md; returns its HTML or NULL. */
static char *cmark(const char *md)
{
	if (access("/usr/bin/cmark-gfm", X_OK) != 0)
		return NULL;
	char in[] = "/tmp/tafel-export-md-XXXXXX";
	int fd = mkstemp(in);
	if (fd < 0)
		return NULL;
	size_t len = strlen(md);
	int ok = write(fd, md, len) == (ssize_t)len;
	close(fd);
	char cmd[256];
	snprintf(cmd, sizeof cmd,
	         "/usr/bin/cmark-gfm -e table -e autolink -e strikethrough -e tagfilter "
	         "-e tasklist --unsafe %s", in);
	FILE *p = ok ? popen(cmd, "r") : NULL;
	struct export_buf b = EXPORT_BUF_INIT;
	if (p) {
		char chunk[4096];
		size_t got;
		while ((got = fread(chunk, 1, sizeof chunk, p)) > 0)
			export__buf_put(&b, chunk, got);
		if (pclose(p) != 0)
			export__buf_free(&b);
	}
	unlink(in);
	return b.data;
}

static void test_escape_md(const cJSON *doc)
{
	char *md = render(doc, EXPORT_MD, "en", 1);
	CHECK(md != NULL, "render md");
	if (!md)
		return;
	/* Line by line: the only block syntax at the start of a line is ours. */
	size_t headings = 0, items = 0, rows = 0, line = 0;
	for (const char *p = md; *p; line++) {
		const char *eol = strchr(p, '\n');
		size_t n = eol ? (size_t)(eol - p) : strlen(p);
		if (p[0] == '#')
			headings++;
		else if (p[0] == '-' && p[1] == ' ')
			items++;
		else if (p[0] == '|')
			rows++;
		CHECK(p[0] != '>' && p[0] != '+' && p[0] != '=' && p[0] != '<' && p[0] != '`' &&
		      p[0] != '~' && p[0] != ' ' && p[0] != '\t' &&
		      /* the line under the title is ours, in italics; "**" starts a quadrant */
		      (p[0] != '*' || p[1] == '*' || line == 2),
		      "a line starts with block syntax: %.*s", (int)n, p);
		p = eol ? eol + 1 : p + n;
	}
	/* # title, ## 1..3 and three appendices, the empathy map (the persona has a synthesis)
	 * and the participants, ### persona (in section 1 and the appendix) and two
	 * directions. */
	CHECK(headings == 1 + 8 + 4, "headings: %zu", headings);
	/* Direction 42 has four ideas; direction 41 the essences of its four bad ideas. */
	CHECK(items == 4 + 4, "list items: %zu", items);
	/* Appendix A: head, rule, 4 bad ideas; B: head, rule, 5 ideas; C: head, rule, 2
	 * directions, totals; D: head, rule, 3 participants. */
	CHECK(rows == 6 + 7 + 5 + 5, "table rows: %zu", rows);
	/* Every <, [, ], `, $ and & in the output is escaped; ** and _ only in our markup. */
	for (const char *c = "<[]`$&~|"; *c; c++) {
		char needle[2] = { *c, '\0' };
		size_t bad = 0;
		for (const char *p = md; (p = strstr(p, needle)); p++)
			if (p == md || p[-1] != '\\')
				bad += !(*c == '|' && (p == md || p[-1] == '\n' || p[-1] == ' '));
		CHECK(bad == 0, "unescaped %c: %zu", *c, bad);
	}
	CHECK(!strstr(md, "https://") && !strstr(md, "http://") && !strstr(md, " www."),
	      "no bare URLs");

	char *html = cmark(md);
	if (!html) {
		fprintf(stderr, "test_export: cmark-gfm not installed; Markdown checked textually only\n");
	} else {
		CHECK(count_of(html, "<h1>") == 1 && count_of(html, "<h2>") == 8 &&
		      count_of(html, "<h3>") == 4 && !strstr(html, "<h4") && !strstr(html, "<h5"),
		      "headings after rendering");
		CHECK(!strstr(html, "<a ") && !strstr(html, "<img"), "no links or images");
		/* The one <em> is our line under the title. */
		CHECK(count_of(html, "<em>") == 1 && !strstr(html, "<del>") && !strstr(html, "<code>") &&
		      !strstr(html, "<pre>") && !strstr(html, "<blockquote>") && !strstr(html, "<hr"),
		      "no emphasis, code, quotes or rules");
		/* Our own bold labels: the four quadrants and the totals row. */
		CHECK(count_of(html, "<strong>") == 4 + 1, "strong: %zu", count_of(html, "<strong>"));
		CHECK(count_of(html, "<table>") == 4, "our four tables only");
		CHECK(count_of(html, "<li>") == items + 3, "our list items (and 3 context points)");
		/* The context points; the ideas of direction 1 and the essences of direction 2. */
		CHECK(count_of(html, "<ol") == 1 && count_of(html, "<ul>") == 2, "our lists only");
		CHECK(!strstr(html, "<script") && !strstr(html, "<b>") && !strstr(html, "<div") &&
		      !strstr(html, "<i>") && !strstr(html, "<math"), "no raw HTML after rendering");
		free(html);
	}
	free(md);
}

static void test_escape_html(const cJSON *doc, enum export_format format)
{
	char *html = render(doc, format, "en", 1);
	CHECK(html != NULL, "render html");
	if (!html)
		return;
	CHECK(strstr(html, "&lt;script&gt;alert(&quot;synthesis&quot;)&lt;/script&gt;") &&
	      strstr(html, "&lt;img src=x onerror=alert(1)&gt;</p>"), "synthesis and method escaped");
	/* The Word document's own <b> are the quadrant labels, each opening a paragraph. */
	CHECK(!strstr(html, "<script") && !strstr(html, "<img") &&
	      count_of(html, "<b>") == count_of(html, "<p><b>") &&
	      (format == EXPORT_DOC || !strstr(html, "<b>")) &&
	      !strstr(html, "<div>html") && !strstr(html, "<i>"), "no injected elements");
	CHECK(strstr(html, "&lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt;") != NULL,
	      "title escaped");
	CHECK(strstr(html, "&lt;img src=x onerror=alert(1)&gt;") != NULL, "note escaped");
	CHECK(strstr(html, "&amp;lt;b&amp;gt;") != NULL, "entities are text");
	CHECK(!strstr(html, "href=") && !strstr(html, "src=\""), "no links or sources");
	CHECK(!strstr(html, "\x07") && !strstr(html, "\x1b"), "no control characters");
	/* Nothing outside the document is loaded. */
	CHECK(!strstr(html, "<link") && !strstr(html, "@import") && !strstr(html, "url("),
	      "standalone");
	free(html);
}

static void test_escape_json(const cJSON *doc)
{
	char *json = render(doc, EXPORT_JSON, "en", 1);
	cJSON *back = json ? cJSON_Parse(json) : NULL;
	CHECK(back != NULL, "the JSON export parses");
	const cJSON *maps = cJSON_GetObjectItem(cJSON_GetObjectItem(back, "personas"), "maps");
	const cJSON *thinks = cJSON_GetObjectItem(cJSON_GetArrayItem(maps, 0), "thinks");
	const cJSON *first = cJSON_GetObjectItem(cJSON_GetArrayItem(thinks, 0), "text");
	const cJSON *orig = cJSON_GetObjectItem(cJSON_GetArrayItem(cJSON_GetObjectItem(doc, "notes"), 0),
	                                        "text");
	CHECK(cJSON_IsString(first) && cJSON_IsString(orig) &&
	      strcmp(first->valuestring, orig->valuestring) == 0, "user text round-trips exactly");
	const cJSON *title = cJSON_GetObjectItem(cJSON_GetObjectItem(back, "meta"), "title");
	CHECK(cJSON_IsString(title) && strncmp(title->valuestring, "<script>", 8) == 0,
	      "the title is data");
	cJSON_Delete(back);
	free(json);
}

static void test_escaping(void)
{
	test_escape_units();
	cJSON *doc = load_fixture("hostile");
	CHECK(doc != NULL, "hostile fixture");
	if (!doc)
		return;
	test_escape_csv(doc);
	test_escape_md(doc);
	test_escape_html(doc, EXPORT_HTML);
	test_escape_html(doc, EXPORT_DOC);
	test_escape_json(doc);
	cJSON_Delete(doc);
}

/* ---- the JSON shape ---------------------------------------------------------------------- */

static void test_json_shape(void)
{
	cJSON *doc = load_fixture("model");
	char *json = doc ? render(doc, EXPORT_JSON, "nl", 0) : NULL;
	cJSON *r = json ? cJSON_Parse(json) : NULL;
	CHECK(r != NULL, "parse");
	const char *top[] = { "report", "version", "lang", "meta", "opening", "personas",
	                      "directions", "summary", "appendices" };
	for (size_t i = 0; i < sizeof top / sizeof top[0]; i++)
		CHECK(cJSON_GetObjectItem(r, top[i]) != NULL, "field %s", top[i]);
	const cJSON *ranked = cJSON_GetObjectItem(cJSON_GetObjectItem(r, "directions"), "ranked");
	CHECK(cJSON_GetArraySize(ranked) == 3, "three directions");
	const cJSON *d = cJSON_GetArrayItem(ranked, 0);
	CHECK(cJSON_GetObjectItem(d, "rank")->valueint == 1 &&
	      cJSON_GetObjectItem(d, "votes")->valueint == 9 &&
	      cJSON_GetArraySize(cJSON_GetObjectItem(d, "ideas")) == 3 &&
	      cJSON_GetArraySize(cJSON_GetObjectItem(d, "essences")) == 1, "first direction");
	const cJSON *meta = cJSON_GetObjectItem(r, "meta");
	CHECK(cJSON_GetObjectItem(meta, "duration_minutes")->valueint == 125, "duration");
	CHECK(strcmp(cJSON_GetObjectItem(cJSON_GetObjectItem(meta, "started_at"), "local")->valuestring,
	             "2025-03-12T13:00+01:00") == 0, "local start time");
	CHECK(!strstr(json, "\"author\"") && !strstr(json, "\"participants\":\t["), "no names");
	cJSON_Delete(r);
	free(json);
	cJSON_Delete(doc);
}

/* ---- plurals, chapters, the synthesis, the method, the Word document -------------------- */

static void expect_plural(const char *label, const char *lang, const char *want)
{
	char *got = export__plural(label, lang);
	CHECK(got && strcmp(got, want) == 0, "plural of %s (%s): got %s, want %s", label, lang,
	      got ? got : "(null)", want);
	free(got);
}

static void test_plurals(void)
{
	expect_plural("Leraar (OP)", "nl", "leraren (OP)");
	expect_plural("Schoolleider", "nl", "schoolleiders");
	expect_plural("OOP", "nl", "OOP’ers");
	expect_plural("OOP’er", "nl", "OOP’ers");
	expect_plural("Medewerker raad", "nl", "medewerkers raad");
	expect_plural("Medewerker bond", "nl", "medewerkers bond");
	expect_plural("Raad of bond", "nl", "raden of bond");
	expect_plural("Docent", "nl", "docenten");
	expect_plural("Interne begeleider", "nl", "interne begeleiders");
	expect_plural("Ouder", "nl", "ouders");
	expect_plural("PO-raad", "nl", "PO-raden");
	expect_plural("Student", "en", "students");
	expect_plural("School leader", "en", "school leaders");
	expect_plural("Policy maker", "en", "policy makers");
	expect_plural("Frontline staff", "en", "frontline staff");
	expect_plural("Secretary", "en", "secretaries");
	expect_plural("", "nl", "");

	/* In the opening: the template's own plural wins; one person stays singular. */
	cJSON *doc = cJSON_Parse(
		"{\"session\":{\"language\":\"nl\"},"
		"\"backgrounds\":[\"Leraar (OP)\",\"Schoolleider\",\"Raad of bond\",\"OOP\"],"
		"\"backgrounds_plural\":{\"Raad of bond\":\"medewerkers van raad of bond\"},"
		"\"participants\":[{\"id\":\"1\",\"background\":\"Leraar (OP)\"},"
		"{\"id\":\"2\",\"background\":\"Leraar (OP)\"},{\"id\":\"3\",\"background\":\"Schoolleider\"},"
		"{\"id\":\"4\",\"background\":\"Raad of bond\"},{\"id\":\"5\",\"background\":\"Raad of bond\"},"
		"{\"id\":\"6\",\"background\":\"OOP\"},{\"id\":\"7\",\"background\":\"OOP\"}]}");
	char *md = render(doc, EXPORT_MD, "nl", 0);
	CHECK(md && strstr(md, "met 7 deelnemers: 2 leraren (OP), 1 schoolleider, 2 medewerkers van "
	                       "raad of bond en 2 OOP’ers."), "Dutch plurals in the opening: %s", md);
	char *json = render(doc, EXPORT_JSON, "nl", 0);
	CHECK(json && strstr(json, "\"text\":\t\"2 leraren (OP)\""), "the counted label in JSON");
	free(json);
	free(md);
	cJSON_Delete(doc);
}

static void test_chapter(void)
{
	cJSON *doc = load_fixture("model");
	char *md = render_ch(doc, EXPORT_MD, "nl", 1, 6);
	CHECK(md && strncmp(md, "# 6 Inzet van OOP in po en vo\n", 30) == 0, "chapter title");
	CHECK(md && in_order(md, "\n## 6.1 Aandachtspunten per persona\n",
	                     "\n## 6.2 Belangrijkste oplossingsrichtingen\n") &&
	      in_order(md, "## 6.2 Belangrijkste", "\n## 6.3 Samenvatting\n") &&
	      in_order(md, "## 6.3 Samenvatting", "\n## Bijlage 6A Slechte ideeën en hun essentie\n") &&
	      in_order(md, "## Bijlage 6C Stemmentabel", "\n## Bijlage 6D Empathy maps\n") &&
	      in_order(md, "## Bijlage 6D", "\n## Bijlage 6E Deelnemers\n"), "numbered sections");
	CHECK(md && strstr(md, "ze staan letterlijk in bijlage 6D.") &&
	      strstr(md, "onderbouwing van paragraaf 6.1."), "references carry the chapter");
	CHECK(md && !strstr(md, "## 1 ") && !strstr(md, "## Bijlage A"), "no unnumbered section");
	char *html = render_ch(doc, EXPORT_HTML, "en", 0, 6);
	CHECK(html && strstr(html, "<h1>6 Inzet van OOP in po en vo</h1>") &&
	      strstr(html, "<span class=\"num\">6.1</span> Points of attention per persona") &&
	      strstr(html, "<h2>Appendix 6C Vote table</h2>"), "HTML chapter");
	char *json = render_ch(doc, EXPORT_JSON, "en", 0, 6);
	cJSON *j = json ? cJSON_Parse(json) : NULL;
	const cJSON *meta = cJSON_GetObjectItem(j, "meta");
	const cJSON *h = cJSON_GetObjectItem(meta, "headings");
	CHECK(cJSON_GetObjectItem(meta, "chapter") && cJSON_GetObjectItem(meta, "chapter")->valueint == 6 &&
	      strcmp(cJSON_GetObjectItem(h, "summary")->valuestring, "6.3 Summary") == 0 &&
	      strcmp(cJSON_GetObjectItem(h, "title")->valuestring, "6 Inzet van OOP in po en vo") == 0,
	      "JSON chapter");
	cJSON_Delete(j);
	free(json);
	free(html);
	free(md);
	cJSON_Delete(doc);
}

/* One persona with a synthesis and one without: the first is prose with its notes in the
 * appendix, the second keeps its map in section 1. Every format carries the synthesis. */
static void test_synthesis(void)
{
	cJSON *doc = cJSON_Parse(
		"{\"session\":{\"language\":\"en\"},"
		"\"personas\":[{\"id\":\"a\",\"name\":\"Alpha\",\"synthesis\":\"Alpha feels alone.\\n\\nA second "
		"paragraph.\"},{\"id\":\"b\",\"name\":\"Beta\",\"synthesis\":\"\"}],"
		"\"phases\":[{\"kind\":\"empathy_map\",\"persona\":\"a\",\"title\":\"A\"},"
		"{\"kind\":\"empathy_map\",\"persona\":\"b\",\"title\":\"B\"}],"
		"\"notes\":[{\"id\":\"1\",\"phase\":0,\"quadrant\":\"feels\",\"text\":\"alpha note\"},"
		"{\"id\":\"2\",\"phase\":1,\"quadrant\":\"says\",\"text\":\"beta note\"}]}");
	char *md = render(doc, EXPORT_MD, "en", 0);
	CHECK(md && in_order(md, "### Alpha\n\nAlpha feels alone.\n\nA second paragraph.\n\nThis "
	                         "synthesis by the facilitator rests on the 1 point",
	                     "### Beta\n\nAbout the persona Beta the table noted 1 point.") &&
	      in_order(md, "### Beta", "**Says.** beta note.") &&
	      in_order(md, "**Says.** beta note.", "## Appendix D Empathy maps") &&
	      in_order(md, "## Appendix D Empathy maps", "### Alpha\n\nAbout the persona Alpha") &&
	      in_order(md, "## Appendix D Empathy maps", "**Feels.** alpha note.") &&
	      !in_order(md, "## Appendix D", "### Beta"), "markdown: %s", md ? md : "");
	char *html = render(doc, EXPORT_HTML, "nl", 0);
	CHECK(html && strstr(html, "<div class=\"synthesis\">\n<p>Alpha feels alone.</p>\n<p>A second "
	                           "paragraph.</p>\n</div>") &&
	      in_order(html, "id=\"personas\"", "beta note") &&
	      in_order(html, "id=\"appendix-empathy-maps\"", "alpha note") &&
	      !in_order(html, "id=\"personas\"", "alpha note</li>\n</ul>\n</div>\n</div>\n</div>\n</section>"),
	      "html");
	char *json = render(doc, EXPORT_JSON, "nl", 0);
	cJSON *j = json ? cJSON_Parse(json) : NULL;
	const cJSON *maps = cJSON_GetObjectItem(cJSON_GetObjectItem(j, "personas"), "maps");
	const cJSON *m0 = cJSON_GetArrayItem(maps, 0), *m1 = cJSON_GetArrayItem(maps, 1);
	CHECK(m0 && m1 &&
	      strcmp(cJSON_GetObjectItem(cJSON_GetObjectItem(m0, "persona"), "synthesis")->valuestring,
	             "Alpha feels alone.\n\nA second paragraph.") == 0 &&
	      cJSON_IsTrue(cJSON_GetObjectItem(m0, "in_appendix")) &&
	      cJSON_IsFalse(cJSON_GetObjectItem(m1, "in_appendix")) &&
	      cJSON_GetObjectItem(m0, "evidence") && !cJSON_GetObjectItem(m1, "evidence"), "json");
	char *csv = render(doc, EXPORT_CSV, "nl", 0);
	CHECK(csv && strstr(csv, "\r\n0,empathy_map,Alpha,,,\"Alpha feels alone.\n\nA second "
	                         "paragraph.\",,,synthesis,\r\n") && !strstr(csv, "Beta,,,,,,synthesis"),
	      "csv: %s", csv ? csv : "");
	char *word = render(doc, EXPORT_DOC, "en", 0);
	CHECK(word && strstr(word, "<p>Alpha feels alone.</p>") &&
	      strstr(word, "<table class=\"empathy-map\" border=\"1\"") && !strstr(word, "display:grid") &&
	      !strstr(word, "<svg") && strstr(word, "content=\"Word.Document\""), "word");
	cJSON_Delete(j);
	free(word);
	free(csv);
	free(json);
	free(html);
	free(md);
	cJSON_Delete(doc);
}

static void test_method(void)
{
	cJSON *doc = cJSON_Parse("{\"session\":{\"language\":\"nl\"},"
	                         "\"method\":{\"nl\":\"Methode in het Nederlands.\"}}");
	char *nl = render(doc, EXPORT_MD, "nl", 0), *en = render(doc, EXPORT_MD, "en", 0);
	CHECK(nl && strstr(nl, "\n\nMethode in het Nederlands.\n\n"), "method in the report");
	/* A method only in the session's language is printed in that language. */
	CHECK(en && strstr(en, "\n\nMethode in het Nederlands.\n\n"), "fallback to the session's");
	free(nl);
	free(en);
	cJSON_Delete(doc);
	doc = cJSON_Parse("{\"session\":{\"language\":\"nl\"},"
	                  "\"method\":{\"nl\":\"Methode.\",\"en\":\"Method.\"}}");
	en = render(doc, EXPORT_HTML, "en", 0);
	CHECK(en && strstr(en, "<p>Method.</p>") && !strstr(en, "Methode."), "the report's language");
	free(en);
	cJSON_Delete(doc);
}

/* ---- --render -------------------------------------------------------------------------- */

static int render_main(int argc, char **argv)
{
	if (argc < 5) {
		fprintf(stderr, "usage: test_export --render FIXTURE md|html|json|csv|doc nl|en|- "
		                "[--names] [--chapter N]\n");
		return 2;
	}
	enum export_format f;
	if (export_format_parse(argv[3], &f)) {
		fprintf(stderr, "unknown format %s\n", argv[3]);
		return 2;
	}
	cJSON *doc = load_fixture(argv[2]);
	if (!doc)
		return 1;
	const char *lang = strcmp(argv[4], "-") == 0 ? NULL : argv[4];
	int names = 0, chapter = 0;
	for (int i = 5; i < argc; i++) {
		if (strcmp(argv[i], "--names") == 0)
			names = 1;
		else if (strcmp(argv[i], "--chapter") == 0 && i + 1 < argc)
			chapter = atoi(argv[++i]);
	}
	char *out = render_ch(doc, f, lang, names, chapter);
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
	test_api();
	test_invalid();
	test_time();
	test_ranking();
	test_golden();
	test_model_chapter();
	test_generated_summary();
	test_names();
	test_escaping();
	test_json_shape();
	test_plurals();
	test_chapter();
	test_synthesis();
	test_method();
	return check_report();
}
