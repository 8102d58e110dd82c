/* Unit tests of the session rules, with no network and no database: phases, permissions,
 * privacy, votes, cid de-duplication and seq. */
#include <stdlib.h>

#include "check.h"
#include "tafel/error.h"
#include "tafel/session.h"
#include "tafel/template.h"

static const char tpl_json[] =
	"{\"title\":\"T\",\"language\":\"en\",\"problem\":\"P\",\"backgrounds\":[\"A\",\"B\"],"
	"\"personas\":[{\"id\":\"p\",\"name\":\"Persona\"}],"
	"\"phases\":[{\"kind\":\"intro\",\"title\":\"i\",\"minutes\":1},"
	"{\"kind\":\"empathy_map\",\"title\":\"e\",\"minutes\":1,\"persona\":\"p\"},"
	"{\"kind\":\"bad_ideas\",\"title\":\"b\",\"minutes\":1,\"private\":true},"
	"{\"kind\":\"ideal_ideas\",\"title\":\"d\",\"minutes\":1},"
	"{\"kind\":\"cluster\",\"title\":\"c\",\"minutes\":1},"
	"{\"kind\":\"vote\",\"title\":\"v\",\"minutes\":1,\"votes_per_participant\":2},"
	"{\"kind\":\"wrap_up\",\"title\":\"w\",\"minutes\":1}]}";

static const struct tf_limits lim = TF_LIMITS_DEFAULT;
static int64_t next_id = 100;
static int64_t now = 1700000000000;

/* Plays the store's part: gives new rows ids. */
static int run(struct ses_session *s, const struct ses_viewer *who, const char *json)
{
	cJSON *req = cJSON_Parse(json);
	struct ses_op op;
	char msg[200];
	int rc;

	rc = ses_prepare(s, who, cJSON_GetObjectItem(req, "type")->valuestring, req, now, &lim,
	                 &op, msg, sizeof msg);
	if (rc == 0 && op.dup_id) {
		rc = (int)op.dup_id;
	} else if (rc == 0) {
		if (op.kind == SES_OP_NOTE_ADD || op.kind == SES_OP_CLUSTER_ADD)
			op.id = next_id++;
		CHECK_EQ_INT(ses_apply(s, &op), 0);
		if (op.kind == SES_OP_NOTE_ADD || op.kind == SES_OP_CLUSTER_ADD)
			rc = (int)op.id;
	}
	cJSON_Delete(req);
	return rc;
}

static int64_t join(struct ses_session *s, const char *name)
{
	cJSON *req = cJSON_CreateObject();
	struct ses_viewer who;
	struct ses_op op;
	char msg[200];

	cJSON_AddStringToObject(req, "name", name);
	cJSON_AddStringToObject(req, "background", "A");
	CHECK_EQ_INT(ses_prepare_join(s, req, now, &lim, &who, &op, msg, sizeof msg), 0);
	CHECK_EQ_INT(op.kind, SES_OP_JOIN);
	op.id = next_id++;
	CHECK_EQ_INT(ses_apply(s, &op), 0);
	ses_connections_add(s, op.id, 1);
	cJSON_Delete(req);
	return op.id;
}

static struct ses_session *make(void)
{
	cJSON *snap;
	char err[200];

	CHECK_EQ_INT(tpl_parse(tpl_json, sizeof tpl_json - 1, &snap, err, sizeof err), 0);
	return ses_new(1, "ACDEFG", "t", snap, now);
}

static const cJSON *find_note(const cJSON *state, int id)
{
	const cJSON *n;
	char buf[24];

	snprintf(buf, sizeof buf, "%d", id);
	cJSON_ArrayForEach(n, cJSON_GetObjectItem(state, "notes"))
		if (strcmp(cJSON_GetObjectItem(n, "id")->valuestring, buf) == 0)
			return n;
	return NULL;
}

