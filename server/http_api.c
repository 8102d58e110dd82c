/* The HTTP API (/healthz, /api/...) and the app routes that serve the web app's page.
 * Each request is answered whole: the reply is built into the per-request struct and
 * written when the socket can take it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "tafel/app.h"
#include "tafel/error.h"
#include "tafel/export.h"
#include "tafel/netaddr.h"
#include "tafel/origin.h"
#include "tafel/protocols.h"
#include "tafel/qr.h"
#include "tafel/static.h"
#include "http_internal.h"

#define HTTP_BODY_MAX (64 * 1024)


size_t http_session_size(void)
{
	return sizeof(struct http_pss);
}

struct tafel_app *http__app(struct lws *wsi)
{
	return lws_context_user(lws_get_context(wsi));
}

void http__set_reply(struct http_pss *pss, int status, const char *type, char *body)
{
	free(pss->reply);
	pss->status = status;
	pss->content_type = type;
	pss->reply = body;
	pss->reply_len = body ? strlen(body) : 0;
}

void http__reply_json(struct http_pss *pss, int status, cJSON *json)
{
	char *text = json ? cJSON_PrintUnformatted(json) : NULL;

	cJSON_Delete(json);
	http__set_reply(pss, text ? status : 500, "application/json", text);
}

static void reply_error_named(struct http_pss *pss, int status, const char *code,
                              const char *message)
{
	cJSON *o = cJSON_CreateObject();
	cJSON *e = cJSON_AddObjectToObject(o, "error");

	cJSON_AddStringToObject(e, "code", code);
	cJSON_AddStringToObject(e, "message", message);
	http__reply_json(pss, status, o);
}

void http__reply_error(struct http_pss *pss, int status, int code, const char *message)
{
	reply_error_named(pss, status, tf_err_name(code), message);
}

int http__status_of(int err)
{
	switch (err) {
	case TF_E_NOT_FOUND: return 404;
	case TF_E_FORBIDDEN: return 403;
	case TF_E_UNAUTHORIZED: return 401;
	case TF_E_LIMIT_SESSIONS: return 429;
	case TF_E_TOO_LARGE: return 413;
	case TF_E_INVALID:
	case TF_E_BAD_JSON: return 400;
	default: return 500;
	}
}

/* ---- where the request comes from ---- */

/* Calls that change something or are the organizer's (or a facilitator's: the export) are
 * refused to pages of other sites; the public reads (templates, a QR code) are not. */
static int is_guarded(const struct http_pss *pss)
{
	size_t n = strlen(pss->path);

	if (pss->method != M_GET)
		return 1;
	if (strcmp(pss->path, "/api/templates") == 0)
		return 0;
	return !(n > 7 && strcmp(pss->path + n - 7, "/qr.svg") == 0);
}

/* The Host and Origin rules (include/tafel/origin.h), before any call reads or changes
 * anything. Returns 0, or -1 with the error reply set and a log line naming the option that
 * would allow the request. */
static int check_origin(struct lws *wsi, struct http_pss *pss, const struct tafel_app *app)
{
	struct origin_headers h;
	enum origin_verdict v;
	char shown[80];

	origin_read_headers(wsi, &h);
	h.req.guarded = is_guarded(pss);
	h.req.json_body = pss->method == M_POST;
	v = origin_check(&app->origins, &h.req);
	if (v == ORIGIN_OK)
		return 0;
	switch (v) {
	case ORIGIN_HOST_NOT_ALLOWED:
		origin_printable(h.req.host, shown, sizeof shown);
		lwsl_notice("http: %s refused: Host %s is not one of this server's names (start the "
		            "server with --allow-host NAME to allow a name)\n", pss->path, shown);
		break;
	case ORIGIN_NOT_ALLOWED:
		origin_printable(h.req.origin, shown, sizeof shown);
		lwsl_notice("http: %s refused: Origin %s is not this server's (start the server with "
		            "--allow-origin ORIGIN to allow one)\n", pss->path, shown);
		break;
	case ORIGIN_CROSS_SITE:
		lwsl_notice("http: %s refused: sent from a page of another site (Sec-Fetch-Site)\n",
		            pss->path);
		break;
	default:
		origin_printable(h.req.content_type, shown, sizeof shown);
		lwsl_notice("http: %s refused: Content-Type %s is not application/json\n",
		            pss->path, shown);
		break;
	}
	reply_error_named(pss, origin_verdict_status(v), origin_verdict_code(v),
	                  origin_verdict_message(v));
	return -1;
}

