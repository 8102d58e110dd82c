// A short signal at the end of the timer: three beeps from a WebAudio oscillator, no file.
// Browsers keep audio suspended until someone clicks or types on the page; while it is,
// the screen shows a small hint, and the first click or key anywhere turns the sound on.
import { h } from '../../dom.js';
import { t } from '../../i18n.js';

export function createSound() {
  let ac = null;
  let wanted = false;
  const hint = h('button', { type: 'button', class: 's-sound-hint', hidden: true }, t('screen.sound_hint'));

  const context = () => {
    if (!ac) {
      const AC = window.AudioContext || window.webkitAudioContext;
      if (!AC) return null;
      try { ac = new AC(); } catch { return null; }
      ac.addEventListener('statechange', paint);
    }
    return ac;
  };
  function paint() {
    hint.hidden = !wanted || !ac || ac.state === 'running';
    if (ac) document.body.dataset.audio = ac.state;   // for the tests
  }
  const unlock = () => { if (wanted) context()?.resume().then(paint, paint); };
  hint.addEventListener('click', unlock);
  document.addEventListener('pointerdown', unlock);
  document.addEventListener('keydown', unlock);

  return {
    hint,
    // on: the facilitator has switched the sound on (state.screen.sound).
    want(on) {
      wanted = !!on;
      if (wanted) { const c = context(); c?.resume().catch(() => {}).finally(paint); }
      paint();
    },
    beep() {
      document.body.dataset.beeps = String(Number(document.body.dataset.beeps || 0) + 1);
      const c = wanted ? context() : null;
      if (!c || c.state !== 'running') return false;
      const start = c.currentTime + 0.05;
      for (let i = 0; i < 3; i += 1) {
        const osc = c.createOscillator();
        const gain = c.createGain();
        osc.type = 'sine';
        osc.frequency.value = i === 2 ? 1175 : 880;
        const t0 = start + i * 0.28;
        gain.gain.setValueAtTime(0.0001, t0);
        gain.gain.exponentialRampToValueAtTime(0.35, t0 + 0.02);
        gain.gain.exponentialRampToValueAtTime(0.0001, t0 + (i === 2 ? 0.45 : 0.2));
        osc.connect(gain).connect(c.destination);
        osc.start(t0);
        osc.stop(t0 + 0.5);
      }
      return true;
    },
    destroy() {
      document.removeEventListener('pointerdown', unlock);
      document.removeEventListener('keydown', unlock);
      ac?.close().catch(() => {});
    },
  };
}
