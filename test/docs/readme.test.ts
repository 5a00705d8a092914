import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test, vi } from 'vitest';
import { embeddedTarget, runConformance } from '../../src/conformance.js';

const README = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

/** The README's TypeScript blocks that import the given entry, verbatim. */
function examplesImporting(entry: string): string[] {
  return [...README.matchAll(/```ts\n([\s\S]*?)```/g)]
    .map((m) => m[1] as string)
    .filter((code) => code.includes(`from '${entry}'`));
}

describe('README', () => {
  const dir = mkdtempSync(join(tmpdir(), 'wan-readme-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('runs the conformance library example as written: MUST all pass, the URL plan priced and nothing sent', async () => {
    const [example] = examplesImporting('wan-video-contract/conformance');
    expect(example, 'the README has no conformance library example').toBeDefined();
    const file = join(dir, 'conformance-example.ts');
    writeFileSync(file, example as string);
    const printed: unknown[][] = [];
    const log = vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void printed.push(args));
    const fetched = vi.spyOn(globalThis, 'fetch');
    try {
      await import(file);
    } finally {
      log.mockRestore();
      fetched.mockRestore();
    }
    // What the comments in the example promise.
    expect(printed).toEqual([[0], ['11.70', true]]);
    expect(fetched).not.toHaveBeenCalled();
  });

  test('the embedded mock passes every MUST case; the only other MUST results are runs the model cannot apply', async () => {
    const report = await runConformance(embeddedTarget('crazyrouter'));
    const must = report.results.filter((r) => r.level === 'MUST');
    const mustCases = report.plan.cases.filter((c) => c.level === 'MUST').map((c) => c.id);
    expect(mustCases.length).toBeGreaterThan(0);
    // Every MUST case passes for at least one model: proven by a request, not by a skip.
    expect(mustCases.filter((id) => !must.some((r) => r.caseId === id && r.outcome === 'pass'))).toEqual([]);
    // A skip is allowed only where the case cannot apply to the model (a model that offers every tier has no
    // unsupported tier to send); nothing fails, errors or times out.
    expect(
      must
        .filter((r) => r.outcome !== 'pass' && !(r.outcome === 'skip' && r.reason?.startsWith('not supported:')))
        .map((r) => `${r.caseId} ${r.model}: ${r.outcome} ${r.reason}`),
    ).toEqual([]);
    expect(report.summary.mustFailures).toBe(0);
    expect(report.estimate).toMatchObject({ billable: false, maxCost: null, withinBudget: true });
    expect(report.aborted).toBeUndefined();
  });
});
