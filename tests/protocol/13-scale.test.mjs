// Fan-out at plenary scale, and a reader that stops reading: many connections in one
// session all receive every event under the same seq; a stalled reader is dropped (1008,
// extension) while the others keep up, and resumes into the full state.
import { test, describe, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, sleep } from './lib/server.mjs';
import { Client, participant, facilitator, screen, newSession, setPhase, assertAllClean, closeAll } from './lib/client.mjs';

let srv;
before(async () => { srv = await startServer(); });
after(async () => { await closeAll(); await srv?.cleanup(); });
afterEach(() => assertAllClean());

describe('scale', () => {
  test('100 participants and 2 screens: every receiver gets every event, in the same order', async () => {
    const { code, fac } = await newSession(srv, 'proto');
    const ps = [];
    for (let i = 0; i < 100; i += 25) {
      ps.push(...await Promise.all(Array.from({ length: 25 }, (_, k) => participant(srv, code, `P${i + k}`, 'Teacher', `p${i + k}`))));
    }
    const screens = [await screen(srv, code, 's1'), await screen(srv, code, 's2')];
    const all = [fac, ...ps, ...screens];
    await setPhase(fac, 4, all.slice(1));
    const start = fac.lastSeq;
    // everyone writes two notes at once
    const replies = await Promise.all(ps.flatMap((p, k) => [0, 1].map((i) => p.ok({ type: 'note.add', phase: 4, text: `p${k} n${i}` }, 15000))));
    assert.equal(new Set(replies.map((r) => r.id)).size, 200);
    const end = start + 200;
    await Promise.all(all.map(async (c) => {
      const t0 = Date.now();
      while (c.lastSeq < end && Date.now() - t0 < 15000) await sleep(20);
      assert.equal(c.lastSeq, end, `${c.label} got every event`);
    }));
    const view = (c) => c.events.filter((e) => e.seq > start && e.seq <= end).map((e) => `${e.seq}:${e.note.id}`).join(',');
    const ref = view(fac);
    for (const c of all) assert.equal(view(c), ref, `${c.label}: the same events under the same seqs`);
    const late = await screen(srv, code, 'late');
    assert.equal(late.state.notes.length, 200);
    assert.equal(late.joinSeq, end);
    await closeAll();
  });

  test('a reader that stops reading is dropped with 1008 (extension) and the others keep up', async () => {
    const { code, fac } = await newSession(srv, 'proto');
    const stalled = await participant(srv, code, 'Stalled', 'Teacher', 'stalled');
    const reader = await participant(srv, code, 'Reader', 'Teacher', 'reader');
    stalled.ws._socket.pause();   // stop reading: the server's queue for it fills up

    // 500 summaries of 20,000 characters (10 MB for each receiver) at 90 per second: more
    // than the 4 MiB send queue plus what the kernel buffers for a reader that never reads.
    const big = (i) => `${i} `.padEnd(20000, 'x');
    const N = 500;
    const out = [];
    for (let i = 0; i < N; i++) {
      out.push(fac.ok({ type: 'summary.set', text: big(i) }, 30000));
      if (i % 9 === 8) await sleep(100);
    }
    await Promise.all(out);
    const deadline = Date.now() + 10000;
    while (reader.eventsOf('summary.changed').length < N && Date.now() < deadline) await sleep(20);
    assert.equal(reader.eventsOf('summary.changed').length, N, 'the active reader got every summary');
    assert.ok(fac.isOpen && reader.isOpen, 'the others stay connected');

    // the stalled one, once it reads again, finds itself dropped with 1008
    stalled.ws._socket.resume();
    const info = await stalled.waitClose(15000);
    assert.equal(info.code, 1008, `a reader far behind is closed with 1008, got ${JSON.stringify(info)}`);

    // and resumes into the full state
    const again = await Client.connect(srv, { label: 'stalled-resumed' });
    const r = await again.join({ code, token: stalled.token });
    assert.equal(r.state.summary, big(N - 1));
    await closeAll();
  });
});
