/* Storage: every session in one SQLite file (WAL, synchronous=FULL, so a commit survives a
 * power loss). Changes are written inside one open transaction per turn of the event loop
 * and made durable together by store_commit(): group commit, so that durability does not
 * cost throughput. Nothing is acknowledged to a client before that commit returns. */
#ifndef TAFEL_STORE_H
#define TAFEL_STORE_H

#include <stdint.h>
#include <cjson/cJSON.h>

#include "tafel/secret.h"
#include "tafel/session.h"

struct store;

/* Opens (creating if needed) and migrates the database file. Returns 0 or TF_E_STORAGE with
 * the reason logged. */
int store_open(const char *path, struct store **out);
/* Commits what is pending, checkpoints the log into the file, and closes. */
void store_close(struct store *st);

/* Copies the write-ahead log into the file and truncates it, waiting for a background
 * checkpoint that is running. */
void store_checkpoint(struct store *st);

/* Frames in the log after which a background thread copies it into the file (SQLite's own
 * automatic checkpoint uses the same number, but inside a COMMIT, on the loop). */
#define STORE_CHECKPOINT_FRAMES 1000
/* Frames after which the loop copies the log itself even though the thread has not: a
 * bound on the log (16 MB of 4 KB pages) should the thread fall behind. */
#define STORE_CHECKPOINT_LOOP_FRAMES 4000
/* After a commit, or between turns: copies what the log gained while the thread copied (a
 * short tail, the sooner the shorter), so that the log can start again from its beginning;
 * or all of it past STORE_CHECKPOINT_LOOP_FRAMES, or past STORE_CHECKPOINT_FRAMES when
 * there is no thread. PASSIVE, with no transaction open and the thread not copying.
 * Returns 1 when it copied, 0 when not due, -1 on error (logged). */
int store_checkpoint_due(struct store *st);
/* How many background checkpoints have copied frames (for tests and the benchmarks). */
long store_checkpoints_done(struct store *st);

/* Opens the turn's transaction if none is open. */
int store_begin(struct store *st);
int store_in_transaction(const struct store *st);
int store_commit(struct store *st);
void store_rollback(struct store *st);
/* Rolls back the turn's transaction now and makes its store_commit() fail (and every write
 * before it), for a change that was written but could not be applied in memory. */
void store_abandon(struct store *st);

/* Writes one prepared change of session s inside the turn's transaction (opening it), all
 * or nothing. New rows get their id in op->id. Returns 0 or TF_E_STORAGE. The session's seq
 * is not written here: store_write_seq() writes it once per turn before the commit. */
int store_write_op(struct store *st, const struct ses_session *s, struct ses_op *op);
/* Writes session s's seq (ses_seq) in the open transaction. 0 or TF_E_STORAGE. */
int store_write_seq(struct store *st, const struct ses_session *s);

/* Creates a session row (and its first phase-log entry) in the open transaction. */
int store_create_session(struct store *st, const char *code, const char *template_id,
                         const cJSON *snapshot, const uint8_t fac_hash[SECRET_HASH_LEN],
                         int64_t created_at, int64_t *id);

/* Loads a whole session by code. TF_E_NOT_FOUND when there is none. */
int store_load_session(struct store *st, const char *code, struct ses_session **out);

/* Deletes a session and all its rows; returns TF_E_NOT_FOUND when there is none. */
int store_delete_session(struct store *st, const char *code);

/* The codes of at most max sessions that ended before before_ms (ended_at), oldest first,
 * for retention (retention.c); *n gets how many. 0 or TF_E_STORAGE. */
int store_ended_before(struct store *st, int64_t before_ms, char (*codes)[SECRET_CODE_LEN + 1],
                       int max, int *n);

/* The list for GET /api/sessions, newest first. */
int store_list_sessions(struct store *st, cJSON **out);
int store_count_sessions(struct store *st, int *count);
/* Whether a session with this code exists: 1, 0, or TF_E_STORAGE. */
int store_code_exists(struct store *st, const char *code);
/* The code of the session whose facilitator key has this hash: 0, or TF_E_NOT_FOUND. */
int store_find_facilitator(struct store *st, const uint8_t hash[SECRET_HASH_LEN],
                           char code[SECRET_CODE_LEN + 1]);


/* Events (store_event.c): a conference day's tables, each a session of its own. */
struct store_event_new {
	const char *code, *title, *template_id, *language;
	const uint8_t *key_hash;
	int64_t created_at;
};
/* Inserts the event row in the open transaction (opening it); its id in *id. */
int store_create_event(struct store *st, const struct store_event_new *ev, int64_t *id);
/* Makes session `session_id` table number `position` of event `event_id`. */
int store_add_event_table(struct store *st, int64_t event_id, int64_t session_id, int position,
                          const char *name);
/* {"code","title","template","language","created_at","tables":[{"code","name",
 * "participants"}]} in *out (caller deletes), the key's hash in key_hash (may be NULL).
 * TF_E_NOT_FOUND when no event has this code. */
int store_load_event(struct store *st, const char *code, cJSON **out,
                     uint8_t key_hash[SECRET_HASH_LEN]);
/* [{"code","title","created_at","tables"}], newest first. */
int store_list_events(struct store *st, cJSON **out);
/* Deletes the event and every one of its tables' sessions. */
int store_delete_event(struct store *st, const char *code);
/* What a code names: STORE_CODE_SESSION, STORE_CODE_EVENT, STORE_CODE_NONE, or
 * TF_E_STORAGE. */
enum { STORE_CODE_NONE = 0, STORE_CODE_SESSION = 1, STORE_CODE_EVENT = 2 };
int store_code_kind(struct store *st, const char *code);
/* The event whose key has this hash, or TF_E_NOT_FOUND. */
int store_find_event_key(struct store *st, const uint8_t hash[SECRET_HASH_LEN],
                         char code[SECRET_CODE_LEN + 1]);
/* The event that session `session_code` is a table of, or TF_E_NOT_FOUND. */
int store_event_of_session(struct store *st, const char *session_code,
                           char event_code[SECRET_CODE_LEN + 1]);

#endif
