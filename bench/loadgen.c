/* tafel-loadgen: the benchmark load generator of Tafel (issue 6).
 *
 * One libwebsockets client context, many raw TCP connections, one callback; the WebSocket
 * upgrade and framing are done here (see "WebSocket framing" below). It speaks the wire
 * contract (/work/shared/PROTOCOL.md, docs/protocol.md): participants and facilitators
 * join over /ws, add notes and vote; every note's text carries the monotonic time at which
 * it was written to the socket, so each receiver computes its own delivery latency. The
 * same fan-out runs against libwebsockets-test-server's lws-mirror-protocol (scenario
 * "mirror") for the transport ceiling.
 *
 * Each scenario prints its figures as lines "RESULT|scenario|measure|n|p50|p90|p99|max|
 * throughput|unit|cpu_s|rss_mb|errors|note" that bench/run.sh turns into one table.
 * See docs/benchmarks.md. Scenario "soak" (bench/soak.sh) holds thousands of connections
 * for half an hour and reports per window; see docs/reliability.md (Soak). */
#define _GNU_SOURCE /* memmem */
#include "lg.h"

#include <cjson/cJSON.h>
#include <libwebsockets.h>
#include <uv.h>

#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

enum role { R_PART, R_FAC, R_MIRROR, R_SCREEN, R_OVERVIEW };
enum cstate { C_IDLE, C_CONNECTING, C_OPEN, C_JOINED, C_CLOSED };
enum mkind { K_RAW, K_NOTE, K_MIRROR, K_EDIT, K_DELETE, K_PONG };

struct msg {
	struct msg *next;
	int kind;
	int phase;
	long tag;
	size_t len;
	unsigned char data[]; /* the payload (K_RAW, K_PONG) */
};

#define RID_RING 256

struct conn {
	struct lws *wsi;
	int idx, sess, role, state, slow;
	long long last_seq;
	struct msg *qh, *qt;
	int qn;
	int want_write;           /* a writable callback is asked for */
	char *rx;                 /* the upgrade's answer, then the message being received */
	size_t rxlen, rxcap;
	/* the frame being received (RFC 6455 5.2): see rx_frames() */
	unsigned char fh[10];     /* its header, as far as it has come */
	int fhn;                  /* bytes of that header */
	int in_payload;           /* the header is complete; `left` payload bytes to come */
	int in_msg;               /* a text message is open: continuation frames append to rx */
	unsigned char fop;        /* its first byte: FIN and opcode */
	uint64_t left;
	unsigned char ctl[125];   /* a control frame's payload (at most 125 bytes) */
	size_t ctln;
	int64_t conn_t, join_t;
	unsigned rid_next;
	int outstanding;
	double tokens;
	int64_t rid_t[RID_RING];
	int leaving;              /* the load generator closes it: not an unexpected close */
	long long join_seq;       /* seq in the join's ok: events after it must all arrive */
	long long events, notes_rx; /* events received since the join; of them note.added */
};

struct sess {
	char code[16];
	char fkey[96];
	int members; /* connections that receive its events */
};

static struct {
	/* options */
	const char *scenario, *host, *codes_path, *ifaces_base;
	int port, server_pid, participants, sessions, notes, votes, burst, slow;
	int duration_s, window, text_bytes, repeats, changes, ips;
	int keep, slice_s, warmup_s;
	int tick_us;  /* period of the scenario's tick */
	double interval_s, rate, join_window_s, notes_rate, edit_share;
	long long t0_realtime_ns;

	uv_loop_t uv;
	struct lws_context *ctx;
	lws_sorted_usec_list_t sul;
	void (*tick)(void);
	struct conn *c;
	int nc;
	struct sess *s;
	int ns;

	/* counters */
	int issued, open, joined, closed, fac_acks, vote_recv;
	long long deliveries, acks, sent;
	long err_reply, err_conn, err_close, err_gap, err_missing, slow_closed;
	int printed_errors;
	char cluster_id[32];
	char event_code[16], event_key[96]; /* scenario event */
	long long progress_rx, progress_bytes;
	int64_t vote_t;
	long ntags;
	int *tag_recv;
	double *tag_last;
	double last_delivery_ms;
	int closing;

	struct lg_samples lat, ack, join, aux;
	int soak;                      /* scenario soak: also keep per-window samples */
	struct lg_samples wlat, wack;  /* the current window's deliveries and acks */
	char padding[4096];
} g = {
	.scenario = "plenary", .host = "127.0.0.1", .port = 8080, .participants = 1000,
	.sessions = 1000, .notes = 20, .votes = 20, .burst = 100, .duration_s = 30,
	.window = 16, .text_bytes = 0, .repeats = 50, .changes = 500, .ips = 8,
	.interval_s = 10, .rate = 90, .join_window_s = 3, .notes_rate = 1000,
	.keep = 5, .slice_s = 300, .warmup_s = 120, .edit_share = 0.2, .tick_us = 1000,
};

static volatile sig_atomic_t interrupted;
static void on_signal(int sig) { (void)sig; interrupted = 1; }

static void error_note(const char *what, const char *detail)
{
	if (g.printed_errors++ < 10)
		fprintf(stderr, "loadgen: %s: %s\n", what, detail);
}

/* ---------------------------------------------------------------- sending */

/* Once per writable callback: each request re-arms the socket in epoll, armed or not. Not
 * before the upgrade: what is queued goes out once it is answered (upgraded()). */
static void want_write(struct conn *c)
{
	if (c->wsi && c->state != C_CONNECTING && !c->want_write) {
		c->want_write = 1;
		lws_callback_on_writable(c->wsi);
	}
}

static void push(struct conn *c, struct msg *m)
{
	m->next = NULL;
	if (c->qt)
		c->qt->next = m;
	else
		c->qh = m;
	c->qt = m;
	c->qn++;
	want_write(c);
}

static void send_raw(struct conn *c, const char *fmt, ...)
{
	char buf[2048];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	struct msg *m = malloc(sizeof *m + (size_t)n + 1);
	if (!m)
		return;
	m->kind = K_RAW;
	m->len = (size_t)n;
	memcpy(m->data, buf, (size_t)n + 1);
	push(c, m);
}

/* The answer to a ping goes out ahead of everything queued (RFC 6455 5.5.3). */
static void send_pong(struct conn *c, const unsigned char *payload, size_t len)
{
	struct msg *m = malloc(sizeof *m + len);
	if (!m)
		return;
	m->kind = K_PONG;
	m->len = len;
	memcpy(m->data, payload, len);
	m->next = c->qh;
	c->qh = m;
	if (!c->qt)
		c->qt = m;
	c->qn++;
	want_write(c);
}

/* A note (or mirror message) whose text is written when the socket takes it, stamped. */
static void send_note(struct conn *c, int phase, long tag)
{
	struct msg *m = malloc(sizeof *m);
	if (!m)
		return;
	m->kind = c->role == R_MIRROR ? K_MIRROR : K_NOTE;
	m->phase = phase;
	m->tag = tag;
	m->len = 0;
	push(c, m);
	c->outstanding++;
	g.sent++;
}

/* A note.edit (stamped like a note, so its event measures delivery too) or a note.delete
 * of note m->tag, numbered like a note so that its ack is timed. */
static void send_change(struct conn *c, int kind, long note_id)
{
	struct msg *m = malloc(sizeof *m);
	if (!m)
		return;
	m->kind = kind;
	m->phase = 0;
	m->tag = note_id;
	m->len = 0;
	push(c, m);
	c->outstanding++;
}

/* The frame of a numbered request, formatted when the socket takes it. */
static int format_request(struct conn *c, const struct msg *m, char *p, size_t cap)
{
	long long now = (long long)lg_now_ns();
	unsigned rid = c->rid_next++;
	c->rid_t[rid % RID_RING] = now;
	if (m->kind == K_EDIT)
		return snprintf(p, cap, "{\"type\":\"note.edit\",\"rid\":%u,\"id\":\"%ld\",\"text\":\"lg %lld -1 edited %s\"}",
				rid, m->tag, now, g.padding);
	if (m->kind == K_DELETE)
		return snprintf(p, cap, "{\"type\":\"note.delete\",\"rid\":%u,\"id\":\"%ld\"}", rid, m->tag);
	return snprintf(p, cap, "{\"type\":\"note.add\",\"rid\":%u,\"phase\":%d,\"text\":\"lg %lld %ld %s\"}",
			rid, m->phase, now, m->tag, g.padding);
}

/* xorshift: neither a frame's mask nor the upgrade's key need be secret here, and rand()
 * stays the scenarios' own (seeded, so that their choices repeat from run to run). */
static uint32_t lg_rand32(void)
{
	static uint32_t x = 2463534242u;
	x ^= x << 13; x ^= x >> 17; x ^= x << 5;
	return x;
}

/* A client's frame is masked (RFC 6455 5.3); head is its first byte, FIN and opcode. The
 * load generator frames its requests itself, so that everything queued on a connection
 * goes out in one write: one lws_write per writable callback each was a syscall and two
 * epoll_ctl calls per request, which made the load generator, not the server, the limit of
 * the throughput scenario. Payloads are below 64 KiB. */
static size_t frame_masked(unsigned char *out, unsigned char head, const char *payload, size_t len)
{
	uint32_t x = lg_rand32();
	unsigned char *p = out, key[4];

	*p++ = head;
	if (len < 126) {
		*p++ = 0x80 | (unsigned char)len;
	} else {
		*p++ = 0x80 | 126;
		*p++ = (unsigned char)(len >> 8);
		*p++ = (unsigned char)len;
	}
	memcpy(key, &x, 4);
	memcpy(p, key, 4);
	p += 4;
	for (size_t i = 0; i < len; i++)
		p[i] = (unsigned char)payload[i] ^ key[i & 3];
	return (size_t)(p - out) + len;
}

#define LG_WRITE_BYTES 65536
#define LG_FRAME_MAX (8192 + 8)

static int write_queued(struct conn *c)
{
	static unsigned char buf[LWS_PRE + LG_WRITE_BYTES];
	char text[8192];
	size_t n = 0;
	struct msg *m;

	while ((m = c->qh) && n + LG_FRAME_MAX <= LG_WRITE_BYTES) {
		const char *p = text;
		unsigned char head = 0x81; /* FIN, text */
		int len;

		c->qh = m->next;
		if (!c->qh)
			c->qt = NULL;
		c->qn--;
		if (m->kind == K_RAW) {
			p = (const char *)m->data;
			len = (int)m->len;
			if (strstr(p, "\"type\":\"join\""))
				c->join_t = lg_now_ns();
		} else if (m->kind == K_PONG) {
			p = (const char *)m->data;
			len = (int)m->len;
			head = 0x8A; /* FIN, pong */
		} else if (m->kind == K_MIRROR) {
			len = snprintf(text, sizeof text, "lg %lld %ld %s", (long long)lg_now_ns(), m->tag,
				       g.padding);
		} else {
			len = format_request(c, m, text, sizeof text);
		}
		if (len > (int)sizeof text - 1)
			len = (int)sizeof text - 1;
		n += frame_masked(buf + LWS_PRE + n, head, p, (size_t)len);
		free(m);
	}
	if (n && lws_write(c->wsi, buf + LWS_PRE, n, LWS_WRITE_RAW) < (int)n)
		return -1;
	if (c->qh)
		want_write(c);
	return 0;
}

