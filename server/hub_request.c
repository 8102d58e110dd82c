/* One request from a connection: rate limit, parse, join or change, reply. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tafel/error.h"
#include "tafel/jsonw.h"
#include "tafel/netaddr.h"
#include "tafel/request.h"
#include "tafel/text.h"
#include "hub_internal.h"

/* Replies are written as text: there is one per request, and a cJSON tree per reply was
 * a tenth of the server's time under load. */

/* The rid as it goes back. A number is printed with all 17 digits, so that it reads back as
 * the very number the client sent. */
static void rid_text(struct jsonw *w, const cJSON *rid)
{
	char buf[40];

	if (!rid)
		return;
	jsonw_lit(w, ",\"rid\":");
	if (cJSON_IsString(rid)) {
		jsonw_str(w, rid->valuestring);
	} else {
		snprintf(buf, sizeof buf, "%.17g", rid->valuedouble);
		jsonw_raw(w, buf, strlen(buf));
	}
}

static struct outbox_msg *finish(struct jsonw *w)
{
	size_t len;
	char *text;
	struct outbox_msg *m;

	jsonw_lit(w, "}");
	if (!(text = jsonw_finish(w, &len)))
		return NULL;
	m = outbox_msg_text(text, len);
	free(text);
	return m;
}

static struct outbox_msg *error_msg(const cJSON *rid, int code, const char *message)
{
	struct jsonw w = { 0 };

	jsonw_lit(&w, "{\"type\":\"error\"");
	rid_text(&w, rid);
	jsonw_lit(&w, ",\"code\":");
	jsonw_str(&w, tf_err_name(code));
	jsonw_lit(&w, ",\"message\":");
	jsonw_str(&w, message);
	return finish(&w);
}

static void reply_error(struct hub_conn *c, const cJSON *rid, int code, const char *message)
{
	struct outbox_msg *m = error_msg(rid, code, message);

	hub__send(c->hub, c, m, NULL);
	outbox_msg_unref(m);
}

#define STORAGE_MESSAGE "the change could not be stored; nothing changed, try again"

/* Starts {"type":"ok","rid":...; the caller adds its fields and finish()es it. */
static void ok_head(struct jsonw *w, const cJSON *rid)
{
	jsonw_lit(w, "{\"type\":\"ok\"");
	rid_text(w, rid);
}

/* Queues an ok to a change (or join): sent after the commit, or the storage error instead. */
static void reply_ok(struct hub_conn *c, struct jsonw *w, const cJSON *rid, const char *fail_why,
                     int is_join, struct hub_session *hs)
{
	struct outbox_msg *ok = finish(w), *fail = error_msg(rid, TF_E_STORAGE, fail_why);

	if (ok && is_join)
		ok->whole_state = 1; /* it carries the state: queued whatever its size */
	hub__reply(c->hub, c, ok, fail, is_join, hs);
	outbox_msg_unref(ok);
	outbox_msg_unref(fail);
}

/* A token bucket: rate_burst requests at once, then rate_per_second. */
static int rate_ok(struct hub_conn *c)
{
	const struct tf_limits *lim = c->hub->lim;
	int64_t now = hub_now_ms();

	c->tokens += (double)(now - c->refill_ms) * lim->rate_per_second / 1000.0;
	if (c->tokens > lim->rate_burst)
		c->tokens = lim->rate_burst;
	c->refill_ms = now;
	if (c->tokens < 1.0)
		return 0;
	c->tokens -= 1.0;
	return 1;
}

/* Guessing codes (of sessions and of events) is slowed per address. The laptop itself is
 * exempt: whoever is on it has the database file anyway, and a lockout there would stop the
 * facilitator. */
int hub__guess_allowed(struct hub_conn *c, const cJSON *rid)
{
	const struct tf_limits *lim = c->hub->lim;

	if (netaddr_is_localhost(c->addr) ||
	    iplimit_join_allowed(c->hub->ips, c->addr, lim->join_failures_burst,
	                         lim->join_failures_per_minute, hub_now_ms()))
		return 1;
	reply_error(c, rid, TF_E_RATE_LIMITED, "too many joins with a wrong code; wait a minute");
	return 0;
}

void hub__guess_counted(struct hub_conn *c, int rc)
{
	const struct tf_limits *lim = c->hub->lim;

	if (rc == TF_E_NOT_FOUND && !netaddr_is_localhost(c->addr))
		iplimit_join_failed(c->hub->ips, c->addr, lim->join_failures_burst,
		                    lim->join_failures_per_minute, hub_now_ms());
}

