// Dot voting: each participant spends a budget of dots on the directions.
import { h, setText } from '../../dom.js';
import { t } from '../../i18n.js';
import { clusterCard, renderClusters } from '../../ui/cluster.js';
import { showError } from '../../session.js';

export function vote(ctx, phase) {
  const { store, conn } = ctx;
  const budget = phase.votes_per_participant || 3;
  const dots = h('div', { class: 'dots', 'aria-hidden': 'true' });
  const left = h('p', { class: 'dots-left', role: 'status' });
  const head = h('div', { class: 'dots-bar' }, dots, left);
  const list = h('div', { class: 'cluster-grid vote-grid' });
  const canVote = () => store.role === 'participant' && store.state.phase === phase.index &&
    !store.ended() && conn.status === 'online';
  let busy = false;
  const cast = async (cluster, delta) => {
    if (busy) return;
    busy = true;
    try { await conn.request({ type: 'vote', cluster, delta }); } catch (err) { showError(err); }
    busy = false;
    api.update();
  };
  const maker = clusterCard(store, {
    votes: store.role === 'facilitator',
    extra: (box, c) => {
      if (store.role !== 'participant') { box.hidden = true; return; }
      if (!box.firstChild) {
        const minus = h('button', { type: 'button', class: 'btn btn-round vote-minus' }, '−');
        const plus = h('button', { type: 'button', class: 'btn btn-round btn-primary vote-plus' }, '+');
        const mine = h('span', { class: 'vote-mine' });
        minus.addEventListener('click', () => cast(c.id, -1));
        plus.addEventListener('click', () => cast(c.id, 1));
        box.append(h('div', { class: 'vote-ctl' }, minus, mine, plus));
      }
      const n = store.state.my_votes?.[c.id] || 0;
      const [minus, mine, plus] = box.querySelector('.vote-ctl').children;
      setText(mine, t('votes.mine', { n }));
      minus.disabled = !canVote() || n <= 0;
      plus.disabled = !canVote() || store.myVotesSpent() >= budget;
      minus.setAttribute('aria-label', t('votes.remove', { title: c.title }));
      plus.setAttribute('aria-label', t('votes.add', { title: c.title }));
      box.closest('.cluster')?.classList.toggle('cluster-voted', n > 0);
    },
  });
  const el = h('div', { class: 'phase-body vote' }, h('h2', { class: 'sr-only' }, t('directions.title')), store.role === 'participant' ? head : null, list);
  const onStatus = () => api.update();
  conn.addEventListener('status', onStatus);
  const api = {
    el,
    destroy() { conn.removeEventListener('status', onStatus); },
    update() {
      const spent = store.myVotesSpent();
      const rest = Math.max(0, budget - spent);
      dots.replaceChildren(...Array.from({ length: budget }, (_, i) => h('span', { class: ['dot', i < rest && 'dot-full'] })));
      setText(left, t('votes.left', { n: rest, total: budget }));
      renderClusters(list, store, store.state.clusters, maker);
    },
  };
  return api;
}
