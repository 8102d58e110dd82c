/* Opening the database, its schema migrations, and the turn's transaction. */
#include <stdio.h>
#include <stdlib.h>

#include <libwebsockets.h>

#include "tafel/error.h"
#include "store_internal.h"

/* Schema migrations, applied in order by PRAGMA user_version; each runs in one transaction.
 * Add a step at the end; never edit a step that has shipped. */
static const char *const migrations[] = {
	"CREATE TABLE sessions("
	" id INTEGER PRIMARY KEY, code TEXT NOT NULL UNIQUE, template TEXT NOT NULL,"
	" snapshot TEXT NOT NULL, title TEXT NOT NULL, facilitator_hash BLOB NOT NULL,"
	" created_at INTEGER NOT NULL, ended_at INTEGER, status INTEGER NOT NULL DEFAULT 0,"
	" phase INTEGER NOT NULL DEFAULT 0, seq INTEGER NOT NULL DEFAULT 0,"
	" timer_state INTEGER NOT NULL DEFAULT 0, timer_value INTEGER NOT NULL DEFAULT 0,"
	" summary TEXT NOT NULL DEFAULT '');"
	"CREATE INDEX sessions_facilitator ON sessions(facilitator_hash);"
	"CREATE TABLE participants("
	" id INTEGER PRIMARY KEY,"
	" session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,"
	" name TEXT NOT NULL, background TEXT NOT NULL, role INTEGER NOT NULL,"
	" token_hash BLOB NOT NULL, joined_at INTEGER NOT NULL);"
	"CREATE INDEX participants_session ON participants(session_id);"
	"CREATE TABLE clusters("
	" id INTEGER PRIMARY KEY,"
	" session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,"
	" title TEXT NOT NULL, description TEXT NOT NULL, created_at INTEGER NOT NULL);"
	"CREATE INDEX clusters_session ON clusters(session_id);"
	"CREATE TABLE notes("
	" id INTEGER PRIMARY KEY,"
	" session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,"
	" phase INTEGER NOT NULL, author INTEGER NOT NULL, text TEXT NOT NULL, quadrant TEXT,"
	" essence TEXT, cluster INTEGER REFERENCES clusters(id) ON DELETE SET NULL,"
	" created_at INTEGER NOT NULL);"
	"CREATE INDEX notes_session ON notes(session_id);"
	"CREATE INDEX notes_cluster ON notes(cluster);"
	"CREATE TABLE votes("
	" session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,"
	" participant INTEGER NOT NULL,"
	" cluster INTEGER NOT NULL REFERENCES clusters(id) ON DELETE CASCADE,"
	" n INTEGER NOT NULL, PRIMARY KEY(participant, cluster)) WITHOUT ROWID;"
	"CREATE INDEX votes_session ON votes(session_id);"
	"CREATE INDEX votes_cluster ON votes(cluster);"
	"CREATE TABLE reveals("
	" session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,"
	" phase INTEGER NOT NULL, PRIMARY KEY(session_id, phase)) WITHOUT ROWID;"
	"CREATE TABLE cids("
	" session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,"
	" participant INTEGER NOT NULL, cid TEXT NOT NULL, note INTEGER NOT NULL,"
	" PRIMARY KEY(participant, cid)) WITHOUT ROWID;"
	"CREATE INDEX cids_session ON cids(session_id);"
	"CREATE TABLE phase_log("
	" session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,"
	" phase INTEGER NOT NULL, at INTEGER NOT NULL);"
	"CREATE INDEX phase_log_session ON phase_log(session_id);",
	/* 2: the timer's lock, and what the room screen shows (screen.set). */
	"ALTER TABLE sessions ADD COLUMN timer_lock INTEGER NOT NULL DEFAULT 0;"
	"ALTER TABLE sessions ADD COLUMN screen_flags INTEGER NOT NULL DEFAULT 1;"
	"ALTER TABLE sessions ADD COLUMN spotlight_kind INTEGER NOT NULL DEFAULT 0;"
	"ALTER TABLE sessions ADD COLUMN spotlight_ref INTEGER NOT NULL DEFAULT 0;",
	/* 3: the persona synthesis. */
	"CREATE TABLE syntheses("
	" session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,"
	" persona TEXT NOT NULL, text TEXT NOT NULL,"
	" PRIMARY KEY(session_id, persona)) WITHOUT ROWID;",
	/* 4: events, a conference day's tables. A table is a session; deleting an event deletes
	 * its sessions (store_delete_event), whose rows go with them. */
	"CREATE TABLE events("
	" id INTEGER PRIMARY KEY, code TEXT NOT NULL UNIQUE, title TEXT NOT NULL,"
	" template TEXT NOT NULL, language TEXT NOT NULL, key_hash BLOB NOT NULL,"
	" created_at INTEGER NOT NULL);"
	"CREATE INDEX events_key ON events(key_hash);"
	"CREATE TABLE event_tables("
	" session_id INTEGER PRIMARY KEY REFERENCES sessions(id) ON DELETE CASCADE,"
	" event_id INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,"
	" position INTEGER NOT NULL, name TEXT NOT NULL);"
	"CREATE INDEX event_tables_event ON event_tables(event_id);",
};

