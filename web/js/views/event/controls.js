// The organizer's controls on the live overview: every open table to one phase (with the
// phase's timer if wanted), one timer for all tables, the cross-table report, and deleting
// the event. Each facilitator can still run their own table meanwhile.
import { h, field, toast, setText } from '../../dom.js';
import { t, lang, phaseKindName } from '../../i18n.js';
import { downloadEventExport } from '../../api.js';
import { errText } from '../../session.js';

// An inline confirmation under `anchor`'s parent: the question, a yes and a cancel button.
function confirmInline(host, question, yesText, onYes, { danger = false, back } = {}) {
  host.querySelector('.confirm')?.remove();
  const yes = h('button', { type: 'button', class: `btn btn-small ${danger ? 'btn-danger' : 'btn-primary'}` }, yesText);
  const no = h('button', { type: 'button', class: 'btn btn-small btn-ghost' }, t('action.cancel'));
  const ask = h('div', { class: `confirm${danger ? '' : ' ev-confirm'}`, role: 'alert' }, h('span', null, question), yes, no);
  host.append(ask);
  yes.focus();
  no.addEventListener('click', () => { ask.remove(); back?.focus(); });
  yes.addEventListener('click', async () => {
    yes.disabled = true;
    try { await onYes(); } finally { ask.remove(); }
  });
}

// ctx: {code, key, store, conn}; info(): {phases}; common(): the phase most tables are in.
export function phaseControl(ctx, { info, common }) {
  const sel = h('select', { class: 'input', name: 'phase' });
  const withTimer = h('input', { type: 'checkbox', class: 'check', name: 'with_timer', checked: true });
  const timerText = h('span');
  const go = h('button', { type: 'submit', class: 'btn btn-primary' }, t('ev.move'));
  const f = h('form', { class: 'ev-ctl-form' },
    field(t('ev.move_to'), sel),
    h('label', { class: 'toggle' }, withTimer, timerText), go);
  const box = h('section', { class: 'card ev-ctl ev-ctl-phase', 'aria-labelledby': 'ev-move-h' },
    h('h2', { id: 'ev-move-h' }, t('ev.move_title')), f);
  let built = -1;
  let touched = false;
  let lastCommon = null;
  const minutes = () => info().phases[Number(sel.value)]?.minutes || 0;
  const paintTimer = () => {
    const m = minutes();
    setText(timerText, m ? t('ev.move_timer', { m }) : t('ev.move_timer_none'));
    withTimer.disabled = !m;
  };
  const update = () => {
    const phases = info().phases;
    const open = ctx.store.state.tables.filter((x) => x.status !== 'ended').length;
    go.disabled = !phases.length || !open || ctx.conn.status !== 'online';
    // The choice offered is the phase after the one most tables are in, until the organizer
    // picks another.
    const c = common();
    if (built === phases.length) {
      if (!touched && phases.length && c !== lastCommon) { lastCommon = c; sel.value = String(c == null ? 0 : Math.min(c + 1, phases.length - 1)); paintTimer(); }
      return;
    }
    built = phases.length;
    if (!phases.length) {
      sel.replaceChildren(h('option', { value: '' }, t('loading')));
      sel.disabled = true;
      return;
    }
    sel.disabled = false;
    sel.replaceChildren(...phases.map((p, i) => h('option', { value: String(i) }, `${i + 1}. ${p.title || phaseKindName(p.kind)}`)));
    lastCommon = c;
    sel.value = String(c == null ? 0 : Math.min(c + 1, phases.length - 1));
    paintTimer();
  };
  sel.addEventListener('change', () => { touched = true; paintTimer(); });
  f.addEventListener('submit', (e) => {
    e.preventDefault();
    const i = Number(sel.value);
    const p = info().phases[i];
    if (!p) return;
    const m = withTimer.checked && !withTimer.disabled ? minutes() : 0;
    const open = ctx.store.state.tables.filter((x) => x.status !== 'ended').length;
    confirmInline(box, t('ev.move_q', { n: open, i: i + 1, title: p.title }), t('ev.move_yes', { n: open }), async () => {
      const msg = { type: 'event.phase.set', index: i };
      if (m) msg.timer_seconds = m * 60;
      try {
        const r = await ctx.conn.request(msg);
        touched = false;
        toast(t('ev.moved', { n: r.tables ?? open, i: i + 1 }), 'ok');
      } catch (err) { toast(errText(err), 'error'); }
    }, { back: go });
  });
  update();
  return { el: box, update };
}

