/* libFuzzer target: WebSocket text frames from bytes to state change, the way the hub
 * handles them, against the real store on a real SQLite file.
 *
 * An input is a script of frames separated by 0xFF (a byte no UTF-8 text frame holds, so
 * libwebsockets never hands it to the server); each frame's first byte picks who sends it:
 * the facilitator, participant A, participant B or the room screen. Every input starts from
 * the same committed session and is rolled back at its end.
 *
 * Besides the sanitizers, it checks what must always hold:
 * - a refused request changes nothing (the state is byte-identical before and after);
 * - viewers that ses_event_variant() puts together get the same event bytes, since the hub
 *   renders each variant once and sends it to all of them;
 * - what the store holds equals what memory holds: the session loaded back from the file
 *   renders the same state for every viewer (what a client gets after a restart);
 * - every export format renders the result.
 *
 * libFuzzer calls back into plain functions, so the fixture lives in file-level statics:
 * the one place in the project outside main.c that has them, for this reason. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tafel/error.h"
#include "tafel/export.h"
#include "tafel/jsonw.h"
#include "tafel/limits.h"
#include "tafel/request.h"
#include "tafel/secret.h"
#include "tafel/session.h"
#include "tafel/store.h"
#include "tafel/template.h"

#define CODE "FACE34"
#define FAC_KEY "fuzz-facilitator-key-0123456789ab"
#define T0 1767225600000LL /* a fixed clock: the same input takes the same path */
#define MAX_FRAMES 48
#define NVIEWERS 4

static struct {
	struct store *st;
	struct tf_limits lim;
	struct ses_viewer viewers[NVIEWERS];
	char dir[64];
} fx;

static void fail(const char *what, const char *a, const char *b)
{
	fprintf(stderr, "fuzz_message: %s\n--- expected\n%s\n--- got\n%s\n", what, a ? a : "",
	        b ? b : "");
	abort();
}

static char *render_state(const struct ses_session *s, const struct ses_viewer *v, int64_t now)
{
	cJSON *j = ses_state_json(s, v, now);
	char *out = j ? cJSON_PrintUnformatted(j) : NULL;

	cJSON_Delete(j);
	return out;
}

/* The tokens are fixed, so that a resume ("token") is reachable from the dictionary. */
static void token_for(int n, char out[32])
{
	snprintf(out, 32, "fuzz-token-%d", n);
}

/* Stores and applies a prepared SES_OP_JOIN as the hub does: a participant gets token n,
 * the facilitator resumes with the key. */
static int store_join(struct ses_session *s, struct ses_op *op, int n)
{
	char token[32];
	int rc;

	token_for(n, token);
	secret_hash(token, op->token_hash);
	if (op->role == SES_FACILITATOR)
		memcpy(op->token_hash, ses_facilitator_hash(s), SECRET_HASH_LEN);
	rc = store_write_op(fx.st, s, op);
	return rc == TF_OK ? ses_apply(s, op) : rc;
}

static int join(struct ses_session *s, const char *json, int n, int64_t now, int64_t *pid)
{
	cJSON *req = cJSON_Parse(json);
	struct ses_viewer who;
	struct ses_op op;
	char msg[200];
	int rc;

	rc = req ? ses_prepare_join(s, req, now, &fx.lim, &who, &op, msg, sizeof msg) : TF_E_NOMEM;
	if (rc == TF_OK && op.kind == SES_OP_JOIN) {
		rc = store_join(s, &op, n);
		*pid = op.id;
	}
	cJSON_Delete(req);
	return rc;
}

