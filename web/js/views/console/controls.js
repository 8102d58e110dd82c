// Phase control (back, next, jump), the timer (start, pause, resume, stop) and the reveal.
import { h, setText, syncList } from '../../dom.js';
import { t, phaseKindName } from '../../i18n.js';
import { timerView, remaining } from '../../timer.js';

export function phaseList(ctx) {
  const { store } = ctx;
  const list = h('ol', { class: 'phase-list' });
  const el = h('nav', { class: 'side-card', 'aria-labelledby': 'phases-h' },
    h('h2', { id: 'phases-h', class: 'side-title' }, t('phases.title')), list);
  return {
    el,
    update() {
      const st = store.state;
      syncList(list, st.phases, (p) => p.index, (p) => {
        const b = h('button', { type: 'button', class: 'phase-item', onclick: () => { if (store.state.phase !== p.index) ctx.write({ type: 'phase.set', index: p.index }).catch(() => {}); } });
        return h('li', null, b);
      }, (li, p) => {
        const b = li.firstChild;
        const cur = st.phase === p.index;
        const sig = `${cur}|${p.title}|${st.revealed.includes(p.index)}|${st.phase > p.index}|${ctx.readOnly()}`;
        if (b.dataset.sig === sig) return;
        b.dataset.sig = sig;
        b.classList.toggle('phase-current', cur);
        b.classList.toggle('phase-done', st.phase > p.index);
        b.disabled = ctx.readOnly();
        if (cur) b.setAttribute('aria-current', 'step'); else b.removeAttribute('aria-current');
        b.replaceChildren(h('span', { class: 'phase-num' }, String(p.index + 1)),
          h('span', { class: 'phase-item-text' }, h('span', { class: 'phase-item-title' }, p.title),
            h('span', { class: 'phase-item-kind' }, `${phaseKindName(p.kind)} · ${p.minutes} min${p.private ? ` · ${st.revealed.includes(p.index) ? t('phase.revealed') : t('phase.private')}` : ''}`)));
      });
    },
  };
}

export function controls(ctx) {
  const { store } = ctx;
  const step = h('span', { class: 'phase-step' });
  const title = h('h2', { class: 'phase-title' });
  const prompt = h('p', { class: 'phase-prompt' });
  const go = (d) => ctx.write({ type: 'phase.set', index: store.state.phase + d }).catch(() => {});
  const back = h('button', { type: 'button', class: 'btn btn-large', onclick: () => go(-1) }, `← ${t('ctl.back')}`);
  const next = h('button', { type: 'button', class: 'btn btn-primary btn-large', onclick: () => go(1) }, `${t('ctl.next')} →`);
  const reveal = h('button', { type: 'button', class: 'btn btn-accent btn-large', onclick: () => ctx.write({ type: 'reveal', phase: store.state.phase }).catch(() => {}) }, t('ctl.reveal'));
  const revealed = h('span', { class: 'tag tag-ok' }, t('phase.revealed'));

  const minutes = h('input', { type: 'number', class: 'input input-minutes', min: 1, max: 240, step: 1, inputmode: 'numeric', id: 'timer-min' });
  const start = h('button', { type: 'button', class: 'btn btn-primary', onclick: () => {
    const m = Math.max(1, Math.min(240, Number(minutes.value) || store.phase().minutes || 5));
    ctx.write({ type: 'timer.start', seconds: Math.round(m * 60) }).catch(() => {});
  } }, t('timer.start'));
  const pause = h('button', { type: 'button', class: 'btn', onclick: () => ctx.write({ type: 'timer.pause' }).catch(() => {}) }, t('timer.pause'));
  const resume = h('button', { type: 'button', class: 'btn btn-primary', onclick: () => ctx.write({ type: 'timer.resume' }).catch(() => {}) }, t('timer.resume'));
  const stop = h('button', { type: 'button', class: 'btn', onclick: () => ctx.write({ type: 'timer.stop' }).catch(() => {}) }, t('timer.stop'));
  const timerBox = h('div', { class: 'timer-ctl', role: 'group', 'aria-label': t('timer.label') },
    timerView(store),
    h('div', { class: 'timer-min' }, h('label', { htmlFor: 'timer-min', class: 'field-label' }, t('timer.minutes')), minutes),
    start, pause, resume, stop);

  const el = h('section', { class: 'ctl card', 'aria-label': t('ctl.label') },
    h('div', { class: 'ctl-phase' },
      h('div', { class: 'ctl-text' }, step, title, prompt),
      h('div', { class: 'ctl-nav' }, back, next, reveal, revealed)),
    timerBox);
  let minutesFor = -1;
  return {
    el,
    update() {
      const st = store.state;
      const p = store.phase();
      const ro = ctx.readOnly();
      setText(step, `${t('phase.step', { i: st.phase + 1, n: st.phases.length })} · ${phaseKindName(p.kind)}`);
      setText(title, p.title);
      setText(prompt, p.prompt || '');
      prompt.hidden = !p.prompt;
      back.disabled = ro || st.phase <= 0;
      next.disabled = ro || st.phase >= st.phases.length - 1;
      reveal.hidden = !p.private || store.isRevealed(p.index);
      reveal.disabled = ro;
      revealed.hidden = !p.private || !store.isRevealed(p.index);
      if (minutesFor !== st.phase) { minutesFor = st.phase; minutes.value = String(p.minutes || 5); }
      const r = remaining(store);
      start.hidden = !!r && !(r.ms <= 0 && !r.paused);
      pause.hidden = !r || r.paused || r.ms <= 0;
      resume.hidden = !r || !r.paused;
      stop.hidden = !r;
      for (const b of [start, pause, resume, stop]) b.disabled = ro;
      minutes.disabled = ro;
    },
  };
}
