// The server's protective limits, each made small with `tafel serve --limit NAME=VALUE` so
// that a test can reach it in seconds: slow request headers, the join deadline, silent
// connections, connections per address, participants per session, sessions per server, the
// send queue of a reader that stops reading, and the --limit option itself. Every describe
// block runs its own server, so that one small limit does not get in the way of another
// test. (Message size, the request rate, Origin and wrong-code joins are in
// 10-errors-limits.test.mjs.)
import { test, describe, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Client, participant, facilitator, screen, newSession, assertAllClean, closeAll } from './lib/client.mjs';
import { RawWs, OP } from './lib/frames.mjs';

import { startServer, runTafel, freePort, sleep, assertErrorBody, FIXTURE_TEMPLATES } from './lib/server.mjs';

afterEach(() => assertAllClean());

const limitArgs = (limits) => Object.entries(limits).flatMap(([k, v]) => ['--limit', `${k}=${v}`]);

/** A server with the given limits for the describe block it is called in. */
function serverFor(limits) {
  const box = { srv: null };
  // In the sanitizer build, AddressSanitizer keeps freed memory in quarantine, so RSS would
  // measure the quarantine instead of the send queue; without it the allocator reuses.
  const env = { ASAN_OPTIONS: [process.env.ASAN_OPTIONS, 'quarantine_size_mb=0'].filter(Boolean).join(':') };
  before(async () => { box.srv = await startServer({ args: limitArgs(limits), env }); });
  after(async () => { await closeAll(); await box.srv?.cleanup(); });
  return box;
}

/** The server process's resident memory, in KiB. */
function rssKiB(srv) {
  const status = fs.readFileSync(`/proc/${srv.proc.pid}/status`, 'utf8');
  return Number(/^VmRSS:\s+(\d+)\s+kB/m.exec(status)[1]);
}

/**
 * A TCP client that sends `text` one byte every `everyMs`, as a slowloris attack does.
 * closedAfter is the time from connect to the end of the connection (null while open).
 */
function slowSender(port, text, label, everyMs = 300) {
  const bytes = Buffer.from(text, 'latin1');
  const sock = net.connect(port, '127.0.0.1');
  sock.setNoDelay(true);
  const st = { label, sent: 0, total: bytes.length, reply: '', t0: null, closedAfter: null, destroy: () => sock.destroy() };
  let timer = null;
  st.connected = new Promise((resolve) => sock.once('connect', () => {
    st.t0 = Date.now();
    timer = setInterval(() => {
      if (st.sent < bytes.length && sock.writable) sock.write(bytes.subarray(st.sent, ++st.sent));
    }, everyMs);
    resolve();
  }));
  sock.on('data', (d) => { st.reply += d.toString('latin1'); });
  sock.on('error', () => { /* a reset by the server is the expected end */ });
  st.closed = new Promise((resolve) => sock.on('close', () => {
    clearInterval(timer);
    st.closedAfter = st.t0 === null ? 0 : Date.now() - st.t0;
    resolve();
  }));
  return st;
}

