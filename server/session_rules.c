/* The rules of a session: for each request, who may send it, in which phase, with which
 * fields. ses_prepare() only reads the session; it describes the change in a struct ses_op
 * or returns the protocol's error code with a message a developer can act on. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "tafel/error.h"
#include "tafel/text.h"
#include "session_internal.h"

/* Every rule's error goes through ses__err() (session.c), here under a short name. */
#define err ses__err

/* A field that must be a string within a limit. */
static int need_text(const cJSON *req, const char *name, int max, int allow_empty,
                     const char **out, char *msg, size_t msglen)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(req, name);
	int rc;

	if (!v)
		return err(TF_E_INVALID, msg, msglen, "\"%s\" is missing", name);
	if (!cJSON_IsString(v))
		return err(TF_E_INVALID, msg, msglen, "\"%s\" must be a string", name);
	rc = text_check(v->valuestring, max, allow_empty);
	if (rc == TF_E_TOO_LARGE)
		return err(rc, msg, msglen, "\"%s\" is longer than %d characters", name, max);
	if (rc < 0)
		return err(rc, msg, msglen, "\"%s\" must be %stext in UTF-8 without NUL", name,
		           allow_empty ? "" : "non-empty ");
	*out = v->valuestring;
	return TF_OK;
}

/* A field that must be a whole number in [lo, hi]. */
static int need_int(const cJSON *req, const char *name, int lo, int hi, int *out, char *msg,
                    size_t msglen)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(req, name);
	double d;

	if (!v)
		return err(TF_E_INVALID, msg, msglen, "\"%s\" is missing", name);
	if (!cJSON_IsNumber(v))
		return err(TF_E_INVALID, msg, msglen, "\"%s\" must be a number", name);
	d = v->valuedouble;
	if (!isfinite(d) || d != floor(d) || d < lo || d > hi)
		return err(TF_E_INVALID, msg, msglen, "\"%s\" must be a whole number from %d to %d",
		           name, lo, hi);
	*out = (int)d;
	return TF_OK;
}

static int need_id(const cJSON *req, const char *name, int64_t *out, char *msg, size_t msglen)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(req, name);
	int rc;

	if (!v)
		return err(TF_E_INVALID, msg, msglen, "\"%s\" is missing", name);
	rc = ses__parse_id(v, out);
	if (rc == TF_E_INVALID)
		return err(rc, msg, msglen, "\"%s\" must be a string id", name);
	if (rc < 0)
		return err(rc, msg, msglen, "no %s \"%s\" in this session", name, v->valuestring);
	return TF_OK;
}

static int find_note(const struct ses_session *s, const struct ses_viewer *who,
                     const cJSON *req, struct ses_note **out, char *msg, size_t msglen)
{
	int64_t id;
	int rc = need_id(req, "id", &id, msg, msglen);

	if (rc < 0)
		return rc;
	*out = ses__note(s, id);
	/* A note the sender may not read does not exist for it. */
	if (!*out || !ses__note_visible(s, *out, who))
		return err(TF_E_NOT_FOUND, msg, msglen, "no note \"%s\" in this session",
		           cJSON_GetObjectItem(req, "id")->valuestring);
	return TF_OK;
}

static int find_cluster(const struct ses_session *s, const cJSON *req, const char *name,
                        struct ses_cluster **out, char *msg, size_t msglen)
{
	int64_t id;
	int rc = need_id(req, name, &id, msg, msglen);

	if (rc < 0)
		return rc;
	*out = ses__cluster(s, id);
	if (!*out)
		return err(TF_E_NOT_FOUND, msg, msglen, "no cluster \"%s\" in this session",
		           cJSON_GetObjectItem(req, name)->valuestring);
	return TF_OK;
}

static const struct ses_cid *find_cid(const struct ses_session *s, int64_t pid, const char *cid)
{
	for (size_t i = 0; i < s->cids.count; i++)
		if (s->cids.items[i].pid == pid && strcmp(s->cids.items[i].cid, cid) == 0)
			return &s->cids.items[i];
	return NULL;
}

/* A locked timer at zero closes participants' changes in the current phase. */
static int locked(struct ses_op *op, char *msg, size_t msglen)
{
	op->kind = -1;
	return err(TF_E_PHASE_CLOSED, msg, msglen,
	           "time is up: the facilitator locked this step when the timer reached zero");
}

