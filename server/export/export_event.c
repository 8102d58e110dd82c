/* The cross-table report of an event: the event document read into the model (every table
 * through the session report's own model), the one ranking of all tables' directions by
 * vote share, and export_event_render(), which hands the model to the format's renderer.
 *
 * Vote share, not votes: tables differ in size, and a direction that got 5 of a table of
 * four's 12 dots weighs more than one that got 6 of a table of ten's 30. A table's dots are
 * what the organizer's overview shows as votes_total (PROGRESS): its participants times the
 * votes_per_participant of the vote phase that counts. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "export_event_internal.h"

/* ---- the ranking ---- */

double export__event_share(long votes, long dots)
{
	return dots > 0 ? (double)votes / (double)dots : 0.0;
}

int export__event_share_cmp(long votes_a, long dots_a, long votes_b, long dots_b)
{
	/* a/da against b/db by cross products, so that equal shares (3 of 9 and 4 of 12) are
	 * equal and the tie rule decides, which floating point would not promise. A table
	 * without dots has share 0: 0 of 1. */
	long long na = dots_a > 0 ? votes_a : 0, da = dots_a > 0 ? dots_a : 1;
	long long nb = dots_b > 0 ? votes_b : 0, db = dots_b > 0 ? dots_b : 1;
	long long x = na * db, y = nb * da;
	return x > y ? -1 : x < y;
}

static int cmp_entry(const void *pa, const void *pb)
{
	const struct export_event_entry *a = pa, *b = pb;
	int c = export__event_share_cmp(a->votes, a->dots, b->votes, b->dots);
	if (c)
		return c;
	if (a->votes != b->votes)
		return a->votes > b->votes ? -1 : 1;
	if (a->table->index != b->table->index)
		return a->table->index < b->table->index ? -1 : 1;
	return (a->dir->rank > b->dir->rank) - (a->dir->rank < b->dir->rank);
}

void export__event_rank(struct export_event_entry *entries, size_t n)
{
	qsort(entries, n, sizeof *entries, cmp_entry);
	for (size_t i = 0; i < n; i++)
		entries[i].rank = (int)i + 1;
}

/* ---- the model ---- */

/* The dots of one table: PROGRESS's votes_total, from its report document. */
static int table_dots(struct export_event_table *t)
{
	const cJSON *cur = cJSON_GetObjectItemCaseSensitive(t->doc, "phase");
	int64_t current = INT64_MAX;
	if (cur && !cJSON_IsNull(cur)) {
		if (!cJSON_IsNumber(cur))
			return EXPORT_EINVAL;
		current = (int64_t)cur->valuedouble;
	}
	const struct export_phase *vote = NULL;
	for (size_t i = 0; i < t->r.nphases; i++) {
		const struct export_phase *ph = &t->r.phases[i];
		if (ph->kind == EXPORT_KIND_VOTE && ph->index <= current)
			vote = ph;
	}
	t->dots = vote ? t->r.nparticipants * vote->votes_per_participant : 0;
	if (t->dots < 0)
		return EXPORT_EINVAL;
	return 0;
}

static int add_bgs(struct export_event *e, const struct export_report *r)
{
	for (size_t i = 0; i < r->nbgs; i++) {
		const struct export_background *bg = &r->bgs[i];
		size_t k = 0;
		while (k < e->nbgs && strcmp(e->bgs[k].name, bg->name) != 0)
			k++;
		if (k == e->nbgs) {
			struct export_event_bg *x = realloc(e->bgs, (e->nbgs + 1) * sizeof *e->bgs);
			if (!x)
				return EXPORT_ENOMEM;
			e->bgs = x;
			x[k] = (struct export_event_bg){ bg->name, bg->plural, bg->singular, 0 };
			e->nbgs++;
		}
		e->bgs[k].participants += bg->participants;
	}
	e->nparticipants += r->nparticipants;
	return 0;
}

static const char *phase_key(const struct export_phase *ph)
{
	return ph->persona ? ph->persona->id : ph->title;
}

