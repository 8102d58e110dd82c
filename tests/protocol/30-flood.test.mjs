// One participant must not be able to make a session unjoinable. Participants flood note.add
// at the rate limit with the longest notes for a minute; the count limits stop them with
// `limit_reached`, and a join's reply, however much state it carries, is always delivered
// (the send queue bounds the events a slow reader falls behind on, not the state a join
// needs). Also: the session's own note limit and its cluster limit, a join reply far
// larger than the send queue, and the limit on the state's size in bytes (state_bytes).
//
// The flood runs with the default limits: at the rate limit (a burst of 200, then 100 per
// second) a participant reaches notes_per_participant (500) in about three seconds, so the
// minute is spent mostly on refused requests, as a real flood's would be, and four
// flooders' 2,000 notes of 2,000 characters make a state of about 8 MB, twice the
// default send queue that used to stop every join.
import { test, describe, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { Client, participant, screen, newSession, setPhase, assertAllClean, closeAll } from './lib/client.mjs';
import { startServer, sleep } from './lib/server.mjs';

afterEach(() => assertAllClean());

const limitArgs = (limits) => Object.entries(limits).flatMap(([k, v]) => ['--limit', `${k}=${v}`]);

function serverFor(limits) {
  const box = { srv: null };
  before(async () => { box.srv = await startServer({ args: limitArgs(limits) }); });
  after(async () => { await closeAll(); await box.srv?.cleanup(); });
  return box;
}

const IDEAL = 4; // the proto template's ideal_ideas phase
const JOIN_TIMEOUT_MS = 10000;

// 2,000 characters of two bytes each, and one of each kind that JSON escapes (a quote, a
// backslash, a control character, a newline): about 4,000 bytes in a state.
const LONG = `${'é'.repeat(1996)}"\\\u0001\n`;

/**
 * Joins of a facilitator, a new participant and a screen, one after another, each answered
 * with the whole state. What is asserted is that the reply comes (before the fix, a join
 * into a large session was closed with 1008 and never answered); how fast is a diagnostic,
 * since a loaded CI machine must not fail the test (on an idle machine each took 50-300 ms
 * for an 8 MB state, mostly the client's JSON.parse).
 */
async function joinAll(srv, code, key, tag) {
  const who = [
    [`facilitator ${tag}`, { code, facilitator_key: key }],
    [`newcomer ${tag}`, { code, name: `Newcomer ${tag}`, background: 'Teacher' }],
    [`screen ${tag}`, { code, screen: true }],
  ];
  const clients = [];
  const replies = [];
  const ms = [];
  for (const [label, params] of who) {
    const c = await Client.connect(srv, { label });
    const t0 = Date.now();
    const r = await c.request({ type: 'join', ...params }, JOIN_TIMEOUT_MS);
    ms.push(Date.now() - t0);
    assert.equal(r.type, 'ok', `[${label}] join: ${JSON.stringify(r).slice(0, 300)}`);
    assert.ok(Array.isArray(r.state?.notes), `[${label}] the join reply carries the state`);
    c.state = r.state;
    c.you = r.you ?? null;
    clients.push(c);
    replies.push(r);
  }
  const [f, p, s] = clients;
  return { f, p, s, replies, ms: ms.join(', ') };
}

describe('a flood of four participants for a minute (default limits)', () => {
  const box = serverFor({});

  test('the flooders get limit_reached, the session stays joinable, an honest note reaches everyone, the export works', async (t) => {
    const { srv } = box;
    const { code, key, fac } = await newSession(srv, 'proto');
    const flooders = [];
    for (let i = 0; i < 4; i++) flooders.push(await participant(srv, code, `Flooder ${i}`, 'Teacher', `flooder ${i}`));
    const honest = await participant(srv, code, 'Honest', 'Support staff', 'honest');
    const screen0 = await screen(srv, code, 'screen before');
    await setPhase(fac, IDEAL, [...flooders, honest, screen0]);

    // Each flooder sends at the rate limit: 10 requests every 100 ms, each with a cid of its
    // own as the app sends them, and counts the answers.
    // A minute, as the issue has it; the sanitizer stage of the test command runs it shorter
    // (TAFEL_FLOOD_MS), since a server under AddressSanitizer falls behind a full flood.
    const FLOOD_MS = Number(process.env.TAFEL_FLOOD_MS || 60000);
    // A reply may wait behind a backlog of refused requests on a slow (sanitized) server.
    const REPLY_MS = process.env.TAFEL_FLOOD_MS ? 60000 : 20000;
    const tally = flooders.map(() => ({ ok: 0, limit: 0, rate: 0, other: [], firstCid: null, firstId: null }));
    const inflight = [];
    const t0 = Date.now();
    let midJoin = null;
    const flood = flooders.map(async (c, i) => {
      let n = 0;
      for (let tick = 0; Date.now() - t0 < FLOOD_MS; tick++) {
        for (let k = 0; k < 10; k++, n++) {
          const cid = `f${i}-${n}`;
          inflight.push(c.request({ type: 'note.add', phase: IDEAL, text: LONG, cid }, REPLY_MS).then((r) => {
            const s = tally[i];
            if (r.type === 'ok') {
              s.ok++;
              if (s.firstCid === null) { s.firstCid = cid; s.firstId = r.id; }
            } else if (r.code === 'limit_reached') s.limit++;
            else if (r.code === 'rate_limited') s.rate++;
            else s.other.push(r);
          }));
        }
        const due = t0 + (tick + 1) * 100;
        await sleep(Math.max(0, due - Date.now()));
      }
    });
    // Half-way, with the flooders still sending, the session is joined.
    const mid = (async () => {
      await sleep(FLOOD_MS / 2);
      midJoin = await joinAll(srv, code, key, 'during');
    })();
    await Promise.all([...flood, mid]);
    await Promise.all(inflight);

    const sent = Math.round(FLOOD_MS / 100) * 10;
    for (const [i, s] of tally.entries()) {
      t.diagnostic(`flooder ${i}: ${s.ok} ok, ${s.limit} limit_reached, ${s.rate} rate_limited of about ${sent}`);
      assert.deepEqual(s.other, [], `flooder ${i} got only ok, limit_reached or rate_limited`);
      assert.equal(s.ok, 500, `flooder ${i} had exactly notes_per_participant (500) notes accepted`);
      assert.ok(s.limit > (sent - 500) / 2, `flooder ${i} got limit_reached for the rest of the flood (${s.limit})`);
    }
    t.diagnostic(`joins during the flood: ${midJoin.ms} ms; state ${Buffer.byteLength(JSON.stringify(midJoin.replies[0].state))} bytes`);

    // After the flood: the session is joined within a second by all three, with the state.
    const after = await joinAll(srv, code, key, 'after');
    const stateBytes = Buffer.byteLength(JSON.stringify(after.replies[0].state));
    t.diagnostic(`joins after the flood: ${after.ms} ms; state ${stateBytes} bytes`);
    assert.ok(stateBytes > 4 * 1024 * 1024, `the state (${stateBytes} bytes) is larger than the default send queue`);
    for (const c of [after.f, after.p, after.s]) {
      const byAuthor = new Map();
      for (const n of c.state.notes) byAuthor.set(n.author, (byAuthor.get(n.author) ?? 0) + 1);
      for (const fl of flooders) {
        assert.equal(byAuthor.get(fl.you.id), 500, `[${c.label}] the state holds 500 notes of ${fl.label}, none of the refused`);
      }
      assert.equal(c.state.notes.length, 2000, `[${c.label}] the state holds the 2,000 accepted notes and nothing else`);
      assert.ok(c.state.notes.every((n) => n.text === LONG), `[${c.label}] every note's text arrived whole`);
    }

    // A resend of a stored note is still answered with its id at the limit (exactly once).
    const r = await flooders[0].ok({ type: 'note.add', phase: IDEAL, text: LONG, cid: tally[0].firstCid });
    assert.equal(r.id, tally[0].firstId, 'a resend with a known cid gets the first answer');
    await flooders[0].err({ type: 'note.add', phase: IDEAL, text: 'one more', cid: 'new' }, 'limit_reached');

    // An honest participant's note, under its own limit, reaches everyone.
    const everyone = [fac, ...flooders, screen0, midJoin.f, midJoin.p, midJoin.s, after.f, after.p, after.s];
    const mine = await honest.ok({ type: 'note.add', phase: IDEAL, text: 'A note of an honest participant', cid: 'h1' });
    await Promise.all(everyone.map((c) => c.waitEvent('note.added', (e) => e.note.id === mine.id, 10000)));
    for (const c of everyone) assert.ok(c.isOpen, `[${c.label}] is still connected`);

    // The export still works, with every note.
    const json = await srv.http('GET', `/api/sessions/${code}/export?format=json`, { key, timeout: 20000 });
    assert.equal(json.status, 200, json.text.slice(0, 300));
    assert.ok(json.json, 'the JSON export is JSON');
    assert.ok(json.text.includes('A note of an honest participant'), 'the JSON export has the honest note');
    const escaped = JSON.stringify(LONG).slice(1, -1);
    assert.ok(json.text.split(escaped).length - 1 >= 2000, 'the JSON export has the flooders\' notes');
    const md = await srv.http('GET', `/api/sessions/${code}/export?format=md&lang=en`, { key, timeout: 20000 });
    assert.equal(md.status, 200, md.text.slice(0, 300));
    assert.ok(md.text.includes('A note of an honest participant'), 'the Markdown export has the honest note');
    t.diagnostic(`exports: json ${json.buf.length} bytes, md ${md.buf.length} bytes`);

    // And after a restart, when the session is loaded from the file by the first join.
    await closeAll();
    await srv.restart();
    const restarted = await joinAll(srv, code, key, 'after a restart');
    t.diagnostic(`joins after a restart: ${restarted.ms} ms`);
    assert.equal(restarted.f.state.notes.length, 2001, 'the restarted session has every note');
    await closeAll();
  });
});

describe('a join reply far larger than the send queue (send_queue_bytes=65536)', () => {
  const box = serverFor({ send_queue_bytes: 65536, rate_burst: 100000, rate_per_second: 100000 });

  test('joins and a resume get the whole state; a reader that stops reading events is still dropped', async (t) => {
    const { srv } = box;
    const { code, key, fac } = await newSession(srv, 'proto');
    await setPhase(fac, IDEAL);
    // 100 notes of 2,000 characters: about 200 KB of state, three times the send queue.
    const text = (i) => `${i} `.padEnd(2000, 'x');
    // One at a time: a burst of them in one turn would be more than the facilitator's own
    // small send queue holds.
    for (let i = 0; i < 100; i++) await fac.ok({ type: 'note.add', phase: IDEAL, text: text(i) });

    const all = await joinAll(srv, code, key, 'big');
    const bytes = Buffer.byteLength(JSON.stringify(all.replies[0].state));
    t.diagnostic(`state ${bytes} bytes; joins in ${all.ms} ms`);
    assert.ok(bytes > 3 * 65536, `the state (${bytes} bytes) is more than three send queues`);
    for (const c of [all.f, all.p, all.s]) {
      assert.deepEqual(c.state.notes.map((n) => n.text), Array.from({ length: 100 }, (_, i) => text(i)),
        `[${c.label}] the join reply has every note`);
    }
    const again = await Client.connect(srv, { label: 'newcomer, resumed' });
    const r = await again.request({ type: 'join', code, token: all.replies[1].token }, JOIN_TIMEOUT_MS);
    assert.equal(r.type, 'ok', JSON.stringify(r).slice(0, 300));
    assert.equal(r.you.id, all.p.you.id, 'the resume is the same participant');
    assert.equal(r.state.notes.length, 100, 'the resume has the whole state');

    // A reader that stops reading is dropped once the events behind exceed the send queue
    // (the socket's buffers hold some megabytes first), while the others get every event.
    const stalled = await participant(srv, code, 'Stalled', 'Teacher', 'stalled');
    const reader = await participant(srv, code, 'Reader', 'Teacher', 'reader');
    stalled.ws._socket.pause();
    const big = (i) => `${i} `.padEnd(20000, 'y');
    const N = 600;
    for (let i = 0; i < N; i++) {
      await fac.ok({ type: 'summary.set', text: big(i) });
      await reader.waitEvent('summary.changed', (e) => e.summary === big(i), 5000);
    }
    const deadline = Date.now() + 10000;
    while (reader.eventsOf('summary.changed').length < N && Date.now() < deadline) await sleep(20);
    assert.equal(reader.eventsOf('summary.changed').length, N, 'the reading participant got every summary');
    stalled.ws._socket.resume();
    const info = await stalled.waitClose(10000);
    assert.equal(info.code, 1008, `the stalled reader is closed with 1008, got ${JSON.stringify(info)}`);
    assert.ok(stalled.eventsOf('summary.changed').length < N, 'the stalled reader was dropped before it had every event');
    await closeAll();
  });
});

describe('the session\'s note limit and cluster limit (notes_per_session=12, clusters_per_session=3)', () => {
  const box = serverFor({ notes_per_session: 12, notes_per_participant: 5, clusters_per_session: 3 });

  test('past either limit every sender gets limit_reached and nothing changes', async () => {
    const { srv } = box;
    const { code, fac } = await newSession(srv, 'proto');
    const ps = [];
    for (let i = 0; i < 3; i++) ps.push(await participant(srv, code, `P${i}`, 'Teacher', `p${i}`));
    await setPhase(fac, IDEAL, ps);
    for (const p of ps) {
      for (let k = 0; k < 4; k++) await p.ok({ type: 'note.add', phase: IDEAL, text: `${p.label} ${k}`, cid: `c${k}` });
    }
    // 12 notes: each participant is under its own limit of 5, and still refused.
    await fac.waitEvent('note.added', (e) => e.note.text === 'p2 3');
    const before = fac.lastSeq;
    for (const p of ps) {
      const e = await p.err({ type: 'note.add', phase: IDEAL, text: 'one more', cid: 'c9' }, 'limit_reached');
      assert.match(e.message, /12 notes/, 'the message names the limit');
      await p.ok({ type: 'note.add', phase: IDEAL, text: 'resent', cid: 'c0' }); // a resend is no new note
    }
    await fac.err({ type: 'note.add', phase: IDEAL, text: 'the facilitator too' }, 'limit_reached');
    await sleep(100);
    assert.equal(fac.lastSeq, before, 'the refused notes made no event');

    for (let k = 0; k < 3; k++) await fac.ok({ type: 'cluster.add', title: `Direction ${k}` });
    await fac.err({ type: 'cluster.add', title: 'Direction 3' }, 'limit_reached');
    const st = (await participant(srv, code, 'Late', 'Teacher', 'late')).state;
    assert.equal(st.notes.length, 12, 'the state holds the 12 notes');
    assert.equal(st.clusters.length, 3, 'the state holds the 3 clusters');
    await closeAll();
  });
});

describe('the state\'s size (state_bytes=65536)', () => {
  const box = serverFor({ state_bytes: 65536, rate_burst: 100000, rate_per_second: 100000 });

  test('past it, text that would grow the state gets limit_reached; room freed is used again; a join carries at most that', async () => {
    const { srv } = box;
    const { code, key, fac } = await newSession(srv, 'proto');
    const p = await participant(srv, code, 'Writer', 'Teacher', 'writer');
    await setPhase(fac, IDEAL, [p]);
    const text = (i) => `${i} `.padEnd(2000, 'x');
    const ids = [];
    let refused = null;
    for (let i = 0; i < 100 && !refused; i++) {
      const r = await p.request({ type: 'note.add', phase: IDEAL, text: text(i), cid: `n${i}` });
      if (r.type === 'ok') ids.push(r.id);
      else refused = r;
    }
    assert.ok(refused, 'a note.add was refused within 100 notes of 2,000 characters');
    assert.equal(refused.code, 'limit_reached', JSON.stringify(refused).slice(0, 300));
    assert.match(refused.message, /state_bytes/, 'the message names the limit');
    assert.ok(ids.length >= 25 && ids.length <= 32, `about 30 notes of 2 KB fit in 64 KiB (${ids.length})`);
    // The other ways of adding text, the facilitator's too.
    await fac.err({ type: 'summary.set', text: 's'.repeat(20000) }, 'limit_reached');
    await fac.err({ type: 'cluster.add', title: 'Big', description: 'd'.repeat(20000) }, 'limit_reached');
    await p.err({ type: 'note.edit', id: ids[0], text: 'e'.repeat(2000) }, 'limit_reached');
    // A resend is still answered with its id.
    assert.equal((await p.ok({ type: 'note.add', phase: IDEAL, text: text(0), cid: 'n0' })).id, ids[0]);

    const s = await Client.connect(srv, { label: 'facilitator, second tab' });
    const j = await s.request({ type: 'join', code, facilitator_key: key }, JOIN_TIMEOUT_MS);
    const bytes = Buffer.byteLength(JSON.stringify(j.state));
    assert.ok(bytes <= 65536, `the state a join carries (${bytes} bytes) is within state_bytes`);
    assert.equal(j.state.notes.length, ids.length, 'the refused requests changed nothing');

    // Deleting notes makes room, found when the state is measured again (a second later).
    for (const id of ids.slice(0, 3)) await p.ok({ type: 'note.delete', id });
    await sleep(1100);
    await p.ok({ type: 'note.add', phase: IDEAL, text: text(1000) });

    // After a restart the size is measured again before the first change.
    await closeAll();
    await srv.restart();
    const again = await Client.connect(srv, { label: 'writer, resumed' });
    await again.join({ code, token: p.token });
    let n = 0;
    for (; n < 10; n++) {
      const r = await again.request({ type: 'note.add', phase: IDEAL, text: text(2000 + n) });
      if (r.type !== 'ok') {
        assert.equal(r.code, 'limit_reached');
        break;
      }
    }
    // Between measurements the estimate is on the safe side (a note's fields are counted
    // high), so the first refusal may have left a note or two of room, now measured.
    assert.ok(n < 10, `after the restart the limit holds: ${n} more notes of 2 KB fitted`);
    const look = await Client.connect(srv, { label: 'screen after the restart' });
    const k = await look.request({ type: 'join', code, screen: true }, JOIN_TIMEOUT_MS);
    assert.ok(Buffer.byteLength(JSON.stringify(k.state)) <= 65536, 'the state is still within state_bytes');
    await closeAll();
  });
});
