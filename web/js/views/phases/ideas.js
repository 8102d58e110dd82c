// Bad ideas (with the essence step) and ideal ideas: a composer and a wall of notes.
// Bad ideas come in two steps, shown as such: first write (in a private phase, each for
// themselves), then, once the ideas are on the table, find each one's essence. The essence
// editors appear when it is time for them.
import { h, setText } from '../../dom.js';
import { t } from '../../i18n.js';
import { composer } from '../../ui/composer.js';
import { noteMaker, renderWall } from '../../ui/note.js';
import { split, hiddenLine, newestFirst, canWrite, sendNote } from './board.js';
import { noteSpotTools } from '../../ui/spotlight.js';

// The essence step's text: "Bij 2 van de 5 slechte ideeën ontbreekt nog de essentie".
function lackingText(missing, total) {
  if (!total) return t('bad.none_yet');
  if (!missing) return t('essence.all_done');
  if (total === 1) return t('essence.lacking_single');
  return t('essence.lacking', { n: missing, total });
}

export function ideas(ctx, phase, opts = {}) {
  const { store } = ctx;
  const bad = phase.kind === 'bad_ideas';
  const person = store.role !== 'screen';
  // Step 2 (essences) is open once the ideas are on the table: at once in an open phase,
  // after the reveal in a private one. The facilitator may always write one.
  const essenceTime = () => !phase.private || store.isRevealed(phase.index) || store.role === 'facilitator';
  const hidden = hiddenLine();
  const maker = noteMaker(ctx, { essence: bad ? () => essenceTime() : false, author: opts.author, extraTools: opts.spotlight ? noteSpotTools(ctx) : null });
  const list = h('div', { class: ['note-wall', bad ? 'wall-bad' : 'wall-ideal'] });
  const comp = canWrite(ctx, phase) ? composer({
    label: bad ? t('bad.add_label') : t('ideal.add_label'),
    placeholder: bad ? t('bad.placeholder') : t('ideal.placeholder'),
    draftKey: `${ctx.code}.${phase.index}`,
    onSubmit: (text) => sendNote(ctx, { type: 'note.add', phase: phase.index, text }),
  }) : null;
  const lacking = h('p', { class: 'essence-count', role: 'status' });
  const onlyMissing = h('input', { type: 'checkbox', class: 'check' });
  const filter = bad && person ? h('label', { class: 'toggle' }, onlyMissing, h('span', null, t('essence.only_missing'))) : null;
  onlyMissing.addEventListener('change', () => api.update());
  const step = (n, title, text) => {
    const li = h('li', { class: 'step' }, h('span', { class: 'step-num', 'aria-hidden': 'true' }, String(n)),
      h('span', { class: 'step-text' }, h('strong', null, title), h('span', null, text)));
    return li;
  };
  const step1 = step(1, t('bad.step1'), phase.private ? t('bad.step1_private') : t('bad.step1_open'));
  const step2 = step(2, t('bad.step2'), t('bad.step2_text'));
  const steps = bad && person ? h('ol', { class: 'steps', 'aria-label': t('bad.steps') }, step1, step2) : null;
  const essenceBar = bad ? h('div', { class: 'essence-bar' }, lacking, filter) : null;
  const el = h('div', { class: 'phase-body ideas' }, h('h2', { class: 'sr-only' }, bad ? t('kind.bad_ideas') : t('kind.ideal_ideas')),
    steps, comp?.el, essenceBar, hidden.el, list);
  const api = {
    el,
    update() {
      const { shown, hidden: nh } = split(ctx.notes(phase.index), store.role);
      hidden.update(nh, phase, store);
      let show = newestFirst(shown);
      if (bad) {
        // The room's step, also in the console (whose essence editors are open throughout):
        // step 1 until a private phase is revealed.
        const now = !phase.private || store.isRevealed(phase.index) ? 2 : 1;
        if (steps) {
          step1.classList.toggle('step-current', now === 1);
          step2.classList.toggle('step-current', now === 2);
          step1.classList.toggle('step-done', now === 2 && phase.private);
          if (now === 1) step1.setAttribute('aria-current', 'step'); else step1.removeAttribute('aria-current');
          if (now === 2) step2.setAttribute('aria-current', 'step'); else step2.removeAttribute('aria-current');
        }
        const known = shown.filter((n) => typeof n.text === 'string' && !n.pending);
        const missing = known.filter((n) => !n.essence).length;
        setText(lacking, lackingText(missing, known.length));
        lacking.classList.toggle('essence-done', known.length > 0 && missing === 0);
        essenceBar.hidden = !essenceTime() || (store.role === 'screen' && !known.length);
        if (onlyMissing.checked && essenceTime()) show = show.filter((n) => !n.essence);
      }
      renderWall(list, show, maker);
      list.classList.toggle('is-empty', !show.length);
    },
  };
  return api;
}