/* The count limits of a note.add. The cids count too: one is kept for each note written
 * with a cid, also after that note is deleted (so that a resend still gets its first
 * answer), and counting the larger of notes and cids bounds both, so that writing and
 * deleting in turn cannot grow a session without end either. A facilitator, who may type
 * in a room's paper notes, is bounded by the session's limit alone. */
static int notes_limit(const struct ses_session *s, const struct ses_viewer *who,
                       const struct tf_limits *lim, char *msg, size_t msglen)
{
	size_t per_session = (size_t)lim->notes_per_session;
	size_t per_participant = (size_t)lim->notes_per_participant;
	size_t notes = 0, cids = 0;

	if (s->notes.count >= per_session || s->cids.count >= per_session)
		return err(TF_E_LIMIT_REACHED, msg, msglen,
		           "the session holds its maximum of %d notes", lim->notes_per_session);
	/* No one has more than the whole session: the scan is only needed near the limit. */
	if (who->role != SES_PARTICIPANT ||
	    (s->notes.count < per_participant && s->cids.count < per_participant))
		return TF_OK;
	for (size_t i = 0; i < s->notes.count; i++)
		notes += s->notes.items[i].author == who->pid;
	for (size_t i = 0; i < s->cids.count; i++)
		cids += s->cids.items[i].pid == who->pid;
	if (notes >= per_participant || cids >= per_participant)
		return err(TF_E_LIMIT_REACHED, msg, msglen,
		           "you have written the maximum of %d notes for one participant",
		           lim->notes_per_participant);
	return TF_OK;
}

static int note_add(const struct ses_session *s, const struct ses_viewer *who,
                    const cJSON *req, int64_t now, const struct tf_limits *lim,
                    struct ses_op *op, char *msg, size_t msglen)
{
	const cJSON *cid = cJSON_GetObjectItemCaseSensitive(req, "cid");
	const struct ses_phase_info *p;
	int rc;

	if (cid) {
		const struct ses_cid *seen;

		if ((rc = need_text(req, "cid", lim->cid_chars, 0, &op->cid, msg, msglen)) < 0)
			return rc;
		seen = find_cid(s, who->pid, op->cid);
		if (seen) {
			op->dup_id = seen->note;
			return TF_OK;
		}
	}
	if (s->status == SES_ENDED)
		return err(TF_E_PHASE_CLOSED, msg, msglen, "the session has ended");
	if (who->role == SES_PARTICIPANT && ses__timer_locked(s, now))
		return locked(op, msg, msglen);
	if ((rc = need_int(req, "phase", 0, s->nphases - 1, &op->phase, msg, msglen)) < 0 ||
	    (rc = need_text(req, "text", lim->note_chars, 0, &op->text, msg, msglen)) < 0)
		return rc;
	p = &s->phases[op->phase];
	if (who->role == SES_PARTICIPANT) {
		if (op->phase != s->phase)
			return err(TF_E_PHASE_CLOSED, msg, msglen,
			           "phase %d is not the current phase (%d)", op->phase, s->phase);
		if (p->kind == SES_KIND_INTRO || p->kind == SES_KIND_CLUSTER ||
		    p->kind == SES_KIND_VOTE || p->kind == SES_KIND_WRAP_UP)
			return err(TF_E_PHASE_CLOSED, msg, msglen, "a phase of kind %s takes no notes",
			           ses__kind_name(p->kind));
	}
	if (p->kind == SES_KIND_EMPATHY_MAP) {
		const cJSON *q = cJSON_GetObjectItemCaseSensitive(req, "quadrant");
		static const char *const quadrants[] = { "thinks", "feels", "says", "does" };

		if (!q)
			return err(TF_E_INVALID, msg, msglen,
			           "\"quadrant\" is missing: an empathy map needs thinks, feels, says or does");
		for (int i = 0; i < 4 && cJSON_IsString(q); i++)
			if (strcmp(q->valuestring, quadrants[i]) == 0)
				op->quadrant = quadrants[i];
		if (!op->quadrant)
			return err(TF_E_INVALID, msg, msglen,
			           "\"quadrant\" must be thinks, feels, says or does");
	}
	if ((rc = notes_limit(s, who, lim, msg, msglen)) < 0)
		return rc;
	op->kind = SES_OP_NOTE_ADD;
	return TF_OK;
}

