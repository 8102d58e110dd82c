// /facilitate/{code}: the facilitator's console. The key comes from session creation
// (localStorage) or is asked for.
import { h, replace, field } from '../dom.js';
import { t, onLangChange } from '../i18n.js';
import { facilitatorKey, norm } from '../storage.js';
import { topbar } from '../ui/topbar.js';
import { createContext, runView, errText } from '../session.js';
import { consoleView } from './console/console.js';

export function facilitatorPage(root, rawCode) {
  const code = norm(rawCode);
  const key = facilitatorKey.get(code);
  if (key) start(root, code, key);
  else askKey(root, code, '');
}

let offAsk = null;

function askKey(root, code, error) {
  const draw = () => {
    const input = h('input', { type: 'password', class: 'input', autocomplete: 'off', spellcheck: 'false' });
    const err = h('p', { class: 'error-text', role: 'alert' }, error);
    const f = h('form', { class: 'key-form' }, field(t('fac.key'), input, t('fac.key_hint')), err,
      h('button', { type: 'submit', class: 'btn btn-primary btn-large' }, t('fac.open')));
    f.addEventListener('submit', (e) => {
      e.preventDefault();
      const k = input.value.trim();
      if (!k) { err.textContent = t('fac.need_key'); input.focus(); return; }
      facilitatorKey.set(code, k);
      offAsk?.();
      start(root, code, k);
    });
    replace(root, topbar({ title: t('fac.title'), subtitle: `${t('code.label')} ${code}` }).el,
      h('main', { id: 'main', class: 'page-narrow' },
        h('section', { class: 'card' }, h('h1', null, t('fac.title')), h('p', null, t('fac.key_intro', { code })), f)));
    input.focus();
  };
  offAsk?.();
  offAsk = onLangChange(draw);
  draw();
}

function start(root, code, key) {
  const ctx = createContext({
    code, role: 'facilitator',
    getJoin: () => ({ type: 'join', code, facilitator_key: key }),
  });
  runView(root, ctx, consoleView, {
    onJoinError: (err) => {
      if (err.code === 'forbidden') {
        facilitatorKey.set(code, null);
        askKey(root, code, t('fac.wrong_key'));
        return;
      }
      replace(root, topbar().el, h('main', { id: 'main', class: 'page-narrow' }, h('div', { class: 'card' },
        h('h1', null, t('err.join_title')), h('p', { class: 'error-text' }, errText(err)),
        h('a', { class: 'btn btn-primary', href: '/' }, t('nav.home')))));
    },
  });
}
