/* The inside of struct ses_session, shared by the session's own files only (model, rules,
 * views). Everything else goes through include/tafel/session.h. */
#ifndef TAFEL_SESSION_INTERNAL_H
#define TAFEL_SESSION_INTERNAL_H

#include "tafel/session.h"

enum ses_kind {
	SES_KIND_INTRO, SES_KIND_EMPATHY_MAP, SES_KIND_BAD_IDEAS, SES_KIND_IDEAL_IDEAS,
	SES_KIND_CLUSTER, SES_KIND_VOTE, SES_KIND_ELABORATE, SES_KIND_WRAP_UP,
};

struct ses_phase_info {
	enum ses_kind kind;
	int is_private;
	int revealed;
	int votes_per_participant;
	const char *persona; /* borrowed from the snapshot */
};

struct ses_participant {
	int64_t id;
	char *name;
	char *background;
	enum ses_role role;
	uint8_t token_hash[SECRET_HASH_LEN];
	int64_t joined_at;
	int connections;
	int dots;       /* dots spent, all clusters together */
	/* Every field but "online" as JSON text, without the closing brace: none of them
	 * changes, and a join storm renders the whole list once per join. */
	char *head;
	size_t head_len;
};

struct ses_note {
	int64_t id;
	int phase;
	int64_t author;
	char *text;
	char *quadrant; /* NULL outside empathy maps */
	char *essence;  /* NULL until written */
	int64_t cluster;
	int64_t created_at;
};

struct ses_cluster {
	int64_t id;
	char *title;
	char *description;
	int votes;
	int64_t created_at;
};

struct ses_vote {
	int64_t pid;
	int64_t cluster;
	int n;
};

struct ses_cid {
	int64_t pid;
	int64_t note;
	char *cid;
};

struct ses_phase_mark {
	int phase;
	int64_t at;
};

/* A growable array of T: items, count, capacity. */
#define SES_VEC(T) struct { T *items; size_t count, cap; }

struct ses_session {
	int64_t id;
	char code[SECRET_CODE_LEN + 1];
	char *template_id;
	cJSON *snap;
	const char *title, *problem, *language; /* borrowed from snap */
	struct ses_phase_info *phases;
	int nphases;
	int64_t created_at, ended_at;
	int phase;
	enum ses_status status;
	int64_t seq;
	enum ses_timer_state timer_state;
	int64_t timer_value;
	int timer_lock;
	struct ses_screen screen;
	char *summary;
	char **synthesis;         /* per persona, in the snapshot's order; NULL when none */
	int npersonas;
	uint8_t facilitator_hash[SECRET_HASH_LEN];
	uint8_t event_hash[SECRET_HASH_LEN]; /* the event's key, for a table of an event */
	int has_event_hash;
	SES_VEC(struct ses_participant) participants;
	SES_VEC(struct ses_note) notes;
	SES_VEC(struct ses_cluster) clusters;
	SES_VEC(struct ses_vote) votes;
	SES_VEC(struct ses_cid) cids;
	SES_VEC(struct ses_phase_mark) phase_log;
	SES_VEC(int64_t) moved;   /* notes the last cluster.delete took out, for its event */
};

/* Makes room for one more item; returns 0 or TF_E_NOMEM. */
int ses__grow(void **items, size_t *cap, size_t count, size_t size);
#define SES_PUSH(vec) \
	(ses__grow((void **)&(vec).items, &(vec).cap, (vec).count, sizeof *(vec).items) == 0 ? \
	 &(vec).items[(vec).count++] : NULL)

struct ses_participant *ses__participant(const struct ses_session *s, int64_t id);
/* Renders p->head (session_text.c). */
int ses__participant_head(struct ses_participant *p);

/* Texts of session_text.c, appended to a writer. */
struct jsonw;
void ses__note_text(struct jsonw *w, const struct ses_note *n, int full);
void ses__clusters_text(struct jsonw *w, const struct ses_session *s, int with_votes);
/* with_online: the participant as the state lists it; without: as "you" in a join. */
void ses__participant_text(struct jsonw *w, const struct ses_participant *p, int with_online);
void ses__timer_text(struct jsonw *w, const struct ses_session *s);
void ses__screen_text(struct jsonw *w, const struct ses_session *s);
void ses__phase_log_text(struct jsonw *w, const struct ses_session *s);
/* Dots spent per participant, {"<id>": n}: progress for the facilitator and screens. */
void ses__dots_text(struct jsonw *w, const struct ses_session *s);

/* The timer's rules (session_timer.c): timer.* requests; the timer a phase.set leaves or
 * starts; whether a locked timer has reached zero and closes participants' changes. */
int ses__timer_prepare(const struct ses_session *s, const char *type, const cJSON *req,
                       int64_t now, const struct tf_limits *lim, struct ses_op *op, char *msg,
                       size_t msglen);
int ses__phase_timer_prepare(const cJSON *req, int64_t now, const struct tf_limits *lim,
                             struct ses_op *op, char *msg, size_t msglen);
int ses__timer_locked(const struct ses_session *s, int64_t now);

/* The room screen's rules (session_screen.c): screen.set. */
int ses__screen_prepare(const struct ses_session *s, const cJSON *req, struct ses_op *op,
                        char *msg, size_t msglen);

/* The persona synthesis (session_persona.c). */
int ses__persona_init(struct ses_session *s);
void ses__persona_free(struct ses_session *s);
int ses__persona_prepare(const struct ses_session *s, const cJSON *req,
                         const struct tf_limits *lim, struct ses_op *op, char *msg,
                         size_t msglen);
int ses__persona_apply(struct ses_session *s, int index, const char *text);
/* The snapshot's personas, each with its "synthesis" ("" when none): a new tree. */
cJSON *ses__personas_json(const struct ses_session *s);
/* ,"persona":{"id","synthesis"} of persona.changed. */
void ses__persona_event_text(struct jsonw *w, const struct ses_session *s, int index);

/* A rule's error: the code, with a message formatted into msg (session.c). */
int ses__err(int code, char *msg, size_t msglen, const char *fmt, ...);

/* The variants of an event (ses_event_variant). */
enum { SES_VARIANT_FULL = 0, SES_VARIANT_REDUCED = 1, SES_VARIANT_ACTOR = 2,
       SES_VARIANT_COUNTS = 3 /* reduced, with the progress counts a screen may show */ };
struct ses_note *ses__note(const struct ses_session *s, int64_t id);
struct ses_cluster *ses__cluster(const struct ses_session *s, int64_t id);
struct ses_vote *ses__vote(const struct ses_session *s, int64_t pid, int64_t cluster);
int ses__votes_of(const struct ses_session *s, int64_t pid);
const char *ses__kind_name(enum ses_kind kind);

/* Whether v may read the text of note n, and the cluster totals. */
int ses__note_visible(const struct ses_session *s, const struct ses_note *n,
                      const struct ses_viewer *v);
int ses__votes_visible(const struct ses_session *s, const struct ses_viewer *v);

/* Ids are strings on the wire and integers inside. */
int ses__parse_id(const cJSON *v, int64_t *out);
cJSON *ses__id_json(int64_t id);

#endif
