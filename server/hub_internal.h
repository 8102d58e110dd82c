/* The inside of the hub, shared by its files: hub.c (sessions, the turn's batch, fan-out)
 * and hub_request.c (one request from a connection). */
#ifndef TAFEL_HUB_INTERNAL_H
#define TAFEL_HUB_INTERNAL_H

#include <libwebsockets.h>

#include "tafel/hub.h"
#include "tafel/iplimit.h"
#include "outbox.h"

struct hub_session {
	struct ses_session *s;
	struct hub_conn *conns;   /* joined connections, a doubly linked list */
	int nconns;
	int touched;              /* changed in the current batch */
	int marked;               /* in hub.marked: the commit looks at it */
	/* Fan-out pacing (hub_pace.c) */
	int64_t fanout_us;        /* when events last went out to its connections */
	uint64_t paced_commit;    /* the commit whose hold decision `hold` is */
	int hold;                 /* this commit's events wait for the pace */
	int held;                 /* in hub.held: connections with events that wait */
	/* The state's size in bytes, for the state_bytes limit (hub_budget.c) */
	size_t state_est;         /* never below the truth, once known */
	int state_known;          /* measured since the session was loaded */
	int64_t state_measured_ms;
	struct hub_event *ev;     /* a table of an event whose overview is open: kept loaded */
	int ev_table;             /* its index in ev's tables */
	struct hub_session *prev, *next;
};

struct hub_conn {
	struct hub *hub;
	struct lws *wsi;
	struct hub_session *hs;   /* NULL until joined */
	struct hub_event *ev;     /* an organizer's overview of this event, or NULL */
	struct hub_conn *ev_prev, *ev_next; /* the event's overview connections */
	struct ses_viewer who;
	struct hub_conn *prev, *next;
	struct hub_conn *all_prev, *all_next; /* every open connection, for the liveness sweep */
	struct outbox out;
	int close_code;           /* nonzero: close with this code at the next write */
	const char *close_why;    /* its reason, or NULL */
	int64_t opened_ms, heard_ms; /* connected; last heard from (any frame, pong too) */
	int pinged;               /* a ping went out since it was last heard from */
	int write_wanted;         /* a writable callback is on its way */
	int write_now;            /* the commit writes its queue at its end */
	double tokens;            /* rate limit bucket */
	int64_t refill_ms;
	int dead;                 /* closed; waits for the batch to let go of it */
	char addr[48];            /* the client's address */
};

/* A message that waits for the turn's commit. */
struct hub_pending {
	struct hub_conn *conn;
	struct outbox_msg *msg;
	struct hub_session *hs;   /* the session whose change it tells of, or NULL */
	struct outbox_msg *fail;  /* a reply: what is sent instead when the commit fails */
	int close_on_fail;        /* a join: the connection is closed when the commit fails */
};

struct hub {
	struct lws_context *ctx;
	struct store *st;
	const struct tpl_set *templates;
	const struct tf_limits *lim;
	struct hub_session *sessions;
	struct hub_event *events; /* events with an overview open (hub_event.c) */
	struct hub_conn *all;     /* every open connection */
	struct hub_pending *pending;
	size_t npending, cap_pending;
	/* Sessions the batch changed or that may have no connection left: the commit looks at
	 * these alone, not at every live session. */
	struct hub_session **marked;
	size_t nmarked, cap_marked;
	int mark_lost;            /* out of memory for a mark: the commit looks at all */
	uint64_t commits;         /* successful commits, for the pace's once-per-commit choice */
	struct hub_session **held; /* sessions whose events wait for their pace */
	size_t nheld, cap_held;
	lws_sorted_usec_list_t pace_sul;
	lws_usec_t pace_due;      /* when pace_sul runs, or 0 */
	struct hub_conn **dead;   /* closed connections still named by pending messages */
	size_t ndead, cap_dead;
	struct iplimit *ips;
	lws_sorted_usec_list_t flush_sul;
	lws_sorted_usec_list_t checkpoint_sul;
	lws_sorted_usec_list_t liveness_sul;
	struct outbox_msg *ping;   /* the ping frame, shared by every connection it goes to */
	int flush_scheduled;
	char code_prefix;          /* --code-prefix: the first character of new codes, or 0 */
	unsigned char *write_buf;  /* LWS_PRE + HUB_WRITE_BYTES: frames copied into one write */
};

/* The hub's three doubly linked lists (sessions, a session's connections, all connections)
 * are threaded through their elements; `prev` and `next` name the link fields, `head` the
 * list's first element. O(1) both ways, no allocation. */
#define HUB_LIST_PUSH(head, node, prev, next) do {                                     \
		(node)->prev = NULL;                                                    \
		(node)->next = (head);                                                  \
		if (head)                                                               \
			(head)->prev = (node);                                          \
		(head) = (node);                                                        \
	} while (0)
#define HUB_LIST_UNLINK(head, node, prev, next) do {                                   \
		if ((node)->prev)                                                       \
			(node)->prev->next = (node)->next;                              \
		else                                                                    \
			(head) = (node)->next;                                          \
		if ((node)->next)                                                       \
			(node)->next->prev = (node)->prev;                              \
		(node)->prev = (node)->next = NULL;                                     \
	} while (0)

