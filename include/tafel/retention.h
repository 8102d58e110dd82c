/* Retention (--retain-days N): sessions that ended more than N days ago are deleted the way
 * an organizer's delete does it (hub_delete_session: secure_delete, the log checkpointed and
 * emptied), at start and every hour after, and logged by join code only. */
#ifndef TAFEL_RETENTION_H
#define TAFEL_RETENTION_H

#include <stdint.h>

struct hub;
struct lws_context;
struct retention;

/* The longest --retain-days (about 100 years): more is a mistake, not a wish. */
#define RETENTION_MAX_DAYS 36500

/* Deletes every session that ended before now_ms minus days. Returns how many, or a
 * negative error (the sessions deleted before it stay deleted). */
int retention_sweep(struct hub *h, int days, int64_t now_ms);

/* Sweeps on the context's loop now and every hour. skew_ms is added to the clock the sweep
 * reads: 0, but for the tests (TAFEL_TEST_CLOCK_SKEW_S, docs/testing.md). */
int retention_start(struct lws_context *ctx, struct hub *h, int days, int64_t skew_ms,
                    struct retention **out);
/* Cancels the timer; before the context is destroyed. NULL is fine. */
void retention_stop(struct retention *r);

#endif
