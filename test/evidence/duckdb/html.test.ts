import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { analyzeLogs } from '../../../src/evidence/analyze.js';
import { evidenceHtml, PAGE_LIST_LIMIT } from '../../../src/evidence/html.js';
import { launchChromium } from '../../docs/browser.js';
import { everyKindOfLine } from './every-kind.js';
import { CHART_IDS, isDrawn, openEvidencePage, pageProblems } from './page-check.js';

const CHART_JS = join(import.meta.dirname, '../../../node_modules/chart.js/dist/chart.umd.min.js');
const dir = mkdtempSync(join(tmpdir(), 'wan-html-'));
const log = join(dir, 'tasks.jsonl');
writeFileSync(log, everyKindOfLine(1500));

test('the evidence page opens offline in a real browser, every chart drawn, no request leaving the page', async () => {
  const page = join(dir, 'evidence.html');
  const html = evidenceHtml(await analyzeLogs([log]), readFileSync(CHART_JS, 'utf8'), 'Evidence');
  writeFileSync(page, html);
  const browser = await launchChromium();
  try {
    // The check can fail: a page without its chart library draws nothing; a page that asks for an image on the
    // network is seen asking, and its Content-Security-Policy refuses the request (the console says so).
    const broken = join(dir, 'broken.html');
    writeFileSync(
      broken,
      evidenceHtml(await analyzeLogs([log]), '', 'Evidence').replace(
        '</h1>',
        '</h1><img src="https://example.com/x.png">',
      ),
    );
    const failed = await openEvidencePage(browser, broken, 2000);
    expect(pageProblems(failed)).toEqual([
      expect.stringMatching(/^script errors: .*Chart/),
      expect.stringMatching(/^console errors: .*https:\/\/example\.com\/x\.png/),
      'the page drew no charts',
      'blank canvases: beta, success, ttr, distribution, billing',
      'requests leaving the page: https://example.com/x.png',
    ]);
    const check = await openEvidencePage(browser, page);
    expect(pageProblems(check)).toEqual([]);
    expect(check.errors).toEqual([]);
    expect(check.consoleErrors).toEqual([]);
    expect(check.charts).toBe(CHART_IDS.length);
    expect(check.canvases.map((c) => c.id)).toEqual([...CHART_IDS]);
    for (const canvas of check.canvases)
      expect({ id: canvas.id, drawn: isDrawn(canvas) }).toEqual({ id: canvas.id, drawn: true });
    expect(check.requests).toEqual([check.url]);
  } finally {
    await browser.close();
  }
});

test('the page lists at most PAGE_LIST_LIMIT billing discrepancies, however many the report lists', async () => {
  const every = await analyzeLogs([log], { listLimit: 0 });
  expect(every.billing.discrepancies.length).toBeGreaterThan(PAGE_LIST_LIMIT);
  const html = evidenceHtml(every, '', 'Evidence');
  const rows = html.split('<h2>Billing discrepancies</h2>')[1]!.match(/<tr>/g)!.length;
  // The totals table (its head and a row per model) and the discrepancies (their head and the rows listed).
  expect(rows).toBe(1 + every.billing.totals.length + 1 + PAGE_LIST_LIMIT);
  expect(html).toContain(`… and ${every.billing.discrepancyCount - PAGE_LIST_LIMIT} more discrepancies`);
  // The default report lists 20: all of them shown, the rest counted.
  const some = await analyzeLogs([log]);
  expect(evidenceHtml(some, '', 'Evidence')).toContain(
    `… and ${some.billing.discrepancyCount - some.billing.discrepancies.length} more discrepancies`,
  );
});
