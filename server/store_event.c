/* Events in the store: a conference day's tables, each of them a session. Create (inside
 * the turn's transaction, with the tables' sessions), load, list, find by key, delete. */
#include <stdio.h>
#include <string.h>

#include "tafel/error.h"
#include "store_internal.h"

static const char *col_text(sqlite3_stmt *q, int col)
{
	const char *t = (const char *)sqlite3_column_text(q, col);

	return t ? t : "";
}

int store_create_event(struct store *st, const struct store_event_new *ev, int64_t *id)
{
	sqlite3_stmt *q = NULL;
	int rc = TF_E_STORAGE;

	if (store_begin(st) < 0)
		return TF_E_STORAGE;
	if (sqlite3_prepare_v2(st->db, "INSERT INTO events(code, title, template, language,"
	                       " key_hash, created_at) VALUES(?1, ?2, ?3, ?4, ?5, ?6)", -1, &q,
	                       NULL) != SQLITE_OK)
		return store__fail(st, "preparing an event insert");
	sqlite3_bind_text(q, 1, ev->code, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 2, ev->title, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 3, ev->template_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 4, ev->language, -1, SQLITE_STATIC);
	sqlite3_bind_blob(q, 5, ev->key_hash, SECRET_HASH_LEN, SQLITE_STATIC);
	sqlite3_bind_int64(q, 6, ev->created_at);
	if (sqlite3_step(q) != SQLITE_DONE) {
		store__fail(st, "inserting an event");
	} else {
		*id = sqlite3_last_insert_rowid(st->db);
		rc = TF_OK;
	}
	sqlite3_finalize(q);
	return rc;
}

int store_add_event_table(struct store *st, int64_t event_id, int64_t session_id, int position,
                          const char *name)
{
	sqlite3_stmt *q = NULL;
	int rc = TF_E_STORAGE;

	if (sqlite3_prepare_v2(st->db, "INSERT INTO event_tables(session_id, event_id, position,"
	                       " name) VALUES(?1, ?2, ?3, ?4)", -1, &q, NULL) != SQLITE_OK)
		return store__fail(st, "preparing an event table insert");
	sqlite3_bind_int64(q, 1, session_id);
	sqlite3_bind_int64(q, 2, event_id);
	sqlite3_bind_int(q, 3, position);
	sqlite3_bind_text(q, 4, name, -1, SQLITE_STATIC);
	if (sqlite3_step(q) != SQLITE_DONE)
		store__fail(st, "inserting an event table");
	else
		rc = TF_OK;
	sqlite3_finalize(q);
	return rc;
}

/* The tables of event `id` in their order, each {"code","name","participants"}. */
static int load_tables(struct store *st, int64_t id, cJSON *arr)
{
	sqlite3_stmt *q = NULL;
	int rc = TF_OK, step;

	if (sqlite3_prepare_v2(st->db,
	                       "SELECT s.code, t.name, (SELECT count(*) FROM participants p"
	                       " WHERE p.session_id = s.id AND p.role = 0)"
	                       " FROM event_tables t JOIN sessions s ON s.id = t.session_id"
	                       " WHERE t.event_id = ?1 ORDER BY t.position", -1, &q, NULL) != SQLITE_OK)
		return store__fail(st, "preparing an event's tables");
	sqlite3_bind_int64(q, 1, id);
	while (rc == TF_OK && (step = sqlite3_step(q)) == SQLITE_ROW) {
		cJSON *o = cJSON_CreateObject();

		if (!o || !cJSON_AddItemToArray(arr, o) ||
		    !cJSON_AddStringToObject(o, "code", col_text(q, 0)) ||
		    !cJSON_AddStringToObject(o, "name", col_text(q, 1)) ||
		    !cJSON_AddNumberToObject(o, "participants", sqlite3_column_int(q, 2)))
			rc = TF_E_NOMEM;
	}
	if (rc == TF_OK && step != SQLITE_DONE)
		rc = store__fail(st, "reading an event's tables");
	sqlite3_finalize(q);
	return rc;
}

int store_load_event(struct store *st, const char *code, cJSON **out,
                     uint8_t key_hash[SECRET_HASH_LEN])
{
	sqlite3_stmt *q = NULL;
	cJSON *o = NULL, *tables;
	int rc = TF_E_STORAGE, step;

	*out = NULL;
	if (sqlite3_prepare_v2(st->db, "SELECT id, code, title, template, language, key_hash,"
	                       " created_at FROM events WHERE code = ?1", -1, &q, NULL) != SQLITE_OK)
		return store__fail(st, "preparing an event load");
	sqlite3_bind_text(q, 1, code, -1, SQLITE_STATIC);
	step = sqlite3_step(q);
	if (step == SQLITE_DONE) {
		rc = TF_E_NOT_FOUND;
		goto done;
	}
	if (step != SQLITE_ROW) {
		store__fail(st, "loading an event");
		goto done;
	}
	rc = TF_E_NOMEM;
	if (!(o = cJSON_CreateObject()) ||
	    !cJSON_AddStringToObject(o, "code", col_text(q, 1)) ||
	    !cJSON_AddStringToObject(o, "title", col_text(q, 2)) ||
	    !cJSON_AddStringToObject(o, "template", col_text(q, 3)) ||
	    !cJSON_AddStringToObject(o, "language", col_text(q, 4)) ||
	    !cJSON_AddNumberToObject(o, "created_at", (double)sqlite3_column_int64(q, 6)) ||
	    !(tables = cJSON_AddArrayToObject(o, "tables")))
		goto done;
	if (key_hash && sqlite3_column_bytes(q, 5) == SECRET_HASH_LEN)
		memcpy(key_hash, sqlite3_column_blob(q, 5), SECRET_HASH_LEN);
	if ((rc = load_tables(st, sqlite3_column_int64(q, 0), tables)) < 0)
		goto done;
	*out = o;
	o = NULL;
done:
	sqlite3_finalize(q);
	cJSON_Delete(o);
	return rc;
}

