// A client of the public https:// name through the proxy: the name resolves to 127.0.0.1
// here, the test's certificate is the one trusted CA, and a local address can be chosen (a
// different loopback address per "person", so that the proxy passes different addresses on).
import https from 'node:https';
import WebSocket from 'ws';
import { Client } from '../../protocol/lib/client.mjs';

export function tlsOptions(pem, localAddress) {
  const o = {
    ca: pem,
    lookup: (host, opts, cb) => (opts && opts.all ? cb(null, [{ address: '127.0.0.1', family: 4 }])
      : cb(null, '127.0.0.1', 4)),
  };
  if (localAddress) o.localAddress = localAddress;
  return o;
}

/** One HTTPS request: {status, headers, text, json}. opts: {body, key, headers, localAddress}. */
export function httpsRequest(base, pem, method, urlPath, opts = {}) {
  const headers = { ...(opts.headers ?? {}) };
  let body;
  if (opts.body !== undefined) {
    body = JSON.stringify(opts.body);
    headers['Content-Type'] = 'application/json';
  }
  if (opts.key) headers.Authorization = `Bearer ${opts.key}`;
  return new Promise((resolve, reject) => {
    const req = https.request(new URL(urlPath, base), {
      method, headers, agent: false, timeout: 5000, ...tlsOptions(pem, opts.localAddress),
    }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json;
        try { json = JSON.parse(text); } catch { json = undefined; }
        resolve({ status: res.statusCode, headers: res.headers, text, json, tls: req.socket?.getProtocol?.() });
      });
    });
    req.on('timeout', () => req.destroy(new Error(`${method} ${urlPath}: timeout`)));
    req.on('error', reject);
    req.end(body);
  });
}

/** A protocol-test Client over wss://: resolves once open, rejects with e.status on a refusal. */
export function wssConnect(url, pem, { origin, localAddress, headers, label = 'wss' } = {}) {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, [], {
      ...tlsOptions(pem, localAddress), origin, headers, handshakeTimeout: 5000, perMessageDeflate: false,
    });
    const c = new Client(ws, label);
    ws.once('open', () => resolve(c));
    ws.once('unexpected-response', (req, res) => {
      const e = new Error(`[${label}] upgrade refused with HTTP ${res.statusCode}`);
      e.status = res.statusCode;
      res.resume();
      ws.terminate();
      reject(e);
    });
    ws.once('error', reject);
  });
}