/* ---- who is asking ---- */

enum caller { CALLER_ORGANIZER, CALLER_FACILITATOR, CALLER_EVENT };

/* Works out the caller from the Authorization header: the organizer (admin key, or no key
 * when no admin key is set, from this machine's own browser), the facilitator of session
 * `code_out`, or the holder of the key of event `code_out`. Returns 0 or
 * TF_E_UNAUTHORIZED. */
static int caller_of(struct lws *wsi, const struct tafel_app *app, enum caller *who,
                     char code_out[SECRET_CODE_LEN + 1])
{
	char auth[256], peer[64];
	struct origin_headers h;
	const char *key;

	if (lws_hdr_copy(wsi, auth, sizeof auth, WSI_TOKEN_HTTP_AUTHORIZATION) > 0) {
		uint8_t h1[SECRET_HASH_LEN], h2[SECRET_HASH_LEN];

		if (strncasecmp(auth, "Bearer ", 7) != 0)
			return TF_E_UNAUTHORIZED;
		key = auth + 7;
		secret_hash(key, h1);
		if (app->admin_key) {
			secret_hash(app->admin_key, h2);
			if (secret_hash_equal(h1, h2)) {
				*who = CALLER_ORGANIZER;
				return TF_OK;
			}
		}
		if (store_find_facilitator(hub_store(app->hub), h1, code_out) == TF_OK) {
			*who = CALLER_FACILITATOR;
			return TF_OK;
		}
		if (store_find_event_key(hub_store(app->hub), h1, code_out) == TF_OK) {
			*who = CALLER_EVENT;
			return TF_OK;
		}
		return TF_E_UNAUTHORIZED;
	}
	if (app->admin_key)
		return TF_E_UNAUTHORIZED;
	/* Without a key, the organizer is whoever sits at the laptop: the connection comes from
	 * loopback, not passed on by a proxy (through one every peer is loopback), and names
	 * the server by a name that a web page elsewhere cannot re-point here (DNS rebinding). */
	lws_get_peer_simple(wsi, peer, sizeof peer);
	origin_read_headers(wsi, &h);
	if (!netaddr_is_loopback(peer) || h.forwarded ||
	    !origin_host_trusted(&app->origins, h.req.host))
		return TF_E_UNAUTHORIZED;
	*who = CALLER_ORGANIZER;
	return TF_OK;
}

/* Who may make a call about session `code` (NULL: an organizer call) or, with is_event,
 * about event `code`: 0 when the caller may, else -1 with 401 or 403 replied. */
static int may_call(struct lws *wsi, struct http_pss *pss, const char *code, int is_event)
{
	char fac_code[SECRET_CODE_LEN + 1] = "", ev_code[SECRET_CODE_LEN + 1];
	enum caller who;

	if (caller_of(wsi, http__app(wsi), &who, fac_code) < 0) {
		http__reply_error(pss, 401, TF_E_UNAUTHORIZED, http__app(wsi)->admin_key ?
		            "a valid key is needed: Authorization: Bearer <key>" :
		            "a valid key is needed: Authorization: Bearer <key> (without one, organizer "
		            "calls are allowed only on the server's own machine, at localhost)");
		return -1;
	}
	if (who == CALLER_ORGANIZER)
		return 0;
	if (code && who == (is_event ? CALLER_EVENT : CALLER_FACILITATOR) &&
	    strcmp(code, fac_code) == 0)
		return 0;
	/* An event's key counts as the facilitator key of each of its tables. */
	if (code && !is_event && who == CALLER_EVENT &&
	    store_event_of_session(hub_store(http__app(wsi)->hub), code, ev_code) == TF_OK &&
	    strcmp(ev_code, fac_code) == 0)
		return 0;
	http__reply_error(pss, 403, TF_E_FORBIDDEN, !code ? "this call needs the organizer key" :
	                  is_event ? "this key is not this event's key" :
	                  "this key is for another session");
	return -1;
}