/* A close frame with its code (RFC 6455 5.5.1), written at once: the connection is closed
 * right after it, by the caller. */
static void write_close(struct conn *c, unsigned code)
{
	unsigned char buf[LWS_PRE + 8];
	char payload[2] = {(char)(code >> 8), (char)code};
	size_t n = frame_masked(buf + LWS_PRE, 0x88, payload, 2); /* FIN, close */

	lws_write(c->wsi, buf + LWS_PRE, n, LWS_WRITE_RAW);
}

/* The load generator closes a connection: a close frame (1000, normal) once it is upgraded,
 * and lws drops the connection at its next service. */
static void conn_close(struct conn *c)
{
	if (!c->wsi)
		return;
	if (c->state == C_OPEN || c->state == C_JOINED)
		write_close(c, 1000);
	lws_set_timeout(c->wsi, PENDING_TIMEOUT_CLOSE_ACK, LWS_TO_KILL_ASYNC);
}

/* --------------------------------------------------------------- receiving */

static void soak_acked(struct conn *c, const cJSON *ok);

static void delivered(const char *text)
{
	long long t;
	long tag;
	if (!text || sscanf(text, "lg %lld %ld", &t, &tag) != 2)
		return;
	double ms = (double)(lg_now_ns() - t) / 1e6;
	lg_samples_add(&g.lat, ms);
	if (g.soak)
		lg_samples_add(&g.wlat, ms);
	g.deliveries++;
	g.last_delivery_ms = lg_now_ms();
	if (tag >= 0 && tag < g.ntags) {
		g.tag_recv[tag]++;
		if (ms > g.tag_last[tag])
			g.tag_last[tag] = ms;
	}
}

/* The value of "key": in the first len bytes of in, as a NUL-terminated copy in out (at most
 * outlen-1 bytes, no escapes: the loadgen's own texts have none). 0 when absent. */
static int scan_string(const char *in, size_t len, const char *key, char *out, size_t outlen)
{
	const char *p = memmem(in, len, key, strlen(key)), *end = in + len;
	size_t n = 0;

	if (!p)
		return 0;
	for (p += strlen(key); p < end && *p != '"' && n + 1 < outlen; p++)
		out[n++] = *p;
	out[n] = 0;
	return 1;
}

/* One event: its seq checked against the connection's last one, a note's delivery timed. */
static void on_event(struct conn *c, const char *type, int has_seq, long long s, const char *text)
{
	if (!strcmp(type, "table.progress")) { /* an event's overview: counts, no seq */
		g.progress_rx++;
		return;
	}
	if (has_seq) {
		if (c->last_seq && s != c->last_seq + 1) {
			g.err_gap++;
			error_note("seq gap", type);
		}
		c->last_seq = s;
		c->events++;
	}
	if (!strcmp(type, "note.added") || !strcmp(type, "note.edited")) {
		delivered(text);
		c->notes_rx += !strcmp(type, "note.added");
	} else if (!strcmp(type, "vote.changed")) {
		lg_samples_add(&g.lat, (double)(lg_now_ns() - g.vote_t) / 1e6);
		g.vote_recv++;
		g.deliveries++;
	}
}

/* Events are the bulk of what arrives (one per receiver per change): they are read by a
 * scan of the server's fixed field order ({"type":...,"seq":N,...}) instead of a full JSON
 * parse, so that the client spends on a delivery about what the mirror client does and the
 * comparison measures the server. Replies (one per request) still get the full parse. */
static int on_event_fast(struct conn *c, const char *in, size_t len)
{
	char type[32], text[96], seqbuf[24];
	long long s;

	if (!scan_string(in, len, "{\"type\":\"", type, sizeof type) || !strcmp(type, "ok") ||
	    !strcmp(type, "error") || memcmp(in + 9 + strlen(type), "\",\"seq\":", 8) != 0)
		return 0;
	snprintf(seqbuf, sizeof seqbuf, "%.*s", (int)(len - (9 + strlen(type) + 8) < 20 ?
	         len - (9 + strlen(type) + 8) : 20), in + 9 + strlen(type) + 8);
	s = atoll(seqbuf);
	on_event(c, type, 1, s, scan_string(in, len, "\"text\":\"", text, sizeof text) ? text : NULL);
	return 1;
}

static void joined(struct conn *c, long long seq)
{
	c->state = C_JOINED;
	c->last_seq = seq;
	c->join_seq = seq;
	g.joined++;
	lg_samples_add(&g.join, (double)(lg_now_ns() - c->join_t) / 1e6);
	lg_samples_add(&g.aux, (double)(lg_now_ns() - c->conn_t) / 1e6);
	if (getenv("LG_DUMP_JOIN"))
		fprintf(stderr, "J %d %.1f %.1f\n", g.joined, (double)c->join_t / 1e6,
			(double)(lg_now_ns() - c->join_t) / 1e6);
	if (c->slow)
		lws_rx_flow_control(c->wsi, 0);
}

/* A join's ok carries the whole state (100 KB with 1,000 participants): the load generator
 * takes only its seq, the last field, so that a join storm measures the server and not a
 * full parse of every state on the client's side. */
static int on_join_fast(struct conn *c, const char *in, size_t len)
{
	static const char head[] = "{\"type\":\"ok\",\"rid\":\"j\",";
	static const char key[] = ",\"seq\":";
	char num[24];
	size_t i, n = 0;

	if (g.soak || len < sizeof head || memcmp(in, head, sizeof head - 1) != 0)
		return 0;
	for (i = len - (sizeof key - 1); i > 0; i--)
		if (memcmp(in + i, key, sizeof key - 1) == 0)
			break;
	if (i == 0)
		return 0;
	for (i += sizeof key - 1; i < len && n < sizeof num - 1 && in[i] >= '0' && in[i] <= '9'; i++)
		num[n++] = in[i];
	num[n] = 0;
	if (!n)
		return 0;
	joined(c, atoll(num));
	return 1;
}

static void acked(struct conn *c, unsigned rid)
{
	double ms = (double)(lg_now_ns() - c->rid_t[rid % RID_RING]) / 1e6;

	lg_samples_add(&g.ack, ms);
	c->outstanding--;
	g.acks++;
}

/* The ok of a numbered request ({"type":"ok","rid":N,...}), one per change: read by its
 * prefix, as events are, not parsed. (The soak reads the rest of the reply.) */
static int on_ack_fast(struct conn *c, const char *in, size_t len)
{
	static const char head[] = "{\"type\":\"ok\",\"rid\":";
	unsigned rid = 0;
	size_t i = sizeof head - 1;

	if (g.soak || len <= i || memcmp(in, head, i) != 0 || in[i] < '0' || in[i] > '9')
		return 0;
	for (; i < len && in[i] >= '0' && in[i] <= '9'; i++)
		rid = rid * 10 + (unsigned)(in[i] - '0');
	if (i == len || (in[i] != ',' && in[i] != '}'))
		return 0;
	acked(c, rid);
	return 1;
}

static void on_message(struct conn *c, char *in, size_t len)
{
	if (c->role == R_MIRROR) {
		in[len] = 0;
		delivered(in);
		return;
	}
	if (on_event_fast(c, in, len))
		return;
	if (on_ack_fast(c, in, len) || on_join_fast(c, in, len))
		return;
	if (c->role == R_OVERVIEW)
		g.progress_bytes += (long long)len;
	cJSON *j = cJSON_ParseWithLength(in, len);
	if (!j) {
		error_note("bad JSON from server", "");
		g.err_reply++;
		return;
	}
	const char *type = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(j, "type"));
	cJSON *rid = cJSON_GetObjectItemCaseSensitive(j, "rid");
	cJSON *seq = cJSON_GetObjectItemCaseSensitive(j, "seq");
	if (!type) {
		g.err_reply++;
	} else if (!strcmp(type, "ok")) {
		const char *rs = cJSON_GetStringValue(rid);
		if (cJSON_IsNumber(rid)) {
			unsigned r = (unsigned)rid->valuedouble;
			double ms = (double)(lg_now_ns() - c->rid_t[r % RID_RING]) / 1e6;
			acked(c, r);
			if (g.soak) {
				lg_samples_add(&g.wack, ms);
				soak_acked(c, j);
			}
		} else if (rs && !strcmp(rs, "j")) {
			joined(c, cJSON_IsNumber(seq) ? (long long)seq->valuedouble : 0);
		} else if (rs && !strcmp(rs, "c")) {
			const char *id = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(j, "id"));
			snprintf(g.cluster_id, sizeof g.cluster_id, "%s", id ? id : "");
			g.fac_acks++;
		} else if (rs && !strcmp(rs, "f")) {
			g.fac_acks++;
		} else if (rs && !strcmp(rs, "v")) {
			g.acks++;
		}
	} else if (!strcmp(type, "error")) {
		const char *code = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(j, "code"));
		const char *msg = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(j, "message"));
		g.err_reply++;
		error_note(code ? code : "error", msg ? msg : "");
		if (cJSON_IsNumber(rid))
			c->outstanding--;
	} else {
		cJSON *note = cJSON_GetObjectItemCaseSensitive(j, "note");

		on_event(c, type, cJSON_IsNumber(seq), cJSON_IsNumber(seq) ? (long long)seq->valuedouble : 0,
		         cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(note, "text")));
	}
	cJSON_Delete(j);
}

/* ------------------------------------------------------- WebSocket framing */

/* The connections are raw TCP connections of lws, and the load generator does the upgrade
 * and the framing itself: lws 4.1's client parses a frame's payload one byte at a time,
 * which in the join storm (every join answered with a state of up to 100 KB, 125 MB in
 * all) cost the load generator more CPU than the server. Here a frame's payload is taken
 * with one memcpy per read. */

#define LG_UPGRADE_MAX 16384             /* the upgrade's answer is a few hundred bytes */
#define LG_MSG_MAX ((uint64_t)1 << 30)   /* a length beyond this is a broken stream */

