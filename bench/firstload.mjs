// The web app on a venue's Wi-Fi (issue 14): first load and reload of the join page, the
// room screen and the console in Chromium with its network emulation, and the board's
// update time and scrolling with 500 notes on a tablet-class CPU (4x slower).
//
//   node bench/firstload.mjs [--web DIR] [--only load|board] [--runs N]
//   BENCH_BOARD=empathy node bench/firstload.mjs --only board    # the room screen, 40 notes in an empathy map
//
// Environment: TAFEL_BIN (default build/tafel), CHROMIUM (default /usr/bin/chromium).
// Without --web the server uses its own default (the build's web-dist, else web/).
// Method and figures: docs/benchmarks.md, "The web app's first load".
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { Client } from '../tests/protocol/lib/client.mjs';
import * as roomTable from '../tests/browser/lib/room-table.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BIN = path.resolve(process.env.TAFEL_BIN || path.join(ROOT, 'build/tafel'));

const LINKS = [
  { name: '300 ms / 1 Mbit/s', latency: 300, kbit: 1000 },
  { name: 'slow 3G 400 ms / 400 kbit/s', latency: 400, kbit: 400 },
];
// What "shown" means per page: the element a person waits for.
const ALL_PAGES = [
  { name: 'join /j/CODE', path: (s) => `/j/${s.code}`, ready: '.join-form input[type=text]' },
  { name: 'screen /screen/CODE', path: (s) => `/screen/${s.code}`, ready: '.screen' },
  { name: 'console /facilitate/CODE', path: (s) => `/facilitate/${s.code}`, ready: '.console', fac: true },
];
const PAGES = process.env.BENCH_PAGE ? ALL_PAGES.filter((p) => p.name.startsWith(process.env.BENCH_PAGE)) : ALL_PAGES;

function args() {
  const a = { web: null, only: null, runs: 3 };
  const v = process.argv.slice(2);
  for (let i = 0; i < v.length; i++) {
    if (v[i] === '--web') a.web = path.resolve(v[++i]);
    else if (v[i] === '--only') a.only = v[++i];
    else if (v[i] === '--runs') a.runs = Number(v[++i]);
    else { console.error('usage: node bench/firstload.mjs [--web DIR] [--only load|board] [--runs N]'); process.exit(2); }
  }
  return a;
}

// BENCH_BOARD=empathy: the room screen on a full empathy map (the room-screen test's table of
// eight and its forty notes, ten per quadrant) instead of the wall of 500.
const EMPATHY = process.env.BENCH_BOARD === 'empathy';
const NOTES = Number(process.env.BENCH_NOTES || (EMPATHY ? 40 : 500));
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function startServer(web) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tafel-firstload-'));
  const port = 20000 + Math.floor(Math.random() * 20000);
  const a = ['serve', '--host', '127.0.0.1', '--port', String(port), '--db', path.join(dir, 'b.db'),
    '--templates', path.join(ROOT, 'sessions')];
  if (web) a.push('--web', web);
  const proc = spawn(BIN, a, { stdio: ['ignore', 'ignore', 'inherit'] });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 200; i++) {
    try { if ((await fetch(`${base}/healthz`)).ok) break; } catch { /* not yet */ }
    await sleep(50);
  }
  return {
    base, port, wsUrl: `ws://127.0.0.1:${port}/ws`,
    async session() {
      const r = await fetch(`${base}/api/sessions`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ template: 'dialoogtafel' }) });
      return r.json();
    },
    stop() { proc.kill('SIGTERM'); fs.rmSync(dir, { recursive: true, force: true }); },
  };
}

// In the page from its first script on: the time (ms since navigation start) at which the
// element first exists, and the time of the frame after it (painted).
function markWhenShown(sel) {
  const done = () => {
    if (window.__shown || !document.querySelector(sel)) return false;
    window.__shown = performance.now();
    requestAnimationFrame(() => {
      const ch = new MessageChannel();
      ch.port1.onmessage = () => { window.__painted = performance.now(); };
      ch.port2.postMessage(0);
    });
    return true;
  };
  new MutationObserver((_, mo) => { if (done()) mo.disconnect(); })
    .observe(document, { childList: true, subtree: true });
}

