import type { ConformanceReport, RunVerdict, VerdictStatus } from './report.js';
import type { CaseResult } from '../execute/result.js';

/** Skip reasons that say a case does not apply to the selection, rather than that its result is missing. */
const NOT_APPLICABLE = /^not (selected|supported):/;

/** True for a skip that leaves a case unproven: the case applied, but the result it needed never came. */
export function isUnprovenSkip(result: Pick<CaseResult, 'outcome' | 'reason'>): boolean {
  return result.outcome === 'skip' && !NOT_APPLICABLE.test(result.reason ?? '');
}

const label = (r: CaseResult) => `${r.caseId}${r.model ? ` [${r.model}]` : ''}`;

/** Decides whether a run counts as a pass (the rule CONFORMANCE.md states under "When a run passes"). */
export function verdictOf(report: Pick<ConformanceReport, 'aborted' | 'results' | 'summary'>): RunVerdict {
  const { results, summary } = report;
  const applicable = results.filter((r) => r.outcome !== 'skip' || !NOT_APPLICABLE.test(r.reason ?? ''));
  const unproven = results.filter((r) => r.level === 'MUST' && isUnprovenSkip(r)).map(label);
  const verdict = (status: VerdictStatus, reasons: string[]): RunVerdict => ({
    pass: status === 'pass',
    status,
    reasons,
    unproven,
  });
  const aborted = report.aborted;
  if (aborted && aborted.reason !== 'deadline') return verdict('aborted', [aborted.message]);
  if (applicable.length === 0)
    return verdict('empty', [
      results.length === 0
        ? 'the selection matches no case: nothing was run'
        : `the selection matches no case: all ${results.length} case runs are not selected or not supported`,
    ]);
  if (summary.mustFailures > 0) return verdict('fail', [`${summary.mustFailures} MUST case runs failed or timed out`]);
  if (summary.total.error > 0)
    return verdict('error', [`${summary.total.error} case runs could not be judged (runner or transport error)`]);
  if (aborted) return verdict('aborted', [aborted.message]);
  if (unproven.length > 0)
    return verdict('unproven', [
      `${unproven.length} MUST case runs were skipped for lack of a result, so they prove nothing: ${unproven.slice(0, 5).join(', ')}${unproven.length > 5 ? ', …' : ''}`,
    ]);
  if (!results.some((r) => r.outcome === 'pass')) return verdict('unproven', ['no case passed: nothing was proven']);
  return verdict('pass', []);
}
