/* The session core: one live dialogue table in memory, and the rules of who may change what
 * in which phase. It does no I/O, so the unit tests drive it directly; the hub around it
 * stores each change in SQLite before anyone is told about it.
 *
 * A change goes through three steps: ses_prepare() checks a request against the rules and
 * describes the change in a struct ses_op (or returns the protocol's error code); the store
 * writes that op (and gives new rows their ids); ses_apply() then makes it true in memory.
 * Events and states are rendered per viewer, which is where privacy lives. */
#ifndef TAFEL_SESSION_H
#define TAFEL_SESSION_H

#include <stddef.h>
#include <stdint.h>
#include <cjson/cJSON.h>

#include "tafel/limits.h"
#include "tafel/secret.h"

struct ses_session;

enum ses_role { SES_PARTICIPANT = 0, SES_FACILITATOR = 1, SES_SCREEN = 2 };

/* Who receives a state or an event. A screen has pid 0. */
struct ses_viewer {
	enum ses_role role;
	int64_t pid;
};

enum ses_status { SES_OPEN = 0, SES_ENDED = 1 };

enum ses_op_kind {
	SES_OP_NOTE_ADD,
	SES_OP_NOTE_EDIT,
	SES_OP_NOTE_DELETE,
	SES_OP_NOTE_ESSENCE,
	SES_OP_NOTE_MOVE,
	SES_OP_CLUSTER_ADD,
	SES_OP_CLUSTER_EDIT,
	SES_OP_CLUSTER_DELETE,
	SES_OP_VOTE,
	SES_OP_PHASE_SET,
	SES_OP_TIMER,
	SES_OP_REVEAL,
	SES_OP_SUMMARY,
	SES_OP_END,
	SES_OP_SCREEN,   /* what the room screen shows (screen.set) */
	SES_OP_PERSONA,  /* a persona's synthesis (persona.synthesis) */
	SES_OP_JOIN,     /* a new participant or the facilitator's first join */
	SES_OP_ONLINE,   /* a known participant's first connection opened */
	SES_OP_OFFLINE,  /* a participant's last connection closed */
};

enum ses_timer_state { SES_TIMER_NONE = 0, SES_TIMER_RUNNING = 1, SES_TIMER_PAUSED = 2 };

/* What the room screen shows, set by the facilitator: flags, and one thing in the spotlight
 * (a note or cluster by id, a quadrant by its index in thinks, feels, says, does). */
#define SES_SCREEN_JOIN 1u      /* the join panel: code and QR code */
#define SES_SCREEN_PROGRESS 2u  /* progress counts */
#define SES_SCREEN_RESULTS 4u   /* the vote results, revealed */
#define SES_SCREEN_SOUND 8u     /* a sound when the timer reaches zero */
#define SES_SCREEN_DEFAULT SES_SCREEN_JOIN

enum ses_spot { SES_SPOT_NONE = 0, SES_SPOT_NOTE = 1, SES_SPOT_QUADRANT = 2, SES_SPOT_CLUSTER = 3 };

struct ses_screen {
	unsigned flags;
	enum ses_spot spot;
	int64_t spot_ref;
};

#define SES_F_TITLE 1u
#define SES_F_DESCRIPTION 2u

/* One change, as ses_prepare() describes it. Text pointers borrow from the request, which
 * must outlive ses_apply(). */
struct ses_op {
	enum ses_op_kind kind;
	int64_t seq;          /* the seq this change takes */
	int64_t now;
	int64_t id;           /* note, cluster or participant named; new rows: set by the store */
	int64_t cluster;      /* note.move target (0: none), vote target */
	int64_t pid;          /* the actor: author of a new note, voter, joiner */
	int phase;            /* note.add phase, phase.set index, reveal phase, persona index */
	int count;            /* vote: the voter's dots on that cluster after the change */
	int delta;            /* vote: +1 or -1 */
	unsigned flags;       /* SES_F_* for cluster.edit */
	const char *text;     /* note text, essence, cluster title, summary, joiner's name */
	const char *text2;    /* cluster description, joiner's background, persona id */
	const char *quadrant;
	const char *cid;
	enum ses_role role;   /* joiner's role */
	enum ses_timer_state timer_state;
	int64_t timer_value;  /* RUNNING: ends_at; PAUSED: remaining ms */
	int timer_lock;       /* at zero, participants' changes in the phase are closed */
	struct ses_screen screen; /* screen.set: the screen after the change */
	uint8_t token_hash[SECRET_HASH_LEN];
	int64_t dup_id;       /* nonzero: a cid sent before; answer ok with this id, no change */
};

/* Lifecycle. ses_new takes ownership of `snapshot` (a normalized template with the
 * session's own title, problem and language). Returns NULL when memory runs out. */
struct ses_session *ses_new(int64_t id, const char *code, const char *template_id,
                            cJSON *snapshot, int64_t created_at);
void ses_free(struct ses_session *s);

/* Identity and summary. */
int64_t ses_id(const struct ses_session *s);
const char *ses_code(const struct ses_session *s);
int64_t ses_seq(const struct ses_session *s);
int ses_phase(const struct ses_session *s);
enum ses_status ses_status(const struct ses_session *s);
const char *ses_title(const struct ses_session *s);
int64_t ses_created_at(const struct ses_session *s);
int ses_participant_count(const struct ses_session *s); /* role participant only */
const cJSON *ses_snapshot(const struct ses_session *s);
const uint8_t *ses_facilitator_hash(const struct ses_session *s);

