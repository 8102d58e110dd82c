// Starts and stops a real `tafel serve` for the protocol tests.
//
//   const srv = await startServer({ args: ['--admin-key', 'K'] });
//   const { code, facilitator_key } = await srv.createSession('proto');
//   await srv.stop();      // SIGTERM, waits, throws unless the exit code is 0
//   await srv.start();     // again, on the same database file (a new free port)
//   await srv.cleanup();   // kills what still runs, removes the temp dir
//
// Environment: TAFEL_BIN (the built binary), TAFEL_SOURCE_DIR (the repository root).
import { spawn, spawnSync } from 'node:child_process';
import net from 'node:net';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
export const SOURCE_DIR = process.env.TAFEL_SOURCE_DIR
  ? path.resolve(process.env.TAFEL_SOURCE_DIR)
  : path.resolve(here, '../../..');
// Resolved here: the server runs with its temp dir as cwd, where a relative path means nothing.
export const TAFEL_BIN = path.resolve(process.env.TAFEL_BIN || path.join(SOURCE_DIR, 'build/tafel'));
export const FIXTURE_TEMPLATES = path.join(SOURCE_DIR, 'tests/fixtures/templates');
// The app as the server serves it by default: the build's web-dist/ beside the binary (one
// bundle, gzip copies), else web/ as it is (docs/webapp.md). TAFEL_WEB_DIR picks another.
export const WEB_DIR = process.env.TAFEL_WEB_DIR ? path.resolve(process.env.TAFEL_WEB_DIR)
  : fs.existsSync(path.join(path.dirname(TAFEL_BIN), 'web-dist', 'index.html'))
    ? path.join(path.dirname(TAFEL_BIN), 'web-dist') : path.join(SOURCE_DIR, 'web');

/** The good fixture templates, by id, parsed. */
export function fixtureTemplate(id) {
  return JSON.parse(fs.readFileSync(path.join(FIXTURE_TEMPLATES, `${id}.json`), 'utf8'));
}

/** A port that was free a moment ago on 127.0.0.1. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.unref();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const running = new Set();
process.on('exit', () => {
  for (const p of running) {
    try { p.kill('SIGKILL'); } catch { /* already gone */ }
  }
});

