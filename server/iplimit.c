#include <stdlib.h>
#include <string.h>

#include "tafel/iplimit.h"

#define IPLIMIT_BUCKETS 1024

struct ip_entry {
	char addr[48];
	int connections;
	double join_tokens;
	int64_t refill_ms;
	int joins_tracked;
	struct ip_entry *next;
};

struct iplimit {
	struct ip_entry *buckets[IPLIMIT_BUCKETS];
};

struct iplimit *iplimit_new(void)
{
	return calloc(1, sizeof(struct iplimit));
}

void iplimit_free(struct iplimit *t)
{
	if (!t)
		return;
	for (int i = 0; i < IPLIMIT_BUCKETS; i++)
		while (t->buckets[i]) {
			struct ip_entry *next = t->buckets[i]->next;

			free(t->buckets[i]);
			t->buckets[i] = next;
		}
	free(t);
}

static unsigned hash(const char *s)
{
	unsigned h = 2166136261u;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h % IPLIMIT_BUCKETS;
}

static struct ip_entry *entry(struct iplimit *t, const char *addr, int create)
{
	unsigned h = hash(addr);
	struct ip_entry *e;

	for (e = t->buckets[h]; e; e = e->next)
		if (strcmp(e->addr, addr) == 0)
			return e;
	if (!create)
		return NULL;
	e = calloc(1, sizeof *e);
	if (!e)
		return NULL;
	strncpy(e->addr, addr, sizeof e->addr - 1);
	e->next = t->buckets[h];
	t->buckets[h] = e;
	return e;
}

/* An address with no connection and a full join budget holds no information: forget it,
 * so the table does not grow with every address ever seen. */
static void forget_if_idle(struct iplimit *t, struct ip_entry *e)
{
	struct ip_entry **p;

	if (e->connections > 0 || e->joins_tracked)
		return;
	for (p = &t->buckets[hash(e->addr)]; *p; p = &(*p)->next)
		if (*p == e) {
			*p = e->next;
			free(e);
			return;
		}
}

int iplimit_connect(struct iplimit *t, const char *addr, int max)
{
	struct ip_entry *e = entry(t, addr, 1);

	if (!e)
		return -1;
	if (e->connections >= max)
		return -1;
	e->connections++;
	return 0;
}

void iplimit_disconnect(struct iplimit *t, const char *addr)
{
	struct ip_entry *e = entry(t, addr, 0);

	if (!e)
		return;
	if (e->connections > 0)
		e->connections--;
	forget_if_idle(t, e);
}

static void refill(struct ip_entry *e, int burst, int per_minute, int64_t now_ms)
{
	if (!e->joins_tracked) {
		e->joins_tracked = 1;
		e->join_tokens = burst;
		e->refill_ms = now_ms;
		return;
	}
	e->join_tokens += (double)(now_ms - e->refill_ms) * per_minute / 60000.0;
	e->refill_ms = now_ms;
	if (e->join_tokens >= burst) {
		e->join_tokens = burst;
	}
}

int iplimit_join_allowed(struct iplimit *t, const char *addr, int burst, int per_minute,
                         int64_t now_ms)
{
	struct ip_entry *e = entry(t, addr, 0);

	if (!e || !e->joins_tracked)
		return 1;
	refill(e, burst, per_minute, now_ms);
	return e->join_tokens >= 1.0;
}

int iplimit_join_failed(struct iplimit *t, const char *addr, int burst, int per_minute,
                        int64_t now_ms)
{
	struct ip_entry *e = entry(t, addr, 1);

	if (!e)
		return -1;
	refill(e, burst, per_minute, now_ms);
	if (e->join_tokens < 1.0)
		return -1;
	e->join_tokens -= 1.0;
	return 0;
}