int http__authorize(struct lws *wsi, struct http_pss *pss, const char *code)
{
	return may_call(wsi, pss, code, 0);
}

int http__authorize_event(struct lws *wsi, struct http_pss *pss, const char *code)
{
	return may_call(wsi, pss, code, 1);
}

/* ---- handlers ---- */

/* The link the QR code holds: see origin_join_base(). The Host is checked already, and only
 * a well-formed name or address is ever put in the link. */
void http__link(struct lws *wsi, const char *path, const char *code, char *out, size_t outlen)
{
	const struct tafel_app *app = http__app(wsi);
	struct origin_headers h;
	char base[280];

	origin_read_headers(wsi, &h);
	origin_join_base(&app->origins, h.req.host, app->lan_addr, app->port, base, sizeof base);
	snprintf(out, outlen, "%s%s%s", base, path, code);
}

cJSON *http__body_json(struct http_pss *pss)
{
	cJSON *body;

	if (pss->body_too_large) {
		http__reply_error(pss, 413, TF_E_TOO_LARGE, "the body is over 64 KiB");
		return NULL;
	}
	body = cJSON_ParseWithLength(pss->body ? pss->body : "", pss->body_len);
	if (!body || !cJSON_IsObject(body)) {
		cJSON_Delete(body);
		http__reply_error(pss, 400, TF_E_BAD_JSON, "the body must be a JSON object");
		return NULL;
	}
	return body;
}

static void create_session(struct lws *wsi, struct http_pss *pss, struct tafel_app *app)
{
	char code[SECRET_CODE_LEN + 1], key[SECRET_KEY_CHARS + 1], url[300];
	cJSON *body, *o;
	const cJSON *tpl, *lang;
	int rc;

	if (http__authorize(wsi, pss, NULL) < 0 || !(body = http__body_json(pss)))
		return;
	tpl = cJSON_GetObjectItemCaseSensitive(body, "template");
	lang = cJSON_GetObjectItemCaseSensitive(body, "language");
	if (!cJSON_IsString(tpl)) {
		http__reply_error(pss, 400, TF_E_INVALID, "\"template\" must be a template id");
	} else if (lang && (!cJSON_IsString(lang) || (strcmp(lang->valuestring, "nl") &&
	                                             strcmp(lang->valuestring, "en")))) {
		http__reply_error(pss, 400, TF_E_INVALID, "\"language\" must be \"nl\" or \"en\"");
	} else if ((rc = hub_create_session(app->hub, tpl->valuestring, body, code, key)) < 0) {
		http__reply_error(pss, http__status_of(rc), rc, rc == TF_E_NOT_FOUND ? "no template has this id" :
		            rc == TF_E_LIMIT_SESSIONS ? "the server has its maximum of sessions" :
		            "the session could not be stored");
	} else {
		http__link(wsi, "/j/", code, url, sizeof url);
		o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "code", code);
		cJSON_AddStringToObject(o, "facilitator_key", key);
		cJSON_AddStringToObject(o, "join_url", url);
		http__reply_json(pss, 201, o);
		lwsl_notice("http: session %s created from template %s\n", code, tpl->valuestring);
	}
	cJSON_Delete(body);
}

