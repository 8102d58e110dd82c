// The top bar of every page: brand, a title, the connection status and the language switch.
import { h, setText } from '../dom.js';
import { t, lang, setLang } from '../i18n.js';

export function langSwitch() {
  const cur = lang();
  const btn = (l, label) => h('button', {
    type: 'button', class: 'lang-btn', 'aria-pressed': String(cur === l), lang: l,
    title: label, onclick: () => setLang(l),
  }, l.toUpperCase());
  return h('div', { class: 'lang-switch', role: 'group', 'aria-label': t('lang.label') },
    btn('nl', 'Nederlands'), btn('en', 'English'));
}

// conn may be null (start page). outbox may be null (facilitator, screen).
export function topbar({ title = '', subtitle = '', conn = null, outbox = null, extra = [] } = {}) {
  const status = h('span', { class: 'status', role: 'status', 'aria-live': 'polite' });
  const titleEl = h('span', { class: 'topbar-title' }, title);
  const subEl = h('span', { class: 'topbar-sub' }, subtitle);
  const el = h('header', { class: 'topbar' },
    h('a', { class: 'brand', href: '/', 'aria-label': t('brand.home') },
      h('img', { src: '/icon.svg', alt: '', width: 32, height: 32 }), h('span', { class: 'brand-name' }, 'Tafel')),
    h('div', { class: 'topbar-mid' }, titleEl, subEl),
    h('div', { class: 'topbar-right' }, extra, conn ? status : null, langSwitch()));

  const paint = () => {
    if (!conn) return;
    const s = conn.status;
    const n = outbox ? outbox.items.length : 0;
    status.className = `status status-${s}`;
    let text;
    if (s === 'online') text = n ? t('status.sending', { n }) : t('status.online');
    else if (s === 'connecting') text = t('status.connecting');
    else if (s === 'closed') text = t('status.closed');
    else text = n ? t('status.offline_kept', { n }) : t('status.offline');
    setText(status, text);
    document.body.classList.toggle('is-offline', s === 'offline');
  };
  if (conn) {
    conn.addEventListener('status', paint);
    outbox?.addEventListener('change', paint);
    paint();
  }
  return {
    el,
    setTitle(a, b) { setText(titleEl, a); if (b != null) setText(subEl, b); },
    destroy() {
      conn?.removeEventListener('status', paint);
      outbox?.removeEventListener('change', paint);
    },
  };
}
