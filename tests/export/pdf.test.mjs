// The HTML report printed to PDF by Debian's Chromium, the way a facilitator prints it.
//
// Environment: TAFEL_BIN (the built `tafel`; the unit-test executable `test_export` sits next
// to it in the build directory) and TAFEL_SOURCE_DIR (the repository). The HTML comes from
// `test_export --render FIXTURE html LANG`, which calls the same export_render() as
// `tafel export` and the HTTP export. Needs pdftotext, pdfinfo and pdftoppm (poppler-utils).
//
// Checks, from the PDF's text and its word positions (pdftotext -bbox): the pages are A4;
// the model session fits its page budget and no page but the last is nearly empty (sections
// follow each other, no forced breaks); every section and appendix heading is there once and
// in order; appendix C's direction column takes at least a third of the table's width, its
// titles wrap between words (not letter by letter), the short table stays on one page and its
// totals row is printed once; the chapter option numbers the headings; the document loads
// nothing from outside. Writes pages to docs/screenshots/report-*.png.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pages, printer, renderWith, screenshot, skip, skipShots, src } from './lib/print.mjs';

const { tmp, printPdf } = printer('export-pdf');

// The model session prints on this many A4 pages at most (it took 11 before the sections
// stopped starting pages of their own and the persona maps moved to an appendix).
const MODEL_PAGES_MAX = 8;
// A page other than the last is "nearly empty" when its text ends above this share of the
// page's height (the bottom margin starts at about 92 %).
const FILL_MIN = 0.6;

function render(fixture, format, lang, extra = []) {
  return renderWith('test_export', [fixture, format, lang, ...extra]);
}

const unxml = (s) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"')
  .replace(/&#39;/g, "'").replace(/&amp;/g, '&');

// Every word of every page with its box, in points from the page's top left.
function words(pdf) {
  const html = execFileSync('pdftotext', ['-enc', 'UTF-8', '-bbox', pdf, '-']).toString('utf8');
  const out = [];
  for (const m of html.matchAll(/<page width="([\d.]+)" height="([\d.]+)">([\s\S]*?)<\/page>/g)) {
    const list = [];
    for (const w of m[3].matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)) {
      list.push({ x0: +w[1], y0: +w[2], x1: +w[3], y1: +w[4], t: unxml(w[5]) });
    }
    out.push({ width: +m[1], height: +m[2], words: list });
  }
  return out;
}

// The page's lines of text, each joined from the words that share a baseline.
function lines(page) {
  const rows = new Map();
  for (const w of page.words) {
    const key = Math.round(w.y1);
    rows.set(key, [...(rows.get(key) ?? []), w]);
  }
  return [...rows.entries()].sort((a, b) => a[0] - b[0])
    .map(([, ws]) => ws.sort((a, b) => a.x0 - b.x0).map((w) => w.t).join(' '));
}

const headings = {
  nl: ['1 Aandachtspunten per persona', '2 Belangrijkste oplossingsrichtingen', '3 Samenvatting',
    'Bijlage A Slechte ideeën en hun essentie', 'Bijlage B Ideale ideeën',
    'Bijlage C Stemmentabel'],
  en: ['1 Points of attention per persona', '2 Main solution directions', '3 Summary',
    'Appendix A Bad ideas and their essence', 'Appendix B Ideal ideas',
    'Appendix C Vote table'],
};
const mapsHeading = { nl: 'Bijlage D Empathy maps', en: 'Appendix D Empathy maps' };

// No page but the last ends high on the page; the last holds more than a stray line.
function assertFilled(boxes, label) {
  boxes.forEach((p, i) => {
    const bottom = Math.max(0, ...p.words.map((w) => w.y1)) / p.height;
    if (i < boxes.length - 1) {
      assert.ok(bottom >= FILL_MIN,
        `${label}: page ${i + 1} of ${boxes.length} is nearly empty (text ends at ${Math.round(bottom * 100)} %)`);
    } else {
      assert.ok(p.words.length >= 20, `${label}: the last page holds ${p.words.length} words`);
    }
  });
}

