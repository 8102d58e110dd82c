/* Unit tests of the store on a real SQLite file: what is written and committed comes back
 * exactly on load; a rolled-back batch leaves nothing; a deleted session is gone. */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "tafel/error.h"
#include "tafel/session.h"
#include "tafel/store.h"
#include "tafel/template.h"

static const char tpl_json[] =
	"{\"title\":\"T\",\"language\":\"nl\",\"problem\":\"P\",\"context\":[\"c1\"],"
	"\"backgrounds\":[\"A\"],\"personas\":[{\"id\":\"p\",\"name\":\"Persona\"}],"
	"\"phases\":[{\"kind\":\"bad_ideas\",\"title\":\"b\",\"minutes\":1,\"private\":true},"
	"{\"kind\":\"vote\",\"title\":\"v\",\"minutes\":1}]}";

static const struct tf_limits lim = TF_LIMITS_DEFAULT;

static void change(struct store *st, struct ses_session *s, const struct ses_viewer *who,
                   const char *json)
{
	cJSON *req = cJSON_Parse(json);
	struct ses_op op;
	char msg[200];

	CHECK_EQ_INT(ses_prepare(s, who, cJSON_GetObjectItem(req, "type")->valuestring, req,
	                         1700000000000, &lim, &op, msg, sizeof msg), 0);
	CHECK_EQ_INT(store_write_op(st, s, &op), 0);
	CHECK_EQ_INT(ses_apply(s, &op), 0);
	cJSON_Delete(req);
}

static char *state_text(struct ses_session *s)
{
	struct ses_viewer fac = { SES_FACILITATOR, 0 };
	cJSON *st = ses_state_json(s, &fac, 1);
	char *text = cJSON_PrintUnformatted(st);

	cJSON_Delete(st);
	return text;
}

