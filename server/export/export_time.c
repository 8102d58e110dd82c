/* Dates and times for the report, computed without the C library's time zone state.
 *
 * localtime_r() answers from the machine's TZ setting, so the same session would read
 * differently on two laptops and the golden files would depend on the test machine. The
 * report instead applies one rule of its own: Dutch sessions (session.language "nl") are
 * shown in Europe/Amsterdam time by the EU rule (UTC+1, and UTC+2 from the last Sunday of
 * March 01:00 UTC to the last Sunday of October 01:00 UTC), other sessions in UTC, and a
 * document may name a fixed offset instead (timezone_offset_minutes). */
#include <stdio.h>

#include "export_internal.h"

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
static int64_t days_from_civil(int64_t y, int m, int d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void civil_from_days(int64_t z, int *year, int *month, int *day)
{
	z += 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t y = yoe + era * 400;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	int d = (int)(doy - (153 * mp + 2) / 5 + 1);
	int m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*year = (int)(y + (m <= 2));
	*month = m;
	*day = d;
}

static int64_t floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;
	return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

/* Seconds since the epoch of 01:00 UTC on the last Sunday of `month` in `year`. */
static int64_t last_sunday_0100(int year, int month)
{
	int64_t last = days_from_civil(year, month, 31); /* March and October have 31 days */
	int64_t wday = ((last % 7) + 7 + 4) % 7;         /* 1970-01-01 was a Thursday (4) */
	return (last - wday) * 86400 + 3600;
}

static int amsterdam_offset(int64_t secs)
{
	int y, m, d;
	civil_from_days(floor_div(secs, 86400), &y, &m, &d);
	if (secs >= last_sunday_0100(y, 3) && secs < last_sunday_0100(y, 10))
		return 120;
	return 60;
}

void export__local_time(int64_t ms, const struct export_zone *zone, struct export_time *out)
{
	int64_t secs = floor_div(ms, 1000);
	int offset = 0;
	if (zone->kind == EXPORT_ZONE_AMSTERDAM)
		offset = amsterdam_offset(secs);
	else if (zone->kind == EXPORT_ZONE_FIXED)
		offset = zone->offset_minutes;
	secs += (int64_t)offset * 60;
	int64_t days = floor_div(secs, 86400);
	int64_t rem = secs - days * 86400;
	civil_from_days(days, &out->year, &out->month, &out->day);
	out->hour = (int)(rem / 3600);
	out->minute = (int)(rem % 3600 / 60);
	out->offset_minutes = offset;
}

int export__fmt_date(struct export_buf *b, enum export_lang lang, const struct export_time *t)
{
	return export__buf_printf(b, "%d %s %d", t->day, export__month(lang, t->month), t->year);
}

int export__fmt_clock(struct export_buf *b, const struct export_time *t)
{
	return export__buf_printf(b, "%02d:%02d", t->hour, t->minute);
}

static int fmt_offset(struct export_buf *b, int minutes)
{
	int a = minutes < 0 ? -minutes : minutes;
	return export__buf_printf(b, "%c%02d:%02d", minutes < 0 ? '-' : '+', a / 60, a % 60);
}

int export__fmt_iso(struct export_buf *b, const struct export_time *t)
{
	export__buf_printf(b, "%04d-%02d-%02dT%02d:%02d", t->year, t->month, t->day, t->hour,
	                   t->minute);
	if (t->offset_minutes == 0)
		return export__buf_putc(b, 'Z');
	return fmt_offset(b, t->offset_minutes);
}

int export__fmt_zone(struct export_buf *b, enum export_lang lang, const struct export_zone *z)
{
	switch (z->kind) {
	case EXPORT_ZONE_AMSTERDAM:
		return export__buf_puts(b, export__phrase(lang, EXPORT_P_ZONE_AMS));
	case EXPORT_ZONE_UTC:
		return export__buf_puts(b, export__phrase(lang, EXPORT_P_ZONE_UTC));
	case EXPORT_ZONE_FIXED:
	default:
		export__buf_puts(b, "UTC");
		return fmt_offset(b, z->offset_minutes);
	}
}

int export__fmt_zone_id(struct export_buf *b, const struct export_zone *z)
{
	switch (z->kind) {
	case EXPORT_ZONE_AMSTERDAM:
		return export__buf_puts(b, "Europe/Amsterdam");
	case EXPORT_ZONE_UTC:
		return export__buf_puts(b, "UTC");
	case EXPORT_ZONE_FIXED:
	default:
		export__buf_puts(b, "UTC");
		return fmt_offset(b, z->offset_minutes);
	}
}

int export__fmt_duration(struct export_buf *b, enum export_lang lang, long minutes)
{
	char num[24];
	const char *args[1] = { num };
	long h = minutes / 60, m = minutes % 60;
	if (h > 0) {
		snprintf(num, sizeof num, "%ld", h);
		export__fill(b, export__phrase(lang, h == 1 ? EXPORT_P_HOURS_ONE : EXPORT_P_HOURS_MANY),
		             args, 1);
		if (m == 0)
			return b->failed ? EXPORT_ENOMEM : 0;
		export__buf_puts(b, export__phrase(lang, EXPORT_P_AND));
	}
	snprintf(num, sizeof num, "%ld", m);
	return export__fill(b, export__phrase(lang, m == 1 ? EXPORT_P_MINUTES_ONE
	                                                  : EXPORT_P_MINUTES_MANY), args, 1);
}
