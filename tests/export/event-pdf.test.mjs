// The cross-table report of an event printed to PDF by Chromium: A4 pages, every section
// and table there once, each table's appendix on a page of its own, nothing loaded from
// outside; the hostile event prints without any injected element doing anything. The HTML
// comes from the unit-test executable's render mode (the same export_event_render() as the
// server). Needs pdftotext and pdfinfo (poppler-utils). Writes
// docs/screenshots/event-report-ranking.png with pdftoppm.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { pages as pageTexts, printer, renderWith, screenshot, skip, skipShots } from './lib/print.mjs';

const { tmp, printPdf } = printer('event-pdf');
const render = (fixture, lang) => renderWith('test_export_event', [fixture, 'html', lang]);
const pages = (pdf) => pageTexts(pdf, ['-layout']);

const expected = {
  nl: {
    sections: ['1 Aandachtspunten per persona', '2 Belangrijkste oplossingsrichtingen',
      '3 Samenvattingen per tafel'],
    appendices: ['Bijlage A Zaal Noord', 'Bijlage B Zaal Zuid', 'Bijlage C Zaal West'],
    ranking: 'Alle oplossingsrichtingen naar stemaandeel',
  },
  en: {
    sections: ['1 Points of attention per persona', '2 Main solution directions',
      '3 Summaries of the tables'],
    appendices: ['Appendix A Zaal Noord', 'Appendix B Zaal Zuid', 'Appendix C Zaal West'],
    ranking: 'All solution directions by vote share',
  },
};

for (const lang of ['nl', 'en']) {
  test(`the event's report prints on A4 (${lang})`, { skip }, async () => {
    const { file, requests } = await printPdf(render('event', lang), `event-${lang}`);
    assert.deepEqual(requests, [], 'nothing is loaded from outside');
    const info = execFileSync('pdfinfo', [file]).toString('utf8');
    assert.match(info, /Page size:.*\(A4\)/);
    const list = pages(file);
    assert.ok(list.length >= 4 && list.length <= 10, `${list.length} pages`);
    const all = list.join('\n');
    for (const h of [...expected[lang].sections, ...expected[lang].appendices, expected[lang].ranking]) {
      assert.equal(all.split(h).length - 1, 1, `"${h}" once`);
    }
    // Each table's appendix opens a page: a sheet per table.
    for (const h of expected[lang].appendices) {
      const p = list.find((x) => x.includes(h));
      assert.equal(p.trim().split('\n')[0].trim(), h, `${h} starts its page`);
    }
    // The ranking is on one page with its first direction's heading after it.
    const rankPage = list.findIndex((x) => x.includes(expected[lang].ranking));
    assert.ok(rankPage >= 0 && list[rankPage].includes(lang === 'nl' ? '10 van 24 stippen' : '10 of 24 dots'));
  });
}

test('the hostile event prints as text: no script runs, nothing is loaded', { skip }, async () => {
  const html = render('hostile', 'en');
  const { file, requests, dialogs } = await printPdf(html, 'hostile');
  assert.deepEqual(requests, []);
  assert.deepEqual(dialogs, []);
  const all = pages(file).join('\n');
  assert.ok(all.includes("<script>alert('ev')</script>"), 'the event title shows as text');
  assert.ok(all.includes('<img src=x onerror=alert(2)>'), 'the table name shows as text');
});

test('a page of the report for the documentation', { skip: skipShots }, async () => {
  const { file } = await printPdf(render('event', 'nl'), 'shot');
  const pageNo = pages(file).findIndex((p) => p.includes(expected.nl.ranking)) + 1;
  screenshot(file, pageNo, tmp, 'event-report-ranking');
});
