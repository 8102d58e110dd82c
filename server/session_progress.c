/* One table's progress as the organizer's overview shows it: counts only, never text, so
 * nothing of a private phase leaves its table before its reveal. */
#include "tafel/jsonw.h"
#include "session_internal.h"

/* The vote phase whose dots count: the current one, else the last one before it. */
static const struct ses_phase_info *vote_phase(const struct ses_session *s)
{
	for (int i = s->phase; i >= 0; i--)
		if (s->phases[i].kind == SES_KIND_VOTE)
			return &s->phases[i];
	return NULL;
}

void ses_progress_text(const struct ses_session *s, const char *name, struct jsonw *w)
{
	const struct ses_phase_info *vp = vote_phase(s);
	int participants = 0, online = 0, essences_missing = 0, votes_used = 0;

	for (size_t i = 0; i < s->participants.count; i++) {
		const struct ses_participant *p = &s->participants.items[i];

		if (p->role != SES_PARTICIPANT)
			continue;
		participants++;
		online += p->connections > 0;
	}
	for (size_t i = 0; i < s->notes.count; i++)
		essences_missing += s->phases[s->notes.items[i].phase].kind == SES_KIND_BAD_IDEAS &&
		                    !s->notes.items[i].essence;
	for (size_t i = 0; i < s->votes.count; i++)
		votes_used += s->votes.items[i].n;
	jsonw_lit(w, "{\"code\":");
	jsonw_str(w, s->code);
	jsonw_lit(w, ",\"name\":");
	jsonw_str(w, name);
	if (s->status == SES_ENDED)
		jsonw_lit(w, ",\"status\":\"ended\"");
	else
		jsonw_lit(w, ",\"status\":\"open\"");
	jsonw_lit(w, ",\"phase\":");
	jsonw_int(w, s->phase);
	jsonw_lit(w, ",\"phase_kind\":");
	jsonw_str(w, ses__kind_name(s->phases[s->phase].kind));
	jsonw_lit(w, ",\"participants\":");
	jsonw_int(w, participants);
	jsonw_lit(w, ",\"online\":");
	jsonw_int(w, online);
	jsonw_lit(w, ",\"notes\":");
	jsonw_int(w, (int64_t)s->notes.count);
	jsonw_lit(w, ",\"essences_missing\":");
	jsonw_int(w, essences_missing);
	jsonw_lit(w, ",\"votes_used\":");
	jsonw_int(w, votes_used);
	jsonw_lit(w, ",\"votes_total\":");
	jsonw_int(w, vp ? (int64_t)participants * vp->votes_per_participant : 0);
	jsonw_lit(w, ",\"timer\":");
	ses__timer_text(w, s);
	jsonw_lit(w, "}");
}
