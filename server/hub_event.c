/* Events in the hub: a conference day's tables created in one go, the organizer's live
 * overview (a WebSocket joined with "event" and the event key), its table.progress
 * messages, and the requests that move every table at once. The tables are ordinary
 * sessions; an open overview keeps them loaded, so that a change of one costs one table's
 * counts, not a load of every table.
 *
 * table.progress carries no seq: it is not a change of the event but a view of its tables,
 * sent at most every HUB_EVENT_PROGRESS_MS per event, and only when a table's counts differ
 * from what the overview was last sent, so the last state of every table always arrives. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tafel/error.h"
#include "tafel/event_report.h"
#include "tafel/jsonw.h"
#include "tafel/text.h"
#include "hub_internal.h"

#define HUB_EVENT_PROGRESS_MS 250
#define HUB_EVENT_MAX_TABLES 50

struct hub_event_table {
	char code[SECRET_CODE_LEN + 1];
	char *name;
	struct hub_session *hs;  /* NULL when the table was deleted */
	char *sent;              /* the PROGRESS last sent to the overviews */
	int dirty;
};

struct hub_event {
	struct hub *hub;
	char code[SECRET_CODE_LEN + 1];
	char *title;
	struct hub_event_table *tables;
	int ntables;
	struct hub_conn *watchers;
	lws_sorted_usec_list_t sul;
	int scheduled;
	struct hub_event *prev, *next;
};

/* ---- creating an event ---- */

static int table_names(const cJSON *names, int n, const char *lang, const struct tf_limits *lim,
                       char **out, char *msg, size_t msglen)
{
	for (int i = 0; i < n; i++) {
		const cJSON *v = names ? cJSON_GetArrayItem(names, i) : NULL;
		char buf[64];

		/* A name is checked as every title is: UTF-8, no NUL, counted in characters. */
		if (v && !(cJSON_IsString(v) && text_check(v->valuestring, lim->title_chars, 0) == 0)) {
			snprintf(msg, msglen, "\"table_names\" must hold %d names of 1 to %d characters",
			         n, lim->title_chars);
			return TF_E_INVALID;
		}
		snprintf(buf, sizeof buf, "%s %d", strcmp(lang, "nl") == 0 ? "Tafel" : "Table", i + 1);
		out[i] = strdup(v ? v->valuestring : buf);
		if (!out[i])
			return TF_E_NOMEM;
	}
	return TF_OK;
}

/* Checks POST /api/events' body: title, template, tables, table_names, language. */
static int check_body(struct hub *h, const cJSON *body, const cJSON **tpl, int *n, char *msg,
                      size_t msglen)
{
	const cJSON *title = cJSON_GetObjectItemCaseSensitive(body, "title");
	const cJSON *tid = cJSON_GetObjectItemCaseSensitive(body, "template");
	const cJSON *tables = cJSON_GetObjectItemCaseSensitive(body, "tables");
	const cJSON *names = cJSON_GetObjectItemCaseSensitive(body, "table_names");
	const cJSON *lang = cJSON_GetObjectItemCaseSensitive(body, "language");
	const cJSON *problem = cJSON_GetObjectItemCaseSensitive(body, "problem");
	int rc;

	if (!cJSON_IsString(title) || !title->valuestring[0]) {
		snprintf(msg, msglen, "\"title\" must be a non-empty string");
		return TF_E_INVALID;
	}
	if ((rc = text_check(title->valuestring, h->lim->title_chars, 0)) < 0) {
		snprintf(msg, msglen, "\"title\" must be text of at most %d characters",
		         h->lim->title_chars);
		return rc;
	}
	if (!cJSON_IsString(tid)) {
		snprintf(msg, msglen, "\"template\" must be a template id");
		return TF_E_INVALID;
	}
	if (!cJSON_IsNumber(tables) || tables->valuedouble != (double)tables->valueint ||
	    tables->valueint < 1 || tables->valueint > HUB_EVENT_MAX_TABLES) {
		snprintf(msg, msglen, "\"tables\" must be a whole number from 1 to %d",
		         HUB_EVENT_MAX_TABLES);
		return TF_E_INVALID;
	}
	*n = tables->valueint;
	if (names && !cJSON_IsNull(names) &&
	    (!cJSON_IsArray(names) || cJSON_GetArraySize(names) != *n)) {
		snprintf(msg, msglen, "\"table_names\" must hold one name per table (%d)", *n);
		return TF_E_INVALID;
	}
	if (lang && (!cJSON_IsString(lang) || (strcmp(lang->valuestring, "nl") &&
	                                       strcmp(lang->valuestring, "en")))) {
		snprintf(msg, msglen, "\"language\" must be \"nl\" or \"en\"");
		return TF_E_INVALID;
	}
	if (problem && (!cJSON_IsString(problem) ||
	                text_check(problem->valuestring, h->lim->summary_chars, 1) < 0)) {
		snprintf(msg, msglen, "\"problem\" must be text of at most %d characters",
		         h->lim->summary_chars);
		return TF_E_INVALID;
	}
	if (!(*tpl = tpl_set_find(h->templates, tid->valuestring))) {
		snprintf(msg, msglen, "no template has this id");
		return TF_E_NOT_FOUND;
	}
	return TF_OK;
}

