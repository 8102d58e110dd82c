// Version 2: the timer follows the phase (phase.set stops it or starts the next one,
// timer.add, the lock at zero, session.end stops it), what the room screen shows (screen.set)
// and the progress counts for the facilitator and screens. Against a real server.
import { test, describe, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, sleep } from './lib/server.mjs';
import { screen, participant, facilitator, table, setPhase, assertAllClean, closeAll } from './lib/client.mjs';

let srv;
before(async () => { srv = await startServer(); });
after(async () => { await closeAll(); await srv?.cleanup(); });
afterEach(() => assertAllClean());

const ANNA_BEN = { a: ['Anna', 'Teacher'], b: ['Ben', 'Support staff'] };
const near = (x, want, tol, what) => assert.ok(Number.isInteger(x) && Math.abs(x - want) <= tol, `${what}: ${x} not within ${tol} of ${want}`);

describe('the timer follows the phase', () => {
  test('phase.set stops a running or paused timer: timer null in the event and the state', async () => {
    const t = await table(srv, { participants: ANNA_BEN, phase: 1 });
    await t.fac.ok({ type: 'timer.start', seconds: 600 });
    await Promise.all(t.all.map((c) => c.waitEvent('timer.changed')));
    await t.fac.ok({ type: 'phase.set', index: 2 });
    const evs = await Promise.all(t.all.map((c) => c.waitEvent('phase.changed', (e) => e.phase === 2)));
    for (const ev of evs) assert.equal(ev.timer, null, 'phase.changed carries timer null');
    assert.equal(t.fac.eventsOf('timer.changed').length, 1, 'no separate timer.changed');
    // A paused one too.
    await t.fac.ok({ type: 'timer.start', seconds: 600 });
    await t.fac.ok({ type: 'timer.pause' });
    await t.fac.ok({ type: 'phase.set', index: 3 });
    const ev = await t.a.waitEvent('phase.changed', (e) => e.phase === 3);
    assert.equal(ev.timer, null);
    const s2 = await screen(srv, t.code, 'screen2');
    assert.equal(s2.state.timer, null);
    await s2.close();
    await t.close();
  });

  test('phase.set with timer_seconds starts the new phase timer at once, in the same event', async () => {
    const t = await table(srv, { participants: ANNA_BEN });
    const t0 = Date.now();
    const before = t.fac.events.length;
    await t.fac.ok({ type: 'phase.set', index: 1, timer_seconds: 600 });
    const evs = await Promise.all(t.all.map((c) => c.waitEvent('phase.changed', (e) => e.phase === 1)));
    for (const ev of evs) {
      assert.deepEqual(Object.keys(ev.timer), ['ends_at']);
      near(ev.timer.ends_at, t0 + 600000, 3000, 'ends_at');
      assert.equal(ev.timer.ends_at, evs[0].timer.ends_at);
    }
    await sleep(100);
    const types = t.fac.events.slice(before).map((e) => e.type).filter((x) => !x.startsWith('participant.'));
    assert.deepEqual(types, ['phase.changed'], 'one event, no timer.changed');
    const s2 = await screen(srv, t.code, 'screen2');
    assert.deepEqual(s2.state.timer, evs[0].timer);
    await s2.close();
    for (const timer_seconds of [0, -5, '60', 1e9, true]) await t.fac.err({ type: 'phase.set', index: 2, timer_seconds }, 'invalid');
    await t.fac.err({ type: 'phase.set', index: 2, timer_seconds: 60, timer_lock: 'yes' }, 'invalid');
    assert.equal((await screen(srv, t.code, 'screen3')).state.phase, 1, 'a refused phase.set changed nothing');
    await t.close();
  });

  test('timer.add adds and takes time, never below zero; paused too; no timer: invalid', async () => {
    const t = await table(srv, { participants: ANNA_BEN, phase: 1 });
    await t.fac.err({ type: 'timer.add', seconds: 60 }, 'invalid');
    await t.fac.ok({ type: 'timer.start', seconds: 300 });
    const start = (await t.a.waitEvent('timer.changed')).timer.ends_at;
    await t.fac.ok({ type: 'timer.add', seconds: 60 });
    const add = await t.a.waitEvent('timer.changed');
    assert.equal(add.timer.ends_at, start + 60000);
    await t.fac.ok({ type: 'timer.add', seconds: -10000 });
    const floor = await t.a.waitEvent('timer.changed');
    near(floor.timer.ends_at, Date.now(), 3000, 'never below zero: ends now');
    await t.fac.ok({ type: 'timer.add', seconds: 120 });
    await t.fac.ok({ type: 'timer.pause' });
    const paused = await t.a.waitEvent('timer.changed', (e) => e.timer && 'paused_remaining_ms' in e.timer);
    await t.fac.ok({ type: 'timer.add', seconds: -30 });
    const less = await t.a.waitEvent('timer.changed', (e) => e.seq > paused.seq);
    assert.equal(less.timer.paused_remaining_ms, paused.timer.paused_remaining_ms - 30000);
    await t.a.err({ type: 'timer.add', seconds: 60 }, 'forbidden');
    await t.s.err({ type: 'timer.add', seconds: 60 }, 'forbidden');
    for (const seconds of ['60', null, 1e12]) await t.fac.err({ type: 'timer.add', seconds }, 'invalid');
    await t.fac.err({ type: 'timer.add' }, 'invalid');
    await t.close();
  });

  test('a locked timer at zero closes participants\' changes until more time or a new phase', async () => {
    const t = await table(srv, { participants: ANNA_BEN, phase: 3 });
    const mine = await t.a.ok({ type: 'note.add', phase: 3, text: 'A bad idea' });
    await t.fac.err({ type: 'timer.start', seconds: 1, lock: 'yes' }, 'invalid');
    await t.fac.ok({ type: 'timer.start', seconds: 1, lock: true });
    const ev = await t.a.waitEvent('timer.changed');
    assert.deepEqual(Object.keys(ev.timer).sort(), ['ends_at', 'lock']);
    assert.equal(ev.timer.lock, true);
    assert.equal((await screen(srv, t.code, 'screen2')).state.timer.lock, true, 'the state carries the lock');
    await sleep(Math.max(0, ev.timer.ends_at - Date.now()) + 200);
    await t.a.err({ type: 'note.add', phase: 3, text: 'Too late' }, 'phase_closed');
    await t.a.err({ type: 'note.edit', id: mine.id, text: 'Changed' }, 'phase_closed');
    await t.a.err({ type: 'note.essence', id: mine.id, text: 'Essence' }, 'phase_closed');
    // The facilitator still writes; a participant's resend of a known cid is still answered.
    await t.fac.ok({ type: 'note.add', phase: 3, text: 'The facilitator adds' });
    // More time opens the phase again.
    await t.fac.ok({ type: 'timer.add', seconds: 60 });
    const more = await t.a.waitEvent('timer.changed', (e) => e.seq > ev.seq);
    assert.equal(more.timer.lock, true, 'the lock stays with the timer');
    await t.a.ok({ type: 'note.essence', id: mine.id, text: 'Essence' });
    // A timer without lock only shows time.
    await t.fac.ok({ type: 'timer.start', seconds: 1 });
    const plain = await t.a.waitEvent('timer.changed', (e) => e.seq > more.seq);
    assert.equal(plain.timer.lock, undefined);
    await sleep(Math.max(0, plain.timer.ends_at - Date.now()) + 200);
    await t.a.ok({ type: 'note.add', phase: 3, text: 'After zero, unlocked' });
    await t.close();
  });

  test('the lock closes votes at zero; a new phase lifts it', async () => {
    const t = await table(srv, { participants: ANNA_BEN, phase: 5 });
    const c = await t.fac.ok({ type: 'cluster.add', title: 'Direction' });
    await setPhase(t.fac, 6, [t.a, t.b]);
    await t.fac.ok({ type: 'timer.start', seconds: 1, lock: true });
    const ev = await t.a.waitEvent('timer.changed');
    await sleep(Math.max(0, ev.timer.ends_at - Date.now()) + 200);
    await t.a.err({ type: 'vote', cluster: c.id, delta: 1 }, 'phase_closed');
    await t.fac.ok({ type: 'phase.set', index: 6, timer_seconds: 60, timer_lock: true });
    const ph = await t.a.waitEvent('phase.changed', (e) => e.seq > ev.seq);
    assert.equal(ph.timer.lock, true);
    await t.a.ok({ type: 'vote', cluster: c.id, delta: 1 });
    await t.close();
  });

  test('session.end stops the timer', async () => {
    const t = await table(srv, { participants: ANNA_BEN, phase: 1 });
    await t.fac.ok({ type: 'timer.start', seconds: 600 });
    await t.fac.ok({ type: 'session.end' });
    await t.a.waitEvent('session.ended');
    const s2 = await screen(srv, t.code, 'screen2');
    assert.equal(s2.state.timer, null);
    assert.ok(Number.isInteger(s2.state.ended_at));
    await t.fac.err({ type: 'timer.start', seconds: 60 }, 'phase_closed');
    await t.close();
  });
});

