/* Templates' report fields: the optional method text per language and the background plurals.
 * A template without them stays valid (the format of version 1); with them they are checked
 * field by field, kept in the session's snapshot and handed to the report document, whose
 * export prints them. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "tafel/export.h"
#include "tafel/session.h"
#include "tafel/template.h"

#define BASE "\"title\":\"T\",\"language\":\"nl\",\"problem\":\"P?\",\"backgrounds\":" \
             "[\"Leraar (OP)\",\"Schoolleider\"],\"personas\":[{\"id\":\"p\",\"name\":\"Pia\"}]," \
             "\"phases\":[{\"kind\":\"intro\",\"title\":\"I\",\"minutes\":5}]"

/* Parses {BASE + extra}; returns the rc, the message in err. */
static int parse(const char *extra, cJSON **out, char *err, size_t errlen)
{
	char json[8192];

	snprintf(json, sizeof json, "{" BASE "%s}", extra);
	return tpl_parse(json, strlen(json), out, err, errlen);
}

static void refused(const char *extra, const char *field)
{
	cJSON *t = NULL;
	char err[400] = "";

	CHECK(parse(extra, &t, err, sizeof err) < 0);
	CHECK(t == NULL);
	if (strncmp(err, field, strlen(field)) != 0)
		fprintf(stderr, "  message: %s (expected the field %s)\n", err, field);
	CHECK(strncmp(err, field, strlen(field)) == 0);
}

int main(void)
{
	cJSON *t = NULL;
	char err[400];

	/* Version 1: neither field. */
	CHECK_EQ_INT(parse("", &t, err, sizeof err), 0);
	CHECK(t && !cJSON_GetObjectItem(t, "method") && !cJSON_GetObjectItem(t, "backgrounds_plural"));
	cJSON_Delete(t);

	/* Both fields, kept in the normalized template. */
	CHECK_EQ_INT(parse(",\"method\":{\"nl\":\"Met design thinking.\",\"en\":\"With design "
	                   "thinking.\"},\"backgrounds_plural\":{\"Leraar (OP)\":\"leraren (OP)\"}",
	                   &t, err, sizeof err), 0);
	CHECK_STR(cJSON_GetObjectItem(cJSON_GetObjectItem(t, "method"), "nl")->valuestring,
	          "Met design thinking.");
	CHECK_STR(cJSON_GetObjectItem(cJSON_GetObjectItem(t, "backgrounds_plural"),
	                              "Leraar (OP)")->valuestring, "leraren (OP)");

	/* The session's report document carries them, and the export prints them. */
	struct ses_session *s = ses_new(1, "ACDEFG", "t", t, 1700000000000);
	cJSON *doc = s ? ses_report_json(s, 1700000000000) : NULL;
	CHECK(doc && cJSON_GetObjectItem(doc, "method") && cJSON_GetObjectItem(doc, "backgrounds_plural"));
	struct export_options opt = { EXPORT_MD, "en", 0, 0 };
	char *md = NULL;
	size_t len = 0;
	CHECK_EQ_INT(doc ? export_render(doc, &opt, &md, &len) : -1, 0);
	CHECK(md && strstr(md, "\n\nWith design thinking.\n\n"));
	free(md);
	cJSON_Delete(doc);
	ses_free(s);

	/* One language is enough. */
	CHECK_EQ_INT(parse(",\"method\":{\"en\":\"Only English.\"}", &t, err, sizeof err), 0);
	cJSON_Delete(t);

	/* Wrong shapes name the field. */
	refused(",\"method\":\"one string\"", "method");
	refused(",\"method\":{}", "method");
	refused(",\"method\":{\"de\":\"Deutsch\"}", "method.de");
	refused(",\"method\":{\"nl\":\"\"}", "method.nl");
	refused(",\"method\":{\"en\":5}", "method.en");
	{
		char big[4200 + 40];
		memset(big, 0, sizeof big);
		strcpy(big, ",\"method\":{\"nl\":\"");
		memset(big + strlen(big), 'x', 4001);
		strcat(big, "\"}");
		refused(big, "method.nl");
	}
	refused(",\"backgrounds_plural\":[\"x\"]", "backgrounds_plural");
	refused(",\"backgrounds_plural\":{\"Ouder\":\"ouders\"}", "backgrounds_plural.Ouder");
	refused(",\"backgrounds_plural\":{\"Schoolleider\":\"\"}", "backgrounds_plural.Schoolleider");
	return check_report();
}
