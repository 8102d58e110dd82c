// On the start page, for organizers: a conference day. One form makes an event from a
// template with N tables (one POST /api/events); the result shows the event's code and
// key, each table's code, facilitator key and join link, and prints a sheet per table.
// The keys are kept on this device like a session's facilitator key (storage.js).
import { h, field, setText } from '../../dom.js';
import { t, formatDate } from '../../i18n.js';
import { api } from '../../api.js';
import { eventKey, facilitatorKey, joinUrl } from '../../storage.js';
import { mountSheets, printSheets, baseOf } from './sheets.js';
import { softHyphens } from '../screen/hyphen.js';

export const MAX_TABLES = 50;

// The last event made on this page, kept over a redraw (a language switch).
let created = null;

// The names the server gives tables without one (the contract's "Tafel 1", "Table 1").
export const defaultName = (i, lang) => `${lang === 'en' ? 'Table' : 'Tafel'} ${i}`;

// Table names, one a line; blank lines are skipped.
export function parseNames(text) {
  return String(text || '').split('\n').map((s) => s.trim()).filter(Boolean);
}

// onCreated: called once a day is made (the start page reloads its list of days).
export function createEventCard(onCreated) {
  const box = h('section', { class: 'card ev-create', 'aria-labelledby': 'ev-create-h' });
  const draw = () => {
    box.replaceChildren(h('h3', { id: 'ev-create-h' }, t('ev.new')), h('p', { class: 'field-hint ev-lead' }, t('ev.new_hint')), form());
    if (created) box.append(result(created));
  };

  const form = () => {
    const sel = h('select', { class: 'input', name: 'template' });
    const title = h('input', { type: 'text', class: 'input', name: 'title', maxlength: 200, autocomplete: 'off' });
    const count = h('input', { type: 'number', class: 'input input-count', name: 'tables', min: 1, max: MAX_TABLES, step: 1, value: '5', inputmode: 'numeric' });
    const names = h('textarea', { class: 'input', name: 'table_names', rows: 4, spellcheck: 'false' });
    const language = h('select', { class: 'input', name: 'language' },
      h('option', { value: '' }, t('start.lang_template')),
      h('option', { value: 'nl' }, 'Nederlands'), h('option', { value: 'en' }, 'English'));
    const namesHint = h('p', { class: 'field-hint', 'aria-live': 'polite' });
    const err = h('p', { class: 'error-text', role: 'alert' });
    const go = h('button', { type: 'submit', class: 'btn btn-primary' }, t('ev.create'));
    let templates = [];
    const namesField = field(t('ev.names'), names, t('ev.names_hint'));
    namesField.append(namesHint);
    const f = h('form', { class: 'ev-form' },
      field(t('start.template'), sel),
      field(t('ev.title'), title, t('ev.title_hint')),
      field(t('ev.tables'), count, t('ev.tables_hint', { max: MAX_TABLES })),
      namesField,
      field(t('start.language'), language), err, go);

    // More names than tables raises the count; the line under the names says what will be made.
    const sync = () => {
      const list = parseNames(names.value);
      let n = Number.parseInt(count.value, 10) || 0;
      if (list.length > n && list.length <= MAX_TABLES) { n = list.length; count.value = String(n); }
      if (!list.length) setText(namesHint, '');
      else if (list.length < n) setText(namesHint, t('ev.names_fewer', { n, k: list.length }));
      else setText(namesHint, t('ev.names_count', { n: list.length }));
    };
    names.addEventListener('input', sync);
    count.addEventListener('input', sync);

    api.templates().then((list) => {
      templates = list;
      sel.replaceChildren(...list.map((tp) => h('option', { value: tp.id },
        `${tp.title} (${tp.language.toUpperCase()}, ${t('start.phases', { n: tp.phases })})`)));
      const def = list.find((tp) => tp.id === 'dialoogtafel');
      if (def) sel.value = def.id;
      title.placeholder = list.find((tp) => tp.id === sel.value)?.title || '';
      if (!list.length) { err.textContent = t('start.no_templates'); go.disabled = true; }
    }).catch(() => { err.textContent = t('err.http'); });
    sel.addEventListener('change', () => { title.placeholder = templates.find((tp) => tp.id === sel.value)?.title || ''; });

    f.addEventListener('submit', async (e) => {
      e.preventDefault();
      err.textContent = '';
      const n = Number.parseInt(count.value, 10);
      if (!(n >= 1 && n <= MAX_TABLES)) { err.textContent = t('ev.tables_bad', { max: MAX_TABLES }); count.focus(); return; }
      const list = parseNames(names.value);
      if (list.length > n) { err.textContent = t('ev.names_many', { n }); names.focus(); return; }
      const tp = templates.find((x) => x.id === sel.value);
      const lang = language.value || tp?.language || 'nl';
      const body = { template: sel.value, title: title.value.trim() || tp?.title || '', tables: n };
      // Names for some tables only: the others get the default names the server would give.
      if (list.length) {
        body.table_names = Array.from({ length: n }, (_, i) => list[i] || defaultName(i + 1, lang));
      }
      if (language.value) body.language = language.value;
      go.disabled = true;
      try {
        const r = await api.createEvent(body);
        eventKey.set(r.code, r.event_key);
        if (r.join_url) joinUrl.set(r.code, r.join_url);
        for (const tb of r.tables || []) {
          facilitatorKey.set(tb.code, tb.facilitator_key);
          if (tb.join_url) joinUrl.set(tb.code, tb.join_url);
        }
        created = { ...r, title: body.title };
        draw();
        box.querySelector('.ev-result')?.focus();
        onCreated?.();
      } catch (ex) {
        err.textContent = ex.status === 401 || ex.status === 403 ? t('start.need_admin')
          : ex.status === 404 ? t('ev.no_template') : (ex.message || t('err.http'));
        go.disabled = false;
      }
    });
    return f;
  };

  draw();
  return box;
}

