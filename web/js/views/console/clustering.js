// Clustering: group ideas (ideal ideas and the essences of bad ideas) into solution
// directions. Drag an idea onto a direction, or — better on a tablet — tap an idea and
// then "Place here" on a direction. Both work with the keyboard too (the tap way).
import { h, setText, syncList, field, replace } from '../../dom.js';
import { t } from '../../i18n.js';
import { short } from '../../ui/note.js';
import { spotButton } from '../../ui/spotlight.js';

export function clusteringPanel(ctx) {
  const { store } = ctx;
  let selected = null;      // id of the idea picked up by a tap

  const newTitle = h('input', { type: 'text', class: 'input', maxlength: 200, autocomplete: 'off' });
  const addForm = h('form', { class: 'new-cluster' }, field(t('clu.new'), newTitle),
    h('button', { type: 'submit', class: 'btn btn-primary' }, t('clu.add')));
  addForm.addEventListener('submit', async (e) => {
    e.preventDefault();
    const title = newTitle.value.trim();
    if (!title) { newTitle.focus(); return; }
    // Only an idea picked before the add goes into the new direction: one picked while the
    // add was on its way (slow Wi-Fi) is meant for a place the facilitator chooses next.
    const picked = selected;
    try {
      const r = await ctx.write({ type: 'cluster.add', title });
      newTitle.value = '';
      if (picked && picked === selected && r?.id) { await move(picked, r.id); }
    } catch { /* toast shown */ }
  });

  const status = h('p', { class: 'pick-status', role: 'status' });
  const looseList = h('ul', { class: 'idea-cards' });
  const looseTitle = h('h3', { class: 'zone-title' });
  const looseOut = h('button', { type: 'button', class: 'btn btn-small place-btn', onclick: () => selected && move(selected, null) }, t('clu.take_out'));
  const loose = h('section', { class: 'zone zone-loose', 'aria-labelledby': 'loose-h' },
    h('div', { class: 'zone-head' }, setId(looseTitle, 'loose-h'), looseOut), looseList);
  dropZone(loose, null);
  const clList = h('div', { class: 'zones' });
  const empty = h('p', { class: 'wait-hint' }, t('clu.none'));
  const el = h('div', { class: 'clustering' },
    h('p', { class: 'muted' }, t('clu.hint')), addForm, status,
    h('div', { class: 'clustering-cols' }, loose, h('div', { class: 'zones-col' }, empty, clList)));

  async function move(noteId, clusterId) {
    selected = null;
    try { await ctx.write({ type: 'note.move', id: noteId, cluster: clusterId }); } catch { /* toast shown */ }
    api.update();
  }

  function dropZone(zone, clusterId) {
    zone.addEventListener('dragover', (e) => { e.preventDefault(); e.dataTransfer.dropEffect = 'move'; zone.classList.add('zone-over'); });
    zone.addEventListener('dragleave', (e) => { if (!zone.contains(e.relatedTarget)) zone.classList.remove('zone-over'); });
    zone.addEventListener('drop', (e) => {
      e.preventDefault();
      zone.classList.remove('zone-over');
      const id = e.dataTransfer.getData('text/plain');
      const note = store.state.notes.find((n) => n.id === id);
      if (note && (note.cluster || null) !== clusterId) move(id, clusterId);
    });
  }

  const ideaCard = (n) => {
    const pick = h('button', { type: 'button', class: 'idea-pick', onclick: () => { selected = selected === n.id ? null : n.id; api.update(); } });
    const li = h('li', { class: 'idea-card', draggable: true }, pick);
    li.addEventListener('dragstart', (e) => {
      e.dataTransfer.setData('text/plain', li.dataset.key);
      e.dataTransfer.effectAllowed = 'move';
      li.classList.add('dragging');
    });
    li.addEventListener('dragend', () => li.classList.remove('dragging'));
    return li;
  };
  const paintIdea = (li, n) => {
    const pick = li.firstChild;
    const bad = store.phaseKindOf(n) === 'bad_ideas';
    const on = selected === n.id;
    const sig = `${n.text}|${n.essence}|${on}|${bad}|${!!n.cluster}`;
    li.classList.toggle('idea-selected', on);
    li.classList.toggle('idea-bad', bad);
    if (li.dataset.sig === sig) return;
    li.dataset.sig = sig;
    pick.setAttribute('aria-pressed', String(on));
    const main = bad ? (n.essence || n.text) : n.text;
    replace(pick,
      h('span', { class: 'idea-main' }, main || '…'),
      bad ? h('span', { class: 'idea-sub' }, n.essence ? `${t('idea.from_bad')}: ${n.text}` : t('idea.no_essence')) : null);
  };

  const zoneMaker = (c) => {
    const title = h('h3', { class: 'zone-title' });
    const count = h('span', { class: 'count-badge' });
    const place = h('button', { type: 'button', class: 'btn btn-primary btn-small place-btn' }, t('clu.place'));
    const del = h('button', { type: 'button', class: 'btn btn-ghost btn-small' }, t('action.delete'));
    const list = h('ul', { class: 'idea-cards' });
    // Merge: move this direction's ideas into another one, then delete this one.
    const into = h('select', { class: 'input input-small' });
    const mergeBtn = h('button', { type: 'button', class: 'btn btn-small' }, t('clu.merge_go'));
    const merge = h('details', { class: 'merge' }, h('summary', null, t('clu.merge')),
      h('div', { class: 'row' }, field(t('clu.merge_into'), into), mergeBtn));
    mergeBtn.addEventListener('click', async () => {
      const target = into.value;
      const from = zone.dataset.key;
      if (!target || target === from) return;
      try {
        for (const n of store.state.notes.filter((x) => x.cluster === from)) {
          await ctx.write({ type: 'note.move', id: n.id, cluster: target });
        }
        await ctx.write({ type: 'cluster.delete', id: from });
      } catch { /* toast shown */ }
    });
    const spot = spotButton(ctx, { kind: 'cluster', id: c.id }, c.title || '');
    const zone = h('section', { class: 'zone' }, h('div', { class: 'zone-head' }, title, count, place, spot, del), list, merge);
    place.addEventListener('click', () => selected && move(selected, zone.dataset.key));
    del.addEventListener('click', () => {
      const yes = h('button', { type: 'button', class: 'btn btn-danger btn-small' }, t('action.delete_yes'));
      const no = h('button', { type: 'button', class: 'btn btn-ghost btn-small' }, t('action.no'));
      const ask = h('div', { class: 'confirm', role: 'alert' }, h('span', null, t('clu.delete_q')), yes, no);
      zone.querySelector('.zone-head').after(ask);
      yes.focus();
      no.addEventListener('click', () => { ask.remove(); del.focus(); });
      yes.addEventListener('click', () => { ask.remove(); ctx.write({ type: 'cluster.delete', id: zone.dataset.key }).catch(() => {}); });
    });
    dropZone(zone, String(c.id));
    zone.update = (cl) => {
      setText(title, cl.title || t('cluster.untitled'));
      const ns = ideas().filter((n) => n.cluster === cl.id);
      setText(count, String(ns.length));
      spot.refresh({ kind: 'cluster', id: cl.id }, cl.title || t('cluster.untitled'));
      const sel = selected && store.state.notes.find((n) => n.id === selected);
      place.hidden = !sel || sel.cluster === cl.id;
      place.setAttribute('aria-label', `${t('clu.place')}: ${cl.title}`);
      del.setAttribute('aria-label', `${t('action.delete')}: ${cl.title}`);
      del.disabled = ctx.readOnly();
      syncList(list, ns, (n) => n.id, ideaCard, paintIdea);
      list.classList.toggle('is-empty', !ns.length);
      const others = store.state.clusters.filter((x) => x.id !== cl.id);
      merge.hidden = !others.length || ctx.readOnly();
      const sig = others.map((x) => `${x.id}:${x.title}`).join('|');
      if (into.dataset.sig !== sig) {
        into.dataset.sig = sig;
        const keep = into.value;
        into.replaceChildren(...others.map((x) => h('option', { value: x.id }, x.title || t('cluster.untitled'))));
        if (others.some((x) => x.id === keep)) into.value = keep;
      }
    };
    return zone;
  };

  const ideas = () => store.ideaNotes().filter((n) => typeof n.text === 'string');

  const api = {
    el,
    update() {
      if (selected && !store.state.notes.some((n) => n.id === selected)) selected = null;
      const all = ideas();
      const rest = all.filter((n) => !n.cluster);
      setText(looseTitle, t('cluster.loose_n', { n: rest.length }));
      syncList(looseList, rest, (n) => n.id, ideaCard, paintIdea);
      looseList.classList.toggle('is-empty', !rest.length);
      const sel = selected && store.state.notes.find((n) => n.id === selected);
      looseOut.hidden = !sel || !sel.cluster;
      syncList(clList, store.state.clusters, (c) => c.id, zoneMaker, (z, c) => z.update(c));
      empty.hidden = store.state.clusters.length > 0;
      el.classList.toggle('has-pick', !!sel);
      setText(status, sel ? t('clu.status_picked', { text: short(sel.essence || sel.text, 60) }) : '');
    },
  };
  return api;
}

function setId(el, id) { el.id = id; return el; }
