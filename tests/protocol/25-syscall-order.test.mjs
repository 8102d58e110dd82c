// The power-loss promise, checked in the server's system calls: an `ok` to a change leaves the
// socket only after the fdatasync/fsync of the write-ahead log that holds its commit.
//
// `tafel serve` runs under strace; a facilitator and participants send note.add, note.edit,
// cluster.add, note.move, phase.set and vote, many of them pipelined so that one group commit
// holds several. The trace is then read back: client→server frames are rebuilt per socket
// (strace shows the mask key, so the payload can be unmasked) to learn at which read each
// request arrived; server→client frames are rebuilt per socket to learn at which write each
// reply left. For every `ok` to a change:
//   - a WAL write happened after its request was read (else the reply went out before the
//     commit that holds the change: the "last WAL write before the reply" would belong to an
//     older commit, and a check on it alone would pass a server that acks first);
//   - between the last WAL write before the reply and the reply, the WAL was synced.
// And for synchronous=FULL: every WAL write is synced before the server writes to any socket
// again (NORMAL would sync the log only at checkpoints). The file is in WAL mode.
//
// Failures cite lines of the strace log; TAFEL_STRACE_LOG=FILE keeps a copy of it to read them.
import { test, describe, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { TafelServer, TAFEL_BIN } from './lib/server.mjs';
import { participant, screen, newSession, setPhase, assertAllClean, closeAll } from './lib/client.mjs';

// Reads are traced too: without them there is no way to tell the commit that holds a change
// from an older one. -s 65536 covers the largest read (4 KiB) and write (HUB_WRITE_BYTES, 64 KiB,
// several frames packed together), so every frame can be rebuilt. -yy rather than -y: it tells
// TCP sockets from the Unix sockets behind stdout/stderr and from netlink.
const STRACE_ARGS = ['-f', '-tt', '-yy', '-s', '65536',
  '-e', 'trace=fsync,fdatasync,write,writev,sendto,sendmsg,pwrite64,read,readv,recvfrom,recvmsg'];

const CHANGE_TYPES = new Set(['note.add', 'note.edit', 'note.delete', 'note.essence', 'cluster.add',
  'cluster.edit', 'cluster.delete', 'note.move', 'vote', 'phase.set', 'timer.start', 'timer.pause',
  'timer.resume', 'timer.stop', 'reveal', 'summary.set', 'session.end']);

/** Why this file cannot run here, or null. */
function straceUnavailable() {
  const r = spawnSync('strace', ['-f', '-o', '/dev/null', 'true'], { encoding: 'utf8', timeout: 10000 });
  if (r.error?.code === 'ENOENT') return 'strace is not installed (scripts/install-deps.sh --test installs it)';
  if (r.error) return `strace could not run: ${r.error.message}`;
  // In a container without CAP_SYS_PTRACE strace itself runs but cannot trace.
  if (r.status !== 0) return `strace cannot trace here: ${(r.stderr || '').trim().split('\n')[0]}`;
  return null;
}

/** `tafel serve` as the child of strace. Signals go to tafel itself: strace started with
 * -o FILE PROG blocks fatal signals (its -I3 default), so SIGTERM to strace does nothing;
 * strace then exits with tafel's exit status. */
class StracedServer extends TafelServer {
  constructor(opts = {}) {
    // LeakSanitizer stops the process with ptrace at exit, which a traced process cannot
    // allow; in the sanitizer build, leaks are checked by every other test.
    const asan = [process.env.ASAN_OPTIONS, 'detect_leaks=0'].filter(Boolean).join(':');
    super({ ...opts, env: { ASAN_OPTIONS: asan, ...(opts.env ?? {}) } });
    this.traceFile = path.join(this.dir, 'strace.log');
    this.startTimeoutMs = 15000;
  }

  launch() {
    return { command: 'strace', args: [...STRACE_ARGS, '-o', this.traceFile, '--', TAFEL_BIN, ...this.commandLine()] };
  }

  signal(sig) {
    const tafel = childOf(this.proc.pid);
    if (tafel) process.kill(tafel, sig);
    // The tracee first: it must not outlive a killed tracer.
    if (!tafel || sig === 'SIGKILL') this.proc.kill(sig);
  }
}

function childOf(pid) {
  try {
    const kids = fs.readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean);
    return kids.length ? Number(kids[0]) : null;
  } catch {
    return null;
  }
}

// ---- reading the strace log ----

