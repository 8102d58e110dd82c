#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libwebsockets.h>

#include "tafel/error.h"
#include "tafel/template.h"

struct tpl_entry {
	char *id;
	cJSON *tpl;
};

struct tpl_set {
	struct tpl_entry *items;
	size_t count;
};

static const char *const phase_kinds[] = {
	"intro", "empathy_map", "bad_ideas", "ideal_ideas", "cluster", "vote", "elaborate",
	"wrap_up", NULL,
};

static int fail(char *err, size_t errlen, const char *field, const char *why)
{
	snprintf(err, errlen, "%s: %s", field, why);
	return TF_E_INVALID;
}

static int is_text(const cJSON *v)
{
	return cJSON_IsString(v) && v->valuestring[0] != '\0';
}

/* Copies a required non-empty string field into dst. */
static int take_text(const cJSON *src, cJSON *dst, const char *name, const char *field,
                     char *err, size_t errlen)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(src, name);

	if (!v)
		return fail(err, errlen, field, "is missing");
	if (!is_text(v))
		return fail(err, errlen, field, "must be a non-empty string");
	if (!cJSON_AddStringToObject(dst, name, v->valuestring))
		return TF_E_NOMEM;
	return TF_OK;
}

/* Copies an array of non-empty, distinct strings. */
static int take_strings(const cJSON *src, cJSON *dst, const char *name, int required,
                        int distinct, char *err, size_t errlen)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(src, name);
	cJSON *arr = cJSON_AddArrayToObject(dst, name);
	const cJSON *it;
	char field[64];
	int i = 0;

	if (!arr)
		return TF_E_NOMEM;
	if (!v) {
		if (required)
			return fail(err, errlen, name, "is missing");
		return TF_OK;
	}
	if (!cJSON_IsArray(v))
		return fail(err, errlen, name, "must be an array of strings");
	if (required && cJSON_GetArraySize(v) == 0)
		return fail(err, errlen, name, "must list at least one entry");
	cJSON_ArrayForEach(it, v) {
		snprintf(field, sizeof field, "%s[%d]", name, i++);
		if (!is_text(it))
			return fail(err, errlen, field, "must be a non-empty string");
		if (distinct) {
			const cJSON *seen;

			cJSON_ArrayForEach(seen, arr)
				if (strcmp(seen->valuestring, it->valuestring) == 0)
					return fail(err, errlen, field, "is listed twice");
		}
		if (!cJSON_AddItemToArray(arr, cJSON_CreateString(it->valuestring)))
			return TF_E_NOMEM;
	}
	return TF_OK;
}

static int take_personas(const cJSON *src, cJSON *dst, char *err, size_t errlen)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(src, "personas");
	cJSON *arr = cJSON_AddArrayToObject(dst, "personas");
	const cJSON *it;
	char field[64];
	int i = 0, rc;

	if (!arr)
		return TF_E_NOMEM;
	if (!v)
		return fail(err, errlen, "personas", "is missing");
	if (!cJSON_IsArray(v))
		return fail(err, errlen, "personas", "must be an array of objects");
	cJSON_ArrayForEach(it, v) {
		cJSON *p = cJSON_CreateObject();
		const cJSON *d, *seen;

		snprintf(field, sizeof field, "personas[%d]", i);
		if (!p || !cJSON_AddItemToArray(arr, p)) {
			cJSON_Delete(p);
			return TF_E_NOMEM;
		}
		if (!cJSON_IsObject(it))
			return fail(err, errlen, field, "must be an object");
		snprintf(field, sizeof field, "personas[%d].id", i);
		if ((rc = take_text(it, p, "id", field, err, errlen)) < 0)
			return rc;
		cJSON_ArrayForEach(seen, arr)
			if (seen != p && strcmp(cJSON_GetObjectItem(seen, "id")->valuestring,
			                        cJSON_GetObjectItem(p, "id")->valuestring) == 0)
				return fail(err, errlen, field, "is used by another persona");
		snprintf(field, sizeof field, "personas[%d].name", i);
		if ((rc = take_text(it, p, "name", field, err, errlen)) < 0)
			return rc;
		d = cJSON_GetObjectItemCaseSensitive(it, "description");
		snprintf(field, sizeof field, "personas[%d].description", i);
		if (d && !cJSON_IsString(d))
			return fail(err, errlen, field, "must be a string");
		if (!cJSON_AddStringToObject(p, "description", d ? d->valuestring : ""))
			return TF_E_NOMEM;
		i++;
	}
	return TF_OK;
}

/* The longest method text per language, in bytes: a paragraph or two for the report. */
#define TPL_METHOD_MAX 4000

/* Optional: a short text on the session's purpose and method for the report's opening,
 * per language: {"nl": "...", "en": "..."}, at least one of the two. */