int export__event_phase_of(const struct export_event_persona *p, const struct export_phase *ph)
{
	return ph->kind == EXPORT_KIND_EMPATHY_MAP && strcmp(phase_key(ph), p->key) == 0;
}

const char *export__event_synthesis(const struct export_event_table *t,
                                    const struct export_event_persona *p)
{
	for (size_t i = 0; i < t->r.nphases; i++) {
		const struct export_phase *ph = &t->r.phases[i];
		if (export__event_phase_of(p, ph) && ph->persona)
			return ph->persona->synthesis;
	}
	return "";
}

static int add_personas(struct export_event *e, const struct export_report *r)
{
	for (size_t i = 0; i < r->nphases; i++) {
		const struct export_phase *ph = &r->phases[i];
		if (ph->kind != EXPORT_KIND_EMPATHY_MAP)
			continue;
		size_t k = 0;
		while (k < e->npersonas && strcmp(e->personas[k].key, phase_key(ph)) != 0)
			k++;
		if (k < e->npersonas)
			continue;
		struct export_event_persona *x =
			realloc(e->personas, (e->npersonas + 1) * sizeof *e->personas);
		if (!x)
			return EXPORT_ENOMEM;
		e->personas = x;
		int named = ph->persona && export__has_text(ph->persona->name);
		x[k] = (struct export_event_persona){
			phase_key(ph), named ? ph->persona->name : ph->title,
			ph->persona ? ph->persona->description : "",
		};
		e->npersonas++;
	}
	return 0;
}

static int load_event(struct export_event *e, const cJSON *doc, const struct export_options *opt)
{
	const cJSON *ev = cJSON_GetObjectItemCaseSensitive(doc, "event");
	if (!cJSON_IsObject(ev))
		return EXPORT_EINVAL;
	if (export__get_str(ev, "code", &e->code) || export__get_str(ev, "title", &e->title) ||
	    export__get_str(ev, "template", &e->template_id) ||
	    export__get_str(ev, "language", &e->language) ||
	    export__get_int(ev, "created_at", &e->created_at, &e->has_created) ||
	    export__get_int(ev, "exported_at", &e->exported_at, &e->has_exported))
		return EXPORT_EINVAL;
	return export__lang_pick(opt->lang, e->language, &e->lang);
}

static int load_table(struct export_event *e, struct export_event_table *t, const cJSON *item)
{
	/* Each table is read as its own report in the event report's language, never with
	 * names: the cross-table report leaves them out as a session's report does. */
	struct export_options topt = { EXPORT_MD, export__lang_code(e->lang), 0, 0 };
	int rc;
	if (!cJSON_IsObject(item) || export__get_str(item, "code", &t->code) ||
	    export__get_str(item, "name", &t->name))
		return EXPORT_EINVAL;
	t->doc = cJSON_GetObjectItemCaseSensitive(item, "report");
	if (!cJSON_IsObject(t->doc))
		return EXPORT_EINVAL;
	if ((rc = export__report_load(&t->r, t->doc, &topt)) || (rc = table_dots(t)))
		return rc;
	if (!export__has_text(t->code))
		t->code = t->r.code;
	if (!export__has_text(t->name))
		t->name = t->code;
	return 0;
}

