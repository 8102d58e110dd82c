// What the export's print tests share (pdf.test.mjs for a session's report, event-pdf.test.mjs
// for an event's): the HTML from a unit-test executable's render mode, Debian's Chromium that
// prints it to PDF with nothing let in from outside, and the page texts and images that
// poppler-utils make of the PDF.
//
// Environment: TAFEL_BIN (the built `tafel`; the unit-test executables sit next to it in the
// build directory) and TAFEL_SOURCE_DIR (the repository).
import { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';

const bin = process.env.TAFEL_BIN;
export const src = process.env.TAFEL_SOURCE_DIR;
if (!bin || !src) throw new Error('TAFEL_BIN and TAFEL_SOURCE_DIR must be set');

// `exe --render ...args`: the same export as the server's, from the unit-test executable.
export function renderWith(exe, args) {
  return execFileSync(path.join(path.dirname(bin), exe), ['--render', ...args], {
    env: { ...process.env, TAFEL_SOURCE_DIR: src },
    maxBuffer: 64 << 20,
  }).toString('utf8');
}

export function have(tool) {
  try {
    execFileSync(tool, ['-v'], { stdio: 'ignore' });
    return true;
  } catch (e) {
    return e.code !== 'ENOENT';
  }
}
export const skip = !(have('pdftotext') && have('pdfinfo')) && 'pdftotext missing (poppler-utils)';
export const skipShots = !(have('pdftoppm') && have('pdftotext')) && 'poppler-utils missing';

// A browser for the test file and a folder for its PDFs, both gone after its tests. Returns
// the folder and printPdf(html, name), which prints `html` to an A4 PDF and returns its path,
// the URLs the page asked for (all refused) and the messages of any dialog it opened.
export function printer(name) {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), `tafel-${name}-`));
  let browser;
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
  async function printPdf(html, file) {
    const page = await browser.newPage();
    const requests = [];
    const dialogs = [];
    page.on('dialog', (d) => { dialogs.push(d.message()); d.dismiss(); });
    await page.route('**/*', (route) => {
      requests.push(route.request().url());
      return route.abort();
    });
    await page.setContent(html, { waitUntil: 'load' });
    await page.emulateMedia({ media: 'print' });
    const out = path.join(tmp, `${file}.pdf`);
    await page.pdf({ path: out, preferCSSPageSize: true, printBackground: true });
    await page.close();
    return { file: out, requests, dialogs };
  }
  return { tmp, printPdf };
}

// The text of each page, from pdftotext (pages are separated by form feeds); `args` such as
// ['-layout'] go to pdftotext.
export function pages(pdf, args = []) {
  const text = execFileSync('pdftotext', ['-enc', 'UTF-8', ...args, pdf, '-']).toString('utf8');
  const list = text.split('\f');
  if (list.length && list[list.length - 1].trim() === '') list.pop();
  return list;
}

// Page pageNo (from 1) of the PDF as a PNG at 70 dpi, written to docs/screenshots/NAME.png.
export function screenshot(pdf, pageNo, tmp, name) {
  assert.ok(pageNo >= 1, name);
  const prefix = path.join(tmp, name);
  execFileSync('pdftoppm', ['-png', '-r', '70', '-f', String(pageNo), '-l', String(pageNo),
    '-singlefile', pdf, prefix]);
  const png = fs.readFileSync(`${prefix}.png`);
  assert.equal(png.subarray(1, 4).toString('latin1'), 'PNG');
  const out = path.join(src, 'docs', 'screenshots');
  fs.mkdirSync(out, { recursive: true });
  fs.writeFileSync(path.join(out, `${name}.png`), png);
}