int store_list_events(struct store *st, cJSON **out)
{
	sqlite3_stmt *q = NULL;
	cJSON *arr = cJSON_CreateArray();
	int rc = TF_OK, step;

	*out = NULL;
	if (!arr)
		return TF_E_NOMEM;
	if (sqlite3_prepare_v2(st->db, "SELECT code, title, created_at, (SELECT count(*) FROM"
	                       " event_tables t WHERE t.event_id = e.id) FROM events e"
	                       " ORDER BY created_at DESC, id DESC", -1, &q, NULL) != SQLITE_OK) {
		cJSON_Delete(arr);
		return store__fail(st, "preparing the event list");
	}
	while (rc == TF_OK && (step = sqlite3_step(q)) == SQLITE_ROW) {
		cJSON *o = cJSON_CreateObject();

		if (!o || !cJSON_AddItemToArray(arr, o) ||
		    !cJSON_AddStringToObject(o, "code", col_text(q, 0)) ||
		    !cJSON_AddStringToObject(o, "title", col_text(q, 1)) ||
		    !cJSON_AddNumberToObject(o, "created_at", (double)sqlite3_column_int64(q, 2)) ||
		    !cJSON_AddNumberToObject(o, "tables", sqlite3_column_int(q, 3)))
			rc = TF_E_NOMEM;
	}
	if (rc == TF_OK && step != SQLITE_DONE)
		rc = store__fail(st, "listing events");
	sqlite3_finalize(q);
	if (rc < 0)
		cJSON_Delete(arr);
	else
		*out = arr;
	return rc;
}

/* Runs one statement with the text `arg` bound to ?1; returns the rows it changed, or
 * TF_E_STORAGE. */
static int run_text(struct store *st, const char *sql, const char *arg)
{
	sqlite3_stmt *q = NULL;
	int rc;

	if (sqlite3_prepare_v2(st->db, sql, -1, &q, NULL) != SQLITE_OK)
		return store__fail(st, sql);
	sqlite3_bind_text(q, 1, arg, -1, SQLITE_STATIC);
	rc = sqlite3_step(q) == SQLITE_DONE ? sqlite3_changes(st->db) : store__fail(st, sql);
	sqlite3_finalize(q);
	return rc;
}

int store_delete_event(struct store *st, const char *code)
{
	int rc;

	if (store_begin(st) < 0)
		return TF_E_STORAGE;
	/* The tables first: their sessions' rows go with them (ON DELETE CASCADE). */
	if ((rc = run_text(st, "DELETE FROM sessions WHERE id IN (SELECT t.session_id FROM"
	                   " event_tables t JOIN events e ON e.id = t.event_id WHERE e.code = ?1)",
	                   code)) < 0 ||
	    (rc = run_text(st, "DELETE FROM events WHERE code = ?1", code)) < 0)
		return rc;
	return rc > 0 ? TF_OK : TF_E_NOT_FOUND;
}

/* One text column of the first row of `sql` with the blob or text bound to ?1. */
static int one_code(struct store *st, const char *sql, const void *blob, const char *text,
                    char code[SECRET_CODE_LEN + 1])
{
	sqlite3_stmt *q = NULL;
	int rc = TF_E_NOT_FOUND, step;

	if (sqlite3_prepare_v2(st->db, sql, -1, &q, NULL) != SQLITE_OK)
		return store__fail(st, sql);
	if (blob)
		sqlite3_bind_blob(q, 1, blob, SECRET_HASH_LEN, SQLITE_STATIC);
	else
		sqlite3_bind_text(q, 1, text, -1, SQLITE_STATIC);
	step = sqlite3_step(q);
	if (step == SQLITE_ROW) {
		snprintf(code, SECRET_CODE_LEN + 1, "%s", col_text(q, 0));
		rc = TF_OK;
	} else if (step != SQLITE_DONE) {
		rc = store__fail(st, sql);
	}
	sqlite3_finalize(q);
	return rc;
}

int store_code_kind(struct store *st, const char *code)
{
	sqlite3_stmt *q = NULL;
	int rc;

	if (sqlite3_prepare_v2(st->db, "SELECT (SELECT count(*) FROM sessions WHERE code = ?1),"
	                       " (SELECT count(*) FROM events WHERE code = ?1)", -1, &q, NULL) !=
	    SQLITE_OK)
		return store__fail(st, "preparing a code lookup");
	sqlite3_bind_text(q, 1, code, -1, SQLITE_STATIC);
	if (sqlite3_step(q) != SQLITE_ROW)
		rc = store__fail(st, "looking up a code");
	else
		rc = sqlite3_column_int(q, 0) ? STORE_CODE_SESSION :
		     sqlite3_column_int(q, 1) ? STORE_CODE_EVENT : STORE_CODE_NONE;
	sqlite3_finalize(q);
	return rc;
}

int store_find_event_key(struct store *st, const uint8_t hash[SECRET_HASH_LEN],
                         char code[SECRET_CODE_LEN + 1])
{
	return one_code(st, "SELECT code FROM events WHERE key_hash = ?1", hash, NULL, code);
}

int store_event_of_session(struct store *st, const char *session_code,
                           char event_code[SECRET_CODE_LEN + 1])
{
	return one_code(st, "SELECT e.code FROM events e JOIN event_tables t ON t.event_id = e.id"
	                " JOIN sessions s ON s.id = t.session_id WHERE s.code = ?1", NULL,
	                session_code, event_code);
}