/* Room in rx for need bytes and the NUL that on_message() may write after them. */
static int rx_room(struct conn *c, size_t need)
{
	size_t cap = c->rxcap ? c->rxcap : 4096;
	char *r;

	if (need < c->rxcap)
		return 0;
	while (cap <= need)
		cap *= 2;
	if (!(r = realloc(c->rx, cap)))
		return -1;
	c->rx = r;
	c->rxcap = cap;
	return 0;
}

/* After a message (or the upgrade's answer): rx is empty again; a join's large state is
 * given back. */
static void rx_reset(struct conn *c)
{
	c->rxlen = 0;
	if (c->rxcap > 65536) {
		free(c->rx);
		c->rx = NULL;
		c->rxcap = 0;
	}
}

/* A stream that is not RFC 6455's: said, and the connection closed (counted as a close by
 * the server, which it is in effect). */
static int bad_frame(const char *why)
{
	error_note("bad frame from the server", why);
	return -1;
}

/* A frame's header is complete: its payload goes to rx (text or binary, continuations
 * appended) or to ctl (control frames, which may come between a message's fragments). */
static int frame_begin(struct conn *c)
{
	unsigned op = c->fh[0] & 0x0f, l7 = c->fh[1] & 0x7f;
	uint64_t n = l7;

	if (l7 == 126) {
		n = (uint64_t)c->fh[2] << 8 | c->fh[3];
	} else if (l7 == 127) {
		n = 0;
		for (int i = 2; i < 10; i++)
			n = n << 8 | c->fh[i];
	}
	c->fop = c->fh[0];
	c->fhn = 0;
	c->in_payload = 1;
	c->left = n;
	if ((c->fh[0] & 0x70) || (c->fh[1] & 0x80)) /* no extension was offered; a server does not mask */
		return bad_frame("reserved bits or a mask");
	if (op & 0x08) {
		if (op > 0x0a || n > sizeof c->ctl || !(c->fop & 0x80))
			return bad_frame("control frame");
		c->ctln = 0;
		return 0;
	}
	if (op > 2 || (op == 0) != c->in_msg) /* a continuation continues, a message starts anew */
		return bad_frame("data frame out of order");
	if (c->rxlen + n > LG_MSG_MAX)
		return bad_frame("message too large");
	if (rx_room(c, c->rxlen + n))
		return -1;
	c->in_msg = 1;
	return 0;
}

/* A frame's payload is complete. -1 closes the connection. */
static int frame_end(struct conn *c)
{
	c->in_payload = 0;
	switch (c->fop & 0x0f) {
	case 0x08: { /* close: answered with its code, then the connection is closed */
		unsigned code = c->ctln >= 2 ? (unsigned)c->ctl[0] << 8 | c->ctl[1] : 1000;
		/* say why, when the server closes: the close code and reason of its frame */
		if (!c->leaving && !g.closing && c->ctln >= 2) {
			char why[160];
			snprintf(why, sizeof why, "code %u %.*s", code, (int)(c->ctln - 2 < 120 ? c->ctln - 2 : 120),
				 (const char *)c->ctl + 2);
			error_note("close frame from the server", why);
		}
		write_close(c, code);
		return -1;
	}
	case 0x09:
		send_pong(c, c->ctl, c->ctln);
		return 0;
	case 0x0a: /* the load generator sends no pings */
		return 0;
	default:
		if (c->fop & 0x80) {
			c->in_msg = 0;
			on_message(c, c->rx, c->rxlen);
			rx_reset(c);
		}
		return 0;
	}
}

/* What arrives after the upgrade: frames, split anywhere across reads. -1 closes. */
static int rx_frames(struct conn *c, const unsigned char *p, size_t len)
{
	const unsigned char *end = p + len;

	/* a stopped reader (c->slow) reads nothing after its join: lws polls it no more
	 * (joined()), and what came in the same read is left unread with the rest */
	while (p < end && !(c->slow && c->state == C_JOINED)) {
		if (!c->in_payload) {
			unsigned l7;

			c->fh[c->fhn++] = *p++;
			if (c->fhn < 2)
				continue;
			l7 = c->fh[1] & 0x7f;
			if (c->fhn < 2 + (l7 == 126 ? 2 : l7 == 127 ? 8 : 0))
				continue;
			if (frame_begin(c))
				return -1;
		} else {
			size_t n = (size_t)(end - p) < c->left ? (size_t)(end - p) : (size_t)c->left;

			if (c->fop & 0x08) {
				memcpy(c->ctl + c->ctln, p, n);
				c->ctln += n;
			} else {
				memcpy(c->rx + c->rxlen, p, n);
				c->rxlen += n;
			}
			p += n;
			c->left -= n;
		}
		if (c->in_payload && !c->left && frame_end(c))
			return -1;
	}
	return 0;
}

/* The upgrade request (RFC 6455 4.1), written as soon as the TCP connection is up, when its
 * send buffer is empty. No Origin: the server takes a missing one (the client is not a
 * browser); the same for libwebsockets-test-server. */
static int write_upgrade(struct conn *c)
{
	unsigned char buf[LWS_PRE + 512], key[16];
	char b64[32];
	int n;

	for (int i = 0; i < 16; i += 4) {
		uint32_t x = lg_rand32();
		memcpy(key + i, &x, 4);
	}
	lws_b64_encode_string((const char *)key, sizeof key, b64, sizeof b64);
	n = snprintf((char *)buf + LWS_PRE, sizeof buf - LWS_PRE,
		     "GET %s HTTP/1.1\r\nHost: %s:%d\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
		     "Sec-WebSocket-Key: %s\r\nSec-WebSocket-Version: 13\r\n%s\r\n",
		     c->role == R_MIRROR ? "/" : "/ws", g.host, g.port, b64,
		     c->role == R_MIRROR ? "Sec-WebSocket-Protocol: lws-mirror-protocol\r\n" : "");
	return lws_write(c->wsi, buf + LWS_PRE, (size_t)n, LWS_WRITE_RAW) < n ? -1 : 0;
}

static void upgraded(struct conn *c)
{
	lws_set_timeout(c->wsi, NO_PENDING_TIMEOUT, 0);
	c->state = C_OPEN;
	g.open++;
	if (c->role == R_MIRROR)
		lg_samples_add(&g.aux, (double)(lg_now_ns() - c->conn_t) / 1e6);
	if (c->qh)
		want_write(c);
}

/* A failed upgrade is a connection error, like a failed TCP connect; C_CLOSED tells the
 * close callback that it is counted. */
static int upgrade_failed(struct conn *c, const char *why)
{
	g.err_conn++;
	error_note("connection error", why);
	c->state = C_CLOSED;
	return -1;
}

/* The answer to the upgrade, read up to its blank line; frames may follow in the same read.
 * (Sec-WebSocket-Accept is not checked: the server is ours or lws's test server.) */
static int rx_upgrade(struct conn *c, const unsigned char *in, size_t len)
{
	size_t had = c->rxlen, from = had > 3 ? had - 3 : 0, used;
	const char *e;
	char line[128];

	if (had + len > LG_UPGRADE_MAX)
		return upgrade_failed(c, "no end to the upgrade's answer");
	if (rx_room(c, had + len))
		return -1;
	memcpy(c->rx + had, in, len);
	c->rxlen += len;
	e = memmem(c->rx + from, c->rxlen - from, "\r\n\r\n", 4);
	if (!e)
		return 0;
	if (c->rxlen < 12 || memcmp(c->rx, "HTTP/1.1 101", 12) != 0) {
		snprintf(line, sizeof line, "%.*s", (int)strcspn(c->rx, "\r"), c->rx);
		return upgrade_failed(c, line);
	}
	used = (size_t)(e + 4 - c->rx) - had; /* the end was not in what came before */
	rx_reset(c);
	upgraded(c);
	return rx_frames(c, in + used, len - used);
}

static int callback(struct lws *wsi, enum lws_callback_reasons reason, void *user, void *in,
		    size_t len)
{
	struct conn *c = user;

	switch (reason) {
	case LWS_CALLBACK_CLIENT_CONNECTION_ERROR: /* the TCP connection failed */
		if (!c)
			break;
		g.err_conn++;
		error_note("connection error", in ? (const char *)in : "");
		c->state = C_CLOSED;
		c->wsi = NULL;
		break;
	case LWS_CALLBACK_RAW_CONNECTED:
		/* the answer to the upgrade has lws's default 20 s, then the connection is closed
		 * (a connection error: still C_CONNECTING) */
		lws_set_timeout(wsi, PENDING_TIMEOUT_AWAITING_SERVER_RESPONSE, 20);
		return write_upgrade(c);
	case LWS_CALLBACK_RAW_RX:
		return c->state == C_CONNECTING ? rx_upgrade(c, in, len) : rx_frames(c, in, len);
	case LWS_CALLBACK_RAW_WRITEABLE:
		c->want_write = 0;
		if (c->state != C_CONNECTING && write_queued(c))
			return -1;
		break;
	case LWS_CALLBACK_RAW_CLOSE:
		if (!c)
			break;
		if (c->state == C_CONNECTING) {
			if (!g.closing && !c->leaving) { /* not one that conn_close() dropped */
				g.err_conn++;
				error_note("connection error", "closed before the upgrade was answered");
			}
		} else if (c->state != C_CLOSED) {
			if (c->slow)
				g.slow_closed++;
			else if (!g.closing && !c->leaving) {
				g.err_close++;
				error_note("connection closed", "by the server");
			}
			g.closed++;
		}
		c->state = C_CLOSED;
		c->wsi = NULL;
		break;
	default:
		break;
	}
	return 0;
}

static const struct lws_protocols protocols[] = {
	{"lg", callback, 0, 65536, 0, NULL, 0},
	{NULL, NULL, 0, 0, 0, NULL, 0},
};

/* ------------------------------------------------------------- event loop */

static void sul_cb(lws_sorted_usec_list_t *sul)
{
	if (g.tick)
		g.tick();
	lws_sul_schedule(g.ctx, 0, &g.sul, sul_cb, g.tick_us);
}

/* One turn of the loop: on epoll (libuv), like the server, so that 10,000 client sockets do
 * not cost the load generator a poll() over all of them per turn. */
static void lg_service(void)
{
	uv_run(&g.uv, UV_RUN_ONCE);
}

/* Serves the loop until pred() holds or timeout_ms passes; 1 when pred() held. */
static int run_until(int (*pred)(void), double timeout_ms)
{
	double end = lg_now_ms() + timeout_ms;
	while (!interrupted) {
		if (pred && pred())
			return 1;
		if (lg_now_ms() > end)
			return 0;
		lg_service();
	}
	return 0;
}

static void serve_ms(double ms) { run_until(NULL, ms); }

