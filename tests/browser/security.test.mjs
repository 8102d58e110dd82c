// The Host and Origin checks in a real Chromium (docs/operations.md, "Security: Host and
// Origin checks"). Chromium's resolver maps tafel.test (given with --allow-host) and
// evil.test (nobody's) to 127.0.0.1, the way DNS rebinding points an attacker's name at the
// laptop. The app keeps working at http://localhost and under the allowed name; a page under
// the rebound name gets nothing from the API or the WebSocket; a page of another site cannot
// start sessions with a form or a fetch, nor load an export.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { chromium } from 'playwright-core';
import { startServer, freePort, sleep } from '../protocol/lib/server.mjs';

let srv, browser, attacker, attackerPort;

/** The session codes as the organizer on the laptop sees them (no Origin). */
async function codes() {
  const r = await srv.http('GET', '/api/sessions');
  assert.equal(r.status, 200, r.text);
  return r.json.map((s) => s.code).sort();
}

async function newPage() {
  const context = await browser.newContext({ locale: 'nl-NL', acceptDownloads: true });
  const page = await context.newPage();
  page.setDefaultTimeout(10000);
  const api = [];
  page.on('response', (r) => { if (new URL(r.url()).pathname.startsWith('/api/')) api.push(`${r.status()} ${r.request().method()} ${r.url()}`); });
  return { context, page, api };
}

before(async () => {
  srv = await startServer({ args: ['--allow-host', 'tafel.test'] });
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
      '--host-resolver-rules=MAP tafel.test 127.0.0.1, MAP evil.test 127.0.0.1'],
  });
  // The other site: a blank page on a port of its own, which the tests fill from outside.
  attackerPort = await freePort();
  attacker = http.createServer((req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html' });
    res.end('<!doctype html><title>another site</title><body></body>');
  });
  await new Promise((r) => attacker.listen(attackerPort, '127.0.0.1', r));
});
after(async () => {
  await browser?.close();
  await new Promise((r) => (attacker ? attacker.close(r) : r()));
  await srv?.cleanup();
});

describe('the app under its own names', () => {
  for (const name of ['localhost', 'tafel.test']) {
    it(`at http://${name}: an organizer starts a session, lists it, downloads an export, opens the console and the room screen's QR code`, async () => {
      const base = `http://${name}:${srv.port}`;
      const { context, page, api } = await newPage();
      await page.goto(`${base}/`);
      await page.waitForSelector('.create-form select option', { state: 'attached' });
      await page.locator('.create-form select').first().selectOption('proto');
      await page.locator('.create-form button[type=submit]').click();
      const code = (await page.locator('.created-code').textContent()).trim();
      assert.ok((await codes()).includes(code));
      const url = (await page.locator('.created-url').textContent()).trim();
      // localhost: the LAN address for the tablets; the allowed name: that name
      if (name === 'tafel.test') assert.equal(url, `${base}/j/${code}`);
      else assert.match(url, new RegExp(`^http://[0-9.]+:${srv.port}/j/${code}$`));
      await page.locator('.card-head button').click();
      const row = page.locator('.session-row', { hasText: code });
      await row.waitFor();
      const [download] = await Promise.all([page.waitForEvent('download'), row.locator('.export-group button').first().click()]);
      assert.match(download.suggestedFilename(), new RegExp(`tafel-${code}`));
      await page.locator('.created a', { hasText: /console/i }).click();
      await page.waitForSelector('.console');
      await page.waitForSelector('body[data-conn="online"]');
      const screen = await context.newPage();
      await screen.goto(`${base}/screen/${code}`);
      await screen.waitForSelector('body[data-conn="online"]');
      await screen.waitForFunction(() => document.querySelector('img.screen-qr')?.naturalWidth > 0);
      assert.deepEqual(api.filter((l) => !/^2\d\d /.test(l)), [], 'every API call succeeded');
      await context.close();
    });
  }
});

