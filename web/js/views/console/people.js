// Who is here: names, backgrounds, online.
import { h, setText, syncList } from '../../dom.js';
import { t } from '../../i18n.js';

export function people(ctx) {
  const { store } = ctx;
  const count = h('span', { class: 'count-badge' });
  const list = h('ul', { class: 'people' });
  const empty = h('p', { class: 'muted' }, t('people.none'));
  const bgs = h('p', { class: 'people-bgs muted' });
  const el = h('section', { class: 'side-card', 'aria-labelledby': 'people-h' },
    h('h2', { id: 'people-h', class: 'side-title' }, t('people.title'), count), empty, list, bgs);
  return {
    el,
    update() {
      const ps = store.state.participants.filter((p) => p.role !== 'facilitator')
        .sort((a, b) => Number(b.online) - Number(a.online) || a.name.localeCompare(b.name));
      setText(count, `${ps.filter((p) => p.online).length}/${ps.length}`);
      count.setAttribute('aria-label', t('people.count', { on: ps.filter((p) => p.online).length, n: ps.length }));
      empty.hidden = ps.length > 0;
      syncList(list, ps, (p) => p.id, () => h('li', { class: 'person' }), (li, p) => {
        const sig = `${p.name}|${p.background}|${p.online}`;
        if (li.dataset.sig === sig) return;
        li.dataset.sig = sig;
        li.classList.toggle('person-off', !p.online);
        li.replaceChildren(
          h('span', { class: ['presence', p.online ? 'presence-on' : 'presence-off'], role: 'img', 'aria-label': p.online ? t('people.online') : t('people.offline') }),
          h('span', { class: 'person-name' }, p.name),
          h('span', { class: 'person-bg' }, p.background));
      });
      const tally = new Map();
      for (const p of ps) tally.set(p.background, (tally.get(p.background) || 0) + 1);
      setText(bgs, [...tally].map(([b, n]) => `${b} ${n}`).join(' · '));
    },
  };
}
