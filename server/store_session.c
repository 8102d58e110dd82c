/* Whole sessions in the store: create, load (restoring the in-memory model row by row),
 * list, find by facilitator key, and delete. */
#include <stdio.h>
#include <string.h>

#include "tafel/error.h"
#include "tafel/template.h"
#include "store_internal.h"

static const char *col_text(sqlite3_stmt *q, int col)
{
	return (const char *)sqlite3_column_text(q, col);
}

int store_create_session(struct store *st, const char *code, const char *template_id,
                         const cJSON *snapshot, const uint8_t fac_hash[SECRET_HASH_LEN],
                         int64_t created_at, int64_t *id)
{
	sqlite3_stmt *q = NULL;
	char *json = cJSON_PrintUnformatted(snapshot);
	int rc = TF_E_STORAGE;

	if (!json)
		return TF_E_NOMEM;
	if (store_begin(st) < 0)
		goto done;
	if (sqlite3_prepare_v2(st->db,
	                       "INSERT INTO sessions(code, template, snapshot, title,"
	                       " facilitator_hash, created_at) VALUES(?1, ?2, ?3, ?4, ?5, ?6)",
	                       -1, &q, NULL) != SQLITE_OK) {
		store__fail(st, "preparing a session insert");
		goto done;
	}
	sqlite3_bind_text(q, 1, code, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 2, template_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 3, json, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 4, cJSON_GetObjectItem(snapshot, "title")->valuestring, -1,
	                  SQLITE_STATIC);
	sqlite3_bind_blob(q, 5, fac_hash, SECRET_HASH_LEN, SQLITE_STATIC);
	sqlite3_bind_int64(q, 6, created_at);
	if (sqlite3_step(q) != SQLITE_DONE) {
		store__fail(st, "inserting a session");
		goto done;
	}
	*id = sqlite3_last_insert_rowid(st->db);
	sqlite3_finalize(q);
	q = NULL;
	if (sqlite3_prepare_v2(st->db, "INSERT INTO phase_log(session_id, phase, at) VALUES(?1, 0, ?2)",
	                       -1, &q, NULL) != SQLITE_OK)
		goto done;
	sqlite3_bind_int64(q, 1, *id);
	sqlite3_bind_int64(q, 2, created_at);
	if (sqlite3_step(q) != SQLITE_DONE) {
		store__fail(st, "inserting the first phase");
		goto done;
	}
	rc = TF_OK;
done:
	sqlite3_finalize(q);
	cJSON_free(json);
	return rc;
}

/* Runs `sql` with the session id bound to ?1 and hands each row to `row`. */
static int each_row(struct store *st, const char *sql, int64_t sid,
                    int (*row)(struct ses_session *, sqlite3_stmt *), struct ses_session *s)
{
	sqlite3_stmt *q = NULL;
	int rc = TF_OK, step;

	if (sqlite3_prepare_v2(st->db, sql, -1, &q, NULL) != SQLITE_OK)
		return store__fail(st, sql);
	sqlite3_bind_int64(q, 1, sid);
	while (rc == TF_OK && (step = sqlite3_step(q)) == SQLITE_ROW)
		rc = row(s, q);
	if (rc == TF_OK && step != SQLITE_DONE)
		rc = store__fail(st, sql);
	sqlite3_finalize(q);
	return rc;
}

static int row_participant(struct ses_session *s, sqlite3_stmt *q)
{
	uint8_t hash[SECRET_HASH_LEN] = { 0 };

	if (sqlite3_column_bytes(q, 4) == SECRET_HASH_LEN)
		memcpy(hash, sqlite3_column_blob(q, 4), SECRET_HASH_LEN);
	return ses_restore_participant(s, sqlite3_column_int64(q, 0), col_text(q, 1),
	                               col_text(q, 2), (enum ses_role)sqlite3_column_int(q, 3),
	                               hash, sqlite3_column_int64(q, 5));
}

static int row_cluster(struct ses_session *s, sqlite3_stmt *q)
{
	return ses_restore_cluster(s, sqlite3_column_int64(q, 0), col_text(q, 1), col_text(q, 2),
	                           sqlite3_column_int64(q, 3));
}