static void join(struct hub_conn *c, const cJSON *req, const cJSON *rid)
{
	struct hub *h = c->hub;
	const cJSON *code = cJSON_GetObjectItemCaseSensitive(req, "code");
	const cJSON *token = cJSON_GetObjectItemCaseSensitive(req, "token");
	const cJSON *key = cJSON_GetObjectItemCaseSensitive(req, "facilitator_key");
	char norm[SECRET_CODE_LEN + 1], msg[200], newtoken[SECRET_KEY_CHARS + 1];
	const char *give_token = NULL;
	struct hub_session *hs;
	struct ses_viewer who;
	struct ses_op op;
	struct jsonw w = { 0 };
	char *state;
	int rc;

	if (c->hs || c->ev) {
		reply_error(c, rid, TF_E_INVALID, "this connection has joined already");
		return;
	}
	if (cJSON_GetObjectItemCaseSensitive(req, "event")) {
		hub__event_join(c, req, rid);
		return;
	}
	if (!code) {
		reply_error(c, rid, TF_E_INVALID, "\"code\" is missing");
		return;
	}
	if (!cJSON_IsString(code)) {
		reply_error(c, rid, TF_E_INVALID, "\"code\" must be a string");
		return;
	}
	if (!hub__guess_allowed(c, rid))
		return;
	rc = secret_normalize_code(code->valuestring, norm) < 0 ? TF_E_NOT_FOUND :
	     hub__session(h, norm, &hs);
	hub__guess_counted(c, rc);
	if (rc < 0) {
		reply_error(c, rid, rc, rc == TF_E_NOT_FOUND ? "no session has this code" :
		            "the session could not be loaded");
		return;
	}
	rc = ses_prepare_join(hs->s, req, hub_now_ms(), h->lim, &who, &op, msg, sizeof msg);
	if (rc < 0) {
		reply_error(c, rid, rc, msg);
		if (hs->nconns == 0)
			hub_commit(h); /* lets an unused session go */
		return;
	}
	if (op.kind == SES_OP_JOIN && op.role == SES_PARTICIPANT) {
		if (secret_new_key(newtoken) < 0) {
			reply_error(c, rid, TF_E_STORAGE, "no random bytes for a token");
			return;
		}
		secret_hash(newtoken, op.token_hash);
		give_token = newtoken;
	} else if (op.kind == SES_OP_JOIN) {
		/* The facilitator resumes with its key: one secret to keep, not two. */
		memcpy(op.token_hash, ses_facilitator_hash(hs->s), SECRET_HASH_LEN);
		give_token = key->valuestring;
	} else if (who.role != SES_SCREEN) {
		give_token = token ? token->valuestring : key->valuestring;
	}

	rc = TF_OK;
	if (op.kind == SES_OP_JOIN) {
		rc = hub__apply(h, hs, &op);
		if (rc == TF_OK) {
			who.pid = op.id;
			/* Online before the event is rendered, so that it says so. */
			ses_connections_add(hs->s, who.pid, 1);
			hub__broadcast(h, hs, &op);
		}
	} else if (op.kind == SES_OP_ONLINE) {
		ses_connections_add(hs->s, who.pid, 1);
		rc = hub__change(h, hs, &op);
		if (rc < 0)
			ses_connections_add(hs->s, who.pid, -1);
	} else if (who.role != SES_SCREEN) {
		ses_connections_add(hs->s, who.pid, 1);
	}
	if (rc < 0) {
		reply_error(c, rid, rc, "the join could not be stored; try again");
		return;
	}
	/* Attached only now, so the joiner gets no event of its own join: its state has it. */
	hub__attach(hs, c);
	c->who = who;

	ok_head(&w, rid);
	if (who.role != SES_SCREEN) {
		jsonw_lit(&w, ",\"you\":");
		ses_participant_text(hs->s, who.pid, &w);
		jsonw_lit(&w, ",\"token\":");
		jsonw_str(&w, give_token);
	}
	if (!(state = ses_state_text(hs->s, &who, hub_now_ms()))) {
		/* No memory for the state: the client reconnects and resumes. */
		jsonw_free(&w);
		hub__close(c, LWS_CLOSE_STATUS_UNEXPECTED_CONDITION, NULL);
		return;
	}
	jsonw_lit(&w, ",\"state\":");
	jsonw_raw(&w, state, strlen(state));
	cJSON_free(state);
	jsonw_lit(&w, ",\"seq\":");
	jsonw_int(&w, ses_seq(hs->s));
	reply_ok(c, &w, rid, "the join could not be stored; try again", 1, hs);
}

