/* The report model: the report document read once into plain structs, with the counts and
 * the ranking every format shares.
 *
 * The renderers never look at cJSON; they walk `struct export_report`. So the rules that
 * decide what the report says (which participants are counted, how directions are ranked,
 * how long the session ran) live here once, and the four formats cannot disagree. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "export_internal.h"

/* ---- reading fields ---------------------------------------------------------------------- */

/* A string field: "" when missing or null, EXPORT_EINVAL when of another type. */
int export__get_str(const cJSON *o, const char *name, const char **out)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);
	*out = "";
	if (!v || cJSON_IsNull(v))
		return 0;
	if (!cJSON_IsString(v) || !v->valuestring)
		return EXPORT_EINVAL;
	*out = v->valuestring;
	return 0;
}

/* An integer field. *present says whether it was there (null counts as absent). */
int export__get_int(const cJSON *o, const char *name, int64_t *out, int *present)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);
	*out = 0;
	if (present)
		*present = 0;
	if (!v || cJSON_IsNull(v))
		return 0;
	/* Milliseconds since the epoch fit a double exactly up to 2^53. */
	if (!cJSON_IsNumber(v) || v->valuedouble != v->valuedouble ||
	    v->valuedouble > 9007199254740992.0 || v->valuedouble < -9007199254740992.0)
		return EXPORT_EINVAL;
	*out = (int64_t)v->valuedouble;
	if (present)
		*present = 1;
	return 0;
}

/* An array field: NULL when missing or null. */
static int get_array(const cJSON *o, const char *name, const cJSON **out)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);
	*out = NULL;
	if (!v || cJSON_IsNull(v))
		return 0;
	if (!cJSON_IsArray(v))
		return EXPORT_EINVAL;
	*out = v;
	return 0;
}

/* An identifier: a string on the wire, but a number is accepted too. "" when missing. */
static int get_id(const cJSON *o, const char *name, char out[EXPORT_ID_MAX])
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);
	out[0] = '\0';
	if (!v || cJSON_IsNull(v))
		return 0;
	if (cJSON_IsString(v) && v->valuestring) {
		size_t n = strlen(v->valuestring);
		if (n >= EXPORT_ID_MAX)
			return EXPORT_EINVAL;
		memcpy(out, v->valuestring, n + 1);
		return 0;
	}
	int64_t x;
	if (cJSON_IsNumber(v) && export__get_int(o, name, &x, NULL) == 0) {
		snprintf(out, EXPORT_ID_MAX, "%lld", (long long)x);
		return 0;
	}
	return EXPORT_EINVAL;
}

static size_t array_size(const cJSON *a)
{
	return a ? (size_t)cJSON_GetArraySize(a) : 0;
}

/* calloc that treats zero elements as one, so NULL always means out of memory. */
static void *alloc_array(size_t n, size_t size)
{
	return calloc(n ? n : 1, size);
}

int export__has_text(const char *s)
{
	if (!s)
		return 0;
	for (; *s; s++)
		if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
			return 1;
	return 0;
}

/* ---- the parts of the document ----------------------------------------------------------- */

static const struct {
	const char *name;
	enum export_kind kind;
} kinds[] = {
	{ "intro", EXPORT_KIND_INTRO },
	{ "empathy_map", EXPORT_KIND_EMPATHY_MAP },
	{ "bad_ideas", EXPORT_KIND_BAD_IDEAS },
	{ "ideal_ideas", EXPORT_KIND_IDEAL_IDEAS },
	{ "cluster", EXPORT_KIND_CLUSTER },
	{ "vote", EXPORT_KIND_VOTE },
	{ "elaborate", EXPORT_KIND_ELABORATE },
	{ "wrap_up", EXPORT_KIND_WRAP_UP },
};

static const char *const quadrant_codes[EXPORT_NQUADRANTS] = { "thinks", "feels", "says", "does" };

const char *export__quadrant_code(enum export_quadrant q)
{
	return (unsigned)q < EXPORT_NQUADRANTS ? quadrant_codes[q] : "";
}