/** A C string literal as strace prints it (starting at s[i] === '"') → {bytes, end, cut}. */
function cString(s, i) {
  const out = [];
  let j = i + 1;
  while (j < s.length && s[j] !== '"') {
    const ch = s[j];
    if (ch !== '\\') {
      out.push(...Buffer.from(ch, 'latin1'));
      j++;
      continue;
    }
    const e = s[j + 1];
    const simple = { n: 10, t: 9, r: 13, v: 11, f: 12, '"': 34, '\\': 92, a: 7, b: 8 };
    if (e in simple) { out.push(simple[e]); j += 2; continue; }
    if (e === 'x') { out.push(parseInt(s.slice(j + 2, j + 4), 16)); j += 4; continue; }
    let k = j + 1;
    while (k < j + 4 && s[k] >= '0' && s[k] <= '7') k++;
    if (k === j + 1) throw new Error(`unknown escape \\${e} in strace output`);
    out.push(parseInt(s.slice(j + 1, k), 8) & 0xff);
    j = k;
  }
  const cut = s.startsWith('...', j + 1);
  return { bytes: Buffer.from(out), end: j + 1 + (cut ? 3 : 0), cut };
}

/** The data buffers of a call's argument text: one string, or the iov_base strings. */
function buffers(argText) {
  const bufs = [];
  let cut = false;
  const iov = argText.indexOf('iov_base="');
  if (iov < 0) {
    const q = argText.indexOf('"');
    if (q >= 0) { const r = cString(argText, q); bufs.push(r.bytes); cut = r.cut; }
    return { data: Buffer.concat(bufs), cut };
  }
  for (let p = iov; p >= 0; p = argText.indexOf('iov_base="', p)) {
    const r = cString(argText, p + 'iov_base='.length);
    bufs.push(r.bytes);
    cut ||= r.cut;
    p = r.end;
  }
  return { data: Buffer.concat(bufs), cut };
}

const LINE = /^(?:(\d+)\s+)?(\d\d:\d\d:\d\d\.\d+)\s+(.*)$/;

/**
 * The log as calls in the order they started: {name, fd, path, ret, args, line, endLine}.
 * A call another thread interrupted (`<unfinished ...>`) is joined with its `<... resumed>`
 * half; `line` is where it started, `endLine` where it returned.
 */
function parseTrace(text) {
  const calls = [];
  const open = new Map();   // pid → the call waiting for its resumed half
  const lines = text.split('\n');
  for (let n = 0; n < lines.length; n++) {
    const m = LINE.exec(lines[n]);
    if (!m) continue;
    const pid = m[1] ?? '0';
    const body = m[3];
    if (body.startsWith('---') || body.startsWith('+++')) continue;
    const resumed = /^<\.\.\. (\w+) resumed>(.*)$/.exec(body);
    if (resumed) {
      const c = open.get(pid);
      if (!c) continue;
      open.delete(pid);
      finish(c, c.head + resumed[2], n);
      continue;
    }
    const call = /^(\w+)\((.*)$/.exec(body);
    if (!call) continue;
    const c = { name: call[1], line: n, endLine: n };
    calls.push(c);
    if (body.endsWith('<unfinished ...>')) {
      c.head = call[2].slice(0, -'<unfinished ...>'.length).trimEnd();
      open.set(pid, c);
    } else {
      finish(c, call[2], n);
    }
  }
  return calls;
}

function finish(c, rest, endLine) {
  c.endLine = endLine;
  // A TCP annotation holds "->", so the fd's closing > is the one before the next argument.
  const fd = /^(\d+)<(.*?)>(?=[,)])/.exec(rest);
  c.fd = fd ? Number(fd[1]) : null;
  c.path = fd ? fd[2] : '';
  const ret = / = (-?\d+)(?: [A-Z]\w*.*)?$/.exec(rest);
  c.ret = ret ? Number(ret[1]) : null;
  c.args = fd ? rest.slice(fd[0].length) : rest;
}