// The new event: codes, keys, links, and the sheets.
function result(ev) {
  const base = baseOf(ev.join_url || ev.tables?.[0]?.join_url);
  const entrance = ev.join_url || `${base}/e/${ev.code}`;
  const print = h('button', { type: 'button', class: 'btn btn-primary ev-print' }, t('ev.print', { n: ev.tables.length }));
  print.addEventListener('click', () => printSheets(mountSheets(ev, ev.tables, base)));
  mountSheets(ev, ev.tables, base);
  const rows = ev.tables.map((tb) => h('li', { class: 'ev-made-row' },
    h('span', { class: 'ev-made-name' }, softHyphens(tb.name)),
    h('span', { class: 'ev-made-code' }, tb.code),
    h('span', { class: 'ev-made-key' }, h('span', { class: 'ev-made-label' }, `${t('ev.col_key')} `), h('code', null, tb.facilitator_key)),
    h('a', { class: 'ev-made-url', href: tb.join_url || `/j/${tb.code}` }, tb.join_url || `/j/${tb.code}`)));
  return h('div', { class: 'created ev-result', role: 'status', tabindex: '-1' },
    h('p', { class: 'created-label' }, t('ev.created')),
    h('p', { class: 'created-code' }, ev.code),
    h('p', { class: 'created-url' }, h('span', null, `${t('ev.entrance')}: `), h('a', { href: `/e/${ev.code}` }, entrance)),
    h('p', { class: 'field-hint' }, t('ev.key_kept')),
    h('p', { class: 'created-key' }, h('span', null, `${t('ev.key')}: `), h('code', { class: 'ev-key' }, ev.event_key)),
    h('div', { class: 'row' },
      h('a', { class: 'btn btn-primary', href: `/event/${ev.code}` }, t('ev.open_overview')),
      print,
      h('a', { class: 'btn', href: `/e/${ev.code}`, target: '_blank', rel: 'noopener' }, t('ev.open_entrance'))),
    h('h4', { class: 'ev-made-title' }, t('ev.tables_made', { n: ev.tables.length })),
    h('ul', { class: 'ev-made' }, rows));
}

// The events on this server (organizer): overview and entrance links.
export function eventsCard() {
  const list = h('ul', { class: 'session-list ev-list' });
  const msg = h('p', { class: 'muted', role: 'status' });
  const load = async () => {
    setText(msg, t('loading'));
    try {
      const evs = await api.events();
      setText(msg, evs.length ? '' : t('ev.none'));
      list.replaceChildren(...evs.map((e) => h('li', { class: 'session-row' },
        h('div', { class: 'session-main' },
          h('span', { class: 'session-code' }, e.code),
          h('span', { class: 'session-title' }, e.title),
          h('span', { class: 'session-meta' }, `${formatDate(e.created_at)} · ${t('ev.n_tables', { n: e.tables })}`)),
        h('div', { class: 'session-actions' },
          h('a', { class: 'btn btn-small', href: `/event/${e.code}`, 'aria-label': `${t('ev.overview')} ${e.code}` }, t('ev.overview')),
          h('a', { class: 'btn btn-small', href: `/e/${e.code}`, target: '_blank', rel: 'noopener', 'aria-label': `${t('ev.entrance')} ${e.code}` }, t('ev.entrance'))))));
    } catch (ex) {
      list.replaceChildren();
      setText(msg, ex.status === 401 || ex.status === 403 ? t('start.need_admin') : t('err.http'));
    }
  };
  load();
  const refresh = h('button', { type: 'button', class: 'btn btn-ghost', onclick: () => load() }, t('action.refresh'));
  const card = h('section', { class: 'card', 'aria-labelledby': 'ev-list-h' },
    h('div', { class: 'ev-list-head' }, h('h3', { id: 'ev-list-h' }, t('ev.list')), refresh), msg, list);
  return { el: card, reload: load };
}