static int pred_all_closed(void)
{
	for (int i = 0; i < g.nc; i++)
		if (g.c[i].wsi)
			return 0;
	return 1;
}

static void conn_start(struct conn *c)
{
	struct lws_client_connect_info i;
	char iface[32];

	memset(&i, 0, sizeof i);
	i.context = g.ctx;
	i.address = g.host;
	i.port = g.port;
	i.method = "RAW"; /* TCP only: the upgrade is write_upgrade()'s */
	i.local_protocol_name = "lg";
	i.userdata = c;
	i.pwsi = &c->wsi;
	/* The server allows 4,000 connections per client address: spread them over loopback
	 * addresses 127.0.0.2 ... (all of 127/8 is local on Linux). */
	if (g.ips > 1 && !strcmp(g.host, "127.0.0.1")) {
		snprintf(iface, sizeof iface, "127.0.0.%d", 2 + c->idx % g.ips);
		i.iface = iface;
	}
	c->state = C_CONNECTING;
	c->rxlen = 0;
	c->fhn = c->in_payload = c->in_msg = 0;
	c->conn_t = lg_now_ns();
	g.issued++;
	if (!lws_client_connect_via_info(&i) && c->state == C_CONNECTING) {
		c->state = C_CLOSED;
		g.err_conn++;
	}
}

static void queue_join(struct conn *c)
{
	struct sess *s = &g.s[c->sess];
	if (c->role == R_FAC)
		send_raw(c, "{\"type\":\"join\",\"rid\":\"j\",\"code\":\"%s\",\"facilitator_key\":\"%s\"}",
			 s->code, s->fkey);
	else if (c->role == R_PART)
		send_raw(c, "{\"type\":\"join\",\"rid\":\"j\",\"code\":\"%s\",\"name\":\"p%d\",\"background\":\"OOP\"}",
			 s->code, c->idx);
	else if (c->role == R_SCREEN)
		send_raw(c, "{\"type\":\"join\",\"rid\":\"j\",\"code\":\"%s\",\"screen\":true}", s->code);
	else if (c->role == R_OVERVIEW)
		send_raw(c, "{\"type\":\"join\",\"rid\":\"j\",\"event\":\"%s\",\"event_key\":\"%s\"}",
			 g.event_code, g.event_key);
}

static int g_target;
static int pred_ready(void)
{
	int done = g.joined + g.err_conn + g.err_close;
	return done >= g_target;
}

/* Connects conns [0, n), at most `inflight` connecting at a time; waits until all joined
 * (mirror: open). */
static int connect_all(int n, int inflight)
{
	int next = 0;
	double end = lg_now_ms() + 60000 + n * 10.0;
	for (;;) {
		int done = (g.s ? g.joined : g.open) + (int)g.err_conn + (int)g.err_close;
		if (done >= n)
			break;
		if (interrupted || lg_now_ms() > end) {
			fprintf(stderr, "loadgen: only %d of %d connections ready\n", done, n);
			return -1;
		}
		while (next < n && g.issued - done < inflight) {
			struct conn *c = &g.c[next++];
			queue_join(c);
			conn_start(c);
		}
		lg_service();
	}
	return 0;
}

/* ---------------------------------------------------------------- helpers */

static struct lg_proc p_before;
static double lg_cpu_before;

static double self_cpu_s(void)
{
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	return (double)ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 + (double)ru.ru_stime.tv_sec +
	       ru.ru_stime.tv_usec / 1e6;
}

static void measure_begin(void)
{
	lg_samples_reset(&g.lat);
	lg_samples_reset(&g.ack);
	lg_proc_read(g.server_pid, &p_before);
	lg_cpu_before = self_cpu_s();
}

static long errors_total(void)
{
	return g.err_reply + g.err_conn + g.err_close + g.err_gap + g.err_missing;
}

static void result(const char *measure, struct lg_samples *s, double thr, const char *unit,
		   const char *note)
{
	struct lg_proc p;
	lg_proc_read(g.server_pid, &p);
	size_t n = s ? s->n : 0;
	double p50 = s ? lg_samples_q(s, 0.5) : 0, p90 = s ? lg_samples_q(s, 0.9) : 0;
	double p99 = s ? lg_samples_q(s, 0.99) : 0, mx = s ? lg_samples_max(s) : 0;
	printf("RESULT|%s|%s|%zu|%.2f|%.2f|%.2f|%.2f|%.0f|%s|%.2f|%.2f|%.1f|%ld|%s\n", g.scenario,
	       measure, n, p50, p90, p99, mx, thr, unit ? unit : "-", p.cpu_s - p_before.cpu_s,
	       self_cpu_s() - lg_cpu_before, p.hwm_mb, errors_total(), note ? note : "");
	fflush(stdout);
}

static int create_sessions(int n)
{
	char body[4096];
	g.s = calloc((size_t)n, sizeof *g.s);
	g.ns = n;
	for (int i = 0; i < n; i++) {
		int st = lg_http(g.host, g.port, "POST", "/api/sessions", NULL,
				 "{\"template\":\"dialoogtafel\"}", body, sizeof body);
		cJSON *j = st == 201 ? cJSON_Parse(body) : NULL;
		const char *code = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(j, "code"));
		const char *key = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(j, "facilitator_key"));
		if (!code || !key) {
			fprintf(stderr, "loadgen: POST /api/sessions: %d %s\n", st, body);
			cJSON_Delete(j);
			return -1;
		}
		snprintf(g.s[i].code, sizeof g.s[i].code, "%s", code);
		snprintf(g.s[i].fkey, sizeof g.s[i].fkey, "%s", key);
		cJSON_Delete(j);
	}
	return 0;
}

/* Lays out per session one facilitator (when fac) then `parts` participants. */
static void layout(int sessions, int fac, int parts, int role)
{
	int per = fac + parts;
	g.nc = sessions * per;
	g.c = calloc((size_t)g.nc, sizeof *g.c);
	for (int i = 0; i < g.nc; i++) {
		g.c[i].idx = i;
		g.c[i].sess = i / per;
		g.c[i].role = role == R_MIRROR ? R_MIRROR : ((i % per) < fac ? R_FAC : R_PART);
	}
	if (g.s)
		for (int s = 0; s < sessions; s++)
			g.s[s].members = per;
}

static int g_fac_target;
static int pred_fac(void) { return g.fac_acks >= g_fac_target || g.err_reply; }

/* Every facilitator sends one request; waits for all their acks. */
static int fac_all(const char *fmt_after_rid)
{
	g_fac_target = g.fac_acks;
	for (int i = 0; i < g.nc; i++)
		if (g.c[i].role == R_FAC && g.c[i].state == C_JOINED) {
			send_raw(&g.c[i], "{\"rid\":\"f\",%s}", fmt_after_rid);
			g_fac_target++;
		}
	return run_until(pred_fac, 30000) && !g.err_reply ? 0 : -1;
}

static void ensure_tags(long n)
{
	free(g.tag_recv);
	free(g.tag_last);
	g.ntags = n;
	g.tag_recv = calloc((size_t)n, sizeof *g.tag_recv);
	g.tag_last = calloc((size_t)n, sizeof *g.tag_last);
}

static int receivers(void)
{
	int r = 0;
	for (int i = 0; i < g.nc; i++)
		if (!g.c[i].slow && (g.c[i].state == C_JOINED || (g.c[i].role == R_MIRROR && g.c[i].state == C_OPEN)))
			r++;
	return r;
}

static long g_tag;
static int g_expect;
static int pred_tag(void) { return g.tag_recv[g_tag] >= g_expect; }
static long long g_deliv_target;
static int pred_deliv(void) { return g.deliveries >= g_deliv_target; }

/* ------------------------------------------------------------- scenarios */

/* 1 (and the transport ceiling): one session, N participants; single notes, single votes,
 * a burst. For mirror, the same fan-out through lws-mirror-protocol. */
static int sc_plenary(int mirror)
{
	int n = g.participants, part0;
	char note[160];

	if (mirror) {
		layout(1, 0, n + 1, R_MIRROR);
		part0 = 0;
	} else {
		if (create_sessions(1))
			return -1;
		layout(1, 1, n, R_PART);
		part0 = 1;
	}
	for (int k = 0; k < g.slow && part0 + n - 1 - k > part0; k++)
		g.c[g.nc - 1 - k].slow = 1;
	if (connect_all(g.nc, 256))
		return -1;
	struct lg_samples join = g.join;
	result(mirror ? "connect (open)" : "join (all connected)", mirror ? &g.aux : &join, 0, NULL, "");
	if (!mirror && fac_all("\"type\":\"phase.set\",\"index\":4"))
		return -1;
	/* The first note too comes after 20 ms of quiet, like all those after it: sent at once
	 * after the phase event, it was held by the fan-out pacing (hub_pace.c), and with 20
	 * notes that one note was the p99. */
	serve_ms(20);
	ensure_tags(g.notes + g.burst + 1);
	int expect = receivers();
	if (mirror) { /* does the sender get its own message? count on a first one */
		g_tag = g.ntags - 1;
		g_expect = expect;
		send_note(&g.c[part0 + 1], 4, g_tag);
		run_until(pred_tag, 2000);
		expect = g.tag_recv[g_tag];
	}

	/* one note at a time */
	measure_begin();
	struct lg_samples last = {0};
	for (int k = 0; k < g.notes; k++) {
		g_tag = k;
		g_expect = expect;
		send_note(&g.c[part0 + k % n], 4, k);
		if (!run_until(pred_tag, 5000))
			g.err_missing += expect - g.tag_recv[k];
		lg_samples_add(&last, g.tag_last[k]);
		serve_ms(20);
	}
	snprintf(note, sizeof note, "%d receivers; last receiver p50 %.2f ms, max %.2f ms", expect,
		 lg_samples_q(&last, 0.5), lg_samples_max(&last));
	result(mirror ? "message fan-out, one at a time" : "note fan-out, one at a time", &g.lat, 0,
	       NULL, note);

	/* one vote at a time */
	if (!mirror && g.votes > 0) {
		g_fac_target = g.fac_acks + 1;
		send_raw(&g.c[0], "{\"type\":\"cluster.add\",\"rid\":\"c\",\"title\":\"Richting\"}");
		run_until(pred_fac, 5000);
		if (fac_all("\"type\":\"phase.set\",\"index\":6"))
			return -1;
		serve_ms(20);
		measure_begin();
		for (int k = 0; k < g.votes; k++) {
			int target = g.vote_recv + expect;
			g.vote_t = lg_now_ns();
			send_raw(&g.c[part0 + k % n], "{\"type\":\"vote\",\"rid\":\"v\",\"cluster\":\"%s\",\"delta\":1}",
				 g.cluster_id);
			double end = lg_now_ms() + 5000;
			while (g.vote_recv < target && lg_now_ms() < end && !interrupted)
				lg_service();
			if (g.vote_recv < target)
				g.err_missing += target - g.vote_recv;
			serve_ms(20);
		}
		snprintf(note, sizeof note, "%d receivers", expect);
		result("vote fan-out, one at a time", &g.lat, 0, NULL, note);
		if (fac_all("\"type\":\"phase.set\",\"index\":4"))
			return -1;
	}

	/* a burst from one participant, back to back */
	if (g.burst > 0) {
		measure_begin();
		struct conn *sender = &g.c[part0 + 1 % n];
		double t0 = lg_now_ms();
		for (int k = 0; k < g.burst; k++)
			send_note(sender, 4, g.notes + k);
		g_deliv_target = g.deliveries + (long long)g.burst * expect;
		if (!run_until(pred_deliv, 30000))
			g.err_missing += g_deliv_target - g.deliveries;
		double secs = (g.last_delivery_ms - t0) / 1000.0;
		snprintf(note, sizeof note, "%.0f deliveries/s (%d receivers); %d in %.3f s",
			 (double)g.burst * expect / secs, expect, g.burst, secs);
		result(mirror ? "burst: messages/s delivered to all" : "burst: notes/s committed+delivered to all",
		       &g.lat, g.burst / secs, "notes/s", note);
		printf("DELIVERIES_PER_S|%s|%.0f\n", mirror ? "mirror" : "tafel", (double)g.burst * expect / secs);
	}
	return 0;
}

