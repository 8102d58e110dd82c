/* Liveness: a connection that has not joined by the join deadline is closed with 1008; one
 * that has been silent for idle_ping_s is pinged, and one silent for idle_close_s is cut.
 * One sweep over all connections does it, instead of lws's timers per connection: lws keeps
 * its timers in one sorted list, and re-arming 10,000 of them (one per pong) cost a walk of
 * the whole list each, which stalled the server for seconds (docs/benchmarks.md). */
#include "hub_internal.h"

/* Often enough for the ping to come within a quarter of idle_ping_s, at most once a second. */
static lws_usec_t period_us(const struct hub *h)
{
	lws_usec_t us = (lws_usec_t)h->lim->idle_ping_s * LWS_US_PER_SEC / 4;

	if (us > LWS_US_PER_SEC)
		us = LWS_US_PER_SEC;
	if (us < 100 * LWS_US_PER_MS)
		us = 100 * LWS_US_PER_MS;
	return us;
}

static void sweep(lws_sorted_usec_list_t *sul)
{
	struct hub *h = lws_container_of(sul, struct hub, liveness_sul);
	int64_t now = hub_now_ms();
	int64_t deadline_ms = (int64_t)h->lim->join_deadline_s * 1000;
	int64_t ping_ms = (int64_t)h->lim->idle_ping_s * 1000;
	int64_t cut_ms = (int64_t)h->lim->idle_close_s * 1000;

	for (struct hub_conn *c = h->all; c; c = c->all_next) {
		if (c->dead || c->close_code)
			continue;
		if (!c->hs && !c->ev && now - c->opened_ms >= deadline_ms) {
			hub__close(c, LWS_CLOSE_STATUS_POLICY_VIOLATION, "join deadline passed");
		} else if (now - c->heard_ms >= cut_ms) {
			/* It answered nothing, so a close frame would wait for an answer that does
			 * not come: the socket is dropped at once. */
			lwsl_info("hub: a connection was silent for %d s and is dropped\n",
			          h->lim->idle_close_s);
			hub__cut(c, LWS_CLOSE_STATUS_GOINGAWAY);
		} else if (now - c->heard_ms >= ping_ms && !c->pinged) {
			c->pinged = 1;
			hub__deliver(h, c, h->ping);
		}
	}
	if (h->ctx)
		lws_sul_schedule(h->ctx, 0, &h->liveness_sul, sweep, period_us(h));
}

void hub__liveness_start(struct hub *h)
{
	lws_sul_schedule(h->ctx, 0, &h->liveness_sul, sweep, period_us(h));
}

void hub_conn_heard(struct hub_conn *c)
{
	c->heard_ms = hub_now_ms();
	c->pinged = 0;
}
