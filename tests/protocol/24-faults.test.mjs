// Faults the server does not cause but must survive: the disk fills up under a running
// session, the filesystem turns read-only, the process is frozen (SIGSTOP) while tablets are
// writing. The promise each time: `ok` means stored; a change that could not be stored is
// answered `storage` with its rid (never `ok`) and sends no event; the connection stays open;
// reads keep working; once the fault is gone, writes work again, and a restart shows exactly
// what was acknowledged.
//
// The disk tests mount their own small filesystems (root only) and are skipped with the
// reason when that is not allowed.
import { test, describe, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  Client, participant, screen, facilitator, newSession, setPhase, assertAllClean, closeAll,
  forgetClosed, short,
} from './lib/client.mjs';

import { TafelServer, startServer, sleep } from './lib/server.mjs';

// proto phases: 0 intro, 1 empathy_map teacher, 2 empathy_map leader, 3 bad_ideas (private),
// 4 ideal_ideas, 5 cluster, 6 vote, 7 elaborate, 8 wrap_up
const PHASE = 4;

const servers = [];
afterEach(() => assertAllClean());
after(async () => {
  await closeAll();
  // A server frozen by a failed SIGSTOP test still dies of SIGKILL; kill before unmounting
  // so that the filesystems are really released.
  for (const s of servers) await s.kill();
  unmountAll();
  for (const s of servers) fs.rmSync(s.dir, { recursive: true, force: true });
});

const mounts = [];   // directories to unmount (and images to remove) in the after hook
const TMPFS_SKIP = tmpfsSkipReason();
const EXT4_SKIP = TMPFS_SKIP ?? ext4SkipReason();

// ---- disk full ----