for (const [fixture, lang] of [['model', 'nl'], ['model', 'en'], ['script', 'en'], ['hostile', 'en']]) {
  test(`${fixture} (${lang}): A4, filled pages, every section once and in order`, { skip }, async () => {
    const html = render(fixture, 'html', lang);
    const { file, requests } = await printPdf(html, `${fixture}-${lang}`);
    assert.deepEqual(requests, [], 'the report loads nothing');

    const info = execFileSync('pdfinfo', [file]).toString('utf8');
    assert.match(info, /Page size:\s+59[45](\.\d+)? x 84[12](\.\d+)? pts \(A4\)/, 'A4 pages');

    const list = pages(file);
    const boxes = words(file);
    assert.equal(boxes.length, list.length);
    assertFilled(boxes, `${fixture} ${lang}`);
    if (fixture === 'model') {
      assert.ok(list.length <= MODEL_PAGES_MAX, `the model report takes ${list.length} pages`);
    }
    // The title page opens with the kicker (letter-spaced, so compare without spaces).
    assert.match(list[0].replace(/\s+/g, ''),
      lang === 'nl' ? /^VERSLAGVANEENDIALOOGTAFEL/i : /^REPORTOFADIALOGUETABLE/i);
    // Every heading is a line of its own, once, in order.
    const all = boxes.flatMap(lines);
    const expected = [...headings[lang], ...(fixture === 'model' || fixture === 'hostile' ? [mapsHeading[lang]] : [])];
    let from = 0;
    for (const h of expected) {
      const at = all.indexOf(h, from);
      assert.ok(at >= 0, `heading ${h} after line ${from}`);
      assert.equal(all.filter((l) => l === h).length, 1, `heading ${h} once`);
      from = at + 1;
    }
    const text = list.join('\n');
    if (fixture === 'model') {
      assert.ok(text.includes('Een helder BCP'), 'direction 1');
      assert.ok(text.includes('Focus op interprofessioneel samenwerken'), 'direction 3');
      // Section 1 opens each persona with its synthesis; the maps come in appendix D.
      const s1 = all.indexOf(headings[lang][0]);
      const s2 = all.indexOf(headings[lang][1]);
      const synth = all.findIndex((l) => l.startsWith('Deelnemers bespraken gezamenlijk wat een OOP’er'));
      assert.ok(s1 < synth && synth < s2, 'the synthesis opens section 1');
      const quadrant = all.findIndex((l) => /^(DENKT|THINKS)\b/.test(l));
      assert.ok(quadrant > all.indexOf(mapsHeading[lang]), 'the quadrants are in the appendix');
    }
    if (fixture === 'hostile') {
      assert.ok(text.includes("<script>alert('title')</script>"), 'hostile title printed as text');
    }
  });
}

// The model session seated with the model template's five backgrounds, whose long names
// ("Medewerker raad") once squeezed the direction column of appendix C to a few letters.
function fiveBackgrounds() {
  const doc = JSON.parse(fs.readFileSync(path.join(src, 'tests/export/fixtures/model.json'), 'utf8'));
  const tpl = JSON.parse(fs.readFileSync(path.join(src, 'sessions/dialoogtafel.json'), 'utf8'));
  doc.backgrounds = tpl.backgrounds;
  doc.backgrounds_plural = tpl.backgrounds_plural;
  let i = 0;
  for (const p of doc.participants) {
    if (p.role === 'participant') p.background = tpl.backgrounds[i++ % tpl.backgrounds.length];
  }
  const file = path.join(tmp, 'model-five.json');
  fs.writeFileSync(file, JSON.stringify(doc));
  return file;
}