static int load_session(struct export_report *r, const cJSON *doc)
{
	const cJSON *s = cJSON_GetObjectItemCaseSensitive(doc, "session");
	if (!cJSON_IsObject(s))
		return EXPORT_EINVAL;
	int present;
	if (export__get_str(s, "code", &r->code) || export__get_str(s, "title", &r->title) ||
	    export__get_str(s, "problem", &r->problem) ||
	    export__get_str(s, "language", &r->language) ||
	    export__get_str(s, "template", &r->template_id) ||
	    export__get_str(s, "status", &r->status) || get_array(s, "context", &r->context) ||
	    export__get_int(s, "created_at", &r->created_at, &present))
		return EXPORT_EINVAL;
	const cJSON *c;
	cJSON_ArrayForEach(c, r->context)
		if (!cJSON_IsString(c) || !c->valuestring)
			return EXPORT_EINVAL;
	return 0;
}

static int load_personas(struct export_report *r, const cJSON *doc)
{
	const cJSON *a, *p;
	if (get_array(doc, "personas", &a))
		return EXPORT_EINVAL;
	r->personas = alloc_array(array_size(a), sizeof *r->personas);
	if (!r->personas)
		return EXPORT_ENOMEM;
	cJSON_ArrayForEach(p, a) {
		struct export_persona *x = &r->personas[r->npersonas++];
		if (!cJSON_IsObject(p) || export__get_str(p, "id", &x->id) ||
		    export__get_str(p, "name", &x->name) ||
		    export__get_str(p, "description", &x->description) ||
		    export__get_str(p, "synthesis", &x->synthesis))
			return EXPORT_EINVAL;
	}
	return 0;
}

/* The template's method text: {"nl": "...", "en": "..."} (or one string). The report's
 * language first, else the session's; a method in neither language is left out. */
static int load_method(struct export_report *r, const cJSON *doc)
{
	const cJSON *m = cJSON_GetObjectItemCaseSensitive(doc, "method");
	r->method = "";
	if (!m || cJSON_IsNull(m))
		return 0;
	if (cJSON_IsString(m) && m->valuestring) {
		r->method = m->valuestring;
		return 0;
	}
	if (!cJSON_IsObject(m))
		return EXPORT_EINVAL;
	const char *nl, *en;
	if (export__get_str(m, "nl", &nl) || export__get_str(m, "en", &en))
		return EXPORT_EINVAL;
	const char *mine = r->lang == EXPORT_LANG_NL ? nl : en;
	const char *session = strcmp(r->language, "nl") == 0 ? nl : en;
	r->method = export__has_text(mine) ? mine : session;
	return 0;
}

/* The plural of each background for running text: the template's own
 * ("backgrounds_plural": {"Leraar (OP)": "leraren (OP)"}), else by the rules of the
 * session's language (the labels are in that language, whatever the report's). */
static int load_plurals(struct export_report *r, const cJSON *doc)
{
	const cJSON *given = cJSON_GetObjectItemCaseSensitive(doc, "backgrounds_plural");
	if (given && !cJSON_IsNull(given) && !cJSON_IsObject(given))
		return EXPORT_EINVAL;
	for (size_t i = 0; i < r->nbgs; i++) {
		struct export_background *bg = &r->bgs[i];
		const char *own = "";
		if (cJSON_IsObject(given) && export__get_str(given, bg->name, &own))
			return EXPORT_EINVAL;
		bg->plural = export__has_text(own) ? strdup(own) : export__plural(bg->name, r->language);
		bg->singular = export__lower_first(bg->name);
		if (!bg->plural || !bg->singular)
			return EXPORT_ENOMEM;
	}
	return 0;
}

static const struct export_persona *find_persona(const struct export_report *r, const char *id)
{
	for (size_t i = 0; i < r->npersonas; i++)
		if (strcmp(r->personas[i].id, id) == 0)
			return &r->personas[i];
	return NULL;
}

