/* The export's public entry points: format names, content types, and export_render(), which
 * reads the report document into the model and hands it to the renderer of the format. */
#include <stdlib.h>
#include <string.h>

#include "export_internal.h"

static const struct {
	const char *name;
	const char *content_type;
} formats[] = {
	[EXPORT_MD] = { "md", "text/markdown; charset=utf-8" },
	[EXPORT_HTML] = { "html", "text/html; charset=utf-8" },
	[EXPORT_JSON] = { "json", "application/json; charset=utf-8" },
	[EXPORT_CSV] = { "csv", "text/csv; charset=utf-8" },
	/* Word opens HTML saved as .doc as a document, and so does LibreOffice Writer. */
	[EXPORT_DOC] = { "doc", "application/msword" },
};

#define NFORMATS (sizeof formats / sizeof formats[0])

int export_format_parse(const char *name, enum export_format *out)
{
	if (!name || !out)
		return EXPORT_EINVAL;
	for (size_t i = 0; i < NFORMATS; i++) {
		if (strcmp(formats[i].name, name) == 0) {
			*out = (enum export_format)i;
			return 0;
		}
	}
	return EXPORT_EINVAL;
}

const char *export_content_type(enum export_format format)
{
	return (unsigned)format < NFORMATS ? formats[format].content_type
	                                   : "application/octet-stream";
}

const char *export_extension(enum export_format format)
{
	return (unsigned)format < NFORMATS ? formats[format].name : "bin";
}

int export_render(const cJSON *report, const struct export_options *opt, char **out,
                  size_t *out_len)
{
	struct export_report r;
	struct export_buf b = EXPORT_BUF_INIT;
	int rc;
	if (!out || !out_len)
		return EXPORT_EINVAL;
	*out = NULL;
	*out_len = 0;
	if (!opt || (unsigned)opt->format >= NFORMATS || opt->chapter < 0 ||
	    opt->chapter > EXPORT_CHAPTER_MAX) {
		memset(&r, 0, sizeof r);
		rc = EXPORT_EINVAL;
		goto out;
	}
	rc = export__report_load(&r, report, opt);
	if (rc)
		goto out;
	switch (opt->format) {
	case EXPORT_MD: rc = export__render_md(&b, &r); break;
	case EXPORT_HTML: rc = export__render_html(&b, &r); break;
	case EXPORT_JSON: rc = export__render_json(&b, &r); break;
	case EXPORT_CSV: rc = export__render_csv(&b, &r); break;
	case EXPORT_DOC: rc = export__render_doc(&b, &r); break;
	}
	if (rc == 0)
		rc = export__buf_detach(&b, out, out_len);
out:
	export__buf_free(&b);
	export__report_free(&r);
	return rc;
}
