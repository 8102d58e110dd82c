/* The inside of struct store, shared by the store's own files. */
#ifndef TAFEL_STORE_INTERNAL_H
#define TAFEL_STORE_INTERNAL_H

#include <sqlite3.h>

#include "tafel/store.h"

/* The prepared statements, one per kind of write, made once at open. */
enum store_stmt {
	ST_SEQ, ST_NOTE_INSERT, ST_CID_INSERT, ST_NOTE_TEXT, ST_NOTE_ESSENCE, ST_NOTE_DELETE,
	ST_NOTE_MOVE, ST_CLUSTER_INSERT, ST_CLUSTER_EDIT, ST_CLUSTER_DELETE, ST_VOTE_SET,
	ST_VOTE_DELETE, ST_PHASE, ST_PHASE_LOG, ST_TIMER, ST_REVEAL, ST_SUMMARY, ST_END,
	ST_PARTICIPANT_INSERT, ST_SAVEPOINT, ST_RELEASE, ST_ROLLBACK_TO, ST_COUNT
};

struct store {
	sqlite3 *db;
	sqlite3_stmt *stmt[ST_COUNT];
	int in_txn;
	int txn_lost;     /* SQLite rolled back the open transaction after an error */
	int wal_frames;   /* frames in the write-ahead log since the last checkpoint */
};

/* Logs SQLite's message for a failed call and returns TF_E_STORAGE. */
int store__fail(struct store *st, const char *what);
/* Runs one statement that returns no rows. */
int store__exec(struct store *st, const char *sql);

#endif