static int load_phases(struct export_report *r, const cJSON *doc)
{
	const cJSON *a, *p;
	if (get_array(doc, "phases", &a))
		return EXPORT_EINVAL;
	r->phases = alloc_array(array_size(a), sizeof *r->phases);
	if (!r->phases)
		return EXPORT_ENOMEM;
	cJSON_ArrayForEach(p, a) {
		struct export_phase *x = &r->phases[r->nphases];
		const char *persona;
		int64_t index, votes;
		int has_index, has_votes;
		if (!cJSON_IsObject(p) || export__get_str(p, "kind", &x->kind_name) ||
		    export__get_str(p, "title", &x->title) ||
		    export__get_str(p, "persona", &persona) ||
		    export__get_int(p, "index", &index, &has_index) ||
		    export__get_int(p, "votes_per_participant", &votes, &has_votes))
			return EXPORT_EINVAL;
		x->index = has_index ? (int)index : (int)r->nphases;
		x->kind = EXPORT_KIND_OTHER;
		for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++)
			if (strcmp(kinds[k].name, x->kind_name) == 0)
				x->kind = kinds[k].kind;
		x->persona = find_persona(r, persona);
		/* The protocol's default budget is 3 dots. */
		x->votes_per_participant = has_votes ? (long)votes : 3;
		if (x->kind == EXPORT_KIND_VOTE && r->votes_per_participant == 0)
			r->votes_per_participant = x->votes_per_participant;
		r->nphases++;
	}
	return 0;
}

static const struct export_phase *find_phase(const struct export_report *r, int64_t index)
{
	/* Phases are listed in order with index == position; search only when they are not. */
	if (index >= 0 && (size_t)index < r->nphases && r->phases[index].index == index)
		return &r->phases[index];
	for (size_t i = 0; i < r->nphases; i++)
		if (r->phases[i].index == index)
			return &r->phases[i];
	return NULL;
}

static size_t find_or_add_bg(struct export_report *r, const char *name)
{
	for (size_t i = 0; i < r->nbgs; i++)
		if (strcmp(r->bgs[i].name, name) == 0)
			return i;
	r->bgs[r->nbgs].name = name;
	r->bgs[r->nbgs].participants = 0;
	return r->nbgs++;
}

static int cmp_person(const void *a, const void *b)
{
	const struct export_participant *x = *(const struct export_participant *const *)a;
	const struct export_participant *y = *(const struct export_participant *const *)b;
	return strcmp(x->id, y->id);
}

static const struct export_participant *find_person(const struct export_report *r,
                                                    const char *id)
{
	struct export_participant key, *kp = &key;
	if (!id[0] || r->npeople == 0)
		return NULL;
	memcpy(key.id, id, strlen(id) + 1);
	struct export_participant **hit =
		bsearch(&kp, r->people_by_id, r->npeople, sizeof *r->people_by_id, cmp_person);
	return hit ? *hit : NULL;
}

/* Backgrounds are listed in the template's order, then any a participant has that the
 * template does not (a template edited after the session), in order of first appearance. */
static int load_people(struct export_report *r, const cJSON *doc)
{
	const cJSON *bgs, *people, *p;
	if (get_array(doc, "backgrounds", &bgs) || get_array(doc, "participants", &people))
		return EXPORT_EINVAL;
	r->bgs = alloc_array(array_size(bgs) + array_size(people), sizeof *r->bgs);
	r->people = alloc_array(array_size(people), sizeof *r->people);
	r->people_by_id = alloc_array(array_size(people), sizeof *r->people_by_id);
	if (!r->bgs || !r->people || !r->people_by_id)
		return EXPORT_ENOMEM;
	cJSON_ArrayForEach(p, bgs) {
		if (!cJSON_IsString(p) || !p->valuestring)
			return EXPORT_EINVAL;
		find_or_add_bg(r, p->valuestring);
	}
	cJSON_ArrayForEach(p, people) {
		struct export_participant *x = &r->people[r->npeople];
		const char *role;
		if (!cJSON_IsObject(p) || get_id(p, "id", x->id) ||
		    export__get_str(p, "name", &x->name) ||
		    export__get_str(p, "background", &x->background) ||
		    export__get_str(p, "role", &role))
			return EXPORT_EINVAL;
		x->facilitator = strcmp(role, "facilitator") == 0;
		x->bg = (size_t)-1;
		if (!x->facilitator) {
			x->bg = find_or_add_bg(r, x->background);
			r->bgs[x->bg].participants++;
			r->nparticipants++;
		}
		r->people_by_id[r->npeople] = x;
		r->npeople++;
	}
	qsort(r->people_by_id, r->npeople, sizeof *r->people_by_id, cmp_person);
	return 0;
}

