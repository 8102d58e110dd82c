// Privacy: private phases (reduced events and state until reveal) and vote totals hidden
// during a vote phase. Two participants, a screen and the facilitator watch the same changes.
import { test, describe, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './lib/server.mjs';
import { Client, participant, facilitator, screen, newSession, setPhase, assertAllClean, closeAll } from './lib/client.mjs';

let srv;
before(async () => { srv = await startServer(); });
after(async () => { await closeAll(); await srv?.cleanup(); });
afterEach(() => assertAllClean());

function assertReduced(ev, full, who) {
  assert.equal(ev.type, full.type, `${who}: same type`);
  assert.equal(ev.seq, full.seq, `${who}: same seq`);
  assert.equal(ev.note.id, full.note.id, `${who}: same note id`);
  assert.equal(ev.note.phase, full.note.phase, `${who}: same phase`);
  assert.ok(!('text' in ev.note), `${who}: a private note's text is left out: ${JSON.stringify(ev)}`);
  assert.ok(!('essence' in ev.note), `${who}: a private note's essence is left out: ${JSON.stringify(ev)}`);
}

describe('a private phase', () => {
  test('others get reduced events and state until the facilitator reveals the phase', async () => {
    const { code, key, fac } = await newSession(srv, 'proto');
    const a = await participant(srv, code, 'Anna', 'Teacher');
    const b = await participant(srv, code, 'Bert', 'Support staff');
    const s = await screen(srv, code);
    await setPhase(fac, 3, [a, b, s]);

    // note.added
    const n = await a.ok({ type: 'note.add', phase: 3, text: 'Sell the school building' });
    const [ea, eb, es, ef] = await Promise.all([a, b, s, fac].map((c) => c.waitEvent('note.added', (e) => e.note.id === n.id)));
    assert.deepEqual(ea.note, { id: n.id, phase: 3, author: a.you.id, text: 'Sell the school building' }, 'the author sees the text');
    assert.equal(ef.note.text, 'Sell the school building', 'the facilitator sees the text');
    assertReduced(eb, ea, 'other participant');
    assertReduced(es, ea, 'screen');

    // note.edited (edit and essence)
    await a.ok({ type: 'note.edit', id: n.id, text: 'Sell the school building, twice' });
    await a.ok({ type: 'note.essence', id: n.id, text: 'Money for teachers' });
    for (const pred of [(e) => e.note.text === 'Sell the school building, twice' && !e.note.essence, (e) => e.note.essence === 'Money for teachers']) {
      const full = await a.waitEvent('note.edited', (e) => e.note.id === n.id && pred(e));
      const fe = await fac.waitEvent('note.edited', (e) => e.note.id === n.id && pred(e));
      assert.equal(fe.seq, full.seq);
      for (const c of [b, s]) {
        const ev = await c.waitEvent('note.edited', (e) => e.note.id === n.id && e.seq === full.seq);
        assertReduced(ev, full, c.label);
      }
    }

    // Bert's own note: Bert sees it, Anna does not
    const nb = await b.ok({ type: 'note.add', phase: 3, text: 'Replace teachers with videos' });
    const ebb = await b.waitEvent('note.added', (e) => e.note.id === nb.id);
    assert.equal(ebb.note.text, 'Replace teachers with videos');
    assertReduced(await a.waitEvent('note.added', (e) => e.note.id === nb.id), ebb, 'Anna on Bert\'s note');

    // state: a new participant, a screen, Bert (resumed) see no text; Anna and the facilitator do
    const c = await participant(srv, code, 'Cees', 'Teacher');
    const s2 = await screen(srv, code, 'screen2');
    for (const [who, st] of [['new participant', c.state], ['screen', s2.state]]) {
      assert.equal(st.notes.length, 2, `${who} sees that two notes exist`);
      for (const note of st.notes) {
        assert.ok(!('text' in note) && !('essence' in note), `${who}: state note without text/essence: ${JSON.stringify(note)}`);
      }
    }
    const f2 = await facilitator(srv, code, key, 'fac2');
    assert.deepEqual(f2.state.notes.find((x) => x.id === n.id),
      { id: n.id, phase: 3, author: a.you.id, text: 'Sell the school building, twice', essence: 'Money for teachers' });
    await a.close();
    const ar = await Client.connect(srv, { label: 'anna-resumed' });
    await ar.join({ code, token: a.token });
    const mine = ar.state.notes.find((x) => x.id === n.id);
    assert.equal(mine.text, 'Sell the school building, twice', 'the author sees her own note in the state');
    assert.ok(!('text' in ar.state.notes.find((x) => x.id === nb.id)), 'but not Bert\'s');

    // participants may not reveal
    await b.err({ type: 'reveal', phase: 3 }, 'forbidden');
    await s.err({ type: 'reveal', phase: 3 }, 'forbidden');
    await fac.err({ type: 'reveal', phase: 99 }, 'invalid');
    await fac.err({ type: 'reveal' }, 'invalid');

    // reveal: everyone gets the texts
    await fac.ok({ type: 'reveal', phase: 3 });
    const revs = await Promise.all([ar, b, s, c, s2, fac].map((x) => x.waitEvent('phase.revealed', (e) => e.phase === 3)));
    for (const ev of revs) {
      assert.equal(ev.seq, revs[0].seq);
      const texts = Object.fromEntries(ev.notes.map((x) => [x.id, x.text]));
      assert.deepEqual(texts, { [n.id]: 'Sell the school building, twice', [nb.id]: 'Replace teachers with videos' });
      assert.equal(ev.notes.find((x) => x.id === n.id).essence, 'Money for teachers');
    }
    const s3 = await screen(srv, code, 'screen3');
    assert.equal(s3.state.notes.find((x) => x.id === nb.id).text, 'Replace teachers with videos');
    assert.deepEqual(s3.state.revealed, [3], 'extension: revealed lists the phase');

    // after the reveal, new notes of that phase are visible at once
    const n3 = await b.ok({ type: 'note.add', phase: 3, text: 'Abolish holidays' });
    const ev3 = await c.waitEvent('note.added', (e) => e.note.id === n3.id);
    assert.equal(ev3.note.text, 'Abolish holidays');
    await Promise.all([fac, b, s, c, s2, f2, ar, s3].map((x) => x.close()));
  });

  test('a non-private phase shows everything at once', async () => {
    const { code, fac } = await newSession(srv, 'proto');
    const a = await participant(srv, code, 'Anna', 'Teacher');
    const b = await participant(srv, code, 'Bert', 'Support staff');
    await setPhase(fac, 4, [a, b]);
    const n = await a.ok({ type: 'note.add', phase: 4, text: 'Visible' });
    const ev = await b.waitEvent('note.added', (e) => e.note.id === n.id);
    assert.equal(ev.note.text, 'Visible');
    await Promise.all([fac.close(), a.close(), b.close()]);
  });
});

describe('vote totals', () => {
  test('hidden from participants and screens during the vote, always visible to the facilitator, to all after', async () => {
    const { code, key, fac } = await newSession(srv, 'proto');
    const a = await participant(srv, code, 'Anna', 'Teacher');
    const b = await participant(srv, code, 'Bert', 'Support staff');
    const s = await screen(srv, code);
    const c1 = (await fac.ok({ type: 'cluster.add', title: 'One' })).id;
    // before the vote everyone sees totals (0)
    const s0 = await screen(srv, code, 'screen-before');
    assert.deepEqual(s0.state.clusters.map((c) => c.votes), [0], 'outside a vote phase the screen sees votes');
    await s0.close();
    await setPhase(fac, 6, [a, b, s]);
    await a.ok({ type: 'vote', cluster: c1, delta: 1 });
    await b.ok({ type: 'vote', cluster: c1, delta: 1 });
    const evF = await fac.waitEvent('vote.changed', (e) => e.votes === 2);
    for (const x of [a, b, s]) {
      const ev = await x.waitEvent('vote.changed', (e) => e.seq === evF.seq);
      assert.equal(ev.votes, undefined, `${x.label} sees no total during the vote`);
      assert.equal(ev.cluster, c1);
    }
    const f2 = await facilitator(srv, code, key, 'fac2');
    assert.equal(f2.state.clusters[0].votes, 2);
    const c = await participant(srv, code, 'Cees', 'Teacher');
    assert.equal(c.state.clusters[0].votes, undefined);
    assert.deepEqual(c.state.my_votes, {});
    await setPhase(fac, 7, [a, b, s, c, f2]);
    for (const x of [s, c]) {
      const ev = x.eventsOf('phase.changed', (e) => e.phase === 7)[0];
      assert.equal(ev.clusters?.[0]?.votes, 2, `${x.label}: phase.changed brings the total`);
    }
    const c2 = await participant(srv, code, 'Dirk', 'Teacher');
    assert.equal(c2.state.clusters[0].votes, 2);
    await Promise.all([fac, a, b, s, f2, c, c2].map((x) => x.close()));
  });
});
