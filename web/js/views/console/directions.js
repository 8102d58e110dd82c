// Directions: each cluster's title and elaboration (what it would mean, who does what,
// the end goal), in order of votes, with the ideas that support it.
import { h, setText, syncList, field, autoGrow } from '../../dom.js';
import { t } from '../../i18n.js';
import { ideaLine } from '../../ui/cluster.js';
import { spotButton } from '../../ui/spotlight.js';

export function directionsPanel(ctx) {
  const { store } = ctx;
  const list = h('div', { class: 'dir-edit-list' });
  const empty = h('p', { class: 'wait-hint' }, t('directions.none_fac'));
  const el = h('div', { class: 'directions-panel' }, h('p', { class: 'muted' }, t('dir.hint')), empty, list);

  const make = (c) => {
    const title = h('input', { type: 'text', class: 'input', maxlength: 200 });
    const desc = autoGrow(h('textarea', { class: 'input dir-desc', rows: 5, maxlength: 20000, placeholder: t('dir.placeholder') }));
    const save = h('button', { type: 'submit', class: 'btn btn-primary' }, t('action.save'));
    const state = h('span', { class: 'muted', role: 'status' });
    const votes = h('span', { class: 'cluster-votes' });
    const spot = spotButton(ctx, { kind: 'cluster', id: c.id }, c.title || '');
    const ideas = h('ul', { class: 'cluster-ideas' });
    const form = h('form', { class: 'card dir-edit' },
      h('div', { class: 'dir-head' }, field(t('dir.title'), title), votes, spot),
      field(t('dir.elaboration'), desc), h('div', { class: 'row' }, save, state),
      h('details', { class: 'dir-ideas' }, h('summary', null, t('dir.ideas')), ideas));
    let dirty = false;
    const mark = () => { dirty = true; setText(state, t('summary.unsaved')); };
    title.addEventListener('input', mark);
    desc.addEventListener('input', mark);
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      try {
        await ctx.write({ type: 'cluster.edit', id: form.dataset.key, title: title.value.trim() || t('cluster.untitled'), description: desc.value });
        dirty = false;
        setText(state, t('summary.saved'));
      } catch { /* toast shown */ }
    });
    desc.addEventListener('keydown', (e) => { if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) form.requestSubmit(); });
    form.update = (cl) => {
      if (!dirty && !form.contains(document.activeElement)) {
        title.value = cl.title || '';
        if (desc.value !== (cl.description || '')) { desc.value = cl.description || ''; desc.dispatchEvent(new Event('input')); dirty = false; setText(state, ''); }
      }
      setText(votes, t('votes.n', { n: cl.votes || 0 }));
      spot.refresh({ kind: 'cluster', id: cl.id }, cl.title || t('cluster.untitled'));
      const ns = store.state.notes.filter((n) => n.cluster === cl.id && (n.text || n.essence));
      const sig = ns.map((n) => `${n.id}:${n.text}:${n.essence}`).join('|');
      if (ideas.dataset.sig !== sig) { ideas.dataset.sig = sig; ideas.replaceChildren(...ns.map((n) => ideaLine(store, n))); }
      const ro = ctx.readOnly();
      title.readOnly = ro; desc.readOnly = ro; save.disabled = ro;
    };
    return form;
  };

  return {
    el,
    update() {
      const cs = store.clustersByVotes();
      syncList(list, cs, (c) => c.id, make, (f, c) => f.update(c));
      empty.hidden = cs.length > 0;
    },
  };
}