/* 2: many tables; 8: memory per idle connection. */
static int tables_rate_sent;
static double tables_t0;
static int tables_on;
static void tables_tick(void)
{
	if (!tables_on)
		return;
	double el = (lg_now_ms() - tables_t0) / 1000.0;
	int parts = g.participants * g.ns;
	long due = (long)(el * parts / g.interval_s) - tables_rate_sent;
	for (; due > 0; due--, tables_rate_sent++) {
		/* a random participant; uniform choice per tick gives each an average interval */
		int s = rand() % g.ns, p = rand() % g.participants;
		struct conn *c = &g.c[s * (g.participants + 1) + 1 + p];
		if (c->state == C_JOINED)
			send_note(c, 4, -1);
	}
}

static int sc_tables(void)
{
	struct lg_proc p0, p1, pa, pb;
	char note[200];

	if (create_sessions(g.sessions))
		return -1;
	layout(g.sessions, 1, g.participants, R_PART);
	serve_ms(500);
	lg_proc_read(g.server_pid, &p0);
	if (connect_all(g.nc, 512))
		return -1;
	serve_ms(1000);
	lg_proc_read(g.server_pid, &p1);
	snprintf(note, sizeof note,
		 "RSS %.1f -> %.1f MB for %d joined idle connections in %d sessions: %.2f KB each",
		 p0.rss_mb, p1.rss_mb, g.nc, g.ns, (p1.rss_mb - p0.rss_mb) * 1024.0 / g.nc);
	measure_begin();
	result("memory per idle connection (KB)", NULL, (p1.rss_mb - p0.rss_mb) * 1024.0 / g.nc, "KB/conn", note);
	if (fac_all("\"type\":\"phase.set\",\"index\":4"))
		return -1;

	measure_begin();
	lg_proc_read(g.server_pid, &pa);
	long long d0 = g.deliveries, s0 = g.sent;
	tables_t0 = lg_now_ms();
	tables_on = 1;
	g.tick = tables_tick;
	serve_ms(g.duration_s * 1000.0);
	tables_on = 0;
	lg_proc_read(g.server_pid, &pb);
	g_deliv_target = d0 + (g.sent - s0) * (g.participants + 1);
	if (!run_until(pred_deliv, 5000))
		g.err_missing += g_deliv_target - g.deliveries;
	double cores = (pb.cpu_s - pa.cpu_s) / g.duration_s;
	snprintf(note, sizeof note, "%lld notes, %.2f cores, RSS %.1f MB (peak %.1f)", g.sent - s0,
		 cores, pb.rss_mb, pb.hwm_mb);
	result("note fan-out, 1 note/participant/interval", &g.lat,
	       (double)(g.deliveries - d0) / g.duration_s, "deliveries/s", note);
	return 0;
}

/* 11: a conference day: one event of N tables of P participants (and a facilitator each),
 * notes at one per participant per interval, first without and then with the organizer's
 * overview open: its table.progress messages per second and what it costs the server. */
static int create_event(int n)
{
	char req[256], *body = malloc(1 << 20);
	cJSON *j, *t;
	int st, i = 0;

	snprintf(req, sizeof req, "{\"title\":\"Bench\",\"template\":\"dialoogtafel\",\"tables\":%d}", n);
	st = lg_http(g.host, g.port, "POST", "/api/events", NULL, req, body, 1 << 20);
	j = st == 201 ? cJSON_Parse(body) : NULL;
	if (!j) {
		fprintf(stderr, "loadgen: POST /api/events: %d %.300s\n", st, body);
		free(body);
		return -1;
	}
	snprintf(g.event_code, sizeof g.event_code, "%s",
		 cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(j, "code")));
	snprintf(g.event_key, sizeof g.event_key, "%s",
		 cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(j, "event_key")));
	g.s = calloc((size_t)n, sizeof *g.s);
	g.ns = n;
	cJSON_ArrayForEach(t, cJSON_GetObjectItemCaseSensitive(j, "tables")) {
		snprintf(g.s[i].code, sizeof g.s[i].code, "%s",
			 cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(t, "code")));
		snprintf(g.s[i].fkey, sizeof g.s[i].fkey, "%s",
			 cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(t, "facilitator_key")));
		i++;
	}
	cJSON_Delete(j);
	free(body);
	return i == n ? 0 : -1;
}

/* Notes for `seconds`; the server's cores over that time. */
static double event_period(double seconds, long long *notes)
{
	struct lg_proc pa, pb;
	long long s0 = g.sent;

	lg_proc_read(g.server_pid, &pa);
	tables_rate_sent = 0;
	tables_t0 = lg_now_ms();
	tables_on = 1;
	g.tick = tables_tick;
	serve_ms(seconds * 1000.0);
	tables_on = 0;
	serve_ms(500);
	lg_proc_read(g.server_pid, &pb);
	*notes = g.sent - s0;
	return (pb.cpu_s - pa.cpu_s) / (seconds + 0.5);
}

static int sc_event(void)
{
	char note[240];
	long long n_off, n_on, p0;
	double off, on, half = g.duration_s / 2.0;

	if (create_event(g.sessions))
		return -1;
	layout(g.sessions, 1, g.participants, R_PART);
	if (connect_all(g.nc, 512))
		return -1;
	if (fac_all("\"type\":\"phase.set\",\"index\":4"))
		return -1;
	serve_ms(500);
	measure_begin();
	off = event_period(half, &n_off);
	/* The overview joins as one more connection. */
	g.c = realloc(g.c, (size_t)(g.nc + 1) * sizeof *g.c);
	memset(&g.c[g.nc], 0, sizeof g.c[g.nc]);
	g.c[g.nc].idx = g.nc;
	g.c[g.nc].role = R_OVERVIEW;
	queue_join(&g.c[g.nc]);
	conn_start(&g.c[g.nc]);
	g.nc++;
	g_target = g.joined + 1;
	if (!run_until(pred_ready, 10000))
		return -1;
	serve_ms(500);
	p0 = g.progress_rx;
	long long b0 = g.progress_bytes;
	on = event_period(half, &n_on);
	snprintf(note, sizeof note, "%d tables of %d; server %.3f cores without the overview, %.3f with "
		 "(%+.1f %%); %lld + %lld notes; %.0f bytes/s to the overview",
		 g.ns, g.participants, off, on, off > 0 ? (on - off) / off * 100.0 : 0.0, n_off, n_on,
		 (double)(g.progress_bytes - b0) / half);
	result("event overview: table.progress per second", NULL, (double)(g.progress_rx - p0) / half,
	       "updates/s", note);
	return 0;
}

/* 3: join storm: N participants join one session, spread over the window. */
static int storm_next;
static double storm_t0;
static void storm_tick(void)
{
	double el = (lg_now_ms() - storm_t0) / 1000.0;
	int due = (int)(el / g.join_window_s * g.nc) + 1;
	while (storm_next < g.nc && storm_next < due) {
		struct conn *c = &g.c[storm_next++];
		queue_join(c);
		conn_start(c);
	}
}

static int sc_joinstorm(void)
{
	char note[200];
	if (create_sessions(1))
		return -1;
	layout(1, 0, g.participants, R_PART);
	measure_begin();
	storm_t0 = lg_now_ms();
	g.tick = storm_tick;
	g_target = g.nc;
	run_until(pred_ready, 60000);
	g.tick = NULL;
	double secs = (lg_now_ms() - storm_t0) / 1000.0;
	if (g.joined < g.nc)
		g.err_missing += g.nc - g.joined;
	snprintf(note, sizeof note, "%d joins in %.2f s; connect+join p99 %.2f ms", g.joined, secs,
		 lg_samples_q(&g.aux, 0.99));
	result("join answered with full state", &g.join, g.joined / secs, "joins/s", note);
	return 0;
}

/* 4: write throughput: every participant pipelines note.add, paced under the rate limit. */
static int tp_on;
static double tp_last;
static void tp_tick(void)
{
	if (!tp_on)
		return;
	double now = lg_now_ms(), dt = (now - tp_last) / 1000.0;
	tp_last = now;
	for (int i = 0; i < g.nc; i++) {
		struct conn *c = &g.c[i];
		if (c->role != R_PART || c->state != C_JOINED)
			continue;
		c->tokens += g.rate * dt;
		if (c->tokens > g.window)
			c->tokens = g.window;
		while (c->tokens >= 1 && c->outstanding < g.window) {
			c->tokens -= 1;
			send_note(c, 4, -1);
		}
	}
}

static int pred_no_outstanding(void)
{
	for (int i = 0; i < g.nc; i++)
		if (g.c[i].state == C_JOINED && g.c[i].outstanding > 0)
			return 0;
	return 1;
}