/* The overrides of one table's session: the event's problem and language, and a title
 * that names the table, so that each table's own screen and report say which it is. */
static cJSON *table_overrides(const cJSON *body, const char *lang, const char *name)
{
	const cJSON *title = cJSON_GetObjectItemCaseSensitive(body, "title");
	const cJSON *problem = cJSON_GetObjectItemCaseSensitive(body, "problem");
	cJSON *o = cJSON_CreateObject();
	char *t = malloc(strlen(title->valuestring) + strlen(name) + 8);

	if (!o || !t) {
		free(t);
		cJSON_Delete(o);
		return NULL;
	}
	sprintf(t, "%s \xc2\xb7 %s", title->valuestring, name);
	if (!cJSON_AddStringToObject(o, "title", t) || !cJSON_AddStringToObject(o, "language", lang) ||
	    (cJSON_IsString(problem) && !cJSON_AddStringToObject(o, "problem", problem->valuestring))) {
		cJSON_Delete(o);
		o = NULL;
	}
	free(t);
	return o;
}

/* Writes the event and its tables in the open transaction; the reply in *out. */
static int write_event(struct hub *h, const cJSON *body, const char *tid, const char *lang,
                       char **names, int n, cJSON **out)
{
	char code[SECRET_CODE_LEN + 1], key[SECRET_KEY_CHARS + 1];
	uint8_t hash[SECRET_HASH_LEN];
	struct store_event_new ev;
	cJSON *tables;
	int64_t eid, sid;
	int rc, tries = 0;

	do {
		if (secret_new_code(code) < 0 || ++tries > 20)
			return TF_E_IO;
		if (h->code_prefix) /* --code-prefix: the event and its tables on one process */
			code[0] = h->code_prefix;
	} while ((rc = store_code_exists(h->st, code)) > 0);
	if (rc < 0 || (rc = secret_new_key(key)) < 0)
		return rc;
	secret_hash(key, hash);
	ev = (struct store_event_new){
		code, cJSON_GetObjectItem(body, "title")->valuestring, tid, lang, hash, hub_now_ms(),
	};
	if ((rc = store_create_event(h->st, &ev, &eid)) < 0)
		return rc;
	if (!(*out = cJSON_CreateObject()) || !cJSON_AddStringToObject(*out, "code", code) ||
	    !cJSON_AddStringToObject(*out, "event_key", key) ||
	    !(tables = cJSON_AddArrayToObject(*out, "tables")))
		return TF_E_NOMEM;
	for (int i = 0; i < n; i++) {
		cJSON *ov = table_overrides(body, lang, names[i]), *t;

		if (!ov)
			return TF_E_NOMEM;
		rc = hub__create_session_row(h, tid, ov, code, key, &sid);
		cJSON_Delete(ov);
		if (rc < 0 || (rc = store_add_event_table(h->st, eid, sid, i, names[i])) < 0)
			return rc;
		if (!(t = cJSON_CreateObject()) || !cJSON_AddItemToArray(tables, t) ||
		    !cJSON_AddStringToObject(t, "code", code) ||
		    !cJSON_AddStringToObject(t, "name", names[i]) ||
		    !cJSON_AddStringToObject(t, "facilitator_key", key))
			return TF_E_NOMEM;
	}
	return TF_OK;
}

