// The web app's files (issue 14): gzip copies for browsers that accept gzip and the same
// bytes unencoded for those that do not, Cache-Control by kind of file, ETag and 304, app
// routes, and that a changed or rebuilt file is never answered from a stale copy.
// Requests go through node:http, so that Accept-Encoding is exactly what the test says
// (fetch adds its own).
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { startServer, SOURCE_DIR, TAFEL_BIN } from './lib/server.mjs';

const DIST = path.join(path.dirname(TAFEL_BIN), 'web-dist');
const YEAR = /^public, max-age=31536000, immutable$/;

function get(srv, urlPath, headers = {}, method = 'GET') {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: srv.port, path: urlPath, method, headers, agent: false }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.setTimeout(5000, () => req.destroy(new Error(`${method} ${urlPath}: no answer in 5 s`)));
    req.end();
  });
}

// The assets index.html names, e.g. ['/assets/app-ABCD1234.js', '/assets/app-EFGH5678.css'].
function assetsOf(html) {
  return [...html.matchAll(/(?:href|src)="(\/assets\/[^"]+)"/g)].map((m) => m[1]);
}

function buildDist(src, out) {
  const esbuild = ['/usr/bin/esbuild', '/usr/local/bin/esbuild'].find((p) => fs.existsSync(p));
  assert.ok(esbuild, 'esbuild is installed (scripts/install-deps.sh)');
  const r = spawnSync('cmake', [`-DSRC=${src}`, `-DOUT=${out}`, `-DESBUILD=${esbuild}`, '-DGZIP=gzip',
    '-P', path.join(SOURCE_DIR, 'scripts/web-dist.cmake')], { encoding: 'utf8' });
  assert.equal(r.status, 0, `scripts/web-dist.cmake: ${r.stdout}${r.stderr}`);
}

