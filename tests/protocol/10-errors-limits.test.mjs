// Errors and limits on the WebSocket: bad_json, unknown_type, rid echo, unknown fields,
// frame sizes (16 KiB answered, 2 MiB closed with 1009), invalid UTF-8 (1007), the rate
// limit, permissions of every change request per role, Origin checks on the upgrade.
import { test, describe, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, sleep } from './lib/server.mjs';
import { RawWs, frame, OP } from './lib/frames.mjs';
import { Client, participant, screen, newSession, setPhase, assertAllClean, closeAll } from './lib/client.mjs';

let srv;
before(async () => { srv = await startServer({ args: ['--allow-origin', 'http://allowed.example'] }); });
after(async () => { await closeAll(); await srv?.cleanup(); });
afterEach(() => assertAllClean());

describe('malformed requests', () => {
  test('bad_json for frames that are not a JSON object; the connection stays open', async () => {
    const { code } = await srv.createSession('proto');
    const c = await Client.connect(srv, { label: 'junk' });
    for (const raw of ['not json', '{"type":"join",', '[1,2,3]', '42', '"a string"', 'null', '']) {
      c.sendRaw(raw);
      const r = await c.waitUnmatched();
      assert.equal(r.type, 'error', `reply to ${JSON.stringify(raw)}: ${JSON.stringify(r)}`);
      assert.equal(r.code, 'bad_json', `reply to ${JSON.stringify(raw)}: ${JSON.stringify(r)}`);
      assert.equal(typeof r.message, 'string');
    }
    assert.ok(c.isOpen);
    await c.join({ code, name: 'Anna', background: 'Teacher' });
    c.sendRaw('{oops');
    const r = await c.waitUnmatched();
    assert.equal(r.code, 'bad_json');
    await c.close();
  });

  test('unknown_type echoes the rid, string or number; a missing type is an error', async () => {
    const { code } = await srv.createSession('proto');
    const c = await participant(srv, code, 'Anna', 'Teacher');
    let r = await c.err({ type: 'frobnicate', rid: 'r-1' }, 'unknown_type');
    assert.equal(r.rid, 'r-1');
    r = await c.err({ type: 'frobnicate', rid: 12345 }, 'unknown_type');
    assert.equal(r.rid, 12345);
    await c.err({ type: 'Note.Add', phase: 0, text: 'x' }, 'unknown_type');
    await c.err({ type: 42 }, ['invalid', 'unknown_type', 'bad_json']);
    await c.err({ text: 'no type' }, ['invalid', 'unknown_type', 'bad_json']);
    assert.ok(c.isOpen);
    await c.close();
  });

  test('unknown fields in a request are ignored', async () => {
    const { code, fac } = await newSession(srv, 'proto');
    const a = await participant(srv, code, 'Anna', 'Teacher', 'anna');
    await setPhase(fac, 4, [a]);
    const r = await a.ok({ type: 'note.add', phase: 4, text: 'with extras', mood: 'happy', nested: { x: [1, 2] } });
    const ev = await fac.waitEvent('note.added', (e) => e.note.id === r.id);
    assert.equal(ev.note.mood, undefined);
    await Promise.all([fac.close(), a.close()]);
  });
});