static void test_phases_and_permissions(void)
{
	struct ses_session *s = make();
	struct ses_viewer fac = { SES_FACILITATOR, 1 }, screen = { SES_SCREEN, 0 };
	struct ses_viewer a = { SES_PARTICIPANT, join(s, "a") }, b = { SES_PARTICIPANT, join(s, "b") };
	int n;

	CHECK_EQ_INT(run(s, &a, "{\"type\":\"note.add\",\"phase\":0,\"text\":\"x\"}"), TF_E_PHASE_CLOSED);
	CHECK_EQ_INT(run(s, &a, "{\"type\":\"phase.set\",\"index\":1}"), TF_E_FORBIDDEN);
	CHECK_EQ_INT(run(s, &screen, "{\"type\":\"note.add\",\"phase\":0,\"text\":\"x\"}"), TF_E_FORBIDDEN);
	CHECK_EQ_INT(run(s, &fac, "{\"type\":\"phase.set\",\"index\":1}"), 0);
	CHECK_EQ_INT(ses_phase(s), 1);
	CHECK_EQ_INT(run(s, &a, "{\"type\":\"note.add\",\"phase\":1,\"text\":\"x\"}"), TF_E_INVALID);
	CHECK_EQ_INT(run(s, &a, "{\"type\":\"note.add\",\"phase\":1,\"text\":\"x\",\"quadrant\":\"eats\"}"),
	             TF_E_INVALID);
	n = run(s, &a, "{\"type\":\"note.add\",\"phase\":1,\"text\":\"x\",\"quadrant\":\"feels\"}");
	CHECK(n > 0);
	CHECK_EQ_INT(run(s, &a, "{\"type\":\"note.add\",\"phase\":2,\"text\":\"x\"}"), TF_E_PHASE_CLOSED);
	/* The facilitator may write into any phase. */
	CHECK(run(s, &fac, "{\"type\":\"note.add\",\"phase\":3,\"text\":\"f\"}") > 0);
	CHECK_EQ_INT(run(s, &fac, "{\"type\":\"note.add\",\"phase\":9,\"text\":\"f\"}"), TF_E_INVALID);

	{
		char req[120];

		snprintf(req, sizeof req, "{\"type\":\"note.edit\",\"id\":\"%d\",\"text\":\"y\"}", n);
		CHECK_EQ_INT(run(s, &b, req), TF_E_FORBIDDEN);
		CHECK_EQ_INT(run(s, &a, req), 0);
		CHECK_EQ_INT(run(s, &fac, req), 0);
		snprintf(req, sizeof req, "{\"type\":\"note.essence\",\"id\":\"%d\",\"text\":\"y\"}", n);
		CHECK_EQ_INT(run(s, &a, req), TF_E_INVALID); /* not a bad idea */
	}
	CHECK_EQ_INT(run(s, &a, "{\"type\":\"note.edit\",\"id\":\"99999\",\"text\":\"y\"}"), TF_E_NOT_FOUND);
	CHECK_EQ_INT(run(s, &a, "{\"type\":\"note.edit\",\"id\":7,\"text\":\"y\"}"), TF_E_INVALID);
	CHECK_EQ_INT(run(s, &a, "{\"type\":\"no.such\"}"), TF_E_UNKNOWN_TYPE);

	CHECK_EQ_INT(run(s, &fac, "{\"type\":\"session.end\"}"), 0);
	CHECK_EQ_INT(ses_status(s), SES_ENDED);
	CHECK_EQ_INT(run(s, &a, "{\"type\":\"note.add\",\"phase\":1,\"text\":\"x\",\"quadrant\":\"says\"}"),
	             TF_E_PHASE_CLOSED);
	CHECK_EQ_INT(run(s, &fac, "{\"type\":\"summary.set\",\"text\":\"x\"}"), TF_E_PHASE_CLOSED);
	ses_free(s);
}

static void test_privacy(void)
{
	struct ses_session *s = make();
	struct ses_viewer fac = { SES_FACILITATOR, 1 }, screen = { SES_SCREEN, 0 };
	struct ses_viewer a = { SES_PARTICIPANT, join(s, "a") }, b = { SES_PARTICIPANT, join(s, "b") };
	cJSON *req, *st;
	struct ses_op op;
	char msg[200];
	int n;

	run(s, &fac, "{\"type\":\"phase.set\",\"index\":2}");
	n = run(s, &a, "{\"type\":\"note.add\",\"phase\":2,\"text\":\"secret\"}");
	CHECK(n > 0);

	st = ses_state_json(s, &b, now);
	CHECK(find_note(st, n) != NULL);
	CHECK(cJSON_GetObjectItem(find_note(st, n), "text") == NULL);
	cJSON_Delete(st);
	st = ses_state_json(s, &screen, now);
	CHECK(cJSON_GetObjectItem(find_note(st, n), "text") == NULL);
	cJSON_Delete(st);
	st = ses_state_json(s, &a, now);
	CHECK_STR(cJSON_GetObjectItem(find_note(st, n), "text")->valuestring, "secret");
	cJSON_Delete(st);
	st = ses_state_json(s, &fac, now);
	CHECK_STR(cJSON_GetObjectItem(find_note(st, n), "text")->valuestring, "secret");
	cJSON_Delete(st);

	/* The event of an edit reaches b reduced: same type and seq, no text. */
	req = cJSON_Parse("{\"type\":\"note.essence\",\"text\":\"kernel\"}");
	cJSON_AddItemToObject(req, "id", ses_id_json(n));
	CHECK_EQ_INT(ses_prepare(s, &a, "note.essence", req, now, &lim, &op, msg, sizeof msg), 0);
	CHECK_EQ_INT(ses_apply(s, &op), 0);
	{
		cJSON *eb = ses_event_json(s, &op, &b), *ea = ses_event_json(s, &op, &a);
		char *tb = cJSON_PrintUnformatted(eb);

		CHECK(strstr(tb, "kernel") == NULL && strstr(tb, "secret") == NULL);
		CHECK_STR(cJSON_GetObjectItem(eb, "type")->valuestring, "note.edited");
		CHECK_EQ_INT(cJSON_GetObjectItem(eb, "seq")->valuedouble,
		             cJSON_GetObjectItem(ea, "seq")->valuedouble);
		CHECK_STR(cJSON_GetObjectItem(cJSON_GetObjectItem(ea, "note"), "essence")->valuestring,
		          "kernel");
		CHECK(ses_event_variant(s, &op, &a) != ses_event_variant(s, &op, &b));
		free(tb);
		cJSON_Delete(eb);
		cJSON_Delete(ea);
	}
	/* b cannot touch what it cannot see. */
	CHECK_EQ_INT(ses_prepare(s, &b, "note.essence", req, now, &lim, &op, msg, sizeof msg),
	             TF_E_NOT_FOUND);
	cJSON_Delete(req);

	CHECK_EQ_INT(run(s, &fac, "{\"type\":\"reveal\",\"phase\":2}"), 0);
	st = ses_state_json(s, &b, now);
	CHECK_STR(cJSON_GetObjectItem(find_note(st, n), "text")->valuestring, "secret");
	cJSON_Delete(st);
	ses_free(s);
}

