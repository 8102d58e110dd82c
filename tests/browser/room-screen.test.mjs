// The room screen with a real table of eight (seated over WebSocket from node, see
// lib/room-table.mjs): every phase at 1920x1080 and 1280x720 shows everything it holds,
// whole, inside the screen — at once, or by pages that turn by themselves (here every
// 1.5 s, ?page=1500ms) so that each note is seen within a minute; text sizes; no scrolling
// either way, also at 768x1024 and 360x640; the vote chart's bars; the timer's signal at
// zero; the end; an outage; and, where the server has screen.set, the spotlight, the join
// panel, progress counts and the reveal of the results. Screenshots go to docs/screenshots/.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, sleep } from './lib/server.mjs';
import { launch, newPage, shot as takeShot, assertNoProblems, checkA11y } from './lib/browser.mjs';
import { template, phaseIndex, waitOnline } from './lib/app.mjs';
import * as table from './lib/room-table.mjs';

const BIG = { width: 1920, height: 1080 };
const SMALL = { width: 1280, height: 720 };
const NARROW = [{ width: 768, height: 1024 }, { width: 360, height: 640 }];

describe('the room screen', () => {
  let srv; let browser; let s; let tpl; let tb; let big; let small; let screenSet = false;
  const ids = {};

  before(async () => {
    srv = await startServer();
    browser = await launch();
    tpl = template('dialoogtafel');
    s = await srv.createSession('dialoogtafel');
    tb = await table.seat(srv, s);
    const r = await tb.fac.request({ type: 'screen.set', join: true });
    screenSet = r.type === 'ok';
    big = await openScreen(BIG);
    small = await openScreen(SMALL);
  });
  after(async () => {
    await browser?.close();
    const exit = await srv?.stop();
    if (exit) assert.equal(exit.code, 0, `server exit ${JSON.stringify(exit)}\n${srv.log}`);
  });

  async function openScreen(size) {
    const { page } = await newPage(browser, 'projector', `screen-${size.width}`);
    await page.setViewportSize(size);
    await page.goto(`${srv.base}/screen/${s.code}?page=1500ms`);
    await page.waitForSelector('.screen');
    await waitOnline(page);
    return page;
  }

  async function toPhase(i) {
    await tb.fac.ok({ type: 'phase.set', index: i });
    for (const p of [big, small]) await p.waitForSelector(`body[data-phase="${i}"]`);
    await settle();
  }
  // Lets the screens draw and fit what just arrived.
  const settle = async () => { await sleep(300); for (const p of [big, small]) await p.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))); };

  // Everything at both sizes: no scrolling, fonts, and each of `want` seen whole.
  async function checkBoth(label, sel, want, opts = {}) {
    for (const [page, min, pref] of [[big, 20, 24], [small, 14, null]]) {
      await noScroll(page, `${label} ${page.viewportSize().width}`);
      await seenWhole(page, sel, want, `${label} ${page.viewportSize().width}`);
      await fonts(page, `${label} ${page.viewportSize().width}`, min, pref, opts);
    }
  }

  it('intro: the join panel, the table, nothing scrolls', async () => {
    await toPhase(0);
    for (const p of [big, small]) {
      assert.equal((await p.locator('.screen-code').textContent()).trim(), s.code);
      assert.ok(await p.locator('.screen-qr').isVisible());
      await waitFor(p, async () => /8/.test(await p.locator('.screen-people').textContent()), 'eight online');
      await noScroll(p, 'intro');
      // A long surname ("Schimmelpenninck") breaks inside its chip; it does not run into the
      // next column.
      const out = await p.locator('.s-people .s-chip').evaluateAll((chips) => chips.filter((c) => {
        const name = c.querySelector('.chip-name');
        return name.scrollWidth > name.clientWidth + 1 || name.getBoundingClientRect().right > c.getBoundingClientRect().right + 1;
      }).map((c) => c.textContent));
      assert.deepEqual(out, [], `names sticking out of their chips at ${p.viewportSize().width}px`);
    }
    assert.equal(await big.evaluate(() => document.documentElement.lang), 'nl');
    // The intro is step 1 itself: the line under it points to the next step, not to a
    // first step that would start "shortly".
    assert.match(await big.locator('.s-wait').textContent(), /volgende stap/);
    await a11y(big, 'screen intro');
    await narrow('intro');
  });

  it('empathy maps: forty notes in four quadrants, all shown whole', async () => {
    for (const [k, m] of tpl.phases.map((p, i) => ({ ...p, i })).filter((p) => p.kind === 'empathy_map').entries()) {
      await toPhase(m.i);
      const want = await table.fillEmpathy(tb, m.i);
      ids[`empathy${k}`] = want;
      await waitFor(big, async () => (await big.locator('.s-note').count()) === 40, '40 notes on the screen');
      await settle();
      // All four quadrants are in sight.
      for (const p of [big, small]) {
        for (const q of ['thinks', 'feels', 'says', 'does']) {
          const r = await p.locator(`.quadrant-${q}`).boundingBox();
          const v = p.viewportSize();
          assert.ok(r && r.y >= 0 && r.y + r.height <= v.height + 1 && r.x + r.width <= v.width + 1, `quadrant ${q} in sight at ${v.width}`);
        }
      }
      await checkBoth(`empathy map ${k}`, '.s-note', want);
      if (k === 0) await a11y(big, 'screen empathy map');
      if (k === 0) {
        await shot(big, 'screen-empathy-map');
        await shot(small, 'screen-720p-empathy-map');
        await narrow('empathy map');
      }
    }
  });

  it('bad ideas: face down while private, then revealed with their essences', async () => {
    const b = phaseIndex(tpl, 'bad_ideas');
    await toPhase(b);
    ids.bad = await table.fillBad(tb, b);
    await waitFor(big, async () => (await big.locator('.s-tile').count()) === 12, 'twelve face-down notes');
    for (const p of [big, small]) {
      assert.equal(await p.locator('.s-note').count(), 0, 'no text of a private phase');
      assert.doesNotMatch(await p.locator('#main').innerText(), /robots/);
      await noScroll(p, 'private bad ideas');
    }
    if (screenSet) {
      // A private note in the spotlight stays face down.
      await tb.fac.ok({ type: 'screen.set', spotlight: { kind: 'note', id: ids.bad[0] } });
      await big.waitForSelector('.screen[data-spotlight="note"] .s-stage .note-hidden');
      assert.doesNotMatch(await big.locator('#main').innerText(), /robots/);
      await tb.fac.ok({ type: 'screen.set', spotlight: null });
      await big.waitForSelector('.screen[data-spotlight=""] .s-tile');
    }
    await tb.fac.ok({ type: 'reveal', phase: b });
    await table.essences(tb, ids.bad);
    await waitFor(big, async () => (await big.locator('.s-essence:not([hidden])').count()) === 12, 'twelve essences');
    await settle();
    await checkBoth('bad ideas', '.s-note', ids.bad);
    await narrow('bad ideas');
  });

  it('ideal ideas', async () => {
    const i = phaseIndex(tpl, 'ideal_ideas');
    await toPhase(i);
    ids.ideal = await table.fillIdeal(tb, i);
    await waitFor(big, async () => (await big.locator('.s-note').count()) === 13, '13 ideas');
    await settle();
    await checkBoth('ideal ideas', '.s-note', ids.ideal);
  });

  it('clustering: 25 ideas, 5 directions, every idea shown whole', async () => {
    const c = phaseIndex(tpl, 'cluster');
    await toPhase(c);
    ids.clusters = await table.cluster(tb, ids.bad, ids.ideal);
    await waitFor(big, async () => (await big.locator('.s-dir').count()) === 5, 'five directions');
    await waitFor(big, async () => (await big.locator('.s-stage .idea').count()) === 25, '25 ideas');
    await settle();
    await checkBoth('clustering', '.s-stage .idea', [...ids.bad, ...ids.ideal]);
    // "from the bad idea" is readable.
    const from = await big.locator('.idea-from').first().evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    assert.ok(from >= 20, `“uit het slechte idee” at ${from}px`);
    await shot(big, 'screen-clustering');
    await narrow('clustering');
  });

  it('voting: no totals on the screen; progress counts when switched on; the reveal', async () => {
    const v = phaseIndex(tpl, 'vote');
    await toPhase(v);
    if (screenSet) await tb.fac.ok({ type: 'screen.set', progress: true, results: false });
    await table.vote(tb, ids.clusters);
    for (const p of [big, small]) {
      assert.equal(await p.locator('.screen-chart:visible').count(), 0, 'no chart during the vote');
      assert.equal(await p.locator('.cluster-votes:visible').count(), 0, 'no totals during the vote');
      await noScroll(p, 'vote');
    }
    if (screenSet) {
      await waitFor(big, async () => /22 van 24 stippen/.test(await big.locator('.s-progress').textContent()), 'dots used on the screen');
      assert.match(await big.locator('.s-progress').textContent(), /8 van 8 hebben gestemd/);
      // Revealed while the vote runs: screens have no totals yet, and say so.
      await tb.fac.ok({ type: 'screen.set', results: true });
      await big.waitForSelector('.s-pending:not([hidden])');
      assert.equal(await big.locator('.screen-chart:visible').count(), 0, 'no chart without totals');
      await tb.fac.ok({ type: 'screen.set', results: false });
      await big.waitForSelector('.s-pending', { state: 'hidden' });
    }
    await narrow('vote');
  });

  it('elaboration: the results revealed as a chart, bars in proportion', async () => {
    const e = phaseIndex(tpl, 'elaborate');
    await toPhase(e);
    await table.elaborate(tb, ids.clusters);
    if (screenSet) {
      await settle();
      assert.equal(await big.locator('.screen-chart:visible').count(), 0, 'no chart before the reveal');
      await tb.fac.ok({ type: 'screen.set', results: true });
      // The reveal: the bars grow in (the screen saw the moment).
      await big.waitForSelector('.s-chart.chart-revealing', { timeout: 3000 });
    }
    await big.waitForSelector('.screen-chart:not([hidden]) .bar');
    await sleep(2600);   // the bars grow in
    for (const p of [big, small]) {
      const bars = await p.locator('.screen-chart .bar').evaluateAll((els) => els.map((li) => ({
        v: Number(li.querySelector('.bar-value').textContent),
        w: li.querySelector('.bar-fill').getBoundingClientRect().width,
        track: li.querySelector('.bar-track').getBoundingClientRect().width,
      })));
      assert.deepEqual(bars.map((b) => b.v), [11, 5, 3, 2, 1], 'ordered by votes');
      for (const b of bars) {
        assert.ok(b.w <= b.track + 0.5, `bar ${b.w} within its track ${b.track}`);
        assert.ok(Math.abs(b.w / b.track - b.v / 11) < 0.02, `bar for ${b.v} is ${b.w}/${b.track}`);
      }
    }
    await checkBoth('elaboration', '.s-dir', ids.clusters);
    await a11y(big, 'screen with results');
    await shot(big, 'screen-results');
    await narrow('elaboration');
  });

  it('wrap-up: summary and directions with their elaboration, all whole', async () => {
    const w = phaseIndex(tpl, 'wrap_up');
    await toPhase(w);
    await tb.fac.ok({ type: 'summary.set', text: table.SUMMARY });
    await waitFor(big, async () => /vervolgbijeenkomst/.test(plain(await big.locator('.summary-text').textContent())), 'summary');
    await settle();
    await checkBoth('wrap-up', '.s-dir', ids.clusters);
    for (const p of [big]) {
      const fs = await p.locator('.summary-text').evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
      assert.ok(fs >= 20, `summary at ${fs}px`);
    }
    await shot(big, 'screen-wrap-up');
    await narrow('wrap-up');
  });

  it('spotlight, join panel and progress follow screen.set', { skip: false }, async (t) => {
    if (!screenSet) { t.skip('server without screen.set'); return; }
    const m = phaseIndex(tpl, 'empathy_map');
    await toPhase(m);
    // The join panel hidden: the stage takes the width.
    const before = (await big.locator('.s-stage').boundingBox()).width;
    await tb.fac.ok({ type: 'screen.set', join: false });
    await big.waitForSelector('.screen-join', { state: 'hidden' });
    await settle();
    assert.ok((await big.locator('.s-stage').boundingBox()).width > before + 200, 'the stage is wider');
    await shot(big, 'screen-empathy-map-seated');
    // Progress: counts only.
    await tb.fac.ok({ type: 'screen.set', progress: true });
    await waitFor(big, async () => /8 van 8 hebben geschreven/.test(await big.locator('.s-progress').textContent()), 'writers counted');
    // A note in the spotlight: large, alone.
    const id = ids.empathy0[1];
    await tb.fac.ok({ type: 'screen.set', spotlight: { kind: 'note', id } });
    await big.waitForSelector(`.screen[data-spotlight="note"] .s-note[data-id="${id}"]`);
    await settle();
    assert.equal(await big.locator('.s-stage .s-note').count(), 1);
    const fs = await big.locator('.s-stage .note-text').evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    assert.ok(fs >= 40, `spotlit note at ${fs}px`);
    await shot(big, 'screen-spotlight');
    // A quadrant.
    await tb.fac.ok({ type: 'screen.set', spotlight: { kind: 'quadrant', quadrant: 'feels' } });
    await big.waitForSelector('.screen[data-spotlight="quadrant"] .quadrant-feels');
    assert.equal(await big.locator('.s-stage .quadrant').count(), 1);
    await settle();
    await seenWhole(big, '.s-note', ids.empathy0.slice(10, 20), 'spotlit quadrant');
    // A new phase clears the spotlight.
    await toPhase(phaseIndex(tpl, 'cluster'));
    assert.equal(await big.locator('.screen').getAttribute('data-spotlight'), '');
    await tb.fac.ok({ type: 'screen.set', spotlight: { kind: 'cluster', id: ids.clusters[0] }, join: true });
    await big.waitForSelector('.screen[data-spotlight="cluster"]');
    await settle();
    await seenWhole(big, '.s-stage .idea', [], 'spotlit direction');
    assert.equal(plain(await big.locator('.s-stage .s-region-title').textContent()), table.DIRECTIONS[0][0]);
    await tb.fac.ok({ type: 'screen.set', spotlight: null, progress: false });
    await big.waitForSelector('.screen:not([data-spotlight="cluster"])');
  });

  it('the timer: a signal at zero, a beep when switched on, gone with a new phase', async () => {
    if (screenSet) {
      await tb.fac.ok({ type: 'screen.set', sound: true });
      await big.waitForSelector('body[data-audio]');
      // Audio that the browser holds back until a gesture: the hint says so, a click frees it.
      if (await big.locator('.s-sound-hint').isVisible()) {
        await big.locator('.s-sound-hint').click();
        await big.waitForSelector('.s-sound-hint', { state: 'hidden' });
      }
      assert.equal(await big.evaluate(() => document.body.dataset.audio), 'running');
    }
    await tb.fac.ok({ type: 'timer.start', seconds: 2 });
    for (const p of [big, small]) await p.waitForSelector('.s-clock:not([hidden]) .timer-digits');
    await big.waitForSelector('.s-clock.timer-done', { timeout: 6000 });
    assert.match(await big.locator('.s-clock .timer-digits').textContent(), /Tijd/);
    const fs = await big.locator('.s-clock .timer-digits').evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    assert.ok(fs >= 60, `the signal at ${fs}px`);
    if (screenSet) assert.equal(await big.evaluate(() => document.body.dataset.beeps), '1', 'one beep');
    // A new phase: no carried-over "Tijd!" (the server stops the timer on phase.set).
    await toPhase(phaseIndex(tpl, 'elaborate'));
    await waitFor(big, async () => big.locator('.s-clock').isHidden(), 'no timer in the new phase');
  });

  it('an outage shows a banner and hides the counts', async () => {
    const ctx = small.context();
    await ctx.setOffline(true);
    await small.waitForSelector('.s-offline:not([hidden])', { timeout: 15000 });
    assert.ok(await small.locator('.screen-people').evaluate((el) => getComputedStyle(el).visibility === 'hidden'), 'no stale count');
    await noScroll(small, 'offline');
    await ctx.setOffline(false);
    await small.waitForSelector('body[data-conn="online"]', { timeout: 20000 });
    await small.waitForSelector('.s-offline', { state: 'hidden' });
  });

  it('after the end: no join panel, no timer, a thank-you', async () => {
    await tb.fac.ok({ type: 'timer.start', seconds: 300 });
    await big.waitForSelector('.s-clock:not([hidden])');
    await tb.fac.ok({ type: 'session.end' });
    for (const p of [big, small]) {
      await p.waitForSelector('body[data-ended="true"]');
      await p.waitForSelector('.banner-ended:not([hidden])');
      assert.ok(await p.locator('.screen-join').isHidden(), 'no “Schuif aan” after the end');
      assert.ok(await p.locator('.s-clock').isHidden(), 'no timer after the end');
      await noScroll(p, 'ended');
    }
  });

  it('had no script errors and no CSP violations', () => {
    for (const c of [tb.fac, ...tb.people]) assert.deepEqual(c.problems, [], c.label);
    assertNoProblems();
  });

  // ---- helpers ----

  // The small screen, resized to a tablet and a phone and back: nothing sideways or below.
  async function narrow(label) {
    for (const size of NARROW) {
      await small.setViewportSize(size);
      await sleep(250);
      await noScroll(small, `${label} at ${size.width}x${size.height}`);
    }
    await small.setViewportSize(SMALL);
    await sleep(250);
  }
});