static const char *const stmt_sql[ST_COUNT] = {
	[ST_SEQ] = "UPDATE sessions SET seq = ?2 WHERE id = ?1",
	[ST_NOTE_INSERT] = "INSERT INTO notes(session_id, phase, author, text, quadrant, created_at)"
	                   " VALUES(?1, ?2, ?3, ?4, ?5, ?6)",
	[ST_CID_INSERT] = "INSERT INTO cids(session_id, participant, cid, note) VALUES(?1, ?2, ?3, ?4)",
	[ST_NOTE_TEXT] = "UPDATE notes SET text = ?2 WHERE id = ?1",
	[ST_NOTE_ESSENCE] = "UPDATE notes SET essence = ?2 WHERE id = ?1",
	[ST_NOTE_DELETE] = "DELETE FROM notes WHERE id = ?1",
	[ST_NOTE_MOVE] = "UPDATE notes SET cluster = ?2 WHERE id = ?1",
	[ST_CLUSTER_INSERT] = "INSERT INTO clusters(session_id, title, description, created_at)"
	                      " VALUES(?1, ?2, ?3, ?4)",
	[ST_CLUSTER_EDIT] = "UPDATE clusters SET title = coalesce(?2, title),"
	                    " description = coalesce(?3, description) WHERE id = ?1",
	[ST_CLUSTER_DELETE] = "DELETE FROM clusters WHERE id = ?1",
	[ST_VOTE_SET] = "INSERT INTO votes(session_id, participant, cluster, n) VALUES(?1, ?2, ?3, ?4)"
	                " ON CONFLICT(participant, cluster) DO UPDATE SET n = excluded.n",
	[ST_VOTE_DELETE] = "DELETE FROM votes WHERE participant = ?1 AND cluster = ?2",
	/* A new phase stops the old timer (or starts its own) and clears the spotlight. */
	[ST_PHASE] = "UPDATE sessions SET phase = ?2, timer_state = ?3, timer_value = ?4,"
	             " timer_lock = ?5, spotlight_kind = 0, spotlight_ref = 0 WHERE id = ?1",
	[ST_PHASE_LOG] = "INSERT INTO phase_log(session_id, phase, at) VALUES(?1, ?2, ?3)",
	[ST_TIMER] = "UPDATE sessions SET timer_state = ?2, timer_value = ?3, timer_lock = ?4"
	             " WHERE id = ?1",
	[ST_REVEAL] = "INSERT OR IGNORE INTO reveals(session_id, phase) VALUES(?1, ?2)",
	[ST_SUMMARY] = "UPDATE sessions SET summary = ?2 WHERE id = ?1",
	[ST_END] = "UPDATE sessions SET status = 1, ended_at = ?2, timer_state = 0, timer_value = 0,"
	           " timer_lock = 0 WHERE id = ?1",
	[ST_SCREEN] = "UPDATE sessions SET screen_flags = ?2, spotlight_kind = ?3, spotlight_ref = ?4"
	              " WHERE id = ?1",
	[ST_PARTICIPANT_INSERT] = "INSERT INTO participants(session_id, name, background, role,"
	                          " token_hash, joined_at) VALUES(?1, ?2, ?3, ?4, ?5, ?6)",
	[ST_SYNTHESIS] = "INSERT INTO syntheses(session_id, persona, text) VALUES(?1, ?2, ?3)"
	                 " ON CONFLICT(session_id, persona) DO UPDATE SET text = excluded.text",
	[ST_SAVEPOINT] = "SAVEPOINT op",
	[ST_RELEASE] = "RELEASE op",
	[ST_ROLLBACK_TO] = "ROLLBACK TO op",
};

int store__fail(struct store *st, const char *what)
{
	lwsl_err("store: %s: %s\n", what, st->db ? sqlite3_errmsg(st->db) : "no database");
	return TF_E_STORAGE;
}

