// A WebSocket client for the protocol tests.
//
//   const c = await Client.connect(srv, { label: 'anna' });
//   const j = await c.join({ code, name: 'Anna', background: 'Teacher' });   // asserts ok
//   const r = await c.ok({ type: 'note.add', phase: 4, text: 'x' });          // asserts ok
//   await c.err({ type: 'note.add', phase: 0, text: 'x' }, 'phase_closed');   // asserts error
//   const ev = await c.waitEvent('note.added', (e) => e.note.id === r.id);
//
// Every event a client receives is checked: it must carry a numeric `seq`, and that seq must
// be the previous one plus one, starting at the seq of the client's join reply plus one. Any
// violation is recorded in `client.problems`; `assertAllClean()` (call it in afterEach)
// throws when a client has any.
import WebSocket from 'ws';
import assert from 'node:assert/strict';

const clients = new Set();

export class Client {
  constructor(ws, label) {
    this.ws = ws;
    this.label = label;
    this.nextRid = 1;
    this.pending = new Map();   // JSON(rid) -> {resolve, reject, timer, req}
    this.unmatched = [];        // ok/error replies that match no pending request (e.g. bad_json)
    this.queue = [];            // events not yet taken by waitEvent
    this.events = [];           // every event received, in order
    this.received = [];         // every frame received, in order
    this.progress = [];         // table.progress messages of an event overview, not yet taken
    this.waiters = [];          // {test, resolve}
    this.lastSeq = null;        // seq of the last event (or of the join reply)
    this.joinSeq = null;
    this.problems = [];
    this.you = null;
    this.token = null;
    this.state = null;
    this.closeInfo = null;
    this.closed = new Promise((resolve) => {
      ws.on('close', (code, reason) => {
        this.closeInfo = { code, reason: reason.toString() };
        for (const [, p] of this.pending) {
          clearTimeout(p.timer);
          p.reject(new Error(`[${this.label}] connection closed (${code}) before the reply to ${short(p.req)}`));
        }
        this.pending.clear();
        this.notify();
        resolve(this.closeInfo);
      });
    });
    ws.on('error', (e) => { this.lastError = e; });
    ws.on('message', (data, isBinary) => this.onMessage(data, isBinary));
    clients.add(this);
  }

