/* The cross-table report as JSON: {"event":{...},"tables":[...],"ranking":[...]}.
 *
 * "tables" holds each table's session report JSON, the very text a session's export gives
 * in the same language (export__render_json on the table's model, read back), so a program
 * that reads one session's report reads every table here. "ranking" is the event's one
 * ranking by vote share; its "table" is the table's code and "cluster" the direction's id
 * within that table: together they name a direction in "tables" (meta.code and
 * directions.ranked[].id). The table's name is "table_name". docs/export.md lists the
 * fields. Text from users is copied as it is (cJSON escapes it). */
#include <stdlib.h>
#include <string.h>

#include "export_event_internal.h"

static int add_str(cJSON *o, const char *name, const char *s)
{
	return cJSON_AddStringToObject(o, name, s ? s : "") ? 0 : EXPORT_ENOMEM;
}

static int add_num(cJSON *o, const char *name, double v)
{
	return cJSON_AddNumberToObject(o, name, v) ? 0 : EXPORT_ENOMEM;
}

static int add_time(cJSON *o, const char *name, int has, int64_t ms)
{
	return (has ? cJSON_AddNumberToObject(o, name, (double)ms) : cJSON_AddNullToObject(o, name))
	               ? 0 : EXPORT_ENOMEM;
}

static int event(cJSON *root, const struct export_event *e, struct export_buf *tmp)
{
	cJSON *ev = cJSON_AddObjectToObject(root, "event"), *arr, *o;
	if (!ev || add_str(ev, "code", e->code) || add_str(ev, "title", e->title) ||
	    add_str(ev, "template", e->template_id) || add_str(ev, "language", e->language) ||
	    add_time(ev, "created_at", e->has_created, e->created_at) ||
	    add_time(ev, "exported_at", e->has_exported, e->exported_at) ||
	    add_str(ev, "problem", e->problem))
		return EXPORT_ENOMEM;
	export__fmt_zone_id(tmp, &e->zone);
	if (export__json_add_prose(ev, "time_zone", tmp, 0))
		return EXPORT_ENOMEM;
	if (!(o = cJSON_AddObjectToObject(ev, "participants")) ||
	    add_num(o, "total", (double)e->nparticipants) ||
	    !(arr = cJSON_AddArrayToObject(o, "backgrounds")))
		return EXPORT_ENOMEM;
	for (size_t i = 0; i < e->nbgs; i++) {
		cJSON *b = export__json_push_obj(arr);
		if (!b || add_str(b, "background", e->bgs[i].name) ||
		    add_num(b, "count", (double)e->bgs[i].participants))
			return EXPORT_ENOMEM;
	}
	/* The tables in order, with what the ranking needs of each. */
	if (!(arr = cJSON_AddArrayToObject(ev, "tables")))
		return EXPORT_ENOMEM;
	for (size_t i = 0; i < e->ntables; i++) {
		const struct export_event_table *t = &e->tables[i];
		cJSON *x = export__json_push_obj(arr);
		if (!x || add_str(x, "code", t->code) || add_str(x, "name", t->name) ||
		    add_num(x, "participants", (double)t->r.nparticipants) ||
		    add_num(x, "dots", (double)t->dots) || add_num(x, "votes", (double)t->r.votes_total))
			return EXPORT_ENOMEM;
	}
	if (!(o = cJSON_AddObjectToObject(root, "opening")) ||
	    export__json_add_prose(o, "text", tmp, export__event_opening(tmp, e)) ||
	    export__json_add_prose(o, "roadmap", tmp, export__event_roadmap(tmp, e)) ||
	    export__json_add_prose(o, "directions_intro", tmp,
	                           export__event_directions_intro(tmp, e)))
		return EXPORT_ENOMEM;
	return 0;
}

/* Per persona, each table's synthesis. */
static int personas(cJSON *root, const struct export_event *e)
{
	cJSON *arr = cJSON_AddArrayToObject(root, "personas");
	if (!arr)
		return EXPORT_ENOMEM;
	for (size_t k = 0; k < e->npersonas; k++) {
		const struct export_event_persona *p = &e->personas[k];
		cJSON *o = export__json_push_obj(arr), *syn;
		if (!o || add_str(o, "id", p->key) || add_str(o, "name", p->name) ||
		    add_str(o, "description", p->description) ||
		    !(syn = cJSON_AddArrayToObject(o, "syntheses")))
			return EXPORT_ENOMEM;
		for (size_t t = 0; t < e->ntables; t++) {
			const char *s = export__event_synthesis(&e->tables[t], p);
			cJSON *x = export__json_push_obj(syn);
			if (!x || add_str(x, "table", e->tables[t].code) ||
			    add_str(x, "table_name", e->tables[t].name) || add_str(x, "synthesis", s))
				return EXPORT_ENOMEM;
		}
	}
	return 0;
}

static int tables(cJSON *root, const struct export_event *e)
{
	cJSON *arr = cJSON_AddArrayToObject(root, "tables");
	if (!arr)
		return EXPORT_ENOMEM;
	for (size_t i = 0; i < e->ntables; i++) {
		struct export_buf b = EXPORT_BUF_INIT;
		int rc = export__render_json(&b, &e->tables[i].r);
		cJSON *report = rc == 0 ? cJSON_ParseWithLength(b.data, b.len) : NULL;
		export__buf_free(&b);
		if (rc)
			return rc;
		if (!report || !cJSON_AddItemToArray(arr, report)) {
			cJSON_Delete(report);
			return EXPORT_ENOMEM;
		}
	}
	return 0;
}

static int ranking(cJSON *root, const struct export_event *e)
{
	cJSON *arr = cJSON_AddArrayToObject(root, "ranking");
	if (!arr)
		return EXPORT_ENOMEM;
	for (size_t i = 0; i < e->nranking; i++) {
		const struct export_event_entry *x = &e->ranking[i];
		cJSON *o = export__json_push_obj(arr);
		if (!o || add_num(o, "rank", x->rank) || add_str(o, "table", x->table->code) ||
		    add_str(o, "table_name", x->table->name) || add_str(o, "cluster", x->dir->id) ||
		    add_str(o, "title", x->dir->title) || add_num(o, "votes", (double)x->votes) ||
		    add_num(o, "dots", (double)x->dots) ||
		    add_num(o, "share", export__event_share(x->votes, x->dots)) ||
		    add_str(o, "elaboration", x->dir->description))
			return EXPORT_ENOMEM;
	}
	return 0;
}

int export__event_render_json(struct export_buf *b, const struct export_event *e)
{
	struct export_buf tmp = EXPORT_BUF_INIT;
	int rc = EXPORT_ENOMEM;
	cJSON *root = export__json_root("tafel-event-report", 1, e->lang);
	if (root && !(rc = event(root, e, &tmp)) && !(rc = personas(root, e)) &&
	    !(rc = tables(root, e)) && !(rc = ranking(root, e)))
		rc = export__json_print(b, root);
	cJSON_Delete(root);
	export__buf_free(&tmp);
	return rc;
}
