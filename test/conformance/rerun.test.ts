import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { CaseResult, ConformanceReport } from '../../src/conformance.js';
import { rerunOf } from '../../src/conformance.js';
import { createMockHandler } from '../../src/mock.js';
import { serveHandler } from '../proxy/serve-handler.js';
import { cli } from '../support/cli.js';
import { KEY, runAgainst } from './helpers.js';

/** A request as the server received it: method, path and the model of a submit body. */
interface Seen {
  readonly method: string;
  readonly path: string;
  readonly model?: string;
}

describe('conform --rerun-failed and --cases', () => {
  const dir = mkdtempSync(join(tmpdir(), 'wan-rerun-'));
  const reportFile = join(dir, 'report.json');
  const seen: Seen[] = [];
  let server: Awaited<ReturnType<typeof serveHandler>>;
  let base: string;
  let original: ConformanceReport;
  const failed = (r: CaseResult) =>
    (r.caseId === 'status-moves-forward' && r.model === 'wan2.2-t2v-plus') ||
    (r.caseId === 'rejects-missing-input' && r.model === 'wan2.2-kf2v-flash');

  beforeAll(async () => {
    const mock = createMockHandler({ pendingMs: 0, runningMs: 0, apiKey: KEY });
    server = await serveHandler(async (req) => {
      const url = new URL(req.url);
      const text = req.method === 'POST' ? await req.clone().text() : '';
      let model: string | undefined;
      try {
        model = (JSON.parse(text) as { model?: string }).model;
      } catch {
        model = undefined;
      }
      seen.push({ method: req.method, path: url.pathname, ...(model ? { model } : {}) });
      return mock(req);
    });
    base = `${server.origin}/alibailian/api/v1`;
    // A previous run with two failed case runs: a task-scope case of one model, a model-scope case of another.
    const report = await runAgainst('crazyrouter');
    const results = report.results.map((r) =>
      failed(r) ? { ...r, outcome: 'fail' as const, reason: 'failed in the previous run' } : r,
    );
    expect(results.filter((r) => r.outcome === 'fail')).toHaveLength(2);
    original = { ...report, results };
    writeFileSync(reportFile, JSON.stringify(original));
  }, 60_000);
  afterAll(() => server.close());

  test('sends only the requests of the two failed runs, after printing their cost, within --max-cost', async () => {
    const out = join(dir, 'rerun.json');
    const args = ['conform', '--rerun-failed', reportFile, '--base-url', base, '--api-key', KEY, '--json', out];
    // The shared task of wan2.2-t2v-plus costs money: with no budget nothing is sent.
    const refused = await cli([...args, '--max-cost', '0']);
    expect(refused.code).toBe(2);
    expect(refused.stdout).toContain('re-running 2 of the 2 failed or errored runs');
    expect(seen).toEqual([]);

    const run = await cli([...args, '--max-cost', '5']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(
      /re-running 2 of the 2 failed or errored runs of .*report\.json \(status-moves-forward, rejects-missing-input\): estimated cost ¥\d+\.\d{2} CNY if every task succeeds \(budget ¥5\.00\)/,
    );
    const report = JSON.parse(readFileSync(out, 'utf8')) as ConformanceReport;
    expect(report.results.map((r) => [r.caseId, r.model, r.outcome])).toEqual([
      ['status-moves-forward', 'wan2.2-t2v-plus', 'pass'],
      ['rejects-missing-input', 'wan2.2-kf2v-flash', 'pass'],
    ]);
    // At the server: the shared task of wan2.2-t2v-plus (one submit, its polls) and one invalid kf2v submit.
    const submits = seen.filter((s) => s.method === 'POST');
    expect(submits.map((s) => s.model).sort()).toEqual(['wan2.2-kf2v-flash', 'wan2.2-t2v-plus']);
    expect(seen.filter((s) => s.method === 'GET').every((s) => s.path.includes('/tasks/'))).toBe(true);
    expect(seen).toHaveLength(report.summary.requests);
    expect(seen.length).toBeLessThan(original.summary.requests / 5);
  }, 60_000);

  test('--cases runs only the cases named and refuses an unknown id, listing the valid ones', async () => {
    const run = await cli([
      'conform',
      '--cases',
      'unknown-task-status,rejects-unknown-model',
      '--json',
      join(dir, 'c.json'),
    ]);
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(readFileSync(join(dir, 'c.json'), 'utf8')) as ConformanceReport;
    expect([...new Set(report.results.map((r) => r.caseId))]).toEqual(['rejects-unknown-model', 'unknown-task-status']);
    expect(report.summary.tasks).toBe(0);
    const wrong = await cli(['conform', '--cases', 'submit-accepted,no-such-case']);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(
      /--cases: unknown case id "no-such-case"; valid ids: submit-accepted, .*status-moves-forward/,
    );
  }, 60_000);

  test('refuses a file that is not a conform report, saying what is missing', async () => {
    const notReport = join(dir, 'not.json');
    writeFileSync(notReport, JSON.stringify({ reportVersion: 1, results: [] }));
    const run = await cli(['conform', '--rerun-failed', notReport]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      `--rerun-failed: ${notReport} is not a conform report (as \`conform --json\` writes): contract.profile is missing or unknown`,
    );
    expect(() => rerunOf([1, 2])).toThrow('expected a JSON object, received an array');
  }, 60_000);
});
