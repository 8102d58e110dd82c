// Privacy at the byte level. Two participants (A writes, B watches) and screens; every frame
// that B and the screens receive (events, replies, join states) is kept as raw bytes. In a
// private phase A writes notes with unique markers, edits one and writes essences (also
// later, in a non-private phase); the facilitator clusters them; in the vote phase everyone
// votes. Until the reveal, no byte of any marker may reach B or a screen, in any frame; while
// the vote phase is current, no frame to B or a screen may hold a "votes" field. After the
// reveal the texts arrive, after the vote phase the totals do: the test is not vacuous.
import { test, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { startServer } from './lib/server.mjs';
import { Client, newSession, setPhase, assertAllClean, closeAll } from './lib/client.mjs';

let srv;
let t;
before(async () => { srv = await startServer(); });
after(async () => { await closeAll(); await srv?.cleanup(); });
afterEach(() => assertAllClean());

const marker = (what) => `LEAK${what}${crypto.randomBytes(8).toString('hex')}`;

/** Connects, starts keeping every frame's raw bytes, then joins. */
async function capturedJoin(label, params) {
  const c = await Client.connect(srv, { label });
  c.raw = [];
  c.ws.on('message', (data) => { c.raw.push({ at: c.raw.length, buf: Buffer.from(data) }); });
  await c.join(params);
  return c;
}

/** Every string in a parsed frame, keys included (catches \u-escaped forms of a marker). */
function strings(v, out = []) {
  if (typeof v === 'string') out.push(v);
  else if (Array.isArray(v)) v.forEach((x) => strings(x, out));
  else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) { out.push(k); strings(x, out); }
  return out;
}

/** Paths of every "votes" key in a parsed frame. */
function votesKeys(v, path = '$', out = []) {
  if (Array.isArray(v)) v.forEach((x, i) => votesKeys(x, `${path}[${i}]`, out));
  else if (v && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) {
      if (k === 'votes') out.push(`${path}.votes=${JSON.stringify(x)}`);
      votesKeys(x, `${path}.${k}`, out);
    }
  }
  return out;
}

/** The frames of c from index `from` on (or all), with where each marker part occurs. */
function leaks(c, markers, from = 0) {
  const found = [];
  for (const { at, buf } of c.raw.slice(from)) {
    const text = buf.toString('utf8');
    let decoded = '';
    try { decoded = strings(JSON.parse(text)).join('\n'); } catch { decoded = ''; }
    for (const m of markers) {
      // the whole marker and its random part's first half: a cut-short preview is a leak too
      const parts = [m, m.slice(-16, -8)];
      for (const p of parts) {
        if (buf.includes(Buffer.from(p)) || decoded.includes(p)) found.push(`frame #${at} holds ${JSON.stringify(p)}: ${text.slice(0, 300)}`);
      }
    }
  }
  return found;
}

function votesSeen(c, from = 0) {
  const found = [];
  for (const { at, buf } of c.raw.slice(from)) {
    const text = buf.toString('utf8');
    if (text.includes('"votes"')) found.push(`frame #${at} bytes hold "votes": ${text.slice(0, 300)}`);
    try { for (const p of votesKeys(JSON.parse(text))) found.push(`frame #${at} ${p}`); } catch { /* not JSON */ }
  }
  return found;
}

