/* Shared declarations of the Tafel load generator: samples and percentiles, /proc readings
 * of the server, and a small blocking HTTP client for the API calls. */
#ifndef TAFEL_LG_H
#define TAFEL_LG_H

#include <stddef.h>
#include <stdint.h>

/* --- lg_stats.c: latency samples (milliseconds) --- */
struct lg_samples {
	double *v;
	size_t n, cap;
};
void lg_samples_add(struct lg_samples *s, double ms);
void lg_samples_reset(struct lg_samples *s);
/* Sorts in place; q in [0,1]. Returns 0 when empty. */
double lg_samples_q(struct lg_samples *s, double q);
double lg_samples_max(const struct lg_samples *s);
/* Least-squares slope of y over x (0 with fewer than two points): a trend, e.g. of RSS. */
double lg_slope(const double *x, const double *y, size_t n);

double lg_now_ms(void);      /* CLOCK_MONOTONIC */
int64_t lg_now_ns(void);     /* CLOCK_MONOTONIC */

/* --- server process readings from /proc --- */
struct lg_proc {
	double cpu_s;     /* utime + stime, seconds */
	double rss_mb;    /* VmRSS */
	double hwm_mb;    /* VmHWM: peak resident set */
	double runq_s;    /* time runnable but waiting for a CPU (/proc/PID/schedstat): how much
	                   * of a latency is the shared machine's, not the server's */
};
int lg_proc_read(int pid, struct lg_proc *out);

/* --- lg_http.c: one blocking HTTP/1.1 request over a new connection --- */
/* Returns the status code, or -1; the body (NUL-terminated, truncated to cap-1) in body. */
int lg_http(const char *host, int port, const char *method, const char *path,
	    const char *auth_key, const char *req_body, char *body, size_t cap);

#endif
