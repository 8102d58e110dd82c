// A whole dialogue table in real Chromium: a facilitator (laptop), three participants (a
// touch tablet, a laptop, a phone) and the room screen (projector), each in its own browser
// context, through every phase of the model template. Screenshots go to docs/screenshots/.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './lib/server.mjs';
import { launch, shot, assertNoProblems } from './lib/browser.mjs';
import {
  template, joinAs, openConsole, openScreen, gotoPhase, writeNote, tapNote, expectNotes,
  noteByText, phaseIndex,
} from './lib/app.mjs';

// What a table writes, long Dutch compounds included: per empathy map (the OOP'er, then the
// school leader) one note per quadrant; the facilitator's and the author's edits; three
// bad ideas and two essences.
const MAPS = [
  {
    thinks: 'Waarom word ik nooit betrokken bij het ontwikkelingsperspectiefplan van mijn leerlingen?',
    feels: 'Gefrustreerd dat de arbeidsmarkttoelage alleen voor leraren geldt',
    says: '„Mijn klassenmanagementvaardigheden ziet niemand.”',
    does: 'Werkt mee in de samenwerkingsverbanden rond passend onderwijs',
  },
  {
    thinks: 'Hoe betaal ik doorgroeien zonder extra budget?',
    feels: 'Klem tussen het bestuur en het team',
    says: '„Dat moet de leerlingbegeleidingscoördinator maar regelen.”',
    does: 'Zoekt subsidie voor scholing van onderwijsondersteunend personeel',
  },
];
const DOES_EDITED = 'Werkt mee in de samenwerkingsverbanden en schuift aan bij het zorgoverleg';
const FEELS_MODERATED = 'Gefrustreerd over de arbeidsmarkttoelage, maar gezien door het team';
const BAD = ['Alle OOP’ers ontslaan en de leraren alles laten doen', 'De arbeidsmarkttoelage alleen voor de directie',
  'Een robot als leerlingbegeleidingscoördinator'];
const ESSENCE = ['Ondersteuning in de klas is onmisbaar', 'Begeleiding vraagt mensen met tijd en aandacht'];

