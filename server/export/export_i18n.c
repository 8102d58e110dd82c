/* Every fixed phrase of the report, in Dutch and English.
 *
 * The renderers never hold a word of either language: a translator (or a reviewer of the
 * report's tone) reads this one table. The Dutch follows the wording of chapter 6 of the
 * model report where it can ("Aandachtspunten", "Belangrijkste oplossingsrichtingen"). */
#include <string.h>

#include "export_internal.h"

struct phrase {
	const char *nl;
	const char *en;
};

/* Indexed by enum export_phrase; the designated initialisers keep the pairs next to their
 * names, and the test of the module checks that none is missing. */
static const struct phrase phrases[EXPORT_P_COUNT] = {
	[EXPORT_P_KICKER] = { "Verslag van een dialoogtafel", "Report of a dialogue table" },
	[EXPORT_P_META] = { "Sessiecode %1 · opgesteld op %2", "Session code %1 · drawn up on %2" },
	[EXPORT_P_META_NODATE] = { "Sessiecode %1", "Session code %1" },
	[EXPORT_P_META_DATE_ONLY] = { "Opgesteld op %1", "Drawn up on %1" },
	[EXPORT_P_OPENING_TIMED] = {
		"Op %1 vond van %2 tot %3 uur (%4) een dialoogtafel plaats van %5, %6",
		"On %1, from %2 to %3 (%4), a dialogue table took place that lasted %5, %6" },
	[EXPORT_P_OPENING_STARTED] = {
		"Op %1 om %2 uur (%3) begon een dialoogtafel %4",
		"On %1 at %2 (%3) a dialogue table began %4" },
	[EXPORT_P_OPENING_UNTIMED] = { "Er vond een dialoogtafel plaats %1",
	                               "A dialogue table took place %1" },
	[EXPORT_P_NOT_ENDED] = {
		"De sessie is niet afgesloten; de duur is gerekend tot de laatste fasewissel.",
		"The session was not closed; its length is counted up to the last change of phase." },
	[EXPORT_P_PEOPLE_NONE] = { "zonder deelnemers.", "without participants." },
	[EXPORT_P_PEOPLE_ONE] = { "met 1 deelnemer: %1.", "with 1 participant: %1." },
	[EXPORT_P_PEOPLE_MANY] = { "met %1 deelnemers: %2.", "with %1 participants: %2." },
	[EXPORT_P_PROBLEM] = { "De centrale probleemstelling was: %1",
	                       "The central problem statement was: %1" },
	[EXPORT_P_CONTEXT_INTRO] = { "Als achtergrond dienden de volgende punten:",
	                             "The following points served as background:" },
	[EXPORT_P_ROADMAP] = {
		"De eerste paragraaf beschrijft welke aandachtspunten naar voren kwamen bij het "
		"inleven in de perspectieven van %1. In de tweede paragraaf worden de "
		"oplossingsrichtingen beschreven die de deelnemers het meest kansrijk achten, in "
		"volgorde van hun stemmen. De derde paragraaf vat de uitkomst samen; de bijlagen "
		"bevatten alle ideeën en de stemmentabel.",
		"The first section describes the points of attention that came up when the "
		"participants put themselves in the position of %1. The second section describes "
		"the solution directions the participants consider most promising, in the order of "
		"their votes. The third section summarises the outcome; the appendices hold every "
		"idea and the vote table." },
	[EXPORT_P_ROADMAP_NO_PERSONAS] = {
		"In de tweede paragraaf worden de oplossingsrichtingen beschreven die de deelnemers "
		"het meest kansrijk achten, in volgorde van hun stemmen. De derde paragraaf vat de "
		"uitkomst samen; de bijlagen bevatten alle ideeën en de stemmentabel.",
		"The second section describes the solution directions the participants consider "
		"most promising, in the order of their votes. The third section summarises the "
		"outcome; the appendices hold every idea and the vote table." },
	[EXPORT_P_NO_BACKGROUND] = { "zonder opgegeven achtergrond", "no background given" },
	[EXPORT_P_AND] = { " en ", " and " },
	[EXPORT_P_HOURS_ONE] = { "1 uur", "1 hour" },
	[EXPORT_P_HOURS_MANY] = { "%1 uur", "%1 hours" },
	[EXPORT_P_MINUTES_ONE] = { "1 minuut", "1 minute" },
	[EXPORT_P_MINUTES_MANY] = { "%1 minuten", "%1 minutes" },
	[EXPORT_P_ZONE_AMS] = { "Nederlandse tijd", "Amsterdam time" },
	[EXPORT_P_ZONE_UTC] = { "UTC", "UTC" },
	[EXPORT_P_H_PERSONAS] = { "Aandachtspunten per persona", "Points of attention per persona" },
	[EXPORT_P_H_DIRECTIONS] = { "Belangrijkste oplossingsrichtingen", "Main solution directions" },
	[EXPORT_P_H_SUMMARY] = { "Samenvatting", "Summary" },
	[EXPORT_P_H_APP_BAD] = { "Bijlage %1 Slechte ideeën en hun essentie",
	                         "Appendix %1 Bad ideas and their essence" },
	[EXPORT_P_H_APP_IDEAL] = { "Bijlage %1 Ideale ideeën", "Appendix %1 Ideal ideas" },
	[EXPORT_P_H_APP_VOTES] = { "Bijlage %1 Stemmentabel", "Appendix %1 Vote table" },
	[EXPORT_P_H_APP_PEOPLE] = { "Bijlage %1 Deelnemers", "Appendix %1 Participants" },
	[EXPORT_P_H_APP_MAPS] = { "Bijlage %1 Empathy maps", "Appendix %1 Empathy maps" },
	[EXPORT_P_SYNTHESIS_EVIDENCE] = {
		"Deze synthese van de gespreksleider steunt op de %1 die de tafel over de persona "
		"noteerde; ze staan letterlijk in bijlage %2.",
		"This synthesis by the facilitator rests on the %1 the table noted about the "
		"persona; they are given word for word in appendix %2." },
	[EXPORT_P_MAPS_INTRO] = {
		"De punten die de deelnemers per persona noteerden, letterlijk en per kwadrant van "
		"de empathy map. Ze vormen de onderbouwing van paragraaf %1.",
		"The points the participants noted per persona, word for word and by quadrant of "
		"the empathy map. They are the evidence for section %1." },
	[EXPORT_P_CHAPTER_TITLE] = { "%1 %2", "%1 %2" },
	/* ---- the cross-table report of an event (export_event*.c) ---- */
	[EXPORT_P_EV_KICKER] = { "Verslag van een conferentiedag met dialoogtafels",
	                         "Report of a conference day of dialogue tables" },
	[EXPORT_P_EV_META] = { "Evenementcode %1 · opgesteld op %2", "Event code %1 · drawn up on %2" },
	[EXPORT_P_EV_META_NODATE] = { "Evenementcode %1", "Event code %1" },
	[EXPORT_P_EV_TITLE_FALLBACK] = { "Conferentiedag", "Conference day" },
	[EXPORT_P_EV_OPENING] = { "Op %1 vond %2 plaats: %4 met samen %3.",
	                          "On %1, %2 took place: %4 with %3 in all." },
	[EXPORT_P_EV_OPENING_UNDATED] = { "%2 bestond uit %4 met samen %3.",
	                                  "%2 consisted of %4 with %3 in all." },
	[EXPORT_P_EV_BY_BACKGROUND] = { "Naar achtergrond: %1.", "By background: %1." },
	[EXPORT_P_EV_TABLES_ONE] = { "1 dialoogtafel", "1 dialogue table" },
	[EXPORT_P_EV_TABLES_MANY] = { "%1 dialoogtafels", "%1 dialogue tables" },
	[EXPORT_P_EV_PARTICIPANTS_ONE] = { "1 deelnemer", "1 participant" },
	[EXPORT_P_EV_PARTICIPANTS_MANY] = { "%1 deelnemers", "%1 participants" },
	[EXPORT_P_EV_ROADMAP] = {
		"De eerste paragraaf geeft per persona de synthese van elke tafel en wat alle tafels "
		"samen noteerden. In de tweede paragraaf staan de oplossingsrichtingen van alle tafels "
		"in één rangorde, naar hun aandeel in de stippen van hun tafel. De derde paragraaf "
		"bevat de samenvatting van elke tafel; de bijlagen geven per tafel de deelnemers per "
		"achtergrond en de stemmentabel.",
		"The first section gives, for each persona, every table's synthesis and what all "
		"tables noted together. The second section puts the solution directions of all tables "
		"in one ranking, by their share of their table's dots. The third section holds every "
		"table's summary; the appendices give, for each table, the participants by background "
		"and the vote table." },
	[EXPORT_P_EV_H_SUMMARIES] = { "Samenvattingen per tafel", "Summaries of the tables" },
	[EXPORT_P_EV_PERSONAS_INTRO] = {
		"Aan elke tafel werd de deelnemers eerst gevraagd zich in te leven in het perspectief "
		"van %1. Per persona volgt hieronder eerst de synthese die elke tafel daarvan maakte, "
		"daarna wat alle tafels samen per kwadrant van de empathy map noteerden.",
		"At every table the participants were first asked to put themselves in the position "
		"of %1. For each persona there follows first the synthesis each table made, then what "
		"all tables noted together, by quadrant of the empathy map." },
	[EXPORT_P_EV_NO_PERSONAS] = { "Aan geen van de tafels is een empathy map gemaakt.",
	                              "No table made an empathy map." },
	[EXPORT_P_EV_NO_SYNTHESIS] = { "Aan deze tafel is geen synthese geschreven.",
	                               "No synthesis was written at this table." },
	[EXPORT_P_EV_H_NOTED] = { "Wat alle tafels noteerden", "What all tables noted" },
	[EXPORT_P_EV_NOTED_INTRO] = { "Over de persona %1 noteerden de tafels samen %2.",
	                              "About the persona %1 the tables noted %2 in all." },
	[EXPORT_P_EV_DIRECTIONS_INTRO] = { "De tafels brachten hun ideeën samen in %1.",
	                                   "The tables brought their ideas together in %1." },
	[EXPORT_P_EV_DIRECTIONS_RULE] = {
		"Omdat de tafels niet even groot zijn, staan de richtingen in één rangorde naar "
		"stemaandeel: de stemmen van een richting gedeeld door de stippen die haar tafel te "
		"verdelen had. Bij een gelijk aandeel gaat de richting met meer stemmen voor, daarna "
		"de tafel die eerder in de lijst staat.",
		"Because the tables differ in size, the directions follow in one ranking by vote "
		"share: a direction's votes divided by the dots its table had to spend. Where shares "
		"are equal, the direction with more votes comes first, then the table that comes "
		"first in the list." },
	[EXPORT_P_EV_UNVOTED_ONE] = {
		"Aan %1 is niet gestemd; de richtingen van die tafel tellen mee met een aandeel van 0.",
		"%1 did not vote; its directions count with a share of 0." },
	[EXPORT_P_EV_UNVOTED_MANY] = {
		"Aan %1 is niet gestemd; de richtingen van die tafels tellen mee met een aandeel van 0.",
		"%1 did not vote; their directions count with a share of 0." },
	[EXPORT_P_EV_NO_DIRECTIONS] = { "Aan geen van de tafels zijn oplossingsrichtingen geformuleerd.",
	                                "No table formulated solution directions." },
	[EXPORT_P_EV_DOTS_ONE] = { "%1 van 1 stip", "%1 of 1 dot" },
	[EXPORT_P_EV_DOTS_MANY] = { "%1 van %2 stippen", "%1 of %2 dots" },
	[EXPORT_P_EV_VOTES_LINE] = { "Stemmen: %1 (%2)", "Votes: %1 (%2)" },
	[EXPORT_P_EV_TABLE_LINE] = { "Tafel: %1", "Table: %1" },
	[EXPORT_P_EV_RANKING_CAPTION] = { "Alle oplossingsrichtingen naar stemaandeel",
	                                  "All solution directions by vote share" },
	[EXPORT_P_EV_H_APP_TABLE] = { "Bijlage %1 %2", "Appendix %1 %2" },
	[EXPORT_P_EV_APP_INTRO] = {
		"Het eigen verslag van deze tafel, met al haar ideeën, is te exporteren met "
		"sessiecode %1.",
		"This table's own report, with all its ideas, can be exported with session code %1." },
	[EXPORT_P_EV_APP_PEOPLE] = { "Deelnemers per achtergrond", "Participants by background" },
	[EXPORT_P_EV_APP_VOTES] = { "Stemmentabel", "Vote table" },
	[EXPORT_P_EV_NO_PARTICIPANTS] = { "Aan deze tafel namen geen deelnemers deel.",
	                                  "No participants took part at this table." },
	[EXPORT_P_EV_TABLE_UNVOTED] = { "Aan deze tafel is niet gestemd.",
	                                "This table did not vote." },
	[EXPORT_P_EV_COL_TABLE] = { "Tafel", "Table" },
	[EXPORT_P_EV_COL_VOTES] = { "Stemmen", "Votes" },
	[EXPORT_P_EV_COL_SHARE] = { "Aandeel", "Share" },
	[EXPORT_P_EV_COL_PARTICIPANTS] = { "Deelnemers", "Participants" },
	[EXPORT_P_PERSONAS_INTRO] = {
		"In de dialoogtafel werd de deelnemers eerst gevraagd zich in te leven in het "
		"perspectief van %1. Deelnemers bespraken gezamenlijk wat elke persona denkt, "
		"voelt, zegt en doet. Hieronder staan de aandachtspunten die daaruit naar voren "
		"kwamen.",
		"At the dialogue table the participants were first asked to put themselves in the "
		"position of %1. Together they discussed what each persona thinks, feels, says and "
		"does. The points of attention that came out of this follow below." },
	[EXPORT_P_NO_PERSONAS] = { "In deze sessie is geen empathy map gemaakt.",
	                           "No empathy map was made in this session." },
	[EXPORT_P_PERSONA_INTRO] = { "Over de persona %1 noteerde de tafel %2.",
	                             "About the persona %1 the table noted %2." },
	[EXPORT_P_PERSONA_DESCRIPTION] = { "Beschrijving van de persona: %1",
	                                   "Description of the persona: %1" },
	[EXPORT_P_POINTS_ONE] = { "1 punt", "1 point" },
	[EXPORT_P_POINTS_MANY] = { "%1 punten", "%1 points" },
	[EXPORT_P_Q_THINKS] = { "Denkt", "Thinks" },
	[EXPORT_P_Q_FEELS] = { "Voelt", "Feels" },
	[EXPORT_P_Q_SAYS] = { "Zegt", "Says" },
	[EXPORT_P_Q_DOES] = { "Doet", "Does" },
	[EXPORT_P_Q_OTHER] = { "Overig", "Other" },
	[EXPORT_P_Q_EMPTY] = { "Hierover is niets genoteerd.", "Nothing was noted here." },
	[EXPORT_P_DIRECTIONS_INTRO] = {
		"In de dialoogtafel zijn vervolgens de mogelijke oplossingsrichtingen besproken. De "
		"deelnemers brachten hun ideeën samen in %1.",
		"The dialogue table then discussed the possible solution directions. The "
		"participants brought their ideas together in %1." },
	[EXPORT_P_DIRECTIONS_RANKED] = {
		"Met %1 gaven de deelnemers aan welke zij het meest kansrijk achten. Hieronder staan "
		"de richtingen in volgorde van het aantal stemmen; bij een gelijk aantal stemmen "
		"staat de richting die het eerst werd aangemaakt bovenaan.",
		"With %1 the participants showed which they consider most promising. The directions "
		"follow in the order of their votes; where votes are equal, the direction that was "
		"created first comes first." },
	[EXPORT_P_DIRECTIONS_UNVOTED] = {
		"Er zijn geen stemmen uitgebracht; de richtingen staan in de volgorde waarin ze "
		"werden aangemaakt.",
		"No votes were cast; the directions follow in the order in which they were "
		"created." },
	[EXPORT_P_DIRECTIONS_ONE] = { "1 oplossingsrichting", "1 solution direction" },
	[EXPORT_P_DIRECTIONS_MANY] = { "%1 oplossingsrichtingen", "%1 solution directions" },
	[EXPORT_P_NO_DIRECTIONS] = { "In deze sessie zijn geen oplossingsrichtingen geformuleerd.",
	                             "No solution directions were formulated in this session." },
	[EXPORT_P_NOT_ELABORATED] = { "Deze richting is niet verder uitgewerkt.",
	                              "This direction was not elaborated further." },
	[EXPORT_P_IDEAS_LABEL] = { "Ideeën die deze richting dragen:",
	                           "Ideas that support this direction:" },
	[EXPORT_P_ESSENCES_LABEL] = { "Essentie uit slechte ideeën:",
	                              "Essence drawn from bad ideas:" },
	[EXPORT_P_BAD_IDEA_MARK] = { "%1 (slecht idee)", "%1 (bad idea)" },
	[EXPORT_P_VOTES_LABEL] = { "Stemmen: %1", "Votes: %1" },
	[EXPORT_P_VOTES_ONE] = { "1 stem", "1 vote" },
	[EXPORT_P_VOTES_MANY] = { "%1 stemmen", "%1 votes" },
	[EXPORT_P_CHART_CAPTION] = { "Figuur 1 Stemmen per oplossingsrichting",
	                             "Figure 1 Votes per solution direction" },
	[EXPORT_P_GEN_NOTE] = {
		"Deze samenvatting is automatisch opgesteld, omdat de gespreksleider geen "
		"samenvatting heeft geschreven.",
		"This summary was generated automatically, because the facilitator did not write "
		"one." },
	[EXPORT_P_GEN_TOP] = { "De deelnemers zagen de meeste kansen in %1.",
	                       "The participants saw the most promise in %1." },
	[EXPORT_P_GEN_TOP_SHARE] = {
		"Samen kregen deze richtingen %1 van de %2 uitgebrachte stemmen.",
		"Together these directions received %1 of the %2 votes cast." },
	[EXPORT_P_GEN_TOP_SHARE_ONE] = {
		"Deze richting kreeg %1 van de %2 uitgebrachte stemmen.",
		"This direction received %1 of the %2 votes cast." },
	[EXPORT_P_QUOTE] = { "“%1”", "“%1”" },
	[EXPORT_P_GEN_UNVOTED] = {
		"Er zijn geen stemmen uitgebracht. De tafel formuleerde %1: %2.",
		"No votes were cast. The table formulated %1: %2." },
	[EXPORT_P_GEN_NONE] = { "De tafel formuleerde geen oplossingsrichtingen.",
	                        "The table formulated no solution directions." },
	[EXPORT_P_GEN_MORE] = { "%1 andere", "%1 others" },
	[EXPORT_P_COL_BAD_IDEA] = { "Slecht idee", "Bad idea" },
	[EXPORT_P_COL_ESSENCE] = { "Essentie", "Essence" },
	[EXPORT_P_COL_DIRECTION] = { "Oplossingsrichting", "Solution direction" },
	[EXPORT_P_COL_IDEA] = { "Idee", "Idea" },
	[EXPORT_P_COL_PHASE] = { "Fase", "Phase" },
	[EXPORT_P_COL_AUTHOR] = { "Auteur", "Author" },
	[EXPORT_P_COL_TOTAL] = { "Totaal", "Total" },
	[EXPORT_P_COL_NAME] = { "Naam", "Name" },
	[EXPORT_P_COL_BACKGROUND] = { "Achtergrond", "Background" },
	[EXPORT_P_COL_ROLE] = { "Rol", "Role" },
	[EXPORT_P_ROLE_PARTICIPANT] = { "deelnemer", "participant" },
	[EXPORT_P_ROLE_FACILITATOR] = { "gespreksleider", "facilitator" },
	[EXPORT_P_NONE_CELL] = { "—", "—" },
	[EXPORT_P_NO_BAD_IDEAS] = { "Er zijn geen slechte ideeën genoteerd.",
	                            "No bad ideas were noted." },
	[EXPORT_P_NO_IDEAL_IDEAS] = { "Er zijn geen ideale ideeën genoteerd.",
	                              "No ideal ideas were noted." },
	[EXPORT_P_VOTES_INTRO] = {
		"Elke deelnemer kon %1 verdelen; in totaal zijn %2 uitgebracht. De kolommen tonen "
		"de stemmen per achtergrond van de deelnemers.",
		"Each participant could spend %1; %2 were cast in all. The columns show the votes "
		"by the participants' background." },
	[EXPORT_P_VOTES_INTRO_NOBUDGET] = {
		"In totaal zijn %1 uitgebracht. De kolommen tonen de stemmen per achtergrond van de "
		"deelnemers.",
		"%1 were cast in all. The columns show the votes by the participants' background." },
	[EXPORT_P_NO_VOTES] = { "Er zijn geen oplossingsrichtingen om op te stemmen.",
	                        "There are no solution directions to vote on." },
	[EXPORT_P_UNKNOWN_BACKGROUND] = { "onbekend", "unknown" },
	[EXPORT_P_DOC_TITLE_FALLBACK] = { "Dialoogtafel", "Dialogue table" },
};

