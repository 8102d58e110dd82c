// The word-processor export (format doc) opened by LibreOffice, converted back and read.
//
// Environment: TAFEL_BIN (the unit-test executable `test_export` sits next to it) and
// TAFEL_SOURCE_DIR. Needs Debian's LibreOffice Writer without a GUI (`soffice`, package
// libreoffice-writer-nogui) and `unzip`; scripts/install-deps.sh --test installs both.
//
// The file is HTML written for import. Word reads it as a document; LibreOffice is the
// reader we can run here: the test converts it to DOCX (the HTML import of Writer, as a
// document) and to ODT (LibreOffice's own choice of import, as a double click opens it),
// and checks that what comes out is a document with real headings at the right levels, in
// order, real tables and real lists, and the report's text.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const bin = process.env.TAFEL_BIN;
const src = process.env.TAFEL_SOURCE_DIR;
if (!bin || !src) throw new Error('TAFEL_BIN and TAFEL_SOURCE_DIR must be set');
const renderer = path.join(path.dirname(bin), 'test_export');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tafel-export-word-'));

function have(tool, args = ['--version']) {
  try {
    execFileSync(tool, args, { stdio: 'ignore', timeout: 60000 });
    return true;
  } catch (e) {
    return e.code !== 'ENOENT';
  }
}
const skip = !(have('soffice') && have('unzip', ['-v'])) &&
  'soffice or unzip missing (scripts/install-deps.sh --test installs libreoffice-writer-nogui and unzip)';

after(() => fs.rmSync(tmp, { recursive: true, force: true }));

function renderDoc(lang, name) {
  const file = path.join(tmp, `${name}.doc`);
  fs.writeFileSync(file, execFileSync(renderer, ['--render', 'model', 'doc', lang], {
    env: { ...process.env, TAFEL_SOURCE_DIR: src }, maxBuffer: 64 << 20,
  }));
  return file;
}

// Converts with soffice in a profile of its own (so that runs in parallel do not share one).
function convert(file, to, infilter) {
  const outdir = path.join(tmp, `out-${to}-${path.basename(file)}`);
  const args = ['--headless', '--norestore', `-env:UserInstallation=file://${tmp}/profile`];
  if (infilter) args.push(`--infilter=${infilter}`);
  args.push('--convert-to', to, '--outdir', outdir, file);
  execFileSync('soffice', args, { stdio: 'pipe', timeout: 120000, env: { ...process.env, HOME: tmp } });
  const out = path.join(outdir, `${path.basename(file, '.doc')}.${to}`);
  assert.ok(fs.existsSync(out), `soffice made ${out}`);
  return out;
}

const entry = (zip, name) => execFileSync('unzip', ['-p', zip, name], { maxBuffer: 64 << 20 }).toString('utf8');
const unxml = (s) => s.replace(/<[^>]+>/g, '').replace(/&lt;/g, '<').replace(/&gt;/g, '>')
  .replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');

const sections = {
  nl: ['1 Aandachtspunten per persona', '2 Belangrijkste oplossingsrichtingen', '3 Samenvatting',
    'Bijlage A Slechte ideeën en hun essentie', 'Bijlage B Ideale ideeën', 'Bijlage C Stemmentabel',
    'Bijlage D Empathy maps'],
  en: ['1 Points of attention per persona', '2 Main solution directions', '3 Summary',
    'Appendix A Bad ideas and their essence', 'Appendix B Ideal ideas', 'Appendix C Vote table',
    'Appendix D Empathy maps'],
};
const personas = ['OOP’er', 'Schoolleider'];

// The DOCX's paragraphs with their style: [{style, text}].
function docxParagraphs(xml) {
  return [...xml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)].map((m) => ({
    style: (/<w:pStyle w:val="([^"]+)"/.exec(m[0]) ?? [])[1] ?? '',
    text: [...m[0].matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((t) => unxml(t[1])).join(''),
  }));
}

for (const lang of ['nl', 'en']) {
  test(`model (${lang}): Writer imports a document with headings, tables and lists (DOCX)`, { skip }, () => {
    const docx = convert(renderDoc(lang, `model-${lang}`), 'docx', 'HTML (StarWriter)');
    const xml = entry(docx, 'word/document.xml');
    const paras = docxParagraphs(xml);
    const level = (n) => paras.filter((p) => p.style === `Heading${n}`).map((p) => p.text);
    assert.deepEqual(level(1), ['Inzet van OOP in po en vo'], 'the title is heading 1');
    assert.deepEqual(level(2), sections[lang], 'sections and appendices are heading 2, in order');
    const h3 = level(3);
    assert.equal(h3.length, 7, `two personas, three directions, two maps: ${JSON.stringify(h3)}`);
    assert.deepEqual(h3.filter((t) => personas.includes(t)), [...personas, ...personas]);
    assert.ok(h3.some((t) => t.startsWith('1. Een helder BCP')), 'direction 1');
    // Tables: bad ideas, ideal ideas, votes, and the two empathy maps.
    assert.equal((xml.match(/<w:tbl>/g) ?? []).length, 5, 'five tables');
    assert.ok((xml.match(/<w:numPr>/g) ?? []).length >= 10, 'real list items');
    const text = paras.map((p) => p.text).join('\n');
    assert.ok(text.includes('Deelnemers bespraken gezamenlijk wat een OOP’er denkt'), 'the synthesis');
    // (The backgrounds are the Dutch template's, in either language.)
    assert.ok(text.includes('3 OOP’ers, 2 leraren (OP), 2 schoolleiders'), 'the counts in the plural');
    // The vote table's totals row, once.
    assert.equal(paras.filter((p) => p.text === (lang === 'nl' ? 'Totaal' : 'Total')).length, 2,
      'the total column header and the totals row');
  });
}

test('model (nl): opened by LibreOffice as it chooses, saved as ODT: headings, tables, lists', { skip }, () => {
  const odt = convert(renderDoc('nl', 'model-open'), 'odt');
  const xml = entry(odt, 'content.xml');
  const heads = [...xml.matchAll(/<text:h [^>]*text:outline-level="(\d)"[^>]*>([\s\S]*?)<\/text:h>/g)]
    .map((m) => ({ level: +m[1], text: unxml(m[2]) }));
  assert.deepEqual(heads.filter((h) => h.level === 2).map((h) => h.text), sections.nl);
  assert.equal(heads.filter((h) => h.level === 3).length, 7);
  assert.equal((xml.match(/<table:table /g) ?? []).length, 5, 'five tables');
  assert.ok((xml.match(/<text:list-item>/g) ?? []).length >= 10, 'real list items');
});