static void change(struct hub_conn *c, const char *type, const cJSON *req, const cJSON *rid)
{
	struct hub *h = c->hub;
	struct hub_session *hs = c->hs;
	struct ses_op op;
	struct jsonw w = { 0 };
	char msg[200];
	int rc;

	rc = ses_prepare(hs->s, &c->who, type, req, hub_now_ms(), h->lim, &op, msg, sizeof msg);
	if (rc < 0) {
		reply_error(c, rid, rc, msg);
		return;
	}
	ok_head(&w, rid);
	if (op.dup_id) {
		/* A resend of a note that was stored: the same answer as the first time. */
		jsonw_lit(&w, ",\"id\":");
		jsonw_id(&w, op.dup_id);
		reply_ok(c, &w, rid, STORAGE_MESSAGE, 0, hs);
		return;
	}
	if ((rc = hub__state_budget(h, hs, &op, msg, sizeof msg)) < 0) {
		jsonw_free(&w);
		reply_error(c, rid, rc, rc == TF_E_LIMIT_REACHED ? msg : "no memory to measure the state");
		return;
	}
	rc = hub__change(h, hs, &op);
	if (rc < 0) {
		jsonw_free(&w);
		reply_error(c, rid, rc, STORAGE_MESSAGE);
		return;
	}
	if (op.kind == SES_OP_NOTE_ADD || op.kind == SES_OP_CLUSTER_ADD) {
		jsonw_lit(&w, ",\"id\":");
		jsonw_id(&w, op.id);
	}
	if (op.kind == SES_OP_VOTE) {
		jsonw_lit(&w, ",\"my_votes\":");
		ses_my_votes_text(hs->s, c->who.pid, &w);
	}
	reply_ok(c, &w, rid, STORAGE_MESSAGE, 0, hs);
}

void hub_conn_receive(struct hub_conn *c, const char *buf, size_t len)
{
	struct req_frame f;

	if (c->dead || c->close_code)
		return;
	hub_conn_heard(c);
	req_decode(buf, len, &f);
	if (!rate_ok(c)) {
		reply_error(c, f.rid, TF_E_RATE_LIMITED, "too many requests; slow down");
	} else if (f.code) {
		reply_error(c, f.rid, f.code, f.why); /* no rid when the frame is not an object */
	} else if (strcmp(f.type, "ping") == 0) {
		/* Lets a client on flaky Wi-Fi check the link end to end, joined or not. */
		struct jsonw w = { 0 };
		struct outbox_msg *m;

		ok_head(&w, f.rid);
		m = finish(&w);
		hub__send(c->hub, c, m, NULL);
		outbox_msg_unref(m);
	} else if (strcmp(f.type, "join") == 0) {
		join(c, f.json, f.rid);
	} else if (c->ev) {
		hub__event_request(c, f.type, f.json, f.rid);
	} else if (!ses_is_change_type(f.type)) {
		reply_error(c, f.rid, TF_E_UNKNOWN_TYPE, "unknown request type");
	} else if (!c->hs) {
		reply_error(c, f.rid, TF_E_NOT_JOINED, "send a join first");
	} else {
		change(c, f.type, f.json, f.rid);
	}
	req_frame_free(&f);
}

void hub__reply_error(struct hub_conn *c, const cJSON *rid, int code, const char *message)
{
	reply_error(c, rid, code, message);
}

void hub__ok_head(struct jsonw *w, const cJSON *rid)
{
	ok_head(w, rid);
}

void hub__reply_ok(struct hub_conn *c, struct jsonw *w, const cJSON *rid, struct hub_session *hs)
{
	reply_ok(c, w, rid, STORAGE_MESSAGE, 0, hs);
}

void hub__reply_now(struct hub_conn *c, struct jsonw *w, int whole_state)
{
	struct outbox_msg *m = finish(w);

	if (m)
		m->whole_state = whole_state;
	hub__send(c->hub, c, m, NULL);
	outbox_msg_unref(m);
}