describe('disk full', { skip: TMPFS_SKIP }, () => {
  // One server on one 4 MiB tmpfs, taken through the fault step by step; each step is its
  // own test so that one broken promise does not hide the others.
  const x = {};

  test('a write that cannot be stored is answered storage with its rid, never ok', async () => {
    x.dir = mountTmpfs('4m');
    x.srv = new TafelServer({ dir: x.dir });
    servers.push(x.srv);
    await x.srv.start();
    const { code, key, fac } = await newSession(x.srv, 'proto');
    Object.assign(x, { code, key, fac, book: new Ledger() });
    x.a = await participant(x.srv, code, 'Anna', 'Teacher');
    x.b = await participant(x.srv, code, 'Bert', 'Support staff');
    x.s = await screen(x.srv, code);
    x.watchers = [x.fac, x.a, x.b, x.s];
    await setPhase(x.fac, PHASE, [x.a, x.b, x.s]);
    for (let i = 0; i < 8; i++) {
      const text = `before the disk filled ${i}`;
      x.book.noteOk((await x.a.ok({ type: 'note.add', phase: PHASE, text })).id, text);
    }

    x.filler = fillDisk(x.dir);
    // SQLite's log file may still have room from earlier commits, so the first writes after
    // the disk filled can be stored; write until one is refused.
    let refused = false;
    for (let i = 0; i < 2000 && !refused; i++) {
      const req = { type: 'note.add', rid: `full-${i}`, phase: PHASE, text: `while the disk is full ${i}` };
      const r = await x.a.request(req);
      if (r.type === 'ok') x.book.noteOk(r.id, req.text);
      else { assertStorage(r, req, x.srv); x.book.refused(req.text); refused = true; }
    }
    assert.ok(refused, `2000 notes were stored after the disk filled up:\n${x.srv.runLog}`);

    // Different kinds of change from three connections, in flight together.
    x.filler.topUp();
    const probes = [
      [x.a, { type: 'note.add', rid: 'p-a1', phase: PHASE, text: 'refused A1' }],
      [x.a, { type: 'note.add', rid: 'p-a2', phase: PHASE, text: 'refused A2' }],
      [x.a, { type: 'note.edit', rid: 'p-a3', id: x.book.firstNote(), text: 'refused edit' }],
      [x.b, { type: 'note.add', rid: 'p-b1', phase: PHASE, text: 'refused B1 with cid', cid: 'bert-1' }],
      [x.fac, { type: 'cluster.add', rid: 'p-f1', title: 'refused cluster' }],
      [x.fac, { type: 'summary.set', rid: 'p-f2', text: 'refused summary' }],
      [x.fac, { type: 'timer.start', rid: 'p-f3', seconds: 60 }],
    ];
    const replies = await Promise.all(probes.map(([c, req]) => c.request(req)));
    replies.forEach((r, i) => {
      const [, req] = probes[i];
      assertStorage(r, req, x.srv);
      if (req.type === 'note.add') x.book.refused(req.text);
    });
  });

  test('refused writes send no event to anyone, and every connection stays open', async () => {
    await barrier(x.watchers);
    for (const c of x.watchers) {
      x.book.assertEvents(c);
      const other = c.events.filter((e) => ['note.edited', 'cluster.added', 'summary.changed', 'timer.changed'].includes(e.type));
      assert.deepEqual(other, [], `[${c.label}] no edit, cluster, summary or timer event for refused changes`);
      assert.ok(c.isOpen, `[${c.label}] the connection stays open after storage errors`);
    }
  });

  test('reads keep working: a new screen and facilitator connection get the full state; /healthz; export', async () => {
    await assertReadsWork(x, 'while the disk is full');
  });

  test('the server logs the failed commit', () => {
    assert.match(x.srv.runLog, /commit failed|store:/, 'the log names the storage failure');
  });

  test('a join that cannot be stored (a newcomer, a resume) is answered storage with its rid', async () => {
    x.filler.topUp();
    const newcomer = await Client.connect(x.srv, { label: 'newcomer-while-full' });
    const nj = { type: 'join', rid: 'join-new', code: x.code, name: 'Cees', background: 'Teacher' };
    const njReply = await newcomer.request(nj).catch((e) => e);
    // A tablet whose Wi-Fi dropped comes back while the disk is still full.
    x.b.terminate();
    await x.b.closed;
    await sleep(100);
    const resumer = await Client.connect(x.srv, { label: 'Bert-resume-while-full' });
    const rj = { type: 'join', rid: 'join-resume', code: x.code, token: x.b.token };
    const rjReply = await resumer.request(rj).catch((e) => e);
    await barrier([x.fac, x.s]);
    const bad = [];
    if (njReply instanceof Error || njReply.type !== 'error' || njReply.code !== 'storage' || njReply.rid !== nj.rid) {
      bad.push(`newcomer ${short(nj)}: expected {"type":"error","code":"storage","rid":"join-new"}, `
        + `got ${njReply instanceof Error ? njReply.message : short(njReply)}; frames received: ${short(newcomer.received)}`);
    }
    if (rjReply instanceof Error || (rjReply.type !== 'ok' && rjReply.code !== 'storage') || rjReply.rid !== rj.rid) {
      bad.push(`resume ${short({ ...rj, token: '…' })}: expected ok or {"type":"error","code":"storage","rid":"join-resume"}, `
        + `got ${rjReply instanceof Error ? rjReply.message : short(rjReply)}; frames received: ${short(resumer.received)}`);
    }
    await newcomer.close();
    await resumer.close();
    assert.deepEqual(bad, [], `joins while the disk is full:\n  ${bad.join('\n  ')}\n--- server log ---\n${x.srv.runLog}`);
  });

  test('once there is space again, writes succeed with events, without a restart', async () => {
    x.filler.free();
    const text = 'after space came back';
    const r = await x.a.ok({ type: 'note.add', phase: PHASE, text });
    x.book.noteOk(r.id, text);
    const others = [x.fac, x.s, ...x.readers];
    await Promise.all(others.map((c) => c.waitEvent('note.added', (e) => e.note.id === r.id)));
    // The refused note.add with a cid was not remembered: resending it now stores the note.
    const b2 = await Client.connect(x.srv, { label: 'Bert-after' });
    await b2.join({ code: x.code, token: x.b.token });
    const rb = await b2.ok({ type: 'note.add', phase: PHASE, text: 'refused B1 with cid', cid: 'bert-1' });
    x.book.noteOk(rb.id, 'refused B1 with cid');
    await x.fac.ok({ type: 'cluster.add', title: 'cluster after' });
    await x.fac.ok({ type: 'summary.set', text: 'summary after' });
    const c = await participant(x.srv, x.code, 'Cees', 'Teacher', 'newcomer-after');
    await barrier([...others, b2, c]);
    for (const w of [x.fac, x.s]) {
      assert.equal(w.eventsOf('cluster.added').length, 1, `[${w.label}] cluster.added`);
      assert.equal(w.eventsOf('summary.changed').length, 1, `[${w.label}] summary.changed`);
    }
    x.book.assertState(c.state, 'a newcomer after space came back');
  });

  test('after a restart exactly the acknowledged changes are there', async () => {
    const state = await assertSurvivesRestart(x);
    assert.equal(state.summary, 'summary after');
    assert.deepEqual(state.clusters.map((c) => c.title), ['cluster after']);
    assert.equal(state.timer, null, 'the refused timer.start left no timer');
  });
});

