// The room screen from the console: open it, what it shows (join panel, progress counts,
// the vote results as a reveal moment, a sound at zero) and what is lit up on it. Every
// switch sends screen.set with the one field it changes.
import { h, setText } from '../../dom.js';
import { t } from '../../i18n.js';
import { setSpotlight, spotText } from '../../ui/spotlight.js';

const SWITCHES = [
  ['join', 'scr.join'],
  ['progress', 'scr.progress'],
  ['results', 'scr.results'],
  ['sound', 'scr.sound'],
];

export function screenControls(ctx) {
  const { store } = ctx;
  const open = h('a', { class: 'btn btn-small', target: '_blank', rel: 'noopener' }, t('scr.open'));
  const boxes = SWITCHES.map(([field, label]) => {
    const input = h('input', { type: 'checkbox', class: 'check', id: `scr-${field}` });
    input.addEventListener('change', () => {
      const want = input.checked;
      ctx.write({ type: 'screen.set', [field]: want }).catch(() => { input.checked = !want; });
    });
    return { field, input, el: h('label', { class: 'toggle toggle-small', htmlFor: `scr-${field}` }, input, h('span', null, t(label))) };
  });
  const spotLine = h('span', { class: 'spot-text' });
  const spotOff = h('button', { type: 'button', class: 'btn btn-small', onclick: () => setSpotlight(ctx, null) }, t('spot.off'));
  const spot = h('div', { class: 'spot-now', role: 'status' }, spotLine, spotOff);
  const el = h('section', { class: 'side-card screen-ctl', 'aria-labelledby': 'scr-h' },
    h('div', { class: 'side-head' }, h('h2', { id: 'scr-h', class: 'side-title' }, t('scr.title')), open),
    h('div', { class: 'screen-switches' }, boxes.map((b) => b.el)),
    spot, h('p', { class: 'muted side-hint' }, t('scr.spot_hint')));
  return {
    el,
    update() {
      const sc = store.state.screen || {};
      open.href = `/screen/${store.state.session.code}`;
      const ro = ctx.readOnly();
      for (const b of boxes) {
        if (document.activeElement !== b.input || b.input.checked !== !!sc[b.field]) b.input.checked = !!sc[b.field];
        b.input.disabled = ro;
      }
      spot.hidden = !sc.spotlight;
      setText(spotLine, spotText(store, sc.spotlight));
      spotOff.disabled = ro;
    },
  };
}
