// A note card: its text, for bad ideas its essence, and the controls its viewer may use
// (own notes: edit and delete; the facilitator: every note). Cards are reused across
// updates (syncList), so an open editor keeps its text and focus.
import { h, setText, autoGrow, syncList, toast } from '../dom.js';
import { t, quadrantName } from '../i18n.js';
import { essenceDraft } from './drafts.js';
import { lockedAtZero } from '../timer.js';

// opts: {essence: bool (show the essence step), author: bool (show names), quadrant: bool}
export function noteMaker(ctx, opts = {}) {
  const make = (note) => {
    const text = h('p', { class: 'note-text' });
    const meta = h('div', { class: 'note-meta' });
    const tools = h('div', { class: 'note-tools' });
    const essenceBox = h('div', { class: 'essence' });
    const el = h('article', { class: 'note', tabindex: '-1' }, meta, text, essenceBox, tools);
    let editing = null;      // the open text editor
    let essenceEditing = null;   // the essence form, while it is shown
    let essenceOpen = false;     // an existing essence is being edited
    let confirming = false;
    let cur = note;

    const canEdit = () => !cur.pending && !ctx.readOnly() &&
      (ctx.store.role === 'facilitator' || ctx.store.isMine(cur));
    const canEssence = () => !cur.pending && !ctx.readOnly() && ctx.store.role !== 'screen' &&
      typeof cur.text === 'string';

    function openEditor() {
      const ta = autoGrow(h('textarea', { class: 'note-edit-input', maxlength: 2000, 'aria-label': t('note.edit_label') }));
      ta.value = cur.text || '';
      const save = h('button', { type: 'submit', class: 'btn btn-primary btn-small' }, t('action.save'));
      const cancel = h('button', { type: 'button', class: 'btn btn-ghost btn-small', onclick: () => { editing = null; paint(); } }, t('action.cancel'));
      const form = h('form', { class: 'note-editor' }, ta, h('div', { class: 'row' }, save, cancel));
      form.addEventListener('submit', (e) => {
        e.preventDefault();
        const v = ta.value.trim();
        editing = null;
        if (v && v !== cur.text) ctx.write({ type: 'note.edit', id: cur.id, text: v });
        paint();
        el.focus();
      });
      ta.addEventListener('keydown', (e) => {
        if (e.key === 'Escape') { editing = null; paint(); el.focus(); }
        if (e.key === 'Enter' && !e.shiftKey) { e.preventDefault(); form.requestSubmit(); }
      });
      editing = form;
      paint();
      ta.focus();
    }

    // The essence editor. What is typed is a draft (kept across reloads) until it is saved;
    // if someone else saves an essence for this card meanwhile, theirs is shown beside the
    // draft and the draft stays, until the writer picks one.
    let base;                    // the essence when the editor opened (undefined: a restored draft)
    const draftOf = () => essenceDraft.get(ctx.code, cur.id);
    function closeEssence() { essenceEditing = null; essenceOpen = false; }
    function essenceEditor(initial) {
      const ta = autoGrow(h('textarea', { class: 'essence-input', rows: 1, maxlength: 2000, 'aria-label': t('essence.label_for', { text: short(cur.text) }), placeholder: t('essence.placeholder') }));
      ta.value = initial ?? cur.essence ?? '';
      const save = h('button', { type: 'submit', class: 'btn btn-accent btn-small' }, t('essence.save'));
      const theirsText = h('p', { class: 'essence-theirs-text' });
      const useTheirs = h('button', { type: 'button', class: 'btn btn-small' }, t('essence.use_theirs'));
      const theirs = h('div', { class: 'essence-theirs', role: 'status' },
        h('span', { class: 'essence-theirs-label' }, t('essence.theirs')), theirsText, useTheirs);
      theirs.hidden = true;
      const form = h('form', { class: 'essence-editor' }, theirs, ta, save);
      form.refresh = () => {
        const other = cur.essence && cur.essence !== base && cur.essence !== ta.value.trim() && ta.value.trim();
        theirs.hidden = !other;
        setText(theirsText, other ? cur.essence : '');
        setText(save, other ? t('essence.save_mine') : t('essence.save'));
      };
      ta.addEventListener('input', () => {
        const v = ta.value.trim();
        essenceDraft.set(ctx.code, cur.id, v && v !== (cur.essence || '') ? ta.value : '');
        form.refresh();
      });
      useTheirs.addEventListener('click', () => {
        essenceDraft.set(ctx.code, cur.id, '');
        closeEssence();
        base = cur.essence;
        paint();
        el.focus();
      });
      form.addEventListener('submit', (e) => {
        e.preventDefault();
        const v = ta.value.trim();
        // A locked timer at zero: the essence stays a draft until there is time again.
        if (lockedAtZero(ctx.store)) { toast(t('timer.locked_toast'), 'error'); return; }
        essenceDraft.set(ctx.code, cur.id, '');
        closeEssence();
        base = v || cur.essence;
        if (v && v !== cur.essence) ctx.write({ type: 'note.essence', id: cur.id, text: v });
        paint();
      });
      ta.addEventListener('keydown', (e) => {
        if (e.key === 'Enter' && !e.shiftKey) { e.preventDefault(); form.requestSubmit(); }
        if (e.key === 'Escape' && cur.essence) { essenceDraft.set(ctx.code, cur.id, ''); closeEssence(); paint(); }
      });
      return form;
    }

    function paint() {
      const n = cur;
      el.classList.toggle('note-mine', ctx.store.isMine(n));
      el.classList.toggle('note-pending', !!n.pending);
      el.classList.toggle('note-hidden', typeof n.text !== 'string');
      // Attributes are written only when they change: writing `hidden` (even to its value)
      // makes the browser restyle the element, and a wall repaints every card per event.
      if (n.quadrant && el.dataset.quadrant !== n.quadrant) el.dataset.quadrant = n.quadrant;
      // meta line
      const bits = [];
      if (opts.quadrant && n.quadrant) bits.push(h('span', { class: `tag tag-${n.quadrant}` }, quadrantName(n.quadrant)));
      if (ctx.store.isMine(n)) bits.push(h('span', { class: 'tag tag-you' }, t('note.you')));
      if (opts.author && !ctx.store.isMine(n)) {
        const p = ctx.store.participant(n.author);
        if (p) bits.push(h('span', { class: 'note-author' }, p.background ? `${p.name} · ${p.background}` : p.name));
      }
      if (n.pending) bits.push(h('span', { class: 'tag tag-pending' }, t('note.pending')));
      syncBits(meta, bits);
      // text or editor
      if (editing) {
        if (text.parentNode) text.replaceWith(editing);
      } else {
        for (const f of el.querySelectorAll(':scope > .note-editor')) f.replaceWith(text);
        setText(text, typeof n.text === 'string' ? n.text : t('note.hidden'));
      }
      // essence
      // opts.essence may be a function: the essence step shows only when it is time for it.
      const withEssence = typeof opts.essence === 'function' ? opts.essence(n) : !!opts.essence;
      const noEssence = !withEssence || typeof n.text !== 'string';
      if (essenceBox.hidden !== noEssence) essenceBox.hidden = noEssence;
      if (withEssence && typeof n.text === 'string') paintEssence();
      // tools
      const ts = [];
      if (canEdit() && !editing) {
        if (confirming) {
          ts.push(h('span', { class: 'confirm-q' }, t('note.delete_q')),
            h('button', { type: 'button', class: 'btn btn-danger btn-small', onclick: () => { confirming = false; ctx.write({ type: 'note.delete', id: cur.id }); } }, t('action.delete_yes')),
            h('button', { type: 'button', class: 'btn btn-ghost btn-small', onclick: () => { confirming = false; paint(); } }, t('action.no')));
        } else {
          ts.push(h('button', { type: 'button', class: 'btn btn-ghost btn-small', onclick: openEditor, 'aria-label': t('note.edit_aria', { text: short(n.text) }) }, t('action.edit')),
            h('button', { type: 'button', class: 'btn btn-ghost btn-small', onclick: () => { confirming = true; paint(); }, 'aria-label': t('note.delete_aria', { text: short(n.text) }) }, t('action.delete')));
        }
      } else if (n.pending && ctx.cancelPending) {
        ts.push(h('button', { type: 'button', class: 'btn btn-ghost btn-small', onclick: () => ctx.cancelPending(n), 'aria-label': t('note.delete_aria', { text: short(n.text) }) }, t('action.delete')));
      }
      if (opts.extraTools) ts.push(...opts.extraTools(n));
      syncBits(tools, ts);
      if (tools.hidden !== !ts.length) tools.hidden = !ts.length;
    }

    let essenceSig = '';
    function paintEssence() {
      const n = cur;
      const can = canEssence();
      // A draft (typed now, or kept from before a reload) keeps the editor open.
      if (can && !essenceEditing) {
        const d = draftOf();
        if (d) { essenceEditing = essenceEditor(d); essenceOpen = true; }
      }
      const hasDraft = !!essenceEditing?.querySelector('textarea').value.trim();
      const mode = can && (essenceOpen || hasDraft) ? 'edit' : n.essence ? 'show' : can ? 'edit' : 'none';
      if (mode !== 'edit') essenceEditing = null;
      // What "someone else's" essence is measured against: the one in place when the writer
      // began. A draft restored after a reload has none, so any saved essence is shown.
      if (mode === 'show' || (mode === 'edit' && !hasDraft && !essenceOpen)) base = n.essence;
      essenceBox.classList.toggle('essence-missing', !n.essence);
      essenceEditing?.refresh();
      const sig = `${mode}|${n.essence || ''}|${can}`;
      if (sig === essenceSig) return;
      essenceSig = sig;
      const parts = [h('span', { class: 'essence-label' }, t('essence.title'))];
      if (mode === 'show') {
        parts.push(h('p', { class: 'essence-text' }, n.essence));
        if (can) {
          parts.push(h('button', {
            type: 'button', class: 'btn btn-ghost btn-small', 'aria-label': t('essence.edit_aria', { text: short(n.text) }),
            onclick: () => { base = cur.essence; essenceOpen = true; essenceEditing = essenceEditor(); paint(); essenceEditing.querySelector('textarea').focus(); },
          }, t('essence.edit')));
        }
      } else if (mode === 'edit') {
        essenceEditing ||= essenceEditor();
        parts.push(essenceEditing);
      } else {
        parts.push(h('p', { class: 'essence-text essence-none' }, t('essence.none')));
      }
      // Moving the editor keeps its text; focus is put back if it was in it.
      const had = essenceBox.contains(document.activeElement) ? document.activeElement : null;
      essenceBox.replaceChildren(...parts);
      if (had && essenceBox.contains(had)) had.focus();
    }

    // What a card shows besides its note. An update with the same note (the store replaces a
    // note's object when it changes) and the same key paints nothing: on a wall of 500 cards
    // every event updates every card, and building each one's tags and buttons again cost
    // 12 ms a note on a tablet-class CPU (docs/benchmarks.md).
    // (What is the same for every card is computed once per render: make.shared.)
    const keyOf = (n, shared) => {
      const p = opts.author ? ctx.store.participant(n.author) : null;
      const withEssence = typeof opts.essence === 'function' ? opts.essence(n) : !!opts.essence;
      return `${shared}|${ctx.store.isMine(n)}|${withEssence}|${p?.name}|${p?.background}`;
    };
    let key = null;
    el.update = (n, shared = make.shared()) => {
      const k = keyOf(n, shared);
      if (n === cur && k === key) return;
      cur = n;
      key = k;
      paint();
    };
    return el;
  };
  make.shared = () => {
    const spot = opts.extraTools ? JSON.stringify(ctx.store.state?.screen?.spotlight ?? null) : '';
    return `${ctx.readOnly()}|${ctx.store.role}|${spot}|${document.documentElement.lang}`;
  };
  return make;
}

