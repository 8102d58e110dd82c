// A wall of many notes on a tablet. The wall is drawn in blocks of 60 cards (ui/note.js,
// renderWall) so that a new note costs only the blocks in view; here it must still read as
// one wall: every note once, newest first across the blocks, the columns of one block those
// of the next; and a card that a new note pushes into the next block keeps its open editor,
// the text typed in it and the focus.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './lib/server.mjs';
import { launch, assertNoProblems, checkA11y } from './lib/browser.mjs';
import { template, joinAs, phaseIndex, writeNote, noteByText } from './lib/app.mjs';
import * as table from './lib/room-table.mjs';

describe('a wall of 130 notes', () => {
  let srv; let browser; let s; let tb; let ann; let phase;
  const texts = [];
  let n = 0;
  const add = async (who) => {
    const text = `Idee ${String(n).padStart(3, '0')}: ${n % 3 ? 'kort' : 'een wat langere zin, zodat de kaartjes niet allemaal even hoog zijn'}`;
    n += 1;
    await who.ok({ type: 'note.add', phase, text });
    texts.push(text);
  };
  // The texts on the page in order, and the blocks' sizes.
  const wall = () => ann.page.evaluate(() => ({
    texts: [...document.querySelectorAll('.note-wall .note-text')].map((el) => el.textContent),
    blocks: [...document.querySelectorAll('.note-wall > .note-block')].map((b) => b.children.length),
  }));

  before(async () => {
    srv = await startServer();
    browser = await launch();
    const tpl = template('dialoogtafel');
    s = await srv.createSession('dialoogtafel');
    tb = await table.seat(srv, s);
    phase = phaseIndex(tpl, 'ideal_ideas');
    await tb.fac.ok({ type: 'phase.set', index: phase });
    for (let i = 0; i < 129; i++) await add(tb.people[i % tb.people.length]);
    ann = await joinAs(browser, srv, s.code, 'tablet', 'Ann', tpl.backgrounds[0]);
  });
  after(async () => {
    await browser?.close();
    await srv?.stop();
  });

  it('shows every note once, newest first, in blocks of 60 that line up', async () => {
    await ann.page.waitForFunction(() => document.querySelectorAll('.note-wall .note').length === 129);
    let w = await wall();
    assert.deepEqual(w.texts, [...texts].reverse());
    assert.deepEqual(w.blocks, [60, 60, 9]);
    // Ann's own note goes on top; the others move on, one across each block's edge.
    await writeNote(ann.page, 'Mijn eigen idee');
    texts.push('Mijn eigen idee');
    await ann.page.waitForFunction(() => document.querySelectorAll('.note-wall .note:not(.note-pending)').length === 130);
    w = await wall();
    assert.deepEqual(w.texts, [...texts].reverse());
    assert.deepEqual(w.blocks, [60, 60, 10]);
    // The first cards of the first two blocks stand in the same column, equally wide, and
    // the gap between the blocks is the gap between rows.
    const geo = await ann.page.evaluate(() => {
      const [a, b] = [...document.querySelectorAll('.note-block')];
      b.scrollIntoView();
      const r = (el) => el.getBoundingClientRect();
      const lastRow = [...a.children].filter((c) => Math.abs(r(c).top - r(a.lastElementChild).top) < 1);
      return {
        left: [r(a.firstElementChild).left, r(b.firstElementChild).left],
        width: [r(a.firstElementChild).width, r(b.firstElementChild).width],
        rowGap: parseFloat(getComputedStyle(a).rowGap),
        between: r(b).top - Math.max(...lastRow.map((c) => r(c).bottom)),
        cols: getComputedStyle(a).gridTemplateColumns.split(' ').length,
      };
    });
    assert.ok(60 % geo.cols === 0, `${geo.cols} columns divide a block`);
    assert.equal(geo.left[0], geo.left[1]);
    assert.equal(geo.width[0], geo.width[1]);
    assert.ok(Math.abs(geo.between - geo.rowGap) < 1.5, `gap between blocks ${geo.between}, between rows ${geo.rowGap}`);
  });

  it('keeps an open editor when a new note moves its card into the next block', async () => {
    // Ann's note is first; 59 more put it last in the first block.
    for (let i = 0; i < 59; i++) await add(tb.people[i % tb.people.length]);
    await ann.page.waitForFunction(() => document.querySelectorAll('.note-wall .note').length === 189);
    const mine = noteByText(ann.page, 'Mijn eigen idee');
    assert.equal(await mine.evaluate((el) => [...el.parentElement.children].indexOf(el)), 59);
    await mine.getByRole('button', { name: /bewerken/i }).click();
    const ta = ann.page.locator('.note-edit-input');
    await ta.fill('Mijn eigen idee, half herschreven');
    await add(tb.people[0]);
    await ann.page.waitForFunction(() => document.querySelectorAll('.note-wall .note').length === 190);
    const where = await ann.page.evaluate(() => {
      const el = document.querySelector('.note-edit-input').closest('.note');
      const blocks = [...document.querySelectorAll('.note-block')];
      return { block: blocks.indexOf(el.parentElement), index: [...el.parentElement.children].indexOf(el) };
    });
    assert.deepEqual(where, { block: 1, index: 0 });
    assert.equal(await ta.inputValue(), 'Mijn eigen idee, half herschreven');
    assert.ok(await ta.evaluate((el) => document.activeElement === el), 'the editor keeps the focus');
    await ta.press('Enter');
    await ann.page.waitForFunction(() => [...document.querySelectorAll('.note-text')].some((el) => el.textContent === 'Mijn eigen idee, half herschreven'));
    await checkA11y(ann.page, 'a wall of 190 notes');
  });

  it('had no script errors and no CSP violations', () => {
    assertNoProblems();
  });
});