int hub_create_event(struct hub *h, const cJSON *body, cJSON **out, char *msg, size_t msglen)
{
	const cJSON *tpl, *lang;
	char *names[HUB_EVENT_MAX_TABLES] = { NULL };
	int rc, n = 0, count;

	*out = NULL;
	snprintf(msg, msglen, "the event could not be stored");
	if ((rc = check_body(h, body, &tpl, &n, msg, msglen)) < 0)
		return rc;
	lang = cJSON_GetObjectItemCaseSensitive(body, "language");
	lang = cJSON_IsString(lang) ? lang : cJSON_GetObjectItem(tpl, "language");
	if ((rc = table_names(cJSON_GetObjectItemCaseSensitive(body, "table_names"), n,
	                      lang->valuestring, h->lim, names, msg, msglen)) < 0)
		goto done;
	if ((rc = store_count_sessions(h->st, &count)) < 0)
		goto done;
	if (count + n > h->lim->sessions_per_server) {
		snprintf(msg, msglen, "the server has room for %d more sessions, not %d tables",
		         h->lim->sessions_per_server - count, n);
		rc = TF_E_LIMIT_SESSIONS;
		goto done;
	}
	/* Committed before anything is written: the event and its tables are one commit. */
	if ((rc = hub_commit(h)) < 0)
		goto done;
	rc = write_event(h, body, cJSON_GetObjectItem(body, "template")->valuestring,
	                 lang->valuestring, names, n, out);
	if (rc < 0)
		store_rollback(h->st);
	else
		rc = hub_commit(h);
done:
	if (rc < 0) {
		cJSON_Delete(*out);
		*out = NULL;
	}
	for (int i = 0; i < n; i++)
		free(names[i]);
	return rc;
}

/* ---- progress ---- */

static char *progress_of(const struct hub_event_table *t)
{
	struct jsonw w = { 0 };

	ses_progress_text(t->hs->s, t->name, &w);
	return jsonw_finish(&w, NULL);
}

/* The tables of a stored event as PROGRESS items: loads each table for a look. */
static int progress_list(struct hub *h, const cJSON *ev, struct jsonw *w)
{
	const cJSON *t;
	int first = 1, rc;

	jsonw_lit(w, "[");
	cJSON_ArrayForEach(t, cJSON_GetObjectItem(ev, "tables")) {
		struct hub_session *hs;

		if ((rc = hub__session(h, cJSON_GetObjectItem(t, "code")->valuestring, &hs)) < 0)
			return rc;
		if (!first)
			jsonw_lit(w, ",");
		first = 0;
		ses_progress_text(hs->s, cJSON_GetObjectItem(t, "name")->valuestring, w);
	}
	jsonw_lit(w, "]");
	return TF_OK;
}

int hub_event_progress(struct hub *h, const char *code, char **out)
{
	struct jsonw w = { 0 };
	cJSON *ev;
	int rc;

	*out = NULL;
	if ((rc = store_load_event(h->st, code, &ev, NULL)) < 0)
		return rc;
	jsonw_lit(&w, "{\"code\":");
	jsonw_str(&w, code);
	jsonw_lit(&w, ",\"title\":");
	jsonw_str(&w, cJSON_GetObjectItem(ev, "title")->valuestring);
	jsonw_lit(&w, ",\"created_at\":");
	jsonw_int(&w, (int64_t)cJSON_GetObjectItem(ev, "created_at")->valuedouble);
	jsonw_lit(&w, ",\"tables\":");
	rc = progress_list(h, ev, &w);
	jsonw_lit(&w, "}");
	cJSON_Delete(ev);
	if (rc < 0) {
		jsonw_free(&w);
		return rc;
	}
	*out = jsonw_finish(&w, NULL);
	hub_commit(h); /* lets the tables loaded for the look go again */
	return *out ? TF_OK : TF_E_NOMEM;
}

