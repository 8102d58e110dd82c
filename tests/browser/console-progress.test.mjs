// The facilitator's console with a realistic table of eight (seated from node over the
// WebSocket): live progress per participant and the headline ("5 van 8 hebben geschreven",
// essences missing, dots left, who has not voted), the live vote chart's bar widths, the
// timer as the console drives it (planned minutes in one tap, +1 min, Next stops or starts
// the next phase's timer, the lock at zero), the warning before leaving a private phase
// unrevealed, the room-screen controls (screen.set) and the wrap-up's planned and actual
// minutes. At 1366x768 (screenshots), 1024x768, 768x1024 and 360x640 (no sideways scroll).
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './lib/server.mjs';
import { launch, newPage, shot, assertNoProblems } from './lib/browser.mjs';
import { template, waitOnline, waitPhase, phaseIndex } from './lib/app.mjs';
import { seatTable, facilitatorClient, closeAll, NOTE_TEXTS, LONG_WORDS } from './lib/table.mjs';
import { Client } from '../protocol/lib/client.mjs';

const Q = ['thinks', 'feels', 'says', 'does'];

async function eventually(fn, what, timeout = 10000) {
  const t0 = Date.now();
  let last;
  for (;;) {
    try { last = await fn(); if (last === true) return; } catch (e) { last = e.message; }
    if (Date.now() - t0 > timeout) assert.fail(`timed out: ${what} (last: ${JSON.stringify(last)})`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('the console with a table of eight', () => {
  let srv; let browser; let s; let tpl; let fac; let page; let people; let watcher;
  const text = async (sel) => (await page.locator(sel).first().textContent()).replace(/\s+/g, ' ').trim();
  const person = (name) => page.locator('.people .person', { has: page.locator('.person-name', { hasText: new RegExp(`^${name}$`) }) });

  before(async () => {
    srv = await startServer();
    browser = await launch();
    tpl = template('dialoogtafel');
    s = await srv.createSession('dialoogtafel', { title: 'Dialoogtafel ontwikkelingsperspectief (OPP)' });
    people = await seatTable(srv.base, s.code, tpl.backgrounds);
    fac = await facilitatorClient(srv.base, s);
    // A screen connection watches what the room screen is told.
    watcher = await Client.connect({ wsUrl: `${srv.base.replace(/^http/, 'ws')}/ws` }, { label: 'screen-ws' });
    await watcher.join({ code: s.code, screen: true });
    const np = await newPage(browser, 'laptop', 'console', {
      init: { fn: ([c, k]) => localStorage.setItem(`tafel.fkey.${c}`, k), arg: [s.code, s.facilitator_key] },
    });
    page = np.page;
    await page.setViewportSize({ width: 1366, height: 768 });
    await page.goto(`${srv.base}/facilitate/${s.code}`);
    await page.waitForSelector('.console');
    await waitOnline(page);
  });
  after(async () => {
    await closeAll([...(people || []), fac, watcher].filter(Boolean));
    await browser?.close();
    await srv?.stop();
  });

  it('shows who has written in an empathy map, per participant and as "x van 8"', async () => {
    // The intro has no progress to show: no pill beside a name, and no stray "null".
    await eventually(async () => (await page.locator('.people .person').count()) === 8, 'eight in the list');
    assert.equal(await page.locator('.people .person-prog').count(), 0, 'no progress pill in the intro');
    assert.doesNotMatch(await text('.people'), /null|undefined/);
    const m = phaseIndex(tpl, 'empathy_map');
    await page.locator('.phase-item').nth(m).click();
    await waitPhase(page, m);
    await eventually(async () => /0 van 8 hebben geschreven/.test(await text('.progress-head')), 'nobody wrote yet');
    // Five of eight write: 1, 2, 3, 1, 2 notes.
    const counts = [1, 2, 3, 1, 2];
    for (const [i, n] of counts.entries()) {
      for (let k = 0; k < n; k += 1) {
        await people[i].ok({ type: 'note.add', phase: m, quadrant: Q[(i + k) % 4], text: `${NOTE_TEXTS[(i + k) % NOTE_TEXTS.length]} (${LONG_WORDS[k % 3]})` });
      }
    }
    await eventually(async () => /5 van 8 hebben geschreven/.test(await text('.progress-head')), '5 of 8 wrote');
    assert.match(await person('Chantal').locator('.person-prog').textContent(), /3 notities/);
    assert.match(await person('Annelies').locator('.person-prog').textContent(), /1 notitie$/);
    for (const name of ['Femke', 'Gerrit', 'Hanneke']) {
      assert.match(await person(name).locator('.person-prog').textContent(), /nog niets/, name);
      assert.equal(await person(name).locator('.prog-idle').count(), 1, `${name} stands out`);
    }
    // Live: one more writes.
    await people[5].ok({ type: 'note.add', phase: m, quadrant: 'does', text: 'Regelt het samenwerkingsverbanden-overleg' });
    await eventually(async () => /6 van 8 hebben geschreven/.test(await text('.progress-head')), '6 of 8 wrote');
    // The backgrounds, counted in the plural.
    assert.match(await text('.people-bgs'), /2 OOP’ers/);
    assert.match(await text('.people-bgs'), /2 schoolleiders/);
    assert.match(await text('.people-bgs'), /1 medewerker raad/, 'the singular in lower case as the plurals are');
    await page.evaluate(() => document.querySelector('.console-side')?.scrollTo(0, 0));
    await shot(page, 'console-progress');
  });

  it('counts the essences still missing in the bad ideas', async () => {
    const b = phaseIndex(tpl, 'bad_ideas');
    await fac.ok({ type: 'phase.set', index: b });
    await waitPhase(page, b);
    const ids = [];
    for (let i = 0; i < 4; i += 1) {
      const r = await people[i].ok({ type: 'note.add', phase: b, text: `Het ${LONG_WORDS[i % 3]} afschaffen` });
      ids.push(r.id);
    }
    await people[0].ok({ type: 'note.add', phase: b, text: 'Iedereen werkt gratis' });
    await eventually(async () => /4 van 8 hebben geschreven · nog 5 slechte ideeën zonder essentie/.test(await text('.progress-head')), 'five essences missing');
    assert.match(await person('Annelies').locator('.person-prog').textContent(), /^2 notities$/);
    assert.match(await person('Annelies').locator('.person-sub').textContent(), /2 zonder essentie/);
    await fac.ok({ type: 'reveal', phase: b });
    await people[5].ok({ type: 'note.essence', id: ids[1], text: 'Minder papierwerk' });
    await eventually(async () => /nog 4 slechte ideeën zonder essentie/.test(await text('.progress-head')), 'four missing');
    assert.match(await person('Bram').locator('.person-prog').textContent(), /^1 notitie$/);
  });

  it('draws the live vote chart in proportion, shows dots left and who has not voted', async () => {
    const v = phaseIndex(tpl, 'vote');
    const ids = [];
    for (const title of ['Een duidelijk takenpakket per OOP’er', 'Doorgroeien via samenwerkingsverbanden', 'Waardering in het team']) {
      ids.push((await fac.ok({ type: 'cluster.add', title })).id);
    }
    await fac.ok({ type: 'phase.set', index: v });
    await waitPhase(page, v);
    await page.locator('.tab', { hasText: 'Stemmen' }).click();
    await eventually(async () => /0 van 8 hebben nog stippen over|8 van 8 hebben nog stippen over/.test(await text('.progress-head')), 'headline in the vote');
    // 9, 7 and 5 votes, cast while the chart is on screen (no reload).
    const plan = [[0, 0, 0], [0, 0, 0], [0, 0, 0], [1, 1, 1], [1, 1, 1], [1, 2, 2], [2, 2, 2]];
    for (const [i, choice] of plan.entries()) for (const c of choice) await people[i].ok({ type: 'vote', cluster: ids[c], delta: 1 });
    const want = [0, 0, 0];
    for (const choice of plan) for (const c of choice) want[c] += 1;
    assert.deepEqual(want, [9, 7, 5]);
    await eventually(async () => {
      const vals = await page.locator('.chart .bar-value').allTextContents();
      return vals.join(',') === '9,7,5';
    }, 'chart totals 9,7,5');
    const widths = await page.locator('.chart .bar').evaluateAll((bars) => bars.map((b) => {
      const track = b.querySelector('.bar-track').getBoundingClientRect().width;
      const fill = b.querySelector('.bar-fill');
      return { style: fill.style.width, ratio: fill.getBoundingClientRect().width / track };
    }));
    assert.deepEqual(widths.map((w) => w.style), ['100%', '78%', '56%']);
    // Drawn widths follow once the transition is over: never past the track.
    await page.waitForTimeout(800);
    const drawn = await page.locator('.chart .bar').evaluateAll((bars) => bars.map((b) => b.querySelector('.bar-fill').getBoundingClientRect().width / b.querySelector('.bar-track').getBoundingClientRect().width));
    for (const [i, r] of drawn.entries()) assert.ok(Math.abs(r - [1, 7 / 9, 5 / 9][i]) < 0.02, `bar ${i} drawn at ${r}`);
    // Gerrit takes one dot back: the chart follows at once (5 -> 4), and he has 1 left.
    await people[6].ok({ type: 'vote', cluster: ids[2], delta: -1 });
    await eventually(async () => (await page.locator('.chart .bar-fill').evaluateAll((f) => f.map((x) => x.style.width))).join() === '100%,78%,44%', 'chart after a vote taken back');
    // Dots: Hanneke has not voted; Gerrit has 1 left; Annelies used all 3.
    await eventually(async () => /2 van 8 hebben nog stippen over · nog niet gestemd: Hanneke/.test(await text('.progress-head')), 'dots left headline');
    assert.match(await person('Gerrit').locator('.person-prog').textContent(), /nog 1 van 3 stippen/);
    assert.match(await person('Annelies').locator('.person-prog').textContent(), /alle stippen gebruikt/);
    // A long pill wraps beside the name; it does not squeeze the name into a column of
    // syllables (names were 33 px wide, "Ann / eli / es"): no word of a name is broken.
    const broken = await page.locator('.people .person-name').evaluateAll((els) => els.flatMap((el) => {
      const out = [];
      const text = el.firstChild;
      for (const m of text.data.matchAll(/[^\s-]+/g)) {
        const r = document.createRange();
        r.setStart(text, m.index);
        r.setEnd(text, m.index + m[0].length);
        if (new Set([...r.getClientRects()].map((x) => Math.round(x.top))).size > 1) out.push(m[0]);
      }
      return out;
    }));
    assert.deepEqual(broken, [], 'names broken inside a word beside the dots');
    assert.match(await page.locator('.voter', { hasText: 'Hanneke' }).textContent(), /nog niet gestemd/);
    // The reveal on the room screen is its own moment.
    watcher.drain();
    await page.locator('.results-reveal').click();
    await watcher.waitEvent('screen.changed', (e) => e.screen.results === true);
    await page.waitForSelector('.results-reveal[aria-pressed="true"]');
    await page.evaluate(() => document.querySelector('.console-side')?.scrollTo(0, 0));
    await shot(page, 'console-results');
  });

  it('drives the timer: planned minutes in one tap, +1 min, Next with and without the next timer, the lock', async () => {
    watcher.drain();
    const v = phaseIndex(tpl, 'vote');
    const planned = tpl.phases[v].minutes;
    await page.locator('.timer-planned').click();
    let ev = await watcher.waitEvent('timer.changed', (e) => e.timer && e.timer.ends_at);
    const left = (e) => (e.timer.ends_at - Date.now()) / 1000;
    assert.ok(Math.abs(left(ev) - planned * 60) < 5, `started ${planned} min (${left(ev)} s)`);
    const end1 = ev.timer.ends_at;
    await page.locator('.timer-plus').click();
    ev = await watcher.waitEvent('timer.changed', (e) => e.timer && e.timer.ends_at > end1);
    assert.equal(ev.timer.ends_at - end1, 60000, '+1 min');
    // Next, with the option on: the next phase's timer runs at once.
    assert.equal(await page.locator('#ctl-next-timer').isChecked(), true, 'on by default');
    await page.locator('.ctl-nav button', { hasText: 'Volgende' }).click();
    ev = await watcher.waitEvent('phase.changed', (e) => e.phase === v + 1);
    assert.ok(ev.timer && Math.abs(left(ev) - tpl.phases[v + 1].minutes * 60) < 5, 'next phase timer started');
    // Back, with the option off: the timer stops.
    await page.locator('#ctl-next-timer').uncheck();
    await page.locator('.ctl-nav button', { hasText: 'Terug' }).click();
    ev = await watcher.waitEvent('phase.changed', (e) => e.phase === v);
    assert.equal(ev.timer, null, 'phase change stops the timer');
    await page.waitForSelector('.ctl .timer.timer-idle');
    // The lock: a locked timer at zero closes participants' changes.
    const m = phaseIndex(tpl, 'ideal_ideas');
    await page.locator('.phase-item').nth(m).click();
    await waitPhase(page, m);
    await page.locator('#timer-lock').check();
    await page.locator('.input-minutes').fill('1');
    await page.locator('.timer-other button', { hasText: /^Start$/ }).click();
    ev = await watcher.waitEvent('timer.changed', (e) => e.timer?.lock === true);
    await page.waitForSelector('.tag-lock:not([hidden])');
    await people[6].ok({ type: 'note.add', phase: m, text: 'Nog net op tijd' });
    await fac.ok({ type: 'timer.add', seconds: -120 });       // at zero now
    await people[6].err({ type: 'note.add', phase: m, text: 'Te laat' }, 'phase_closed');
    await page.locator('.timer-plus').click();                // time again: open again
    await watcher.waitEvent('timer.changed', (e) => e.timer?.ends_at > Date.now());
    await people[6].ok({ type: 'note.add', phase: m, text: 'Met een minuut extra' });
    await page.locator('#timer-lock').uncheck();
    await page.locator('#ctl-next-timer').check();
  });

  it('warns before leaving a private phase unrevealed, and offers the reveal', async () => {
    const b = phaseIndex(tpl, 'bad_ideas');
    assert.ok(tpl.phases[b].private, 'the template has a private bad-ideas phase');
    // A fresh session, so that the bad ideas are not revealed yet.
    const s2 = await srv.createSession('dialoogtafel');
    const table = await seatTable(srv.base, s2.code, tpl.backgrounds, 2);
    const f2 = await facilitatorClient(srv.base, s2);
    await f2.ok({ type: 'phase.set', index: b });
    await table[0].ok({ type: 'note.add', phase: b, text: 'Alle leerlingbegeleidingscoördinatoren weg' });
    const np = await newPage(browser, 'laptop', 'console-2', {
      init: { fn: ([c, k]) => localStorage.setItem(`tafel.fkey.${c}`, k), arg: [s2.code, s2.facilitator_key] },
    });
    const p2 = np.page;
    await p2.setViewportSize({ width: 1024, height: 768 });
    await p2.goto(`${srv.base}/facilitate/${s2.code}`);
    await waitOnline(p2);
    // Before the reveal the room is at step 1 (writing alone); the console says the same.
    await p2.waitForSelector('.steps .step-current');
    assert.match(await p2.locator('.steps .step-current').textContent(), /^1/);
    await p2.locator('.ctl-nav button', { hasText: 'Volgende' }).click();
    const ask = p2.locator('.confirm-warn');
    await ask.waitFor();
    assert.match(await ask.textContent(), /nog niet onthuld/);
    assert.equal(await p2.getAttribute('body', 'data-phase'), String(b), 'still in the phase');
    await ask.locator('button', { hasText: 'Onthullen en verder' }).click();
    await f2.waitEvent('phase.revealed', (e) => e.phase === b);
    await f2.waitEvent('phase.changed', (e) => e.phase === b + 1);
    await waitPhase(p2, b + 1);
    await np.context.close();
    await closeAll([...table, f2]);
  });

  it('controls the room screen: join panel, progress, sound, spotlight on a note, quadrant and direction', async () => {
    watcher.drain();
    await page.locator('#scr-progress').check();
    await watcher.waitEvent('screen.changed', (e) => e.screen.progress === true);
    await page.locator('#scr-join').uncheck();
    await watcher.waitEvent('screen.changed', (e) => e.screen.join === false);
    await page.locator('#scr-sound').check();
    await watcher.waitEvent('screen.changed', (e) => e.screen.sound === true);
    // A note.
    const m = phaseIndex(tpl, 'ideal_ideas');
    await page.locator('.tab', { hasText: 'Notities' }).click();
    const card = page.locator('.note', { hasText: 'Met een minuut extra' });
    await card.locator('.btn-spot').click();
    const ev = await watcher.waitEvent('screen.changed', (e) => e.screen.spotlight?.kind === 'note');
    assert.ok(ev.screen.spotlight.id);
    await page.waitForSelector('.spot-now:not([hidden])');
    assert.match(await text('.spot-text'), /Met een minuut extra/);
    assert.equal(await card.locator('.btn-spot').getAttribute('aria-pressed'), 'true');
    await page.locator('.spot-now button', { hasText: 'Spotlight uit' }).click();
    await watcher.waitEvent('screen.changed', (e) => e.screen.spotlight === null);
    // A quadrant of an empathy map.
    const e0 = phaseIndex(tpl, 'empathy_map');
    await page.locator('.notes-panel select').selectOption(String(e0));
    await page.locator('.quadrant-feels .quadrant-head .btn-spot').click();
    await watcher.waitEvent('screen.changed', (e) => e.screen.spotlight?.kind === 'quadrant' && e.screen.spotlight.quadrant === 'feels');
    // A direction.
    await page.locator('.tab', { hasText: 'Richtingen' }).click();
    await page.locator('.dir-edit').first().locator('.btn-spot').click();
    await watcher.waitEvent('screen.changed', (e) => e.screen.spotlight?.kind === 'cluster');
    // A phase change clears it.
    await page.locator('.phase-item').nth(m + 1).click();
    await waitPhase(page, m + 1);
    await page.waitForSelector('.spot-now[hidden]', { state: 'attached' });
  });

  it('shows planned and actual minutes per phase in the wrap-up', async () => {
    await page.locator('.tab', { hasText: 'Samenvatting' }).click();
    const rows = page.locator('.times tbody tr');
    assert.equal(await rows.count(), tpl.phases.length);
    for (const [i, p] of tpl.phases.entries()) {
      const cells = await rows.nth(i).locator('td').allTextContents();
      assert.equal(cells[0], `${p.minutes} min`, `planned ${i}`);
      assert.match(cells[1], /^(\d+ min|< 1 min|—)$/, `actual ${i}`);
    }
    // Phases that were entered have a time; the wrap-up never was.
    assert.match((await rows.nth(phaseIndex(tpl, 'vote')).locator('td').allTextContents())[1], /^(\d+ min|< 1 min)$/);
    assert.equal((await rows.nth(phaseIndex(tpl, 'wrap_up')).locator('td').allTextContents())[1], '—');
    assert.match(await text('.times tfoot'), new RegExp(`${tpl.phases.reduce((a, p) => a + p.minutes, 0)} min`));
    // The export's language and chapter fields stand side by side, labels on one line.
    const tops = await page.locator('.export-opts .field-label').evaluateAll((ls) => ls.map((l) => Math.round(l.getBoundingClientRect().top)));
    assert.equal(tops.length, 2);
    assert.ok(Math.abs(tops[0] - tops[1]) <= 1, `export labels at ${tops}`);
  });

  it('fits 1024x768, 768x1024, 360x640 and 320 px without sideways scrolling', async () => {
    for (const [w, h] of [[1366, 768], [1024, 768], [768, 1024], [360, 640], [320, 640]]) {
      await page.setViewportSize({ width: w, height: h });
      // Every tab is in sight (they wrap; none hides past the edge of the bar).
      const hiddenTabs = await page.locator('.tabs').evaluate((bar) => {
        const box = bar.getBoundingClientRect();
        return [...bar.querySelectorAll('.tab')].filter((tb) => {
          const r = tb.getBoundingClientRect();
          return r.left < box.left - 1 || r.right > box.right + 1;
        }).map((tb) => tb.textContent);
      });
      assert.deepEqual(hiddenTabs, [], `tabs out of sight at ${w}px`);
      // The join code in the top bar is in sight on a tablet and up (the line is cut at its
      // end when narrow; a phone has room for the title's first letters only).
      const codeShown = w < 768 ? true : await page.locator('.topbar-sub').evaluate((el, code) => {
        const node = el.firstChild;
        const i = node.data.indexOf(code);
        if (i < 0) return false;
        const r = document.createRange();
        r.setStart(node, i);
        r.setEnd(node, i + code.length);
        return r.getBoundingClientRect().right <= el.getBoundingClientRect().right + 1;
      }, s.code);
      assert.ok(codeShown, `the code ${s.code} is in sight in the top bar at ${w}px`);
      for (const tab of ['Notities', 'Clusteren', 'Richtingen', 'Stemmen', 'Samenvatting']) {
        await page.locator('.tab', { hasText: tab }).click();
        const sw = await page.evaluate(() => Math.max(document.documentElement.scrollWidth, window.innerWidth));
        assert.ok(sw <= w, `console ${tab} at ${w}px: ${sw}px wide`);
      }
    }
    await page.setViewportSize({ width: 1366, height: 768 });
  });

  it('had no script errors and no CSP violations', () => { assertNoProblems(); });
});
