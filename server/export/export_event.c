/* The cross-table report of an event: every table's report document side by side, and one
 * ranking of all tables' directions by vote share. (Being built: the JSON form first.) */
#include <stdlib.h>
#include <string.h>

#include "tafel/export.h"
#include "export_internal.h"

int export_event_render(const cJSON *doc, const struct export_options *opt, char **out,
                        size_t *out_len)
{
	char *text;

	*out = NULL;
	if (opt->format != EXPORT_JSON)
		return EXPORT_EINVAL;
	if (!(text = cJSON_PrintUnformatted(doc)))
		return EXPORT_ENOMEM;
	*out = text;
	*out_len = strlen(text);
	return 0;
}