static int note_change(const struct ses_session *s, const struct ses_viewer *who,
                       const char *type, const cJSON *req, const struct tf_limits *lim,
                       struct ses_op *op, char *msg, size_t msglen)
{
	struct ses_note *n;
	int64_t id;
	int rc;

	if (strcmp(type, "note.essence") == 0) {
		/* The phase rules come before privacy: they hold for any note, seen or not. */
		if ((rc = need_id(req, "id", &id, msg, msglen)) < 0)
			return rc;
		n = ses__note(s, id);
		if (n && s->phases[n->phase].kind != SES_KIND_BAD_IDEAS)
			return err(TF_E_INVALID, msg, msglen,
			           "only notes of a bad_ideas phase have an essence");
		if (n && s->phase < n->phase)
			return err(TF_E_PHASE_CLOSED, msg, msglen,
			           "the note's phase %d has not started yet", n->phase);
		if ((rc = find_note(s, who, req, &n, msg, msglen)) < 0 ||
		    (rc = need_text(req, "text", lim->note_chars, 1, &op->text, msg, msglen)) < 0)
			return rc;
		op->id = n->id;
		op->phase = n->phase;
		op->kind = SES_OP_NOTE_ESSENCE;
		return TF_OK;
	}
	if (strcmp(type, "note.move") != 0 && who->role != SES_FACILITATOR) {
		/* Editing or deleting another's note is forbidden, seen or not: its id was in the
		 * reduced event anyway, so refusing it as unknown would hide nothing. */
		if ((rc = need_id(req, "id", &id, msg, msglen)) < 0)
			return rc;
		n = ses__note(s, id);
		if (n && n->author != who->pid)
			return err(TF_E_FORBIDDEN, msg, msglen, "only its author or the facilitator may %s a note",
			           strcmp(type, "note.edit") == 0 ? "edit" : "delete");
	}
	if ((rc = find_note(s, who, req, &n, msg, msglen)) < 0)
		return rc;
	op->id = n->id;
	op->phase = n->phase;
	if (strcmp(type, "note.move") == 0) {
		const cJSON *c = cJSON_GetObjectItemCaseSensitive(req, "cluster");
		struct ses_cluster *cl;

		if (who->role != SES_FACILITATOR)
			return err(TF_E_FORBIDDEN, msg, msglen, "only the facilitator moves notes");
		if (!c)
			return err(TF_E_INVALID, msg, msglen,
			           "\"cluster\" is missing (null takes the note out)");
		if (!cJSON_IsNull(c)) {
			if ((rc = find_cluster(s, req, "cluster", &cl, msg, msglen)) < 0)
				return rc;
			op->cluster = cl->id;
		}
		op->kind = SES_OP_NOTE_MOVE;
		return TF_OK;
	}
	if (who->role != SES_FACILITATOR && n->author != who->pid)
		return err(TF_E_FORBIDDEN, msg, msglen, "only its author or the facilitator may %s a note",
		           strcmp(type, "note.edit") == 0 ? "edit" : "delete");
	if (strcmp(type, "note.edit") == 0) {
		if ((rc = need_text(req, "text", lim->note_chars, 0, &op->text, msg, msglen)) < 0)
			return rc;
		op->kind = SES_OP_NOTE_EDIT;
	} else {
		op->kind = SES_OP_NOTE_DELETE;
	}
	return TF_OK;
}

