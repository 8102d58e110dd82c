#!/usr/bin/env node
// Crash test: SIGKILL `tafel serve` again and again while writers have requests in flight,
// restart it on the same database, and check after every kill that everything the server
// acknowledged is still there, exactly once, and that the database file is intact.
//
// How to run
//
//   Long form, from the repository root (build/tafel must be built):
//     node tests/crash/crash.mjs --cycles 200 [--bin build/tafel] [--seed N]
//   Options: --rotate N (new sessions every N cycles, default 10), --quiet (summary only),
//   --keep (keep the temp dir with the database also after a clean run).
//   It prints one line per cycle and a summary line; it exits 1 with a precise message on the
//   first violation (the database is kept for a post-mortem and its path printed), 2 when the
//   test itself cannot run. The seed is printed so that a run can be repeated (the kill
//   moments follow the seed; the server's timing does not).
//
//   Short form, part of the protocol suite (about 5 cycles, well under 30 s):
//     node --test tests/protocol/26-crash-cycles.test.mjs     (or ctest -R protocol_26)
//
//   A server that acknowledges before it commits must fail this test:
//     BUILD_DIR=build-fault scripts/build.sh -DTAFEL_FAULT_ACK_BEFORE_COMMIT=ON
//     node tests/crash/crash.mjs --cycles 50 --bin build-fault/tafel
//
// As a module: `runCrash({cycles, seed, bin, rotate, quiet, keep, log})` resolves with the
// summary or rejects with a `Violation` (fields cycle, dir). The binary (bin, else
// $TAFEL_BIN, else build/tafel) is copied into the run's temp dir and handed to
// tests/protocol/lib/server.mjs through TAFEL_BIN, which that module reads once: a second
// run in one process with another `bin` is refused.
//
// The writers: participants cannot add notes in a vote phase, so there are two sessions at a
// time. In the notes session (phase ideal_ideas) six participants and the facilitator add
// notes and edit their own; in the vote session six participants vote on four clusters and
// edit notes of their own, and the facilitator adds notes to the earlier phase. Each writer
// keeps a window of 4 to 8 requests in flight. Every few cycles both sessions are replaced
// and the old ones deleted, so that sessions stay of a size a tablet meets.
//
// What is checked, and why it is sound
//
// The server commits a whole event-loop turn in one transaction and replies only after that,
// and it handles one connection's requests in the order they arrive. So what survives a kill
// is, per connection, a prefix of what the server had received: every op up to the last one
// acknowledged, maybe followed by some of the later ones, in order. Each check below accepts
// exactly that set and nothing else. No check depends on the order of the replies: the
// contract does not promise it, only that an ok means committed.
//
// - note.add carries a cid; the note's text names its cid and version ("<cid> v<k> ..."), so
//   every stored note says which request made it. After a restart each acknowledged note must
//   be there with its acknowledged id; an unacknowledged one may be there (it committed, the
//   reply was lost) or not, but never twice. A resend with the same cid must then answer
//   with the id of the note that is already stored.
// - note.edit of an acknowledged note: versions of one note are sent in increasing order and
//   only the newest one is ever resent (same text, so a resend is idempotent). The stored
//   text must be a version between the last acknowledged one and the newest one sent.
// - vote is not idempotent, so it is never resent. Each voter predicts the server's rule
//   (budget per participant, no taking back a dot that is not there) and gives every op the
//   my_votes it must produce; each reply must match. After a kill the stored my_votes must be
//   the state after the last acknowledged op or after one of the unacknowledged ops that
//   followed it (a prefix). The voter then starts again from the stored state toward its
//   intended allocation, which is what "resend" means for a non-idempotent op. Some ops are
//   meant to be refused (over budget) and must be refused. The facilitator's totals must be
//   the sum of the voters' stored my_votes.
// - No event is sent before its change is durable: every join after a restart must report a
//   seq at least as high as the highest seq any client saw before the kill.
// - PRAGMA integrity_check on a copy of the database and its WAL, taken while the server is
//   down (a copy, so that the server itself, not the checker, recovers the hot WAL).
// - Deleted sessions stay deleted; phases set stay set; tokens keep resuming the same people.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

export class Violation extends Error {
  constructor(message, cycle) {
    super(message);
    this.name = 'Violation';
    this.cycle = cycle;
  }
}

