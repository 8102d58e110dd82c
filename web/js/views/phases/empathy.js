// Empathy map: the persona in the middle, four quadrants around it (thinks, feels, says,
// does), each with its own composer and notes, newest first (a new note lands right under
// the composer, in sight). In the console each quadrant and note can be shown on the screen.
import { h, setText } from '../../dom.js';
import { t, quadrantName } from '../../i18n.js';
import { composer } from '../../ui/composer.js';
import { noteMaker, renderNotes } from '../../ui/note.js';
import { spotButton, noteSpotTools } from '../../ui/spotlight.js';
import { split, hiddenLine, canWrite, newestFirst, sendNote } from './board.js';

export const QUADRANTS = ['thinks', 'feels', 'says', 'does'];

export function empathy(ctx, phase, opts = {}) {
  const { store } = ctx;
  const persona = store.persona(phase.persona) || { name: phase.persona || '', description: '' };
  const hidden = hiddenLine();
  const maker = noteMaker(ctx, { author: opts.author, extraTools: opts.spotlight ? noteSpotTools(ctx) : null });
  const quads = QUADRANTS.map((q) => {
    const list = h('div', { class: 'note-list' });
    const comp = canWrite(ctx, phase) ? composer({
      label: t('empathy.add_label', { q: quadrantName(q), persona: persona.name }),
      hideLabel: true,
      placeholder: t(`quadrant.${q}.hint`),
      button: t('note.add'),
      compact: true,
      draftKey: `${ctx.code}.${phase.index}.${q}`,
      onSubmit: (text) => sendNote(ctx, { type: 'note.add', phase: phase.index, quadrant: q, text }),
    }) : null;
    const count = h('span', { class: 'quadrant-count' });
    const spot = opts.spotlight ? spotButton(ctx, { kind: 'quadrant', quadrant: q }, quadrantName(q)) : null;
    const el = h('section', { class: `quadrant quadrant-${q}`, 'aria-labelledby': `q-${q}-h` },
      h('div', { class: 'quadrant-head' },
        h('h2', { class: 'quadrant-title', id: `q-${q}-h` }, h('span', null, quadrantName(q)), count), spot),
      comp?.el, list);
    return { q, el, list, count, spot };
  });
  const center = h('div', { class: 'persona-card' },
    h('span', { class: 'persona-label' }, t('empathy.persona')),
    h('strong', { class: 'persona-name' }, persona.name),
    persona.description ? h('span', { class: 'persona-desc' }, persona.description) : null);
  const grid = h('div', { class: 'empathy-grid' }, quads[0].el, quads[1].el, center, quads[2].el, quads[3].el);
  const el = h('div', { class: 'phase-body empathy' }, hidden.el, grid);
  return {
    el,
    update() {
      const all = ctx.notes(phase.index);
      const { shown, hidden: nh } = split(all, store.role);
      hidden.update(nh, phase, store);
      for (const qd of quads) {
        const mine = newestFirst(shown.filter((n) => n.quadrant === qd.q));
        renderNotes(qd.list, mine, maker);
        setText(qd.count, mine.length ? String(mine.length) : '');
        qd.spot?.refresh();
      }
    },
  };
}
