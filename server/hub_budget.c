/* The bytes a session's state may take (the state_bytes limit): what every join carries,
 * and what a tablet must receive and parse. The count limits alone cannot bound it, since a
 * note of 2,000 control characters takes 12,000 bytes in JSON and a short one 100.
 *
 * Measuring the state exactly means rendering it, which is too dear for every request. So
 * the hub keeps an estimate that is never below the truth: the state as last rendered (the
 * facilitator's view, the largest), plus for each change since an upper bound of what it
 * added (an edit counts its new text whole, a deletion counts nothing). Only when a request
 * would take the estimate past the limit is the state rendered again, at most once a second
 * per session, so that a flood against the limit costs one rendering a second. A request
 * refused on an estimate that is a second old may have fitted; that only happens to a
 * session within one second's changes of its limit. */
#include <stdio.h>
#include <string.h>

#include "tafel/error.h"
#include "hub_internal.h"

/* The most a change other than a text's adds to the state: a vote's digits, the timer, a
 * note moved into a cluster, a join's fields around its texts. */
#define SLACK_BYTES 256
/* A note's fields around its text: three ids, the phase, a quadrant, the separators. */
#define NOTE_BYTES 200
#define MEASURE_EVERY_MS 1000

/* The bytes of s as a JSON string's contents (jsonw_str's escapes). */
static size_t json_len(const char *s)
{
	size_t n = 0;

	for (const unsigned char *p = (const unsigned char *)s; p && *p; p++) {
		if (*p == '"' || *p == '\\' || *p == '\b' || *p == '\f' || *p == '\n' || *p == '\r' ||
		    *p == '\t')
			n += 2;
		else if (*p < 0x20)
			n += 6;
		else
			n += 1;
	}
	return n;
}

/* An upper bound of the bytes op adds to the state; *checked: whether the limit applies to
 * it (changes that add text; the rest are small and counted only). */
static size_t growth(const struct ses_op *op, int *checked)
{
	*checked = 1;
	switch (op->kind) {
	case SES_OP_NOTE_ADD:
		return json_len(op->text) + NOTE_BYTES;
	case SES_OP_NOTE_EDIT:
	case SES_OP_NOTE_ESSENCE:
	case SES_OP_SUMMARY:
		return json_len(op->text) + SLACK_BYTES;
	case SES_OP_CLUSTER_ADD:
		return json_len(op->text) + json_len(op->text2) + SLACK_BYTES;
	case SES_OP_CLUSTER_EDIT:
		return ((op->flags & SES_F_TITLE) ? json_len(op->text) : 0) +
		       ((op->flags & SES_F_DESCRIPTION) ? json_len(op->text2) : 0) + SLACK_BYTES;
	case SES_OP_JOIN:
		*checked = 0; /* participants_per_session bounds these */
		return json_len(op->text) + json_len(op->text2) + SLACK_BYTES;
	default:
		*checked = 0;
		return SLACK_BYTES;
	}
}

static int measure(struct hub_session *hs, int64_t now)
{
	struct ses_viewer fac = { SES_FACILITATOR, 0 };
	char *state = ses_state_text(hs->s, &fac, now);

	if (!state)
		return TF_E_NOMEM;
	hs->state_est = strlen(state);
	cJSON_free(state);
	hs->state_known = 1;
	hs->state_measured_ms = now;
	return TF_OK;
}

int hub__state_budget(struct hub *h, struct hub_session *hs, const struct ses_op *op,
                      char *msg, size_t msglen)
{
	size_t limit = h->lim->state_bytes;
	int64_t now = hub_now_ms();
	int checked, rc;
	size_t add = growth(op, &checked);

	if (!checked || (hs->state_known && hs->state_est + add <= limit))
		return TF_OK;
	if (!hs->state_known || now - hs->state_measured_ms >= MEASURE_EVERY_MS) {
		if ((rc = measure(hs, now)) < 0)
			return rc;
		if (hs->state_est + add <= limit)
			return TF_OK;
	}
	snprintf(msg, msglen, "the session holds its maximum of %zu bytes (state_bytes); "
	         "nothing more can be added", limit);
	return TF_E_LIMIT_REACHED;
}

void hub__state_grew(struct hub_session *hs, const struct ses_op *op)
{
	int checked;

	if (hs->state_known)
		hs->state_est += growth(op, &checked);
}