int main(void)
{
	char dir[] = "/tmp/tafel-test-XXXXXX", path[128];
	uint8_t hash[SECRET_HASH_LEN] = { 1 };
	struct ses_session *s, *again;
	struct store *st;
	cJSON *snap;
	char err[200], *before, *after;
	int64_t id;

	CHECK(mkdtemp(dir) != NULL);
	snprintf(path, sizeof path, "%s/t.db", dir);
	CHECK_EQ_INT(store_open(path, &st), 0);
	CHECK_EQ_INT(tpl_parse(tpl_json, sizeof tpl_json - 1, &snap, err, sizeof err), 0);
	CHECK_EQ_INT(store_create_session(st, "ACDEFG", "t", snap, hash, 1700000000000, &id), 0);
	CHECK_EQ_INT(store_commit(st), 0);
	cJSON_Delete(snap);
	CHECK_EQ_INT(store_load_session(st, "ACDEFG", &s), 0);
	{
		cJSON *req = cJSON_Parse("{\"name\":\"Ann\",\"background\":\"A\"}");
		struct ses_viewer who;
		struct ses_op op;

		CHECK_EQ_INT(ses_prepare_join(s, req, 1, &lim, &who, &op, err, sizeof err), 0);
		CHECK_EQ_INT(store_write_op(st, s, &op), 0);
		CHECK_EQ_INT(ses_apply(s, &op), 0);
		cJSON_Delete(req);
		who.pid = op.id;
		change(st, s, &who, "{\"type\":\"note.add\",\"phase\":0,\"text\":\"geheim\",\"cid\":\"x\"}");
	}
	{
		struct ses_viewer fac = { SES_FACILITATOR, 0 };

		change(st, s, &fac, "{\"type\":\"cluster.add\",\"title\":\"Visie\",\"description\":\"d\"}");
		change(st, s, &fac, "{\"type\":\"timer.start\",\"seconds\":90}");
		change(st, s, &fac, "{\"type\":\"summary.set\",\"text\":\"samen\"}");
		change(st, s, &fac, "{\"type\":\"reveal\",\"phase\":0}");
		change(st, s, &fac, "{\"type\":\"phase.set\",\"index\":1}");
	}
	/* The seq is written once per turn, before the commit (the hub does it). */
	CHECK_EQ_INT(store_write_seq(st, s), 0);
	CHECK_EQ_INT(store_commit(st), 0);
	before = state_text(s);
	CHECK_EQ_INT(store_load_session(st, "ACDEFG", &again), 0);
	after = state_text(again);
	CHECK_STR(after, before);
	CHECK_EQ_INT(ses_seq(again), ses_seq(s));
	CHECK(ses_seq(again) == 7);
	free(after);
	ses_free(again);

	/* An abandoned turn: its writes are rolled back, later writes in it are refused, and
	 * its commit fails; the next turn works again. */
	{
		struct ses_viewer fac = { SES_FACILITATOR, 0 };
		cJSON *req = cJSON_Parse("{\"type\":\"summary.set\",\"text\":\"verloren\"}");
		struct ses_op op;

		change(st, s, &fac, "{\"type\":\"summary.set\",\"text\":\"eerst\"}");
		store_abandon(st);
		CHECK_EQ_INT(ses_prepare(s, &fac, "summary.set", req, 1, &lim, &op, err, sizeof err), 0);
		CHECK_EQ_INT(store_write_op(st, s, &op), TF_E_STORAGE);
		CHECK_EQ_INT(store_write_seq(st, s), TF_E_STORAGE);
		CHECK_EQ_INT(store_commit(st), TF_E_STORAGE);
		cJSON_Delete(req);
		CHECK_EQ_INT(store_load_session(st, "ACDEFG", &again), 0);
		after = state_text(again);
		CHECK_STR(after, before);
		CHECK_EQ_INT(ses_seq(again), 7);
		free(after);
		ses_free(again);
		ses_free(s);
		CHECK_EQ_INT(store_load_session(st, "ACDEFG", &s), 0);
	}

	/* A batch that is rolled back leaves the file as it was. */
	{
		struct ses_viewer fac = { SES_FACILITATOR, 0 };

		change(st, s, &fac, "{\"type\":\"summary.set\",\"text\":\"weg\"}");
		store_rollback(st);
		CHECK_EQ_INT(store_load_session(st, "ACDEFG", &again), 0);
		after = state_text(again);
		CHECK_STR(after, before);
		free(after);
		ses_free(again);
	}
	free(before);

	/* SQLite's own checkpoint inside COMMIT is off: past 1,000 frames the store's thread
	 * copies the log into the file while commits go on, and the loop then copies only the
	 * tail that came in meanwhile. */
	{
		struct ses_viewer fac = { SES_FACILITATOR, 0 };
		char req[6000];
		struct stat sb;
		off_t file_before;
		int commits = 0, due, tail = 0;

		CHECK(stat(path, &sb) == 0);
		file_before = sb.st_size;
		CHECK_EQ_INT(store_checkpoints_done(st), 0);
		while (commits < 3000 && !tail) {
			snprintf(req, sizeof req, "{\"type\":\"summary.set\",\"text\":\"%05d %04000d\"}",
			         commits, 0);
			change(st, s, &fac, req);
			CHECK_EQ_INT(store_commit(st), 0);
			commits++;
			/* The loop copies only once the thread has: the tail it left. */
			if ((due = store_checkpoint_due(st)) != 0) {
				CHECK_EQ_INT(due, 1);
				CHECK(store_checkpoints_done(st) >= 1);
				tail = 1;
			}
		}
		CHECK(tail);
		CHECK(commits > 100);
		CHECK(stat(path, &sb) == 0 && sb.st_size > file_before);
	}

	/* A writer that never pauses keeps the log from starting again; past the loop's limit
	 * the loop finishes the copy, and the log stays bounded. */
	{
		struct ses_viewer fac = { SES_FACILITATOR, 0 };
		char req[6000], wal[140];
		struct stat sb;
		off_t biggest = 0;

		snprintf(wal, sizeof wal, "%s-wal", path);
		for (int i = 0; i < 6000; i++) {
			snprintf(req, sizeof req, "{\"type\":\"summary.set\",\"text\":\"%05d %04000d\"}",
			         i, 1);
			change(st, s, &fac, req);
			CHECK_EQ_INT(store_commit(st), 0);
			CHECK(store_checkpoint_due(st) >= 0);
			if (stat(wal, &sb) == 0 && sb.st_size > biggest)
				biggest = sb.st_size;
		}
		/* The limit, plus one turn's frames and the header. */
		CHECK(biggest <= (off_t)(STORE_CHECKPOINT_LOOP_FRAMES + 8) * (4096 + 24) + 32);
		/* And what is in the log reads back. */
		CHECK_EQ_INT(store_load_session(st, "ACDEFG", &again), 0);
		after = state_text(again);
		CHECK(strstr(after, "\"05999 ") != NULL);
		free(after);
		ses_free(again);
	}
	ses_free(s);

	CHECK_EQ_INT(store_delete_session(st, "ACDEFG"), 0);
	CHECK_EQ_INT(store_commit(st), 0);
	CHECK_EQ_INT(store_load_session(st, "ACDEFG", &s), TF_E_NOT_FOUND);
	CHECK_EQ_INT(store_delete_session(st, "ACDEFG"), TF_E_NOT_FOUND);
	store_rollback(st);
	store_close(st);

	/* After the delete and the checkpoint on close, no byte of the note is in the file. */
	{
		FILE *f = fopen(path, "rb");
		static char buf[1 << 20];
		size_t n = f ? fread(buf, 1, sizeof buf, f) : 0;
		int found = 0;

		for (size_t i = 0; i + 6 <= n; i++)
			if (memcmp(buf + i, "geheim", 6) == 0)
				found = 1;
		CHECK(n > 0);
		CHECK(!found);
		if (f)
			fclose(f);
	}
	unlink(path);
	rmdir(dir);
	return check_report();
}
