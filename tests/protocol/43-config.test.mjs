// tafel serve --config FILE (issue 17): the file holds the command line's long options, one
// `name = value` a line; the command line's own come after and win; repeatable options add
// up; a wrong line stops the server with status 2 naming the file and line (and never a
// value, which may be a key). The new options' values are checked.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { startServer, runTafel, freePort } from './lib/server.mjs';

let srv;
after(async () => { if (srv) await srv.cleanup(); });

function get(port, urlPath, host) {
  return new Promise((resolve, reject) => {
    http.get({ host: '127.0.0.1', port, path: urlPath, headers: { Host: host } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode));
    }).on('error', reject);
  });
}

test('options from the file, the command line winning, repeatable ones adding up', async () => {
  const dir = fs.mkdtempSync('/tmp/tafel-conf-');
  const conf = path.join(dir, 'tafel.conf');
  const other = await freePort();
  fs.writeFileSync(conf, [
    '# Tafel', '', `port = ${other}`, 'allow-host = one.example', 'allow-host two.example',
    'limit = "participants_per_session=7"', '  log-level = 7  ', '',
  ].join('\n'));
  srv = await startServer({ args: ['--config', conf] });
  // The command line's --port won: start() found the server on its own port.
  assert.notEqual(srv.port, other);
  for (const name of ['one.example', 'two.example']) {
    assert.equal(await get(srv.port, '/api/templates', `${name}:${srv.port}`), 200, name);
  }
  assert.equal(await get(srv.port, '/api/templates', `three.example:${srv.port}`), 403);
  await srv.stop();
  const limits = runTafel(['serve', '--config', conf, '--help-limits']);
  assert.equal(limits.status, 0, limits.out);
  assert.match(limits.stdout, /^participants_per_session=7$/m);
  // --config=FILE works as well.
  assert.match(runTafel(['serve', `--config=${conf}`, '--help-limits']).stdout, /^participants_per_session=7$/m);
  fs.rmSync(dir, { recursive: true, force: true });
});

test('a wrong line stops the server and names the file and line, never the value', () => {
  const dir = fs.mkdtempSync('/tmp/tafel-conf-');
  const conf = path.join(dir, 'bad.conf');
  const cases = [
    ['port = 8080\nadmin-kye = s3cret-value\n', /bad\.conf:2: admin-kye: not an option of tafel serve/],
    ['allow-host\n', /bad\.conf:1: allow-host: needs a value/],
    ['help-limits\n', /bad\.conf:1: help-limits: not an option/],
    ['config = /etc/other.conf\n', /bad\.conf:1: config: not an option/],
    ['port = 0\n', /--port must be from 1 to 65535/],
    ['retain-days = 0\n', /--retain-days must be from 1/],
  ];
  for (const [text, re] of cases) {
    fs.writeFileSync(conf, text);
    const r = runTafel(['serve', '--config', conf]);
    assert.equal(r.status, 2, `${text}: ${r.out}`);
    assert.match(r.stderr, re);
    assert.doesNotMatch(r.out, /s3cret-value/);
  }
  const missing = runTafel(['serve', '--config', path.join(dir, 'none.conf')]);
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /none\.conf: cannot be read/);
  fs.rmSync(dir, { recursive: true, force: true });
});

test('--trust-proxy and --code-prefix values are checked', () => {
  for (const v of ['1.2.3', 'proxy.example', '10.0.0.0/33', '::1/129', '']) {
    const r = runTafel(['serve', '--trust-proxy', v]);
    assert.equal(r.status, 2, `${v}: ${r.out}`);
    assert.match(r.stderr, /--trust-proxy .*give an address or a network/);
  }
  for (const v of ['B', 'AA', '-', '0', '']) {
    const r = runTafel(['serve', '--code-prefix', v]);
    assert.equal(r.status, 2, `${v}: ${r.out}`);
    assert.match(r.stderr, /--code-prefix must be one character of a join code/);
  }
});