int store__exec(struct store *st, const char *sql)
{
	char *msg = NULL;

	if (sqlite3_exec(st->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		lwsl_err("store: %s\n", msg ? msg : sqlite3_errmsg(st->db));
		sqlite3_free(msg);
		return TF_E_STORAGE;
	}
	return TF_OK;
}

static int migrate(struct store *st)
{
	sqlite3_stmt *q = NULL;
	int version, n = (int)(sizeof migrations / sizeof *migrations);
	char sql[64];

	if (sqlite3_prepare_v2(st->db, "PRAGMA user_version", -1, &q, NULL) != SQLITE_OK ||
	    sqlite3_step(q) != SQLITE_ROW) {
		sqlite3_finalize(q);
		return store__fail(st, "reading the schema version");
	}
	version = sqlite3_column_int(q, 0);
	sqlite3_finalize(q);
	if (version > n) {
		lwsl_err("store: the database has schema version %d, newer than this tafel (%d)\n",
		         version, n);
		return TF_E_STORAGE;
	}
	for (; version < n; version++) {
		if (store__exec(st, "BEGIN IMMEDIATE") < 0)
			return TF_E_STORAGE;
		snprintf(sql, sizeof sql, "PRAGMA user_version = %d", version + 1);
		if (store__exec(st, migrations[version]) < 0 || store__exec(st, sql) < 0 ||
		    store__exec(st, "COMMIT") < 0) {
			store__exec(st, "ROLLBACK");
			return TF_E_STORAGE;
		}
		lwsl_notice("store: schema migrated to version %d\n", version + 1);
	}
	return TF_OK;
}

static int on_wal_commit(void *arg, sqlite3 *db, const char *name, int frames)
{
	(void)db;
	(void)name;
	((struct store *)arg)->wal_frames = frames;
	store__ckpt_kick(arg);
	return SQLITE_OK;
}

int store_open(const char *path, struct store **out)
{
	struct store *st = calloc(1, sizeof *st);
	int rc = TF_E_STORAGE;

	*out = NULL;
	if (!st)
		return TF_E_NOMEM;
	if (sqlite3_open_v2(path, &st->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
	                    SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
		store__fail(st, path);
		goto fail;
	}
	sqlite3_extended_result_codes(st->db, 1);
	sqlite3_busy_timeout(st->db, 5000);
	/* WAL with synchronous=FULL syncs the log on every commit: an acknowledged change
	 * survives a power loss. secure_delete overwrites deleted rows, so a deleted session is
	 * gone from the file, not only unlinked. */
	if (store__exec(st, "PRAGMA journal_mode=WAL") < 0 ||
	    store__exec(st, "PRAGMA synchronous=FULL") < 0 ||
	    store__exec(st, "PRAGMA foreign_keys=ON") < 0 ||
	    store__exec(st, "PRAGMA secure_delete=ON") < 0 || migrate(st) < 0)
		goto fail;
	/* SQLite would checkpoint inside the COMMIT that fills the log, holding up that turn's
	 * replies by a second sync; a thread of the store's own does it (store_checkpoint.c). */
	if (store__ckpt_start(st, path) < 0)
		goto fail;
	sqlite3_wal_hook(st->db, on_wal_commit, st);
	for (int i = 0; i < ST_COUNT; i++)
		if (sqlite3_prepare_v3(st->db, stmt_sql[i], -1, SQLITE_PREPARE_PERSISTENT,
		                       &st->stmt[i], NULL) != SQLITE_OK) {
			store__fail(st, stmt_sql[i]);
			goto fail;
		}
	*out = st;
	return TF_OK;
fail:
	store_close(st);
	return rc;
}

void store_close(struct store *st)
{
	if (!st)
		return;
	if (st->in_txn)
		store_commit(st);
	store__ckpt_stop(st);
	for (int i = 0; i < ST_COUNT; i++)
		sqlite3_finalize(st->stmt[i]);
	if (st->db) {
		sqlite3_wal_checkpoint_v2(st->db, NULL, SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL);
		sqlite3_close(st->db);
	}
	free(st);
}

int store_begin(struct store *st)
{
	if (st->in_txn)
		return TF_OK;
	if (store__exec(st, "BEGIN IMMEDIATE") < 0)
		return TF_E_STORAGE;
	st->in_txn = 1;
	return TF_OK;
}

int store_in_transaction(const struct store *st)
{
	return st->in_txn;
}

int store_commit(struct store *st)
{
	if (!st->in_txn)
		return TF_OK;
	if (st->txn_lost || store__exec(st, "COMMIT") < 0) {
		store_rollback(st);
		return TF_E_STORAGE;
	}
	st->in_txn = 0;
	return TF_OK;
}

void store_rollback(struct store *st)
{
	if (sqlite3_get_autocommit(st->db) == 0)
		store__exec(st, "ROLLBACK");
	st->in_txn = 0;
	st->txn_lost = 0;
}

void store_abandon(struct store *st)
{
	if (!st->in_txn)
		return;
	if (sqlite3_get_autocommit(st->db) == 0)
		store__exec(st, "ROLLBACK");
	st->txn_lost = 1;
}