// ---- read-only ----

describe('read-only filesystem', () => {
  // A tmpfs cannot be remounted read-only under the server: Linux refuses while a file on it
  // is open for writing, and tafel keeps t.db, -wal and -shm open. A filesystem turns
  // read-only under a running process only on an error (ext4 errors=remount-ro), so that is
  // what this test makes happen.
  test('ext4 turns read-only on an error under the server; after fsck and a restart the acknowledged notes are there', { skip: EXT4_SKIP }, async () => {
    const x = await brokenDiskTable();
    // The error comes while the server is idle. A commit racing the journal abort has no
    // outcome a test can hold the server to: the kernel may answer its fdatasync with 0 and
    // still lose it with the aborted transaction, or fail the fdatasync after the frames
    // reached the disk.
    await barrier(x.watchers);
    fs.writeFileSync(x.ext4.trigger, '1');
    assert.match(findmnt(x.dir).options, /(^|,)(ro|emergency_ro)(,|$)/, 'the filesystem went read-only');
    const settled = await Promise.all(Array.from({ length: 10 }, (_, i) => pipelined(x, `sent after ext4 aborted ${i}`)));
    assert.deepEqual(settled.map((r) => r.code), Array(10).fill('storage'),
      `every pipelined note.add after the abort is refused with storage:\n${x.srv.runLog}`);

    await assertWritesRefused(x, 'read-only');
    await assertReadsWork(x, 'while the filesystem is read-only');
    assert.match(x.srv.runLog, /commit failed|store:/, 'the server logs the failed commit');

    // An aborted ext4 cannot be remounted read-write: the way back is stop, unmount, fsck,
    // mount, start, as an operator would do it.
    await closeAll();
    forgetClosed();
    await x.srv.stop();
    x.ext4.remount();
    await x.srv.start();
    const f = await facilitator(x.srv, x.code, x.key, 'facilitator-after-fsck');
    x.book.assertState(f.state, 'after fsck and a restart');
    await f.close();
    x.fac = await facilitator(x.srv, x.code, x.key, 'facilitator-2');
    x.a = await participant(x.srv, x.code, 'Anna again', 'Teacher');
    x.watchers = [x.fac, x.a];
    await assertWritesWorkAgain(x, 'after fsck and a restart');
  });
});

// ---- SIGSTOP ----

