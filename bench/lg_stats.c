/* Latency samples, percentiles, the monotonic clock and the server's /proc figures. */
#include "lg.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

void lg_samples_add(struct lg_samples *s, double ms)
{
	if (s->n == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 4096;
		double *v = realloc(s->v, cap * sizeof *v);
		if (!v)
			return;
		s->v = v;
		s->cap = cap;
	}
	s->v[s->n++] = ms;
}

void lg_samples_reset(struct lg_samples *s) { s->n = 0; }

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

double lg_samples_q(struct lg_samples *s, double q)
{
	if (!s->n)
		return 0;
	qsort(s->v, s->n, sizeof *s->v, cmp_double);
	size_t i = (size_t)(q * (double)(s->n - 1) + 0.5);
	return s->v[i < s->n ? i : s->n - 1];
}

double lg_samples_max(const struct lg_samples *s)
{
	double m = 0;
	for (size_t i = 0; i < s->n; i++)
		if (s->v[i] > m)
			m = s->v[i];
	return m;
}

double lg_slope(const double *x, const double *y, size_t n)
{
	double sx = 0, sy = 0, sxx = 0, sxy = 0;
	for (size_t i = 0; i < n; i++) {
		sx += x[i];
		sy += y[i];
		sxx += x[i] * x[i];
		sxy += x[i] * y[i];
	}
	double d = (double)n * sxx - sx * sx;
	return n < 2 || d == 0 ? 0 : ((double)n * sxy - sx * sy) / d;
}

int64_t lg_now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

double lg_now_ms(void) { return (double)lg_now_ns() / 1e6; }

int lg_proc_read(int pid, struct lg_proc *out)
{
	char path[64], buf[4096];
	FILE *f;
	size_t n;

	memset(out, 0, sizeof *out);
	if (pid <= 0)
		return -1;
	snprintf(path, sizeof path, "/proc/%d/stat", pid);
	if (!(f = fopen(path, "r")))
		return -1;
	n = fread(buf, 1, sizeof buf - 1, f);
	fclose(f);
	buf[n] = 0;
	/* Fields after the command name, which is in parentheses and may hold spaces. */
	char *p = strrchr(buf, ')');
	if (!p)
		return -1;
	unsigned long long ut = 0, st = 0;
	/* after ')': state(3) ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime(14) stime(15) */
	if (sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu %llu", &ut, &st) != 2)
		return -1;
	out->cpu_s = (double)(ut + st) / (double)sysconf(_SC_CLK_TCK);

	snprintf(path, sizeof path, "/proc/%d/status", pid);
	if (!(f = fopen(path, "r")))
		return -1;
	while (fgets(buf, sizeof buf, f)) {
		unsigned long kb;
		if (sscanf(buf, "VmRSS: %lu kB", &kb) == 1)
			out->rss_mb = (double)kb / 1024.0;
		else if (sscanf(buf, "VmHWM: %lu kB", &kb) == 1)
			out->hwm_mb = (double)kb / 1024.0;
	}
	fclose(f);

	snprintf(path, sizeof path, "/proc/%d/schedstat", pid);
	if ((f = fopen(path, "r"))) {
		unsigned long long run_ns, wait_ns;
		if (fscanf(f, "%llu %llu", &run_ns, &wait_ns) == 2)
			out->runq_s = (double)wait_ns / 1e9;
		fclose(f);
	}
	return 0;
}
