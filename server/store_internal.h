/* The inside of struct store, shared by the store's own files. */
#ifndef TAFEL_STORE_INTERNAL_H
#define TAFEL_STORE_INTERNAL_H

#include <pthread.h>
#include <sqlite3.h>

#include "tafel/store.h"

/* The prepared statements, one per kind of write, made once at open. */
enum store_stmt {
	ST_SEQ, ST_NOTE_INSERT, ST_CID_INSERT, ST_NOTE_TEXT, ST_NOTE_ESSENCE, ST_NOTE_DELETE,
	ST_NOTE_MOVE, ST_CLUSTER_INSERT, ST_CLUSTER_EDIT, ST_CLUSTER_DELETE, ST_VOTE_SET,
	ST_VOTE_DELETE, ST_PHASE, ST_PHASE_LOG, ST_TIMER, ST_REVEAL, ST_SUMMARY, ST_END,
	ST_PARTICIPANT_INSERT, ST_SCREEN, ST_SYNTHESIS, ST_SAVEPOINT, ST_RELEASE, ST_ROLLBACK_TO, ST_COUNT
};

/* The background checkpoint (store_checkpoint.c): a thread with a connection of its own. */
struct store_ckpt {
	pthread_t thread;
	pthread_mutex_t lock;  /* guards due, tail, stop and done */
	pthread_cond_t wake;
	pthread_mutex_t run;   /* held while a checkpoint runs, by the thread or the loop */
	sqlite3 *db;
	int inited, started, due, stop;
	int tail;              /* the thread has copied; the loop copies what came after */
	long done;             /* checkpoints of the thread that copied frames */
};

struct store {
	sqlite3 *db;
	sqlite3_stmt *stmt[ST_COUNT];
	int in_txn;
	int txn_lost;     /* SQLite rolled back the open transaction after an error */
	int wal_frames;   /* frames in the write-ahead log since it last started again */
	struct store_ckpt ckpt;
};

/* Logs SQLite's message for a failed call and returns TF_E_STORAGE. */
int store__fail(struct store *st, const char *what);
/* Runs one statement that returns no rows. */
int store__exec(struct store *st, const char *sql);

/* Starts the checkpoint thread on its own connection to path: TF_OK or TF_E_STORAGE. */
int store__ckpt_start(struct store *st, const char *path);
/* Stops and joins the thread, closes its connection. Safe on a store that never started. */
void store__ckpt_stop(struct store *st);
/* After a commit: wakes the thread when the log holds STORE_CHECKPOINT_FRAMES frames. */
void store__ckpt_kick(struct store *st);

#endif
