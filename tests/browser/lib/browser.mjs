// Chromium for the browser tests: launch, contexts for the kinds of devices, a watch on
// every page for script errors and CSP violations, the axe-core check and screenshots.
import { chromium } from 'playwright-core';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { SOURCE_DIR, SHOTS_DIR } from './server.mjs';

export const AXE_PATH = path.join(SOURCE_DIR, 'node_modules/axe-core/axe.min.js');

export function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

export const DEVICES = {
  laptop: { viewport: { width: 1440, height: 900 } },
  tablet: { viewport: { width: 820, height: 1180 }, hasTouch: true, isMobile: true, deviceScaleFactor: 1 },
  tabletLandscape: { viewport: { width: 1180, height: 820 }, hasTouch: true, isMobile: true, deviceScaleFactor: 1 },
  phone: { viewport: { width: 360, height: 740 }, hasTouch: true, isMobile: true, deviceScaleFactor: 1 },
  projector: { viewport: { width: 1920, height: 1080 } },
};

// Problems seen on any watched page: uncaught errors, console errors, CSP violations.
export const problems = [];

export function watch(page, name) {
  page.on('pageerror', (e) => problems.push(`[${name}] pageerror: ${e.message}`));
  page.on('console', (m) => {
    const text = m.text();
    if (/Content Security Policy|Refused to/i.test(text)) problems.push(`[${name}] CSP: ${text}`);
    else if (m.type() === 'error' && !/Failed to load resource|WebSocket connection|ERR_INTERNET_DISCONNECTED/i.test(text)) {
      problems.push(`[${name}] console: ${text}`);
    }
  });
  return page;
}

export async function newPage(browser, device, name, { init } = {}) {
  const context = await browser.newContext({ ...DEVICES[device], locale: 'nl-NL' });
  if (init) await context.addInitScript(init.fn, init.arg);
  const page = watch(await context.newPage(), name);
  page.setDefaultTimeout(10000);
  return { context, page };
}

// Runs axe-core on the page and fails on serious or critical violations. The server's CSP
// forbids inline scripts, and page.addScriptTag({path}) inserts one (the browser refuses
// it and logs a violation). So the source is evaluated through the DevTools protocol,
// which the page's CSP does not govern.
let axeSource = null;
export async function checkA11y(page, label) {
  // Contrast is measured on what is drawn at rest: with reduced motion the app draws no
  // entry animation (a note fading in, re-rendered by a late event, was measured half-faded),
  // and any that still runs is let finish.
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await page.evaluate(() => Promise.all(document.getAnimations().map((a) => a.finished.catch(() => {}))));
  if (!(await page.evaluate(() => typeof window.axe !== 'undefined'))) {
    axeSource ||= fs.readFileSync(AXE_PATH, 'utf8');
    await page.evaluate(`${axeSource}\n;window.axe = axe;`);
  }
  const result = await page.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({
      id: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.slice(0, 5).map((n) => `${n.target.join(' ')} — ${n.failureSummary}`),
    }));
  });
  const bad = result.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  assert.equal(bad.length, 0, `${label}: accessibility violations:\n${JSON.stringify(bad, null, 2)}`);
  return result;
}

export async function shot(page, name, opts = {}) {
  fs.mkdirSync(SHOTS_DIR, { recursive: true });
  await page.evaluate(() => { document.activeElement?.blur?.(); window.scrollTo(0, 0); });
  await page.waitForTimeout(350);   // let entry animations settle
  await page.screenshot({ path: path.join(SHOTS_DIR, `${name}.png`), ...opts });
}

export function assertNoProblems() {
  assert.deepEqual(problems, [], `problems on the pages:\n${problems.join('\n')}`);
}
