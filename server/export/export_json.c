/* The JSON report: the same report as the documents, as data.
 *
 * It carries the report's structure (meta, opening, personas, ranked directions, summary,
 * appendices) and the sentences of the written report in the chosen language, so a program
 * can lay the report out its own way without redoing the ranking or the counts. docs/export.md
 * lists every field. Text from users is copied as it is: cJSON escapes it for JSON, and a
 * consumer that puts it into HTML must escape it there. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "export_internal.h"

/* Builders that attach at once to their parent (so one cJSON_Delete frees all) and return
 * NULL when out of memory; the callers test every result. */
static cJSON *add_obj(cJSON *parent, const char *name)
{
	return cJSON_AddObjectToObject(parent, name);
}

static cJSON *add_arr(cJSON *parent, const char *name)
{
	return cJSON_AddArrayToObject(parent, name);
}

cJSON *export__json_push_obj(cJSON *array)
{
	cJSON *o = cJSON_CreateObject();
	if (o && !cJSON_AddItemToArray(array, o)) {
		cJSON_Delete(o);
		return NULL;
	}
	return o;
}

static int push_str(cJSON *array, const char *s)
{
	cJSON *v = cJSON_CreateString(s ? s : "");
	if (!v)
		return EXPORT_ENOMEM;
	if (!cJSON_AddItemToArray(array, v)) {
		cJSON_Delete(v);
		return EXPORT_ENOMEM;
	}
	return 0;
}

static int add_str(cJSON *o, const char *name, const char *s)
{
	return cJSON_AddStringToObject(o, name, s ? s : "") ? 0 : EXPORT_ENOMEM;
}

static int add_num(cJSON *o, const char *name, double v)
{
	return cJSON_AddNumberToObject(o, name, v) ? 0 : EXPORT_ENOMEM;
}

static int add_bool(cJSON *o, const char *name, int v)
{
	return cJSON_AddBoolToObject(o, name, v) ? 0 : EXPORT_ENOMEM;
}

/* A time as {"ms": <epoch ms>, "local": "2025-03-12T13:00+01:00"}, or null. */
static int add_time(cJSON *o, const char *name, const struct export_report *r, int has,
                    int64_t ms)
{
	if (!has)
		return cJSON_AddNullToObject(o, name) ? 0 : EXPORT_ENOMEM;
	cJSON *t = add_obj(o, name);
	if (!t || add_num(t, "ms", (double)ms))
		return EXPORT_ENOMEM;
	struct export_time lt;
	struct export_buf b = EXPORT_BUF_INIT;
	export__local_time(ms, &r->zone, &lt);
	export__fmt_iso(&b, &lt);
	int rc = b.failed ? EXPORT_ENOMEM : add_str(t, "local", b.data);
	export__buf_free(&b);
	return rc;
}

int export__json_add_prose(cJSON *o, const char *name, struct export_buf *tmp, int rc)
{
	if (rc == 0 && !tmp->failed)
		rc = add_str(o, name, tmp->data ? tmp->data : "");
	else
		rc = EXPORT_ENOMEM;
	export__buf_reset(tmp);
	return rc;
}

static int add_phrase(cJSON *o, const char *name, const struct export_report *r,
                      enum export_phrase p)
{
	return add_str(o, name, export__phrase(r->lang, p));
}

/* A section heading with its number, as the documents print it: "6.1 Aandachtspunten ...". */
static int add_section(cJSON *o, const char *name, const struct export_report *r, int n,
                       enum export_phrase p, struct export_buf *tmp)
{
	char num[16];
	export__buf_printf(tmp, "%s %s", export__section_num(r, n, num), export__phrase(r->lang, p));
	return export__json_add_prose(o, name, tmp, 0);
}

static int add_appendix(cJSON *o, const char *name, const struct export_report *r,
                        enum export_appendix a, struct export_buf *tmp)
{
	return export__json_add_prose(o, name, tmp, export__appendix_heading(tmp, r, a));
}

