// One table on the live overview: name, phase (kind and step, the title when known), the
// timer counting down, people online of participants, notes, essences missing and dots
// spent of total, with links to the table's console and room screen. Counts only: the
// server sends nothing else.
import { h, setText } from '../../dom.js';
import { t, phaseKindName } from '../../i18n.js';
import { timerView } from '../../timer.js';
import { tableClock } from './live.js';
import { softHyphens } from '../screen/hyphen.js';

function stat(cls, label) {
  const value = h('dd', { class: 'ev-stat-value' });
  const el = h('div', { class: `ev-stat ${cls}` }, h('dt', { class: 'ev-stat-label' }, label), value);
  return { el, value };
}

// phases(): the template's phases ([] until known); common(): the phase most tables are in;
// onConsole(code): runs before the table's console opens.
export function tableCard(store, code, { phases, common, onConsole }) {
  const name = h('h3', { class: 'ev-table-name' });
  const codeEl = h('span', { class: 'ev-table-code' }, code);
  const ended = h('span', { class: 'tag ev-table-ended' }, t('status.ended'));
  const kind = h('span', { class: 'phase-kind' });
  const step = h('span', { class: 'ev-table-step' });
  const drift = h('span', { class: 'ev-table-drift' });
  const title = h('p', { class: 'ev-table-phase' });
  const online = stat('ev-stat-online', t('ev.stat_online'));
  const notes = stat('ev-stat-notes', t('ev.stat_notes'));
  const essences = stat('ev-stat-essences', t('ev.stat_essences'));
  const dots = stat('ev-stat-dots', t('ev.stat_dots'));
  const lock = h('span', { class: 'ev-table-lock' });
  const el = h('article', { class: 'ev-table', 'aria-labelledby': `ev-t-${code}` },
    h('header', { class: 'ev-table-head' }, name, codeEl, ended),
    h('div', { class: 'ev-table-now' },
      h('div', { class: 'ev-table-phasebox' }, h('p', { class: 'phase-line' }, kind, step, drift), title),
      h('div', { class: 'ev-table-timer' }, timerView(tableClock(store, code)), lock)),
    h('dl', { class: 'ev-stats' }, online.el, notes.el, essences.el, dots.el),
    h('div', { class: 'ev-table-links', role: 'group', 'aria-label': t('ev.links_for', { name: code }) },
      h('a', { class: 'btn btn-small', href: `/facilitate/${code}`, target: '_blank', rel: 'noopener', onclick: () => onConsole?.(code) }, t('start.console')),
      h('a', { class: 'btn btn-small', href: `/screen/${code}`, target: '_blank', rel: 'noopener' }, t('start.screen'))));
  name.id = `ev-t-${code}`;

  const update = () => {
    const p = store.table(code);
    if (!p) return;
    const list = phases();
    setText(name, softHyphens(p.name));
    ended.hidden = p.status !== 'ended';
    el.classList.toggle('ev-table-is-ended', p.status === 'ended');
    setText(kind, phaseKindName(p.phase_kind));
    setText(step, list.length ? `${p.phase + 1}/${list.length}` : `${t('phase.step_short', { i: p.phase + 1 })}`);
    // The template's title, unless it only repeats the kind's name.
    const pt = list[p.phase]?.title || '';
    setText(title, pt.trim().toLowerCase() === kind.textContent.trim().toLowerCase() ? '' : pt);
    title.title = title.textContent;
    const c = common();
    const d = p.status === 'ended' || c == null ? 0 : Math.sign(p.phase - c);
    setText(drift, d > 0 ? t('ev.ahead') : d < 0 ? t('ev.behind') : '');
    drift.className = `ev-table-drift${d ? ` ev-drift-${d > 0 ? 'ahead' : 'behind'}` : ''}`;
    setText(lock, p.timer?.lock ? t('timer.locked') : '');
    setText(online.value, t('ev.of', { n: p.online, total: p.participants }));
    online.el.classList.toggle('ev-stat-warn', p.participants > 0 && p.online === 0);
    setText(notes.value, String(p.notes));
    setText(essences.value, String(p.essences_missing));
    // Missing essences matter while the bad ideas are on the table.
    essences.el.classList.toggle('ev-stat-warn', p.essences_missing > 0 && p.phase_kind === 'bad_ideas');
    setText(dots.value, p.votes_total > 0 ? t('ev.of', { n: p.votes_used, total: p.votes_total }) : '–');
    el.dataset.phase = String(p.phase);
    el.dataset.notes = String(p.notes);
  };
  update();
  return { el, update };
}
