/* The session's JSON as text: notes, clusters, participants, votes, the timer, and the event
 * of each change. Events go out on every change and the lists fill every join's state, so
 * they are written straight into one buffer (tafel/jsonw.h) instead of through cJSON trees;
 * the state (session_view.c) embeds these texts. One writer per thing, so that an event and
 * a state can never disagree on what a viewer may see. */
#include <stdlib.h>
#include <string.h>

#include "tafel/error.h"
#include "tafel/jsonw.h"
#include "session_internal.h"

void ses__note_text(struct jsonw *w, const struct ses_note *n, int full)
{
	jsonw_lit(w, "{\"id\":");
	jsonw_id(w, n->id);
	jsonw_lit(w, ",\"phase\":");
	jsonw_int(w, n->phase);
	jsonw_lit(w, ",\"author\":");
	jsonw_id(w, n->author);
	if (full) {
		jsonw_lit(w, ",\"text\":");
		jsonw_str(w, n->text);
	}
	if (n->quadrant) {
		jsonw_lit(w, ",\"quadrant\":");
		jsonw_str(w, n->quadrant);
	}
	if (full && n->essence) {
		jsonw_lit(w, ",\"essence\":");
		jsonw_str(w, n->essence);
	}
	if (n->cluster) {
		jsonw_lit(w, ",\"cluster\":");
		jsonw_id(w, n->cluster);
	}
	jsonw_lit(w, "}");
}

static void cluster_text(struct jsonw *w, const struct ses_cluster *c, int with_votes)
{
	jsonw_lit(w, "{\"id\":");
	jsonw_id(w, c->id);
	jsonw_lit(w, ",\"title\":");
	jsonw_str(w, c->title);
	jsonw_lit(w, ",\"description\":");
	jsonw_str(w, c->description);
	if (with_votes) {
		jsonw_lit(w, ",\"votes\":");
		jsonw_int(w, c->votes);
	}
	jsonw_lit(w, "}");
}

void ses__clusters_text(struct jsonw *w, const struct ses_session *s, int with_votes)
{
	jsonw_lit(w, "[");
	for (size_t i = 0; i < s->clusters.count; i++) {
		if (i)
			jsonw_lit(w, ",");
		cluster_text(w, &s->clusters.items[i], with_votes);
	}
	jsonw_lit(w, "]");
}

int ses__participant_head(struct ses_participant *p)
{
	struct jsonw w = { 0 };
	char *text;

	jsonw_lit(&w, "{\"id\":");
	jsonw_id(&w, p->id);
	jsonw_lit(&w, ",\"name\":");
	jsonw_str(&w, p->name);
	jsonw_lit(&w, ",\"background\":");
	jsonw_str(&w, p->background);
	jsonw_lit(&w, ",\"role\":");
	jsonw_str(&w, p->role == SES_FACILITATOR ? "facilitator" : "participant");
	if (!(text = jsonw_finish(&w, &p->head_len)))
		return TF_E_NOMEM;
	free(p->head);
	p->head = text;
	return TF_OK;
}

void ses__participant_text(struct jsonw *w, const struct ses_participant *p, int with_online)
{
	jsonw_raw(w, p->head, p->head_len);
	if (!with_online) {
		jsonw_lit(w, "}");
		return;
	}
	if (p->connections > 0)
		jsonw_lit(w, ",\"online\":true}");
	else
		jsonw_lit(w, ",\"online\":false}");
}

void ses_participant_text(const struct ses_session *s, int64_t pid, struct jsonw *w)
{
	const struct ses_participant *p = ses__participant(s, pid);

	if (p)
		ses__participant_text(w, p, 0);
	else
		jsonw_lit(w, "null");
}

