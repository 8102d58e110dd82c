// SIGKILL under load: several tablets pipeline note.add with cids, the server is killed in
// the middle of the stream and restarted on the same database; twice, the second time while
// the tablets are also resending what was not acknowledged. Every note whose ok arrived must
// be there exactly once; resending everything (same cid) afterwards gives acknowledged
// notes their id back and adds each unacknowledged one exactly once.
import { test, describe, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, sleep } from './lib/server.mjs';
import { Client, participant, facilitator, newSession, setPhase, assertAllClean, closeAll, forgetClosed } from './lib/client.mjs';

let srv;
before(async () => { srv = await startServer(); });
after(async () => { await closeAll(); await srv?.cleanup(); });
afterEach(() => assertAllClean());

const TABLETS = 6;
const PER_TICK = 4;      // 4 requests every 50 ms: 80 per second per connection, under the rate limit
const TICK_MS = 50;
const ROUNDS = 2;

/** Sends reqs on client c at 80/s without waiting for replies; resolves with the replies (or errors). */
async function paced(c, reqs) {
  const out = [];
  for (let i = 0; i < reqs.length; i += PER_TICK) {
    for (const r of reqs.slice(i, i + PER_TICK)) out.push(c.request(r, 15000).catch((e) => e));
    await sleep(TICK_MS);
  }
  return Promise.all(out);
}

describe('SIGKILL mid-stream', () => {
  test('every acknowledged note survives exactly once; resends fill in the rest without duplicates', async () => {
    const { code, key, fac } = await newSession(srv, 'proto');
    await setPhase(fac, 4);
    let tablets = [];
    for (let k = 0; k < TABLETS; k++) tablets.push(await participant(srv, code, `Tablet ${k}`, 'Teacher', `tablet${k}`));
    const ids = tablets.map((t) => ({ id: t.you.id, token: t.token }));

    const sent = tablets.map(() => new Map());   // cid -> text, every cid a tablet ever sent
    const acked = tablets.map(() => new Map());  // cid -> id, from ok replies
    const sendOrder = tablets.map(() => []);     // cids in the order first sent

    for (let round = 0; round < ROUNDS; round++) {
      if (round > 0) {
        tablets = await Promise.all(ids.map(async ({ id, token }, k) => {
          const c = await Client.connect(srv, { label: `tablet${k}-r${round}` });
          const r = await c.join({ code, token });
          assert.equal(r.you.id, id, 'a token resumes the same participant after SIGKILL');
          return c;
        }));
      }
      let stop = false;
      let ackCount = 0;
      const inflight = [];
      const send = (k, cid, text) => {
        inflight.push(tablets[k].request({ type: 'note.add', phase: 4, text, cid }, 15000).then((r) => {
          if (r.type !== 'ok') throw new Error(`tablet ${k}: note.add ${cid} got ${JSON.stringify(r)}`);
          if (acked[k].has(cid)) {
            assert.equal(r.id, acked[k].get(cid), `tablet ${k} ${cid}: a resend returns the acknowledged id`);
          } else {
            acked[k].set(cid, r.id);
          }
          ackCount++;
        }, () => { /* connection lost: no ack */ }));
      };
      // Each tablet's queue: first what it sent before without an ack, then new notes.
      const resend = tablets.map((_, k) => sendOrder[k].filter((cid) => !acked[k].has(cid)));
      const next = (k) => {
        if (resend[k].length) {
          const cid = resend[k].shift();
          send(k, cid, sent[k].get(cid));
          return;
        }
        const n = sendOrder[k].length;
        const cid = `t${k}-n${n}`;
        const text = `tablet ${k} note ${n}`;
        sent[k].set(cid, text);
        sendOrder[k].push(cid);
        send(k, cid, text);
      };
      const loop = (async () => {
        while (!stop) {
          for (let k = 0; k < TABLETS; k++) for (let j = 0; j < PER_TICK; j++) next(k);
          await sleep(TICK_MS);
        }
      })();

      // Let the stream run; then, in one synchronous step, send one more burst from every
      // tablet and SIGKILL the server, so that requests are surely in flight when it dies.
      const t0 = Date.now();
      while (ackCount < 300 && Date.now() - t0 < 8000) await sleep(20);
      assert.ok(ackCount >= 300, `round ${round}: the stream got going before the kill (${ackCount} acks)`);
      stop = true;
      for (let k = 0; k < TABLETS; k++) for (let j = 0; j < 20; j++) next(k);
      srv.proc.kill('SIGKILL');
      await srv.exited;
      await loop;
      await Promise.allSettled(inflight);
      await Promise.all(inflight);   // rethrows an error reply or a wrong id
      const totalSent = sent.reduce((n, m) => n + m.size, 0);
      const totalAcked = acked.reduce((n, m) => n + m.size, 0);
      assert.ok(totalSent > totalAcked, `round ${round}: some notes were in flight when the server died (${totalSent} sent, ${totalAcked} acked)`);
      await closeAll();
      forgetClosed();
      await srv.start();
    }

    // Each tablet resumes and resends everything it ever sent.
    const finalIds = tablets.map(() => new Map());
    await Promise.all(ids.map(async ({ id, token }, k) => {
      const c = await Client.connect(srv, { label: `tablet${k}-final` });
      const r = await c.join({ code, token });
      assert.equal(r.you.id, id);
      const cids = sendOrder[k];
      const replies = await paced(c, cids.map((cid) => ({ type: 'note.add', phase: 4, text: sent[k].get(cid), cid })));
      replies.forEach((rep, i) => {
        const cid = cids[i];
        assert.ok(!(rep instanceof Error), `tablet ${k} resend ${cid}: ${rep?.message}`);
        assert.equal(rep.type, 'ok', `tablet ${k} resend ${cid}: ${JSON.stringify(rep)}`);
        if (acked[k].has(cid)) assert.equal(rep.id, acked[k].get(cid), `tablet ${k} ${cid}: an acknowledged note keeps its id`);
        finalIds[k].set(cid, rep.id);
      });
      // a second resend of the last few changes nothing either
      const last = cids.slice(-8);
      const again = await paced(c, last.map((cid) => ({ type: 'note.add', phase: 4, text: sent[k].get(cid), cid })));
      again.forEach((rep, i) => assert.equal(rep.id, finalIds[k].get(last[i])));
      await c.close();
    }));

    const f = await facilitator(srv, code, key, 'fac-after-kill');
    const notes = f.state.notes.filter((n) => n.phase === 4);
    const byId = new Map(notes.map((n) => [n.id, n]));
    assert.equal(byId.size, notes.length, 'note ids are unique');
    const texts = notes.map((n) => n.text);
    const dup = texts.filter((t, i) => texts.indexOf(t) !== i);
    assert.deepEqual(dup, [], 'no note is there twice');
    let totalSent = 0;
    for (let k = 0; k < TABLETS; k++) {
      totalSent += sent[k].size;
      for (const [cid, id] of acked[k]) {
        const n = byId.get(id);
        assert.ok(n, `acknowledged note ${cid} (id ${id}) is missing after SIGKILL`);
        assert.equal(n.text, sent[k].get(cid));
        assert.equal(n.author, ids[k].id);
      }
      for (const [cid, text] of sent[k]) {
        const n = byId.get(finalIds[k].get(cid));
        assert.ok(n, `resent note ${cid} is missing`);
        assert.equal(n.text, text);
      }
    }
    assert.equal(notes.length, totalSent, 'exactly one note per cid sent');
    await f.close();
  });
});
