// Phase control (back, next, jump; the next phase's timer started at once; a warning before
// leaving a private phase unrevealed), the live progress headline, the timer (the phase's
// planned minutes in one tap, +1 min, pause, resume, stop, another time, the lock at zero)
// and the reveal.
import { h, setText, syncList } from '../../dom.js';
import { t, phaseKindName } from '../../i18n.js';
import { timerView, remaining } from '../../timer.js';

// The console's choices that outlive a re-render (kept on the context, not stored).
function prefs(ctx) {
  ctx.consolePrefs ||= { nextTimer: true, lock: false };
  return ctx.consolePrefs;
}

// Moves to phase `index`; with the option on, the new phase's timer starts at once with its
// planned minutes (phase.set timer_seconds, and timer_lock when the lock is chosen).
export function setPhase(ctx, index) {
  const pr = prefs(ctx);
  const p = ctx.store.phase(index);
  const secs = pr.nextTimer && p?.minutes > 0 ? Math.round(p.minutes * 60) : 0;
  const msg = { type: 'phase.set', index };
  if (secs) msg.timer_seconds = secs;
  if (secs && pr.lock) msg.timer_lock = true;
  return ctx.write(msg).catch(() => { /* toast shown */ });
}

export function phaseList(ctx, { onPick }) {
  const { store } = ctx;
  const list = h('ol', { class: 'phase-list' });
  const el = h('nav', { class: 'side-card', 'aria-labelledby': 'phases-h' },
    h('h2', { id: 'phases-h', class: 'side-title' }, t('phases.title')), list);
  return {
    el,
    update() {
      const st = store.state;
      syncList(list, st.phases, (p) => p.index, (p) => {
        const b = h('button', { type: 'button', class: 'phase-item', onclick: () => { if (store.state.phase !== p.index) onPick(p.index); } });
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

// The headline for the current phase: "6 van 8 hebben geschreven", "3 van 8 hebben nog
// stippen over · nog niet gestemd: Ann, Bram". Empty for phases without writing or voting.
export function progressHeadline(store) {
  const pr = store.progress();
  if (!pr.total) return '';
  if (pr.kind === 'vote') {
    const parts = [t('prog.dots_left', { n: pr.withDotsLeft, total: pr.total })];
    const idle = pr.people.filter((r) => r.dotsUsed === 0).map((r) => r.name);
    if (idle.length) parts.push(`${t('prog.not_voted')}: ${idle.join(', ')}`);
    return parts.join(' · ');
  }
  if (!['empathy_map', 'bad_ideas', 'ideal_ideas'].includes(pr.kind)) return '';
  const parts = [t('prog.wrote', { n: pr.wrote, total: pr.total })];
  if (pr.kind === 'bad_ideas' && pr.essencesMissing) parts.push(t('prog.essences', { n: pr.essencesMissing }));
  return parts.join(' · ');
}

export function controls(ctx) {
  const { store } = ctx;
  const pr = prefs(ctx);
  const step = h('span', { class: 'phase-step' });
  const title = h('h2', { class: 'phase-title' });
  const prompt = h('p', { class: 'phase-prompt' });
  const progress = h('p', { class: 'progress-head' });
  const confirmBox = h('div', { class: 'ctl-confirm' });

  // Leaving a private phase whose notes were never revealed: say so, offer the reveal.
  const request = (index) => {
    const st = store.state;
    const p = store.phase();
    const n = store.notesOf(p.index).length;
    if (index > st.phase && p.private && !store.isRevealed(p.index) && n > 0) {
      const yes = h('button', { type: 'button', class: 'btn btn-accent' }, t('ctl.reveal_go'));
      const anyway = h('button', { type: 'button', class: 'btn' }, t('ctl.go_anyway'));
      const stay = h('button', { type: 'button', class: 'btn btn-ghost' }, t('ctl.stay'));
      const ask = h('div', { class: 'confirm confirm-warn', role: 'alert' },
        h('span', null, t('ctl.unrevealed', { n })), yes, anyway, stay);
      confirmBox.replaceChildren(ask);
      yes.focus();
      const done = () => confirmBox.replaceChildren();
      stay.addEventListener('click', () => { done(); next.focus(); });
      anyway.addEventListener('click', () => { done(); setPhase(ctx, index); });
      yes.addEventListener('click', async () => {
        done();
        try { await ctx.write({ type: 'reveal', phase: p.index }); } catch { return; }
        setPhase(ctx, index);
      });
      return;
    }
    confirmBox.replaceChildren();
    setPhase(ctx, index);
  };

  const back = h('button', { type: 'button', class: 'btn btn-large', onclick: () => request(store.state.phase - 1) }, `← ${t('ctl.back')}`);
  const next = h('button', { type: 'button', class: 'btn btn-primary btn-large', onclick: () => request(store.state.phase + 1) }, `${t('ctl.next')} →`);
  const reveal = h('button', { type: 'button', class: 'btn btn-accent btn-large', onclick: () => ctx.write({ type: 'reveal', phase: store.state.phase }).catch(() => {}) }, t('ctl.reveal'));
  const revealed = h('span', { class: 'tag tag-ok' }, t('phase.revealed'));
  const nextTimer = h('input', { type: 'checkbox', class: 'check', id: 'ctl-next-timer', checked: pr.nextTimer });
  nextTimer.addEventListener('change', () => { pr.nextTimer = nextTimer.checked; });
  const nextTimerText = h('span');
  const nextTimerBox = h('label', { class: 'toggle toggle-small', htmlFor: 'ctl-next-timer' }, nextTimer, nextTimerText);

  const write = (msg) => ctx.write(msg).catch(() => {});
  const startWith = (secs) => write({ type: 'timer.start', seconds: secs, ...(pr.lock ? { lock: true } : {}) });
  const planned = h('button', { type: 'button', class: 'btn btn-primary timer-planned', onclick: () => startWith(Math.round((store.phase().minutes || 5) * 60)) });
  const plus = h('button', { type: 'button', class: 'btn timer-plus', onclick: () => write({ type: 'timer.add', seconds: 60 }) }, t('timer.plus1'));
  const pause = h('button', { type: 'button', class: 'btn', onclick: () => write({ type: 'timer.pause' }) }, t('timer.pause'));
  const resume = h('button', { type: 'button', class: 'btn btn-primary', onclick: () => write({ type: 'timer.resume' }) }, t('timer.resume'));
  const stop = h('button', { type: 'button', class: 'btn', onclick: () => write({ type: 'timer.stop' }) }, t('timer.stop'));
  const minutes = h('input', { type: 'number', class: 'input input-minutes', min: 1, max: 240, step: 1, inputmode: 'numeric', id: 'timer-min' });
  const start = h('button', { type: 'button', class: 'btn', onclick: () => {
    const m = Math.max(1, Math.min(240, Number(minutes.value) || store.phase().minutes || 5));
    startWith(Math.round(m * 60));
  } }, t('timer.start'));
  const lock = h('input', { type: 'checkbox', class: 'check', id: 'timer-lock', checked: pr.lock });
  lock.addEventListener('change', () => { pr.lock = lock.checked; });
  const lockBox = h('label', { class: 'toggle toggle-small', htmlFor: 'timer-lock' }, lock, h('span', null, t('timer.lock')));
  const lockTag = h('span', { class: 'tag tag-lock' }, t('timer.locked'));
  const timerBox = h('div', { class: 'timer-ctl', role: 'group', 'aria-label': t('timer.label') },
    h('div', { class: 'timer-main' }, timerView(store), lockTag),
    h('div', { class: 'timer-buttons' }, planned, plus, pause, resume, stop),
    h('div', { class: 'timer-other' },
      h('div', { class: 'timer-min' }, h('label', { htmlFor: 'timer-min', class: 'field-label' }, t('timer.minutes')), minutes),
      start, lockBox));

  const el = h('section', { class: 'ctl card', 'aria-label': t('ctl.label') },
    h('div', { class: 'ctl-phase' },
      h('div', { class: 'ctl-text' }, step, title, prompt, progress),
      h('div', { class: 'ctl-nav' }, h('div', { class: 'ctl-nav-buttons' }, back, next, reveal, revealed), nextTimerBox)),
    confirmBox,
    timerBox);
  let minutesFor = -1;
  return {
    el,
    request,
    update() {
      const st = store.state;
      const p = store.phase();
      const ro = ctx.readOnly();
      setText(step, `${t('phase.step', { i: st.phase + 1, n: st.phases.length })} · ${phaseKindName(p.kind)}`);
      setText(title, p.title);
      setText(prompt, p.prompt || '');
      prompt.hidden = !p.prompt;
      const head = progressHeadline(store);
      setText(progress, head);
      progress.hidden = !head;
      back.disabled = ro || st.phase <= 0;
      next.disabled = ro || st.phase >= st.phases.length - 1;
      reveal.hidden = !p.private || store.isRevealed(p.index);
      reveal.disabled = ro;
      revealed.hidden = !p.private || !store.isRevealed(p.index);
      const np = store.phase(st.phase + 1);
      nextTimerBox.hidden = !np || !(np.minutes > 0) || ro;
      setText(nextTimerText, np ? t('ctl.next_timer', { m: np.minutes }) : '');
      if (minutesFor !== st.phase) { minutesFor = st.phase; minutes.value = String(p.minutes || 5); confirmBox.replaceChildren(); }
      setText(planned, t('timer.start_m', { m: p.minutes || 5 }));
      const r = remaining(store);
      const running = !!r && !r.paused && r.ms > 0;
      planned.hidden = running || !!r?.paused;
      plus.hidden = !r;
      pause.hidden = !running;
      resume.hidden = !r || !r.paused;
      stop.hidden = !r;
      lockTag.hidden = !st.timer?.lock;
      for (const b of [planned, plus, start, pause, resume, stop, lock, nextTimer]) b.disabled = ro;
      minutes.disabled = ro;
    },
  };
}
