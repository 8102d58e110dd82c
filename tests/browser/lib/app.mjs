// Steps through the app as people do: join, open the console and the room screen, write
// notes, change phases. Selectors are the app's own classes and labels.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { TEMPLATES } from './server.mjs';
import { newPage } from './browser.mjs';

export function template(id = 'dialoogtafel') {
  return JSON.parse(fs.readFileSync(path.join(TEMPLATES, `${id}.json`), 'utf8'));
}

export async function joinAs(browser, srv, code, device, name, background) {
  const { context, page } = await newPage(browser, device, name);
  await page.goto(`${srv.base}/j/${code}`);
  await page.locator('.join-form input[type=text]').fill(name);
  await page.locator('.tile-label', { hasText: background }).first().click();
  await page.locator('.join-form button[type=submit]').click();
  await page.waitForSelector('.pview');
  await waitOnline(page);
  return { context, page, name };
}

export async function openConsole(browser, srv, s, device = 'laptop') {
  const { context, page } = await newPage(browser, device, 'facilitator', {
    init: { fn: ([c, k]) => localStorage.setItem(`tafel.fkey.${c}`, k), arg: [s.code, s.facilitator_key] },
  });
  await page.goto(`${srv.base}/facilitate/${s.code}`);
  await page.waitForSelector('.console');
  await waitOnline(page);
  return { context, page };
}

export async function openScreen(browser, srv, code) {
  const { context, page } = await newPage(browser, 'projector', 'screen');
  await page.goto(`${srv.base}/screen/${code}`);
  await page.waitForSelector('.screen');
  await waitOnline(page);
  return { context, page };
}

export const waitOnline = (page) => page.waitForSelector('body[data-conn="online"]');
export const waitPhase = (page, i) => page.waitForSelector(`body[data-phase="${i}"]`);

// The facilitator jumps to a phase (the side list), and every page follows.
export async function gotoPhase(fac, i, pages = []) {
  await fac.locator('.phase-item').nth(i).click();
  // Leaving a private phase unrevealed asks first; these steps go on without the reveal.
  const ask = fac.locator('.ctl-confirm .confirm-warn');
  if (await ask.count()) await ask.locator('button', { hasText: /zonder|without/ }).click();
  await waitPhase(fac, i);
  for (const p of pages) await waitPhase(p, i);
}

// Writes a note with the composer (of a quadrant, on an empathy map) and presses Enter.
export async function writeNote(page, text, quadrant) {
  const scope = quadrant ? page.locator(`.quadrant-${quadrant}`) : page.locator('.phase-body');
  const ta = scope.locator('textarea.composer-input').first();
  await ta.fill(text);
  await ta.press('Enter');
}

// Taps the Add button instead (the touch way).
export async function tapNote(page, text, quadrant) {
  const scope = quadrant ? page.locator(`.quadrant-${quadrant}`) : page.locator('.phase-body');
  await scope.locator('textarea.composer-input').first().fill(text);
  await scope.locator('.composer-add').first().tap();
}

export const noteByText = (page, text) => page.locator('.note').filter({ has: page.locator('.note-text', { hasText: text }) });

// Waits until exactly `n` notes with this text are on the page (n = 0: none). The room
// screen puts soft hyphens in long words ("arbeids\u00admarkt\u00adtoelage"); they do not count.
export async function expectNotes(page, text, n, timeout = 10000) {
  const count = () => page.locator('.note-text').evaluateAll((els, want) => els
    .filter((el) => el.textContent.replace(/\u00ad/g, '').trim() === want).length, text);
  const t0 = Date.now();
  for (;;) {
    const c = await count();
    if (c === n) return;
    if (Date.now() - t0 > timeout) assert.equal(c, n, `notes “${text}”`);
    await page.waitForTimeout(100);
  }
}

export function escapeRe(s) { return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'); }

export function phaseIndex(tpl, kind, nth = 0) {
  const all = tpl.phases.map((p, i) => ({ ...p, index: i })).filter((p) => p.kind === kind);
  assert.ok(all[nth], `template has a ${kind} phase #${nth}`);
  return all[nth].index;
}
