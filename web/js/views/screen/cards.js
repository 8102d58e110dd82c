// What the room screen draws for one thing: a note, an idea inside a direction, a direction.
// Read-only, large, and made for fitting: every card is one item of a fit list (fit.js).
// User text goes in as text nodes only, with soft hyphens in long words (hyphen.js).
import { h, setText, syncList } from '../../dom.js';
import { t, quadrantName } from '../../i18n.js';
import { softHyphens } from './hyphen.js';

const shy = (s) => softHyphens(s || '');

// A note. With `essence` (bad ideas) the essence is shown under the idea once there is one.
export function noteCard({ essence = false, quadrant = false } = {}) {
  return (n) => {
    const tag = h('span', { class: 'tag s-note-tag' });
    const text = h('p', { class: 'note-text' });
    const ess = h('p', { class: 's-essence' }, h('span', { class: 's-essence-label' }, t('essence.title')), h('span', { class: 'essence-text' }));
    const el = h('article', { class: 'note s-note' }, tag, text, ess);
    el.update = (note) => {
      el.dataset.id = note.id;
      const hidden = typeof note.text !== 'string';
      el.classList.toggle('note-hidden', hidden);
      tag.hidden = !quadrant || !note.quadrant;
      if (quadrant && note.quadrant) { setText(tag, quadrantName(note.quadrant)); tag.className = `tag s-note-tag tag-${note.quadrant}`; }
      setText(text, hidden ? '' : shy(note.text));
      text.hidden = hidden;
      if (hidden) el.setAttribute('aria-label', t('screen.private_tile')); else el.removeAttribute('aria-label');
      ess.hidden = !essence || hidden || !note.essence;
      setText(ess.lastChild, ess.hidden ? '' : shy(note.essence));
    };
    return el;
  };
}

export function renderCards(list, items, make) {
  syncList(list, items, (x) => x.id, make, (el, x) => el.update(x));
}

// An idea as it stands in a direction or among the loose ones: a bad idea by its essence,
// with "from the bad idea: …" under it.
export function ideaItem(store, n) {
  const bad = store.phaseKindOf(n) === 'bad_ideas';
  const li = h('li', { class: ['idea', bad ? 'idea-bad' : 'idea-ideal'], dataset: { id: n.id } });
  if (bad && n.essence) {
    li.append(h('span', { class: 'idea-text' }, shy(n.essence)),
      h('span', { class: 'idea-from' }, `${t('idea.from_bad')}: `, shy(n.text || '')));
  } else {
    li.append(h('span', { class: 'idea-text' }, shy(n.text || n.essence || '…')));
  }
  return li;
}

const ideaSig = (list) => list.map((n) => `${n.id}:${n.text}:${n.essence}`).join('|');

// A direction (cluster): rank, title, votes (when shown), elaboration, its ideas.
// opts: {rank: () => bool, votes: () => bool, ideas: bool, description: bool}
export function directionCard(store, opts = {}) {
  return (c) => {
    const num = h('span', { class: 'cluster-rank', 'aria-hidden': 'true' });
    const title = h('h3', { class: 'cluster-title' });
    const badge = h('span', { class: 'cluster-votes' });
    const desc = h('p', { class: 'cluster-desc' });
    const ideas = h('ul', { class: 'cluster-ideas' });
    const el = h('article', { class: 'cluster s-dir' }, h('header', { class: 'cluster-head' }, num, title, badge), desc, ideas);
    el.update = (cl) => {
      el.dataset.id = cl.id;
      // The rank shows with the results (a number before them would read as one).
      const ranked = typeof opts.rank === 'function' ? opts.rank() : !!opts.rank;
      num.hidden = !ranked;
      setText(num, ranked ? String(cl.rank + 1) : '');
      setText(title, shy(cl.title || t('cluster.untitled')));
      const v = typeof cl.votes === 'number' && opts.votes?.() ? cl.votes : null;
      badge.hidden = v == null;
      setText(badge, v == null ? '' : t('votes.n', { n: v }));
      desc.hidden = opts.description === false || !cl.description;
      setText(desc, shy(cl.description || ''));
      const list = opts.ideas === false ? [] : store.state.notes.filter((n) => n.cluster === cl.id && (n.text || n.essence));
      const sig = ideaSig(list);
      if (ideas.dataset.sig !== sig) { ideas.dataset.sig = sig; ideas.replaceChildren(...list.map((n) => ideaItem(store, n))); }
      ideas.hidden = !list.length;
    };
    return el;
  };
}
