// Permissions, table-driven: every change request, sent by every role that is not the
// session's own facilitator, with ids that exist, at a phase where the request itself would
// be fine. Roles:
//   P1  the participant who wrote the notes          P2  another participant
//   S   a room screen of the session                 FB  the facilitator of session B,
//   none  a connection that has not joined               naming ids of session A
// A denied request gets its exact code, no event reaches anyone, and a fresh facilitator
// join of session A sees the same state and seq as before. The allowed cells are checked
// too: ok, and the change happens (P1/P2), or it happens in session B only (FB).
import { test, describe, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, sleep } from './lib/server.mjs';
import { Client, participant, screen, newSession, setPhase, assertAllClean, closeAll, short } from './lib/client.mjs';

let srv;
const A = {};       // session A: code, key, F, P1, P2, S, ids
const B = {};       // session B: code, key, F (the "FB" role), ids
let none;           // a connection that never joins
let baseline;

before(async () => {
  srv = await startServer();
  const a = await newSession(srv, 'proto');
  Object.assign(A, { code: a.code, key: a.key, F: a.fac });
  A.P1 = await participant(srv, a.code, 'Anna', 'Teacher', 'P1');
  A.P2 = await participant(srv, a.code, 'Bert', 'Support staff', 'P2');
  A.S = await screen(srv, a.code, 'S');
  await setPhase(A.F, 3, [A.P1, A.P2, A.S]);   // bad_ideas, private
  A.bad1 = (await A.P1.ok({ type: 'note.add', phase: 3, text: 'a private bad idea' })).id;
  await A.P2.waitEvent('note.added', (e) => e.note.id === A.bad1);

  const b = await newSession(srv, 'proto');
  Object.assign(B, { code: b.code, key: b.key, F: b.fac });
  B.P = await participant(srv, b.code, 'Cees', 'Teacher', 'PB');
  await setPhase(B.F, 4, [B.P]);
  B.n = (await B.P.ok({ type: 'note.add', phase: 4, text: 'a note of B' })).id;
  B.c = (await B.F.ok({ type: 'cluster.add', title: 'a cluster of B' })).id;

  none = await Client.connect(srv, { label: 'none' });
  baseline = await snapshot();
});
after(async () => { await closeAll(); await srv?.cleanup(); });
afterEach(() => assertAllClean());

const watchers = () => [A.F, A.P1, A.P2, A.S];

/** What a fresh facilitator connection of session A sees. */
async function snapshot(sess = A) {
  const c = await Client.connect(srv, { label: 'snapshot' });
  const r = await c.ok({ type: 'join', code: sess.code, facilitator_key: sess.key });
  await c.close();
  const { server_time: _t, ...state } = r.state;
  return { state, seq: r.seq };
}

async function settle(seq, clients = watchers()) {
  const t0 = Date.now();
  while (clients.some((c) => (c.lastSeq ?? 0) < seq) && Date.now() - t0 < 3000) await sleep(5);
}

const conn = (role) => ({ P1: A.P1, P2: A.P2, S: A.S, FB: B.F, none }[role]);

/** Sends req as role, asserts the error code, and that session A did not change. */
async function denied(role, req, code) {
  const c = conn(role);
  const before = watchers().map((w) => w.events.length);
  const r = await c.request(req);
  assert.equal(r.type, 'error', `${role} sent ${short(req)}: expected error ${code}, got ${short(r)}`);
  assert.equal(r.code, code, `${role} sent ${short(req)}: expected error ${code}, got ${short(r)}`);
  assert.equal(typeof r.message, 'string');
  assert.ok(c.isOpen, `${role}: the connection stays open`);
  const now = await snapshot();
  await settle(now.seq);
  const was = baseline;
  baseline = now;
  assert.equal(now.seq, was.seq, `${role} sent ${short(req)}: session A's seq moved ${was.seq} -> ${now.seq}`);
  assert.deepEqual(now.state, was.state, `${role} sent ${short(req)}: session A's state changed`);
  assert.deepEqual(watchers().map((w) => w.events.length), before, `${role} sent ${short(req)}: events reached session A`);
}

