// Bad ideas (with the essence step) and ideal ideas: a composer and a wall of notes.
import { h, setText } from '../../dom.js';
import { t } from '../../i18n.js';
import { composer } from '../../ui/composer.js';
import { noteMaker, renderNotes } from '../../ui/note.js';
import { split, hiddenLine, newestFirst, canWrite } from './board.js';
import { noteSpotTools } from '../../ui/spotlight.js';

export function ideas(ctx, phase, opts = {}) {
  const { store } = ctx;
  const bad = phase.kind === 'bad_ideas';
  const hidden = hiddenLine();
  const maker = noteMaker(ctx, { essence: bad, author: opts.author, extraTools: opts.spotlight ? noteSpotTools(ctx) : null });
  const list = h('div', { class: ['note-wall', bad ? 'wall-bad' : 'wall-ideal'] });
  const comp = canWrite(ctx, phase) ? composer({
    label: bad ? t('bad.add_label') : t('ideal.add_label'),
    placeholder: bad ? t('bad.placeholder') : t('ideal.placeholder'),
    draftKey: `${ctx.code}.${phase.index}`,
    onSubmit: (text) => ctx.write({ type: 'note.add', phase: phase.index, text }),
  }) : null;
  const lacking = h('p', { class: 'essence-count', role: 'status' });
  const onlyMissing = h('input', { type: 'checkbox', class: 'check' });
  const filter = bad && store.role !== 'screen' ? h('label', { class: 'toggle' }, onlyMissing, h('span', null, t('essence.only_missing'))) : null;
  onlyMissing.addEventListener('change', () => api.update());
  const intro = bad && store.role !== 'screen' ? h('p', { class: 'step-hint' }, t('bad.essence_hint')) : null;
  const el = h('div', { class: 'phase-body ideas' }, comp?.el,
    bad ? h('div', { class: 'essence-bar' }, lacking, filter) : null, intro, hidden.el, list);
  const api = {
    el,
    update() {
      const { shown, hidden: nh } = split(ctx.notes(phase.index), store.role);
      hidden.update(nh, phase, store);
      let show = newestFirst(shown);
      if (bad) {
        const known = shown.filter((n) => typeof n.text === 'string' && !n.pending);
        const missing = known.filter((n) => !n.essence).length;
        setText(lacking, known.length ? t('essence.lacking', { n: missing, total: known.length }) : t('bad.none_yet'));
        lacking.classList.toggle('essence-done', known.length > 0 && missing === 0);
        lacking.hidden = store.role === 'screen' && !known.length;
        if (onlyMissing.checked) show = show.filter((n) => !n.essence);
      }
      renderNotes(list, show, maker);
      list.classList.toggle('is-empty', !show.length);
    },
  };
  return api;
}
