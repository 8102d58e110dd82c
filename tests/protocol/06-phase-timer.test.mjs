// The facilitator's controls: phase.set, the timer, summary.set, session.end; permissions
// and errors of each.
import { test, describe, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, sleep } from './lib/server.mjs';
import { screen, table, assertAllClean, closeAll } from './lib/client.mjs';

let srv;
before(async () => { srv = await startServer(); });
after(async () => { await closeAll(); await srv?.cleanup(); });
afterEach(() => assertAllClean());

// The facilitator, Anna (t.a) and a screen (t.s).
const ANNA = { a: ['Anna', 'Teacher'] };
const near = (x, want, tol, what) => assert.ok(Number.isInteger(x) && Math.abs(x - want) <= tol, `${what}: ${x} not within ${tol} of ${want}`);

describe('phase.set', () => {
  test('moves the session forward and back; phase.changed for everyone', async () => {
    const t = await table(srv, { participants: ANNA });
    await t.fac.ok({ type: 'phase.set', index: 3 });
    const evs = await Promise.all(t.all.map((c) => c.waitEvent('phase.changed')));
    for (const ev of evs) { assert.equal(ev.phase, 3); assert.equal(ev.seq, evs[0].seq); }
    await t.fac.ok({ type: 'phase.set', index: 1 });
    await t.a.waitEvent('phase.changed', (e) => e.phase === 1);
    await t.fac.ok({ type: 'phase.set', index: 8 });
    await t.s.waitEvent('phase.changed', (e) => e.phase === 8);
    const s2 = await screen(srv, t.code, 'screen2');
    assert.equal(s2.state.phase, 8);
    await s2.close();
    await t.close();
  });

  test('errors: participant and screen forbidden; bad index invalid', async () => {
    const t = await table(srv, { participants: ANNA });
    await t.a.err({ type: 'phase.set', index: 1 }, 'forbidden');
    await t.s.err({ type: 'phase.set', index: 1 }, 'forbidden');
    for (const index of [9, 99, -1, '1', 1.5, null]) await t.fac.err({ type: 'phase.set', index }, 'invalid');
    await t.fac.err({ type: 'phase.set' }, 'invalid');
    const s2 = await screen(srv, t.code, 'screen2');
    assert.equal(s2.state.phase, 0);
    await s2.close();
    await t.close();
  });
});

describe('timer', () => {
  test('start, pause, resume, stop: timer.changed with ends_at / paused_remaining_ms / null', async () => {
    const t = await table(srv, { participants: ANNA });
    const t0 = Date.now();
    await t.fac.ok({ type: 'timer.start', seconds: 600 });
    const evs = await Promise.all(t.all.map((c) => c.waitEvent('timer.changed')));
    for (const ev of evs) {
      assert.deepEqual(Object.keys(ev.timer), ['ends_at']);
      near(ev.timer.ends_at, t0 + 600000, 3000, 'ends_at');
      assert.equal(ev.timer.ends_at, evs[0].timer.ends_at, 'the same ends_at for everyone');
    }
    const s2 = await screen(srv, t.code, 'screen2');
    assert.deepEqual(s2.state.timer, evs[0].timer);
    await s2.close();

    await sleep(300);
    await t.fac.ok({ type: 'timer.pause' });
    const p = await t.a.waitEvent('timer.changed', (e) => e.timer && 'paused_remaining_ms' in e.timer);
    assert.deepEqual(Object.keys(p.timer), ['paused_remaining_ms']);
    assert.ok(p.timer.paused_remaining_ms <= 600000 - 250 && p.timer.paused_remaining_ms > 590000,
      `paused_remaining_ms ${p.timer.paused_remaining_ms}`);
    const s3 = await screen(srv, t.code, 'screen3');
    assert.deepEqual(s3.state.timer, p.timer, 'a paused timer stays exactly paused');
    await s3.close();

    await sleep(300);
    const t1 = Date.now();
    await t.fac.ok({ type: 'timer.resume' });
    const r = await t.s.waitEvent('timer.changed', (e) => e.timer && 'ends_at' in e.timer);
    near(r.timer.ends_at, t1 + p.timer.paused_remaining_ms, 1500, 'resumed ends_at = now + remaining');

    await t.fac.ok({ type: 'timer.stop' });
    const st = await t.a.waitEvent('timer.changed', (e) => e.timer === null);
    assert.equal(st.timer, null);
    const s4 = await screen(srv, t.code, 'screen4');
    assert.equal(s4.state.timer, null);
    await s4.close();
    await t.close();
  });

  test('errors: participant and screen forbidden; bad seconds invalid', async () => {
    const t = await table(srv, { participants: ANNA });
    for (const type of ['timer.start', 'timer.pause', 'timer.resume', 'timer.stop']) {
      await t.a.err({ type, seconds: 60 }, 'forbidden');
      await t.s.err({ type, seconds: 60 }, 'forbidden');
    }
    for (const seconds of [0, -5, '60', null]) await t.fac.err({ type: 'timer.start', seconds }, 'invalid');
    await t.fac.err({ type: 'timer.start' }, 'invalid');
    const s2 = await screen(srv, t.code, 'screen2');
    assert.equal(s2.state.timer, null);
    await s2.close();
    await t.close();
  });
});