/* Copies the value of a query argument into out, leaving out as it was when the argument is
 * not there (the lookup writes into its buffer either way). */
void http__query_arg(struct lws *wsi, const char *name, char *out, size_t outlen)
{
	char buf[128];
	const char *v = lws_get_urlarg_by_name(wsi, name, buf, sizeof buf);

	if (v)
		snprintf(out, outlen, "%s", v);
}

int http__export_args(struct lws *wsi, struct http_pss *pss, struct export_options *opt,
                      enum export_format last)
{
	char format[16] = "md", lang[8] = "";

	http__query_arg(wsi, "format=", format, sizeof format);
	http__query_arg(wsi, "lang=", lang, sizeof lang);
	if (export_format_parse(format, &opt->format) < 0 || opt->format > last) {
		http__reply_error(pss, 400, TF_E_INVALID, last == EXPORT_CSV ?
		                  "format must be md, html, json or csv" :
		                  "format must be md, html, json, csv or doc");
		return -1;
	}
	if (lang[0] && strcmp(lang, "nl") && strcmp(lang, "en")) {
		http__reply_error(pss, 400, TF_E_INVALID, "lang must be nl or en");
		return -1;
	}
	/* The language's name for the reply's file: a literal, not the request's buffer. */
	opt->lang = !lang[0] ? NULL : lang[0] == 'n' ? "nl" : "en";
	return 0;
}

void http__reply_report(struct http_pss *pss, int rc, char *out, size_t out_len,
                        const struct export_options *opt, const char *name)
{
	if (rc < 0) {
		http__reply_error(pss, 500, TF_E_NOMEM, "the report could not be made");
		return;
	}
	http__set_reply(pss, 200, export_content_type(opt->format), out);
	pss->reply_len = out_len;
	snprintf(pss->disposition, sizeof pss->disposition, "attachment; filename=\"tafel-%s-%s.%s\"",
	         name, opt->lang ? opt->lang : "report", export_extension(opt->format));
}

static void export_session(struct lws *wsi, struct http_pss *pss, struct tafel_app *app,
                           const char *code)
{
	struct export_options opt = { EXPORT_MD, NULL, 0, 0 };
	char names[8] = "", chapter[8] = "";
	char *out = NULL;
	size_t out_len;
	cJSON *doc;
	int rc;

	if (http__authorize(wsi, pss, code) < 0 || http__export_args(wsi, pss, &opt, EXPORT_DOC) < 0)
		return;
	http__query_arg(wsi, "names=", names, sizeof names);
	http__query_arg(wsi, "chapter=", chapter, sizeof chapter);
	/* chapter=6: the report as chapter 6 of a larger one (sections 6.1, 6.2, ...). */
	if (chapter[0]) {
		char *end;
		long n = strtol(chapter, &end, 10);

		opt.chapter = *end || chapter[0] < '0' || chapter[0] > '9' || n < 1 ||
		              n > EXPORT_CHAPTER_MAX ? -1 : (int)n;
	}
	if (opt.chapter < 0) {
		http__reply_error(pss, 400, TF_E_INVALID, "chapter must be a whole number from 1 to 99");
		return;
	}
	opt.with_names = names[0] == '1' || strcmp(names, "true") == 0;
	if ((rc = hub_report(app->hub, code, &doc)) < 0) {
		http__reply_error(pss, http__status_of(rc), rc, rc == TF_E_NOT_FOUND ? "no session has this code" :
		            "the session could not be read");
		return;
	}
	rc = export_render(doc, &opt, &out, &out_len);
	cJSON_Delete(doc);
	http__reply_report(pss, rc, out, out_len, &opt, code);
}

