// Version 2: the cross-table report of an event (contract "Events", "The cross-table report").
// Three tables of different sizes are run over the WebSocket with the event key (participants,
// empathy-map notes, a persona synthesis, ideas, clusters, votes); then the report is fetched
// in every format and language with the event key and checked: one ranking by vote share with
// the tie rules, "N of M dots", the table labels, every table's synthesis and summary, no
// participant's name, the errors; and `tafel export --event` gives the same report with the
// server stopped.
import { test, describe, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, runTafel, assertErrorBody } from './lib/server.mjs';
import { Client, participant, facilitator, setPhase, assertAllClean, closeAll } from './lib/client.mjs';

const ADMIN = 'admin-key-for-the-report-test';
let srv;
before(async () => { srv = await startServer({ args: ['--admin-key', ADMIN] }); });
after(async () => { await closeAll(); await srv?.cleanup(); });
afterEach(() => assertAllClean());

// Names that must never appear in the report.
const NAMES = ['Annemarie Zwaluw', 'Bartholomeus Kievit', 'Cornelia Merel', 'Dorothea Specht',
  'Everhard Reiger', 'Fenneke Gaai', 'Gijsbrecht Uil'];
const BLAUW = 'Blauw <script>x</script>';

let ev;          // the POST /api/events reply
const ids = {};  // cluster ids by short name: {G1: {table, cluster}, ...}

/** Runs one table: participants, notes, a synthesis, clusters, votes. */
async function runTable(t, { people, synthesis, clusters, votes, stopAt }) {
  const fac = await facilitator(srv, t.code, ev.event_key, `fac-${t.name}`);
  const ps = [];
  for (const [name, bg] of people) ps.push(await participant(srv, t.code, name, bg));
  const all = [fac, ...ps];
  await setPhase(fac, 1, ps);
  for (const [i, p] of ps.entries()) {
    await p.ok({ type: 'note.add', phase: 1, text: `${t.name} denkt ${i + 1}`, quadrant: 'thinks' });
  }
  await ps[0].ok({ type: 'note.add', phase: 1, text: `${t.name} voelt`, quadrant: 'feels' });
  if (synthesis) await fac.ok({ type: 'persona.synthesis', persona: 'teacher', text: synthesis });
  await setPhase(fac, 4, ps);
  const idea = await ps[0].ok({ type: 'note.add', phase: 4, text: `Idee van ${t.name}` });
  await setPhase(fac, 5, ps);
  for (const [key, title, description] of clusters) {
    const r = await fac.ok({ type: 'cluster.add', title, description });
    ids[key] = { table: t.code, cluster: String(r.id), title, tableName: t.name };
  }
  await fac.ok({ type: 'note.move', id: idea.id, cluster: ids[clusters[0][0]].cluster });
  if (stopAt === 5) return all;
  await setPhase(fac, 6, ps);
  for (const [i, list] of votes.entries()) {
    for (const key of list) await ps[i].ok({ type: 'vote', cluster: ids[key].cluster, delta: 1 });
  }
  if (stopAt === 7) await setPhase(fac, 7, ps);
  return all;
}

async function exportOf(format, lang, key = ev.event_key) {
  return srv.http('GET', `/api/events/${ev.code}/export?format=${format}&lang=${lang}`, { key });
}