static int take_method(const cJSON *src, cJSON *dst, char *err, size_t errlen)
{
	static const char *const langs[] = { "nl", "en" };
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(src, "method"), *it;
	cJSON *m;
	char field[64];

	if (!v)
		return TF_OK;
	if (!cJSON_IsObject(v) || !cJSON_GetArraySize(v))
		return fail(err, errlen, "method", "must be an object with a text per language, "
		            "e.g. {\"nl\": \"...\", \"en\": \"...\"}");
	cJSON_ArrayForEach(it, v) {
		snprintf(field, sizeof field, "method.%.40s", it->string);
		if (strcmp(it->string, "nl") != 0 && strcmp(it->string, "en") != 0)
			return fail(err, errlen, field, "is not a language: use \"nl\" or \"en\"");
		if (!is_text(it))
			return fail(err, errlen, field, "must be a non-empty string");
		if (strlen(it->valuestring) > TPL_METHOD_MAX)
			return fail(err, errlen, field, "is longer than 4000 bytes");
	}
	if (!(m = cJSON_AddObjectToObject(dst, "method")))
		return TF_E_NOMEM;
	for (int i = 0; i < 2; i++) {
		it = cJSON_GetObjectItemCaseSensitive(v, langs[i]);
		if (it && !cJSON_AddStringToObject(m, langs[i], it->valuestring))
			return TF_E_NOMEM;
	}
	return TF_OK;
}

/* Optional: how each background reads after a count in the report ("2 leraren (OP)"):
 * {"Leraar (OP)": "leraren (OP)"}. Backgrounds it leaves out get the language's rules. */
static int take_plurals(const cJSON *src, cJSON *dst, char *err, size_t errlen)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(src, "backgrounds_plural"), *it, *bg;
	const cJSON *bgs = cJSON_GetObjectItemCaseSensitive(dst, "backgrounds");
	cJSON *out;
	char field[96];

	if (!v)
		return TF_OK;
	if (!cJSON_IsObject(v))
		return fail(err, errlen, "backgrounds_plural",
		            "must be an object from background to its plural");
	if (!(out = cJSON_AddObjectToObject(dst, "backgrounds_plural")))
		return TF_E_NOMEM;
	cJSON_ArrayForEach(it, v) {
		int known = 0;

		snprintf(field, sizeof field, "backgrounds_plural.%.60s", it->string);
		cJSON_ArrayForEach(bg, bgs)
			known |= strcmp(bg->valuestring, it->string) == 0;
		if (!known)
			return fail(err, errlen, field, "is not one of the template's backgrounds");
		if (!is_text(it))
			return fail(err, errlen, field, "must be a non-empty string");
		if (!cJSON_AddStringToObject(out, it->string, it->valuestring))
			return TF_E_NOMEM;
	}
	return TF_OK;
}

static int known_kind(const char *kind)
{
	for (int i = 0; phase_kinds[i]; i++)
		if (strcmp(phase_kinds[i], kind) == 0)
			return 1;
	return 0;
}

static int has_persona(const cJSON *personas, const char *id)
{
	const cJSON *p;

	cJSON_ArrayForEach(p, personas)
		if (strcmp(cJSON_GetObjectItem(p, "id")->valuestring, id) == 0)
			return 1;
	return 0;
}