static int cluster_change(const struct ses_session *s, const char *type, const cJSON *req,
                          const struct tf_limits *lim, struct ses_op *op, char *msg,
                          size_t msglen)
{
	struct ses_cluster *c;
	int rc;

	if (strcmp(type, "cluster.add") == 0) {
		if ((rc = need_text(req, "title", lim->title_chars, 0, &op->text, msg, msglen)) < 0)
			return rc;
		op->text2 = "";
		if (cJSON_GetObjectItemCaseSensitive(req, "description") &&
		    (rc = need_text(req, "description", lim->description_chars, 1, &op->text2, msg,
		                    msglen)) < 0)
			return rc;
		if (s->clusters.count >= (size_t)lim->clusters_per_session)
			return err(TF_E_LIMIT_REACHED, msg, msglen,
			           "the session has its maximum of %d clusters", lim->clusters_per_session);
		op->kind = SES_OP_CLUSTER_ADD;
		return TF_OK;
	}
	if ((rc = find_cluster(s, req, "id", &c, msg, msglen)) < 0)
		return rc;
	op->id = c->id;
	if (strcmp(type, "cluster.delete") == 0) {
		op->kind = SES_OP_CLUSTER_DELETE;
		return TF_OK;
	}
	if (cJSON_GetObjectItemCaseSensitive(req, "title")) {
		if ((rc = need_text(req, "title", lim->title_chars, 0, &op->text, msg, msglen)) < 0)
			return rc;
		op->flags |= SES_F_TITLE;
	}
	if (cJSON_GetObjectItemCaseSensitive(req, "description")) {
		rc = need_text(req, "description", lim->description_chars, 1, &op->text2, msg, msglen);
		if (rc < 0)
			return rc;
		op->flags |= SES_F_DESCRIPTION;
	}
	op->kind = SES_OP_CLUSTER_EDIT;
	return TF_OK;
}

static int vote(const struct ses_session *s, const struct ses_viewer *who, const cJSON *req,
                struct ses_op *op, char *msg, size_t msglen)
{
	const struct ses_phase_info *p = &s->phases[s->phase];
	const cJSON *d = cJSON_GetObjectItemCaseSensitive(req, "delta");
	struct ses_cluster *c;
	struct ses_vote *v;
	int rc, have;

	if (who->role != SES_PARTICIPANT)
		return err(TF_E_FORBIDDEN, msg, msglen, "only participants vote");
	if ((rc = find_cluster(s, req, "cluster", &c, msg, msglen)) < 0)
		return rc;
	if (!d)
		return err(TF_E_INVALID, msg, msglen, "\"delta\" is missing");
	if (!cJSON_IsNumber(d) || (d->valuedouble != 1.0 && d->valuedouble != -1.0))
		return err(TF_E_INVALID, msg, msglen, "\"delta\" must be 1 or -1");
	if (p->kind != SES_KIND_VOTE)
		return err(TF_E_PHASE_CLOSED, msg, msglen, "voting is only open in a vote phase");
	v = ses__vote(s, who->pid, c->id);
	have = v ? v->n : 0;
	op->delta = (int)d->valuedouble;
	if (op->delta > 0 && ses__votes_of(s, who->pid) >= p->votes_per_participant)
		return err(TF_E_VOTE_BUDGET, msg, msglen, "all %d dots are spent; take one back first",
		           p->votes_per_participant);
	if (op->delta < 0 && have == 0)
		return err(TF_E_VOTE_BUDGET, msg, msglen, "there is no dot of yours on this cluster");
	op->kind = SES_OP_VOTE;
	op->cluster = c->id;
	op->count = have + op->delta;
	return TF_OK;
}

static int facilitator_only(const char *type)
{
	static const char *const types[] = {
		"cluster.add", "cluster.edit", "cluster.delete", "note.move", "phase.set",
		"timer.start", "timer.add", "timer.pause", "timer.resume", "timer.stop", "reveal",
		"summary.set", "session.end", "screen.set", "persona.synthesis", NULL,
	};

	for (int i = 0; types[i]; i++)
		if (strcmp(types[i], type) == 0)
			return 1;
	return 0;
}

int ses_is_change_type(const char *type)
{
	static const char *const types[] = {
		"note.add", "note.edit", "note.delete", "note.essence", "vote", NULL,
	};

	if (facilitator_only(type))
		return 1;
	for (int i = 0; types[i]; i++)
		if (strcmp(types[i], type) == 0)
			return 1;
	return 0;
}

int ses_prepare(const struct ses_session *s, const struct ses_viewer *who, const char *type,
                const cJSON *req, int64_t now, const struct tf_limits *lim,
                struct ses_op *op, char *msg, size_t msglen)
{
	int rc;