static struct export_direction *find_dir(const struct export_report *r, const char *id)
{
	if (!id[0])
		return NULL;
	for (size_t i = 0; i < r->ndirs; i++)
		if (strcmp(r->dirs[i].id, id) == 0)
			return &r->dirs[i];
	return NULL;
}

static int load_directions(struct export_report *r, const cJSON *doc)
{
	const cJSON *a, *c, *votes;
	if (get_array(doc, "clusters", &a) || get_array(doc, "votes", &votes))
		return EXPORT_EINVAL;
	r->dirs = alloc_array(array_size(a), sizeof *r->dirs);
	r->ranked = alloc_array(array_size(a), sizeof *r->ranked);
	if (!r->dirs || !r->ranked)
		return EXPORT_ENOMEM;
	/* Whether each cluster carried its own total; those without get the sum of votes[]. */
	unsigned char *has_total = alloc_array(array_size(a), 1);
	if (!has_total)
		return EXPORT_ENOMEM;
	int rc = 0;
	cJSON_ArrayForEach(c, a) {
		struct export_direction *x = &r->dirs[r->ndirs];
		int64_t v;
		int present;
		if (!cJSON_IsObject(c) || get_id(c, "id", x->id) ||
		    export__get_str(c, "title", &x->title) ||
		    export__get_str(c, "description", &x->description) ||
		    export__get_int(c, "votes", &v, &present) || v < 0) {
			rc = EXPORT_EINVAL;
			goto out;
		}
		x->by_bg = alloc_array(r->nbgs, sizeof *x->by_bg);
		if (!x->by_bg) {
			rc = EXPORT_ENOMEM;
			goto out;
		}
		x->votes = (long)v;
		x->order = r->ndirs;
		has_total[r->ndirs] = (unsigned char)present;
		r->ranked[r->ndirs] = x;
		r->ndirs++;
	}
	r->has_vote_detail = votes != NULL;
	cJSON_ArrayForEach(c, votes) {
		char pid[EXPORT_ID_MAX], cid[EXPORT_ID_MAX];
		int64_t n;
		int present;
		if (!cJSON_IsObject(c) || get_id(c, "participant", pid) || get_id(c, "cluster", cid) ||
		    export__get_int(c, "n", &n, &present) || n < 0) {
			rc = EXPORT_EINVAL;
			goto out;
		}
		if (!present)
			n = 1;
		struct export_direction *d = find_dir(r, cid);
		if (!d)
			continue; /* votes on a deleted cluster were taken back */
		const struct export_participant *who = find_person(r, pid);
		if (who && !who->facilitator) {
			d->by_bg[who->bg] += (long)n;
			r->bgs[who->bg].votes += (long)n;
		} else
			d->by_unknown += (long)n;
		if (!has_total[d->order])
			d->votes += (long)n;
	}
	for (size_t i = 0; i < r->ndirs; i++)
		r->votes_total += r->dirs[i].votes;
out:
	free(has_total);
	return rc;
}

static int load_notes(struct export_report *r, const cJSON *doc)
{
	const cJSON *a, *n;
	if (get_array(doc, "notes", &a))
		return EXPORT_EINVAL;
	r->notes = alloc_array(array_size(a), sizeof *r->notes);
	if (!r->notes)
		return EXPORT_ENOMEM;
	cJSON_ArrayForEach(n, a) {
		struct export_note *x = &r->notes[r->nnotes];
		char author[EXPORT_ID_MAX], cluster[EXPORT_ID_MAX];
		int64_t phase;
		int present;
		if (!cJSON_IsObject(n) || get_id(n, "id", x->id) ||
		    export__get_int(n, "phase", &phase, &present) || get_id(n, "author", author) ||
		    export__get_str(n, "text", &x->text) ||
		    export__get_str(n, "quadrant", &x->quadrant_name) ||
		    export__get_str(n, "essence", &x->essence) ||
		    get_id(n, "cluster", cluster))
			return EXPORT_EINVAL;
		x->phase_index = (int)phase;
		x->phase = present ? find_phase(r, phase) : NULL;
		x->quadrant = EXPORT_Q_NONE;
		for (int q = 0; q < EXPORT_NQUADRANTS; q++)
			if (strcmp(x->quadrant_name, quadrant_codes[q]) == 0)
				x->quadrant = (enum export_quadrant)q;
		x->dir = find_dir(r, cluster);
		x->author = find_person(r, author);
		r->nnotes++;
	}
	return 0;
}