export class TafelServer {
  /**
   * opts.templates: templates folder (default tests/fixtures/templates)
   * opts.args: extra arguments for `tafel serve`
   * opts.env: extra environment variables
   * opts.dir: the temp dir (default: a new one); the db is <dir>/t.db
   */
  constructor(opts = {}) {
    this.templates = opts.templates ?? FIXTURE_TEMPLATES;
    this.args = opts.args ?? [];
    this.bare = opts.bare ?? false;   // only --host and --port: the defaults for db, templates, web (cwd = dir)
    this.env = opts.env ?? {};
    this.dir = opts.dir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'tafel-proto-'));
    this.db = path.join(this.dir, 't.db');
    this.port = null;
    this.proc = null;
    this.log = '';        // stdout and stderr of every run, in order
    this.runLog = '';     // stdout and stderr of the current run
    this.exit = null;     // {code, signal} of the last run that ended
    this.startTimeoutMs = 10000;
  }

  /** The command that runs the server; a subclass may run it under another program. */
  launch() { return { command: TAFEL_BIN, args: this.commandLine() }; }

  /** Sends sig to the server process; a subclass whose launch() wraps it says where it is. */
  signal(sig) { this.proc.kill(sig); }

  get base() { return `http://127.0.0.1:${this.port}`; }
  get origin() { return `http://127.0.0.1:${this.port}`; }
  get wsUrl() { return `ws://127.0.0.1:${this.port}/ws`; }

  /** The command line of the next start. */
  commandLine() {
    if (this.bare) return ['serve', '--host', '127.0.0.1', '--port', String(this.port), ...this.args];
    return ['serve', '--host', '127.0.0.1', '--port', String(this.port), '--db', this.db,
      '--templates', this.templates, '--web', WEB_DIR, ...this.args];
  }

  async start() {
    if (this.proc) throw new Error('server already running');
    if (!fs.existsSync(TAFEL_BIN)) throw new Error(`TAFEL_BIN ${TAFEL_BIN} does not exist`);
    this.port = await freePort();
    const { command, args } = this.launch();
    this.runLog = '';
    const proc = spawn(command, args, {
      cwd: this.dir,
      env: { ...process.env, ...this.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.proc = proc;
    running.add(proc);
    const onData = (d) => { const s = d.toString(); this.log += s; this.runLog += s; };
    proc.stdout.on('data', onData);
    proc.stderr.on('data', onData);
    this.exited = new Promise((resolve) => {
      // A binary that cannot be started must fail start(), not crash the test process.
      proc.on('error', (e) => {
        running.delete(proc);
        this.exit = { error: e.message };
        if (this.proc === proc) this.proc = null;
        resolve(this.exit);
      });
      proc.on('exit', (code, signal) => {
        running.delete(proc);
        this.exit = { code, signal };
        if (this.proc === proc) this.proc = null;
        resolve({ code, signal });
      });
    });
    const deadline = Date.now() + this.startTimeoutMs;
    let lastErr = null;
    while (Date.now() < deadline) {
      if (this.proc !== proc) {
        throw new Error(`${command} ${args.join(' ')} exited early (${JSON.stringify(this.exit)}):\n${this.runLog}`);
      }
      try {
        const r = await fetch(`${this.base}/healthz`, { signal: AbortSignal.timeout(1000) });
        await r.text();
        if (r.status === 200) return this;
        lastErr = `status ${r.status}`;
      } catch (e) {
        lastErr = e.message;
      }
      await sleep(50);
    }
    this.signal('SIGKILL');
    await this.exited;
    throw new Error(`tafel did not answer /healthz within ${this.startTimeoutMs} ms (${lastErr}):\n${this.runLog}`);
  }

  /** SIGTERM (or another signal), wait for the exit, and throw unless it exited with code 0. */
  async stop(signal = 'SIGTERM', timeoutMs = 10000) {
    const proc = this.proc;
    if (!proc) return this.exit;
    this.signal(signal);
    let timer;
    const res = await Promise.race([this.exited, new Promise((r) => { timer = setTimeout(() => r(null), timeoutMs); })]);
    clearTimeout(timer);
    if (!res) {
      this.signal('SIGKILL');
      await this.exited;
      throw new Error(`tafel did not exit within ${timeoutMs} ms of ${signal}:\n${this.runLog}`);
    }
    if (res.code !== 0) {
      throw new Error(`tafel exited with ${JSON.stringify(res)} after ${signal}, expected code 0:\n${this.runLog}`);
    }
    return res;
  }

  /** SIGKILL: no chance to clean up. */
  async kill() {
    if (!this.proc) return this.exit;
    this.signal('SIGKILL');
    return this.exited;
  }

  async restart() {
    await this.stop();
    return this.start();
  }

  async cleanup() {
    if (this.proc) await this.kill();
    fs.rmSync(this.dir, { recursive: true, force: true });
  }

  /**
   * An HTTP request. opts: {body (object: sent as JSON; string: sent as is), key, headers}.
   * Returns {status, headers, text, json} (json undefined when the body is not JSON).
   */
  async http(method, urlPath, opts = {}) {
    const headers = { ...(opts.headers ?? {}) };
    let body;
    if (opts.body !== undefined) {
      body = typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body);
      headers['Content-Type'] ??= 'application/json';
    }
    if (opts.key !== undefined) headers.Authorization = `Bearer ${opts.key}`;
    const r = await fetch(`${this.base}${urlPath}`, {
      method, headers, body, signal: AbortSignal.timeout(opts.timeout ?? 5000),
    });
    const buf = Buffer.from(await r.arrayBuffer());
    const text = buf.toString('utf8');
    let json;
    try { json = JSON.parse(text); } catch { json = undefined; }
    return { status: r.status, headers: r.headers, text, json, buf };
  }

  /** POST /api/sessions; throws unless 201 with code, facilitator_key and join_url. */
  async createSession(template = 'proto', extra = {}, key = undefined) {
    const r = await this.http('POST', '/api/sessions', { body: { template, ...extra }, key });
    if (r.status !== 201 || !r.json || typeof r.json.code !== 'string'
        || typeof r.json.facilitator_key !== 'string' || typeof r.json.join_url !== 'string') {
      throw new Error(`POST /api/sessions ${JSON.stringify({ template, ...extra })}: expected 201 `
        + `{code,facilitator_key,join_url}, got ${r.status} ${r.text}\n--- server log ---\n${this.runLog}`);
    }
    return r.json;
  }
}

export async function startServer(opts = {}) {
  const s = new TafelServer(opts);
  await s.start();
  return s;
}

/** Runs the tafel binary synchronously: {status, signal, stdout, stderr, out (both)}. */
export function runTafel(args, opts = {}) {
  const r = spawnSync(TAFEL_BIN, args, { encoding: 'utf8', timeout: opts.timeout ?? 10000, cwd: opts.cwd, env: { ...process.env, ...(opts.env ?? {}) } });
  return { status: r.status, signal: r.signal, stdout: r.stdout ?? '', stderr: r.stderr ?? '', out: (r.stdout ?? '') + (r.stderr ?? ''), error: r.error };
}

/** Asserts an HTTP error body: a 4xx status and {"error":{"code","message"}}. */
export function assertErrorBody(r, status, code) {
  const what = `${status} {"error":{"code":${code ? JSON.stringify(code) : '…'},"message"}}, got ${r.status} ${r.text}`;
  if (Array.isArray(status) ? !status.includes(r.status) : r.status !== status) throw new Error(`expected ${what}`);
  if (!r.json || typeof r.json.error !== 'object' || r.json.error === null) throw new Error(`expected ${what}`);
  if (typeof r.json.error.code !== 'string' || typeof r.json.error.message !== 'string') throw new Error(`expected ${what}`);
  if (code && r.json.error.code !== code) throw new Error(`expected ${what}`);
}
