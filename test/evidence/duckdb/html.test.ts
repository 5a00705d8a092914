import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect, test } from 'vitest';
import { analyzeLogs } from '../../../src/evidence/analyze.js';
import { evidenceHtml } from '../../../src/evidence/html.js';
import { launchChromium } from '../../docs/browser.js';
import { everyKindOfLine } from './every-kind.js';

const CHART_JS = join(import.meta.dirname, '../../../node_modules/chart.js/dist/chart.umd.min.js');

test('the evidence page opens offline in a real browser, every chart drawn, no request leaving the page', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'wan-html-'));
  const log = join(dir, 'tasks.jsonl');
  writeFileSync(log, everyKindOfLine(1500));
  const page = join(dir, 'evidence.html');
  writeFileSync(page, evidenceHtml(await analyzeLogs([log]), readFileSync(CHART_JS, 'utf8'), 'Evidence'));
  const browser = await launchChromium();
  try {
    const tab = await browser.newPage();
    const requests: string[] = [];
    const errors: string[] = [];
    tab.on('request', (request) => requests.push(request.url()));
    tab.on('pageerror', (error) => errors.push(error.message));
    await tab.goto(pathToFileURL(page).href);
    await tab.waitForSelector('body[data-charts="5"]');
    const drawn = await tab.evaluate(() =>
      [...document.querySelectorAll('canvas')].map((canvas) => {
        const { width, height } = canvas;
        const pixels = canvas.getContext('2d')!.getImageData(0, 0, width, height).data;
        let painted = 0;
        for (let i = 3; i < pixels.length; i += 4) if (pixels[i]! > 0) painted += 1;
        return { id: canvas.id, width, painted };
      }),
    );
    expect(errors).toEqual([]);
    expect(drawn.map((c) => c.id)).toEqual(['beta', 'success', 'ttr', 'distribution', 'billing']);
    for (const canvas of drawn)
      expect({ id: canvas.id, drawn: canvas.width > 0 && canvas.painted > 500 }).toEqual({
        id: canvas.id,
        drawn: true,
      });
    expect(requests).toEqual([pathToFileURL(page).href]);
  } finally {
    await browser.close();
  }
});