	memset(op, 0, sizeof *op);
	op->now = now;
	op->seq = s->seq + 1;
	op->pid = who->pid;
	op->kind = -1;
	if (!ses_is_change_type(type))
		return err(TF_E_UNKNOWN_TYPE, msg, msglen, "unknown request type \"%s\"", type);
	if (who->role == SES_SCREEN)
		return err(TF_E_FORBIDDEN, msg, msglen, "a room screen is read-only");
	if (who->role != SES_FACILITATOR && facilitator_only(type))
		return err(TF_E_FORBIDDEN, msg, msglen, "only the facilitator may send %s", type);

	if (strcmp(type, "note.add") == 0)
		return note_add(s, who, req, now, lim, op, msg, msglen);
	/* What the screen shows may still change after the end: the results, the spotlight. */
	if (strcmp(type, "screen.set") == 0)
		return ses__screen_prepare(s, req, op, msg, msglen);
	/* The synthesis is often written after the session, with the notes beside it. */
	if (strcmp(type, "persona.synthesis") == 0)
		return ses__persona_prepare(s, req, lim, op, msg, msglen);
	if (s->status == SES_ENDED)
		return err(TF_E_PHASE_CLOSED, msg, msglen, "the session has ended");
	if (strncmp(type, "note.", 5) == 0) {
		if ((rc = note_change(s, who, type, req, lim, op, msg, msglen)) < 0)
			return rc;
		if (who->role == SES_PARTICIPANT && op->kind != SES_OP_NOTE_DELETE &&
		    op->phase == s->phase && ses__timer_locked(s, now))
			return locked(op, msg, msglen);
		return TF_OK;
	}
	if (strncmp(type, "cluster.", 8) == 0)
		return cluster_change(s, type, req, lim, op, msg, msglen);
	if (strcmp(type, "vote") == 0) {
		if ((rc = vote(s, who, req, op, msg, msglen)) < 0)
			return rc;
		return ses__timer_locked(s, now) ? locked(op, msg, msglen) : TF_OK;
	}
	if (strncmp(type, "timer.", 6) == 0)
		return ses__timer_prepare(s, type, req, now, lim, op, msg, msglen);
	if (strcmp(type, "phase.set") == 0) {
		if ((rc = need_int(req, "index", 0, s->nphases - 1, &op->phase, msg, msglen)) < 0 ||
		    (rc = ses__phase_timer_prepare(req, now, lim, op, msg, msglen)) < 0)
			return rc;
		op->kind = SES_OP_PHASE_SET;
		return TF_OK;
	}
	if (strcmp(type, "reveal") == 0) {
		if ((rc = need_int(req, "phase", 0, s->nphases - 1, &op->phase, msg, msglen)) < 0)
			return rc;
		op->kind = SES_OP_REVEAL;
		return TF_OK;
	}
	if (strcmp(type, "summary.set") == 0) {
		if ((rc = need_text(req, "text", lim->summary_chars, 1, &op->text, msg, msglen)) < 0)
			return rc;
		op->kind = SES_OP_SUMMARY;
		return TF_OK;
	}
	op->kind = SES_OP_END;
	return TF_OK;
}

/* ---- joining ---- */

static struct ses_participant *by_token(const struct ses_session *s, const char *token)
{
	uint8_t hash[SECRET_HASH_LEN];
	struct ses_participant *found = NULL;

	secret_hash(token, hash);
	/* Every entry is compared, so the time taken does not tell which one matched. */
	for (size_t i = 0; i < s->participants.count; i++)
		if (secret_hash_equal(s->participants.items[i].token_hash, hash))
			found = &s->participants.items[i];
	return found;
}

static struct ses_participant *facilitator(const struct ses_session *s)
{
	for (size_t i = 0; i < s->participants.count; i++)
		if (s->participants.items[i].role == SES_FACILITATOR)
			return &s->participants.items[i];
	return NULL;
}

static void online(const struct ses_session *s, const struct ses_participant *p, struct ses_op *op)
{
	op->id = p->id;
	op->pid = p->id;
	/* A second connection of someone already online changes nothing. */
	op->kind = p->connections > 0 ? (enum ses_op_kind)-1 : SES_OP_ONLINE;
}

