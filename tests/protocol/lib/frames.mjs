// RFC 6455 by hand: a raw TCP WebSocket client for framing tests. It does the HTTP upgrade
// itself, builds frames byte by byte (masked, as a client must, unless told otherwise) and
// parses what the server sends, close frames included, without any WebSocket library.
//
//   const ws = await RawWs.connect(srv);
//   ws.send(frame({ opcode: OP.TEXT, payload: '{"type":"x"}' }));
//   const f = await ws.nextFrame();               // {fin, rsv, opcode, payload: Buffer}
//   const c = await ws.waitClose();               // {code, reason, frame: bool, ended: bool}
import net from 'node:net';
import crypto from 'node:crypto';

export const OP = { CONT: 0x0, TEXT: 0x1, BINARY: 0x2, CLOSE: 0x8, PING: 0x9, PONG: 0xa };

/**
 * The bytes of one frame.
 * opts: opcode, payload (string or Buffer), fin (default true), rsv (0..7, the RSV1-3 bits),
 * mask (default true), maskKey (4 bytes; default random), declaredLength (the length the
 * header claims; default the payload's), lengthForm ('auto' | 16 | 64: force the
 * extended-length encoding).
 */
export function frame(opts) {
  const payload = Buffer.isBuffer(opts.payload) ? opts.payload : Buffer.from(opts.payload ?? '', 'utf8');
  const fin = opts.fin ?? true;
  const rsv = opts.rsv ?? 0;
  const mask = opts.mask ?? true;
  const len = opts.declaredLength ?? payload.length;
  const b0 = (fin ? 0x80 : 0) | ((rsv & 7) << 4) | (opts.opcode & 0xf);
  let head;
  const form = opts.lengthForm ?? 'auto';
  if (form === 'auto' && len < 126) {
    head = Buffer.from([b0, (mask ? 0x80 : 0) | len]);
  } else if (form === 16 || (form === 'auto' && len < 65536)) {
    head = Buffer.alloc(4);
    head[0] = b0; head[1] = (mask ? 0x80 : 0) | 126; head.writeUInt16BE(len, 2);
  } else {
    head = Buffer.alloc(10);
    head[0] = b0; head[1] = (mask ? 0x80 : 0) | 127; head.writeBigUInt64BE(BigInt(len), 2);
  }
  if (!mask) return Buffer.concat([head, payload]);
  const key = opts.maskKey ?? crypto.randomBytes(4);
  const body = Buffer.alloc(payload.length);
  for (let i = 0; i < payload.length; i++) body[i] = payload[i] ^ key[i & 3];
  return Buffer.concat([head, key, body]);
}

/** A close frame's payload: a 2-byte code and an optional UTF-8 reason. */
export function closePayload(code, reason = '') {
  const r = Buffer.from(reason, 'utf8');
  const b = Buffer.alloc(2 + r.length);
  b.writeUInt16BE(code, 0);
  r.copy(b, 2);
  return b;
}

/** Splits a string or Buffer into n pieces of about equal size (bytes). */
export function splitBytes(data, n) {
  const buf = Buffer.isBuffer(data) ? data : Buffer.from(data, 'utf8');
  const out = [];
  const step = Math.ceil(buf.length / n);
  for (let i = 0; i < n; i++) out.push(buf.subarray(i * step, Math.min(buf.length, (i + 1) * step)));
  return out;
}

/** The frames of one fragmented message: a first frame of `opcode`, then continuations. */
export function fragments(opcode, pieces) {
  return pieces.map((p, i) => frame({ opcode: i === 0 ? opcode : OP.CONT, fin: i === pieces.length - 1, payload: p }));
}

export class RawWs {
  constructor(sock, label) {
    this.sock = sock;
    this.label = label;
    this.buf = Buffer.alloc(0);
    this.frames = [];          // parsed frames not yet taken by nextFrame
    this.all = [];             // every parsed frame, in order
    this.ended = false;        // the TCP connection ended (FIN or error)
    this.waiters = [];
    this.upgrade = null;       // {status, headers, raw}
    sock.on('data', (d) => { this.buf = Buffer.concat([this.buf, d]); this.parse(); this.notify(); });
    const end = () => { this.ended = true; this.notify(); };
    sock.on('end', end);
    sock.on('close', end);
    sock.on('error', (e) => { this.error = e; end(); });
  }

  /**
   * Opens a TCP connection to srv and does the upgrade. opts: {path, headers, label}.
   * Rejects unless the server answers 101 with the right Sec-WebSocket-Accept.
   */
  static connect(srv, opts = {}) {
    const path = opts.path ?? '/ws';
    const key = crypto.randomBytes(16).toString('base64');
    const expectAccept = crypto.createHash('sha1').update(`${key}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`).digest('base64');
    return new Promise((resolve, reject) => {
      const sock = net.connect(srv.port, '127.0.0.1');
      sock.setNoDelay(true);
      const ws = new RawWs(sock, opts.label ?? 'raw');
      const timer = setTimeout(() => { sock.destroy(); reject(new Error(`[${ws.label}] no upgrade reply within 5 s`)); }, 5000);
      sock.once('error', (e) => { clearTimeout(timer); reject(e); });
      sock.on('connect', () => {
        const lines = [
          `GET ${path} HTTP/1.1`, `Host: 127.0.0.1:${srv.port}`, 'Upgrade: websocket', 'Connection: Upgrade',
          `Sec-WebSocket-Key: ${key}`, 'Sec-WebSocket-Version: 13',
          ...Object.entries(opts.headers ?? {}).map(([k, v]) => `${k}: ${v}`), '', ''];
        sock.write(lines.join('\r\n'));
      });
      ws.onUpgrade = (up) => {
        clearTimeout(timer);
        if (up.status !== 101) { sock.destroy(); reject(new Error(`[${ws.label}] upgrade answered ${up.status}: ${up.raw}`)); return; }
        if (up.headers['sec-websocket-accept'] !== expectAccept) {
          sock.destroy();
          reject(new Error(`[${ws.label}] wrong Sec-WebSocket-Accept: ${up.raw}`));
          return;
        }
        resolve(ws);
      };
    });
  }

