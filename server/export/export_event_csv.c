/* The cross-table report as CSV: a header row, then one row per direction in the event's
 * ranking, the rows in ranked order.
 *
 * Exactly the contract's columns, in its order: table (the table's name, as a reader of a
 * spreadsheet knows it), direction (its title), votes, dots, share (votes / dots, 0 when
 * the table had no dots, as a plain number with a full stop in both languages),
 * description (the elaboration). A program that needs the table's code and the cluster's
 * id reads the JSON. Rows end in CRLF (RFC 4180); every text cell goes through
 * export__csv_field(). Names of participants never appear. */
#include "export_event_internal.h"

static void field(struct export_buf *b, const char *s, int last)
{
	export__csv_field(b, s ? s : "");
	export__buf_puts(b, last ? "\r\n" : ",");
}

int export__event_render_csv(struct export_buf *b, const struct export_event *e)
{
	export__buf_puts(b, "table,direction,votes,dots,share,description\r\n");
	for (size_t i = 0; i < e->nranking; i++) {
		const struct export_event_entry *x = &e->ranking[i];
		field(b, x->table->name, 0);
		field(b, x->dir->title, 0);
		export__buf_printf(b, "%ld,%ld,", x->votes, x->dots);
		export__event_number(b, export__event_share(x->votes, x->dots));
		export__buf_putc(b, ',');
		field(b, x->dir->description, 1);
	}
	return b->failed ? EXPORT_ENOMEM : 0;
}