describe('SIGSTOP', () => {
  const TABLETS = 4;
  const NOTES = 100;         // per tablet
  const PER_TICK = 4;        // 4 every 50 ms: 80 per second, under the rate limit
  const TICK_MS = 50;
  const REPLY_TIMEOUT = 800; // what a tablet waits before it calls the link dead
  const FREEZE_MS = 3000;

  test('tablets time out, reconnect and resend during a 3 s freeze; each note is there exactly once', async () => {
    const srv = await startServer();
    servers.push(srv);
    const { code, key, fac } = await newSession(srv, 'proto');
    const watcher = await screen(srv, code, 'screen');
    await setPhase(fac, PHASE, [watcher]);
    const tablets = [];
    for (let k = 0; k < TABLETS; k++) {
      // Half the tablets drop the dead connection, half leave it open (and so hear the late
      // replies to what they sent before the freeze).
      tablets.push(new Tablet(srv, code, k, await participant(srv, code, `Tablet ${k}`, 'Teacher', `tablet${k}`), k % 2 === 1));
    }
    const deadline = Date.now() + 25000;
    const runs = tablets.map((tb) => tb.run({ notes: NOTES, perTick: PER_TICK, tickMs: TICK_MS, timeout: REPLY_TIMEOUT, deadline }));

    // Freeze once the stream is going, so that requests are surely in flight.
    const acks = () => tablets.reduce((n, tb) => n + tb.acked.size, 0);
    while (acks() < TABLETS * NOTES * 0.3 && Date.now() < deadline) await sleep(10);
    const frozenAt = acks();
    process.kill(srv.proc.pid, 'SIGSTOP');
    try {
      await sleep(FREEZE_MS);
    } finally {
      process.kill(srv.proc.pid, 'SIGCONT');
    }
    await Promise.all(runs);

    const problems = tablets.flatMap((tb) => tb.problems);
    assert.deepEqual(problems, [], 'every reply to note.add is ok, and a cid always gets the same id');
    for (const tb of tablets) {
      assert.equal(tb.acked.size, NOTES, `[tablet${tb.k}] every note was acknowledged in the end (${tb.summary()})`);
    }
    assert.ok(frozenAt < TABLETS * NOTES, 'the freeze came while notes were still being sent');
    assert.ok(tablets.every((tb) => tb.timeouts > 0 && tb.reconnects > 0),
      `every tablet noticed the freeze and reconnected: ${tablets.map((tb) => tb.summary()).join('; ')}`);

    // The late replies on the connections left open: ok, with the id the cid has.
    for (const tb of tablets) await tb.collectLate();
    const late = tablets.flatMap((tb) => tb.late);
    assert.ok(late.length > 0, 'the connections left open heard late replies to what they sent during the freeze');
    for (const tb of tablets) assert.deepEqual(tb.problems, [], `[tablet${tb.k}] late replies`);

    // The control: what the session holds is what it would hold had nothing happened, each
    // note once with its text and author, under the id its first ok named.
    const f = await facilitator(srv, code, key, 'facilitator-after');
    const notes = f.state.notes.filter((n) => n.phase === PHASE);
    const expected = tablets.flatMap((tb) => tb.order.map((cid) => ({ id: tb.acked.get(cid), author: tb.pid, text: tb.sent.get(cid) })));
    const byId = (p, q) => Number(p.id) - Number(q.id);
    assert.deepEqual(notes.map(({ id, author, text }) => ({ id, author, text })).sort(byId), expected.sort(byId),
      'exactly one note per cid, with its text and author, under the id of its first ok');
    // The screen saw each note added once, with no gap in seq (checked in afterEach).
    await barrier([watcher]);
    const added = watcher.eventsOf('note.added').map((e) => e.note.id);
    assert.equal(new Set(added).size, added.length, 'no note.added twice for the same note');
    assert.deepEqual(added.sort(), notes.map((n) => n.id).sort(), 'the screen saw note.added for exactly the stored notes');
    await f.close();
    console.log(`# SIGSTOP: ${tablets.map((tb) => tb.summary()).join('; ')}; late replies ${late.length}`);
  });
});

// ---- helpers (local to this file) ----

/**
 * A tablet that pipelines note.add with cids, calls its link dead when a reply takes longer
 * than the timeout, reconnects with its token and resends what has no ok yet (same cid).
 */
