/* The session model: creation from a template snapshot, lookups, restore from the store,
 * and ses_apply(), the one place where a prepared change becomes true in memory. */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tafel/error.h"
#include "session_internal.h"

static const char *const kind_names[] = {
	"intro", "empathy_map", "bad_ideas", "ideal_ideas", "cluster", "vote", "elaborate",
	"wrap_up",
};

const char *ses__kind_name(enum ses_kind kind)
{
	return kind_names[kind];
}

int ses__err(int code, char *msg, size_t msglen, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, msglen, fmt, ap);
	va_end(ap);
	return code;
}

int ses__grow(void **items, size_t *cap, size_t count, size_t size)
{
	void *grown;
	size_t ncap;

	if (count < *cap)
		return TF_OK;
	ncap = *cap ? *cap * 2 : 8;
	grown = realloc(*items, ncap * size);
	if (!grown)
		return TF_E_NOMEM;
	*items = grown;
	*cap = ncap;
	return TF_OK;
}

struct ses_session *ses_new(int64_t id, const char *code, const char *template_id,
                            cJSON *snapshot, int64_t created_at)
{
	struct ses_session *s = calloc(1, sizeof *s);
	const cJSON *ph;
	int i = 0;

	if (!s) {
		cJSON_Delete(snapshot);
		return NULL;
	}
	s->id = id;
	snprintf(s->code, sizeof s->code, "%s", code);
	s->snap = snapshot;
	s->template_id = strdup(template_id);
	s->summary = strdup("");
	s->created_at = created_at;
	s->screen.flags = SES_SCREEN_DEFAULT;
	s->nphases = cJSON_GetArraySize(cJSON_GetObjectItem(snapshot, "phases"));
	s->phases = calloc((size_t)(s->nphases ? s->nphases : 1), sizeof *s->phases);
	if (!s->template_id || !s->summary || !s->phases || ses__persona_init(s) < 0) {
		ses_free(s);
		return NULL;
	}
	s->title = cJSON_GetObjectItem(snapshot, "title")->valuestring;
	s->problem = cJSON_GetObjectItem(snapshot, "problem")->valuestring;
	s->language = cJSON_GetObjectItem(snapshot, "language")->valuestring;
	cJSON_ArrayForEach(ph, cJSON_GetObjectItem(snapshot, "phases")) {
		struct ses_phase_info *p = &s->phases[i++];
		const char *kind = cJSON_GetObjectItem(ph, "kind")->valuestring;
		const cJSON *v;

		for (int k = 0; k < (int)(sizeof kind_names / sizeof *kind_names); k++)
			if (strcmp(kind_names[k], kind) == 0)
				p->kind = (enum ses_kind)k;
		p->is_private = cJSON_IsTrue(cJSON_GetObjectItem(ph, "private"));
		v = cJSON_GetObjectItem(ph, "votes_per_participant");
		p->votes_per_participant = v ? v->valueint : 0;
		v = cJSON_GetObjectItem(ph, "persona");
		p->persona = v ? v->valuestring : NULL;
	}
	return s;
}

void ses_free(struct ses_session *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->participants.count; i++) {
		free(s->participants.items[i].name);
		free(s->participants.items[i].background);
		free(s->participants.items[i].head);
	}
	for (size_t i = 0; i < s->notes.count; i++) {
		free(s->notes.items[i].text);
		free(s->notes.items[i].quadrant);
		free(s->notes.items[i].essence);
	}
	for (size_t i = 0; i < s->clusters.count; i++) {
		free(s->clusters.items[i].title);
		free(s->clusters.items[i].description);
	}
	for (size_t i = 0; i < s->cids.count; i++)
		free(s->cids.items[i].cid);
	free(s->participants.items);
	free(s->notes.items);
	free(s->clusters.items);
	free(s->votes.items);
	free(s->cids.items);
	free(s->phase_log.items);
	free(s->moved.items);
	free(s->phases);
	ses__persona_free(s);
	free(s->summary);
	free(s->template_id);
	cJSON_Delete(s->snap);
	free(s);
}