int export__event_load(struct export_event *e, const cJSON *doc, const struct export_options *opt)
{
	const cJSON *tables, *item;
	int rc;
	memset(e, 0, sizeof *e);
	if (!cJSON_IsObject(doc) || !opt)
		return EXPORT_EINVAL;
	if ((rc = load_event(e, doc, opt)))
		return rc;
	tables = cJSON_GetObjectItemCaseSensitive(doc, "tables");
	if (tables && !cJSON_IsNull(tables) && !cJSON_IsArray(tables))
		return EXPORT_EINVAL;
	size_t n = tables ? (size_t)cJSON_GetArraySize(tables) : 0;
	e->tables = calloc(n ? n : 1, sizeof *e->tables);
	if (!e->tables)
		return EXPORT_ENOMEM;
	size_t ndirs = 0;
	cJSON_ArrayForEach(item, tables) {
		struct export_event_table *t = &e->tables[e->ntables];
		t->index = e->ntables++;
		if ((rc = load_table(e, t, item)) || (rc = add_bgs(e, &t->r)) ||
		    (rc = add_personas(e, &t->r)))
			return rc;
		ndirs += t->r.ndirs;
		e->unvoted_tables += t->dots == 0;
		if (!export__has_text(e->problem) && export__has_text(t->r.problem))
			e->problem = t->r.problem;
		if (t->r.has_start && (!e->has_start || t->r.started_at < e->started_at)) {
			e->started_at = t->r.started_at;
			e->has_start = 1;
		}
	}
	if (!e->problem)
		e->problem = "";
	/* The event's date: its first table's start, else its creation. */
	if (!e->has_start && e->has_created) {
		e->started_at = e->created_at;
		e->has_start = 1;
	}
	/* Times in the zone of the tables' sessions (they share the event's language). */
	if (e->ntables > 0)
		e->zone = e->tables[0].r.zone;
	else
		e->zone.kind = strcmp(e->language, "nl") == 0 ? EXPORT_ZONE_AMSTERDAM : EXPORT_ZONE_UTC;
	e->ranking = calloc(ndirs ? ndirs : 1, sizeof *e->ranking);
	if (!e->ranking)
		return EXPORT_ENOMEM;
	for (size_t i = 0; i < e->ntables; i++) {
		const struct export_event_table *t = &e->tables[i];
		for (size_t k = 0; k < t->r.ndirs; k++) {
			const struct export_direction *d = t->r.ranked[k];
			e->ranking[e->nranking++] = (struct export_event_entry){ t, d, d->votes, t->dots, 0 };
		}
	}
	export__event_rank(e->ranking, e->nranking);
	return 0;
}

void export__event_free(struct export_event *e)
{
	for (size_t i = 0; i < e->ntables; i++)
		export__report_free(&e->tables[i].r);
	/* A table that failed half-way was counted in ntables: it is freed above. */
	free(e->tables);
	free(e->ranking);
	free(e->bgs);
	free(e->personas);
	memset(e, 0, sizeof *e);
}

const char *export__event_letter(size_t i, char out[8])
{
	/* A, ..., Z, AA, AB, ...: an event has at most 50 tables, two letters are plenty. */
	if (i < 26)
		snprintf(out, 8, "%c", (char)('A' + i));
	else
		snprintf(out, 8, "%c%c", (char)('A' + (i / 26 - 1) % 26), (char)('A' + i % 26));
	return out;
}

/* ---- the public entry point ---- */

int export_event_render(const cJSON *doc, const struct export_options *opt, char **out,
                        size_t *out_len)
{
	struct export_event e;
	struct export_buf b = EXPORT_BUF_INIT;
	int rc;
	if (!out || !out_len)
		return EXPORT_EINVAL;
	*out = NULL;
	*out_len = 0;
	memset(&e, 0, sizeof e);
	/* The cross-table report comes in the contract's four formats. */
	if (!opt || (opt->format != EXPORT_MD && opt->format != EXPORT_HTML &&
	             opt->format != EXPORT_JSON && opt->format != EXPORT_CSV)) {
		rc = EXPORT_EINVAL;
		goto out;
	}
	if ((rc = export__event_load(&e, doc, opt)))
		goto out;
	switch (opt->format) {
	case EXPORT_MD: rc = export__event_render_md(&b, &e); break;
	case EXPORT_HTML: rc = export__event_render_html(&b, &e); break;
	case EXPORT_JSON: rc = export__event_render_json(&b, &e); break;
	default: rc = export__event_render_csv(&b, &e); break;
	}
	if (rc == 0)
		rc = export__buf_detach(&b, out, out_len);
out:
	export__buf_free(&b);
	export__event_free(&e);
	return rc;
}
