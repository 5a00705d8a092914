import { describe, expect, test } from 'vitest';
import { exitCodeOf } from '../../../src/cli/commands/conform.js';
import { runAgainst } from '../helpers.js';
import { FAULTS } from './faults.js';

const TASK_TIMEOUT_MS = 60_000;

describe('broken servers', () => {
  test.each(FAULTS.map((f) => [f.name, f] as const))('%s is caught', async (_name, fault) => {
    const started = Date.now();
    const report = await runAgainst(fault.profile, fault.make, {
      taskTimeoutMs: TASK_TIMEOUT_MS,
      requestTimeoutMs: 2_000,
    });
    const hits = report.results.filter(
      (r) => r.caseId === fault.caught.caseId && (fault.caught.model === undefined || r.model === fault.caught.model),
    );
    expect(hits.length, `no result for ${fault.caught.caseId}`).toBeGreaterThan(0);
    expect(hits.map((h) => h.outcome)).toContain(fault.caught.outcome);
    expect(hits.find((h) => h.outcome === fault.caught.outcome)?.reason).toBeTruthy();
    expect(exitCodeOf(report)).toBe(fault.exitCode);
    // Within its deadline: the fake clock never passes the task deadline by more than one poll, and no real wait.
    expect(report.durationMs).toBeLessThanOrEqual(TASK_TIMEOUT_MS + 10_000);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  test('a server that drops connections is reported unreachable, not as a contract failure', async () => {
    const fault = FAULTS.find((f) => f.name.includes('drops connections'));
    const report = await runAgainst('dashscope', fault?.make);
    expect(report.aborted?.reason).toBe('unreachable');
    expect(report.summary.total.fail).toBe(0);
    expect(report.summary.total.timeout).toBe(0);
    // It stops sending after a few failed attempts instead of trying every case.
    expect(report.summary.requests).toBeLessThan(10);
  });

  test('ends a run at its total deadline when tasks never finish', async () => {
    const never = FAULTS.find((f) => f.name.includes('never finishes'));
    const started = Date.now();
    const report = await runAgainst('crazyrouter', never?.make, { taskTimeoutMs: 3_600_000, totalTimeoutMs: 120_000 });
    expect(report.aborted?.reason).toBe('deadline');
    expect(report.results.find((r) => r.caseId === 'task-ends-in-time')?.outcome).toBe('timeout');
    expect(report.durationMs).toBeLessThanOrEqual(120_000 + 10_000);
    expect(exitCodeOf(report)).toBe(1);
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});
