/* The configuration file of `tafel serve --config FILE` (/etc/tafel/tafel.conf in the
 * package): the command line's long options, one a line, so that a file and the command
 * line hold the same things and are checked by the same code. */
#ifndef TAFEL_CONF_H
#define TAFEL_CONF_H

#include <stddef.h>

struct option;

/* The file as arguments: each line `name = value` (or `name value`, or a bare `name` for an
 * option without a value) becomes "--name=value"; blank lines and lines starting with '#'
 * are skipped, a value may be in double quotes. Names are checked against opts (getopt's
 * table, which ends with a zeroed entry): an unknown name, a missing or an unexpected
 * value is TF_E_INVALID with "FILE:LINE: reason" in err. TF_E_IO when it cannot be read. */
struct conf_args {
	char **argv;
	int argc;
};
int conf_read(const char *path, const struct option *opts, struct conf_args *out, char *err,
              size_t errlen);
void conf_args_free(struct conf_args *a);

#endif
