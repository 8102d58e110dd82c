// Live vote results: the facilitator always sees the totals, who has dots left and who has
// not voted yet, and reveals the results on the room screen as a moment of its own.
import { h, setText, syncList } from '../../dom.js';
import { t } from '../../i18n.js';
import { voteChart } from '../../ui/cluster.js';

export function resultsPanel(ctx) {
  const { store } = ctx;
  const chart = voteChart(store);
  const total = h('p', { class: 'muted' });
  const empty = h('p', { class: 'wait-hint' }, t('results.none'));
  const show = h('button', { type: 'button', class: 'btn btn-accent btn-large results-reveal' });
  show.addEventListener('click', () => {
    const on = !!store.state.screen?.results;
    ctx.write({ type: 'screen.set', results: !on }).catch(() => {});
  });
  const showHint = h('p', { class: 'muted' });
  const voters = h('ul', { class: 'voter-list' });
  const votersBox = h('section', { class: 'voters', 'aria-labelledby': 'voters-h' },
    h('h3', { id: 'voters-h', class: 'panel-sub' }, t('results.voters')), voters);
  const el = h('div', { class: 'results-panel' },
    h('div', { class: 'results-head' }, h('h2', { class: 'panel-title' }, t('results.title')), show),
    total, showHint, empty, chart.el, votersBox);
  return {
    el,
    update() {
      chart.update();
      const st = store.state;
      const vp = store.votePhase();
      const budget = vp?.votes_per_participant || 3;
      const sum = st.clusters.reduce((a, c) => a + (c.votes || 0), 0);
      const people = st.participants.filter((p) => p.role === 'participant');
      setText(total, t('results.total', { n: sum, max: people.length * budget }));
      empty.hidden = st.clusters.length > 0;
      const on = !!st.screen?.results;
      setText(show, on ? t('results.hide_screen') : t('results.show_screen'));
      show.setAttribute('aria-pressed', String(on));
      show.classList.toggle('btn-accent', !on);
      show.disabled = ctx.readOnly() || !st.clusters.length;
      setText(showHint, on ? t('results.on_screen') : t('results.off_screen'));
      // Who still has dots: those who have not voted first.
      const rows = people.map((p) => ({ p, used: p.dots_used || 0 }))
        .sort((a, b) => a.used - b.used || a.p.name.localeCompare(b.p.name));
      votersBox.hidden = !rows.length || !vp;
      syncList(voters, rows, (r) => r.p.id, () => h('li', { class: 'voter' }), (li, r) => {
        const left = Math.max(0, budget - r.used);
        const text = !r.used ? t('prog.not_voted_one') : left ? t('prog.dots_person', { n: left, total: budget }) : t('prog.dots_done');
        const sig = `${r.p.name}|${text}`;
        if (li.dataset.sig === sig) return;
        li.dataset.sig = sig;
        li.classList.toggle('voter-idle', !r.used);
        li.classList.toggle('voter-done', !!r.used && !left);
        li.replaceChildren(h('span', { class: 'voter-name' }, r.p.name), h('span', { class: 'voter-left' }, text));
      });
    },
  };
}