static int take_phase(const cJSON *it, cJSON *ph, int i, const cJSON *personas, char *err,
                      size_t errlen)
{
	const cJSON *kind, *v;
	char field[64];
	int rc;

	snprintf(field, sizeof field, "phases[%d]", i);
	if (!cJSON_IsObject(it))
		return fail(err, errlen, field, "must be an object");
	if (!cJSON_AddNumberToObject(ph, "index", i))
		return TF_E_NOMEM;
	snprintf(field, sizeof field, "phases[%d].kind", i);
	kind = cJSON_GetObjectItemCaseSensitive(it, "kind");
	if (!kind)
		return fail(err, errlen, field, "is missing");
	if (!cJSON_IsString(kind) || !known_kind(kind->valuestring))
		return fail(err, errlen, field, "must be one of intro, empathy_map, bad_ideas, "
		            "ideal_ideas, cluster, vote, elaborate, wrap_up");
	if (!cJSON_AddStringToObject(ph, "kind", kind->valuestring))
		return TF_E_NOMEM;
	snprintf(field, sizeof field, "phases[%d].title", i);
	if ((rc = take_text(it, ph, "title", field, err, errlen)) < 0)
		return rc;

	snprintf(field, sizeof field, "phases[%d].prompt", i);
	v = cJSON_GetObjectItemCaseSensitive(it, "prompt");
	if (v && !cJSON_IsString(v))
		return fail(err, errlen, field, "must be a string");
	if (!cJSON_AddStringToObject(ph, "prompt", v ? v->valuestring : ""))
		return TF_E_NOMEM;

	snprintf(field, sizeof field, "phases[%d].minutes", i);
	v = cJSON_GetObjectItemCaseSensitive(it, "minutes");
	if (!v)
		return fail(err, errlen, field, "is missing");
	if (!cJSON_IsNumber(v) || v->valuedouble < 0 || v->valuedouble > 1440 ||
	    v->valuedouble != (double)(int)v->valuedouble)
		return fail(err, errlen, field, "must be a whole number of minutes from 0 to 1440");
	if (!cJSON_AddNumberToObject(ph, "minutes", v->valueint))
		return TF_E_NOMEM;

	snprintf(field, sizeof field, "phases[%d].persona", i);
	v = cJSON_GetObjectItemCaseSensitive(it, "persona");
	if (strcmp(kind->valuestring, "empathy_map") == 0) {
		if (!v)
			return fail(err, errlen, field, "is missing (an empathy_map phase needs one)");
		if (!cJSON_IsString(v) || !has_persona(personas, v->valuestring))
			return fail(err, errlen, field, "is not the id of one of the template's personas");
		if (!cJSON_AddStringToObject(ph, "persona", v->valuestring))
			return TF_E_NOMEM;
	}

	snprintf(field, sizeof field, "phases[%d].private", i);
	v = cJSON_GetObjectItemCaseSensitive(it, "private");
	if (v && !cJSON_IsBool(v))
		return fail(err, errlen, field, "must be true or false");
	if (!cJSON_AddBoolToObject(ph, "private", cJSON_IsTrue(v)))
		return TF_E_NOMEM;

	snprintf(field, sizeof field, "phases[%d].votes_per_participant", i);
	v = cJSON_GetObjectItemCaseSensitive(it, "votes_per_participant");
	if (strcmp(kind->valuestring, "vote") == 0) {
		int n = 3;

		if (v) {
			if (!cJSON_IsNumber(v) || v->valuedouble < 1 || v->valuedouble > 100 ||
			    v->valuedouble != (double)(int)v->valuedouble)
				return fail(err, errlen, field, "must be a whole number from 1 to 100");
			n = v->valueint;
		}
		if (!cJSON_AddNumberToObject(ph, "votes_per_participant", n))
			return TF_E_NOMEM;
	}
	return TF_OK;
}

int tpl_parse(const char *json, size_t len, cJSON **out, char *err, size_t errlen)
{
	cJSON *src = cJSON_ParseWithLength(json, len);
	cJSON *dst = cJSON_CreateObject();
	const cJSON *v, *it;
	int rc = TF_E_NOMEM, i = 0;

	*out = NULL;
	if (!dst)
		goto done;
	if (!src) {
		rc = fail(err, errlen, "(file)", "is not valid JSON");
		goto done;
	}
	if (!cJSON_IsObject(src)) {
		rc = fail(err, errlen, "(file)", "must hold one JSON object");
		goto done;
	}
	if ((rc = take_text(src, dst, "title", "title", err, errlen)) < 0)
		goto done;
	v = cJSON_GetObjectItemCaseSensitive(src, "language");
	if (!v) {
		rc = fail(err, errlen, "language", "is missing");
		goto done;
	}
	if (!cJSON_IsString(v) || (strcmp(v->valuestring, "nl") && strcmp(v->valuestring, "en"))) {
		rc = fail(err, errlen, "language", "must be \"nl\" or \"en\"");
		goto done;
	}
	rc = TF_E_NOMEM;
	if (!cJSON_AddStringToObject(dst, "language", v->valuestring))
		goto done;
	if ((rc = take_text(src, dst, "problem", "problem", err, errlen)) < 0 ||
	    (rc = take_strings(src, dst, "context", 0, 0, err, errlen)) < 0 ||
	    (rc = take_strings(src, dst, "backgrounds", 1, 1, err, errlen)) < 0 ||
	    (rc = take_plurals(src, dst, err, errlen)) < 0 ||
	    (rc = take_method(src, dst, err, errlen)) < 0 ||
	    (rc = take_personas(src, dst, err, errlen)) < 0)
		goto done;

	v = cJSON_GetObjectItemCaseSensitive(src, "phases");
	if (!v) {
		rc = fail(err, errlen, "phases", "is missing");
		goto done;
	}
	if (!cJSON_IsArray(v) || cJSON_GetArraySize(v) == 0) {
		rc = fail(err, errlen, "phases", "must be a non-empty array of objects");
		goto done;
	}
	{
		cJSON *phases = cJSON_AddArrayToObject(dst, "phases");

		rc = TF_E_NOMEM;
		if (!phases)
			goto done;
		cJSON_ArrayForEach(it, v) {
			cJSON *ph = cJSON_CreateObject();

			if (!ph || !cJSON_AddItemToArray(phases, ph)) {
				cJSON_Delete(ph);
				rc = TF_E_NOMEM;
				goto done;
			}
			rc = take_phase(it, ph, i++, cJSON_GetObjectItem(dst, "personas"), err,
			                errlen);
			if (rc < 0)
				goto done;
		}
	}
	*out = dst;
	dst = NULL;
	rc = TF_OK;
done:
	if (rc == TF_E_NOMEM)
		snprintf(err, errlen, "(file): out of memory");
	cJSON_Delete(src);
	cJSON_Delete(dst);
	return rc;
}

