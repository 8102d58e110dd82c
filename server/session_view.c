/* What each viewer sees: the state on join, the event of each change, and the report
 * document for the export. Privacy is decided here and only here: a private note's text and
 * essence, and vote totals during a vote phase, never leave for a viewer who may not see
 * them. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tafel/error.h"
#include "session_internal.h"

/* cJSON_Add* return NULL when memory runs out; `ok` collects that so each builder checks
 * once at its end. */
#define ADD(ok, call) ((ok) = (ok) && (call) != NULL)

static int add_id(cJSON *o, const char *name, int64_t id)
{
	cJSON *v = ses__id_json(id);

	return v && cJSON_AddItemToObject(o, name, v);
}

static cJSON *note_json(const struct ses_session *s, const struct ses_note *n, int full)
{
	cJSON *o = cJSON_CreateObject();
	int ok = o != NULL;

	ok = ok && add_id(o, "id", n->id);
	ADD(ok, cJSON_AddNumberToObject(o, "phase", n->phase));
	ok = ok && add_id(o, "author", n->author);
	if (full)
		ADD(ok, cJSON_AddStringToObject(o, "text", n->text));
	if (n->quadrant)
		ADD(ok, cJSON_AddStringToObject(o, "quadrant", n->quadrant));
	if (full && n->essence)
		ADD(ok, cJSON_AddStringToObject(o, "essence", n->essence));
	if (n->cluster)
		ok = ok && add_id(o, "cluster", n->cluster);
	if (!ok) {
		cJSON_Delete(o);
		return NULL;
	}
	return o;
}

static cJSON *cluster_json(const struct ses_cluster *c, int with_votes)
{
	cJSON *o = cJSON_CreateObject();
	int ok = o != NULL;

	ok = ok && add_id(o, "id", c->id);
	ADD(ok, cJSON_AddStringToObject(o, "title", c->title));
	ADD(ok, cJSON_AddStringToObject(o, "description", c->description));
	if (with_votes)
		ADD(ok, cJSON_AddNumberToObject(o, "votes", c->votes));
	if (!ok) {
		cJSON_Delete(o);
		return NULL;
	}
	return o;
}

static cJSON *clusters_json(const struct ses_session *s, int with_votes)
{
	cJSON *arr = cJSON_CreateArray();

	for (size_t i = 0; arr && i < s->clusters.count; i++) {
		cJSON *c = cluster_json(&s->clusters.items[i], with_votes);

		if (!c || !cJSON_AddItemToArray(arr, c)) {
			cJSON_Delete(c);
			cJSON_Delete(arr);
			return NULL;
		}
	}
	return arr;
}

static cJSON *participant_fields(const struct ses_participant *p)
{
	cJSON *o = cJSON_CreateObject();
	int ok = o != NULL;

	ok = ok && add_id(o, "id", p->id);
	ADD(ok, cJSON_AddStringToObject(o, "name", p->name));
	ADD(ok, cJSON_AddStringToObject(o, "background", p->background));
	ADD(ok, cJSON_AddStringToObject(o, "role", p->role == SES_FACILITATOR ? "facilitator" :
	                                              "participant"));
	if (!ok) {
		cJSON_Delete(o);
		return NULL;
	}
	return o;
}

int ses__participant_head(struct ses_participant *p)
{
	cJSON *o = participant_fields(p);
	char *text = o ? cJSON_PrintUnformatted(o) : NULL;

	cJSON_Delete(o);
	if (!text)
		return TF_E_NOMEM;
	free(p->head);
	p->head = text;
	p->head_len = strlen(text) - 1; /* without the closing brace */
	return TF_OK;
}

/* The participants array from the heads: copies, where cJSON would build and print some
 * dozen allocations per participant. */