// Counts what goes over the network for one load, from the DevTools protocol.
function meter(cdp) {
  const m = { requests: 0, cached: 0, bytes: 0, ws: 0, urls: [] };
  const net = new Set();
  cdp.on('Network.requestWillBeSent', (e) => { m.requests++; m.urls.push(e.request.url.replace(/^https?:\/\/[^/]+/, '')); });
  cdp.on('Network.requestServedFromCache', () => { m.cached++; });
  cdp.on('Network.responseReceived', (e) => {
    if (!e.response.fromDiskCache && !e.response.fromPrefetchCache && !e.response.fromServiceWorker) net.add(e.requestId);
  });
  cdp.on('Network.loadingFinished', (e) => { if (net.has(e.requestId)) m.bytes += e.encodedDataLength; });
  cdp.on('Network.webSocketFrameReceived', (e) => { m.ws += e.response.payloadData.length; });
  cdp.on('Network.webSocketFrameSent', (e) => { m.ws += e.response.payloadData.length; });
  return {
    reset() { Object.assign(m, { requests: 0, cached: 0, bytes: 0, ws: 0, urls: [] }); net.clear(); },
    get: () => ({ ...m }),
  };
}

async function loadOnce(browser, srv, s, pg, link) {
  const context = await browser.newContext({ viewport: { width: 820, height: 1180 }, isMobile: true, hasTouch: true, locale: 'nl-NL' });
  if (pg.fac) await context.addInitScript(([c, k]) => localStorage.setItem(`tafel.fkey.${c}`, k), [s.code, s.facilitator_key]);
  await context.addInitScript(markWhenShown, pg.ready);
  const page = await context.newPage();
  if (process.env.BENCH_DEBUG) page.on('console', (m) => console.log('  page:', m.text()));
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false, latency: link.latency,
    downloadThroughput: (link.kbit * 1000) / 8, uploadThroughput: (link.kbit * 1000) / 8,
  });
  const mt = meter(cdp);
  const url = srv.base + pg.path(s);
  const measure = async () => {
    await page.waitForFunction(() => window.__painted, null, { timeout: 60000, polling: 50 });
    const t = await page.evaluate(() => window.__painted);
    await page.waitForLoadState('load');
    await sleep(1500 + 2 * link.latency);   // late requests (icons, the socket's join) counted too
    return { ms: t, ...mt.get() };
  };
  await page.goto(url, { waitUntil: 'commit' });
  const cold = await measure();
  mt.reset();
  await page.reload({ waitUntil: 'commit' });
  const reload = await measure();
  await context.close();
  return { cold, reload };
}

const median = (xs) => { const v = [...xs].sort((a, b) => a - b); return v[Math.floor(v.length / 2)]; };
const kb = (b) => (b / 1024).toFixed(1);

async function loads(browser, srv, runs) {
  const s = await srv.session();
  console.log('\nFirst load and reload (median of %d runs; HTTP bytes as sent, headers included; WebSocket bytes apart)', runs);
  console.log('link                          page                       cold ms  req  KB     reload ms  req(net)  KB    ws KB');
  for (const link of LINKS) {
    for (const pg of PAGES) {
      const r = [];
      for (let i = 0; i < runs; i++) r.push(await loadOnce(browser, srv, s, pg, link));
      const c = r.map((x) => x.cold);
      const l = r.map((x) => x.reload);
      const mid = r[Math.floor(runs / 2)];
      console.log(`${link.name.padEnd(30)}${pg.name.padEnd(27)}${String(Math.round(median(c.map((x) => x.ms)))).padStart(7)}` +
        `${String(mid.cold.requests).padStart(5)}  ${kb(median(c.map((x) => x.bytes))).padEnd(7)}` +
        `${String(Math.round(median(l.map((x) => x.ms)))).padStart(9)}  ${String(mid.reload.requests - mid.reload.cached).padStart(4)}/${String(mid.reload.requests).padEnd(4)}` +
        `  ${kb(median(l.map((x) => x.bytes))).padEnd(6)}${kb(mid.cold.ws).padStart(6)}`);
      if (process.env.BENCH_URLS) console.log('   cold:', mid.cold.urls.join(' '), '\n   reload:', mid.reload.urls.join(' '));
    }
  }
}

