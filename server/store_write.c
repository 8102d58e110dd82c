/* Writing one prepared change: the rows it touches, all or nothing, so that a failed write
 * leaves the turn's transaction as it was. The session's seq is written once per turn, at
 * the commit (store_write_seq). */
#include <string.h>

#include "tafel/error.h"
#include "store_internal.h"

static int step(struct store *st, enum store_stmt which)
{
	sqlite3_stmt *q = st->stmt[which];
	int rc = sqlite3_step(q);

	sqlite3_reset(q);
	sqlite3_clear_bindings(q);
	if (rc == SQLITE_DONE)
		return TF_OK;
	/* After an I/O error, a full disk or no memory, SQLite may have rolled back the whole
	 * transaction: then nothing more may be written in this turn (it would be committed on
	 * its own) and its commit must fail. */
	if (st->in_txn && sqlite3_get_autocommit(st->db))
		st->txn_lost = 1;
	return store__fail(st, sqlite3_sql(q));
}

static sqlite3_stmt *bind_ids(struct store *st, enum store_stmt which, int64_t a, int64_t b)
{
	sqlite3_stmt *q = st->stmt[which];

	sqlite3_bind_int64(q, 1, a);
	sqlite3_bind_int64(q, 2, b);
	return q;
}

static int write_note(struct store *st, const struct ses_session *s, struct ses_op *op)
{
	sqlite3_stmt *q = bind_ids(st, ST_NOTE_INSERT, ses_id(s), op->phase);
	int rc;

	sqlite3_bind_int64(q, 3, op->pid);
	sqlite3_bind_text(q, 4, op->text, -1, SQLITE_STATIC);
	if (op->quadrant)
		sqlite3_bind_text(q, 5, op->quadrant, -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 6, op->now);
	if ((rc = step(st, ST_NOTE_INSERT)) < 0)
		return rc;
	op->id = sqlite3_last_insert_rowid(st->db);
	if (!op->cid)
		return TF_OK;
	q = bind_ids(st, ST_CID_INSERT, ses_id(s), op->pid);
	sqlite3_bind_text(q, 3, op->cid, -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 4, op->id);
	return step(st, ST_CID_INSERT);
}