static void send_progress(struct hub_event *e, int i)
{
	struct hub_event_table *t = &e->tables[i];
	struct jsonw w = { 0 };
	struct outbox_msg *m;
	char *now, *text;
	size_t len;

	if (!t->hs || !(now = progress_of(t)))
		return;
	if (t->sent && strcmp(t->sent, now) == 0) {
		free(now);
		return;
	}
	free(t->sent);
	t->sent = now;
	jsonw_lit(&w, "{\"type\":\"table.progress\",\"table\":");
	jsonw_raw(&w, now, strlen(now));
	jsonw_lit(&w, "}");
	if (!(text = jsonw_finish(&w, &len)))
		return;
	m = outbox_msg_text(text, len);
	free(text);
	for (struct hub_conn *c = e->watchers; c; c = c->ev_next)
		hub__deliver(e->hub, c, m);
	outbox_msg_unref(m);
}

static void progress_cb(lws_sorted_usec_list_t *sul)
{
	struct hub_event *e = lws_container_of(sul, struct hub_event, sul);

	e->scheduled = 0;
	for (int i = 0; i < e->ntables; i++)
		if (e->tables[i].dirty) {
			e->tables[i].dirty = 0;
			send_progress(e, i);
		}
}

void hub__event_touched(struct hub *h, struct hub_session *hs)
{
	struct hub_event *e = hs->ev;

	e->tables[hs->ev_table].dirty = 1;
	if (!e->scheduled && h->ctx) {
		e->scheduled = 1;
		lws_sul_schedule(h->ctx, 0, &e->sul, progress_cb,
		                 (lws_usec_t)HUB_EVENT_PROGRESS_MS * LWS_US_PER_MS);
	}
}

/* ---- the overview's connections ---- */

static void event_free(struct hub_event *e)
{
	for (int i = 0; i < e->ntables; i++) {
		struct hub_event_table *t = &e->tables[i];

		if (t->hs) {
			t->hs->ev = NULL;
			hub__mark(e->hub, t->hs); /* may go now, if no one is at the table */
		}
		free(t->name);
		free(t->sent);
	}
	if (e->hub->ctx)
		lws_sul_cancel(&e->sul);
	free(e->tables);
	free(e->title);
	free(e);
}

/* The live event with this code, made from the store (its tables loaded) when needed. */
static int live_event(struct hub *h, const cJSON *stored, struct hub_event **out)
{
	const char *code = cJSON_GetObjectItem(stored, "code")->valuestring;
	const cJSON *t, *tables = cJSON_GetObjectItem(stored, "tables");
	struct hub_event *e;
	int rc = TF_OK, i = 0;

	for (e = h->events; e; e = e->next)
		if (strcmp(e->code, code) == 0) {
			*out = e;
			return TF_OK;
		}
	if (!(e = calloc(1, sizeof *e)) ||
	    !(e->tables = calloc((size_t)cJSON_GetArraySize(tables) + 1, sizeof *e->tables)) ||
	    !(e->title = strdup(cJSON_GetObjectItem(stored, "title")->valuestring))) {
		if (e) {
			free(e->tables);
			free(e);
		}
		return TF_E_NOMEM;
	}
	e->hub = h;
	snprintf(e->code, sizeof e->code, "%s", code);
	cJSON_ArrayForEach(t, tables) {
		struct hub_event_table *et = &e->tables[i];
		struct hub_session *hs;

		snprintf(et->code, sizeof et->code, "%s", cJSON_GetObjectItem(t, "code")->valuestring);
		e->ntables = ++i;
		if (!(et->name = strdup(cJSON_GetObjectItem(t, "name")->valuestring)))
			rc = TF_E_NOMEM;
		else if ((rc = hub__session(h, et->code, &hs)) == TF_OK) {
			et->hs = hs;
			hs->ev = e;
			hs->ev_table = i - 1;
		}
		if (rc < 0)
			break;
	}
	if (rc < 0) {
		event_free(e);
		return rc;
	}
	HUB_LIST_PUSH(h->events, e, prev, next);
	*out = e;
	return TF_OK;
}