void ses__timer_text(struct jsonw *w, const struct ses_session *s)
{
	if (s->timer_state == SES_TIMER_NONE) {
		jsonw_lit(w, "null");
		return;
	}
	if (s->timer_state == SES_TIMER_RUNNING)
		jsonw_lit(w, "{\"ends_at\":");
	else
		jsonw_lit(w, "{\"paused_remaining_ms\":");
	jsonw_int(w, s->timer_value);
	if (s->timer_lock)
		jsonw_lit(w, ",\"lock\":true");
	jsonw_lit(w, "}");
}

void ses__dots_text(struct jsonw *w, const struct ses_session *s)
{
	int first = 1;

	jsonw_lit(w, "{");
	for (size_t i = 0; i < s->participants.count; i++) {
		const struct ses_participant *p = &s->participants.items[i];

		if (p->role != SES_PARTICIPANT)
			continue;
		if (!first)
			jsonw_lit(w, ",");
		first = 0;
		jsonw_id(w, p->id);
		jsonw_lit(w, ":");
		jsonw_int(w, p->dots);
	}
	jsonw_lit(w, "}");
}

void ses__phase_log_text(struct jsonw *w, const struct ses_session *s)
{
	jsonw_lit(w, "[");
	for (size_t i = 0; i < s->phase_log.count; i++) {
		if (i)
			jsonw_lit(w, ",");
		jsonw_lit(w, "{\"index\":");
		jsonw_int(w, s->phase_log.items[i].phase);
		jsonw_lit(w, ",\"started_at\":");
		jsonw_int(w, s->phase_log.items[i].at);
		jsonw_lit(w, "}");
	}
	jsonw_lit(w, "]");
}

void ses_my_votes_text(const struct ses_session *s, int64_t pid, struct jsonw *w)
{
	int first = 1;

	jsonw_lit(w, "{");
	for (size_t i = 0; i < s->votes.count; i++) {
		const struct ses_vote *v = &s->votes.items[i];

		if (v->pid != pid || v->n == 0)
			continue;
		if (!first)
			jsonw_lit(w, ",");
		first = 0;
		jsonw_id(w, v->cluster);
		jsonw_lit(w, ":");
		jsonw_int(w, v->n);
	}
	jsonw_lit(w, "}");
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
	case SES_OP_SCREEN: return "screen.changed";
	case SES_OP_PERSONA: return "persona.changed";
	case SES_OP_JOIN:
	case SES_OP_ONLINE: return "participant.joined";
	case SES_OP_OFFLINE: return "participant.left";
	}
	return "unknown";
}

static void ids_text(struct jsonw *w, const int64_t *ids, size_t n)
{
	jsonw_lit(w, "[");
	for (size_t i = 0; i < n; i++) {
		if (i)
			jsonw_lit(w, ",");
		jsonw_id(w, ids[i]);
	}
	jsonw_lit(w, "]");
}

