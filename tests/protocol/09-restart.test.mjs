// A clean restart (SIGTERM, then SIGINT) on the same database keeps everything exactly:
// notes, clusters, votes, phase, timer, summary, reveals, status, participants and their
// tokens, facilitator keys, cids; and seq goes on where it was.
import { test, describe, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './lib/server.mjs';
import { Client, participant, facilitator, screen, newSession, setPhase, assertAllClean, closeAll, forgetClosed } from './lib/client.mjs';

let srv;
before(async () => { srv = await startServer(); });
after(async () => { await closeAll(); await srv?.cleanup(); });
afterEach(() => assertAllClean());

/** A state without what may differ across a restart: who is online, the server's clock. */
function norm(st) {
  const x = structuredClone(st);
  delete x.server_time;
  for (const p of x.participants) delete p.online;
  return x;
}

async function resume(code, token, label) {
  const c = await Client.connect(srv, { label });
  await c.join({ code, token });
  return c;
}

describe('restart on the same database', () => {
  const X = {};
  const Y = {};

  before(async () => {
    // Session X: every kind of state.
    const { code, key, fac } = await newSession(srv, 'proto');
    Object.assign(X, { code, key });
    const a = await participant(srv, code, 'Anna', 'Teacher');
    const b = await participant(srv, code, 'Bert', 'Support staff');
    X.a = { id: a.you.id, token: a.token };
    X.b = { id: b.you.id, token: b.token };
    await setPhase(fac, 1, [a, b]);
    await a.ok({ type: 'note.add', phase: 1, text: 'Thinks: too many forms', quadrant: 'thinks' });
    await b.ok({ type: 'note.add', phase: 1, text: 'Feels: tired', quadrant: 'feels' });
    await setPhase(fac, 3, [a, b]);
    const bad = await a.ok({ type: 'note.add', phase: 3, text: 'Private bad idea', cid: 'anna-bad-1' });
    await a.ok({ type: 'note.essence', id: bad.id, text: 'Private essence' });
    X.bad = bad.id;
    await setPhase(fac, 4, [a, b]);
    const i1 = await a.ok({ type: 'note.add', phase: 4, text: 'Ideal one', cid: 'anna-ideal-1' });
    const i2 = await b.ok({ type: 'note.add', phase: 4, text: 'Ideal two — “unicode” ✓' });
    X.i1 = i1.id;
    const c1 = await fac.ok({ type: 'cluster.add', title: 'Direction A', description: 'What A means' });
    const c2 = await fac.ok({ type: 'cluster.add', title: 'Direction B' });
    X.c1 = c1.id;
    await fac.ok({ type: 'note.move', id: i1.id, cluster: c1.id });
    await fac.ok({ type: 'note.move', id: i2.id, cluster: c2.id });
    await setPhase(fac, 6, [a, b]);
    await a.ok({ type: 'vote', cluster: c1.id, delta: 1 });
    await a.ok({ type: 'vote', cluster: c1.id, delta: 1 });
    await b.ok({ type: 'vote', cluster: c2.id, delta: 1 });
    await fac.ok({ type: 'timer.start', seconds: 900, lock: true });
    await fac.ok({ type: 'timer.pause' });
    // What the room screen shows survives too (the whole state is compared after the restart).
    await fac.ok({ type: 'screen.set', join: false, progress: true, spotlight: { kind: 'quadrant', quadrant: 'feels' } });
    await fac.ok({ type: 'summary.set', text: 'A summary that survives' });
    await b.waitEvent('summary.changed');

    // Session Y: ended (which stopped its running timer), with a revealed private phase.
    const y = await newSession(srv, 'proto');
    Object.assign(Y, { code: y.code, key: y.key });
    const ya = await participant(srv, y.code, 'Yara', 'School leader');
    Y.ya = { id: ya.you.id, token: ya.token };
    await setPhase(y.fac, 3, [ya]);
    await ya.ok({ type: 'note.add', phase: 3, text: 'Revealed bad idea' });
    await y.fac.ok({ type: 'reveal', phase: 3 });
    await y.fac.ok({ type: 'timer.start', seconds: 3600 });
    await y.fac.ok({ type: 'session.end' });
    await ya.waitEvent('session.ended');

    // What everyone sees right before the stop.
    X.facState = (await facilitator(srv, X.code, X.key, 'x-fac-pre')).state;
    await a.close();
    const ar = await resume(X.code, X.a.token, 'x-anna-pre');
    X.aState = ar.state;
    await ar.close();
    X.screenState = (await screen(srv, X.code, 'x-screen-pre')).state;
    Y.facState = (await facilitator(srv, Y.code, Y.key, 'y-fac-pre')).state;
    X.list = (await srv.http('GET', '/api/sessions')).json;
    X.lastSeq = b.lastSeq;
    X.bConn = b;
    X.facConn = fac;
  });

  test('SIGTERM with clients connected: exit code 0, the clients see the connection close', async () => {
    const stillOpen = X.bConn;
    await srv.stop('SIGTERM');
    const info = await stillOpen.waitClose(5000);
    assert.ok(info, 'closed');
    await closeAll();
    forgetClosed();
    await srv.start();
  });

  test('GET /api/sessions lists the same sessions', async () => {
    const list = (await srv.http('GET', '/api/sessions')).json;
    const byCode = (l) => Object.fromEntries(l.map((s) => [s.code, s]));
    assert.deepEqual(byCode(list), byCode(X.list));
  });

  test('the facilitator key still works and the state is exactly the same', async () => {
    const f = await facilitator(srv, X.code, X.key, 'x-fac-after');
    assert.deepEqual(norm(f.state), norm(X.facState));
    assert.deepEqual(f.state.timer, X.facState.timer, 'a paused timer keeps its exact remaining time');
    assert.equal(f.state.timer.lock, true, 'and its lock');
    assert.deepEqual(f.state.screen, { spotlight: { kind: 'quadrant', quadrant: 'feels' }, join: false, progress: true, results: false, sound: false });
    assert.ok(f.joinSeq > X.lastSeq, `seq continues: ${f.joinSeq} > ${X.lastSeq}`);
    await f.close();
  });

  test('participants resume with their tokens, with the same identity and state', async () => {
    const a = await resume(X.code, X.a.token, 'x-anna-after');
    assert.equal(a.you.id, X.a.id);
    assert.deepEqual(a.you, { id: X.a.id, name: 'Anna', background: 'Teacher', role: 'participant' });
    assert.deepEqual(norm(a.state), norm(X.aState));
    assert.deepEqual(a.state.my_votes, { [X.c1]: 2 });
    const b = await resume(X.code, X.b.token, 'x-bert-after');
    assert.equal(b.you.id, X.b.id);
    const badForBert = b.state.notes.find((n) => n.id === X.bad);
    assert.ok(badForBert && !('text' in badForBert), 'an unrevealed private note stays hidden after the restart');
    const s = await screen(srv, X.code, 'x-screen-after');
    assert.deepEqual(norm(s.state), norm(X.screenState));
    await Promise.all([a.close(), b.close(), s.close()]);
  });

  test('cids survive: a resend after the restart gives the same id and no new note', async () => {
    const f = await facilitator(srv, X.code, X.key, 'x-fac-cid');
    const a = await resume(X.code, X.a.token, 'x-anna-cid');
    const r = await a.ok({ type: 'note.add', phase: 4, text: 'Ideal one', cid: 'anna-ideal-1' });
    assert.equal(r.id, X.i1);
    const r2 = await a.ok({ type: 'note.add', phase: 3, text: 'Private bad idea', cid: 'anna-bad-1' });
    assert.equal(r2.id, X.bad);
    // seq continues without a gap for everyone: the next change is lastSeq+1 for f and a
    await f.ok({ type: 'summary.set', text: 'After the restart' });
    const ef = await f.waitEvent('summary.changed');
    const ea = await a.waitEvent('summary.changed');
    assert.equal(ef.seq, ea.seq);
    assert.equal(f.eventsOf('note.added').length, 0, 'no note.added from the resends');
    const s = await screen(srv, X.code, 'x-screen-cid');
    assert.equal(s.state.notes.length, X.facState.notes.length);
    // new ids do not collide with old ones
    await f.ok({ type: 'phase.set', index: 4 });
    const n = await a.ok({ type: 'note.add', phase: 4, text: 'New after restart' });
    assert.ok(!X.facState.notes.some((x) => x.id === n.id), 'a new note gets a new id');
    const cl = await f.ok({ type: 'cluster.add', title: 'New cluster' });
    assert.ok(!X.facState.clusters.some((x) => x.id === cl.id), 'a new cluster gets a new id');
    await Promise.all([f.close(), a.close(), s.close()]);
  });

  test('an ended session stays ended, with its reveal, and its timer stays stopped', async () => {
    const f = await facilitator(srv, Y.code, Y.key, 'y-fac-after');
    assert.deepEqual(norm(f.state), norm(Y.facState));
    assert.equal(f.state.session.status, 'ended');
    assert.equal(f.state.timer, null, 'session.end stopped the timer, for good');
    assert.ok(Number.isInteger(f.state.ended_at));
    const c = await Client.connect(srv, { label: 'y-new' });
    await c.err({ type: 'join', code: Y.code, name: 'New', background: 'Teacher' }, 'phase_closed');
    const ya = await resume(Y.code, Y.ya.token, 'y-yara-after');
    assert.equal(ya.state.notes[0].text, 'Revealed bad idea');
    await Promise.all([f.close(), c.close(), ya.close()]);
  });

  test('SIGINT also stops cleanly, and a second restart keeps the state', async () => {
    const f0 = await facilitator(srv, X.code, X.key, 'x-fac-pre2');
    const before = f0.state;
    await f0.close();
    await srv.stop('SIGINT');
    forgetClosed();
    await srv.start();
    const f = await facilitator(srv, X.code, X.key, 'x-fac-after2');
    assert.deepEqual(norm(f.state), norm(before));
    await f.close();
  });
});