void hub__event_join(struct hub_conn *c, const cJSON *req, const cJSON *rid)
{
	struct hub *h = c->hub;
	const cJSON *code = cJSON_GetObjectItemCaseSensitive(req, "event");
	const cJSON *key = cJSON_GetObjectItemCaseSensitive(req, "event_key");
	char norm[SECRET_CODE_LEN + 1];
	uint8_t want[SECRET_HASH_LEN], got[SECRET_HASH_LEN];
	struct hub_event *e;
	struct jsonw w = { 0 };
	cJSON *stored = NULL;
	int rc;

	if (!cJSON_IsString(code)) {
		hub__reply_error(c, rid, TF_E_INVALID, "\"event\" must be an event code");
		return;
	}
	if (!key || !cJSON_IsString(key)) {
		hub__reply_error(c, rid, TF_E_INVALID, "\"event_key\" must be the event's key");
		return;
	}
	/* A wrong code here is a guess like a wrong session code: slowed per address alike. */
	if (!hub__guess_allowed(c, rid))
		return;
	rc = secret_normalize_code(code->valuestring, norm) < 0 ? TF_E_NOT_FOUND :
	     store_load_event(h->st, norm, &stored, want);
	hub__guess_counted(c, rc);
	if (rc < 0) {
		hub__reply_error(c, rid, rc, rc == TF_E_NOT_FOUND ? "no event has this code" :
		                 "the event could not be loaded");
		return;
	}
	secret_hash(key->valuestring, got);
	if (!secret_hash_equal(want, got)) {
		cJSON_Delete(stored);
		hub__reply_error(c, rid, TF_E_FORBIDDEN, "wrong key for this event");
		return;
	}
	rc = live_event(h, stored, &e);
	cJSON_Delete(stored);
	if (rc < 0) {
		hub__reply_error(c, rid, rc, "the event's tables could not be loaded");
		return;
	}
	c->ev = e;
	HUB_LIST_PUSH(e->watchers, c, ev_prev, ev_next);
	hub__ok_head(&w, rid);
	jsonw_lit(&w, ",\"event\":{\"code\":");
	jsonw_str(&w, e->code);
	jsonw_lit(&w, ",\"title\":");
	jsonw_str(&w, e->title);
	jsonw_lit(&w, ",\"tables\":[");
	for (int i = 0, first = 1; i < e->ntables; i++) {
		char *p = e->tables[i].hs ? progress_of(&e->tables[i]) : NULL;

		if (!p)
			continue;
		if (!first)
			jsonw_lit(&w, ",");
		first = 0;
		jsonw_raw(&w, p, strlen(p));
		free(p);
	}
	jsonw_lit(&w, "]}");
	hub__reply_now(c, &w, 1); /* it carries every table: queued whatever its size */
}

void hub__event_leave(struct hub_conn *c)
{
	struct hub_event *e = c->ev;

	HUB_LIST_UNLINK(e->watchers, c, ev_prev, ev_next);
	c->ev = NULL;
	if (!e->watchers) {
		HUB_LIST_UNLINK(c->hub->events, e, prev, next);
		event_free(e);
	}
}

void hub__event_forget(struct hub_session *hs)
{
	if (hs->ev) {
		hs->ev->tables[hs->ev_table].hs = NULL;
		hs->ev = NULL;
	}
}

