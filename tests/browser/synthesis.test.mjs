// The synthesis per persona in the web app: the facilitator writes it in the console's tab,
// with that persona's notes beside the text; everyone receives it (persona.changed, applied
// by the store); a participant reads it in the wrap-up; the export dialog's chapter number
// and the Word document. A table of eight seated over the WebSocket, the console in Chromium.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { startServer } from './lib/server.mjs';
import { launch, newPage, shot, checkA11y, assertNoProblems } from './lib/browser.mjs';
import { template, waitOnline, waitPhase, phaseIndex, joinAs } from './lib/app.mjs';
import { seatTable, facilitatorClient, closeAll } from './lib/table.mjs';

const SYN = 'Volgens deelnemers voelt de OOP’er zich vaak alleen <b>staan</b>.\n\n'
  + 'Daarnaast is het takenpakket onduidelijk, voor de OOP’er en voor de schoolleider.';

describe('the synthesis per persona', () => {
  let srv; let browser; let s; let tpl; let fac; let page; let people; let pp;

  before(async () => {
    srv = await startServer();
    browser = await launch();
    tpl = template('dialoogtafel');
    s = await srv.createSession('dialoogtafel');
    people = await seatTable(srv.base, s.code, tpl.backgrounds);
    fac = await facilitatorClient(srv.base, s);
    const m = phaseIndex(tpl, 'empathy_map');
    await fac.ok({ type: 'phase.set', index: m });
    const notes = [['thinks', 'Taken buiten mijn pakket geven vrijheid'], ['feels', 'Ik sta er alleen voor'],
      ['feels', 'Uitgeblust als niemand me ziet'], ['does', 'Kiest een opleiding die beter betaalt']];
    for (const [i, [q, text]] of notes.entries()) {
      await people[i].ok({ type: 'note.add', phase: m, quadrant: q, text });
    }
    const np = await newPage(browser, 'laptop', 'console', {
      init: { fn: ([c, k]) => localStorage.setItem(`tafel.fkey.${c}`, k), arg: [s.code, s.facilitator_key] },
    });
    page = np.page;
    await page.setViewportSize({ width: 1366, height: 900 });
    await page.goto(`${srv.base}/facilitate/${s.code}`);
    await page.waitForSelector('.console');
    await waitOnline(page);
  });
  after(async () => {
    await closeAll([...(people || []), fac].filter(Boolean));
    await browser?.close();
    await srv?.stop();
  });

  it('shows each persona with its notes beside the text', async () => {
    await page.locator('#tab-synthesis').click();
    const cards = page.locator('.synthesis-card');
    await assert.doesNotReject(cards.first().waitFor());
    assert.equal(await cards.count(), tpl.personas.length);
    const oop = cards.filter({ has: page.locator('h2', { hasText: /^OOP’er$/ }) });
    await page.waitForFunction(() => /4 notities/.test(document.querySelector('.synthesis-count')?.textContent || ''));
    const evidence = oop.locator('.synthesis-evidence');
    assert.match(await evidence.textContent(), /Ik sta er alleen voor/);
    assert.match(await evidence.locator('.q-feels h4').textContent(), /Voelt/);
    assert.equal(await evidence.locator('.q-feels li').count(), 2);
    // A note added now appears beside the text.
    await people[5].ok({ type: 'note.add', phase: phaseIndex(tpl, 'empathy_map'), quadrant: 'says', text: 'Ik durf niet te zeggen wat ik wil' });
    await evidence.locator('.q-says li', { hasText: 'Ik durf niet' }).waitFor();
    // The other persona's card does not list them.
    const leader = cards.filter({ has: page.locator('h2', { hasText: /^Schoolleider$/ }) });
    assert.doesNotMatch(await leader.locator('.synthesis-evidence').textContent(), /Ik sta er alleen/);
    await checkA11y(page, 'synthesis tab');
  });

  it('saves it with persona.synthesis; every client receives persona.changed', async () => {
    const oop = page.locator('.synthesis-card').first();
    const pid = tpl.personas[0].id;
    const got = people[0].waitEvent('persona.changed', (e) => e.persona?.id === pid && e.persona.synthesis === SYN);
    await oop.locator('textarea').fill(SYN);
    await oop.locator('button[type=submit]').click();
    await got;
    await oop.locator('[role=status]', { hasText: 'Opgeslagen' }).waitFor();
    await shot(page, 'console-synthesis');
    // Another facilitator's change shows in the console (the store applies persona.changed).
    await fac.ok({ type: 'persona.synthesis', persona: tpl.personas[1].id, text: 'Geschreven op een ander apparaat.' });
    await page.waitForFunction(() => [...document.querySelectorAll('.synthesis-card textarea')]
      .some((t) => t.value === 'Geschreven op een ander apparaat.'));
  });

  it('fits 1024x768, 768x1024, 360x640 and 320 px without sideways scrolling', async () => {
    for (const [w, hgt] of [[1024, 768], [768, 1024], [360, 640], [320, 640]]) {
      await page.setViewportSize({ width: w, height: hgt });
      const sw = await page.evaluate(() => Math.max(document.documentElement.scrollWidth, window.innerWidth));
      assert.ok(sw <= w, `synthesis tab at ${w}px: ${sw}px wide`);
    }
    await page.setViewportSize({ width: 1366, height: 900 });
  });

  it('a participant reads it in the wrap-up, escaped, in its paragraphs', async () => {
    pp = await joinAs(browser, srv, s.code, 'tablet', 'Ilse', tpl.backgrounds[0]);
    const w = phaseIndex(tpl, 'wrap_up');
    await fac.ok({ type: 'phase.set', index: w });
    await waitPhase(pp.page, w);
    const view = pp.page.locator('.synthesis-view', { hasText: 'OOP’er' });
    await view.waitFor();
    assert.match(await view.locator('h2').textContent(), /Wat de tafel concludeerde over OOP’er/);
    const paras = await view.locator('p').allTextContents();
    assert.deepEqual(paras, [SYN.split('\n\n')[0], SYN.split('\n\n')[1]]);
    assert.equal(await view.locator('b').count(), 0, 'markup stays text');
    await shot(pp.page, 'participant-tablet-synthesis');
    // A change arrives live.
    await fac.ok({ type: 'persona.synthesis', persona: tpl.personas[0].id, text: 'Nieuwe versie.' });
    await pp.page.locator('.synthesis-view p', { hasText: 'Nieuwe versie.' }).waitFor();
    await checkA11y(pp.page, 'wrap-up with synthesis');
    await fac.ok({ type: 'persona.synthesis', persona: tpl.personas[0].id, text: SYN });
  });

  it('exports as chapter 6, also as a Word document', async () => {
    await page.locator('#tab-wrap').click();
    const box = page.locator('section[aria-labelledby=export-h]');
    const chapter = box.locator('input[type=number]');
    await chapter.fill('100');
    await box.locator('button', { hasText: 'Word-document' }).click();
    await page.locator('.toast', { hasText: 'hoofdstuknummer' }).waitFor();
    await chapter.fill('6');
    const [download] = await Promise.all([page.waitForEvent('download'),
      box.locator('button', { hasText: 'Word-document' }).click()]);
    assert.match(download.suggestedFilename(), /\.doc$/);
    const doc = fs.readFileSync(await download.path(), 'utf8');
    assert.ok(doc.includes('<h1>6 '), 'chapter title');
    assert.ok(doc.includes('<span class="num">6.1</span>'), 'numbered section');
    assert.ok(doc.includes('Volgens deelnemers voelt de OOP’er zich vaak alleen &lt;b&gt;staan&lt;/b&gt;.'), 'the synthesis');
    const [md] = await Promise.all([page.waitForEvent('download'),
      box.locator('button', { hasText: 'Markdown' }).click()]);
    const text = fs.readFileSync(await md.path(), 'utf8');
    assert.ok(text.includes('## 6.2 Belangrijkste oplossingsrichtingen'), 'markdown chapter');
    assertNoProblems();
  });
});