int64_t ses_id(const struct ses_session *s) { return s->id; }
const char *ses_code(const struct ses_session *s) { return s->code; }
int64_t ses_seq(const struct ses_session *s) { return s->seq; }
int ses_phase(const struct ses_session *s) { return s->phase; }
enum ses_status ses_status(const struct ses_session *s) { return s->status; }
const char *ses_title(const struct ses_session *s) { return s->title; }
int64_t ses_created_at(const struct ses_session *s) { return s->created_at; }
const cJSON *ses_snapshot(const struct ses_session *s) { return s->snap; }
const uint8_t *ses_facilitator_hash(const struct ses_session *s) { return s->facilitator_hash; }

int ses_participant_count(const struct ses_session *s)
{
	int n = 0;

	for (size_t i = 0; i < s->participants.count; i++)
		n += s->participants.items[i].role == SES_PARTICIPANT;
	return n;
}

/* Participants, notes and clusters are kept in ascending id order: the store loads them
 * ORDER BY id, and a new row's id is above every id in its table (SQLite's rowid), so
 * appending keeps the order (ses_restore_* refuse anything else). A lookup is then a binary
 * search: the hub asks for a note once per receiver of every note event, so a linear scan
 * made fan-out cost receivers x notes. */
#define FIND_BY_ID(list, id)                                                    \
	do {                                                                    \
		size_t lo = 0, hi = (list).count;                               \
		while (lo < hi) {                                               \
			size_t mid = lo + (hi - lo) / 2;                        \
			if ((list).items[mid].id < (id))                        \
				lo = mid + 1;                                   \
			else                                                    \
				hi = mid;                                       \
		}                                                               \
		return lo < (list).count && (list).items[lo].id == (id) ? &(list).items[lo] : NULL; \
	} while (0)

struct ses_participant *ses__participant(const struct ses_session *s, int64_t id)
{
	FIND_BY_ID(s->participants, id);
}

struct ses_note *ses__note(const struct ses_session *s, int64_t id)
{
	FIND_BY_ID(s->notes, id);
}

struct ses_cluster *ses__cluster(const struct ses_session *s, int64_t id)
{
	FIND_BY_ID(s->clusters, id);
}

/* Whether a row with this id may be appended without breaking the ascending order. */
#define APPENDS_IN_ORDER(list, id) ((list).count == 0 || (list).items[(list).count - 1].id < (id))

struct ses_vote *ses__vote(const struct ses_session *s, int64_t pid, int64_t cluster)
{
	for (size_t i = 0; i < s->votes.count; i++)
		if (s->votes.items[i].pid == pid && s->votes.items[i].cluster == cluster)
			return &s->votes.items[i];
	return NULL;
}

int ses__votes_of(const struct ses_session *s, int64_t pid)
{
	int n = 0;

	for (size_t i = 0; i < s->votes.count; i++)
		if (s->votes.items[i].pid == pid)
			n += s->votes.items[i].n;
	return n;
}

int ses__note_visible(const struct ses_session *s, const struct ses_note *n,
                      const struct ses_viewer *v)
{
	const struct ses_phase_info *p = &s->phases[n->phase];

	if (v->role == SES_FACILITATOR || !p->is_private || p->revealed)
		return 1;
	return v->role == SES_PARTICIPANT && v->pid == n->author;
}

int ses__votes_visible(const struct ses_session *s, const struct ses_viewer *v)
{
	return v->role == SES_FACILITATOR || s->phases[s->phase].kind != SES_KIND_VOTE;
}