void hub__event_free_all(struct hub *h)
{
	while (h->events) {
		struct hub_event *e = h->events;

		while (e->watchers) {
			struct hub_conn *c = e->watchers;

			HUB_LIST_UNLINK(e->watchers, c, ev_prev, ev_next);
			c->ev = NULL;
		}
		HUB_LIST_UNLINK(h->events, e, prev, next);
		event_free(e);
	}
}

/* ---- moving every table at once ---- */

void hub__event_request(struct hub_conn *c, const char *type, const cJSON *req,
                        const cJSON *rid)
{
	struct hub_event *e = c->ev;
	struct ses_viewer fac = { SES_FACILITATOR, 0 };
	struct hub_session *last = NULL;
	struct jsonw w = { 0 };
	const char *as;
	char msg[200];
	int moved = 0, rc;

	if (strcmp(type, "event.phase.set") == 0) {
		as = "phase.set";
	} else if (strcmp(type, "event.timer.start") == 0) {
		as = "timer.start";
	} else {
		hub__reply_error(c, rid, ses_is_change_type(type) ? TF_E_FORBIDDEN : TF_E_UNKNOWN_TYPE,
		                 ses_is_change_type(type) ?
		                 "an event's overview sends only event.phase.set and event.timer.start" :
		                 "unknown request type");
		return;
	}
	for (int i = 0; i < e->ntables; i++) {
		struct hub_session *hs = e->tables[i].hs;
		struct ses_op op;

		if (!hs || ses_status(hs->s) != SES_OPEN)
			continue;
		/* The same template everywhere: a request one table refuses, all refuse. */
		rc = ses_prepare(hs->s, &fac, as, req, hub_now_ms(), c->hub->lim, &op, msg, sizeof msg);
		if (rc < 0 && !last) {
			hub__reply_error(c, rid, rc, msg);
			return;
		}
		if (rc < 0 || hub__change(c->hub, hs, &op) < 0)
			continue;
		last = hs;
		moved++;
	}
	hub__ok_head(&w, rid);
	jsonw_lit(&w, ",\"tables\":");
	jsonw_int(&w, moved);
	if (last)
		hub__reply_ok(c, &w, rid, last);
	else
		hub__reply_now(c, &w, 0);
}

/* ---- deleting ---- */

int hub_delete_event(struct hub *h, const char *code)
{
	cJSON *stored, *t;
	int rc;

	if ((rc = hub_commit(h)) < 0 || (rc = store_load_event(h->st, code, &stored, NULL)) < 0)
		return rc;
	/* The overviews close first: they hold the tables. */
	for (struct hub_event *e = h->events; e; e = e->next)
		if (strcmp(e->code, code) == 0) {
			struct hub_conn *w, *next;

			/* The last leave frees e: nothing of it is read after that. */
			for (w = e->watchers; w; w = next) {
				next = w->ev_next;
				hub__close(w, LWS_CLOSE_STATUS_GOINGAWAY, "event deleted");
				hub__event_leave(w);
			}
			break;
		}
	if ((rc = store_delete_event(h->st, code)) < 0) {
		store_rollback(h->st);
		cJSON_Delete(stored);
		return rc;
	}
	if ((rc = hub_commit(h)) == TF_OK) {
		store_checkpoint(h->st);
		cJSON_ArrayForEach(t, cJSON_GetObjectItem(stored, "tables"))
			hub__drop_session(h, cJSON_GetObjectItem(t, "code")->valuestring);
	}
	cJSON_Delete(stored);
	return rc;
}

/* ---- the cross-table report ---- */

/* A table's session as the hub holds it now (loaded for the report when no one is there). */
static int live_table(void *ctx, const char *code, const struct ses_session **s)
{
	struct hub_session *hs;
	int rc = hub__session(ctx, code, &hs);

	if (rc == TF_OK)
		*s = hs->s;
	return rc;
}

int hub_event_report(struct hub *h, const char *code, cJSON **out)
{
	int rc = event_report_build(h->st, code, hub_now_ms(), live_table, h, out);

	hub_commit(h); /* lets the tables loaded for the report go again */
	return rc;
}