/* The session ran from the first entry of phase_log (the session's creation, in the intro)
 * to session.end; a session that was never ended is counted to its last change of phase. */
static int load_times(struct export_report *r, const cJSON *doc)
{
	const cJSON *log, *e;
	int present;
	if (get_array(doc, "phase_log", &log) ||
	    export__get_int(doc, "ended_at", &r->ended_at, &present) ||
	    export__get_int(doc, "exported_at", &r->exported_at, &r->has_exported))
		return EXPORT_EINVAL;
	r->ended = present;
	int64_t first = 0, last = 0;
	size_t n = 0;
	cJSON_ArrayForEach(e, log) {
		int64_t t;
		int has;
		if (!cJSON_IsObject(e) || export__get_int(e, "started_at", &t, &has))
			return EXPORT_EINVAL;
		if (!has)
			continue;
		if (n == 0)
			first = t;
		last = t;
		n++;
	}
	if (n > 0) {
		r->started_at = first;
		r->has_start = 1;
	} else if (r->created_at > 0) {
		r->started_at = r->created_at;
		r->has_start = 1;
	}
	if (r->ended) {
		r->has_end = 1;
	} else if (n > 1) {
		r->ended_at = last;
		r->has_end = 1;
	}
	if (r->has_end && r->has_start && r->ended_at < r->started_at)
		r->has_end = 0;
	return 0;
}

static int load_zone(struct export_report *r, const cJSON *doc)
{
	int64_t off;
	int present;
	if (export__get_int(doc, "timezone_offset_minutes", &off, &present))
		return EXPORT_EINVAL;
	if (present) {
		if (off < -18 * 60 || off > 18 * 60)
			return EXPORT_EINVAL;
		r->zone.kind = EXPORT_ZONE_FIXED;
		r->zone.offset_minutes = (int)off;
	} else if (strcmp(r->language, "nl") == 0) {
		r->zone.kind = EXPORT_ZONE_AMSTERDAM;
	} else {
		r->zone.kind = EXPORT_ZONE_UTC;
	}
	return 0;
}

/* ---- public within the module ------------------------------------------------------------ */

static int cmp_rank(const void *a, const void *b)
{
	const struct export_direction *x = *(const struct export_direction *const *)a;
	const struct export_direction *y = *(const struct export_direction *const *)b;
	if (x->votes != y->votes)
		return x->votes > y->votes ? -1 : 1;
	return x->order < y->order ? -1 : x->order > y->order;
}

void export__rank(struct export_report *r)
{
	qsort(r->ranked, r->ndirs, sizeof *r->ranked, cmp_rank);
	for (size_t i = 0; i < r->ndirs; i++)
		r->ranked[i]->rank = (int)i + 1;
}

long export__votes_unknown(const struct export_report *r)
{
	long n = 0;
	for (size_t i = 0; i < r->ndirs; i++)
		n += r->dirs[i].by_unknown;
	return n;
}

long export__duration_minutes(const struct export_report *r)
{
	if (!r->has_start || !r->has_end)
		return -1;
	return (long)((r->ended_at - r->started_at + 30000) / 60000);
}

const char *export__bg_label(const struct export_report *r, size_t i)
{
	if (i >= r->nbgs)
		return export__phrase(r->lang, EXPORT_P_UNKNOWN_BACKGROUND);
	if (!export__has_text(r->bgs[i].name))
		return export__phrase(r->lang, EXPORT_P_NO_BACKGROUND);
	return r->bgs[i].name;
}

int export__bg_count(struct export_buf *b, const struct export_report *r, size_t i, long n)
{
	const struct export_background *bg = &r->bgs[i];
	if (!export__has_text(bg->name))
		return export__buf_printf(b, "%ld %s", n, export__phrase(r->lang, EXPORT_P_NO_BACKGROUND));
	return export__buf_printf(b, "%ld %s", n, n == 1 ? bg->singular : bg->plural);
}

int export__map_in_appendix(const struct export_report *r, const struct export_phase *ph)
{
	(void)r;
	return ph->kind == EXPORT_KIND_EMPATHY_MAP && ph->persona &&
	       export__has_text(ph->persona->synthesis);
}

