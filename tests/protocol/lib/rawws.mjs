// A bare-bones WebSocket client on a plain TCP socket, for frames that a real client
// library refuses to send: reserved bits, unmasked frames, a header that declares a huge
// payload that never follows.
import net from 'node:net';
import crypto from 'node:crypto';

export class RawWs {
  /** Opens a TCP connection to srv and performs the upgrade on /ws. */
  static connect(srv, headers = {}) {
    return new Promise((resolve, reject) => {
      const sock = net.connect(srv.port, '127.0.0.1');
      const key = crypto.randomBytes(16).toString('base64');
      let buf = Buffer.alloc(0);
      const timer = setTimeout(() => { sock.destroy(); reject(new Error('upgrade timed out')); }, 5000);
      sock.on('error', (e) => { clearTimeout(timer); reject(e); });
      sock.on('connect', () => {
        const extra = Object.entries(headers).map(([k, v]) => `${k}: ${v}\r\n`).join('');
        sock.write(`GET /ws HTTP/1.1\r\nHost: 127.0.0.1:${srv.port}\r\nUpgrade: websocket\r\n`
          + `Connection: Upgrade\r\nSec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\n${extra}\r\n`);
      });
      const onData = (d) => {
        buf = Buffer.concat([buf, d]);
        const end = buf.indexOf('\r\n\r\n');
        if (end < 0) return;
        clearTimeout(timer);
        sock.off('data', onData);
        const head = buf.subarray(0, end).toString('latin1');
        const rest = buf.subarray(end + 4);
        if (!/^HTTP\/1\.1 101/.test(head)) {
          sock.destroy();
          reject(new Error(`upgrade refused: ${head.split('\r\n')[0]}`));
          return;
        }
        resolve(new RawWs(sock, rest));
      };
      sock.on('data', onData);
    });
  }

  constructor(sock, initial) {
    this.sock = sock;
    this.buf = initial;
    this.frames = [];
    this.ended = false;
    this.waiters = [];
    sock.on('data', (d) => { this.buf = Buffer.concat([this.buf, d]); this.parse(); });
    sock.on('close', () => { this.ended = true; this.wake(); });
    sock.on('error', () => { this.ended = true; this.wake(); });
    this.parse();
  }

  parse() {
    for (;;) {
      const b = this.buf;
      if (b.length < 2) break;
      let len = b[1] & 0x7f;
      let off = 2;
      if (len === 126) { if (b.length < 4) break; len = b.readUInt16BE(2); off = 4; } else if (len === 127) {
        if (b.length < 10) break;
        len = Number(b.readBigUInt64BE(2));
        off = 10;
      }
      if (b[1] & 0x80) off += 4;  // servers must not mask, but tolerate it
      if (b.length < off + len) break;
      const payload = b.subarray(off, off + len);
      this.frames.push({ fin: !!(b[0] & 0x80), opcode: b[0] & 0x0f, payload });
      this.buf = b.subarray(off + len);
    }
    this.wake();
  }

  wake() { for (const w of this.waiters.splice(0)) w(); }

  /** Resolves with the server's close frame {code, reason}, or {code: null} if the TCP
   *  connection ended without one. */
  async waitClose(timeout = 5000) {
    const t0 = Date.now();
    for (;;) {
      const f = this.frames.find((x) => x.opcode === 0x8);
      if (f) {
        return { code: f.payload.length >= 2 ? f.payload.readUInt16BE(0) : null, reason: f.payload.subarray(2).toString('utf8') };
      }
      if (this.ended) return { code: null, reason: 'TCP connection ended without a close frame' };
      if (Date.now() - t0 > timeout) throw new Error(`no close frame within ${timeout} ms`);
      await new Promise((r) => { this.waiters.push(r); setTimeout(r, 100); });
    }
  }

  /** The JSON text frames received so far. */
  texts() { return this.frames.filter((f) => f.opcode === 0x1).map((f) => JSON.parse(f.payload.toString('utf8'))); }

  /**
   * Writes one frame. opts: {fin=true, rsv=0 (3 bits), opcode=1, mask=true, payload (Buffer|string),
   * declaredLength (header length, default payload length)}.
   */
  sendFrame(opts) {
    const payload = Buffer.isBuffer(opts.payload) ? opts.payload : Buffer.from(opts.payload ?? '', 'utf8');
    const fin = opts.fin ?? true;
    const rsv = opts.rsv ?? 0;
    const opcode = opts.opcode ?? 1;
    const mask = opts.mask ?? true;
    const len = opts.declaredLength ?? payload.length;
    const head = [((fin ? 1 : 0) << 7) | (rsv << 4) | opcode];
    let ext = Buffer.alloc(0);
    if (len < 126) head.push((mask ? 0x80 : 0) | len);
    else if (len < 65536) { head.push((mask ? 0x80 : 0) | 126); ext = Buffer.alloc(2); ext.writeUInt16BE(len); } else {
      head.push((mask ? 0x80 : 0) | 127);
      ext = Buffer.alloc(8);
      ext.writeBigUInt64BE(BigInt(len));
    }
    let body = payload;
    let maskKey = Buffer.alloc(0);
    if (mask) {
      maskKey = crypto.randomBytes(4);
      body = Buffer.from(payload.map((x, i) => x ^ maskKey[i % 4]));
    }
    this.sock.write(Buffer.concat([Buffer.from(head), ext, maskKey, body]));
  }

  sendJson(obj) { this.sendFrame({ payload: JSON.stringify(obj) }); }

  destroy() { this.sock.destroy(); }
}
