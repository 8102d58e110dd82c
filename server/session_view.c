/* What each viewer sees: the state on join, the event of each change, and the report
 * document for the export. Privacy is decided here and only here: a private note's text and
 * essence, and vote totals during a vote phase, never leave for a viewer who may not see
 * them. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tafel/error.h"
#include "tafel/jsonw.h"
#include "session_internal.h"

/* cJSON_Add* return NULL when memory runs out; `ok` collects that so each builder checks
 * once at its end. */
#define ADD(ok, call) ((ok) = (ok) && (call) != NULL)

static int add_id(cJSON *o, const char *name, int64_t id)
{
	cJSON *v = ses__id_json(id);

	return v && cJSON_AddItemToObject(o, name, v);
}

/* A finished text of session_text.c as a value of the state's tree (printed as it is). */
static cJSON *raw(struct jsonw *w)
{
	char *text = jsonw_finish(w, NULL);
	cJSON *r = text ? cJSON_CreateRaw(text) : NULL;

	free(text);
	return r;
}

static cJSON *session_json(const struct ses_session *s)
{
	cJSON *o = cJSON_CreateObject();
	int ok = o != NULL;

	ADD(ok, cJSON_AddStringToObject(o, "code", s->code));
	ADD(ok, cJSON_AddStringToObject(o, "title", s->title));
	ADD(ok, cJSON_AddStringToObject(o, "problem", s->problem));
	ok = ok && cJSON_AddItemToObject(o, "context",
	                                 cJSON_Duplicate(cJSON_GetObjectItem(s->snap, "context"), 1));
	ADD(ok, cJSON_AddStringToObject(o, "language", s->language));
	ADD(ok, cJSON_AddStringToObject(o, "template", s->template_id));
	ADD(ok, cJSON_AddStringToObject(o, "status", s->status == SES_ENDED ? "ended" : "open"));
	ADD(ok, cJSON_AddNumberToObject(o, "created_at", (double)s->created_at));
	if (!ok) {
		cJSON_Delete(o);
		return NULL;
	}
	return o;
}

static cJSON *phases_json(const struct ses_session *s)
{
	cJSON *arr = cJSON_Duplicate(cJSON_GetObjectItem(s->snap, "phases"), 1);
	cJSON *ph;

	/* The snapshot keeps "private": false on every phase; the contract lists it only where
	 * it is set. */
	cJSON_ArrayForEach(ph, arr)
		if (!cJSON_IsTrue(cJSON_GetObjectItem(ph, "private")))
			cJSON_DeleteItemFromObject(ph, "private");
	return arr;
}

/* The state as a tree whose lists are raw text items, ready to print. */
static cJSON *state_raw(const struct ses_session *s, const struct ses_viewer *v, int64_t now)
{
	cJSON *o = cJSON_CreateObject(), *arr;
	struct jsonw w = { 0 };
	int ok = o != NULL;

	ok = ok && cJSON_AddItemToObject(o, "session", session_json(s));
	ok = ok && cJSON_AddItemToObject(o, "backgrounds",
	                                 cJSON_Duplicate(cJSON_GetObjectItem(s->snap, "backgrounds"), 1));
	ok = ok && cJSON_AddItemToObject(o, "personas", ses__personas_json(s));
	ok = ok && cJSON_AddItemToObject(o, "phases", phases_json(s));
	ADD(ok, cJSON_AddNumberToObject(o, "phase", s->phase));
	ses__timer_text(&w, s);
	ok = ok && cJSON_AddItemToObject(o, "timer", raw(&w));
	ses__phase_log_text(&w, s);
	ok = ok && cJSON_AddItemToObject(o, "phase_log", raw(&w));
	ses__screen_text(&w, s);
	ok = ok && cJSON_AddItemToObject(o, "screen", raw(&w));
	if (s->status == SES_ENDED)
		ADD(ok, cJSON_AddNumberToObject(o, "ended_at", (double)s->ended_at));
	else
		ADD(ok, cJSON_AddNullToObject(o, "ended_at"));

	/* The lists are copied from text (the participants' from text rendered once each):
	 * a join storm renders the state once per join. */
	jsonw_lit(&w, "[");
	for (size_t i = 0; i < s->participants.count; i++) {
		if (i)
			jsonw_lit(&w, ",");
		ses__participant_text(&w, &s->participants.items[i], 1);
	}
	jsonw_lit(&w, "]");
	ok = ok && cJSON_AddItemToObject(o, "participants", raw(&w));

	jsonw_lit(&w, "[");
	for (size_t i = 0; i < s->notes.count; i++) {
		const struct ses_note *n = &s->notes.items[i];

		if (i)
			jsonw_lit(&w, ",");
		ses__note_text(&w, n, ses__note_visible(s, n, v));
	}
	jsonw_lit(&w, "]");
	ok = ok && cJSON_AddItemToObject(o, "notes", raw(&w));
	ses__clusters_text(&w, s, ses__votes_visible(s, v));
	ok = ok && cJSON_AddItemToObject(o, "clusters", raw(&w));
	if (v->role == SES_PARTICIPANT)
		ses_my_votes_text(s, v->pid, &w);
	else
		jsonw_lit(&w, "{}");
	ok = ok && cJSON_AddItemToObject(o, "my_votes", raw(&w));
	if (v->role != SES_PARTICIPANT) {
		ses__dots_text(&w, s);
		ok = ok && cJSON_AddItemToObject(o, "dots_used", raw(&w));
	}
	ADD(ok, cJSON_AddStringToObject(o, "summary", s->summary));
	ADD(ok, arr = cJSON_AddArrayToObject(o, "revealed"));
	for (int i = 0; ok && i < s->nphases; i++)
		if (s->phases[i].revealed)
			ok = cJSON_AddItemToArray(arr, cJSON_CreateNumber(i));
	ADD(ok, cJSON_AddNumberToObject(o, "server_time", (double)now));
	jsonw_free(&w);
	if (!ok) {
		cJSON_Delete(o);
		return NULL;
	}
	return o;
}