static cJSON *participants_json(const struct ses_session *s)
{
	static const char on[] = ",\"online\":true}", off[] = ",\"online\":false}";
	size_t len = 3, at = 0;
	char *text;
	cJSON *raw;

	for (size_t i = 0; i < s->participants.count; i++)
		len += s->participants.items[i].head_len + sizeof off;
	text = malloc(len);
	if (!text)
		return NULL;
	text[at++] = '[';
	for (size_t i = 0; i < s->participants.count; i++) {
		const struct ses_participant *p = &s->participants.items[i];
		const char *tail = p->connections > 0 ? on : off;
		size_t tail_len = p->connections > 0 ? sizeof on - 1 : sizeof off - 1;

		if (i)
			text[at++] = ',';
		memcpy(text + at, p->head, p->head_len);
		at += p->head_len;
		memcpy(text + at, tail, tail_len);
		at += tail_len;
	}
	text[at++] = ']';
	text[at] = 0;
	raw = cJSON_CreateRaw(text);
	free(text);
	return raw;
}

cJSON *ses_participant_json(const struct ses_session *s, int64_t pid)
{
	const struct ses_participant *p = ses__participant(s, pid);
	cJSON *o = p ? participant_fields(p) : NULL;

	if (o && !cJSON_AddBoolToObject(o, "online", p->connections > 0)) {
		cJSON_Delete(o);
		return NULL;
	}
	return o;
}

static cJSON *timer_json(const struct ses_session *s)
{
	cJSON *o;

	if (s->timer_state == SES_TIMER_NONE)
		return cJSON_CreateNull();
	o = cJSON_CreateObject();
	if (o && !cJSON_AddNumberToObject(o, s->timer_state == SES_TIMER_RUNNING ? "ends_at" :
	                                  "paused_remaining_ms", (double)s->timer_value)) {
		cJSON_Delete(o);
		return NULL;
	}
	return o;
}

cJSON *ses_my_votes_json(const struct ses_session *s, int64_t pid)
{
	cJSON *o = cJSON_CreateObject();

	for (size_t i = 0; o && i < s->votes.count; i++) {
		const struct ses_vote *v = &s->votes.items[i];
		char key[24];

		if (v->pid != pid || v->n == 0)
			continue;
		snprintf(key, sizeof key, "%lld", (long long)v->cluster);
		if (!cJSON_AddNumberToObject(o, key, v->n)) {
			cJSON_Delete(o);
			return NULL;
		}
	}
	return o;
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

cJSON *ses_state_json(const struct ses_session *s, const struct ses_viewer *v, int64_t now)
{
	cJSON *o = cJSON_CreateObject(), *arr;
	int ok = o != NULL;

	ok = ok && cJSON_AddItemToObject(o, "session", session_json(s));
	ok = ok && cJSON_AddItemToObject(o, "backgrounds",
	                                 cJSON_Duplicate(cJSON_GetObjectItem(s->snap, "backgrounds"), 1));
	ok = ok && cJSON_AddItemToObject(o, "personas",
	                                 cJSON_Duplicate(cJSON_GetObjectItem(s->snap, "personas"), 1));
	ok = ok && cJSON_AddItemToObject(o, "phases", phases_json(s));
	ADD(ok, cJSON_AddNumberToObject(o, "phase", s->phase));
	ok = ok && cJSON_AddItemToObject(o, "timer", timer_json(s));

	ok = ok && cJSON_AddItemToObject(o, "participants", participants_json(s));

	ADD(ok, arr = cJSON_AddArrayToObject(o, "notes"));
	for (size_t i = 0; ok && i < s->notes.count; i++) {
		const struct ses_note *n = &s->notes.items[i];

		ok = cJSON_AddItemToArray(arr, note_json(s, n, ses__note_visible(s, n, v)));
	}
	ok = ok && cJSON_AddItemToObject(o, "clusters", clusters_json(s, ses__votes_visible(s, v)));
	ok = ok && cJSON_AddItemToObject(o, "my_votes", v->role == SES_PARTICIPANT ?
	                                 ses_my_votes_json(s, v->pid) : cJSON_CreateObject());
	ADD(ok, cJSON_AddStringToObject(o, "summary", s->summary));
	ADD(ok, arr = cJSON_AddArrayToObject(o, "revealed"));
	for (int i = 0; ok && i < s->nphases; i++)
		if (s->phases[i].revealed)
			ok = cJSON_AddItemToArray(arr, cJSON_CreateNumber(i));
	ADD(ok, cJSON_AddNumberToObject(o, "server_time", (double)now));
	if (!ok) {
		cJSON_Delete(o);
		return NULL;
	}
	return o;
}

/* ---- events ---- */

enum { VARIANT_FULL = 0, VARIANT_REDUCED = 1, VARIANT_ACTOR = 2 };

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
		return n && ses__note_visible(s, n, v) ? VARIANT_FULL : VARIANT_REDUCED;
	case SES_OP_VOTE:
		if (v->role == SES_PARTICIPANT && v->pid == op->pid)
			return VARIANT_ACTOR;
		return ses__votes_visible(s, v) ? VARIANT_FULL : VARIANT_REDUCED;
	case SES_OP_PHASE_SET:
	case SES_OP_CLUSTER_ADD:
	case SES_OP_CLUSTER_EDIT:
		/* A cluster carries its tally only for those who may see tallies. */
		return ses__votes_visible(s, v) ? VARIANT_FULL : VARIANT_REDUCED;
	default:
		return VARIANT_FULL;
	}
}