/* One session with a facilitator and two participants, committed once. */
static int make_fixture(void)
{
	struct tpl_set *tpls = tpl_set_load(TAFEL_FIXTURE_TEMPLATES);
	const cJSON *tpl = tpls ? tpl_set_find(tpls, "proto") : NULL;
	struct ses_session *s = NULL;
	uint8_t hash[SECRET_HASH_LEN];
	char path[96];
	int64_t id, pid;
	int rc = TF_E_IO;

	fx.lim = (struct tf_limits)TF_LIMITS_DEFAULT;
	snprintf(fx.dir, sizeof fx.dir, "%s/tafel-fuzz.XXXXXX",
	         access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp");
	if (!tpl || !mkdtemp(fx.dir))
		goto done;
	snprintf(path, sizeof path, "%s/fuzz.db", fx.dir);
	secret_hash(FAC_KEY, hash);
	if ((rc = store_open(path, &fx.st)) < 0 || (rc = store_begin(fx.st)) < 0 ||
	    (rc = store_create_session(fx.st, CODE, "proto", tpl, hash, T0, &id)) < 0 ||
	    (rc = store_commit(fx.st)) < 0 || (rc = store_load_session(fx.st, CODE, &s)) < 0 ||
	    (rc = store_begin(fx.st)) < 0)
		goto done;
	fx.viewers[0].role = SES_FACILITATOR;
	if ((rc = join(s, "{\"facilitator_key\":\"" FAC_KEY "\"}", 0, T0, &pid)) < 0)
		goto done;
	fx.viewers[0].pid = pid;
	if ((rc = join(s, "{\"name\":\"Ann\",\"background\":\"Teacher\"}", 1, T0, &pid)) < 0)
		goto done;
	fx.viewers[1] = (struct ses_viewer){ SES_PARTICIPANT, pid };
	if ((rc = join(s, "{\"name\":\"Bo\",\"background\":\"School leader\"}", 2, T0, &pid)) < 0)
		goto done;
	fx.viewers[2] = (struct ses_viewer){ SES_PARTICIPANT, pid };
	fx.viewers[3] = (struct ses_viewer){ SES_SCREEN, 0 };
	rc = store_commit(fx.st);
done:
	ses_free(s);
	tpl_set_free(tpls);
	return rc;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	if (make_fixture() < 0) {
		fprintf(stderr, "fuzz_message: the fixture could not be made in %s\n", fx.dir);
		exit(1);
	}
	return 0;
}

/* Viewers in the same variant must get the same bytes: the hub sends one rendering to all. */
static void check_events(const struct ses_session *s, const struct ses_op *op)
{
	char *seen[SES_EVENT_VARIANTS] = { NULL };

	for (int i = 0; i < NVIEWERS; i++) {
		int v = ses_event_variant(s, op, &fx.viewers[i]);
		cJSON *ev = ses_event_json(s, op, &fx.viewers[i]);
		char *text = ev ? cJSON_PrintUnformatted(ev) : NULL;

		cJSON_Delete(ev);
		if (v < 0 || v >= SES_EVENT_VARIANTS)
			fail("an event variant out of range", NULL, NULL);
		if (!seen[v])
			seen[v] = text;
		else if (text && strcmp(seen[v], text) != 0)
			fail("two viewers of one variant got different events", seen[v], text);
		if (seen[v] != text)
			free(text);
	}
	for (int i = 0; i < SES_EVENT_VARIANTS; i++)
		free(seen[i]);
}

static void one_frame(struct ses_session *s, int actor, const uint8_t *buf, size_t len,
                      int64_t now, int *joins)
{
	const struct ses_viewer *who = &fx.viewers[actor];
	struct req_frame f;
	struct ses_op op;
	char msg[200];
	char *before = NULL, *after;
	int rc;

	if (req_decode((const char *)buf, len, &f) != 0 || strcmp(f.type, "ping") == 0)
		goto done;
	if (strcmp(f.type, "join") == 0) {
		struct ses_viewer jw;

		/* The joiner is not one of the four viewers; its join is an event to them. */
		rc = ses_prepare_join(s, f.json, now, &fx.lim, &jw, &op, msg, sizeof msg);
		if (rc == TF_OK && op.kind == SES_OP_JOIN && *joins < 8 &&
		    store_join(s, &op, 3 + (*joins)++) == TF_OK)
			check_events(s, &op);
		goto done;
	}
	if (!ses_is_change_type(f.type))
		goto done;
	before = render_state(s, &fx.viewers[0], now);
	rc = ses_prepare(s, who, f.type, f.json, now, &fx.lim, &op, msg, sizeof msg);
	if (rc == TF_OK && !op.dup_id) {
		if (store_write_op(fx.st, s, &op) != TF_OK)
			fail("the store refused a change the rules allowed", f.type, msg);
		if (ses_apply(s, &op) != TF_OK)
			fail("a prepared change could not be applied", f.type, NULL);
		check_events(s, &op);
		if (op.kind == SES_OP_VOTE) {
			struct jsonw w = { 0 };

			ses_my_votes_text(s, who->pid, &w);
			jsonw_free(&w);
		}
		goto done;
	}
	after = render_state(s, &fx.viewers[0], now);
	if (!before || !after || strcmp(before, after) != 0)
		fail("a refused request changed the state", before, after);
	free(after);
done:
	free(before);
	req_frame_free(&f);
}

static void check_reload(const struct ses_session *s, int64_t now)
{
	struct ses_session *fresh = NULL;

	if (store_load_session(fx.st, CODE, &fresh) != TF_OK)
		fail("the session could not be loaded back", NULL, NULL);
	for (int i = 0; i < NVIEWERS; i++) {
		char *mem = render_state(s, &fx.viewers[i], now);
		char *disk = render_state(fresh, &fx.viewers[i], now);

		if (!mem || !disk || strcmp(mem, disk) != 0)
			fail("the stored session differs from the one in memory", mem, disk);
		free(mem);
		free(disk);
	}
	ses_free(fresh);
}

static void check_export(const struct ses_session *s, int64_t now, uint8_t pick)
{
	static const char *const langs[] = { "nl", "en" };
	struct export_options opt = { (enum export_format)(pick % 4), langs[(pick >> 2) & 1],
	                              (pick >> 3) & 1 };
	cJSON *doc = ses_report_json(s, now);
	char *out = NULL;
	size_t n;

	if (!doc || export_render(doc, &opt, &out, &n) < 0 || strlen(out) != n)
		fail("a report could not be rendered", NULL, NULL);
	free(out);
	cJSON_Delete(doc);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ses_session *s = NULL;
	int64_t now = T0;
	size_t start = 0;
	int frames = 0, joins = 0;

	if (store_begin(fx.st) != TF_OK || store_load_session(fx.st, CODE, &s) != TF_OK)
		fail("the fixture session could not be loaded", NULL, NULL);
	while (start < size && frames < MAX_FRAMES) {
		const uint8_t *sep = memchr(data + start, 0xFF, size - start);
		size_t end = sep ? (size_t)(sep - data) : size;

		if (end > start)
			one_frame(s, data[start] % NVIEWERS, data + start + 1, end - start - 1, now, &joins);
		now += 1000;
		frames++;
		start = end + 1;
	}
	check_reload(s, now);
	check_export(s, now, size ? data[0] : 0);
	ses_free(s);
	store_rollback(fx.st);
	return 0;
}