describe('a page under a rebound name (evil.test -> 127.0.0.1)', () => {
  it('gets 403 host_not_allowed from the API, and its WebSocket does not open', async () => {
    const { code } = await srv.createSession('proto');
    const before = await codes();
    const { context, page } = await newPage();
    // Tafel's own page, served under the rebound name: after rebinding, the attacker's
    // script runs in exactly this origin.
    await page.goto(`http://evil.test:${srv.port}/`);
    const got = await page.evaluate(async (c) => {
      const call = async (method, path, body) => {
        const r = await fetch(path, { method, body, headers: body ? { 'Content-Type': 'application/json' } : {} });
        return { status: r.status, text: await r.text() };
      };
      const ws = await new Promise((resolve) => {
        const s = new WebSocket(`ws://${location.host}/ws`);
        s.onopen = () => { s.close(); resolve('open'); };
        s.onerror = () => resolve('error');
      });
      return {
        list: await call('GET', '/api/sessions'),
        export: await call('GET', `/api/sessions/${c}/export?format=json&names=1`),
        create: await call('POST', '/api/sessions', '{"template":"proto"}'),
        remove: await call('DELETE', `/api/sessions/${c}`),
        ws,
      };
    }, code);
    for (const k of ['list', 'export', 'create', 'remove']) {
      assert.equal(got[k].status, 403, `${k}: ${got[k].text}`);
      assert.equal(JSON.parse(got[k].text).error.code, 'host_not_allowed', k);
    }
    assert.ok(!got.list.text.includes(code));
    assert.equal(got.ws, 'error');
    assert.deepEqual(await codes(), before, 'nothing created or deleted');
    await context.close();
  });
});

describe('a page of another site', () => {
  it('cannot start a session with a text/plain form or a no-cors fetch, nor load an export', async () => {
    const { code, facilitator_key: key } = await srv.createSession('proto');
    const before = await codes();
    const target = `http://localhost:${srv.port}`;
    const { context, page } = await newPage();
    await page.goto(`http://evil.test:${attackerPort}/`);
    await page.evaluate(async ({ t, c }) => {
      await fetch(`${t}/api/sessions`, { method: 'POST', mode: 'no-cors', headers: { 'Content-Type': 'text/plain' }, body: '{"template":"proto"}' });
      await fetch(`${t}/api/sessions/${c}`, { method: 'DELETE', mode: 'no-cors' }).catch(() => {});
      await new Promise((resolve) => {
        const img = new Image();
        img.onload = img.onerror = resolve;
        img.src = `${t}/api/sessions/${c}/export?format=json&names=1`;
      });
    }, { t: target, c: code });
    // The classic cross-site form: a text/plain body that reads as JSON.
    await page.evaluate((t) => {
      const f = document.createElement('form');
      f.method = 'POST';
      f.action = `${t}/api/sessions`;
      f.enctype = 'text/plain';
      const i = document.createElement('input');
      i.name = '{"template":"proto","x":"';
      i.value = '"}';
      f.append(i);
      document.body.append(f);
      f.submit();
    }, target);
    await page.waitForURL(`${target}/api/sessions`);
    const body = JSON.parse(await page.locator('body').textContent());
    assert.equal(body.error.code, 'origin_not_allowed');
    assert.deepEqual(await codes(), before, 'no session created or deleted');
    const origin = `http://evil.test:${attackerPort}`;
    const logged = (text) => srv.runLog.includes(text);
    for (let t0 = Date.now(); !(logged(`Origin ${origin} is not this server's`) && logged('export refused: sent from a page of another site'))
      && Date.now() - t0 < 3000;) await sleep(20);
    assert.ok(logged(`Origin ${origin} is not this server's`), srv.runLog);
    assert.ok(logged('export refused: sent from a page of another site'), srv.runLog);
    const mine = await srv.http('GET', `/api/sessions/${code}/export?format=json`, { key });
    assert.equal(mine.status, 200, 'the facilitator still gets the export');
    await context.close();
  });
});
