// The synthesis per persona: what the table concluded about it, written by the facilitator
// during the empathy phases or in the wrap-up, with the persona's notes beside the text.
// It opens the persona in the report (docs/export.md); participants see it too.
import { h, field, setText, autoGrow } from '../../dom.js';
import { t } from '../../i18n.js';

const QUADRANTS = ['thinks', 'feels', 'says', 'does'];
// As the server takes it (persona.synthesis, docs/protocol.md).
const MAX = 20000;

// The notes of a persona: every empathy-map phase about it, by quadrant ('' for none).
export function personaNotes(store, personaId) {
  const phases = new Set(store.state.phases
    .filter((p) => p.kind === 'empathy_map' && p.persona === personaId).map((p) => p.index));
  const by = new Map([...QUADRANTS, ''].map((q) => [q, []]));
  for (const n of store.state.notes) {
    if (!phases.has(n.phase) || typeof n.text !== 'string' || !n.text.trim()) continue;
    (by.get(QUADRANTS.includes(n.quadrant) ? n.quadrant : '') || by.get('')).push(n);
  }
  return by;
}

function personaCard(ctx, persona) {
  const { store } = ctx;
  const id = `syn-${persona.id}`;
  const ta = autoGrow(h('textarea', { class: 'input synthesis-input', rows: 7, maxlength: MAX, id }));
  const saved = h('span', { class: 'muted', role: 'status' });
  const save = h('button', { type: 'submit', class: 'btn btn-primary' }, t('synthesis.save'));
  const form = h('form', { class: 'synthesis-form' },
    field(t('synthesis.label', { name: persona.name }), ta, t('synthesis.hint')),
    h('div', { class: 'row' }, save, saved));
  const count = h('p', { class: 'muted synthesis-count' });
  const notes = h('div', { class: 'synthesis-notes' });
  const el = h('section', { class: 'card synthesis-card', 'aria-labelledby': `${id}-h` },
    h('h2', { id: `${id}-h`, class: 'panel-title' }, persona.name),
    persona.description ? h('p', { class: 'muted' }, persona.description) : null,
    h('div', { class: 'synthesis-grid' }, form,
      h('aside', { class: 'synthesis-evidence', 'aria-label': t('synthesis.notes', { name: persona.name }) },
        h('h3', { class: 'synthesis-evidence-title' }, t('synthesis.notes', { name: persona.name })),
        count, notes)));
  let dirty = false;
  ta.addEventListener('input', () => { dirty = true; setText(saved, t('summary.unsaved')); });
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    try {
      await ctx.write({ type: 'persona.synthesis', persona: persona.id, text: ta.value });
      dirty = false;
      setText(saved, t('summary.saved'));
    } catch { /* the toast says why */ }
  });

  const paintNotes = () => {
    const by = personaNotes(store, persona.id);
    let n = 0;
    const groups = [];
    for (const [q, list] of by) {
      n += list.length;
      if (!list.length) continue;
      groups.push(h('div', { class: `synthesis-quadrant q-${q || 'other'}` },
        h('h4', null, q ? t(`quadrant.${q}`) : t('synthesis.other')),
        h('ul', null, ...list.map((x) => h('li', null, x.text)))));
    }
    setText(count, t('synthesis.count', { n }));
    notes.replaceChildren(...groups);
  };

  return {
    el,
    update() {
      paintNotes();
      const current = store.persona(persona.id)?.synthesis || '';
      // Another facilitator's save shows, unless this one is typing.
      if (!dirty && document.activeElement !== ta && ta.value !== current) {
        ta.value = current;
        ta.dispatchEvent(new Event('input'));
        dirty = false;
        setText(saved, '');
      }
      const ro = ctx.readOnly();
      ta.readOnly = ro;
      save.disabled = ro;
    },
  };
}

export function synthesisPanel(ctx) {
  const { store } = ctx;
  const personas = store.state.personas || [];
  const cards = personas.map((p) => personaCard(ctx, p));
  const el = h('div', { class: 'synthesis-panel' },
    h('p', { class: 'muted' }, t('synthesis.intro')),
    ...(cards.length ? cards.map((c) => c.el) : [h('p', { class: 'muted' }, t('synthesis.none'))]));
  return {
    el,
    update() { for (const c of cards) c.update(); },
  };
}
