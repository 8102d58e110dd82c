// Shared by the writing phases: which notes to show and the line about hidden ones.
import { h, setText, toast } from '../../dom.js';
import { t } from '../../i18n.js';
import { lockedAtZero } from '../../timer.js';

// Notes with text are shown; notes of a private phase that are not revealed come without
// text to everyone but their author and the facilitator: they are only counted.
// The room screen shows them face down, so that the room sees the notes come in.
export function split(notes, role) {
  const shown = notes.filter((n) => typeof n.text === 'string');
  const hidden = notes.length - shown.length;
  return role === 'screen' ? { shown: notes, hidden } : { shown, hidden };
}

export function hiddenLine() {
  const el = h('p', { class: 'hidden-line', role: 'note' });
  return {
    el,
    update(n, phase, store) {
      const priv = phase.private && !store.isRevealed(phase.index);
      el.hidden = !priv;
      if (!priv) return;
      if (store.role === 'screen') setText(el, t('private.screen', { n }));
      else if (store.role === 'facilitator') setText(el, t('private.fac'));
      else setText(el, n ? t('private.others', { n }) : t('private.none'));
    },
  };
}

export function newestFirst(notes) {
  const key = (n) => (n.pending ? 1e12 + n.order : Number(n.id) || 0);
  return [...notes].sort((a, b) => key(b) - key(a));
}

export function canWrite(ctx, phase) {
  const { store } = ctx;
  if (ctx.readOnly()) return false;
  if (store.role === 'facilitator') return true;
  return store.role === 'participant' && store.state.phase === phase.index;
}

// Sends a note, unless a locked timer has run out: then it says so and the composer keeps
// the text (returns false).
export function sendNote(ctx, msg) {
  if (lockedAtZero(ctx.store)) { toast(t('timer.locked_toast'), 'error'); return false; }
  ctx.write(msg);
  return true;
}
