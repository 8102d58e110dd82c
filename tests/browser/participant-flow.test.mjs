// Participants always know what to do, on a 360x640 phone and a 768x1024 tablet, at a table
// of eight (six seated over the WebSocket): the join page fits with a long title, the whole
// instruction is readable and the problem statement opens by keyboard and touch, the sticky
// top is small, a posted note is shown and confirmed, the essence step appears when it is
// time, an essence being typed survives someone else's save (two browsers) and a reload,
// a late joiner after the end is told before the form, and no page of any template is wider
// than the screen at 320 and 360 px with the longest Dutch words.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { startServer, TEMPLATES, SHOTS_DIR } from './lib/server.mjs';
import { launch, newPage, shot, assertNoProblems } from './lib/browser.mjs';
import { template, waitOnline, waitPhase, phaseIndex, expectNotes } from './lib/app.mjs';
import { seatTable, facilitatorClient, closeAll, NOTE_TEXTS, LONG_WORDS } from './lib/table.mjs';

const LONG_TITLE = 'Dialoogtafel ontwikkelingsperspectief (OPP)';
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

// Measured against the screen's width, not innerWidth: a mobile browser widens its layout
// viewport to content that overflows, and innerWidth grows with it.
async function fits(page, label) {
  const w = page.viewportSize().width;
  const sw = await page.evaluate(() => Math.max(document.documentElement.scrollWidth, document.body.scrollWidth, window.innerWidth));
  assert.ok(sw <= w, `${label}: the page is ${sw}px wide on a ${w}px screen`);
}

// A screenshot of what the person sees now (shot() scrolls to the top), once toasts are gone.
async function shotHere(page, name, locator) {
  await page.waitForFunction(() => !document.querySelector('.toast'), null, { timeout: 8000 });
  if (locator) await locator.evaluate((el) => el.scrollIntoView({ block: 'center' }));
  await page.evaluate(() => document.activeElement?.blur?.());
  await page.waitForTimeout(400);
  await page.screenshot({ path: path.join(SHOTS_DIR, `${name}.png`) });
}

// What sticks out sideways of a quadrant, a note, a direction or a card (the composer of a
// quadrant did, 16 px, on a 1024 px tablet): "box > element: px".
function spills(page) {
  return page.evaluate(() => {
    const out = [];
    for (const box of document.querySelectorAll('.quadrant, .note, .cluster, .card')) {
      const b = box.getBoundingClientRect();
      if (!b.width) continue;
      for (const el of box.querySelectorAll('*')) {
        const r = el.getBoundingClientRect();
        if (!r.width || !r.height) continue;
        const over = Math.max(r.right - b.right, b.left - r.left);
        if (over > 1) { out.push(`${box.classList[0]} > ${el.tagName.toLowerCase()}.${el.classList[0] || ''}: ${Math.round(over)}`); break; }
      }
    }
    return [...new Set(out)];
  });
}

async function phoneOf(browser, name, w = 360, h = 640) {
  const np = await newPage(browser, 'phone', name);
  await np.page.setViewportSize({ width: w, height: h });
  return np;
}

async function joinWithForm(page, base, code, name, background) {
  await page.goto(`${base}/j/${code}`);
  await page.locator('.join-form input[type=text]').fill(name);
  await page.locator('.tile-label', { hasText: background }).first().click();
  await page.locator('.join-form button[type=submit]').click();
  await page.waitForSelector('.pview');
  await waitOnline(page);
}

