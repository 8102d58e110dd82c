// /event/{code}: the organizer's live overview of a conference day. The event key comes
// from event creation (localStorage) or is asked for. One WebSocket join {event, event_key}
// gives every table's progress; table.progress events then update one table at a time.
import { h, replace, field, syncList, setText, toast } from '../../dom.js';
import { t, onLangChange, setSessionLang } from '../../i18n.js';
import { api, HttpError } from '../../api.js';
import { eventKey, facilitatorKey, joinUrl, norm } from '../../storage.js';
import { topbar } from '../../ui/topbar.js';
import { errText } from '../../session.js';
import { createEventContext } from './live.js';
import { peekPhases } from './peek.js';
import { tableCard } from './card.js';
import { phaseControl, timerControl, afterControl } from './controls.js';
import { mountSheets, unmountSheets, printSheets, baseOf } from './sheets.js';
import { softHyphens } from '../screen/hyphen.js';

let offLang = null;

export function overviewPage(root, rawCode) {
  const code = norm(rawCode);
  const key = eventKey.get(code);
  if (key) start(root, code, key);
  else askKey(root, code, '');
}

function askKey(root, code, error) {
  const draw = () => {
    const input = h('input', { type: 'password', class: 'input', autocomplete: 'off', spellcheck: 'false' });
    const err = h('p', { class: 'error-text', role: 'alert' }, error);
    const f = h('form', { class: 'key-form' }, field(t('ev.key'), input, t('ev.key_hint')), err,
      h('button', { type: 'submit', class: 'btn btn-primary btn-large' }, t('ev.open_overview')));
    f.addEventListener('submit', (e) => {
      e.preventDefault();
      const k = input.value.trim();
      if (!k) { err.textContent = t('fac.need_key'); input.focus(); return; }
      eventKey.set(code, k);
      start(root, code, k);
    });
    replace(root, topbar({ title: t('ev.overview_title'), subtitle: `${t('code.label')} ${code}` }).el,
      h('main', { id: 'main', class: 'page-narrow' },
        h('section', { class: 'card' }, h('h1', null, t('ev.overview_title')), h('p', null, t('ev.key_intro', { code })), f)));
    input.focus();
  };
  offLang?.();
  offLang = onLangChange(draw);
  draw();
}

function fail(root, title, text) {
  offLang?.();
  offLang = null;
  replace(root, topbar().el, h('main', { id: 'main', class: 'page-narrow' }, h('div', { class: 'card' },
    h('h1', null, title), h('p', { class: 'error-text' }, text),
    h('a', { class: 'btn btn-primary', href: '/' }, t('nav.home')))));
}

function start(root, code, key) {
  const ctx = createEventContext(code, key);
  const info = { phases: [] };
  let view = null;
  const mount = () => {
    waiting.destroy();
    view?.destroy();
    view = overviewView(root, ctx, info);
  };
  ctx.store.addEventListener('change', (e) => {
    if (e.detail.type === 'load') {
      if (!view) mount(); else view.update();
      if (!info.phases.length && ctx.store.state.tables.length) {
        peekPhases(ctx.store.state.tables[0].code).then((r) => {
          info.phases = r.phases;
          view?.update();
        }).catch(() => { /* tried again at the next join */ });
      }
    } else view?.updateTable(e.detail.table.code);
  });
  // The page's language follows the event's, as a session page follows its session's.
  api.eventTables(code).then((d) => setSessionLang(d.language)).catch(() => {});
  ctx.conn.addEventListener('joinerror', (e) => {
    view?.destroy();
    view = null;
    if (e.detail.code === 'forbidden') {
      eventKey.set(code, null);
      askKey(root, code, t('ev.wrong_key'));
    } else if (e.detail.code === 'not_found') fail(root, t('ev.overview_title'), t('ev.no_such', { code }));
    else fail(root, t('ev.overview_title'), errText(e.detail));
  });
  offLang?.();
  offLang = onLangChange(() => { if (view) mount(); });
  const waiting = topbar({ title: t('ev.overview_title'), subtitle: `${t('code.label')} ${code}`, conn: ctx.conn });
  replace(root, waiting.el,
    h('main', { id: 'main', class: 'boot' }, h('p', { class: 'boot-text' }, t('loading'))));
  ctx.conn.start();

  // Deleting: the event and every table's data go; so do this device's keys for them.
  ctx.onDelete = async () => {
    try {
      await api.removeEvent(code, key);
    } catch (ex) {
      toast(ex instanceof HttpError && ex.message ? ex.message : t('err.http'), 'error');
      return;
    }
    const tables = ctx.store.state?.tables || [];
    for (const tb of tables) { facilitatorKey.set(tb.code, null); joinUrl.set(tb.code, null); }
    eventKey.set(code, null);
    joinUrl.set(code, null);
    ctx.conn.stop();
    view?.destroy();
    view = null;
    fail(root, t('ev.deleted_title'), t('ev.deleted', { code }));
    root.querySelector('.error-text')?.classList.replace('error-text', 'ev-deleted');
  };
}

