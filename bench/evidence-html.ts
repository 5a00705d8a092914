/**
 * Benchmark and proof of `wan-contract evidence --html`: generates a task log of one million records with the
 * generator of `bench/evidence.ts`, writes the page with the built CLI (the default engine, then `--engine duckdb`),
 * and opens each page in headless Chromium (as test/evidence/duckdb/html.test.ts does): every chart must be drawn
 * (a non-blank canvas), no script may fail, and no request may leave the page. Prints the time, the peak RSS and the
 * page's size per engine, and the page's size on a log of 10,000 records: the page must stay bounded whatever the
 * log's size (at most 10% larger than the small log's, and under 1 MiB). Both engines must write the same page.
 * Exits 1 when a check fails.
 * Run: `npm run bench:evidence-html [-- --records N] [--threads T] [--log FILE]` (`--log`: an existing log instead).
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchChromium } from '../test/docs/browser.js';
import { openEvidencePage, pageProblems, type PageCheck } from '../test/evidence/duckdb/page-check.js';
import { generate } from './evidence.js';

const CLI = fileURLToPath(new URL('../dist/cli/main.js', import.meta.url));
const SMALL_RECORDS = 10_000;
const MAX_PAGE_BYTES = 1024 * 1024;
const MAX_GROWTH = 1.1;

// Loaded into the CLI's process: at exit it writes its own peak RSS (DuckDB's native memory included) to stderr.
const PEAK_RSS = `data:text/javascript,${encodeURIComponent(
  "process.on('exit', () => process.stderr.write('\\npeak-rss ' + process.resourceUsage().maxRSS * 1024 + '\\n'));",
)}`;

interface Written {
  readonly engine: string;
  readonly page: string;
  readonly ms: number;
  readonly peakRss: number;
  readonly bytes: number;
}

/** Runs `wan-contract evidence --html` (the built CLI) and measures it. */
function writePage(log: string, page: string, engine: string, threads: number): Promise<Written> {
  const args = ['--import', PEAK_RSS, CLI, 'evidence', '--html', page, log];
  if (engine !== 'default') args.push('--engine', engine, '--threads', String(threads));
  const started = performance.now();
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = performance.now() - started;
      const peak = /^peak-rss (\d+)$/m.exec(stderr);
      const said = stderr.replace(/\n?peak-rss \d+\n/, '').trim();
      if (code !== 0) return reject(new Error(`evidence --html (${engine}) exited ${code}: ${said}`));
      stat(page).then(
        (info) => resolve({ engine, page, ms, peakRss: Number(peak?.[1] ?? 0), bytes: info.size }),
        reject,
      );
    });
  });
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;
const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

function flag(argv: string[], name: string): string | undefined {
  const at = argv.indexOf(name);
  return at >= 0 ? argv[at + 1] : undefined;
}

/** Opens each page in Chromium and prints what it saw; the problems found, per page. */
async function browse(pages: readonly Written[]): Promise<string[]> {
  const problems: string[] = [];
  const browser = await launchChromium();
  try {
    for (const written of pages) {
      const check: PageCheck = await openEvidencePage(browser, written.page, 120_000);
      const found = pageProblems(check);
      const canvases = check.canvases.map((c) => `${c.id} ${c.painted.toLocaleString('en')} px`).join(', ');
      const left = check.requests.filter((r) => r !== check.url).length;
      console.log(
        `browser    ${written.engine.padEnd(7)} page: ${check.charts ?? 0} charts drawn in ${s(check.ms)} (${canvases}); ${check.requests.length} request (the page itself), ${left} leaving the page; ${check.errors.length} script errors, ${check.consoleErrors.length} console errors`,
      );
      problems.push(...found.map((p) => `${written.engine} page: ${p}`));
    }
  } finally {
    await browser.close();
  }
  return problems;
}

async function main(argv: string[]): Promise<void> {
  const count = Number(flag(argv, '--records') ?? 1_000_000);
  const threads = Number(flag(argv, '--threads') ?? 2);
  const dir = await mkdtemp(join(tmpdir(), 'wan-evidence-html-bench-'));
  try {
    let log = flag(argv, '--log');
    if (log === undefined) {
      log = join(dir, 'tasks.jsonl');
      const started = performance.now();
      await generate(log, count);
      console.log(
        `generated  ${count.toLocaleString('en')} records (${mb((await stat(log)).size)}) in ${s(performance.now() - started)}`,
      );
    } else console.log(`log        ${log} (${mb((await stat(log)).size)})`);
    const small = join(dir, 'small.jsonl');
    await generate(small, SMALL_RECORDS);
    const pages: Written[] = [];
    for (const engine of ['default', 'duckdb']) {
      const written = await writePage(log, join(dir, `evidence-${engine}.html`), engine, threads);
      pages.push(written);
      console.log(
        `evidence   --html, ${`${engine} engine:`.padEnd(15)} ${s(written.ms)} wall, peak RSS ${mb(written.peakRss)}, page ${kib(written.bytes)}`,
      );
    }
    const reference = await writePage(small, join(dir, 'small.html'), 'default', threads);
    console.log(
      `evidence   --html on ${SMALL_RECORDS.toLocaleString('en')} records: page ${kib(reference.bytes)} (${s(reference.ms)})`,
    );
    const problems: string[] = [];
    const [plain, duck] = pages as [Written, Written];
    const same = (await readFile(plain.page, 'utf8')) === (await readFile(duck.page, 'utf8'));
    console.log(`pages      default and duckdb engines wrote ${same ? 'the same page' : 'DIFFERENT pages'}`);
    if (!same) problems.push('the engines wrote different pages');
    for (const written of pages) {
      if (written.bytes > MAX_PAGE_BYTES)
        problems.push(`${written.engine} page: ${kib(written.bytes)} is over ${kib(MAX_PAGE_BYTES)}`);
      if (written.bytes > reference.bytes * MAX_GROWTH)
        problems.push(
          `${written.engine} page: ${kib(written.bytes)} is more than ${MAX_GROWTH}× the ${SMALL_RECORDS.toLocaleString('en')}-record page's ${kib(reference.bytes)}`,
        );
    }
    problems.push(...(await browse(pages)));
    console.log(
      `targets    every chart drawn, no request leaving the page, page ≤ ${kib(MAX_PAGE_BYTES)} and ≤ ${MAX_GROWTH}× the small log's: ${problems.length === 0 ? 'met' : 'MISSED'}`,
    );
    for (const problem of problems) console.log(`           ${problem}`);
    if (problems.length > 0) process.exitCode = 1;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

await main(process.argv.slice(2));