describe('the room screen and progress', () => {
  test('screen.set: the facilitator sets what screens show; state.screen and screen.changed', async () => {
    const t = await table(srv, { participants: ANNA_BEN, phase: 1 });
    assert.deepEqual(t.s.state.screen, { spotlight: null, join: true, progress: false, results: false, sound: false });
    const n = await t.a.ok({ type: 'note.add', phase: 1, text: 'Feels unheard', quadrant: 'feels' });
    await t.a.err({ type: 'screen.set', join: false }, 'forbidden');
    await t.s.err({ type: 'screen.set', join: false }, 'forbidden');
    await t.fac.err({ type: 'screen.set', join: 'no' }, 'invalid');
    await t.fac.err({ type: 'screen.set', spotlight: { kind: 'person' } }, 'invalid');
    await t.fac.err({ type: 'screen.set', spotlight: { kind: 'quadrant', quadrant: 'eats' } }, 'invalid');
    await t.fac.err({ type: 'screen.set', spotlight: { kind: 'note', id: '999999' } }, 'not_found');
    await t.fac.ok({ type: 'screen.set', join: false, progress: true, spotlight: { kind: 'note', id: n.id } });
    const evs = await Promise.all(t.all.map((c) => c.waitEvent('screen.changed')));
    for (const ev of evs) {
      assert.deepEqual(ev.screen, { spotlight: { kind: 'note', id: n.id }, join: false, progress: true, results: false, sound: false });
    }
    // Fields not given stay as they are; a new phase clears only the spotlight.
    await t.fac.ok({ type: 'screen.set', results: true });
    const ev2 = await t.s.waitEvent('screen.changed', (e) => e.seq > evs[0].seq);
    assert.deepEqual(ev2.screen.spotlight, { kind: 'note', id: n.id });
    await setPhase(t.fac, 2, [t.s]);
    const s2 = await screen(srv, t.code, 'screen2');
    assert.deepEqual(s2.state.screen, { spotlight: null, join: false, progress: true, results: true, sound: false });
    await s2.close();
    await t.close();
  });

  test('a spotlight on a private note shows screens nothing of its text', async () => {
    const t = await table(srv, { participants: ANNA_BEN, phase: 3 });
    const n = await t.a.ok({ type: 'note.add', phase: 3, text: 'Secret bad idea' });
    await t.fac.ok({ type: 'screen.set', spotlight: { kind: 'note', id: n.id } });
    const ev = await t.s.waitEvent('screen.changed');
    assert.ok(!JSON.stringify(ev).includes('Secret'));
    const s2 = await screen(srv, t.code, 'screen2');
    assert.ok(!JSON.stringify(s2.state).includes('Secret'));
    await s2.close();
    await t.close();
  });

  test('dots spent per participant: facilitator and screens see counts, participants what they saw before', async () => {
    const t = await table(srv, { participants: ANNA_BEN, phase: 5 });
    const c = await t.fac.ok({ type: 'cluster.add', title: 'Direction' });
    await setPhase(t.fac, 6, [t.a, t.b, t.s]);
    await t.a.ok({ type: 'vote', cluster: c.id, delta: 1 });
    const [fe, se, be] = await Promise.all([t.fac, t.s, t.b].map((x) => x.waitEvent('vote.changed')));
    assert.equal(fe.participant, t.a.you.id);
    assert.equal(fe.dots_used, 1);
    assert.equal(fe.votes, 1);
    assert.equal(se.participant, t.a.you.id);
    assert.equal(se.dots_used, 1);
    assert.equal(se.votes, undefined, 'no totals for a screen during the vote');
    assert.deepEqual(Object.keys(be).sort(), ['cluster', 'seq', 'type'], 'another participant: as before');
    const f2 = await facilitator(srv, t.code, t.key, 'fac2');
    assert.deepEqual(f2.state.dots_used, { [t.a.you.id]: 1, [t.b.you.id]: 0 });
    const s2 = await screen(srv, t.code, 'screen2');
    assert.deepEqual(s2.state.dots_used, f2.state.dots_used);
    const c2 = await participant(srv, t.code, 'Cas', 'Teacher');
    assert.equal(c2.state.dots_used, undefined);
    assert.ok(Array.isArray(c2.state.phase_log) && c2.state.phase_log.length >= 3);
    assert.deepEqual(c2.state.phase_log.map((p) => p.index).slice(-2), [5, 6]);
    await Promise.all([f2.close(), s2.close(), c2.close()]);
    await t.close();
  });
});
