/* Retention: the hourly sweep that deletes sessions ended too long ago (retention.h). */
#include <stdlib.h>

#include <libwebsockets.h>

#include "tafel/error.h"
#include "tafel/hub.h"
#include "tafel/retention.h"
#include "tafel/store.h"

#define RETENTION_PERIOD_US (3600LL * LWS_US_PER_SEC)
#define RETENTION_BATCH 64
#define DAY_MS (24LL * 3600 * 1000)

struct retention {
	lws_sorted_usec_list_t sul;
	struct lws_context *ctx;
	struct hub *hub;
	int days;
	int64_t skew_ms;
};

int retention_sweep(struct hub *h, int days, int64_t now_ms)
{
	char codes[RETENTION_BATCH][SECRET_CODE_LEN + 1];
	int n, rc, deleted = 0;

	do {
		if ((rc = store_ended_before(hub_store(h), now_ms - days * DAY_MS, codes,
		                             RETENTION_BATCH, &n)) < 0)
			return rc;
		for (int i = 0; i < n; i++) {
			rc = hub_delete_session(h, codes[i]);
			if (rc < 0 && rc != TF_E_NOT_FOUND) {
				lwsl_err("retention: session %s could not be deleted\n", codes[i]);
				return rc;
			}
			/* The code only: never a title or any text of the session. */
			lwsl_notice("retention: deleted session %s (ended more than %d days ago)\n",
			            codes[i], days);
			deleted++;
		}
	} while (n == RETENTION_BATCH);
	return deleted;
}

static void tick(lws_sorted_usec_list_t *sul)
{
	struct retention *r = lws_container_of(sul, struct retention, sul);

	retention_sweep(r->hub, r->days, hub_now_ms() + r->skew_ms);
	lws_sul_schedule(r->ctx, 0, &r->sul, tick, RETENTION_PERIOD_US);
}

int retention_start(struct lws_context *ctx, struct hub *h, int days, int64_t skew_ms,
                    struct retention **out)
{
	struct retention *r = calloc(1, sizeof *r);

	*out = NULL;
	if (!r)
		return TF_E_NOMEM;
	r->ctx = ctx;
	r->hub = h;
	r->days = days;
	r->skew_ms = skew_ms;
	/* The first sweep on the loop's first turn, once the server is listening. */
	lws_sul_schedule(ctx, 0, &r->sul, tick, 1);
	*out = r;
	return TF_OK;
}

void retention_stop(struct retention *r)
{
	if (!r)
		return;
	lws_sul_cancel(&r->sul);
	free(r);
}
