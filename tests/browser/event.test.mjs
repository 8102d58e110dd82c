// A conference day in Chromium (issue 16), against a real server: the start page's event form
// and its printed sheets (A4, one page per table), the entrance on a phone (tables with their
// counts, "least full" picks the right one, joining works), and the live overview on a tablet
// with axe (counts follow a note live, moving all tables to a phase, no sideways scrolling),
// on a laptop, its key prompt, the cross-table export and deleting the event. Participants
// sit at the tables over the WebSocket from node.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { startServer, SHOTS_DIR } from './lib/server.mjs';
import { launch, newPage, checkA11y, shot, assertNoProblems } from './lib/browser.mjs';
import { waitOnline } from './lib/app.mjs';
import { Client, closeAll } from '../protocol/lib/client.mjs';

const LONG = 'Leerlingbegeleidingscoördinatorenoverlegtafel';
const NAMES = ['Tafel Noord', 'Tafel Zuid', LONG, 'Tafel West', 'Tafel Oost'];
// How many sit at each table: the least full is the second (the first of the two with one).
const SEATS = [3, 1, 2, 2, 1];

// Against the device's width: on a phone the layout viewport widens to content that
// overflows, and innerWidth with it.
async function noSideScroll(page, label) {
  const w = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
  const dev = page.viewportSize().width;
  assert.ok(w[0] <= dev && w[1] <= dev, `${label}: page is ${w[0]}px wide (layout ${w[1]}px) on a ${dev}px screen`);
}

// Waits until fn() (run in the page) returns something truthy; returns it.
async function until(page, fn, arg, label, timeout = 12000) {
  const h = await page.waitForFunction(fn, arg, { timeout }).catch(() => null);
  assert.ok(h, `${label}: not within ${timeout} ms`);
  return h.jsonValue();
}

// Pages of a PDF made by Chromium: its page objects ("/Type /Page", not "/Pages").
function pdfPages(buf) {
  return (buf.toString('latin1').match(/\/Type\s*\/Page(?![a-zA-Z])/g) || []).length;
}