// axe-core (serious and critical), then motion back on for what follows.
async function a11y(page, label) {
  await checkA11y(page, label);
  await page.emulateMedia({ reducedMotion: 'no-preference' });
}

// Screenshots are taken at rest: no page-turn fade or bar growth half-way.
async function shot(page, name) {
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await takeShot(page, name);
  await page.emulateMedia({ reducedMotion: 'no-preference' });
}

// The text as written: the screen adds soft hyphens to long words.
const plain = (s) => String(s).replace(/\u00ad/g, '');

async function noScroll(page, label) {
  const m = await page.evaluate(() => {
    const se = document.scrollingElement;
    return { sw: se.scrollWidth, sh: se.scrollHeight, w: innerWidth, h: innerHeight };
  });
  assert.ok(m.sw <= m.w, `${label}: the page is ${m.sw}px wide in a ${m.w}px window`);
  assert.ok(m.sh <= m.h, `${label}: the page is ${m.sh}px tall in a ${m.h}px window`);
}

// Ids of the items matching `sel` that are shown whole now: displayed, inside the window and
// inside every ancestor that clips.
function wholeNow(page, sel) {
  return page.evaluate((s) => {
    const out = [];
    for (const el of document.querySelectorAll(s)) {
      const r = el.getBoundingClientRect();
      if (!r.width || !r.height) continue;
      let ok = r.left >= -1 && r.top >= -1 && r.right <= innerWidth + 1 && r.bottom <= innerHeight + 1;
      for (let a = el.parentElement; ok && a && a !== document.body; a = a.parentElement) {
        const cs = getComputedStyle(a);
        if (cs.display === 'none') ok = false;
        else if (cs.overflowX !== 'visible' || cs.overflowY !== 'visible') {
          const b = a.getBoundingClientRect();
          ok = r.left >= b.left - 1 && r.top >= b.top - 1 && r.right <= b.right + 1 && r.bottom <= b.bottom + 1;
        }
      }
      // Nothing sticks out of the card either (a long word).
      for (const t of el.querySelectorAll('.note-text, .idea-text, .cluster-title')) if (t.scrollWidth > t.clientWidth + 1) ok = false;
      if (ok) out.push(el.dataset.id);
    }
    return out;
  }, sel);
}