static void test_votes_and_seq(void)
{
	struct ses_session *s = make();
	struct ses_viewer fac = { SES_FACILITATOR, 1 };
	struct ses_viewer a = { SES_PARTICIPANT, join(s, "a") }, b = { SES_PARTICIPANT, join(s, "b") };
	int64_t seq0 = ses_seq(s);
	char req[120];
	cJSON *st;
	int c;

	c = run(s, &fac, "{\"type\":\"cluster.add\",\"title\":\"Visie\"}");
	CHECK(c > 0);
	CHECK_EQ_INT(ses_seq(s), seq0 + 1);
	snprintf(req, sizeof req, "{\"type\":\"vote\",\"cluster\":\"%d\",\"delta\":1}", c);
	CHECK_EQ_INT(run(s, &a, req), TF_E_PHASE_CLOSED);
	run(s, &fac, "{\"type\":\"phase.set\",\"index\":5}");
	CHECK_EQ_INT(run(s, &fac, req), TF_E_FORBIDDEN);
	CHECK_EQ_INT(run(s, &a, req), 0);
	CHECK_EQ_INT(run(s, &a, req), 0);
	CHECK_EQ_INT(run(s, &a, req), TF_E_VOTE_BUDGET);
	CHECK_EQ_INT(run(s, &b, "{\"type\":\"vote\",\"cluster\":\"1\",\"delta\":1}"), TF_E_NOT_FOUND);
	snprintf(req, sizeof req, "{\"type\":\"vote\",\"cluster\":\"%d\",\"delta\":-1}", c);
	CHECK_EQ_INT(run(s, &b, req), TF_E_VOTE_BUDGET);
	snprintf(req, sizeof req, "{\"type\":\"vote\",\"cluster\":\"%d\",\"delta\":2}", c);
	CHECK_EQ_INT(run(s, &a, req), TF_E_INVALID);

	st = ses_state_json(s, &b, now);
	CHECK(cJSON_GetObjectItem(cJSON_GetArrayItem(cJSON_GetObjectItem(st, "clusters"), 0),
	                          "votes") == NULL);
	cJSON_Delete(st);
	st = ses_state_json(s, &fac, now);
	CHECK_EQ_INT(cJSON_GetObjectItem(cJSON_GetArrayItem(cJSON_GetObjectItem(st, "clusters"), 0),
	                                 "votes")->valueint, 2);
	cJSON_Delete(st);
	st = ses_state_json(s, &a, now);
	CHECK_EQ_INT(cJSON_GetObjectItem(cJSON_GetObjectItem(st, "my_votes"), cJSON_GetObjectItem(
	             cJSON_GetArrayItem(cJSON_GetObjectItem(st, "clusters"), 0), "id")->valuestring)
	             ->valueint, 2);
	cJSON_Delete(st);
	run(s, &fac, "{\"type\":\"phase.set\",\"index\":6}");
	st = ses_state_json(s, &b, now);
	CHECK_EQ_INT(cJSON_GetObjectItem(cJSON_GetArrayItem(cJSON_GetObjectItem(st, "clusters"), 0),
	                                 "votes")->valueint, 2);
	cJSON_Delete(st);
	/* cluster add, phase, 2 votes, phase: five changes, seq moved by exactly five. */
	CHECK_EQ_INT(ses_seq(s), seq0 + 5);
	ses_free(s);
}

/* Found by the fuzzer: a cluster event carries its tally, so in the vote phase it must not
 * be rendered once for the facilitator and sent to participants too. */
static void test_cluster_event_variants(void)
{
	struct ses_session *s = make();
	struct ses_viewer fac = { SES_FACILITATOR, 1 };
	struct ses_viewer a = { SES_PARTICIPANT, join(s, "a") };
	cJSON *req = cJSON_Parse("{\"type\":\"cluster.add\",\"title\":\"Visie\"}");
	struct ses_op op;
	char msg[200];
	cJSON *ev;

	run(s, &fac, "{\"type\":\"phase.set\",\"index\":5}");
	CHECK_EQ_INT(ses_prepare(s, &fac, "cluster.add", req, now, &lim, &op, msg, sizeof msg), 0);
	op.id = next_id++;
	CHECK_EQ_INT(ses_apply(s, &op), 0);
	CHECK(ses_event_variant(s, &op, &fac) != ses_event_variant(s, &op, &a));
	ev = ses_event_json(s, &op, &a);
	CHECK(cJSON_GetObjectItem(cJSON_GetObjectItem(ev, "cluster"), "votes") == NULL);
	cJSON_Delete(ev);
	ev = ses_event_json(s, &op, &fac);
	CHECK(cJSON_GetObjectItem(cJSON_GetObjectItem(ev, "cluster"), "votes") != NULL);
	cJSON_Delete(ev);
	cJSON_Delete(req);
	ses_free(s);
}

