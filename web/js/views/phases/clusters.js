// Clustering, as participants and the room see it: the directions forming, live.
import { h, setText } from '../../dom.js';
import { t } from '../../i18n.js';
import { clusterCard, renderClusters, ideaLine } from '../../ui/cluster.js';

export function clusters(ctx) {
  const { store } = ctx;
  const list = h('div', { class: 'cluster-grid' });
  const loose = h('ul', { class: 'loose-ideas' });
  const looseBox = h('section', { class: 'card loose-box' }, h('h2', { class: 'card-title' }, t('cluster.loose')), loose);
  const empty = h('p', { class: 'wait-hint' }, t('cluster.wait'));
  const el = h('div', { class: 'phase-body clusters' }, h('h2', { class: 'sr-only' }, t('directions.title')), empty, list, looseBox);
  const maker = clusterCard(store, { votes: false });
  return {
    el,
    update() {
      const cs = store.state.clusters;
      renderClusters(list, store, cs, maker);
      empty.hidden = cs.length > 0;
      const rest = store.ideaNotes().filter((n) => !n.cluster && (n.text || n.essence));
      const sig = rest.map((n) => `${n.id}:${n.text}:${n.essence}`).join('|');
      if (loose.dataset.sig !== sig) { loose.dataset.sig = sig; loose.replaceChildren(...rest.map((n) => ideaLine(store, n))); }
      looseBox.hidden = !rest.length;
      setText(looseBox.querySelector('h2'), t('cluster.loose_n', { n: rest.length }));
    },
  };
}
