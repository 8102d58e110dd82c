/* Online backup and integrity check (include/tafel/backup.h). Works on the file with SQLite
 * alone, not through the store: a backup must not migrate or otherwise write the source. */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sqlite3.h>

#include "tafel/backup.h"
#include "tafel/error.h"

/* How long a step may wait for the server's brief exclusive moments (the log's restart). */
#define BACKUP_BUSY_MS 10000

static int open_existing(const char *path, sqlite3 **db, char *err, size_t errlen)
{
	struct stat sb;

	*db = NULL;
	if (stat(path, &sb) < 0) {
		snprintf(err, errlen, "%s: no such database file", path);
		return TF_E_IO;
	}
	/* Read-write without create: a reader of a WAL database takes part in the -shm index. */
	if (sqlite3_open_v2(path, db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
		snprintf(err, errlen, "%s: %s", path, *db ? sqlite3_errmsg(*db) : "cannot be opened");
		sqlite3_close(*db);
		*db = NULL;
		return TF_E_STORAGE;
	}
	sqlite3_busy_timeout(*db, BACKUP_BUSY_MS);
	return TF_OK;
}

/* Syncs the folder that holds path, so that a rename in it survives a power cut. */
static int sync_dir_of(const char *path)
{
	char *copy = strdup(path);
	int fd, rc = -1;

	if (!copy)
		return -1;
	fd = open(dirname(copy), O_RDONLY | O_DIRECTORY);
	if (fd >= 0) {
		rc = fsync(fd);
		close(fd);
	}
	free(copy);
	return rc;
}

static int exec_ok(sqlite3 *db, const char *sql)
{
	return sqlite3_exec(db, sql, NULL, NULL, NULL) == SQLITE_OK;
}

int backup_copy(const char *src, const char *dst, long *pages, char *err, size_t errlen)
{
	sqlite3 *from = NULL, *to = NULL;
	sqlite3_backup *b;
	char *tmp = NULL;
	int rc, step, fd;

	*pages = 0;
	if ((rc = open_existing(src, &from, err, errlen)) < 0)
		return rc;
	rc = TF_E_IO;
	tmp = malloc(strlen(dst) + sizeof ".tmp");
	if (!tmp) {
		snprintf(err, errlen, "out of memory");
		goto done;
	}
	sprintf(tmp, "%s.tmp", dst);
	unlink(tmp);
	/* Made first, for the owner alone: the copy holds everything the database holds.
	 * (SQLite makes a new file readable by all that the umask allows.) An empty file is
	 * an empty database to SQLite. */
	fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0) {
		snprintf(err, errlen, "%s: %s", tmp, strerror(errno));
		goto done;
	}
	close(fd);
	if (sqlite3_open_v2(tmp, &to, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
		snprintf(err, errlen, "%s: cannot be created", tmp);
		goto done;
	}
	rc = TF_E_STORAGE;
	b = sqlite3_backup_init(to, "main", from, "main");
	if (!b) {
		snprintf(err, errlen, "%s", sqlite3_errmsg(to));
		goto done;
	}
	/* All pages in one step: one read transaction, so the copy is one moment of the
	 * source. Busy or locked only while the writer restarts the log: wait and try again. */
	while ((step = sqlite3_backup_step(b, -1)) == SQLITE_BUSY || step == SQLITE_LOCKED)
		sqlite3_sleep(20);
	*pages = sqlite3_backup_pagecount(b);
	sqlite3_backup_finish(b);
	if (step != SQLITE_DONE) {
		snprintf(err, errlen, "copying %s: %s", src, sqlite3_errstr(step));
		goto done;
	}
	/* The copy's header says WAL like the source's; one self-contained file is easier to
	 * move about, and full sync makes it durable before the rename. */
	if (!exec_ok(to, "PRAGMA journal_mode = DELETE") ||
	    !exec_ok(to, "PRAGMA synchronous = FULL")) {
		snprintf(err, errlen, "%s: %s", tmp, sqlite3_errmsg(to));
		goto done;
	}
	sqlite3_close(to);
	to = NULL;
	if (backup_check(tmp, stderr, err, errlen) < 0)
		goto done;
	if (rename(tmp, dst) < 0 || sync_dir_of(dst) < 0) {
		snprintf(err, errlen, "%s: %s", dst, strerror(errno));
		rc = TF_E_IO;
		goto done;
	}
	free(tmp);
	tmp = NULL;
	rc = TF_OK;
done:
	sqlite3_close(to);
	sqlite3_close(from);
	if (tmp) {
		unlink(tmp);
		free(tmp);
	}
	return rc;
}

/* Writes every row of a check that is not the one clean answer; returns how many. */
static int report_rows(sqlite3 *db, const char *sql, const char *clean, FILE *report,
                       int *failed)
{
	sqlite3_stmt *q;
	int bad = 0, step;

	if (sqlite3_prepare_v2(db, sql, -1, &q, NULL) != SQLITE_OK) {
		*failed = 1;
		return 0;
	}
	while ((step = sqlite3_step(q)) == SQLITE_ROW) {
		const char *v = (const char *)sqlite3_column_text(q, 0);
		int n = sqlite3_column_count(q);

		if (clean && v && strcmp(v, clean) == 0)
			continue;
		bad++;
		for (int i = 0; i < n; i++)
			fprintf(report, "%s%s", i ? " " : "",
			        sqlite3_column_text(q, i) ? (const char *)sqlite3_column_text(q, i) : "-");
		fputc('\n', report);
	}
	if (step != SQLITE_DONE)
		*failed = 1;
	sqlite3_finalize(q);
	return bad;
}

int backup_check(const char *path, FILE *report, char *err, size_t errlen)
{
	sqlite3 *db;
	int rc, failed = 0, bad;

	if ((rc = open_existing(path, &db, err, errlen)) < 0)
		return rc;
	bad = report_rows(db, "PRAGMA integrity_check", "ok", report, &failed);
	bad += report_rows(db, "PRAGMA foreign_key_check", NULL, report, &failed);
	if (failed)
		snprintf(err, errlen, "%s: %s", path, sqlite3_errmsg(db));
	else if (bad)
		snprintf(err, errlen, "%s: %d problem%s found", path, bad, bad == 1 ? "" : "s");
	sqlite3_close(db);
	return failed || bad ? TF_E_STORAGE : TF_OK;
}
