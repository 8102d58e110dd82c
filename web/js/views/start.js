// The start page: join with a code; organizers start a session from a template and see
// the list of sessions with their exports.
import { h, replace, field, toast, setText } from '../dom.js';
import { t, lang, onLangChange, formatDate } from '../i18n.js';
import { api, downloadExport } from '../api.js';
import { facilitatorKey, joinUrl, adminKey, norm } from '../storage.js';
import { topbar } from '../ui/topbar.js';
import { createEventCard, eventsCard } from './event/create.js';

export function startPage(root) {
  let created = null;
  const draw = () => {
    // A day just made shows in the list of days at once, as a session does in its list.
    const days = eventsCard();
    replace(root, topbar({ title: t('start.title') }).el,
      h('main', { id: 'main', class: 'start' },
        h('section', { class: 'hero' },
          h('h1', { class: 'hero-title' }, t('start.hero')),
          h('p', { class: 'hero-sub' }, t('start.sub'))),
        h('div', { class: 'start-top' }, joinCard(), howCard()),
        h('h2', { class: 'section-title org-title' }, t('start.organizers')),
        h('div', { class: 'org-grid' }, createCard(created, (c) => { created = c; draw(); }), sessionsCard()),
        h('h2', { class: 'section-title org-title' }, t('ev.section')),
        h('div', { class: 'org-grid ev-org' }, createEventCard(days.reload), days.el)));
  };
  onLangChange(draw);
  draw();
}

function joinCard() {
  const code = h('input', {
    type: 'text', class: 'input input-code', autocomplete: 'off', autocapitalize: 'characters',
    spellcheck: 'false', maxlength: 12, inputmode: 'text', placeholder: 'ABC234',
  });
  const err = h('p', { class: 'error-text', role: 'alert' });
  const f = h('form', { class: 'join-code-form' },
    field(t('start.code'), code, t('start.code_hint')),
    err,
    h('button', { type: 'submit', class: 'btn btn-primary btn-large' }, t('start.join')));
  f.addEventListener('submit', (e) => {
    e.preventDefault();
    const c = norm(code.value).replace(/[^A-Z0-9]/g, '');
    if (!c) { err.textContent = t('start.need_code'); code.focus(); return; }
    // A conference day's code (on the sign at the door) leads to its entrance.
    api.eventTables(c).then(() => location.assign(`/e/${encodeURIComponent(c)}`),
      () => location.assign(`/j/${encodeURIComponent(c)}`));
  });
  return h('section', { class: 'card card-join', 'aria-labelledby': 'join-h' },
    h('h2', { id: 'join-h' }, t('start.join_title')), f);
}

function howCard() {
  const step = (k) => h('li', null, h('div', null, h('strong', null, t(`how.${k}`)), h('span', null, t(`how.${k}_text`))));
  return h('section', { class: 'card how', 'aria-labelledby': 'how-h' },
    h('h2', { id: 'how-h' }, t('how.title')),
    h('ol', { class: 'how-steps' }, ['join', 'write', 'vote', 'report'].map(step)));
}

function createCard(created, onCreated) {
  const sel = h('select', { class: 'input' });
  const title = h('input', { type: 'text', class: 'input', maxlength: 200, autocomplete: 'off' });
  const language = h('select', { class: 'input' },
    h('option', { value: '' }, t('start.lang_template')),
    h('option', { value: 'nl' }, 'Nederlands'), h('option', { value: 'en' }, 'English'));
  const err = h('p', { class: 'error-text', role: 'alert' });
  const go = h('button', { type: 'submit', class: 'btn btn-primary' }, t('start.create'));
  const f = h('form', { class: 'create-form' },
    field(t('start.template'), sel), field(t('start.session_title'), title, t('start.optional')),
    field(t('start.language'), language), err, go);
  api.templates().then((list) => {
    sel.replaceChildren(...list.map((tp) => h('option', { value: tp.id },
      `${tp.title} (${tp.language.toUpperCase()}, ${t('start.phases', { n: tp.phases })})`)));
    const def = list.find((tp) => tp.id === 'dialoogtafel');
    if (def) sel.value = def.id;
    if (!list.length) { err.textContent = t('start.no_templates'); go.disabled = true; }
  }).catch(() => { err.textContent = t('err.http'); });
  f.addEventListener('submit', async (e) => {
    e.preventDefault();
    err.textContent = '';
    go.disabled = true;
    const body = { template: sel.value };
    if (title.value.trim()) body.title = title.value.trim();
    if (language.value) body.language = language.value;
    try {
      const r = await api.create(body);
      facilitatorKey.set(r.code, r.facilitator_key);
      joinUrl.set(r.code, r.join_url);
      onCreated(r);
    } catch (ex) {
      err.textContent = ex.status === 401 || ex.status === 403 ? t('start.need_admin') : (ex.message || t('err.http'));
      go.disabled = false;
    }
  });
  const box = h('section', { class: 'card', 'aria-labelledby': 'create-h' }, h('h3', { id: 'create-h' }, t('start.new')), f);
  if (created) {
    box.append(h('div', { class: 'created', role: 'status' },
      h('p', { class: 'created-label' }, t('start.created')),
      h('p', { class: 'created-code' }, created.code),
      h('p', { class: 'created-url' }, created.join_url),
      h('p', { class: 'field-hint' }, t('start.key_kept')),
      h('p', { class: 'created-key' }, h('span', null, `${t('start.key')}: `), h('code', null, created.facilitator_key)),
      h('div', { class: 'row' },
        h('a', { class: 'btn btn-primary', href: `/facilitate/${created.code}` }, t('start.open_console')),
        h('a', { class: 'btn', href: `/screen/${created.code}`, target: '_blank', rel: 'noopener' }, t('start.open_screen')))));
  }
  return box;
}