const isSocket = (c) => /^TCP(v6)?:\[/.test(c.path);
const READS = new Set(['read', 'readv', 'recvfrom', 'recvmsg']);
const WRITES = new Set(['write', 'writev', 'sendto', 'sendmsg']);

/**
 * One direction of one socket as a byte stream with the calls that carried it, cut into
 * WebSocket frames. onFrame(payload, firstCall, lastCall) for every text frame whose header
 * and first payload bytes are in the log (a write larger than -s is cut; its frames are
 * skipped by length).
 */
class Stream {
  constructor(onFrame, { http }) {
    this.onFrame = onFrame;
    this.chunks = [];     // {start, len, data, call}
    this.total = 0;
    this.pos = 0;         // where the next frame starts
    this.http = http;     // an HTTP head precedes the frames
    this.lost = null;
    this.plain = false;
  }

  push(call, data, len) {
    this.chunks.push({ start: this.total, len, data, call });
    this.total += len;
    this.parse();
  }

  /** Bytes [a, b) as far as the log shows them without a gap (a write larger than -s is cut). */
  bytes(a, b) {
    const parts = [];
    let at = a;
    for (const ch of this.chunks) {
      if (at >= b) break;
      if (ch.start + ch.len <= at) continue;
      if (ch.start > at) break;
      const hi = Math.min(b, ch.start + ch.len, ch.start + ch.data.length);
      if (hi <= at) break;
      parts.push(ch.data.subarray(at - ch.start, hi - ch.start));
      at = hi;
      if (hi < Math.min(b, ch.start + ch.len)) break;
    }
    return Buffer.concat(parts);
  }

  callAt(off) {
    return this.chunks.find((ch) => off >= ch.start && off < ch.start + ch.len)?.call;
  }

  parse() {
    while (!this.lost && !this.plain) {
      if (this.http) {
        const head = this.bytes(0, this.total);
        if (head.length < this.total) { this.lost = 'HTTP head not in the log'; return; }
        const end = head.indexOf('\r\n\r\n');
        if (end < 0) return;
        const text = head.subarray(0, end).toString('latin1');
        // Plain HTTP (the API, /healthz) carries no frames.
        if (!/^HTTP\/1\.1 101 /.test(text) && !/^upgrade:\s*websocket\s*$/im.test(text)) { this.plain = true; return; }
        this.pos = end + 4;
        this.http = false;
        continue;
      }
      if (this.total - this.pos < 2) return;
      const h = this.bytes(this.pos, Math.min(this.pos + 14, this.total));
      if (h.length < 2) { this.lost = `frame header at byte ${this.pos} not in the log`; return; }
      const masked = (h[1] & 0x80) !== 0;
      let len = h[1] & 0x7f;
      let hl = 2;
      if (len === 126) hl = 4;
      else if (len === 127) hl = 10;
      if (masked) hl += 4;
      if (this.total - this.pos < hl) return;
      if (h.length < hl) { this.lost = `frame header at byte ${this.pos} not in the log`; return; }
      if (len === 126) len = h.readUInt16BE(2);
      else if (len === 127) len = Number(h.readBigUInt64BE(2));
      const start = this.pos;
      const end = start + hl + len;
      if (end > this.total) return;
      this.pos = end;
      if ((h[0] & 0x0f) !== 1) continue;   // only text frames carry requests and replies
      // The whole payload, or as much of its start as the log shows.
      const payload = Buffer.from(this.bytes(start + hl, end));
      if (masked) {
        const mask = h.subarray(hl - 4, hl);
        for (let i = 0; i < payload.length; i++) payload[i] ^= mask[i % 4];
      }
      this.onFrame(payload.toString('latin1'), this.callAt(start), this.callAt(end - 1));
    }
  }
}

/**
 * What the trace says about every `ok` to a change: {replies, violations, syncs, walWrites,
 * unsyncedWal, problems}.
 */
function analyse(calls, walPath) {
  const requests = new Map();   // socket|rid → {type, msg, readCall: the read that completed its frame}
  const replies = [];           // {key, writeCall: the write that carried its first byte, text}
  const problems = [];
  const inStreams = new Map();
  const outStreams = new Map();
  const ridKey = (sock, rid) => `${sock}|${JSON.stringify(rid)}`;

  for (const c of calls) {
    if (!isSocket(c) || c.ret === null || c.ret <= 0) continue;
    const sock = c.path;
    if (READS.has(c.name)) {
      if (!inStreams.has(sock)) {
        inStreams.set(sock, new Stream((text, _first, last) => {
          let msg;
          try { msg = JSON.parse(Buffer.from(text, 'latin1').toString('utf8')); } catch { return; }
          if (!msg || msg.rid === undefined) return;
          requests.set(ridKey(sock, msg.rid), { type: msg.type, msg, readCall: last });
        }, { http: true }));
      }
      const { data } = buffers(c.args);
      inStreams.get(sock).push(c, data, c.ret);
    } else if (WRITES.has(c.name)) {
      if (!outStreams.has(sock)) {
        outStreams.set(sock, new Stream((text, first) => {
          const m = /^\{"type":"ok","rid":("(?:[^"\\]|\\.)*"|-?[0-9.eE+-]+)/.exec(text);
          if (!m) return;
          replies.push({ key: ridKey(sock, JSON.parse(m[1])), writeCall: first, text: text.slice(0, 80) });
        }, { http: true }));
      }
      const { data } = buffers(c.args);
      outStreams.get(sock).push(c, data, c.ret);
    }
  }
  for (const [sock, st] of [...inStreams, ...outStreams]) if (st?.lost) problems.push(`${sock}: ${st.lost}`);

  const isWal = (c) => c.path === walPath;
  const walWrites = calls.filter((c) => c.name === 'pwrite64' && isWal(c));
  const syncs = calls.filter((c) => (c.name === 'fsync' || c.name === 'fdatasync') && isWal(c) && c.ret === 0);

  const checked = [];
  const violations = [];
  for (const r of replies) {
    const req = requests.get(r.key);
    if (!req) { problems.push(`reply ${r.text} at log line ${r.writeCall.line + 1}: its request is not in the trace`); continue; }
    // A screen join, or a join that resumes an identity already online, commits nothing.
    if (!(CHANGE_TYPES.has(req.type) || (req.type === 'join' && !req.msg.screen && !req.msg.token))) continue;
    const at = r.writeCall.line;
    const lastWal = walWrites.findLast((w) => w.endLine < at);
    const sync = lastWal && syncs.find((s) => s.line > lastWal.endLine && s.endLine < at);
    const item = { ...r, type: req.type, readCall: req.readCall, lastWal, sync };
    checked.push(item);
    if (!lastWal || lastWal.line < req.readCall.endLine) {
      violations.push(`${req.type} ${r.key}: ok sent at log line ${at + 1}, but the WAL was not written since its `
        + `request was read at line ${req.readCall.endLine + 1} (last WAL write: ${lastWal ? `line ${lastWal.line + 1}` : 'none'}): `
        + 'acknowledged before the commit that holds it');
    } else if (!sync) {
      violations.push(`${req.type} ${r.key}: ok sent at log line ${at + 1}, but the WAL written at line ${lastWal.line + 1} `
        + 'was not synced (fdatasync/fsync) before it');
    }
  }

  // synchronous=FULL: the log is synced as part of every commit, before the server talks again.
  const unsyncedWal = [];
  const socketWrites = calls.filter((c) => WRITES.has(c.name) && isSocket(c));
  for (const w of walWrites) {
    const nextSync = syncs.find((s) => s.line > w.endLine);
    const nextSend = socketWrites.find((s) => s.line > w.endLine);
    if (!nextSync || (nextSend && nextSend.line < nextSync.endLine)) unsyncedWal.push(w);
  }
  return { requests, replies, checked, violations, syncs, walWrites, unsyncedWal, problems };
}

// ---- the run ----

const skip = straceUnavailable();
let srv;
let result;
let sent = 0;        // change requests answered `ok`, as the clients counted them
let traceBytes = 0;

after(async () => { await closeAll(); await srv?.cleanup(); });
afterEach(() => assertAllClean());

describe('syscall order: the ok of a change leaves after the fsync of its WAL commit', { skip: skip ?? false }, () => {
  before(async () => {
    srv = new StracedServer();
    await srv.start();
    const { code, fac } = await newSession(srv, 'proto');
    const ps = [];
    for (let k = 0; k < 6; k++) ps.push(await participant(srv, code, `P${k}`, 'Teacher', `p${k}`));
    const scr = await screen(srv, code);
    sent += 1 + ps.length;   // the joins that brought someone online
    const okc = async (c, req) => { const r = await c.ok(req, 10000); sent++; return r; };

    await setPhase(fac, 4, [...ps, scr]);
    sent++;
    // Pipelined from every participant at once: these land in shared group commits.
    const notes = await Promise.all(ps.map((p, k) => Promise.all(Array.from({ length: 12 }, (_, i) =>
      okc(p, { type: 'note.add', phase: 4, text: `p${k} idea ${i}` })))));
    await Promise.all(ps.map((p, k) => Promise.all(notes[k].map((n, i) =>
      okc(p, { type: 'note.edit', id: n.id, text: `p${k} idea ${i}, sharpened` })))));
    // One at a time: a commit per request.
    for (let i = 0; i < 8; i++) await okc(ps[i % ps.length], { type: 'note.edit', id: notes[i % ps.length][i].id, text: `edit ${i} alone` });

    await setPhase(fac, 5, [...ps, scr]);
    sent++;
    const clusters = await Promise.all(['Robots', 'Time', 'Money'].map((title) => okc(fac, { type: 'cluster.add', title })));
    await Promise.all(notes.flat().slice(0, 18).map((n, i) =>
      okc(fac, { type: 'note.move', id: n.id, cluster: clusters[i % 3].id })));

    await setPhase(fac, 6, [...ps, scr]);
    sent++;
    await Promise.all(ps.map((p, k) => Promise.all([0, 1, 2].map((i) =>
      okc(p, { type: 'vote', cluster: clusters[(k + i) % 3].id, delta: 1 })))));
    await Promise.all(ps.map((p, k) => okc(p, { type: 'vote', cluster: clusters[k % 3].id, delta: -1 })));
    await Promise.all(ps.map((p, k) => Promise.all([
      okc(p, { type: 'vote', cluster: clusters[(k + 1) % 3].id, delta: 1 }),
      okc(fac, { type: 'note.add', phase: 7, text: `facilitator note ${k}` }),
    ])));

    await closeAll();
    await srv.stop();
    const text = fs.readFileSync(srv.traceFile, 'latin1');
    if (process.env.TAFEL_STRACE_LOG) fs.copyFileSync(srv.traceFile, process.env.TAFEL_STRACE_LOG);
    traceBytes = text.length;
    result = analyse(parseTrace(text), fs.realpathSync(srv.db) + '-wal');
  });

  test('every ok to a change is sent after the WAL write and sync of the commit that holds it', (t) => {
    const { checked, violations, syncs, problems } = result;
    assert.deepEqual(problems, [], 'the trace could be read completely');
    assert.equal(checked.length, sent,
      `every ok to a change the clients received is found in the trace (found ${checked.length}, expected ${sent})`);
    assert.ok(syncs.length > 0, 'the trace holds syncs of the WAL');
    if (violations.length) {
      assert.fail(`${violations.length} of ${checked.length} acknowledgements left before their commit was on disk; `
        + `the first ones:\n  ${violations.slice(0, 5).join('\n  ')}`);
    }
    const perSync = new Map();
    for (const r of checked) perSync.set(r.sync, (perSync.get(r.sync) ?? 0) + 1);
    const counts = [...perSync.values()];
    const max = Math.max(...counts);
    t.diagnostic(`${checked.length} ok replies checked; ${result.walWrites.length} WAL writes, ${syncs.length} WAL syncs; `
      + `${perSync.size} syncs cover the replies, ${(checked.length / perSync.size).toFixed(1)} replies per sync on average, `
      + `at most ${max}; ${counts.filter((n) => n === 1).length} syncs covered a single reply; trace ${(traceBytes / 1e6).toFixed(1)} MB`);
    // Else the workload never exercised the group commit this file is about.
    assert.ok(max >= 2, `some commit acknowledged several changes at once (at most ${max} per sync)`);
  });

  test('synchronous=FULL: every WAL write is synced before the server writes to a socket again', () => {
    const { unsyncedWal, walWrites } = result;
    assert.ok(walWrites.length > 0, 'the trace holds WAL writes');
    assert.equal(unsyncedWal.length, 0, `${unsyncedWal.length} of ${walWrites.length} WAL writes were followed by a socket `
      + `write before any sync of the WAL; the first at log line ${unsyncedWal[0]?.line + 1}`);
  });

  test('the database file is in WAL mode', () => {
    // Header bytes 18 and 19 (file format write/read version) are 2 for WAL, 1 for rollback.
    const fd = fs.openSync(srv.db, 'r');
    const head = Buffer.alloc(100);
    fs.readSync(fd, head, 0, 100, 0);
    fs.closeSync(fd);
    assert.equal(head.subarray(0, 16).toString('latin1'), 'SQLite format 3\0');
    assert.deepEqual([head[18], head[19]], [2, 2], 'file format versions 2/2 (WAL)');
    const q = spawnSync('sqlite3', [srv.db, 'PRAGMA journal_mode;'], { encoding: 'utf8' });
    if (!q.error) assert.equal(q.stdout.trim(), 'wal');
  });
});
