/* The HTTP API of events: a conference day's tables created in one call, listed, shown with
 * their progress, exported as one report, deleted. The entrance's table list is public
 * (participants at the door have no key); everything else needs the organizer or the
 * event's key. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libwebsockets.h>

#include "tafel/app.h"
#include "tafel/error.h"
#include "tafel/export.h"
#include "tafel/qr.h"
#include "http_internal.h"

/* POST /api/events */
static void create(struct lws *wsi, struct http_pss *pss, struct tafel_app *app)
{
	char msg[200], url[300];
	cJSON *body, *out = NULL, *t;
	int rc;

	if (http__authorize(wsi, pss, NULL) < 0 || !(body = http__body_json(pss)))
		return;
	rc = hub_create_event(app->hub, body, &out, msg, sizeof msg);
	cJSON_Delete(body);
	if (rc < 0) {
		http__reply_error(pss, http__status_of(rc), rc, msg);
		return;
	}
	http__link(wsi, "/e/", cJSON_GetObjectItem(out, "code")->valuestring, url, sizeof url);
	cJSON_AddStringToObject(out, "join_url", url);
	cJSON_ArrayForEach(t, cJSON_GetObjectItem(out, "tables")) {
		http__link(wsi, "/j/", cJSON_GetObjectItem(t, "code")->valuestring, url, sizeof url);
		cJSON_AddStringToObject(t, "join_url", url);
	}
	lwsl_notice("http: event %s created with %d tables\n",
	            cJSON_GetObjectItem(out, "code")->valuestring,
	            cJSON_GetArraySize(cJSON_GetObjectItem(out, "tables")));
	http__reply_json(pss, 201, out);
}

/* GET /api/events/{code}/tables: what the entrance shows, for anyone. */
static void tables(struct http_pss *pss, struct tafel_app *app, const char *code)
{
	cJSON *ev, *o;
	int rc = store_load_event(hub_store(app->hub), code, &ev, NULL);

	if (rc < 0) {
		http__reply_error(pss, http__status_of(rc), rc, rc == TF_E_NOT_FOUND ?
		                  "no event has this code" : "the event could not be read");
		return;
	}
	o = cJSON_CreateObject();
	if (o) {
		cJSON_AddItemToObject(o, "title", cJSON_DetachItemFromObject(ev, "title"));
		cJSON_AddItemToObject(o, "language", cJSON_DetachItemFromObject(ev, "language"));
		cJSON_AddItemToObject(o, "tables", cJSON_DetachItemFromObject(ev, "tables"));
	}
	cJSON_Delete(ev);
	http__reply_json(pss, 200, o);
}

/* GET /api/events/{code}/qr.svg: the entrance's link, for the QR code at the door. */
static void qr(struct lws *wsi, struct http_pss *pss, struct tafel_app *app, const char *code)
{
	char url[300];

	if (store_code_kind(hub_store(app->hub), code) != STORE_CODE_EVENT) {
		http__reply_error(pss, 404, TF_E_NOT_FOUND, "no event has this code");
		return;
	}
	http__link(wsi, "/e/", code, url, sizeof url);
	http__set_reply(pss, 200, "image/svg+xml", qr_svg(url));
}

static void progress(struct http_pss *pss, struct tafel_app *app, const char *code)
{
	char *text;
	int rc = hub_event_progress(app->hub, code, &text);

	if (rc < 0)
		http__reply_error(pss, http__status_of(rc), rc, rc == TF_E_NOT_FOUND ?
		                  "no event has this code" : "the event could not be read");
	else
		http__set_reply(pss, 200, "application/json", text);
}

static void delete(struct http_pss *pss, struct tafel_app *app, const char *code)
{
	int rc = hub_delete_event(app->hub, code);

	if (rc < 0) {
		http__reply_error(pss, http__status_of(rc), rc, rc == TF_E_NOT_FOUND ?
		                  "no event has this code" : "the event could not be deleted");
		return;
	}
	http__set_reply(pss, 204, "application/json", NULL);
	lwsl_notice("http: event %s deleted\n", code);
}

/* GET /api/events/{code}/export: the cross-table report. */
static void export(struct lws *wsi, struct http_pss *pss, struct tafel_app *app,
                   const char *code)
{
	struct export_options opt;
	char *out = NULL, name[SECRET_CODE_LEN + 8];
	size_t out_len;
	cJSON *doc;
	int rc;

	memset(&opt, 0, sizeof opt);
	/* The word processor's format is a session report's only (the contract's four here). */
	if (http__export_args(wsi, pss, &opt, EXPORT_CSV) < 0)
		return;
	if ((rc = hub_event_report(app->hub, code, &doc)) < 0) {
		http__reply_error(pss, http__status_of(rc), rc, rc == TF_E_NOT_FOUND ?
		                  "no event has this code" : "the event could not be read");
		return;
	}
	rc = export_event_render(doc, &opt, &out, &out_len);
	cJSON_Delete(doc);
	snprintf(name, sizeof name, "event-%s", code);
	http__reply_report(pss, rc, out, out_len, &opt, name);
}

void http__events_route(struct lws *wsi, struct http_pss *pss, const char *rest)
{
	struct tafel_app *app = http__app(wsi);
	char code[SECRET_CODE_LEN + 1], raw[32];
	const char *slash;
	cJSON *list;
	size_t n;
	int rc;

	if (!rest[0] || strcmp(rest, "/") == 0) {
		if (pss->method == M_POST) {
			create(wsi, pss, app);
		} else if (pss->method == M_GET) {
			if (http__authorize(wsi, pss, NULL) < 0)
				return;
			if ((rc = store_list_events(hub_store(app->hub), &list)) < 0)
				http__reply_error(pss, 500, rc, "the events could not be read");
			else
				http__reply_json(pss, 200, list);
		} else {
			http__reply_error(pss, 404, TF_E_NOT_FOUND, "no such call");
		}
		return;
	}
	rest++;
	slash = strchr(rest, '/');
	n = slash ? (size_t)(slash - rest) : strlen(rest);
	snprintf(raw, sizeof raw, "%.*s", (int)(n < sizeof raw - 1 ? n : sizeof raw - 1), rest);
	if (secret_normalize_code(raw, code) < 0) {
		http__reply_error(pss, 404, TF_E_NOT_FOUND, "no event has this code");
		return;
	}
	if (slash && strcmp(slash, "/tables") == 0 && pss->method == M_GET) {
		tables(pss, app, code);
		return;
	}
	if (slash && strcmp(slash, "/qr.svg") == 0 && pss->method == M_GET) {
		qr(wsi, pss, app, code);
		return;
	}
	if ((slash && strcmp(slash, "/export") == 0 && pss->method == M_GET) ||
	    (!slash && (pss->method == M_GET || pss->method == M_DELETE))) {
		if (http__authorize_event(wsi, pss, code) < 0)
			return;
		if (slash)
			export(wsi, pss, app, code);
		else if (pss->method == M_GET)
			progress(pss, app, code);
		else
			delete(pss, app, code);
		return;
	}
	http__reply_error(pss, 404, TF_E_NOT_FOUND, "no such call");
}