static void test_cid_and_limits(void)
{
	struct ses_session *s = make();
	struct ses_viewer fac = { SES_FACILITATOR, 1 };
	struct ses_viewer a = { SES_PARTICIPANT, join(s, "a") }, b = { SES_PARTICIPANT, join(s, "b") };
	char big[2100 + 64];
	int first;

	run(s, &fac, "{\"type\":\"phase.set\",\"index\":3}");
	first = run(s, &a, "{\"type\":\"note.add\",\"phase\":3,\"text\":\"x\",\"cid\":\"k1\"}");
	CHECK(first > 0);
	CHECK_EQ_INT(run(s, &a, "{\"type\":\"note.add\",\"phase\":3,\"text\":\"x\",\"cid\":\"k1\"}"), first);
	/* Another participant's cid space is its own. */
	CHECK(run(s, &b, "{\"type\":\"note.add\",\"phase\":3,\"text\":\"x\",\"cid\":\"k1\"}") != first);
	run(s, &fac, "{\"type\":\"phase.set\",\"index\":4}");
	CHECK_EQ_INT(run(s, &a, "{\"type\":\"note.add\",\"phase\":3,\"text\":\"x\",\"cid\":\"k1\"}"), first);

	run(s, &fac, "{\"type\":\"phase.set\",\"index\":3}");
	snprintf(big, sizeof big, "{\"type\":\"note.add\",\"phase\":3,\"text\":\"%02100d\"}", 0);
	CHECK_EQ_INT(run(s, &a, big), TF_E_TOO_LARGE);
	CHECK_EQ_INT(run(s, &a, "{\"type\":\"note.add\",\"phase\":3,\"text\":\"\"}"), TF_E_INVALID);
	ses_free(s);
}

static void test_join_rules(void)
{
	struct ses_session *s = make();
	struct ses_viewer who;
	struct ses_op op;
	char msg[200];
	cJSON *req = cJSON_Parse("{\"name\":\"x\",\"background\":\"Z\"}");

	CHECK_EQ_INT(ses_prepare_join(s, req, now, &lim, &who, &op, msg, sizeof msg), TF_E_INVALID);
	cJSON_Delete(req);
	req = cJSON_Parse("{\"token\":\"nope\"}");
	CHECK_EQ_INT(ses_prepare_join(s, req, now, &lim, &who, &op, msg, sizeof msg), TF_E_FORBIDDEN);
	cJSON_Delete(req);
	req = cJSON_Parse("{\"facilitator_key\":\"nope\"}");
	CHECK_EQ_INT(ses_prepare_join(s, req, now, &lim, &who, &op, msg, sizeof msg), TF_E_FORBIDDEN);
	cJSON_Delete(req);
	req = cJSON_Parse("{\"screen\":true}");
	CHECK_EQ_INT(ses_prepare_join(s, req, now, &lim, &who, &op, msg, sizeof msg), 0);
	CHECK_EQ_INT(who.role, SES_SCREEN);
	cJSON_Delete(req);
	ses_free(s);
}

/* run() with limits of its own, made small enough to reach. */
static int run_lim(struct ses_session *s, const struct ses_viewer *who,
                   const struct tf_limits *l, const char *json)
{
	cJSON *req = cJSON_Parse(json);
	struct ses_op op;
	char msg[200];
	int rc;

	rc = ses_prepare(s, who, cJSON_GetObjectItem(req, "type")->valuestring, req, now, l, &op,
	                 msg, sizeof msg);
	if (rc == 0 && op.dup_id) {
		rc = (int)op.dup_id;
	} else if (rc == 0) {
		if (op.kind == SES_OP_NOTE_ADD || op.kind == SES_OP_CLUSTER_ADD)
			op.id = next_id++;
		CHECK_EQ_INT(ses_apply(s, &op), 0);
		rc = op.kind == SES_OP_NOTE_ADD || op.kind == SES_OP_CLUSTER_ADD ? (int)op.id : 0;
	} else if (rc == TF_E_LIMIT_REACHED) {
		CHECK(strstr(msg, "maximum") != NULL);
	}
	cJSON_Delete(req);
	return rc;
}

static int state_notes(const struct ses_session *s)
{
	struct ses_viewer fac = { SES_FACILITATOR, 1 };
	cJSON *st = ses_state_json(s, &fac, now);
	int n = cJSON_GetArraySize(cJSON_GetObjectItem(st, "notes"));

	cJSON_Delete(st);
	return n;
}

