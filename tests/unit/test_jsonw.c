/* Unit tests of the JSON text writer: its strings and numbers are byte for byte what cJSON
 * prints for the same values (clients and the privacy tests compare bytes), and the text
 * parses back to those values. */
#include <stdint.h>
#include <stdlib.h>

#include <cjson/cJSON.h>

#include "check.h"
#include "tafel/jsonw.h"

/* s written by jsonw_str against cJSON's print of the same string. */
static void same_as_cjson(const char *s)
{
	struct jsonw w = { 0 };
	cJSON *v = cJSON_CreateString(s), *back;
	char *mine, *theirs = cJSON_PrintUnformatted(v);

	jsonw_str(&w, s);
	mine = jsonw_finish(&w, NULL);
	CHECK_STR(mine, theirs);
	back = mine ? cJSON_Parse(mine) : NULL;
	CHECK(cJSON_IsString(back) && strcmp(back->valuestring, s) == 0);
	cJSON_Delete(back);
	cJSON_Delete(v);
	cJSON_free(theirs);
	free(mine);
}

static void test_strings(void)
{
	char all[40];

	same_as_cjson("");
	same_as_cjson("plain text");
	same_as_cjson("quote \" backslash \\ slash /");
	same_as_cjson("\b\f\n\r\t");
	same_as_cjson("h\xc3\xa9 \xf0\x9f\x98\x80 \x7f");
	same_as_cjson("<script>alert(1)</script>");
	for (int i = 1; i < 32; i++)
		all[i - 1] = (char)i;
	all[31] = 0;
	same_as_cjson(all);
}

static void test_numbers_and_ids(void)
{
	const int64_t values[] = { 0, 1, -5, 2147483647, 2147483648LL, 1763800000123LL,
	                           -1763800000123LL };

	for (size_t i = 0; i < sizeof values / sizeof *values; i++) {
		struct jsonw w = { 0 };
		cJSON *v = cJSON_CreateNumber((double)values[i]);
		char *mine, *theirs = cJSON_PrintUnformatted(v);

		jsonw_int(&w, values[i]);
		mine = jsonw_finish(&w, NULL);
		CHECK_STR(mine, theirs);
		free(mine);
		cJSON_free(theirs);
		cJSON_Delete(v);
	}
	{
		struct jsonw w = { 0 };
		char *text;
		size_t len = 0;

		jsonw_lit(&w, "{\"id\":");
		jsonw_id(&w, 42);
		jsonw_lit(&w, ",\"n\":[");
		jsonw_int(&w, -3);
		jsonw_lit(&w, "]}");
		text = jsonw_finish(&w, &len);
		CHECK_STR(text, "{\"id\":\"42\",\"n\":[-3]}");
		CHECK_EQ_INT(len, strlen("{\"id\":\"42\",\"n\":[-3]}"));
		free(text);
	}
}

/* A buffer that grows many times over keeps every byte in order. */
static void test_growth(void)
{
	struct jsonw w = { 0 };
	char *text;
	size_t len = 0;
	int ok = 1;

	jsonw_lit(&w, "[");
	for (int i = 0; i < 5000; i++) {
		if (i)
			jsonw_lit(&w, ",");
		jsonw_int(&w, i);
	}
	jsonw_lit(&w, "]");
	text = jsonw_finish(&w, &len);
	{
		cJSON *arr = text ? cJSON_Parse(text) : NULL;

		CHECK_EQ_INT(cJSON_GetArraySize(arr), 5000);
		for (int i = 0; arr && i < 5000; i++)
			ok = ok && cJSON_GetArrayItem(arr, i)->valueint == i;
		cJSON_Delete(arr);
	}
	CHECK(ok);
	CHECK_EQ_INT(len, strlen(text));
	free(text);
	/* A finished writer is empty and can be used again. */
	CHECK(w.buf == NULL && w.len == 0);
	jsonw_free(&w);
}

int main(void)
{
	test_strings();
	test_numbers_and_ids();
	test_growth();
	return check_report();
}
