/* The checks every request frame passes before its type is looked at. */
#include <stdlib.h>
#include <string.h>

#include "tafel/error.h"
#include "tafel/request.h"
#include "tafel/text.h"

/* cJSON refuses a lone surrogate escape as a parse error; a copy with each one replaced by
 * U+FFFD (the same six characters long) parses, so the reply can echo the rid. */
static cJSON *parse_patched(const char *buf, size_t len)
{
	char *copy = malloc(len);
	cJSON *req;

	if (!copy)
		return NULL;
	memcpy(copy, buf, len);
	text_json_patch_surrogates(copy, len);
	req = cJSON_ParseWithLength(copy, len);
	free(copy);
	return req;
}

/* Parses one JSON value that must fill the whole frame: text after it is an error, not
 * something to ignore. */
static cJSON *parse_whole(const char *buf, size_t len)
{
	const char *end = NULL;
	cJSON *req = cJSON_ParseWithLengthOpts(buf, len, &end, 0);

	if (req && end) {
		while (end < buf + len && (*end == ' ' || *end == '\t' || *end == '\n' || *end == '\r'))
			end++;
		if (end != buf + len) {
			cJSON_Delete(req);
			return NULL;
		}
	}
	return req;
}

static int refuse(struct req_frame *f, int code, const char *why)
{
	f->type = NULL;
	f->code = code;
	f->why = why;
	return code;
}

int req_decode(const char *buf, size_t len, struct req_frame *f)
{
	const cJSON *type;
	int esc;

	memset(f, 0, sizeof *f);
	esc = text_json_escapes(buf, len);
	f->json = (esc & TEXT_ESC_BAD_SURROGATE) ? parse_patched(buf, len) : parse_whole(buf, len);
	if (f->json && text_json_strict(buf, len) < 0) {
		cJSON_Delete(f->json);
		f->json = NULL;
	}
	if (!f->json)
		return refuse(f, TF_E_BAD_JSON, "the frame is not valid JSON");
	if (!cJSON_IsObject(f->json))
		return refuse(f, TF_E_BAD_JSON, "a request must be one JSON object");
	f->rid = cJSON_GetObjectItemCaseSensitive(f->json, "rid");
	if (f->rid && !cJSON_IsString(f->rid) && !cJSON_IsNumber(f->rid))
		f->rid = NULL;
	type = cJSON_GetObjectItemCaseSensitive(f->json, "type");
	if (!type || !cJSON_IsString(type))
		return refuse(f, TF_E_INVALID, "\"type\" is missing or not a string");
	if (esc & TEXT_ESC_NUL)
		return refuse(f, TF_E_INVALID, "text must not hold a NUL character");
	if (esc & TEXT_ESC_BAD_SURROGATE)
		return refuse(f, TF_E_INVALID, "text holds a lone UTF-16 surrogate");
	if (text_json_duplicate_keys(f->json))
		return refuse(f, TF_E_INVALID, "a key appears twice in one object");
	f->type = type->valuestring;
	return 0;
}

void req_frame_free(struct req_frame *f)
{
	cJSON_Delete(f->json);
	memset(f, 0, sizeof *f);
}
