// Tafel behind Debian's nginx with TLS (issue 17): packaging/nginx/tafel.conf as shipped,
// with the test's name, ports and a self-signed certificate made by openssl, on loopback.
// A real client over https:// and wss:// (Node's TLS with the certificate as its one CA):
// the app and the API through the proxy, the redirect from http, join links and QR codes
// under the public https:// name, the Origin check against it, the WebSocket upgrade and a
// session's traffic over wss; and the client's address passed on, believed only from the
// --trust-proxy address, so that the per-address limits count people (each on their own
// loopback address here), not the proxy, and a client cannot name another address.
import { test, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { TafelServer, freePort } from '../protocol/lib/server.mjs';
import { assertAllClean, closeAll } from '../protocol/lib/client.mjs';
import { siteFile, makeCert, startNginx } from './lib/nginx.mjs';
import { httpsRequest, wssConnect } from './lib/tls-client.mjs';

const NAME = 'tafel.test';
const KEY = 'proxy-test-admin-key';
let dir, cert, ngx, srv, port, httpPort, base, origin;

const get = (p, o) => httpsRequest(base, cert.pem, 'GET', p, o);
const post = (p, o) => httpsRequest(base, cert.pem, 'POST', p, { headers: { Origin: origin }, ...o });
const wss = (o = {}) => wssConnect(`wss://${NAME}:${port}/ws${o.code ? `?code=${o.code}` : ''}`, cert.pem,
  { origin, ...o });

async function startTafel(args) {
  srv = new TafelServer({
    args: ['--admin-key', KEY, '--allow-origin', origin, '--limit', 'connections_per_ip=2',
      '--limit', 'join_failures_burst=2', '--limit', 'join_failures_per_minute=1', ...args],
  });
  await srv.start();
  return srv;
}

before(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tafel-tls-'));
  cert = makeCert(dir, NAME);
  port = await freePort();
  httpPort = await freePort();
  base = `https://${NAME}:${port}`;
  origin = base;
});

after(async () => {
  await closeAll();
  if (ngx) await ngx.stop();
  if (srv) await srv.cleanup();
  fs.rmSync(dir, { recursive: true, force: true });
});

afterEach(() => assertAllClean());

/** A plain HTTP GET with a Host header of our choosing (fetch() will not send one). */
function plainGet(p, urlPath, host) {
  return new Promise((resolve, reject) => {
    http.get({ host: '127.0.0.1', port: p, path: urlPath, headers: { Host: host } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d) => { text += d; });
      res.on('end', () => { res.text = text; resolve(res); });
    }).on('error', reject);
  });
}

/** nginx with the shipped site file in front of srv. */
async function proxy() {
  if (ngx) await ngx.stop();
  ngx = await startNginx(siteFile('tafel.conf', [
    ['listen 80;', `listen 127.0.0.1:${httpPort};`, 1],
    ['listen 443 ssl http2;', `listen 127.0.0.1:${port} ssl http2;`, 1],
    ['server_name tafel.example.org;', `server_name ${NAME};`, 2],
    ['/etc/ssl/certs/tafel.example.org.pem', cert.cert, 1],
    ['/etc/ssl/private/tafel.example.org.key', cert.key, 1],
    ['server 127.0.0.1:8080;', `server 127.0.0.1:${srv.port};`, 1],
  ]), [port, httpPort]);
}

test('the shipped file keeps a quiet WebSocket open longer than Tafel does', () => {
  // nginx's default proxy_read_timeout (60 s) is as long as Tafel's idle_close_s: the proxy,
  // not Tafel's own liveness rules, would decide when a quiet connection ends. The file must
  // give more, both ways.
  const text = siteFile('tafel.conf', []);
  for (const name of ['proxy_read_timeout', 'proxy_send_timeout']) {
    const m = new RegExp(`^\\s*${name}\\s+(\\d+)([smh]?);`, 'm').exec(text);
    assert.ok(m, `${name} is not set`);
    const seconds = Number(m[1]) * ({ s: 1, m: 60, h: 3600 }[m[2]] ?? 1);
    assert.ok(seconds >= 3600, `${name} is ${m[0]}`);
  }
  assert.match(text, /proxy_set_header Upgrade \$http_upgrade;/);
  assert.match(text, /proxy_http_version 1\.1;/);
});

