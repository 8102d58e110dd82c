/* One request from a connection: rate limit, parse, join or change, reply. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tafel/error.h"
#include "tafel/netaddr.h"
#include "tafel/request.h"
#include "tafel/text.h"
#include "hub_internal.h"

/* The rid as it goes back. A number is printed with all 17 digits, so that it reads back as
 * the very number the client sent (cJSON's own printing rounds to 15). */
static cJSON *rid_copy(const cJSON *rid)
{
	char buf[40];

	if (!cJSON_IsNumber(rid))
		return cJSON_Duplicate(rid, 1);
	snprintf(buf, sizeof buf, "%.17g", rid->valuedouble);
	return cJSON_CreateRaw(buf);
}

static cJSON *error_json(const cJSON *rid, int code, const char *message)
{
	cJSON *o = cJSON_CreateObject();

	if (!o)
		return NULL;
	cJSON_AddStringToObject(o, "type", "error");
	if (rid)
		cJSON_AddItemToObject(o, "rid", rid_copy(rid));
	cJSON_AddStringToObject(o, "code", tf_err_name(code));
	cJSON_AddStringToObject(o, "message", message);
	return o;
}

static void reply_error(struct hub_conn *c, const cJSON *rid, int code, const char *message)
{
	hub__send_json(c->hub, c, error_json(rid, code, message), NULL);
}

#define STORAGE_MESSAGE "the change could not be stored; nothing changed, try again"


static cJSON *reply_ok(const cJSON *rid)
{
	cJSON *o = cJSON_CreateObject();

	if (o && (!cJSON_AddStringToObject(o, "type", "ok") ||
	          (rid && !cJSON_AddItemToObject(o, "rid", rid_copy(rid))))) {
		cJSON_Delete(o);
		return NULL;
	}
	return o;
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
	cJSON *o, *you;
	int rc;

	if (c->hs) {
		reply_error(c, rid, TF_E_INVALID, "this connection has joined already");
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
	/* Guessing codes is slowed per address. The laptop itself is exempt: whoever is on it
	 * has the database file anyway, and a lockout there would stop the facilitator. */
	if (!netaddr_is_localhost(c->addr) &&
	    !iplimit_join_allowed(h->ips, c->addr, h->lim->join_failures_burst,
	                          h->lim->join_failures_per_minute, hub_now_ms())) {
		reply_error(c, rid, TF_E_RATE_LIMITED, "too many joins with a wrong code; wait a minute");
		return;
	}
	rc = secret_normalize_code(code->valuestring, norm) < 0 ? TF_E_NOT_FOUND :
	     hub__session(h, norm, &hs);
	if (rc == TF_E_NOT_FOUND && !netaddr_is_localhost(c->addr)) {
		iplimit_join_failed(h->ips, c->addr, h->lim->join_failures_burst,
		                    h->lim->join_failures_per_minute, hub_now_ms());
	}
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
		rc = store_write_op(h->st, hs->s, &op);
		if (rc == TF_OK)
			rc = ses_apply(hs->s, &op);
		if (rc == TF_OK) {
			hub__touch(h, hs);
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

	o = reply_ok(rid);
	if (!o)
		return;
	if (who.role != SES_SCREEN) {
		you = ses_participant_json(hs->s, who.pid);
		cJSON_DeleteItemFromObject(you, "online");
		cJSON_AddItemToObject(o, "you", you);
		cJSON_AddStringToObject(o, "token", give_token);
	}
	cJSON_AddItemToObject(o, "state", ses_state_json(hs->s, &who, hub_now_ms()));
	cJSON_AddNumberToObject(o, "seq", (double)ses_seq(hs->s));
	hub__reply(h, c, o, error_json(rid, TF_E_STORAGE, "the join could not be stored; try again"),
	           1, hs);
}

static void change(struct hub_conn *c, const char *type, const cJSON *req, const cJSON *rid)
{
	struct hub *h = c->hub;
	struct hub_session *hs = c->hs;
	struct ses_op op;
	char msg[200];
	cJSON *o;
	int rc;

	rc = ses_prepare(hs->s, &c->who, type, req, hub_now_ms(), h->lim, &op, msg, sizeof msg);
	if (rc < 0) {
		reply_error(c, rid, rc, msg);
		return;
	}
	o = reply_ok(rid);
	if (op.dup_id) {
		/* A resend of a note that was stored: the same answer as the first time. */
		cJSON_AddItemToObject(o, "id", ses_id_json(op.dup_id));
		hub__reply(h, c, o, error_json(rid, TF_E_STORAGE, STORAGE_MESSAGE), 0, hs);
		return;
	}
	rc = hub__change(h, hs, &op);
	if (rc < 0) {
		cJSON_Delete(o);
		reply_error(c, rid, rc, STORAGE_MESSAGE);
		return;
	}
	if (op.kind == SES_OP_NOTE_ADD || op.kind == SES_OP_CLUSTER_ADD)
		cJSON_AddItemToObject(o, "id", ses_id_json(op.id));
	if (op.kind == SES_OP_VOTE)
		cJSON_AddItemToObject(o, "my_votes", ses_my_votes_json(hs->s, c->who.pid));
	hub__reply(h, c, o, error_json(rid, TF_E_STORAGE, STORAGE_MESSAGE), 0, hs);
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
		hub__send_json(c->hub, c, reply_ok(f.rid), NULL);
	} else if (strcmp(f.type, "join") == 0) {
		join(c, f.json, f.rid);
	} else if (!ses_is_change_type(f.type)) {
		reply_error(c, f.rid, TF_E_UNKNOWN_TYPE, "unknown request type");
	} else if (!c->hs) {
		reply_error(c, f.rid, TF_E_NOT_JOINED, "send a join first");
	} else {
		change(c, f.type, f.json, f.rid);
	}
	req_frame_free(&f);
}
