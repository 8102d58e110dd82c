// The organizer's live connection to an event: the join {event, event_key} and the
// table.progress events after it. It reuses the app's Connection (reconnect with backoff,
// heartbeat, requests with rid) with a small store in place of a session's Store: the
// reply's `event` is the whole state, and each table.progress replaces one table's counts.
// A resume is a new join, whose reply replaces everything, so nothing can be missed.
import { Connection } from '../../ws.js';

export class EventStore extends EventTarget {
  constructor() {
    super();
    this.state = null;     // {code, title, tables: [PROGRESS]}
    this.offset = 0;       // server clock minus ours, for the timers
  }

  load(reply) {
    const ev = reply.event || {};
    this.state = { code: ev.code, title: ev.title || '', tables: Array.isArray(ev.tables) ? ev.tables : [] };
    const st = typeof reply.server_time === 'number' ? reply.server_time : ev.server_time;
    if (typeof st === 'number') this.offset = st - Date.now();
    this.emit('load');
  }

  // Events carry no seq of their own: each table.progress is the table's whole progress.
  apply(m) {
    if (m.type !== 'table.progress' || !m.table || !this.state) return 'ok';
    if (typeof m.server_time === 'number') this.offset = m.server_time - Date.now();
    const list = this.state.tables;
    const i = list.findIndex((x) => x.code === m.table.code);
    if (i >= 0) list[i] = m.table; else list.push(m.table);
    this.emit('table', m.table);
    return 'ok';
  }

  table(code) { return this.state?.tables.find((x) => x.code === code) || null; }
  serverNow() { return Date.now() + this.offset; }

  emit(type, table) {
    this.dispatchEvent(new CustomEvent('change', { detail: { type, table } }));
  }
}

// The overview's context: {store, conn}. conn.request() sends event.phase.set and
// event.timer.start; joinerror (a wrong key, an unknown code) stops it.
export function createEventContext(code, key) {
  const store = new EventStore();
  const conn = new Connection({ store, getJoin: () => ({ type: 'join', event: code, event_key: key }) });
  return { code, key, store, conn };
}

// A stand-in for a session's store, for timerView: one table's timer on the event's clock.
export function tableClock(store, code) {
  return {
    get state() { return { timer: store.table(code)?.timer || null }; },
    serverNow: () => store.serverNow(),
  };
}
