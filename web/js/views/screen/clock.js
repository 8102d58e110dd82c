// The room screen's timer: large digits while it runs, "paused" under them while paused,
// and at zero a signal the room cannot miss: the digits give way to "Tijd!" / "Time's up!"
// in red with a short pulse (none with prefers-reduced-motion), and, when the facilitator
// has switched it on, a short sound. No timer (none started, a new phase, the session
// ended): nothing is shown.
import { h, setText } from '../../dom.js';
import { t } from '../../i18n.js';
import { remaining, fmt } from '../../timer.js';

export function screenClock(store, { onZero } = {}) {
  const digits = h('span', { class: 'timer-digits' });
  const note = h('span', { class: 'timer-note' });
  const el = h('div', { class: 'timer timer-big s-clock', role: 'timer', 'aria-live': 'off' }, digits, note);
  let last = null;       // remaining ms at the last tick while running
  let lastLabel = '';
  let iv = null;

  const tick = () => {
    const r = store.ended() ? null : remaining(store);
    const done = !!r && !r.paused && r.ms <= 0;
    el.hidden = !r;
    el.classList.toggle('timer-paused', !!r?.paused);
    el.classList.toggle('timer-low', !!r && !r.paused && r.ms > 0 && r.ms <= 60000);
    el.classList.toggle('timer-done', done);
    // The signal sounds once, when this screen saw the timer run down to zero (not when it
    // was opened on a timer already at zero).
    if (done && last != null && last > 0) onZero?.();
    last = r && !r.paused ? r.ms : null;
    if (!r) { setText(digits, ''); setText(note, ''); }
    else if (done) { setText(digits, t('screen.time_up')); setText(note, ''); }
    else { setText(digits, fmt(r.ms)); setText(note, r.paused ? t('timer.paused') : ''); }
    const label = !r ? '' : done ? t('screen.time_up_sub') : `${t('timer.label')}: ${digits.textContent} ${note.textContent}`.trim();
    if (label !== lastLabel) { el.setAttribute('aria-label', label || t('timer.none')); lastLabel = label; }
  };
  iv = setInterval(tick, 250);
  tick();
  return {
    el,
    update: tick,
    destroy() { clearInterval(iv); },
  };
}
