// The WebSocket connection: join, reconnect with backoff, resume, requests with rid,
// the outbox flush and a heartbeat that notices a dead link that never said goodbye.
//
// status: 'connecting' | 'online' | 'offline' | 'closed' (gave up: the join was refused)
import { wire } from './outbox.js';

const RETRYABLE = new Set(['rate_limited', 'storage', 'offline', 'timeout']);
const FATAL_JOIN = new Set(['not_found', 'forbidden', 'invalid', 'phase_closed', 'session_full',
  'too_large']);

export class Connection extends EventTarget {
  // getJoin() returns the join request to send (it may change: first a name, later a token).
  constructor({ store, getJoin, outbox = null }) {
    super();
    this.store = store;
    this.getJoin = getJoin;
    this.outbox = outbox;
    this.status = 'connecting';
    this.ws = null;
    this.rid = 0;
    this.pending = new Map();
    this.backoff = 0;
    this.retryTimer = null;
    this.stopped = false;
    this.flushing = false;
    this.lastHeard = Date.now();
    this.onOnline = () => this.reconnectNow();
    this.onOffline = () => this.drop('offline');
    this.onVisible = () => { if (!document.hidden) this.checkAlive(); };
    window.addEventListener('online', this.onOnline);
    window.addEventListener('offline', this.onOffline);
    document.addEventListener('visibilitychange', this.onVisible);
    this.beat = setInterval(() => this.checkAlive(), 10000);
    if (outbox) outbox.addEventListener('change', () => this.flush());
  }

  start() { this.open(); return this; }

  stop() {
    this.stopped = true;
    clearInterval(this.beat);
    clearTimeout(this.retryTimer);
    window.removeEventListener('online', this.onOnline);
    window.removeEventListener('offline', this.onOffline);
    document.removeEventListener('visibilitychange', this.onVisible);
    if (this.ws) { try { this.ws.close(1000); } catch { /* closed */ } }
    this.setStatus('closed');
  }

  setStatus(s) {
    if (this.status === s) return;
    this.status = s;
    if (!this.quiet) document.body.dataset.conn = s;   // for styling and for the tests
    this.dispatchEvent(new CustomEvent('status', { detail: s }));
  }

