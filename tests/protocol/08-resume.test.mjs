// Resuming with a token after a lost connection: the same identity, the full state, cid
// resends, presence with several connections, seq continuity.
import { test, describe, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, sleep } from './lib/server.mjs';
import { Client, participant, screen, newSession, setPhase, assertAllClean, closeAll } from './lib/client.mjs';

let srv;
before(async () => { srv = await startServer(); });
after(async () => { await closeAll(); await srv?.cleanup(); });
afterEach(() => assertAllClean());

async function resume(code, token, label) {
  const c = await Client.connect(srv, { label });
  await c.join({ code, token });
  return c;
}

describe('resume', () => {
  test('a dropped participant resumes: same identity, full current state, the others see it come back', async () => {
    const { code, fac } = await newSession(srv, 'proto');
    const a = await participant(srv, code, 'Anna', 'Teacher');
    const b = await participant(srv, code, 'Bert', 'Support staff');
    await setPhase(fac, 4, [a, b]);
    const n1 = await a.ok({ type: 'note.add', phase: 4, text: 'mine' });
    const c1 = await fac.ok({ type: 'cluster.add', title: 'C1' });
    await fac.ok({ type: 'note.move', id: n1.id, cluster: c1.id });
    await setPhase(fac, 6, [a, b]);
    await a.ok({ type: 'vote', cluster: c1.id, delta: 1 });
    await fac.ok({ type: 'timer.start', seconds: 300 });
    const timerEv = await b.waitEvent('timer.changed');
    await fac.ok({ type: 'summary.set', text: 'So far' });
    await a.waitEvent('summary.changed');
    const seqBefore = a.lastSeq;

    a.terminate();  // a lost connection, not a clean close
    const left = await b.waitEvent('participant.left', (e) => e.participant.id === a.you.id, 5000);
    assert.equal(left.participant.online, false);
    // a change Anna misses
    await fac.ok({ type: 'note.edit', id: n1.id, text: 'edited while Anna was away' });
    await b.waitEvent('note.edited');

    const a2 = await resume(code, a.token, 'anna-resumed');
    assert.deepEqual(a2.you, a.you);
    assert.ok(a2.joinSeq > seqBefore, 'seq went on');
    const st = a2.state;
    assert.equal(st.phase, 6);
    assert.deepEqual(st.timer, timerEv.timer);
    assert.equal(st.summary, 'So far');
    assert.deepEqual(st.notes, [{ id: n1.id, phase: 4, author: a.you.id, text: 'edited while Anna was away', cluster: c1.id }]);
    assert.deepEqual(st.clusters, [{ id: c1.id, title: 'C1', description: '' }], 'no totals during the vote');
    assert.deepEqual(st.my_votes, { [c1.id]: 1 });
    const online = Object.fromEntries(st.participants.map((p) => [p.name + '/' + p.role, p.online]));
    assert.equal(online['Anna/participant'], true);
    assert.equal(online['Bert/participant'], true);
    assert.equal(st.participants.filter((p) => p.role === 'facilitator').length, 1);
    assert.equal(st.participants.length, 3);

    const back = await b.waitEvent('participant.joined', (e) => e.participant.id === a.you.id);
    assert.equal(back.seq, a2.joinSeq);
    assert.equal(back.participant.online, true);
    // the resumed connection can vote on with the same budget
    await a2.ok({ type: 'vote', cluster: c1.id, delta: 1 });
    await a2.ok({ type: 'vote', cluster: c1.id, delta: 1 });
    await a2.err({ type: 'vote', cluster: c1.id, delta: 1 }, 'vote_budget');
    await Promise.all([fac.close(), b.close(), a2.close()]);
  });

  test('presence: participant.left only when the last connection of a participant closes', async () => {
    const { code, fac } = await newSession(srv, 'proto');
    const a1 = await participant(srv, code, 'Anna', 'Teacher', 'anna-tab1');
    const a2 = await resume(code, a1.token, 'anna-tab2');
    assert.equal(a2.you.id, a1.you.id);
    await a1.close();
    await sleep(300);
    await fac.ok({ type: 'summary.set', text: 'barrier' });
    await fac.waitEvent('summary.changed');
    assert.equal(fac.eventsOf('participant.left').length, 0, 'Anna still has a connection');
    const s = await screen(srv, code);
    assert.equal(s.state.participants.find((p) => p.id === a1.you.id).online, true);
    await a2.close();
    const left = await fac.waitEvent('participant.left', (e) => e.participant.id === a1.you.id);
    assert.equal(left.participant.online, false);
    await Promise.all([fac.close(), s.close()]);
  });

  test('cid resend after a lost connection: acknowledged or not, the note exists once', async () => {
    const { code, fac } = await newSession(srv, 'proto');
    const a = await participant(srv, code, 'Anna', 'Teacher');
    await setPhase(fac, 4, [a]);
    const acked = await a.ok({ type: 'note.add', phase: 4, text: 'acked note', cid: 'cid-acked' });
    // a note sent right before the connection drops: its reply may never arrive
    a.send({ type: 'note.add', phase: 4, text: 'unacked note', cid: 'cid-unacked' });
    a.terminate();
    await fac.waitEvent('participant.left', (e) => e.participant.id === a.you.id, 5000);

    const a2 = await resume(code, a.token, 'anna-resumed');
    const r1 = await a2.ok({ type: 'note.add', phase: 4, text: 'acked note', cid: 'cid-acked' });
    assert.equal(r1.id, acked.id);
    const r2 = await a2.ok({ type: 'note.add', phase: 4, text: 'unacked note', cid: 'cid-unacked' });
    const again = await a2.ok({ type: 'note.add', phase: 4, text: 'unacked note', cid: 'cid-unacked' });
    assert.equal(again.id, r2.id);
    // barrier, then count
    const last = await a2.ok({ type: 'note.add', phase: 4, text: 'barrier' });
    await fac.waitEvent('note.added', (e) => e.note.id === last.id);
    const s = await screen(srv, code);
    const texts = s.state.notes.map((n) => n.text).sort();
    assert.deepEqual(texts, ['acked note', 'barrier', 'unacked note']);
    assert.equal(fac.eventsOf('note.added', (e) => e.note.text === 'unacked note').length, 1);
    assert.equal(fac.eventsOf('note.added', (e) => e.note.text === 'acked note').length, 1);
    await Promise.all([fac.close(), a2.close(), s.close()]);
  });

  test('the facilitator resumes with its token', async () => {
    const { code, fac } = await newSession(srv, 'proto');
    assert.equal(typeof fac.token, 'string');
    const f2 = await resume(code, fac.token, 'fac-resumed');
    assert.deepEqual(f2.you, fac.you);
    assert.equal(f2.you.role, 'facilitator');
    await f2.ok({ type: 'phase.set', index: 1 });
    await fac.waitEvent('phase.changed', (e) => e.phase === 1);
    await Promise.all([fac.close(), f2.close()]);
  });

  test('a resumed connection is the same author: it may edit and delete its notes', async () => {
    const { code, fac } = await newSession(srv, 'proto');
    const a = await participant(srv, code, 'Anna', 'Teacher');
    await setPhase(fac, 4, [a]);
    const n = await a.ok({ type: 'note.add', phase: 4, text: 'mine' });
    await a.close();
    const a2 = await resume(code, a.token, 'anna-resumed');
    await a2.ok({ type: 'note.edit', id: n.id, text: 'still mine' });
    await a2.ok({ type: 'note.delete', id: n.id });
    await Promise.all([fac.close(), a2.close()]);
  });
});
