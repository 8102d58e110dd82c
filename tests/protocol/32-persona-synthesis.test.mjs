// Version 2: the persona synthesis. The facilitator writes per persona what the table
// concluded; everyone sees it in the state and in persona.changed; it survives a restart and
// may be written after the session ended. Against a real server.
import { test, describe, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './lib/server.mjs';
import { screen, participant, facilitator, table, assertAllClean, closeAll } from './lib/client.mjs';

let srv;
before(async () => { srv = await startServer(); });
after(async () => { await closeAll(); await srv?.cleanup(); });
afterEach(() => assertAllClean());

const ANNA = { a: ['Anna', 'Teacher'] };

describe('persona.synthesis', () => {
  test('state.personas[] carries synthesis, "" when none', async () => {
    const t = await table(srv, { participants: ANNA });
    for (const c of t.all) {
      assert.ok(c.state.personas.length >= 1);
      for (const p of c.state.personas) assert.equal(p.synthesis, '');
    }
    await t.close();
  });

  test('the facilitator writes it; persona.changed reaches everyone; empty text clears it', async () => {
    const t = await table(srv, { participants: ANNA });
    const pid = t.fac.state.personas[0].id;
    const text = 'Volgens deelnemers voelt de leraar zich "alleen" <b>overvraagd</b>.';
    await t.fac.ok({ type: 'persona.synthesis', persona: pid, text });
    const evs = await Promise.all(t.all.map((c) => c.waitEvent('persona.changed')));
    for (const ev of evs) assert.deepEqual(ev.persona, { id: pid, synthesis: text });
    for (const c of [await screen(srv, t.code, 's2'), await participant(srv, t.code, 'Ben')]) {
      assert.equal(c.state.personas.find((p) => p.id === pid).synthesis, text);
      await c.close();
    }
    await t.fac.ok({ type: 'persona.synthesis', persona: pid, text: '' });
    const cleared = await t.a.waitEvent('persona.changed', (e) => e.seq > evs[0].seq);
    assert.deepEqual(cleared.persona, { id: pid, synthesis: '' });
    await t.close();
  });

  test('errors: participant and screen forbidden; unknown persona, bad text invalid; too long too_large', async () => {
    const t = await table(srv, { participants: ANNA });
    const pid = t.fac.state.personas[0].id;
    await t.a.err({ type: 'persona.synthesis', persona: pid, text: 'x' }, 'forbidden');
    await t.s.err({ type: 'persona.synthesis', persona: pid, text: 'x' }, 'forbidden');
    await t.fac.err({ type: 'persona.synthesis', persona: 'nobody', text: 'x' }, 'invalid');
    await t.fac.err({ type: 'persona.synthesis', text: 'x' }, 'invalid');
    await t.fac.err({ type: 'persona.synthesis', persona: pid }, 'invalid');
    await t.fac.err({ type: 'persona.synthesis', persona: pid, text: 5 }, 'invalid');
    await t.fac.err({ type: 'persona.synthesis', persona: pid, text: 'a\u0000b' }, 'invalid');
    await t.fac.err({ type: 'persona.synthesis', persona: pid, text: 'x'.repeat(20001) }, 'too_large');
    const f2 = await facilitator(srv, t.code, t.key, 'fac2');
    assert.equal(f2.state.personas[0].synthesis, '', 'nothing changed');
    await f2.close();
    await t.close();
  });

  test('after session.end the synthesis may still be written, and it survives a restart', async () => {
    const t = await table(srv, { participants: ANNA });
    const pid = t.fac.state.personas.at(-1).id;
    await t.fac.ok({ type: 'session.end' });
    await t.fac.ok({ type: 'persona.synthesis', persona: pid, text: 'Written afterwards' });
    await t.close();
    await srv.restart();
    const f = await facilitator(srv, t.code, t.key, 'fac-after');
    assert.equal(f.state.personas.at(-1).synthesis, 'Written afterwards');
    const r = await srv.http('GET', `/api/sessions/${t.code}/export?format=json`, { key: t.key });
    assert.equal(r.status, 200);
    await f.close();
  });
});
