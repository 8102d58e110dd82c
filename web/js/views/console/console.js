// The console's frame: who is here and the phases on the side; phase and timer control on
// top; tabs for the phase's notes, clustering, directions, vote results and the summary.
import { h, setText } from '../../dom.js';
import { t } from '../../i18n.js';
import { topbar } from '../../ui/topbar.js';
import { people } from './people.js';
import { phaseList, controls } from './controls.js';
import { screenControls } from './screenctl.js';
import { notesPanel } from './notes.js';
import { clusteringPanel } from './clustering.js';
import { directionsPanel } from './directions.js';
import { resultsPanel } from './results.js';
import { wrapPanel } from './wrap.js';
import { synthesisPanel } from './synthesis.js';

const TABS = [
  ['notes', 'tab.notes', notesPanel],
  ['clustering', 'tab.clustering', clusteringPanel],
  ['directions', 'tab.directions', directionsPanel],
  ['results', 'tab.results', resultsPanel],
  ['synthesis', 'tab.synthesis', synthesisPanel],
  ['wrap', 'tab.wrap', wrapPanel],
];
const DEFAULT_TAB = { cluster: 'clustering', vote: 'results', elaborate: 'directions', wrap_up: 'wrap' };

let lastTab = null;

export function consoleView(root, ctx) {
  const { store, conn } = ctx;
  const screenLink = h('a', { class: 'btn btn-small', target: '_blank', rel: 'noopener' }, t('fac.screen_link'));
  const top = topbar({ conn, extra: [screenLink] });
  const who = people(ctx);
  const ctl = controls(ctx);
  const phases = phaseList(ctx, { onPick: (i) => ctl.request(i) });
  const scr = screenControls(ctx);
  const panels = TABS.map(([id, label, make]) => ({ id, label, make, panel: null }));
  const tablist = h('div', { class: 'tabs', role: 'tablist', 'aria-label': t('tab.label') });
  const panelBox = h('div', { class: 'tab-panels' });
  let current = null;
  let phaseSeen = store.state.phase;

  const select = (id, focus = false) => {
    current = id;
    lastTab = id;
    for (const p of panels) {
      const on = p.id === id;
      p.tab.setAttribute('aria-selected', String(on));
      p.tab.tabIndex = on ? 0 : -1;
      if (on && !p.panel) {
        p.panel = p.make(ctx);
        p.box.append(p.panel.el);
      }
      p.box.hidden = !on;
      if (on) p.panel.update({ type: 'tab' });
    }
    if (focus) panels.find((p) => p.id === id).tab.focus();
  };
  for (const p of panels) {
    p.tab = h('button', { type: 'button', role: 'tab', id: `tab-${p.id}`, 'aria-controls': `panel-${p.id}`, class: 'tab', onclick: () => select(p.id) }, t(p.label));
    p.box = h('section', { role: 'tabpanel', id: `panel-${p.id}`, 'aria-labelledby': `tab-${p.id}`, class: 'tab-panel', tabindex: '0' });
    tablist.append(p.tab);
    panelBox.append(p.box);
  }
  tablist.addEventListener('keydown', (e) => {
    const i = panels.findIndex((p) => p.id === current);
    if (e.key === 'ArrowRight') select(panels[(i + 1) % panels.length].id, true);
    else if (e.key === 'ArrowLeft') select(panels[(i + panels.length - 1) % panels.length].id, true);
  });

  const ended = h('div', { class: 'banner banner-ended', role: 'status' }, t('session.ended_fac'));
  const offline = h('div', { class: 'banner banner-offline', role: 'status' }, t('offline.fac'));
  root.append(top.el, h('div', { class: 'console' },
    h('aside', { class: 'console-side', 'aria-label': t('fac.side') }, who.el, scr.el, phases.el),
    h('main', { id: 'main', class: 'console-main' },
      h('h1', { class: 'sr-only' }, t('fac.title')), ended, offline, ctl.el, tablist, panelBox)));

  const paintStatus = () => {
    offline.hidden = conn.status === 'online';
    document.body.classList.toggle('is-readonly', conn.status !== 'online');
  };
  conn.addEventListener('status', paintStatus);

  select(lastTab || DEFAULT_TAB[store.phase().kind] || 'notes');

  const update = (detail = {}) => {
    const st = store.state;
    document.body.dataset.phase = String(st.phase);
    document.body.dataset.ended = String(store.ended());
    // The code first: on a tablet the line is cut at its end, and the code is what people ask for.
    top.setTitle(st.session.title, `${t('code.label')} ${st.session.code} · ${t('fac.title')}`);
    screenLink.href = `/screen/${st.session.code}`;
    ended.hidden = !store.ended();
    paintStatus();
    who.update();
    scr.update();
    phases.update();
    ctl.update();
    if (st.phase !== phaseSeen) {
      phaseSeen = st.phase;
      const want = DEFAULT_TAB[store.phase().kind] || 'notes';
      if (want !== current) select(want);
    }
    const p = panels.find((x) => x.id === current);
    p.panel?.update(detail);
    document.title = `${t('fac.title')} · ${st.session.code} · Tafel`;
  };
  update();
  return {
    update,
    destroy() {
      top.destroy();
      conn.removeEventListener('status', paintStatus);
      for (const p of panels) p.panel?.destroy?.();
    },
  };
}
