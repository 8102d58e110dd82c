// tafel backup and tafel check (issue 17): a copy taken while writers keep the server busy
// opens, passes SQLite's integrity check, holds every change acknowledged before the backup
// began, and is one moment of the database (each writer's notes in it are the first k it
// sent, with no gap); the copy is one file, for its owner alone. tafel check finds a
// damaged file.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { startServer, runTafel, TAFEL_BIN } from './lib/server.mjs';
import { table, closeAll, assertAllClean } from './lib/client.mjs';

let srv;
after(async () => {
  await closeAll();
  if (srv) await srv.cleanup();
});

const sql = (db, q) => {
  const r = spawnSync('sqlite3', [db, q], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout;
};

test('a backup under load holds every acknowledged change up to its start, and is consistent', async (ctx) => {
  // The writers go on until the backup is done, so how many notes each writes depends on the
  // machine's speed: lift the count limits (500 a participant) with the rate limits.
  srv = await startServer({ args: ['--limit', 'rate_burst=100000', '--limit', 'rate_per_second=100000',
    '--limit', 'notes_per_participant=1000000', '--limit', 'notes_per_session=1000000'] });
  const writers = ['w0', 'w1', 'w2', 'w3'];
  const t = await table(srv, {
    participants: Object.fromEntries(writers.map((w) => [w, [w, 'Teacher']])),
    phase: 4,
  });
  // Some bulk first, so that the copy takes a while: about 2 MB of notes.
  const filler = 'x'.repeat(1500);
  await Promise.all(writers.map(async (w) => {
    for (let i = 0; i < 300; i++) await t[w].ok({ type: 'note.add', phase: 4, text: `${w} bulk ${i} ${filler}` });
  }));

  // Each writer sends one note at a time and notes when each was acknowledged.
  const acked = Object.fromEntries(writers.map((w) => [w, []]));
  let stop = false;
  const loops = writers.map(async (w) => {
    for (let i = 0; !stop; i++) {
      await t[w].ok({ type: 'note.add', phase: 4, text: `${w} live ${i}` });
      acked[w].push({ i, at: performance.now() });
    }
  });
  await new Promise((r) => setTimeout(r, 300));

  const out = path.join(srv.dir, 'copy.db');
  const began = performance.now();
  const child = spawn(TAFEL_BIN, ['backup', '--db', srv.db, out], { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stdout.on('data', (d) => { log += d; });
  child.stderr.on('data', (d) => { log += d; });
  const code = await new Promise((r) => child.on('exit', r));
  const ended = performance.now();
  await new Promise((r) => setTimeout(r, 100));
  stop = true;
  await Promise.all(loops);
  assert.equal(code, 0, log);
  assert.match(log, /copy\.db: \d+ pages, checked/);

  // While the backup ran, the writers went on: it did not stop the server.
  const during = writers.reduce((n, w) => n + acked[w].filter((a) => a.at > began && a.at < ended).length, 0);
  ctx.diagnostic(`backup took ${Math.round(ended - began)} ms; ${during} changes acknowledged meanwhile`);
  assert.ok(during > 0 || ended - began < 5, `no change was acknowledged during a ${Math.round(ended - began)} ms backup`);

  // One file, the owner's alone, and sound.
  assert.ok(!fs.existsSync(`${out}-wal`), 'the copy has a -wal beside it');
  assert.equal(fs.statSync(out).mode & 0o077, 0);
  assert.equal(sql(out, 'PRAGMA integrity_check').trim(), 'ok');
  assert.equal(sql(out, 'PRAGMA journal_mode').trim(), 'delete');
  const chk = runTafel(['check', '--db', out]);
  assert.equal(chk.status, 0, chk.out);
  assert.match(chk.stdout, /copy\.db: ok/);

  const live = new Map(writers.map((w) => [w, []]));
  for (const line of sql(out, "SELECT text FROM notes WHERE text LIKE '% live %'").trim().split('\n').filter(Boolean)) {
    const [w, , i] = line.split(' ');
    live.get(w).push(Number(i));
  }
  assert.equal(Number(sql(out, "SELECT count(*) FROM notes WHERE text LIKE '% bulk %'")), 1200);
  for (const w of writers) {
    const got = live.get(w).sort((a, b) => a - b);
    // Every note acknowledged before the backup began is in the copy...
    const before = acked[w].filter((a) => a.at < began).map((a) => a.i);
    assert.ok(before.length > 0, `${w} had nothing acknowledged before the backup`);
    for (const i of before) assert.ok(got.includes(i), `${w}'s note ${i}, acknowledged before the backup began, is not in the copy`);
    // ...and the copy is one moment: a writer's first k notes, no gaps.
    got.forEach((v, k) => assert.equal(v, k, `${w}'s notes in the copy have a gap: ${got.join(',')}`));
    assert.ok(got.length <= acked[w].length + 1);
  }
  // The export reads the copy like the database.
  const mdFile = path.join(srv.dir, 'copy.md');
  const md = runTafel(['export', '--db', out, t.code, '--format', 'md', '-o', mdFile]);
  assert.equal(md.status, 0, md.out);
  assert.match(fs.readFileSync(mdFile, 'utf8'), /w0 live 0/);
  await t.close();
  assertAllClean();
});

test('tafel check finds a damaged file, and backup names what is wrong', async () => {
  const out = path.join(srv.dir, 'copy.db');
  const bad = path.join(srv.dir, 'damaged.db');
  fs.copyFileSync(out, bad);
  // Overwrite the middle of the file, where the notes' pages are, keeping the header.
  const fd = fs.openSync(bad, 'r+');
  const size = fs.fstatSync(fd).size;
  fs.writeSync(fd, Buffer.alloc(4096 * 8, 0xa5), 0, 4096 * 8, Math.floor(size / 2 / 4096) * 4096);
  fs.closeSync(fd);
  const chk = runTafel(['check', '--db', bad]);
  assert.equal(chk.status, 1, chk.out);
  assert.match(chk.stderr, /tafel check: .*damaged\.db: (\d+ problems? found|database disk image is malformed)/);

  const none = runTafel(['backup', '--db', path.join(srv.dir, 'none.db'), path.join(srv.dir, 'x.db')]);
  assert.equal(none.status, 1);
  assert.match(none.stderr, /none\.db: no such database file/);
  assert.ok(!fs.existsSync(path.join(srv.dir, 'x.db')));
  const unwritable = runTafel(['backup', '--db', srv.db, '/nonexistent-dir/x.db']);
  assert.equal(unwritable.status, 1);
  assert.match(unwritable.stderr, /x\.db\.tmp: No such file or directory/);
  assert.equal(runTafel(['backup', '--db', srv.db]).status, 2);
  assert.equal(runTafel(['check']).status, 2);
});