static const char *event_type(enum ses_op_kind kind)
{
	switch (kind) {
	case SES_OP_NOTE_ADD: return "note.added";
	case SES_OP_NOTE_EDIT:
	case SES_OP_NOTE_ESSENCE:
	case SES_OP_NOTE_MOVE: return "note.edited";
	case SES_OP_NOTE_DELETE: return "note.deleted";
	case SES_OP_CLUSTER_ADD: return "cluster.added";
	case SES_OP_CLUSTER_EDIT: return "cluster.edited";
	case SES_OP_CLUSTER_DELETE: return "cluster.deleted";
	case SES_OP_VOTE: return "vote.changed";
	case SES_OP_PHASE_SET: return "phase.changed";
	case SES_OP_TIMER: return "timer.changed";
	case SES_OP_REVEAL: return "phase.revealed";
	case SES_OP_SUMMARY: return "summary.changed";
	case SES_OP_END: return "session.ended";
	case SES_OP_JOIN:
	case SES_OP_ONLINE: return "participant.joined";
	case SES_OP_OFFLINE: return "participant.left";
	}
	return "unknown";
}

cJSON *ses_event_json(const struct ses_session *s, const struct ses_op *op,
                      const struct ses_viewer *v)
{
	int variant = ses_event_variant(s, op, v);
	cJSON *o = cJSON_CreateObject(), *arr;
	const struct ses_note *n;
	const struct ses_cluster *c;
	int ok = o != NULL;

	ADD(ok, cJSON_AddStringToObject(o, "type", event_type(op->kind)));
	ADD(ok, cJSON_AddNumberToObject(o, "seq", (double)op->seq));
	switch (op->kind) {
	case SES_OP_NOTE_ADD:
	case SES_OP_NOTE_EDIT:
	case SES_OP_NOTE_ESSENCE:
	case SES_OP_NOTE_MOVE:
		n = ses__note(s, op->id);
		ok = ok && n && cJSON_AddItemToObject(o, "note", note_json(s, n, variant == VARIANT_FULL));
		break;
	case SES_OP_NOTE_DELETE:
		ok = ok && add_id(o, "id", op->id);
		ADD(ok, cJSON_AddNumberToObject(o, "phase", op->phase));
		break;
	case SES_OP_CLUSTER_ADD:
	case SES_OP_CLUSTER_EDIT:
		c = ses__cluster(s, op->id);
		ok = ok && c && cJSON_AddItemToObject(o, "cluster",
		                                      cluster_json(c, ses__votes_visible(s, v)));
		break;
	case SES_OP_CLUSTER_DELETE:
		ok = ok && add_id(o, "id", op->id);
		ADD(ok, arr = cJSON_AddArrayToObject(o, "notes"));
		for (size_t i = 0; ok && i < s->moved.count; i++)
			ok = cJSON_AddItemToArray(arr, ses__id_json(s->moved.items[i]));
		break;
	case SES_OP_VOTE:
		ok = ok && add_id(o, "cluster", op->cluster);
		c = ses__cluster(s, op->cluster);
		if (variant == VARIANT_FULL && c)
			ADD(ok, cJSON_AddNumberToObject(o, "votes", c->votes));
		if (variant == VARIANT_ACTOR)
			ok = ok && cJSON_AddItemToObject(o, "my_votes", ses_my_votes_json(s, op->pid));
		break;
	case SES_OP_PHASE_SET:
		ADD(ok, cJSON_AddNumberToObject(o, "phase", op->phase));
		if (variant == VARIANT_FULL)
			ok = ok && cJSON_AddItemToObject(o, "clusters", clusters_json(s, 1));
		break;
	case SES_OP_TIMER:
		ok = ok && cJSON_AddItemToObject(o, "timer", timer_json(s));
		break;
	case SES_OP_REVEAL:
		ADD(ok, cJSON_AddNumberToObject(o, "phase", op->phase));
		ADD(ok, arr = cJSON_AddArrayToObject(o, "notes"));
		for (size_t i = 0; ok && i < s->notes.count; i++)
			if (s->notes.items[i].phase == op->phase)
				ok = cJSON_AddItemToArray(arr, note_json(s, &s->notes.items[i], 1));
		break;
	case SES_OP_SUMMARY:
		ADD(ok, cJSON_AddStringToObject(o, "summary", s->summary));
		break;
	case SES_OP_END:
		ADD(ok, cJSON_AddStringToObject(o, "status", "ended"));
		break;
	case SES_OP_JOIN:
	case SES_OP_ONLINE:
	case SES_OP_OFFLINE:
		ok = ok && cJSON_AddItemToObject(o, "participant", ses_participant_json(s, op->id));
		break;
	}
	if (!ok) {
		cJSON_Delete(o);
		return NULL;
	}
	return o;
}

