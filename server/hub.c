/* Live sessions and the turn's batch. Changes are written into one open transaction as they
 * arrive; their replies and events wait in `pending`. At the end of the event loop's turn
 * (a timer due at once, run after every socket of the turn was served) the transaction is
 * committed and only then is anything sent: group commit. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tafel/error.h"
#include "hub_internal.h"

int64_t hub_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Between turns, not inside a commit. The store's thread copies the log and the commit
 * after it copies the tail (hub_commit()); this timer is for a server that fell quiet
 * before that commit came (see store_checkpoint_due()). */
#define CHECKPOINT_PERIOD_US (250 * LWS_US_PER_MS)

static void checkpoint_cb(lws_sorted_usec_list_t *sul)
{
	struct hub *h = lws_container_of(sul, struct hub, checkpoint_sul);

	store_checkpoint_due(h->st);
	if (h->ctx)
		lws_sul_schedule(h->ctx, 0, &h->checkpoint_sul, checkpoint_cb, CHECKPOINT_PERIOD_US);
}

struct hub *hub_new(struct lws_context *ctx, struct store *st, const struct tpl_set *templates,
                    const struct tf_limits *lim)
{
	struct hub *h = calloc(1, sizeof *h);

	if (!h)
		return NULL;
	h->ctx = ctx;
	h->st = st;
	h->templates = templates;
	h->lim = lim;
	h->ips = iplimit_new();
	h->write_buf = malloc(LWS_PRE + HUB_WRITE_BYTES);
	h->ping = outbox_msg_ping();
	if (!h->ips || !h->write_buf || !h->ping) {
		iplimit_free(h->ips);
		free(h->write_buf);
		outbox_msg_unref(h->ping);
		free(h);
		return NULL;
	}
	if (ctx) {
		lws_sul_schedule(ctx, 0, &h->checkpoint_sul, checkpoint_cb, CHECKPOINT_PERIOD_US);
		hub__liveness_start(h);
	}
	return h;
}

static void free_session(struct hub_session *hs)
{
	ses_free(hs->s);
	free(hs);
}

static void free_dead(struct hub *h)
{
	for (size_t i = 0; i < h->ndead; i++) {
		outbox_clear(&h->dead[i]->out);
		free(h->dead[i]);
	}
	h->ndead = 0;
}

void hub_free(struct hub *h)
{
	if (!h)
		return;
	hub_detach_context(h);
	hub_commit(h);
	free_dead(h);
	while (h->sessions) {
		struct hub_session *next = h->sessions->next;

		free_session(h->sessions);
		h->sessions = next;
	}
	free(h->pending);
	free(h->marked);
	free(h->held);
	free(h->dead);
	free(h->write_buf);
	outbox_msg_unref(h->ping);
	iplimit_free(h->ips);
	free(h);
}

void hub_detach_context(struct hub *h)
{
	if (h->ctx) {
		lws_sul_cancel(&h->flush_sul);
		lws_sul_cancel(&h->checkpoint_sul);
		lws_sul_cancel(&h->liveness_sul);
		lws_sul_cancel(&h->pace_sul);
	}
	/* The overviews' timers too; the connections are closed after this. */
	hub__event_free_all(h);
	h->flush_scheduled = 0;
	h->ctx = NULL;
}

const struct tf_limits *hub_limits(const struct hub *h) { return h->lim; }
struct store *hub_store(const struct hub *h) { return h->st; }
const struct tpl_set *hub_templates(const struct hub *h) { return h->templates; }

void *hub__grow(void *items, size_t *cap, size_t size, size_t first)
{
	size_t n = *cap ? *cap * 2 : first;
	void *grown = realloc(items, n * size);

	if (grown)
		*cap = n;
	return grown;
}

static void mark(struct hub *h, struct hub_session *hs)
{
	if (hs->marked)
		return;
	if (h->nmarked == h->cap_marked) {
		struct hub_session **grown = hub__grow(h->marked, &h->cap_marked, sizeof *grown, 64);

		if (!grown) {
			h->mark_lost = 1;
			return;
		}
		h->marked = grown;
	}
	hs->marked = 1;
	h->marked[h->nmarked++] = hs;
}

void hub__mark(struct hub *h, struct hub_session *hs)
{
	mark(h, hs);
}

