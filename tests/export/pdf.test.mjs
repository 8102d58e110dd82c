// The HTML report printed to PDF by Debian's Chromium, the way a facilitator prints it.
//
// Environment: TAFEL_BIN (the built `tafel`; the unit-test executable `test_export` sits next
// to it in the build directory) and TAFEL_SOURCE_DIR (the repository). The HTML comes from
// `test_export --render FIXTURE html LANG`, which calls the same export_render() as
// `tafel export` and the HTTP export. Needs pdftotext, pdfinfo and pdftoppm (poppler-utils).
//
// Checks: the PDF is A4; every numbered section and appendix starts on a page of its own
// (the print CSS breaks before each), so the PDF has the title page plus one page per
// section at least; the document loads nothing from outside. Writes one rendered page to
// docs/screenshots/report-page1.png (and the page with the vote chart next to it).
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
const renderer = path.join(path.dirname(bin), 'test_export');

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tafel-export-pdf-'));
let browser;

function render(fixture, format, lang) {
  return execFileSync(renderer, ['--render', fixture, format, lang], {
    env: { ...process.env, TAFEL_SOURCE_DIR: src },
    maxBuffer: 64 << 20,
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

// Prints `html` to a PDF file; returns its path and the URLs the page asked for.
async function printPdf(html, name) {
  const page = await browser.newPage();
  const requests = [];
  await page.route('**/*', (route) => {
    requests.push(route.request().url());
    return route.abort();
  });
  await page.setContent(html, { waitUntil: 'load' });
  await page.emulateMedia({ media: 'print' });
  const file = path.join(tmp, `${name}.pdf`);
  await page.pdf({ path: file, preferCSSPageSize: true, printBackground: true });
  await page.close();
  return { file, requests };
}

// The text of each page, from pdftotext (pages are separated by form feeds).
function pages(pdf) {
  const text = execFileSync('pdftotext', ['-enc', 'UTF-8', pdf, '-']).toString('utf8');
  const list = text.split('\f');
  if (list.length && list[list.length - 1].trim() === '') list.pop();
  return list;
}

function firstLine(pageText) {
  return pageText.split('\n').map((l) => l.trim()).find((l) => l !== '') ?? '';
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

const sections = {
  nl: ['1 Aandachtspunten per persona', '2 Belangrijkste oplossingsrichtingen', '3 Samenvatting',
    'Bijlage A Slechte ideeën en hun essentie', 'Bijlage B Ideale ideeën',
    'Bijlage C Stemmentabel'],
  en: ['1 Points of attention per persona', '2 Main solution directions', '3 Summary',
    'Appendix A Bad ideas and their essence', 'Appendix B Ideal ideas',
    'Appendix C Vote table'],
};

for (const [fixture, lang] of [['model', 'nl'], ['model', 'en'], ['script', 'en'], ['hostile', 'en']]) {
  test(`${fixture} (${lang}): the PDF has a page per section`, { skip: !have('pdftotext') && 'pdftotext missing (poppler-utils)' }, async () => {
    const html = render(fixture, 'html', lang);
    const { file, requests } = await printPdf(html, `${fixture}-${lang}`);
    assert.deepEqual(requests, [], 'the report loads nothing');

    const info = execFileSync('pdfinfo', [file]).toString('utf8');
    assert.match(info, /Page size:\s+59[45](\.\d+)? x 84[12](\.\d+)? pts \(A4\)/, 'A4 pages');

    const list = pages(file);
    const expected = sections[lang];
    assert.ok(list.length >= 1 + expected.length, `${list.length} pages`);
    // The title page opens with the kicker and the title; then each section opens a page.
    const starts = list.map(firstLine);
    // (The kicker is letter-spaced, so pdftotext may split its words; compare without spaces.)
    assert.match(starts[0].replace(/\s+/g, ''),
      lang === 'nl' ? /VERSLAGVANEENDIALOOGTAFEL/i : /REPORTOFADIALOGUETABLE/i);
    const opened = starts.filter((s) => expected.includes(s));
    assert.deepEqual(opened, expected, `sections that open a page: ${JSON.stringify(starts)}`);
    // Each heading appears once in the whole text: nothing is duplicated or lost.
    const all = list.join('\n');
    for (const h of expected) {
      assert.equal(all.split(h).length - 1, 1, `heading ${h}`);
    }
    if (fixture === 'model') {
      assert.ok(all.includes('Een helder BCP'), 'direction 1');
      assert.ok(all.includes('Focus op interprofessioneel samenwerken'), 'direction 3');
    }
    if (fixture === 'hostile') {
      assert.ok(all.includes("<script>alert('title')</script>"), 'hostile title printed as text');
    }
  });
}

test('a rendered page for the documentation', { skip: !(have('pdftoppm') && have('pdftotext')) && 'poppler-utils missing' }, async () => {
  const html = render('model', 'html', 'nl');
  const { file } = await printPdf(html, 'screenshot');
  const out = path.join(src, 'docs', 'screenshots');
  fs.mkdirSync(out, { recursive: true });
  // Page 1 (title and opening) and the page that opens the directions (the vote chart).
  const starts = pages(file).map(firstLine);
  const directions = starts.indexOf(sections.nl[1]) + 1;
  assert.ok(directions > 1, 'the directions open a page');
  for (const [pageNo, name] of [[1, 'report-page1'], [directions, 'report-directions']]) {
    const prefix = path.join(tmp, name);
    execFileSync('pdftoppm', ['-png', '-r', '70', '-f', String(pageNo), '-l', String(pageNo),
      '-singlefile', file, prefix]);
    const png = fs.readFileSync(`${prefix}.png`);
    assert.equal(png.subarray(1, 4).toString('latin1'), 'PNG');
    fs.writeFileSync(path.join(out, `${name}.png`), png);
  }
});