  /** Connects to srv's /ws (or opts.url). opts: {origin, headers, label, protocol, localAddress}. */
  static connect(srv, opts = {}) {
    const url = opts.url ?? srv.wsUrl;
    const wsOpts = { headers: opts.headers ?? {}, handshakeTimeout: 5000, perMessageDeflate: false };
    if (opts.origin) wsOpts.origin = opts.origin;
    if (opts.localAddress) wsOpts.localAddress = opts.localAddress;
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url, opts.protocol ?? [], wsOpts);
      const c = new Client(ws, opts.label ?? 'client');
      ws.once('open', () => resolve(c));
      ws.once('unexpected-response', (req, res) => {
        clients.delete(c);
        const e = new Error(`[${c.label}] upgrade refused with HTTP ${res.statusCode}`);
        e.status = res.statusCode;
        res.resume();
        ws.terminate();
        reject(e);
      });
      ws.once('error', (e) => { clients.delete(c); reject(e); });
    });
  }

  onMessage(data, isBinary) {
    const text = data.toString('utf8');
    let msg;
    try {
      msg = JSON.parse(text);
    } catch {
      this.problems.push(`frame that is not JSON: ${text.slice(0, 200)}`);
      return;
    }
    if (isBinary) this.problems.push(`binary frame from the server: ${text.slice(0, 200)}`);
    this.received.push(msg);
    if (msg === null || typeof msg !== 'object' || typeof msg.type !== 'string') {
      this.problems.push(`frame without a type: ${text.slice(0, 200)}`);
      return;
    }
    if (msg.type === 'ok' || msg.type === 'error') {
      const key = msg.rid === undefined ? undefined : JSON.stringify(msg.rid);
      const p = key === undefined ? undefined : this.pending.get(key);
      if (p) {
        this.pending.delete(key);
        clearTimeout(p.timer);
        // Set the seq baseline here, synchronously, before any later frame is handled.
        if (p.req.type === 'join' && msg.type === 'ok' && p.req.event === undefined) {
          if (typeof msg.seq !== 'number' || !Number.isInteger(msg.seq)) {
            this.problems.push(`join reply without an integer seq: ${text.slice(0, 300)}`);
          } else {
            this.lastSeq = msg.seq;
            this.joinSeq = msg.seq;
          }
        }
        p.resolve(msg);
      } else {
        this.unmatched.push(msg);
        this.notify();
      }
      return;
    }
    // An event overview's table.progress: a view of a table, not a change, so it has no seq.
    if (msg.type === 'table.progress') {
      if ('seq' in msg) this.problems.push(`table.progress with a seq: ${text.slice(0, 300)}`);
      this.progress.push(msg);
      this.notify();
      return;
    }
    // An event.
    if (typeof msg.seq !== 'number' || !Number.isInteger(msg.seq)) {
      this.problems.push(`event without an integer seq: ${text.slice(0, 300)}`);
    } else if (this.lastSeq === null) {
      this.problems.push(`event before the join reply: ${text.slice(0, 300)}`);
      this.lastSeq = msg.seq;
    } else {
      if (msg.seq !== this.lastSeq + 1) {
        this.problems.push(`seq gap: expected ${this.lastSeq + 1}, got ${msg.seq} in ${text.slice(0, 300)}`);
      }
      this.lastSeq = msg.seq;
    }
    this.events.push(msg);
    this.queue.push(msg);
    this.notify();
  }

  notify() {
    for (const w of [...this.waiters]) w.check();
  }

  /** Sends obj (adding a rid unless it has one) and resolves with the reply to that rid. */
  request(obj, timeout = 5000) {
    const req = { ...obj };
    if (!('rid' in req)) req.rid = this.nextRid++;
    const key = JSON.stringify(req.rid);
    return new Promise((resolve, reject) => {
      if (this.ws.readyState !== WebSocket.OPEN) {
        reject(new Error(`[${this.label}] not open (readyState ${this.ws.readyState}, close ${JSON.stringify(this.closeInfo)}) for ${short(req)}`));
        return;
      }
      const timer = setTimeout(() => {
        this.pending.delete(key);
        reject(new Error(`[${this.label}] no reply within ${timeout} ms to ${short(req)}`));
      }, timeout);
      this.pending.set(key, { resolve, reject, timer, req });
      this.ws.send(JSON.stringify(req));
    });
  }

  /** Sends without waiting; returns the rid. */
  send(obj) {
    const req = { ...obj };
    if (!('rid' in req)) req.rid = this.nextRid++;
    this.ws.send(JSON.stringify(req));
    return req.rid;
  }

  /** Sends a raw text frame (string or Buffer sent as text). */
  sendRaw(data, opts = { binary: false }) {
    this.ws.send(data, opts);
  }

  /** request() and assert an ok reply with the same rid. */
  async ok(obj, timeout) {
    const r = await this.request(obj, timeout);
    if (r.type !== 'ok') {
      assert.fail(`[${this.label}] ${short(obj)}: expected ok, got ${short(r)}`);
    }
    return r;
  }

  /** request() and assert an error reply with the code (a string, or an array of allowed codes). */
  async err(obj, code, timeout) {
    const r = await this.request(obj, timeout);
    const codes = Array.isArray(code) ? code : [code];
    if (r.type !== 'error' || !codes.includes(r.code)) {
      assert.fail(`[${this.label}] ${short(obj)}: expected error ${codes.join('|')}, got ${short(r)}`);
    }
    if (typeof r.message !== 'string') {
      assert.fail(`[${this.label}] ${short(obj)}: error reply without a string message: ${short(r)}`);
    }
    return r;
  }

  /** Joins and asserts ok; keeps you, token, state. */
  async join(params) {
    const r = await this.ok({ type: 'join', ...params });
    this.you = r.you ?? null;
    if (r.token !== undefined) this.token = r.token;
    this.state = r.state;
    return r;
  }

  /**
   * Waits for the first item of `list` (an array this client appends to) for which pred is
   * true and removes it. Rejects after timeout with timeoutMessage(), and, when closedMessage
   * is given, as soon as the connection is closed.
   */
  take(list, pred, timeout, timeoutMessage, closedMessage = null) {
    return new Promise((resolve, reject) => {
      const w = {
        check: () => {
          const i = list.findIndex(pred);
          if (i >= 0) {
            const [item] = list.splice(i, 1);
            done();
            resolve(item);
          } else if (closedMessage && this.closeInfo) {
            done();
            reject(new Error(closedMessage()));
          }
        },
      };
      const timer = setTimeout(() => { done(); reject(new Error(timeoutMessage())); }, timeout);
      const done = () => {
        clearTimeout(timer);
        const k = this.waiters.indexOf(w);
        if (k >= 0) this.waiters.splice(k, 1);
      };
      this.waiters.push(w);
      w.check();
    });
  }

  /** The first queued event of `type` for which pred(ev) is true; removes it from the queue. */
  waitEvent(type, pred = () => true, timeout = 3000) {
    return this.take(this.queue, (e) => (type === null || e.type === type) && pred(e), timeout,
      () => `[${this.label}] no ${type} event${pred.toString().length > 12 ? ` matching ${pred}` : ''} within ${timeout} ms; `
        + `queued: ${this.queue.map((e) => `${e.type}#${e.seq}`).join(', ') || 'none'}`,
      () => `[${this.label}] closed (${this.closeInfo.code}) while waiting for a ${type} event`);
  }

  /** The first table.progress not yet taken for which pred(message) is true. */
  waitProgress(pred = () => true, timeout = 5000) {
    return this.take(this.progress, pred, timeout,
      () => `[${this.label}] no matching table.progress within ${timeout} ms; last: ${short(this.received.filter((m) => m.type === 'table.progress').slice(-3))}`,
      () => `[${this.label}] closed (${this.closeInfo.code}) while waiting for table.progress`);
  }

  /** The first unmatched reply (ok/error whose rid matched no request) for which pred is true. */
  waitUnmatched(pred = () => true, timeout = 3000) {
    return this.take(this.unmatched, pred, timeout,
      () => `[${this.label}] no reply without a matching rid within ${timeout} ms`);
  }

  /** Resolves with {code, reason} once closed, or rejects after timeout. */
  waitClose(timeout = 3000) {
    let timer;
    return Promise.race([
      this.closed,
      new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`[${this.label}] not closed within ${timeout} ms`)), timeout); }),
    ]).finally(() => clearTimeout(timer));
  }

  /** Events of `type` received so far (all of them, also the ones taken by waitEvent). */
  eventsOf(type, pred = () => true) {
    return this.events.filter((e) => e.type === type && pred(e));
  }

  drain() { this.queue.length = 0; }

  get isOpen() { return this.ws.readyState === WebSocket.OPEN; }

  async close() {
    if (this.ws.readyState === WebSocket.CLOSED) return this.closeInfo;
    this.ws.close();
    try {
      return await this.waitClose(3000);
    } catch {
      this.ws.terminate();
      return this.closed;
    }
  }

  terminate() { this.ws.terminate(); }

  /** Throws if the client saw a seq gap or a malformed frame. */
  assertClean() {
    if (this.problems.length) {
      throw new Error(`[${this.label}] protocol problems:\n  ${this.problems.join('\n  ')}`);
    }
  }
}