describe('the cross-table report', () => {
  before(async () => {
    const r = await srv.http('POST', '/api/events', {
      key: ADMIN,
      body: { title: 'Conferentiedag', template: 'proto', tables: 3, language: 'nl',
        table_names: ['Rood', 'Groen', BLAUW] },
    });
    assert.equal(r.status, 201, r.text);
    ev = r.json;
    const [rood, groen, blauw] = ev.tables;
    // Rood: 2 people, 3 dots each: 6 dots. Left in the vote phase.
    const a = await runTable(rood, {
      people: [[NAMES[0], 'Teacher'], [NAMES[1], 'Support staff']],
      synthesis: 'Aan tafel Rood voelt de leraar zich overvraagd.',
      clusters: [['R1', 'Samen plannen', 'Eens per week plannen leraar en OOP samen.'],
        ['R2', 'Minder vergaderen', '']],
      votes: [['R1', 'R1', 'R1'], ['R1', 'R2', 'R2']],
    });
    // Groen: 4 people: 12 dots. Moved on to the elaboration after the vote.
    const b = await runTable(groen, {
      people: [[NAMES[2], 'Teacher'], [NAMES[3], 'Teacher'], [NAMES[4], 'School leader'], [NAMES[5], 'Support staff']],
      synthesis: 'Groen ziet vooral tijdgebrek.',
      clusters: [['G1', 'Een vaste overlegtijd', 'Elke week een half uur.'],
        ['G2', 'Een eigen werkplek', 'Een plek in de school.'], ['G3', 'Een budget', '']],
      votes: [['G1', 'G1', 'G1'], ['G1', 'G1', 'G1'], ['G1', 'G1', 'G2'], ['G2', 'G2', 'G2']],
      stopAt: 7,
    });
    // Blauw: 1 person, never reached the vote: 0 dots.
    const c = await runTable(blauw, {
      people: [[NAMES[6], 'School leader']],
      clusters: [['B1', 'Minder papier', 'Alles digitaal.']],
      stopAt: 5,
    });
    await Promise.all([...a, ...b, ...c].map((x) => x.close()));
  });

  // G1 8/12 and R1 4/6 share two thirds: more votes first. G2 4/12 and R2 2/6 a third.
  // G3 0/12 and B1 (no vote: 0 of 0) share 0: table order.
  const ORDER = [['G1', 8, 12], ['R1', 4, 6], ['G2', 4, 12], ['R2', 2, 6], ['G3', 0, 12], ['B1', 0, 0]];

  test('JSON: {event, tables, ranking} by vote share with the tie rules', async () => {
    const r = await exportOf('json', 'nl');
    assert.equal(r.status, 200, r.text);
    assert.match(r.headers.get('content-type'), /^application\/json/);
    assert.match(r.headers.get('content-disposition'), new RegExp(`attachment; filename="[^"]*${ev.code}[^"]*\\.json"`));
    const doc = r.json;
    assert.equal(doc.event.code, ev.code);
    assert.equal(doc.event.title, 'Conferentiedag');
    // Each table is its session report JSON, in the event's order.
    assert.deepEqual(doc.tables.map((t) => t.meta.code), ev.tables.map((t) => t.code));
    for (const t of doc.tables) assert.equal(t.report, 'tafel-session-report');
    assert.deepEqual(doc.ranking.map((x) => [x.table, x.cluster]),
      ORDER.map(([k]) => [ids[k].table, ids[k].cluster]));
    for (const [i, [k, votes, dots]] of ORDER.entries()) {
      const x = doc.ranking[i];
      assert.equal(x.title, ids[k].title);
      assert.equal(x.votes, votes, k);
      assert.equal(x.dots, dots, k);
      assert.equal(x.share, dots ? votes / dots : 0, k);
    }
    // The same JSON a session's own export gives, for each table (but for the time of export).
    const own = await srv.http('GET', `/api/sessions/${ev.tables[1].code}/export?format=json&lang=nl`, { key: ev.event_key });
    const strip = (o) => JSON.parse(JSON.stringify(o, (k, v) => (k === 'exported_at' ? null : v)));
    assert.deepEqual(strip(doc.tables[1]), strip(own.json));
  });

  test('Markdown, Dutch: the chapter shape, labels, "N van M stippen", no names', async () => {
    const r = await exportOf('md', 'nl');
    assert.equal(r.status, 200, r.text);
    assert.match(r.headers.get('content-type'), /^text\/markdown/);
    const md = r.text;
    assert.ok(md.startsWith('# Conferentiedag\n'), md.slice(0, 80));
    assert.match(md, /3 dialoogtafels met samen 7 deelnemers\. Naar achtergrond: /);
    assert.match(md, /De centrale probleemstelling was: How might we make sure every protocol rule is tested\?/);
    const at = (s) => { const i = md.indexOf(s); assert.ok(i >= 0, `missing: ${s}`); return i; };
    // Sections in the chapter's order.
    const order = ['## 1 Aandachtspunten per persona', '### The teacher', '#### Rood',
      'Aan tafel Rood voelt de leraar zich overvraagd.', '#### Groen', 'Groen ziet vooral tijdgebrek.',
      '#### Blauw \\<script\\>x\\</script\\>', 'Aan deze tafel is geen synthese geschreven.',
      '#### Wat alle tafels noteerden', '**Denkt.** Rood denkt 1. Rood denkt 2. Groen denkt 1.',
      '## 2 Belangrijkste oplossingsrichtingen', '## 3 Samenvattingen per tafel',
      '## Bijlage A Rood', '## Bijlage B Groen', '## Bijlage C Blauw'];
    for (let i = 1; i < order.length; i++) assert.ok(at(order[i - 1]) < at(order[i]), `${order[i - 1]} before ${order[i]}`);
    // The ranking, each direction with its table, votes as "N van M stippen" and share.
    let last = -1;
    for (const [i, [k, votes, dots]] of ORDER.entries()) {
      const pct = dots ? (Math.round((votes * 1000) / dots) / 10).toFixed(1).replace('.', ',') : '0,0';
      const name = ids[k].tableName === BLAUW ? 'Blauw \\<script\\>x\\</script\\>' : ids[k].tableName;
      const head = `### ${i + 1}. ${ids[k].title}\n\nTafel: ${name} · Stemmen: ${votes} van ${dots} stippen (${pct}%)`;
      const pos = at(head);
      assert.ok(pos > last, `direction ${i + 1} in order`);
      last = pos;
    }
    assert.ok(at('Eens per week plannen leraar en OOP samen.') > at('### 2. Samen plannen'), 'elaboration');
    assert.ok(at('Ideeën die deze richting dragen:\n\n- Idee van Groen') > at('### 1. Een vaste overlegtijd'), 'ideas');
    assert.match(md, /Aan Blauw \\<script\\>x\\<\/script\\> is niet gestemd/);
    // Each table's summary, labelled (generated: none was written).
    assert.ok(at('### Rood\n\nDeze samenvatting is automatisch opgesteld') > at('## 3 Samenvattingen per tafel'));
    // Appendices: participants per background and the vote table.
    const inAppendix = (s) => md.indexOf(s, at('## Bijlage B Groen')) > 0 && md.indexOf(s, at('## Bijlage B Groen')) < at('## Bijlage C');
    assert.ok(inAppendix('| School leader | 1 |\n| **Totaal** | 4 |'), 'participants per background');
    assert.ok(inAppendix('| 1 | Een vaste overlegtijd | 6 | 0 | 2 | 8 |'), 'the vote table');
    for (const n of NAMES) assert.ok(!md.includes(n), `${n} appears`);
  });

  test('English, HTML and CSV: labels, escaping, one row per direction', async () => {
    const en = await exportOf('md', 'en');
    assert.equal(en.status, 200);
    assert.match(en.text, /Table: Groen · Votes: 8 of 12 dots \(66\.7%\)/);
    assert.match(en.text, /Table: Rood · Votes: 4 of 6 dots \(66\.7%\)/);
    assert.match(en.text, /## 3 Summaries of the tables/);

    for (const lang of ['nl', 'en']) {
      const h = await exportOf('html', lang);
      assert.equal(h.status, 200);
      assert.match(h.headers.get('content-type'), /^text\/html/);
      assert.ok(h.text.startsWith('<!DOCTYPE html>'));
      assert.ok(h.text.includes(`<html lang="${lang}">`));
      assert.ok(!h.text.includes('<script'), 'no script element');
      assert.ok(h.text.includes('Blauw &lt;script&gt;x&lt;/script&gt;'), 'the table name escaped');
      assert.ok(h.text.includes(lang === 'nl' ? '8 van 12 stippen' : '8 of 12 dots'));
      for (const n of NAMES) assert.ok(!h.text.includes(n), `${n} appears in the HTML`);

      const c = await exportOf('csv', lang);
      assert.equal(c.status, 200);
      assert.match(c.headers.get('content-type'), /^text\/csv/);
      const rows = c.text.trimEnd().split('\r\n');
      assert.equal(rows[0], 'table,direction,votes,dots,share,description');
      assert.equal(rows.length, 1 + ORDER.length);
      assert.equal(rows[1], `Groen,Een vaste overlegtijd,8,12,${8 / 12},Elke week een half uur.`);
      assert.equal(rows[2], `Rood,Samen plannen,4,6,${4 / 6},Eens per week plannen leraar en OOP samen.`);
      assert.equal(rows[3], `Groen,Een eigen werkplek,4,12,${4 / 12},Een plek in de school.`);
      assert.equal(rows[4], `Rood,Minder vergaderen,2,6,${2 / 6},`);
      assert.equal(rows[5], 'Groen,Een budget,0,12,0,');
      assert.equal(rows[6], `${BLAUW},Minder papier,0,0,0,Alles digitaal.`);
      for (const n of NAMES) assert.ok(!c.text.includes(n), `${n} appears in the CSV`);
    }
    const j = await exportOf('json', 'en');
    for (const n of NAMES) assert.ok(!j.text.includes(n), `${n} appears in the JSON`);
  });

  test('errors: 401 wrong key, 403 a table key or another event, 404 unknown, 400 bad format', async () => {
    assertErrorBody(await exportOf('md', 'nl', 'not-a-key'), 401);
    assertErrorBody(await exportOf('md', 'nl', ev.tables[0].facilitator_key), 403);
    const other = await srv.http('POST', '/api/events', { key: ADMIN, body: { title: 'Ander', template: 'proto', tables: 1 } });
    assert.equal(other.status, 201);
    assertErrorBody(await exportOf('md', 'nl', other.json.event_key), 403);
    assertErrorBody(await srv.http('GET', '/api/events/ZZZZZZ/export?format=md', { key: ADMIN }), 404);
    assertErrorBody(await exportOf('xml', 'nl'), 400);
    assertErrorBody(await exportOf('md', 'de'), 400);
    // The organizer may export it as well.
    assert.equal((await exportOf('csv', 'nl', ADMIN)).status, 200);
  });

  test('tafel export --event with the server stopped gives the same report', async () => {
    const http = {};
    for (const f of ['md', 'json', 'csv', 'html']) http[f] = (await exportOf(f, 'nl')).text;
    await srv.stop();
    try {
      const dropDate = (s) => s.replace(/opgesteld op [^*<"]*/g, 'opgesteld op …');
      for (const f of ['md', 'csv', 'html']) {
        const r = runTafel(['export', '--db', srv.db, '--event', ev.code.toLowerCase(), '--format', f, '--lang', 'nl']);
        assert.equal(r.status, 0, r.stderr);
        assert.equal(dropDate(r.stdout), dropDate(http[f]), `${f} differs`);
      }
      const r = runTafel(['export', '--db', srv.db, '--event', ev.code, '--format', 'json', '--lang', 'nl']);
      assert.equal(r.status, 0, r.stderr);
      const strip = (s) => JSON.parse(s, (k, v) => (k === 'exported_at' ? null : v));
      assert.deepEqual(strip(r.stdout), strip(http.json));
      // Errors: no such event, a session's code, options an event's report does not take.
      const none = runTafel(['export', '--db', srv.db, '--event', 'WWWWWW']);
      assert.equal(none.status, 1);
      assert.match(none.stderr, /no event WWWWWW/);
      assert.equal(runTafel(['export', '--db', srv.db, '--event', ev.tables[0].code]).status, 1);
      assert.equal(runTafel(['export', '--db', srv.db, '--event', ev.code, '--names']).status, 2);
      assert.equal(runTafel(['export', '--db', srv.db, '--event', ev.code, '--format', 'doc']).status, 2);
      assert.equal(runTafel(['export', '--db', srv.db, '--event', ev.code, 'EXTRA']).status, 2);
    } finally {
      await srv.start();
    }
  });
});
