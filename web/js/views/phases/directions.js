// Elaboration and wrap-up: the directions in order of votes, with their elaboration and
// supporting ideas; at the wrap-up the facilitator's summary above them.
import { h, setText } from '../../dom.js';
import { t } from '../../i18n.js';
import { clusterCard, renderClusters } from '../../ui/cluster.js';
import { synthesisView } from '../../ui/synthesis.js';

export function directions(ctx, phase) {
  const { store } = ctx;
  const wrap = phase.kind === 'wrap_up';
  const summary = h('p', { class: 'summary-text' });
  const sumBox = h('section', { class: 'card summary-box' }, h('h2', { class: 'card-title' }, t('summary.title')), summary);
  const list = h('div', { class: 'direction-list' });
  const empty = h('p', { class: 'wait-hint' }, t('directions.none'));
  const syn = wrap ? synthesisView(store) : null;
  const el = h('div', { class: 'phase-body directions' }, wrap ? sumBox : null, syn?.el,
    h('h2', { class: 'section-title' }, t('directions.title')), empty, list);
  const maker = clusterCard(store, { rank: true });
  return {
    el,
    update() {
      setText(summary, store.state.summary || t('summary.none'));
      summary.classList.toggle('muted', !store.state.summary);
      syn?.update();
      const cs = store.clustersByVotes();
      renderClusters(list, store, cs, maker);
      empty.hidden = cs.length > 0;
    },
  };
}