export function timerControl(ctx, { info, common }) {
  const mins = h('input', { type: 'number', class: 'input input-count', name: 'minutes', min: 1, max: 240, step: 1, inputmode: 'numeric' });
  const lockBox = h('input', { type: 'checkbox', class: 'check', name: 'lock' });
  const go = h('button', { type: 'submit', class: 'btn btn-accent' }, t('ev.timer_go'));
  const f = h('form', { class: 'ev-ctl-form' },
    field(t('timer.minutes'), mins, t('ev.timer_hint')),
    h('label', { class: 'toggle' }, lockBox, h('span', null, t('timer.lock'))), go);
  const box = h('section', { class: 'card ev-ctl ev-ctl-timer', 'aria-labelledby': 'ev-timer-h' },
    h('h2', { id: 'ev-timer-h' }, t('ev.timer_title')), f);
  let touched = false;
  mins.addEventListener('input', () => { touched = true; });
  const update = () => {
    go.disabled = ctx.conn.status !== 'online';
    if (touched) return;
    const c = common();
    const m = c == null ? 0 : info().phases[c]?.minutes;
    mins.value = String(m || 10);
  };
  f.addEventListener('submit', async (e) => {
    e.preventDefault();
    const m = Number.parseInt(mins.value, 10);
    if (!(m >= 1 && m <= 240)) { toast(t('ev.timer_bad'), 'error'); mins.focus(); return; }
    go.disabled = true;
    const msg = { type: 'event.timer.start', seconds: m * 60 };
    if (lockBox.checked) msg.lock = true;
    try {
      const r = await ctx.conn.request(msg);
      toast(t('ev.timer_started', { m, n: r.tables ?? ctx.store.state.tables.length }), 'ok');
    } catch (err) { toast(errText(err), 'error'); }
    go.disabled = ctx.conn.status !== 'online';
  });
  update();
  return { el: box, update };
}

// The report across all tables, and deleting the event. onDeleted() runs after the 204.
export function afterControl(ctx, { onDelete }) {
  const exportLang = h('select', { class: 'input input-small', 'aria-label': t('export.lang') },
    h('option', { value: 'nl' }, 'NL'), h('option', { value: 'en' }, 'EN'));
  exportLang.value = lang();
  const dl = (fmt) => h('button', {
    type: 'button', class: 'btn btn-small ev-export', dataset: { fmt },
    'aria-label': t('ev.export_aria', { fmt: fmt.toUpperCase() }),
    onclick: async () => {
      try { await downloadEventExport(ctx.code, fmt, exportLang.value, ctx.key); }
      catch (ex) { toast(ex.message || t('err.http'), 'error'); }
    },
  }, fmt.toUpperCase());
  const del = h('button', { type: 'button', class: 'btn btn-small btn-danger-ghost ev-delete' }, t('ev.delete'));
  const box = h('section', { class: 'card ev-ctl ev-after', 'aria-labelledby': 'ev-report-h' },
    h('h2', { id: 'ev-report-h' }, t('ev.report')),
    h('p', { class: 'field-hint' }, t('ev.report_hint')),
    h('div', { class: 'export-group', role: 'group', 'aria-label': t('export.title') }, exportLang, ['md', 'html', 'json', 'csv'].map(dl)),
    h('div', { class: 'ev-delete-row' }, del));
  del.addEventListener('click', () => {
    const n = ctx.store.state.tables.length;
    confirmInline(box, t('ev.delete_q', { n }), t('ev.delete_yes', { code: ctx.code }), onDelete, { danger: true, back: del });
  });
  return { el: box, update() {} };
}