static int meta(cJSON *root, const struct export_report *r, struct export_buf *tmp)
{
	cJSON *m = add_obj(root, "meta");
	if (!m)
		return EXPORT_ENOMEM;
	long minutes = export__duration_minutes(r);
	export__fmt_zone_id(tmp, &r->zone);
	if (export__json_add_prose(m, "time_zone", tmp, 0) || add_str(m, "code", r->code) ||
	    add_str(m, "title", r->title) || add_str(m, "language", r->language) ||
	    add_str(m, "template", r->template_id) || add_str(m, "status", r->status) ||
	    add_time(m, "started_at", r, r->has_start, r->started_at) ||
	    add_time(m, "ended_at", r, r->has_end, r->ended_at) || add_bool(m, "ended", r->ended) ||
	    add_time(m, "exported_at", r, r->has_exported, r->exported_at) ||
	    (minutes >= 0 ? add_num(m, "duration_minutes", (double)minutes)
	                  : !cJSON_AddNullToObject(m, "duration_minutes")) ||
	    add_bool(m, "with_names", r->with_names) ||
	    (r->chapter > 0 ? add_num(m, "chapter", r->chapter)
	                    : !cJSON_AddNullToObject(m, "chapter")))
		return EXPORT_ENOMEM;
	cJSON *h = add_obj(m, "headings");
	if (!h || add_phrase(h, "kicker", r, EXPORT_P_KICKER) ||
	    export__json_add_prose(h, "title", tmp, export__prose_title(tmp, r)) ||
	    add_section(h, "personas", r, 1, EXPORT_P_H_PERSONAS, tmp) ||
	    add_section(h, "directions", r, 2, EXPORT_P_H_DIRECTIONS, tmp) ||
	    add_section(h, "summary", r, 3, EXPORT_P_H_SUMMARY, tmp) ||
	    add_appendix(h, "bad_ideas", r, EXPORT_APP_BAD, tmp) ||
	    add_appendix(h, "ideal_ideas", r, EXPORT_APP_IDEAL, tmp) ||
	    add_appendix(h, "votes", r, EXPORT_APP_VOTES, tmp))
		return EXPORT_ENOMEM;
	if (r->maps_appendix && add_appendix(h, "empathy_maps", r, EXPORT_APP_MAPS, tmp))
		return EXPORT_ENOMEM;
	if (r->with_names && add_appendix(h, "participants", r, EXPORT_APP_PEOPLE, tmp))
		return EXPORT_ENOMEM;
	return 0;
}

static int opening(cJSON *root, const struct export_report *r, struct export_buf *tmp)
{
	cJSON *o = add_obj(root, "opening");
	if (!o || export__json_add_prose(o, "text", tmp, export__prose_opening(tmp, r)) ||
	    add_str(o, "problem", r->problem) || add_str(o, "method", r->method))
		return EXPORT_ENOMEM;
	cJSON *ctx = add_arr(o, "context");
	if (!ctx)
		return EXPORT_ENOMEM;
	const cJSON *c;
	cJSON_ArrayForEach(c, r->context)
		if (push_str(ctx, c->valuestring))
			return EXPORT_ENOMEM;
	cJSON *p = add_obj(o, "participants");
	if (!p || add_num(p, "total", (double)r->nparticipants))
		return EXPORT_ENOMEM;
	cJSON *bgs = add_arr(p, "backgrounds");
	if (!bgs)
		return EXPORT_ENOMEM;
	for (size_t i = 0; i < r->nbgs; i++) {
		if (r->bgs[i].participants == 0)
			continue;
		cJSON *b = export__json_push_obj(bgs);
		if (!b || add_str(b, "background", r->bgs[i].name) ||
		    add_num(b, "count", (double)r->bgs[i].participants) ||
		    export__json_add_prose(b, "text", tmp,
		                           export__bg_count(tmp, r, i, r->bgs[i].participants)))
			return EXPORT_ENOMEM;
	}
	return export__json_add_prose(o, "roadmap", tmp, export__prose_roadmap(tmp, r));
}

/* The fields every note carries in the JSON export. */
static int note_fields(cJSON *o, const struct export_report *r, const struct export_note *n)
{
	if (add_str(o, "id", n->id) || add_num(o, "phase", n->phase_index) ||
	    add_str(o, "text", n->text))
		return EXPORT_ENOMEM;
	if (r->with_names && n->author && add_str(o, "author", n->author->name))
		return EXPORT_ENOMEM;
	return 0;
}

