// /screen/{code}: the room screen for a projector. Everything fits the screen, no scrolling:
// the join panel (code and QR code; the facilitator hides it once the table is seated),
// the phase with its timer, and the phase's content as a board that is fitted to the
// stage and pages by itself when even the smallest readable size cannot hold it all
// (views/screen/fit.js). The facilitator steers it with screen.set: spotlight, join panel,
// progress counts, the reveal of the vote results, and a sound at the end of the timer.
import { h, setText } from '../dom.js';
import { t, phaseKindName } from '../i18n.js';
import { norm, joinUrl } from '../storage.js';
import { api } from '../api.js';
import { createContext, runView } from '../session.js';
import { langSwitch } from '../ui/topbar.js';
import { boardFor } from './screen/boards.js';
import { createFitter } from './screen/fit.js';
import { resultsChart } from './screen/results.js';
import { screenClock } from './screen/clock.js';
import { createSound } from './screen/sound.js';
import { progressLine } from './screen/progress.js';
import { spotlightBoard, spotKey } from './screen/spotlight.js';

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

// Text sizes follow the viewport: 1 unit is 1 px on a 1920x1080 screen. Notes stay at 20 px
// there at the least, and never under 14 px on any screen.
function noteSizes(big) {
  const u = Math.min(window.innerWidth / 1920, window.innerHeight / 1080);
  const min = Math.max(14, Math.round(20 * u));
  return { min, max: Math.max(min, Math.round((big ? 60 : 32) * u)) };
}

function screenView(root, ctx) {
  const { store, conn, code } = ctx;
  document.body.classList.add('on-screen');

  // ---- the join panel ----
  const link = linkText(code);
  const online = h('p', { class: 'screen-people' });
  const joinPanel = h('aside', { class: 'screen-join', 'aria-label': t('screen.join') },
    h('p', { class: 'screen-join-label' }, t('screen.join')),
    h('p', { class: 'screen-code', 'aria-label': `${t('code.label')} ${code.split('').join(' ')}` }, code),
    h('img', { class: 'screen-qr', src: api.qrUrl(code), alt: t('screen.qr_alt', { code }), width: 280, height: 280 }),
    h('p', { class: 'screen-link' }, link || t('screen.scan')),
    online, h('div', { class: 'screen-lang' }, langSwitch()));

  // ---- banners: the connection, the end ----
  const offline = h('div', { class: 's-banner s-offline', role: 'alert', hidden: true },
    h('strong', null, t('screen.offline')), h('span', null, t('screen.offline_sub')));
  const ended = h('div', { class: 's-banner banner-ended', hidden: true },
    h('strong', null, t('screen.ended')), h('span', null, t('screen.ended_sub')));

  // ---- the phase and the timer ----
  const step = h('span', { class: 'phase-step' });
  const kind = h('span', { class: 'phase-kind' });
  const flags = h('span', { class: 'phase-flags' });
  const title = h('h1', { class: 'phase-title' });
  const prompt = h('p', { class: 'phase-prompt' });
  const progress = progressLine(store);
  const sound = createSound();
  const clock = screenClock(store, { onZero: () => { if (store.state.screen?.sound) sound.beep(); } });
  const head = h('header', { class: 's-head' },
    h('div', { class: 's-head-text' }, h('p', { class: 'phase-line' }, step, kind, flags), title, progress.el, prompt),
    h('div', { class: 's-head-side' }, clock.el, sound.hint));

  // ---- the stage, and the problem (and a persona) under it ----
  const stage = h('div', { class: 's-stage' });
  const problemText = h('p', { class: 'problem-text' });
  const problem = h('section', { class: 'problem s-problem', 'aria-label': t('problem.label') },
    h('span', { class: 'problem-label' }, t('problem.label')), problemText);
  const footExtra = h('div', { class: 's-foot-extra', hidden: true });
  const foot = h('footer', { class: 's-foot' }, problem, footExtra);
  const main = h('main', { id: 'main', class: 'screen-main' }, offline, ended, head, stage, foot);
  const screenEl = h('div', { class: 'screen' }, joinPanel, main);
  root.append(screenEl);

  const chart = resultsChart(store);
  let board = null;
  let fitter = null;
  let shownKey = '';
  let lastSig = null;

  const mountBoard = (b, big) => {
    fitter?.destroy();
    board = b;
    stage.replaceChildren(b.el);
    footExtra.replaceChildren(...(b.foot ? [b.foot] : []));
    footExtra.hidden = !b.foot;
    fitter = createFitter(b.el, { regions: b.regions, layouts: b.layouts, sizes: () => noteSizes(big) });
    lastSig = null;
  };

  const paintConn = () => {
    const bad = conn.status !== 'online';
    offline.hidden = !bad;
    document.body.classList.toggle('s-stale', bad);
  };
  conn.addEventListener('status', paintConn);

  const update = () => {
    const st = store.state;
    const p = store.phase();
    const isEnded = store.ended();
    const scr = st.screen || {};
    document.body.dataset.phase = String(st.phase);
    document.body.dataset.ended = String(isEnded);
    document.body.dataset.kind = p.kind;
    // Join panel: until the facilitator hides it, and never after the end.
    const showJoin = scr.join !== false && !isEnded;
    joinPanel.hidden = !showJoin;
    screenEl.dataset.join = String(showJoin);
    setText(online, t('screen.people', { n: st.participants.filter((x) => x.role === 'participant' && x.online).length }));
    ended.hidden = !isEnded;
    paintConn();
    // Phase head.
    setText(step, t('phase.step', { i: st.phase + 1, n: st.phases.length }));
    setText(kind, phaseKindName(p.kind));
    const f = [];
    if (p.private) f.push(store.isRevealed(p.index) ? t('phase.revealed') : t('phase.private'));
    setText(flags, f.join(' · '));
    flags.hidden = !f.length;
    setText(title, p.title || phaseKindName(p.kind));
    setText(prompt, p.prompt || '');
    prompt.hidden = !p.prompt;
    setText(problemText, st.session.problem);
    progress.update();
    sound.want(!!scr.sound && !isEnded);
    clock.update();
    // The board: rebuilt for a new phase, the end, or another spotlight.
    const key = `${st.phase}|${isEnded}|${spotKey(scr.spotlight)}`;
    if (key !== shownKey || !board) {
      shownKey = key;
      const spot = scr.spotlight ? spotlightBoard(ctx, scr.spotlight) : null;
      screenEl.dataset.spotlight = spot ? scr.spotlight.kind : '';
      mountBoard(spot || boardFor(ctx, p, { chart }), !!spot);
      document.title = `${code} · ${p.title} · Tafel`;
    }
    let sig = board.update();
    if (sig === 'gone') {   // the spotlit note or direction was deleted: back to the phase
      screenEl.dataset.spotlight = '';
      mountBoard(boardFor(ctx, p, { chart }), false);
      sig = board.update();
    }
    if (sig !== lastSig) { lastSig = sig; fitter.refit(); }
  };
  update();
  // Web fonts and the QR code change sizes once loaded.
  document.fonts?.ready.then(() => fitter?.refit(true));
  return {
    update,
    destroy() {
      conn.removeEventListener('status', paintConn);
      fitter?.destroy();
      clock.destroy();
      sound.destroy();
    },
  };
}
