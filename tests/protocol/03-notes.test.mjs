// Notes: note.add (phases, quadrants, limits, cid), note.edit, note.delete, note.essence, with
// their events and every error, for participant / other participant / screen / facilitator.
import { test, describe, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './lib/server.mjs';
import { participant, screen, table, setPhase, assertAllClean, closeAll } from './lib/client.mjs';

// proto phases: 0 intro, 1 empathy_map teacher, 2 empathy_map leader, 3 bad_ideas (private),
// 4 ideal_ideas, 5 cluster, 6 vote, 7 elaborate, 8 wrap_up
let srv;
before(async () => { srv = await startServer(); });
after(async () => { await closeAll(); await srv?.cleanup(); });
afterEach(() => assertAllClean());

// The table of most tests: the facilitator, Anna (t.a), Bert (t.b) and a screen (t.s).
const AB = { a: ['Anna', 'Teacher'], b: ['Bert', 'Support staff'] };

describe('note.add', () => {
  test('a participant adds a note in the current phase; everyone gets note.added with the same seq', async () => {
    const t = await table(srv, { participants: AB, phase: 4 });
    const r = await t.a.ok({ type: 'note.add', phase: 4, text: 'Everyone gets a robot' });
    assert.equal(typeof r.id, 'string', 'ok carries the note id');
    const evs = await Promise.all(t.all.map((c) => c.waitEvent('note.added', (e) => e.note.id === r.id)));
    for (const ev of evs) {
      assert.deepEqual(ev.note, { id: r.id, phase: 4, author: t.a.you.id, text: 'Everyone gets a robot' });
      assert.equal(ev.seq, evs[0].seq);
    }
    // it is in the state of a new joiner
    const c = await participant(srv, t.code, 'Cees', 'Teacher');
    assert.deepEqual(c.state.notes, [{ id: r.id, phase: 4, author: t.a.you.id, text: 'Everyone gets a robot' }]);
    await c.close();
    await t.close();
  });

  test('quadrants: needed in an empathy map, ignored elsewhere', async () => {
    const t = await table(srv, { participants: AB, phase: 1 });
    await t.a.err({ type: 'note.add', phase: 1, text: 'no quadrant' }, 'invalid');
    await t.a.err({ type: 'note.add', phase: 1, text: 'bad quadrant', quadrant: 'hopes' }, 'invalid');
    await t.a.err({ type: 'note.add', phase: 1, text: 'bad quadrant', quadrant: 1 }, 'invalid');
    const ids = {};
    for (const q of ['thinks', 'feels', 'says', 'does']) {
      const r = await t.a.ok({ type: 'note.add', phase: 1, text: `teacher ${q}`, quadrant: q });
      ids[q] = r.id;
      const ev = await t.b.waitEvent('note.added', (e) => e.note.id === r.id);
      assert.equal(ev.note.quadrant, q);
      assert.equal(ev.note.phase, 1);
    }
    await setPhase(t.fac, 4, [t.a]);
    const r = await t.a.ok({ type: 'note.add', phase: 4, text: 'ideal with quadrant', quadrant: 'thinks' });
    const ev = await t.b.waitEvent('note.added', (e) => e.note.id === r.id);
    assert.equal(ev.note.quadrant, undefined, 'quadrant is only on empathy-map notes');
    const r2 = await t.a.ok({ type: 'note.add', phase: 4, text: 'ideal with junk quadrant', quadrant: 'hopes' });
    assert.equal(typeof r2.id, 'string');
    const c = await screen(srv, t.code, 'screen2');
    assert.equal(c.state.notes.length, 6);
    assert.deepEqual(c.state.notes.filter((n) => n.phase === 1).map((n) => n.quadrant).sort(), ['does', 'feels', 'says', 'thinks']);
    await c.close();
    await t.close();
  });

  test('phase_closed: not the current phase, or an intro, cluster, vote or wrap_up phase', async () => {
    const t = await table(srv, { participants: AB });
    // current phase 0 = intro
    await t.a.err({ type: 'note.add', phase: 0, text: 'intro' }, 'phase_closed');
    await t.a.err({ type: 'note.add', phase: 4, text: 'not current' }, 'phase_closed');
    await t.a.err({ type: 'note.add', phase: 1, text: 'not current', quadrant: 'says' }, 'phase_closed');
    for (const idx of [5, 6, 8]) {
      await setPhase(t.fac, idx, [t.a]);
      await t.a.err({ type: 'note.add', phase: idx, text: `in phase ${idx}` }, 'phase_closed');
    }
    await setPhase(t.fac, 7, [t.a]);
    await t.a.ok({ type: 'note.add', phase: 7, text: 'elaborate is open' });
    await t.a.err({ type: 'note.add', phase: 4, text: 'earlier phase' }, 'phase_closed');
    const s2 = await screen(srv, t.code, 'screen2');
    assert.deepEqual(s2.state.notes.map((n) => n.text), ['elaborate is open']);
    await s2.close();
    await t.close();
  });

  test('the facilitator may add a note to any phase', async () => {
    const t = await table(srv, { participants: AB });
    const r = await t.fac.ok({ type: 'note.add', phase: 4, text: 'from the facilitator, early' });
    const ev = await t.a.waitEvent('note.added', (e) => e.note.id === r.id);
    assert.equal(ev.note.author, t.fac.you.id);
    assert.equal(ev.note.phase, 4);
    await t.fac.ok({ type: 'note.add', phase: 2, text: 'leader says', quadrant: 'says' });
    await t.close();
  });

  test('invalid: missing or wrong fields, NUL, not UTF-8; a screen is forbidden', async () => {
    const t = await table(srv, { participants: AB, phase: 4 });
    await t.a.err({ type: 'note.add', phase: 4 }, 'invalid');
    await t.a.err({ type: 'note.add', phase: 4, text: 7 }, 'invalid');
    await t.a.err({ type: 'note.add', phase: 4, text: null }, 'invalid');
    await t.a.err({ type: 'note.add', text: 'no phase' }, 'invalid');
    await t.a.err({ type: 'note.add', phase: '4', text: 'phase as a string' }, 'invalid');
    await t.a.err({ type: 'note.add', phase: 4, text: 'nul \u0000 inside' }, 'invalid');
    await t.a.err({ type: 'note.add', phase: 4, text: 'x', cid: 12 }, 'invalid');
    await t.a.err({ type: 'note.add', phase: 99, text: 'no such phase' }, ['invalid', 'not_found', 'phase_closed']);
    await t.fac.err({ type: 'note.add', phase: 99, text: 'no such phase' }, ['invalid', 'not_found']);
    await t.fac.err({ type: 'note.add', phase: -1, text: 'no such phase' }, ['invalid', 'not_found']);
    // A lone surrogate escape decodes to something that is not UTF-8.
    t.a.sendRaw('{"type":"note.add","rid":"surrogate","phase":4,"text":"a\\ud800b"}');
    const r = await t.a.waitUnmatched();
    assert.equal(r.type, 'error', `lone surrogate: expected error invalid, got ${JSON.stringify(r)}`);
    assert.equal(r.code, 'invalid', `lone surrogate: ${JSON.stringify(r)}`);
    await t.s.err({ type: 'note.add', phase: 4, text: 'screen writes' }, 'forbidden');
    const s2 = await screen(srv, t.code, 'screen2');
    assert.deepEqual(s2.state.notes, [], 'no note from a bad request');
    await s2.close();
    assert.ok(t.a.isOpen && t.s.isOpen, 'bad requests do not close the connection');
    await t.close();
    assert.equal(r.rid, 'surrogate', `the error reply echoes the request's rid: ${JSON.stringify(r)}`);
  });

  test('text limit: 2,000 characters (not bytes) fit, 2,001 get too_large', async () => {
    const t = await table(srv, { participants: AB, phase: 4 });
    await t.a.ok({ type: 'note.add', phase: 4, text: 'x'.repeat(2000) });
    const r = await t.a.ok({ type: 'note.add', phase: 4, text: 'é'.repeat(2000) });
    const ev = await t.b.waitEvent('note.added', (e) => e.note.id === r.id);
    assert.equal(ev.note.text, 'é'.repeat(2000), 'multi-byte text arrives intact');
    await t.a.ok({ type: 'note.add', phase: 4, text: '😀'.repeat(2000) });
    await t.a.err({ type: 'note.add', phase: 4, text: 'x'.repeat(2001) }, 'too_large');
    await t.a.err({ type: 'note.add', phase: 4, text: 'é'.repeat(2001) }, 'too_large');
    await t.close();
  });
});

describe('note.edit and note.delete', () => {
  test('the author edits; another participant and a screen are forbidden; the facilitator may', async () => {
    const t = await table(srv, { participants: AB, phase: 4 });
    const { id } = await t.a.ok({ type: 'note.add', phase: 4, text: 'first' });
    await t.a.ok({ type: 'note.edit', id, text: 'second' });
    const evs = await Promise.all(t.all.map((c) => c.waitEvent('note.edited', (e) => e.note.id === id && e.note.text === 'second')));
    for (const ev of evs) assert.deepEqual(ev.note, { id, phase: 4, author: t.a.you.id, text: 'second' });
    await t.b.err({ type: 'note.edit', id, text: 'hijack' }, 'forbidden');
    await t.s.err({ type: 'note.edit', id, text: 'hijack' }, 'forbidden');
    await t.fac.ok({ type: 'note.edit', id, text: 'moderated' });
    const ev = await t.a.waitEvent('note.edited', (e) => e.note.id === id && e.note.text === 'moderated');
    assert.equal(ev.note.author, t.a.you.id, 'the author stays the author');
    await t.a.err({ type: 'note.edit', id: 'no-such-note', text: 'x' }, 'not_found');
    await t.a.err({ type: 'note.edit', id, text: 'x'.repeat(2001) }, 'too_large');
    await t.a.err({ type: 'note.edit', id }, 'invalid');
    await t.a.err({ type: 'note.edit', text: 'no id' }, 'invalid');
    await t.a.err({ type: 'note.edit', id, text: 'a\u0000b' }, 'invalid');
    const s2 = await screen(srv, t.code, 'screen2');
    assert.equal(s2.state.notes.find((n) => n.id === id).text, 'moderated');
    await s2.close();
    await t.close();
  });

  test('the author or the facilitator deletes; others are forbidden; note.deleted {id, phase}', async () => {
    const t = await table(srv, { participants: AB, phase: 4 });
    const n1 = await t.a.ok({ type: 'note.add', phase: 4, text: 'one' });
    const n2 = await t.a.ok({ type: 'note.add', phase: 4, text: 'two' });
    await t.b.err({ type: 'note.delete', id: n1.id }, 'forbidden');
    await t.s.err({ type: 'note.delete', id: n1.id }, 'forbidden');
    await t.a.ok({ type: 'note.delete', id: n1.id });
    const evs = await Promise.all(t.all.map((c) => c.waitEvent('note.deleted', (e) => e.id === n1.id)));
    for (const ev of evs) assert.equal(ev.phase, 4);
    await t.a.err({ type: 'note.delete', id: n1.id }, 'not_found');
    await t.a.err({ type: 'note.edit', id: n1.id, text: 'zombie' }, 'not_found');
    await t.a.err({ type: 'note.delete' }, 'invalid');
    await t.fac.ok({ type: 'note.delete', id: n2.id });
    await t.b.waitEvent('note.deleted', (e) => e.id === n2.id);
    const s2 = await screen(srv, t.code, 'screen2');
    assert.deepEqual(s2.state.notes, []);
    await s2.close();
    await t.close();
  });
});

describe('note.essence', () => {
  test('only for bad_ideas notes, in that phase or later; event note.edited with essence', async () => {
    const t = await table(srv, { participants: AB });
    // a bad idea written by the facilitator before the phase: essence not yet possible
    const early = await t.fac.ok({ type: 'note.add', phase: 3, text: 'early bad idea' });
    await t.a.err({ type: 'note.essence', id: early.id, text: 'too early' }, 'phase_closed');
    await setPhase(t.fac, 3, [t.a, t.b, t.s]);
    await t.fac.ok({ type: 'reveal', phase: 3 });  // make the texts visible so events are comparable
    const bad = await t.a.ok({ type: 'note.add', phase: 3, text: 'Fire all teachers' });
    await t.a.ok({ type: 'note.essence', id: bad.id, text: 'Less pressure on the staff' });
    const evs = await Promise.all(t.all.map((c) => c.waitEvent('note.edited', (e) => e.note.id === bad.id)));
    for (const ev of evs) {
      assert.deepEqual(ev.note, { id: bad.id, phase: 3, author: t.a.you.id, text: 'Fire all teachers', essence: 'Less pressure on the staff' });
    }
    // any participant and the facilitator may write an essence; a screen may not
    await t.b.ok({ type: 'note.essence', id: bad.id, text: 'Essence by Bert' });
    await t.fac.ok({ type: 'note.essence', id: bad.id, text: 'Essence by the facilitator' });
    await t.s.err({ type: 'note.essence', id: bad.id, text: 'screen' }, 'forbidden');
    await t.a.err({ type: 'note.essence', id: bad.id, text: 'x'.repeat(2001) }, 'too_large');
    await t.a.err({ type: 'note.essence', id: bad.id }, 'invalid');
    await t.a.err({ type: 'note.essence', id: 'no-such-note', text: 'x' }, 'not_found');
    // later phases: still allowed
    await setPhase(t.fac, 5, [t.a]);
    await t.a.ok({ type: 'note.essence', id: bad.id, text: 'Essence during clustering' });
    const ev = await t.b.waitEvent('note.edited', (e) => e.note.id === bad.id && e.note.essence === 'Essence during clustering');
    assert.equal(ev.note.text, 'Fire all teachers');
    // not for a note of another kind of phase
    const ideal = await t.fac.ok({ type: 'note.add', phase: 4, text: 'ideal' });
    await t.a.err({ type: 'note.essence', id: ideal.id, text: 'x' }, 'invalid');
    await t.fac.err({ type: 'note.essence', id: ideal.id, text: 'x' }, 'invalid');
    const s2 = await screen(srv, t.code, 'screen2');
    const n = s2.state.notes.find((x) => x.id === bad.id);
    assert.equal(n.essence, 'Essence during clustering');
    assert.equal(s2.state.notes.find((x) => x.id === ideal.id).essence, undefined, 'essence only once one was written');
    await s2.close();
    await t.close();
  });
});

describe('cid de-duplication', () => {
  test('the same cid from the same participant gives the same id and no second event', async () => {
    const t = await table(srv, { participants: AB, phase: 4 });
    const cid = 'tablet-7-note-1';
    const r1 = await t.a.ok({ type: 'note.add', phase: 4, text: 'written offline', cid });
    await t.b.waitEvent('note.added', (e) => e.note.id === r1.id);
    const r2 = await t.a.ok({ type: 'note.add', phase: 4, text: 'written offline', cid });
    assert.equal(r2.id, r1.id);
    // a different text with the same cid still changes nothing
    const r3 = await t.a.ok({ type: 'note.add', phase: 4, text: 'changed meanwhile', cid });
    assert.equal(r3.id, r1.id);
    // barrier: the next change's event comes right after the first note.added
    const other = await t.a.ok({ type: 'note.add', phase: 4, text: 'other note' });
    for (const c of t.all) {
      await c.waitEvent('note.added', (e) => e.note.id === other.id);
      assert.equal(c.eventsOf('note.added', (e) => e.note.id === r1.id).length, 1, `${c.label}: one note.added for the cid`);
    }
    // another participant's same cid is a new note
    const rb = await t.b.ok({ type: 'note.add', phase: 4, text: 'Bert\'s note', cid });
    assert.notEqual(rb.id, r1.id);
    // after the phase has closed, the resend is still ok with the same id
    await setPhase(t.fac, 5, [t.a]);
    const r4 = await t.a.ok({ type: 'note.add', phase: 4, text: 'written offline', cid });
    assert.equal(r4.id, r1.id);
    // and after the note was deleted (extension)
    await t.fac.ok({ type: 'note.delete', id: r1.id });
    await t.fac.waitEvent('note.deleted', (e) => e.id === r1.id);
    const r5 = await t.a.ok({ type: 'note.add', phase: 4, text: 'written offline', cid });
    assert.equal(r5.id, r1.id);
    const s2 = await screen(srv, t.code, 'screen2');
    assert.deepEqual(s2.state.notes.map((n) => n.text).sort(), ['Bert\'s note', 'other note']);
    assert.equal(s2.joinSeq, t.fac.lastSeq, 'the resends made no change');
    await s2.close();
    await t.close();
  });

  test('cid limit: 64 characters fit, 65 get too_large', async () => {
    const t = await table(srv, { participants: AB, phase: 4 });
    await t.a.ok({ type: 'note.add', phase: 4, text: 'x', cid: 'c'.repeat(64) });
    await t.a.err({ type: 'note.add', phase: 4, text: 'y', cid: 'c'.repeat(65) }, 'too_large');
    await t.close();
  });
});

describe('concurrent writers', () => {
  test('eight participants writing at once: every receiver sees the same events under the same seqs', async () => {
    const keys = Array.from({ length: 8 }, (_, k) => `p${k}`);
    const t = await table(srv, { participants: Object.fromEntries(keys.map((p, k) => [p, [`P${k}`, 'Teacher', p]])), phase: 4 });
    const { fac, all } = t;
    const ps = keys.map((p) => t[p]);
    const start = fac.lastSeq;
    const ids = (await Promise.all(ps.map((p, k) => Promise.all(Array.from({ length: 15 }, (_, i) =>
      p.ok({ type: 'note.add', phase: 4, text: `p${k} n${i}` })))))).flat().map((r) => r.id);
    assert.equal(new Set(ids).size, 120, 'distinct ids');
    await Promise.all(all.map((c) => (async () => {
      while (c.lastSeq < start + 120) await c.waitEvent('note.added', () => true, 5000);
    })()));
    const view = (c) => c.events.filter((e) => e.seq > start && e.seq <= start + 120).map((e) => `${e.seq}:${e.type}:${e.note?.id}:${e.note?.text}`);
    const ref = view(fac);
    assert.equal(ref.length, 120);
    for (const c of all) assert.deepEqual(view(c), ref, `${c.label} saw the same events`);
    await t.close();
  });
});
