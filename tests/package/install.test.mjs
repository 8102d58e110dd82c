// The install layout (issue 17): `cmake --install` into a prefix puts the program in bin/,
// the app as served and the templates under share/tafel/, and the installed program, run
// from any folder with no --web or --templates, serves those; the unit and /etc's file are
// left to the package. A program in a checkout's build dir still serves the checkout's.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { TafelServer, TAFEL_BIN, SOURCE_DIR, WEB_DIR } from '../protocol/lib/server.mjs';

const BUILD_DIR = path.dirname(TAFEL_BIN);
const prefix = fs.mkdtempSync(path.join(os.tmpdir(), 'tafel-prefix-'));
let srv;
after(async () => {
  if (srv) await srv.cleanup();
  fs.rmSync(prefix, { recursive: true, force: true });
});

/** tafel serve from `bin` with only --host, --port and --db, in a folder of its own. */
class BareServer extends TafelServer {
  constructor(bin, cwd) {
    super({ bare: true });
    this.bin = bin;
    this.cwd = cwd ?? this.dir;
  }

  launch() {
    return { command: 'sh', args: ['-c', 'cd "$1" && shift && exec "$@"', 'sh', this.cwd, this.bin, ...this.commandLine(), '--db', this.db] };
  }
}

const listing = (dir) => fs.readdirSync(dir, { recursive: true }).filter((f) => fs.statSync(path.join(dir, f)).isFile()).sort();

test('cmake --install: bin/tafel, share/tafel/web and share/tafel/sessions, and nothing outside the prefix', () => {
  const r = spawnSync('cmake', ['--install', BUILD_DIR, '--prefix', prefix], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.doesNotMatch(r.stdout, /Installing: \/(etc|lib)\//, 'a plain install wrote outside its prefix');
  assert.ok(fs.statSync(path.join(prefix, 'bin/tafel')).mode & 0o111);
  // The app exactly as the build serves it, and every template.
  assert.deepEqual(listing(path.join(prefix, 'share/tafel/web')), listing(WEB_DIR));
  const tpls = fs.readdirSync(path.join(SOURCE_DIR, 'sessions')).filter((f) => f.endsWith('.json')).sort();
  assert.deepEqual(fs.readdirSync(path.join(prefix, 'share/tafel/sessions')).sort(), tpls);
  assert.ok(fs.existsSync(path.join(prefix, 'share/doc/tafel/examples/nginx-tafel.conf')));
});

test('the installed program serves share/tafel/ from any folder', async () => {
  srv = new BareServer(path.join(prefix, 'bin/tafel'));
  await srv.start();
  const index = await srv.http('GET', '/');
  assert.equal(index.status, 200);
  assert.equal(index.text, fs.readFileSync(path.join(prefix, 'share/tafel/web/index.html'), 'utf8'));
  const t = await srv.http('GET', '/api/templates');
  assert.deepEqual(t.json.map((x) => x.id).sort(),
    fs.readdirSync(path.join(prefix, 'share/tafel/sessions')).map((f) => f.replace(/\.json$/, '')).sort());
  await srv.stop();
  await srv.cleanup();
  srv = null;
});

test('a program in the checkout still serves the checkout', async () => {
  srv = new BareServer(TAFEL_BIN, SOURCE_DIR);
  await srv.start();
  const index = await srv.http('GET', '/');
  assert.equal(index.text, fs.readFileSync(path.join(WEB_DIR, 'index.html'), 'utf8'));
  const t = await srv.http('GET', '/api/templates');
  assert.ok(t.json.some((x) => x.id === 'dialoogtafel'));
  await srv.stop();
});