static void session_call(struct lws *wsi, struct http_pss *pss, struct tafel_app *app,
                         const char *rest)
{
	char code[SECRET_CODE_LEN + 1], raw[32], url[300];
	const char *slash = strchr(rest, '/');
	size_t n = slash ? (size_t)(slash - rest) : strlen(rest);
	int rc;

	snprintf(raw, sizeof raw, "%.*s", (int)(n < sizeof raw - 1 ? n : sizeof raw - 1), rest);
	if (secret_normalize_code(raw, code) < 0) {
		http__reply_error(pss, 404, TF_E_NOT_FOUND, "no session has this code");
		return;
	}
	if (!slash && pss->method == M_DELETE) {
		if (http__authorize(wsi, pss, code) < 0)
			return;
		rc = hub_delete_session(app->hub, code);
		if (rc < 0)
			http__reply_error(pss, http__status_of(rc), rc, rc == TF_E_NOT_FOUND ?
			            "no session has this code" : "the session could not be deleted");
		else
			http__set_reply(pss, 204, "application/json", NULL);
		if (rc == 0)
			lwsl_notice("http: session %s deleted\n", code);
		return;
	}
	if (slash && strcmp(slash, "/export") == 0 && pss->method == M_GET) {
		export_session(wsi, pss, app, code);
		return;
	}
	if (slash && strcmp(slash, "/qr.svg") == 0 && pss->method == M_GET) {
		/* An event's code is no session's: its QR code is the entrance's (/api/events). */
		rc = store_code_kind(hub_store(app->hub), code);
		if (rc != STORE_CODE_SESSION) {
			http__reply_error(pss, 404, TF_E_NOT_FOUND, "no session has this code");
			return;
		}
		http__link(wsi, "/j/", code, url, sizeof url);
		http__set_reply(pss, 200, "image/svg+xml", qr_svg(url));
		return;
	}
	http__reply_error(pss, 404, TF_E_NOT_FOUND, "no such call");
}

static void route(struct lws *wsi, struct http_pss *pss)
{
	struct tafel_app *app = http__app(wsi);
	cJSON *list;
	int rc;

	if (strncmp(pss->path, "/api/", 5) == 0 && check_origin(wsi, pss, app) < 0)
		return;
	if (strcmp(pss->path, "/healthz") == 0) {
		http__set_reply(pss, 200, "application/json", strdup("{\"ok\":true}"));
	} else if (strcmp(pss->path, "/api/templates") == 0 && pss->method == M_GET) {
		http__reply_json(pss, 200, tpl_set_list(hub_templates(app->hub)));
	} else if (strcmp(pss->path, "/api/sessions") == 0 && pss->method == M_POST) {
		create_session(wsi, pss, app);
	} else if (strcmp(pss->path, "/api/sessions") == 0 && pss->method == M_GET) {
		if (http__authorize(wsi, pss, NULL) < 0)
			return;
		rc = store_list_sessions(hub_store(app->hub), &list);
		if (rc < 0)
			http__reply_error(pss, 500, rc, "the sessions could not be read");
		else
			http__reply_json(pss, 200, list);
	} else if (strncmp(pss->path, "/api/sessions/", 14) == 0) {
		session_call(wsi, pss, app, pss->path + 14);
	} else if (strcmp(pss->path, "/api/events") == 0 ||
	           strncmp(pss->path, "/api/events/", 12) == 0) {
		http__events_route(wsi, pss, pss->path + 11);
	} else {
		http__reply_error(pss, 404, TF_E_NOT_FOUND, "no such call");
	}
}

static int is_app_route(const char *path)
{
	return strncmp(path, "/j/", 3) == 0 || strncmp(path, "/screen/", 8) == 0 ||
	       strncmp(path, "/e/", 3) == 0 || strncmp(path, "/event/", 7) == 0 ||
	       strncmp(path, "/facilitate/", 12) == 0;
}