static const char *const months_nl[12] = {
	"januari", "februari", "maart", "april", "mei", "juni",
	"juli", "augustus", "september", "oktober", "november", "december",
};

static const char *const months_en[12] = {
	"January", "February", "March", "April", "May", "June",
	"July", "August", "September", "October", "November", "December",
};

const char *export__phrase(enum export_lang lang, enum export_phrase p)
{
	if ((unsigned)p >= EXPORT_P_COUNT)
		return "";
	const char *s = lang == EXPORT_LANG_NL ? phrases[p].nl : phrases[p].en;
	return s ? s : "";
}

const char *export__month(enum export_lang lang, int month)
{
	if (month < 1 || month > 12)
		return "";
	return lang == EXPORT_LANG_NL ? months_nl[month - 1] : months_en[month - 1];
}

const char *export__lang_code(enum export_lang lang)
{
	return lang == EXPORT_LANG_NL ? "nl" : "en";
}

int export__lang_pick(const char *asked, const char *language, enum export_lang *out)
{
	const char *lang = asked ? asked : language;
	if (strcmp(lang, "nl") == 0)
		*out = EXPORT_LANG_NL;
	else if (strcmp(lang, "en") == 0 || !asked)
		*out = EXPORT_LANG_EN; /* a document in another language reads English */
	else
		return EXPORT_EINVAL;
	return 0;
}

int export__fill(struct export_buf *b, const char *tmpl, const char *const *args, int nargs)
{
	const char *p = tmpl;
	while (*p) {
		const char *pct = strchr(p, '%');
		if (!pct) {
			export__buf_puts(b, p);
			break;
		}
		export__buf_put(b, p, (size_t)(pct - p));
		if (pct[1] >= '1' && pct[1] <= '9') {
			int k = pct[1] - '1';
			if (k < nargs && args[k])
				export__buf_puts(b, args[k]);
			p = pct + 2;
		} else if (pct[1] == '%') {
			export__buf_putc(b, '%');
			p = pct + 2;
		} else {
			export__buf_putc(b, '%');
			p = pct + 1;
		}
	}
	return b->failed ? EXPORT_ENOMEM : 0;
}
