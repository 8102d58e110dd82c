// Live vote results: the facilitator always sees the totals.
import { h, setText } from '../../dom.js';
import { t } from '../../i18n.js';
import { voteChart } from '../../ui/cluster.js';

export function resultsPanel(ctx) {
  const { store } = ctx;
  const chart = voteChart(store);
  const total = h('p', { class: 'muted' });
  const empty = h('p', { class: 'wait-hint' }, t('results.none'));
  const el = h('div', { class: 'results-panel' }, h('h2', { class: 'panel-title' }, t('results.title')), total, empty, chart.el);
  return {
    el,
    update() {
      chart.update();
      const vp = store.votePhase();
      const sum = store.state.clusters.reduce((a, c) => a + (c.votes || 0), 0);
      const voters = store.state.participants.filter((p) => p.role === 'participant').length;
      setText(total, t('results.total', { n: sum, max: voters * (vp?.votes_per_participant || 3) }));
      empty.hidden = store.state.clusters.length > 0;
    },
  };
}