describe('slow request headers (header_timeout_s=2)', () => {
  const box = serverFor({ header_timeout_s: 2 });

  test('headers sent a byte at a time are cut within 2-4 s, while a real participant joins at once', async (t) => {
    const { srv } = box;
    const { code } = await srv.createSession('proto');
    const upgrade = (i) => `GET /ws HTTP/1.1\r\nHost: 127.0.0.1:${srv.port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n`
      + `Sec-WebSocket-Key: ${Buffer.from(`slowloris-key-${i}`.padEnd(16, '.')).toString('base64')}\r\nSec-WebSocket-Version: 13\r\n\r\n`;
    const get = (p) => `GET ${p} HTTP/1.1\r\nHost: 127.0.0.1:${srv.port}\r\nAccept: */*\r\n\r\n`;
    const slow = [
      ...[0, 1, 2, 3].map((i) => slowSender(srv.port, upgrade(i), `slow upgrade ${i}`)),
      slowSender(srv.port, get('/healthz'), 'slow GET /healthz'),
      slowSender(srv.port, get('/api/templates'), 'slow GET /api/templates'),
    ];
    try {
      await Promise.all(slow.map((s) => s.connected));
      await sleep(500);

      // The event loop must not be held up by the connections that dribble.
      const t0 = Date.now();
      const p = await Client.connect(srv, { label: 'real participant' });
      const j = await p.join({ code, name: 'Anna', background: 'Teacher' });
      const joinMs = Date.now() - t0;
      t.diagnostic(`connect and join with ${slow.length} slow clients connected: ${joinMs} ms`);
      assert.equal(j.you.role, 'participant');
      assert.ok(joinMs < 1500, `a participant's connect and join took ${joinMs} ms while ${slow.length} slow clients were connected`);
      const stillOpen = slow.filter((s) => s.closedAfter === null).length;
      assert.equal(stillOpen, slow.length, 'the slow clients were all still connected during the join (else it proves nothing)');

      // Bounded wait: a client that is not cut 5 s after connecting counts as not cut.
      await Promise.race([Promise.all(slow.map((s) => s.closed)), sleep(5000)]);
      const report = slow.map((s) => `${s.label}: ${s.closedAfter === null ? 'still open after 5 s' : `cut after ${s.closedAfter} ms`}, `
        + `${s.sent} of ${s.total} bytes sent`).join('\n  ');
      t.diagnostic(report.replace(/\n\s+/g, '; '));
      for (const s of slow) {
        assert.notEqual(s.closedAfter, null, `with header_timeout_s=2 every slow client is cut within 4 s:\n  ${report}\n--- server log ---\n${srv.runLog}`);
        assert.ok(s.closedAfter >= 1500 && s.closedAfter <= 4000,
          `${s.label} was cut after ${s.closedAfter} ms; expected 2-4 s (header_timeout_s=2):\n  ${report}`);
        assert.ok(s.sent < s.total, `${s.label} was cut before its headers were complete (${s.sent} of ${s.total})`);
        assert.doesNotMatch(s.reply, /^HTTP\/1\.1 (101|200)/, `${s.label} was not served: ${s.reply.slice(0, 80)}`);
      }

      assert.ok(p.isOpen, 'the real participant is not cut: its headers came in time');
      await p.ok({ type: 'ping' });
      await p.close();
    } finally {
      for (const s of slow) s.destroy();
    }
  });
});

describe('join deadline (join_deadline_s=2)', () => {
  const box = serverFor({ join_deadline_s: 2 });
  let silentClose = null;

  test('a connection that does not join is closed after ~2 s; one that joined stays', async (t) => {
    const { srv } = box;
    const { code } = await srv.createSession('proto');
    const t0 = Date.now();
    const [silent, chatty, joiner] = await Promise.all([
      Client.connect(srv, { label: 'silent' }),
      Client.connect(srv, { label: 'chatty, never joins' }),
      Client.connect(srv, { label: 'joiner' }),
    ]);
    await joiner.join({ code, name: 'Anna', background: 'Teacher' });
    // Requests other than join must not buy time: the deadline is for joining.
    let chattyOks = 0;
    let stopChatter = false;
    const chatter = (async () => {
      while (chatty.isOpen && !stopChatter) {
        const r = await chatty.request({ type: 'ping' }, 1000).catch(() => null);
        if (r?.type === 'ok') chattyOks++;
        await sleep(300);
      }
    })();

    const timed = async (c) => {
      const info = await c.waitClose(6000).catch(() => null);
      return { info, after: Date.now() - t0 };
    };
    const [s, ch] = await Promise.all([timed(silent), timed(chatty)]);
    stopChatter = true;
    await chatter;
    silentClose = s.info;
    t.diagnostic(`silent: ${JSON.stringify(s.info)} after ${s.after} ms; chatty: ${JSON.stringify(ch.info)} after ${ch.after} ms`);
    assert.ok(s.info, 'a connection that never sends join is closed within 6 s (join_deadline_s=2)');
    assert.ok(s.after >= 1500 && s.after <= 5000, `the silent connection was closed after ${s.after} ms; expected 1.5-5 s`);
    assert.ok(ch.info, 'a connection that sends pings but never joins is closed too');
    assert.ok(ch.after >= 1500 && ch.after <= 5000, `the chatty connection was closed after ${ch.after} ms; expected 1.5-5 s`);
    assert.ok(chattyOks >= 2, `the chatty connection was served until the deadline (${chattyOks} pings answered)`);

    // Past the deadline by more than the server's one-second timer granularity.
    await sleep(Math.max(0, 4000 - (Date.now() - t0)));
    assert.ok(joiner.isOpen, `a connection that joined in time is open ${Date.now() - t0} ms after connecting`);
    await joiner.ok({ type: 'ping' });
    await joiner.close();
  });

  test('docs/protocol.md: the join deadline closes with 1008', () => {
    assert.ok(silentClose, 'the previous test saw the silent connection close');
    assert.equal(silentClose.code, 1008,
      `a connection closed at the join deadline should get close code 1008 (docs/protocol.md, Limits); got ${JSON.stringify(silentClose)}`);
  });
});