// The requests, with ids of session A (filled in when the test runs).
const REQ = {
  'note.add': () => ({ type: 'note.add', phase: A.phase, text: 'from a role' }),
  'note.edit': () => ({ type: 'note.edit', id: A.n1, text: 'edited by a role' }),
  'note.delete': () => ({ type: 'note.delete', id: A.n1 }),
  'note.essence': () => ({ type: 'note.essence', id: A.bad1, text: 'essence by a role' }),
  'cluster.add': () => ({ type: 'cluster.add', title: 'by a role' }),
  'cluster.edit': () => ({ type: 'cluster.edit', id: A.c1, title: 'renamed by a role' }),
  'cluster.delete': () => ({ type: 'cluster.delete', id: A.c1 }),
  'note.move': () => ({ type: 'note.move', id: A.n1, cluster: A.c1 }),
  vote: () => ({ type: 'vote', cluster: A.c1, delta: 1 }),
  'phase.set': () => ({ type: 'phase.set', index: 5 }),
  'timer.start': () => ({ type: 'timer.start', seconds: 60 }),
  'timer.pause': () => ({ type: 'timer.pause' }),
  'timer.resume': () => ({ type: 'timer.resume' }),
  'timer.stop': () => ({ type: 'timer.stop' }),
  reveal: () => ({ type: 'reveal', phase: 3 }),
  'summary.set': () => ({ type: 'summary.set', text: 'summary by a role' }),
  'session.end': () => ({ type: 'session.end' }),
};

// The contract's answer per request and role. 'ok' cells are allowed and checked in the
// tests further down; 'own' (FB only): allowed, acting on session B, never on A.
const F = 'forbidden';
const NF = 'not_found';
const NJ = 'not_joined';
const MATRIX = {
  //                P1     P2     S  FB     none
  'note.add':     ['ok', 'ok', F, 'own', NJ],
  'note.edit':    ['ok', F, F, NF, NJ],
  'note.delete':  ['ok', F, F, NF, NJ],
  'note.essence': ['ok', 'ok', F, NF, NJ],
  'cluster.add':  [F, F, F, 'own', NJ],
  'cluster.edit': [F, F, F, NF, NJ],
  'cluster.delete': [F, F, F, NF, NJ],
  'note.move':    [F, F, F, NF, NJ],
  vote:           ['ok', 'ok', F, F, NJ],   // FB: a facilitator may not vote at all
  'phase.set':    [F, F, F, 'own', NJ],
  'timer.start':  [F, F, F, 'own', NJ],
  'timer.pause':  [F, F, F, 'own', NJ],
  'timer.resume': [F, F, F, 'own', NJ],
  'timer.stop':   [F, F, F, 'own', NJ],
  reveal:         [F, F, F, 'own', NJ],
  'summary.set':  [F, F, F, 'own', NJ],
  'session.end':  [F, F, F, 'own', NJ],
};
const ROLES = ['P1', 'P2', 'S', 'FB', 'none'];

test('the matrix names every change request of the contract', () => {
  assert.deepEqual(Object.keys(MATRIX).sort(), Object.keys(REQ).sort());
  assert.equal(Object.keys(MATRIX).length, 17);
});

describe('another participant\'s note in a private phase (not revealed)', () => {
  // P2 got note.added for bad1 reduced to its ids: P2 knows the note exists. The contract:
  // "a participant that ... edits another's note" gets forbidden.
  test('P2 note.edit -> forbidden', () => denied('P2', { type: 'note.edit', id: A.bad1, text: 'hijack' }, F));
  test('P2 note.delete -> forbidden', () => denied('P2', { type: 'note.delete', id: A.bad1 }, F));
  test('S note.edit -> forbidden', () => denied('S', { type: 'note.edit', id: A.bad1, text: 'hijack' }, F));
  test('FB note.edit -> not_found', () => denied('FB', { type: 'note.edit', id: A.bad1, text: 'hijack' }, NF));
  test('FB note.essence -> not_found', () => denied('FB', { type: 'note.essence', id: A.bad1, text: 'x' }, NF));
});

