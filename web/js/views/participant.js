// The participant's view, tablet first: the problem and the phase (with its whole
// instruction and the timer) at the top, and a body made for the phase's kind. On phones
// and portrait tablets the top scrolls away with the page (it took a third of a phone's
// height when it stayed); a slim strip with the phase and the timer then stays in sight.
// After posting, the new note is brought into view and marked, with a short "Geplaatst".
import { h, setText, toast } from '../dom.js';
import { t } from '../i18n.js';
import { topbar } from '../ui/topbar.js';
import { problemBox, phaseBar } from '../ui/phasebar.js';
import { timerView } from '../timer.js';
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
  const stripTitle = h('span', { class: 'pstrip-title' });
  const strip = h('div', { class: 'pstrip', 'aria-hidden': 'true' }, stripTitle, timerView(store));
  const side = h('div', { class: 'pview-side' }, problem.el, bar.el, me);
  root.append(top.el, strip, h('main', { id: 'main', class: 'pview' }, side,
    h('div', { class: 'pview-main' }, ended, offline, bodyBox)));

  // The strip shows while the phase bar is scrolled out of sight (below the top bar).
  const io = typeof IntersectionObserver === 'function' ? new IntersectionObserver((es) => {
    for (const e of es) strip.classList.toggle('pstrip-on', !e.isIntersecting && e.boundingClientRect.top < 0 + 80);
  }, { rootMargin: '-64px 0px 0px 0px' }) : null;
  io?.observe(bar.el);

  let body = null;
  let shownPhase = -1;
  let shownEnded = null;
  let lastToast = 0;
  const paintStatus = () => { offline.hidden = conn.status === 'online'; };
  conn.addEventListener('status', paintStatus);

  // Feedback after posting: the note that just came back from the server is scrolled into
  // view (if it is not) and marked for a moment.
  const posted = (id) => {
    const el = [...bodyBox.querySelectorAll('.note')].find((n) => n.dataset.key === String(id));
    if (!el) return;
    el.classList.remove('note-fresh');
    void el.offsetWidth;
    el.classList.add('note-fresh');
    const r = el.getBoundingClientRect();
    const topEdge = top.el.getBoundingClientRect().bottom + 56;
    if (r.top < topEdge || r.bottom > window.innerHeight) el.scrollIntoView({ block: 'center', behavior: 'smooth' });
    if (Date.now() - lastToast > 1500) { lastToast = Date.now(); toast(t('note.posted'), 'ok'); }
  };

  const update = (detail = {}) => {
    const st = store.state;
    document.body.dataset.phase = String(st.phase);
    document.body.dataset.ended = String(store.ended());
    top.setTitle(st.session.title, `${t('code.label')} ${st.session.code}`);
    problem.update();
    bar.update();
    const p = store.phase();
    setText(stripTitle, `${st.phase + 1}/${st.phases.length} · ${p.title}`);
    if (store.you) setText(me, t('me.line', { name: store.you.name, bg: store.you.background }));
    ended.hidden = !store.ended();
    paintStatus();
    if (st.phase !== shownPhase || store.ended() !== shownEnded || !body) {
      shownEnded = store.ended();
      body?.destroy?.();
      shownPhase = st.phase;
      body = phaseBody(ctx, p);
      bodyBox.replaceChildren(body.el);
      document.title = `${p.title} · Tafel`;
    }
    body.update();
    if (detail.type === 'note.added' && detail.ev?.note && store.isMine(detail.ev.note)) posted(detail.ev.note.id);
    if (detail.type === 'phase.revealed' && detail.ev?.phase === st.phase && p.kind === 'bad_ideas') {
      toast(t('bad.revealed_toast'));
    }
  };
  update();
  return {
    update,
    destroy() { body?.destroy?.(); top.destroy(); io?.disconnect(); conn.removeEventListener('status', paintStatus); },
  };
}
