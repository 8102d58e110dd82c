// The app as it is served (issue 14) boots in Chromium: the build's bundle, compressed or
// not, with the strict CSP; a reload takes the bundle from the browser's cache; and web/ as
// it is (the modules one by one) still works. Speed is measured in bench/firstload.mjs,
// not here.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { startServer } from './lib/server.mjs';
import { launch, watch, assertNoProblems, DEVICES } from './lib/browser.mjs';
import { TafelServer, SOURCE_DIR } from '../protocol/lib/server.mjs';

const NAME_FIELD = '.join-form input[type=text]';

// What the page fetched, from the browser's own resource timing.
const resources = (page) => page.evaluate(() => performance.getEntriesByType('resource')
  .filter((e) => e.initiatorType !== 'xmlhttprequest' && e.initiatorType !== 'fetch')
  .map((e) => ({ path: new URL(e.name).pathname, transfer: e.transferSize, encoded: e.encodedBodySize, decoded: e.decodedBodySize })));

async function open(browser, url, label, contextOpts = {}) {
  const context = await browser.newContext({ ...DEVICES.tablet, locale: 'nl-NL', ...contextOpts });
  const page = watch(await context.newPage(), label);
  page.setDefaultTimeout(10000);
  await page.goto(url);
  await page.waitForSelector(NAME_FIELD);
  return { context, page };
}

describe('loading the app', () => {
  let srv; let browser; let s;
  before(async () => {
    srv = await startServer();
    browser = await launch();
    s = await srv.createSession('dialoogtafel');
  });
  after(async () => {
    await browser?.close();
    await srv?.stop();
  });

  it('boots from one gzip-compressed bundle and stylesheet; a reload takes them from the cache', async () => {
    const { context, page } = await open(browser, `${srv.base}/j/${s.code}`, 'load-gzip');
    const got = await resources(page);
    const bundle = got.filter((r) => /^\/assets\/app-[A-Z0-9]{8}\.(js|css)$/.test(r.path));
    assert.equal(bundle.length, 2, `one bundle and one stylesheet: ${JSON.stringify(got)}`);
    assert.ok(!got.some((r) => /^\/(js|css)\//.test(r.path)), 'no module fetched one by one');
    for (const r of bundle) assert.ok(r.encoded < r.decoded / 2, `${r.path} came compressed: ${r.encoded} of ${r.decoded} bytes`);

    await page.reload();
    await page.waitForSelector(NAME_FIELD);
    const again = await resources(page);
    for (const r of again.filter((x) => x.path.startsWith('/assets/'))) {
      assert.equal(r.transfer, 0, `${r.path} from the cache on reload, not the network`);
    }
    await context.close();
    assertNoProblems();
  });

  it('works for a browser that asks for no compression', async () => {
    const { context, page } = await open(browser, `${srv.base}/j/${s.code}`, 'load-identity',
      { extraHTTPHeaders: { 'Accept-Encoding': 'identity' } });
    const bundle = (await resources(page)).filter((r) => r.path.startsWith('/assets/'));
    assert.equal(bundle.length, 2);
    for (const r of bundle) assert.equal(r.encoded, r.decoded, `${r.path} came unencoded`);
    await page.locator(NAME_FIELD).fill('Ida');
    await page.locator('.tile-label').first().click();
    await page.locator('.join-form button[type=submit]').click();
    await page.waitForSelector('.pview');
    await context.close();
    assertNoProblems();
  });
});

describe('web/ as it is (--web web)', () => {
  let srv; let browser;
  before(async () => {
    srv = new TafelServer({ templates: path.join(SOURCE_DIR, 'sessions'), args: ['--web', path.join(SOURCE_DIR, 'web')] });
    await srv.start();
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
    await srv?.cleanup();
  });

  it('boots from the modules one by one', async () => {
    const s = await srv.createSession('dialoogtafel');
    const { context, page } = await open(browser, `${srv.base}/j/${s.code}`, 'load-sources');
    const got = await resources(page);
    assert.ok(got.some((r) => r.path === '/js/app.js'), 'the entry module');
    assert.ok(!got.some((r) => r.path.startsWith('/assets/')), 'no bundle');
    await context.close();
    assertNoProblems();
  });
});