static int sc_throughput(void)
{
	char note[200];
	if (create_sessions(g.sessions))
		return -1;
	layout(g.sessions, 1, g.participants, R_PART);
	if (connect_all(g.nc, 512))
		return -1;
	if (fac_all("\"type\":\"phase.set\",\"index\":4"))
		return -1;
	measure_begin();
	long long a0 = g.acks, d0 = g.deliveries;
	double t0 = lg_now_ms();
	tp_last = t0;
	tp_on = 1;
	g.tick = tp_tick;
	serve_ms(g.duration_s * 1000.0);
	tp_on = 0;
	double secs = (lg_now_ms() - t0) / 1000.0;
	long long acked = g.acks - a0;
	if (!run_until(pred_no_outstanding, 10000))
		g.err_missing++;
	snprintf(note, sizeof note, "%lld acks in %.1f s; %d conns x %.0f/s offered, window %d; %.0f deliveries/s",
		 acked, secs, g.sessions * g.participants, g.rate, g.window,
		 (double)(g.deliveries - d0) / secs);
	result("note.add acknowledged (durable)", &g.ack, acked / secs, "changes/s", note);
	return 0;
}

/* 5a: fill a database: sessions x changes (the facilitator adds notes in any phase). */
static int fill_on;
static void fill_tick(void)
{
	static double last;
	double now = lg_now_ms(), dt = last ? (now - last) / 1000.0 : 0;
	last = now;
	if (!fill_on)
		return;
	for (int i = 0; i < g.nc; i++) {
		struct conn *c = &g.c[i];
		if (c->state != C_JOINED || (long)c->rid_next >= g.changes - 1)
			continue;
		c->tokens += g.rate * dt;
		if (c->tokens > g.window)
			c->tokens = g.window;
		while (c->tokens >= 1 && c->outstanding < g.window && (long)c->rid_next + c->qn < g.changes - 1) {
			c->tokens -= 1;
			send_note(c, 4, -1);
		}
	}
}

static int pred_filled(void)
{
	return g.acks >= (long long)g.nc * (g.changes - 1) || g.err_reply || g.err_close;
}

static int sc_fill(void)
{
	if (create_sessions(g.sessions))
		return -1;
	layout(g.sessions, 1, 0, R_PART);
	if (connect_all(g.nc, 512))
		return -1;
	measure_begin();
	double t0 = lg_now_ms();
	fill_on = 1;
	g.tick = fill_tick;
	run_until(pred_filled, 600000);
	fill_on = 0;
	double secs = (lg_now_ms() - t0) / 1000.0;
	char note[160];
	snprintf(note, sizeof note, "%d sessions x %d changes", g.ns, g.changes);
	result("fill database", &g.ack, g.acks / secs, "changes/s", note);
	if (g.codes_path) {
		FILE *f = fopen(g.codes_path, "w");
		if (!f)
			return -1;
		for (int i = 0; i < g.ns; i++)
			fprintf(f, "%s %s\n", g.s[i].code, g.s[i].fkey);
		fclose(f);
	}
	return 0;
}

/* 5b: after a restart: time from the server's exec (t0, CLOCK_REALTIME from run.sh) to a
 * healthy answer, and to the first join of a stored session answered with its state. */
static int sc_restart(void)
{
	char body[256], note[200];
	struct timespec ts;
	FILE *f = g.codes_path ? fopen(g.codes_path, "r") : NULL;
	if (!f) {
		fprintf(stderr, "loadgen: restart needs --codes FILE\n");
		return -1;
	}
	int cap = 1024, n = 0;
	g.s = calloc((size_t)cap, sizeof *g.s);
	while (n < cap && fscanf(f, "%15s %95s", g.s[n].code, g.s[n].fkey) == 2)
		n++;
	fclose(f);
	g.ns = n < g.repeats ? n : g.repeats;
	double healthy = -1;
	for (int tries = 0; tries < 20000; tries++) {
		if (lg_http(g.host, g.port, "GET", "/healthz", NULL, NULL, body, sizeof body) == 200) {
			clock_gettime(CLOCK_REALTIME, &ts);
			healthy = ((double)ts.tv_sec * 1e9 + ts.tv_nsec - (double)g.t0_realtime_ns) / 1e6;
			break;
		}
		usleep(1000);
	}
	if (healthy < 0)
		return -1;
	/* one facilitator per session, the sessions joined one after another */
	layout(g.ns, 1, 0, R_PART);
	measure_begin();
	g_target = 1;
	queue_join(&g.c[0]);
	conn_start(&g.c[0]);
	run_until(pred_ready, 10000);
	clock_gettime(CLOCK_REALTIME, &ts);
	double first = ((double)ts.tv_sec * 1e9 + ts.tv_nsec - (double)g.t0_realtime_ns) / 1e6;
	for (int i = 1; i < g.nc; i++) {
		g_target = i + 1;
		queue_join(&g.c[i]);
		conn_start(&g.c[i]);
		run_until(pred_ready, 10000);
	}
	snprintf(note, sizeof note, "exec -> /healthz 200: %.1f ms; exec -> first join with state: %.1f ms",
		 healthy, first);
	struct lg_samples one = {0};
	lg_samples_add(&one, first);
	result("restart: exec to first session served (ms)", &one, 0, NULL, note);
	snprintf(note, sizeof note, "%d stored sessions joined one by one (loaded from the file)", g.nc);
	result("join of a stored session, cold", &g.join, 0, NULL, note);
	return 0;
}

/* 6: export of a session with N notes, as HTML. */
static int sc_export(void)
{
	char path[128], note[200];
	static char body[1 << 16];
	int per = 10, each = (g.notes + per - 1) / per;

	if (create_sessions(1))
		return -1;
	layout(1, 1, per, R_PART);
	if (connect_all(g.nc, 64))
		return -1;
	if (fac_all("\"type\":\"phase.set\",\"index\":4"))
		return -1;
	for (int i = 1; i < g.nc; i++)
		for (int k = 0; k < each; k++)
			send_note(&g.c[i], 4, -1);
	g_deliv_target = 0;
	run_until(pred_no_outstanding, 60000);
	snprintf(path, sizeof path, "/api/sessions/%s/export?format=html&lang=nl", g.s[0].code);
	measure_begin();
	size_t bytes = 0;
	for (int r = 0; r < g.repeats; r++) {
		double t = lg_now_ms();
		int st = lg_http(g.host, g.port, "GET", path, g.s[0].fkey, NULL, body, sizeof body);
		lg_samples_add(&g.lat, lg_now_ms() - t);
		if (st != 200) {
			g.err_reply++;
			error_note("export", body);
		}
		bytes = strlen(body);
	}
	snprintf(note, sizeof note, "%lld notes; session live in memory; HTTP round trip incl. connect",
		 g.acks);
	(void)bytes;
	result("export html, warm", &g.lat, 0, NULL, note);
	/* cold: everyone leaves, the session is dropped from memory, the export loads it */
	g.closing = 1;
	for (int i = 0; i < g.nc; i++)
		conn_close(&g.c[i]);
	serve_ms(1500);
	lg_samples_reset(&g.lat);
	double t = lg_now_ms();
	int st = lg_http(g.host, g.port, "GET", path, g.s[0].fkey, NULL, body, sizeof body);
	lg_samples_add(&g.lat, lg_now_ms() - t);
	if (st != 200)
		g.err_reply++;
	result("export html, cold (session loaded from file)", &g.lat, 0, NULL, "");
	return 0;
}

/* 7: a reader that stops reading. Like plenary, with notes paced from many senders; the
 * last --slow participants stop reading after their join. Compare with --slow 0. */
static int slow_next, slow_on;
static double slow_t0;
static void slow_tick(void)
{
	if (!slow_on)
		return;
	double el = (lg_now_ms() - slow_t0) / 1000.0;
	int due = (int)(el * g.notes_rate);
	if (due > g.notes)
		due = g.notes;
	int senders = g.participants - g.slow;
	for (; slow_next < due; slow_next++)
		send_note(&g.c[1 + slow_next % senders], 4, -1);
}

static int sc_slowreader(void)
{
	char note[200];
	if (create_sessions(1))
		return -1;
	layout(1, 1, g.participants, R_PART);
	for (int k = 0; k < g.slow; k++)
		g.c[g.nc - 1 - k].slow = 1;
	if (connect_all(g.nc, 256))
		return -1;
	if (fac_all("\"type\":\"phase.set\",\"index\":4"))
		return -1;
	int expect = receivers();
	measure_begin();
	slow_t0 = lg_now_ms();
	slow_on = 1;
	g.tick = slow_tick;
	g_deliv_target = (long long)g.notes * expect;
	if (!run_until(pred_deliv, g.notes / g.notes_rate * 1000.0 + 30000))
		g.err_missing += g_deliv_target - g.deliveries;
	slow_on = 0;
	double secs = (g.last_delivery_ms - slow_t0) / 1000.0;
	snprintf(note, sizeof note, "%d stopped readers (%ld closed by the server); %d readers; %d notes of %zu bytes",
		 g.slow, g.slow_closed, expect, g.notes, strlen(g.padding) + 30);
	result(g.slow ? "fan-out to readers, with stopped readers" : "fan-out to readers, none stopped",
	       &g.lat, g.deliveries / secs, "deliveries/s", note);
	return 0;
}

/* 9: soak: S sessions of a screen and N participants held for D seconds under steady,
 * moderate traffic. Each participant adds a note every --interval s on average, edits its
 * newest note after a share (--edits) of them, and deletes its oldest once it has --keep,
 * so that the sessions' data stays the same size and the server's memory should too: a
 * growing RSS is then a leak, not data. A facilitator per session opens the phase and
 * leaves. Every --slice s a window line (latency, CPU, RSS); the server's RSS and CPU every
 * 10 s; at the end the totals, events received against expected, and a memory verdict. */
#define SOAK_OWN_MAX 64  /* ring of a participant's own notes; --keep is capped below it */
#define SOAK_SAMPLE_S 10.0

struct soak_own { /* a participant's acknowledged, not deleted notes, oldest first */
	long ids[SOAK_OWN_MAX];
	int head, n;
};

struct soak_sample {
	double t, rss_mb, cpu_s;
};

static struct {
	int on, per, grew;
	double t0;
	long actions;
	long long adds, edits, deletes, adds_acked, changes_acked;
	struct soak_own *own;   /* per connection */
	long *sess_adds;        /* note.add acknowledged, per session */
	struct soak_sample *smp;
	int nsmp, capsmp;
	double next_sample, next_progress, runq0;
	int win;                /* windows done */
	double win_t0, win_cpu0, win_runq0;
	long long win_adds0;
} soak;

static int soak_held(const struct conn *c) { return c->role != R_FAC && c->state == C_JOINED; }

static void soak_own_push(struct soak_own *o, long id)
{
	if (o->n == SOAK_OWN_MAX) { /* cannot happen with --keep capped; forget the oldest */
		o->head = (o->head + 1) % SOAK_OWN_MAX;
		o->n--;
	}
	o->ids[(o->head + o->n++) % SOAK_OWN_MAX] = id;
}