function sessionsCard() {
  const list = h('ul', { class: 'session-list' });
  const msg = h('p', { class: 'muted', role: 'status' });
  const keyInput = h('input', { type: 'password', class: 'input', autocomplete: 'off' });
  const keyForm = h('form', { class: 'admin-key-form' }, field(t('start.admin_key'), keyInput, t('start.admin_key_hint')),
    h('button', { type: 'submit', class: 'btn' }, t('action.save')));
  keyForm.hidden = true;
  keyForm.addEventListener('submit', (e) => { e.preventDefault(); adminKey.set(keyInput.value.trim()); load(); });
  const refresh = h('button', { type: 'button', class: 'btn btn-ghost', onclick: () => load() }, t('action.refresh'));
  const load = async () => {
    setText(msg, t('loading'));
    try {
      const ss = await api.sessions();
      keyForm.hidden = true;
      setText(msg, ss.length ? '' : t('start.no_sessions'));
      list.replaceChildren(...ss.map(sessionRow(load)));
    } catch (ex) {
      list.replaceChildren();
      if (ex.status === 401 || ex.status === 403) { keyForm.hidden = false; setText(msg, t('start.need_admin')); }
      else setText(msg, t('err.http'));
    }
  };
  load();
  return h('section', { class: 'card', 'aria-labelledby': 'sessions-h' },
    h('div', { class: 'card-head' }, h('h3', { id: 'sessions-h' }, t('start.sessions')), refresh),
    msg, keyForm, list);
}

function sessionRow(reload) {
  return (s) => {
    const exportLang = h('select', { class: 'input input-small', 'aria-label': t('export.lang') },
      h('option', { value: 'nl' }, 'NL'), h('option', { value: 'en' }, 'EN'));
    exportLang.value = lang();
    const dl = (fmt) => h('button', {
      type: 'button', class: 'btn btn-small',
      'aria-label': t('export.aria', { fmt: fmt.toUpperCase(), code: s.code }),
      onclick: async () => {
        try { await downloadExport(s.code, fmt, exportLang.value, { key: adminKey.get() || facilitatorKey.get(s.code) }); }
        catch (ex) { toast(ex.message || t('err.http'), 'error'); }
      },
    }, fmt.toUpperCase());
    const del = h('button', { type: 'button', class: 'btn btn-small btn-danger-ghost' }, t('action.delete'));
    const row = h('li', { class: 'session-row' },
      h('div', { class: 'session-main' },
        h('span', { class: 'session-code' }, s.code),
        h('span', { class: 'session-title' }, s.title),
        h('span', { class: 'session-meta' },
          `${formatDate(s.created_at)} · ${t('start.participants', { n: s.participants })} · ${t('phase.step_short', { i: s.phase + 1 })} · ${s.status === 'ended' ? t('status.ended') : t('status.open')}`)),
      h('div', { class: 'session-actions' },
        h('a', { class: 'btn btn-small', href: `/facilitate/${s.code}`, 'aria-label': `${t('start.console')} ${s.code}` }, t('start.console')),
        h('a', { class: 'btn btn-small', href: `/screen/${s.code}`, target: '_blank', rel: 'noopener', 'aria-label': `${t('start.screen')} ${s.code}` }, t('start.screen')),
        h('span', { class: 'export-group', role: 'group', 'aria-label': t('export.title') }, exportLang, ['md', 'html', 'doc', 'json', 'csv'].map(dl)),
        del));
    del.addEventListener('click', () => {
      const yes = h('button', { type: 'button', class: 'btn btn-small btn-danger' }, t('start.delete_yes', { code: s.code }));
      const no = h('button', { type: 'button', class: 'btn btn-small btn-ghost' }, t('action.cancel'));
      const ask = h('div', { class: 'confirm', role: 'alert' }, h('span', null, t('start.delete_q')), yes, no);
      row.append(ask);
      yes.focus();
      no.addEventListener('click', () => { ask.remove(); del.focus(); });
      yes.addEventListener('click', async () => {
        try { await api.remove(s.code, adminKey.get() || facilitatorKey.get(s.code)); reload(); } catch (ex) { toast(ex.message, 'error'); }
      });
    });
    return row;
  };
}