describe('frame limits', () => {
  test('a 16 KiB frame is read and answered', async () => {
    const { code, fac } = await newSession(srv, 'proto');
    const a = await participant(srv, code, 'Anna', 'Teacher');
    await setPhase(fac, 4, [a]);
    // 16 KiB of padding in an unknown field: ok
    const req = { type: 'note.add', phase: 4, text: 'padded', padding: '' };
    const pad = 16 * 1024 - JSON.stringify({ ...req, rid: 1000 }).length;
    const r = await a.ok({ ...req, rid: 1000, padding: 'p'.repeat(pad) });
    assert.equal(typeof r.id, 'string');
    // a 16 KiB note text: answered with too_large (the note limit), the connection stays
    const big = { type: 'note.add', rid: 1001, phase: 4, text: '' };
    const len = 16 * 1024 - JSON.stringify(big).length;
    await a.err({ ...big, text: 'x'.repeat(len) }, 'too_large');
    // a 16 KiB summary is fine
    await fac.ok({ type: 'summary.set', text: 's'.repeat(16 * 1024 - 60) });
    assert.ok(a.isOpen && fac.isOpen);
    await Promise.all([fac.close(), a.close()]);
  });

  test('a 2 MiB frame closes the connection with 1009', async () => {
    const { code } = await srv.createSession('proto');
    const a = await participant(srv, code, 'Anna', 'Teacher');
    const huge = JSON.stringify({ type: 'note.add', phase: 4, text: 'x'.repeat(2 * 1024 * 1024) });
    a.sendRaw(huge);
    const info = await a.waitClose(5000);
    assert.equal(info.code, 1009, `close code ${info.code} (${info.reason})`);
    // the server is fine
    const b = await participant(srv, code, 'Bert', 'Teacher');
    await b.close();
  });

  test('a frame just over 1 MiB closes with 1009 too (the limit is at most 1 MiB)', async () => {
    const { code } = await srv.createSession('proto');
    const a = await participant(srv, code, 'Anna', 'Teacher');
    a.sendRaw(JSON.stringify({ type: 'summary.set', text: 'x'.repeat(1024 * 1024 + 16) }));
    const info = await a.waitClose(5000);
    assert.equal(info.code, 1009, `close code ${info.code}`);
  });

  test('a text frame that is not valid UTF-8 closes with 1007', async () => {
    const { code } = await srv.createSession('proto');
    const a = await participant(srv, code, 'Anna', 'Teacher');
    const bytes = Buffer.concat([Buffer.from('{"type":"note.add","phase":4,"text":"'), Buffer.from([0xc3, 0x28, 0xff]), Buffer.from('"}')]);
    a.sendRaw(bytes, { binary: false });
    const info = await a.waitClose(5000);
    assert.equal(info.code, 1007, `close code ${info.code}`);
    const s = await screen(srv, code);
    assert.deepEqual(s.state.notes, []);
    await s.close();
  });
});

describe('RFC 6455 framing (raw socket)', () => {
  test('a header declaring 2 MiB closes with 1009 without waiting for the payload', async () => {
    const r = await RawWs.connect(srv);
    // the header and the first KiB only: the other 2 MiB never come
    r.send(frame({ opcode: OP.TEXT, payload: Buffer.alloc(1024, 0x20), declaredLength: 2 * 1024 * 1024 }));
    const c = await r.waitClose(3000);
    assert.equal(c.code, 1009, `close: ${JSON.stringify(c)}`);
    r.destroy();
  });

  test('reserved bits set without an extension close with 1002', async () => {
    const r = await RawWs.connect(srv);
    r.send(frame({ opcode: OP.TEXT, rsv: 0b100, payload: '{"type":"join"}' }));
    assert.equal((await r.waitClose(5000)).code, 1002);
    r.destroy();
  });

  // An unmasked client frame should close with 1002 (RFC 6455 5.1); libwebsockets 4.1.6
  // accepts it and gives the callback no way to tell. Kept as a todo in 23-frames.test.mjs.

  test('an unknown opcode closes with 1002', async () => {
    const r = await RawWs.connect(srv);
    r.send(frame({ opcode: 0x3, payload: 'x' }));
    assert.equal((await r.waitClose(5000)).code, 1002);
    r.destroy();
  });

  test('a message in several fragments is one request; a ping gets its pong', async () => {
    const { code } = await srv.createSession('proto');
    const r = await RawWs.connect(srv);
    const msg = JSON.stringify({ type: 'join', rid: 'frag', code, screen: true });
    r.send(frame({ fin: false, opcode: OP.TEXT, payload: msg.slice(0, 10) }));
    r.send(frame({ fin: false, opcode: OP.CONT, payload: msg.slice(10, 20) }));
    r.send(frame({ fin: true, opcode: OP.CONT, payload: msg.slice(20) }));
    r.send(frame({ opcode: OP.PING, payload: 'hello' }));
    // the reply and the pong, in whichever order they come
    const reply = () => r.all.filter((f) => f.opcode === OP.TEXT).map((f) => JSON.parse(f.payload.toString('utf8'))).find((m) => m.rid === 'frag');
    const pong = () => r.all.find((f) => f.opcode === OP.PONG);
    await r.wait(() => (reply() && pong() ? true : undefined), 3000, 'not both the reply to the fragmented join and the pong');
    assert.equal(reply()?.type, 'ok', `reply to a fragmented join: ${JSON.stringify(reply())}`);
    assert.equal(pong()?.payload.toString(), 'hello', 'pong echoes the ping payload');
    r.destroy();
  });
});