describe('silent connections (idle_ping_s=1, idle_close_s=3)', () => {
  const box = serverFor({ idle_ping_s: 1, idle_close_s: 3 });

  test('a client that never answers pings is pinged and closed; one that answers stays', async (t) => {
    const { srv } = box;
    const { code, fac } = await newSession(srv, 'proto');
    const t0 = Date.now();
    // frames.mjs answers nothing by itself: no pong ever goes back.
    const raw = await RawWs.connect(srv, { label: 'deaf' });
    raw.sendJson({ type: 'join', rid: 'j', code, name: 'Deaf', background: 'Teacher' });
    const reply = await raw.nextJson();
    assert.equal(reply.type, 'ok', `the raw client's join: ${JSON.stringify(reply).slice(0, 200)}`);
    const deafId = reply.you.id;
    // The ws package answers pings with pongs by itself.
    const alive = await participant(srv, code, 'Alive', 'Teacher', 'alive');
    let alivePings = 0;
    alive.ws.on('ping', () => { alivePings++; });

    const ping = await raw.nextFrame(3000, [OP.PING]);
    const pingAt = Date.now() - t0;
    assert.equal(ping.opcode, OP.PING);
    assert.ok(pingAt <= 2500, `the first ping came after ${pingAt} ms; expected about 1 s (idle_ping_s=1)`);

    const end = await raw.waitClose(6000).catch(() => null);
    const endAt = Date.now() - t0;
    t.diagnostic(`deaf client: pinged after ${pingAt} ms, ${end?.frame ? `close frame ${end.code}` : 'TCP ended without a close frame'} after ${endAt} ms`);
    assert.ok(end, `a client that never answers pings is closed within 6 s (idle_close_s=3); frames: ${raw.describe().slice(0, 300)}`);
    assert.ok(endAt >= 2000 && endAt <= 5000, `the deaf client was closed after ${endAt} ms; expected about 3 s`);
    raw.destroy();
    // The server treats it as gone: the others see it leave.
    const left = await fac.waitEvent('participant.left', (e) => e.participant.id === deafId, 2000);
    assert.equal(left.participant.online, false);

    await sleep(Math.max(0, 5000 - (Date.now() - t0)));
    assert.ok(alive.isOpen, `a client that answers pings is open after ${Date.now() - t0} ms`);
    assert.ok(alivePings >= 2, `the answering client was pinged too (${alivePings} pings), so its pongs are what kept it`);
    await alive.ok({ type: 'ping' });
    assert.equal(fac.eventsOf('participant.left', (e) => e.participant.id === alive.you.id).length, 0,
      'the answering client never left');
    await Promise.all([alive.close(), fac.close()]);
  });
});

describe('connections per address (connections_per_ip=5)', () => {
  const box = serverFor({ connections_per_ip: 5 });

  test('5 connections work; the 6th is accepted and closed with 1008; closing one frees a place', async () => {
    const { srv } = box;
    const { code } = await srv.createSession('proto');
    const five = [];
    for (let i = 0; i < 5; i++) {
      const c = await Client.connect(srv, { label: `conn ${i + 1}` });
      await c.join({ code, screen: true });
      five.push(c);
    }

    // What the server does (docs/operations.md: close 1008): it completes the upgrade and
    // closes at once with 1008 "too many connections".
    const refused = async (label) => {
      let c;
      try {
        c = await Client.connect(srv, { label });
      } catch (e) {
        assert.fail(`${label}: the upgrade was refused (${e.message}); docs/operations.md says close 1008`);
      }
      const info = await c.waitClose(2000);
      assert.equal(info.code, 1008, `${label}: expected close 1008, got ${JSON.stringify(info)}`);
      assert.equal(c.received.length, 0, `${label} was served nothing before the close`);
      return info;
    };
    const info = await refused('6th');
    assert.match(info.reason, /too many connections/);
    await refused('7th');   // a refused connection does not take a place either
    for (const c of five) assert.ok(c.isOpen, `${c.label} is untouched by the refusals`);

    // Another address has its own count.
    const other = await Client.connect(srv, { label: 'from 127.0.0.2', localAddress: '127.0.0.2' });
    await other.join({ code, screen: true });
    await other.close();

    await five[0].close();
    await sleep(100);
    const again = await Client.connect(srv, { label: 'after one closed' });
    await again.join({ code, screen: true });
    await sleep(200);
    assert.ok(again.isOpen, 'after one of the five closed, a new connection stays open');
    await again.ok({ type: 'ping' });

    // And the count is still kept after the churn.
    await refused('6th again');
    await closeAll();
  });
});

