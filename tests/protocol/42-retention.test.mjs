// --retain-days N (issue 17): sessions that ended more than N days ago are deleted at start
// (and hourly), scrubbed as an organizer's delete is (no text left in the file or its log),
// and logged by join code, never by content; open sessions and those ended more recently
// stay. The clock is the test's: TAFEL_TEST_CLOCK_SKEW_S moves the sweep's "now".
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { startServer, runTafel, sleep } from './lib/server.mjs';
import { newSession, facilitator, participant, setPhase, closeAll, assertAllClean } from './lib/client.mjs';

const KEY = 'retention-admin-key';
const DAY = 86400;
let srv;
after(async () => {
  await closeAll();
  if (srv) await srv.cleanup();
});

const codes = async (key) => (await srv.http('GET', '/api/sessions', { key })).json.map((s) => s.code).sort();
const fileHas = (text) => [srv.db, `${srv.db}-wal`].some((f) => fs.existsSync(f) && fs.readFileSync(f).includes(text));

/** Restarts with --retain-days days and the sweep's clock skewed by skewDays. */
async function restartWith(days, skewDays) {
  await srv.stop();
  srv.args = ['--retain-days', String(days)];
  srv.env = { TAFEL_TEST_CLOCK_SKEW_S: String(Math.round(skewDays * DAY)) };
  await srv.start();
  await sleep(200); // the first sweep runs on the loop's first turns
}

test('sessions ended more than N days ago are deleted and scrubbed; others stay', async () => {
  srv = await startServer();
  const secret = `retention-marker-${Date.now()}`;
  const ended = await newSession(srv, 'proto', {});
  const p = await participant(srv, ended.code, 'Anna');
  await setPhase(ended.fac, 4, [p]);
  await p.ok({ type: 'note.add', phase: 4, text: secret });
  await ended.fac.ok({ type: 'session.end' });
  const endedToo = await newSession(srv, 'proto', { title: 'Second ended session' });
  await endedToo.fac.ok({ type: 'session.end' });
  const open = await newSession(srv, 'proto', {});
  await closeAll();
  assertAllClean();
  const all = [ended.code, endedToo.code, open.code].sort();

  // Ended a day and a half ago by the skewed clock: within two days, kept.
  await restartWith(2, 1.5);
  assert.deepEqual(await codes(), all);
  assert.doesNotMatch(srv.runLog, /retention:/);
  assert.ok(fileHas(secret), 'the note is not in the file to begin with');

  // Three days later: both ended sessions go, the open one stays.
  await restartWith(2, 3);
  assert.deepEqual(await codes(), [open.code]);
  for (const c of [ended.code, endedToo.code]) {
    assert.match(srv.runLog, new RegExp(`retention: deleted session ${c} \\(ended more than 2 days ago\\)`));
    assert.equal((await srv.http('GET', `/api/sessions/${c}/export?format=md`)).status, 404);
  }
  // Logged by code alone, and nothing of the text is left in the file or its log.
  assert.doesNotMatch(srv.log, /Second ended session|retention-marker|Protocol test table/);
  assert.ok(!fileHas(secret), 'the deleted note is still in the database file or its log');
  await srv.stop();
  const exp = runTafel(['export', '--db', srv.db, ended.code]);
  assert.equal(exp.status, 1);
  assert.match(exp.stderr, /no session/);
  const chk = runTafel(['check', '--db', srv.db]);
  assert.equal(chk.status, 0, chk.out);
});

test('--retain-days is checked, and can come from the configuration file', async () => {
  for (const v of ['0', '-1', 'x', '36501']) {
    const r = runTafel(['serve', '--retain-days', v]);
    assert.equal(r.status, 2, r.out);
    assert.match(r.stderr, /--retain-days must be from 1 to 36500/);
  }
  const conf = `${srv.dir}/tafel.conf`;
  fs.writeFileSync(conf, `# test\nadmin-key = ${KEY}\nretain-days = 1\n`);
  srv.args = ['--config', conf];
  srv.env = { TAFEL_TEST_CLOCK_SKEW_S: String(10 * DAY) };
  await srv.start();
  await sleep(200);
  // The open session has not ended: kept however old.
  assert.equal((await codes(KEY)).length, 1);
  const s = await srv.createSession('proto', {}, KEY);
  const fac = await facilitator(srv, s.code, s.facilitator_key);
  await fac.ok({ type: 'session.end' });
  await closeAll();
  await srv.stop();
  await srv.start(); // the config's retention and key, the same skew: the ended one goes
  await sleep(200);
  assert.equal((await codes(KEY)).length, 1);
  assert.match(srv.runLog, new RegExp(`retention: deleted session ${s.code}`));
  await srv.stop();
});