/* Notes that the batch changed hs. */
static void touch(struct hub *h, struct hub_session *hs)
{
	hs->touched = 1;
	mark(h, hs);
}

/* The session with this code if it is live in memory, else NULL. */
static struct hub_session *find_live(const struct hub *h, const char *code)
{
	struct hub_session *hs;

	for (hs = h->sessions; hs; hs = hs->next)
		if (strcmp(ses_code(hs->s), code) == 0)
			break;
	return hs;
}

int hub__session(struct hub *h, const char *code, struct hub_session **out)
{
	struct hub_session *hs = find_live(h, code);
	struct ses_session *s;
	int rc;

	if (hs) {
		*out = hs;
		return TF_OK;
	}
	rc = store_load_session(h->st, code, &s);
	if (rc < 0)
		return rc;
	hs = calloc(1, sizeof *hs);
	if (!hs) {
		ses_free(s);
		return TF_E_NOMEM;
	}
	hs->s = s;
	HUB_LIST_PUSH(h->sessions, hs, prev, next);
	mark(h, hs); /* loaded for a look (a report, a refused join) and not kept */
	*out = hs;
	return TF_OK;
}

static void unlink_session(struct hub *h, struct hub_session *hs)
{
	HUB_LIST_UNLINK(h->sessions, hs, prev, next);
	if (hs->marked) {
		for (size_t i = 0; i < h->nmarked; i++)
			if (h->marked[i] == hs)
				h->marked[i] = h->marked[--h->nmarked];
		hs->marked = 0;
	}
	hub__pace_forget(h, hs);
}

void hub__attach(struct hub_session *hs, struct hub_conn *c)
{
	c->hs = hs;
	HUB_LIST_PUSH(hs->conns, c, prev, next);
	hs->nconns++;
}

static void detach(struct hub_conn *c)
{
	struct hub_session *hs = c->hs;

	if (!hs)
		return;
	mark(c->hub, hs); /* it may have no connection left */
	HUB_LIST_UNLINK(hs->conns, c, prev, next);
	hs->nconns--;
}

/* ---- the turn's batch ---- */

static void flush_cb(lws_sorted_usec_list_t *sul)
{
	struct hub *h = lws_container_of(sul, struct hub, flush_sul);

	h->flush_scheduled = 0;
	hub_commit(h);
}

#ifdef TAFEL_FAULT_ACK_BEFORE_COMMIT
/* A deliberately broken server for the crash test to catch (CMake option of the same name;
 * never in a release): replies and events go out at once and the batch is committed 200 ms
 * later, as a server that acknowledges before it commits would. */
#define FLUSH_DELAY_US (200 * LWS_US_PER_MS)
#else
#define FLUSH_DELAY_US 1
#endif

static void schedule_flush(struct hub *h)
{
	if (h->flush_scheduled || !h->ctx)
		return;
	h->flush_scheduled = 1;
	/* Due at once: it runs when the loop next looks at its timers, which is after every
	 * socket that was ready in this turn has been read. */
	lws_sul_schedule(h->ctx, 0, &h->flush_sul, flush_cb, FLUSH_DELAY_US);
}

static void queue(struct hub *h, struct hub_conn *c, struct outbox_msg *m,
                  struct outbox_msg *fail, int close_on_fail, struct hub_session *hs)
{
	struct hub_pending *p;

	if (!m)
		return;
#ifdef TAFEL_FAULT_ACK_BEFORE_COMMIT
	hub__deliver(h, c, m);
	schedule_flush(h);
	return;
#endif
	if (h->npending == h->cap_pending) {
		struct hub_pending *grown = hub__grow(h->pending, &h->cap_pending, sizeof *grown, 256);

		if (!grown)
			return;
		h->pending = grown;
	}
	p = &h->pending[h->npending++];
	p->conn = c;
	p->msg = outbox_msg_ref(m);
	p->hs = hs;
	p->fail = fail ? outbox_msg_ref(fail) : NULL;
	p->close_on_fail = close_on_fail;
	schedule_flush(h);
}

void hub__send(struct hub *h, struct hub_conn *c, struct outbox_msg *m, struct hub_session *hs)
{
	queue(h, c, m, NULL, 0, hs);
}