static long soak_own_pop(struct soak_own *o)
{
	long id = o->ids[o->head];
	o->head = (o->head + 1) % SOAK_OWN_MAX;
	o->n--;
	return id;
}

/* An ok to a numbered request: a note.add's carries the new note's id, to edit and delete. */
static void soak_acked(struct conn *c, const cJSON *ok)
{
	const char *id = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(ok, "id"));
	if (!id) {
		soak.changes_acked++;
		return;
	}
	soak.adds_acked++;
	soak.sess_adds[c->sess]++;
	soak_own_push(&soak.own[c->idx], atol(id));
}

/* One participant's turn: perhaps an edit of its newest note, a new note, and the delete of
 * its oldest when it has --keep. */
static void soak_act(struct conn *c)
{
	struct soak_own *o = &soak.own[c->idx];
	if (c->state != C_JOINED)
		return;
	if (o->n && rand() < g.edit_share * RAND_MAX) {
		send_change(c, K_EDIT, o->ids[(o->head + o->n - 1) % SOAK_OWN_MAX]);
		soak.edits++;
	}
	send_note(c, 4, -1);
	soak.adds++;
	if (g.keep && o->n >= g.keep) {
		send_change(c, K_DELETE, soak_own_pop(o));
		soak.deletes++;
	}
}

static void soak_sample(double t)
{
	struct lg_proc p;
	if (soak.nsmp == soak.capsmp || lg_proc_read(g.server_pid, &p))
		return;
	soak.smp[soak.nsmp++] = (struct soak_sample){t, p.rss_mb, p.cpu_s};
}

static const struct soak_sample *soak_last(void) { return soak.nsmp ? &soak.smp[soak.nsmp - 1] : NULL; }

/* The machine's 1-minute load average: others' work on the shared cores, for the record. */
static double loadavg1(void)
{
	double l = 0;
	FILE *f = fopen("/proc/loadavg", "r");
	if (f) {
		if (fscanf(f, "%lf", &l) != 1)
			l = 0;
		fclose(f);
	}
	return l;
}

static void soak_window_end(double t)
{
	struct lg_proc p;
	lg_proc_read(g.server_pid, &p);
	double secs = t - soak.win_t0;
	printf("window %5.1f-%5.1f min: %lld notes acked; delivery n %zu p50 %.2f p99 %.2f max %.2f ms; "
	       "ack n %zu p50 %.2f p99 %.2f max %.2f ms; server CPU %.1f s (%.2f cores), waited for a CPU "
	       "%.1f s; RSS %.1f MB; load %.1f\n",
	       soak.win_t0 / 60, t / 60, soak.adds_acked - soak.win_adds0, g.wlat.n,
	       lg_samples_q(&g.wlat, 0.5), lg_samples_q(&g.wlat, 0.99), lg_samples_max(&g.wlat), g.wack.n,
	       lg_samples_q(&g.wack, 0.5), lg_samples_q(&g.wack, 0.99), lg_samples_max(&g.wack),
	       p.cpu_s - soak.win_cpu0, secs > 0 ? (p.cpu_s - soak.win_cpu0) / secs : 0,
	       p.runq_s - soak.win_runq0, p.rss_mb, loadavg1());
	fflush(stdout);
	lg_samples_reset(&g.wlat);
	lg_samples_reset(&g.wack);
	soak.win++;
	soak.win_t0 = t;
	soak.win_cpu0 = p.cpu_s;
	soak.win_runq0 = p.runq_s;
	soak.win_adds0 = soak.adds_acked;
}

static void soak_progress(double t)
{
	const struct soak_sample *s = soak_last();
	fprintf(stderr, "soak %3.0f min: %lld notes acked, %lld deliveries; RSS %.1f MB, server CPU %.1f s; "
		"unexpected closes %ld, error replies %ld\n", t / 60, soak.adds_acked, g.deliveries,
		s ? s->rss_mb : 0, s ? s->cpu_s : 0, g.err_close, g.err_reply);
}

static void soak_tick(void)
{
	if (!soak.on)
		return;
	double t = (lg_now_ms() - soak.t0) / 1000.0;
	long due = (long)(t * g.participants * g.ns / g.interval_s) - soak.actions;
	/* a random participant per action: each then acts every --interval s on average */
	for (; due > 0; due--, soak.actions++)
		soak_act(&g.c[(rand() % g.ns) * soak.per + 2 + rand() % g.participants]);
	if (t >= soak.next_sample && soak.next_sample < g.duration_s) { /* the end's is taken at the stop */
		soak_sample(t);
		soak.next_sample += SOAK_SAMPLE_S;
	}
	/* the last window is closed after the drain, so that it holds the last deliveries */
	if (t >= soak.win_t0 + g.slice_s && soak.win_t0 + g.slice_s < g.duration_s)
		soak_window_end(t);
	if (t >= soak.next_progress) {
		soak_progress(t);
		soak.next_progress += 60;
	}
}

/* Per session, the highest seq any of its connections saw: what every one should have. */
static long long *soak_final_seq(void)
{
	long long *fin = calloc((size_t)g.ns, sizeof *fin);
	for (int i = 0; fin && i < g.nc; i++)
		if (soak_held(&g.c[i]) && g.c[i].last_seq > fin[g.c[i].sess])
			fin[g.c[i].sess] = g.c[i].last_seq;
	return fin;
}

/* note.added received, and expected: every acknowledged note at every held connection. */
static void soak_notes_count(long long *got, long long *want)
{
	*got = *want = 0;
	for (int i = 0; i < g.nc; i++)
		if (soak_held(&g.c[i])) {
			*got += g.c[i].notes_rx;
			*want += soak.sess_adds[g.c[i].sess];
		}
}

static int soak_drained(void)
{
	long long got, want;
	for (int i = 0; i < g.nc; i++)
		if (soak_held(&g.c[i]) && g.c[i].outstanding > 0)
			return 0;
	soak_notes_count(&got, &want);
	return got >= want;
}

static void soak_report_events(void)
{
	long long *fin = soak_final_seq(), got = 0, want = 0, ngot, nwant;
	int short_conns = 0, held = 0;
	for (int i = 0; fin && i < g.nc; i++) {
		struct conn *c = &g.c[i];
		if (!soak_held(c))
			continue;
		held++;
		got += c->events;
		want += fin[c->sess] - c->join_seq;
		short_conns += c->events < fin[c->sess] - c->join_seq;
	}
	free(fin);
	soak_notes_count(&ngot, &nwant);
	printf("events: %lld received of %lld expected by seq (every event of its session since its join, "
	       "at %d held connections; %d connections short); note.added %lld of %lld (acked notes x receivers)\n",
	       got, want, held, short_conns, ngot, nwant);
	if (got < want || ngot < nwant)
		g.err_missing += (want - got) + (nwant - ngot);
}

/* RSS per minute, and whether it grew after the warm-up by more than 10 % or 5 MB. */
static void soak_report_memory(void)
{
	int warm_s = g.duration_s >= 2 * g.warmup_s ? g.warmup_s : g.duration_s / 2, w = -1;
	double x[4096], y[4096];
	size_t n = 0;

	for (int i = 0; i < soak.nsmp; i++) /* the whole series, for a plot (soak.sh hides them) */
		printf("SAMPLE|%.1f|%.2f|%.2f\n", soak.smp[i].t, soak.smp[i].rss_mb, soak.smp[i].cpu_s);
	printf("RSS MB per minute:");
	for (int i = 0; i < soak.nsmp; i++) {
		const struct soak_sample *s = &soak.smp[i];
		if (i % 6 == 0 || i == soak.nsmp - 1)
			printf(" %.0f:%.1f", s->t / 60, s->rss_mb);
		if (w < 0 && s->t >= warm_s - 0.5)
			w = i;
		if (w >= 0 && n < 4096) {
			x[n] = s->t / 3600;
			y[n++] = s->rss_mb;
		}
	}
	printf("\n");
	const struct soak_sample *e = soak_last();
	if (w < 0 || !e) {
		printf("memory: too few samples for a verdict\n");
		return;
	}
	const struct soak_sample *ws = &soak.smp[w];
	double growth = e->rss_mb - ws->rss_mb, limit = ws->rss_mb * 0.10 > 5 ? ws->rss_mb * 0.10 : 5;
	soak.grew = growth > limit;
	printf("memory: RSS %.1f MB at %.1f min (after the warm-up), %.1f MB at %.1f min: %+.1f MB (%+.1f %%); "
	       "trend after the warm-up %+.1f MB/hour; %s (limit +10 %% or +5 MB)\n",
	       ws->rss_mb, ws->t / 60, e->rss_mb, e->t / 60, growth, 100 * growth / ws->rss_mb,
	       lg_slope(x, y, n), soak.grew ? "GROWING" : "flat");
}

static void soak_report(struct lg_proc *before, struct lg_proc *joined, double conn_cpu)
{
	char note[200];
	const struct soak_sample *e = soak_last();
	double cpu = e ? e->cpu_s - soak.smp[0].cpu_s : 0, secs = e ? e->t : 0;
	int held = 0;
	for (int i = 0; i < g.nc; i++)
		held += soak_held(&g.c[i]);
	printf("connections: %d opened (%d facilitators, who left after opening the phase; %d screens; %d participants); "
	       "%d held to the end; RSS %.1f -> %.1f MB and server CPU %.1f s for connecting and joining\n",
	       g.open, g.ns, g.ns, g.ns * g.participants, held, before->rss_mb, joined->rss_mb, conn_cpu);
	printf("unexpected closes: %ld; connect errors: %ld; error replies: %ld; seq gaps: %ld\n", g.err_close,
	       g.err_conn, g.err_reply, g.err_gap);
	printf("requests: note.add %lld sent, %lld acked; note.edit %lld + note.delete %lld sent, %lld acked\n",
	       soak.adds, soak.adds_acked, soak.edits, soak.deletes, soak.changes_acked);
	soak_report_events();
	struct lg_proc now;
	lg_proc_read(g.server_pid, &now);
	printf("server CPU: %.1f s in %.1f min of traffic (%.2f cores); it waited for a CPU %.1f s; "
	       "load generator CPU %.1f s in all\n", cpu, secs / 60, secs > 0 ? cpu / secs : 0,
	       now.runq_s - soak.runq0, self_cpu_s());
	soak_report_memory();
	snprintf(note, sizeof note, "%d connections held %.0f min; %lld notes; write to each receiver's event", held,
		 secs / 60, soak.adds_acked);
	result("delivery (note.added, note.edited)", &g.lat, secs > 0 ? (double)g.deliveries / secs : 0,
	       "deliveries/s", note);
	result("ack (note.add, note.edit, note.delete)", &g.ack, secs > 0 ? (double)g.acks / secs : 0,
	       "changes/s", "durable: ok after the commit");
}