/* Restoring a stored session, used by the store's loader. Each returns 0 or TF_E_NOMEM. */
void ses_restore_runtime(struct ses_session *s, int phase, enum ses_status status, int64_t seq,
                         enum ses_timer_state ts, int64_t timer_value, int64_t ended_at);
void ses_restore_timer_lock(struct ses_session *s, int lock);
int ses_restore_synthesis(struct ses_session *s, const char *persona, const char *text);
void ses_restore_screen(struct ses_session *s, const struct ses_screen *screen);
void ses_restore_facilitator_hash(struct ses_session *s, const uint8_t *hash);
int ses_restore_summary(struct ses_session *s, const char *summary);
int ses_restore_participant(struct ses_session *s, int64_t id, const char *name,
                            const char *background, enum ses_role role, const uint8_t *hash,
                            int64_t joined_at);
int ses_restore_note(struct ses_session *s, int64_t id, int phase, int64_t author,
                     const char *text, const char *quadrant, const char *essence,
                     int64_t cluster, int64_t created_at);
int ses_restore_cluster(struct ses_session *s, int64_t id, const char *title,
                        const char *description, int64_t created_at);
int ses_restore_vote(struct ses_session *s, int64_t pid, int64_t cluster, int n);
int ses_restore_reveal(struct ses_session *s, int phase);
int ses_restore_cid(struct ses_session *s, int64_t pid, const char *cid, int64_t note);
int ses_restore_phase_log(struct ses_session *s, int phase, int64_t at);

/* Rules. ses_prepare checks request `req` of type `type` from `who` at time `now` and fills
 * `op`; it changes nothing. Returns 0 or a TF_E_* code with a message in msg. */
int ses_prepare(const struct ses_session *s, const struct ses_viewer *who, const char *type,
                const cJSON *req, int64_t now, const struct tf_limits *lim,
                struct ses_op *op, char *msg, size_t msglen);

/* Whether `type` names a request that changes a session (note.add ... session.end). */
int ses_is_change_type(const char *type);

/* The rules of a join: a participant with name and background, the facilitator with its
 * key, or a resume with a token (a screen needs no check). On success *who is the identity
 * and op describes the change (SES_OP_JOIN, SES_OP_ONLINE) or has op->kind < 0 when the
 * join changes nothing (an identity that is online already). */
int ses_prepare_join(const struct ses_session *s, const cJSON *req, int64_t now,
                     const struct tf_limits *lim, struct ses_viewer *who, struct ses_op *op,
                     char *msg, size_t msglen);

/* The change when a participant's last connection closes; returns 0, or -1 when the
 * participant stays online (another connection). */
int ses_prepare_offline(const struct ses_session *s, int64_t pid, int64_t now,
                        struct ses_op *op);

/* Makes a prepared (and stored) op true in memory and advances seq. Returns 0 or
 * TF_E_NOMEM, in which case the session must be reloaded from the store. */
int ses_apply(struct ses_session *s, const struct ses_op *op);

/* Connection counting for presence; returns the participant's open connections after. */
int ses_connections_add(struct ses_session *s, int64_t pid, int delta);

/* Views. Each returns a new cJSON tree or text the caller frees, or NULL when memory runs
 * out. The state as it goes on the wire (text: cJSON_free it), and parsed. */
char *ses_state_text(const struct ses_session *s, const struct ses_viewer *v, int64_t now);
cJSON *ses_state_json(const struct ses_session *s, const struct ses_viewer *v, int64_t now);
struct jsonw;
/* A participant as a join's "you" ({"id","name","background","role"}), appended to w
 * (null when there is no such participant). */
void ses_participant_text(const struct ses_session *s, int64_t pid, struct jsonw *w);
/* A participant's own dots, {"<cluster id>": n}, appended to w. */
void ses_my_votes_text(const struct ses_session *s, int64_t pid, struct jsonw *w);
/* An id as the wire writes it: a string. */
cJSON *ses_id_json(int64_t id);
/* The event of an applied op as viewer v may see it: NUL-terminated JSON text the caller
 * frees (its length in *len when len is not NULL), or NULL. */
char *ses_event_text(const struct ses_session *s, const struct ses_op *op,
                     const struct ses_viewer *v, size_t *len);
/* The same event parsed, for tests. */
cJSON *ses_event_json(const struct ses_session *s, const struct ses_op *op,
                      const struct ses_viewer *v);
/* Viewers with the same variant number (0 to SES_EVENT_VARIANTS - 1) get the same event
 * bytes, so the hub renders each variant once per change, not once per receiver. */
#define SES_EVENT_VARIANTS 4
int ses_event_variant(const struct ses_session *s, const struct ses_op *op,
                      const struct ses_viewer *v);
/* One table's progress for an event's overview (PROGRESS of the protocol): counts, phase,
 * status and timer, never text; `name` is the table's name. Appended to w. */
void ses_progress_text(const struct ses_session *s, const char *name, struct jsonw *w);
/* A table of an event also takes the event's key as its facilitator key. */
void ses_restore_event_hash(struct ses_session *s, const uint8_t *hash);
/* The report document of docs/export-model.md. */
cJSON *ses_report_json(const struct ses_session *s, int64_t now);

#endif
