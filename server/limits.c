/* Limits set by name from the command line, so that an operator can fit them to a venue
 * and the tests can make a limit small enough to reach. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "tafel/limits.h"

struct limit_field {
	const char *name;
	size_t offset;
	int is_size;      /* size_t, else int */
	long long min, max;
};

#define INT_FIELD(f, lo, hi) { #f, offsetof(struct tf_limits, f), 0, lo, hi }
#define SIZE_FIELD(f, lo, hi) { #f, offsetof(struct tf_limits, f), 1, lo, hi }

/* The lower bounds keep the server working (a frame must hold a join); the upper bounds
 * keep arithmetic on them from overflowing. */
static const struct limit_field fields[] = {
	SIZE_FIELD(frame_bytes, 1024, 1024 * 1024),
	INT_FIELD(note_chars, 1, 100000),
	INT_FIELD(title_chars, 1, 100000),
	INT_FIELD(description_chars, 1, 1000000),
	INT_FIELD(summary_chars, 1, 1000000),
	INT_FIELD(name_chars, 1, 1000),
	INT_FIELD(cid_chars, 1, 1000),
	INT_FIELD(rate_burst, 1, 1000000),
	INT_FIELD(rate_per_second, 1, 1000000),
	INT_FIELD(participants_per_session, 1, 1000000),
	INT_FIELD(notes_per_participant, 1, 10000000),
	INT_FIELD(notes_per_session, 1, 10000000),
	INT_FIELD(clusters_per_session, 1, 1000000),
	SIZE_FIELD(state_bytes, 65536, (long long)1 << 32),
	INT_FIELD(sessions_per_server, 1, 100000000),
	INT_FIELD(join_deadline_s, 1, 86400),
	SIZE_FIELD(send_queue_bytes, 65536, (long long)1 << 32),
	INT_FIELD(send_queue_messages, 16, 1000000),
	INT_FIELD(connections_per_ip, 1, 1000000),
	INT_FIELD(join_failures_burst, 1, 1000000),
	INT_FIELD(join_failures_per_minute, 1, 1000000),
	INT_FIELD(timer_max_s, 1, 7 * 86400),
	INT_FIELD(header_timeout_s, 1, 3600),
	INT_FIELD(idle_ping_s, 1, 65535),
	INT_FIELD(idle_close_s, 2, 65535),
};

int tf_limits_set(struct tf_limits *lim, const char *assignment, char *err, size_t errlen)
{
	const char *eq = strchr(assignment, '=');
	size_t n = eq ? (size_t)(eq - assignment) : 0;
	long long v;
	char *end;

	if (!eq) {
		snprintf(err, errlen, "--limit %s: give NAME=VALUE", assignment);
		return -1;
	}
	for (size_t i = 0; i < sizeof fields / sizeof *fields; i++) {
		const struct limit_field *f = &fields[i];

		if (strlen(f->name) != n || strncmp(f->name, assignment, n) != 0)
			continue;
		errno = 0;
		v = strtoll(eq + 1, &end, 10);
		if (errno || end == eq + 1 || *end || v < f->min || v > f->max) {
			snprintf(err, errlen, "--limit %s: the value must be a whole number from %lld to %lld",
			         f->name, f->min, f->max);
			return -1;
		}
		if (f->is_size)
			*(size_t *)(void *)((char *)lim + f->offset) = (size_t)v;
		else
			*(int *)(void *)((char *)lim + f->offset) = (int)v;
		return 0;
	}
	snprintf(err, errlen, "--limit: no limit is called %.*s (tafel serve --help-limits lists them)",
	         (int)n, assignment);
	return -1;
}

void tf_limits_print(const struct tf_limits *lim, FILE *out)
{
	for (size_t i = 0; i < sizeof fields / sizeof *fields; i++) {
		const struct limit_field *f = &fields[i];
		const char *p = (const char *)lim + f->offset;

		if (f->is_size)
			fprintf(out, "%s=%zu\n", f->name, *(const size_t *)(const void *)p);
		else
			fprintf(out, "%s=%d\n", f->name, *(const int *)(const void *)p);
	}
}