void hub__reply(struct hub *h, struct hub_conn *c, struct outbox_msg *ok,
                struct outbox_msg *fail, int is_join, struct hub_session *hs)
{
	queue(h, c, ok, fail, is_join, hs);
}

/* Asks lws for one writable callback. Once per connection per turn, not per message: each
 * request re-arms the socket in the event loop (two epoll_ctl calls), even when it was
 * armed already, and a join storm made half a million of them. */
static void want_write(struct hub_conn *c)
{
	if (c->wsi && !c->write_wanted) {
		c->write_wanted = 1;
		lws_callback_on_writable(c->wsi);
	}
}

/* Queues m on c without asking for a write, or marks c to be closed when it is too far
 * behind: a reader that stops reading must not make the server's memory grow. It resyncs
 * when it resumes. A join's reply is queued whatever its size and is not counted against
 * the bound: the bound is for the events a reader falls behind on, and the state a join
 * needs is bounded by the session's count limits instead. A join whose reply did not fit
 * would only come back for the same state, and no one could join a large session at all.
 * 0, or -1 when c is closing or was dropped. */
static int enqueue(struct hub *h, struct hub_conn *c, struct outbox_msg *m)
{
	size_t behind = c->out.bytes - c->out.state_bytes;

	if (c->dead || c->close_code)
		return -1;
	if (m->whole_state ? outbox_push(&c->out, m) < 0 :
	    behind + m->len > h->lim->send_queue_bytes ||
	    c->out.count >= h->lim->send_queue_messages || outbox_push(&c->out, m) < 0) {
		lwsl_warn("hub: a connection fell too far behind and is dropped\n");
		outbox_clear(&c->out);
		hub__close(c, LWS_CLOSE_STATUS_POLICY_VIOLATION, "too far behind");
		return -1;
	}
	return 0;
}

void hub__deliver(struct hub *h, struct hub_conn *c, struct outbox_msg *m)
{
	if (enqueue(h, c, m) == 0)
		want_write(c);
}

static int write_queued(struct hub_conn *c);

/* Writes what is queued for c now, from outside lws's writable callback: asking for that
 * callback costs a turn of the loop and re-arms the socket twice (POLLOUT on, then off).
 * Whole frames go out, so nothing lws sends itself (a pong, a close) can land inside one.
 * A socket that cannot take it all leaves the rest with lws, which asks for POLLOUT; the
 * writable callback then carries on. */
static void write_now(struct hub_conn *c)
{
	c->write_now = 0;
	if (c->dead || !c->wsi || c->write_wanted || !c->out.count)
		return;
	if (c->close_code || lws_partial_buffered(c->wsi)) {
		want_write(c);
		return;
	}
	if (write_queued(c) < 0) {
		hub__cut(c, LWS_CLOSE_STATUS_ABNORMAL_CLOSE); /* the socket failed */
		return;
	}
	if (c->out.count)
		want_write(c);
}

void hub__release(struct hub_session *hs)
{
	for (struct hub_conn *c = hs->conns; c; c = c->next)
		write_now(c);
}

void hub_conn_closing(struct hub_conn *c, int code)
{
	if (!c->close_code)
		c->close_code = code;
}

void hub__cut(struct hub_conn *c, int code)
{
	c->close_code = code;
	lws_set_timeout(c->wsi, PENDING_TIMEOUT_USER_OK, LWS_TO_KILL_ASYNC);
}

void hub__close(struct hub_conn *c, int code, const char *why)
{
	c->close_code = code;
	c->close_why = why;
	want_write(c);
}

/* After the commit: the marks are cleared, and a marked session no one is connected to goes
 * back to living in the file alone. */
static void mark_all_if_lost(struct hub *h)
{
	if (!h->mark_lost)
		return;
	/* A mark could not be kept: every live session is looked at, once. */
	for (struct hub_session *hs = h->sessions; hs; hs = hs->next)
		mark(h, hs);
	h->mark_lost = 0;
}

static void settle_marked(struct hub *h)
{
	mark_all_if_lost(h);
	while (h->nmarked) {
		struct hub_session *hs = h->marked[--h->nmarked];

		hs->marked = 0;
		if (hs->touched && hs->ev)
			hub__event_touched(h, hs);
		hs->touched = 0;
		/* A table whose event's overview is open stays loaded: its progress is asked
		 * for at every change of the others too. */
		if (hs->nconns == 0 && !hs->ev) {
			unlink_session(h, hs);
			free_session(hs);
		}
	}
}

