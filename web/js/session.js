// Wires a live session page: a Store, a Connection (and for participants an Outbox), and a
// view that is built once the first state arrives, rebuilt when the language changes and
// updated on every change after that.
import { Store } from './store.js';
import { Connection } from './ws.js';
import { Outbox } from './outbox.js';
import { toast, h, replace } from './dom.js';
import { t, setSessionLang, onLangChange } from './i18n.js';

export function createContext({ code, role, getJoin, withOutbox = false }) {
  const store = new Store();
  store.role = role;
  const outbox = withOutbox ? new Outbox(code) : null;
  const conn = new Connection({ store, getJoin, outbox });
  const ctx = {
    code, store, conn, outbox,
    readOnly: () => role === 'screen' || store.ended(),
    // A change. Participants queue it (sent now when online, later when not);
    // the facilitator sends it directly and is told when it fails.
    write(msg) {
      if (outbox) { outbox.add(msg); return Promise.resolve(); }
      return conn.request(msg).catch((err) => { showError(err); throw err; });
    },
    cancelPending(note) { outbox?.remove(note.cid); },
    // The notes of a phase as this viewer sees them, with what is still in the outbox.
    notes(phaseIndex) {
      let list = store.notesOf(phaseIndex);
      if (outbox) {
        list = list.filter((n) => !outbox.deleting(n.id)).map((n) => {
          const e = outbox.pendingFor('note.edit', n.id);
          const s = outbox.pendingFor('note.essence', n.id);
          return e || s ? { ...n, text: e ? e.text : n.text, essence: s ? s.text : n.essence } : n;
        });
        outbox.pendingNotes().forEach((m, order) => {
          if (m.phase === phaseIndex) {
            list.push({ id: `pending-${m.cid}`, cid: m.k, order, phase: m.phase, text: m.text, quadrant: m.quadrant, author: store.you?.id, pending: true });
          }
        });
      }
      return list;
    },
  };
  conn.addEventListener('rejected', (e) => {
    const { item, err } = e.detail;
    const what = item.text ? `“${item.text.slice(0, 60)}”` : '';
    toast(`${errText(err)} ${what}`.trim(), 'error');
  });
  return ctx;
}

export function errText(err) {
  const key = `err.${err?.code || 'unknown'}`;
  const msg = t(key);
  return msg === key ? (err?.message || t('err.unknown')) : msg;
}

export function showError(err) { toast(errText(err), 'error'); }

// Runs a view: build(root, ctx) returns {update(detail), destroy?()}.
export function runView(root, ctx, build, { onJoinError } = {}) {
  let view = null;
  const mount = () => {
    view?.destroy?.();
    replace(root);
    view = build(root, ctx);
  };
  ctx.store.addEventListener('change', (e) => {
    const { type } = e.detail;
    if (type === 'load') {
      setSessionLang(ctx.store.state.session.language);
      if (!view) { mount(); return; }
    }
    view?.update(e.detail);
  });
  ctx.outbox?.addEventListener('change', () => view?.update({ type: 'outbox' }));
  onLangChange(() => { if (view) mount(); });
  ctx.conn.addEventListener('joinerror', (e) => {
    if (onJoinError) onJoinError(e.detail);
    else replace(root, h('main', { class: 'page-narrow', id: 'main' }, h('div', { class: 'card' },
      h('h1', null, t('err.join_title')), h('p', null, errText(e.detail)),
      h('a', { class: 'btn btn-primary', href: '/' }, t('nav.home')))));
  });
  ctx.conn.start();
}

export function loading(root) {
  replace(root, h('main', { class: 'boot', id: 'main' }, h('p', { class: 'boot-text' }, t('loading'))));
}
