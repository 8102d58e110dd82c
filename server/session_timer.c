/* The phase timer's rules. The timer belongs to the phase it was started in: a phase.set
 * stops it (or starts the next phase's at once), session.end stops it, and a timer started
 * with "lock" closes participants' changes in the phase when it reaches zero, until the
 * facilitator gives more time or moves on. Pure: the hub stores what these describe. */
#include <math.h>
#include <string.h>

#include "tafel/error.h"
#include "session_internal.h"

/* "seconds" (or another field) as a whole number of milliseconds within [lo, hi] seconds. */
static int need_seconds(const cJSON *req, const char *name, double lo, double hi,
                        int64_t *ms, char *msg, size_t msglen)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(req, name);

	if (!v)
		return ses__err(TF_E_INVALID, msg, msglen, "\"%s\" is missing", name);
	if (!cJSON_IsNumber(v) || !isfinite(v->valuedouble) || v->valuedouble < lo ||
	    v->valuedouble > hi)
		return ses__err(TF_E_INVALID, msg, msglen, "\"%s\" must be a number from %g to %g",
		                name, lo, hi);
	*ms = (int64_t)llround(v->valuedouble * 1000.0);
	return TF_OK;
}

static int need_lock(const cJSON *req, int *lock, char *msg, size_t msglen)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(req, "lock");

	*lock = 0;
	if (!v || cJSON_IsNull(v))
		return TF_OK;
	if (!cJSON_IsBool(v))
		return ses__err(TF_E_INVALID, msg, msglen, "\"lock\" must be true or false");
	*lock = cJSON_IsTrue(v);
	return TF_OK;
}

/* timer.add: time given (or, negative, taken) from a running or paused timer; it never goes
 * below zero, and the lock stays as it was. */
static int timer_add(const struct ses_session *s, const cJSON *req, int64_t now,
                     const struct tf_limits *lim, struct ses_op *op, char *msg, size_t msglen)
{
	int64_t ms, left;
	int rc;

	if (s->timer_state == SES_TIMER_NONE)
		return ses__err(TF_E_INVALID, msg, msglen, "there is no timer to add time to");
	if ((rc = need_seconds(req, "seconds", -lim->timer_max_s, lim->timer_max_s, &ms, msg,
	                       msglen)) < 0)
		return rc;
	left = s->timer_state == SES_TIMER_RUNNING ? s->timer_value - now : s->timer_value;
	if (left < 0)
		left = 0;
	left += ms;
	if (left < 0)
		left = 0;
	if (left > (int64_t)lim->timer_max_s * 1000)
		return ses__err(TF_E_INVALID, msg, msglen, "a timer runs at most %d seconds",
		                lim->timer_max_s);
	op->timer_state = s->timer_state;
	op->timer_value = s->timer_state == SES_TIMER_RUNNING ? now + left : left;
	op->timer_lock = s->timer_lock;
	return TF_OK;
}

int ses__timer_prepare(const struct ses_session *s, const char *type, const cJSON *req,
                       int64_t now, const struct tf_limits *lim, struct ses_op *op, char *msg,
                       size_t msglen)
{
	int64_t ms;
	int rc;

	op->kind = SES_OP_TIMER;
	if (strcmp(type, "timer.start") == 0) {
		if ((rc = need_seconds(req, "seconds", 0.001, lim->timer_max_s, &ms, msg, msglen)) < 0 ||
		    (rc = need_lock(req, &op->timer_lock, msg, msglen)) < 0)
			return rc;
		op->timer_state = SES_TIMER_RUNNING;
		op->timer_value = now + ms;
	} else if (strcmp(type, "timer.add") == 0) {
		return timer_add(s, req, now, lim, op, msg, msglen);
	} else if (strcmp(type, "timer.pause") == 0) {
		if (s->timer_state != SES_TIMER_RUNNING)
			return ses__err(TF_E_INVALID, msg, msglen, "no timer is running");
		op->timer_state = SES_TIMER_PAUSED;
		op->timer_value = s->timer_value > now ? s->timer_value - now : 0;
		op->timer_lock = s->timer_lock;
	} else if (strcmp(type, "timer.resume") == 0) {
		if (s->timer_state != SES_TIMER_PAUSED)
			return ses__err(TF_E_INVALID, msg, msglen, "no timer is paused");
		op->timer_state = SES_TIMER_RUNNING;
		op->timer_value = now + s->timer_value;
		op->timer_lock = s->timer_lock;
	} else {
		op->timer_state = SES_TIMER_NONE;
		op->timer_value = 0;
	}
	return TF_OK;
}

int ses__phase_timer_prepare(const cJSON *req, int64_t now, const struct tf_limits *lim,
                             struct ses_op *op, char *msg, size_t msglen)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(req, "timer_seconds"), *lock;
	int64_t ms;
	int rc;

	/* The old phase's timer never carries over into the new one. */
	op->timer_state = SES_TIMER_NONE;
	op->timer_value = 0;
	op->timer_lock = 0;
	if (!v || cJSON_IsNull(v))
		return TF_OK;
	if ((rc = need_seconds(req, "timer_seconds", 0.001, lim->timer_max_s, &ms, msg, msglen)) < 0)
		return rc;
	lock = cJSON_GetObjectItemCaseSensitive(req, "timer_lock");
	if (lock && !cJSON_IsNull(lock) && !cJSON_IsBool(lock))
		return ses__err(TF_E_INVALID, msg, msglen, "\"timer_lock\" must be true or false");
	op->timer_lock = cJSON_IsTrue(lock);
	op->timer_state = SES_TIMER_RUNNING;
	op->timer_value = now + ms;
	return TF_OK;
}

int ses__timer_locked(const struct ses_session *s, int64_t now)
{
	if (!s->timer_lock)
		return 0;
	if (s->timer_state == SES_TIMER_RUNNING)
		return s->timer_value <= now;
	return s->timer_state == SES_TIMER_PAUSED && s->timer_value <= 0;
}