test('HTTPS: the app, the API, the redirect from http, join links and QR codes under the public name', async () => {
  await startTafel(['--trust-proxy', '127.0.0.1']);
  await proxy();
  const health = await get('/healthz');
  assert.equal(health.status, 200);
  assert.match(health.tls, /^TLSv1\.[23]$/);
  const index = await get('/');
  assert.equal(index.status, 200);
  assert.match(index.text, /<!doctype html>/i);
  assert.match(index.headers['strict-transport-security'] ?? '', /max-age=/);

  // Plain http on the proxy is sent to https, path kept.
  const plain = await plainGet(httpPort, '/j/ABCDEF', NAME);
  assert.equal(plain.statusCode, 301);
  assert.equal(plain.headers.location, `https://${NAME}/j/ABCDEF`);

  const created = await post('/api/sessions', { body: { template: 'proto' }, key: KEY });
  assert.equal(created.status, 201, created.text);
  const { code } = created.json;
  assert.equal(created.json.join_url, `${base}/j/${code}`);
  // The QR code is of the same https:// link: the one Tafel makes for that Host directly,
  // not the one for its own http:// address.
  const qr = await get(`/api/sessions/${code}/qr.svg`);
  assert.equal(qr.status, 200);
  assert.match(qr.headers['content-type'], /image\/svg\+xml/);
  const direct = await plainGet(srv.port, `/api/sessions/${code}/qr.svg`, `${NAME}:${port}`);
  assert.ok(qr.text === direct.text, 'the QR code through the proxy is not the one of the https:// link');
  const lan = await plainGet(srv.port, `/api/sessions/${code}/qr.svg`, `127.0.0.1:${srv.port}`);
  assert.ok(qr.text !== lan.text, 'the QR code through the proxy is the one of the http:// address');

  // The Origin check takes the public https:// origin and no other.
  const foreign = await post('/api/sessions', { body: { template: 'proto' }, key: KEY, headers: { Origin: 'https://evil.example' } });
  assert.equal(foreign.status, 403);
  assert.equal(foreign.json.error.code, 'origin_not_allowed');
  // Key-less organizer rights never through the proxy.
  assert.equal((await get('/api/sessions')).status, 401);
  const list = await get('/api/sessions', { key: KEY });
  assert.equal(list.status, 200);
  assert.ok(list.json.some((s) => s.code === code));
});

test('WSS: the upgrade through the proxy, a session over it, the Origin check', async () => {
  const created = await post('/api/sessions', { body: { template: 'proto' }, key: KEY });
  const { code, facilitator_key: fkey } = created.json;
  const fac = await wss({ code, label: 'fac', localAddress: '127.0.0.2' });
  await fac.join({ code, facilitator_key: fkey });
  const anna = await wss({ code, label: 'anna', localAddress: '127.0.0.3' });
  await anna.join({ code, name: 'Anna', background: 'Teacher' });
  await fac.ok({ type: 'phase.set', index: 4 });
  await anna.waitEvent('phase.changed', (e) => e.phase === 4);
  const r = await anna.ok({ type: 'note.add', phase: 4, text: 'over wss' });
  const ev = await fac.waitEvent('note.added', (e) => e.note.id === r.id);
  assert.equal(ev.note.text, 'over wss');
  const md = await get(`/api/sessions/${code}/export?format=md`, { key: fkey });
  assert.equal(md.status, 200);
  assert.match(md.text, /over wss/);

  await assert.rejects(wss({ code, origin: 'https://evil.example' }), (e) => e.status === 403);
  await closeAll();
});

/** Opens connections from addr until one is refused; the number that stayed open. */
async function connectionsAllowed(addr, headers) {
  const open = [];
  for (let i = 0; i < 4; i++) {
    const c = await wss({ localAddress: addr, headers, label: `${addr}#${i}` });
    const closed = await Promise.race([c.closed, c.request({ type: 'ping' }).then(() => null, () => null)]);
    if (closed || c.closeInfo) {
      assert.equal((c.closeInfo ?? closed).code, 1008);
      return open.length;
    }
    open.push(c);
  }
  return open.length;
}

test('--trust-proxy: the per-address limits count each person behind the proxy, and a client cannot name another address', async () => {
  // connections_per_ip=2: two people on their own addresses have two each.
  assert.equal(await connectionsAllowed('127.0.0.4'), 2);
  assert.equal(await connectionsAllowed('127.0.0.5'), 2);
  // Naming another address in X-Forwarded-For or X-Real-IP does not help: nginx appends
  // the real one, which is the one counted.
  assert.equal(await connectionsAllowed('127.0.0.5', { 'X-Forwarded-For': '198.51.100.7', 'X-Real-IP': '198.51.100.7' }), 0);
  assert.equal(await connectionsAllowed('127.0.0.6', { 'X-Forwarded-For': '127.0.0.4' }), 2);
  await closeAll();

  // Wrong codes (join_failures_burst=2) are counted per person too; the laptop's own
  // exemption (127.0.0.1) is not the proxy's.
  const guess = async (addr) => {
    const c = await wss({ localAddress: addr, label: `guess ${addr}` });
    const codes = [];
    for (let i = 0; i < 3; i++) codes.push((await c.request({ type: 'join', code: 'YYYYYY' })).code);
    return codes;
  };
  assert.deepEqual(await guess('127.0.0.7'), ['not_found', 'not_found', 'rate_limited']);
  assert.deepEqual(await guess('127.0.0.8'), ['not_found', 'not_found', 'rate_limited']);
  await closeAll();
});

test('without --trust-proxy every person behind the proxy is the proxy (and is exempt as the laptop)', async () => {
  await srv.stop();
  await srv.cleanup();
  const oldPort = srv.port;
  srv = new TafelServer({
    args: ['--admin-key', KEY, '--allow-origin', origin, '--limit', 'connections_per_ip=2',
      '--limit', 'join_failures_burst=2', '--limit', 'join_failures_per_minute=1'],
  });
  await srv.start();
  await proxy();
  assert.notEqual(srv.port, oldPort);
  assert.equal(await connectionsAllowed('127.0.0.4'), 2);
  assert.equal(await connectionsAllowed('127.0.0.5'), 0);
  await closeAll();
});