static void test_note_count_limits(void)
{
	struct ses_session *s = make();
	struct tf_limits l = TF_LIMITS_DEFAULT;
	struct ses_viewer fac = { SES_FACILITATOR, 1 };
	struct ses_viewer a = { SES_PARTICIPANT, join(s, "a") }, b = { SES_PARTICIPANT, join(s, "b") };
	char req[120];
	int64_t seq;
	int second, n;

	l.notes_per_participant = 3;
	l.notes_per_session = 6;
	run_lim(s, &fac, &l, "{\"type\":\"phase.set\",\"index\":3}");
	CHECK(run_lim(s, &a, &l, "{\"type\":\"note.add\",\"phase\":3,\"text\":\"x\",\"cid\":\"c1\"}") > 0);
	second = run_lim(s, &a, &l, "{\"type\":\"note.add\",\"phase\":3,\"text\":\"x\",\"cid\":\"c2\"}");
	CHECK(second > 0);
	CHECK(run_lim(s, &a, &l, "{\"type\":\"note.add\",\"phase\":3,\"text\":\"x\",\"cid\":\"c3\"}") > 0);
	/* The fourth of one participant's notes is refused and changes nothing ... */
	seq = ses_seq(s);
	CHECK_EQ_INT(run_lim(s, &a, &l, "{\"type\":\"note.add\",\"phase\":3,\"text\":\"x\",\"cid\":\"c4\"}"),
	             TF_E_LIMIT_REACHED);
	CHECK_EQ_INT(run_lim(s, &a, &l, "{\"type\":\"note.add\",\"phase\":3,\"text\":\"x\"}"),
	             TF_E_LIMIT_REACHED);
	CHECK_EQ_INT(ses_seq(s), seq);
	CHECK_EQ_INT(state_notes(s), 3);
	/* ... but a resend of one that was stored is still answered with its id. */
	CHECK_EQ_INT(run_lim(s, &a, &l, "{\"type\":\"note.add\",\"phase\":3,\"text\":\"x\",\"cid\":\"c2\"}"),
	             second);
	/* A bad request is told what is wrong with it, not that a limit is reached. */
	CHECK_EQ_INT(run_lim(s, &a, &l, "{\"type\":\"note.add\",\"phase\":0,\"text\":\"x\"}"),
	             TF_E_PHASE_CLOSED);
	/* Deleting a note written with a cid frees no room: its cid is kept for resends, and
	 * writing and deleting in turn would otherwise grow the session without end. */
	snprintf(req, sizeof req, "{\"type\":\"note.delete\",\"id\":\"%d\"}", second);
	CHECK_EQ_INT(run_lim(s, &a, &l, req), 0);
	CHECK_EQ_INT(run_lim(s, &a, &l, "{\"type\":\"note.add\",\"phase\":3,\"text\":\"x\",\"cid\":\"c5\"}"),
	             TF_E_LIMIT_REACHED);
	CHECK_EQ_INT(run_lim(s, &a, &l, "{\"type\":\"note.add\",\"phase\":3,\"text\":\"x\"}"),
	             TF_E_LIMIT_REACHED);
	CHECK_EQ_INT(state_notes(s), 2);

	/* Another participant has a limit of its own; a note without a cid keeps nothing once
	 * deleted, so its room comes back. */
	for (int i = 0; i < 3; i++)
		CHECK(run_lim(s, &b, &l, "{\"type\":\"note.add\",\"phase\":3,\"text\":\"y\"}") > 0);
	n = run_lim(s, &b, &l, "{\"type\":\"note.add\",\"phase\":3,\"text\":\"y\"}");
	CHECK_EQ_INT(n, TF_E_LIMIT_REACHED);
	n = (int)next_id - 1;
	snprintf(req, sizeof req, "{\"type\":\"note.delete\",\"id\":\"%d\"}", n);
	CHECK_EQ_INT(run_lim(s, &b, &l, req), 0);
	CHECK(run_lim(s, &b, &l, "{\"type\":\"note.add\",\"phase\":3,\"text\":\"y\"}") > 0);
	CHECK_EQ_INT(state_notes(s), 5);
	/* The facilitator has no limit but the session's: 5 notes so far, of 6. */
	l.notes_per_participant = 1;
	CHECK(run_lim(s, &fac, &l, "{\"type\":\"note.add\",\"phase\":2,\"text\":\"f\"}") > 0);
	seq = ses_seq(s);
	CHECK_EQ_INT(run_lim(s, &fac, &l, "{\"type\":\"note.add\",\"phase\":3,\"text\":\"f\"}"),
	             TF_E_LIMIT_REACHED);
	CHECK_EQ_INT(run_lim(s, &a, &l, "{\"type\":\"note.add\",\"phase\":3,\"text\":\"y\"}"),
	             TF_E_LIMIT_REACHED);
	CHECK_EQ_INT(ses_seq(s), seq);
	CHECK_EQ_INT(state_notes(s), 6);
	ses_free(s);
}

static void test_cid_count_limit(void)
{
	struct ses_session *s = make();
	struct tf_limits l = TF_LIMITS_DEFAULT;
	struct ses_viewer fac = { SES_FACILITATOR, 1 };
	struct ses_viewer a = { SES_PARTICIPANT, join(s, "a") }, b = { SES_PARTICIPANT, join(s, "b") };
	char req[120];

	/* Notes written from the app and deleted again leave their cids: the session's limit
	 * counts those too, so that a loop of writing and deleting stops at it. */
	l.notes_per_session = 4;
	run_lim(s, &fac, &l, "{\"type\":\"phase.set\",\"index\":3}");
	for (int i = 0; i < 4; i++) {
		int id;

		snprintf(req, sizeof req, "{\"type\":\"note.add\",\"phase\":3,\"text\":\"x\",\"cid\":\"k%d\"}", i);
		id = run_lim(s, &a, &l, req);
		CHECK(id > 0);
		snprintf(req, sizeof req, "{\"type\":\"note.delete\",\"id\":\"%d\"}", id);
		CHECK_EQ_INT(run_lim(s, &a, &l, req), 0);
	}
	CHECK_EQ_INT(state_notes(s), 0);
	CHECK_EQ_INT(run_lim(s, &b, &l, "{\"type\":\"note.add\",\"phase\":3,\"text\":\"y\"}"),
	             TF_E_LIMIT_REACHED);
	CHECK_EQ_INT(run_lim(s, &a, &l, "{\"type\":\"note.add\",\"phase\":3,\"text\":\"x\",\"cid\":\"k2\"}"),
	             (int)next_id - 2);
	ses_free(s);
}