// Appendix C as printed: the direction column's share of the table, titles wrapping between
// words, one page for a short table, one totals row.
for (const lang of ['nl', 'en']) {
  test(`model with five backgrounds (${lang}): appendix C is usable in print`, { skip }, async () => {
    const { file } = await printPdf(render(fiveBackgrounds(), 'html', lang), `votes-${lang}`);
    const boxes = words(file);
    const heading = lang === 'nl' ? 'Stemmentabel' : 'Vote';
    const pageNo = boxes.findIndex((p) => lines(p).some((l) => l === headings[lang][5]));
    assert.ok(pageNo >= 0, 'appendix C is printed');
    const page = boxes[pageNo];
    const top = page.words.find((w) => w.t === heading).y1;
    const after = page.words.filter((w) => w.y0 > top);
    // The header row: "#", the direction column, the backgrounds, the total.
    const hash = after.find((w) => w.t === '#');
    assert.ok(hash, 'the table header');
    const dirHead = after.find((w) => w.t === (lang === 'nl' ? 'Oplossingsrichting' : 'Solution'));
    const totalWord = lang === 'nl' ? 'Totaal' : 'Total';
    const totals = page.words.filter((w) => w.t === totalWord && w.y0 > top);
    // Printed twice on the page: the column header and the totals row, nothing more, and
    // nowhere on any other page.
    assert.equal(totals.length, 2, `"${totalWord}" on the page of appendix C: ${totals.length}`);
    const others = boxes.filter((p, i) => i !== pageNo && p.words.some((w) => w.t === totalWord));
    assert.equal(others.length, 0, 'the table and its totals stay on one page');
    const totalHead = totals.reduce((a, b) => (a.y0 < b.y0 ? a : b));
    const totalRow = totals.reduce((a, b) => (a.y0 > b.y0 ? a : b));
    const tableLeft = hash.x0;
    const tableRight = Math.max(...after.filter((w) => w.y0 >= totalHead.y0 - 30 && w.y1 <= totalRow.y1 + 2)
      .map((w) => w.x1));
    // The titles: the words between the header and the totals row in the direction column.
    const titles = after.filter((w) => w.y0 > totalHead.y1 && w.y1 < totalRow.y0 &&
      w.x0 >= dirHead.x0 - 1 && !/^\d+$/.test(w.t));
    assert.ok(titles.length > 10, 'the titles are in the table');
    const columnWidth = Math.max(...titles.map((w) => w.x1)) - dirHead.x0;
    const tableWidth = tableRight - tableLeft;
    assert.ok(columnWidth >= tableWidth / 3,
      `the direction column is ${Math.round(columnWidth)} of ${Math.round(tableWidth)} pt`);
    // Titles wrap between words: no line of a title is a piece of a word.
    const lineCount = new Set(titles.map((w) => Math.round(w.y1))).size;
    assert.ok(lineCount <= 7, `the three titles take ${lineCount} lines`);
    // (The model's titles have no one-letter words: a lone letter is a broken word.)
    for (const w of titles) assert.ok(w.t.length > 1, `a title broken letter by letter: ${w.t}`);
  });
}

test('chapter 6: the PDF titles the chapter and numbers its sections', { skip }, async () => {
  const { file } = await printPdf(render('model', 'html', 'nl', ['--chapter', '6']), 'chapter');
  const all = words(file).flatMap(lines);
  assert.ok(all.includes('6 Inzet van OOP in po en vo'), 'chapter title');
  for (const h of ['6.1 Aandachtspunten per persona', '6.2 Belangrijkste oplossingsrichtingen',
    '6.3 Samenvatting', 'Bijlage 6C Stemmentabel', 'Bijlage 6D Empathy maps']) {
    assert.ok(all.includes(h), h);
  }
});

test('rendered pages for the documentation', { skip: skipShots }, async () => {
  const html = render('model', 'html', 'nl');
  const { file } = await printPdf(html, 'screenshot');
  // Page 1 (title and opening), the page where the personas' synthesis is, the page with the
  // vote chart, and the page of appendix C.
  const list = pages(file);
  const find = (needle) => list.findIndex((p) => p.includes(needle)) + 1;
  const wanted = [[1, 'report-page1'], [find('Deelnemers bespraken gezamenlijk'), 'report-persona'],
    [find('Figuur 1'), 'report-directions'], [find('Bijlage C Stemmentabel'), 'report-votes']];
  for (const [pageNo, name] of wanted) screenshot(file, pageNo, tmp, name);
});
