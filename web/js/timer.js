// The shared phase timer. The server sends {ends_at} (running), {paused_remaining_ms}
// (paused) or null; the client corrects its clock with the join's server_time.
import { h, setText } from './dom.js';
import { t } from './i18n.js';

export function remaining(store) {
  const tm = store.state?.timer;
  if (!tm) return null;
  if (typeof tm.paused_remaining_ms === 'number') return { ms: tm.paused_remaining_ms, paused: true };
  if (typeof tm.ends_at === 'number') return { ms: Math.max(0, tm.ends_at - store.serverNow()), paused: false };
  return null;
}

export function fmt(ms) {
  const s = Math.ceil(ms / 1000);
  const m = Math.floor(s / 60);
  return `${String(m).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
}

// A timer display: <div class="timer"><span class=timer-digits>12:00</span><span>paused</span></div>
// It updates itself four times a second while it is in the document.
export function timerView(store, { big = false } = {}) {
  const digits = h('span', { class: 'timer-digits' });
  const note = h('span', { class: 'timer-note' });
  const el = h('div', { class: ['timer', big && 'timer-big'], role: 'timer', 'aria-live': 'off' }, digits, note);
  let lastLabel = '';
  let seen = false;
  const tick = () => {
    if (el.isConnected) seen = true;
    else if (seen) { clearInterval(iv); return; }
    const r = remaining(store);
    el.classList.toggle('timer-idle', !r);
    el.classList.toggle('timer-paused', !!r?.paused);
    el.classList.toggle('timer-done', !!r && !r.paused && r.ms <= 0);
    el.classList.toggle('timer-low', !!r && !r.paused && r.ms > 0 && r.ms <= 60000);
    if (!r) {
      setText(digits, '--:--');
      setText(note, t('timer.none'));
    } else {
      setText(digits, fmt(r.ms));
      setText(note, r.paused ? t('timer.paused') : r.ms <= 0 ? t(store.state.timer?.lock ? 'timer.done_locked' : 'timer.done') : '');
    }
    const label = `${t('timer.label')}: ${digits.textContent} ${note.textContent}`.trim();
    if (label !== lastLabel) { el.setAttribute('aria-label', label); lastLabel = label; }
  };
  const iv = setInterval(tick, 250);
  requestAnimationFrame(tick);
  tick();
  return el;
}

// A locked timer at zero: the server refuses participants' changes until the facilitator
// gives time (contract v2), so the app keeps what was typed instead of sending it.
export function lockedAtZero(store) {
  if (store.role !== 'participant' || !store.state?.timer?.lock) return false;
  const r = remaining(store);
  return !!r && r.ms <= 0;
}