static int row_note(struct ses_session *s, sqlite3_stmt *q)
{
	return ses_restore_note(s, sqlite3_column_int64(q, 0), sqlite3_column_int(q, 1),
	                        sqlite3_column_int64(q, 2), col_text(q, 3), col_text(q, 4),
	                        col_text(q, 5), sqlite3_column_int64(q, 6),
	                        sqlite3_column_int64(q, 7));
}

static int row_vote(struct ses_session *s, sqlite3_stmt *q)
{
	return ses_restore_vote(s, sqlite3_column_int64(q, 0), sqlite3_column_int64(q, 1),
	                        sqlite3_column_int(q, 2));
}

static int row_reveal(struct ses_session *s, sqlite3_stmt *q)
{
	return ses_restore_reveal(s, sqlite3_column_int(q, 0));
}

static int row_cid(struct ses_session *s, sqlite3_stmt *q)
{
	return ses_restore_cid(s, sqlite3_column_int64(q, 0), col_text(q, 1),
	                       sqlite3_column_int64(q, 2));
}

static int row_synthesis(struct ses_session *s, sqlite3_stmt *q)
{
	return ses_restore_synthesis(s, col_text(q, 0), col_text(q, 1));
}

static int row_event_hash(struct ses_session *s, sqlite3_stmt *q)
{
	if (sqlite3_column_bytes(q, 0) == SECRET_HASH_LEN)
		ses_restore_event_hash(s, sqlite3_column_blob(q, 0));
	return TF_OK;
}

static int row_phase_log(struct ses_session *s, sqlite3_stmt *q)
{
	return ses_restore_phase_log(s, sqlite3_column_int(q, 0), sqlite3_column_int64(q, 1));
}