/* The fields after "type" and "seq"; 0, or -1 when what the op names is gone. */
static int event_body(struct jsonw *w, const struct ses_session *s, const struct ses_op *op,
                      const struct ses_viewer *v, int variant)
{
	const struct ses_note *n;
	const struct ses_cluster *c;
	const struct ses_participant *p;

	switch (op->kind) {
	case SES_OP_NOTE_ADD:
	case SES_OP_NOTE_EDIT:
	case SES_OP_NOTE_ESSENCE:
	case SES_OP_NOTE_MOVE:
		if (!(n = ses__note(s, op->id)))
			return -1;
		jsonw_lit(w, ",\"note\":");
		ses__note_text(w, n, variant == SES_VARIANT_FULL);
		break;
	case SES_OP_NOTE_DELETE:
		jsonw_lit(w, ",\"id\":");
		jsonw_id(w, op->id);
		jsonw_lit(w, ",\"phase\":");
		jsonw_int(w, op->phase);
		break;
	case SES_OP_CLUSTER_ADD:
	case SES_OP_CLUSTER_EDIT:
		if (!(c = ses__cluster(s, op->id)))
			return -1;
		jsonw_lit(w, ",\"cluster\":");
		cluster_text(w, c, ses__votes_visible(s, v));
		break;
	case SES_OP_CLUSTER_DELETE:
		jsonw_lit(w, ",\"id\":");
		jsonw_id(w, op->id);
		jsonw_lit(w, ",\"notes\":");
		ids_text(w, s->moved.items, s->moved.count);
		break;
	case SES_OP_VOTE:
		jsonw_lit(w, ",\"cluster\":");
		jsonw_id(w, op->cluster);
		c = ses__cluster(s, op->cluster);
		if (variant == SES_VARIANT_FULL && c) {
			jsonw_lit(w, ",\"votes\":");
			jsonw_int(w, c->votes);
		}
		if (variant == SES_VARIANT_ACTOR) {
			jsonw_lit(w, ",\"my_votes\":");
			ses_my_votes_text(s, op->pid, w);
		}
		/* Who has dots left is a count, not a choice: the facilitator and the screens see
		 * it (progress); participants get the event as the contract has it. */
		if ((variant == SES_VARIANT_FULL || variant == SES_VARIANT_COUNTS) &&
		    (p = ses__participant(s, op->pid))) {
			jsonw_lit(w, ",\"participant\":");
			jsonw_id(w, p->id);
			jsonw_lit(w, ",\"dots_used\":");
			jsonw_int(w, p->dots);
		}
		break;
	case SES_OP_PHASE_SET:
		jsonw_lit(w, ",\"phase\":");
		jsonw_int(w, op->phase);
		if (variant == SES_VARIANT_FULL) {
			jsonw_lit(w, ",\"clusters\":");
			ses__clusters_text(w, s, 1);
		}
		jsonw_lit(w, ",\"timer\":");
		ses__timer_text(w, s);
		break;
	case SES_OP_TIMER:
		jsonw_lit(w, ",\"timer\":");
		ses__timer_text(w, s);
		break;
	case SES_OP_REVEAL: {
		int first = 1;

		jsonw_lit(w, ",\"phase\":");
		jsonw_int(w, op->phase);
		jsonw_lit(w, ",\"notes\":[");
		for (size_t i = 0; i < s->notes.count; i++) {
			if (s->notes.items[i].phase != op->phase)
				continue;
			if (!first)
				jsonw_lit(w, ",");
			first = 0;
			ses__note_text(w, &s->notes.items[i], 1);
		}
		jsonw_lit(w, "]");
		break;
	}
	case SES_OP_SUMMARY:
		jsonw_lit(w, ",\"summary\":");
		jsonw_str(w, s->summary);
		break;
	case SES_OP_END:
		jsonw_lit(w, ",\"status\":\"ended\"");
		break;
	case SES_OP_SCREEN:
		jsonw_lit(w, ",\"screen\":");
		ses__screen_text(w, s);
		break;
	case SES_OP_PERSONA:
		ses__persona_event_text(w, s, op->phase);
		break;
	case SES_OP_JOIN:
	case SES_OP_ONLINE:
	case SES_OP_OFFLINE:
		if (!(p = ses__participant(s, op->id)))
			return -1;
		jsonw_lit(w, ",\"participant\":");
		ses__participant_text(w, p, 1);
		break;
	}
	return 0;
}

char *ses_event_text(const struct ses_session *s, const struct ses_op *op,
                     const struct ses_viewer *v, size_t *len)
{
	struct jsonw w = { 0 };

	jsonw_lit(&w, "{\"type\":");
	jsonw_str(&w, event_type(op->kind));
	jsonw_lit(&w, ",\"seq\":");
	jsonw_int(&w, op->seq);
	if (event_body(&w, s, op, v, ses_event_variant(s, op, v)) < 0) {
		jsonw_free(&w);
		return NULL;
	}
	jsonw_lit(&w, "}");
	return jsonw_finish(&w, len);
}

cJSON *ses_event_json(const struct ses_session *s, const struct ses_op *op,
                      const struct ses_viewer *v)
{
	char *text = ses_event_text(s, op, v, NULL);
	cJSON *o = text ? cJSON_Parse(text) : NULL;

	free(text);
	return o;
}