/* After a failed commit: the batch's replies become their errors, its events are dropped,
 * a connection that joined in it is closed (its identity was not stored), and the sessions
 * it touched are loaded again from the file, so that memory says what the file says. The
 * other connections stay: they were told nothing that is not true. */
static void commit_failed(struct hub *h, size_t n)
{
	lwsl_err("hub: a commit failed; its requests are answered with storage errors\n");
	for (size_t i = 0; i < n; i++) {
		struct hub_pending *p = &h->pending[i];
		struct hub_conn *c = p->conn;

		if (!(p->hs && p->hs->touched)) {
			hub__deliver(h, c, p->msg);
			continue;
		}
		if (p->fail)
			hub__deliver(h, c, p->fail);
		if (p->close_on_fail && !c->dead) {
			detach(c);
			c->hs = NULL;
			hub__close(c, LWS_CLOSE_STATUS_UNEXPECTED_CONDITION, NULL);
		}
	}
	mark_all_if_lost(h);
	for (size_t i = 0; i < h->nmarked; i++) {
		struct hub_session *hs = h->marked[i];
		struct ses_session *fresh;

		if (!hs->touched || store_load_session(h->st, ses_code(hs->s), &fresh) != TF_OK)
			continue;
		ses_free(hs->s);
		hs->s = fresh;
		/* Who is online is not stored: it is counted again from the open connections. */
		for (struct hub_conn *c = hs->conns; c; c = c->next)
			if (c->who.role != SES_SCREEN)
				ses_connections_add(fresh, c->who.pid, 1);
	}
}

/* The seq of each session the batch changed: once per turn, not once per change. */
static int write_seqs(struct hub *h)
{
	mark_all_if_lost(h);
	for (size_t i = 0; i < h->nmarked; i++)
		if (h->marked[i]->touched && store_write_seq(h->st, h->marked[i]->s) < 0)
			return TF_E_STORAGE;
	return TF_OK;
}

int hub_commit(struct hub *h)
{
	int rc = write_seqs(h);
	size_t n = h->npending;

	if (rc == TF_OK)
		rc = store_commit(h->st);
	else
		store_rollback(h->st);

	h->npending = 0;
	if (rc < 0) {
		commit_failed(h, n);
	} else {
		int64_t now_us = lws_now_usecs();

		h->commits++;
		for (size_t i = 0; i < n; i++) {
			struct hub_pending *p = &h->pending[i];

			/* Replies go at once; events to the others of a session at its pace. */
			if (enqueue(h, p->conn, p->msg) == 0 &&
			    (p->fail || !p->hs || !hub__pace_hold(h, p->hs, now_us)))
				p->conn->write_now = 1;
		}
		/* After all are queued: one write per connection however many it got. */
		for (size_t i = 0; i < n; i++)
			if (h->pending[i].conn->write_now)
				write_now(h->pending[i].conn);
	}
	for (size_t i = 0; i < n; i++) {
		outbox_msg_unref(h->pending[i].msg);
		outbox_msg_unref(h->pending[i].fail);
	}
	free_dead(h);
	settle_marked(h);
	/* The replies are written: when the store's thread has copied the log, the tail it
	 * left is copied now, while it is short (a timer would come too late or, pushed back
	 * by every commit, never). */
	if (rc == TF_OK)
		store_checkpoint_due(h->st);
	return rc;
}

int hub__apply(struct hub *h, struct hub_session *hs, struct ses_op *op)
{
	int rc;

	if ((rc = store_write_op(h->st, hs->s, op)) < 0)
		return rc;
	touch(h, hs);
	if ((rc = ses_apply(hs->s, op)) < 0) {
		/* Memory is short of the stored change: the turn fails, and its sessions are
		 * loaded again from the file. */
		store_abandon(h->st);
		return rc;
	}
	hub__state_grew(hs, op);
	return TF_OK;
}

int hub__change(struct hub *h, struct hub_session *hs, struct ses_op *op)
{
	int rc = hub__apply(h, hs, op);

	if (rc == TF_OK)
		hub__broadcast(h, hs, op);
	return rc;
}

