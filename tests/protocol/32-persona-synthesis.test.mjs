// Version 2: the persona synthesis. The facilitator writes per persona what the table
// concluded; everyone sees it in the state and in persona.changed; it survives a restart and
// may be written after the session ended. Against a real server.
import { test, describe, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { startServer, runTafel, SOURCE_DIR } from './lib/server.mjs';
import { screen, participant, facilitator, table, assertAllClean, closeAll } from './lib/client.mjs';

let srv;
before(async () => { srv = await startServer(); });
after(async () => { await closeAll(); await srv?.cleanup(); });
afterEach(() => assertAllClean());

const ANNA = { a: ['Anna', 'Teacher'] };

describe('persona.synthesis', () => {
  test('state.personas[] carries synthesis, "" when none', async () => {
    const t = await table(srv, { participants: ANNA });
    for (const c of t.all) {
      assert.ok(c.state.personas.length >= 1);
      for (const p of c.state.personas) assert.equal(p.synthesis, '');
    }
    await t.close();
  });

  test('the facilitator writes it; persona.changed reaches everyone; empty text clears it', async () => {
    const t = await table(srv, { participants: ANNA });
    const pid = t.fac.state.personas[0].id;
    const text = 'Volgens deelnemers voelt de leraar zich "alleen" <b>overvraagd</b>.';
    await t.fac.ok({ type: 'persona.synthesis', persona: pid, text });
    const evs = await Promise.all(t.all.map((c) => c.waitEvent('persona.changed')));
    for (const ev of evs) assert.deepEqual(ev.persona, { id: pid, synthesis: text });
    for (const c of [await screen(srv, t.code, 's2'), await participant(srv, t.code, 'Ben')]) {
      assert.equal(c.state.personas.find((p) => p.id === pid).synthesis, text);
      await c.close();
    }
    await t.fac.ok({ type: 'persona.synthesis', persona: pid, text: '' });
    const cleared = await t.a.waitEvent('persona.changed', (e) => e.seq > evs[0].seq);
    assert.deepEqual(cleared.persona, { id: pid, synthesis: '' });
    await t.close();
  });

  test('errors: participant and screen forbidden; unknown persona, bad text invalid; too long too_large', async () => {
    const t = await table(srv, { participants: ANNA });
    const pid = t.fac.state.personas[0].id;
    await t.a.err({ type: 'persona.synthesis', persona: pid, text: 'x' }, 'forbidden');
    await t.s.err({ type: 'persona.synthesis', persona: pid, text: 'x' }, 'forbidden');
    await t.fac.err({ type: 'persona.synthesis', persona: 'nobody', text: 'x' }, 'invalid');
    await t.fac.err({ type: 'persona.synthesis', text: 'x' }, 'invalid');
    await t.fac.err({ type: 'persona.synthesis', persona: pid }, 'invalid');
    await t.fac.err({ type: 'persona.synthesis', persona: pid, text: 5 }, 'invalid');
    await t.fac.err({ type: 'persona.synthesis', persona: pid, text: 'a\u0000b' }, 'invalid');
    await t.fac.err({ type: 'persona.synthesis', persona: pid, text: 'x'.repeat(20001) }, 'too_large');
    const f2 = await facilitator(srv, t.code, t.key, 'fac2');
    assert.equal(f2.state.personas[0].synthesis, '', 'nothing changed');
    await f2.close();
    await t.close();
  });

  test('after session.end the synthesis may still be written, and it survives a restart', async () => {
    const t = await table(srv, { participants: ANNA });
    const pid = t.fac.state.personas.at(-1).id;
    await t.fac.ok({ type: 'session.end' });
    await t.fac.ok({ type: 'persona.synthesis', persona: pid, text: 'Written afterwards' });
    await t.close();
    await srv.restart();
    const f = await facilitator(srv, t.code, t.key, 'fac-after');
    assert.equal(f.state.personas.at(-1).synthesis, 'Written afterwards');
    const r = await srv.http('GET', `/api/sessions/${t.code}/export?format=json`, { key: t.key });
    assert.equal(r.status, 200);
    await f.close();
  });
});

// The synthesis in the report: every format and language, as the facilitator wrote it (escaped
// where the format needs it); the persona opens with it and its notes move to the appendix.
describe('the synthesis in the export', () => {
  const FORMATS = ['md', 'html', 'json', 'csv', 'doc'];

  test('every format and language carries it; chapter=N numbers the sections', async () => {
    const t = await table(srv, { participants: ANNA });
    const [p1, p2] = t.fac.state.personas;
    const text1 = 'The table found that teachers feel <alone> & "overasked".';
    const text2 = 'Leaders want room\n\nbut lack the money.';
    await t.fac.ok({ type: 'persona.synthesis', persona: p1.id, text: text1 });
    await t.fac.ok({ type: 'persona.synthesis', persona: p2.id, text: text2 });
    for (const format of FORMATS) {
      for (const lang of ['nl', 'en']) {
        const r = await srv.http('GET', `/api/sessions/${t.code}/export?format=${format}&lang=${lang}`,
          { key: t.key });
        assert.equal(r.status, 200, `${format} ${lang}: ${r.text}`);
        const body = r.text;
        if (format === 'json') {
          const maps = r.json.personas.maps;
          assert.equal(r.json.version, 2);
          assert.deepEqual(maps.map((m) => m.persona.synthesis), [text1, text2]);
          assert.ok(maps.every((m) => m.in_appendix), 'the notes moved to the appendix');
          assert.ok(r.json.meta.headings.empathy_maps.includes('D'), 'appendix D');
        } else if (format === 'html' || format === 'doc') {
          assert.ok(body.includes('<p>The table found that teachers feel &lt;alone&gt; &amp; &quot;overasked&quot;.</p>'),
            `${format} ${lang}: escaped synthesis`);
          assert.ok(body.includes('<p>Leaders want room</p>\n<p>but lack the money.</p>'), 'paragraphs kept');
          assert.ok(body.indexOf('id="personas"') < body.indexOf('overasked'), 'in section 1');
        } else if (format === 'md') {
          assert.ok(body.includes('The table found that teachers feel \\<alone\\> \\& "overasked".'),
            `md ${lang}: ${body.slice(0, 2000)}`);
          assert.ok(body.indexOf('## 1 ') < body.indexOf('overasked'), 'in section 1');
          assert.ok(body.includes(lang === 'nl' ? '## Bijlage D Empathy maps' : '## Appendix D Empathy maps'));
        } else {
          assert.ok(body.includes(`,"${text1.replaceAll('"', '""')}",,,synthesis,`), `csv ${lang}`);
          assert.ok(body.includes('"Leaders want room\n\nbut lack the money.",,,synthesis,'), 'csv 2');
        }
      }
    }
    const ch = await srv.http('GET', `/api/sessions/${t.code}/export?format=md&lang=nl&chapter=6`, { key: t.key });
    assert.equal(ch.status, 200);
    assert.match(ch.text, /^# 6 /);
    for (const h of ['## 6.1 Aandachtspunten per persona', '## 6.2 Belangrijkste', '## 6.3 Samenvatting',
      '## Bijlage 6C Stemmentabel']) assert.ok(ch.text.includes(h), h);
    for (const bad of ['0', '100', 'x', '6a', '-1']) {
      const r = await srv.http('GET', `/api/sessions/${t.code}/export?format=md&chapter=${bad}`, { key: t.key });
      assert.equal(r.status, 400, `chapter=${bad}`);
      assert.equal(r.json.error.code, 'invalid');
    }
    // The command line gives the same bytes, and refuses a chapter out of range.
    const cli = runTafel(['export', '--db', srv.db, t.code, '--format', 'md', '--lang', 'nl', '--chapter', '6']);
    assert.equal(cli.status, 0, cli.out);
    assert.equal(cli.stdout.replace(/opgesteld op [^*]*/, ''), ch.text.replace(/opgesteld op [^*]*/, ''));
    for (const bad of ['0', '100', 'six', '4294967302']) {
      const r = runTafel(['export', '--db', srv.db, t.code, '--chapter', bad]);
      assert.equal(r.status, 2, `--chapter ${bad}`);
      assert.match(r.stderr, /--chapter must be a whole number from 1 to 99/);
    }
    const doc = await srv.http('GET', `/api/sessions/${t.code}/export?format=doc&lang=en`, { key: t.key });
    assert.equal(doc.headers.get('content-type'), 'application/msword');
    assert.match(doc.headers.get('content-disposition'), /\.doc"$/);
    await t.close();
  });

  test('the model template: Dutch plurals and the method text in the opening', async () => {
    const real = await startServer({ templates: path.join(SOURCE_DIR, 'sessions') });
    try {
      const s = await real.createSession('dialoogtafel');
      const fac = await facilitator(real, s.code, s.facilitator_key, 'fac-model');
      const people = [['Anna', 'Leraar (OP)'], ['Bram', 'Leraar (OP)'], ['Cas', 'Schoolleider'],
        ['Dewi', 'OOP'], ['Eef', 'OOP'], ['Floor', 'OOP'], ['Gijs', 'Medewerker bond'], ['Hans', 'Medewerker bond']];
      const joined = [];
      for (const [name, bg] of people) joined.push(await participant(real, s.code, name, bg));
      const r = await real.http('GET', `/api/sessions/${s.code}/export?format=md&lang=nl`, { key: s.facilitator_key });
      assert.equal(r.status, 200);
      assert.ok(r.text.includes('met 8 deelnemers: 3 OOP’ers, 2 leraren (OP), 1 schoolleider en 2 medewerkers van een bond.'),
        r.text.slice(0, 1200));
      assert.ok(r.text.includes('werkte met design thinking'), 'the method text');
      const en = await real.http('GET', `/api/sessions/${s.code}/export?format=html&lang=en`, { key: s.facilitator_key });
      assert.ok(en.text.includes('worked with design thinking'), 'the English method text');
      for (const c of [fac, ...joined]) await c.close();
    } finally {
      await real.cleanup();
    }
  });
});