// ---- the board with 500 notes on a tablet with its CPU slowed 4x ----

// In the page: the time a WebSocket message carrying `marker` arrives, and the time the
// frame after the note with that text is in the DOM has run (the note painted).
function boardProbe() {
  const Orig = window.WebSocket;
  window.__probe = { marker: null, arrived: 0, shown: 0, painted: 0 };
  window.WebSocket = class extends Orig {
    constructor(...a) {
      super(...a);
      // Registered before the app's own handler, so it runs first for each message.
      this.addEventListener('message', (e) => {
        const p = window.__probe;
        if (p.marker && !p.arrived && typeof e.data === 'string' && e.data.includes(p.marker)) p.arrived = performance.now();
      });
    }
  };
  // Only what was added is looked at, so that the probe itself costs little.
  const has = (node, m) => node.nodeType === 1 && [node, ...node.querySelectorAll('.note-text')]
    .some((el) => el.classList.contains('note-text') && el.textContent === m);
  new MutationObserver((records) => {
    const p = window.__probe;
    if (!p.marker || !p.arrived || p.shown) return;
    for (const r of records) {
      const hit = [...r.addedNodes].some((n) => has(n, p.marker)) ||
        (r.type === 'characterData' && r.target.parentElement?.classList.contains('note-text') && r.target.data === p.marker) ||
        (r.type === 'childList' && r.target.classList?.contains('note-text') && r.target.textContent === p.marker);
      if (hit) {
        p.shown = performance.now();
        requestAnimationFrame(() => {
          const ch = new MessageChannel();
          ch.port1.onmessage = () => { p.painted = performance.now(); };
          ch.port2.postMessage(0);
        });
        return;
      }
    }
  }).observe(document, { childList: true, subtree: true, characterData: true });
}

// From a trace: for each WebSocket message handled on the renderer's main thread, the
// thread time (CPU time, which time spent waiting for a core leaves out) of every task from
// that message's task to the end of the first paint after it.
const STAGES = ['FunctionCall', 'TimerFire', 'UpdateLayoutTree', 'Layout', 'PrePaint', 'Paint', 'Layerize', 'Commit',
  'IntersectionObserverController::computeIntersections', 'HitTest'];
function cpuPerNote(trace) {
  const ev = (trace.traceEvents || trace).filter((e) => e.ph === 'X');
  const msgs = ev.filter((e) => e.name === 'FunctionCall' && /onmessage/.test(e.args?.data?.functionName || ''));
  const out = [];
  out.stages = {};
  for (const m of msgs) {
    const tasks = ev.filter((e) => e.name === 'RunTask' && e.tid === m.tid && e.pid === m.pid);
    const start = tasks.find((t) => t.ts <= m.ts && t.ts + t.dur >= m.ts + m.dur);
    const paint = ev.find((e) => e.name === 'Paint' && e.tid === m.tid && e.ts > m.ts);
    if (!start || !paint) continue;
    const end = paint.ts + paint.dur;
    out.push(tasks.filter((t) => t.ts >= start.ts && t.ts <= end).reduce((a, t) => a + (t.tdur ?? t.dur), 0) / 1000);
    for (const e of ev) {
      if (e.tid === m.tid && e.ts >= start.ts && e.ts <= end && STAGES.includes(e.name)) {
        out.stages[e.name] = (out.stages[e.name] ?? 0) + (e.tdur ?? e.dur) / 1000;
      }
    }
  }
  for (const k of Object.keys(out.stages)) out.stages[k] /= out.length || 1;
  return out;
}