  parse() {
    if (!this.upgrade) {
      const end = this.buf.indexOf('\r\n\r\n');
      if (end < 0) return;
      const raw = this.buf.subarray(0, end).toString('latin1');
      this.buf = this.buf.subarray(end + 4);
      const [statusLine, ...hl] = raw.split('\r\n');
      const headers = {};
      for (const h of hl) {
        const i = h.indexOf(':');
        if (i > 0) headers[h.slice(0, i).trim().toLowerCase()] = h.slice(i + 1).trim();
      }
      this.upgrade = { status: Number(statusLine.split(' ')[1]), headers, raw };
      this.onUpgrade?.(this.upgrade);
    }
    for (;;) {
      const b = this.buf;
      if (b.length < 2) return;
      const fin = !!(b[0] & 0x80);
      const rsv = (b[0] >> 4) & 7;
      const opcode = b[0] & 0xf;
      const masked = !!(b[1] & 0x80);
      let len = b[1] & 0x7f;
      let off = 2;
      if (len === 126) {
        if (b.length < 4) return;
        len = b.readUInt16BE(2); off = 4;
      } else if (len === 127) {
        if (b.length < 10) return;
        len = Number(b.readBigUInt64BE(2)); off = 10;
      }
      let key = null;
      if (masked) {
        if (b.length < off + 4) return;
        key = b.subarray(off, off + 4); off += 4;
      }
      if (b.length < off + len) return;
      let payload = Buffer.from(b.subarray(off, off + len));
      if (key) for (let i = 0; i < payload.length; i++) payload[i] ^= key[i & 3];
      this.buf = b.subarray(off + len);
      const f = { fin, rsv, opcode, masked, payload };
      if (opcode === OP.CLOSE) {
        f.code = payload.length >= 2 ? payload.readUInt16BE(0) : null;
        f.reason = payload.length > 2 ? payload.subarray(2).toString('utf8') : '';
      }
      this.frames.push(f);
      this.all.push(f);
    }
  }

  notify() { for (const w of [...this.waiters]) w(); }

  wait(check, timeout, what) {
    return new Promise((resolve, reject) => {
      let timer;
      const w = () => {
        let r;
        try { r = check(); } catch (e) { done(); reject(e); return; }
        if (r !== undefined) { done(); resolve(r); }
      };
      const done = () => { clearTimeout(timer); const i = this.waiters.indexOf(w); if (i >= 0) this.waiters.splice(i, 1); };
      timer = setTimeout(() => { done(); reject(new Error(`[${this.label}] ${what} within ${timeout} ms; frames so far: ${this.describe()}`)); }, timeout);
      this.waiters.push(w);
      w();
    });
  }

  describe() {
    return this.all.map((f) => (f.opcode === OP.CLOSE ? `close(${f.code} ${JSON.stringify(f.reason)})`
      : `op${f.opcode}${f.fin ? '' : '(no fin)'}:${f.payload.toString('utf8').slice(0, 80)}`)).join(', ') || 'none';
  }

  /** Sends bytes (one Buffer or several, written in order). */
  send(...bufs) { for (const b of bufs) this.sock.write(b); }

  /** A masked text frame with the JSON of obj. */
  sendJson(obj) { this.send(frame({ opcode: OP.TEXT, payload: JSON.stringify(obj) })); }

  /** The next frame from the server (of one of `opcodes` if given; others are skipped over). */
  nextFrame(timeout = 3000, opcodes = null) {
    return this.wait(() => {
      while (this.frames.length) {
        const f = this.frames.shift();
        if (!opcodes || opcodes.includes(f.opcode)) return f;
      }
      if (this.ended) throw new Error(`[${this.label}] connection ended while waiting for a frame; frames: ${this.describe()}`);
      return undefined;
    }, timeout, 'no frame');
  }

  /** The next text frame, parsed as JSON. */
  async nextJson(timeout = 3000) {
    const f = await this.nextFrame(timeout, [OP.TEXT]);
    return JSON.parse(f.payload.toString('utf8'));
  }

  /**
   * Waits for the server's close frame, or the end of the connection.
   * Resolves {code, reason, frame (a close frame came), ended (TCP ended)}.
   */
  waitClose(timeout = 3000) {
    return this.wait(() => {
      const f = this.all.find((x) => x.opcode === OP.CLOSE);
      if (f) return { code: f.code, reason: f.reason, frame: true, ended: this.ended, payload: f.payload };
      if (this.ended) return { code: null, reason: '', frame: false, ended: true };
      return undefined;
    }, timeout, 'no close frame and no end of the connection');
  }

  /** Resolves once the TCP connection has ended (or rejects after timeout). */
  waitEnd(timeout = 3000) {
    return this.wait(() => (this.ended ? true : undefined), timeout, 'connection did not end');
  }

  destroy() { this.sock.destroy(); }
}
