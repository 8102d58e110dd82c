// The command line: --version, --help, check-template (good and broken files), export from
// the database file, unknown commands, the address printed at start.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runTafel, startServer, TafelServer, FIXTURE_TEMPLATES, SOURCE_DIR } from './lib/server.mjs';
import { participant, newSession, setPhase, closeAll } from './lib/client.mjs';

const fx = (name) => path.join(FIXTURE_TEMPLATES, name);

// For each broken fixture: the field the message must name, and words one of which the reason holds.
const BROKEN = {
  'broken-syntax.json': { field: null, reason: /json|parse|syntax|expected|unexpected|invalid|end of/i },
  'broken-language.json': { field: 'language', reason: /nl|en|must|unknown|invalid|not|expected|supported/i },
  'broken-kind.json': { field: 'kind', reason: /brainstorm|unknown|invalid|must|not|expected/i },
  'broken-persona.json': { field: 'persona', reason: /missing|required|must|needs|empathy/i },
  'broken-persona-ref.json': { field: 'persona', reason: /nobody|unknown|\bno\b|not|must|exist/i },
  'broken-missing-problem.json': { field: 'problem', reason: /missing|required|must|needs/i },
  'broken-minutes.json': { field: 'minutes', reason: /number|integer|must|invalid|expected|positive/i },
};