int tpl_load_file(const char *path, cJSON **out, char *err, size_t errlen)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	char why[400];
	long size;
	int rc = TF_E_IO;

	*out = NULL;
	if (!f) {
		snprintf(err, errlen, "%s: (file): cannot be read", path);
		return TF_E_IO;
	}
	if (fseek(f, 0, SEEK_END) < 0 || (size = ftell(f)) < 0 || size > 4 * 1024 * 1024 ||
	    fseek(f, 0, SEEK_SET) < 0) {
		snprintf(err, errlen, "%s: (file): cannot be read or is over 4 MiB", path);
		goto done;
	}
	buf = malloc((size_t)size + 1);
	if (!buf || fread(buf, 1, (size_t)size, f) != (size_t)size) {
		snprintf(err, errlen, "%s: (file): cannot be read", path);
		goto done;
	}
	rc = tpl_parse(buf, (size_t)size, out, why, sizeof why);
	if (rc < 0)
		snprintf(err, errlen, "%s: %s", path, why);
done:
	free(buf);
	fclose(f);
	return rc;
}

static int by_id(const void *a, const void *b)
{
	return strcmp(((const struct tpl_entry *)a)->id, ((const struct tpl_entry *)b)->id);
}

struct tpl_set *tpl_set_load(const char *dir)
{
	struct tpl_set *set = calloc(1, sizeof *set);
	DIR *d;
	struct dirent *de;

	if (!set)
		return NULL;
	d = opendir(dir);
	if (!d) {
		lwsl_warn("templates: folder %s cannot be read: no templates\n", dir);
		return set;
	}
	while ((de = readdir(d))) {
		size_t n = strlen(de->d_name);
		char path[4096], err[600];
		struct tpl_entry *grown;
		cJSON *tpl;

		if (n < 6 || strcmp(de->d_name + n - 5, ".json") != 0 || de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
		if (tpl_load_file(path, &tpl, err, sizeof err) < 0) {
			lwsl_err("template refused: %s\n", err);
			continue;
		}
		grown = realloc(set->items, (set->count + 1) * sizeof *grown);
		if (!grown) {
			cJSON_Delete(tpl);
			break;
		}
		set->items = grown;
		set->items[set->count].id = strndup(de->d_name, n - 5);
		set->items[set->count].tpl = tpl;
		if (!set->items[set->count].id) {
			cJSON_Delete(tpl);
			break;
		}
		set->count++;
	}
	closedir(d);
	qsort(set->items, set->count, sizeof *set->items, by_id);
	return set;
}

void tpl_set_free(struct tpl_set *set)
{
	if (!set)
		return;
	for (size_t i = 0; i < set->count; i++) {
		free(set->items[i].id);
		cJSON_Delete(set->items[i].tpl);
	}
	free(set->items);
	free(set);
}

const cJSON *tpl_set_find(const struct tpl_set *set, const char *id)
{
	for (size_t i = 0; i < set->count; i++)
		if (strcmp(set->items[i].id, id) == 0)
			return set->items[i].tpl;
	return NULL;
}

cJSON *tpl_set_list(const struct tpl_set *set)
{
	cJSON *arr = cJSON_CreateArray();

	for (size_t i = 0; arr && i < set->count; i++) {
		const cJSON *t = set->items[i].tpl;
		cJSON *o = cJSON_CreateObject();

		if (!o || !cJSON_AddItemToArray(arr, o) ||
		    !cJSON_AddStringToObject(o, "id", set->items[i].id) ||
		    !cJSON_AddStringToObject(o, "title", cJSON_GetObjectItem(t, "title")->valuestring) ||
		    !cJSON_AddStringToObject(o, "language",
		                             cJSON_GetObjectItem(t, "language")->valuestring) ||
		    !cJSON_AddNumberToObject(o, "phases",
		                             cJSON_GetArraySize(cJSON_GetObjectItem(t, "phases")))) {
			cJSON_Delete(arr);
			return NULL;
		}
	}
	return arr;
}
