// The room screen's body for each kind of phase, drawn for fitting (fit.js): each board
// returns {el, regions(), layouts, update()}; update() returns a signature of what it shows,
// so the screen refits only when that changed.
import { h, setText, syncList } from '../../dom.js';
import { t, quadrantName } from '../../i18n.js';
import { noteCard, renderCards, ideaItem, directionCard } from './cards.js';
import { softHyphens } from './hyphen.js';

export const QUADRANTS = ['thinks', 'feels', 'says', 'does'];

// A region: a titled box whose list is fitted and paged.
export function region(cls, title, { level = 'h2', listTag = 'div' } = {}) {
  const list = h(listTag, { class: 'fit-list' });
  const indicator = h('span', { class: 's-pages', hidden: true });
  const count = h('span', { class: 's-count' });
  const titleEl = title == null ? null : h(level, { class: 's-region-title' }, title);
  const head = title == null ? null : h('header', { class: 's-region-head' }, titleEl, count, indicator);
  const el = h('section', { class: ['s-region', ...[cls].flat()] }, head, list);
  if (title == null) el.append(indicator);
  return { el, list, indicator, count, titleEl };
}

const noteSig = (ns) => ns.map((n) => `${n.id}:${n.text ?? '-'}:${n.essence ?? ''}:${n.quadrant ?? ''}`).join('|');
const byId = (a, b) => Number(a.id) - Number(b.id);

export function resultsShown(store) {
  const st = store.state;
  if (st.screen && typeof st.screen.results === 'boolean') return st.screen.results;
  // A server without screen control: the results show once voting lies behind.
  return st.phases.some((x) => x.kind === 'vote' && x.index < st.phase);
}

// ---- intro: the context points and who is at the table ----
export function introBoard(ctx) {
  const { store } = ctx;
  const context = region('s-context', t('intro.context'));
  const people = region('s-people', t('intro.table'));
  const wait = h('p', { class: 's-wait' }, t('screen.intro_wait'));
  const el = h('div', { class: 's-board s-intro' }, context.el, people.el, wait);
  return {
    el,
    layouts: [''],
    regions: () => [context, people].filter((r) => !r.el.hidden),
    update() {
      const st = store.state;
      const points = st.session.context || [];
      context.el.hidden = !points.length;
      syncList(context.list, points.map((c, i) => ({ c, i })), (x) => x.i,
        () => h('p', { class: 's-point' }), (el, x) => setText(el, softHyphens(x.c)));
      const ps = st.participants.filter((p) => p.role === 'participant');
      setText(people.count, t('screen.table_n', { n: ps.length }));
      syncList(people.list, ps, (p) => p.id, () => h('p', { class: 'chip s-chip' },
        h('span', { class: 'chip-name' }), h('span', { class: 'chip-bg' })), (li, p) => {
        li.classList.toggle('chip-off', !p.online);
        setText(li.firstChild, softHyphens(p.name));   // "Schimmelpenninck" breaks in its chip
        setText(li.lastChild, p.background);
      });
      wait.hidden = store.ended();
      return `${points.join('|')}#${ps.map((p) => `${p.id}:${p.name}:${p.background}`).join('|')}`;
    },
  };
}

// ---- empathy map: four quadrants around the persona, 2x2 or four columns ----
// `only`: one quadrant (the spotlight).
export function empathyBoard(ctx, phase, { only = null } = {}) {
  const { store } = ctx;
  const persona = store.persona(phase.persona) || { name: phase.persona || '', description: '' };
  const make = noteCard();
  const quads = (only ? [only] : QUADRANTS).map((q) => {
    const r = region(`quadrant quadrant-${q}`, quadrantName(q));
    r.q = q;
    return r;
  });
  const personaEl = h('div', { class: 'persona-card s-persona' },
    h('span', { class: 'persona-label' }, t('empathy.persona')),
    h('strong', { class: 'persona-name' }, persona.name),
    persona.description ? h('span', { class: 'persona-desc' }, softHyphens(persona.description)) : null);
  const grid = h('div', { class: 's-quads' }, quads.map((r) => r.el));
  const el = h('div', { class: ['s-board', 's-empathy', only && 's-only'] }, grid);
  return {
    el,
    foot: personaEl,   // beside the problem statement, so the quadrants get the height
    layouts: only ? [''] : ['grid', 'columns'],
    regions: () => quads,
    update() {
      const notes = ctx.notes(phase.index).slice().sort(byId);
      let sig = '';
      for (const r of quads) {
        const mine = notes.filter((n) => n.quadrant === r.q);
        renderCards(r.list, mine, make);
        setText(r.count, mine.length ? String(mine.length) : '');
        sig += `${r.q}:${noteSig(mine)}#`;
      }
      return sig;
    },
  };
}

// ---- bad and ideal ideas: one wall; a private phase shows its notes face down ----
export function ideasBoard(ctx, phase) {
  const { store } = ctx;
  const bad = phase.kind === 'bad_ideas';
  const wall = region(['s-wall', bad ? 'wall-bad' : 'wall-ideal'], null);
  const tiles = h('div', { class: 's-tiles', role: 'list' });
  const priv = h('p', { class: 's-private' });
  const empty = h('p', { class: 's-wait' }, t('screen.empty_wall'));
  const el = h('div', { class: 's-board s-ideas' }, priv, tiles, empty, wall.el);
  const make = noteCard({ essence: bad });
  return {
    el,
    layouts: [''],
    regions: () => (wall.el.hidden ? [] : [wall]),
    update() {
      const notes = ctx.notes(phase.index).slice().sort(byId);
      const shown = notes.filter((n) => typeof n.text === 'string');
      const hidden = notes.length - shown.length;
      const closed = phase.private && !store.isRevealed(phase.index);
      priv.hidden = !closed;
      setText(priv, t('screen.private', { n: hidden }));
      // Face down: one tile per note, in the order they came; counts only.
      tiles.hidden = !closed || !hidden;
      syncList(tiles, closed ? notes.filter((n) => typeof n.text !== 'string') : [], (n) => n.id,
        () => h('div', { class: 'note note-hidden s-tile', role: 'listitem', 'aria-label': t('screen.private_tile') }));
      wall.el.hidden = !shown.length;
      renderCards(wall.list, shown, make);
      empty.hidden = notes.length > 0;
      return `${closed}:${hidden}:${noteSig(shown)}`;
    },
  };
}

