// The facilitator's synthesis per persona as the table reads it (participants, wrap-up):
// "What the table concluded about X", the text in its paragraphs. Hidden while none is
// written; kept current by persona.changed through the store.
import { h } from '../dom.js';
import { t } from '../i18n.js';

export function synthesisView(store) {
  const el = h('section', { class: 'card synthesis-views' });
  let shown = '';
  return {
    el,
    update() {
      const list = (store.state.personas || []).filter((p) => (p.synthesis || '').trim());
      const key = JSON.stringify(list.map((p) => [p.id, p.name, p.synthesis]));
      el.hidden = list.length === 0;
      if (key === shown) return;
      shown = key;
      el.replaceChildren(...list.map((p) => h('article', { class: 'synthesis-view' },
        h('h2', { class: 'card-title' }, t('synthesis.view_title', { name: p.name })),
        // Paragraphs as written: a blank line starts a new one (text, never markup).
        ...p.synthesis.trim().split(/\n\s*\n/).map((para) => h('p', null, para.trim())))));
    },
  };
}