describe('participants per session (participants_per_session=3)', () => {
  const box = serverFor({ participants_per_session: 3 });

  test('the 4th participant gets session_full and nothing changes; resume, facilitator and screen still join', async () => {
    const { srv } = box;
    const { code, key, fac } = await newSession(srv, 'proto');
    const ps = [];
    for (const name of ['Anna', 'Bert', 'Cem']) {
      ps.push(await participant(srv, code, name, 'Teacher', name));
      await fac.waitEvent('participant.joined', (e) => e.participant.name === name);
    }
    const seqBefore = fac.lastSeq;

    const dora = await Client.connect(srv, { label: 'Dora' });
    const r = await dora.err({ type: 'join', code, name: 'Dora', background: 'Teacher' }, 'session_full');
    assert.equal(r.token, undefined, 'a refused join gets no token');
    assert.ok(dora.isOpen, 'a refused join leaves the connection open');

    // A join is answered after its commit and its events are queued before that reply, so
    // a later screen join is a barrier: had Dora's join changed anything, it would show now.
    const s = await screen(srv, code, 'screen');
    assert.equal(s.joinSeq, seqBefore, 'the refused join did not change the session (seq)');
    assert.deepEqual(s.state.participants.map((p) => p.name).sort(), ['Anna', 'Bert', 'Cem', fac.you.name].sort());
    for (const c of [fac, ...ps]) {
      assert.equal(c.eventsOf('participant.joined', (e) => e.participant.name === 'Dora').length, 0,
        `${c.label} saw no participant.joined for the refused join`);
      assert.equal(c.lastSeq, seqBefore, `${c.label} got no event for the refused join`);
    }

    // Someone who left still holds a place (participants stay listed) and resumes with the token.
    const cem = ps[2];
    const cemToken = cem.token;
    const cemId = cem.you.id;
    await cem.close();
    await fac.waitEvent('participant.left', (e) => e.participant.id === cemId);
    await dora.err({ type: 'join', code, name: 'Dora', background: 'Teacher' }, 'session_full');
    const back = await Client.connect(srv, { label: 'Cem resumed' });
    const rb = await back.join({ code, token: cemToken });
    assert.equal(rb.you.id, cemId, 'the resume is the same participant');
    await fac.waitEvent('participant.joined', (e) => e.participant.id === cemId);

    // Neither the facilitator nor a screen is a participant: both still join.
    const fac2 = await facilitator(srv, code, key, 'facilitator 2');
    assert.equal(fac2.you.role, 'facilitator');
    const s2 = await screen(srv, code, 'screen 2');
    assert.equal(s2.state.participants.filter((p) => p.role === 'participant').length, 3);
    await closeAll();
  });
});

describe('sessions per server (sessions_per_server=2)', () => {
  const box = serverFor({ sessions_per_server: 2 });

  test('the 3rd session gets 429 limit_sessions; deleting one makes room', async () => {
    const { srv } = box;
    const first = await srv.createSession('proto');
    await srv.createSession('proto');
    const r = await srv.http('POST', '/api/sessions', { body: { template: 'proto' } });
    assertErrorBody(r, 429, 'limit_sessions');
    const list = await srv.http('GET', '/api/sessions');
    assert.equal(list.status, 200);
    assert.equal(list.json.length, 2, 'the refused POST made no session');

    const del = await srv.http('DELETE', `/api/sessions/${first.code}`, { key: first.facilitator_key });
    assert.equal(del.status, 204, `DELETE: ${del.status} ${del.text}`);
    await srv.createSession('proto');
    assertErrorBody(await srv.http('POST', '/api/sessions', { body: { template: 'proto' } }), 429, 'limit_sessions');
  });
});