static int write_body(struct store *st, const struct ses_session *s, struct ses_op *op)
{
	sqlite3_stmt *q;
	int rc;

	switch (op->kind) {
	case SES_OP_NOTE_ADD:
		return write_note(st, s, op);
	case SES_OP_NOTE_EDIT:
	case SES_OP_NOTE_ESSENCE: {
		enum store_stmt w = op->kind == SES_OP_NOTE_EDIT ? ST_NOTE_TEXT : ST_NOTE_ESSENCE;

		q = bind_ids(st, w, op->id, 0);
		if (op->kind == SES_OP_NOTE_EDIT || op->text[0])
			sqlite3_bind_text(q, 2, op->text, -1, SQLITE_STATIC);
		else
			sqlite3_bind_null(q, 2);
		return step(st, w);
	}
	case SES_OP_NOTE_DELETE:
		bind_ids(st, ST_NOTE_DELETE, op->id, 0);
		return step(st, ST_NOTE_DELETE);
	case SES_OP_NOTE_MOVE:
		q = bind_ids(st, ST_NOTE_MOVE, op->id, op->cluster);
		if (!op->cluster)
			sqlite3_bind_null(q, 2);
		return step(st, ST_NOTE_MOVE);
	case SES_OP_CLUSTER_ADD:
		q = bind_ids(st, ST_CLUSTER_INSERT, ses_id(s), 0);
		sqlite3_bind_text(q, 2, op->text, -1, SQLITE_STATIC);
		sqlite3_bind_text(q, 3, op->text2 ? op->text2 : "", -1, SQLITE_STATIC);
		sqlite3_bind_int64(q, 4, op->now);
		if ((rc = step(st, ST_CLUSTER_INSERT)) < 0)
			return rc;
		op->id = sqlite3_last_insert_rowid(st->db);
		return TF_OK;
	case SES_OP_CLUSTER_EDIT:
		q = bind_ids(st, ST_CLUSTER_EDIT, op->id, 0);
		if (op->flags & SES_F_TITLE)
			sqlite3_bind_text(q, 2, op->text, -1, SQLITE_STATIC);
		else
			sqlite3_bind_null(q, 2);
		if (op->flags & SES_F_DESCRIPTION)
			sqlite3_bind_text(q, 3, op->text2, -1, SQLITE_STATIC);
		return step(st, ST_CLUSTER_EDIT);
	case SES_OP_CLUSTER_DELETE:
		bind_ids(st, ST_CLUSTER_DELETE, op->id, 0);
		return step(st, ST_CLUSTER_DELETE);
	case SES_OP_VOTE:
		if (op->count == 0) {
			bind_ids(st, ST_VOTE_DELETE, op->pid, op->cluster);
			return step(st, ST_VOTE_DELETE);
		}
		q = bind_ids(st, ST_VOTE_SET, ses_id(s), op->pid);
		sqlite3_bind_int64(q, 3, op->cluster);
		sqlite3_bind_int(q, 4, op->count);
		return step(st, ST_VOTE_SET);
	case SES_OP_PHASE_SET:
		q = bind_ids(st, ST_PHASE, ses_id(s), op->phase);
		sqlite3_bind_int(q, 3, (int)op->timer_state);
		sqlite3_bind_int64(q, 4, op->timer_value);
		sqlite3_bind_int(q, 5, op->timer_lock);
		if ((rc = step(st, ST_PHASE)) < 0)
			return rc;
		q = bind_ids(st, ST_PHASE_LOG, ses_id(s), op->phase);
		sqlite3_bind_int64(q, 3, op->now);
		return step(st, ST_PHASE_LOG);
	case SES_OP_TIMER:
		q = bind_ids(st, ST_TIMER, ses_id(s), op->timer_state);
		sqlite3_bind_int64(q, 3, op->timer_value);
		sqlite3_bind_int(q, 4, op->timer_lock);
		return step(st, ST_TIMER);
	case SES_OP_PERSONA:
		q = bind_ids(st, ST_SYNTHESIS, ses_id(s), 0);
		sqlite3_bind_text(q, 2, op->text2, -1, SQLITE_STATIC);
		sqlite3_bind_text(q, 3, op->text, -1, SQLITE_STATIC);
		return step(st, ST_SYNTHESIS);
	case SES_OP_SCREEN:
		q = bind_ids(st, ST_SCREEN, ses_id(s), op->screen.flags);
		sqlite3_bind_int(q, 3, (int)op->screen.spot);
		sqlite3_bind_int64(q, 4, op->screen.spot_ref);
		return step(st, ST_SCREEN);
	case SES_OP_REVEAL:
		bind_ids(st, ST_REVEAL, ses_id(s), op->phase);
		return step(st, ST_REVEAL);
	case SES_OP_SUMMARY:
		q = bind_ids(st, ST_SUMMARY, ses_id(s), 0);
		sqlite3_bind_text(q, 2, op->text, -1, SQLITE_STATIC);
		return step(st, ST_SUMMARY);
	case SES_OP_END:
		bind_ids(st, ST_END, ses_id(s), op->now);
		return step(st, ST_END);
	case SES_OP_JOIN:
		q = bind_ids(st, ST_PARTICIPANT_INSERT, ses_id(s), 0);
		sqlite3_bind_text(q, 2, op->text, -1, SQLITE_STATIC);
		sqlite3_bind_text(q, 3, op->text2, -1, SQLITE_STATIC);
		sqlite3_bind_int(q, 4, (int)op->role);
		sqlite3_bind_blob(q, 5, op->token_hash, SECRET_HASH_LEN, SQLITE_STATIC);
		sqlite3_bind_int64(q, 6, op->now);
		if ((rc = step(st, ST_PARTICIPANT_INSERT)) < 0)
			return rc;
		op->id = sqlite3_last_insert_rowid(st->db);
		op->pid = op->id;
		return TF_OK;
	case SES_OP_ONLINE:
	case SES_OP_OFFLINE:
		return TF_OK;
	}
	return TF_E_INVALID;
}

/* Whether op writes more than one statement. One statement is atomic by itself (SQLite
 * undoes a failed statement and nothing else); two need a savepoint around them. A
 * savepoint is not free: each page it touches is first copied to a statement journal, and
 * with one per change that was a sixth of the server's time in the throughput scenario. */
static int several_statements(const struct ses_op *op)
{
	return (op->kind == SES_OP_NOTE_ADD && op->cid) || op->kind == SES_OP_PHASE_SET;
}

int store_write_op(struct store *st, const struct ses_session *s, struct ses_op *op)
{
	int rc, sp = several_statements(op);

	if (st->txn_lost || (!st->in_txn && store_begin(st) < 0))
		return TF_E_STORAGE;
	if (sp && step(st, ST_SAVEPOINT) < 0)
		return TF_E_STORAGE;
	rc = write_body(st, s, op);
	if (rc < 0) {
		if (sp && !st->txn_lost) {
			step(st, ST_ROLLBACK_TO);
			step(st, ST_RELEASE);
		}
		return TF_E_STORAGE;
	}
	return sp && step(st, ST_RELEASE) < 0 ? TF_E_STORAGE : TF_OK;
}

int store_write_seq(struct store *st, const struct ses_session *s)
{
	if (st->txn_lost || !st->in_txn)
		return TF_E_STORAGE;
	bind_ids(st, ST_SEQ, ses_id(s), ses_seq(s));
	return step(st, ST_SEQ);
}
