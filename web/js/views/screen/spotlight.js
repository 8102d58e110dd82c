// The spotlight (state.screen.spotlight): the facilitator puts one note, one quadrant of the
// empathy map or one direction on the whole stage; the rest of the phase is hidden until the
// spotlight is cleared. A note of a private phase that is not revealed shows nothing of its
// text: the screen never has it, and shows the card face down.
import { h, setText } from '../../dom.js';
import { t } from '../../i18n.js';
import { noteCard, renderCards, ideaItem } from './cards.js';
import { region, empathyBoard, QUADRANTS } from './boards.js';
import { softHyphens } from './hyphen.js';

export function spotKey(spot) {
  if (!spot || typeof spot !== 'object') return '';
  return `${spot.kind}:${spot.id ?? spot.quadrant ?? ''}`;
}

// A board for the spotlight, or null when there is nothing (left) to show.
export function spotlightBoard(ctx, spot) {
  const { store } = ctx;
  const phase = store.phase();
  if (spot?.kind === 'quadrant' && QUADRANTS.includes(spot.quadrant) && phase?.kind === 'empathy_map') {
    const b = empathyBoard(ctx, phase, { only: spot.quadrant });
    b.el.classList.add('s-spot');
    return b;
  }
  if (spot?.kind === 'note') return noteSpot(ctx, spot.id);
  if (spot?.kind === 'cluster') return clusterSpot(ctx, spot.id);
  return null;
}

function noteSpot(ctx, id) {
  const { store } = ctx;
  const find = () => store.state.notes.find((n) => n.id === id);
  const first = find();
  if (!first) return null;
  const bad = store.phaseKindOf(first) === 'bad_ideas';
  const r = region('s-spot-note', null);
  const line = h('p', { class: 's-private', hidden: true }, t('screen.private_spot'));
  const el = h('div', { class: 's-board s-spot' }, line, r.el);
  const make = noteCard({ essence: bad, quadrant: true });
  return {
    el,
    layouts: [''],
    regions: () => [r],
    update() {
      const n = find();
      if (!n) return 'gone';
      renderCards(r.list, [n], make);
      line.hidden = typeof n.text === 'string';
      return `${n.id}:${n.text ?? '-'}:${n.essence ?? ''}`;
    },
  };
}

function clusterSpot(ctx, id) {
  const { store } = ctx;
  const find = () => store.state.clusters.find((c) => c.id === id);
  if (!find()) return null;
  const r = region('s-spot-dir', '', { level: 'h2', listTag: 'ul' });
  r.titleEl.classList.add('cluster-title');
  const desc = h('li', { class: 's-spot-desc cluster-desc' });
  const el = h('div', { class: 's-board s-spot s-spot-cluster' }, r.el);
  return {
    el,
    layouts: [''],
    regions: () => [r],
    update() {
      const c = find();
      if (!c) return 'gone';
      setText(r.titleEl, softHyphens(c.title || t('cluster.untitled')));
      setText(desc, softHyphens(c.description || ''));
      const ideas = store.state.notes.filter((n) => n.cluster === c.id && (n.text || n.essence));
      const sig = `${c.title}:${c.description}#${ideas.map((n) => `${n.id}:${n.text}:${n.essence}`).join('|')}`;
      if (r.list.dataset.sig !== sig) {
        r.list.dataset.sig = sig;
        r.list.replaceChildren(...(c.description ? [desc] : []), ...ideas.map((n) => ideaItem(store, n)));
      }
      return sig;
    },
  };
}
