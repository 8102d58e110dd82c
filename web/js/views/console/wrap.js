// The summary, the exports and the end of the session.
import { h, field, setText, toast, autoGrow } from '../../dom.js';
import { t, lang } from '../../i18n.js';
import { downloadExport } from '../../api.js';
import { facilitatorKey } from '../../storage.js';

// Minutes spent per phase, from the log of phase entries: each entry lasts until the next
// one (or the end of the session, or now). A phase entered twice adds up.
export function phaseMinutes(store) {
  const st = store.state;
  const log = st.phase_log || [];
  const until = st.ended_at || (store.ended() ? null : store.serverNow());
  const ms = new Map();
  log.forEach((e, i) => {
    const end = i + 1 < log.length ? log[i + 1].started_at : until;
    if (end == null) return;
    ms.set(e.index, (ms.get(e.index) || 0) + Math.max(0, end - e.started_at));
  });
  return ms;
}

function timesTable(store) {
  const body = h('tbody');
  const foot = h('tfoot');
  const el = h('section', { class: 'card', 'aria-labelledby': 'times-h' },
    h('h2', { id: 'times-h', class: 'panel-title' }, t('times.title')),
    h('p', { class: 'muted' }, t('times.hint')),
    h('div', { class: 'table-wrap' }, h('table', { class: 'times' },
      h('thead', null, h('tr', null, h('th', { scope: 'col' }, t('times.phase')),
        h('th', { scope: 'col' }, t('times.planned')), h('th', { scope: 'col' }, t('times.actual')))),
      body, foot)));
  const fmtMin = (ms) => (ms == null ? '—' : ms > 0 && ms < 30000 ? '< 1 min' : `${Math.round(ms / 60000)} min`);
  return {
    el,
    update() {
      const ms = phaseMinutes(store);
      let plan = 0; let real = 0;
      body.replaceChildren(...store.state.phases.map((p) => {
        const m = ms.get(p.index);
        plan += p.minutes || 0;
        real += m || 0;
        const over = m != null && m > (p.minutes || 0) * 60000 + 60000;
        return h('tr', { class: over ? 'times-over' : null },
          h('th', { scope: 'row' }, `${p.index + 1}. ${p.title}`),
          h('td', null, `${p.minutes || 0} min`), h('td', null, fmtMin(m)));
      }));
      foot.replaceChildren(h('tr', null, h('th', { scope: 'row' }, t('times.total')),
        h('td', null, `${plan} min`), h('td', null, fmtMin(real))));
    },
  };
}

export function wrapPanel(ctx) {
  const { store, code } = ctx;
  const ta = autoGrow(h('textarea', { class: 'input summary-input', rows: 8, maxlength: 20000 }));
  const saved = h('span', { class: 'muted', role: 'status' });
  const save = h('button', { type: 'submit', class: 'btn btn-primary' }, t('summary.save'));
  const sumForm = h('form', { class: 'summary-form' }, field(t('summary.title'), ta, t('summary.hint')),
    h('div', { class: 'row' }, save, saved));
  let dirty = false;
  ta.addEventListener('input', () => { dirty = true; setText(saved, t('summary.unsaved')); });
  sumForm.addEventListener('submit', async (e) => {
    e.preventDefault();
    try {
      await ctx.write({ type: 'summary.set', text: ta.value });
      dirty = false;
      setText(saved, t('summary.saved'));
    } catch { /* toast shown */ }
  });

  const exLang = h('select', { class: 'input' }, h('option', { value: 'nl' }, 'Nederlands'), h('option', { value: 'en' }, 'English'));
  exLang.value = store.state.session.language || lang();
  const names = h('input', { type: 'checkbox', class: 'check', id: 'ex-names' });
  // The report as chapter N of a larger report: sections N.1, N.2, ... (empty: none).
  const chapter = h('input', { type: 'number', class: 'input input-narrow', min: 1, max: 99, step: 1, inputmode: 'numeric' });
  const dl = (fmt, label) => h('button', { type: 'button', class: 'btn', onclick: async () => {
    const ch = chapter.value.trim();
    if (ch && !(/^\d+$/.test(ch) && +ch >= 1 && +ch <= 99)) { toast(t('export.chapter_bad'), 'error'); chapter.focus(); return; }
    try { await downloadExport(code, fmt, exLang.value, { key: facilitatorKey.get(code), names: names.checked, chapter: ch }); }
    catch (ex) { toast(ex.message || t('err.http'), 'error'); }
  } }, label);
  const exportBox = h('section', { class: 'card', 'aria-labelledby': 'export-h' },
    h('h2', { id: 'export-h', class: 'panel-title' }, t('export.title')),
    h('div', { class: 'row export-opts' }, field(t('export.lang'), exLang), field(t('export.chapter'), chapter, t('export.chapter_hint')),
      h('label', { class: 'toggle', htmlFor: 'ex-names' }, names, h('span', null, t('export.names')))),
    h('div', { class: 'row export-buttons' }, dl('html', t('export.html')), dl('doc', t('export.doc')), dl('md', 'Markdown'), dl('json', 'JSON'), dl('csv', 'CSV')));

  const end = h('button', { type: 'button', class: 'btn btn-danger' }, t('end.button'));
  const endBox = h('section', { class: 'card end-box', 'aria-labelledby': 'end-h' },
    h('h2', { id: 'end-h', class: 'panel-title' }, t('end.title')), h('p', { class: 'muted' }, t('end.hint')), end);
  end.addEventListener('click', () => {
    const yes = h('button', { type: 'button', class: 'btn btn-danger' }, t('end.yes'));
    const no = h('button', { type: 'button', class: 'btn btn-ghost' }, t('action.cancel'));
    const ask = h('div', { class: 'confirm', role: 'alert' }, h('span', null, t('end.q')), yes, no);
    end.replaceWith(ask);
    yes.focus();
    no.addEventListener('click', () => { ask.replaceWith(end); end.focus(); });
    yes.addEventListener('click', () => { ctx.write({ type: 'session.end' }).catch(() => {}); ask.replaceWith(end); });
  });

  const times = timesTable(store);
  const el = h('div', { class: 'wrap-panel' }, h('section', { class: 'card' }, sumForm), times.el, exportBox, endBox);
  return {
    el,
    update() {
      times.update();
      if (!dirty && document.activeElement !== ta && ta.value !== store.state.summary) {
        ta.value = store.state.summary || '';
        ta.dispatchEvent(new Event('input'));
        dirty = false;
        setText(saved, '');
      }
      const ro = ctx.readOnly();
      ta.readOnly = ro;
      save.disabled = ro;
      end.disabled = ro;
      end.hidden = store.ended();
    },
  };
}
