// The problem statement and the current phase (step, title, prompt, timer): always in sight.
import { h, setText, nextId } from '../dom.js';
import { t, phaseKindName } from '../i18n.js';
import { timerView } from '../timer.js';

export function problemBox(store, { big = false } = {}) {
  const textId = nextId('problem');
  const text = h('p', { class: 'problem-text', id: textId });
  // On small screens the statement is cut to two lines; a real button (keyboard and touch)
  // shows it whole. The button is there only when something is cut off, or it is open.
  const more = h('button', { type: 'button', class: 'problem-more', 'aria-expanded': 'false', 'aria-controls': textId });
  const el = h('section', { class: ['problem', big && 'problem-big'], 'aria-label': t('problem.label') },
    h('span', { class: 'problem-label' }, t('problem.label')), text, more);
  let open = false;
  const paintMore = () => {
    el.classList.toggle('problem-open', open);
    more.setAttribute('aria-expanded', String(open));
    setText(more, open ? t('problem.less') : t('problem.more'));
    more.hidden = !open && text.scrollHeight <= text.clientHeight + 1;
  };
  more.addEventListener('click', () => { open = !open; paintMore(); });
  const ro = typeof ResizeObserver === 'function' ? new ResizeObserver(() => paintMore()) : null;
  ro?.observe(text);
  return {
    el,
    update() { setText(text, store.state.session.problem); requestAnimationFrame(paintMore); },
  };
}

export function phaseBar(store, { big = false, headingLevel = 'h2' } = {}) {
  const step = h('span', { class: 'phase-step' });
  const kind = h('span', { class: 'phase-kind' });
  const title = h(headingLevel, { class: 'phase-title' });
  const prompt = h('p', { class: 'phase-prompt' });
  const flags = h('span', { class: 'phase-flags' });
  const timer = timerView(store, { big });
  const el = h('section', { class: ['phasebar', big && 'phasebar-big'], 'aria-label': t('phase.label') },
    h('div', { class: 'phasebar-text' }, h('div', { class: 'phase-line' }, step, kind, flags), title, prompt),
    timer);
  return {
    el,
    update() {
      const st = store.state;
      const p = store.phase();
      if (!p) return;
      setText(step, t('phase.step', { i: st.phase + 1, n: st.phases.length }));
      setText(kind, phaseKindName(p.kind));
      setText(title, p.title || phaseKindName(p.kind));
      setText(prompt, p.prompt || '');
      prompt.hidden = !p.prompt;
      const f = [];
      if (p.private) f.push(store.isRevealed(p.index) ? t('phase.revealed') : t('phase.private'));
      if (store.ended()) f.push(t('session.ended_short'));
      setText(flags, f.join(' · '));
      flags.hidden = !f.length;
      el.dataset.kind = p.kind;
    },
  };
}
