// The venue's Wi-Fi drops: a participant on a tablet goes offline, writes two notes, comes
// back; each note is then on every screen exactly once, and the tablet caught up with
// what it missed. A reply lost on the way (the same notes sent again after a reload) does
// not make a second copy (cid), and a reload keeps the participant's identity.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './lib/server.mjs';
import { launch, shot, assertNoProblems } from './lib/browser.mjs';
import {
  template, joinAs, openConsole, openScreen, gotoPhase, writeNote, tapNote, expectNotes, phaseIndex,
  waitOnline,
} from './lib/app.mjs';

describe('offline and back', () => {
  let srv; let browser; let s; let tpl; let fac; let screen; let ann; let bram;
  let phase;
  const texts = ['Elke OOP’er een mentor', 'Een vaste overlegtijd per week'];

  before(async () => {
    srv = await startServer();
    browser = await launch();
    tpl = template('dialoogtafel');
    s = await srv.createSession('dialoogtafel');
    fac = await openConsole(browser, srv, s);
    screen = await openScreen(browser, srv, s.code);
    ann = await joinAs(browser, srv, s.code, 'tablet', 'Ann', tpl.backgrounds[0]);
    bram = await joinAs(browser, srv, s.code, 'laptop', 'Bram', tpl.backgrounds[1] || tpl.backgrounds[0]);
    phase = phaseIndex(tpl, 'ideal_ideas');
    await gotoPhase(fac.page, phase, [screen.page, ann.page, bram.page]);
  });
  after(async () => {
    await browser?.close();
    await srv?.stop();
  });

  it('shows that it is offline and keeps what is written meanwhile', async () => {
    await ann.context.setOffline(true);
    await ann.page.waitForSelector('body[data-conn="offline"]');
    await ann.page.waitForSelector('.banner-offline:not([hidden])');
    await tapNote(ann.page, texts[0]);
    await writeNote(ann.page, texts[1]);
    // Both are on the tablet, marked as not sent yet, and kept in localStorage.
    await ann.page.waitForFunction(() => document.querySelectorAll('.note-pending').length === 2);
    const kept = await ann.page.evaluate((c) => JSON.parse(localStorage.getItem(`tafel.outbox.${c}`) || '[]'), s.code);
    assert.equal(kept.length, 2);
    assert.ok(kept.every((m) => m.type === 'note.add' && m.cid && m.cid.length <= 64));
    assert.match(await ann.page.locator('.status').textContent(), /2/);
    // Meanwhile the others go on: Bram writes a note Ann has not seen.
    await writeNote(bram.page, 'Geschreven terwijl Ann offline was');
    await expectNotes(fac.page, 'Geschreven terwijl Ann offline was', 1);
    await fac.page.waitForTimeout(500);
    for (const p of [fac.page, bram.page, screen.page]) for (const t of texts) await expectNotes(p, t, 0);
    await shot(ann.page, 'participant-tablet-offline');
    // On a 360 px phone the top bar keeps the language switch in sight beside the status.
    await ann.page.setViewportSize({ width: 360, height: 640 });
    const [sw, right] = await ann.page.evaluate(() => [document.documentElement.scrollWidth,
      document.querySelector('.topbar .lang-switch').getBoundingClientRect().right]);
    assert.ok(sw <= 360 && right <= 360, `offline top bar at 360 px: page ${sw} px, language switch to ${right} px`);
    await ann.page.setViewportSize({ width: 820, height: 1180 });
  });

  it('sends the notes once the connection is back, each exactly once everywhere', async () => {
    await ann.context.setOffline(false);
    await waitOnline(ann.page);
    for (const p of [fac.page, bram.page, screen.page, ann.page]) {
      for (const t of texts) await expectNotes(p, t, 1);
    }
    await ann.page.waitForFunction(() => document.querySelectorAll('.note-pending').length === 0);
    const left = await ann.page.evaluate((c) => localStorage.getItem(`tafel.outbox.${c}`), s.code);
    assert.equal(left, null, 'the outbox is empty');
    // The tablet caught up with what it missed.
    await expectNotes(ann.page, 'Geschreven terwijl Ann offline was', 1);
  });

  it('does not duplicate a note whose reply was lost (same cid sent again)', async () => {
    // A note goes out with a cid; then the same outbox item is put back, as if its reply
    // had been lost, and the page reloads: the app sends it again, the server knows the cid.
    const lost = 'Nog een idee na een verloren antwoord';
    const putBack = () => ann.page.evaluate(([c, t0, ph]) => {
      localStorage.setItem(`tafel.outbox.${c}`, JSON.stringify([
        { type: 'note.add', phase: ph, text: t0, k: 'lost-1', cid: 'lost-1' },
      ]));
    }, [s.code, lost, phase]);
    await putBack();
    await ann.page.reload();
    await ann.page.waitForSelector('.pview');
    await waitOnline(ann.page);
    await expectNotes(fac.page, lost, 1);
    // The same item once more: still one note.
    await putBack();
    await ann.page.reload();
    await ann.page.waitForSelector('.pview');
    await waitOnline(ann.page);
    await ann.page.waitForFunction((c) => localStorage.getItem(`tafel.outbox.${c}`) === null, s.code);
    await fac.page.waitForTimeout(500);
    for (const p of [fac.page, bram.page, screen.page, ann.page]) {
      await expectNotes(p, lost, 1);
      for (const t of texts) await expectNotes(p, t, 1);
    }
  });

  it('keeps the identity across a reload (resume with the token)', async () => {
    await ann.page.reload();
    await ann.page.waitForSelector('.pview');
    await waitOnline(ann.page);
    assert.equal(await ann.page.locator('.join-form').count(), 0, 'no join form after a reload');
    assert.match(await ann.page.locator('.me-line').textContent(), /Ann/);
    // Still one Ann at the table, and she is online.
    await fac.page.waitForFunction(() => [...document.querySelectorAll('.people .person')]
      .filter((li) => li.textContent.includes('Ann')).length === 1);
    await fac.page.waitForFunction(() => [...document.querySelectorAll('.people .person')]
      .some((li) => li.textContent.includes('Ann') && li.querySelector('.presence-on')));
    // Her own notes are still hers (editable).
    const own = ann.page.locator('.note.note-mine');
    assert.ok(await own.count() >= 3);
  });

  it('had no script errors and no CSP violations', () => { assertNoProblems(); });
});