const char *export__section_num(const struct export_report *r, int n, char out[16])
{
	if (r->chapter > 0)
		snprintf(out, 16, "%d.%d", r->chapter, n);
	else
		snprintf(out, 16, "%d", n);
	return out;
}

const char *export__appendix_letter(const struct export_report *r, enum export_appendix a,
                                    char out[16])
{
	/* A, B and C are always there; the empathy maps come next when a synthesis moved
	 * them out of section 1, then the participants (with names). */
	int k = (int)a;
	if (a == EXPORT_APP_PEOPLE && !r->maps_appendix)
		k--;
	if (r->chapter > 0)
		snprintf(out, 16, "%d%c", r->chapter, 'A' + k);
	else
		snprintf(out, 16, "%c", 'A' + k);
	return out;
}

static const enum export_phrase appendix_phrases[] = {
	[EXPORT_APP_BAD] = EXPORT_P_H_APP_BAD,
	[EXPORT_APP_IDEAL] = EXPORT_P_H_APP_IDEAL,
	[EXPORT_APP_VOTES] = EXPORT_P_H_APP_VOTES,
	[EXPORT_APP_MAPS] = EXPORT_P_H_APP_MAPS,
	[EXPORT_APP_PEOPLE] = EXPORT_P_H_APP_PEOPLE,
};

int export__appendix_heading(struct export_buf *b, const struct export_report *r,
                             enum export_appendix a)
{
	char letter[16];
	const char *args[1] = { export__appendix_letter(r, a, letter) };
	return export__fill(b, export__phrase(r->lang, appendix_phrases[a]), args, 1);
}

int export__note_is_bad_idea(const struct export_note *n)
{
	return n->phase && n->phase->kind == EXPORT_KIND_BAD_IDEAS;
}

int export__note_is_idea(const struct export_note *n)
{
	return !export__note_is_bad_idea(n) &&
	       !(n->phase && n->phase->kind == EXPORT_KIND_EMPATHY_MAP);
}

size_t export__ideas(const struct export_report *r, int *phase_col)
{
	const struct export_note *first = NULL;
	size_t count = 0;
	*phase_col = 0;
	for (size_t i = 0; i < r->nnotes; i++) {
		if (!export__note_is_idea(&r->notes[i]))
			continue;
		if (first && first->phase != r->notes[i].phase)
			*phase_col = 1;
		if (!first)
			first = &r->notes[i];
		count++;
	}
	return count;
}

const char *export__note_author(const struct export_note *n)
{
	return n->author ? n->author->name : "";
}

int export__report_load(struct export_report *r, const cJSON *doc, const struct export_options *opt)
{
	int rc;
	memset(r, 0, sizeof *r);
	if (!cJSON_IsObject(doc) || !opt)
		return EXPORT_EINVAL;
	r->with_names = opt->with_names != 0;
	if ((rc = load_session(r, doc)))
		return rc;
	if ((rc = export__lang_pick(opt->lang, r->language, &r->lang)))
		return rc;
	if ((rc = export__get_str(doc, "summary", &r->summary)) || (rc = load_zone(r, doc)) ||
	    (rc = load_personas(r, doc)) || (rc = load_phases(r, doc)) ||
	    (rc = load_people(r, doc)) || (rc = load_directions(r, doc)) ||
	    (rc = load_notes(r, doc)) || (rc = load_times(r, doc)))
		return rc;
	if ((rc = load_method(r, doc)) || (rc = load_plurals(r, doc)))
		return rc;
	r->chapter = opt->chapter;
	for (size_t i = 0; i < r->nphases; i++)
		if (export__map_in_appendix(r, &r->phases[i]))
			r->maps_appendix = 1;
	export__rank(r);
	return 0;
}

void export__report_free(struct export_report *r)
{
	for (size_t i = 0; i < r->ndirs; i++)
		free(r->dirs[i].by_bg);
	for (size_t i = 0; i < r->nbgs; i++) {
		free(r->bgs[i].plural);
		free(r->bgs[i].singular);
	}
	free(r->personas);
	free(r->phases);
	free(r->people);
	free(r->people_by_id);
	free(r->bgs);
	free(r->notes);
	free(r->dirs);
	free(r->ranked);
	memset(r, 0, sizeof *r);
}
