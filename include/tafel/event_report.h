/* The document of an event's cross-table report, built from the store: what
 * export_event_render() (tafel/export.h) renders, for the server (hub_event_report) and for
 * `tafel export --event` with the server stopped, so both give the same bytes.
 *
 *   {"event":{"code","title","template","language","created_at","exported_at"},
 *    "tables":[{"code","name","report": <the table's session report document>}]}
 *
 * Tables are in the event's order; each report is ses_report_json() of the table's session,
 * exactly what a session's own export renders from. */
#ifndef TAFEL_EVENT_REPORT_H
#define TAFEL_EVENT_REPORT_H

#include <stdint.h>
#include <cjson/cJSON.h>

#include "tafel/session.h"
#include "tafel/store.h"

/* Gives the session of table `code`: the server passes its loaded session (which it keeps),
 * so the report reads what the tables hold now. Returns 0 or a negative TF_E_* code. */
typedef int (*event_report_table_fn)(void *ctx, const char *code, const struct ses_session **s);

/* Builds the document of event `code` (normalized) at time `now` into *out (caller deletes).
 * `table` NULL loads each table from the store and frees it after. Returns 0,
 * TF_E_NOT_FOUND when there is no such event, or another negative TF_E_* code. */
int event_report_build(struct store *st, const char *code, int64_t now,
                       event_report_table_fn table, void *ctx, cJSON **out);

#endif