export function short(x) {
  const s = JSON.stringify(x, (k, v) => (typeof v === 'string' && v.length > 120 ? `${v.slice(0, 60)}…(${v.length} chars)` : v));
  return s && s.length > 600 ? `${s.slice(0, 600)}…` : s;
}

/** Throws if any client created so far saw a problem (seq gap, malformed frame). */
export function assertAllClean() {
  const bad = [...clients].filter((c) => c.problems.length);
  if (bad.length) {
    const msg = bad.map((c) => `[${c.label}] ${c.problems.join('; ')}`).join('\n');
    for (const c of bad) c.problems.length = 0;   // report once
    throw new Error(`protocol problems seen by clients:\n${msg}`);
  }
}

/** Closes every client still open (and forgets them). */
export async function closeAll() {
  const all = [...clients];
  clients.clear();
  await Promise.all(all.map((c) => (c.isOpen ? c.close().catch(() => {}) : null)));
}

/** Forgets clients that are closed (their problems were checked). */
export function forgetClosed() {
  for (const c of clients) if (c.closeInfo) clients.delete(c);
}

/** Opens a connection and joins as the session's facilitator. */
export async function facilitator(srv, code, key, label = 'facilitator') {
  const c = await Client.connect(srv, { label });
  await c.join({ code, facilitator_key: key });
  return c;
}

/** Opens a connection and joins as a participant. */
export async function participant(srv, code, name, background = 'Teacher', label = name) {
  const c = await Client.connect(srv, { label });
  await c.join({ code, name, background });
  return c;
}

/** Opens a connection and joins as a room screen. */
export async function screen(srv, code, label = 'screen') {
  const c = await Client.connect(srv, { label });
  await c.join({ code, screen: true });
  return c;
}

/**
 * Creates a session of `template`, joins a facilitator, and returns
 * {code, key, join_url, fac}.
 */
export async function newSession(srv, template = 'proto', extra = {}) {
  const s = await srv.createSession(template, extra);
  const fac = await facilitator(srv, s.code, s.facilitator_key);
  return { code: s.code, key: s.facilitator_key, join_url: s.join_url, fac };
}

/**
 * A session of `template` at a table: its facilitator, the participants, then one room screen.
 * participants: {key: [name, background, label = name]}, each joined in order and returned
 * under its key. With `phase`, the facilitator then sets that phase and every client sees it.
 * Returns {code, key, join_url, fac, ...participants, s, all: [fac, ...participants, s], close()}.
 */
export async function table(srv, { template = 'proto', participants = {}, phase } = {}) {
  const t = await newSession(srv, template);
  t.all = [t.fac];
  for (const [k, [name, background, label]] of Object.entries(participants)) {
    t[k] = await participant(srv, t.code, name, background, label);
    t.all.push(t[k]);
  }
  t.s = await screen(srv, t.code);
  t.all.push(t.s);
  if (phase !== undefined) await setPhase(t.fac, phase, t.all.slice(1));
  t.close = () => Promise.all(t.all.map((c) => c.close()));
  return t;
}

/** The facilitator sets the phase and every client given sees the phase.changed event. */
export async function setPhase(fac, index, others = []) {
  await fac.ok({ type: 'phase.set', index });
  await Promise.all([fac, ...others].map((c) => c.waitEvent('phase.changed', (e) => e.phase === index)));
}

/** Every client given receives the event of type with the given seq (a barrier). */
export async function allSee(clientsList, type, pred) {
  return Promise.all(clientsList.map((c) => c.waitEvent(type, pred)));
}