test('private notes and essences: no byte reaches B or a screen before the reveal', async () => {
  const { code, key, fac } = await newSession(srv, 'proto');
  const F = await capturedJoin('F2', { code, facilitator_key: key });   // the facilitator's view, for the sanity checks
  const A = await capturedJoin('A', { code, name: 'Anna', background: 'Teacher' });
  const B = await capturedJoin('B', { code, name: 'Bert', background: 'Teacher' });
  const S = await capturedJoin('S', { code, screen: true });
  t = { code, key, fac, F, A, B, S };
  const M = { t1: marker('text1'), t2: marker('text2'), t3: marker('edit'), e1: marker('ess1'), e2: marker('ess2'), e3: marker('ess3') };
  t.M = M;
  const all = Object.values(M);
  const watchers = [F, A, B, S];

  await setPhase(fac, 3, watchers);   // bad_ideas, private
  const n1 = (await A.ok({ type: 'note.add', phase: 3, text: `Bad idea ${M.t1} with more words` })).id;
  const n2 = (await A.ok({ type: 'note.add', phase: 3, text: M.t2, cid: 'a-note-2' })).id;
  await A.ok({ type: 'note.edit', id: n2, text: `Edited: ${M.t3}` });
  await A.ok({ type: 'note.essence', id: n1, text: `Essence ${M.e1}` });
  const bOwn = (await B.ok({ type: 'note.add', phase: 3, text: 'B\'s own bad idea' })).id;
  // B pokes at A's notes: the replies must not tell the texts either
  await B.request({ type: 'note.edit', id: n1, text: 'x' });
  await B.request({ type: 'note.delete', id: n2 });
  await B.request({ type: 'note.essence', id: n1, text: 'x' });
  await B.request({ type: 'note.move', id: n1, cluster: null });
  t.n1 = n1; t.n2 = n2;

  await setPhase(fac, 4, watchers);   // a later phase: the bad ideas stay private
  await A.ok({ type: 'note.essence', id: n2, text: `Second essence ${M.e2}` });
  await A.ok({ type: 'note.essence', id: n1, text: `Rewritten essence ${M.e3}` });
  await A.ok({ type: 'note.add', phase: 3, text: 'resent', cid: 'a-note-2' });   // a cid resend

  await setPhase(fac, 5, watchers);   // clustering: the facilitator moves A's private notes
  const c1 = (await fac.ok({ type: 'cluster.add', title: 'Robots', description: 'all about robots' })).id;
  const c2 = (await fac.ok({ type: 'cluster.add', title: 'Rules' })).id;
  await fac.ok({ type: 'note.move', id: n1, cluster: c1 });
  await fac.ok({ type: 'note.move', id: n2, cluster: c2 });
  t.c1 = c1; t.c2 = c2;

  // the same as late joiners and a resume see it
  const S2 = await capturedJoin('S2', { code, screen: true });
  const B2 = await capturedJoin('B2', { code, token: B.token });
  t.S2 = S2; t.B2 = B2;
  await B.waitEvent('note.edited', (e) => e.note.id === n2 && e.note.cluster === c2);
  await S.waitEvent('note.edited', (e) => e.note.id === n2 && e.note.cluster === c2);

  // sanity: B and S got the (reduced) events of A's notes, F the texts
  for (const c of [B, S]) {
    const ev = c.eventsOf('note.added', (e) => e.note.id === n1)[0];
    assert.ok(ev, `${c.label} got note.added for n1`);
    assert.equal(ev.note.text, undefined);
    assert.ok(c.eventsOf('note.edited', (e) => e.note.id === n1).length >= 3, `${c.label} got the reduced note.edited events`);
  }
  assert.equal(leaks(F, all).length >= all.length, true, 'the facilitator sees every marker (the search works)');
  assert.ok(B2.state.notes.some((n) => n.id === bOwn && n.text === 'B\'s own bad idea'), 'B sees its own private note');
  assert.ok(B2.state.notes.some((n) => n.id === n1 && n.text === undefined), 'B sees that A\'s note exists, not its text');

  for (const c of [B, S, S2, B2]) {
    assert.deepEqual(leaks(c, all), [], `${c.label} received private text or essence bytes`);
  }
});

