// /e/{code}: the entrance of an event, the one QR code at the door. Participants see the
// tables with how many sit at each, pick one, or are sent to the least full one with one
// tap; then they join it as at /j/{table code}. The counts are a plain GET, refreshed every
// few seconds while the page is in view (no WebSocket needed).
import { h, replace, setText, syncList } from '../../dom.js';
import { t, setSessionLang, onLangChange } from '../../i18n.js';
import { api } from '../../api.js';
import { identity, joinUrl, norm } from '../../storage.js';
import { topbar } from '../../ui/topbar.js';
import { softHyphens } from '../screen/hyphen.js';

const REFRESH_MS = 4000;

// The least full table: fewest participants, the first of equals (the order the organizer
// gave the tables).
export function leastFull(tables) {
  let best = null;
  for (const tb of tables) if (!best || tb.participants < best.participants) best = tb;
  return best;
}

export function entrancePage(root, rawCode) {
  const code = norm(rawCode);
  let data = null;
  let failed = null;
  let timer = null;
  let view = null;

  const go = (tb) => location.assign(`/j/${encodeURIComponent(tb.code)}`);

  const load = async () => {
    try {
      data = await api.eventTables(code);
      failed = null;
      setSessionLang(data.language);
    } catch (ex) {
      failed = ex;
    }
    if (!view || (failed && failed.status === 404)) draw();
    else view.update();
  };

  const draw = () => {
    view = null;
    if (!data) {
      if (!failed) { replace(root, topbar().el, h('main', { id: 'main', class: 'boot' }, h('p', { class: 'boot-text' }, t('loading')))); return; }
      replace(root, topbar().el, h('main', { id: 'main', class: 'page-narrow' }, h('div', { class: 'card' },
        h('h1', null, t('ev.door_title')),
        h('p', { class: 'error-text' }, failed.status === 404 ? t('ev.no_such', { code }) : t('err.http')),
        h('a', { class: 'btn btn-primary', href: '/' }, t('join.other_code')))));
      return;
    }
    view = doorView(root, code, () => data, () => failed, go);
  };

  const tick = () => {
    clearTimeout(timer);
    timer = setTimeout(async () => { if (!document.hidden) await load(); tick(); }, REFRESH_MS);
  };
  document.addEventListener('visibilitychange', () => { if (!document.hidden && data) load(); });
  onLangChange(draw);
  draw();
  load().then(tick);
}

function doorView(root, code, getData, getFailed, go) {
  const d0 = getData();
  const tb = topbar({ title: d0.title, subtitle: `${t('code.label')} ${code}` });
  const list = h('ul', { class: 'ev-door-list', 'aria-labelledby': 'ev-door-pick' });
  const quietName = h('span', { class: 'ev-quiet-name' });
  const quiet = h('button', { type: 'button', class: 'btn btn-primary btn-large ev-quiet' },
    h('span', { class: 'ev-quiet-main' }, t('ev.door_quiet')), quietName);
  const stale = h('p', { class: 'ev-door-stale', role: 'status' });
  const mine = h('div', { class: 'ev-door-mine' });
  quiet.addEventListener('click', async () => {
    quiet.disabled = true;
    // Fresh counts at the moment of the tap, so that a group arriving together spreads out.
    let tables = getData().tables;
    try { tables = (await api.eventTables(code)).tables; } catch { /* the last counts do */ }
    const best = leastFull(tables);
    if (best) go(best); else quiet.disabled = false;
  });

  // Shown big at the door (a wide screen): how to get here, with the QR code when the
  // server makes one for the entrance; phones, which came through it, neither show nor load
  // it. The link is the one the server gave at creation (its LAN address) when this device
  // made the event, else this page's own unless that is a loopback name nobody else can use.
  const wide = window.matchMedia('(min-width: 1000px)').matches;
  const qr = wide ? h('img', { class: 'ev-door-qr', src: `/api/events/${encodeURIComponent(code)}/qr.svg`, alt: t('ev.door_qr_alt'), width: 240, height: 240 }) : null;
  qr?.addEventListener('error', () => qr.remove());
  const loopback = /^(localhost|127\.|\[::1\]|0\.0\.0\.0)/.test(location.hostname) || location.hostname === '::1';
  const link = joinUrl.get(code) || (loopback ? '' : `${location.origin}/e/${code}`);
  const door = h('aside', { class: 'ev-door-panel', 'aria-label': t('ev.door_panel') },
    qr,
    link ? h('p', { class: 'ev-door-scan' }, t('ev.door_scan')) : h('p', { class: 'ev-door-scan' }, t('ev.door_code')),
    link ? h('p', { class: 'ev-door-url' }, link.replace(/^https?:\/\//, '')) : null,
    h('p', { class: 'ev-door-code' }, h('span', null, `${t('code.label')} `), h('strong', null, code)));

  replace(root, tb.el, h('main', { id: 'main', class: 'ev-door' },
    h('section', { class: 'ev-door-hero' },
      h('p', { class: 'eyebrow' }, t('ev.door_eyebrow')),
      h('h1', { class: 'ev-door-event' }, softHyphens(d0.title)),
      h('p', { class: 'ev-door-lead' }, t('ev.door_lead'))),
    door,
    mine,
    quiet,
    h('h2', { id: 'ev-door-pick', class: 'ev-door-pick' }, t('ev.door_pick')),
    list, stale));

  const update = () => {
    const d = getData();
    tb.setTitle(d.title);
    const tables = d.tables || [];
    const most = Math.max(1, ...tables.map((x) => x.participants));
    const best = leastFull(tables);
    setText(quietName, best ? `${best.name} · ${t('ev.people', { n: best.participants })}` : '');
    quiet.hidden = !best;
    // A device that already sat at one of these tables goes back to it.
    const seat = tables.find((x) => identity.get(x.code)?.token);
    mine.replaceChildren(...(seat ? [
      h('p', null, t('ev.door_back', { name: seat.name })),
      h('a', { class: 'btn btn-accent btn-large', href: `/j/${encodeURIComponent(seat.code)}` }, t('ev.door_back_go', { name: seat.name })),
    ] : []));
    mine.hidden = !seat;
    syncList(list, tables, (x) => x.code, (x) => {
      const name = h('span', { class: 'ev-door-name' });
      const count = h('span', { class: 'ev-door-count' });
      const bar = h('span', { class: 'ev-door-bar', 'aria-hidden': 'true' }, h('span', { class: 'ev-door-fill' }));
      const a = h('a', { class: 'ev-door-table', href: `/j/${encodeURIComponent(x.code)}` }, name, count, bar);
      return h('li', null, a);
    }, (li, x) => {
      const a = li.firstChild;
      setText(a.querySelector('.ev-door-name'), softHyphens(x.name));
      setText(a.querySelector('.ev-door-count'), t('ev.people', { n: x.participants }));
      a.querySelector('.ev-door-fill').style.width = `${Math.round((x.participants / most) * 100)}%`;
      a.classList.toggle('ev-door-best', x === best);
      a.dataset.participants = String(x.participants);
    });
    setText(stale, getFailed() ? t('ev.door_stale') : '');
  };
  update();
  return { update };
}
