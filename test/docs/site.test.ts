import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { launchChromium } from './browser.js';

// Builds the docs site with `npm run docs` and opens it in headless Chromium (./browser.ts) from file://, the way a reader opens a
// downloaded copy: every request that is not file:, data:, blob: or loopback is blocked and recorded as a failure.

const ROOT = resolve(import.meta.dirname, '../..');
const SITE = join(ROOT, 'dist/docs');
const PROFILES = ['crazyrouter', 'dashscope'] as const;
const registry = JSON.parse(readFileSync(join(ROOT, 'spec/registry.json'), 'utf8')) as {
  models: Record<string, { profiles: string[] }>;
};
const MODEL_IDS = Object.keys(registry.models);
/** The models a profile's reference lists (each profile's document names only its own). */
const modelsOfProfile = (profile: string) => MODEL_IDS.filter((id) => registry.models[id]!.profiles.includes(profile));

let browser: Browser;

interface Visit {
  readonly page: Page;
  readonly consoleErrors: string[];
  readonly blocked: string[];
}

function isLocal(url: string): boolean {
  const { protocol, hostname } = new URL(url);
  return (
    ['file:', 'data:', 'blob:', 'about:'].includes(protocol) ||
    hostname === '127.0.0.1' ||
    hostname === '[::1]' ||
    hostname === 'localhost'
  );
}

async function visit(file: string): Promise<Visit> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const consoleErrors: string[] = [];
  const blocked: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => consoleErrors.push(error.message));
  await context.route('**/*', async (route) => {
    const url = route.request().url();
    if (isLocal(url)) return route.continue();
    blocked.push(url);
    return route.abort('blockedbyclient');
  });
  await page.goto(pathToFileURL(join(SITE, file)).href, { waitUntil: 'load' });
  return { page, consoleErrors, blocked };
}

beforeAll(async () => {
  execFileSync(process.execPath, [join(ROOT, 'scripts/build-docs.mjs')], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
});

describe('docs site', () => {
  test.each(PROFILES)('renders every operation and model of the %s reference offline', async (profile) => {
    const { page, consoleErrors, blocked } = await visit(`${profile}.html`);
    const document = JSON.parse(readFileSync(join(ROOT, `spec/${profile}.openapi.json`), 'utf8')) as {
      paths: Record<string, Record<string, { operationId?: string }>>;
    };
    const operationIds = Object.values(document.paths).flatMap((item) =>
      Object.values(item).flatMap((op) => (op && typeof op === 'object' && op.operationId ? [op.operationId] : [])),
    );
    expect(operationIds.length).toBeGreaterThan(1);
    // Redoc renders on the client: wait for its operation sections, then check each one is there.
    await page.waitForSelector(`[data-section-id="operation/${operationIds[0]}"]`, { timeout: 30_000 });
    for (const id of operationIds)
      expect(await page.locator(`[data-section-id="operation/${id}"]`).count(), id).toBe(1);
    const text = await page.locator('body').innerText();
    for (const model of modelsOfProfile(profile)) expect(text, model).toContain(model);
    expect(await page.title()).toContain(profile);
    expect(consoleErrors).toEqual([]);
    expect(blocked).toEqual([]);
    // The screenshot shows the first operation: its request schema and, on the right, the request sample.
    await page
      .locator(`[data-section-id="operation/${operationIds[0]}"]`)
      .evaluate((section) => section.scrollIntoView({ block: 'start' }));
    const screenshot = join(SITE, `screenshot-${profile}.png`);
    await page.screenshot({ path: screenshot });
    expect(statSync(screenshot).size).toBeGreaterThan(20_000);
    await page.context().close();
  });

  test('shows the model and price tables with every model', async () => {
    const { page, consoleErrors, blocked } = await visit('models.html');
    const table = await page.locator('table').first().innerText();
    for (const model of MODEL_IDS) expect(table + (await page.locator('body').innerText()), model).toContain(model);
    expect(await page.locator('table').count()).toBeGreaterThanOrEqual(2);
    expect(consoleErrors).toEqual([]);
    expect(blocked).toEqual([]);
    await page.context().close();
  });

  test('links every page from the overview, and every link resolves', async () => {
    const { page, consoleErrors, blocked } = await visit('index.html');
    const links = await page
      .locator('main a')
      .evaluateAll((anchors) => anchors.map((a) => (a as HTMLAnchorElement).getAttribute('href') ?? ''));
    expect(links).toEqual(
      expect.arrayContaining([
        'getting-started.html',
        'crazyrouter.html',
        'dashscope.html',
        'models.html',
        'profiles.html',
      ]),
    );
    for (const link of links) expect(existsSync(join(SITE, link)), link).toBe(true);
    expect(consoleErrors).toEqual([]);
    expect(blocked).toEqual([]);
    await page.context().close();
  });

  test('renders the getting-started page and the profile differences as HTML', async () => {
    const start = await visit('getting-started.html');
    expect(await start.page.locator('h1').innerText()).toBe('Getting started');
    expect(await start.page.locator('pre code').count()).toBeGreaterThanOrEqual(4);
    await start.page.context().close();
    const profiles = await visit('profiles.html');
    expect(await profiles.page.locator('table th').allInnerTexts()).toEqual(
      expect.arrayContaining(['crazyrouter', 'dashscope']),
    );
    expect(profiles.blocked).toEqual([]);
    await profiles.page.context().close();
  });

  test('blocks and reports a request leaving the machine', async () => {
    // Proves the guard above can fail: a page that fetches a remote URL is caught.
    const { page, blocked } = await visit('index.html');
    await page.evaluate(() => fetch('https://cdn.example.com/x.js').catch(() => undefined));
    expect(blocked).toEqual(['https://cdn.example.com/x.js']);
    await page.context().close();
  });
});
