#include <stdlib.h>
#include <string.h>

#include <libwebsockets.h>

#include "outbox.h"

struct outbox_msg *outbox_msg_json(const cJSON *json)
{
	char *text = json ? cJSON_PrintUnformatted(json) : NULL;
	struct outbox_msg *m;
	size_t len;

	if (!text)
		return NULL;
	len = strlen(text);
	m = malloc(sizeof *m + LWS_PRE + len);
	if (m) {
		m->refs = 1;
		m->len = len;
		m->data = (unsigned char *)(m + 1) + LWS_PRE;
		memcpy(m->data, text, len);
	}
	cJSON_free(text);
	return m;
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

int outbox_push(struct outbox *q, struct outbox_msg *m)
{
	struct outbox_node *n = malloc(sizeof *n);

	if (!n)
		return -1;
	n->msg = outbox_msg_ref(m);
	n->next = NULL;
	if (q->tail)
		q->tail->next = n;
	else
		q->head = n;
	q->tail = n;
	q->bytes += m->len;
	q->count++;
	return 0;
}

struct outbox_msg *outbox_pop(struct outbox *q)
{
	struct outbox_node *n = q->head;
	struct outbox_msg *m;

	if (!n)
		return NULL;
	q->head = n->next;
	if (!q->head)
		q->tail = NULL;
	m = n->msg;
	q->bytes -= m->len;
	q->count--;
	free(n);
	return m;
}

void outbox_clear(struct outbox *q)
{
	struct outbox_msg *m;

	while ((m = outbox_pop(q)))
		outbox_msg_unref(m);
}
