/* What the room screen shows, as the facilitator sets it (screen.set): one note, quadrant or
 * direction in the spotlight, the join panel, progress counts, the vote results' reveal and
 * the sound at zero. It is part of the session's state, so every screen, a reloaded one too,
 * shows the same. Privacy stays with the views: a spotlight names a note by id only. */
#include <string.h>

#include "tafel/error.h"
#include "tafel/jsonw.h"
#include "session_internal.h"

static const char *const quadrants[] = { "thinks", "feels", "says", "does" };

static const struct { const char *name; unsigned flag; } flags[] = {
	{ "join", SES_SCREEN_JOIN },
	{ "progress", SES_SCREEN_PROGRESS },
	{ "results", SES_SCREEN_RESULTS },
	{ "sound", SES_SCREEN_SOUND },
};

static int spotlight(const struct ses_session *s, const cJSON *v, struct ses_screen *out,
                     char *msg, size_t msglen)
{
	const cJSON *kind = cJSON_GetObjectItemCaseSensitive(v, "kind");
	const char *k = cJSON_IsString(kind) ? kind->valuestring : "";
	int rc;

	out->spot = SES_SPOT_NONE;
	out->spot_ref = 0;
	if (cJSON_IsNull(v))
		return TF_OK;
	if (!cJSON_IsObject(v))
		return ses__err(TF_E_INVALID, msg, msglen, "\"spotlight\" must be null or an object");
	if (strcmp(k, "quadrant") == 0) {
		const cJSON *q = cJSON_GetObjectItemCaseSensitive(v, "quadrant");

		for (int i = 0; i < 4 && cJSON_IsString(q); i++)
			if (strcmp(q->valuestring, quadrants[i]) == 0) {
				out->spot = SES_SPOT_QUADRANT;
				out->spot_ref = i;
				return TF_OK;
			}
		return ses__err(TF_E_INVALID, msg, msglen,
		                "\"quadrant\" must be thinks, feels, says or does");
	}
	if (strcmp(k, "note") != 0 && strcmp(k, "cluster") != 0)
		return ses__err(TF_E_INVALID, msg, msglen,
		                "\"spotlight\".\"kind\" must be note, quadrant or cluster");
	rc = ses__parse_id(cJSON_GetObjectItemCaseSensitive(v, "id"), &out->spot_ref);
	if (rc == TF_E_INVALID || (rc < 0 && rc != TF_E_NOT_FOUND))
		return ses__err(TF_E_INVALID, msg, msglen, "\"spotlight\".\"id\" must be a string id");
	if (k[0] == 'n') {
		out->spot = SES_SPOT_NOTE;
		if (rc < 0 || !ses__note(s, out->spot_ref))
			return ses__err(TF_E_NOT_FOUND, msg, msglen, "no note with that id in this session");
	} else {
		out->spot = SES_SPOT_CLUSTER;
		if (rc < 0 || !ses__cluster(s, out->spot_ref))
			return ses__err(TF_E_NOT_FOUND, msg, msglen, "no cluster with that id in this session");
	}
	return TF_OK;
}

int ses__screen_prepare(const struct ses_session *s, const cJSON *req, struct ses_op *op,
                        char *msg, size_t msglen)
{
	const cJSON *v;
	int rc;

	op->screen = s->screen;
	for (size_t i = 0; i < sizeof flags / sizeof *flags; i++) {
		v = cJSON_GetObjectItemCaseSensitive(req, flags[i].name);
		if (!v)
			continue;
		if (!cJSON_IsBool(v))
			return ses__err(TF_E_INVALID, msg, msglen, "\"%s\" must be true or false",
			                flags[i].name);
		if (cJSON_IsTrue(v))
			op->screen.flags |= flags[i].flag;
		else
			op->screen.flags &= ~flags[i].flag;
	}
	v = cJSON_GetObjectItemCaseSensitive(req, "spotlight");
	if (v && (rc = spotlight(s, v, &op->screen, msg, msglen)) < 0)
		return rc;
	op->kind = SES_OP_SCREEN;
	return TF_OK;
}

void ses__screen_text(struct jsonw *w, const struct ses_session *s)
{
	const struct ses_screen *sc = &s->screen;

	jsonw_lit(w, "{\"spotlight\":");
	switch (sc->spot) {
	case SES_SPOT_NOTE:
	case SES_SPOT_CLUSTER:
		if (sc->spot == SES_SPOT_NOTE)
			jsonw_lit(w, "{\"kind\":\"note\",\"id\":");
		else
			jsonw_lit(w, "{\"kind\":\"cluster\",\"id\":");
		jsonw_id(w, sc->spot_ref);
		jsonw_lit(w, "}");
		break;
	case SES_SPOT_QUADRANT:
		jsonw_lit(w, "{\"kind\":\"quadrant\",\"quadrant\":");
		jsonw_str(w, quadrants[sc->spot_ref & 3]);
		jsonw_lit(w, "}");
		break;
	default:
		jsonw_lit(w, "null");
	}
	for (size_t i = 0; i < sizeof flags / sizeof *flags; i++) {
		jsonw_lit(w, ",\"");
		jsonw_raw(w, flags[i].name, strlen(flags[i].name));
		if (sc->flags & flags[i].flag)
			jsonw_lit(w, "\":true");
		else
			jsonw_lit(w, "\":false");
	}
	jsonw_lit(w, "}");
}
