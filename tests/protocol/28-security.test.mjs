// Host and Origin checks (docs/operations.md, "Security: Host and Origin checks"): what a web
// page on another site can make a browser at the laptop send. With DNS rebinding the page's
// own name points at 127.0.0.1, so its requests come from loopback with `Host: evil.example`
// and a matching Origin; a cross-site form or fetch sends the server's own Host with a
// foreign Origin, or (links, images) only `Sec-Fetch-Site: cross-site`. Each is refused with
// its code, nothing is read or changed, and the same calls from the server's own pages, from
// curl (no Origin) and from names and origins on the allow-lists still work. Requests go out
// through node:http, since fetch() does not let a caller set Host.
import { test, describe, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import os from 'node:os';
import { startServer, assertErrorBody, runTafel, sleep } from './lib/server.mjs';
import { Client, participant, assertAllClean, closeAll } from './lib/client.mjs';

/** An HTTP request with exactly these headers (Host included): {status, text, json}. */
function raw(srv, method, path, { headers = {}, body } = {}) {
  return new Promise((resolve, reject) => {
    const h = { Host: `127.0.0.1:${srv.port}`, ...headers };
    if (body !== undefined) h['Content-Length'] = Buffer.byteLength(body);
    const req = http.request({ host: '127.0.0.1', port: srv.port, method, path, headers: h, timeout: 5000 }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json;
        try { json = JSON.parse(text); } catch { json = undefined; }
        resolve({ status: res.statusCode, headers: res.headers, text, json });
      });
    });
    req.on('timeout', () => req.destroy(new Error(`${method} ${path}: no reply`)));
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

/** Waits for a line of the server's log (it comes through a pipe, after the reply). */
async function assertLogged(srv, re, what) {
  for (let t0 = Date.now(); !re.test(srv.runLog) && Date.now() - t0 < 3000;) await sleep(20);
  assert.match(srv.runLog, re, `${what}:\n${srv.runLog}`);
}

/** The sessions as the organizer on the laptop sees them (curl: no Origin). */
async function codes(srv, key) {
  const r = await srv.http('GET', '/api/sessions', { key });
  assert.equal(r.status, 200, r.text);
  return r.json.map((s) => s.code).sort();
}

/** Connects to /ws with these headers; resolves the client or rejects with e.status. */
const upgrade = (srv, headers, origin) => Client.connect(srv, { headers, origin, label: `${headers.Host} ${origin}` });

async function assertUpgradeRefused(srv, headers, origin) {
  const e = await upgrade(srv, headers, origin).then((c) => { c.close(); return null; }, (x) => x);
  assert.ok(e, `upgrade with Host ${headers.Host} and Origin ${origin} was accepted`);
  assert.equal(e.status, 403, `Host ${headers.Host}, Origin ${origin}: expected an HTTP 403 reply, got ${e.message}`);
}

async function assertUpgradeAccepted(srv, headers, origin, code) {
  const c = await upgrade(srv, headers, origin);
  await c.join({ code, screen: true });
  await c.close();
}

describe('without an admin key (the README\'s first command)', () => {
  let srv;
  let code;     // a session with a named participant
  let key;
  const NAME = 'Annelies Rebind';
  const evil = () => ({ Host: `evil.example:${srv.port}`, Origin: `http://evil.example:${srv.port}` });
  const own = () => ({ Origin: `http://127.0.0.1:${srv.port}` });

  before(async () => {
    srv = await startServer();
    ({ code, facilitator_key: key } = await srv.createSession('proto'));
    const p = await participant(srv, code, NAME, 'Teacher');
    await p.close();
  });
  after(async () => { await closeAll(); await srv?.cleanup(); });
  afterEach(() => assertAllClean());

  describe('the issue\'s requests are refused, and nothing is read or changed', () => {
    test('DNS rebinding: GET /api/sessions with Host and Origin evil.example -> 403 host_not_allowed', async () => {
      const r = await raw(srv, 'GET', '/api/sessions', { headers: evil() });
      assertErrorBody(r, 403, 'host_not_allowed');
      assert.ok(!r.text.includes(code), 'no session code in the reply');
      assert.match(r.json.error.message, /--allow-host/);
      await assertLogged(srv, /Host evil\.example:\d+ is not one of this server's names.*--allow-host/,
        'the log names the Host and the option');
    });

    test('DNS rebinding: the export with names -> 403 host_not_allowed, no name in the reply', async () => {
      const r = await raw(srv, 'GET', `/api/sessions/${code}/export?format=json&names=1`, { headers: evil() });
      assertErrorBody(r, 403, 'host_not_allowed');
      assert.ok(!r.text.includes(NAME));
      assert.equal(r.headers['content-disposition'], undefined);
      // also with the facilitator's key: the server does not answer under a name it does not know
      const k = await raw(srv, 'GET', `/api/sessions/${code}/export?format=json&names=1`,
        { headers: { ...evil(), Authorization: `Bearer ${key}` } });
      assertErrorBody(k, 403, 'host_not_allowed');
      assert.ok(!k.text.includes(NAME));
    });

    test('DNS rebinding: creating and deleting sessions -> 403 host_not_allowed, nothing changed', async () => {
      const before = await codes(srv);
      const c = await raw(srv, 'POST', '/api/sessions', { headers: { ...evil(), 'Content-Type': 'application/json' }, body: '{"template":"proto"}' });
      assertErrorBody(c, 403, 'host_not_allowed');
      const d = await raw(srv, 'DELETE', `/api/sessions/${code}`, { headers: evil() });
      assertErrorBody(d, 403, 'host_not_allowed');
      assert.deepEqual(await codes(srv), before);
    });

    test('cross-site POST with Content-Type text/plain and Origin evil.example -> 403 origin_not_allowed, no session', async () => {
      const before = await codes(srv);
      const r = await raw(srv, 'POST', '/api/sessions', {
        headers: { Origin: 'http://evil.example', 'Content-Type': 'text/plain' }, body: '{"template":"proto"}',
      });
      assertErrorBody(r, 403, 'origin_not_allowed');
      assert.equal(r.json.facilitator_key, undefined);
      await assertLogged(srv, /Origin http:\/\/evil\.example is not this server's.*--allow-origin/, 'the log names the Origin and the option');
      // the same with a JSON body type: the Origin alone refuses it
      const j = await raw(srv, 'POST', '/api/sessions', {
        headers: { Origin: 'http://evil.example', 'Content-Type': 'application/json' }, body: '{"template":"proto"}',
      });
      assertErrorBody(j, 403, 'origin_not_allowed');
      assert.deepEqual(await codes(srv), before, 'no session was created');
    });

    test('a body that is not application/json -> 415 unsupported_media_type, no session', async () => {
      const before = await codes(srv);
      for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/jsonp', undefined]) {
        const headers = type ? { 'Content-Type': type } : {};
        const r = await raw(srv, 'POST', '/api/sessions', { headers, body: '{"template":"proto"}' });
        assertErrorBody(r, 415, 'unsupported_media_type');
      }
      assert.deepEqual(await codes(srv), before, 'no session was created');
    });

    test('other origins: list, export, delete with a foreign Origin -> 403 origin_not_allowed', async () => {
      const port = srv.port;
      const foreign = ['http://evil.example', `http://127.0.0.1:${port + 1}`, `https://127.0.0.1:${port}`,
        `http://localhost.evil.example:${port}`, `http://localhost:${port}`, 'null'];
      for (const o of foreign) {
        const headers = { Origin: o };
        assertErrorBody(await raw(srv, 'GET', '/api/sessions', { headers }), 403, 'origin_not_allowed');
        const e = await raw(srv, 'GET', `/api/sessions/${code}/export?format=json&names=1`, { headers: { ...headers, Authorization: `Bearer ${key}` } });
        assertErrorBody(e, 403, 'origin_not_allowed');
        assert.ok(!e.text.includes(NAME));
        assertErrorBody(await raw(srv, 'DELETE', `/api/sessions/${code}`, { headers }), 403, 'origin_not_allowed');
      }
      assert.ok((await codes(srv)).includes(code), 'the session is still there');
    });

    test('links and images from another site (Sec-Fetch-Site, no Origin) -> 403 cross_site', async () => {
      for (const site of ['cross-site', 'same-site']) {
        const headers = { 'Sec-Fetch-Site': site };
        assertErrorBody(await raw(srv, 'GET', '/api/sessions', { headers }), 403, 'cross_site');
        const e = await raw(srv, 'GET', `/api/sessions/${code}/export?format=md&names=1`, { headers });
        assertErrorBody(e, 403, 'cross_site');
        assert.ok(!e.text.includes(NAME));
        assertErrorBody(await raw(srv, 'DELETE', `/api/sessions/${code}`, { headers }), 403, 'cross_site');
      }
      assert.ok((await codes(srv)).includes(code), 'the session is still there');
    });

    test('key-less organizer rights: not through a proxy, not under another allowed Host', async () => {
      for (const headers of [{ 'X-Forwarded-For': '203.0.113.9' }, { Forwarded: 'for=203.0.113.9' }, { 'X-Real-IP': '203.0.113.9' },
        { Host: `192.0.2.10:${srv.port}` }]) {
        const r = await raw(srv, 'GET', '/api/sessions', { headers });
        assertErrorBody(r, 401, 'unauthorized');
        assert.ok(!r.text.includes(code));
      }
      // a facilitator key is a key: it works under any Host the server answers to
      const e = await raw(srv, 'GET', `/api/sessions/${code}/export?format=json&names=1`,
        { headers: { Host: `192.0.2.10:${srv.port}`, Authorization: `Bearer ${key}` } });
      assert.equal(e.status, 200, e.text);
    });
  });

  describe('the same calls from the server\'s own pages and from curl are allowed', () => {
    test('list and export with Host and Origin 127.0.0.1 or localhost, or Sec-Fetch-Site same-origin', async () => {
      for (const headers of [own(), { Host: `localhost:${srv.port}`, Origin: `http://localhost:${srv.port}` },
        { Host: `0.0.0.0:${srv.port}`, Origin: `http://0.0.0.0:${srv.port}` },   // the address `serve` prints
        { Host: `localhost:${srv.port}` }, { 'Sec-Fetch-Site': 'same-origin' }, { 'Sec-Fetch-Site': 'none' }, {}]) {
        const l = await raw(srv, 'GET', '/api/sessions', { headers });
        assert.equal(l.status, 200, `${JSON.stringify(headers)}: ${l.text}`);
        assert.ok(l.json.some((s) => s.code === code));
        const e = await raw(srv, 'GET', `/api/sessions/${code}/export?format=json&names=1`, { headers });
        assert.equal(e.status, 200, `${JSON.stringify(headers)}: ${e.text}`);
        assert.ok(e.text.includes(NAME));
      }
    });

    test('create (application/json with a charset) and delete with the own Origin', async () => {
      const r = await raw(srv, 'POST', '/api/sessions', {
        headers: { ...own(), 'Content-Type': 'application/json; charset=utf-8', 'Sec-Fetch-Site': 'same-origin' },
        body: '{"template":"proto"}',
      });
      assert.equal(r.status, 201, r.text);
      assert.ok((await codes(srv)).includes(r.json.code));
      const d = await raw(srv, 'DELETE', `/api/sessions/${r.json.code}`, { headers: own() });
      assert.equal(d.status, 204, d.text);
      assert.ok(!(await codes(srv)).includes(r.json.code));
      // "Origin: null" (a browser under Referrer-Policy: no-referrer) from the own page
      const n = await raw(srv, 'POST', '/api/sessions', {
        headers: { Origin: 'null', 'Sec-Fetch-Site': 'same-origin', 'Content-Type': 'application/json' }, body: '{"template":"proto"}',
      });
      assert.equal(n.status, 201, n.text);
      const before = await codes(srv);
      for (const site of ['cross-site', undefined]) {
        const headers = { Origin: 'null', 'Content-Type': 'application/json', ...(site ? { 'Sec-Fetch-Site': site } : {}) };
        assertErrorBody(await raw(srv, 'POST', '/api/sessions', { headers, body: '{"template":"proto"}' }), 403, 'origin_not_allowed');
      }
      assert.deepEqual(await codes(srv), before);
    });

    test('join_url: a loopback Host gives a LAN address of the machine; the QR code is served under an address Host', async () => {
      // The server takes the first IPv4 interface that is up and not loopback (127.0.0.1 when
      // there is none); Node may list the interfaces in another order, so any of them will do.
      const lan = Object.values(os.networkInterfaces()).flat().filter((i) => i.family === 'IPv4' && !i.internal).map((i) => i.address);
      const r = await raw(srv, 'POST', '/api/sessions', {
        headers: { Host: `localhost:${srv.port}`, 'Content-Type': 'application/json' }, body: '{"template":"proto"}',
      });
      assert.equal(r.status, 201, r.text);
      const m = new RegExp(`^http://([0-9.]+):${srv.port}/j/${r.json.code}$`).exec(r.json.join_url);
      assert.ok(m, r.json.join_url);
      assert.ok(lan.length ? lan.includes(m[1]) : m[1] === '127.0.0.1', `${m[1]} is not one of ${lan}`);
      const qr = await raw(srv, 'GET', `/api/sessions/${r.json.code}/qr.svg`, { headers: { Host: `192.0.2.10:${srv.port}` } });
      assert.equal(qr.status, 200, qr.text);
      assert.match(qr.headers['content-type'], /image\/svg\+xml/);
    });

    test('the app pages and /healthz are served under any Host; the public API reads ignore the Origin but not the Host', async () => {
      assert.equal((await raw(srv, 'GET', '/api/templates', { headers: { Origin: 'http://evil.example' } })).status, 200);
      assert.equal((await raw(srv, 'GET', '/healthz', { headers: evil() })).status, 200);
      const page = await raw(srv, 'GET', `/j/${code}`, { headers: evil() });
      assert.equal(page.status, 200);
      assert.ok(!page.text.includes(NAME));
      assertErrorBody(await raw(srv, 'GET', '/api/templates', { headers: evil() }), 403, 'host_not_allowed');
      assertErrorBody(await raw(srv, 'GET', `/api/sessions/${code}/qr.svg`, { headers: evil() }), 403, 'host_not_allowed');
    });
  });

  describe('the WebSocket upgrade', () => {
    test('a rebinding Host is refused with 403, with its matching Origin and without one', async () => {
      await assertUpgradeRefused(srv, { Host: `evil.example:${srv.port}` }, `http://evil.example:${srv.port}`);
      await assertUpgradeRefused(srv, { Host: `evil.example:${srv.port}` }, undefined);
      await assertUpgradeRefused(srv, { Host: `localhost.evil.example:${srv.port}` }, `http://localhost.evil.example:${srv.port}`);
      await assertLogged(srv, /ws: upgrade refused: Host evil\.example:\d+ .*--allow-host/, 'the log names the Host and the option');
    });

    test('the server\'s own Host and Origin, localhost, an address, and no Origin are accepted', async () => {
      await assertUpgradeAccepted(srv, {}, srv.origin, code);
      await assertUpgradeAccepted(srv, {}, undefined, code);
      await assertUpgradeAccepted(srv, { Host: `localhost:${srv.port}` }, `http://localhost:${srv.port}`, code);
      await assertUpgradeAccepted(srv, { Host: `192.0.2.10:${srv.port}` }, `http://192.0.2.10:${srv.port}`, code);
    });

    test('a foreign Origin with the server\'s Host is still refused', async () => {
      await assertUpgradeRefused(srv, {}, 'http://evil.example');
      await assertUpgradeRefused(srv, { Host: `localhost:${srv.port}` }, `http://127.0.0.1:${srv.port}`);
    });
  });
});

describe('the allow-lists', () => {
  let srv;
  before(async () => {
    srv = await startServer({ args: ['--allow-host', 'tafel.test', '--allow-host', 'LAPTOP.local',
      '--allow-origin', 'http://allowed.example', '--allow-origin', 'https://tafel.example.org/'] });
  });
  after(async () => { await closeAll(); await srv?.cleanup(); });
  afterEach(() => assertAllClean());

  test('--allow-host: the name works like localhost, with its http and https Origin', async () => {
    for (const [host, origin] of [[`tafel.test:${srv.port}`, `http://tafel.test:${srv.port}`],
      [`laptop.local:${srv.port}`, `http://laptop.local:${srv.port}`], ['tafel.test', 'https://tafel.test']]) {
      const before = await codes(srv);
      const r = await raw(srv, 'POST', '/api/sessions', {
        headers: { Host: host, Origin: origin, 'Content-Type': 'application/json' }, body: '{"template":"proto"}',
      });
      assert.equal(r.status, 201, `Host ${host}, Origin ${origin}: ${r.text}`);
      assert.equal(r.json.join_url, `http://${host}/j/${r.json.code}`, 'the join link uses the name');
      assert.deepEqual(await codes(srv), [...before, r.json.code].sort());
      const l = await raw(srv, 'GET', '/api/sessions', { headers: { Host: host, Origin: origin } });
      assert.equal(l.status, 200, l.text);
      await assertUpgradeAccepted(srv, { Host: host }, origin, r.json.code);
    }
  });

  test('--allow-host: other names are still refused, and so is https for an address', async () => {
    assertErrorBody(await raw(srv, 'GET', '/api/sessions', { headers: { Host: `other.test:${srv.port}` } }), 403, 'host_not_allowed');
    assertErrorBody(await raw(srv, 'GET', '/api/sessions', { headers: { Host: `tafel.test.evil.example:${srv.port}` } }), 403, 'host_not_allowed');
    assertErrorBody(await raw(srv, 'GET', '/api/sessions', { headers: { Origin: `https://127.0.0.1:${srv.port}` } }), 403, 'origin_not_allowed');
    await assertUpgradeRefused(srv, { Host: `other.test:${srv.port}` }, `http://other.test:${srv.port}`);
  });

  test('--allow-origin: a listed origin may call with the server\'s Host; an unlisted one may not', async () => {
    const before = await codes(srv);
    const ok = await raw(srv, 'POST', '/api/sessions', {
      headers: { Origin: 'http://allowed.example', 'Content-Type': 'application/json' }, body: '{"template":"proto"}',
    });
    assert.equal(ok.status, 201, ok.text);
    const no = await raw(srv, 'POST', '/api/sessions', {
      headers: { Origin: 'http://not-allowed.example', 'Content-Type': 'application/json' }, body: '{"template":"proto"}',
    });
    assertErrorBody(no, 403, 'origin_not_allowed');
    assert.deepEqual(await codes(srv), [...before, ok.json.code].sort());
    await assertUpgradeAccepted(srv, {}, 'http://allowed.example', ok.json.code);
    await assertUpgradeRefused(srv, {}, 'http://not-allowed.example');
  });

  test('--allow-origin https://NAME: the proxy\'s name is answered, its join link is https, but it gets no key-less rights', async () => {
    const headers = { Host: 'tafel.example.org', Origin: 'https://tafel.example.org' };
    // through a proxy every peer is loopback: without an admin key, the organizer calls need one
    assertErrorBody(await raw(srv, 'GET', '/api/sessions', { headers }), 401, 'unauthorized');
    const s = await srv.createSession('proto');
    const qr = await raw(srv, 'GET', `/api/sessions/${s.code}/qr.svg`, { headers: { Host: 'tafel.example.org' } });
    assert.equal(qr.status, 200, qr.text);
    const e = await raw(srv, 'GET', `/api/sessions/${s.code}/export?format=json`,
      { headers: { ...headers, Authorization: `Bearer ${s.facilitator_key}` } });
    assert.equal(e.status, 200, e.text);
    await assertUpgradeAccepted(srv, { Host: 'tafel.example.org' }, 'https://tafel.example.org', s.code);
  });
});

describe('behind a TLS proxy with an admin key', () => {
  let srv;
  before(async () => { srv = await startServer({ args: ['--admin-key', 'organizer-key', '--allow-origin', 'https://tafel.example.org'] }); });
  after(async () => { await closeAll(); await srv?.cleanup(); });

  test('the public name creates sessions whose join link is https://NAME/j/CODE', async () => {
    const r = await raw(srv, 'POST', '/api/sessions', {
      headers: { Host: 'tafel.example.org', Origin: 'https://tafel.example.org', 'Content-Type': 'application/json',
        Authorization: 'Bearer organizer-key', 'X-Forwarded-For': '203.0.113.9' },
      body: '{"template":"proto"}',
    });
    assert.equal(r.status, 201, r.text);
    assert.equal(r.json.join_url, `https://tafel.example.org/j/${r.json.code}`);
    // the organizer key is needed through the proxy, as anywhere
    const nokey = await raw(srv, 'GET', '/api/sessions', { headers: { Host: 'tafel.example.org', 'X-Forwarded-For': '203.0.113.9' } });
    assertErrorBody(nokey, 401, 'unauthorized');
    const list = await raw(srv, 'GET', '/api/sessions', { headers: { Host: 'tafel.example.org', Authorization: 'Bearer organizer-key' } });
    assert.equal(list.status, 200, list.text);
    assert.ok(list.json.some((s) => s.code === r.json.code));
  });

  test('an address Host (the LAN address) gives a join link with that address', async () => {
    const host = `192.0.2.10:${srv.port}`;
    const r = await raw(srv, 'POST', '/api/sessions', {
      headers: { Host: host, Origin: `http://${host}`, 'Content-Type': 'application/json', Authorization: 'Bearer organizer-key' },
      body: '{"template":"proto"}',
    });
    assert.equal(r.status, 201, r.text);
    assert.equal(r.json.join_url, `http://${host}/j/${r.json.code}`);
  });
});

describe('the command line', () => {
  test('--allow-host and --allow-origin refuse values of the wrong shape, naming the option', () => {
    for (const args of [['--allow-host', 'http://tafel.test'], ['--allow-host', 'tafel.test/app'], ['--allow-host', ''],
      ['--allow-origin', 'tafel.example.org'], ['--allow-origin', 'https://tafel.example.org/app'], ['--allow-origin', 'null']]) {
      const r = runTafel(['serve', '--port', '1', ...args]);
      assert.equal(r.status, 2, `${args.join(' ')}: ${r.out}`);
      assert.ok(r.stderr.includes(args[0]), `${args.join(' ')}: the message names the option: ${r.stderr}`);
    }
  });

  test('--help names --allow-host', () => {
    const r = runTafel(['serve', '--help']);
    assert.equal(r.status, 0);
    assert.match(r.stdout, /--allow-host NAME/);
  });
});