static int personas(cJSON *root, const struct export_report *r, struct export_buf *tmp)
{
	cJSON *s = add_obj(root, "personas");
	if (!s || export__json_add_prose(s, "intro", tmp, export__prose_personas_intro(tmp, r)))
		return EXPORT_ENOMEM;
	if (r->maps_appendix &&
	    export__json_add_prose(s, "appendix_intro", tmp, export__prose_maps_intro(tmp, r)))
		return EXPORT_ENOMEM;
	cJSON *list = add_arr(s, "maps");
	if (!list)
		return EXPORT_ENOMEM;
	for (size_t i = 0; i < r->nphases; i++) {
		const struct export_phase *ph = &r->phases[i];
		if (ph->kind != EXPORT_KIND_EMPATHY_MAP)
			continue;
		cJSON *m = export__json_push_obj(list);
		if (!m || add_num(m, "phase", ph->index) || add_str(m, "title", ph->title))
			return EXPORT_ENOMEM;
		cJSON *p = add_obj(m, "persona");
		if (!p || add_str(p, "id", ph->persona ? ph->persona->id : "") ||
		    add_str(p, "name", ph->persona ? ph->persona->name : "") ||
		    add_str(p, "description", ph->persona ? ph->persona->description : "") ||
		    add_str(p, "synthesis", ph->persona ? ph->persona->synthesis : "") ||
		    export__json_add_prose(m, "intro", tmp,
		                           export__prose_persona_intro(tmp, r, ph)) ||
		    add_bool(m, "in_appendix", export__map_in_appendix(r, ph)))
			return EXPORT_ENOMEM;
		if (export__map_in_appendix(r, ph) &&
		    export__json_add_prose(m, "evidence", tmp,
		                           export__prose_synthesis_evidence(tmp, r, ph)))
			return EXPORT_ENOMEM;
		cJSON *q[EXPORT_NQUADRANTS + 1];
		for (int k = 0; k < EXPORT_NQUADRANTS; k++)
			if (!(q[k] = add_arr(m, export__quadrant_code((enum export_quadrant)k))))
				return EXPORT_ENOMEM;
		if (!(q[EXPORT_Q_NONE] = add_arr(m, "other")))
			return EXPORT_ENOMEM;
		for (size_t k = 0; k < r->nnotes; k++) {
			const struct export_note *n = &r->notes[k];
			if (n->phase != ph)
				continue;
			cJSON *o = export__json_push_obj(q[n->quadrant]);
			if (!o || note_fields(o, r, n))
				return EXPORT_ENOMEM;
		}
	}
	return 0;
}

static int directions(cJSON *root, const struct export_report *r, struct export_buf *tmp)
{
	cJSON *s = add_obj(root, "directions");
	if (!s || export__json_add_prose(s, "intro", tmp, export__prose_directions_intro(tmp, r)) ||
	    add_num(s, "votes_total", (double)r->votes_total) ||
	    add_str(s, "tie_rule", "votes descending; equal votes keep creation order"))
		return EXPORT_ENOMEM;
	cJSON *list = add_arr(s, "ranked");
	if (!list)
		return EXPORT_ENOMEM;
	for (size_t i = 0; i < r->ndirs; i++) {
		const struct export_direction *d = r->ranked[i];
		cJSON *o = export__json_push_obj(list);
		if (!o || add_num(o, "rank", d->rank) || add_str(o, "id", d->id) ||
		    add_str(o, "title", d->title) || add_str(o, "elaboration", d->description) ||
		    add_num(o, "votes", (double)d->votes))
			return EXPORT_ENOMEM;
		cJSON *ideas = add_arr(o, "ideas"), *ess = add_arr(o, "essences");
		if (!ideas || !ess)
			return EXPORT_ENOMEM;
		for (size_t k = 0; k < r->nnotes; k++) {
			const struct export_note *n = &r->notes[k];
			if (n->dir != d)
				continue;
			int bad = export__note_is_bad_idea(n);
			if (bad && export__has_text(n->essence)) {
				cJSON *e = export__json_push_obj(ess);
				if (!e || add_str(e, "id", n->id) || add_str(e, "essence", n->essence) ||
				    add_str(e, "bad_idea", n->text))
					return EXPORT_ENOMEM;
			} else {
				cJSON *e = export__json_push_obj(ideas);
				if (!e || note_fields(e, r, n) || add_bool(e, "bad_idea", bad))
					return EXPORT_ENOMEM;
			}
		}
	}
	return 0;
}

static int summary(cJSON *root, const struct export_report *r, struct export_buf *tmp)
{
	cJSON *s = add_obj(root, "summary");
	int gen = export__summary_is_generated(r);
	if (!s || add_bool(s, "generated", gen))
		return EXPORT_ENOMEM;
	if (gen)
		return export__json_add_prose(s, "text", tmp,
		                              export__prose_generated_summary(tmp, r));
	return add_str(s, "text", r->summary);
}

