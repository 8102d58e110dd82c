/* Copying the write-ahead log back into the database file (checkpoints), mostly off the
 * event loop.
 *
 * A checkpoint writes a few megabytes into the file and syncs it: 5 to 45 ms on a laptop
 * disk. Run between turns it held up every request that arrived meanwhile (the tail of the
 * many-tables benchmark). A thread with a connection of its own does the bulk of it: in WAL
 * mode a PASSIVE checkpoint never blocks the writer, nor the writer it.
 *
 * The log starts again from its beginning only once every frame is copied, and the writer
 * adds frames while the thread copies. If nobody finished the job, the log would grow
 * without end, each commit extending the file (a sync that also writes the file system's
 * journal: twice as long as an overwrite on the benchmark's disk). So the loop copies the
 * short tail itself, right after the commit that follows the thread's pass
 * (store_checkpoint_due()). */
#include <errno.h>
#include <time.h>

#include <libwebsockets.h>

#include "tafel/error.h"
#include "store_internal.h"

static int copy_log(struct store_ckpt *k)
{
	int frames = 0, copied = 0, rc;

	pthread_mutex_lock(&k->run);
	rc = sqlite3_wal_checkpoint_v2(k->db, NULL, SQLITE_CHECKPOINT_PASSIVE, &frames, &copied);
	pthread_mutex_unlock(&k->run);
	if (rc != SQLITE_OK && rc != SQLITE_BUSY) {
		lwsl_err("store: checkpointing the log in the background: %s\n",
		         sqlite3_errmsg(k->db));
		return -1;
	}
	return rc == SQLITE_OK && copied > 0;
}

/* After a failed pass, before the loop's turn: a disk that stays full must not make every
 * commit try (and log) again. */
static void wait_a_second(struct store_ckpt *k)
{
	struct timespec until;

	clock_gettime(CLOCK_MONOTONIC, &until);
	until.tv_sec++;
	while (!k->stop && pthread_cond_timedwait(&k->wake, &k->lock, &until) != ETIMEDOUT)
		;
}

static void *run(void *arg)
{
	struct store_ckpt *k = arg;

	pthread_mutex_lock(&k->lock);
	while (!k->stop) {
		if (!k->due) {
			pthread_cond_wait(&k->wake, &k->lock);
			continue;
		}
		k->due = 0;
		pthread_mutex_unlock(&k->lock);
		int copied = copy_log(k);
		pthread_mutex_lock(&k->lock);
		if (copied > 0)
			k->done++;
		if (copied < 0)
			wait_a_second(k);
		k->tail = 1;
	}
	pthread_mutex_unlock(&k->lock);
	return NULL;
}

int store__ckpt_start(struct store *st, const char *path)
{
	struct store_ckpt *k = &st->ckpt;

	pthread_condattr_t attr;

	pthread_mutex_init(&k->lock, NULL);
	pthread_mutex_init(&k->run, NULL);
	pthread_condattr_init(&attr);
	pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
	pthread_cond_init(&k->wake, &attr);
	pthread_condattr_destroy(&attr);
	k->inited = 1;
	/* Without a thread-safe SQLite there is no second connection: the loop checkpoints
	 * at STORE_CHECKPOINT_FRAMES, as SQLite itself would. */
	if (!sqlite3_threadsafe())
		return TF_OK;
	/* A read opens the log in this connection; until then a checkpoint has nothing to do.
	 * synchronous=FULL: the log is synced before its frames are copied, the file after. */
	if (sqlite3_open_v2(path, &k->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL) !=
	            SQLITE_OK ||
	    sqlite3_exec(k->db, "PRAGMA synchronous=FULL; SELECT 1 FROM sqlite_master LIMIT 1",
	                 NULL, NULL, NULL) != SQLITE_OK) {
		lwsl_err("store: opening the checkpoint connection: %s\n",
		         k->db ? sqlite3_errmsg(k->db) : "no memory");
		return TF_E_STORAGE;
	}
	if (pthread_create(&k->thread, NULL, run, k) != 0) {
		lwsl_err("store: starting the checkpoint thread\n");
		return TF_E_STORAGE;
	}
	k->started = 1;
	return TF_OK;
}

void store__ckpt_stop(struct store *st)
{
	struct store_ckpt *k = &st->ckpt;

	if (k->started) {
		pthread_mutex_lock(&k->lock);
		k->stop = 1;
		pthread_cond_signal(&k->wake);
		pthread_mutex_unlock(&k->lock);
		pthread_join(k->thread, NULL);
		k->started = 0;
	}
	sqlite3_close(k->db);
	k->db = NULL;
	if (k->inited) {
		pthread_cond_destroy(&k->wake);
		pthread_mutex_destroy(&k->run);
		pthread_mutex_destroy(&k->lock);
		k->inited = 0;
	}
}

void store__ckpt_kick(struct store *st)
{
	struct store_ckpt *k = &st->ckpt;

	if (!k->started || st->wal_frames < STORE_CHECKPOINT_FRAMES)
		return;
	pthread_mutex_lock(&k->lock);
	/* Once the thread has copied, the loop's turn comes: no second pass meanwhile. */
	if (!k->tail && !k->due) {
		k->due = 1;
		pthread_cond_signal(&k->wake);
	}
	pthread_mutex_unlock(&k->lock);
}

/* Whether the loop should copy now: the thread has copied the bulk, or there is no thread
 * and the log is full, or the log outgrew its limit all the same. */
static int loop_due(struct store *st)
{
	struct store_ckpt *k = &st->ckpt;
	int tail;

	if (!k->started)
		return st->wal_frames >= STORE_CHECKPOINT_FRAMES;
	pthread_mutex_lock(&k->lock);
	tail = k->tail;
	pthread_mutex_unlock(&k->lock);
	return tail || st->wal_frames >= STORE_CHECKPOINT_LOOP_FRAMES;
}

int store_checkpoint_due(struct store *st)
{
	int rc;

	if (st->in_txn || !loop_due(st))
		return 0;
	/* Busy means the thread is copying now: a later commit, or the timer, copies after it. */
	if (pthread_mutex_trylock(&st->ckpt.run) != 0)
		return 0;
	rc = sqlite3_wal_checkpoint_v2(st->db, NULL, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
	pthread_mutex_unlock(&st->ckpt.run);
	/* Done or failed, the next try is the thread's: after a failure it waits a second. */
	pthread_mutex_lock(&st->ckpt.lock);
	st->ckpt.tail = 0;
	pthread_mutex_unlock(&st->ckpt.lock);
	if (rc != SQLITE_OK) {
		store__fail(st, "checkpointing the log");
		return -1;
	}
	/* No write was open, so every frame is copied: the next transaction starts the log
	 * again from its beginning. */
	st->wal_frames = 0;
	return 1;
}

void store_checkpoint(struct store *st)
{
	int rc;

	pthread_mutex_lock(&st->ckpt.run);
	rc = sqlite3_wal_checkpoint_v2(st->db, NULL, SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL);
	pthread_mutex_unlock(&st->ckpt.run);
	if (rc != SQLITE_OK)
		store__fail(st, "checkpointing the log");
	else
		st->wal_frames = 0; /* the log is empty: nothing is left to copy */
}

long store_checkpoints_done(struct store *st)
{
	long done;

	pthread_mutex_lock(&st->ckpt.lock);
	done = st->ckpt.done;
	pthread_mutex_unlock(&st->ckpt.lock);
	return done;
}
