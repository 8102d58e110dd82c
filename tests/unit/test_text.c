/* Unit tests of the pure helpers: UTF-8 checks, raw JSON escapes, join codes, templates. */
#include <stdlib.h>

#include "check.h"
#include "tafel/error.h"
#include "tafel/secret.h"
#include "tafel/template.h"
#include "tafel/text.h"

static void test_utf8(void)
{
	CHECK_EQ_INT(text_chars("abc", 3), 3);
	CHECK_EQ_INT(text_chars("h\xc3\xa9", 3), 2);
	CHECK_EQ_INT(text_chars("\xf0\x9f\x98\x80", 4), 1);
	CHECK_EQ_INT(text_chars("\xc3\x28", 2), -1);          /* bad continuation */
	CHECK_EQ_INT(text_chars("\xc0\xaf", 2), -1);          /* overlong */
	CHECK_EQ_INT(text_chars("\xed\xa0\x80", 3), -1);      /* surrogate */
	CHECK_EQ_INT(text_chars("\xf4\x90\x80\x80", 4), -1);  /* past U+10FFFF */
	CHECK_EQ_INT(text_chars("\xe2\x82", 2), -1);          /* cut short */
	CHECK_EQ_INT(text_chars("a\0b", 3), -1);
	CHECK_EQ_INT(text_check("", 10, 0), TF_E_INVALID);
	CHECK_EQ_INT(text_check("", 10, 1), 0);
	CHECK_EQ_INT(text_check("12345678901", 10, 0), TF_E_TOO_LARGE);
}

static void test_escapes(void)
{
	CHECK_EQ_INT(text_json_escapes("\"a\\u0000\"", 9), TEXT_ESC_NUL);
	CHECK_EQ_INT(text_json_escapes("\"a\\\\u0000\"", 10), 0);
	CHECK_EQ_INT(text_json_escapes("\"\\ud800\"", 8), TEXT_ESC_BAD_SURROGATE);
	CHECK_EQ_INT(text_json_escapes("\"\\udc00\"", 8), TEXT_ESC_BAD_SURROGATE);
	CHECK_EQ_INT(text_json_escapes("\"\\ud83d\\ude00\"", 14), 0);
}

static void test_codes(void)
{
	char code[SECRET_CODE_LEN + 1], norm[SECRET_CODE_LEN + 1], key[SECRET_KEY_CHARS + 1];
	char lower[SECRET_CODE_LEN + 1];

	for (int i = 0; i < 200; i++) {
		CHECK_EQ_INT(secret_new_code(code), 0);
		CHECK_EQ_INT((int)strlen(code), SECRET_CODE_LEN);
		CHECK(strpbrk(code, "0O1IL5S2Z8BUV") == NULL);
		for (int k = 0; k <= SECRET_CODE_LEN; k++)
			lower[k] = (char)(code[k] >= 'A' && code[k] <= 'Z' ? code[k] + 32 : code[k]);
		CHECK_EQ_INT(secret_normalize_code(lower, norm), 0);
		CHECK_STR(norm, code);
	}
	CHECK_EQ_INT(secret_normalize_code("ABC", norm), TF_E_INVALID);
	CHECK_EQ_INT(secret_normalize_code("O0O0O0", norm), TF_E_INVALID);
	CHECK_EQ_INT(secret_new_key(key), 0);
	CHECK_EQ_INT((int)strlen(key), SECRET_KEY_CHARS);
}

static void test_template_errors(void)
{
	static const struct { const char *json, *field; } cases[] = {
		{ "[]", "(file)" },
		{ "{\"title\":\"t\",\"language\":\"de\"}", "language" },
		{ "{\"title\":\"t\",\"language\":\"en\",\"problem\":\"p\",\"backgrounds\":[],"
		  "\"personas\":[],\"phases\":[]}", "backgrounds" },
		{ "{\"title\":\"t\",\"language\":\"en\",\"problem\":\"p\",\"backgrounds\":[\"a\"],"
		  "\"personas\":[],\"phases\":[{\"kind\":\"dance\",\"title\":\"x\",\"minutes\":1}]}",
		  "phases[0].kind" },
		{ "{\"title\":\"t\",\"language\":\"en\",\"problem\":\"p\",\"backgrounds\":[\"a\"],"
		  "\"personas\":[],\"phases\":[{\"kind\":\"empathy_map\",\"title\":\"x\",\"minutes\":1,"
		  "\"persona\":\"ghost\"}]}", "phases[0].persona" },
		{ "{\"title\":\"t\",\"language\":\"en\",\"problem\":\"p\",\"backgrounds\":[\"a\"],"
		  "\"personas\":[],\"phases\":[{\"kind\":\"vote\",\"title\":\"x\",\"minutes\":-1}]}",
		  "phases[0].minutes" },
	};
	char err[300];
	cJSON *out;

	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		CHECK_EQ_INT(tpl_parse(cases[i].json, strlen(cases[i].json), &out, err, sizeof err),
		             TF_E_INVALID);
		CHECK(strncmp(err, cases[i].field, strlen(cases[i].field)) == 0);
	}
}

int main(void)
{
	test_utf8();
	test_escapes();
	test_codes();
	test_template_errors();
	return check_report();
}