static void test_cluster_count_limit(void)
{
	struct ses_session *s = make();
	struct tf_limits l = TF_LIMITS_DEFAULT;
	struct ses_viewer fac = { SES_FACILITATOR, 1 };
	char req[120];
	int first;
	int64_t seq;

	l.clusters_per_session = 2;
	first = run_lim(s, &fac, &l, "{\"type\":\"cluster.add\",\"title\":\"one\"}");
	CHECK(first > 0);
	CHECK(run_lim(s, &fac, &l, "{\"type\":\"cluster.add\",\"title\":\"two\",\"description\":\"d\"}") > 0);
	seq = ses_seq(s);
	CHECK_EQ_INT(run_lim(s, &fac, &l, "{\"type\":\"cluster.add\",\"title\":\"three\"}"),
	             TF_E_LIMIT_REACHED);
	CHECK_EQ_INT(ses_seq(s), seq);
	/* Editing a cluster adds none. */
	snprintf(req, sizeof req, "{\"type\":\"cluster.edit\",\"id\":\"%d\",\"title\":\"1\"}", first);
	CHECK_EQ_INT(run_lim(s, &fac, &l, req), 0);
	snprintf(req, sizeof req, "{\"type\":\"cluster.delete\",\"id\":\"%d\"}", first);
	CHECK_EQ_INT(run_lim(s, &fac, &l, req), 0);
	CHECK(run_lim(s, &fac, &l, "{\"type\":\"cluster.add\",\"title\":\"three\"}") > 0);
	ses_free(s);
}

/* An event of the last change as viewer v sees it; the op is prepared, applied and kept. */
static cJSON *change(struct ses_session *s, const struct ses_viewer *who, const char *json,
                     const struct ses_viewer *v, int *rc)
{
	cJSON *req = cJSON_Parse(json), *ev = NULL;
	struct ses_op op;
	char msg[200];

	*rc = ses_prepare(s, who, cJSON_GetObjectItem(req, "type")->valuestring, req, now, &lim,
	                  &op, msg, sizeof msg);
	if (*rc == 0) {
		CHECK_EQ_INT(ses_apply(s, &op), 0);
		ev = ses_event_json(s, &op, v);
	}
	cJSON_Delete(req);
	return ev;
}

static const cJSON *state_timer(struct ses_session *s, cJSON **state)
{
	struct ses_viewer fac = { SES_FACILITATOR, 1 };

	cJSON_Delete(*state);
	*state = ses_state_json(s, &fac, now);
	return cJSON_GetObjectItem(*state, "timer");
}

static void test_timer_follows_phase(void)
{
	struct ses_session *s = make();
	struct ses_viewer fac = { SES_FACILITATOR, 1 };
	struct ses_viewer a = { SES_PARTICIPANT, join(s, "a") };
	cJSON *state = NULL, *ev;
	const cJSON *t;
	int rc;

	CHECK_EQ_INT(run(s, &fac, "{\"type\":\"phase.set\",\"index\":1}"), 0);
	CHECK_EQ_INT(run(s, &fac, "{\"type\":\"timer.start\",\"seconds\":60}"), 0);
	t = state_timer(s, &state);
	CHECK_EQ_INT(cJSON_GetObjectItem(t, "ends_at")->valuedouble, now + 60000);
	CHECK(!cJSON_GetObjectItem(t, "lock"));
	/* A new phase stops the timer, in the state and in the event. */
	ev = change(s, &fac, "{\"type\":\"phase.set\",\"index\":2}", &a, &rc);
	CHECK_EQ_INT(rc, 0);
	CHECK(cJSON_IsNull(cJSON_GetObjectItem(ev, "timer")));
	CHECK(cJSON_IsNull(state_timer(s, &state)));
	cJSON_Delete(ev);
	/* ... or starts the next phase's at once. */
	ev = change(s, &fac, "{\"type\":\"phase.set\",\"index\":3,\"timer_seconds\":900}", &a, &rc);
	CHECK_EQ_INT(cJSON_GetObjectItem(cJSON_GetObjectItem(ev, "timer"), "ends_at")->valuedouble,
	             now + 900000);
	cJSON_Delete(ev);
	CHECK_EQ_INT(run(s, &fac, "{\"type\":\"phase.set\",\"index\":3,\"timer_seconds\":0}"), TF_E_INVALID);
	CHECK_EQ_INT(run(s, &fac, "{\"type\":\"phase.set\",\"index\":3,\"timer_seconds\":\"5\"}"), TF_E_INVALID);
	/* timer.add: more time, less time, never below zero; paused too. */
	CHECK_EQ_INT(run(s, &fac, "{\"type\":\"timer.add\",\"seconds\":60}"), 0);
	CHECK_EQ_INT(cJSON_GetObjectItem(state_timer(s, &state), "ends_at")->valuedouble, now + 960000);
	CHECK_EQ_INT(run(s, &fac, "{\"type\":\"timer.add\",\"seconds\":-5000}"), 0);
	CHECK_EQ_INT(cJSON_GetObjectItem(state_timer(s, &state), "ends_at")->valuedouble, now);
	CHECK_EQ_INT(run(s, &fac, "{\"type\":\"timer.add\",\"seconds\":30}"), 0);
	CHECK_EQ_INT(run(s, &fac, "{\"type\":\"timer.pause\"}"), 0);
	CHECK_EQ_INT(run(s, &fac, "{\"type\":\"timer.add\",\"seconds\":-10}"), 0);
	CHECK_EQ_INT(cJSON_GetObjectItem(state_timer(s, &state), "paused_remaining_ms")->valuedouble, 20000);
	CHECK_EQ_INT(run(s, &a, "{\"type\":\"timer.add\",\"seconds\":10}"), TF_E_FORBIDDEN);
	CHECK_EQ_INT(run(s, &fac, "{\"type\":\"timer.add\"}"), TF_E_INVALID);
	CHECK_EQ_INT(run(s, &fac, "{\"type\":\"timer.stop\"}"), 0);
	CHECK_EQ_INT(run(s, &fac, "{\"type\":\"timer.add\",\"seconds\":10}"), TF_E_INVALID);
	/* session.end stops the timer. */
	CHECK_EQ_INT(run(s, &fac, "{\"type\":\"timer.start\",\"seconds\":60}"), 0);
	CHECK_EQ_INT(run(s, &fac, "{\"type\":\"session.end\"}"), 0);
	CHECK(cJSON_IsNull(state_timer(s, &state)));
	cJSON_Delete(state);
	ses_free(s);
}