void hub__broadcast(struct hub *h, struct hub_session *hs, const struct ses_op *op)
{
	struct outbox_msg *variants[SES_EVENT_VARIANTS] = { NULL };

	for (struct hub_conn *c = hs->conns; c; c = c->next) {
		int v = ses_event_variant(hs->s, op, &c->who);

		if (!variants[v]) {
			size_t len;
			char *ev = ses_event_text(hs->s, op, &c->who, &len);

			variants[v] = ev ? outbox_msg_text(ev, len) : NULL;
			free(ev);
		}
		hub__send(h, c, variants[v], hs);
	}
	for (int i = 0; i < SES_EVENT_VARIANTS; i++)
		outbox_msg_unref(variants[i]);
	schedule_flush(h);
}

/* ---- connections ---- */

struct hub_conn *hub_conn_open(struct hub *h, struct lws *wsi, const char *addr)
{
	struct hub_conn *c = calloc(1, sizeof *c);

	if (!c)
		return NULL;
	snprintf(c->addr, sizeof c->addr, "%s", addr);
	if (iplimit_connect(h->ips, c->addr, h->lim->connections_per_ip) < 0) {
		lwsl_warn("hub: an address has its maximum of %d connections\n",
		          h->lim->connections_per_ip);
		free(c);
		return NULL;
	}
	c->hub = h;
	c->wsi = wsi;
	c->tokens = h->lim->rate_burst;
	c->refill_ms = c->opened_ms = c->heard_ms = hub_now_ms();
	HUB_LIST_PUSH(h->all, c, all_prev, all_next);
	return c;
}

int hub_conn_joined(const struct hub_conn *c)
{
	return c->hs != NULL || c->ev != NULL;
}

/* The frames were built when the messages were rendered: as many as fit go out in one
 * write, so a receiver of a burst costs one syscall per turn, not one per message. */
static int write_queued(struct hub_conn *c)
{
	struct outbox_msg *m = outbox_peek(&c->out);
	unsigned char *buf = c->hub->write_buf + LWS_PRE;
	size_t n = 0;
	int rc = 0;

	if (!m)
		return 0;
	if (m->frame_len > HUB_WRITE_BYTES) {
		m = outbox_pop(&c->out);
		if (lws_write(c->wsi, m->frame, m->frame_len, LWS_WRITE_RAW) < (int)m->frame_len)
			rc = -1;
		outbox_msg_unref(m);
		return rc;
	}
	while ((m = outbox_peek(&c->out)) && n + m->frame_len <= HUB_WRITE_BYTES) {
		memcpy(buf + n, m->frame, m->frame_len);
		n += m->frame_len;
		outbox_msg_unref(outbox_pop(&c->out));
	}
	return lws_write(c->wsi, buf, n, LWS_WRITE_RAW) < (int)n ? -1 : 0;
}

int hub_conn_writable(struct hub_conn *c, const char **why)
{
	c->write_wanted = 0;
	if (c->close_code) {
		/* What is queued goes first: a join refused for a failed commit gets its error
		 * before the close. (A reader dropped for being behind has an empty queue.) */
		write_queued(c);
		*why = c->close_why;
		return c->close_code;
	}
	if (write_queued(c) < 0)
		return -1;
	if (c->out.count)
		want_write(c);
	return 0;
}

void hub_conn_closed(struct hub_conn *c)
{
	struct hub *h = c->hub;
	struct hub_session *hs = c->hs;

	if (c->ev)
		hub__event_leave(c);
	detach(c);
	if (hs && c->who.role != SES_SCREEN) {
		struct ses_op op;
		int last = ses_prepare_offline(hs->s, c->who.pid, hub_now_ms(), &op) == 0;

		ses_connections_add(hs->s, c->who.pid, -1);
		if (last && hub__change(h, hs, &op) < 0)
			lwsl_warn("hub: a participant's leaving could not be stored\n");
	}
	iplimit_disconnect(h->ips, c->addr);
	outbox_clear(&c->out);
	HUB_LIST_UNLINK(h->all, c, all_prev, all_next);
	c->dead = 1;
	c->wsi = NULL;
	/* Messages of this turn may still name the connection; it is freed after the flush. */
	if (h->ndead == h->cap_dead) {
		struct hub_conn **grown = hub__grow(h->dead, &h->cap_dead, sizeof *grown, 64);

		if (!grown) {
			lwsl_err("hub: out of memory; a closed connection is leaked\n");
			return;
		}
		h->dead = grown;
	}
	h->dead[h->ndead++] = c;
	schedule_flush(h);
}

