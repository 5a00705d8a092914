import type { Exchange } from '../../client/exchange.js';
import type { CaseResult } from '../execute/result.js';
import type { Level, OutcomeCounts } from '../../rules/outcome.js';
import { LEVELS, OUTCOMES } from '../../rules/outcome.js';

/** One entry of an expected-failures file: a case, optionally for one model only. */
export interface ExpectedFailure {
  readonly caseId: string;
  readonly model?: string | undefined;
  readonly reason?: string | undefined;
}

const zero = (): OutcomeCounts => Object.fromEntries(OUTCOMES.map((o) => [o, 0])) as OutcomeCounts;

/** True for the outcomes that break a case: fail and timeout (error is the runner's or the transport's). */
export const isFailure = (outcome: string): boolean => outcome === 'fail' || outcome === 'timeout';

function listed(expected: readonly ExpectedFailure[], result: CaseResult): boolean {
  return expected.some((e) => e.caseId === result.caseId && (e.model === undefined || e.model === result.model));
}

/** Marks the results the expected-failures file lists. */
export function markExpected(results: readonly CaseResult[], expected: readonly ExpectedFailure[]): CaseResult[] {
  return results.map((r) => (isFailure(r.outcome) && listed(expected, r) ? { ...r, expectedFailure: true } : r));
}

const name = (e: ExpectedFailure) => (e.model ? `${e.caseId}@${e.model}` : e.caseId);

/** The summary of a report. */
export function summarize(
  results: readonly CaseResult[],
  expected: readonly ExpectedFailure[],
  exchanges: readonly Exchange[],
  tasks: number,
) {
  const total = zero();
  const byLevel = Object.fromEntries(LEVELS.map((l) => [l, zero()])) as Record<Level, OutcomeCounts>;
  for (const r of results) {
    total[r.outcome]++;
    byLevel[r.level][r.outcome]++;
  }
  const unexpectedPasses = expected
    .filter((e) => {
      const hits = results.filter((r) => r.caseId === e.caseId && (e.model === undefined || e.model === r.model));
      return hits.length > 0 && hits.every((r) => r.outcome === 'pass');
    })
    .map(name);
  const unmatchedExpected = expected
    .filter((e) => !results.some((r) => r.caseId === e.caseId && (e.model === undefined || e.model === r.model)))
    .map(name);
  return {
    total,
    byLevel,
    mustFailures: results.filter((r) => r.level === 'MUST' && isFailure(r.outcome) && !r.expectedFailure).length,
    expectedFailures: results.filter((r) => r.expectedFailure).length,
    unexpectedPasses,
    unmatchedExpected,
    requests: exchanges.length,
    tasks,
  };
}