static void test_timer_lock(void)
{
	struct ses_session *s = make();
	struct ses_viewer fac = { SES_FACILITATOR, 1 };
	struct ses_viewer a = { SES_PARTICIPANT, join(s, "a") };
	cJSON *state = NULL;
	char req[120];
	int n;

	CHECK_EQ_INT(run(s, &fac, "{\"type\":\"phase.set\",\"index\":2}"), 0);
	n = run(s, &a, "{\"type\":\"note.add\",\"phase\":2,\"text\":\"x\"}");
	CHECK(n > 0);
	CHECK_EQ_INT(run(s, &fac, "{\"type\":\"timer.start\",\"seconds\":1,\"lock\":\"yes\"}"), TF_E_INVALID);
	CHECK_EQ_INT(run(s, &fac, "{\"type\":\"timer.start\",\"seconds\":1,\"lock\":true}"), 0);
	CHECK(cJSON_IsTrue(cJSON_GetObjectItem(state_timer(s, &state), "lock")));
	/* Before zero: open. At zero: closed to participants, open to the facilitator. */
	CHECK(run(s, &a, "{\"type\":\"note.add\",\"phase\":2,\"text\":\"y\"}") > 0);
	now += 1000;
	CHECK_EQ_INT(run(s, &a, "{\"type\":\"note.add\",\"phase\":2,\"text\":\"z\"}"), TF_E_PHASE_CLOSED);
	snprintf(req, sizeof req, "{\"type\":\"note.edit\",\"id\":\"%d\",\"text\":\"e\"}", n);
	CHECK_EQ_INT(run(s, &a, req), TF_E_PHASE_CLOSED);
	snprintf(req, sizeof req, "{\"type\":\"note.essence\",\"id\":\"%d\",\"text\":\"e\"}", n);
	CHECK_EQ_INT(run(s, &a, req), TF_E_PHASE_CLOSED);
	CHECK(run(s, &fac, "{\"type\":\"note.add\",\"phase\":2,\"text\":\"f\"}") > 0);
	/* More time opens it again, and the lock stays for the new zero. */
	CHECK_EQ_INT(run(s, &fac, "{\"type\":\"timer.add\",\"seconds\":30}"), 0);
	CHECK(cJSON_IsTrue(cJSON_GetObjectItem(state_timer(s, &state), "lock")));
	CHECK_EQ_INT(run(s, &a, req), 0);
	now += 30000;
	CHECK_EQ_INT(run(s, &a, req), TF_E_PHASE_CLOSED);
	/* A new phase lifts it; a timer without lock only shows time. */
	CHECK_EQ_INT(run(s, &fac, "{\"type\":\"phase.set\",\"index\":3,\"timer_seconds\":1}"), 0);
	now += 5000;
	CHECK(run(s, &a, "{\"type\":\"note.add\",\"phase\":3,\"text\":\"late\"}") > 0);
	CHECK_EQ_INT(run(s, &fac, "{\"type\":\"phase.set\",\"index\":5}"), 0);
	CHECK(run(s, &fac, "{\"type\":\"cluster.add\",\"title\":\"c\"}") > 0);
	CHECK_EQ_INT(run(s, &fac, "{\"type\":\"timer.start\",\"seconds\":1,\"lock\":true}"), 0);
	now += 1000;
	snprintf(req, sizeof req, "{\"type\":\"vote\",\"cluster\":\"%lld\",\"delta\":1}",
	         (long long)(next_id - 1));
	CHECK_EQ_INT(run(s, &a, req), TF_E_PHASE_CLOSED);
	CHECK_EQ_INT(run(s, &fac, "{\"type\":\"timer.start\",\"seconds\":60}"), 0);
	CHECK_EQ_INT(run(s, &a, req), 0);
	cJSON_Delete(state);
	ses_free(s);
}