int store_load_session(struct store *st, const char *code, struct ses_session **out)
{
	sqlite3_stmt *q = NULL;
	struct ses_session *s = NULL;
	struct ses_screen screen;
	cJSON *snap;
	int64_t sid;
	int rc = TF_E_STORAGE, step;

	*out = NULL;
	if (sqlite3_prepare_v2(st->db,
	                       "SELECT id, template, snapshot, facilitator_hash, created_at,"
	                       " ended_at, status, phase, seq, timer_state, timer_value, summary,"
	                       " timer_lock, screen_flags, spotlight_kind, spotlight_ref"
	                       " FROM sessions WHERE code = ?1", -1, &q, NULL) != SQLITE_OK)
		return store__fail(st, "preparing a session load");
	sqlite3_bind_text(q, 1, code, -1, SQLITE_STATIC);
	step = sqlite3_step(q);
	if (step == SQLITE_DONE) {
		rc = TF_E_NOT_FOUND;
		goto done;
	}
	if (step != SQLITE_ROW) {
		store__fail(st, "loading a session");
		goto done;
	}
	sid = sqlite3_column_int64(q, 0);
	snap = cJSON_Parse(col_text(q, 2));
	if (!snap) {
		rc = TF_E_STORAGE;
		goto done;
	}
	s = ses_new(sid, code, col_text(q, 1), snap, sqlite3_column_int64(q, 4));
	if (!s) {
		rc = TF_E_NOMEM;
		goto done;
	}
	if (sqlite3_column_bytes(q, 3) == SECRET_HASH_LEN)
		ses_restore_facilitator_hash(s, sqlite3_column_blob(q, 3));
	ses_restore_runtime(s, sqlite3_column_int(q, 7), (enum ses_status)sqlite3_column_int(q, 6),
	                    sqlite3_column_int64(q, 8),
	                    (enum ses_timer_state)sqlite3_column_int(q, 9),
	                    sqlite3_column_int64(q, 10), sqlite3_column_int64(q, 5));
	if ((rc = ses_restore_summary(s, col_text(q, 11))) < 0)
		goto done;
	ses_restore_timer_lock(s, sqlite3_column_int(q, 12));
	screen.flags = (unsigned)sqlite3_column_int(q, 13);
	screen.spot = (enum ses_spot)sqlite3_column_int(q, 14);
	screen.spot_ref = sqlite3_column_int64(q, 15);
	if (screen.spot < SES_SPOT_NONE || screen.spot > SES_SPOT_CLUSTER)
		screen.spot = SES_SPOT_NONE;
	ses_restore_screen(s, &screen);
	/* Clusters before notes and votes, which name them. */
	if ((rc = each_row(st, "SELECT id, name, background, role, token_hash, joined_at"
	                   " FROM participants WHERE session_id = ?1 ORDER BY id", sid,
	                   row_participant, s)) < 0 ||
	    (rc = each_row(st, "SELECT id, title, description, created_at FROM clusters"
	                   " WHERE session_id = ?1 ORDER BY id", sid, row_cluster, s)) < 0 ||
	    (rc = each_row(st, "SELECT id, phase, author, text, quadrant, essence,"
	                   " coalesce(cluster, 0), created_at FROM notes WHERE session_id = ?1"
	                   " ORDER BY id", sid, row_note, s)) < 0 ||
	    (rc = each_row(st, "SELECT participant, cluster, n FROM votes WHERE session_id = ?1",
	                   sid, row_vote, s)) < 0 ||
	    (rc = each_row(st, "SELECT phase FROM reveals WHERE session_id = ?1", sid,
	                   row_reveal, s)) < 0 ||
	    (rc = each_row(st, "SELECT participant, cid, note FROM cids WHERE session_id = ?1",
	                   sid, row_cid, s)) < 0 ||
	    (rc = each_row(st, "SELECT phase, at FROM phase_log WHERE session_id = ?1"
	                   " ORDER BY rowid", sid, row_phase_log, s)) < 0 ||
	    (rc = each_row(st, "SELECT persona, text FROM syntheses WHERE session_id = ?1",
	                   sid, row_synthesis, s)) < 0 ||
	    (rc = each_row(st, "SELECT e.key_hash FROM events e JOIN event_tables t"
	                   " ON t.event_id = e.id WHERE t.session_id = ?1", sid, row_event_hash,
	                   s)) < 0)
		goto done;
	*out = s;
	s = NULL;
	rc = TF_OK;
done:
	sqlite3_finalize(q);
	ses_free(s);
	return rc;
}

int store_delete_session(struct store *st, const char *code)
{
	sqlite3_stmt *q = NULL;
	int rc = TF_E_STORAGE;

	if (store_begin(st) < 0)
		return TF_E_STORAGE;
	if (sqlite3_prepare_v2(st->db, "DELETE FROM sessions WHERE code = ?1", -1, &q, NULL) !=
	    SQLITE_OK) {
		store__fail(st, "preparing a session delete");
		return TF_E_STORAGE;
	}
	sqlite3_bind_text(q, 1, code, -1, SQLITE_STATIC);
	if (sqlite3_step(q) != SQLITE_DONE)
		store__fail(st, "deleting a session");
	else
		rc = sqlite3_changes(st->db) ? TF_OK : TF_E_NOT_FOUND;
	sqlite3_finalize(q);
	return rc;
}

int store_ended_before(struct store *st, int64_t before_ms, char (*codes)[SECRET_CODE_LEN + 1],
                       int max, int *n)
{
	sqlite3_stmt *q = NULL;
	int step;

	*n = 0;
	if (sqlite3_prepare_v2(st->db,
	                       "SELECT code FROM sessions WHERE status = 1 AND ended_at < ?1"
	                       " ORDER BY ended_at LIMIT ?2", -1, &q, NULL) != SQLITE_OK)
		return store__fail(st, "preparing the retention query");
	sqlite3_bind_int64(q, 1, before_ms);
	sqlite3_bind_int(q, 2, max);
	while ((step = sqlite3_step(q)) == SQLITE_ROW && *n < max)
		snprintf(codes[(*n)++], SECRET_CODE_LEN + 1, "%s", col_text(q, 0));
	sqlite3_finalize(q);
	if (step != SQLITE_DONE && step != SQLITE_ROW)
		return store__fail(st, "reading ended sessions");
	return TF_OK;
}