describe('tafel serve --limit and --help-limits', () => {
  // docs/operations.md's limits with their defaults, by the names --limit uses.
  const DOCUMENTED = {
    frame_bytes: 262144, note_chars: 2000, title_chars: 200, description_chars: 20000, summary_chars: 20000,
    name_chars: 60, cid_chars: 64, rate_burst: 200, rate_per_second: 100, connections_per_ip: 4000,
    join_failures_burst: 60, join_failures_per_minute: 60, participants_per_session: 2000,
    sessions_per_server: 10000, join_deadline_s: 30, idle_ping_s: 30, idle_close_s: 60,
    send_queue_bytes: 4194304, send_queue_messages: 4096, header_timeout_s: 10,
    notes_per_participant: 500, notes_per_session: 10000, clusters_per_session: 100, state_bytes: 16777216,
  };
  let dir;
  before(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tafel-limits-')); });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('--help-limits prints every limit as name=value with its default', () => {
    const r = runTafel(['serve', '--help-limits']);
    assert.equal(r.status, 0, r.out);
    const lines = r.stdout.trim().split('\n');
    const listed = {};
    for (const line of lines) {
      const m = /^([a-z_]+)=(\d+)$/.exec(line);
      assert.ok(m, `a line that is not name=value: ${JSON.stringify(line)}`);
      listed[m[1]] = Number(m[2]);
    }
    for (const [name, value] of Object.entries(DOCUMENTED)) {
      assert.equal(listed[name], value, `--help-limits lists ${name}=${value} (docs/operations.md)`);
    }
    // Every listed name is one --limit takes: with --help-limits after it, nothing starts.
    for (const name of Object.keys(listed)) {
      const v = name === 'idle_close_s' ? 99 : name === 'send_queue_bytes' || name === 'state_bytes' ? 70000 : name === 'frame_bytes' ? 2048 : 17;
      const set = runTafel(['serve', '--limit', `${name}=${v}`, '--help-limits']);
      assert.equal(set.status, 0, `--limit ${name}=${v}: ${set.out}`);
      assert.match(set.stdout, new RegExp(`^${name}=${v}$`, 'm'), `--limit ${name}=${v} is what --help-limits then shows`);
    }
  });

  test('an unknown name or a bad value exits with status 2 and names the problem', async () => {
    const port = await freePort();
    const serve = (...limit) => runTafel(['serve', '--host', '127.0.0.1', '--port', String(port), '--db', path.join(dir, 't.db'),
      '--templates', FIXTURE_TEMPLATES, ...limit], { cwd: dir, timeout: 5000 });
    const cases = [
      { args: ['--limit', 'participants_per_sesion=10'], names: 'participants_per_sesion', what: 'a misspelt name' },
      { args: ['--limit', 'bogus=1'], names: 'bogus', what: 'an unknown name' },
      { args: ['--limit', 'participants_per_session=abc'], names: 'participants_per_session', what: 'a value that is no number' },
      { args: ['--limit', 'participants_per_session=0'], names: 'participants_per_session', what: 'zero' },
      { args: ['--limit', 'participants_per_session=-5'], names: 'participants_per_session', what: 'a negative value' },
      { args: ['--limit', 'participants_per_session=10x'], names: 'participants_per_session', what: 'trailing junk' },
      { args: ['--limit', 'participants_per_session='], names: 'participants_per_session', what: 'an empty value' },
      { args: ['--limit', 'sessions_per_server=99999999999999999999'], names: 'sessions_per_server', what: 'a value that overflows' },
      { args: ['--limit', 'participants_per_session'], names: 'participants_per_session', what: 'no =VALUE' },
      { args: ['--limit', 'send_queue_messages=1'], names: 'send_queue_messages', what: 'a value below the minimum' },
      { args: ['--limit', 'idle_ping_s=10', '--limit', 'idle_close_s=5'], names: 'idle_close_s', what: 'idle_close_s not above idle_ping_s' },
    ];
    for (const c of cases) {
      const r = serve(...c.args);
      assert.equal(r.status, 2, `${c.what} (${c.args.join(' ')}): exit status ${r.status}${r.signal ? ` (${r.signal}: the server started)` : ''}: ${r.out}`);
      assert.ok(r.stderr.includes(c.names), `${c.what}: the message names ${c.names}: ${JSON.stringify(r.stderr)}`);
    }
    assert.equal(fs.existsSync(path.join(dir, 't.db')), false, 'a refused command line creates no database');
  });
});