describe('a whole session', () => {
  let srv; let browser; let s; let tpl;
  let fac; let screen; let ann; let bram; let cas;   // {page, context}
  const all = () => [fac.page, screen.page, ann.page, bram.page, cas.page];
  const people = () => [ann.page, bram.page, cas.page];

  before(async () => {
    srv = await startServer();
    browser = await launch();
    tpl = template('dialoogtafel');
    s = await srv.createSession('dialoogtafel');
  });
  after(async () => {
    await browser?.close();
    const exit = await srv?.stop();
    if (exit) assert.equal(exit.code, 0, `server exit ${JSON.stringify(exit)}\n${srv.log}`);
  });

  it('opens the console and the room screen, and three participants join', async () => {
    fac = await openConsole(browser, srv, s);
    screen = await openScreen(browser, srv, s.code);
    const [b0, b1, b2] = tpl.backgrounds;
    ann = await joinAs(browser, srv, s.code, 'tablet', 'Annemarie van der Heijden', b0);
    bram = await joinAs(browser, srv, s.code, 'laptop', 'Bram de Vries', b1 || b0);
    cas = await joinAs(browser, srv, s.code, 'phone', 'Cas Yılmaz', b2 || b0);
    // The facilitator sees who is here, with backgrounds and online.
    const list = fac.page.locator('.people .person');
    await assertEventually(async () => (await list.count()) === 3, 'three people in the console');
    await assertEventually(async () => (await fac.page.locator('.people .presence-on').count()) === 3, 'all online');
    assert.match(await fac.page.locator('.people').textContent(), new RegExp(b0));
    // The room screen shows the code and the QR code, served by the server.
    assert.equal((await screen.page.locator('.screen-code').textContent()).trim(), s.code);
    const qrOk = await screen.page.locator('.screen-qr').evaluate((img) => img.complete && img.naturalWidth > 0);
    assert.ok(qrOk, 'the QR code image loaded');
    await assertEventually(async () => /3/.test(await screen.page.locator('.screen-people').textContent()), 'screen counts 3');
    // The problem statement is in sight everywhere.
    for (const p of [ann.page, screen.page]) {
      assert.equal((await p.locator('.problem-text').textContent()).trim(), tpl.problem);
    }
  });

  it('runs the shared timer: start, pause, resume, stop', async () => {
    await fac.page.locator('.input-minutes').fill('3');
    await fac.page.locator('.timer-ctl button', { hasText: /^Start$/ }).click();
    await assertEventually(async () => /0[23]:\d\d/.test(await ann.page.locator('.phasebar .timer-digits').textContent()), 'timer runs on the tablet');
    await assertEventually(async () => /0[23]:\d\d/.test(await screen.page.locator('.timer-digits').textContent()), 'timer runs on the screen');
    await fac.page.locator('.timer-ctl button', { hasText: /Pauze|Pause/ }).click();
    await ann.page.waitForSelector('.phasebar .timer.timer-paused');
    await fac.page.locator('.timer-ctl button', { hasText: /Verder|Resume/ }).click();
    await ann.page.waitForSelector('.phasebar .timer:not(.timer-paused):not(.timer-idle)');
    await fac.page.locator('.timer-ctl button', { hasText: /Stop/ }).click();
    await ann.page.waitForSelector('.phasebar .timer.timer-idle');
  });

  it('fills the empathy maps, one per persona, quadrant by quadrant', async () => {
    const maps = tpl.phases.map((p, i) => ({ ...p, i })).filter((p) => p.kind === 'empathy_map');
    assert.ok(maps.length >= 1);
    for (const [k, m] of maps.entries()) {
      await gotoPhase(fac.page, m.i, all());
      const n = MAPS[k % MAPS.length];
      await tapNote(ann.page, n.thinks, 'thinks');           // touch: tap the button
      await writeNote(bram.page, n.feels, 'feels');
      await writeNote(cas.page, n.says, 'says');
      await writeNote(cas.page, n.does, 'does');
      const seeAll = !m.private;
      for (const p of [fac.page, ann.page, screen.page]) {
        await expectNotes(p, n.feels, p === fac.page || seeAll ? 1 : 0);
      }
      // Each note sits in its own quadrant.
      await expectNotes(ann.page, n.thinks, 1);
      assert.equal(await ann.page.locator('.quadrant-thinks .note-text', { hasText: n.thinks }).count(), 1);
      if (k === 0) {
        await readmeShot(ann.page, 'participant-tablet-empathy-map');
      }
    }
  });

  it('edits and deletes own notes; the facilitator moderates any note', async () => {
    const m = phaseIndex(tpl, 'empathy_map', 0);
    await gotoPhase(fac.page, m, all());
    await noteByText(cas.page, MAPS[0].does).locator('button', { hasText: /Bewerken|Edit/ }).click();
    const editor = cas.page.locator('.note .note-editor');
    await editor.locator('textarea').fill(DOES_EDITED);
    await editor.locator('button[type=submit]').click();
    for (const p of [fac.page, bram.page, screen.page]) await expectNotes(p, DOES_EDITED, 1);
    // Others' notes have no edit controls for a participant.
    assert.equal(await noteByText(ann.page, DOES_EDITED).locator('button').count(), 0);
    // The author deletes one.
    const z = noteByText(cas.page, MAPS[0].says);
    await z.locator('button', { hasText: /Verwijderen|Delete/ }).click();
    await z.locator('button', { hasText: /Ja|Yes/ }).click();
    for (const p of [fac.page, bram.page, screen.page]) await expectNotes(p, MAPS[0].says, 0);
    // The facilitator edits someone else's note (moderation).
    await noteByText(fac.page, MAPS[0].feels).locator('button', { hasText: /Bewerken|Edit/ }).click();
    const fe = fac.page.locator('.note .note-editor textarea');
    await fe.fill(FEELS_MODERATED);
    await fe.press('Enter');
    for (const p of [bram.page, ann.page, screen.page]) await expectNotes(p, FEELS_MODERATED, 1);
  });

  it('writes bad ideas privately, reveals them, and finds the essence of each', async () => {
    const b = phaseIndex(tpl, 'bad_ideas');
    const priv = !!tpl.phases[b].private;
    await gotoPhase(fac.page, b, all());
    await tapNote(ann.page, BAD[0]);
    await writeNote(bram.page, BAD[1]);
    await writeNote(cas.page, BAD[2]);
    await expectNotes(fac.page, BAD[0], 1);
    if (priv) {
      // Private: each sees only their own; the screen sees that notes exist.
      await expectNotes(bram.page, BAD[0], 0);
      await expectNotes(screen.page, BAD[0], 0);
      await assertEventually(async () => (await screen.page.locator('.note-hidden').count()) === 3, 'three face-down notes on the screen');
      assert.match(await bram.page.locator('.hidden-line').textContent(), /2/);
      // First each writes alone; the essence step opens after the reveal.
      await readmeShot(ann.page, 'participant-tablet-bad-ideas-private');
      await fac.page.locator('.ctl-nav button', { hasText: /onthullen|Reveal/i }).click();
    }
    for (const p of all()) await expectNotes(p, BAD[0], 1);
    await expectNotes(bram.page, BAD[2], 1);
    // Three ideas, none has an essence yet.
    await assertEventually(async () => /3 van de 3|3 of the 3/.test(await ann.page.locator('.essence-count').textContent()), 'three lack an essence');
    // Bram writes the essence of Ann's idea; Ann of Cas's.
    const onBram = noteByText(bram.page, BAD[0]);
    await onBram.locator('.essence-input').fill(ESSENCE[0]);
    await onBram.locator('.essence-input').press('Enter');
    const onAnn = noteByText(ann.page, BAD[2]);
    await onAnn.locator('.essence-input').fill(ESSENCE[1]);
    await onAnn.locator('.essence-editor button[type=submit]').tap();
    for (const p of [ann.page, cas.page, fac.page]) {
      await assertEventually(async () => (await p.locator('.essence-text', { hasText: ESSENCE[0] }).count()) === 1, 'essence everywhere');
    }
    await assertEventually(async () => /1 van de 3|1 of the 3/.test(await cas.page.locator('.essence-count').textContent()), 'one lacks an essence');
    await readmeShot(ann.page, 'participant-tablet-bad-ideas');
    await fitsWidth(cas.page, 'bad ideas on a 360px phone');
    await readmeShot(cas.page, 'participant-phone-bad-ideas');
  });

  it('collects ideal ideas', async () => {
    const i = phaseIndex(tpl, 'ideal_ideas');
    await gotoPhase(fac.page, i, all());
    await tapNote(ann.page, 'Elke school een visie op OOP');
    await writeNote(bram.page, 'Interprofessioneel samenwerken in de opleiding');
    await writeNote(cas.page, 'Een eigen werkplek voor OOP');
    await writeNote(cas.page, 'Een helder beroepsprofiel');
    for (const p of all()) await expectNotes(p, 'Een eigen werkplek voor OOP', 1);
    await readmeShot(screen.page, 'screen');
  });

  it('clusters ideas into directions by drag and drop and by tapping', async () => {
    const c = phaseIndex(tpl, 'cluster');
    await gotoPhase(fac.page, c, all());
    const fp = fac.page;
    await fp.locator('.tab', { hasText: /Clusteren|Clustering/ }).click();
    for (const title of ['Visie op OOP', 'Samen opleiden', 'Beroepsprofiel']) {
      await fp.locator('.new-cluster input').fill(title);
      await fp.locator('.new-cluster button').click();
      await fp.locator('.zone-title', { hasText: title }).waitFor();
    }
    const zone = (title) => fp.locator('.zones .zone').filter({ has: fp.locator('.zone-title', { hasText: title }) });
    const loose = (text) => fp.locator('.zone-loose .idea-card', { hasText: text });
    // Drag and drop (mouse).
    await loose('Elke school een visie op OOP').dragTo(zone('Visie op OOP'));
    await zone('Visie op OOP').locator('.idea-card', { hasText: 'Elke school een visie op OOP' }).waitFor();
    await loose('Een eigen werkplek voor OOP').dragTo(zone('Visie op OOP'));
    await zone('Visie op OOP').locator('.idea-card', { hasText: 'Een eigen werkplek' }).waitFor();
    // Tap: pick the idea up, then "Place here".
    await loose('Interprofessioneel samenwerken').click();
    await zone('Samen opleiden').locator('.place-btn').click();
    await zone('Samen opleiden').locator('.idea-card', { hasText: 'Interprofessioneel' }).waitFor();
    // A bad idea goes in by its essence.
    await loose(ESSENCE[0]).click();
    await zone('Visie op OOP').locator('.place-btn').click();
    await zone('Visie op OOP').locator('.idea-card', { hasText: ESSENCE[0] }).waitFor();
    // Merge: a direction made twice is merged into the other (its ideas move along).
    await fp.locator('.new-cluster input').fill('Profiel');
    await fp.locator('.new-cluster button').click();
    const dup = fp.locator('.zones .zone').filter({ has: fp.locator('.zone-title', { hasText: /^Profiel$/ }) });
    await dup.waitFor();
    await loose('Een helder beroepsprofiel').click();
    await dup.locator('.place-btn').click();
    await dup.locator('.idea-card', { hasText: 'beroepsprofiel' }).waitFor();
    await dup.locator('.merge summary').click();
    await dup.locator('.merge select').selectOption({ label: 'Beroepsprofiel' });
    await dup.locator('.merge button').click();
    await dup.waitFor({ state: 'detached' });
    await zone('Beroepsprofiel').locator('.idea-card', { hasText: 'beroepsprofiel' }).waitFor();
    // Participants and the screen read the directions as they form.
    for (const p of [ann.page, screen.page]) {
      const card = p.locator('.cluster').filter({ has: p.locator('.cluster-title', { hasText: 'Visie op OOP' }) });
      await assertEventually(async () => (await card.locator('.idea').count()) === 3, 'three ideas under Visie op OOP');
    }
    await readmeShot(fp, 'console-clustering');
  });

  it('votes with dots; totals stay hidden until voting closes, the facilitator sees them live', async () => {
    const v = phaseIndex(tpl, 'vote');
    const budget = tpl.phases[v].votes_per_participant || 3;
    await gotoPhase(fac.page, v, all());
    const card = (p, title) => p.locator('.cluster').filter({ has: p.locator('.cluster-title', { hasText: title }) });
    const plus = (p, title) => card(p, title).locator('.vote-plus');
    // Ann (tablet, touch) spends all her dots.
    for (let k = 0; k < budget - 1; k += 1) {
      await plus(ann.page, 'Visie op OOP').tap();
      await assertEventually(async () => new RegExp(`${budget - 1 - k}`).test(await ann.page.locator('.dots-left').textContent()), 'dots left');
    }
    await plus(ann.page, 'Samen opleiden').tap();
    await assertEventually(async () => /\b0\b/.test(await ann.page.locator('.dots-left').textContent()), 'no dots left');
    assert.ok(await plus(ann.page, 'Beroepsprofiel').isDisabled(), 'no dot left to give');
    await fitsWidth(cas.page, 'voting on a 360px phone');
    await readmeShot(ann.page, 'participant-tablet-vote');
    await plus(bram.page, 'Visie op OOP').click();
    await plus(cas.page, 'Beroepsprofiel').click();
    await plus(cas.page, 'Beroepsprofiel').click();
    await card(cas.page, 'Beroepsprofiel').locator('.vote-minus').click();
    // Totals: the facilitator sees them live; participants and the screen do not.
    await fac.page.locator('.tab', { hasText: /Stemmen|Votes/ }).click();
    const expect = budget - 1 + 1;
    await assertEventually(async () => (await fac.page.locator('.bar', { hasText: 'Visie op OOP' }).locator('.bar-value').textContent()) === String(expect), 'live total');
    assert.equal(await bram.page.locator('.cluster-votes:visible').count(), 0, 'no totals for participants during the vote');
    assert.equal(await screen.page.locator('.screen-chart:visible').count(), 0, 'no chart on the screen during the vote');
  });

  it('elaborates the directions; the screen draws the vote results', async () => {
    const e = phaseIndex(tpl, 'elaborate');
    await gotoPhase(fac.page, e, all());
    await fac.page.locator('.tab', { hasText: /Richtingen|Directions/ }).click();
    const form = fac.page.locator('.dir-edit').first();
    await form.locator('input').fill('Elke school een visie op OOP');
    await form.locator('textarea').fill('Scholen besluiten samen dat OOP erbij hoort.\nHet MT betrekt OOP’ers bij overleg en het zorgplan.');
    await form.locator('button[type=submit]').click();
    for (const p of [ann.page, screen.page]) {
      await assertEventually(async () => (await p.locator('.cluster-title', { hasText: 'Elke school een visie op OOP' }).count()) === 1, 'new title');
      await assertEventually(async () => (await p.locator('.cluster-desc', { hasText: 'zorgplan' }).count()) === 1, 'elaboration');
    }
    // Ranked by votes, with totals now visible.
    assert.equal((await ann.page.locator('.direction-list .cluster-title').first().textContent()).trim(), 'Elke school een visie op OOP');
    // The results reach the room screen when the facilitator reveals them (a moment of its own).
    await fac.page.locator('.tab', { hasText: /Stemmen|Votes/ }).click();
    await fac.page.locator('.results-reveal').click();
    await screen.page.waitForSelector('.screen-chart:not([hidden]) .bar');
    assert.equal(await screen.page.locator('.screen-chart .bar').count(), 3);
    // The room screen's shots (a realistic table) are room-screen.test.mjs's.
    await readmeShot(fac.page, 'console');
  });

  it('writes the summary, ends the session and offers the exports', async () => {
    const w = phaseIndex(tpl, 'wrap_up');
    await gotoPhase(fac.page, w, all());
    await fac.page.locator('.tab', { hasText: /Samenvatting|Summary/ }).click();
    await fac.page.locator('.summary-input').fill('De deelnemers zien drie kansrijke richtingen: een visie op OOP in het schoolplan, samen opleiden en een helder beroepsprofiel, met ruimte uit de arbeidsmarkttoelage.');
    await fac.page.locator('.summary-form button[type=submit]').click();
    for (const p of people()) {
      await assertEventually(async () => /drie kansrijke/.test(await p.locator('.summary-text').textContent()), 'summary');
    }
    await readmeShot(cas.page, 'participant-phone-wrap-up');
    await fac.page.locator('.end-box .btn-danger').click();
    await fac.page.locator('.end-box .confirm .btn-danger').click();
    for (const p of all()) await p.waitForSelector('body[data-ended="true"]');
    await ann.page.waitForSelector('.banner-ended:not([hidden])');
    // The export buttons are there (the report itself is the export module's business).
    assert.equal(await fac.page.locator('.export-buttons button').count(), 5);
    const exportRes = await fac.page.evaluate(async ([code, key]) => {
      const r = await fetch(`/api/sessions/${code}/export?format=md&lang=nl`, { headers: { Authorization: `Bearer ${key}` } });
      return { status: r.status, type: r.headers.get('content-type') };
    }, [s.code, s.facilitator_key]);
    assert.equal(exportRes.status, 200, 'export answers');
  });

  it('had no script errors and no CSP violations on any page', () => {
    assertNoProblems();
  });
});

// Against the device's width: a phone's layout viewport (innerWidth) widens to what overflows.
// The README's pictures: taken once the confirmations ("Geplaatst") have gone, so that no
// toast covers the notes.
async function readmeShot(page, name) {
  await page.waitForFunction(() => !document.querySelector('.toast'), null, { timeout: 8000 });
  await shot(page, name);
}

async function fitsWidth(page, label) {
  const [sw, w] = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
  const dev = page.viewportSize().width;
  assert.ok(sw <= dev && w <= dev, `${label}: the page is ${sw}px wide (layout ${w}px) on a ${dev}px screen`);
}

async function assertEventually(fn, what, timeout = 10000) {
  const t0 = Date.now();
  for (;;) {
    let ok = false;
    try { ok = await fn(); } catch { ok = false; }
    if (ok) return;
    if (Date.now() - t0 > timeout) assert.fail(`timed out: ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

