/* The persona synthesis: what the table concluded about each persona, in the facilitator's
 * words (persona.synthesis). The report opens each persona with it, so it may be written
 * during the session and after its end. Participants and screens see it too. */
#include <stdlib.h>
#include <string.h>

#include "tafel/error.h"
#include "tafel/jsonw.h"
#include "tafel/text.h"
#include "session_internal.h"

static int persona_index(const struct ses_session *s, const char *id)
{
	const cJSON *p;
	int i = 0;

	cJSON_ArrayForEach(p, cJSON_GetObjectItem(s->snap, "personas")) {
		const cJSON *pid = cJSON_GetObjectItem(p, "id");

		if (cJSON_IsString(pid) && strcmp(pid->valuestring, id) == 0)
			return i;
		i++;
	}
	return -1;
}

int ses__persona_init(struct ses_session *s)
{
	s->npersonas = cJSON_GetArraySize(cJSON_GetObjectItem(s->snap, "personas"));
	s->synthesis = calloc((size_t)(s->npersonas ? s->npersonas : 1), sizeof *s->synthesis);
	return s->synthesis ? TF_OK : TF_E_NOMEM;
}

void ses__persona_free(struct ses_session *s)
{
	for (int i = 0; s->synthesis && i < s->npersonas; i++)
		free(s->synthesis[i]);
	free(s->synthesis);
}

int ses__persona_prepare(const struct ses_session *s, const cJSON *req,
                         const struct tf_limits *lim, struct ses_op *op, char *msg,
                         size_t msglen)
{
	const cJSON *p = cJSON_GetObjectItemCaseSensitive(req, "persona");
	const cJSON *t = cJSON_GetObjectItemCaseSensitive(req, "text");
	int rc;

	if (!p)
		return ses__err(TF_E_INVALID, msg, msglen, "\"persona\" is missing");
	if (!cJSON_IsString(p) || (op->phase = persona_index(s, p->valuestring)) < 0)
		return ses__err(TF_E_INVALID, msg, msglen,
		                "\"persona\" must be the id of one of the session's personas");
	if (!t)
		return ses__err(TF_E_INVALID, msg, msglen, "\"text\" is missing");
	if (!cJSON_IsString(t))
		return ses__err(TF_E_INVALID, msg, msglen, "\"text\" must be a string");
	rc = text_check(t->valuestring, lim->summary_chars, 1);
	if (rc == TF_E_TOO_LARGE)
		return ses__err(rc, msg, msglen, "\"text\" is longer than %d characters",
		                lim->summary_chars);
	if (rc < 0)
		return ses__err(rc, msg, msglen, "\"text\" must be text in UTF-8 without NUL");
	op->text = t->valuestring;
	op->text2 = cJSON_GetObjectItem(cJSON_GetArrayItem(cJSON_GetObjectItem(s->snap, "personas"),
	                                                   op->phase), "id")->valuestring;
	op->kind = SES_OP_PERSONA;
	return TF_OK;
}

int ses__persona_apply(struct ses_session *s, int index, const char *text)
{
	char *copy = NULL;

	if (index < 0 || index >= s->npersonas)
		return TF_E_INVALID;
	if (text && text[0] && !(copy = strdup(text)))
		return TF_E_NOMEM;
	free(s->synthesis[index]);
	s->synthesis[index] = copy;
	return TF_OK;
}

int ses_restore_synthesis(struct ses_session *s, const char *persona, const char *text)
{
	int i = persona_index(s, persona);

	/* A persona that the snapshot no longer names has nowhere to go; it is not an error. */
	return i < 0 ? TF_OK : ses__persona_apply(s, i, text);
}

cJSON *ses__personas_json(const struct ses_session *s)
{
	cJSON *arr = cJSON_Duplicate(cJSON_GetObjectItem(s->snap, "personas"), 1), *p;
	int i = 0;

	cJSON_ArrayForEach(p, arr) {
		const char *text = i < s->npersonas && s->synthesis[i] ? s->synthesis[i] : "";

		if (!cJSON_AddStringToObject(p, "synthesis", text)) {
			cJSON_Delete(arr);
			return NULL;
		}
		i++;
	}
	return arr;
}

void ses__persona_event_text(struct jsonw *w, const struct ses_session *s, int index)
{
	jsonw_lit(w, ",\"persona\":{\"id\":");
	jsonw_str(w, cJSON_GetObjectItem(cJSON_GetArrayItem(cJSON_GetObjectItem(s->snap, "personas"),
	                                                    index), "id")->valuestring);
	jsonw_lit(w, ",\"synthesis\":");
	jsonw_str(w, index < s->npersonas && s->synthesis[index] ? s->synthesis[index] : "");
	jsonw_lit(w, "}");
}
