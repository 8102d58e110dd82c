// Starts a real `tafel serve` for a browser test file and stops it at the end.
//
//   const srv = await startServer();
//   const s = await srv.createSession('dialoogtafel');   // {code, facilitator_key, join_url}
//   await srv.stop();
//
// Environment: TAFEL_BIN (the built binary), TAFEL_SOURCE_DIR (the repository root);
// TAFEL_TEMPLATES may point at another templates folder (default: $TAFEL_SOURCE_DIR/sessions).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
// One place knows where the binary and the sources are and how to find a free port: the
// protocol tests' server library.
import { SOURCE_DIR, TAFEL_BIN, WEB_DIR, freePort, sleep } from '../../protocol/lib/server.mjs';

export { SOURCE_DIR, TAFEL_BIN, WEB_DIR, freePort, sleep };
export const TEMPLATES = process.env.TAFEL_TEMPLATES || path.join(SOURCE_DIR, 'sessions');
export const SHOTS_DIR = path.join(SOURCE_DIR, 'docs/screenshots');

const running = new Set();
process.on('exit', () => {
  for (const p of running) { try { p.kill('SIGKILL'); } catch { /* gone */ } }
});

export async function startServer() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tafel-web-'));
  const port = await freePort();
  const args = ['serve', '--host', '127.0.0.1', '--port', String(port), '--db', path.join(dir, 't.db'),
    '--templates', TEMPLATES, '--web', WEB_DIR];
  const proc = spawn(TAFEL_BIN, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(proc);
  let log = '';
  proc.stdout.on('data', (d) => { log += d; });
  proc.stderr.on('data', (d) => { log += d; });
  let exited = null;
  proc.on('exit', (code, signal) => { exited = { code, signal }; running.delete(proc); });
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 10000;
  for (;;) {
    if (exited) throw new Error(`tafel exited at start (${JSON.stringify(exited)}):\n${log}`);
    try {
      const r = await fetch(`${base}/healthz`);
      if (r.status === 200) break;
    } catch { /* not up yet */ }
    if (Date.now() > deadline) { proc.kill('SIGKILL'); throw new Error(`tafel did not answer /healthz:\n${log}`); }
    await sleep(50);
  }
  return {
    base, port, dir,
    get log() { return log; },
    async createSession(template = 'dialoogtafel', extra = {}) {
      const r = await fetch(`${base}/api/sessions`, {
        method: 'POST', headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ template, ...extra }),
      });
      if (r.status !== 201) throw new Error(`POST /api/sessions: ${r.status} ${await r.text()}`);
      return r.json();
    },
    async stop() {
      if (!exited) {
        proc.kill('SIGTERM');
        const t0 = Date.now();
        while (!exited && Date.now() - t0 < 10000) await sleep(50);
        if (!exited) proc.kill('SIGKILL');
      }
      fs.rmSync(dir, { recursive: true, force: true });
      return exited;
    },
  };
}