describe('the built app (web-dist)', () => {
  let srv;
  let code;
  before(async () => {
    assert.ok(fs.existsSync(path.join(DIST, 'index.html')),
      `the build made ${DIST} (it needs esbuild and gzip: scripts/install-deps.sh)`);
    srv = await startServer({ args: ['--web', DIST] });
    ({ code } = await srv.createSession('proto'));
  });
  after(async () => { await srv?.stop(); await srv?.cleanup(); });   // stop(): exit 0, or the sanitizers' report fails it

  test('index.html loads one bundle and one stylesheet, named by content, and every one is there', async () => {
    const r = await get(srv, '/');
    const html = r.body.toString('utf8');
    const assets = assetsOf(html);
    assert.equal(assets.filter((a) => /^\/assets\/app-[A-Z0-9]{8}\.js$/.test(a)).length, 1, `one bundle: ${assets}`);
    assert.equal(assets.filter((a) => /^\/assets\/app-[A-Z0-9]{8}\.css$/.test(a)).length, 1, `one stylesheet: ${assets}`);
    assert.doesNotMatch(html, /"\/(js|css)\//, 'no module or stylesheet of web/ is loaded one by one');
    for (const a of assets) assert.equal((await get(srv, a)).status, 200, a);
  });

  test('assets: gzip when accepted, the same bytes unencoded when not, cached for a year', async () => {
    const html = (await get(srv, '/')).body.toString('utf8');
    for (const a of assetsOf(html)) {
      const plain = await get(srv, a);
      assert.equal(plain.status, 200);
      assert.equal(plain.headers['content-encoding'], undefined, `${a} without Accept-Encoding: not encoded`);
      assert.equal(Number(plain.headers['content-length']), plain.body.length);
      assert.match(plain.headers['content-type'], a.endsWith('.js') ? /^text\/javascript/ : /^text\/css/);
      assert.match(plain.headers['cache-control'], YEAR, a);
      assert.equal(plain.headers.vary, 'Accept-Encoding');

      const gz = await get(srv, a, { 'Accept-Encoding': 'gzip, deflate, br' });
      assert.equal(gz.headers['content-encoding'], 'gzip', `${a} with gzip accepted`);
      assert.equal(Number(gz.headers['content-length']), gz.body.length);
      assert.ok(gz.body.length < plain.body.length / 2, `${a}: ${gz.body.length} gzip bytes of ${plain.body.length}`);
      assert.ok(zlib.gunzipSync(gz.body).equals(plain.body), `${a}: gzip decodes to the unencoded bytes`);
      assert.match(gz.headers['cache-control'], YEAR);
      assert.equal(gz.headers.vary, 'Accept-Encoding');
      assert.equal(gz.headers['content-type'], plain.headers['content-type']);
      assert.notEqual(gz.headers.etag, plain.headers.etag, 'each encoding has its own ETag');

      // Accept-Encoding as browsers and proxies write it.
      const enc = async (ae) => (await get(srv, a, { 'Accept-Encoding': ae })).headers['content-encoding'] ?? 'identity';
      assert.equal(await enc('identity'), 'identity');
      assert.equal(await enc('br'), 'identity');
      assert.equal(await enc('gzip;q=0, br'), 'identity');
      assert.equal(await enc('*;q=0'), 'identity');
      assert.equal(await enc('GZIP'), 'gzip');
      assert.equal(await enc('deflate, gzip;q=0.5'), 'gzip');
      assert.equal(await enc('*'), 'gzip');
      assert.equal(await enc('x-gzip'), 'gzip');

      // Each encoding answers 304 to its own ETag, and HEAD has GET's length.
      assert.equal((await get(srv, a, { 'If-None-Match': plain.headers.etag })).status, 304);
      const nm = await get(srv, a, { 'Accept-Encoding': 'gzip', 'If-None-Match': gz.headers.etag });
      assert.equal(nm.status, 304);
      assert.equal(nm.body.length, 0);
      assert.equal(nm.headers.etag, gz.headers.etag);
      assert.match(nm.headers['cache-control'], YEAR);
      assert.equal((await get(srv, a, { 'Accept-Encoding': 'gzip', 'If-None-Match': plain.headers.etag })).status, 200,
        'the unencoded ETag does not validate the gzip copy');
      const head = await get(srv, a, { 'Accept-Encoding': 'gzip' }, 'HEAD');
      assert.equal(head.status, 200);
      assert.equal(Number(head.headers['content-length']), gz.body.length);
      assert.equal(head.body.length, 0);
    }
  });

  test('the page and the app routes: no-cache with an ETag, 304 when it matches, the CSP kept', async () => {
    const first = await get(srv, '/');
    const etag = first.headers.etag;
    assert.match(etag, /^"[0-9a-f]{32}"$/);
    for (const p of ['/', '/index.html', `/j/${code}`, `/screen/${code}`, `/facilitate/${code}`]) {
      const r = await get(srv, p, { 'Accept-Encoding': 'gzip' });
      assert.equal(r.status, 200, p);
      assert.match(r.headers['content-type'], /^text\/html/, p);
      assert.equal(r.headers['cache-control'], 'no-cache', p);
      assert.equal(r.headers.etag, etag, `${p}: the same page, the same ETag`);
      assert.ok(r.body.equals(first.body), `${p}: the page`);
      assert.match(r.headers['content-security-policy'] ?? '', /script-src 'self'/, `${p}: CSP`);
      for (const inm of [etag, `W/${etag}`, `"other", ${etag}`, '*']) {
        const nm = await get(srv, p, { 'If-None-Match': inm });
        assert.equal(nm.status, 304, `${p} If-None-Match: ${inm}`);
        assert.equal(nm.body.length, 0);
        assert.equal(nm.headers.etag, etag);
        assert.equal(nm.headers['cache-control'], 'no-cache');
      }
      assert.equal((await get(srv, p, { 'If-None-Match': '"0123"' })).status, 200, `${p}: another ETag`);
    }
    // The icon is not renamed (the app names it too): revalidated, like the page.
    const icon = await get(srv, '/icon.svg');
    assert.equal(icon.status, 200);
    assert.equal(icon.headers['cache-control'], 'no-cache');
    assert.match(icon.headers['content-type'], /^image\/svg\+xml/);
    assert.equal((await get(srv, '/icon.svg', { 'If-None-Match': icon.headers.etag })).status, 304);
  });

  test('what is no file of the app: 404, and 405 for other methods', async () => {
    for (const p of ['/no/such/file.js', '/assets/', '/assets/app-XXXXXXXX.js', '/.hidden', '/assets/.x',
      '/index.html/x', '/%2e%2e/CMakeLists.txt', '/..%2fCMakeLists.txt', `/${'a'.repeat(3000)}.js`]) {
      assert.equal((await get(srv, p)).status, 404, p);
    }
    assert.equal((await get(srv, '/index.html', {}, 'POST')).status, 405);
    assert.equal((await get(srv, '/index.html', {}, 'PUT')).status, 405);
    // The API and the socket's path still go to their own handlers.
    assert.deepEqual(JSON.parse((await get(srv, '/healthz')).body), { ok: true });
  });
});

describe('web/ as it is (--web web): no gzip copies, still validators', () => {
  let srv;
  before(async () => { srv = await startServer({ args: ['--web', path.join(SOURCE_DIR, 'web')] }); });
  after(async () => { await srv?.stop(); await srv?.cleanup(); });   // stop(): exit 0, or the sanitizers' report fails it

  test('modules are sent unencoded with an ETag and no-cache, and answer 304', async () => {
    const html = (await get(srv, '/')).body.toString('utf8');
    assert.match(html, /src="\/js\/app\.js"/);
    const r = await get(srv, '/js/app.js', { 'Accept-Encoding': 'gzip' });
    assert.equal(r.status, 200);
    assert.equal(r.headers['content-encoding'], undefined);
    assert.equal(r.headers.vary, undefined, 'nothing varies without a gzip copy');
    assert.equal(r.headers['cache-control'], 'no-cache');
    assert.ok(r.body.equals(fs.readFileSync(path.join(SOURCE_DIR, 'web/js/app.js'))));
    assert.equal((await get(srv, '/js/app.js', { 'If-None-Match': r.headers.etag })).status, 304);
  });
});

describe('a changed file is never answered from a stale copy', () => {
  let srv;
  let dir;
  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tafel-static-'));
    fs.cpSync(path.join(SOURCE_DIR, 'web'), path.join(dir, 'src'), { recursive: true });
    buildDist(path.join(dir, 'src'), path.join(dir, 'dist'));
    srv = await startServer({ args: ['--web', path.join(dir, 'dist')] });
  });
  after(async () => {
    await srv?.stop();
    await srv?.cleanup();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  test('an edit of the same length within the same second: new ETag, new bytes', async () => {
    const file = path.join(dir, 'dist/icon.svg');
    const a = await get(srv, '/icon.svg');
    const st = fs.statSync(file);
    const text = a.body.toString('utf8');
    const changed = text.replace(/#[0-9a-fA-F]{6}/, (c) => (c.toLowerCase() === '#000000' ? '#000001' : '#000000'));
    assert.notEqual(changed, text);
    assert.equal(Buffer.byteLength(changed), a.body.length);
    fs.writeFileSync(file, changed);
    fs.utimesSync(file, st.atime, st.mtime);   // the same size and time as before
    const b = await get(srv, '/icon.svg', { 'If-None-Match': a.headers.etag });
    assert.equal(b.status, 200, 'the old ETag no longer validates');
    assert.equal(b.body.toString('utf8'), changed);
    assert.notEqual(b.headers.etag, a.headers.etag);
  });

  test('a gzip copy older than its file (the file edited after the build) is not sent', async () => {
    const html = (await get(srv, '/')).body.toString('utf8');
    const css = assetsOf(html).find((x) => x.endsWith('.css'));
    const file = path.join(dir, 'dist', css);
    const edited = `${fs.readFileSync(file, 'utf8')}\n/* edited */\n`;
    fs.writeFileSync(file, edited);
    const later = new Date(Date.now() + 5000);
    fs.utimesSync(file, later, later);
    const r = await get(srv, css, { 'Accept-Encoding': 'gzip' });
    assert.equal(r.headers['content-encoding'], undefined, 'the stale gzip copy is left out');
    assert.equal(r.body.toString('utf8'), edited);
  });

  test('an upgrade (a module changed, the app rebuilt): the page and its bundle are new', async () => {
    const before1 = await get(srv, '/j/ABCDEF');   // an app route: the page whatever the code
    const oldPage = before1.body.toString('utf8');
    const oldJs = assetsOf(oldPage).find((x) => x.endsWith('.js'));
    const oldBundle = await get(srv, oldJs);
    assert.equal(before1.status, 200);

    const mod = path.join(dir, 'src/js/app.js');
    fs.appendFileSync(mod, '\n// upgraded\nconsole.debug("tafel: upgraded build");\n');
    buildDist(path.join(dir, 'src'), path.join(dir, 'dist'));

    for (const p of ['/', '/j/ABCDEF']) {
      const r = await get(srv, p, { 'If-None-Match': before1.headers.etag });
      assert.equal(r.status, 200, `${p}: the page of the old build does not validate`);
      assert.notEqual(r.headers.etag, before1.headers.etag);
      const newJs = assetsOf(r.body.toString('utf8')).find((x) => x.endsWith('.js'));
      assert.notEqual(newJs, oldJs, 'the bundle has a new name');
      const nb = await get(srv, newJs, { 'Accept-Encoding': 'gzip' });
      assert.equal(nb.status, 200);
      assert.match(zlib.gunzipSync(nb.body).toString('utf8'), /tafel: upgraded build/);
      assert.notEqual(nb.headers.etag, oldBundle.headers.etag);
    }
    // Nothing of the old build is served under its old name.
    assert.equal((await get(srv, oldJs)).status, 404);
  });
});