// ---- clustering: the directions as they form, and the ideas still without one ----
export function clusterBoard(ctx) {
  const { store } = ctx;
  const dirs = region('s-dirs', t('directions.title'));
  const loose = region('s-loose', t('screen.loose'), { listTag: 'ul' });
  const empty = h('p', { class: 's-wait' }, t('screen.empty_dirs'));
  const el = h('div', { class: 's-board s-cluster' }, empty, dirs.el, loose.el);
  const make = directionCard(store, { votes: () => false });
  return {
    el,
    // Directions and loose ideas side by side (3:2, 5:2 or 3:1), or one above the other:
    // the fitter keeps the split that shows the most at the largest size.
    layouts: ['split', 'wide', 'wider', 'rows'],
    regions: () => [dirs, loose].filter((r) => !r.el.hidden),
    update() {
      const cs = store.state.clusters.slice().sort(byId);
      renderCards(dirs.list, cs, make);
      dirs.el.hidden = !cs.length;
      const rest = store.ideaNotes().filter((n) => !n.cluster && (n.text || n.essence)).sort(byId);
      // Keyed by text too: an idea whose text or essence changed is drawn anew.
      syncList(loose.list, rest, (n) => `${n.id}:${n.text}:${n.essence}`, (n) => ideaItem(store, n));
      loose.el.hidden = !rest.length;
      setText(loose.count, rest.length ? String(rest.length) : '');
      setText(dirs.count, cs.length ? String(cs.length) : '');
      empty.hidden = cs.length > 0 || rest.length > 0;
      el.dataset.has = `${cs.length ? 'd' : ''}${rest.length ? 'l' : ''}`;
      return `${cs.map((c) => `${c.id}:${c.title}:${c.description}`).join('|')}#${noteSig(store.state.notes.filter((n) => n.cluster))}#${noteSig(rest)}`;
    },
  };
}

// ---- voting, elaboration, wrap-up: the directions; ranked once the results are shown ----
// chart: the results panel (results.js), shown beside them when it is time.
export function directionsBoard(ctx, phase, { chart = null } = {}) {
  const { store } = ctx;
  const wrap = phase.kind === 'wrap_up';
  const vote = phase.kind === 'vote';
  const dirs = region('s-dirs', t('directions.title'));
  const summary = h('section', { class: 's-summary' }, h('h2', { class: 's-summary-title' }, t('summary.title')), h('p', { class: 'summary-text' }));
  const empty = h('p', { class: 's-wait' }, t('directions.none'));
  // Revealed during the vote: screens get no totals until the vote phase is over.
  const pending = h('p', { class: 's-wait s-pending', hidden: true }, t('screen.results_pending'));
  const side = h('div', { class: 's-side' }, chart?.el);
  const el = h('div', { class: ['s-board', 's-directions', `s-${phase.kind}`] }, empty, pending, side, dirs.el);
  // Voting shows the directions' titles and ideas; elaboration and wrap-up their elaboration.
  const make = directionCard(store, { rank: () => resultsShown(store), votes: () => resultsShown(store), ideas: vote, description: !vote });
  return {
    el,
    layouts: [''],
    regions: () => [dirs].filter((r) => !r.el.hidden),
    update() {
      const shown = resultsShown(store) && store.state.clusters.some((c) => typeof c.votes === 'number');
      const cs = (shown ? store.clustersByVotes() : store.state.clusters.slice().sort(byId))
        .map((c, rank) => ({ ...c, rank }));
      const withChart = !!chart && (phase.kind === 'elaborate' || vote) && chart.update();
      pending.hidden = !vote || !resultsShown(store) || shown;
      side.hidden = !withChart;
      el.dataset.chart = String(withChart);
      // The summary is the first item of the fitted list, so it shrinks and pages with it.
      const sumText = store.state.summary || '';
      if (wrap && sumText) {
        setText(summary.lastChild, softHyphens(sumText));
        summary.dataset.key = 'summary';
        if (dirs.list.firstChild !== summary) dirs.list.prepend(summary);
      } else summary.remove();
      const items = cs;
      syncList(dirs.list, wrap && sumText ? [{ id: 'summary' }, ...items] : items, (c) => c.id,
        (c) => (c.id === 'summary' ? summary : make(c)), (node, c) => { if (c.id !== 'summary') node.update(c); });
      dirs.el.hidden = !cs.length && !(wrap && sumText);
      empty.hidden = !dirs.el.hidden;
      return `${shown}:${withChart}:${sumText}#${cs.map((c) => `${c.id}:${c.title}:${c.description}:${c.votes}`).join('|')}#${noteSig(store.state.notes.filter((n) => n.cluster))}`;
    },
  };
}

export function boardFor(ctx, phase, opts) {
  switch (phase.kind) {
    case 'empathy_map': return empathyBoard(ctx, phase);
    case 'bad_ideas':
    case 'ideal_ideas': return ideasBoard(ctx, phase);
    case 'cluster': return clusterBoard(ctx);
    case 'vote':
    case 'elaborate':
    case 'wrap_up': return directionsBoard(ctx, phase, opts);
    default: return introBoard(ctx);
  }
}
