/* The CSV export: one row per note and one row per solution direction.
 *
 * The columns of the wire contract come first, in its order (phase, kind, persona, quadrant,
 * cluster, text, essence); then votes, record ("note", "synthesis" or "direction") and rank; with
 * with_names an author column last. Values that are codes (kind, quadrant, record) stay in
 * English in both languages, so a spreadsheet built on the export does not depend on the
 * language it was asked in; persona and cluster are the names people gave them. Rows end in
 * CRLF (RFC 4180); every text cell goes through export__csv_field(). */
#include "export_internal.h"

static void field(struct export_buf *b, const char *s, int last)
{
	export__csv_field(b, s ? s : "");
	export__buf_puts(b, last ? "\r\n" : ",");
}

static void number(struct export_buf *b, long v, int last)
{
	export__buf_printf(b, "%ld%s", v, last ? "\r\n" : ",");
}

int export__render_csv(struct export_buf *b, const struct export_report *r)
{
	export__buf_puts(b, "phase,kind,persona,quadrant,cluster,text,essence,votes,record,rank");
	export__buf_puts(b, r->with_names ? ",author\r\n" : "\r\n");
	for (size_t i = 0; i < r->nnotes; i++) {
		const struct export_note *n = &r->notes[i];
		const struct export_phase *ph = n->phase;
		int empathy = ph && ph->kind == EXPORT_KIND_EMPATHY_MAP;
		number(b, n->phase_index, 0);
		field(b, ph ? ph->kind_name : "", 0);
		field(b, empathy && ph->persona ? ph->persona->name : "", 0);
		field(b, empathy ? export__quadrant_code(n->quadrant) : "", 0);
		field(b, n->dir ? n->dir->title : "", 0);
		field(b, n->text, 0);
		field(b, n->essence, 0);
		field(b, "", 0);
		field(b, "note", 0);
		field(b, "", !r->with_names);
		if (r->with_names)
			field(b, export__note_author(n), 1);
	}
	/* The facilitator's synthesis of each persona, on the row of its empathy-map phase. */
	for (size_t i = 0; i < r->nphases; i++) {
		const struct export_phase *ph = &r->phases[i];
		if (ph->kind != EXPORT_KIND_EMPATHY_MAP || !ph->persona ||
		    !export__has_text(ph->persona->synthesis))
			continue;
		number(b, ph->index, 0);
		field(b, ph->kind_name, 0);
		field(b, ph->persona->name, 0);
		field(b, "", 0);
		field(b, "", 0);
		field(b, ph->persona->synthesis, 0);
		field(b, "", 0);
		field(b, "", 0);
		field(b, "synthesis", 0);
		field(b, "", !r->with_names);
		if (r->with_names)
			field(b, "", 1);
	}
	for (size_t i = 0; i < r->ndirs; i++) {
		const struct export_direction *d = r->ranked[i];
		/* A direction belongs to no phase: phase, kind, persona and quadrant are empty;
		 * the elaboration is its text. */
		export__buf_puts(b, ",,,,");
		field(b, d->title, 0);
		field(b, d->description, 0);
		field(b, "", 0);
		number(b, d->votes, 0);
		field(b, "direction", 0);
		number(b, d->rank, !r->with_names);
		if (r->with_names)
			field(b, "", 1);
	}
	return b->failed ? EXPORT_ENOMEM : 0;
}