/* ---- report document ---- */

cJSON *ses_report_json(const struct ses_session *s, int64_t now)
{
	struct ses_viewer all = { SES_FACILITATOR, 0 };
	cJSON *o = ses_state_json(s, &all, now), *arr;
	int ok = o != NULL;

	/* The state carries the participants as finished text; the report's readers walk them. */
	ok = ok && (arr = cJSON_CreateArray()) != NULL;
	for (size_t i = 0; ok && i < s->participants.count; i++) {
		cJSON *m = ses_participant_json(s, s->participants.items[i].id);

		ok = m && cJSON_AddItemToArray(arr, m);
		if (!ok) {
			cJSON_Delete(m);
			cJSON_Delete(arr);
		}
	}
	ok = ok && cJSON_ReplaceItemInObjectCaseSensitive(o, "participants", arr);

	ADD(ok, arr = cJSON_AddArrayToObject(o, "phase_log"));
	for (size_t i = 0; ok && i < s->phase_log.count; i++) {
		cJSON *m = cJSON_CreateObject();

		ok = m && cJSON_AddItemToArray(arr, m);
		ADD(ok, cJSON_AddNumberToObject(m, "index", s->phase_log.items[i].phase));
		ADD(ok, cJSON_AddNumberToObject(m, "started_at", (double)s->phase_log.items[i].at));
	}
	if (ok && s->status == SES_ENDED)
		ADD(ok, cJSON_AddNumberToObject(o, "ended_at", (double)s->ended_at));
	else
		ADD(ok, cJSON_AddNullToObject(o, "ended_at"));
	ADD(ok, cJSON_AddNumberToObject(o, "exported_at", (double)now));
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

cJSON *ses_id_json(int64_t id)
{
	return ses__id_json(id);
}
