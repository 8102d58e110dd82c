// Joining: participants, the facilitator, screens, resume tokens, every join error, the
// state a joiner gets, participant.joined / participant.left and their seq.
import { test, describe, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, fixtureTemplate } from './lib/server.mjs';
import { Client, participant, facilitator, screen, newSession, assertAllClean, closeAll } from './lib/client.mjs';

let srv;
before(async () => { srv = await startServer(); });
after(async () => { await closeAll(); await srv?.cleanup(); });
afterEach(() => assertAllClean());

function assertStateShape(state, code, who) {
  const f = fixtureTemplate('proto');
  assert.equal(typeof state, 'object', `${who}: state`);
  for (const k of ['session', 'backgrounds', 'personas', 'phases', 'phase', 'timer', 'participants', 'notes', 'clusters', 'my_votes', 'summary']) {
    assert.ok(k in state, `${who}: state.${k} is missing`);
  }
  const s = state.session;
  assert.equal(s.code.toUpperCase(), code.toUpperCase());
  assert.equal(s.title, f.title);
  assert.equal(s.problem, f.problem);
  assert.deepEqual(s.context, f.context);
  assert.equal(s.language, 'en');
  assert.equal(s.template, 'proto');
  assert.equal(s.status, 'open');
  assert.ok(Number.isInteger(s.created_at) && Math.abs(s.created_at - Date.now()) < 600000, `created_at ${s.created_at}`);
  assert.deepEqual(state.backgrounds, f.backgrounds);
  // Version 2: each persona carries its synthesis, "" until the facilitator writes one.
  assert.deepEqual(state.personas, f.personas.map((p) => ({ ...p, synthesis: '' })));
  assert.equal(state.phases.length, f.phases.length);
  state.phases.forEach((p, i) => {
    const t = f.phases[i];
    assert.equal(p.index, i);
    assert.equal(p.kind, t.kind);
    assert.equal(p.title, t.title);
    assert.equal(p.minutes, t.minutes);
    if (t.prompt !== undefined) assert.equal(p.prompt, t.prompt);
    if (t.kind === 'empathy_map') assert.equal(p.persona, t.persona);
  });
  assert.equal(state.phases[3].private, true, 'bad_ideas phase is private');
  assert.ok(!state.phases[4].private, 'ideal_ideas phase is not private');
  assert.equal(state.phases[6].votes_per_participant, 3);
  assert.equal(state.phase, 0);
  assert.equal(state.timer, null);
  assert.ok(Array.isArray(state.participants));
  assert.deepEqual(state.notes, []);
  assert.deepEqual(state.clusters, []);
  assert.deepEqual(state.my_votes, {});
  assert.equal(state.summary, '');
}

