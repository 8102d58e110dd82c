/* Messages on their way out: serialized once, shared by every connection they go to
 * (reference counted), each with the LWS_PRE bytes libwebsockets needs in front. */
#ifndef TAFEL_OUTBOX_H
#define TAFEL_OUTBOX_H

#include <stddef.h>
#include <cjson/cJSON.h>

struct outbox_msg {
	int refs;
	size_t len;
	unsigned char *data; /* len bytes, with LWS_PRE bytes of room before them */
};

/* Renders json (which it does not take) into a new message with one reference. */
struct outbox_msg *outbox_msg_json(const cJSON *json);
struct outbox_msg *outbox_msg_ref(struct outbox_msg *m);
void outbox_msg_unref(struct outbox_msg *m);

/* A connection's queue of messages, bounded by the caller. */
struct outbox_node {
	struct outbox_msg *msg;
	struct outbox_node *next;
};

struct outbox {
	struct outbox_node *head, *tail;
	size_t bytes;
	int count;
};

/* Takes a new reference to m. Returns 0 or -1 when memory runs out. */
int outbox_push(struct outbox *q, struct outbox_msg *m);
/* Hands the first message (and its reference) to the caller, or NULL. */
struct outbox_msg *outbox_pop(struct outbox *q);
void outbox_clear(struct outbox *q);

#endif