class Tablet {
  constructor(srv, code, k, conn, keepOld) {
    Object.assign(this, { srv, code, k, conn, keepOld });
    this.token = conn.token;
    this.pid = conn.you.id;
    this.sent = new Map();    // cid -> text
    this.order = [];          // cids in the order first sent
    this.acked = new Map();   // cid -> id of the first ok
    this.old = [];            // connections given up on but left open
    this.late = [];           // {cid, id} replies that came after their request timed out
    this.problems = [];
    this.timeouts = 0;
    this.reconnects = 0;
    this.resent = 0;
  }

  summary() {
    return `tablet${this.k}: ${this.acked.size} acked, ${this.timeouts} timeouts, ${this.reconnects} reconnects, ${this.resent} resent`;
  }

  ack(cid, r, how) {
    if (r.type !== 'ok') {
      this.problems.push(`tablet${this.k} ${cid} (${how}): ${short(r)}`);
      return;
    }
    if (!this.acked.has(cid)) this.acked.set(cid, r.id);
    else if (this.acked.get(cid) !== r.id) {
      this.problems.push(`tablet${this.k} ${cid} (${how}): id ${r.id}, but the first ok said ${this.acked.get(cid)}`);
    }
  }

  async run({ notes, perTick, tickMs, timeout, deadline }) {
    let next = 0;
    let resend = [];
    let lost = false;
    const inflight = new Set();
    while (this.acked.size < notes && Date.now() < deadline) {
      if (lost) {
        // Whatever is still in flight on the dead link times out on its own.
        await Promise.allSettled([...inflight]);
        if (this.keepOld) this.old.push(this.conn); else this.conn.terminate();
        this.conn = await this.reconnect(deadline);
        this.reconnects++;
        resend = this.order.filter((cid) => !this.acked.has(cid));
        lost = false;
        continue;
      }
      for (let j = 0; j < perTick; j++) {
        let cid;
        if (resend.length) {
          cid = resend.shift();
          this.resent++;
        } else if (next < notes) {
          cid = `t${this.k}-n${next}`;
          this.sent.set(cid, `tablet ${this.k} note ${next}`);
          this.order.push(cid);
          next++;
        } else {
          break;
        }
        const conn = this.conn;
        const p = conn.request({ type: 'note.add', rid: `${cid}@${conn.label}`, phase: PHASE, text: this.sent.get(cid), cid }, timeout)
          .then((r) => this.ack(cid, r, conn.label), () => { this.timeouts++; lost = true; });
        inflight.add(p);
        p.finally(() => inflight.delete(p));
      }
      if (next >= notes && !resend.length && !inflight.size && this.acked.size < notes) {
        resend = this.order.filter((cid) => !this.acked.has(cid));   // after an error reply
      }
      await sleep(tickMs);
    }
    await Promise.allSettled([...inflight]);
  }

  async reconnect(deadline) {
    for (let attempt = 1; ; attempt++) {
      try {
        // The upgrade waits in the kernel's backlog until the server runs again.
        const c = await Client.connect(this.srv, { label: `tablet${this.k}-r${this.reconnects + 1}` });
        const r = await c.join({ code: this.code, token: this.token });
        if (r.you.id !== this.pid) this.problems.push(`tablet${this.k}: the token resumed participant ${r.you.id}, not ${this.pid}`);
        return c;
      } catch (e) {
        if (Date.now() > deadline) throw new Error(`tablet${this.k} could not reconnect (${attempt} tries): ${e.message}`);
        await sleep(200);
      }
    }
  }

  /** Reads the replies that arrived on abandoned connections after their request timed out. */
  async collectLate() {
    for (const c of this.old) {
      await c.ok({ type: 'ping' }, 5000);   // queued behind every earlier reply on that link
      for (const r of c.unmatched.splice(0)) {
        const cid = String(r.rid).split('@')[0];
        this.late.push({ cid, id: r.id });
        this.ack(cid, r, `late on ${c.label}`);
      }
    }
  }
}

