import { pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';

/** The charts of the evidence page, in the order it draws them (the ids of its canvases). */
export const CHART_IDS = ['beta', 'success', 'ttr', 'distribution', 'billing'] as const;

/** One canvas of the page: its id, its width and how many of its pixels are painted (alpha > 0). */
export interface DrawnCanvas {
  readonly id: string;
  readonly width: number;
  readonly painted: number;
}

/** What a real browser saw of an evidence page. */
export interface PageCheck {
  /** The page's own address: the only request it may make. */
  readonly url: string;
  /** Every request the page made, its own load included. */
  readonly requests: readonly string[];
  /** Uncaught errors of its scripts. */
  readonly errors: readonly string[];
  /** Errors on its console: among them each request its Content-Security-Policy refused (it never left). */
  readonly consoleErrors: readonly string[];
  /** The charts the page says it drew (`body[data-charts]`), or null when it never said. */
  readonly charts: number | null;
  readonly canvases: readonly DrawnCanvas[];
  /** From navigation to every chart drawn (or to giving up), in ms. */
  readonly ms: number;
}

/** A canvas is drawn when it has a size and more than a blank canvas's worth of painted pixels (axes, bars, lines). */
export function isDrawn(canvas: DrawnCanvas): boolean {
  return canvas.width > 0 && canvas.painted > 500;
}

/** Whether the page passed: no script error, every chart drawn, no request but its own load. */
export function pageProblems(check: PageCheck): string[] {
  const problems: string[] = [];
  if (check.errors.length > 0) problems.push(`script errors: ${check.errors.join('; ')}`);
  if (check.consoleErrors.length > 0) problems.push(`console errors: ${check.consoleErrors.join('; ')}`);
  if (check.charts !== CHART_IDS.length) problems.push(`the page drew ${check.charts ?? 'no'} charts`);
  const ids = check.canvases.map((c) => c.id);
  if (ids.join() !== CHART_IDS.join()) problems.push(`canvases ${ids.join(', ')}, expected ${CHART_IDS.join(', ')}`);
  const blank = check.canvases.filter((c) => !isDrawn(c)).map((c) => c.id);
  if (blank.length > 0) problems.push(`blank canvases: ${blank.join(', ')}`);
  const left = check.requests.filter((r) => r !== check.url);
  if (left.length > 0) problems.push(`requests leaving the page: ${left.join(', ')}`);
  return problems;
}

/**
 * Opens an evidence page (`evidence --html FILE`) in the browser and looks at it: the requests it makes, its script
 * errors, and each canvas's painted pixels once it says every chart is drawn.
 */
export async function openEvidencePage(browser: Browser, file: string, timeoutMs = 30_000): Promise<PageCheck> {
  const url = pathToFileURL(file).href;
  const tab = await browser.newPage();
  try {
    const requests: string[] = [];
    const errors: string[] = [];
    tab.on('request', (request) => requests.push(request.url()));
    tab.on('pageerror', (error) => errors.push(error.message));
    const consoleErrors: string[] = [];
    tab.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    const started = performance.now();
    await tab.goto(url);
    let charts: number | null = CHART_IDS.length;
    await tab.waitForSelector(`body[data-charts="${CHART_IDS.length}"]`, { timeout: timeoutMs }).catch(async () => {
      const said = await tab.evaluate(() => document.body.dataset.charts);
      charts = said === undefined ? null : Number(said);
    });
    const ms = performance.now() - started;
    const canvases = await tab.evaluate(() =>
      [...document.querySelectorAll('canvas')].map((canvas) => {
        const { width, height } = canvas;
        if (width === 0 || height === 0) return { id: canvas.id, width, painted: 0 };
        const pixels = canvas.getContext('2d')!.getImageData(0, 0, width, height).data;
        let painted = 0;
        for (let i = 3; i < pixels.length; i += 4) if (pixels[i]! > 0) painted += 1;
        return { id: canvas.id, width, painted };
      }),
    );
    return { url, requests, errors, consoleErrors, charts, canvases, ms };
  } finally {
    await tab.close();
  }
}
