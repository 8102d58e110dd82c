// Intro: the problem, the context points and who is at the table.
import { h, setText, syncList } from '../../dom.js';
import { t } from '../../i18n.js';

export function intro(ctx) {
  const { store } = ctx;
  const ctxList = h('ol', { class: 'context-list' });
  const ctxBox = h('section', { class: 'card' }, h('h2', { class: 'card-title' }, t('intro.context')), ctxList);
  const people = h('ul', { class: 'people-chips' });
  const count = h('p', { class: 'muted' });
  const el = h('div', { class: 'phase-body intro' }, ctxBox,
    h('section', { class: 'card' }, h('h2', { class: 'card-title' }, t('intro.table')), count, people),
    h('p', { class: 'wait-hint' }, t('intro.wait')));
  return {
    el,
    update() {
      const st = store.state;
      ctxBox.hidden = !st.session.context?.length;
      syncList(ctxList, st.session.context || [], (c) => c, (c) => h('li', null, c));
      const ps = st.participants.filter((p) => p.role !== 'facilitator');
      setText(count, t('intro.count', { n: ps.filter((p) => p.online).length }));
      syncList(people, ps, (p) => p.id, () => h('li', { class: 'chip' }), (li, p) => {
        li.classList.toggle('chip-off', !p.online);
        li.replaceChildren(h('span', { class: 'chip-name' }, p.name), h('span', { class: 'chip-bg' }, p.background));
      });
    },
  };
}