/* The most bytes of queued frames sent with one write; a larger frame goes alone. */
#define HUB_WRITE_BYTES (64 * 1024)

/* Finds a live session by code, loading it from the store on first use. */
int hub__session(struct hub *h, const char *code, struct hub_session **out);
/* Queues a message to one connection, to be sent after the turn's commit. */
void hub__send(struct hub *h, struct hub_conn *c, struct outbox_msg *m, struct hub_session *hs);
/* Queues the reply to a request that changed hs: `ok` after the commit, or `fail` (an
 * error with the same rid) when the commit fails; a join's connection is then closed too,
 * since the identity it was given was not stored. Takes references of its own. */
void hub__reply(struct hub *h, struct hub_conn *c, struct outbox_msg *ok,
                struct outbox_msg *fail, int is_join, struct hub_session *hs);
/* Stores op in the turn's transaction and applies it in memory (or abandons the turn when
 * memory falls short). Returns 0 or TF_E_STORAGE / TF_E_NOMEM. */
int hub__apply(struct hub *h, struct hub_session *hs, struct ses_op *op);
/* hub__apply, then queues op's event to every joined connection of hs. */
int hub__change(struct hub *h, struct hub_session *hs, struct ses_op *op);
/* Queues the event of an applied op to every joined connection, each variant rendered once. */
void hub__broadcast(struct hub *h, struct hub_session *hs, const struct ses_op *op);
/* Whether op fits in the session's state_bytes: 0, or TF_E_LIMIT_REACHED with a message
 * (hub_budget.c). */
int hub__state_budget(struct hub *h, struct hub_session *hs, const struct ses_op *op,
                      char *msg, size_t msglen);
/* op was applied: the estimate of the state's size grows by what it may have added. */
void hub__state_grew(struct hub_session *hs, const struct ses_op *op);
void hub__attach(struct hub_session *hs, struct hub_conn *c);
/* Queues m on c now (or drops c when it is too far behind). */
void hub__deliver(struct hub *h, struct hub_conn *c, struct outbox_msg *m);
/* Grows an array by doubling (first: its first size); the new array, or NULL with the old
 * one and *cap unchanged. */
void *hub__grow(void *items, size_t *cap, size_t size, size_t first);
/* Drops c's socket at lws's next look, without a close frame: the peer is gone or broken. */
void hub__cut(struct hub_conn *c, int code);
/* Closes c with code and reason once what is queued for it has gone out. */
void hub__close(struct hub_conn *c, int code, const char *why);
/* Whether events of this commit to hs's connections wait (hub_pace.c). */
int hub__pace_hold(struct hub *h, struct hub_session *hs, int64_t now_us);
/* hs is going away: it no longer waits. */
void hub__pace_forget(struct hub *h, struct hub_session *hs);
/* Writes what is queued on each connection of hs. */
void hub__release(struct hub_session *hs);
/* Starts the sweep of hub_liveness.c. */
void hub__liveness_start(struct hub *h);
/* Creates a session row from a template in the open transaction, without committing:
 * its code, facilitator key and id. */
int hub__create_session_row(struct hub *h, const char *template_id, const cJSON *overrides,
                            char code[SECRET_CODE_LEN + 1], char key[SECRET_KEY_CHARS + 1],
                            int64_t *id);

/* Marks hs for the commit's look (it may have no connection left). */
void hub__mark(struct hub *h, struct hub_session *hs);
/* Closes the connections of a deleted session and frees it from memory. */
void hub__drop_session(struct hub *h, const char *code);

/* Replies of hub_request.c, for the other request handlers. */
struct jsonw;
void hub__reply_error(struct hub_conn *c, const cJSON *rid, int code, const char *message);
/* Starts {"type":"ok","rid":...; the caller adds its fields, then hub__reply_ok(). */
void hub__ok_head(struct jsonw *w, const cJSON *rid);
/* Queues the ok of w after the commit (the storage error when it fails). */
void hub__reply_ok(struct hub_conn *c, struct jsonw *w, const cJSON *rid, struct hub_session *hs);
/* Sends the ok of w now: a request that changed nothing. whole_state: it carries a state
 * (a join's), queued whatever its size. */
void hub__reply_now(struct hub_conn *c, struct jsonw *w, int whole_state);

/* A join that names a code: whether this address may guess one more (else rate_limited is
 * replied), and the count of its wrong guesses (rc TF_E_NOT_FOUND is one). */
int hub__guess_allowed(struct hub_conn *c, const cJSON *rid);
void hub__guess_counted(struct hub_conn *c, int rc);

/* Events (hub_event.c): the organizer's overview connections and table.progress. */
/* A join with "event": the overview of that event. */
void hub__event_join(struct hub_conn *c, const cJSON *req, const cJSON *rid);
/* A request on an overview connection. */
void hub__event_request(struct hub_conn *c, const char *type, const cJSON *req,
                        const cJSON *rid);
/* The overview connection c closed. */
void hub__event_leave(struct hub_conn *c);
/* After a commit: table hs changed; its progress goes out soon. */
void hub__event_touched(struct hub *h, struct hub_session *hs);
/* Table hs is going away (deleted): the overview forgets it. */
void hub__event_forget(struct hub_session *hs);
/* Frees what hub_event.c holds, at the hub's end. */
void hub__event_free_all(struct hub *h);

#endif