describe('rate limit', () => {
  test('a flood gets rate_limited for the excess, echoing rids; the connection recovers', async () => {
    const { code } = await srv.createSession('proto');
    const a = await participant(srv, code, 'Anna', 'Teacher', 'flooder');
    const other = await participant(srv, code, 'Bert', 'Teacher', 'bystander');
    const N = 500;
    // Sent without registering the rids, so every reply lands in `unmatched`, in order.
    for (let i = 0; i < N; i++) a.send({ type: 'note.edit', rid: `f${i}`, id: 'no-such-note', text: 'x' });
    const t0 = Date.now();
    while (a.unmatched.length < N && Date.now() - t0 < 5000) await sleep(20);
    const replies = a.unmatched.splice(0);
    assert.equal(replies.length, N, `one reply per request (${replies.length} of ${N})`);
    const byCode = {};
    for (const r of replies) {
      assert.equal(r.type, 'error');
      byCode[r.code] = (byCode[r.code] ?? 0) + 1;
    }
    assert.ok((byCode.not_found ?? 0) >= 200, `a burst of 200 is answered normally: ${JSON.stringify(byCode)}`);
    assert.ok((byCode.rate_limited ?? 0) >= 100, `the excess gets rate_limited: ${JSON.stringify(byCode)}`);
    assert.deepEqual(Object.keys(byCode).sort(), ['not_found', 'rate_limited']);
    assert.equal(replies[0].code, 'not_found', 'the first ones are served');
    assert.ok(a.isOpen, 'rate limiting does not close the connection');
    // another connection is not limited
    await other.err({ type: 'note.edit', id: 'no-such-note', text: 'x' }, 'not_found');
    // the flooder recovers after a pause
    await sleep(1500);
    await a.err({ type: 'note.edit', id: 'no-such-note', text: 'x' }, 'not_found');
    await Promise.all([a.close(), other.close()]);
    const limited = replies.find((r) => r.code === 'rate_limited');
    assert.match(String(limited.rid), /^f\d+$/, `a rate_limited reply echoes the request's rid: ${JSON.stringify(limited)}`);
    const rids = replies.map((r) => r.rid);
    assert.deepEqual(rids, Array.from({ length: N }, (_, i) => `f${i}`), 'every reply echoes its rid, in order');
  });

  test('150 at once, then 50 per second, is never limited', async () => {
    const { code } = await srv.createSession('proto');
    const a = await participant(srv, code, 'Anna', 'Teacher', 'steady');
    // 250 requests: more than the burst, but within burst + sustained rate
    const out = [];
    for (let i = 0; i < 250; i++) {
      out.push(a.request({ type: 'note.edit', id: 'no-such-note', text: 'x' }, 10000));
      if (i >= 150 && i % 10 === 9) await sleep(200);
    }
    const replies = await Promise.all(out);
    assert.equal(replies.filter((r) => r.code === 'rate_limited').length, 0);
    await a.close();
  });
});

describe('permissions of every change request', () => {
  test('screens get forbidden for every change; participants for facilitator requests', async () => {
    const { code, fac } = await newSession(srv, 'proto');
    const a = await participant(srv, code, 'Anna', 'Teacher');
    const s = await screen(srv, code);
    await setPhase(fac, 4, [a, s]);
    const n = await a.ok({ type: 'note.add', phase: 4, text: 'n' });
    const bad = await fac.ok({ type: 'note.add', phase: 3, text: 'bad' });
    const c = await fac.ok({ type: 'cluster.add', title: 'c' });
    const all = [
      { type: 'note.add', phase: 4, text: 'x' },
      { type: 'note.edit', id: n.id, text: 'x' },
      { type: 'note.delete', id: n.id },
      { type: 'note.essence', id: bad.id, text: 'x' },
      { type: 'cluster.add', title: 'x' },
      { type: 'cluster.edit', id: c.id, title: 'x' },
      { type: 'cluster.delete', id: c.id },
      { type: 'note.move', id: n.id, cluster: c.id },
      { type: 'vote', cluster: c.id, delta: 1 },
      { type: 'phase.set', index: 5 },
      { type: 'timer.start', seconds: 60 },
      { type: 'timer.pause' },
      { type: 'timer.resume' },
      { type: 'timer.stop' },
      { type: 'reveal', phase: 3 },
      { type: 'summary.set', text: 'x' },
      { type: 'session.end' },
    ];
    for (const req of all) await s.err(req, 'forbidden');
    const facOnly = ['cluster.add', 'cluster.edit', 'cluster.delete', 'note.move', 'phase.set', 'timer.start',
      'timer.pause', 'timer.resume', 'timer.stop', 'reveal', 'summary.set', 'session.end'];
    for (const req of all.filter((r) => facOnly.includes(r.type))) await a.err(req, 'forbidden');
    // nothing changed: the screen's next join sees the same seq as the facilitator's last event
    const s2 = await screen(srv, code, 'screen2');
    assert.equal(s2.joinSeq, fac.lastSeq);
    await Promise.all([fac.close(), a.close(), s.close(), s2.close()]);
  });
});

