/* Every limit the server enforces, in one place. The defaults fit a real venue: a plenary
 * of a thousand people in one session, or a conference day of many tables on one laptop.
 * docs/operations.md lists them with the error each one gives. */
#ifndef TAFEL_LIMITS_H
#define TAFEL_LIMITS_H

#include <stddef.h>
#include <stdio.h>

struct tf_limits {
	size_t frame_bytes;        /* largest WebSocket message; more closes with 1009 */
	int note_chars;            /* note text and essence, in characters (code points) */
	int title_chars;           /* cluster title */
	int description_chars;     /* cluster description: the elaboration of a direction */
	int summary_chars;
	int name_chars;            /* participant name */
	int cid_chars;             /* client id of a note.add */
	int rate_burst;            /* requests a connection may send at once ... */
	int rate_per_second;       /* ... and then per second */
	int participants_per_session;
	/* What one session can hold, so that no participant can make it too large to join or
	 * export (error limit_reached). docs/operations.md works out the bytes they allow. */
	int notes_per_participant; /* a facilitator is bounded by notes_per_session alone */
	int notes_per_session;
	int clusters_per_session;
	size_t state_bytes;        /* a session's state as a join carries it (the facilitator's) */
	int sessions_per_server;
	int join_deadline_s;       /* a connection must join within this many seconds */
	size_t send_queue_bytes;   /* a reader this far behind is dropped (it resyncs) */
	int send_queue_messages;
	int connections_per_ip;
	int join_failures_burst;   /* joins with a wrong code an address may try at once ... */
	int join_failures_per_minute; /* ... and then per minute */
	int timer_max_s;           /* longest phase timer */
	int header_timeout_s;      /* HTTP headers and the upgrade must arrive within this */
	int idle_ping_s;           /* a silent connection is pinged after this many seconds ... */
	int idle_close_s;          /* ... and closed when it has not answered within this */
};

#define TF_LIMITS_DEFAULT { \
	.frame_bytes = 256 * 1024, \
	.note_chars = 2000, \
	.title_chars = 200, \
	.description_chars = 20000, \
	.summary_chars = 20000, \
	.name_chars = 60, \
	.cid_chars = 64, \
	.rate_burst = 200, \
	.rate_per_second = 100, \
	.participants_per_session = 2000, \
	.notes_per_participant = 500, \
	.notes_per_session = 10000, \
	.clusters_per_session = 100, \
	.state_bytes = 16u * 1024 * 1024, \
	.sessions_per_server = 10000, \
	.join_deadline_s = 30, \
	.send_queue_bytes = 4u * 1024 * 1024, \
	.send_queue_messages = 4096, \
	.connections_per_ip = 4000, \
	.join_failures_burst = 60, \
	.join_failures_per_minute = 60, \
	.timer_max_s = 24 * 3600, \
	.header_timeout_s = 10, \
	.idle_ping_s = 30, \
	.idle_close_s = 60, \
}

/* Sets one limit from "name=value" (the names are the field names above), as given to
 * `tafel serve --limit`. Returns 0, or -1 with the reason in err. */
int tf_limits_set(struct tf_limits *lim, const char *assignment, char *err, size_t errlen);

/* Writes every limit as "name=value" lines, for `tafel serve --help-limits`. */
void tf_limits_print(const struct tf_limits *lim, FILE *out);

#endif
