// The Debian package, installed and run as its systemd unit would run it (issue 17): CPack
// builds tafel_<version>_amd64.deb in the build dir, dpkg installs it, its files, user,
// configuration and unit are checked (systemd-analyze verify), then /usr/bin/tafel runs
// with the unit's ExecStart, user, working directory and umask (this machine need not run
// systemd), a participant joins over the WebSocket and writes, the report is exported over
// HTTP and with the command line, a backup is taken and checked, SIGTERM stops it cleanly,
// and the package is removed and purged. Needs root (dpkg); skipped otherwise.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { TafelServer, TAFEL_BIN } from '../protocol/lib/server.mjs';
import { facilitator, participant, setPhase, closeAll } from '../protocol/lib/client.mjs';

const ROOT = process.getuid?.() === 0;
const BUILD_DIR = path.dirname(TAFEL_BIN);
const UNIT = '/lib/systemd/system/tafel.service';
const CONF = '/etc/tafel/tafel.conf';
const opts = { skip: ROOT ? false : 'needs root: dpkg -i (CI runs as root)', concurrency: false };

const sh = (cmd, args, o = {}) => spawnSync(cmd, args, { encoding: 'utf8', timeout: 300000, ...o });
function ok(cmd, args, o) {
  const r = sh(cmd, args, o);
  assert.equal(r.status, 0, `${cmd} ${args.join(' ')} exited ${r.status}:\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}
const installed = () => sh('dpkg-query', ['-W', '-f=${Status}', 'tafel']).stdout.includes('install ok installed');
function purge() {
  if (sh('dpkg-query', ['-W', 'tafel']).status === 0) ok('dpkg', ['--purge', 'tafel']);
}

/** The unit's [Service] settings: name -> list of values. */
function unitSettings(text) {
  const out = {};
  for (const line of text.split('\n')) {
    const m = /^([A-Za-z]+)=(.*)$/.exec(line.trim());
    if (m) (out[m[1]] ??= []).push(m[2]);
  }
  return out;
}

/** tafel serve as the unit runs it: its ExecStart as its User and Group, in its
 * WorkingDirectory with its UMask, without new privileges (setpriv). */
class UnitServer extends TafelServer {
  constructor(unit, adminKey) {
    super({ dir: fs.mkdtempSync('/tmp/tafel-deb-') });
    this.unit = unit;
    this.adminKey = adminKey;
  }

  launch() {
    // What an administrator does: the port and the key in /etc/tafel/tafel.conf.
    let conf = fs.readFileSync(CONF, 'utf8');
    conf = conf.replace(/^port = \d+$/m, `port = ${this.port}`)
      .replace(/^# admin-key = .*$/m, `admin-key = ${this.adminKey}`);
    fs.writeFileSync(CONF, conf);
    const u = this.unit;
    const exec = u.ExecStart[0].split(/\s+/);
    return {
      command: 'sh',
      args: ['-c', `umask ${u.UMask[0]} && cd ${u.WorkingDirectory[0]} && exec setpriv --reuid ${u.User[0]} `
        + `--regid ${u.Group[0]} --init-groups --no-new-privs -- "$@"`, 'unit', ...exec],
    };
  }

  get wsUrl() { return `ws://127.0.0.1:${this.port}/ws`; }
}

let deb;
let srv;

before(() => {
  if (!ROOT) return;
  purge();
  const version = execFileSync(TAFEL_BIN, ['--version'], { encoding: 'utf8' }).trim().split(' ')[1];
  deb = path.join(BUILD_DIR, `tafel_${version}_amd64.deb`);
  fs.rmSync(deb, { force: true });
  ok('cmake', ['--build', BUILD_DIR, '--target', 'package']);
  assert.ok(fs.existsSync(deb), `${deb} was not made`);
});

after(async () => {
  await closeAll();
  if (srv) await srv.cleanup();
  if (ROOT) purge();
});

test('the package: its control data, files, user, configuration and unit', opts, () => {
  const control = ok('dpkg-deb', ['-f', deb]);
  assert.match(control, /^Package: tafel$/m);
  assert.match(control, /^Architecture: amd64$/m);
  // The dependencies are the Debian library packages (dpkg-shlibdeps) and the lws plugin.
  const depends = /^Depends: (.*)$/m.exec(control)[1];
  for (const p of ['libwebsockets17', 'libsqlite3-0', 'libcjson1', 'libqrencode4', 'libuv1',
    'libssl3', 'libwebsockets-evlib-uv', 'adduser']) {
    assert.match(depends, new RegExp(`(^|, )${p}( |,|$)`), `Depends lacks ${p}: ${depends}`);
  }
  assert.deepEqual(ok('dpkg-deb', ['-f', deb, 'Version']).trim(), path.basename(deb).split('_')[1]);

  ok('dpkg', ['-i', deb]);
  assert.ok(installed());
  const files = new Set(ok('dpkg', ['-L', 'tafel']).split('\n'));
  for (const f of ['/usr/bin/tafel', '/usr/share/tafel/web/index.html',
    '/usr/share/tafel/sessions/dialoogtafel.json', UNIT, CONF,
    '/usr/share/doc/tafel/examples/nginx-tafel.conf', '/usr/share/doc/tafel/operations.md']) {
    assert.ok(files.has(f), `dpkg -L tafel lacks ${f}`);
    assert.ok(fs.existsSync(f), `${f} is missing`);
  }
  assert.equal(ok('dpkg-query', ['-W', '-f=${Conffiles}', 'tafel']).trim().split(' ')[0], CONF);
  // The program is the one just built, and it runs.
  assert.match(ok('/usr/bin/tafel', ['--version']), /^tafel \d+\.\d+\.\d+/);

  // The maintainer script made a system user with no login, and the state folder.
  const pw = ok('getent', ['passwd', 'tafel']).trim().split(':');
  assert.ok(Number(pw[2]) < 1000, `tafel is not a system user: ${pw}`);
  assert.equal(pw[6], '/usr/sbin/nologin');
  const st = fs.statSync('/var/lib/tafel');
  assert.equal(st.uid, Number(pw[2]));
  assert.equal(st.mode & 0o777, 0o750);
  // The configuration may hold the admin key: root and the tafel group only.
  const cs = fs.statSync(CONF);
  assert.equal(cs.mode & 0o777, 0o640);
  assert.equal(cs.uid, 0);
  assert.equal(cs.gid, Number(pw[3]));

  // The unit: systemd's own check, and what it says.
  const v = sh('systemd-analyze', ['verify', UNIT]);
  assert.equal(v.status, 0, `systemd-analyze verify: ${v.stdout}${v.stderr}`);
  assert.equal(v.stderr.trim(), '', `systemd-analyze verify warns: ${v.stderr}`);
  // systemd's own rating of the sandbox, from 0 (locked down) to 10 (exposed).
  const sec = sh('systemd-analyze', ['security', '--offline=true', '--no-pager', UNIT]);
  const level = /Overall exposure level for tafel\.service: ([\d.]+)/.exec(sec.stdout + sec.stderr);
  assert.ok(level, `systemd-analyze security: ${sec.stdout}${sec.stderr}`);
  assert.ok(Number(level[1]) <= 2.0, `exposure level ${level[1]}`);
  const u = unitSettings(fs.readFileSync(UNIT, 'utf8'));
  assert.deepEqual(u.User, ['tafel']);
  assert.deepEqual(u.StateDirectory, ['tafel']);
  assert.match(u.ExecStart[0], /^\/usr\/bin\/tafel serve --config \/etc\/tafel\/tafel\.conf --db \/var\/lib\/tafel\//);
  for (const [k, want] of Object.entries({ ProtectSystem: 'strict', NoNewPrivileges: 'yes', PrivateTmp: 'yes',
    ProtectHome: 'yes', PrivateDevices: 'yes', KillSignal: 'SIGTERM' })) {
    assert.deepEqual(u[k], [want], `${k}=${u[k]}`);
  }
  assert.match(u.RestrictAddressFamilies[0], /AF_INET AF_INET6/);
  assert.ok(!u.ExecReload, 'a reload that the server does not do');
});

test('run as the unit would: join, write, export, back up, stop on SIGTERM', opts, async () => {
  assert.ok(installed(), 'the package is not installed');
  const u = unitSettings(fs.readFileSync(UNIT, 'utf8'));
  const adminKey = crypto.randomBytes(16).toString('hex');
  srv = new UnitServer(u, adminKey);
  await srv.start();

  // It runs as tafel, with no new privileges, and serves the installed app and templates.
  const status = fs.readFileSync(`/proc/${srv.proc.pid}/status`, 'utf8');
  const uid = Number(ok('id', ['-u', 'tafel']).trim());
  assert.match(status, new RegExp(`^Uid:\\s+${uid}\\s+${uid}\\s+${uid}\\s+${uid}$`, 'm'));
  assert.match(status, /^NoNewPrivs:\s+1$/m);
  const index = await srv.http('GET', '/');
  assert.equal(index.status, 200);
  assert.equal(index.text, fs.readFileSync('/usr/share/tafel/web/index.html', 'utf8'));
  const templates = await srv.http('GET', '/api/templates');
  assert.ok(templates.json.some((t) => t.id === 'dialoogtafel'), templates.text);

  // The config file's admin key is in force: without it, no organizer call.
  assert.equal((await srv.http('GET', '/api/sessions')).status, 401);
  const s = await srv.createSession('dialoogtafel', {}, adminKey);
  const fac = await facilitator(srv, s.code, s.facilitator_key);
  const anna = await participant(srv, s.code, 'Anna', 'OOP');
  await setPhase(fac, 4, [anna]);
  const text = `Een ideaal idee ${crypto.randomBytes(4).toString('hex')}`;
  await anna.ok({ type: 'note.add', phase: 4, text });

  const md = await srv.http('GET', `/api/sessions/${s.code}/export?format=md`, { key: adminKey });
  assert.equal(md.status, 200);
  assert.ok(md.text.includes(text), 'the HTTP export lacks the note');
  const db = /--db (\S+)/.exec(u.ExecStart[0])[1];
  const asTafel = (args) => ok('setpriv', ['--reuid', 'tafel', '--regid', 'tafel', '--init-groups', '--', ...args]);
  assert.ok(asTafel(['/usr/bin/tafel', 'export', '--db', db, s.code, '--format', 'md']).includes(text),
    'tafel export lacks the note');
  const backup = '/var/lib/tafel/backup-test.db';
  asTafel(['/usr/bin/tafel', 'backup', '--db', db, backup]);
  assert.match(asTafel(['/usr/bin/tafel', 'check', '--db', backup]), /: ok$/m);

  await closeAll();
  await srv.stop('SIGTERM');
  assert.match(srv.runLog, /tafel: stopping/);
  // Files written under the unit's umask: not readable by others.
  for (const f of [db, backup]) {
    const fst = fs.statSync(f);
    assert.equal(fst.uid, uid, `${f} is not tafel's`);
    assert.equal(fst.mode & 0o007, 0, `${f} is readable by others`);
  }
});

test('remove keeps the data and the user, purge takes both', opts, () => {
  assert.ok(installed(), 'the package is not installed');
  ok('dpkg', ['-r', 'tafel']);
  assert.ok(!fs.existsSync('/usr/bin/tafel'));
  assert.ok(!fs.existsSync(UNIT));
  assert.ok(fs.existsSync('/var/lib/tafel/tafel.db'), 'remove took the database');
  assert.equal(sh('getent', ['passwd', 'tafel']).status, 0, 'remove took the user');
  ok('dpkg', ['--purge', 'tafel']);
  assert.ok(!fs.existsSync('/var/lib/tafel'), 'purge left the database');
  assert.ok(!fs.existsSync('/etc/tafel'), 'purge left the configuration');
  assert.notEqual(sh('getent', ['passwd', 'tafel']).status, 0, 'purge left the user');
});