static int appendices(cJSON *root, const struct export_report *r, struct export_buf *tmp)
{
	cJSON *a = add_obj(root, "appendices");
	cJSON *bad = a ? add_arr(a, "bad_ideas") : NULL;
	cJSON *ideal = a ? add_arr(a, "ideal_ideas") : NULL;
	if (!bad || !ideal)
		return EXPORT_ENOMEM;
	for (size_t i = 0; i < r->nnotes; i++) {
		const struct export_note *n = &r->notes[i];
		if (n->phase && n->phase->kind == EXPORT_KIND_EMPATHY_MAP)
			continue;
		int is_bad = export__note_is_bad_idea(n);
		cJSON *o = export__json_push_obj(is_bad ? bad : ideal);
		if (!o || note_fields(o, r, n))
			return EXPORT_ENOMEM;
		if (is_bad && add_str(o, "essence", n->essence))
			return EXPORT_ENOMEM;
		if (n->dir ? add_str(o, "direction", n->dir->title)
		           : !cJSON_AddNullToObject(o, "direction"))
			return EXPORT_ENOMEM;
	}
	cJSON *v = add_obj(a, "votes");
	if (!v || add_num(v, "votes_per_participant", (double)r->votes_per_participant) ||
	    add_num(v, "total", (double)r->votes_total) ||
	    add_bool(v, "by_background_known", r->has_vote_detail) ||
	    export__json_add_prose(v, "intro", tmp, export__prose_votes_intro(tmp, r)))
		return EXPORT_ENOMEM;
	cJSON *cols = add_arr(v, "backgrounds");
	cJSON *rows = add_arr(v, "rows");
	if (!cols || !rows)
		return EXPORT_ENOMEM;
	for (size_t b = 0; b < r->nbgs; b++)
		if (r->bgs[b].participants > 0 && push_str(cols, r->bgs[b].name))
			return EXPORT_ENOMEM;
	for (size_t i = 0; i < r->ndirs; i++) {
		const struct export_direction *d = r->ranked[i];
		cJSON *o = export__json_push_obj(rows);
		cJSON *by = o ? add_arr(o, "by_background") : NULL;
		if (!by || add_num(o, "rank", d->rank) || add_str(o, "id", d->id) ||
		    add_str(o, "title", d->title) || add_num(o, "votes", (double)d->votes) ||
		    add_num(o, "unknown_background", (double)d->by_unknown))
			return EXPORT_ENOMEM;
		for (size_t b = 0; b < r->nbgs; b++) {
			if (r->bgs[b].participants == 0)
				continue;
			cJSON *n = cJSON_CreateNumber((double)d->by_bg[b]);
			if (!n || !cJSON_AddItemToArray(by, n)) {
				cJSON_Delete(n);
				return EXPORT_ENOMEM;
			}
		}
	}
	if (!r->with_names)
		return 0;
	cJSON *people = add_arr(a, "participants");
	if (!people)
		return EXPORT_ENOMEM;
	for (size_t i = 0; i < r->npeople; i++) {
		const struct export_participant *p = &r->people[i];
		cJSON *o = export__json_push_obj(people);
		if (!o || add_str(o, "name", p->name) ||
		    add_str(o, "background", p->facilitator ? "" : p->background) ||
		    add_str(o, "role", p->facilitator ? "facilitator" : "participant"))
			return EXPORT_ENOMEM;
	}
	return 0;
}

cJSON *export__json_root(const char *report, int version, enum export_lang lang)
{
	cJSON *root = cJSON_CreateObject();
	if (root && (add_str(root, "report", report) || add_num(root, "version", version) ||
	             add_str(root, "lang", export__lang_code(lang)))) {
		cJSON_Delete(root);
		return NULL;
	}
	return root;
}

int export__json_print(struct export_buf *b, const cJSON *root)
{
	char *text = cJSON_Print(root);
	if (!text)
		return EXPORT_ENOMEM;
	export__buf_puts(b, text);
	export__buf_putc(b, '\n');
	cJSON_free(text);
	return b->failed ? EXPORT_ENOMEM : 0;
}

int export__render_json(struct export_buf *b, const struct export_report *r)
{
	struct export_buf tmp = EXPORT_BUF_INIT;
	int rc = EXPORT_ENOMEM;
	cJSON *root = export__json_root("tafel-session-report", 2, r->lang);
	if (root && !meta(root, r, &tmp) && !opening(root, r, &tmp) && !personas(root, r, &tmp) &&
	    !directions(root, r, &tmp) && !summary(root, r, &tmp) && !appendices(root, r, &tmp))
		rc = export__json_print(b, root);
	cJSON_Delete(root);
	export__buf_free(&tmp);
	return rc;
}