/** What the server acknowledged and what it refused, to compare every view against. */
class Ledger {
  constructor() {
    this.notes = new Map();        // id -> text of every note.add answered ok
    this.refusedTexts = new Set(); // texts of note.adds answered storage
  }

  noteOk(id, text) {
    assert.ok(!this.notes.has(id), `note id ${id} was handed out twice`);
    this.notes.set(id, text);
  }

  refused(text) { this.refusedTexts.add(text); }

  firstNote() { return this.notes.keys().next().value; }

  /** state.notes is exactly the acknowledged notes, by id and text. */
  assertState(state, when) {
    const got = new Map(state.notes.map((n) => [n.id, n.text]));
    assert.deepEqual(sortEntries(got), sortEntries(this.notes), `${when}: the notes are exactly the acknowledged ones`);
  }

  /** c received note.added for exactly the acknowledged notes, and nothing naming a refused one. */
  assertEvents(c) {
    const seen = c.eventsOf('note.added').map((e) => e.note.id);
    assert.deepEqual([...seen].sort(), [...this.notes.keys()].sort(), `[${c.label}] note.added for the acknowledged notes, once each, and no other`);
    for (const e of c.events) {
      const s = JSON.stringify(e);
      for (const t of this.refusedTexts) assert.ok(!s.includes(t), `[${c.label}] an event for the refused "${t}": ${short(e)}`);
    }
  }
}

const sortEntries = (m) => [...m.entries()].sort(([p], [q]) => Number(p) - Number(q));

function assertStorage(r, req, srv) {
  if (r.type !== 'error' || r.code !== 'storage' || r.rid !== req.rid || typeof r.message !== 'string') {
    assert.fail(`${short(req)} on a broken disk: expected {"type":"error","code":"storage","rid":${JSON.stringify(req.rid)},"message"}, `
      + `got ${short(r)}\n--- server log ---\n${srv.runLog}`);
  }
}

/** Every client given has received everything the server queued for it before this call. */
async function barrier(list) {
  // A ping's reply is queued behind whatever earlier turns queued on that connection.
  await Promise.all(list.map((c) => c.ok({ type: 'ping' })));
}

/**
 * A server on its own ext4 image, with a session in phase 4, a facilitator, a participant,
 * a screen and three acked notes.
 */
async function brokenDiskTable() {
  const x = { book: new Ledger() };
  x.ext4 = mountExt4();
  x.dir = x.ext4.dir;
  x.srv = new TafelServer({ dir: x.dir });
  servers.push(x.srv);
  await x.srv.start();
  const { code, key, fac } = await newSession(x.srv, 'proto');
  Object.assign(x, { code, key, fac });
  x.a = await participant(x.srv, code, 'Anna', 'Teacher');
  x.s = await screen(x.srv, code);
  x.watchers = [x.fac, x.a, x.s];
  await setPhase(x.fac, PHASE, [x.a, x.s]);
  for (let i = 0; i < 3; i++) {
    const text = `before the fault ${i}`;
    x.book.noteOk((await x.a.ok({ type: 'note.add', phase: PHASE, text })).id, text);
  }
  return x;
}

/** Sends a note.add from x.a without waiting; records the outcome in the ledger. */
function pipelined(x, text) {
  return x.a.request({ type: 'note.add', phase: PHASE, text }).then((r) => {
    if (r.type === 'ok') x.book.noteOk(r.id, text);
    else if (r.code === 'storage') x.book.refused(text);
    else assert.fail(`note.add "${text}": expected ok or storage, got ${short(r)}`);
    return r;
  });
}