char *ses_state_text(const struct ses_session *s, const struct ses_viewer *v, int64_t now)
{
	cJSON *o = state_raw(s, v, now);
	char *text = o ? cJSON_PrintUnformatted(o) : NULL;

	cJSON_Delete(o);
	return text;
}

cJSON *ses_state_json(const struct ses_session *s, const struct ses_viewer *v, int64_t now)
{
	char *text = ses_state_text(s, v, now);
	cJSON *o = text ? cJSON_Parse(text) : NULL;

	cJSON_free(text);
	return o;
}

/* ---- events ---- */

int ses_event_variant(const struct ses_session *s, const struct ses_op *op,
                      const struct ses_viewer *v)
{
	const struct ses_note *n;

	switch (op->kind) {
	case SES_OP_NOTE_ADD:
	case SES_OP_NOTE_EDIT:
	case SES_OP_NOTE_ESSENCE:
	case SES_OP_NOTE_MOVE:
		n = ses__note(s, op->id);
		return n && ses__note_visible(s, n, v) ? SES_VARIANT_FULL : SES_VARIANT_REDUCED;
	case SES_OP_VOTE:
		if (v->role == SES_PARTICIPANT && v->pid == op->pid)
			return SES_VARIANT_ACTOR;
		if (ses__votes_visible(s, v))
			return SES_VARIANT_FULL;
		return v->role == SES_SCREEN ? SES_VARIANT_COUNTS : SES_VARIANT_REDUCED;
	case SES_OP_PHASE_SET:
	case SES_OP_CLUSTER_ADD:
	case SES_OP_CLUSTER_EDIT:
		/* A cluster carries its tally only for those who may see tallies. */
		return ses__votes_visible(s, v) ? SES_VARIANT_FULL : SES_VARIANT_REDUCED;
	default:
		return SES_VARIANT_FULL;
	}
}

/* ---- report document ---- */

cJSON *ses_report_json(const struct ses_session *s, int64_t now)
{
	struct ses_viewer all = { SES_FACILITATOR, 0 };
	cJSON *o = ses_state_json(s, &all, now), *arr;
	int ok = o != NULL;

	/* The state carries the phase log and ended_at already. The report also prints the
	 * template's method text and background plurals, which the live state does not carry. */
	ADD(ok, cJSON_AddNumberToObject(o, "exported_at", (double)now));
	for (int i = 0; ok && i < 2; i++) {
		const char *name = i ? "backgrounds_plural" : "method";
		const cJSON *v = cJSON_GetObjectItemCaseSensitive(s->snap, name);

		if (v)
			ok = cJSON_AddItemToObject(o, name, cJSON_Duplicate(v, 1));
	}
	ADD(ok, arr = cJSON_AddArrayToObject(o, "votes"));
	for (size_t i = 0; ok && i < s->votes.count; i++) {
		const struct ses_vote *v = &s->votes.items[i];
		cJSON *m;

		if (v->n == 0)
			continue;
		m = cJSON_CreateObject();
		ok = m && cJSON_AddItemToArray(arr, m);
		ok = ok && add_id(m, "participant", v->pid);
		ok = ok && add_id(m, "cluster", v->cluster);
		ADD(ok, cJSON_AddNumberToObject(m, "n", v->n));
	}
	if (!ok) {
		cJSON_Delete(o);
		return NULL;
	}
	return o;
}
