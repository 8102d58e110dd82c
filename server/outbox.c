#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <libwebsockets.h>

#include "outbox.h"

/* RFC 6455 §5.2: FIN and the opcode, then the length in 7, 7+16 or 7+64 bits; a server
 * does not mask. The frame is built here once, so that queued frames can be copied back to
 * back into one write. */
static size_t frame_header(unsigned char *h, unsigned char opcode, size_t len)
{
	h[0] = 0x80 | opcode;
	if (len < 126) {
		h[1] = (unsigned char)len;
		return 2;
	}
	if (len <= 0xffff) {
		h[1] = 126;
		h[2] = (unsigned char)(len >> 8);
		h[3] = (unsigned char)len;
		return 4;
	}
	h[1] = 127;
	for (int i = 0; i < 8; i++)
		h[2 + i] = (unsigned char)((uint64_t)len >> (56 - 8 * i));
	return 10;
}

static struct outbox_msg *framed(unsigned char opcode, const char *payload, size_t len)
{
	unsigned char header[10];
	size_t hlen = frame_header(header, opcode, len);
	struct outbox_msg *m = malloc(sizeof *m + LWS_PRE + hlen + len);

	if (!m)
		return NULL;
	m->refs = 1;
	m->whole_state = 0;
	m->len = len;
	m->frame_len = hlen + len;
	m->frame = (unsigned char *)(m + 1) + LWS_PRE;
	memcpy(m->frame, header, hlen);
	if (len)
		memcpy(m->frame + hlen, payload, len);
	return m;
}

struct outbox_msg *outbox_msg_text(const char *text, size_t len)
{
	return framed(0x1, text, len);
}

struct outbox_msg *outbox_msg_ping(void)
{
	/* Not empty: lws tells the protocol of a pong only when it carries a payload. */
	return framed(0x9, "tafel", 5);
}

struct outbox_msg *outbox_msg_ref(struct outbox_msg *m)
{
	m->refs++;
	return m;
}

void outbox_msg_unref(struct outbox_msg *m)
{
	if (m && --m->refs == 0)
		free(m);
}

static int grow(struct outbox *q)
{
	int cap = q->cap ? q->cap * 2 : 16;
	struct outbox_msg **ring = malloc((size_t)cap * sizeof *ring);

	if (!ring)
		return -1;
	/* Unrolled in order, so the new ring starts at 0. */
	for (int i = 0; i < q->count; i++)
		ring[i] = q->ring[(q->head + i) % q->cap];
	free(q->ring);
	q->ring = ring;
	q->cap = cap;
	q->head = 0;
	return 0;
}

int outbox_push(struct outbox *q, struct outbox_msg *m)
{
	if (q->count == q->cap && grow(q) < 0)
		return -1;
	q->ring[(q->head + q->count) % q->cap] = outbox_msg_ref(m);
	q->count++;
	q->bytes += m->len;
	if (m->whole_state)
		q->state_bytes += m->len;
	return 0;
}

struct outbox_msg *outbox_peek(const struct outbox *q)
{
	return q->count ? q->ring[q->head] : NULL;
}

struct outbox_msg *outbox_pop(struct outbox *q)
{
	struct outbox_msg *m;

	if (!q->count)
		return NULL;
	m = q->ring[q->head];
	q->head = (q->head + 1) % q->cap;
	q->count--;
	q->bytes -= m->len;
	if (m->whole_state)
		q->state_bytes -= m->len;
	return m;
}

void outbox_clear(struct outbox *q)
{
	struct outbox_msg *m;

	while ((m = outbox_pop(q)))
		outbox_msg_unref(m);
	free(q->ring);
	memset(q, 0, sizeof *q);
}
