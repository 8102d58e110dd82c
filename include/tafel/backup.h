/* Online backups and the integrity check of a database file (`tafel backup`, `tafel check`).
 * The copy is made with SQLite's online backup API from a read transaction of its own, so it
 * is the database as it was when the copy began, whole and consistent, while the server goes
 * on writing (the write-ahead log lets a reader and the writer work at once). */
#ifndef TAFEL_BACKUP_H
#define TAFEL_BACKUP_H

#include <stddef.h>
#include <stdio.h>

/* Copies the database at src to dst: into dst.tmp first (made for its owner alone, 0600),
 * checked with integrity_check, made a single file (journal_mode DELETE: no -wal beside
 * it), synced, then renamed over dst, so that dst is never a half copy. Returns 0, or TF_E_IO / TF_E_STORAGE with the reason in
 * err. *pages gets the copy's page count. */
int backup_copy(const char *src, const char *dst, long *pages, char *err, size_t errlen);

/* Runs PRAGMA integrity_check and foreign_key_check on the file, writing each problem found
 * to report. Returns 0 when both are clean, TF_E_STORAGE when not (or it cannot be opened,
 * the reason in err). */
int backup_check(const char *path, FILE *report, char *err, size_t errlen);

#endif