const TEMPLATE = 'proto';
const NOTE_PHASE = 4;    // ideal_ideas in the proto fixture: participants may add notes
const VOTE_PHASE = 6;    // vote, 3 dots each
const BUDGET = 3;
const PARTICIPANTS = 6;
const CLUSTERS = 4;
const REQ_TIMEOUT_MS = 15000;
// Durability is under test, not the rate limiter: a refused request would only be noise.
// The count and size limits likewise: a fast machine writes more than 500 notes a writer.
const SERVER_ARGS = ['--limit', 'rate_burst=1000000', '--limit', 'rate_per_second=1000000',
  '--limit', 'notes_per_participant=10000000', '--limit', 'notes_per_session=10000000',
  '--limit', 'state_bytes=1073741824'];

/* ---- seeded randomness: the kill moments follow the seed exactly, the mix and the texts as
 * far as the timing of the replies lets them ---- */

function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6D2B79F5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FILLER = 'abcdefghijklmnopqrstuvwxyz ABCDEFGHIJ 0123456789 äöüéèçñ ĳ €✓ 日本語 🙂';

class Rng {
  constructor(seed) { this.f = mulberry32(seed); }
  next() { return this.f(); }
  int(lo, hi) { return lo + Math.floor(this.f() * (hi - lo + 1)); }
  chance(p) { return this.f() < p; }
  pick(arr) { return arr[Math.floor(this.f() * arr.length)]; }
  filler() {
    // Varied lengths and multi-byte text, so that rows and pages differ in size.
    const chars = [...FILLER];
    const n = this.chance(0.1) ? this.int(200, 1500) : this.int(0, 60);
    let s = '';
    for (let i = 0; i < n; i++) s += this.pick(chars);
    return s;
  }
}

/* ---- votes: the server's rule, predicted ---- */

const norm = (mv) => {
  const out = {};
  for (const [k, v] of Object.entries(mv ?? {})) if (v !== 0) out[k] = v;
  return out;
};
const total = (mv) => Object.values(mv).reduce((a, b) => a + b, 0);
const same = (a, b) => {
  const ka = Object.keys(a).sort();
  const kb = Object.keys(b).sort();
  return ka.length === kb.length && ka.every((k, i) => k === kb[i] && a[k] === b[k]);
};
const fmt = (mv) => JSON.stringify(Object.fromEntries(Object.entries(mv).sort()));

/** The state after one vote op, and whether the server must accept it. */
function applyVote(before, cluster, delta) {
  const have = before[cluster] ?? 0;
  if (delta > 0 && total(before) >= BUDGET) return { after: before, ok: false };
  if (delta < 0 && have === 0) return { after: before, ok: false };
  return { after: norm({ ...before, [cluster]: have + delta }), ok: true };
}

/* ---- one writer: a participant or a facilitator with one connection at a time ---- */

class Seat {
  constructor(sess, role, index) {
    this.sess = sess;
    this.role = role;
    this.short = role === 'facilitator' ? 'f' : `p${index}`;
    this.label = `${sess.tag}.${this.short}`;
    this.name = role === 'facilitator' ? undefined : `Writer ${sess.tag} ${index}`;
    this.voter = sess.kind === 'votes' && role === 'participant';
    this.id = null;
    this.token = null;
    this.conn = null;
    this.window = 4;
    this.inflight = 0;
    this.queue = [];          // resends, sent before anything new
    this.notes = new Map();   // cid -> {cid, versions[], acked, sent, id, addAcked, stateId}
    this.ackedNotes = [];     // notes whose add was acknowledged: candidates for edits
    this.nextNote = 0;
    // votes
    this.base = {};           // my_votes at the start of the connection (verified)
    this.chain = [];          // vote ops sent on this connection, in order, with predictions
    this.lastOk = -1;         // index in chain of the last op acknowledged with ok
    this.target = {};         // the voter's intended allocation; survives kills
  }

  get predicted() { return this.chain.length ? this.chain[this.chain.length - 1].after : this.base; }
}

/* ---- the run ---- */