describe('denied cells: exact code, session A unchanged', () => {
  before(async () => {
    // reveal the bad ideas (so every participant may see bad1), then an ideal_ideas phase
    await A.F.ok({ type: 'reveal', phase: 3 });
    await setPhase(A.F, 4, [A.P1, A.P2, A.S]);
    A.phase = 4;
    A.n1 = (await A.P1.ok({ type: 'note.add', phase: 4, text: 'Anna\'s idea' })).id;
    A.c1 = (await A.F.ok({ type: 'cluster.add', title: 'A cluster' })).id;
    await A.F.ok({ type: 'timer.start', seconds: 600 });
    baseline = await snapshot();
    await settle(baseline.seq);
    // the ids of A are no ids of B
    const bs = await snapshot(B);
    assert.ok(!bs.state.notes.some((n) => n.id === A.n1 || n.id === A.bad1));
    assert.ok(!bs.state.clusters.some((c) => c.id === A.c1));
  });

  for (const [type, codes] of Object.entries(MATRIX)) {
    ROLES.forEach((role, i) => {
      const code = codes[i];
      if (code === 'ok' || code === 'own') return;
      test(`${type} by ${role} -> ${code}`, () => denied(role, REQ[type](), code));
    });
  }
});

describe('allowed cells', () => {
  test('P1 and P2: note.add, note.essence, and the author\'s note.edit and note.delete are ok', async () => {
    const steps = [
      ['P1', REQ['note.add'](), 'note.added'],
      ['P2', REQ['note.add'](), 'note.added'],
      ['P1', REQ['note.essence'](), 'note.edited'],
      ['P2', { ...REQ['note.essence'](), text: 'essence by P2' }, 'note.edited'],
      ['P1', REQ['note.edit'](), 'note.edited'],
      ['P1', REQ['note.delete'](), 'note.deleted'],
    ];
    for (const [role, req, ev] of steps) {
      const seq = A.F.lastSeq;
      await conn(role).ok(req);
      const e = await A.F.waitEvent(ev, (x) => x.seq === seq + 1);
      assert.equal(e.seq, seq + 1);
    }
    const s = await snapshot();
    const bad = s.state.notes.find((n) => n.id === A.bad1);
    assert.equal(bad.essence, 'essence by P2');
    assert.ok(!s.state.notes.some((n) => n.id === A.n1), 'P1 deleted its note');
  });

  test('P1 and P2 vote in the vote phase', async () => {
    await setPhase(A.F, 6, [A.P1, A.P2, A.S]);
    for (const role of ['P1', 'P2']) {
      const r = await conn(role).ok(REQ.vote());
      assert.deepEqual(r.my_votes, { [A.c1]: 1 });
    }
    const s = await snapshot();
    assert.equal(s.state.clusters.find((c) => c.id === A.c1).votes, 2);
    // and in the vote phase the denied vote cells still hold
    await A.F.waitEvent('vote.changed', (e) => e.seq === s.seq);
    baseline = s;
    await settle(s.seq);
    for (const role of ['S', 'FB', 'none']) await denied(role, REQ.vote(), MATRIX.vote[ROLES.indexOf(role)]);
  });

  test('FB (last: it ends session B): every facilitator request acts on session B only', async () => {
    const types = Object.keys(MATRIX).filter((t) => MATRIX[t][3] === 'own');
    assert.deepEqual(types, ['note.add', 'cluster.add', 'phase.set', 'timer.start', 'timer.pause', 'timer.resume',
      'timer.stop', 'reveal', 'summary.set', 'session.end']);
    baseline = await snapshot();
    await settle(baseline.seq);
    const startB = await snapshot(B);
    for (const type of types) {
      const req = REQ[type]();
      const before = watchers().map((w) => w.events.length);
      const seqB = B.F.lastSeq;
      const r = await B.F.request(req);
      assert.equal(r.type, 'ok', `FB sent ${short(req)}: expected ok (on session B), got ${short(r)}`);
      await B.F.waitEvent(null, (e) => e.seq === seqB + 1);
      const now = await snapshot();
      await settle(now.seq);
      assert.equal(now.seq, baseline.seq, `FB sent ${short(req)}: session A's seq moved`);
      assert.deepEqual(now.state, baseline.state, `FB sent ${short(req)}: session A changed`);
      assert.deepEqual(watchers().map((w) => w.events.length), before, `FB sent ${short(req)}: events reached session A`);
    }
    const endB = await snapshot(B);
    assert.equal(endB.seq, startB.seq + types.length, 'each FB request was one change of session B');
    assert.equal(endB.state.session.status, 'ended');
    assert.equal(endB.state.summary, 'summary by a role');
  });
});