int ses_prepare_join(const struct ses_session *s, const cJSON *req, int64_t now,
                     const struct tf_limits *lim, struct ses_viewer *who, struct ses_op *op,
                     char *msg, size_t msglen)
{
	const cJSON *key = cJSON_GetObjectItemCaseSensitive(req, "facilitator_key");
	const cJSON *token = cJSON_GetObjectItemCaseSensitive(req, "token");
	const cJSON *screen = cJSON_GetObjectItemCaseSensitive(req, "screen");
	const cJSON *bgs, *bg;
	const char *name, *background;
	int rc;

	memset(op, 0, sizeof *op);
	op->now = now;
	op->seq = s->seq + 1;
	op->kind = -1;
	if (screen && cJSON_IsTrue(screen)) {
		who->role = SES_SCREEN;
		who->pid = 0;
		return TF_OK;
	}
	if (token) {
		struct ses_participant *p;

		if (!cJSON_IsString(token))
			return err(TF_E_INVALID, msg, msglen, "\"token\" must be a string");
		p = by_token(s, token->valuestring);
		if (!p)
			return err(TF_E_FORBIDDEN, msg, msglen, "this token belongs to no one in the session");
		who->role = p->role;
		who->pid = p->id;
		online(s, p, op);
		return TF_OK;
	}
	if (key) {
		uint8_t hash[SECRET_HASH_LEN];
		struct ses_participant *p;
		const cJSON *n = cJSON_GetObjectItemCaseSensitive(req, "name");
		int is_fac, is_event;

		if (!cJSON_IsString(key))
			return err(TF_E_INVALID, msg, msglen, "\"facilitator_key\" must be a string");
		secret_hash(key->valuestring, hash);
		/* Both are compared, so the time taken does not tell which key it was. */
		is_fac = secret_hash_equal(hash, s->facilitator_hash);
		is_event = secret_hash_equal(hash, s->event_hash) && s->has_event_hash;
		if (!is_fac && !is_event)
			return err(TF_E_FORBIDDEN, msg, msglen, "wrong facilitator key for this session");
		who->role = SES_FACILITATOR;
		p = facilitator(s);
		if (p) {
			who->pid = p->id;
			online(s, p, op);
			return TF_OK;
		}
		op->kind = SES_OP_JOIN;
		op->role = SES_FACILITATOR;
		op->text = s->language[0] == 'n' ? "Gespreksleider" : "Facilitator";
		if (n && cJSON_IsString(n) && text_check(n->valuestring, lim->name_chars, 0) == 0)
			op->text = n->valuestring;
		op->text2 = "";
		return TF_OK;
	}
	if (s->status == SES_ENDED)
		return err(TF_E_PHASE_CLOSED, msg, msglen, "the session has ended: no new participants");
	if ((rc = need_text(req, "name", lim->name_chars, 0, &name, msg, msglen)) < 0)
		return rc;
	if (!cJSON_GetObjectItemCaseSensitive(req, "background"))
		return err(TF_E_INVALID, msg, msglen, "\"background\" is missing");
	if ((rc = need_text(req, "background", 200, 0, &background, msg, msglen)) < 0)
		return err(TF_E_INVALID, msg, msglen, "\"background\" must be one of the session's backgrounds");
	bgs = cJSON_GetObjectItem(s->snap, "backgrounds");
	op->text2 = NULL;
	cJSON_ArrayForEach(bg, bgs)
		if (strcmp(bg->valuestring, background) == 0)
			op->text2 = bg->valuestring;
	if (!op->text2)
		return err(TF_E_INVALID, msg, msglen, "\"background\" must be one of the session's backgrounds");
	if (ses_participant_count(s) >= lim->participants_per_session)
		return err(TF_E_SESSION_FULL, msg, msglen, "the session has its maximum of %d participants",
		           lim->participants_per_session);
	who->role = SES_PARTICIPANT;
	op->kind = SES_OP_JOIN;
	op->role = SES_PARTICIPANT;
	op->text = name;
	return TF_OK;
}

int ses_prepare_offline(const struct ses_session *s, int64_t pid, int64_t now,
                        struct ses_op *op)
{
	struct ses_participant *p = ses__participant(s, pid);

	memset(op, 0, sizeof *op);
	if (!p || p->connections > 1)
		return -1;
	op->kind = SES_OP_OFFLINE;
	op->id = pid;
	op->pid = pid;
	op->now = now;
	op->seq = s->seq + 1;
	return 0;
}
