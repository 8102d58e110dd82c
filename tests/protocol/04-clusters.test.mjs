// Clusters (solution directions): cluster.add / edit / delete and note.move, with events,
// permissions and errors.
import { test, describe, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './lib/server.mjs';
import { screen, table, assertAllClean, closeAll } from './lib/client.mjs';

let srv;
before(async () => { srv = await startServer(); });
after(async () => { await closeAll(); await srv?.cleanup(); });
afterEach(() => assertAllClean());

// The facilitator, Anna (t.a) and a screen (t.s).
const ANNA = { a: ['Anna', 'Teacher'] };

describe('clusters', () => {
  test('cluster.add by the facilitator: ok {id}, cluster.added for everyone', async () => {
    const t = await table(srv, { participants: ANNA, phase: 5 });
    const r = await t.fac.ok({ type: 'cluster.add', title: 'Less paperwork', description: 'Cut forms in half' });
    assert.equal(typeof r.id, 'string');
    const evs = await Promise.all(t.all.map((c) => c.waitEvent('cluster.added', (e) => e.cluster.id === r.id)));
    for (const ev of evs) {
      assert.equal(ev.cluster.title, 'Less paperwork');
      assert.equal(ev.cluster.description, 'Cut forms in half');
      assert.equal(ev.seq, evs[0].seq);
    }
    const r2 = await t.fac.ok({ type: 'cluster.add', title: 'No description' });
    const ev2 = await t.a.waitEvent('cluster.added', (e) => e.cluster.id === r2.id);
    assert.equal(ev2.cluster.description, '', 'description defaults to ""');
    assert.notEqual(r2.id, r.id);
    const s2 = await screen(srv, t.code, 'screen2');
    assert.deepEqual(s2.state.clusters.map((c) => [c.id, c.title, c.description]),
      [[r.id, 'Less paperwork', 'Cut forms in half'], [r2.id, 'No description', '']]);
    await s2.close();
    await t.close();
  });

  test('cluster.add errors: participant and screen forbidden, invalid, too_large', async () => {
    const t = await table(srv, { participants: ANNA });
    await t.a.err({ type: 'cluster.add', title: 'mine' }, 'forbidden');
    await t.s.err({ type: 'cluster.add', title: 'mine' }, 'forbidden');
    await t.fac.err({ type: 'cluster.add' }, 'invalid');
    await t.fac.err({ type: 'cluster.add', title: 3 }, 'invalid');
    await t.fac.err({ type: 'cluster.add', title: 'ok', description: 3 }, 'invalid');
    await t.fac.err({ type: 'cluster.add', title: 'a\u0000b' }, 'invalid');
    await t.fac.err({ type: 'cluster.add', title: 't'.repeat(201) }, 'too_large');
    await t.fac.err({ type: 'cluster.add', title: 'ok', description: 'd'.repeat(20001) }, 'too_large');
    await t.fac.ok({ type: 'cluster.add', title: 't'.repeat(200), description: 'd'.repeat(20000) });
    const s2 = await screen(srv, t.code, 'screen2');
    assert.equal(s2.state.clusters.length, 1);
    await s2.close();
    await t.close();
  });

  test('cluster.edit: title and/or description; cluster.edited', async () => {
    const t = await table(srv, { participants: ANNA });
    const { id } = await t.fac.ok({ type: 'cluster.add', title: 'Old', description: 'Old desc' });
    await t.fac.ok({ type: 'cluster.edit', id, title: 'New' });
    let ev = await t.a.waitEvent('cluster.edited', (e) => e.cluster.id === id);
    assert.equal(ev.cluster.title, 'New');
    assert.equal(ev.cluster.description, 'Old desc', 'a field not given is kept');
    await t.fac.ok({ type: 'cluster.edit', id, description: 'Who does what, and the end goal' });
    ev = await t.s.waitEvent('cluster.edited', (e) => e.cluster.id === id && e.cluster.description !== 'Old desc');
    assert.equal(ev.cluster.title, 'New');
    assert.equal(ev.cluster.description, 'Who does what, and the end goal');
    await t.a.err({ type: 'cluster.edit', id, title: 'x' }, 'forbidden');
    await t.s.err({ type: 'cluster.edit', id, title: 'x' }, 'forbidden');
    await t.fac.err({ type: 'cluster.edit', id: 'no-such-cluster', title: 'x' }, 'not_found');
    await t.fac.err({ type: 'cluster.edit', title: 'x' }, 'invalid');
    await t.fac.err({ type: 'cluster.edit', id, title: 5 }, 'invalid');
    await t.fac.err({ type: 'cluster.edit', id, title: 't'.repeat(201) }, 'too_large');
    await t.fac.err({ type: 'cluster.edit', id, description: 'd'.repeat(20001) }, 'too_large');
    const s2 = await screen(srv, t.code, 'screen2');
    assert.deepEqual(s2.state.clusters.map((c) => [c.title, c.description]), [['New', 'Who does what, and the end goal']]);
    await s2.close();
    await t.close();
  });

  test('note.move: into a cluster and out again (cluster null); note.edited', async () => {
    const t = await table(srv, { participants: ANNA, phase: 4 });
    const n = await t.a.ok({ type: 'note.add', phase: 4, text: 'Robots teach' });
    const c1 = await t.fac.ok({ type: 'cluster.add', title: 'Robots' });
    await t.fac.ok({ type: 'note.move', id: n.id, cluster: c1.id });
    const evs = await Promise.all(t.all.map((c) => c.waitEvent('note.edited', (e) => e.note.id === n.id)));
    for (const ev of evs) assert.deepEqual(ev.note, { id: n.id, phase: 4, author: t.a.you.id, text: 'Robots teach', cluster: c1.id });
    let s2 = await screen(srv, t.code, 'screen2');
    assert.equal(s2.state.notes[0].cluster, c1.id);
    await s2.close();
    await t.fac.ok({ type: 'note.move', id: n.id, cluster: null });
    const ev = await t.a.waitEvent('note.edited', (e) => e.note.id === n.id);
    assert.equal(ev.note.cluster, undefined, 'cluster left out when the note is in no cluster');
    await t.a.err({ type: 'note.move', id: n.id, cluster: c1.id }, 'forbidden');
    await t.s.err({ type: 'note.move', id: n.id, cluster: c1.id }, 'forbidden');
    await t.fac.err({ type: 'note.move', id: n.id, cluster: 'no-such-cluster' }, 'not_found');
    await t.fac.err({ type: 'note.move', id: 'no-such-note', cluster: c1.id }, 'not_found');
    await t.fac.err({ type: 'note.move', id: n.id }, 'invalid');
    await t.fac.err({ type: 'note.move', cluster: c1.id }, 'invalid');
    s2 = await screen(srv, t.code, 'screen3');
    assert.equal(s2.state.notes[0].cluster, undefined);
    await s2.close();
    await t.close();
  });

  test('cluster.delete: cluster.deleted {id, notes}, its notes return to no cluster', async () => {
    const t = await table(srv, { participants: ANNA, phase: 4 });
    const n1 = await t.a.ok({ type: 'note.add', phase: 4, text: 'one' });
    const n2 = await t.a.ok({ type: 'note.add', phase: 4, text: 'two' });
    const n3 = await t.a.ok({ type: 'note.add', phase: 4, text: 'three' });
    const c1 = await t.fac.ok({ type: 'cluster.add', title: 'C1' });
    const c2 = await t.fac.ok({ type: 'cluster.add', title: 'C2' });
    await t.fac.ok({ type: 'note.move', id: n1.id, cluster: c1.id });
    await t.fac.ok({ type: 'note.move', id: n2.id, cluster: c1.id });
    await t.fac.ok({ type: 'note.move', id: n3.id, cluster: c2.id });
    await t.a.err({ type: 'cluster.delete', id: c1.id }, 'forbidden');
    await t.s.err({ type: 'cluster.delete', id: c1.id }, 'forbidden');
    await t.fac.err({ type: 'cluster.delete', id: 'no-such-cluster' }, 'not_found');
    await t.fac.err({ type: 'cluster.delete' }, 'invalid');
    await t.fac.ok({ type: 'cluster.delete', id: c1.id });
    const evs = await Promise.all(t.all.map((c) => c.waitEvent('cluster.deleted', (e) => e.id === c1.id)));
    for (const ev of evs) assert.deepEqual([...ev.notes].sort(), [n1.id, n2.id].sort());
    await t.fac.err({ type: 'cluster.delete', id: c1.id }, 'not_found');
    await t.fac.err({ type: 'cluster.edit', id: c1.id, title: 'x' }, 'not_found');
    const s2 = await screen(srv, t.code, 'screen2');
    assert.deepEqual(s2.state.clusters.map((c) => c.id), [c2.id]);
    const byId = Object.fromEntries(s2.state.notes.map((n) => [n.id, n]));
    assert.equal(byId[n1.id].cluster, undefined);
    assert.equal(byId[n2.id].cluster, undefined);
    assert.equal(byId[n3.id].cluster, c2.id);
    await s2.close();
    await t.close();
  });
});
