// Sessions spread over two Tafel processes by join code behind nginx (docs/scaling.md):
// packaging/nginx/tafel-scaled.conf as shipped, with the test's ports, on loopback. Each
// process has its own database and --code-prefix; nginx sends every request that names a
// code (/j/, /screen/, /facilitate/, /api/sessions/CODE..., /ws?code=) to the process whose
// prefix begins it, whatever the case, and new sessions to either. A session made through
// the proxy is joined, written to and exported through it; the other process knows nothing
// of it; the organizer's list of each process is reachable under /shard/.
import { test, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { TafelServer, freePort } from '../protocol/lib/server.mjs';
import { Client, assertAllClean, closeAll } from '../protocol/lib/client.mjs';
import { siteFile, startNginx } from './lib/nginx.mjs';

const KEY = 'scaling-admin-key';
let a, c, ngx, port, base;

before(async () => {
  port = await freePort();
  base = `http://127.0.0.1:${port}`;
  const args = ['--admin-key', KEY, '--trust-proxy', '127.0.0.1'];
  a = new TafelServer({ args: [...args, '--code-prefix', 'A'] });
  c = new TafelServer({ args: [...args, '--code-prefix', 'c'] });
  await a.start();
  await c.start();
  ngx = await startNginx(siteFile('tafel-scaled.conf', [
    ['listen 80;', `listen 127.0.0.1:${port};`, 1],
    ['server 127.0.0.1:8081;', `server 127.0.0.1:${a.port};`, 2],
    ['server 127.0.0.1:8082;', `server 127.0.0.1:${c.port};`, 2],
  ]), [port]);
});

after(async () => {
  await closeAll();
  if (ngx) await ngx.stop();
  for (const s of [a, c]) if (s) await s.cleanup();
});

afterEach(() => assertAllClean());

async function req(method, p, { key, body } = {}) {
  const headers = {};
  if (key) headers.Authorization = `Bearer ${key}`;
  if (body) headers['Content-Type'] = 'application/json';
  const r = await fetch(`${base}${p}`, { method, headers, body: body && JSON.stringify(body) });
  const text = await r.text();
  let json;
  try { json = JSON.parse(text); } catch { json = undefined; }
  return { status: r.status, text, json };
}

test('--code-prefix: every code a process makes starts with its character', async () => {
  for (let i = 0; i < 3; i++) {
    assert.match((await a.createSession('proto', {}, KEY)).code, /^A/);
    assert.match((await c.createSession('proto', {}, KEY)).code, /^C/);
  }
});

test('nginx routes by code: new sessions to either process, each code to its own', async () => {
  const made = [];
  for (let i = 0; i < 6; i++) {
    const r = await req('POST', '/api/sessions', { key: KEY, body: { template: 'proto' } });
    assert.equal(r.status, 201, r.text);
    made.push(r.json);
  }
  const prefixes = new Set(made.map((s) => s.code[0]));
  assert.deepEqual([...prefixes].sort(), ['A', 'C'], 'new sessions went to one process only');

  for (const s of made) {
    const [home, other] = s.code[0] === 'A' ? [a, c] : [c, a];
    // Each process holds its own sessions only.
    assert.equal((await home.http('GET', `/api/sessions/${s.code}/export?format=json`, { key: KEY })).status, 200);
    assert.equal((await other.http('GET', `/api/sessions/${s.code}/export?format=json`, { key: KEY })).status, 404);
    // Through the proxy, in either case, every call about the code reaches it.
    for (const code of [s.code, s.code.toLowerCase()]) {
      const exp = await req('GET', `/api/sessions/${code}/export?format=json`, { key: s.facilitator_key });
      assert.equal(exp.status, 200, `${code}: ${exp.text}`);
      assert.equal((await req('GET', `/api/sessions/${code}/qr.svg`)).status, 200);
    }
    for (const page of ['/j/', '/screen/', '/facilitate/']) {
      assert.equal((await req('GET', `${page}${s.code}`)).status, 200);
    }
  }
});

test('the WebSocket reaches the process of its ?code=, and a session runs through the proxy', async () => {
  const { default: WebSocket } = await import('ws');
  const open = (code, label) => new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/ws?code=${code}`, { perMessageDeflate: false });
    const cl = new Client(ws, label);
    ws.once('open', () => resolve(cl));
    ws.once('error', reject);
  });
  for (const srv of [a, c]) {
    const s = await srv.createSession('proto', {}, KEY);
    const fac = await open(s.code, `fac ${s.code}`);
    await fac.join({ code: s.code, facilitator_key: s.facilitator_key });
    const anna = await open(s.code.toLowerCase(), `anna ${s.code}`);
    await anna.join({ code: s.code, name: 'Anna', background: 'Teacher' });
    await fac.ok({ type: 'phase.set', index: 4 });
    await anna.waitEvent('phase.changed', (e) => e.phase === 4);
    const r = await anna.ok({ type: 'note.add', phase: 4, text: `through the proxy to ${s.code}` });
    await fac.waitEvent('note.added', (e) => e.note.id === r.id);
    const md = await req('GET', `/api/sessions/${s.code}/export?format=md`, { key: s.facilitator_key });
    assert.match(md.text, new RegExp(`through the proxy to ${s.code}`));
    // A WebSocket sent to the other process does not find the session there.
    const lost = await open(s.code[0] === 'A' ? 'CXXXXX' : 'AXXXXX', 'misrouted');
    await lost.err({ type: 'join', code: s.code, name: 'Bob', background: 'Teacher' }, 'not_found');
  }
  await closeAll();
});

test('an event and its tables are made on one process and reached through the proxy', async () => {
  const { default: WebSocket } = await import('ws');
  const seen = new Set();
  for (let i = 0; i < 2; i++) {
    const r = await req('POST', '/api/events', { key: KEY, body: { title: 'Dag', template: 'proto', tables: 3 } });
    assert.equal(r.status, 201, r.text);
    const ev = r.json;
    seen.add(ev.code[0]);
    for (const t of ev.tables) assert.equal(t.code[0], ev.code[0], `table ${t.code} of event ${ev.code}`);
    for (const code of [ev.code, ev.code.toLowerCase()]) {
      assert.equal((await req('GET', `/api/events/${code}`, { key: ev.event_key })).status, 200);
      assert.equal((await req('GET', `/e/${code}`)).status, 200);
    }
    // The overview's WebSocket, with ?code= the event's code, joins it.
    const ws = new WebSocket(`ws://127.0.0.1:${port}/ws?code=${ev.code}`, { perMessageDeflate: false });
    const cl = new Client(ws, `overview ${ev.code}`);
    await new Promise((resolve, reject) => { ws.once('open', resolve); ws.once('error', reject); });
    await cl.ok({ type: 'join', event: ev.code, event_key: ev.event_key });
    await cl.close();
  }
  assert.equal(seen.size, 2, 'both events went to one process');
});

test('the organizer lists each process under /shard/', async () => {
  const la = await req('GET', '/shard/a/api/sessions', { key: KEY });
  const lc = await req('GET', '/shard/c/api/sessions', { key: KEY });
  assert.equal(la.status, 200, la.text);
  assert.equal(lc.status, 200, lc.text);
  assert.ok(la.json.length > 0 && la.json.every((s) => s.code.startsWith('A')));
  assert.ok(lc.json.length > 0 && lc.json.every((s) => s.code.startsWith('C')));
  const direct = (await a.http('GET', '/api/sessions', { key: KEY })).json.length
    + (await c.http('GET', '/api/sessions', { key: KEY })).json.length;
  assert.equal(la.json.length + lc.json.length, direct);
});
