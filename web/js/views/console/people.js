// Who is here: names, backgrounds, online, and each one's progress in the current phase
// (notes written, bad ideas still without an essence, dots left).
import { h, setText, syncList } from '../../dom.js';
import { t } from '../../i18n.js';
import { countNoun } from '../../ui/plural.js';

const WRITING = new Set(['empathy_map', 'bad_ideas', 'ideal_ideas']);

// The progress line of one participant, and whether they still have something to do.
function personProgress(pr, row) {
  if (WRITING.has(pr.kind)) {
    if (!row.notes) return { text: t('prog.none'), idle: true };
    const sub = pr.kind === 'bad_ideas' && row.essencesMissing ? t('prog.no_essence', { n: row.essencesMissing }) : '';
    return { text: t('prog.notes', { n: row.notes }), sub, idle: false, todo: row.essencesMissing > 0 };
  }
  if (pr.kind === 'vote') {
    if (!row.dotsUsed) return { text: t('prog.not_voted_one'), idle: true };
    if (!row.dotsLeft) return { text: t('prog.dots_done'), idle: false };
    return { text: t('prog.dots_person', { n: row.dotsLeft, total: pr.budget }), idle: false, todo: true };
  }
  return null;
}

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
      const pr = store.progress();
      const rows = new Map(pr.people.map((r) => [r.id, r]));
      const ps = store.state.participants.filter((p) => p.role !== 'facilitator')
        .sort((a, b) => Number(b.online) - Number(a.online) || a.name.localeCompare(b.name));
      setText(count, `${ps.filter((p) => p.online).length}/${ps.length}`);
      count.setAttribute('aria-label', t('people.count', { on: ps.filter((p) => p.online).length, n: ps.length }));
      empty.hidden = ps.length > 0;
      syncList(list, ps, (p) => p.id, () => h('li', { class: 'person' }), (li, p) => {
        const prog = rows.has(p.id) ? personProgress(pr, rows.get(p.id)) : null;
        const sig = `${p.name}|${p.background}|${p.online}|${prog?.text}|${prog?.sub}|${prog?.idle}|${prog?.todo}`;
        if (li.dataset.sig === sig) return;
        li.dataset.sig = sig;
        li.classList.toggle('person-off', !p.online);
        li.classList.toggle('person-idle', !!prog?.idle);
        // replaceChildren() writes a null as the text "null": a phase without progress
        // (intro, clustering, elaboration) leaves its pill out instead.
        li.replaceChildren(...[
          h('span', { class: ['presence', p.online ? 'presence-on' : 'presence-off'], role: 'img', 'aria-label': p.online ? t('people.online') : t('people.offline') }),
          h('span', { class: 'person-name' }, p.name),
          prog ? h('span', { class: ['person-prog', prog.idle && 'prog-idle', prog.todo && 'prog-todo'] }, prog.text) : null,
          h('span', { class: 'person-bg' }, p.background, prog?.sub ? h('span', { class: 'person-sub' }, ` · ${prog.sub}`) : null),
        ].filter(Boolean));
      });
      const tally = new Map();
      for (const p of ps) tally.set(p.background, (tally.get(p.background) || 0) + 1);
      // A template may name its plurals (backgrounds_plural, when the state carries it);
      // otherwise the language's rules make them.
      const named = store.state.backgrounds_plural || {};
      setText(bgs, [...tally].map(([b, n]) => (n > 1 && named[b] ? `${n} ${named[b]}`
        : countNoun(n, b, store.state.session.language))).join(' · '));
    },
  };
}
