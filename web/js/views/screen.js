// /screen/{code}: the room screen for a projector. Join code and QR code, the problem,
// the phase with a large timer, the notes as they come in, and once voting has closed the
// results as a chart.
import { h, setText } from '../dom.js';
import { t } from '../i18n.js';
import { norm, joinUrl } from '../storage.js';
import { api } from '../api.js';
import { createContext, runView } from '../session.js';
import { problemBox, phaseBar } from '../ui/phasebar.js';
import { voteChart } from '../ui/cluster.js';
import { langSwitch } from '../ui/topbar.js';
import { phaseBody } from './phases/index.js';

export function screenPage(root, rawCode) {
  const code = norm(rawCode);
  const ctx = createContext({ code, role: 'screen', getJoin: () => ({ type: 'join', code, screen: true }) });
  runView(root, ctx, screenView);
}

function linkText(code) {
  const saved = joinUrl.get(code);
  const loop = /^(localhost|127\.|\[::1\])/.test(location.hostname);
  if (saved) return saved.replace(/^https?:\/\//, '');
  return loop ? null : `${location.host}/j/${code}`;
}

function screenView(root, ctx) {
  const { store, conn, code } = ctx;
  document.body.classList.add('on-screen');
  const link = linkText(code);
  const online = h('p', { class: 'screen-people' });
  const status = h('p', { class: 'screen-status', role: 'status' });
  const join = h('aside', { class: 'screen-join', 'aria-label': t('screen.join') },
    h('p', { class: 'screen-join-label' }, t('screen.join')),
    h('p', { class: 'screen-code', 'aria-label': `${t('code.label')} ${code.split('').join(' ')}` }, code),
    h('img', { class: 'screen-qr', src: api.qrUrl(code), alt: t('screen.qr_alt', { code }), width: 280, height: 280 }),
    link ? h('p', { class: 'screen-link' }, link) : h('p', { class: 'screen-link' }, t('screen.scan')),
    online, status, h('div', { class: 'screen-lang' }, langSwitch()));
  const problem = problemBox(store, { big: true });
  const bar = phaseBar(store, { big: true, headingLevel: 'h1' });
  const chart = voteChart(store);
  const chartBox = h('section', { class: 'screen-chart', 'aria-label': t('votes.chart') }, chart.el);
  const ended = h('div', { class: 'banner banner-ended' }, t('session.ended_screen'));
  const bodyBox = h('div', { class: 'screen-body' });
  const main = h('main', { id: 'main', class: 'screen-main' }, problem.el, bar.el, ended, chartBox, bodyBox);
  root.append(h('div', { class: 'screen' }, join, main));

  let body = null;
  let shownPhase = -1;
  let shownEnded = null;
  const paintStatus = () => {
    setText(status, conn.status === 'online' ? '' : t(conn.status === 'offline' ? 'status.offline' : 'status.connecting'));
  };
  conn.addEventListener('status', paintStatus);

  const update = () => {
    const st = store.state;
    document.body.dataset.phase = String(st.phase);
    document.body.dataset.ended = String(store.ended());
    problem.update();
    bar.update();
    const n = st.participants.filter((p) => p.role !== 'facilitator' && p.online).length;
    setText(online, t('screen.people', { n }));
    ended.hidden = !store.ended();
    paintStatus();
    // The chart appears once voting has closed: a vote phase lies behind us and totals are in.
    const p = store.phase();
    const voted = st.phases.some((x) => x.kind === 'vote' && x.index < st.phase);
    const showChart = p.kind !== 'vote' && voted && st.clusters.some((c) => typeof c.votes === 'number');
    chartBox.hidden = !showChart;
    if (showChart) chart.update();
    if (st.phase !== shownPhase || store.ended() !== shownEnded || !body) {
      shownEnded = store.ended();
      body?.destroy?.();
      shownPhase = st.phase;
      body = phaseBody(ctx, p, { screen: true });
      bodyBox.replaceChildren(body.el);
      bodyBox.dataset.kind = p.kind;
      document.title = `${code} · ${p.title} · Tafel`;
    }
    body.update();
  };
  update();
  return { update, destroy() { conn.removeEventListener('status', paintStatus); } };
}
