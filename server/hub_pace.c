/* Fan-out pacing: the events of a session go out to its connections at most once per
 * PACE_US. The first change after a quiet spell goes out at once; changes that follow
 * within the pace wait and go out together, in one write per connection. A join storm of
 * 1,000 in 3 s otherwise costs a write (and two epoll_ctl) per connection per join: half a
 * million system calls for the presence events alone. Replies are never held: a
 * connection's own request is answered at once, with whatever waited before it. */
#include "hub_internal.h"

#define PACE_US (10 * LWS_US_PER_MS)

static void release_due(lws_sorted_usec_list_t *sul)
{
	struct hub *h = lws_container_of(sul, struct hub, pace_sul);
	lws_usec_t now = lws_now_usecs(), next = 0;
	size_t i = 0;

	while (i < h->nheld) {
		struct hub_session *hs = h->held[i];
		lws_usec_t due = hs->fanout_us + PACE_US;

		if (due > now) {
			if (!next || due < next)
				next = due;
			i++;
			continue;
		}
		hs->held = 0;
		hs->fanout_us = now;
		hub__release(hs);
		h->held[i] = h->held[--h->nheld];
	}
	h->pace_due = next;
	if (next && h->ctx)
		lws_sul_schedule(h->ctx, 0, &h->pace_sul, release_due, next - now);
}

int hub__pace_hold(struct hub *h, struct hub_session *hs, int64_t now_us)
{
	if (hs->paced_commit == h->commits)
		return hs->hold;
	hs->paced_commit = h->commits;
	if (hs->held) {
		hs->hold = 1;
	} else if (now_us - hs->fanout_us >= PACE_US || !h->ctx) {
		hs->fanout_us = now_us;
		hs->hold = 0;
	} else {
		if (h->nheld == h->cap_held) {
			struct hub_session **grown = hub__grow(h->held, &h->cap_held, sizeof *grown, 16);

			if (!grown) {
				hs->hold = 0; /* no room to remember it: it goes at once */
				return 0;
			}
			h->held = grown;
		}
		h->held[h->nheld++] = hs;
		hs->held = 1;
		hs->hold = 1;
		if (!h->pace_due || hs->fanout_us + PACE_US < h->pace_due) {
			h->pace_due = hs->fanout_us + PACE_US;
			lws_sul_schedule(h->ctx, 0, &h->pace_sul, release_due, h->pace_due - now_us);
		}
	}
	return hs->hold;
}

void hub__pace_forget(struct hub *h, struct hub_session *hs)
{
	if (!hs->held)
		return;
	for (size_t i = 0; i < h->nheld; i++)
		if (h->held[i] == hs)
			h->held[i] = h->held[--h->nheld];
	hs->held = 0;
}