/** A batch of changes from every writer: each is answered storage, nobody gets an event. */
async function assertWritesRefused(x, what) {
  const tag = `${what}-${Date.now()}`;
  const reqs = [
    [x.a, { type: 'note.add', rid: `${tag}-1`, phase: PHASE, text: `refused 1 (${tag})` }],
    [x.a, { type: 'note.add', rid: `${tag}-2`, phase: PHASE, text: `refused 2 (${tag})`, cid: tag }],
    [x.a, { type: 'note.edit', rid: `${tag}-3`, id: x.book.firstNote(), text: `refused edit (${tag})` }],
    [x.fac, { type: 'cluster.add', rid: `${tag}-4`, title: `refused cluster (${tag})` }],
    [x.fac, { type: 'summary.set', rid: `${tag}-5`, text: `refused summary (${tag})` }],
  ];
  const replies = await Promise.all(reqs.map(([c, req]) => c.request(req)));
  replies.forEach((r, i) => {
    assertStorage(r, reqs[i][1], x.srv);
    if (reqs[i][1].type === 'note.add') x.book.refused(reqs[i][1].text);
  });
  await barrier(x.watchers);
  for (const c of x.watchers) {
    x.book.assertEvents(c);
    assert.ok(!c.events.some((e) => JSON.stringify(e).includes(tag)), `[${c.label}] no event for a refused change`);
    assert.ok(c.isOpen, `[${c.label}] the connection stays open after storage errors`);
  }
}

/** Joins that need no write, and the HTTP side, while the disk is broken. */
async function assertReadsWork(x, when) {
  const s2 = await screen(x.srv, x.code, `screen ${when}`);
  x.book.assertState(s2.state, `a screen joining ${when}`);
  // The facilitator is online already, so a second connection of it changes nothing.
  const f2 = await facilitator(x.srv, x.code, x.key, `facilitator ${when}`);
  x.book.assertState(f2.state, `a second facilitator connection ${when}`);
  x.readers = [s2, f2];
  const h = await x.srv.http('GET', '/healthz');
  assert.equal(h.status, 200, `GET /healthz ${when}: ${h.status} ${h.text}`);
  const ex = await x.srv.http('GET', `/api/sessions/${x.code}/export?format=json`, { key: x.key });
  assert.equal(ex.status, 200, `export ${when}: ${ex.status} ${ex.text.slice(0, 300)}\n--- server log ---\n${x.srv.runLog}`);
  assert.ok(ex.json, `the json export ${when} is JSON`);
  for (const text of x.book.notes.values()) assert.ok(ex.text.includes(text), `the export ${when} holds the stored note "${text}"`);
  for (const text of x.book.refusedTexts) assert.ok(!ex.text.includes(text), `the export ${when} leaves out the refused note "${text}"`);
}

/** A note.add, a cluster.add and a newcomer's join succeed and reach everyone. */
async function assertWritesWorkAgain(x, when) {
  const text = `stored ${when}`;
  const r = await x.a.ok({ type: 'note.add', phase: PHASE, text });
  x.book.noteOk(r.id, text);
  const everyone = [...x.watchers, ...(x.readers ?? []).filter((c) => c.isOpen)];
  await Promise.all(everyone.map((c) => c.waitEvent('note.added', (e) => e.note.id === r.id)));
  const cl = await x.fac.ok({ type: 'cluster.add', title: `cluster ${when}` });
  await Promise.all(everyone.map((c) => c.waitEvent('cluster.added', (e) => e.cluster.id === cl.id)));
  const c = await participant(x.srv, x.code, 'Newcomer', 'Teacher', `newcomer ${when}`);
  x.book.assertState(c.state, `a newcomer ${when}`);
  await c.close();
}

/** Restarts x's server and checks the ledger against a fresh state, which it returns. */
async function assertSurvivesRestart(x) {
  await closeAll();
  forgetClosed();
  await x.srv.stop();
  await x.srv.start();
  const f = await facilitator(x.srv, x.code, x.key, 'facilitator-restarted');
  x.book.assertState(f.state, 'after a restart');
  await f.close();
  return f.state;
}

// ---- mounts ----