/* ---- sessions for the HTTP API ---- */

int hub__create_session_row(struct hub *h, const char *template_id, const cJSON *overrides,
                            char code[SECRET_CODE_LEN + 1], char key[SECRET_KEY_CHARS + 1],
                            int64_t *id)
{
	const cJSON *tpl = tpl_set_find(h->templates, template_id);
	uint8_t hash[SECRET_HASH_LEN];
	cJSON *snap;
	int rc, tries = 0;
	static const char *const fields[] = { "title", "problem", "language" };

	if (!tpl)
		return TF_E_NOT_FOUND;
	snap = cJSON_Duplicate(tpl, 1);
	if (!snap)
		return TF_E_NOMEM;
	for (int i = 0; i < 3; i++) {
		const cJSON *v = cJSON_GetObjectItemCaseSensitive(overrides, fields[i]);

		if (v && cJSON_IsString(v) && v->valuestring[0])
			cJSON_ReplaceItemInObject(snap, fields[i], cJSON_CreateString(v->valuestring));
	}
	do {
		if (secret_new_code(code) < 0 || ++tries > 20) {
			rc = TF_E_IO;
			goto done;
		}
		if (h->code_prefix)
			code[0] = h->code_prefix;
	} while ((rc = store_code_exists(h->st, code)) > 0);
	if (rc < 0 || (rc = secret_new_key(key)) < 0)
		goto done;
	secret_hash(key, hash);
	rc = store_create_session(h->st, code, template_id, snap, hash, hub_now_ms(), id);
done:
	cJSON_Delete(snap);
	return rc;
}

int hub_create_session(struct hub *h, const char *template_id, const cJSON *overrides,
                       char code[SECRET_CODE_LEN + 1], char key[SECRET_KEY_CHARS + 1])
{
	int64_t id;
	int rc, count;

	if (!tpl_set_find(h->templates, template_id))
		return TF_E_NOT_FOUND;
	if ((rc = store_count_sessions(h->st, &count)) < 0)
		return rc;
	if (count >= h->lim->sessions_per_server)
		return TF_E_LIMIT_SESSIONS;
	if ((rc = hub__create_session_row(h, template_id, overrides, code, key, &id)) < 0) {
		store_rollback(h->st);
		return rc;
	}
	return hub_commit(h);
}

void hub_set_code_prefix(struct hub *h, char prefix)
{
	h->code_prefix = prefix;
}

int hub_delete_session(struct hub *h, const char *code)
{
	int rc;

	if ((rc = hub_commit(h)) < 0)
		return rc;
	if ((rc = store_delete_session(h->st, code)) < 0) {
		store_rollback(h->st);
		return rc;
	}
	if ((rc = hub_commit(h)) < 0)
		return rc;
	/* The deleted rows were overwritten (secure_delete); the log that still held them is
	 * copied back and emptied, so nothing of the session is left in either file. */
	store_checkpoint(h->st);
	hub__drop_session(h, code);
	return TF_OK;
}

void hub__drop_session(struct hub *h, const char *code)
{
	/* Looked up only now: a commit lets sessions without connections go. */
	struct hub_session *hs = find_live(h, code);

	if (hs) {
		while (hs->conns) {
			struct hub_conn *c = hs->conns;

			detach(c);
			c->hs = NULL;
			hub__close(c, LWS_CLOSE_STATUS_GOINGAWAY, "session deleted");
		}
		unlink_session(h, hs); /* after the detaches, which mark it */
		hub__event_forget(hs);
		free_session(hs);
	}
}

int hub_report(struct hub *h, const char *code, cJSON **out)
{
	struct hub_session *hs;
	int rc = hub__session(h, code, &hs);

	if (rc < 0)
		return rc;
	*out = ses_report_json(hs->s, hub_now_ms());
	if (hs->nconns == 0)
		schedule_flush(h); /* lets the commit drop it again */
	return *out ? TF_OK : TF_E_NOMEM;
}