export async function runCrash(opts = {}) {
  const cycles = opts.cycles ?? 200;
  const seed = (opts.seed ?? Math.floor(Math.random() * 2 ** 31)) >>> 0;
  const rotateEvery = opts.rotate ?? 10;
  const log = opts.log ?? ((s) => console.log(s));
  const quiet = opts.quiet ?? false;

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tafel-crash-'));
  const srcBin = path.resolve(opts.bin ?? process.env.TAFEL_BIN ?? path.join(here, '../../build/tafel'));
  if (!fs.existsSync(srcBin)) throw new Error(`the server binary ${srcBin} does not exist`);
  // A private copy: a long run must test one binary, also when the build dir it came from is
  // rebuilt meanwhile (a rebuild mid-run made a restart fail with EACCES).
  const bin = path.join(dir, 'tafel');
  fs.copyFileSync(srcBin, bin);
  fs.chmodSync(bin, 0o755);
  process.env.TAFEL_BIN = bin;
  const serverLib = await import('../protocol/lib/server.mjs');
  const clientLib = await import('../protocol/lib/client.mjs');
  if (path.resolve(serverLib.TAFEL_BIN) !== bin && opts.bin) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw new Error(`server.mjs was already loaded with TAFEL_BIN=${serverLib.TAFEL_BIN}; `
      + `cannot switch to ${opts.bin} in the same process`);
  }
  const { TafelServer, sleep } = serverLib;
  const { Client } = clientLib;

  // Two streams: the kill schedule must not depend on how many replies arrived in time.
  const rngKill = new Rng(seed);
  const rng = new Rng((seed ^ 0x9E3779B9) >>> 0);
  const srv = new TafelServer({ dir, args: SERVER_ARGS });
  const stats = {
    cycles: 0, notes: 0, edits: 0, votes: 0, refusedVotes: 0, resends: 0, inflightAtKill: 0, unanswered: 0,
    committedUnacked: 0, maxRecoveryMs: 0, sumRecoveryMs: 0, maxIntegrityMs: 0,
  };
  const t0 = Date.now();
  let cycle = 0;
  let killing = false;        // true from the moment we decide to kill until the restart
  let violation = null;
  let sessions = [];
  const deleted = [];
  const pending = new Set();

  const fail = (msg) => {
    if (!violation) violation = new Violation(`cycle ${cycle}: ${msg}`, cycle);
    killing = true;           // stop sending: the run is over
  };
  const check = () => { if (violation) throw violation; };

  /* ---- sending and the replies ---- */

  const send = (seat, op) => {
    seat.inflight++;
    if (op.resend) stats.resends++;
    const p = seat.conn.request(op.req, REQ_TIMEOUT_MS).then(
      (r) => { seat.inflight--; onReply(seat, op, r); fill(seat); },
      (e) => {
        seat.inflight--;
        if (killing) stats.unanswered++;
        else fail(`[${seat.label}] lost a request while the server was running: ${e.message}${srv.exit ? ` (server exited ${JSON.stringify(srv.exit)})` : ''}`);
      },
    );
    pending.add(p);
    p.finally(() => pending.delete(p));
    return p;
  };

  const fill = (seat) => {
    while (!killing && seat.conn?.isOpen && seat.inflight < seat.window) send(seat, nextOp(seat));
  };

  const mkText = (note, k) => `${note.cid} v${k} ${rng.filler()}`;

  const newAdd = (seat) => {
    const cid = `${seat.label}.${seat.nextNote++}`;
    const note = { cid, seat, versions: [], acked: -1, sent: 0, id: null, addAcked: false, stateId: null };
    note.versions.push(mkText(note, 0));
    seat.notes.set(cid, note);
    seat.sess.byCid.set(cid, note);
    return addOp(seat, note, false);
  };
  const addOp = (seat, note, resend) => ({
    kind: 'add', note, resend,
    req: { type: 'note.add', phase: NOTE_PHASE, text: note.versions[0], cid: note.cid },
  });
  const newEdit = (seat) => {
    const note = rng.pick(seat.ackedNotes);
    note.versions.push(mkText(note, note.versions.length));
    note.sent = note.versions.length - 1;
    return editOp(note, note.sent, false);
  };
  const editOp = (note, k, resend) => ({
    kind: 'edit', note, ver: k, resend, req: { type: 'note.edit', id: note.id, text: note.versions[k] },
  });

  const newVote = (seat) => {
    const clusters = seat.sess.clusters;
    const before = seat.predicted;
    let cluster;
    let delta;
    if (rng.chance(0.05)) {
      // One the server must refuse: over budget, or taking back a dot that is not there.
      const empty = clusters.filter((c) => !before[c]);
      if (total(before) >= BUDGET) { cluster = rng.pick(clusters); delta = 1; }
      else if (empty.length) { cluster = rng.pick(empty); delta = -1; }
    }
    if (cluster === undefined) {
      const towards = () => {
        const over = clusters.filter((c) => (before[c] ?? 0) > (seat.target[c] ?? 0));
        if (over.length) return [rng.pick(over), -1];   // take back first, to stay in budget
        const under = clusters.filter((c) => (before[c] ?? 0) < (seat.target[c] ?? 0));
        if (under.length) return [rng.pick(under), 1];
        return null;
      };
      let step = towards();
      if (!step) {
        const t = {};
        for (let i = rng.int(0, BUDGET); i > 0; i--) { const c = rng.pick(clusters); t[c] = (t[c] ?? 0) + 1; }
        seat.target = t;
        step = towards() ?? (total(before) < BUDGET ? [rng.pick(clusters), 1]
          : [rng.pick(clusters.filter((c) => before[c])), -1]);
      }
      [cluster, delta] = step;
    }
    const { after, ok } = applyVote(before, cluster, delta);
    const op = { kind: 'vote', idx: seat.chain.length, before, after, expectOk: ok, cluster, delta,
      req: { type: 'vote', cluster, delta } };
    seat.chain.push(op);
    return op;
  };

  const nextOp = (seat) => {
    if (seat.queue.length) return seat.queue.shift();
    const edit = seat.ackedNotes.length > 0 && rng.chance(seat.voter ? 0.15 : 0.3);
    if (edit) return newEdit(seat);
    return seat.voter ? newVote(seat) : newAdd(seat);
  };

  const onReply = (seat, op, r) => {
    const what = `[${seat.label}] ${op.kind} ${JSON.stringify(op.req).slice(0, 160)}`;
    if (op.kind === 'vote') {
      if (!op.expectOk) {
        if (r.type === 'error' && r.code === 'vote_budget') { stats.refusedVotes++; return; }
        fail(`${what}: on my_votes ${fmt(op.before)} with ${BUDGET} dots this must be refused with vote_budget, got ${JSON.stringify(r)}`);
        return;
      }
      if (r.type !== 'ok') { fail(`${what}: expected ok, got ${JSON.stringify(r)}`); return; }
      const got = norm(r.my_votes);
      if (!same(got, op.after)) {
        fail(`${what}: reply my_votes ${fmt(got)}, but from ${fmt(op.before)} it must be ${fmt(op.after)}`);
        return;
      }
      if (op.idx > seat.lastOk) seat.lastOk = op.idx;
      stats.votes++;
      return;
    }
    if (r.type !== 'ok') { fail(`${what}: expected ok, got ${JSON.stringify(r)}`); return; }
    const note = op.note;
    if (op.kind === 'add') {
      if (typeof r.id !== 'string') { fail(`${what}: ok without a string id: ${JSON.stringify(r)}`); return; }
      const known = note.id ?? note.stateId;
      if (known !== null && r.id !== known) {
        fail(`${what}: cid ${note.cid} is answered with id ${r.id}, but ${note.id !== null ? 'it was acknowledged' : 'the stored note has'} id ${known}`);
        return;
      }
      if (!note.addAcked) {
        note.addAcked = true;
        note.id = r.id;
        note.acked = Math.max(note.acked, 0);
        seat.ackedNotes.push(note);
        stats.notes++;
      }
      return;
    }
    note.acked = Math.max(note.acked, op.ver);
    stats.edits++;
  };

  /* ---- joining and setting sessions up ---- */

  const connect = async (seat) => {
    const c = await Client.connect(srv, { label: `${seat.label}#${cycle}` });
    const params = seat.role === 'facilitator'
      ? { code: seat.sess.code, facilitator_key: seat.sess.key }
      : seat.token ? { code: seat.sess.code, token: seat.token }
        : { code: seat.sess.code, name: seat.name, background: 'Teacher' };
    const r = await c.request({ type: 'join', ...params }, REQ_TIMEOUT_MS);
    if (r.type !== 'ok') {
      const how = seat.token ? 'resuming with the token of its acknowledged join'
        : seat.role === 'facilitator' ? 'with the facilitator key' : 'as a new participant';
      fail(`[${seat.label}] join ${how} of session ${seat.sess.code} failed: ${JSON.stringify(r)}`);
      c.terminate();
      return null;
    }
    if (seat.id !== null && r.you?.id !== seat.id) {
      fail(`[${seat.label}] resumed as participant ${r.you?.id}, but it is ${seat.id}`);
    }
    seat.id = r.you.id;
    if (r.token) seat.token = r.token;
    seat.conn = c;
    seat.window = rng.int(4, 8);
    return r;
  };

  const setupOk = async (seat, req) => {
    const r = await seat.conn.request(req, REQ_TIMEOUT_MS);
    if (r.type !== 'ok') throw new Error(`[${seat.label}] setup ${JSON.stringify(req)}: ${JSON.stringify(r)}`);
    return r;
  };

  const newSessions = async (round) => {
    const out = [];
    for (const kind of ['notes', 'votes']) {
      const s = await srv.createSession(TEMPLATE, { title: `crash ${round} ${kind}` });
      const sess = { tag: `${kind[0]}${round}`, kind, code: s.code, key: s.facilitator_key,
        clusters: [], byCid: new Map(), seats: [], maxSeq: 0, phase: kind === 'votes' ? VOTE_PHASE : NOTE_PHASE };
      sess.fac = new Seat(sess, 'facilitator', 0);
      sess.seats.push(sess.fac);
      for (let i = 0; i < PARTICIPANTS; i++) sess.seats.push(new Seat(sess, 'participant', i));
      for (const seat of sess.seats) await connect(seat);
      check();
      await setupOk(sess.fac, { type: 'phase.set', index: NOTE_PHASE });
      if (kind === 'votes') {
        // Voters get a few notes of their own to edit while they vote.
        await Promise.all(sess.seats.filter((x) => x.voter).map(async (seat) => {
          for (let i = 0; i < 2; i++) {
            const op = newAdd(seat);
            onReply(seat, op, await setupOk(seat, op.req));
          }
        }));
        for (let i = 0; i < CLUSTERS; i++) {
          sess.clusters.push((await setupOk(sess.fac, { type: 'cluster.add', title: `Direction ${i}` })).id);
        }
        await setupOk(sess.fac, { type: 'phase.set', index: VOTE_PHASE });
      }
      check();
      out.push(sess);
    }
    return out;
  };

  const allSeats = () => sessions.flatMap((s) => s.seats);

  /* ---- after a restart: what is stored must be what was acknowledged ---- */

  const verifySession = (sess, facState, joinStates) => {
    const where = `session ${sess.tag} (${sess.code})`;
    if (facState.phase !== sess.phase) fail(`${where}: phase is ${facState.phase}, but phase.set ${sess.phase} was acknowledged`);
    // First what is stored: every note must be one that a writer sent, once.
    const ids = new Set();
    const texts = new Set();
    const stored = new Map();   // cid -> {n, k}
    for (const n of facState.notes) {
      if (ids.has(n.id)) { fail(`${where}: note id ${n.id} is listed twice`); return; }
      ids.add(n.id);
      if (texts.has(n.text)) { fail(`${where}: the text of note ${n.id} is stored twice: ${JSON.stringify(n.text.slice(0, 80))}`); return; }
      texts.add(n.text);
      const m = /^(\S+) v(\d+) /.exec(n.text ?? '');
      const note = m && sess.byCid.get(m[1]);
      if (!note) { fail(`${where}: note ${n.id} has a text no writer sent: ${JSON.stringify((n.text ?? '').slice(0, 80))}`); return; }
      const k = Number(m[2]);
      if (note.versions[k] !== n.text) { fail(`${where}: note ${n.id} (cid ${note.cid}) has a text that is not version ${k} as sent: ${JSON.stringify(n.text.slice(0, 80))}`); return; }
      if (stored.has(note.cid)) { fail(`${where}: cid ${note.cid} made two notes: ids ${stored.get(note.cid).n.id} and ${n.id}`); return; }
      stored.set(note.cid, { n, k });
      if (n.author !== note.seat.id) { fail(`${where}: note ${n.id} (cid ${note.cid}) has author ${n.author}, but ${note.seat.label} is ${note.seat.id}`); return; }
      if (n.phase !== NOTE_PHASE) { fail(`${where}: note ${n.id} (cid ${note.cid}) is in phase ${n.phase}, sent to ${NOTE_PHASE}`); return; }
    }
    // Then what was acknowledged: there, under its id, at the acknowledged version or later.
    for (const note of sess.byCid.values()) {
      const got = stored.get(note.cid);
      if (!note.addAcked) {
        // Committed but its reply was lost, or not committed: a resend must get this id.
        note.stateId = got ? got.n.id : null;
        if (got) stats.committedUnacked++;
        continue;
      }
      if (!got) {
        fail(`${where}: acknowledged note ${note.id} (cid ${note.cid}, by ${note.seat.label}, version ${note.acked} acknowledged) is missing after the kill`);
        return;
      }
      if (got.n.id !== note.id) { fail(`${where}: cid ${note.cid} was acknowledged as note ${note.id}, but is stored as note ${got.n.id}`); return; }
      if (got.k < note.acked) {
        fail(`${where}: note ${note.id} (cid ${note.cid}, by ${note.seat.label}) holds version ${got.k}, but version ${note.acked} was acknowledged (versions sent: 0..${note.sent}): a lost acknowledged edit`);
        return;
      }
      if (got.k > note.acked) stats.committedUnacked++;
    }
    if (sess.kind !== 'votes') return;
    const totals = {};
    for (const seat of sess.seats.filter((x) => x.voter)) {
      const stored = norm(joinStates.get(seat).my_votes);
      const from = seat.lastOk;
      const cands = [from < 0 ? seat.base : seat.chain[from].after, ...seat.chain.slice(from + 1).map((o) => o.after)];
      const hit = cands.findIndex((c) => same(c, stored));
      if (hit < 0) {
        const ops = seat.chain.slice(from + 1).map((o) => `${o.delta > 0 ? '+1' : '-1'} on ${o.cluster} -> ${fmt(o.after)}`);
        fail(`${where}: voter ${seat.label} (participant ${seat.id}) has my_votes ${fmt(stored)} after the kill; `
          + `the last acknowledged state is ${fmt(cands[0])}${from < 0 ? ' (none acknowledged since the last restart)' : ` (op ${from + 1} of ${seat.chain.length})`}, `
          + `and the unacknowledged ops after it lead to ${ops.length ? ops.join(', ') : 'nothing else'}`);
        return;
      }
      if (!same(stored, cands[0])) stats.committedUnacked++;
      for (const [c, n] of Object.entries(stored)) totals[c] = (totals[c] ?? 0) + n;
      seat.base = stored;
      seat.chain = [];
      seat.lastOk = -1;
    }
    for (const cl of facState.clusters) {
      if ((cl.votes ?? 0) !== (totals[cl.id] ?? 0)) {
        fail(`${where}: cluster ${cl.id} shows ${cl.votes} votes to the facilitator, but the voters' my_votes add up to ${totals[cl.id] ?? 0}`);
        return;
      }
    }
    for (const c of sess.clusters) {
      if (!facState.clusters.some((cl) => cl.id === c)) { fail(`${where}: acknowledged cluster ${c} is missing`); return; }
    }
  };

  const queueResends = (seat) => {
    seat.queue = [];
    for (const note of seat.notes.values()) {
      if (!note.addAcked) seat.queue.push(addOp(seat, note, true));
      else if (note.sent > note.acked) seat.queue.push(editOp(note, note.sent, true));
    }
  };

  const integrityCheck = async () => {
    const t = Date.now();
    const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'tafel-crash-ic-'));
    try {
      const copy = path.join(scratch, 'c.db');
      fs.copyFileSync(srv.db, copy);
      if (fs.existsSync(`${srv.db}-wal`)) fs.copyFileSync(`${srv.db}-wal`, `${copy}-wal`);
      let out;
      try {
        const { DatabaseSync } = await import('node:sqlite');
        const db = new DatabaseSync(copy);
        out = db.prepare('PRAGMA integrity_check').all().map((r) => Object.values(r)[0]).join('\n');
        db.close();
      } catch (e) {
        if (e.code !== 'ERR_UNKNOWN_BUILTIN_MODULE') throw e;
        const r = spawnSync('sqlite3', [copy, 'PRAGMA integrity_check;'], { encoding: 'utf8', timeout: 60000 });
        if (r.error) throw new Error(`cannot run the sqlite3 CLI for PRAGMA integrity_check: ${r.error.message}`);
        out = `${r.stdout}${r.stderr}`.trim();
      }
      if (out !== 'ok') fail(`PRAGMA integrity_check after the kill: ${out.slice(0, 500)}`);
    } finally {
      fs.rmSync(scratch, { recursive: true, force: true });
    }
    const ms = Date.now() - t;
    if (ms > stats.maxIntegrityMs) stats.maxIntegrityMs = ms;
  };

  /** Rejoins every seat on the restarted server and checks the stored state. */
  const recover = async () => {
    const t = Date.now();
    const joins = new Map();
    // Facilitators first is not needed: their state is read after every seat has joined.
    await Promise.all(allSeats().map(async (seat) => {
      const r = await connect(seat);
      if (r) joins.set(seat, r);
    }));
    check();
    const ms = Date.now() - t + srv.startMs;
    stats.maxRecoveryMs = Math.max(stats.maxRecoveryMs, ms);
    stats.sumRecoveryMs += ms;
    // The data first: a lost note or vote says more than a seq that went back.
    for (const sess of sessions) {
      const states = new Map(sess.seats.map((seat) => [seat, joins.get(seat).state]));
      verifySession(sess, joins.get(sess.fac).state, states);
      check();
    }
    for (const sess of sessions) {
      for (const seat of sess.seats) {
        const r = joins.get(seat);
        if (r.seq < sess.maxSeq) {
          fail(`session ${sess.tag} (${sess.code}): ${seat.label} joined at seq ${r.seq}, but before the kill a client had seen seq ${sess.maxSeq}: an event went out before its change was durable`);
        }
      }
    }
    check();
    const list = await srv.http('GET', '/api/sessions');
    if (list.status !== 200 || !Array.isArray(list.json)) throw new Error(`GET /api/sessions: ${list.status} ${list.text}`);
    for (const code of deleted) {
      if (list.json.some((x) => x.code === code)) fail(`session ${code} was deleted (204), but is listed again after the kill`);
    }
    for (const sess of sessions) {
      const row = list.json.find((x) => x.code === sess.code);
      if (!row) fail(`session ${sess.tag} (${sess.code}) is not listed after the kill`);
    }
    check();
    for (const seat of allSeats()) queueResends(seat);
    return ms;
  };

  const startServer = async () => {
    const t = Date.now();
    await srv.start();
    srv.startMs = Date.now() - t;
  };

  const rotate = async (round) => {
    const old = sessions;
    const fresh = await newSessions(round);
    sessions = fresh;
    for (const sess of old) {
      // Deleted while its writers are still connected (the server closes them): closing them
      // first lets the closes and the DELETE land in one loop turn, where hub_delete_session
      // uses the session after its own commit evicted it (a use-after-free, not what this
      // test is about).
      const r = await srv.http('DELETE', `/api/sessions/${sess.code}`, { key: sess.key });
      if (r.status !== 204) fail(`DELETE /api/sessions/${sess.code}: expected 204, got ${r.status} ${r.text}`);
      deleted.push(sess.code);
      for (const seat of sess.seats) seat.conn?.terminate();
    }
    check();
  };

  const closeSeats = async () => {
    await Promise.allSettled([...pending]);
    await Promise.all(allSeats().map((seat) => (seat.conn ? seat.conn.closed : null)));
  };

  /* ---- the cycles ---- */

  let ok = false;
  try {
    await startServer();
    sessions = await newSessions(0);
    for (const seat of allSeats()) queueResends(seat);
    let round = 0;
    for (cycle = 1; cycle <= cycles; cycle++) {
      if (cycle > 1 && (cycle - 1) % rotateEvery === 0) await rotate(++round);
      killing = false;
      const before = { notes: stats.notes, edits: stats.edits, votes: stats.votes, resends: stats.resends,
        unanswered: stats.unanswered };
      for (const seat of allSeats()) fill(seat);
      // Mostly a while into the stream; sometimes right away, while the resends are in flight.
      const delay = rngKill.chance(0.2) ? rngKill.int(0, 30) : rngKill.int(30, 400);
      const until = Date.now() + delay;
      while (Date.now() < until && !violation) await sleep(Math.min(5, until - Date.now()));
      check();
      // In one synchronous step: no sends after this, and the server dies with the windows full.
      killing = true;
      const inflight = allSeats().reduce((n, s) => n + s.inflight, 0);
      if (!srv.proc) throw new Error(`the server exited by itself (${JSON.stringify(srv.exit)}):\n${srv.runLog.slice(-2000)}`);
      srv.proc.kill('SIGKILL');
      const ex = await srv.exited;
      if (ex.signal !== 'SIGKILL') throw new Error(`the server exited ${JSON.stringify(ex)} before the kill:\n${srv.runLog.slice(-2000)}`);
      await closeSeats();
      check();
      stats.inflightAtKill += inflight;
      for (const sess of sessions) {
        for (const seat of sess.seats) {
          const c = seat.conn;
          if (c.problems.length) fail(`[${seat.label}] protocol problems: ${c.problems.join('; ')}`);
          if (c.lastSeq !== null && c.lastSeq > sess.maxSeq) sess.maxSeq = c.lastSeq;
          seat.conn = null;
        }
      }
      clientLib.forgetClosed();
      check();
      await integrityCheck();
      check();
      await startServer();
      const up = await recover();
      stats.cycles = cycle;
      if (!quiet) {
        // In flight at the kill, and of those how many got no reply: the rest were already
        // committed and their replies still came out of the dead server's socket buffers.
        log(`#${String(cycle).padStart(4)} kill@${String(delay).padStart(3)}ms in-flight ${String(inflight).padStart(3)}`
          + ` unanswered ${String(stats.unanswered - before.unanswered).padStart(3)}`
          + ` | +${stats.notes - before.notes} notes +${stats.edits - before.edits} edits +${stats.votes - before.votes} votes`
          + ` resent ${stats.resends - before.resends} | up ${up}ms`);
      }
    }
    // A clean stop at the end: SIGTERM must commit, checkpoint and exit 0, and the file be intact.
    killing = true;
    const stop = srv.stop();
    await closeSeats();
    await stop;
    await integrityCheck();
    check();
    ok = true;
  } catch (e) {
    e.dir = dir;
    e.serverLog = srv.runLog.slice(-3000);
    e.serverExit = srv.proc ? null : srv.exit;
    if (e.cause) e.message += ` (${e.cause.message ?? e.cause})`;
    throw e;
  } finally {
    killing = true;
    for (const seat of allSeats()) seat.conn?.terminate();
    clientLib.forgetClosed();
    if (srv.proc) await srv.kill();
    if (ok && !opts.keep) fs.rmSync(dir, { recursive: true, force: true });
  }
  const wallMs = Date.now() - t0;
  const summary = {
    bin: srcBin, seed, cycles: stats.cycles, ackedNotes: stats.notes, ackedEdits: stats.edits, ackedVotes: stats.votes,
    refusedVotes: stats.refusedVotes, resends: stats.resends, inflightAtKill: stats.inflightAtKill,
    unanswered: stats.unanswered,
    committedUnacked: stats.committedUnacked, maxRecoveryMs: stats.maxRecoveryMs,
    meanRecoveryMs: Math.round(stats.sumRecoveryMs / Math.max(1, stats.cycles)),
    maxIntegrityCheckMs: stats.maxIntegrityMs, wallMs, dir: opts.keep ? dir : undefined,
  };
  log(`crash: ${summary.cycles} cycles ok, ${srcBin}, seed ${seed}: acked ${summary.ackedNotes} notes, ${summary.ackedEdits} edits, `
    + `${summary.ackedVotes} votes (${summary.refusedVotes} refused as meant); ${summary.resends} resends; `
    + `${summary.inflightAtKill} requests in flight at the kills, ${summary.unanswered} unanswered, `
    + `${summary.committedUnacked} unacknowledged changes found committed; `
    + `recovery max ${summary.maxRecoveryMs} ms, mean ${summary.meanRecoveryMs} ms; ${(wallMs / 1000).toFixed(1)} s`);
  return summary;
}