describe('summary.set', () => {
  test('sets the summary; summary.changed; limits and permissions', async () => {
    const t = await table(srv, { participants: ANNA });
    const text = 'We chose two directions.\nFirst: less paperwork. — “quotes” ok';
    await t.fac.ok({ type: 'summary.set', text });
    const evs = await Promise.all(t.all.map((c) => c.waitEvent('summary.changed')));
    for (const ev of evs) assert.equal(ev.summary, text);
    await t.a.err({ type: 'summary.set', text: 'mine' }, 'forbidden');
    await t.s.err({ type: 'summary.set', text: 'mine' }, 'forbidden');
    await t.fac.err({ type: 'summary.set' }, 'invalid');
    await t.fac.err({ type: 'summary.set', text: 5 }, 'invalid');
    await t.fac.err({ type: 'summary.set', text: 'a\u0000b' }, 'invalid');
    await t.fac.err({ type: 'summary.set', text: 's'.repeat(20001) }, 'too_large');
    await t.fac.ok({ type: 'summary.set', text: 's'.repeat(20000) });
    await t.a.waitEvent('summary.changed', (e) => e.summary.length === 20000);
    const s2 = await screen(srv, t.code, 'screen2');
    assert.equal(s2.state.summary, 's'.repeat(20000));
    await s2.close();
    await t.close();
  });
});

describe('session.end', () => {
  test('session.ended {status:"ended"}; every later change gets phase_closed', async () => {
    const t = await table(srv, { participants: ANNA });
    await t.fac.ok({ type: 'phase.set', index: 4 });
    const note = await t.a.ok({ type: 'note.add', phase: 4, text: 'before the end' });
    const cl = await t.fac.ok({ type: 'cluster.add', title: 'C' });
    await t.a.err({ type: 'session.end' }, 'forbidden');
    await t.s.err({ type: 'session.end' }, 'forbidden');
    await t.fac.ok({ type: 'session.end' });
    const evs = await Promise.all(t.all.map((c) => c.waitEvent('session.ended')));
    for (const ev of evs) assert.equal(ev.status, 'ended');
    const seqAfter = evs[0].seq;
    await t.a.err({ type: 'note.add', phase: 4, text: 'after the end' }, 'phase_closed');
    await t.a.err({ type: 'note.edit', id: note.id, text: 'after' }, 'phase_closed');
    await t.a.err({ type: 'note.delete', id: note.id }, 'phase_closed');
    for (const req of [
      { type: 'note.add', phase: 4, text: 'x' }, { type: 'note.edit', id: note.id, text: 'x' },
      { type: 'cluster.add', title: 'x' }, { type: 'cluster.edit', id: cl.id, title: 'x' },
      { type: 'note.move', id: note.id, cluster: cl.id }, { type: 'cluster.delete', id: cl.id },
      { type: 'phase.set', index: 5 }, { type: 'timer.start', seconds: 60 },
      { type: 'reveal', phase: 3 }, { type: 'summary.set', text: 'x' }, { type: 'session.end' },
      { type: 'note.delete', id: note.id },
    ]) {
      await t.fac.err(req, 'phase_closed');
    }
    const s2 = await screen(srv, t.code, 'screen2');
    assert.equal(s2.state.session.status, 'ended');
    assert.equal(s2.joinSeq, seqAfter, 'nothing changed after the end');
    assert.deepEqual(s2.state.notes.map((n) => n.text), ['before the end']);
    await s2.close();
    await t.close();
  });
});
