// The cross-table report of an event printed to PDF by Chromium: A4 pages, every section
// and table there once, each table's appendix on a page of its own, nothing loaded from
// outside; the hostile event prints without any injected element doing anything. The HTML
// comes from the unit-test executable's render mode (the same export_event_render() as the
// server). Needs pdftotext and pdfinfo (poppler-utils). Writes
// docs/screenshots/event-report-ranking.png with pdftoppm.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';

const bin = process.env.TAFEL_BIN;
const src = process.env.TAFEL_SOURCE_DIR;
if (!bin || !src) throw new Error('TAFEL_BIN and TAFEL_SOURCE_DIR must be set');
const renderer = path.join(path.dirname(bin), 'test_export_event');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tafel-event-pdf-'));
let browser;

function render(fixture, lang) {
  return execFileSync(renderer, ['--render', fixture, 'html', lang], {
    env: { ...process.env, TAFEL_SOURCE_DIR: src }, maxBuffer: 64 << 20,
  }).toString('utf8');
}

function have(tool) {
  try {
    execFileSync(tool, ['-v'], { stdio: 'ignore' });
    return true;
  } catch (e) {
    return e.code !== 'ENOENT';
  }
}
const skip = !(have('pdftotext') && have('pdfinfo')) && 'pdftotext missing (poppler-utils)';

async function printPdf(html, name) {
  const page = await browser.newPage();
  const requests = [];
  const dialogs = [];
  page.on('dialog', (d) => { dialogs.push(d.message()); d.dismiss(); });
  await page.route('**/*', (route) => { requests.push(route.request().url()); return route.abort(); });
  await page.setContent(html, { waitUntil: 'load' });
  await page.emulateMedia({ media: 'print' });
  const file = path.join(tmp, `${name}.pdf`);
  await page.pdf({ path: file, preferCSSPageSize: true, printBackground: true });
  await page.close();
  return { file, requests, dialogs };
}

function pages(pdf) {
  const text = execFileSync('pdftotext', ['-enc', 'UTF-8', '-layout', pdf, '-']).toString('utf8');
  return text.split('\f').filter((p, i, all) => i < all.length - 1 || p.trim());
}

before(async () => {
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
});

after(async () => {
  await browser?.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

const expected = {
  nl: {
    sections: ['1 Aandachtspunten per persona', '2 Belangrijkste oplossingsrichtingen',
      '3 Samenvattingen per tafel'],
    appendices: ['Bijlage A Zaal Noord', 'Bijlage B Zaal Zuid', 'Bijlage C Zaal West'],
    ranking: 'Alle oplossingsrichtingen naar stemaandeel',
  },
  en: {
    sections: ['1 Points of attention per persona', '2 Main solution directions',
      '3 Summaries of the tables'],
    appendices: ['Appendix A Zaal Noord', 'Appendix B Zaal Zuid', 'Appendix C Zaal West'],
    ranking: 'All solution directions by vote share',
  },
};

for (const lang of ['nl', 'en']) {
  test(`the event's report prints on A4 (${lang})`, { skip }, async () => {
    const { file, requests } = await printPdf(render('event', lang), `event-${lang}`);
    assert.deepEqual(requests, [], 'nothing is loaded from outside');
    const info = execFileSync('pdfinfo', [file]).toString('utf8');
    assert.match(info, /Page size:.*\(A4\)/);
    const list = pages(file);
    assert.ok(list.length >= 4 && list.length <= 10, `${list.length} pages`);
    const all = list.join('\n');
    for (const h of [...expected[lang].sections, ...expected[lang].appendices, expected[lang].ranking]) {
      assert.equal(all.split(h).length - 1, 1, `"${h}" once`);
    }
    // Each table's appendix opens a page: a sheet per table.
    for (const h of expected[lang].appendices) {
      const p = list.find((x) => x.includes(h));
      assert.equal(p.trim().split('\n')[0].trim(), h, `${h} starts its page`);
    }
    // The ranking is on one page with its first direction's heading after it.
    const rankPage = list.findIndex((x) => x.includes(expected[lang].ranking));
    assert.ok(rankPage >= 0 && list[rankPage].includes(lang === 'nl' ? '10 van 24 stippen' : '10 of 24 dots'));
  });
}

test('the hostile event prints as text: no script runs, nothing is loaded', { skip }, async () => {
  const html = render('hostile', 'en');
  const { file, requests, dialogs } = await printPdf(html, 'hostile');
  assert.deepEqual(requests, []);
  assert.deepEqual(dialogs, []);
  const all = pages(file).join('\n');
  assert.ok(all.includes("<script>alert('ev')</script>"), 'the event title shows as text');
  assert.ok(all.includes('<img src=x onerror=alert(2)>'), 'the table name shows as text');
});

test('a page of the report for the documentation', { skip: !(have('pdftoppm') && have('pdftotext')) && 'poppler-utils missing' }, async () => {
  const { file } = await printPdf(render('event', 'nl'), 'shot');
  const pageNo = pages(file).findIndex((p) => p.includes(expected.nl.ranking)) + 1;
  assert.ok(pageNo >= 1);
  const prefix = path.join(tmp, 'ranking');
  execFileSync('pdftoppm', ['-png', '-r', '70', '-f', String(pageNo), '-l', String(pageNo), '-singlefile', file, prefix]);
  const png = fs.readFileSync(`${prefix}.png`);
  assert.equal(png.subarray(1, 4).toString('latin1'), 'PNG');
  fs.mkdirSync(path.join(src, 'docs', 'screenshots'), { recursive: true });
  fs.writeFileSync(path.join(src, 'docs', 'screenshots', 'event-report-ranking.png'), png);
});
