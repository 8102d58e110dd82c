// The participant's view, tablet first: the problem and the phase (with its timer) always
// in sight, and a body made for the phase's kind.
import { h, setText } from '../dom.js';
import { t } from '../i18n.js';
import { topbar } from '../ui/topbar.js';
import { problemBox, phaseBar } from '../ui/phasebar.js';
import { phaseBody } from './phases/index.js';

export function participantView(root, ctx) {
  const { store, conn, outbox } = ctx;
  const top = topbar({ conn, outbox });
  const problem = problemBox(store);
  const bar = phaseBar(store, { headingLevel: 'h1' });
  const me = h('p', { class: 'me-line' });
  const ended = h('div', { class: 'banner banner-ended', role: 'status' }, t('session.ended'));
  const offline = h('div', { class: 'banner banner-offline', role: 'status' }, t('offline.banner'));
  const bodyBox = h('div', { class: 'pview-body' });
  const main = h('main', { id: 'main', class: 'pview-main' }, ended, offline, bodyBox);
  const side = h('div', { class: 'pview-side' }, problem.el, bar.el, me);
  root.append(top.el, h('div', { class: 'pview' }, side, main));

  let body = null;
  let shownPhase = -1;
  let shownEnded = null;
  const paintStatus = () => { offline.hidden = conn.status === 'online'; };
  conn.addEventListener('status', paintStatus);

  const update = () => {
    const st = store.state;
    document.body.dataset.phase = String(st.phase);
    document.body.dataset.ended = String(store.ended());
    top.setTitle(st.session.title, `${t('code.label')} ${st.session.code}`);
    problem.update();
    bar.update();
    if (store.you) setText(me, t('me.line', { name: store.you.name, bg: store.you.background }));
    ended.hidden = !store.ended();
    paintStatus();
    if (st.phase !== shownPhase || store.ended() !== shownEnded || !body) {
      shownEnded = store.ended();
      body?.destroy?.();
      shownPhase = st.phase;
      body = phaseBody(ctx, store.phase());
      bodyBox.replaceChildren(body.el);
      document.title = `${store.phase().title} · Tafel`;
    }
    body.update();
  };
  update();
  return {
    update,
    destroy() { body?.destroy?.(); top.destroy(); conn.removeEventListener('status', paintStatus); },
  };
}
