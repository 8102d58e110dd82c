// A note composer: a growing text area and an Add button. Enter adds, Shift+Enter makes a
// new line. What is typed but not yet added is kept as a draft (localStorage), so that a
// reload or a language switch does not lose it.
import { h, nextId, autoGrow } from '../dom.js';
import { t } from '../i18n.js';
import { noteDraft } from './drafts.js';

const MAX = 2000;
const draftGet = noteDraft.get;
const draftSet = noteDraft.set;

export function composer({ label, placeholder = '', button, draftKey = null, onSubmit, compact = false, hideLabel = false }) {
  const id = nextId('c');
  const ta = h('textarea', {
    id, class: 'composer-input', rows: compact ? 1 : 2, maxlength: MAX,
    placeholder, enterkeyhint: 'send', autocomplete: 'off',
  });
  ta.value = draftGet(draftKey);
  autoGrow(ta);
  const add = h('button', { type: 'submit', class: 'btn btn-primary composer-add' }, button || t('note.add'));
  const form = h('form', { class: ['composer', compact && 'composer-compact'] },
    h('label', { htmlFor: id, class: ['composer-label', hideLabel && 'sr-only'] }, label),
    h('div', { class: 'composer-row' }, ta, add));
  const submit = () => {
    const text = ta.value.trim();
    if (!text) { ta.focus(); return; }
    // onSubmit may refuse (returns false): the text then stays, as a draft.
    if (onSubmit(text) === false) { ta.focus(); return; }
    ta.value = '';
    draftSet(draftKey, '');
    ta.dispatchEvent(new Event('input'));
    ta.focus();
  };
  form.addEventListener('submit', (e) => { e.preventDefault(); submit(); });
  ta.addEventListener('input', () => draftSet(draftKey, ta.value));
  ta.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) { e.preventDefault(); submit(); }
  });
  return {
    el: form,
    input: ta,
    setDisabled(d) { ta.disabled = d; add.disabled = d; },
  };
}