// Where the lines of an element's text break inside a word without a hyphen: for each
// character that starts a new line, the one before must be a space, a hyphen or a soft hyphen.
function midWordBreaks(loc) {
  return loc.evaluate((el) => {
    const bad = [];
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    let prevTop = null; let prev = ' ';
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (let i = 0; i < node.data.length; i += 1) {
        const ch = node.data[i];
        const r = document.createRange();
        r.setStart(node, i); r.setEnd(node, i + 1);
        const rects = r.getClientRects();
        const rect = rects[rects.length - 1];   // a letter after a break may also report the line's end
        if (rect && rect.width > 0 && !/[\s\u00ad]/.test(ch)) {
          if (prevTop !== null && rect.top > prevTop + 2 && !/[\s\-\u00ad]/.test(prev)) bad.push(`${prev}|${ch} in ${node.data.slice(Math.max(0, i - 10), i + 10)}`);
          prevTop = rect.top;
        }
        prev = ch;
      }
    }
    return bad;
  });
}

describe('participants at a table of eight', () => {
  let srv; let browser; let s; let tpl; let fac; let others; let phone; let tablet;

  before(async () => {
    srv = await startServer();
    browser = await launch();
    tpl = template('dialoogtafel');
    s = await srv.createSession('dialoogtafel', { title: LONG_TITLE });
    fac = await facilitatorClient(srv.base, s);
  });
  after(async () => {
    await closeAll([...(others || []), fac].filter(Boolean));
    await browser?.close();
    await srv?.stop();
  });

  it('the join page fits a 320 and 360 px phone with a long title, and joins', async () => {
    phone = await phoneOf(browser, 'phone');
    await phone.page.goto(`${srv.base}/j/${s.code}`);
    await phone.page.waitForSelector('.join-form');
    await fits(phone.page, 'join at 360px');
    assert.equal(await phone.page.evaluate(() => document.documentElement.lang), 'nl');
    const h1 = phone.page.locator('.join-page h1');
    assert.equal((await h1.textContent()).replace(/\u00ad/g, '').trim(), LONG_TITLE);
    const box = await h1.evaluate((el) => [el.scrollWidth, el.clientWidth]);
    assert.ok(box[0] <= box[1], `the title fits its card (${box})`);
    // Each line of the title ends at a space or a hyphen: "ontwikkelingsperspectief" is not
    // cut at a random letter (Chromium on Linux has no Dutch hyphenation of its own).
    assert.deepEqual(await midWordBreaks(h1), [], 'the title breaks between words or with a hyphen');
    await shot(phone.page, 'join-phone');
    await phone.page.setViewportSize({ width: 320, height: 640 });
    await fits(phone.page, 'join at 320px');
    await phone.page.setViewportSize({ width: 360, height: 640 });
    await joinWithForm(phone.page, srv.base, s.code, 'Annelies', tpl.backgrounds[0]);
    tablet = await newPage(browser, 'tablet', 'tablet');
    await tablet.page.setViewportSize({ width: 768, height: 1024 });
    await joinWithForm(tablet.page, srv.base, s.code, 'Bram', tpl.backgrounds[1]);
    others = await seatTable(srv.base, s.code, tpl.backgrounds.slice(2).concat(tpl.backgrounds), 6);
  });

  it('shows the whole instruction; the problem statement opens by keyboard and touch', async () => {
    const m = phaseIndex(tpl, 'empathy_map');
    await fac.ok({ type: 'phase.set', index: m, timer_seconds: tpl.phases[m].minutes * 60 });
    for (const p of [phone.page, tablet.page]) {
      await waitPhase(p, m);
      const prompt = p.locator('.phasebar .phase-prompt');
      assert.equal((await prompt.textContent()).trim(), tpl.phases[m].prompt);
      const [sh, ch, vis] = await prompt.evaluate((el) => [el.scrollHeight, el.clientHeight, getComputedStyle(el).display]);
      assert.ok(vis !== 'none' && sh <= ch + 1, `the instruction is whole (${sh} > ${ch})`);
    }
    const pp = phone.page;
    const more = pp.locator('.problem-more');
    await more.waitFor();
    assert.equal(await more.getAttribute('aria-expanded'), 'false');
    const clipped = () => pp.locator('.problem-text').evaluate((el) => el.scrollHeight > el.clientHeight + 1);
    assert.equal(await clipped(), true, 'cut to two lines at first');
    await more.focus();
    await pp.keyboard.press('Enter');
    assert.equal(await more.getAttribute('aria-expanded'), 'true');
    assert.equal(await clipped(), false, 'whole after Enter');
    await more.tap();
    assert.equal(await more.getAttribute('aria-expanded'), 'false', 'a tap closes it');
    // The top does not stay: scrolled down, only the top bar and the slim strip remain.
    assert.notEqual(await pp.locator('.pview-side').evaluate((el) => getComputedStyle(el).position), 'sticky');
    await pp.evaluate(() => window.scrollTo(0, 900));
    await pp.waitForSelector('.pstrip.pstrip-on');
    await pp.waitForTimeout(300);
    const covered = await pp.evaluate(() => Math.max(document.querySelector('.topbar').getBoundingClientRect().bottom,
      document.querySelector('.pstrip').getBoundingClientRect().bottom));
    assert.ok(covered <= 640 * 0.2, `the fixed top covers ${covered}px of 640`);
    assert.match(await pp.locator('.pstrip-title').textContent(), /Empathy map/);
    await pp.evaluate(() => window.scrollTo(0, 0));
  });

  it('after posting, the new note is in view, marked and confirmed', async () => {
    const m = phaseIndex(tpl, 'empathy_map');
    // The table writes: with notes above it, "Doet" is far down the phone's page.
    for (const [i, c] of others.entries()) {
      await c.ok({ type: 'note.add', phase: m, quadrant: Q[i % 4], text: `${NOTE_TEXTS[i]} — ${LONG_WORDS[i % 3]}` });
    }
    const pp = phone.page;
    const ta = pp.locator('.quadrant-does textarea.composer-input');
    await ta.fill('Doet het ontwikkelingsperspectiefplan er ’s avonds bij');
    await ta.press('Enter');
    const note = pp.locator('.quadrant-does .note', { hasText: 'er ’s avonds bij' });
    await pp.locator('.toast', { hasText: 'Geplaatst' }).waitFor();
    await note.and(pp.locator('.note-fresh')).waitFor();
    await eventually(async () => {
      const r = await note.boundingBox();
      return r && r.y >= 0 && r.y + Math.min(r.height, 100) <= 640;
    }, 'the note is in view');
    await tablet.page.locator('.quadrant-does textarea.composer-input').fill('Bram schrijft mee');
    await tablet.page.locator('.quadrant-does .composer-add').tap();
    await expectNotes(tablet.page, 'Bram schrijft mee', 1);
    await pp.waitForTimeout(2600);
    await shotHere(pp, 'participant-phone-empathy-map', note);
    await shot(pp, 'participant-phone-top');
    await shotHere(tablet.page, 'participant-tablet-portrait');
  });

  it('bad ideas: the essence step appears when it is time', async () => {
    const b = phaseIndex(tpl, 'bad_ideas');
    assert.ok(tpl.phases[b].private);
    await fac.ok({ type: 'phase.set', index: b, timer_seconds: tpl.phases[b].minutes * 60 });
    await waitPhase(phone.page, b);
    const pp = phone.page;
    for (const [i, c] of others.slice(0, 4).entries()) {
      await c.ok({ type: 'note.add', phase: b, text: `Het ${LONG_WORDS[i % 3]} afschaffen (${i})` });
    }
    await pp.locator('textarea.composer-input').fill('Alle leerlingbegeleidingscoördinatoren ontslaan');
    await pp.locator('textarea.composer-input').press('Enter');
    await expectNotes(pp, 'Alle leerlingbegeleidingscoördinatoren ontslaan', 1);
    // Step 1 now: write; no essence editors yet.
    assert.equal(await pp.locator('.step-current .step-num').textContent(), '1');
    assert.equal(await pp.locator('.essence-input').count(), 0);
    await fac.ok({ type: 'reveal', phase: b });
    await pp.locator('.toast', { hasText: 'essentie' }).waitFor();
    await eventually(async () => (await pp.locator('.step-current .step-num').textContent()) === '2', 'step 2');
    await eventually(async () => (await pp.locator('.essence-input').count()) === 5, 'five essence editors');
    assert.match(await pp.locator('.essence-count').textContent(), /Bij 5 van de 5 slechte ideeën/);
    await fits(pp, 'bad ideas at 360px');
  });

  it('an essence being typed is kept when another saves one for the same card, and survives a reload', async () => {
    const pp = phone.page;
    const tp = tablet.page;
    const b = phaseIndex(tpl, 'bad_ideas');
    const card = (p, n) => p.locator('.note', { hasText: `afschaffen (${n})` });
    // 1. The phone types; the tablet saves first. The phone keeps its draft and sees theirs.
    await card(pp, 0).locator('.essence-input').fill('Tijd voor overleg met de leerlingbegeleidingscoördinator');
    await card(tp, 0).locator('.essence-input').fill('Minder administratie');
    await card(tp, 0).locator('.essence-editor button[type=submit]').click();
    await card(pp, 0).locator('.essence-theirs').waitFor();
    assert.equal(await card(pp, 0).locator('.essence-input').inputValue(), 'Tijd voor overleg met de leerlingbegeleidingscoördinator');
    assert.match(await card(pp, 0).locator('.essence-theirs-text').textContent(), /Minder administratie/);
    await shotHere(pp, 'participant-phone-essence', card(pp, 0));
    // The phone keeps its own version.
    const id0 = await card(pp, 0).getAttribute('data-key');
    await card(pp, 0).locator('.essence-editor button[type=submit]').click();
    const ev = await fac.waitEvent('note.edited', (e) => e.note.id === id0 && /leerlingbegeleiding/.test(e.note.essence || ''));
    assert.ok(ev);
    await card(tp, 0).locator('.essence-text', { hasText: 'Tijd voor overleg' }).waitFor();
    // 2. Someone over the wire saves first; the phone keeps theirs.
    await card(pp, 1).locator('.essence-input').fill('Mijn halve zin');
    const id1 = await card(pp, 1).getAttribute('data-key');
    await others[3].ok({ type: 'note.essence', id: id1, text: 'Samenwerkingsverbanden benutten' });
    await card(pp, 1).locator('.essence-theirs').waitFor();
    await card(pp, 1).locator('.essence-theirs button').click();
    await card(pp, 1).locator('.essence-text', { hasText: 'Samenwerkingsverbanden benutten' }).waitFor();
    assert.equal(await pp.evaluate(([c, id]) => localStorage.getItem(`tafel.edraft.${c}.${id}`), [s.code, id1]), null);
    // 3. A half-typed essence survives a reload.
    await card(pp, 2).locator('.essence-input').fill('Een half getypte essentie');
    const id2 = await card(pp, 2).getAttribute('data-key');
    await pp.reload();
    await waitOnline(pp);
    await waitPhase(pp, b);
    assert.equal(await card(pp, 2).locator('.essence-input').inputValue(), 'Een half getypte essentie');
    assert.equal(fac.eventsOf('note.edited', (e) => e.note.id === id2).length, 0, 'nothing was saved');
  });

  it('a locked timer at zero keeps the text in the composer, and it goes once there is time', async () => {
    const pp = phone.page;
    await fac.ok({ type: 'timer.start', seconds: 60, lock: true });
    await fac.ok({ type: 'timer.add', seconds: -120 });
    await pp.waitForSelector('.phasebar .timer.timer-done');
    const ta = pp.locator('textarea.composer-input');
    await ta.fill('Een idee na de tijd');
    await ta.press('Enter');
    await pp.locator('.toast', { hasText: 'De tijd is om' }).waitFor();
    assert.equal(await ta.inputValue(), 'Een idee na de tijd', 'the text stays');
    await expectNotes(pp, 'Een idee na de tijd', 0);
    await fac.ok({ type: 'timer.add', seconds: 60 });
    await pp.waitForSelector('.phasebar .timer:not(.timer-done):not(.timer-idle)');
    await ta.press('Enter');
    await expectNotes(pp, 'Een idee na de tijd', 1);
  });

  it('after the end a late joiner is told at once, before any form', async () => {
    await fac.ok({ type: 'session.end' });
    const late = await phoneOf(browser, 'late');
    await late.page.goto(`${srv.base}/j/${s.code}`);
    await late.page.locator('.join-ended').waitFor();
    assert.match(await late.page.locator('.join-ended').textContent(), /sessie is afgelopen/);
    assert.equal(await late.page.locator('.join-form').count(), 0);
    await fits(late.page, 'ended join page');
  });

  it('no page is wider than the screen from 320 px up (320, 360, 768, 1024, 1366), in any phase of any template', async () => {
    const ids = fs.readdirSync(TEMPLATES).filter((f) => f.endsWith('.json')).map((f) => path.basename(f, '.json'));
    assert.ok(ids.length >= 2);
    for (const id of ids) {
      const t = template(id);
      const s2 = await srv.createSession(id, { title: `${t.title} — ${LONG_TITLE}` });
      const f2 = await facilitatorClient(srv.base, s2);
      const table = await seatTable(srv.base, s2.code, t.backgrounds, 3);
      const np = await phoneOf(browser, `wide-${id}`, 320, 640);
      await np.page.goto(`${srv.base}/j/${s2.code}`);
      await np.page.waitForSelector('.join-form');
      await fits(np.page, `${id}: join at 320px`);
      // The phone resumes as the first of the table.
      const me = table[0];
      await np.page.evaluate(([c, v]) => localStorage.setItem(`tafel.token.${c}`, v), [s2.code, JSON.stringify({ token: me.token, you: me.you })]);
      await np.page.reload();
      await waitOnline(np.page);
      const notes = [];
      for (const [i, p] of t.phases.entries()) {
        await f2.ok({ type: 'phase.set', index: i });
        if (['empathy_map', 'bad_ideas', 'ideal_ideas'].includes(p.kind)) {
          for (const [k, c] of table.entries()) {
            const r = await c.ok({ type: 'note.add', phase: i, quadrant: Q[k % 4], text: `${LONG_WORDS[k % 3]}${LONG_WORDS[(k + 1) % 3]} en ${NOTE_TEXTS[k]}` });
            notes.push(r.id);
          }
          if (p.private) await f2.ok({ type: 'reveal', phase: i });
        }
        if (p.kind === 'cluster') {
          const c = await f2.ok({ type: 'cluster.add', title: `Samenwerkingsverbanden${LONG_WORDS[2]}`, description: LONG_WORDS.join('') });
          for (const n of notes.slice(-3)) await f2.ok({ type: 'note.move', id: n, cluster: c.id }).catch(() => {});
        }
        await waitPhase(np.page, i);
        for (const w of [320, 360, 768, 1024, 1366]) {
          await np.page.setViewportSize({ width: w, height: 640 });
          await fits(np.page, `${id}: phase ${i} (${p.kind}) at ${w}px`);
          assert.deepEqual(await spills(np.page), [], `${id}: phase ${i} (${p.kind}) at ${w}px: nothing sticks out of its box`);
          // A direction's title has most of its card's width (its votes go under it when need be).
          const narrow = await np.page.locator('.cluster').evaluateAll((cs) => cs.map((c) => {
            const tt = c.querySelector('.cluster-title');
            return tt ? tt.getBoundingClientRect().width / c.getBoundingClientRect().width : 1;
          }).filter((r) => r < 0.6));
          assert.deepEqual(narrow, [], `${id}: phase ${i} (${p.kind}) at ${w}px: direction titles squeezed`);
        }
      }
      await np.context.close();
      await closeAll([...table, f2]);
    }
  });

  it('had no script errors and no CSP violations', () => { assertNoProblems(); });
});