// The most common phase among the open tables (the first of equals), or null.
export function commonPhase(tables) {
  const n = new Map();
  for (const x of tables) if (x.status !== 'ended') n.set(x.phase, (n.get(x.phase) || 0) + 1);
  let best = null;
  for (const [p, c] of n) if (best == null || c > n.get(best) || (c === n.get(best) && p < best)) best = p;
  return best;
}

function overviewView(root, ctx, info) {
  const { store, conn } = ctx;
  const st = () => store.state;
  const common = () => commonPhase(st().tables);
  const phases = () => info.phases;
  const tb = topbar({ title: st().title, subtitle: `${t('code.label')} ${ctx.code} · ${t('ev.overview_title')}`, conn });   // the code first: a narrow bar cuts the end
  const summary = h('p', { class: 'ev-summary' });
  const offline = h('p', { class: 'banner banner-offline', role: 'status' }, t('ev.offline'));
  const grid = h('div', { class: 'ev-grid' });
  const cards = new Map();
  const phaseCtl = phaseControl(ctx, { info: () => info, common });
  const timerCtl = timerControl(ctx, { info: () => info, common });
  const after = afterControl(ctx, { onDelete: () => ctx.onDelete() });
  // The event key opens every table's console: a device without a table's own key (not the
  // one that made the day) lends it the event key, so the console opens without typing.
  const onConsole = (code) => { if (!facilitatorKey.get(code)) facilitatorKey.set(code, ctx.key); };
  // A sheet lies on its table: it shows the table's own key, never the event key.
  const ownKey = (code) => { const k = facilitatorKey.get(code); return k && k !== ctx.key ? k : null; };
  const print = h('button', { type: 'button', class: 'btn' }, t('ev.print_again'));
  print.addEventListener('click', () => {
    const tables = st().tables.map((x) => ({ code: x.code, name: x.name, facilitator_key: ownKey(x.code) }));
    const base = baseOf(joinUrl.get(tables[0]?.code) || location.origin);
    // Printed from here, the sheets go again afterwards: the overview itself prints as a page.
    window.addEventListener('afterprint', unmountSheets, { once: true });
    printSheets(mountSheets({ code: ctx.code, title: st().title }, tables, base));
  });

  replace(root, tb.el, h('main', { id: 'main', class: 'ev-over' },
    h('section', { class: 'ev-head' },
      h('div', { class: 'ev-head-text' },
        h('p', { class: 'eyebrow' }, t('ev.overview_eyebrow')),
        h('h1', { class: 'ev-title' }, softHyphens(st().title)),
        summary),
      h('div', { class: 'ev-head-links' },
        h('a', { class: 'btn', href: `/e/${ctx.code}`, target: '_blank', rel: 'noopener' }, t('ev.open_entrance')),
        print)),
    offline,
    h('div', { class: 'ev-body' },
      h('section', { class: 'ev-tables', 'aria-labelledby': 'ev-tables-h' },
        h('h2', { id: 'ev-tables-h', class: 'sr-only' }, t('ev.tables_title')), grid),
      h('div', { class: 'ev-side' }, phaseCtl.el, timerCtl.el, after.el))));

  const paintSummary = () => {
    const ts = st().tables;
    const sum = (f) => ts.reduce((a, x) => a + (x[f] || 0), 0);
    setText(summary, [t('ev.n_tables', { n: ts.length }), t('ev.people', { n: sum('participants') }),
      t('ev.n_online', { n: sum('online') }), t('prog.notes', { n: sum('notes') })].join(' · '));
  };
  const paintConn = () => {
    offline.hidden = conn.status === 'online' || conn.status === 'connecting';
    phaseCtl.update();
    timerCtl.update();
  };
  const update = () => {
    tb.setTitle(st().title);
    syncList(grid, st().tables, (x) => x.code, (x) => {
      const c = tableCard(store, x.code, { phases, common, onConsole });
      cards.set(x.code, c);
      return c.el;
    }, (el, x) => cards.get(x.code)?.update());
    paintSummary();
    phaseCtl.update();
    timerCtl.update();
  };
  // One table changed: its card, and the others only when the common phase moved with it.
  let lastCommon = common();
  const updateTable = (code) => {
    if (!cards.has(code)) { update(); return; }
    cards.get(code).update();
    const c = common();
    if (c !== lastCommon) { lastCommon = c; for (const card of cards.values()) card.update(); timerCtl.update(); }
    paintSummary();
    phaseCtl.update();
  };
  conn.addEventListener('status', paintConn);
  update();
  paintConn();
  return {
    update,
    updateTable,
    destroy() { conn.removeEventListener('status', paintConn); tb.destroy(); },
  };
}