int store_list_sessions(struct store *st, cJSON **out)
{
	sqlite3_stmt *q = NULL;
	cJSON *arr = cJSON_CreateArray();
	int rc = TF_E_STORAGE, step;

	*out = NULL;
	if (!arr)
		return TF_E_NOMEM;
	if (sqlite3_prepare_v2(st->db,
	                       "SELECT code, title, created_at, (SELECT count(*) FROM participants p"
	                       " WHERE p.session_id = s.id AND p.role = 0), phase, status"
	                       " FROM sessions s ORDER BY created_at DESC, id DESC", -1, &q,
	                       NULL) != SQLITE_OK) {
		store__fail(st, "preparing the session list");
		goto done;
	}
	while ((step = sqlite3_step(q)) == SQLITE_ROW) {
		cJSON *o = cJSON_CreateObject();

		if (!o || !cJSON_AddItemToArray(arr, o) ||
		    !cJSON_AddStringToObject(o, "code", col_text(q, 0)) ||
		    !cJSON_AddStringToObject(o, "title", col_text(q, 1)) ||
		    !cJSON_AddNumberToObject(o, "created_at", (double)sqlite3_column_int64(q, 2)) ||
		    !cJSON_AddNumberToObject(o, "participants", sqlite3_column_int(q, 3)) ||
		    !cJSON_AddNumberToObject(o, "phase", sqlite3_column_int(q, 4)) ||
		    !cJSON_AddStringToObject(o, "status", sqlite3_column_int(q, 5) ? "ended" : "open")) {
			rc = TF_E_NOMEM;
			goto done;
		}
	}
	if (step != SQLITE_DONE) {
		store__fail(st, "listing sessions");
		goto done;
	}
	*out = arr;
	arr = NULL;
	rc = TF_OK;
done:
	sqlite3_finalize(q);
	cJSON_Delete(arr);
	return rc;
}

static int one_int(struct store *st, const char *sql, const char *arg, int *out)
{
	sqlite3_stmt *q = NULL;
	int rc = TF_E_STORAGE;

	if (sqlite3_prepare_v2(st->db, sql, -1, &q, NULL) != SQLITE_OK)
		return store__fail(st, sql);
	if (arg)
		sqlite3_bind_text(q, 1, arg, -1, SQLITE_STATIC);
	if (sqlite3_step(q) == SQLITE_ROW) {
		*out = sqlite3_column_int(q, 0);
		rc = TF_OK;
	} else {
		store__fail(st, sql);
	}
	sqlite3_finalize(q);
	return rc;
}

int store_count_sessions(struct store *st, int *count)
{
	return one_int(st, "SELECT count(*) FROM sessions", NULL, count);
}

int store_code_exists(struct store *st, const char *code)
{
	int n = 0;

	/* Sessions and events share one space of codes. */
	if (one_int(st, "SELECT (SELECT count(*) FROM sessions WHERE code = ?1) +"
	            " (SELECT count(*) FROM events WHERE code = ?1)", code, &n) < 0)
		return TF_E_STORAGE;
	return n > 0;
}

int store_find_facilitator(struct store *st, const uint8_t hash[SECRET_HASH_LEN],
                           char code[SECRET_CODE_LEN + 1])
{
	sqlite3_stmt *q = NULL;
	int rc = TF_E_NOT_FOUND;

	if (sqlite3_prepare_v2(st->db, "SELECT code FROM sessions WHERE facilitator_hash = ?1",
	                       -1, &q, NULL) != SQLITE_OK)
		return store__fail(st, "preparing a key lookup");
	sqlite3_bind_blob(q, 1, hash, SECRET_HASH_LEN, SQLITE_STATIC);
	if (sqlite3_step(q) == SQLITE_ROW) {
		snprintf(code, SECRET_CODE_LEN + 1, "%s", col_text(q, 0));
		rc = TF_OK;
	}
	sqlite3_finalize(q);
	return rc;
}
