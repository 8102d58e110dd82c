// Version 2: events, a conference day with many tables. Every request, reply, error and
// privacy rule of the contract's "Events" section, against a real server.
import { test, describe, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { startServer, sleep } from './lib/server.mjs';
import { Client, participant, facilitator, screen, assertAllClean, closeAll } from './lib/client.mjs';

let srv;
before(async () => { srv = await startServer(); });
after(async () => { await closeAll(); await srv?.cleanup(); });
afterEach((t) => { if (process.env.TAFEL_TEST_LOG) console.error(srv.runLog); });
afterEach(() => assertAllClean());

const PROGRESS_KEYS = ['code', 'name', 'status', 'phase', 'phase_kind', 'participants', 'online', 'notes',
  'essences_missing', 'votes_used', 'votes_total', 'timer'].sort();

async function newEvent(body = {}) {
  const r = await srv.http('POST', '/api/events', { body: { title: 'Conferentiedag OPP', template: 'proto', tables: 3, ...body } });
  assert.equal(r.status, 201, r.text);
  return r.json;
}

async function overview(ev, label = 'overview') {
  const c = await Client.connect(srv, { label });
  const r = await c.ok({ type: 'join', event: ev.code, event_key: ev.event_key });
  c.event = r.event;
  return c;
}

/** Waits for the table.progress of `code` that satisfies pred. */
function progressOf(c, code, pred = () => true, ms = 5000) {
  return c.waitProgress((f) => f.table.code === code && pred(f.table), ms);
}

describe('creating and listing events', () => {
  test('POST /api/events: 201 with code, event_key, join_url and each table', async () => {
    const ev = await newEvent({ table_names: ['Rood', 'Groen', 'Blauw'] });
    assert.match(ev.code, /^[A-Z0-9]{4,12}$/);
    assert.equal(typeof ev.event_key, 'string');
    assert.ok(ev.join_url.endsWith(`/e/${ev.code}`), ev.join_url);
    assert.deepEqual(ev.tables.map((t) => t.name), ['Rood', 'Groen', 'Blauw']);
    for (const t of ev.tables) {
      assert.deepEqual(Object.keys(t).sort(), ['code', 'facilitator_key', 'join_url', 'name']);
      assert.ok(t.join_url.endsWith(`/j/${t.code}`));
      assert.notEqual(t.code, ev.code);
    }
    // Each table is a session the facilitator key (and the event key) opens.
    const f = await facilitator(srv, ev.tables[0].code, ev.tables[0].facilitator_key);
    assert.equal(f.state.session.template, 'proto');
    const f2 = await facilitator(srv, ev.tables[1].code, ev.event_key, 'by-event-key');
    assert.equal(f2.you.role, 'facilitator');
    await Promise.all([f.close(), f2.close()]);
  });

  test('default table names follow the event language', async () => {
    const en = await newEvent({ tables: 2 });
    assert.deepEqual(en.tables.map((t) => t.name), ['Table 1', 'Table 2']);
    const nl = await newEvent({ tables: 2, language: 'nl' });
    assert.deepEqual(nl.tables.map((t) => t.name), ['Tafel 1', 'Tafel 2']);
  });

  test('GET /api/events lists them newest first with a table count', async () => {
    const a = await newEvent({ title: 'First', tables: 1 });
    const b = await newEvent({ title: 'Second', tables: 2 });
    const r = await srv.http('GET', '/api/events');
    assert.equal(r.status, 200);
    const codes = r.json.map((e) => e.code);
    assert.ok(codes.indexOf(b.code) < codes.indexOf(a.code));
    const eb = r.json.find((e) => e.code === b.code);
    assert.deepEqual(Object.keys(eb).sort(), ['code', 'created_at', 'tables', 'title']);
    assert.equal(eb.tables, 2);
    assert.equal(eb.title, 'Second');
  });

  test('bad input: tables 0 or 51, unknown template, bad names; nothing is created', async () => {
    const before = (await srv.http('GET', '/api/events')).json.length;
    const sessionsBefore = (await srv.http('GET', '/api/sessions')).json.length;
    for (const [body, status, code] of [
      [{ tables: 0 }, 400, 'invalid'], [{ tables: 51 }, 400, 'invalid'], [{ tables: 2.5 }, 400, 'invalid'],
      [{ tables: '3' }, 400, 'invalid'], [{ title: '' }, 400, 'invalid'], [{ title: 7 }, 400, 'invalid'],
      [{ template: 'nope' }, 404, 'not_found'], [{ table_names: ['one'] }, 400, 'invalid'],
      [{ table_names: ['a', 'b', 5] }, 400, 'invalid'], [{ language: 'fr' }, 400, 'invalid'],
      [{ table_names: ['a', 'b', 'x'.repeat(201)] }, 400, 'invalid'],
    ]) {
      const r = await srv.http('POST', '/api/events', { body: { title: 'T', template: 'proto', tables: 3, ...body } });
      assert.equal(r.status, status, `${JSON.stringify(body)}: ${r.text}`);
      assert.equal(r.json.error.code, code);
    }
    assert.equal((await srv.http('GET', '/api/events')).json.length, before);
    assert.equal((await srv.http('GET', '/api/sessions')).json.length, sessionsBefore);
  });

  test('keys: a wrong key 401, a table key 403 for the event; the event key may not list events', async () => {
    const ev = await newEvent();
    const other = await newEvent();
    const r1 = await srv.http('GET', `/api/events/${ev.code}`, { key: 'not-a-key' });
    assert.equal(r1.status, 401);
    const r2 = await srv.http('GET', `/api/events/${ev.code}`, { key: ev.tables[0].facilitator_key });
    assert.equal(r2.status, 403);
    const r3 = await srv.http('GET', `/api/events/${ev.code}`, { key: other.event_key });
    assert.equal(r3.status, 403);
    const r4 = await srv.http('GET', '/api/events', { key: ev.event_key });
    assert.equal(r4.status, 403);
    const r5 = await srv.http('POST', '/api/events', { key: ev.event_key, body: { title: 'x', template: 'proto', tables: 1 } });
    assert.equal(r5.status, 403);
    // The event key acts as each table's facilitator key over HTTP too, but not another's.
    const r6 = await srv.http('GET', `/api/sessions/${ev.tables[2].code}/export?format=json`, { key: ev.event_key });
    assert.equal(r6.status, 200);
    const r7 = await srv.http('GET', `/api/sessions/${other.tables[0].code}/export?format=json`, { key: ev.event_key });
    assert.equal(r7.status, 403);
    const r8 = await srv.http('GET', '/api/events/ZZZZZZ', { key: ev.event_key });
    assert.ok([403, 404].includes(r8.status));
  });
});

describe('the entrance and the progress', () => {
  test('GET /api/events/{code}/tables: for anyone, the tables with participant counts', async () => {
    const ev = await newEvent({ language: 'nl' });
    const a = await participant(srv, ev.tables[1].code, 'Anna');
    const b = await participant(srv, ev.tables[1].code, 'Ben');
    await facilitator(srv, ev.tables[1].code, ev.tables[1].facilitator_key);
    await screen(srv, ev.tables[1].code);
    const r = await srv.http('GET', `/api/events/${ev.code.toLowerCase()}/tables`);
    assert.equal(r.status, 200);
    assert.deepEqual(Object.keys(r.json).sort(), ['language', 'tables', 'title']);
    assert.equal(r.json.language, 'nl');
    assert.deepEqual(r.json.tables, ev.tables.map((t, i) => ({ code: t.code, name: t.name, participants: i === 1 ? 2 : 0 })));
    assert.equal((await srv.http('GET', '/api/events/ZZZZZZ/tables')).status, 404);
    // The QR code at the door holds the entrance's link; an event's code has no session QR.
    const qr = await srv.http('GET', `/api/events/${ev.code}/qr.svg`);
    assert.equal(qr.status, 200);
    assert.match(qr.headers.get('content-type'), /^image\/svg\+xml/);
    assert.equal((await srv.http('GET', `/api/sessions/${ev.code}/qr.svg`)).status, 404);
    assert.equal((await srv.http('GET', `/api/events/${ev.tables[0].code}/qr.svg`)).status, 404);
    assert.equal((await srv.http('GET', `/api/sessions/${ev.tables[0].code}/qr.svg`)).status, 200);
    await Promise.all([a.close(), b.close()]);
  });

  test('GET /api/events/{code}: PROGRESS per table, counts only', async () => {
    const ev = await newEvent();
    const t0 = ev.tables[0];
    const f = await facilitator(srv, t0.code, t0.facilitator_key);
    const a = await participant(srv, t0.code, 'Anna');
    const b = await participant(srv, t0.code, 'Ben');
    await f.ok({ type: 'phase.set', index: 3 });
    await a.ok({ type: 'note.add', phase: 3, text: 'Secret bad idea one' });
    const n2 = await b.ok({ type: 'note.add', phase: 3, text: 'Secret bad idea two' });
    await b.ok({ type: 'note.essence', id: n2.id, text: 'Secret essence' });
    await b.close();
    await f.waitEvent('participant.left');
    const r = await srv.http('GET', `/api/events/${ev.code}`, { key: ev.event_key });
    assert.equal(r.status, 200);
    assert.deepEqual(Object.keys(r.json).sort(), ['code', 'created_at', 'tables', 'title']);
    assert.ok(!r.text.includes('Secret'), 'no note text leaves the table');
    const p = r.json.tables[0];
    assert.deepEqual(Object.keys(p).sort(), PROGRESS_KEYS);
    assert.deepEqual(p, {
      code: t0.code, name: t0.name, status: 'open', phase: 3, phase_kind: 'bad_ideas', participants: 2,
      online: 1, notes: 2, essences_missing: 1, votes_used: 0, votes_total: 0, timer: null,
    });
    assert.equal(r.json.tables[1].participants, 0);
    // The organizer may look too.
    assert.equal((await srv.http('GET', `/api/events/${ev.code}`)).status, 200);
    await Promise.all([f.close(), a.close()]);
  });
});

describe('the live overview', () => {
  test('join with event and event_key: the event with every table; errors', async () => {
    const ev = await newEvent();
    const o = await overview(ev);
    assert.deepEqual(Object.keys(o.event).sort(), ['code', 'tables', 'title']);
    assert.equal(o.event.code, ev.code);
    assert.equal(o.event.tables.length, 3);
    for (const t of o.event.tables) assert.deepEqual(Object.keys(t).sort(), PROGRESS_KEYS);
    const c = await Client.connect(srv, { label: 'bad' });
    await c.err({ type: 'join', event: ev.code, event_key: 'wrong' }, 'forbidden');
    await c.err({ type: 'join', event: ev.code, event_key: ev.tables[0].facilitator_key }, 'forbidden');
    await c.err({ type: 'join', event: 'ZZZZZZ', event_key: ev.event_key }, 'not_found');
    await c.err({ type: 'join', event: ev.code }, 'invalid');
    // A participant's join with an event code finds no session.
    await c.err({ type: 'join', code: ev.code, name: 'Anna', background: 'Teacher' }, 'not_found');
    // Other requests on the overview: forbidden.
    await o.err({ type: 'note.add', phase: 0, text: 'x' }, 'forbidden');
    await o.err({ type: 'phase.set', index: 1 }, 'forbidden');
    await o.err({ type: 'join', event: ev.code, event_key: ev.event_key }, 'invalid');
    await Promise.all([o.close(), c.close()]);
  });

  test('table.progress follows counts, phase, timer and presence; never text', async () => {
    const ev = await newEvent();
    const o = await overview(ev);
    const t = ev.tables[2];
    const f = await facilitator(srv, t.code, t.facilitator_key);
    const a = await participant(srv, t.code, 'Anna');
    await progressOf(o, t.code, (p) => p.online === 1 && p.participants === 1);
    await f.ok({ type: 'phase.set', index: 3 });
    await progressOf(o, t.code, (p) => p.phase === 3 && p.phase_kind === 'bad_ideas');
    await a.ok({ type: 'note.add', phase: 3, text: 'Private words' });
    await progressOf(o, t.code, (p) => p.notes === 1 && p.essences_missing === 1);
    await f.ok({ type: 'timer.start', seconds: 300 });
    const tp = await progressOf(o, t.code, (p) => p.timer !== null);
    assert.ok(Number.isInteger(tp.table.timer.ends_at));
    await a.close();
    await progressOf(o, t.code, (p) => p.online === 0);
    assert.ok(!o.received.some((f2) => JSON.stringify(f2).includes('Private words')), 'no text on the overview');
    for (const f2 of o.received.filter((x) => x.type === 'table.progress')) {
      assert.equal(f2.seq, undefined);
      assert.deepEqual(Object.keys(f2.table).sort(), PROGRESS_KEYS);
    }
    await Promise.all([o.close(), f.close()]);
  });

  test('a burst of changes is coalesced, and the last counts always arrive', async () => {
    const ev = await newEvent({ tables: 1 });
    const o = await overview(ev);
    const t = ev.tables[0];
    const f = await facilitator(srv, t.code, t.facilitator_key);
    await f.ok({ type: 'phase.set', index: 4 });
    await Promise.all(Array.from({ length: 40 }, (_, i) => f.ok({ type: 'note.add', phase: 4, text: `idea ${i}` })));
    await progressOf(o, t.code, (p) => p.notes === 40);
    await sleep(600);
    const n = o.received.filter((x) => x.type === 'table.progress').length;
    assert.ok(n < 20, `${n} progress messages for 41 changes`);
    await Promise.all([o.close(), f.close()]);
  });

  test('event.phase.set and event.timer.start move every open table; ended tables stay', async () => {
    const ev = await newEvent();
    const facs = await Promise.all(ev.tables.map((t, i) => facilitator(srv, t.code, t.facilitator_key, `fac${i}`)));
    await facs[1].ok({ type: 'session.end' });
    const o = await overview(ev);
    await o.err({ type: 'event.phase.set', index: 99 }, 'invalid');
    const r = await o.ok({ type: 'event.phase.set', index: 2, timer_seconds: 600 });
    assert.equal(r.tables, 2);
    for (const i of [0, 2]) {
      const e = await facs[i].waitEvent('phase.changed', (x) => x.phase === 2);
      assert.ok(e.timer && Number.isInteger(e.timer.ends_at));
    }
    assert.equal(facs[1].eventsOf('phase.changed').length, 0);
    const r2 = await o.ok({ type: 'event.timer.start', seconds: 120, lock: true });
    assert.equal(r2.tables, 2);
    const e2 = await facs[2].waitEvent('timer.changed');
    assert.equal(e2.timer.lock, true);
    await o.err({ type: 'event.timer.start', seconds: -1 }, 'invalid');
    // The facilitators still run their own tables.
    await facs[0].ok({ type: 'phase.set', index: 4 });
    await progressOf(o, ev.tables[0].code, (p) => p.phase === 4 && p.timer === null);
    await Promise.all([o.close(), ...facs.map((f) => f.close())]);
  });

  test('votes_used and votes_total', async () => {
    const ev = await newEvent({ tables: 1 });
    const t = ev.tables[0];
    const f = await facilitator(srv, t.code, t.facilitator_key);
    const a = await participant(srv, t.code, 'Anna');
    await participant(srv, t.code, 'Ben');
    await f.ok({ type: 'phase.set', index: 5 });
    const c = await f.ok({ type: 'cluster.add', title: 'Richting' });
    await f.ok({ type: 'phase.set', index: 6 });
    await a.ok({ type: 'vote', cluster: c.id, delta: 1 });
    const r = await srv.http('GET', `/api/events/${ev.code}`, { key: ev.event_key });
    const dots = f.state.phases[6].votes_per_participant ?? 3;
    assert.equal(r.json.tables[0].votes_used, 1);
    assert.equal(r.json.tables[0].votes_total, 2 * dots);
  });
});

describe('deleting an event', () => {
  test('DELETE removes the event and every table from the file; connections are closed', async () => {
    const ev = await newEvent({ title: 'Te wissen evenement', table_names: ['Eenmalige tafelnaam', 'B', 'C'] });
    const t = ev.tables[0];
    const a = await participant(srv, t.code, 'Verwijderbare deelnemer');
    await facilitator(srv, t.code, t.facilitator_key).then((f) => f.ok({ type: 'phase.set', index: 4 }));
    await a.ok({ type: 'note.add', phase: 4, text: 'Unieke notitietekst die weg moet' });
    const o = await overview(ev);
    assert.equal((await srv.http('DELETE', `/api/events/${ev.code}`, { key: ev.tables[0].facilitator_key })).status, 403);
    const r = await srv.http('DELETE', `/api/events/${ev.code}`, { key: ev.event_key });
    assert.equal(r.status, 204);
    await a.closed;
    await o.closed;
    assert.equal((await srv.http('GET', `/api/events/${ev.code}/tables`)).status, 404);
    for (const tb of ev.tables) {
      assert.equal((await srv.http('GET', `/api/sessions/${tb.code}/export?format=json`)).status, 404);
    }
    assert.equal((await srv.http('DELETE', `/api/events/${ev.code}`)).status, 404);
    // Nothing of it is left in the database file or its log.
    for (const f of fs.readdirSync(srv.dir).filter((n) => n.includes('.db'))) {
      const bytes = fs.readFileSync(`${srv.dir}/${f}`);
      for (const s of ['Unieke notitietekst', 'Eenmalige tafelnaam', 'Te wissen evenement', 'Verwijderbare deelnemer']) {
        assert.ok(!bytes.includes(Buffer.from(s)), `${f} still holds "${s}"`);
      }
    }
  });
});
