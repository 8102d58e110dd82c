// The vote results on the room screen: one bar per direction, most votes first, each bar's
// width its votes as a share of the top one's (so the winner fills the track and no bar is
// ever wider than it). When the facilitator reveals the results while the screen looks on,
// the bars grow in one after the other; with prefers-reduced-motion they are simply there.
import { h, setText, syncList } from '../../dom.js';
import { t } from '../../i18n.js';
import { softHyphens } from './hyphen.js';
import { resultsShown } from './boards.js';

const still = () => window.matchMedia?.('(prefers-reduced-motion: reduce)').matches;

export function resultsChart(store) {
  const list = h('ol', { class: 'chart s-chart' });
  const total = h('p', { class: 's-chart-total' });
  const el = h('section', { class: 'screen-chart', 'aria-label': t('votes.chart') },
    h('h2', { class: 'chart-caption' }, t('votes.chart')), total, list);
  let was = null;      // shown at the last update (null: not yet drawn)

  return {
    el,
    // Returns whether the chart is shown.
    update() {
      const cs = store.clustersByVotes();
      const shown = resultsShown(store) && cs.some((c) => typeof c.votes === 'number');
      el.hidden = !shown;
      if (!shown) { was = false; return false; }
      const reveal = was === false && !still();
      was = true;
      const sum = cs.reduce((a, c) => a + (c.votes || 0), 0);
      const max = Math.max(1, ...cs.map((c) => c.votes || 0));
      setText(total, t('votes.n', { n: sum }));
      syncList(list, cs, (c) => c.id, () => {
        const label = h('span', { class: 'bar-label' });
        const fill = h('span', { class: 'bar-fill' });
        const val = h('span', { class: 'bar-value' });
        const li = h('li', { class: 'bar' }, label, h('span', { class: 'bar-track' }, fill), val);
        li.update = (c) => {
          const v = c.votes || 0;
          const pct = Math.min(100, Math.round((v / max) * 1000) / 10);
          setText(label, softHyphens(c.title || t('cluster.untitled')));
          setText(val, String(v));
          fill.dataset.pct = String(pct);
          li.setAttribute('aria-label', t('screen.votes_bar', { title: c.title || t('cluster.untitled'), n: v, total: sum }));
          fill.style.width = `${pct}%`;
        };
        return li;
      }, (li, c) => li.update(c));
      if (reveal) grow(list);
      return true;
    },
  };
}

// The reveal: every bar from zero to its width, the top one first.
function grow(list) {
  const bars = [...list.children];
  for (const [i, li] of bars.entries()) {
    const fill = li.querySelector('.bar-fill');
    if (!fill) continue;
    li.classList.add('bar-reveal');
    li.style.setProperty('--i', String(i));
    fill.style.width = '0%';
  }
  list.classList.add('chart-revealing');
  // Two frames: the zero width is drawn before the target is set, so the transition runs.
  requestAnimationFrame(() => requestAnimationFrame(() => {
    for (const li of bars) {
      const fill = li.querySelector('.bar-fill');
      if (fill) fill.style.width = `${fill.dataset.pct}%`;
    }
    setTimeout(() => list.classList.remove('chart-revealing'), 1200 + bars.length * 250);
  }));
}
