/* The document of an event's cross-table report, from the store (see tafel/event_report.h).
 *
 * One function for the running server and the command line: the event row and its tables
 * come from the store, each table's report document from ses_report_json() of its session,
 * which the server hands over from memory and the command line loads from the file. */
#include <stdlib.h>

#include "tafel/error.h"
#include "tafel/event_report.h"

/* Moves field `name` of `from` into `to`; a missing field stays missing. */
static int move(cJSON *to, cJSON *from, const char *name)
{
	cJSON *v = cJSON_DetachItemFromObjectCaseSensitive(from, name);

	if (v && !cJSON_AddItemToObject(to, name, v)) {
		cJSON_Delete(v);
		return TF_E_NOMEM;
	}
	return TF_OK;
}

static int add_table(struct store *st, const cJSON *t, int64_t now, event_report_table_fn table,
                     void *ctx, cJSON *arr)
{
	const cJSON *code = cJSON_GetObjectItemCaseSensitive(t, "code");
	const cJSON *name = cJSON_GetObjectItemCaseSensitive(t, "name");
	struct ses_session *owned = NULL;
	const struct ses_session *s;
	cJSON *item, *report;
	int rc;

	if (!cJSON_IsString(code))
		return TF_E_STORAGE;
	if (table)
		rc = table(ctx, code->valuestring, &s);
	else if ((rc = store_load_session(st, code->valuestring, &owned)) == TF_OK)
		s = owned;
	if (rc < 0)
		return rc;
	report = ses_report_json(s, now);
	ses_free(owned);
	/* The item joins the array at once, so that the caller's one delete frees it. */
	if (!report || !(item = cJSON_CreateObject()))
		goto nomem;
	if (!cJSON_AddItemToArray(arr, item)) {
		cJSON_Delete(item);
		goto nomem;
	}
	if (cJSON_AddStringToObject(item, "code", code->valuestring) &&
	    cJSON_AddStringToObject(item, "name", cJSON_IsString(name) ? name->valuestring : "") &&
	    cJSON_AddItemToObject(item, "report", report))
		return TF_OK;
nomem:
	cJSON_Delete(report);
	return TF_E_NOMEM;
}

int event_report_build(struct store *st, const char *code, int64_t now,
                       event_report_table_fn table, void *ctx, cJSON **out)
{
	cJSON *stored = NULL, *doc = NULL, *ev, *arr;
	const cJSON *t;
	int rc;

	*out = NULL;
	if ((rc = store_load_event(st, code, &stored, NULL)) < 0)
		return rc;
	rc = TF_E_NOMEM;
	if (!(doc = cJSON_CreateObject()) || !(ev = cJSON_AddObjectToObject(doc, "event")) ||
	    move(ev, stored, "code") || move(ev, stored, "title") || move(ev, stored, "template") ||
	    move(ev, stored, "language") || move(ev, stored, "created_at") ||
	    !cJSON_AddNumberToObject(ev, "exported_at", (double)now) ||
	    !(arr = cJSON_AddArrayToObject(doc, "tables")))
		goto done;
	cJSON_ArrayForEach(t, cJSON_GetObjectItemCaseSensitive(stored, "tables"))
		if ((rc = add_table(st, t, now, table, ctx, arr)) < 0)
			goto done;
	*out = doc;
	doc = NULL;
	rc = TF_OK;
done:
	cJSON_Delete(stored);
	cJSON_Delete(doc);
	return rc;
}