describe('send queue (send_queue_messages=64)', () => {
  // The byte bound is set far out of reach so that only the message bound can stop the
  // queue; the request rate is lifted so that the flood takes a second, not ten. So is
  // state_bytes: its estimate counts each of the 1,000 summaries whole (20 MB) and is measured
  // again at most once a second, so a machine that sends 16 MB of them within a second got
  // limit_reached although the state holds one summary.
  const box = serverFor({ send_queue_messages: 64, send_queue_bytes: 1 << 30, rate_burst: 100000, rate_per_second: 100000,
    state_bytes: 1 << 30 });

  test('a reader that never reads is dropped with 1008, memory stays bounded, and it resumes into the full state', async (t) => {
    const { srv } = box;
    const { code, fac } = await newSession(srv, 'proto');
    const stalled = await participant(srv, code, 'Stalled', 'Teacher', 'stalled');
    const reader = await participant(srv, code, 'Reader', 'Teacher', 'reader');
    const rss0 = rssKiB(srv);
    stalled.ws._socket.pause();

    // 1,000 summaries of 20,000 characters: 20 MB for each receiver. Unbounded, the stalled
    // reader's queue would hold all that the kernel does not (about 30 MB of RSS here).
    const big = (i) => `${i} `.padEnd(20000, 'x');
    const N = 1000;
    let rssMax = rss0;
    const pending = [];
    for (let i = 0; i < N; i++) {
      pending.push(fac.ok({ type: 'summary.set', text: big(i) }, 20000));
      if (i % 50 === 49) {
        await Promise.all(pending.splice(0));
        rssMax = Math.max(rssMax, rssKiB(srv));
      }
    }
    await Promise.all(pending);
    const deadline = Date.now() + 10000;
    while (reader.eventsOf('summary.changed').length < N && Date.now() < deadline) await sleep(20);
    rssMax = Math.max(rssMax, rssKiB(srv));
    assert.equal(reader.eventsOf('summary.changed').length, N, 'the reading participant got every summary');
    assert.ok(fac.isOpen && reader.isOpen, 'the others stay connected');
    const grewMiB = (rssMax - rss0) / 1024;
    t.diagnostic(`server RSS ${rss0} KiB before, at most ${rssMax} KiB during the flood (+${grewMiB.toFixed(1)} MiB)`);
    assert.ok(grewMiB < 8, `the server's RSS grew by ${grewMiB.toFixed(1)} MiB (${rss0} -> ${rssMax} KiB) while a reader did not read; `
      + 'a 64-message queue of 20 KB messages is about 1.3 MB');

    stalled.ws._socket.resume();
    const info = await stalled.waitClose(10000);
    assert.equal(info.code, 1008, `the stalled reader is closed with 1008, got ${JSON.stringify(info)}`);
    const got = stalled.eventsOf('summary.changed').length;
    t.diagnostic(`the stalled reader got ${got} of ${N} summaries, then close ${info.code}`);
    assert.ok(got < N, `the stalled reader was dropped, not served everything (${got} of ${N} before the close)`);

    const again = await Client.connect(srv, { label: 'stalled, resumed' });
    const r = await again.join({ code, token: stalled.token });
    assert.equal(r.you.id, stalled.you.id);
    assert.equal(r.state.summary, big(N - 1), 'the resumed state has the last summary');
    // The stalled reader's first join was a participant.joined too: wait for this one's seq.
    await fac.waitEvent('participant.joined', (e) => e.participant.id === stalled.you.id && e.seq === r.seq);
    assert.equal(r.seq, fac.lastSeq, 'the resumed state is as new as the facilitator\'s');
    assert.ok(r.state.participants.find((p) => p.id === stalled.you.id)?.online, 'the resumed reader is online again');
    await closeAll();
  });
});
