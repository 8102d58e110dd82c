// The facilitator's "show on the screen" buttons: one note, quadrant or direction lit up on
// the room screen (screen.set {"spotlight"}), and the words for what is lit up now.
import { h, setText } from '../dom.js';
import { t, quadrantName } from '../i18n.js';

export function sameSpot(a, b) {
  if (!a || !b || a.kind !== b.kind) return false;
  return a.kind === 'quadrant' ? a.quadrant === b.quadrant : String(a.id) === String(b.id);
}

export function setSpotlight(ctx, spot) {
  return ctx.write({ type: 'screen.set', spotlight: spot }).catch(() => {});
}

// A small toggle button. spot: {kind:'note',id} | {kind:'quadrant',quadrant} | {kind:'cluster',id}.
// label names the thing for screen readers ("Toon op scherm: Denkt").
export function spotButton(ctx, spot, label) {
  const b = h('button', { type: 'button', class: 'btn btn-small btn-spot' });
  b.addEventListener('click', () => {
    const on = sameSpot(ctx.store.state.screen?.spotlight, b.spot);
    setSpotlight(ctx, on ? null : b.spot);
  });
  b.refresh = (s = spot, l = label) => {
    b.spot = s;
    const on = sameSpot(ctx.store.state.screen?.spotlight, s);
    setText(b, on ? t('spot.on') : t('spot.show'));
    b.setAttribute('aria-pressed', String(on));
    b.setAttribute('aria-label', `${t('spot.show')}: ${l}`);
    b.classList.toggle('btn-spot-on', on);
    b.disabled = ctx.readOnly();
  };
  b.refresh();
  return b;
}

// What the spotlight shows, in words ("Notitie: “…”", "Kwadrant: Voelt", "Richting: …").
export function spotText(store, spot) {
  if (!spot) return '';
  if (spot.kind === 'quadrant') return `${t('spot.quadrant')}: ${quadrantName(spot.quadrant)}`;
  if (spot.kind === 'cluster') {
    const c = store.state.clusters.find((x) => String(x.id) === String(spot.id));
    return `${t('spot.cluster')}: ${c?.title || t('cluster.untitled')}`;
  }
  const n = store.state.notes.find((x) => String(x.id) === String(spot.id));
  const text = n?.text || '…';
  return `${t('spot.note')}: “${text.length > 60 ? `${text.slice(0, 59)}…` : text}”`;
}

// The tools a note card gets in the console: its own "show on the screen" button.
export function noteSpotTools(ctx) {
  return (n) => {
    if (typeof n.text !== 'string' || n.pending || ctx.store.role !== 'facilitator') return [];
    const text = n.text.length > 40 ? `${n.text.slice(0, 39)}…` : n.text;
    return [spotButton(ctx, { kind: 'note', id: n.id }, `“${text}”`)];
  };
}