int ses__parse_id(const cJSON *v, int64_t *out)
{
	const char *p;
	int64_t id = 0;

	if (!cJSON_IsString(v))
		return TF_E_INVALID;
	p = v->valuestring;
	/* Ids are strings: "03" is not "3". */
	if (*p == '\0' || *p == '0' || strlen(p) > 18)
		return TF_E_NOT_FOUND;
	for (; *p; p++) {
		if (*p < '0' || *p > '9')
			return TF_E_NOT_FOUND;
		id = id * 10 + (*p - '0');
	}
	if (id <= 0)
		return TF_E_NOT_FOUND;
	*out = id;
	return TF_OK;
}

cJSON *ses__id_json(int64_t id)
{
	char buf[24];

	snprintf(buf, sizeof buf, "%" PRId64, id);
	return cJSON_CreateString(buf);
}

cJSON *ses_id_json(int64_t id)
{
	return ses__id_json(id);
}

/* ---- restore ---- */

void ses_restore_runtime(struct ses_session *s, int phase, enum ses_status status, int64_t seq,
                         enum ses_timer_state ts, int64_t timer_value, int64_t ended_at)
{
	s->phase = phase >= 0 && phase < s->nphases ? phase : 0;
	s->status = status;
	s->seq = seq;
	s->timer_state = ts;
	s->timer_value = timer_value;
	s->ended_at = ended_at;
}

void ses_restore_event_hash(struct ses_session *s, const uint8_t *hash)
{
	memcpy(s->event_hash, hash, SECRET_HASH_LEN);
	s->has_event_hash = 1;
}

void ses_restore_timer_lock(struct ses_session *s, int lock)
{
	s->timer_lock = lock != 0;
}

void ses_restore_screen(struct ses_session *s, const struct ses_screen *screen)
{
	s->screen = *screen;
	if (s->screen.spot == SES_SPOT_QUADRANT)
		s->screen.spot_ref &= 3;
}

void ses_restore_facilitator_hash(struct ses_session *s, const uint8_t *hash)
{
	memcpy(s->facilitator_hash, hash, SECRET_HASH_LEN);
}

static int replace(char **dst, const char *src)
{
	char *copy = src ? strdup(src) : NULL;

	if (src && !copy)
		return TF_E_NOMEM;
	free(*dst);
	*dst = copy;
	return TF_OK;
}

int ses_restore_summary(struct ses_session *s, const char *summary)
{
	return replace(&s->summary, summary ? summary : "");
}

int ses_restore_participant(struct ses_session *s, int64_t id, const char *name,
                            const char *background, enum ses_role role, const uint8_t *hash,
                            int64_t joined_at)
{
	struct ses_participant *p;

	if (!APPENDS_IN_ORDER(s->participants, id))
		return TF_E_INVALID;
	p = SES_PUSH(s->participants);
	if (!p)
		return TF_E_NOMEM;
	memset(p, 0, sizeof *p);
	p->id = id;
	p->role = role;
	p->joined_at = joined_at;
	memcpy(p->token_hash, hash, SECRET_HASH_LEN);
	if (replace(&p->name, name) < 0 || replace(&p->background, background) < 0 ||
	    ses__participant_head(p) < 0)
		return TF_E_NOMEM;
	return TF_OK;
}

int ses_restore_note(struct ses_session *s, int64_t id, int phase, int64_t author,
                     const char *text, const char *quadrant, const char *essence,
                     int64_t cluster, int64_t created_at)
{
	struct ses_note *n;

	if (phase < 0 || phase >= s->nphases || !APPENDS_IN_ORDER(s->notes, id))
		return TF_E_INVALID;
	n = SES_PUSH(s->notes);
	if (!n)
		return TF_E_NOMEM;
	memset(n, 0, sizeof *n);
	n->id = id;
	n->phase = phase;
	n->author = author;
	n->cluster = cluster;
	n->created_at = created_at;
	if (replace(&n->text, text) < 0 || replace(&n->quadrant, quadrant) < 0 ||
	    replace(&n->essence, essence) < 0)
		return TF_E_NOMEM;
	return TF_OK;
}

