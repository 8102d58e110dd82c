// /j/{code}: join a session. With a token stored for this code the participant resumes at
// once; otherwise a form asks for a name and a background. The backgrounds come from the
// session itself: a short read-only (screen) join fetches them before the real join.
import { h, replace, field, toast } from '../dom.js';
import { t, setSessionLang, onLangChange } from '../i18n.js';
import { identity, norm } from '../storage.js';
import { topbar } from '../ui/topbar.js';
import { Store } from '../store.js';
import { Connection } from '../ws.js';
import { createContext, runView, errText, loading } from '../session.js';
import { participantView } from './participant.js';
import { api } from '../api.js';
import { softHyphens } from './screen/hyphen.js';

let offForm = null;

export function joinPage(root, rawCode) {
  const code = norm(rawCode);
  const saved = identity.get(code);
  if (saved?.token) { enter(root, code, null); return; }
  loading(root);
  peek(code).then((state) => {
    setSessionLang(state.session.language);
    // After the end nobody new can join: say so before anyone fills in the form.
    const draw = () => (state.session.status === 'ended' ? endedCard(root, code, state) : form(root, code, state));
    offForm = onLangChange(draw);
    draw();
  }).catch(async (err) => {
    // An event's code (the one at the door) opens its entrance, where people pick a table.
    if (err.code === 'not_found' && await api.eventTables(code).then(() => true, () => false)) {
      location.replace(`/e/${code}`);
      return;
    }
    const draw = () => {
      replace(root, topbar().el, h('main', { id: 'main', class: 'page-narrow' },
        h('div', { class: 'card' }, h('h1', null, t('join.title')),
          h('p', { class: 'error-text' }, err.code === 'not_found' ? t('join.no_such', { code }) : errText(err)),
          h('a', { class: 'btn btn-primary', href: '/' }, t('join.other_code')))));
    };
    offForm = onLangChange(draw);
    draw();
  });
}

// Reads a session's state without joining it as a person.
function peek(code) {
  return new Promise((resolve, reject) => {
    const store = new Store();
    const conn = new Connection({ store, getJoin: () => ({ type: 'join', code, screen: true }) });
    conn.quiet = true;
    const timer = setTimeout(() => { conn.stop(); reject({ code: 'offline' }); }, 20000);
    conn.addEventListener('joined', (e) => { clearTimeout(timer); conn.stop(); resolve(e.detail.state); });
    conn.addEventListener('joinerror', (e) => { clearTimeout(timer); conn.stop(); reject(e.detail); });
    conn.start();
  });
}

function endedCard(root, code, state) {
  replace(root, topbar({ title: state.session.title, subtitle: `${t('code.label')} ${code}` }).el,
    h('main', { id: 'main', class: 'page-narrow join-page' },
      h('section', { class: 'card card-hero' },
        h('p', { class: 'eyebrow' }, t('join.ended_eyebrow')),
        h('h1', null, softHyphens(state.session.title)),   // a long compound breaks with a hyphen
        h('p', { class: 'join-ended' }, t('join.ended')),
        h('a', { class: 'btn btn-primary', href: '/' }, t('nav.home')))));
}

function form(root, code, state) {
  const name = h('input', { type: 'text', class: 'input', autocomplete: 'nickname', maxlength: 60, required: true, autocapitalize: 'words' });
  const bgName = 'bg';
  const bgs = state.backgrounds || [];
  const legendId = 'bg-legend';
  const tiles = h('div', { class: 'bg-tiles', role: 'radiogroup', 'aria-labelledby': legendId },
    bgs.map((b, i) => {
      const input = h('input', { type: 'radio', name: bgName, value: b, id: `bg-${i}`, class: 'tile-radio', required: true });
      return h('div', { class: 'tile' }, input, h('label', { htmlFor: `bg-${i}`, class: 'tile-label' }, b));
    }));
  const err = h('p', { class: 'error-text', role: 'alert' });
  const submit = h('button', { type: 'submit', class: 'btn btn-primary btn-large' }, t('join.go'));
  const f = h('form', { class: 'join-form', novalidate: true },
    field(t('join.name'), name, t('join.name_hint')),
    h('fieldset', { class: 'field' }, h('legend', { class: 'field-label', id: legendId }, t('join.background')), tiles),
    err, submit);
  f.addEventListener('submit', (e) => {
    e.preventDefault();
    const n = name.value.trim();
    const bg = f.querySelector(`input[name="${bgName}"]:checked`)?.value;
    if (!n) { err.textContent = t('join.need_name'); name.focus(); return; }
    if (!bg) { err.textContent = t('join.need_bg'); tiles.querySelector('input')?.focus(); return; }
    submit.disabled = true;
    enter(root, code, { name: n, background: bg });
  });
  replace(root, topbar({ title: state.session.title, subtitle: `${t('code.label')} ${code}` }).el,
    h('main', { id: 'main', class: 'page-narrow join-page' },
      h('section', { class: 'card card-hero' },
        h('p', { class: 'eyebrow' }, t('join.welcome')),
        h('h1', null, softHyphens(state.session.title)),   // a long compound breaks with a hyphen
        h('p', { class: 'problem-quote' }, state.session.problem)),
      h('section', { class: 'card' }, h('h2', null, t('join.title')), f)));
  name.focus();
}

// Joins (first time: with name and background; later: with the stored token) and shows
// the participant view.
function enter(root, code, first) {
  offForm?.();
  offForm = null;
  loading(root);
  let firstJoin = first;
  const ctx = createContext({
    code, role: 'participant', withOutbox: true,
    getJoin: () => {
      const saved = identity.get(code);
      if (saved?.token) return { type: 'join', code, token: saved.token };
      return { type: 'join', code, name: firstJoin.name, background: firstJoin.background };
    },
  });
  ctx.conn.addEventListener('joined', (e) => {
    const r = e.detail;
    if (r.token) identity.set(code, { token: r.token, you: r.you });
    firstJoin = null;
  });
  runView(root, ctx, participantView, {
    onJoinError: (err) => {
      // A token the server no longer knows (the session was deleted, or a new database):
      // forget it and start over with the form.
      if (identity.get(code) && (err.code === 'forbidden' || err.code === 'not_found')) {
        identity.set(code, null);
        toast(t('join.token_lost'), 'error');
        if (err.code === 'forbidden') { joinPage(root, code); return; }
      }
      replace(root, topbar().el, h('main', { id: 'main', class: 'page-narrow' }, h('div', { class: 'card' },
        h('h1', null, t('err.join_title')), h('p', { class: 'error-text' }, errText(err)),
        h('a', { class: 'btn btn-primary', href: '/' }, t('nav.home')))));
    },
  });
}
