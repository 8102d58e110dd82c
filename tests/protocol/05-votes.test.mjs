// Voting: the dot budget, vote.changed as each receiver may see it, my_votes, totals hidden
// during a vote phase and shown after, cluster.delete taking back votes.
import { test, describe, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './lib/server.mjs';
import { Client, participant, facilitator, screen, newSession, table, setPhase, assertAllClean, closeAll } from './lib/client.mjs';

let srv;
before(async () => { srv = await startServer(); });
after(async () => { await closeAll(); await srv?.cleanup(); });
afterEach(() => assertAllClean());

// proto: phase 5 cluster, 6 vote (3 dots), 7 elaborate
// The facilitator, Anna (t.a), Bert (t.b), a screen (t.s) and three clusters (t.c1..c3), voting.
async function votingTable() {
  const t = await table(srv, { participants: { a: ['Anna', 'Teacher'], b: ['Bert', 'Support staff'] } });
  t.c1 = (await t.fac.ok({ type: 'cluster.add', title: 'Direction one' })).id;
  t.c2 = (await t.fac.ok({ type: 'cluster.add', title: 'Direction two' })).id;
  t.c3 = (await t.fac.ok({ type: 'cluster.add', title: 'Direction three' })).id;
  await setPhase(t.fac, 6, [t.a, t.b, t.s]);
  return t;
}

describe('vote', () => {
  test('a vote: ok {my_votes}; vote.changed with votes for the facilitator, my_votes for the voter, cluster only for others', async () => {
    const t = await votingTable();
    const r = await t.a.ok({ type: 'vote', cluster: t.c1, delta: 1 });
    assert.deepEqual(r.my_votes, { [t.c1]: 1 });
    const [ef, ea, eb, es] = await Promise.all(t.all.map((c) => c.waitEvent('vote.changed', (e) => e.cluster === t.c1)));
    assert.equal(ef.votes, 1, 'the facilitator sees the total');
    assert.equal(ea.votes, undefined, 'the voter sees no total during the vote');
    assert.deepEqual(ea.my_votes, { [t.c1]: 1 }, 'the voter gets its own my_votes');
    assert.equal(eb.votes, undefined, 'another participant sees no total');
    assert.equal(eb.my_votes, undefined, 'another participant does not get the voter\'s my_votes');
    assert.equal(es.votes, undefined, 'a screen sees no total');
    assert.equal(es.my_votes, undefined);
    for (const e of [ef, ea, eb, es]) assert.equal(e.seq, ef.seq);
    await t.close();
  });

  test('the budget: 3 dots in all, spread over clusters; taking back frees a dot', async () => {
    const t = await votingTable();
    await t.a.ok({ type: 'vote', cluster: t.c1, delta: 1 });
    await t.a.ok({ type: 'vote', cluster: t.c1, delta: 1 });
    const r = await t.a.ok({ type: 'vote', cluster: t.c2, delta: 1 });
    assert.deepEqual(r.my_votes, { [t.c1]: 2, [t.c2]: 1 });
    await t.a.err({ type: 'vote', cluster: t.c3, delta: 1 }, 'vote_budget');
    await t.a.err({ type: 'vote', cluster: t.c1, delta: 1 }, 'vote_budget');
    await t.a.err({ type: 'vote', cluster: t.c3, delta: -1 }, 'vote_budget');
    const back = await t.a.ok({ type: 'vote', cluster: t.c1, delta: -1 });
    assert.equal(back.my_votes[t.c1], 1);
    await t.a.ok({ type: 'vote', cluster: t.c3, delta: 1 });
    // Bert has his own budget
    for (let i = 0; i < 3; i++) await t.b.ok({ type: 'vote', cluster: t.c1, delta: 1 });
    await t.b.err({ type: 'vote', cluster: t.c1, delta: 1 }, 'vote_budget');
    // the facilitator's state shows the totals
    const f2 = await facilitator(srv, t.code, t.key, 'fac2');
    const votes = Object.fromEntries(f2.state.clusters.map((c) => [c.id, c.votes]));
    assert.deepEqual(votes, { [t.c1]: 4, [t.c2]: 1, [t.c3]: 1 });
    await f2.close();
    await t.close();
  });

  test('vote errors: invalid delta, unknown cluster, facilitator and screen forbidden, outside a vote phase', async () => {
    const t = await votingTable();
    for (const delta of [0, 2, -2, '1', 0.5, null]) {
      await t.a.err({ type: 'vote', cluster: t.c1, delta }, 'invalid');
    }
    await t.a.err({ type: 'vote', cluster: t.c1 }, 'invalid');
    await t.a.err({ type: 'vote', delta: 1 }, 'invalid');
    await t.a.err({ type: 'vote', cluster: 'no-such-cluster', delta: 1 }, 'not_found');
    await t.fac.err({ type: 'vote', cluster: t.c1, delta: 1 }, 'forbidden');
    await t.s.err({ type: 'vote', cluster: t.c1, delta: 1 }, 'forbidden');
    await setPhase(t.fac, 7, [t.a]);
    await t.a.err({ type: 'vote', cluster: t.c1, delta: 1 }, 'phase_closed');
    await setPhase(t.fac, 5, [t.a]);
    await t.a.err({ type: 'vote', cluster: t.c1, delta: 1 }, 'phase_closed');
    const f2 = await facilitator(srv, t.code, t.key, 'fac2');
    assert.ok(f2.state.clusters.every((c) => c.votes === 0), `no vote counted: ${JSON.stringify(f2.state.clusters)}`);
    await f2.close();
    await t.close();
  });

  test('state during the vote: my_votes for the participant, no totals for participants and screens', async () => {
    const t = await votingTable();
    await t.a.ok({ type: 'vote', cluster: t.c2, delta: 1 });
    await t.a.ok({ type: 'vote', cluster: t.c2, delta: 1 });
    await t.b.ok({ type: 'vote', cluster: t.c1, delta: 1 });
    await t.a.close();
    const a2 = await Client.connect(srv, { label: 'anna-again' });
    const r = await a2.join({ code: t.code, token: t.a.token });
    assert.deepEqual(r.state.my_votes, { [t.c2]: 2 });
    for (const c of r.state.clusters) assert.equal(c.votes, undefined, 'a participant sees no totals during the vote');
    const s2 = await screen(srv, t.code, 'screen2');
    for (const c of s2.state.clusters) assert.equal(c.votes, undefined, 'a screen sees no totals during the vote');
    assert.deepEqual(s2.state.my_votes, {});
    // moving on: phase.changed brings the totals, and the states show them
    await t.fac.ok({ type: 'phase.set', index: 7 });
    for (const c of [a2, t.b, s2]) {
      const ev = await c.waitEvent('phase.changed', (e) => e.phase === 7);
      // docs/protocol.md: phase.changed carries clusters with votes when the new phase shows totals
      assert.ok(Array.isArray(ev.clusters), `${c.label}: phase.changed to a non-vote phase carries clusters: ${JSON.stringify(ev)}`);
      const v = Object.fromEntries(ev.clusters.map((x) => [x.id, x.votes]));
      assert.deepEqual(v, { [t.c1]: 1, [t.c2]: 2, [t.c3]: 0 }, `${c.label}: totals in phase.changed`);
    }
    const s3 = await screen(srv, t.code, 'screen3');
    assert.deepEqual(Object.fromEntries(s3.state.clusters.map((x) => [x.id, x.votes])), { [t.c1]: 1, [t.c2]: 2, [t.c3]: 0 });
    await Promise.all([a2.close(), s2.close(), s3.close()]);
    await t.close();
  });

  test('cluster.delete takes back its votes and frees the dots', async () => {
    const t = await votingTable();
    for (let i = 0; i < 3; i++) await t.a.ok({ type: 'vote', cluster: t.c1, delta: 1 });
    await t.a.err({ type: 'vote', cluster: t.c2, delta: 1 }, 'vote_budget');
    await t.fac.ok({ type: 'cluster.delete', id: t.c1 });
    await t.a.waitEvent('cluster.deleted', (e) => e.id === t.c1);
    const r = await t.a.ok({ type: 'vote', cluster: t.c2, delta: 1 });
    assert.deepEqual(r.my_votes, { [t.c2]: 1 });
    await t.close();
  });

  test('going back to the vote phase hides the totals again; votes are kept', async () => {
    const t = await votingTable();
    await t.a.ok({ type: 'vote', cluster: t.c1, delta: 1 });
    await setPhase(t.fac, 7, [t.a]);
    await setPhase(t.fac, 6, [t.a]);
    const s2 = await screen(srv, t.code, 'screen2');
    for (const c of s2.state.clusters) assert.equal(c.votes, undefined);
    const r = await t.a.ok({ type: 'vote', cluster: t.c1, delta: 1 });
    assert.deepEqual(r.my_votes, { [t.c1]: 2 });
    await s2.close();
    await t.close();
  });
});

describe('a template without votes_per_participant', () => {
  test('defaults to 3 dots', async () => {
    const { code, fac } = await newSession(srv, 'mini');
    const a = await participant(srv, code, 'Anna', 'OOP');
    const c1 = (await fac.ok({ type: 'cluster.add', title: 'Eén' })).id;
    await setPhase(fac, 1, [a]);
    for (let i = 0; i < 3; i++) await a.ok({ type: 'vote', cluster: c1, delta: 1 });
    await a.err({ type: 'vote', cluster: c1, delta: 1 }, 'vote_budget');
    await Promise.all([fac.close(), a.close()]);
  });
});