describe('tafel --version and --help', () => {
  test('--version prints the version and exits 0', () => {
    const r = runTafel(['--version']);
    assert.equal(r.status, 0, r.out);
    assert.match(r.out, /\d+\.\d+\.\d+/);
    const cmake = fs.readFileSync(path.join(SOURCE_DIR, 'CMakeLists.txt'), 'utf8');
    const v = /project\(tafel VERSION ([0-9.]+)/.exec(cmake)?.[1];
    if (v) assert.ok(r.out.includes(v), `--version names ${v}: ${r.out}`);
  });

  test('--help lists the commands and exits 0', () => {
    const r = runTafel(['--help']);
    assert.equal(r.status, 0, r.out);
    for (const w of ['serve', 'export', 'check-template', '--port', '--db', '--templates', '--admin-key']) {
      assert.ok(r.out.includes(w), `--help mentions ${w}`);
    }
  });

  test('an unknown command exits non-zero', () => {
    const r = runTafel(['frobnicate']);
    assert.notEqual(r.status, 0, r.out);
  });

  test('an unknown option of serve exits non-zero without serving', () => {
    const r = runTafel(['serve', '--no-such-option', '--port', '0', '--host', '127.0.0.1'], { timeout: 5000 });
    assert.equal(r.signal, null, 'it exits by itself instead of serving');
    assert.notEqual(r.status, 0, `tafel serve --no-such-option exited with ${r.status}: ${r.out}`);
  });
});

describe('tafel check-template', () => {
  test('good templates exit 0', () => {
    for (const f of ['proto.json', 'mini.json']) {
      const r = runTafel(['check-template', fx(f)]);
      assert.equal(r.status, 0, `${f}: ${r.out}`);
    }
    const r = runTafel(['check-template', fx('proto.json'), fx('mini.json')]);
    assert.equal(r.status, 0, r.out);
  });

  test('the shipped templates in sessions/ pass', () => {
    const dir = path.join(SOURCE_DIR, 'sessions');
    const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.json')) : [];
    assert.ok(files.length > 0, 'sessions/ holds at least the default template');
    const r = runTafel(['check-template', ...files.map((f) => path.join(dir, f))]);
    assert.equal(r.status, 0, r.out);
  });

  for (const [file, { field, reason }] of Object.entries(BROKEN)) {
    test(`${file}: exits non-zero naming the file, the field and the reason`, () => {
      const r = runTafel(['check-template', fx(file)]);
      assert.notEqual(r.status, 0, `${file} should be refused: ${r.out}`);
      assert.equal(r.signal, null, `no crash: ${r.signal}`);
      const line = r.out.split('\n').find((l) => l.includes(file));
      assert.ok(line, `the output names ${file}: ${r.out}`);
      if (field) assert.ok(line.includes(field), `the message names the field ${field}: ${line}`);
      const rest = line.slice(line.indexOf(file) + file.length);
      assert.match(rest, reason, `the message says what is wrong: ${line}`);
    });
  }

  test('several files: non-zero, only the broken ones named as wrong', () => {
    const r = runTafel(['check-template', fx('proto.json'), fx('broken-kind.json'), fx('mini.json')]);
    assert.notEqual(r.status, 0);
    assert.ok(r.out.includes('broken-kind.json'));
    const bad = r.out.split('\n').filter((l) => /proto\.json|mini\.json/.test(l) && /error|invalid|unknown|missing|must/i.test(l));
    assert.deepEqual(bad, [], 'good files are not reported as broken');
  });

  test('a file that does not exist exits non-zero naming it', () => {
    const r = runTafel(['check-template', '/nonexistent/dir/gone.json']);
    assert.notEqual(r.status, 0);
    assert.ok(r.out.includes('gone.json'), r.out);
  });

  test('check-template with no file exits non-zero', () => {
    assert.notEqual(runTafel(['check-template']).status, 0);
  });
});

describe('tafel serve and tafel export', () => {
  test('serve prints the address participants open; export reads the database file', async () => {
    const srv = await startServer();
    try {
      assert.match(srv.runLog, /https?:\/\/[^\s]+/, `the start message names an address: ${srv.runLog}`);
      const { code, fac } = await newSession(srv, 'proto', { problem: 'Hoe kunnen we exporteren vanaf de regel?' });
      const a = await participant(srv, code, 'Anna', 'Teacher');
      await setPhase(fac, 4, [a]);
      await a.ok({ type: 'note.add', phase: 4, text: 'An idea for the export' });
      await closeAll();
      await srv.stop();
      const out = fs.mkdtempSync(path.join(os.tmpdir(), 'tafel-export-'));
      try {
        for (const format of ['md', 'html', 'json', 'csv']) {
          const file = path.join(out, `report.${format}`);
          const r = runTafel(['export', '--db', srv.db, code, '--format', format, '--lang', 'en', '-o', file]);
          assert.equal(r.status, 0, `export ${format}: ${r.out}`);
          const text = fs.readFileSync(file, 'utf8');
          assert.ok(text.includes('An idea for the export'), `${format} export holds the note`);
          if (format === 'json') JSON.parse(text);
        }
        const r = runTafel(['export', '--db', srv.db, 'NOSUCHCODE', '--format', 'md']);
        assert.notEqual(r.status, 0, 'an unknown code exits non-zero');
      } finally {
        fs.rmSync(out, { recursive: true, force: true });
      }
    } finally {
      await closeAll();
      await srv.cleanup();
    }
  });
});

describe('tafel serve with its defaults', () => {
  test('from a folder holding sessions/ and web/: default templates, app and database file', async () => {
    const srv = new TafelServer({ bare: true });
    fs.symlinkSync(path.join(SOURCE_DIR, 'sessions'), path.join(srv.dir, 'sessions'));
    fs.symlinkSync(path.join(SOURCE_DIR, 'web'), path.join(srv.dir, 'web'));
    try {
      await srv.start();
      const t = await srv.http('GET', '/api/templates');
      const shipped = fs.readdirSync(path.join(SOURCE_DIR, 'sessions')).filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -5)).sort();
      assert.deepEqual(t.json.map((x) => x.id).sort(), shipped, 'the templates of sessions/');
      const home = await srv.http('GET', '/');
      assert.equal(home.status, 200);
      assert.match(home.text, /<html/i);
      const s = await srv.createSession(shipped[0]);
      assert.equal(typeof s.code, 'string');
      await srv.stop('SIGINT');
      assert.ok(fs.existsSync(path.join(srv.dir, 'tafel.db')), 'the default database file tafel.db in the working folder');
    } finally {
      await srv.cleanup();
    }
  });
});