static int write_reply(struct lws *wsi, struct http_pss *pss)
{
	unsigned char headers[LWS_PRE + 1024], *start = headers + LWS_PRE, *p = start,
	              *end = headers + sizeof headers - 1;
	unsigned char *body;
	int rc;

	if (lws_add_http_common_headers(wsi, (unsigned int)pss->status, pss->content_type,
	                                pss->reply_len, &p, end) ||
	    lws_add_http_header_by_name(wsi, (const unsigned char *)"cache-control:",
	                                (const unsigned char *)"no-store", 8, &p, end) ||
	    (pss->disposition[0] &&
	     lws_add_http_header_by_name(wsi, (const unsigned char *)"content-disposition:",
	                                 (const unsigned char *)pss->disposition,
	                                 (int)strlen(pss->disposition), &p, end)) ||
	    lws_finalize_write_http_header(wsi, start, &p, end))
		return 1;
	if (pss->reply_len && !pss->head) {
		body = malloc(LWS_PRE + pss->reply_len);
		if (!body)
			return 1;
		memcpy(body + LWS_PRE, pss->reply, pss->reply_len);
		rc = lws_write(wsi, body + LWS_PRE, pss->reply_len, LWS_WRITE_HTTP_FINAL);
		free(body);
		if (rc < (int)pss->reply_len)
			return 1;
	}
	return 0;
}

static void reset(struct http_pss *pss)
{
	free(pss->body);
	free(pss->reply);
	memset(pss, 0, sizeof *pss);
}

int http_callback(struct lws *wsi, enum lws_callback_reasons reason, void *user, void *in,
                  size_t len)
{
	struct http_pss *pss = user;
	int n;

	switch (reason) {
	case LWS_CALLBACK_HTTP:
		reset(pss);
		if (lws_hdr_copy(wsi, pss->path, sizeof pss->path, WSI_TOKEN_GET_URI) > 0)
			pss->method = M_GET;
		else if (lws_hdr_copy(wsi, pss->path, sizeof pss->path, WSI_TOKEN_POST_URI) > 0)
			pss->method = M_POST;
		else if (lws_hdr_copy(wsi, pss->path, sizeof pss->path, WSI_TOKEN_DELETE_URI) > 0)
			pss->method = M_DELETE;
		else if (lws_hdr_copy(wsi, pss->path, sizeof pss->path, WSI_TOKEN_HEAD_URI) > 0) {
			pss->method = M_GET; /* monitors and link checkers ask HEAD */
			pss->head = 1;
		} else
			pss->method = M_OTHER;
		if (is_app_route(pss->path) && pss->method == M_GET) {
			/* The page with its validators (ETag, 304, no-cache), as static.c serves it. */
			return static_serve(wsi, http__app(wsi)->web_dir, "/index.html");
		}
		if (pss->method == M_POST)
			return 0; /* the reply follows the body */
		route(wsi, pss);
		lws_callback_on_writable(wsi);
		return 0;

	case LWS_CALLBACK_HTTP_BODY:
		if (pss->body_len + len > HTTP_BODY_MAX) {
			pss->body_too_large = 1;
			return 0;
		}
		{
			char *grown = realloc(pss->body, pss->body_len + len + 1);

			if (!grown)
				return 1;
			pss->body = grown;
			memcpy(pss->body + pss->body_len, in, len);
			pss->body_len += len;
			pss->body[pss->body_len] = '\0';
		}
		return 0;

	case LWS_CALLBACK_HTTP_BODY_COMPLETION:
		route(wsi, pss);
		lws_callback_on_writable(wsi);
		return 0;

	case LWS_CALLBACK_HTTP_WRITEABLE:
		if (!pss->status)
			return 0;
		n = write_reply(wsi, pss);
		/* Reset before completing: completion may hand the per-request struct back. */
		reset(pss);
		if (n)
			return -1;
		return lws_http_transaction_completed(wsi) ? -1 : 0;

	case LWS_CALLBACK_CLOSED_HTTP:
		if (pss)
			reset(pss);
		return 0;

	default:
		break;
	}
	return lws_callback_http_dummy(wsi, reason, user, in, len);
}