test('vote phase: no "votes" field reaches B or a screen; after it, the totals do', async () => {
  const { fac, F, A, B, S, S2, B2, c1, c2, M } = t;
  const watchers = [F, A, B, S, S2, B2];
  const from = Object.fromEntries([B, S, S2, B2].map((c) => [c.label, c.raw.length]));

  await setPhase(fac, 6, watchers);
  await A.ok({ type: 'vote', cluster: c1, delta: 1 });
  await A.ok({ type: 'vote', cluster: c2, delta: 1 });
  const rb = await B.ok({ type: 'vote', cluster: c1, delta: 1 });
  assert.deepEqual(rb.my_votes, { [c1]: 1 });
  await B2.ok({ type: 'vote', cluster: c2, delta: 1 });
  await B.ok({ type: 'vote', cluster: c2, delta: -1 });
  // cluster changes during the vote must not carry totals either
  await fac.ok({ type: 'cluster.edit', id: c2, title: 'Rules, renamed' });
  const c3 = (await fac.ok({ type: 'cluster.add', title: 'Late cluster' })).id;
  await fac.ok({ type: 'cluster.delete', id: c3 });
  await Promise.all([B, S, S2, B2].map((c) => c.waitEvent('cluster.deleted', (e) => e.id === c3)));
  const S3 = await capturedJoin('S3', { code: t.code, screen: true });
  const B3 = await capturedJoin('B3', { code: t.code, token: B.token });

  // sanity: the facilitator does get totals
  const fv = F.eventsOf('vote.changed', (e) => e.cluster === c1);
  assert.ok(fv.some((e) => e.votes === 2), `the facilitator sees the totals: ${JSON.stringify(fv)}`);
  // B and the screens: none, in any frame
  for (const c of [B, S, S2, B2]) assert.deepEqual(votesSeen(c, from[c.label]), [], `${c.label} saw vote totals during the vote`);
  for (const c of [S3, B3]) assert.deepEqual(votesSeen(c), [], `${c.label} (joined during the vote) saw vote totals`);
  for (const c of [B, S, S2, B2, S3, B3]) assert.deepEqual(leaks(c, Object.values(M)), [], `${c.label} received private bytes`);
  t.B3 = B3; t.S3 = S3;

  // the reveal, still in the vote phase: the texts and essences arrive, totals still do not
  const mark = Object.fromEntries([B, S, S2, B2, S3, B3].map((c) => [c.label, c.raw.length]));
  await fac.ok({ type: 'reveal', phase: 3 });
  await Promise.all([B, S, S2, B2, S3, B3].map((c) => c.waitEvent('phase.revealed', (e) => e.phase === 3)));
  const visible = [M.t1, M.t3, M.e2, M.e3];   // t2 was edited away, e1 rewritten
  for (const c of [B, S, S3]) {
    const got = leaks(c, visible, mark[c.label]).join('\n');
    for (const m of visible) assert.ok(got.includes(m), `${c.label} received ${m} with the reveal`);
    assert.deepEqual(votesSeen(c, mark[c.label]), [], `${c.label}: the reveal carries no totals during the vote`);
  }

  // the vote phase ends: the totals arrive with phase.changed
  const mark2 = Object.fromEntries([B, S, S3].map((c) => [c.label, c.raw.length]));
  await setPhase(fac, 7, [F, A, B, S, S2, B2, S3, B3]);
  for (const c of [B, S, S3]) {
    const seen = votesSeen(c, mark2[c.label]);
    assert.ok(seen.length > 0, `${c.label} gets the totals when the vote phase ends`);
    const ev = c.eventsOf('phase.changed', (e) => e.phase === 7)[0];
    assert.equal(ev.clusters?.find((x) => x.id === c1)?.votes, 2, `${c.label}: ${JSON.stringify(ev)}`);
    assert.equal(ev.clusters?.find((x) => x.id === c2)?.votes, 1, `${c.label}: ${JSON.stringify(ev)}`);
  }
  const late = await capturedJoin('S4', { code: t.code, screen: true });
  assert.equal(late.state.clusters.find((x) => x.id === c1).votes, 2);
});

test('keys and tokens never reach the server log, at the most verbose log level', async () => {
  // A log is copied around (support tickets, screenshots): a secret in it is a secret lost.
  const loud = await startServer({ args: ['--log-level', '4095'] });
  try {
    const { code, key, fac } = await newSession(loud, 'proto');
    const a = await Client.connect(loud, { label: 'log-a' });
    const ja = await a.join({ code, name: 'Anna', background: 'Teacher' });
    await a.close();
    const again = await Client.connect(loud, { label: 'log-a-again' });
    await again.join({ code, token: ja.token });
    const wrong = await Client.connect(loud, { label: 'log-wrong' });
    await wrong.err({ type: 'join', code, facilitator_key: `${key.slice(0, -1)}X` }, 'forbidden');
    const r = await loud.http('DELETE', `/api/sessions/${code}`, { key });
    assert.equal(r.status, 204);
    await Promise.all([fac.close(), again.close(), wrong.close()].map((p) => p.catch(() => {})));
    await loud.stop();
    assert.ok(loud.log.length > 0, 'the server wrote a log');
    for (const secret of [key, ja.token, `${key.slice(0, -1)}X`]) {
      assert.ok(!loud.log.includes(secret), `a secret is in the server log:\n${loud.log}`);
      assert.ok(!loud.log.includes(secret.slice(0, 16)), 'half a secret is in the server log');
    }
  } finally {
    await loud.cleanup();
  }
});
