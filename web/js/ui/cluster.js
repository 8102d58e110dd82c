// Solution directions (clusters) to read: a card with title, elaboration, votes and the
// ideas that support it; and the vote results as a bar chart.
import { h, setText, syncList } from '../dom.js';
import { t } from '../i18n.js';

// The text an idea stands for in a direction: a bad idea by its essence.
export function ideaLine(store, n) {
  const kind = store.phaseKindOf(n);
  if (kind === 'bad_ideas') {
    return h('li', { class: 'idea idea-bad' },
      h('span', { class: 'idea-text' }, n.essence || n.text || '…'),
      n.essence ? h('span', { class: 'idea-from' }, `${t('idea.from_bad')}: ${n.text || ''}`) : null);
  }
  return h('li', { class: 'idea idea-ideal' }, h('span', { class: 'idea-text' }, n.text || '…'));
}

export function clusterCard(store, { rank = false, description = true, votes = true, extra = null } = {}) {
  return (c) => {
    const num = h('span', { class: 'cluster-rank', 'aria-hidden': 'true' });
    const title = h('h3', { class: 'cluster-title' });
    const badge = h('span', { class: 'cluster-votes' });
    const desc = h('p', { class: 'cluster-desc' });
    const ideas = h('ul', { class: 'cluster-ideas' });
    const more = h('div', { class: 'cluster-extra' });
    const el = h('article', { class: 'cluster' },
      h('header', { class: 'cluster-head' }, num, title, badge), desc, more, ideas);
    el.update = (cl, i) => {
      setText(title, cl.title || t('cluster.untitled'));
      num.hidden = !rank;
      setText(num, rank ? String(i + 1) : '');
      const v = typeof cl.votes === 'number' ? cl.votes : null;
      badge.hidden = !votes || v == null;
      setText(badge, v == null ? '' : t('votes.n', { n: v }));
      desc.hidden = !description || !cl.description;
      setText(desc, cl.description || '');
      const list = store.state.notes.filter((n) => n.cluster === cl.id && (n.text || n.essence));
      const sig = list.map((n) => `${n.id}:${n.text}:${n.essence}`).join('|');
      if (ideas.dataset.sig !== sig) {
        ideas.dataset.sig = sig;
        ideas.replaceChildren(...list.map((n) => ideaLine(store, n)));
      }
      ideas.hidden = !list.length;
      if (extra) extra(more, cl);
    };
    return el;
  };
}

export function renderClusters(container, store, clusters, maker) {
  let i = 0;
  const idx = new Map(clusters.map((c) => [c.id, i++]));
  syncList(container, clusters, (c) => c.id, maker, (el, c) => el.update(c, idx.get(c.id)));
}

// Horizontal bars, longest first. Widths are set from script (allowed by the CSP).
export function voteChart(store) {
  const list = h('ol', { class: 'chart' });
  const el = h('figure', { class: 'chart-box' },
    h('figcaption', { class: 'chart-caption' }, t('votes.chart')), list);
  return {
    el,
    update() {
      const cs = store.clustersByVotes();
      const max = Math.max(1, ...cs.map((c) => c.votes || 0));
      syncList(list, cs, (c) => c.id, () => {
        const label = h('span', { class: 'bar-label' });
        const fill = h('span', { class: 'bar-fill' });
        const val = h('span', { class: 'bar-value' });
        const li = h('li', { class: 'bar' }, label, h('span', { class: 'bar-track' }, fill), val);
        // The largest total is passed in on every update: a bar made earlier must not keep
        // the maximum of the update that made it (that drew 9 votes as 900 %).
        li.update = (c, top) => {
          setText(label, c.title || t('cluster.untitled'));
          setText(val, String(c.votes || 0));
          fill.style.width = `${Math.min(100, Math.round(((c.votes || 0) / top) * 100))}%`;
          li.setAttribute('aria-label', `${c.title}: ${t('votes.n', { n: c.votes || 0 })}`);
        };
        return li;
      }, (li, c) => li.update(c, max));
      el.hidden = !cs.length;
    },
  };
}