/* ---- command line ---- */

function parseArgs(argv) {
  const o = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const val = () => {
      if (i + 1 >= argv.length) throw new Error(`${a} needs a value`);
      return argv[++i];
    };
    const num = () => {
      const v = val();
      if (!/^\d+$/.test(v)) throw new Error(`${a} needs a whole number, got ${v}`);
      return Number(v);
    };
    if (a === '--cycles') o.cycles = num();
    else if (a === '--seed') o.seed = num();
    else if (a === '--rotate') o.rotate = Math.max(1, num());
    else if (a === '--bin') o.bin = val();
    else if (a === '--quiet') o.quiet = true;
    else if (a === '--keep') o.keep = true;
    else if (a === '--help' || a === '-h') o.help = true;
    else throw new Error(`unknown argument ${a} (try --help)`);
  }
  return o;
}

async function main() {
  let o;
  try {
    o = parseArgs(process.argv.slice(2));
  } catch (e) {
    console.error(`crash: ${e.message}`);
    process.exit(2);
  }
  if (o.help) {
    console.log('usage: node tests/crash/crash.mjs [--cycles N] [--bin FILE] [--seed N] [--rotate N] [--quiet] [--keep]');
    process.exit(0);
  }
  // Resolved here: the server is started with its temp dir as working directory.
  if (!o.bin) o.bin = process.env.TAFEL_BIN || path.resolve(here, '../../build/tafel');
  try {
    await runCrash(o);
    process.exit(0);
  } catch (e) {
    if (e instanceof Violation) {
      console.error(`crash: VIOLATION in ${e.message}`);
      console.error(`crash: database kept in ${e.dir}`);
      process.exit(1);
    }
    console.error(`crash: the test could not run: ${e.stack ?? e}`);
    if (e.dir) {
      console.error(`crash: server ${e.serverExit ? `exited ${JSON.stringify(e.serverExit)}` : 'still running'}; database kept in ${e.dir}`);
      console.error(`crash: server log tail:\n${e.serverLog}`);
    }
    process.exit(2);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) main();