describe('Origin on the upgrade', () => {
  test('no Origin, the server\'s own origin and an allowed origin are accepted', async () => {
    const { code } = await srv.createSession('proto');
    for (const origin of [undefined, srv.origin, 'http://allowed.example']) {
      const c = await Client.connect(srv, { origin, label: `origin ${origin}` });
      await c.join({ code, screen: true });
      await c.close();
    }
  });

  const FOREIGN = () => ['http://evil.example', `http://127.0.0.1:${srv.port + 1}`, `http://localhost.evil.example:${srv.port}`, 'null'];

  async function assertRefused(origin) {
    let c = null;
    try {
      c = await Client.connect(srv, { origin, label: `origin ${origin}` });
    } catch {
      return;  // refused
    }
    const r = await c.request({ type: 'join', code: 'ZZZZZZ', screen: true }, 2000).catch((e) => e);
    await c.close();
    assert.fail(`upgrade with Origin ${origin} was accepted (join got ${JSON.stringify(r?.message ?? r)})`);
  }

  test('an origin with another scheme is another origin (RFC 6454) and is refused', async () => {
    await assertRefused(`https://127.0.0.1:${srv.port}`);
  });

  test('another origin is refused', async () => {
    for (const origin of FOREIGN()) {
      let c = null;
      try {
        c = await Client.connect(srv, { origin, label: `origin ${origin}` });
      } catch {
        continue;  // refused
      }
      // Opened anyway? Then it must at least not be usable.
      const r = await c.request({ type: 'join', code: 'ZZZZZZ', screen: true }, 2000).catch((e) => e);
      await c.close();
      assert.fail(`upgrade with Origin ${origin} was accepted (join got ${JSON.stringify(r?.message ?? r)})`);
    }
  });

  test('docs/protocol.md: the refusal is an HTTP 403', async () => {
    for (const origin of FOREIGN()) {
      const e = await Client.connect(srv, { origin, label: `origin ${origin}` }).then((c) => { c.close(); return null; }, (x) => x);
      assert.ok(e, `${origin} accepted`);
      assert.equal(e.status, 403, `Origin ${origin}: expected an HTTP 403 reply to the upgrade, got ${e.message}`);
    }
  });
});

describe('extension: joins with a wrong code per address', () => {
  test('60 wrong codes are answered not_found, then rate_limited (the laptop itself is exempt)', async () => {
    const own = await startServer();
    try {
      // 127.0.0.1 is the laptop's own browser and is exempt; 127.0.0.2 stands in for a
      // tablet on the network.
      const local = await Client.connect(own, { label: 'laptop' });
      for (let i = 0; i < 70; i++) {
        await local.err({ type: 'join', code: `ZY${String(i).padStart(4, '0')}`, screen: true }, 'not_found');
      }
      await local.close();
      const c = await Client.connect(own, { label: 'guesser', localAddress: '127.0.0.2' });
      for (let i = 0; i < 60; i++) {
        await c.err({ type: 'join', code: `ZZ${String(i).padStart(4, '0')}`, screen: true }, 'not_found');
      }
      const r = await c.err({ type: 'join', code: 'ZZZZZZ', screen: true }, 'rate_limited');
      assert.equal(typeof r.rid, 'number', 'the rate_limited reply echoes the rid');
      assert.ok(c.isOpen);
      await c.close();
    } finally {
      await closeAll();
      await own.cleanup();
    }
  });
});
