/* The configuration file as command-line arguments (include/tafel/conf.h). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tafel/conf.h"
#include "tafel/error.h"

#define CONF_LINE_MAX 4096

static char *trim(char *s)
{
	char *e;

	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\n' || e[-1] == '\r'))
		*--e = '\0';
	return s;
}

static const struct option *find_opt(const struct option *opts, const char *name)
{
	for (; opts->name; opts++)
		if (strcmp(opts->name, name) == 0)
			return opts;
	return NULL;
}

static int push(struct conf_args *a, char *arg)
{
	char **grown = realloc(a->argv, sizeof *grown * (size_t)(a->argc + 2));

	if (!grown) {
		free(arg);
		return TF_E_NOMEM;
	}
	a->argv = grown;
	a->argv[a->argc++] = arg;
	a->argv[a->argc] = NULL;
	return TF_OK;
}

/* One line's option as "--name=value" or "--name", or NULL with the reason in err. */
static char *line_arg(char *line, const struct option *opts, const char **why)
{
	char *name = line, *value, *arg;
	const struct option *o;
	size_t n, vlen;

	n = strcspn(name, " \t=");
	value = name + n;
	if (*value) {
		*value++ = '\0';
		value = trim(value);
		if (*value == '=')
			value = trim(value + 1);
	}
	o = find_opt(opts, name);
	if (!o || strcmp(name, "config") == 0 || strcmp(name, "help") == 0 ||
	    strncmp(name, "help-", 5) == 0) {
		*why = "not an option of tafel serve";
		return NULL;
	}
	vlen = strlen(value);
	if (vlen >= 2 && value[0] == '"' && value[vlen - 1] == '"') {
		value[vlen - 1] = '\0';
		value++;
		vlen -= 2;
	}
	if (o->has_arg == required_argument && !*value) {
		*why = "needs a value (name = value)";
		return NULL;
	}
	if (o->has_arg == no_argument && *value) {
		*why = "takes no value";
		return NULL;
	}
	arg = malloc(strlen(name) + vlen + 4);
	if (!arg) {
		*why = "out of memory";
		return NULL;
	}
	if (o->has_arg == no_argument)
		sprintf(arg, "--%s", name);
	else
		sprintf(arg, "--%s=%s", name, value);
	return arg;
}

int conf_read(const char *path, const struct option *opts, struct conf_args *out, char *err,
              size_t errlen)
{
	char buf[CONF_LINE_MAX];
	int lineno = 0, rc = TF_OK;
	FILE *f = fopen(path, "r");

	out->argv = NULL;
	out->argc = 0;
	if (!f) {
		snprintf(err, errlen, "%s: cannot be read", path);
		return TF_E_IO;
	}
	while (fgets(buf, sizeof buf, f)) {
		const char *why = NULL;
		char *line, *arg;

		lineno++;
		if (!strchr(buf, '\n') && !feof(f)) {
			snprintf(err, errlen, "%s:%d: the line is longer than %d bytes", path, lineno,
			         CONF_LINE_MAX - 2);
			rc = TF_E_INVALID;
			break;
		}
		line = trim(buf);
		if (!*line || *line == '#')
			continue;
		arg = line_arg(line, opts, &why);
		if (!arg) {
			snprintf(err, errlen, "%s:%d: %s: %s", path, lineno, line, why);
			rc = TF_E_INVALID;
			break;
		}
		if ((rc = push(out, arg)) < 0) {
			snprintf(err, errlen, "%s: out of memory", path);
			break;
		}
	}
	if (rc == TF_OK && ferror(f)) {
		snprintf(err, errlen, "%s: cannot be read", path);
		rc = TF_E_IO;
	}
	fclose(f);
	if (rc < 0)
		conf_args_free(out);
	return rc;
}

void conf_args_free(struct conf_args *a)
{
	for (int i = 0; i < a->argc; i++)
		free(a->argv[i]);
	free(a->argv);
	a->argv = NULL;
	a->argc = 0;
}