// The room screen on a full empathy map: the screen, settled after each new note (its refit
// runs in the frame the probe waits for), and the main thread's time per note.
async function empathyBoard(srv) {
  const s = await srv.session();
  const tb = await roomTable.seat(srv, s);
  const phase = 1;   // the model template's first empathy map
  await tb.fac.ok({ type: 'phase.set', index: phase });
  await roomTable.fillEmpathy(tb, phase);
  const quads = ['thinks', 'feels', 'says', 'does'];
  return {
    s, phase, devices: ['room screen'],
    add: (i, text) => tb.people[i % tb.people.length].request({ type: 'note.add', phase, quadrant: quads[i % 4], text }),
    close: async () => { for (const c of [tb.fac, ...tb.people]) await c.close(); },
  };
}

async function board(browser, srv, runs) {
  const tbl = EMPATHY ? await empathyBoard(srv) : await wallBoard(srv);
  const s = tbl.s;
  const results = [];
  const devices = tbl.devices.filter((d) => !process.env.BENCH_DEVICE || d.startsWith(process.env.BENCH_DEVICE));
  for (const device of devices) {
    const context = await browser.newContext(device === 'room screen'
      ? { viewport: { width: 1920, height: 1080 }, locale: 'nl-NL' }
      : { viewport: { width: 820, height: 1180 }, isMobile: true, hasTouch: true, locale: 'nl-NL' });
    await context.addInitScript(boardProbe);
    const page = await context.newPage();
    if (process.env.BENCH_DEBUG) page.on('console', (m) => console.log('  page:', m.text()));
    if (device === 'room screen') {
      await page.goto(`${srv.base}/screen/${s.code}`);
    } else {
      await page.goto(`${srv.base}/j/${s.code}`);
      await page.locator('.join-form input[type=text]').fill('Lezer');
      await page.locator('.tile-label').first().click();
      await page.locator('.join-form button[type=submit]').click();
    }
    await page.waitForFunction((n) => document.querySelectorAll('.note').length >= n, Number(process.env.BENCH_MIN_CARDS || NOTES), { timeout: 60000 });
    await sleep(500);
    const cdp = await context.newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: Number(process.env.BENCH_CPU_RATE || 4) });
    const lat = [];
    // The main thread's CPU time per note, from the trace: robust to a busy machine, where
    // wall-clock figures also count the time the renderer waits for a core. (Thread time
    // includes the slowing: Chromium's throttling keeps the thread busy.)
    await browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline'] });
    for (let i = 0; i < runs * 5; i++) {
      const marker = `Nieuw briefje ${device} ${i}`;
      await page.evaluate((m) => Object.assign(window.__probe, { marker: m, arrived: 0, shown: 0, painted: 0 }), marker);
      await tbl.add(i, marker);
      await page.waitForFunction(() => window.__probe.painted, null, { timeout: 60000, polling: 20 });
      const p = await page.evaluate(() => window.__probe);
      lat.push({ dom: p.shown - p.arrived, paint: p.painted - p.arrived });
      await sleep(EMPATHY ? 1000 : 300);
    }
    const traced = (await browser.stopTracing()).toString('utf8');
    if (process.env.BENCH_TRACE) fs.writeFileSync(`${process.env.BENCH_TRACE}-${device.split(' ')[0]}.json`, traced);   // for DevTools
    const cpu = cpuPerNote(JSON.parse(traced));
    // Scrolling: the wall is scrolled 20 px per frame for 3 s; every frame's interval is kept.
    const frames = await page.evaluate(() => new Promise((resolve) => {
      const el = document.scrollingElement;
      el.scrollTop = 0;
      const gaps = [];
      let last = performance.now();
      const t0 = last;
      const step = (now) => {
        gaps.push(now - last);
        last = now;
        el.scrollTop += 20;
        if (now - t0 < 3000) requestAnimationFrame(step);
        else resolve(gaps);
      };
      requestAnimationFrame(step);
    }));
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
    const notes = await page.evaluate(() => document.querySelectorAll('.note').length);
    results.push({ device, notes, lat, frames, cpu });
    await context.close();
  }
  await tbl.close();
  console.log(`\nBoard with ${NOTES} notes${EMPATHY ? ' (empathy map)' : ''}, CPU slowed ${process.env.BENCH_CPU_RATE || 4}x: a new note from its WebSocket message to in the DOM / painted (ms); scrolling frame intervals (ms)`);
  for (const r of results) {
    const dom = r.lat.map((x) => x.dom);
    const paint = r.lat.map((x) => x.paint);
    const f = r.frames.slice(1);
    const p = (xs, q) => { const v = [...xs].sort((a, b) => a - b); return v[Math.min(v.length - 1, Math.floor(q * v.length))]; };
    console.log(`${r.device.padEnd(20)} notes ${r.notes}  in DOM median ${p(dom, 0.5).toFixed(1)} max ${Math.max(...dom).toFixed(1)}` +
      `  painted median ${p(paint, 0.5).toFixed(1)} max ${Math.max(...paint).toFixed(1)}` +
      `  | scroll frames ${f.length}: median ${p(f, 0.5).toFixed(1)} p95 ${p(f, 0.95).toFixed(1)} max ${Math.max(...f).toFixed(1)}, over 50 ms: ${f.filter((x) => x > 50).length}`);
    if (r.cpu.length) {
      console.log(`${''.padEnd(20)} main-thread CPU time per note, message to painted frame (thread time, at the slowed rate): median ${p(r.cpu, 0.5).toFixed(1)} max ${Math.max(...r.cpu).toFixed(1)} ms`);
      console.log(`${''.padEnd(20)} of which, mean per note: ${Object.entries(r.cpu.stages).sort((x, y) => y[1] - x[1])
        .map(([k, v]) => `${k.replace('IntersectionObserverController::computeIntersections', 'IntersectionObserver')} ${v.toFixed(1)}`).join(', ')}`);
    }
  }
}


