// The printed sheets of an event: one A4 page per table with the table's name, the QR code
// and link for participants, and the facilitator's console link and key. They live in a
// container beside the app (body > .ev-sheets), hidden on screen; in print only they show
// (web/css/event.css), so the browser's own print dialog makes the pages.
import { h } from '../../dom.js';
import { t } from '../../i18n.js';
import { api } from '../../api.js';
import { softHyphens } from '../screen/hyphen.js';

// The base the links are printed with: the server's own join link says how the room
// reaches the server (a LAN address, not the organizer's localhost).
export function baseOf(joinUrl) {
  try { return new URL(joinUrl).origin; } catch { return location.origin; }
}

// event: {code, title}; tables: [{code, name, join_url?, facilitator_key?}]
export function buildSheets(event, tables, base) {
  const pages = tables.map((tb, i) => {
    const join = tb.join_url || `${base}/j/${tb.code}`;
    const consoleUrl = `${base}/facilitate/${tb.code}`;
    return h('section', { class: 'ev-sheet', 'aria-label': tb.name },
      h('header', { class: 'ev-sheet-head' },
        h('p', { class: 'ev-sheet-event' }, event.title),
        h('p', { class: 'ev-sheet-count' }, t('ev.sheet_n', { i: i + 1, n: tables.length }))),
      h('h1', { class: 'ev-sheet-name' }, softHyphens(tb.name)),
      h('div', { class: 'ev-sheet-join' },
        h('p', { class: 'ev-sheet-call' }, t('ev.sheet_join')),
        h('img', { class: 'ev-sheet-qr', src: api.qrUrl(tb.code), alt: t('screen.qr_alt', { code: tb.code }), width: 360, height: 360 }),
        h('p', { class: 'ev-sheet-how' }, t('ev.sheet_scan')),
        h('p', { class: 'ev-sheet-url' }, join),
        h('p', { class: 'ev-sheet-code' }, h('span', null, `${t('code.label')} `), h('strong', null, tb.code))),
      h('div', { class: 'ev-sheet-fac' },
        h('h2', null, t('ev.sheet_fac')),
        h('p', null, t('ev.sheet_fac_how')),
        h('dl', { class: 'ev-sheet-dl' },
          h('dt', null, t('ev.sheet_console')), h('dd', { class: 'ev-sheet-link' }, consoleUrl),
          h('dt', null, t('fac.key')), h('dd', { class: 'ev-sheet-key' }, tb.facilitator_key || t('ev.sheet_no_key'))),
        h('p', { class: 'ev-sheet-keep' }, t('ev.sheet_keep'))));
  });
  return h('div', { class: 'ev-sheets' }, pages);
}

// Puts the sheets beside the app (replacing earlier ones) and marks the page so that print
// shows only them. Returns the container.
export function mountSheets(event, tables, base) {
  document.querySelector('body > .ev-sheets')?.remove();
  const el = buildSheets(event, tables, base);
  document.body.append(el);
  document.body.classList.add('ev-printing');
  return el;
}

export function unmountSheets() {
  document.querySelector('body > .ev-sheets')?.remove();
  document.body.classList.remove('ev-printing');
}

// Waits for the QR codes, then opens the print dialog.
export async function printSheets(el) {
  await Promise.all([...el.querySelectorAll('img')].map((img) => (img.complete ? null : img.decode().catch(() => null))));
  window.print();
}
