// The notes of a phase (the current one unless another is picked), with the facilitator's
// moderation: edit and delete any note, write notes in any phase, essences.
import { h, field } from '../../dom.js';
import { t } from '../../i18n.js';
import { phaseBody } from '../phases/index.js';

const WRITING = new Set(['empathy_map', 'bad_ideas', 'ideal_ideas']);

export function notesPanel(ctx) {
  const { store } = ctx;
  const pick = h('select', { class: 'input' });
  let follow = true;          // follow the current phase until another is picked
  let shown = -1;
  let shownEnded = null;
  let body = null;
  const bodyBox = h('div', { class: 'notes-panel-body' });
  const hint = h('p', { class: 'muted' });
  pick.addEventListener('change', () => {
    const i = Number(pick.value);
    follow = i === store.state.phase;
    show(i);
  });
  const show = (i) => {
    body?.destroy?.();
    shown = i;
    const p = store.phase(i);
    body = phaseBody(ctx, p, { author: true, spotlight: true });
    bodyBox.replaceChildren(body.el);
    hint.textContent = WRITING.has(p.kind) ? t('notes.moderate_hint') : t('notes.preview_hint');
    body.update();
  };
  const el = h('div', { class: 'notes-panel' },
    h('div', { class: 'panel-head' }, field(t('notes.phase'), pick), hint), bodyBox);
  return {
    el,
    destroy() { body?.destroy?.(); },
    update() {
      const st = store.state;
      const sig = st.phases.map((p) => `${p.index}:${p.title}`).join('|');
      if (pick.dataset.sig !== sig) {
        pick.dataset.sig = sig;
        pick.replaceChildren(...st.phases.map((p) => h('option', { value: String(p.index) }, `${p.index + 1}. ${p.title}`)));
      }
      const want = follow ? st.phase : shown;
      pick.value = String(want);
      if (want !== shown || store.ended() !== shownEnded || !body) { shownEnded = store.ended(); show(want); }
      else body.update();
    },
  };
}