async function wallBoard(srv) {
  const s = await srv.session();
  const fac = await Client.connect(srv, { label: 'fac' });
  const joined = await fac.join({ code: s.code, facilitator_key: s.facilitator_key });
  const bg = joined.state.backgrounds[0];
  await fac.request({ type: 'phase.set', index: 4 });   // ideal ideas: one wall of notes
  const writers = [];
  for (let i = 0; i < 10; i++) {
    const c = await Client.connect(srv, { label: `w${i}` });
    await c.join({ code: s.code, name: `Schrijver ${i}`, background: bg });
    writers.push(c);
  }
  const text = (i) => `Idee nummer ${i}: een langere zin zoals mensen die op een briefje schrijven, met wat uitleg erbij.`;
  // BENCH_NOTES (a multiple of 50) changes the 500, for comparisons.
  for (let i = 0; i < NOTES; i += 50) {
    await Promise.all(writers.map((w, k) => (async () => {
      for (let j = 0; j < 5; j++) await w.request({ type: 'note.add', phase: 4, text: text(i + k * 5 + j) });
    })()));
  }
  return {
    s, devices: ['tablet participant', 'room screen'],
    add: (i, text) => writers[i % writers.length].request({ type: 'note.add', phase: 4, text }),
    close: async () => { for (const w of writers) await w.close(); await fac.close(); },
  };
}

const a = args();
const srv = await startServer(a.web);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
});
try {
  console.log(`tafel: ${BIN}, web: ${a.web ?? '(the server\'s default)'}`);
  if (!a.only || a.only === 'load') await loads(browser, srv, a.runs);
  if (!a.only || a.only === 'board') await board(browser, srv, a.runs);
} finally {
  await browser.close();
  srv.stop();
}