// Replaces the children only when they differ in text (cheap, and keeps focus on
// buttons that stay the same).
function syncBits(box, nodes) {
  const sig = nodes.map((n) => `${n.tagName}:${n.className}:${n.textContent}`).join('|');
  if (box.dataset.sig === sig) return;
  box.dataset.sig = sig;
  box.replaceChildren(...nodes);
}

export function short(s, n = 40) {
  if (typeof s !== 'string') return '';
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}

// Renders a list of notes into container with a shared maker.
export function renderNotes(container, notes, maker) {
  const shared = maker.shared?.();
  syncList(container, notes, (n) => n.id, maker, (el, n) => el.update(n, shared));
}

// A wall of notes, newest first, in blocks of 60 cards. A new note moves every card one cell
// on; in blocks the browser lays out and paints only the blocks in view (content-visibility in
// notes.css), whatever the wall holds. 60 is a multiple of every column count up to 6, so the
// rows run on from block to block as in one grid. A card that crosses into the next block is
// moved there as it is (its editor, its text and focus kept).
export const BLOCK = 60;
export function renderWall(wall, notes, maker) {
  const cards = new Map();
  for (const block of wall.children) for (const el of block.children) cards.set(el.noteKey, el);
  const shared = maker.shared?.();
  const count = Math.max(1, Math.ceil(notes.length / BLOCK));
  while (wall.children.length < count) wall.append(h('div', { class: 'note-block' }));
  const blocks = [...wall.children];
  const focused = wall.contains(document.activeElement) ? document.activeElement : null;
  const keep = new Set();
  blocks.slice(0, count).forEach((block, b) => {
    let prev = null;
    for (const n of notes.slice(b * BLOCK, (b + 1) * BLOCK)) {
      const key = String(n.id);
      let el = cards.get(key);
      if (!el) { el = maker(n); el.dataset.key = key; el.noteKey = key; }
      el.update(n, shared);
      keep.add(key);
      const next = prev ? prev.nextSibling : block.firstChild;
      if (next !== el) {
        // From the block before: not new, so it does not come in again (no entrance).
        if (el.parentNode && el.parentNode !== block) el.classList.add('note-moved');
        block.insertBefore(el, next);
      }
      prev = el;
    }
  });
  for (const [key, el] of cards) if (!keep.has(key)) el.remove();
  for (const block of blocks.slice(count)) block.remove();
  if (focused && focused.isConnected && document.activeElement !== focused) focused.focus({ preventScroll: true });
}