describe('a conference day: create, print, entrance, live overview', () => {
  let srv; let browser; let ev;
  const people = [];

  const ws = (label) => Client.connect({ wsUrl: `${srv.base.replace(/^http/, 'ws')}/ws` }, { label });
  const tableCounts = async () => (await (await fetch(`${srv.base}/api/events/${ev.code}/tables`)).json()).tables;

  before(async () => {
    srv = await startServer();
    browser = await launch();
    const r = await fetch(`${srv.base}/api/events`, {
      method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ title: 'Conferentie Passend Onderwijs', template: 'dialoogtafel', tables: 5, table_names: NAMES, language: 'nl' }),
    });
    assert.equal(r.status, 201, await r.clone().text());
    ev = await r.json();
    for (const [i, n] of SEATS.entries()) {
      for (let k = 0; k < n; k += 1) {
        const c = await ws(`t${i}p${k}`);
        await c.join({ code: ev.tables[i].code, name: `Deelnemer ${i}.${k}`, background: 'OOP' });
        people.push({ table: i, c });
      }
    }
  });
  after(async () => {
    await closeAll();
    await browser?.close();
    await srv?.stop();
  });

  it('start page: an organizer makes a day with tables and prints one A4 sheet per table', async () => {
    const { page } = await newPage(browser, 'laptop', 'start-event');
    await page.goto(`${srv.base}/`);
    await page.waitForSelector('.ev-form select option[value=dialoogtafel]', { state: 'attached' });
    await page.fill('.ev-form input[name=title]', 'Studiedag Oost');
    await page.fill('.ev-form input[name=tables]', '4');
    // Three names for four tables: the fourth gets the default name.
    await page.fill('.ev-form textarea', `Tafel Rood\n${LONG}\nTafel Groen`);
    await page.click('.ev-form button[type=submit]');
    await page.waitForSelector('.ev-result');
    const code = (await page.textContent('.ev-result .created-code')).trim();
    const rows = await page.locator('.ev-made-row').evaluateAll((els) => els.map((e) => ({
      name: e.querySelector('.ev-made-name').textContent.replace(/\u00ad/g, ''), code: e.querySelector('.ev-made-code').textContent,
      key: e.querySelector('.ev-made-key code').textContent, url: e.querySelector('.ev-made-url').textContent,
    })));
    assert.deepEqual(rows.map((x) => x.name), ['Tafel Rood', LONG, 'Tafel Groen', 'Tafel 4']);
    for (const x of rows) {
      assert.match(x.code, /^[A-Z0-9]{4,12}$/);
      assert.ok(x.key.length >= 8, x.key);
      assert.ok(x.url.endsWith(`/j/${x.code}`), x.url);
    }
    // The keys stay on this device: the overview and each console open without typing them.
    const kept = await page.evaluate(([c, codes]) => ({
      ekey: localStorage.getItem(`tafel.ekey.${c}`), fkeys: codes.map((x) => localStorage.getItem(`tafel.fkey.${x}`)),
    }), [code, rows.map((x) => x.code)]);
    assert.equal(kept.ekey, (await page.textContent('.ev-result .ev-key')).trim());
    assert.deepEqual(kept.fkeys, rows.map((x) => x.key));
    const listed = await (await fetch(`${srv.base}/api/events/${code}/tables`)).json();
    assert.equal(listed.title, 'Studiedag Oost');
    assert.deepEqual(listed.tables.map((x) => x.code), rows.map((x) => x.code));
    // The list of days beside the form shows the new day without a press on "Vernieuwen".
    await page.locator('.ev-list .session-code', { hasText: code }).waitFor({ timeout: 5000 });
    await checkA11y(page, 'start page with a new day');
    // The sticky top bar would cover part of the card in an element screenshot.
    await page.evaluate(() => { document.querySelector('.topbar').style.position = 'static'; });
    await page.locator('.ev-create').screenshot({ path: path.join(SHOTS_DIR, 'event-create.png') });
    await page.evaluate(() => { document.querySelector('.topbar').style.position = ''; });

    // Printing: the sheets alone, one A4 page per table, each with its QR code loaded.
    await page.waitForFunction(() => [...document.querySelectorAll('.ev-sheet-qr')].every((i) => i.complete && i.naturalWidth > 0));
    const pdf = await page.pdf({ format: 'A4', preferCSSPageSize: true, printBackground: true });
    assert.equal(pdfPages(pdf), 4, 'one page per table');
    await page.emulateMedia({ media: 'print' });
    const sheets = await page.locator('.ev-sheet').evaluateAll((els) => els.map((e) => ({
      name: e.querySelector('.ev-sheet-name').textContent.replace(/\u00ad/g, ''), url: e.querySelector('.ev-sheet-url').textContent,
      console: e.querySelector('.ev-sheet-link').textContent, key: e.querySelector('.ev-sheet-key').textContent,
      shown: e.getBoundingClientRect().height > 0,
    })));
    assert.deepEqual(sheets.map((s) => s.name), rows.map((x) => x.name));
    for (const [i, s] of sheets.entries()) {
      assert.ok(s.shown);
      assert.equal(s.url, rows[i].url);
      assert.ok(s.console.endsWith(`/facilitate/${rows[i].code}`), s.console);
      assert.equal(s.key, rows[i].key);
    }
    assert.equal(await page.locator('#app').isVisible(), false, 'print shows only the sheets');
    await page.setViewportSize({ width: 794, height: 1123 });    // A4 at 96 dpi
    await page.locator('.ev-sheet').nth(1).screenshot({ path: path.join(SHOTS_DIR, 'event-sheet.png') });
    await page.emulateMedia({ media: 'screen' });
    assert.equal(await page.locator('.ev-sheets').isVisible(), false, 'the sheets are for print only');
    await page.close();
  });

  it('entrance on a phone: the tables with their counts; "least full" sends there; joining works', async () => {
    const { context, page } = await newPage(browser, 'phone', 'entrance');
    await page.setViewportSize({ width: 360, height: 640 });
    await page.goto(`${srv.base}/e/${ev.code.toLowerCase()}`);
    await page.waitForSelector('.ev-door-table');
    const shown = await page.locator('.ev-door-table').evaluateAll((els) => els.map((e) => ({
      name: e.querySelector('.ev-door-name').textContent.replace(/\u00ad/g, ''), count: e.querySelector('.ev-door-count').textContent,
      href: e.getAttribute('href'),
    })));
    assert.deepEqual(shown.map((x) => x.name), NAMES);
    assert.deepEqual(shown.map((x) => x.count), SEATS.map((n) => (n === 1 ? '1 deelnemer' : `${n} deelnemers`)));
    assert.deepEqual(shown.map((x) => x.href), ev.tables.map((x) => `/j/${x.code}`));
    assert.match(await page.textContent('.ev-quiet'), /Tafel Zuid · 1 deelnemer/);
    assert.equal(await page.getAttribute('.ev-door-best', 'href'), `/j/${ev.tables[1].code}`);
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'nl');
    await checkA11y(page, 'entrance');
    await noSideScroll(page, 'entrance at 360px');
    await shot(page, 'event-entrance-phone');

    // Someone sits down at Tafel Zuid meanwhile: the counts follow without a reload.
    const late = await ws('late');
    await late.join({ code: ev.tables[1].code, name: 'Laatkomer', background: 'OOP' });
    people.push({ table: 1, c: late });
    await until(page, (c) => document.querySelector(`.ev-door-table[href="/j/${c}"]`)?.dataset.participants === '2',
      ev.tables[1].code, 'the entrance shows the new count');
    // Now Tafel Oost (the last, with one) is the least full.
    await until(page, (c) => document.querySelector('.ev-door-best')?.getAttribute('href') === `/j/${c}`,
      ev.tables[4].code, 'least full moves on');

    // One tap: the least full table (fresh counts), then its join form, as at /j/{code}.
    await page.locator('.ev-quiet').tap();
    await page.waitForURL(`**/j/${ev.tables[4].code}`);
    await page.locator('.join-form input[type=text]').fill('Fatima');
    await page.locator('.tile-label', { hasText: 'Schoolleider' }).first().click();
    await page.locator('.join-form button[type=submit]').click();
    await page.waitForSelector('.pview');
    await waitOnline(page);
    assert.equal((await tableCounts())[4].participants, 2);
    // Back at the entrance, this phone is offered its own table again.
    await page.goto(`${srv.base}/e/${ev.code}`);
    await page.waitForSelector('.ev-door-mine a');
    assert.equal(await page.getAttribute('.ev-door-mine a', 'href'), `/j/${ev.tables[4].code}`);
    // The event's code typed where a table's code goes (/j/) leads to the entrance.
    await page.goto(`${srv.base}/j/${ev.code}`);
    await page.waitForURL(`**/e/${ev.code}`);
    await page.waitForSelector('.ev-door-table');
    await context.close();
  });

  it('live overview on a tablet: axe, live counts, all tables to a phase, no sideways scrolling', async () => {
    const { context, page } = await newPage(browser, 'tablet', 'overview', {
      init: { fn: ([c, k]) => localStorage.setItem(`tafel.ekey.${c}`, k), arg: [ev.code, ev.event_key] },
    });
    await page.setViewportSize({ width: 768, height: 1024 });
    await page.goto(`${srv.base}/event/${ev.code}`);
    await page.waitForSelector('.ev-table');
    await waitOnline(page);
    const seated = await tableCounts();
    const cards = await page.locator('.ev-table').evaluateAll((els) => els.map((e) => ({
      name: e.querySelector('.ev-table-name').textContent.replace(/\u00ad/g, ''), online: e.querySelector('.ev-stat-online dd').textContent,
    })));
    assert.deepEqual(cards.map((x) => x.name), NAMES);
    // Online: those still connected from node (the phone that joined Tafel Oost has left).
    assert.deepEqual(cards.map((x) => x.online),
      seated.map((x, i) => `${people.filter((p) => p.table === i).length}/${x.participants}`));
    assert.equal(seated[4].participants, 2);
    // The phase list comes from the tables' template; the kind is translated, the step shown.
    await page.waitForSelector('.ev-ctl-phase select:not([disabled])');
    assert.match(await page.textContent('.ev-table .phase-line'), /Introductie\s*1\/9/);

    // Move all tables to the bad ideas (phase 4) with that phase's timer.
    await page.selectOption('.ev-ctl-phase select', '3');
    await page.click('.ev-ctl-phase button[type=submit]');
    await page.click('.ev-ctl-phase .ev-confirm .btn-primary');
    await until(page, () => [...document.querySelectorAll('.ev-table')].every((c) => c.dataset.phase === '3'), null, 'every card in phase 4');
    const p0 = people.find((p) => p.table === 0).c;
    const changed = await p0.waitEvent('phase.changed', (e) => e.phase === 3);
    assert.ok(changed.timer && changed.timer.ends_at > Date.now(), 'the phase timer runs');
    assert.match(await page.textContent('.ev-table .phase-line'), /Slechte ideeën\s*4\/9/);
    await until(page, () => !document.querySelector('.ev-table .timer').classList.contains('timer-idle'), null, 'the timer counts down');

    // A participant writes a bad idea: that card's counts follow live, the others stay.
    const card = page.locator(`.ev-table:has(.ev-table-code:text-is("${ev.tables[2].code}"))`);
    const writer = people.find((p) => p.table === 2).c;
    await writer.ok({ type: 'note.add', phase: 3, text: 'Iedereen krijgt een eigen kasteel' });
    await until(page, (c) => document.querySelector(`.ev-table[aria-labelledby="ev-t-${c}"]`)?.dataset.notes === '1',
      ev.tables[2].code, 'the note count follows');
    assert.equal(await card.locator('.ev-stat-notes dd').textContent(), '1');
    assert.equal(await card.locator('.ev-stat-essences dd').textContent(), '1');
    assert.equal(await page.locator('.ev-table[data-notes="1"]').count(), 1);
    assert.ok(!(await page.content()).includes('kasteel'), 'counts only: no note text reaches the overview');

    // The organizer picks the next phase by default now, and its planned minutes.
    assert.equal(await page.inputValue('.ev-ctl-phase select'), '4');
    await page.waitForSelector('.toast', { state: 'detached' });
    await checkA11y(page, 'overview 768x1024');
    await noSideScroll(page, 'overview 768x1024');
    await shot(page, 'event-overview-tablet');
    await page.setViewportSize({ width: 1024, height: 768 });
    await noSideScroll(page, 'overview 1024x768');
    await page.setViewportSize({ width: 1366, height: 768 });
    await noSideScroll(page, 'overview 1366x768');
    await checkA11y(page, 'overview 1366x768');
    await shot(page, 'event-overview-laptop');
    // On a phone the top bar is cut at its end: the day's code comes first and stays in sight.
    await page.setViewportSize({ width: 360, height: 640 });
    await noSideScroll(page, 'overview 360x640');
    const codeShown = await page.locator('.topbar-sub').evaluate((el, code) => {
      const i = el.textContent.indexOf(code);
      const r = document.createRange();
      r.setStart(el.firstChild, i);
      r.setEnd(el.firstChild, i + code.length);
      return i >= 0 && r.getBoundingClientRect().right <= el.getBoundingClientRect().right + 1;
    }, ev.code);
    assert.ok(codeShown, 'the day\'s code is in sight in the top bar at 360 px');
    await page.setViewportSize({ width: 1366, height: 768 });

    // One timer for all tables, locked at zero.
    await page.fill('.ev-ctl-timer input[name=minutes]', '7');
    await page.check('.ev-ctl-timer input[name=lock]');
    await page.click('.ev-ctl-timer button[type=submit]');
    const tm = await p0.waitEvent('timer.changed', (e) => e.timer?.lock === true);
    assert.ok(Math.abs(tm.timer.ends_at - Date.now() - 7 * 60000) < 15000, 'a 7 minute timer');
    await until(page, () => document.querySelectorAll('.ev-table-lock:not(:empty)').length === 5, null, 'every card shows the lock');

    // The cross-table report, fetched with the event key and saved as a file.
    const [dl] = await Promise.all([page.waitForEvent('download'), page.click('.ev-export[data-fmt=json]')]);
    assert.match(dl.suggestedFilename(), /\.json$/);
    const report = JSON.parse(fs.readFileSync(await dl.path(), 'utf8'));
    assert.equal(report.tables.length, 5);

    // The connection drops and comes back: the overview says so, then catches up on what
    // happened meanwhile (a reconnect is a new join whose reply has every table).
    await context.setOffline(true);
    await page.waitForSelector('.ev-over .banner-offline:not([hidden])');
    await writer.ok({ type: 'note.add', phase: 3, text: 'Alle vergaderingen om middernacht' });
    await context.setOffline(false);
    await waitOnline(page);
    await until(page, (c) => document.querySelector(`.ev-table[aria-labelledby="ev-t-${c}"]`)?.dataset.notes === '2',
      ev.tables[2].code, 'the note written while offline is counted');
    assert.equal(await page.locator('.ev-over .banner-offline').isHidden(), true);

    // This tablet has only the event key: a card's Console link opens that table's console
    // without asking (the event key counts as each table's facilitator key).
    const [popup] = await Promise.all([context.waitForEvent('page'), card.locator('a', { hasText: 'Console' }).click()]);
    await popup.waitForSelector('.console');
    await waitOnline(popup);
    await popup.close();

    // The sheets again from here: never the event key on a table's sheet, though this tablet
    // now keeps it for that table's console.
    assert.equal(await page.evaluate((c) => localStorage.getItem(`tafel.fkey.${c}`), ev.tables[2].code), ev.event_key);
    await page.click('.ev-head-links button');
    await page.waitForFunction(() => document.querySelectorAll('body > .ev-sheets .ev-sheet').length === 5);
    const keys = await page.locator('.ev-sheet-key').allTextContents();
    assert.equal(keys.length, 5);
    assert.ok(!keys.includes(ev.event_key), 'the event key is on no sheet');
    await context.close();
  });

  it('overview key prompt: a wrong key is refused, the right one opens it', async () => {
    const { context, page } = await newPage(browser, 'tabletLandscape', 'overview-key');
    await page.goto(`${srv.base}/event/${ev.code}`);
    await page.locator('.key-form input').fill(ev.tables[0].facilitator_key);
    await page.locator('.key-form button[type=submit]').click();
    await page.waitForSelector('.key-form .error-text:not(:empty)');
    await checkA11y(page, 'overview key prompt');
    await page.locator('.key-form input').fill(ev.event_key);
    await page.locator('.key-form button[type=submit]').click();
    await page.waitForSelector('.ev-table');
    await waitOnline(page);
    assert.equal(await page.locator('.ev-table').count(), 5);
    await context.close();
  });

  it('deleting the day asks first, then removes it and its tables', async () => {
    const { context, page } = await newPage(browser, 'laptop', 'overview-delete', {
      init: { fn: ([c, k]) => localStorage.setItem(`tafel.ekey.${c}`, k), arg: [ev.code, ev.event_key] },
    });
    await page.goto(`${srv.base}/event/${ev.code}`);
    await page.waitForSelector('.ev-table');
    await waitOnline(page);
    await page.click('.ev-delete');
    assert.equal((await fetch(`${srv.base}/api/events/${ev.code}/tables`)).status, 200, 'nothing gone before the yes');
    await page.click('.ev-after .confirm .btn-danger');
    await page.waitForSelector('.ev-deleted');
    assert.equal((await fetch(`${srv.base}/api/events/${ev.code}/tables`)).status, 404);
    assert.equal((await fetch(`${srv.base}/api/sessions/${ev.tables[0].code}/qr.svg`)).status, 404);
    assert.equal(await page.evaluate((c) => localStorage.getItem(`tafel.ekey.${c}`), ev.code), null);
    await context.close();
    assertNoProblems();
  });
});