int ses_restore_cluster(struct ses_session *s, int64_t id, const char *title,
                        const char *description, int64_t created_at)
{
	struct ses_cluster *c;

	if (!APPENDS_IN_ORDER(s->clusters, id))
		return TF_E_INVALID;
	c = SES_PUSH(s->clusters);
	if (!c)
		return TF_E_NOMEM;
	memset(c, 0, sizeof *c);
	c->id = id;
	c->created_at = created_at;
	if (replace(&c->title, title) < 0 || replace(&c->description, description ? description : "") < 0)
		return TF_E_NOMEM;
	return TF_OK;
}

int ses_restore_vote(struct ses_session *s, int64_t pid, int64_t cluster, int n)
{
	struct ses_cluster *c = ses__cluster(s, cluster);
	struct ses_participant *p = ses__participant(s, pid);
	struct ses_vote *v;

	if (!c)
		return TF_E_INVALID;
	v = SES_PUSH(s->votes);
	if (!v)
		return TF_E_NOMEM;
	v->pid = pid;
	v->cluster = cluster;
	v->n = n;
	c->votes += n;
	if (p)
		p->dots += n;
	return TF_OK;
}

int ses_restore_reveal(struct ses_session *s, int phase)
{
	if (phase < 0 || phase >= s->nphases)
		return TF_E_INVALID;
	s->phases[phase].revealed = 1;
	return TF_OK;
}

int ses_restore_cid(struct ses_session *s, int64_t pid, const char *cid, int64_t note)
{
	struct ses_cid *c = SES_PUSH(s->cids);

	if (!c)
		return TF_E_NOMEM;
	c->pid = pid;
	c->note = note;
	c->cid = strdup(cid);
	if (!c->cid) {
		s->cids.count--;
		return TF_E_NOMEM;
	}
	return TF_OK;
}

int ses_restore_phase_log(struct ses_session *s, int phase, int64_t at)
{
	struct ses_phase_mark *m = SES_PUSH(s->phase_log);

	if (!m)
		return TF_E_NOMEM;
	m->phase = phase;
	m->at = at;
	return TF_OK;
}

int ses_connections_add(struct ses_session *s, int64_t pid, int delta)
{
	struct ses_participant *p = ses__participant(s, pid);

	if (!p)
		return 0;
	p->connections += delta;
	if (p->connections < 0)
		p->connections = 0;
	return p->connections;
}

/* ---- apply ---- */

static void remove_note(struct ses_session *s, struct ses_note *n)
{
	free(n->text);
	free(n->quadrant);
	free(n->essence);
	/* Keep the order of the rest: the state lists notes in the order they were written. */
	memmove(n, n + 1, (size_t)(&s->notes.items[s->notes.count] - (n + 1)) * sizeof *n);
	s->notes.count--;
}

static void remove_cluster(struct ses_session *s, struct ses_cluster *c)
{
	int64_t id = c->id;
	size_t w = 0;

	s->moved.count = 0;
	for (size_t i = 0; i < s->notes.count; i++)
		if (s->notes.items[i].cluster == id) {
			int64_t *m = SES_PUSH(s->moved);

			/* The event's list of moved notes is a courtesy; without memory it is short. */
			if (m)
				*m = s->notes.items[i].id;
			s->notes.items[i].cluster = 0;
		}
	for (size_t i = 0; i < s->votes.count; i++) {
		struct ses_participant *p;

		if (s->votes.items[i].cluster != id)
			s->votes.items[w++] = s->votes.items[i];
		else if ((p = ses__participant(s, s->votes.items[i].pid)))
			p->dots -= s->votes.items[i].n;
	}
	s->votes.count = w;
	free(c->title);
	free(c->description);
	memmove(c, c + 1, (size_t)(&s->clusters.items[s->clusters.count] - (c + 1)) * sizeof *c);
	s->clusters.count--;
}