  open() {
    if (this.stopped) return;
    clearTimeout(this.retryTimer);
    if (navigator.onLine === false) { this.setStatus('offline'); this.retry(); return; }
    // The code in the query is for a proxy in front of several servers, which routes by
    // code (docs/scaling.md); the server itself reads the code from the join.
    let code = null;
    try { const j = this.getJoin(); code = j && (j.code || j.event); } catch { /* none yet */ }
    const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws` +
      (code ? `?code=${encodeURIComponent(code)}` : '');
    let ws;
    try { ws = new WebSocket(url); } catch { this.retry(); return; }
    this.ws = ws;
    if (this.status !== 'offline') this.setStatus('connecting');
    ws.onopen = () => { if (this.ws === ws) this.join(); };
    ws.onmessage = (e) => { if (this.ws === ws) this.receive(e.data); };
    ws.onclose = () => { if (this.ws === ws) this.drop('offline'); };
    ws.onerror = () => { /* onclose follows */ };
  }

  async join() {
    this.lastHeard = Date.now();
    let reply;
    try {
      reply = await this.send(this.getJoin(), true);
    } catch (err) {
      if (FATAL_JOIN.has(err.code)) {
        this.dispatchEvent(new CustomEvent('joinerror', { detail: err }));
        this.stopped = true;
        this.setStatus('closed');
        try { this.ws?.close(1000); } catch { /* closed */ }
        return;
      }
      this.drop('offline');
      return;
    }
    this.backoff = 0;
    this.store.load(reply);
    this.dispatchEvent(new CustomEvent('joined', { detail: reply }));
    this.setStatus('online');
    this.flush();
  }

  receive(data) {
    this.lastHeard = Date.now();
    let m;
    try { m = JSON.parse(data); } catch { return; }
    if ((m.type === 'ok' || m.type === 'error') && m.rid != null && this.pending.has(m.rid)) {
      const p = this.pending.get(m.rid);
      this.pending.delete(m.rid);
      clearTimeout(p.timer);
      if (m.type === 'ok') p.resolve(m); else p.reject({ code: m.code, message: m.message });
      return;
    }
    if (m.type === 'ok' || m.type === 'error') return;
    if (!this.store.state) return;
    const r = this.store.apply(m);
    // A gap in seq: we missed something. Resuming returns the full state.
    if (r === 'gap') this.drop('connecting', true);
  }

  // Sends a request and resolves with the ok reply (rejects with {code, message}).
  send(msg, isJoin = false) {
    return new Promise((resolve, reject) => {
      const ws = this.ws;
      if (!ws || ws.readyState !== WebSocket.OPEN || (!isJoin && this.status !== 'online')) {
        reject({ code: 'offline', message: 'offline' });
        return;
      }
      this.rid += 1;
      const rid = this.rid;
      const timer = setTimeout(() => {
        if (!this.pending.has(rid)) return;
        this.pending.delete(rid);
        reject({ code: 'timeout', message: 'no reply' });
        this.drop('offline');
      }, 15000);
      this.pending.set(rid, { resolve, reject, timer });
      ws.send(JSON.stringify({ ...msg, rid }));
    });
  }

  // A change made now, or not at all (votes, facilitator controls).
  request(msg) { return this.send(msg); }

  async flush() {
    if (!this.outbox || this.flushing || this.status !== 'online') return;
    this.flushing = true;
    try {
      while (this.status === 'online' && this.outbox.items.length) {
        const item = this.outbox.items[0];
        try {
          const reply = await this.send(wire(item));
          this.outbox.remove(item.k);
          this.dispatchEvent(new CustomEvent('sent', { detail: { item, reply } }));
        } catch (err) {
          if (RETRYABLE.has(err.code)) {
            if (err.code === 'rate_limited' || err.code === 'storage') {
              await new Promise((r) => setTimeout(r, 1500));
              continue;
            }
            break;
          }
          // Refused for good (the phase closed, the note is gone…): tell the user, drop it.
          this.outbox.remove(item.k);
          if (!(item.type === 'note.delete' && err.code === 'not_found')) {
            this.dispatchEvent(new CustomEvent('rejected', { detail: { item, err } }));
          }
        }
      }
    } finally {
      this.flushing = false;
    }
  }

  // The link is gone (or suspect): fail what waits for a reply, and come back.
  drop(status, soon = false) {
    const ws = this.ws;
    this.ws = null;
    if (ws) {
      ws.onopen = ws.onmessage = ws.onclose = ws.onerror = null;
      try { ws.close(); } catch { /* closed */ }
    }
    for (const [, p] of this.pending) { clearTimeout(p.timer); p.reject({ code: 'offline' }); }
    this.pending.clear();
    if (this.stopped) return;
    this.setStatus(status);
    this.retry(soon);
  }

  retry(soon = false) {
    if (this.stopped) return;
    clearTimeout(this.retryTimer);
    const delay = soon ? 50 : Math.min(8000, 400 * 2 ** this.backoff) + Math.random() * 300;
    this.backoff = Math.min(this.backoff + 1, 5);
    this.retryTimer = setTimeout(() => this.open(), delay);
  }

  reconnectNow() {
    if (this.stopped) return;
    this.backoff = 0;
    if (this.status === 'online' && this.ws) { this.checkAlive(true); return; }
    this.drop(this.status === 'online' ? 'connecting' : this.status, true);
  }

  // Heartbeat: if nothing was heard for a while, ask something. Any reply (also the
  // `unknown_type` error for a server without `ping`) proves the link is alive.
  checkAlive(force = false) {
    if (this.status !== 'online' || !this.ws) return;
    if (!force && Date.now() - this.lastHeard < 20000) return;
    this.send({ type: 'ping' }).catch((err) => {
      if (err.code === 'timeout' || err.code === 'offline') return; // drop() already ran
    });
  }
}
