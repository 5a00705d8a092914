import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, test } from 'vitest';
import { exitCodeOf } from '../../../src/cli/commands/conform.js';
import { parseExpectedFailures, toJUnit, verdictOf, type ConformanceReport } from '../../../src/conformance.js';
import { runAgainst } from '../helpers.js';

/** Sends every submit with `X-Mock-Scenario: fail`: each task ends FAILED, as with inputs the service cannot fetch. */
const failTasks =
  (handler: (r: Request) => Promise<Response>) =>
  (request: Request): Promise<Response> => {
    if (request.method !== 'POST') return handler(request);
    const headers = new Headers(request.headers);
    headers.set('X-Mock-Scenario', 'fail');
    return handler(new Request(request, { headers }));
  };

interface Suite {
  '@_name': string;
  '@_tests': string;
  '@_failures': string;
  '@_time': string;
  '@_timestamp': string;
  testcase: { '@_name': string; failure?: { '@_type': string } } | { '@_name': string }[];
}

function suites(xml: string): Suite[] {
  expect(XMLValidator.validate(xml)).toBe(true);
  const parsed = new XMLParser({ ignoreAttributes: false, isArray: (name) => name === 'testsuite' }).parse(xml) as {
    testsuites: { testsuite: Suite[] };
  };
  return parsed.testsuites.testsuite;
}

describe('the verdict of a run', () => {
  test('is a pass against the clean mock', async () => {
    const report = await runAgainst('crazyrouter', undefined, { level: 'must', models: ['wan2.2-t2v-plus'] });
    expect(report.verdict).toEqual({ pass: true, status: 'pass', reasons: [], unproven: [] });
    expect(suites(toJUnit(report)).map((s) => s['@_name'])).not.toContain('wan-conformance crazyrouter verdict');
  });

  test('is not a pass when tasks fail and MUST result checks are skipped for lack of a result', async () => {
    const report = await runAgainst('dashscope', failTasks, { models: ['wan2.2-t2v-plus', 'wan2.2-s2v'] });
    expect(report.summary.mustFailures).toBe(0);
    expect(report.verdict.status).toBe('unproven');
    expect(report.verdict.pass).toBe(false);
    expect(report.verdict.unproven).toEqual(expect.arrayContaining(['result-video-url [wan2.2-s2v]']));
    expect(report.verdict.reasons[0]).toMatch(/MUST case runs were skipped for lack of a result/);
    expect(exitCodeOf(report)).toBe(1);
    const verdict = suites(toJUnit(report)).find((s) => s['@_name'].endsWith(' verdict'));
    expect(verdict?.['@_failures']).toBe('1');
  });

  test('names the task output code and message when task-succeeds fails', async () => {
    const report = await runAgainst('dashscope', failTasks, { models: ['wan2.2-t2v-plus'] });
    const failed = report.results.find((r) => r.caseId === 'task-succeeds');
    expect(failed?.outcome).toBe('fail');
    expect(failed?.reason).toContain('received "FAILED" (output.code "InternalError.Algo", output.message "The mock');
  });

  test('is empty, exit code 2, when the selection matches no case, and the JUnit file says so', async () => {
    // wan2.2-t2v-plus has no 720P tier: the selection creates no task and runs no case.
    const report = await runAgainst('crazyrouter', undefined, {
      models: ['wan2.2-t2v-plus'],
      resolutions: ['720P'],
    });
    expect(report.verdict.status).toBe('empty');
    expect(exitCodeOf(report)).toBe(2);
    const verdict = suites(toJUnit(report)).find((s) => s['@_name'].endsWith(' verdict'));
    expect(verdict?.testcase).toMatchObject({ failure: { '@_type': 'empty' } });
  });

  test('is not a pass when nothing passed, even with nothing failed', () => {
    const verdict = verdictOf({
      summary: { mustFailures: 0, total: { pass: 0, fail: 0, skip: 1, error: 0, timeout: 0 } },
      results: [
        {
          caseId: 'task-succeeds',
          level: 'SHOULD',
          outcome: 'skip',
          reason: 'needs a SUCCEEDED task; it ended FAILED',
        },
      ],
    } as unknown as ConformanceReport);
    expect(verdict).toMatchObject({ pass: false, status: 'unproven', reasons: ['no case passed: nothing was proven'] });
  });
});

describe('JUnit times', () => {
  test('give each suite its wall time, not the sum of concurrent cases, with zoned timestamps', async () => {
    // Tasks take 13 s (virtual time) each and run side by side, so MUST cases overlap.
    const report = await runAgainst(
      'crazyrouter',
      undefined,
      { level: 'must', models: ['wan2.2-t2v-plus', 'wan2.2-i2v-flash'] },
      { pendingMs: 3_000, runningMs: 10_000 },
    );
    const must = suites(toJUnit(report)).find((s) => s['@_name'].endsWith(' MUST'));
    const sum = report.results.filter((r) => r.level === 'MUST').reduce((total, r) => total + r.durationMs, 0);
    // Cases overlap: the wall time is less than the sum of their durations, and never more than the run.
    expect(Number(must?.['@_time']) * 1000).toBeLessThan(sum);
    expect(Number(must?.['@_time']) * 1000).toBeLessThanOrEqual(report.durationMs + 1);
    expect(must?.['@_timestamp']).toMatch(/T\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/);
  });
});

describe('expected failures', () => {
  test('lists entries that match no case run', async () => {
    const report = await runAgainst('crazyrouter', undefined, {
      level: 'must',
      models: ['wan2.2-t2v-plus'],
      expectedFailures: parseExpectedFailures('- rejects-wrong-kee\n- submit-accepted@wan2.2-s2v\n- submit-accepted\n'),
    });
    expect(report.summary.unmatchedExpected).toEqual(['rejects-wrong-kee', 'submit-accepted@wan2.2-s2v']);
  });

  test('report a YAML error as one line with its position', () => {
    let message = '';
    try {
      parseExpectedFailures('- a\n- [b\n- c: d: e\n');
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).not.toContain('\n');
    expect(message).toMatch(/line \d+, column \d+/);
  });
});
