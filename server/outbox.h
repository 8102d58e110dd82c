/* Messages on their way out: serialized and framed once, shared by every connection they go
 * to (reference counted), and queued per connection in a ring that grows to its bound, so
 * that a delivery costs no allocation. */
#ifndef TAFEL_OUTBOX_H
#define TAFEL_OUTBOX_H

#include <stddef.h>

struct outbox_msg {
	int refs;
	int whole_state;      /* a join's reply: counted apart in a queue (outbox.state_bytes) */
	size_t len;           /* the JSON text's length */
	size_t frame_len;     /* the whole WebSocket frame: header and text */
	unsigned char *frame; /* an unmasked, final frame (text, or a ping), LWS_PRE bytes of room
	                       * before */
};

/* A new message of JSON text (copied), with one reference. */
struct outbox_msg *outbox_msg_text(const char *text, size_t len);
/* A ping frame: it queues behind the messages before it, whole frames all. */
struct outbox_msg *outbox_msg_ping(void);
struct outbox_msg *outbox_msg_ref(struct outbox_msg *m);
void outbox_msg_unref(struct outbox_msg *m);

/* A connection's queue of messages, bounded by the caller. */
struct outbox {
	struct outbox_msg **ring;
	int cap, head, count;
	size_t bytes;         /* text bytes queued */
	size_t state_bytes;   /* of them, in joins' replies: the state a join needs is sent
	                       * whatever its size; the caller's bound is for the events behind */
};

/* Takes a new reference to m. Returns 0 or -1 when memory runs out. */
int outbox_push(struct outbox *q, struct outbox_msg *m);
/* The first message, still queued, or NULL. */
struct outbox_msg *outbox_peek(const struct outbox *q);
/* Hands the first message (and its reference) to the caller, or NULL. */
struct outbox_msg *outbox_pop(struct outbox *q);
/* Drops every message and frees the ring. */
void outbox_clear(struct outbox *q);

#endif