static void test_screen_and_progress(void)
{
	struct ses_session *s = make();
	struct ses_viewer fac = { SES_FACILITATOR, 1 }, screen = { SES_SCREEN, 0 };
	struct ses_viewer a = { SES_PARTICIPANT, join(s, "a") }, b = { SES_PARTICIPANT, join(s, "b") };
	cJSON *ev, *st;
	const cJSON *sc;
	char req[160];
	int rc, n, c;

	st = ses_state_json(s, &screen, now);
	sc = cJSON_GetObjectItem(st, "screen");
	CHECK(cJSON_IsNull(cJSON_GetObjectItem(sc, "spotlight")));
	CHECK(cJSON_IsTrue(cJSON_GetObjectItem(sc, "join")));
	CHECK(cJSON_IsFalse(cJSON_GetObjectItem(sc, "results")));
	cJSON_Delete(st);
	CHECK_EQ_INT(run(s, &fac, "{\"type\":\"phase.set\",\"index\":1}"), 0);
	n = run(s, &a, "{\"type\":\"note.add\",\"phase\":1,\"text\":\"x\",\"quadrant\":\"says\"}");
	CHECK_EQ_INT(run(s, &a, "{\"type\":\"screen.set\",\"join\":false}"), TF_E_FORBIDDEN);
	CHECK_EQ_INT(run(s, &screen, "{\"type\":\"screen.set\",\"join\":false}"), TF_E_FORBIDDEN);
	CHECK_EQ_INT(run(s, &fac, "{\"type\":\"screen.set\",\"join\":1}"), TF_E_INVALID);
	CHECK_EQ_INT(run(s, &fac, "{\"type\":\"screen.set\",\"spotlight\":{\"kind\":\"x\"}}"), TF_E_INVALID);
	CHECK_EQ_INT(run(s, &fac, "{\"type\":\"screen.set\",\"spotlight\":{\"kind\":\"note\",\"id\":\"999\"}}"),
	             TF_E_NOT_FOUND);
	snprintf(req, sizeof req, "{\"type\":\"screen.set\",\"join\":false,\"spotlight\":"
	         "{\"kind\":\"note\",\"id\":\"%d\"}}", n);
	ev = change(s, &fac, req, &screen, &rc);
	CHECK_EQ_INT(rc, 0);
	CHECK_STR(cJSON_GetObjectItem(ev, "type")->valuestring, "screen.changed");
	sc = cJSON_GetObjectItem(ev, "screen");
	CHECK_STR(cJSON_GetObjectItem(cJSON_GetObjectItem(sc, "spotlight"), "kind")->valuestring, "note");
	CHECK(cJSON_IsFalse(cJSON_GetObjectItem(sc, "join")));
	cJSON_Delete(ev);
	/* Fields not given stay; a quadrant by name; a new phase clears the spotlight only. */
	ev = change(s, &fac, "{\"type\":\"screen.set\",\"spotlight\":{\"kind\":\"quadrant\",\"quadrant\":\"does\"}}",
	            &screen, &rc);
	sc = cJSON_GetObjectItem(ev, "screen");
	CHECK_STR(cJSON_GetObjectItem(cJSON_GetObjectItem(sc, "spotlight"), "quadrant")->valuestring, "does");
	CHECK(cJSON_IsFalse(cJSON_GetObjectItem(sc, "join")));
	cJSON_Delete(ev);
	CHECK_EQ_INT(run(s, &fac, "{\"type\":\"phase.set\",\"index\":5}"), 0);
	st = ses_state_json(s, &screen, now);
	sc = cJSON_GetObjectItem(st, "screen");
	CHECK(cJSON_IsNull(cJSON_GetObjectItem(sc, "spotlight")));
	CHECK(cJSON_IsFalse(cJSON_GetObjectItem(sc, "join")));
	cJSON_Delete(st);
	/* Dots spent: counts for the facilitator and screens, nothing new for participants. */
	c = run(s, &fac, "{\"type\":\"cluster.add\",\"title\":\"c\"}");
	snprintf(req, sizeof req, "{\"type\":\"vote\",\"cluster\":\"%d\",\"delta\":1}", c);
	ev = change(s, &a, req, &screen, &rc);
	CHECK_EQ_INT(cJSON_GetObjectItem(ev, "dots_used")->valuedouble, 1);
	CHECK(!cJSON_GetObjectItem(ev, "votes"));
	cJSON_Delete(ev);
	ev = change(s, &a, req, &b, &rc);
	CHECK(!cJSON_GetObjectItem(ev, "dots_used") && !cJSON_GetObjectItem(ev, "participant"));
	cJSON_Delete(ev);
	st = ses_state_json(s, &fac, now);
	snprintf(req, sizeof req, "%lld", (long long)a.pid);
	CHECK_EQ_INT(cJSON_GetObjectItem(cJSON_GetObjectItem(st, "dots_used"), req)->valuedouble, 2);
	cJSON_Delete(st);
	st = ses_state_json(s, &b, now);
	CHECK(!cJSON_GetObjectItem(st, "dots_used"));
	CHECK(cJSON_IsArray(cJSON_GetObjectItem(st, "phase_log")));
	CHECK_EQ_INT(cJSON_GetArraySize(cJSON_GetObjectItem(st, "phase_log")), 2);
	cJSON_Delete(st);
	/* Deleting the cluster gives the dots back. */
	snprintf(req, sizeof req, "{\"type\":\"cluster.delete\",\"id\":\"%d\"}", c);
	CHECK_EQ_INT(run(s, &fac, req), 0);
	st = ses_state_json(s, &screen, now);
	snprintf(req, sizeof req, "%lld", (long long)a.pid);
	CHECK_EQ_INT(cJSON_GetObjectItem(cJSON_GetObjectItem(st, "dots_used"), req)->valuedouble, 0);
	cJSON_Delete(st);
	ses_free(s);
}

int main(void)
{
	test_phases_and_permissions();
	test_privacy();
	test_votes_and_seq();
	test_cluster_event_variants();
	test_cid_and_limits();
	test_join_rules();
	test_note_count_limits();
	test_cid_count_limit();
	test_cluster_count_limit();
	test_timer_follows_phase();
	test_timer_lock();
	test_screen_and_progress();
	return check_report();
}
