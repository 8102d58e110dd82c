// HTTP: /healthz, /api/templates, creating, listing, exporting and deleting sessions, the
// organizer and facilitator keys, the error body, the app routes.
import { test, describe, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { startServer, assertErrorBody, fixtureTemplate, FIXTURE_TEMPLATES } from './lib/server.mjs';
import { Client, participant, facilitator, screen, assertAllClean, closeAll } from './lib/client.mjs';

const GOOD = ['mini', 'proto'];
const BROKEN = fs.readdirSync(FIXTURE_TEMPLATES).filter((f) => f.startsWith('broken-') && f.endsWith('.json'));

describe('HTTP without an admin key', () => {
  let srv;
  before(async () => { srv = await startServer(); });
  after(async () => { await closeAll(); await srv?.cleanup(); });
  afterEach(() => assertAllClean());

  test('GET /healthz is 200 {"ok":true}', async () => {
    const r = await srv.http('GET', '/healthz');
    assert.equal(r.status, 200);
    assert.deepEqual(r.json, { ok: true });
  });

  test('GET /api/templates lists exactly the valid templates', async () => {
    const r = await srv.http('GET', '/api/templates');
    assert.equal(r.status, 200, r.text);
    assert.ok(Array.isArray(r.json), `expected an array, got ${r.text}`);
    const ids = r.json.map((t) => t.id).sort();
    assert.deepEqual(ids, GOOD, `valid templates ${GOOD}, broken ones (${BROKEN}) left out`);
    for (const id of GOOD) {
      const t = r.json.find((x) => x.id === id);
      const f = fixtureTemplate(id);
      assert.deepEqual(t, { id, title: f.title, language: f.language, phases: f.phases.length }, `entry for ${id}`);
    }
  });

  test('each broken template is logged at start with its file name', async () => {
    for (const f of BROKEN) {
      assert.ok(srv.log.includes(f), `server output should name ${f}; got:\n${srv.log}`);
    }
    assert.ok(!/proto\.json|mini\.json/.test(srv.log.split('\n').filter((l) => /error|invalid|refus|skip/i.test(l)).join('\n')),
      'a good template must not be reported as broken');
  });

  test('POST /api/sessions creates a session: 201 {code, facilitator_key, join_url}', async () => {
    const r = await srv.http('POST', '/api/sessions', { body: { template: 'proto' } });
    assert.equal(r.status, 201, r.text);
    assert.match(r.headers.get('content-type') ?? '', /application\/json/);
    const { code, facilitator_key, join_url } = r.json;
    assert.equal(typeof code, 'string');
    assert.ok(code.length >= 4 && code.length <= 12, `a short code, got ${code}`);
    assert.equal(typeof facilitator_key, 'string');
    assert.ok(facilitator_key.length >= 16, 'a facilitator key that cannot be guessed');
    assert.equal(typeof join_url, 'string');
    assert.match(join_url, /^https?:\/\//);
    assert.ok(join_url.includes(`/j/${code}`), `join_url ${join_url} should lead to /j/${code}`);
    // The state follows the template.
    const s = await screen(srv, code);
    const f = fixtureTemplate('proto');
    assert.equal(s.state.session.title, f.title);
    assert.equal(s.state.session.problem, f.problem);
    assert.equal(s.state.session.language, 'en');
    assert.equal(s.state.session.template, 'proto');
    assert.deepEqual(s.state.session.context, f.context);
    await s.close();
  });

  test('two sessions get different codes and keys', async () => {
    const a = await srv.createSession('proto');
    const b = await srv.createSession('proto');
    assert.notEqual(a.code.toUpperCase(), b.code.toUpperCase());
    assert.notEqual(a.facilitator_key, b.facilitator_key);
  });

  test('POST /api/sessions with title, problem and language overrides the template', async () => {
    const { code } = await srv.createSession('proto', { title: 'Eigen titel', problem: 'Hoe kunnen we overschrijven?', language: 'nl' });
    const s = await screen(srv, code);
    assert.equal(s.state.session.title, 'Eigen titel');
    assert.equal(s.state.session.problem, 'Hoe kunnen we overschrijven?');
    assert.equal(s.state.session.language, 'nl');
    await s.close();
    const list = await srv.http('GET', '/api/sessions');
    const row = list.json.find((x) => x.code === code);
    assert.equal(row?.title, 'Eigen titel');
  });

  test('a template without context gets context []', async () => {
    const { code } = await srv.createSession('mini');
    const s = await screen(srv, code);
    assert.deepEqual(s.state.session.context, []);
    assert.equal(s.state.session.language, 'nl');
    assert.equal(s.state.phases[1].votes_per_participant, 3, 'vote phase defaults to 3 dots');
    await s.close();
  });

  test('POST /api/sessions errors: unknown template 404, broken template 404, bad body 400', async () => {
    assertErrorBody(await srv.http('POST', '/api/sessions', { body: { template: 'no-such-template' } }), 404);
    assertErrorBody(await srv.http('POST', '/api/sessions', { body: { template: 'broken-kind' } }), 404);
    assertErrorBody(await srv.http('POST', '/api/sessions', { body: '{"template": ' }), 400, 'bad_json');
    assertErrorBody(await srv.http('POST', '/api/sessions', { body: {} }), 400);
    assertErrorBody(await srv.http('POST', '/api/sessions', { body: { template: 7 } }), 400);
    assertErrorBody(await srv.http('POST', '/api/sessions', { body: { template: 'proto', language: 'de' } }), 400);
  });

  test('GET /api/sessions lists code, title, created_at, participants, phase, status', async () => {
    const before = Date.now();
    const { code, facilitator_key } = await srv.createSession('proto');
    let r = await srv.http('GET', '/api/sessions');
    assert.equal(r.status, 200, r.text);
    assert.ok(Array.isArray(r.json));
    let row = r.json.find((x) => x.code === code);
    assert.ok(row, `new session ${code} listed in ${r.text}`);
    assert.equal(row.title, fixtureTemplate('proto').title);
    assert.ok(Number.isInteger(row.created_at) && row.created_at >= before - 2000 && row.created_at <= Date.now() + 2000,
      `created_at in ms since the epoch, got ${row.created_at}`);
    assert.equal(row.participants, 0);
    assert.equal(row.phase, 0);
    assert.equal(row.status, 'open');

    const a = await participant(srv, code, 'Anna', 'Teacher');
    const b = await participant(srv, code, 'Bert', 'School leader');
    const fac = await facilitator(srv, code, facilitator_key);
    await fac.ok({ type: 'phase.set', index: 2 });
    r = await srv.http('GET', '/api/sessions');
    row = r.json.find((x) => x.code === code);
    assert.equal(row.participants, 2, 'two participants joined (the facilitator is not a participant)');
    assert.equal(row.phase, 2);
    assert.equal(row.status, 'open');
    await fac.ok({ type: 'session.end' });
    r = await srv.http('GET', '/api/sessions');
    row = r.json.find((x) => x.code === code);
    assert.equal(row.status, 'ended');
    await Promise.all([a.close(), b.close(), fac.close()]);
  });

  test('organizer calls without a key are allowed from loopback', async () => {
    assert.equal((await srv.http('GET', '/api/sessions')).status, 200);
    assert.equal((await srv.http('POST', '/api/sessions', { body: { template: 'mini' } })).status, 201);
  });

  test('a key that matches nothing is refused with 401, from loopback too', async () => {
    const { code } = await srv.createSession('proto');
    assertErrorBody(await srv.http('GET', '/api/sessions', { key: 'no-such-key' }), 401);
    assertErrorBody(await srv.http('POST', '/api/sessions', { key: 'no-such-key', body: { template: 'proto' } }), 401);
    assertErrorBody(await srv.http('DELETE', `/api/sessions/${code}`, { key: 'no-such-key' }), 401);
    assertErrorBody(await srv.http('GET', `/api/sessions/${code}/export?format=md`, { key: 'no-such-key' }), 401);
    // still there
    assert.ok((await srv.http('GET', '/api/sessions')).json.some((x) => x.code === code));
  });

  test('a facilitator key is not an organizer key, and not a key for another session (403)', async () => {
    const a = await srv.createSession('proto');
    const b = await srv.createSession('proto');
    assertErrorBody(await srv.http('GET', '/api/sessions', { key: a.facilitator_key }), 403);
    assertErrorBody(await srv.http('POST', '/api/sessions', { key: a.facilitator_key, body: { template: 'proto' } }), 403);
    assertErrorBody(await srv.http('DELETE', `/api/sessions/${b.code}`, { key: a.facilitator_key }), 403);
    assertErrorBody(await srv.http('GET', `/api/sessions/${b.code}/export?format=json`, { key: a.facilitator_key }), 403);
    assert.ok((await srv.http('GET', '/api/sessions')).json.some((x) => x.code === b.code), 'b survives');
  });

  test('export: the facilitator of the session gets each format with its Content-Type and file name', async () => {
    const { code, facilitator_key } = await srv.createSession('proto');
    const want = { md: /text\/markdown/, html: /text\/html/, json: /application\/json/, csv: /text\/csv/ };
    for (const [format, ct] of Object.entries(want)) {
      for (const key of [facilitator_key, undefined]) {
        const r = await srv.http('GET', `/api/sessions/${code}/export?format=${format}&lang=en`, { key });
        assert.equal(r.status, 200, `export ${format} (${key ? 'facilitator' : 'organizer'}): ${r.text.slice(0, 300)}`);
        assert.match(r.headers.get('content-type') ?? '', ct, `Content-Type of ${format}`);
        assert.match(r.headers.get('content-disposition') ?? '', /filename=/, `Content-Disposition of ${format}`);
        assert.ok(r.text.length > 0);
      }
    }
    const j = await srv.http('GET', `/api/sessions/${code}/export?format=json`, { key: facilitator_key });
    assert.ok(j.json, 'the json export is JSON');
    assertErrorBody(await srv.http('GET', `/api/sessions/NOSUCH/export?format=md`), 404);
  });

  test('DELETE /api/sessions/{code}: 204, then the code is gone', async () => {
    const { code, facilitator_key } = await srv.createSession('proto');
    const a = await participant(srv, code, 'Anna', 'Teacher');
    const r = await srv.http('DELETE', `/api/sessions/${code}`, { key: facilitator_key });
    assert.equal(r.status, 204, r.text);
    assert.equal(r.text, '');
    const list = await srv.http('GET', '/api/sessions');
    assert.ok(!list.json.some((x) => x.code === code), 'deleted session is not listed');
    const c = await Client.connect(srv, { label: 'late' });
    await c.err({ type: 'join', code, name: 'Late', background: 'Teacher' }, 'not_found');
    await c.err({ type: 'join', code, facilitator_key }, ['not_found', 'forbidden']);
    await c.err({ type: 'join', code, token: a.token }, ['not_found', 'forbidden']);
    assertErrorBody(await srv.http('DELETE', `/api/sessions/${code}`), 404);
    assertErrorBody(await srv.http('GET', `/api/sessions/${code}/export?format=md`), 404);
    await c.close();
    await a.close().catch(() => {});
  });

  test('DELETE while the last connection is closing: 204, and the server lives on', async () => {
    // The last connection's close and the DELETE in one loop turn once freed the session
    // twice (the commit let the now idle session go, then the delete freed it again).
    for (let i = 0; i < 30; i++) {
      const { code, facilitator_key } = await srv.createSession('proto');
      const a = await participant(srv, code, `Anna ${i}`, 'Teacher');
      a.terminate();
      const r = await srv.http('DELETE', `/api/sessions/${code}`, { key: facilitator_key });
      assert.equal(r.status, 204, r.text);
    }
    assert.equal((await srv.http('GET', '/healthz')).status, 200);
  });

  test('unknown API paths and methods get a 4xx error body', async () => {
    assertErrorBody(await srv.http('GET', '/api/no-such-thing'), 404);
    const r = await srv.http('PUT', '/api/sessions', { body: { template: 'proto' } });
    assert.ok(r.status >= 400 && r.status < 500, `PUT /api/sessions: ${r.status}`);
    assertErrorBody(r, r.status);
    const { code, facilitator_key } = await srv.createSession('proto');
    assertErrorBody(await srv.http('GET', `/api/sessions/${code}/export?format=pdf`, { key: facilitator_key }), 400);
    assertErrorBody(await srv.http('GET', `/api/sessions/${code}/export?format=md&lang=de`, { key: facilitator_key }), 400);
  });

  test('extension: GET /api/sessions lists the newest first', async () => {
    await srv.createSession('proto');
    await new Promise((r) => setTimeout(r, 5));
    const last = await srv.createSession('mini');
    const list = (await srv.http('GET', '/api/sessions')).json;
    assert.equal(list[0].code, last.code);
    for (let i = 1; i < list.length; i++) assert.ok(list[i - 1].created_at >= list[i].created_at, 'sorted by created_at, newest first');
  });

  test('DELETE with people connected: their requests no longer change anything', async () => {
    const { code, facilitator_key } = await srv.createSession('proto');
    const fac = await facilitator(srv, code, facilitator_key);
    const a = await participant(srv, code, 'Anna', 'Teacher');
    assert.equal((await srv.http('DELETE', `/api/sessions/${code}`)).status, 204);
    const r = await fac.request({ type: 'phase.set', index: 4 }, 3000).catch((e) => e);
    assert.ok(r instanceof Error || r.type === 'error', `phase.set after DELETE: ${JSON.stringify(r?.message ?? r)}`);
    const s = await Client.connect(srv, { label: 'after-delete' });
    await s.err({ type: 'join', code, screen: true }, 'not_found');
    await Promise.all([s.close(), fac.close(), a.close()]);
  });

  test('app routes serve the web app', async () => {
    const { code } = await srv.createSession('proto');
    for (const p of ['/', `/j/${code}`, `/screen/${code}`, `/facilitate/${code}`]) {
      const r = await srv.http('GET', p);
      assert.equal(r.status, 200, `GET ${p}`);
      assert.match(r.headers.get('content-type') ?? '', /text\/html/, `GET ${p}`);
      assert.match(r.text, /<html/i, `GET ${p}`);
    }
    const r = await srv.http('GET', '/');
    const csp = r.headers.get('content-security-policy');
    assert.ok(csp, 'a Content-Security-Policy header');
    const script = /script-src([^;]*)/.exec(csp)?.[1] ?? /default-src([^;]*)/.exec(csp)?.[1] ?? '';
    assert.ok(script && !script.includes("'unsafe-inline'"), `CSP forbids inline scripts: ${csp}`);
    assert.equal((await srv.http('GET', '/no/such/file.txt')).status, 404);
  });

  test('extension: HEAD answers as GET would, headers only', async () => {
    const { code } = await srv.createSession('proto');
    for (const p of ['/healthz', '/api/templates', '/api/sessions', '/', `/j/${code}`, '/api/no-such-thing']) {
      const g = await srv.http('GET', p);
      const h = await srv.http('HEAD', p);
      assert.equal(h.status, g.status, `HEAD ${p}`);
      assert.equal(h.headers.get('content-type'), g.headers.get('content-type'), `HEAD ${p}: Content-Type`);
      assert.equal(Number(h.headers.get('content-length')), g.buf.length, `HEAD ${p}: Content-Length of the GET body`);
      assert.equal(h.buf.length, 0, `HEAD ${p}: no body`);
    }
    // The connection stays usable after a body that was announced and not sent.
    assert.deepEqual((await srv.http('GET', '/healthz')).json, { ok: true });
  });

  test('the code matches case-insensitively in HTTP paths too', async () => {
    const { code, facilitator_key } = await srv.createSession('proto');
    const lower = code.toLowerCase();
    if (lower === code) return;  // nothing to vary
    const e = await srv.http('GET', `/api/sessions/${lower}/export?format=json`, { key: facilitator_key });
    assert.equal(e.status, 200, `export with ${lower}: ${e.text}`);
    const d = await srv.http('DELETE', `/api/sessions/${lower}`, { key: facilitator_key });
    assert.equal(d.status, 204, `DELETE with ${lower}: ${d.text}`);
    assert.ok(!(await srv.http('GET', '/api/sessions')).json.some((x) => x.code === code));
  });

  test('extension: GET /api/sessions/{code}/qr.svg is an SVG', async () => {
    const { code } = await srv.createSession('proto');
    const r = await srv.http('GET', `/api/sessions/${code}/qr.svg`);
    assert.equal(r.status, 200);
    assert.match(r.headers.get('content-type') ?? '', /image\/svg\+xml/);
    assert.match(r.text, /<svg/);
  });
});

describe('HTTP with --admin-key', () => {
  let srv;
  const K = 'organizer-secret-key-1234';
  before(async () => { srv = await startServer({ args: ['--admin-key', K] }); });
  after(async () => { await closeAll(); await srv?.cleanup(); });

  test('organizer calls need the key, also from loopback', async () => {
    const noKey = await srv.http('POST', '/api/sessions', { body: { template: 'proto' } });
    assertErrorBody(noKey, [401, 403]);
    assertErrorBody(await srv.http('GET', '/api/sessions'), [401, 403]);
    assertErrorBody(await srv.http('POST', '/api/sessions', { key: 'wrong', body: { template: 'proto' } }), 401);
    assertErrorBody(await srv.http('GET', '/api/sessions', { key: 'wrong' }), 401);
    const s = await srv.createSession('proto', {}, K);
    const list = await srv.http('GET', '/api/sessions', { key: K });
    assert.equal(list.status, 200);
    assert.ok(list.json.some((x) => x.code === s.code));
  });

  test('facilitator keys: 403 for organizer calls and other sessions, 204 for their own delete', async () => {
    const a = await srv.createSession('proto', {}, K);
    const b = await srv.createSession('proto', {}, K);
    assertErrorBody(await srv.http('GET', '/api/sessions', { key: a.facilitator_key }), 403);
    assertErrorBody(await srv.http('POST', '/api/sessions', { key: a.facilitator_key, body: { template: 'proto' } }), 403);
    assertErrorBody(await srv.http('DELETE', `/api/sessions/${b.code}`, { key: a.facilitator_key }), 403);
    assertErrorBody(await srv.http('DELETE', `/api/sessions/${b.code}`), [401, 403]);
    assertErrorBody(await srv.http('GET', `/api/sessions/${b.code}/export?format=md`), [401, 403]);
    assert.equal((await srv.http('GET', `/api/sessions/${a.code}/export?format=md`, { key: a.facilitator_key })).status, 200);
    assert.equal((await srv.http('DELETE', `/api/sessions/${a.code}`, { key: a.facilitator_key })).status, 204);
    assert.equal((await srv.http('DELETE', `/api/sessions/${b.code}`, { key: K })).status, 204);
    const list = await srv.http('GET', '/api/sessions', { key: K });
    assert.ok(!list.json.some((x) => x.code === a.code || x.code === b.code));
  });

  test('anyone may still read /healthz and /api/templates', async () => {
    assert.equal((await srv.http('GET', '/healthz')).status, 200);
    assert.equal((await srv.http('GET', '/api/templates')).status, 200);
  });
});

describe('DELETE scrubs the database file', () => {
  test('the deleted session\'s note text is no longer in the db file', async () => {
    const srv = await startServer();
    try {
      const keep = await srv.createSession('proto');
      const gone = await srv.createSession('proto');
      const secret = `SECRET-NOTE-${Date.now()}-${Math.random().toString(36).slice(2)}`;
      const kept = `KEPT-NOTE-${Date.now()}-${Math.random().toString(36).slice(2)}`;
      for (const [s, text] of [[gone, secret], [keep, kept]]) {
        const fac = await facilitator(srv, s.code, s.facilitator_key);
        await fac.ok({ type: 'phase.set', index: 4 });
        const p = await participant(srv, s.code, 'Anna', 'Teacher');
        await p.ok({ type: 'note.add', phase: 4, text });
        await p.ok({ type: 'note.add', phase: 4, text: `${text}-second` });
        await fac.ok({ type: 'summary.set', text: `${text}-summary` });
        await Promise.all([p.close(), fac.close()]);
      }
      assert.equal((await srv.http('DELETE', `/api/sessions/${gone.code}`)).status, 204);
      await srv.stop();
      const files = fs.readdirSync(srv.dir).filter((f) => f.startsWith('t.db'));
      assert.ok(files.includes('t.db'));
      let all = Buffer.alloc(0);
      for (const f of files) all = Buffer.concat([all, fs.readFileSync(path.join(srv.dir, f))]);
      assert.ok(all.includes(Buffer.from(kept)), 'sanity: the kept session\'s text is in the db file');
      assert.ok(!all.includes(Buffer.from(secret)), `the deleted session's note text is still in ${files.join(', ')}`);
      assert.ok(!all.includes(Buffer.from(gone.facilitator_key)), 'the deleted session\'s facilitator key is still in the db file');
    } finally {
      await closeAll();
      await srv.cleanup();
    }
  });
});
