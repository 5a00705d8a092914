import { describe, expect, test } from 'vitest';
import { exitCodeOf } from '../../../src/cli/commands/conform.js';
import { FAULTS, FAULT_NAMES, type RunnerExpectation } from '../../../src/mock.js';
import { runAgainst } from '../helpers.js';

const TASK_TIMEOUT_MS = 60_000;

/** The faults of the mock's table that prove the runner, with the case that must catch each. */
const PROVING = FAULT_NAMES.flatMap((name) => {
  const catches = (FAULTS[name] as { catches?: RunnerExpectation }).catches;
  return catches ? [[name, catches] as const] : [];
});

describe('broken servers', () => {
  test('the fault table proves the runner with at least the faults it always had', () => {
    expect(PROVING.length).toBeGreaterThanOrEqual(14);
  });

  test.each(PROVING)('%s is caught', async (name, caught) => {
    const started = Date.now();
    const report = await runAgainst(
      caught.profile,
      undefined,
      { taskTimeoutMs: TASK_TIMEOUT_MS, requestTimeoutMs: 2_000 },
      { scenarios: [name] },
    );
    const hits = report.results.filter(
      (r) => r.caseId === caught.caseId && (caught.model === undefined || r.model === caught.model),
    );
    expect(hits.length, `no result for ${caught.caseId}`).toBeGreaterThan(0);
    expect(hits.map((h) => h.outcome)).toContain(caught.outcome);
    expect(hits.find((h) => h.outcome === caught.outcome)?.reason).toBeTruthy();
    expect(exitCodeOf(report)).toBe(caught.exitCode);
    // Within its deadline: the fake clock never passes the task deadline by more than one poll, and no real wait.
    expect(report.durationMs).toBeLessThanOrEqual(TASK_TIMEOUT_MS + 10_000);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  test('a server that drops connections is reported unreachable, not as a contract failure', async () => {
    const report = await runAgainst('dashscope', undefined, {}, { scenarios: ['down'] });
    expect(report.aborted?.reason).toBe('unreachable');
    expect(report.summary.total.fail).toBe(0);
    expect(report.summary.total.timeout).toBe(0);
    // It stops sending after a few failed attempts instead of trying every case.
    expect(report.summary.requests).toBeLessThan(10);
  });

  test('ends a run at its total deadline when tasks never finish', async () => {
    const started = Date.now();
    const report = await runAgainst(
      'crazyrouter',
      undefined,
      { taskTimeoutMs: 3_600_000, totalTimeoutMs: 120_000 },
      { scenarios: ['never-finish'] },
    );
    expect(report.aborted?.reason).toBe('deadline');
    expect(report.results.find((r) => r.caseId === 'task-ends-in-time')?.outcome).toBe('timeout');
    expect(report.durationMs).toBeLessThanOrEqual(120_000 + 10_000);
    expect(exitCodeOf(report)).toBe(1);
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});