describe('join', () => {
  test('a request before join gets not_joined and the connection stays open', async () => {
    const { code } = await srv.createSession('proto');
    const c = await Client.connect(srv, { label: 'early' });
    for (const req of [
      { type: 'note.add', phase: 0, text: 'x' }, { type: 'note.edit', id: '1', text: 'x' },
      { type: 'note.delete', id: '1' }, { type: 'note.essence', id: '1', text: 'x' },
      { type: 'cluster.add', title: 'x' }, { type: 'cluster.edit', id: '1', title: 'x' },
      { type: 'cluster.delete', id: '1' }, { type: 'note.move', id: '1', cluster: null },
      { type: 'vote', cluster: '1', delta: 1 }, { type: 'phase.set', index: 1 },
      { type: 'timer.start', seconds: 10 }, { type: 'timer.pause' }, { type: 'timer.resume' },
      { type: 'timer.stop' }, { type: 'reveal', phase: 3 }, { type: 'summary.set', text: 'x' },
      { type: 'session.end' },
    ]) {
      await c.err(req, 'not_joined');
    }
    await c.join({ code, name: 'Anna', background: 'Teacher' });
    assert.ok(c.isOpen);
    await c.close();
  });

  test('a participant joins: you, token, the full state, seq', async () => {
    const { code } = await srv.createSession('proto');
    const c = await Client.connect(srv, { label: 'anna' });
    const r = await c.join({ code, name: 'Anna', background: 'Teacher' });
    assert.equal(typeof r.you.id, 'string');
    assert.deepEqual({ ...r.you, id: undefined }, { id: undefined, name: 'Anna', background: 'Teacher', role: 'participant' });
    assert.equal(typeof r.token, 'string');
    assert.ok(r.token.length >= 16, 'a token that cannot be guessed');
    assert.ok(Number.isInteger(r.seq) && r.seq >= 1, `seq ${r.seq}: joining is a change`);
    assertStateShape(r.state, code, 'participant');
    const me = r.state.participants.find((p) => p.id === r.you.id);
    assert.deepEqual(me, { id: r.you.id, name: 'Anna', background: 'Teacher', role: 'participant', online: true });
    await c.close();
  });

  test('the code matches case-insensitively', async () => {
    const { code } = await srv.createSession('proto');
    const lower = await participant(srv, code.toLowerCase(), 'Lower', 'Teacher');
    assert.equal(lower.state.session.code.toUpperCase(), code.toUpperCase());
    const mixed = code.split('').map((ch, i) => (i % 2 ? ch.toLowerCase() : ch.toUpperCase())).join('');
    const m = await participant(srv, mixed, 'Mixed', 'Teacher');
    assert.equal(m.state.session.code, lower.state.session.code);
    await Promise.all([lower.close(), m.close()]);
  });

  test('join errors: not_found, invalid, too_large; the connection stays usable', async () => {
    const { code } = await srv.createSession('proto');
    const c = await Client.connect(srv, { label: 'errs' });
    await c.err({ type: 'join', code: 'ZZZZZZZZ', name: 'A', background: 'Teacher' }, 'not_found');
    await c.err({ type: 'join', name: 'A', background: 'Teacher' }, 'invalid');
    await c.err({ type: 'join', code: 42, name: 'A', background: 'Teacher' }, 'invalid');
    await c.err({ type: 'join', code, background: 'Teacher' }, 'invalid');
    await c.err({ type: 'join', code, name: 5, background: 'Teacher' }, 'invalid');
    await c.err({ type: 'join', code, name: 'A' }, 'invalid');
    await c.err({ type: 'join', code, name: 'A', background: 'Astronaut' }, 'invalid');
    await c.err({ type: 'join', code, name: 'A\u0000B', background: 'Teacher' }, 'invalid');
    await c.err({ type: 'join', code, name: 'x'.repeat(61), background: 'Teacher' }, 'too_large');
    // none of these joined anybody
    const s = await screen(srv, code);
    assert.equal(s.state.participants.length, 0, `no participant from failed joins: ${JSON.stringify(s.state.participants)}`);
    // 60 characters (multi-byte) is fine
    const r = await c.join({ code, name: 'é'.repeat(60), background: 'Teacher' });
    assert.equal(r.you.name, 'é'.repeat(60));
    await Promise.all([c.close(), s.close()]);
  });

  test('a second join on one connection gets invalid and changes nothing', async () => {
    const { code } = await srv.createSession('proto');
    const other = await srv.createSession('proto');
    const c = await participant(srv, code, 'Anna', 'Teacher');
    const seq = c.joinSeq;
    await c.err({ type: 'join', code, name: 'Anna2', background: 'Teacher' }, 'invalid');
    await c.err({ type: 'join', code: other.code, name: 'Anna3', background: 'Teacher' }, 'invalid');
    await c.err({ type: 'join', code, screen: true }, 'invalid');
    const s = await screen(srv, code);
    assert.equal(s.joinSeq, seq, 'no change from the second joins');
    assert.deepEqual(s.state.participants.map((p) => p.name), ['Anna']);
    const o = await screen(srv, other.code);
    assert.deepEqual(o.state.participants, []);
    // still joined (as Anna): a request gets a real answer, not not_joined
    await c.err({ type: 'note.add', phase: 0, text: 'intro note' }, 'phase_closed');
    await Promise.all([c.close(), s.close(), o.close()]);
  });

  test('facilitator join: role facilitator; a wrong key gets forbidden', async () => {
    const { code, facilitator_key } = await srv.createSession('proto');
    const c = await Client.connect(srv, { label: 'bad-fac' });
    await c.err({ type: 'join', code, facilitator_key: 'not-the-key' }, 'forbidden');
    const other = await srv.createSession('proto');
    await c.err({ type: 'join', code, facilitator_key: other.facilitator_key }, 'forbidden');
    const r = await c.join({ code, facilitator_key });
    assert.equal(r.you.role, 'facilitator');
    assert.equal(typeof r.you.id, 'string');
    assert.equal(typeof r.token, 'string');
    assertStateShape(r.state, code, 'facilitator');
    const me = r.state.participants.find((p) => p.id === r.you.id);
    assert.equal(me?.role, 'facilitator', 'the facilitator is listed with role facilitator');
    assert.equal(me?.online, true);
    // a second facilitator connection is the same identity
    const c2 = await facilitator(srv, code, facilitator_key, 'fac2');
    assert.equal(c2.you.id, r.you.id);
    assert.equal(c2.state.participants.filter((p) => p.role === 'facilitator').length, 1);
    await Promise.all([c.close(), c2.close()]);
  });

  test('screen join: state and seq, not listed, sees joins', async () => {
    const { code } = await srv.createSession('proto');
    const c = await Client.connect(srv, { label: 'screen' });
    const r = await c.join({ code, screen: true });
    assert.ok(Number.isInteger(r.seq));
    assertStateShape(r.state, code, 'screen');
    assert.deepEqual(r.state.participants, [], 'screens are not listed');
    const a = await participant(srv, code, 'Anna', 'Teacher');
    const ev = await c.waitEvent('participant.joined');
    assert.equal(ev.seq, a.joinSeq);
    assert.deepEqual(ev.participant, { id: a.you.id, name: 'Anna', background: 'Teacher', role: 'participant', online: true });
    const s2 = await screen(srv, code, 'screen2');
    assert.deepEqual(s2.state.participants.map((p) => p.name), ['Anna'], 'a screen is not a participant');
    assert.equal(s2.joinSeq, a.joinSeq, 'a screen joining changes no state');
    await Promise.all([c.close(), a.close(), s2.close()]);
  });

  test('participant.joined reaches the others with the joiner\'s seq, not the joiner; participant.left on close', async () => {
    const { code, fac } = await newSession(srv, 'proto');
    const s = await screen(srv, code);
    const a = await participant(srv, code, 'Anna', 'Teacher');
    assert.equal(a.joinSeq, fac.joinSeq + 1, 'the participant\'s join is the next change');
    const evF = await fac.waitEvent('participant.joined', (e) => e.participant.id === a.you.id);
    const evS = await s.waitEvent('participant.joined', (e) => e.participant.id === a.you.id);
    assert.equal(evF.seq, a.joinSeq);
    assert.equal(evS.seq, a.joinSeq);
    const b = await participant(srv, code, 'Bert', 'Support staff');
    assert.equal(b.joinSeq, a.joinSeq + 1);
    const evA = await a.waitEvent('participant.joined', (e) => e.participant.id === b.you.id);
    assert.equal(evA.seq, b.joinSeq);
    assert.equal(evA.participant.online, true);
    assert.equal(b.eventsOf('participant.joined', (e) => e.participant.id === b.you.id).length, 0);
    assert.equal(a.eventsOf('participant.joined', (e) => e.participant.id === a.you.id).length, 0, 'the joiner gets no event of its own join');
    // b sees a in its state
    assert.deepEqual(b.state.participants.find((p) => p.id === a.you.id),
      { id: a.you.id, name: 'Anna', background: 'Teacher', role: 'participant', online: true });

    await b.close();
    const left = await a.waitEvent('participant.left', (e) => e.participant.id === b.you.id);
    assert.equal(left.participant.online, false);
    assert.equal(left.seq, b.joinSeq + 1);
    await fac.waitEvent('participant.left', (e) => e.participant.id === b.you.id);
    await s.waitEvent('participant.left', (e) => e.participant.id === b.you.id);
    // b stays in participants, offline
    const s2 = await screen(srv, code, 'screen2');
    const bRow = s2.state.participants.find((p) => p.id === b.you.id);
    assert.deepEqual(bRow, { id: b.you.id, name: 'Bert', background: 'Support staff', role: 'participant', online: false });
    assert.equal(s2.joinSeq, left.seq);
    await Promise.all([a.close(), fac.close(), s.close(), s2.close()]);
  });

  test('resume with a token: the same identity; a wrong token gets forbidden', async () => {
    const { code } = await srv.createSession('proto');
    const other = await srv.createSession('proto');
    const a = await participant(srv, code, 'Anna', 'Teacher');
    const token = a.token;
    const id = a.you.id;
    await a.close();
    const c = await Client.connect(srv, { label: 'resume' });
    await c.err({ type: 'join', code, token: 'not-a-token' }, 'forbidden');
    await c.err({ type: 'join', code: other.code, token }, 'forbidden');
    const r = await c.join({ code, token });
    assert.deepEqual(r.you, { id, name: 'Anna', background: 'Teacher', role: 'participant' });
    assert.equal(typeof r.token, 'string');
    const me = r.state.participants.find((p) => p.id === id);
    assert.equal(me.online, true);
    assert.equal(r.state.participants.filter((p) => p.name === 'Anna').length, 1, 'no second Anna');
    await c.close();
  });

  test('after session.end: new participants get phase_closed; resume, facilitator and screen still join, read-only', async () => {
    const { code, key, fac } = await newSession(srv, 'proto');
    const a = await participant(srv, code, 'Anna', 'Teacher');
    const token = a.token;
    await a.close();
    await fac.ok({ type: 'session.end' });
    const ended = await fac.waitEvent('session.ended');
    assert.equal(ended.status, 'ended');
    const c = await Client.connect(srv, { label: 'new-after-end' });
    await c.err({ type: 'join', code, name: 'Late', background: 'Teacher' }, 'phase_closed');
    const r = await c.join({ code, token });
    assert.equal(r.you.id, a.you.id);
    assert.equal(r.state.session.status, 'ended');
    await c.err({ type: 'note.add', phase: 0, text: 'x' }, 'phase_closed');
    const f2 = await facilitator(srv, code, key, 'fac-after-end');
    assert.equal(f2.state.session.status, 'ended');
    await f2.err({ type: 'phase.set', index: 1 }, 'phase_closed');
    const s = await screen(srv, code);
    assert.equal(s.state.session.status, 'ended');
    await Promise.all([c.close(), fac.close(), f2.close(), s.close()]);
  });

  test('seq starts at 1: a fresh session is at 0, its first change is 1', async () => {
    const { code } = await srv.createSession('proto');
    const s = await screen(srv, code);
    assert.equal(s.joinSeq, 0, 'no change yet');
    const a = await participant(srv, code, 'Anna', 'Teacher');
    assert.equal(a.joinSeq, 1);
    const ev = await s.waitEvent('participant.joined');
    assert.equal(ev.seq, 1);
    await Promise.all([s.close(), a.close()]);
  });

  test('extension: state carries server_time and revealed', async () => {
    const { code } = await srv.createSession('proto');
    const s = await screen(srv, code);
    assert.ok(Number.isInteger(s.state.server_time) && Math.abs(s.state.server_time - Date.now()) < 5000);
    assert.deepEqual(s.state.revealed, []);
    await s.close();
  });
});