// Every id of `want` is seen whole, at once or page by page, within 60 s.
async function seenWhole(page, sel, want, label) {
  const seen = new Set();
  const t0 = Date.now();
  for (;;) {
    for (const id of await wholeNow(page, sel)) seen.add(id);
    const missing = want.filter((id) => !seen.has(String(id)));
    if (!missing.length) return;
    if (Date.now() - t0 > 60000) assert.fail(`${label}: ${missing.length} of ${want.length} never shown whole (pages: ${await page.locator('.s-board').getAttribute('data-pages')})`);
    await sleep(250);
  }
}

// Note text: at least `min` px everywhere, and `pref` px when the board needs no pages.
async function fonts(page, label, min, pref) {
  const m = await page.evaluate(() => {
    const sizes = [...document.querySelectorAll('.s-stage .note-text, .s-stage .idea-text, .s-stage .cluster-desc, .s-stage .summary-text, .s-stage .idea-from, .s-stage .s-essence-label')]
      .filter((el) => el.getClientRects().length)
      .map((el) => parseFloat(getComputedStyle(el).fontSize));
    const board = document.querySelector('.s-board');
    return { sizes, pages: Number(board?.dataset.pages || 1), fs: Number(board?.dataset.fs || 0) };
  });
  assert.ok(m.sizes.length, `${label}: text on the screen`);
  const low = Math.min(...m.sizes);
  assert.ok(low >= min - 0.01, `${label}: text at ${low}px (at least ${min})`);
  const notes = await page.evaluate(() => [...document.querySelectorAll('.s-stage .note-text')]
    .filter((el) => el.getClientRects().length).map((el) => parseFloat(getComputedStyle(el).fontSize)));
  if (pref && notes.length && Math.min(...notes) < pref) {
    // Smaller than preferred only when the preferred size does not hold it all.
    const holds = await page.evaluate((px) => {
      const b = document.querySelector('.s-board');
      const old = b.style.getPropertyValue('--fs');
      const off = [...b.querySelectorAll('.page-off')];
      off.forEach((el) => el.classList.remove('page-off'));
      b.style.setProperty('--fs', `${px}px`);
      let ok = true;
      for (const list of b.querySelectorAll('.fit-list')) {
        const r = list.getBoundingClientRect();
        for (const el of list.children) {
          const e = el.getBoundingClientRect();
          if (e.right > r.right + 1 || e.bottom > r.bottom + 1) ok = false;
        }
      }
      b.style.setProperty('--fs', old);
      off.forEach((el) => el.classList.add('page-off'));
      return ok;
    }, pref);
    assert.ok(!holds, `${label}: notes at ${Math.min(...notes)}px though ${pref}px would hold them all`);
  }
  return m;
}

async function waitFor(page, fn, what, timeout = 10000) {
  const t0 = Date.now();
  for (;;) {
    let ok = false;
    try { ok = await fn(); } catch { ok = false; }
    if (ok) return;
    if (Date.now() - t0 > timeout) assert.fail(`timed out: ${what}`);
    await sleep(100);
  }
}