static int apply_vote(struct ses_session *s, const struct ses_op *op)
{
	struct ses_vote *v = ses__vote(s, op->pid, op->cluster);
	struct ses_cluster *c = ses__cluster(s, op->cluster);
	struct ses_participant *p = ses__participant(s, op->pid);

	if (!v) {
		v = SES_PUSH(s->votes);
		if (!v)
			return TF_E_NOMEM;
		v->pid = op->pid;
		v->cluster = op->cluster;
		v->n = 0;
	}
	c->votes += op->count - v->n;
	if (p)
		p->dots += op->count - v->n;
	v->n = op->count;
	return TF_OK;
}

int ses_apply(struct ses_session *s, const struct ses_op *op)
{
	struct ses_cluster *c;
	int rc = TF_OK;

	switch (op->kind) {
	case SES_OP_NOTE_ADD:
		rc = ses_restore_note(s, op->id, op->phase, op->pid, op->text,
		                      s->phases[op->phase].kind == SES_KIND_EMPATHY_MAP ? op->quadrant : NULL,
		                      NULL, 0, op->now);
		if (rc == TF_OK && op->cid)
			rc = ses_restore_cid(s, op->pid, op->cid, op->id);
		break;
	case SES_OP_NOTE_EDIT:
		rc = replace(&ses__note(s, op->id)->text, op->text);
		break;
	case SES_OP_NOTE_ESSENCE:
		rc = replace(&ses__note(s, op->id)->essence, op->text[0] ? op->text : NULL);
		break;
	case SES_OP_NOTE_DELETE:
		remove_note(s, ses__note(s, op->id));
		break;
	case SES_OP_NOTE_MOVE:
		ses__note(s, op->id)->cluster = op->cluster;
		break;
	case SES_OP_CLUSTER_ADD:
		rc = ses_restore_cluster(s, op->id, op->text, op->text2, op->now);
		break;
	case SES_OP_CLUSTER_EDIT:
		c = ses__cluster(s, op->id);
		if (op->flags & SES_F_TITLE)
			rc = replace(&c->title, op->text);
		if (rc == TF_OK && (op->flags & SES_F_DESCRIPTION))
			rc = replace(&c->description, op->text2);
		break;
	case SES_OP_CLUSTER_DELETE:
		remove_cluster(s, ses__cluster(s, op->id));
		break;
	case SES_OP_VOTE:
		rc = apply_vote(s, op);
		break;
	case SES_OP_PHASE_SET:
		s->phase = op->phase;
		s->timer_state = op->timer_state;
		s->timer_value = op->timer_value;
		s->timer_lock = op->timer_lock;
		s->screen.spot = SES_SPOT_NONE;
		s->screen.spot_ref = 0;
		rc = ses_restore_phase_log(s, op->phase, op->now);
		break;
	case SES_OP_TIMER:
		s->timer_state = op->timer_state;
		s->timer_value = op->timer_value;
		s->timer_lock = op->timer_lock;
		break;
	case SES_OP_REVEAL:
		s->phases[op->phase].revealed = 1;
		break;
	case SES_OP_SUMMARY:
		rc = replace(&s->summary, op->text);
		break;
	case SES_OP_END:
		s->status = SES_ENDED;
		s->ended_at = op->now;
		s->timer_state = SES_TIMER_NONE;
		s->timer_value = 0;
		s->timer_lock = 0;
		break;
	case SES_OP_SCREEN:
		s->screen = op->screen;
		break;
	case SES_OP_PERSONA:
		rc = ses__persona_apply(s, op->phase, op->text);
		break;
	case SES_OP_JOIN:
		rc = ses_restore_participant(s, op->id, op->text, op->text2, op->role,
		                             op->token_hash, op->now);
		break;
	case SES_OP_ONLINE:
	case SES_OP_OFFLINE:
		/* Presence lives in the connection count, which the hub keeps; only seq moves. */
		break;
	}
	if (rc == TF_OK)
		s->seq = op->seq;
	return rc;
}