/* Lays out per session a facilitator, a screen and --participants participants. */
static void soak_layout(void)
{
	soak.per = 2 + g.participants;
	g.nc = g.ns * soak.per;
	g.c = calloc((size_t)g.nc, sizeof *g.c);
	soak.own = calloc((size_t)g.nc, sizeof *soak.own);
	soak.sess_adds = calloc((size_t)g.ns, sizeof *soak.sess_adds);
	for (int i = 0; i < g.nc; i++) {
		int k = i % soak.per;
		g.c[i].idx = i;
		g.c[i].sess = i / soak.per;
		g.c[i].role = k == 0 ? R_FAC : k == 1 ? R_SCREEN : R_PART;
	}
	soak.capsmp = (int)(g.duration_s / SOAK_SAMPLE_S) + 16;
	soak.smp = calloc((size_t)soak.capsmp, sizeof *soak.smp);
}

static int pred_facs_gone(void)
{
	for (int i = 0; i < g.nc; i++)
		if (g.c[i].role == R_FAC && g.c[i].wsi)
			return 0;
	return 1;
}

/* The facilitators open the phase for notes, then leave. */
static int soak_open_phase(void)
{
	if (fac_all("\"type\":\"phase.set\",\"index\":4"))
		return -1;
	for (int i = 0; i < g.nc; i++)
		if (g.c[i].role == R_FAC && g.c[i].wsi) {
			g.c[i].leaving = 1;
			conn_close(&g.c[i]);
		}
	run_until(pred_facs_gone, 10000);
	serve_ms(1000); /* their participant.left reaches everyone before the measurement */
	return 0;
}

static void soak_start(void)
{
	measure_begin();
	lg_samples_reset(&g.wlat);
	lg_samples_reset(&g.wack);
	g.soak = 1;
	soak.t0 = lg_now_ms();
	soak_sample(0);
	struct lg_proc p;
	lg_proc_read(g.server_pid, &p);
	soak.runq0 = p.runq_s;
	soak.next_sample = SOAK_SAMPLE_S;
	soak.next_progress = 60;
	soak.win_cpu0 = soak.smp[0].cpu_s;
	soak.win_runq0 = soak.runq0;
	soak.on = 1;
	g.tick = soak_tick;
	/* 10 ms between ticks is fine for a few hundred actions per second (each note is
	 * stamped when written), and spares the shared cores a poll() over every socket at 1 kHz */
	g.tick_us = 10000;
}

static int sc_soak(void)
{
	struct lg_proc p0, p1;

	if (g.keep > SOAK_OWN_MAX - 16)
		g.keep = SOAK_OWN_MAX - 16;
	printf("soak: %d sessions x (%d participants + 1 screen), %d s; a note every %.1f s per participant, "
	       "edits %.2f per note, %d notes kept per participant\n", g.sessions, g.participants,
	       g.duration_s, g.interval_s, g.edit_share, g.keep);
	fflush(stdout);
	if (create_sessions(g.sessions))
		return -1;
	soak_layout();
	serve_ms(500);
	lg_proc_read(g.server_pid, &p0);
	if (connect_all(g.nc, 512) || soak_open_phase())
		return -1;
	lg_proc_read(g.server_pid, &p1);

	soak_start();
	serve_ms(g.duration_s * 1000.0);
	soak.on = 0;
	double t = (lg_now_ms() - soak.t0) / 1000.0;
	soak_sample(t);
	if (!run_until(soak_drained, 30000))
		fprintf(stderr, "loadgen: not drained 30 s after the traffic stopped\n");
	soak_window_end(t);
	soak_report(&p0, &p1, p1.cpu_s - p0.cpu_s);
	return 0;
}

/* ------------------------------------------------------------------ main */

static void usage(void)
{
	fprintf(stderr,
		"usage: tafel-loadgen --scenario plenary|mirror|tables|joinstorm|throughput|fill|restart|export|slowreader|soak|event\n"
		"  [--host 127.0.0.1] [--port N] [--server-pid PID] [--participants N] [--sessions N]\n"
		"  [--notes N] [--votes N] [--burst N] [--slow N] [--duration S] [--interval S]\n"
		"  [--rate R] [--window W] [--text-bytes B] [--repeats N] [--changes N]\n"
		"  [--join-window S] [--notes-rate R] [--codes FILE] [--t0-ns NS] [--ips N]\n"
		"  soak: [--keep N] [--edits F] [--slice S] [--warmup S]\n");
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{"scenario", 1, 0, 'S'}, {"host", 1, 0, 'H'}, {"port", 1, 0, 'p'},
		{"server-pid", 1, 0, 'P'}, {"participants", 1, 0, 'n'}, {"sessions", 1, 0, 's'},
		{"notes", 1, 0, 'N'}, {"votes", 1, 0, 'V'}, {"burst", 1, 0, 'b'},
		{"slow", 1, 0, 'w'}, {"duration", 1, 0, 'd'}, {"interval", 1, 0, 'i'},
		{"rate", 1, 0, 'r'}, {"window", 1, 0, 'W'}, {"text-bytes", 1, 0, 't'},
		{"repeats", 1, 0, 'R'}, {"changes", 1, 0, 'c'}, {"join-window", 1, 0, 'j'},
		{"notes-rate", 1, 0, 'q'}, {"codes", 1, 0, 'C'}, {"t0-ns", 1, 0, 'T'},
		{"ips", 1, 0, 'I'}, {"keep", 1, 0, 'k'}, {"edits", 1, 0, 'e'},
		{"slice", 1, 0, 'L'}, {"warmup", 1, 0, 'U'}, {"help", 0, 0, 'h'}, {0, 0, 0, 0}};
	int o;
	while ((o = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (o) {
		case 'S': g.scenario = optarg; break;
		case 'H': g.host = optarg; break;
		case 'p': g.port = atoi(optarg); break;
		case 'P': g.server_pid = atoi(optarg); break;
		case 'n': g.participants = atoi(optarg); break;
		case 's': g.sessions = atoi(optarg); break;
		case 'N': g.notes = atoi(optarg); break;
		case 'V': g.votes = atoi(optarg); break;
		case 'b': g.burst = atoi(optarg); break;
		case 'w': g.slow = atoi(optarg); break;
		case 'd': g.duration_s = atoi(optarg); break;
		case 'i': g.interval_s = atof(optarg); break;
		case 'r': g.rate = atof(optarg); break;
		case 'W': g.window = atoi(optarg); break;
		case 't': g.text_bytes = atoi(optarg); break;
		case 'R': g.repeats = atoi(optarg); break;
		case 'c': g.changes = atoi(optarg); break;
		case 'j': g.join_window_s = atof(optarg); break;
		case 'q': g.notes_rate = atof(optarg); break;
		case 'C': g.codes_path = optarg; break;
		case 'T': g.t0_realtime_ns = atoll(optarg); break;
		case 'I': g.ips = atoi(optarg); break;
		case 'k': g.keep = atoi(optarg); break;
		case 'e': g.edit_share = atof(optarg); break;
		case 'L': g.slice_s = atoi(optarg) > 0 ? atoi(optarg) : 300; break;
		case 'U': g.warmup_s = atoi(optarg); break;
		default: usage(); return 2;
		}
	}
	if (g.text_bytes > (int)sizeof g.padding - 1)
		g.text_bytes = (int)sizeof g.padding - 1;
	memset(g.padding, 'x', (size_t)g.text_bytes);

	/* Room for 10,000+ sockets. */
	struct rlimit rl;
	if (!getrlimit(RLIMIT_NOFILE, &rl)) {
		rl.rlim_cur = rl.rlim_max;
		if (setrlimit(RLIMIT_NOFILE, &rl))
			perror("loadgen: setrlimit");
	}
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	signal(SIGPIPE, SIG_IGN);
	srand(12345);

	struct lws_context_creation_info info;
	void *foreign_loops[1] = { &g.uv };
	uv_loop_init(&g.uv);
	memset(&info, 0, sizeof info);
	info.options = LWS_SERVER_OPTION_LIBUV;
	info.foreign_loops = foreign_loops;
	info.port = CONTEXT_PORT_NO_LISTEN;
	info.pt_serv_buf_size = 64 * 1024; /* reads of 64 KiB, not 4 KiB, like the server */
	info.protocols = protocols;
	info.gid = -1;
	info.uid = -1;
	lws_set_log_level(LLL_ERR, NULL);
	info.pcontext = &g.ctx;
	g.ctx = lws_create_context(&info);
	if (!g.ctx)
		return 1;
	lws_sul_schedule(g.ctx, 0, &g.sul, sul_cb, 1000);

	int rc;
	const char *sc = g.scenario;
	if (!strcmp(sc, "plenary")) rc = sc_plenary(0);
	else if (!strcmp(sc, "mirror")) rc = sc_plenary(1);
	else if (!strcmp(sc, "tables")) rc = sc_tables();
	else if (!strcmp(sc, "joinstorm")) rc = sc_joinstorm();
	else if (!strcmp(sc, "throughput")) rc = sc_throughput();
	else if (!strcmp(sc, "fill")) rc = sc_fill();
	else if (!strcmp(sc, "restart")) rc = sc_restart();
	else if (!strcmp(sc, "export")) rc = sc_export();
	else if (!strcmp(sc, "slowreader")) rc = sc_slowreader();
	else if (!strcmp(sc, "soak")) rc = sc_soak();
	else if (!strcmp(sc, "event")) rc = sc_event();
	else { usage(); rc = 2; }

	g.closing = 1;
	if (rc)
		printf("RESULT|%s|FAILED|0|0|0|0|0|0|-|0|0|0|%ld|see stderr\n", sc, errors_total() + 1);
	fprintf(stderr, "loadgen %s: errors: replies %ld, connect %ld, closed %ld, seq gaps %ld, missing %ld; slow closed %ld\n",
		sc, g.err_reply, g.err_conn, g.err_close, g.err_gap, g.err_missing, g.slow_closed);
	/* a close frame on every connection still open, so that the server sees clean leaves */
	for (int i = 0; i < g.nc; i++)
		conn_close(&g.c[i]);
	run_until(pred_all_closed, 2000);
	/* On a foreign loop lws destroys the context in steps as its handles close; it sets
	 * g.ctx to NULL (info.pcontext) when done. */
	for (int step = 0; g.ctx && step < 4; step++) {
		lws_context_destroy(g.ctx);
		uv_run(&g.uv, UV_RUN_DEFAULT);
	}
	uv_loop_close(&g.uv);
	return rc ? 1 : errors_total() ? 3 : soak.grew ? 4 : 0;
}