/** Why the tmpfs tests cannot run here, or undefined when mounting one works. */
function tmpfsSkipReason() {
  if (process.platform !== 'linux') return 'needs Linux to mount a tmpfs';
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tafel-faults-probe-'));
  try {
    const r = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', dir], { encoding: 'utf8' });
    if (r.error || r.status !== 0) {
      return `mount -t tmpfs is not permitted here (needs root or CAP_SYS_ADMIN): ${(r.error?.message ?? r.stderr).trim()}`;
    }
    spawnSync('umount', [dir]);
    return undefined;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Why the ext4 test cannot run here, or undefined. */
function ext4SkipReason() {
  if (spawnSync('mkfs.ext4', ['-V']).error) return 'mkfs.ext4 is not installed';
  if (spawnSync('e2fsck', ['-V']).error) return 'e2fsck is not installed';
  try {
    const m = mountExt4();
    const ok = fs.existsSync(m.trigger);
    m.unmount();
    return ok ? undefined : `the kernel has no ${m.trigger} to make ext4 fail on purpose`;
  } catch (e) {
    return `an ext4 image cannot be loop-mounted here: ${e.message.split('\n')[0]}`;
  }
}

function run(cmd, args) {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  if (r.error || r.status !== 0) throw new Error(`${cmd} ${args.join(' ')}: ${(r.error?.message ?? '') + r.stderr}`);
  return r.stdout;
}

function findmnt(dir) {
  const [source, options] = run('findmnt', ['-n', '-o', 'SOURCE,OPTIONS', '--mountpoint', dir]).trim().split(/\s+/);
  return { source, options };
}

/** A new tmpfs of the given size on a new directory. */
function mountTmpfs(size) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tafel-faults-'));
  run('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir]);
  mounts.push({ dir });
  return dir;
}

/** A new 32 MiB ext4 image, loop-mounted with errors=remount-ro, as many laptops run. */
function mountExt4() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tafel-faults-ext4-'));
  const image = `${dir}.img`;
  const entry = { dir, image };
  mounts.push(entry);
  fs.writeFileSync(image, '');
  fs.truncateSync(image, 32 * 1024 * 1024);
  run('mkfs.ext4', ['-q', '-F', image]);
  const mount = () => run('mount', ['-o', 'loop,errors=remount-ro', image, dir]);
  mount();
  const device = path.basename(findmnt(dir).source);
  return {
    dir,
    trigger: `/sys/fs/ext4/${device}/trigger_fs_error`,
    // Unmounts, repairs what the abort left, and mounts again (on a new loop device).
    remount() {
      run('umount', [dir]);
      const r = spawnSync('e2fsck', ['-fy', image], { encoding: 'utf8' });
      if (r.status !== 0 && r.status !== 1) throw new Error(`e2fsck -fy ${image} exited ${r.status}: ${r.stdout}${r.stderr}`);
      mount();
    },
    unmount() {
      unmountOne(entry);
      mounts.splice(mounts.indexOf(entry), 1);
    },
  };
}

function unmountOne({ dir, image }) {
  // -l: a server that still holds files there (a test that failed half-way) cannot keep the
  // mount; a loop mount's device is freed with it.
  spawnSync('umount', ['-l', dir]);
  fs.rmSync(dir, { recursive: true, force: true });
  if (image) fs.rmSync(image, { force: true });
}

function unmountAll() {
  while (mounts.length) unmountOne(mounts.pop());
}
// Even if the test process dies outside the hooks, no mount is left behind.
process.on('exit', unmountAll);

/** Writes a file in dir until the filesystem reports ENOSPC. */
function fillDisk(dir) {
  const file = path.join(dir, 'filler');
  const fd = fs.openSync(file, 'w');
  const fillWith = (size) => {
    const chunk = Buffer.alloc(size, 0x5a);
    for (;;) {
      try {
        fs.writeSync(fd, chunk);   // a short write is followed by ENOSPC on the next one
      } catch (e) {
        if (e.code === 'ENOSPC') return;
        throw e;
      }
    }
  };
  const topUp = () => { fillWith(64 * 1024); fillWith(4096); fillWith(512); };
  topUp();
  return {
    topUp,
    free() { fs.closeSync(fd); fs.unlinkSync(file); },
  };
}
