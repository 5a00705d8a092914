import type { Exchange } from '../../client/exchange.js';
import { scrub } from '../../client/index.js';
import { packageVersion } from '../../contract/files.js';
import type { ProfileId } from '../../contract/profiles.js';
import { CONTRACT_VERSION } from '../../contract/version.js';
import { coverageOfReport } from './coverage.js';
import { resultBase } from '../execute/execute.js';
import type { PlannedRun } from '../plan/plan.js';
import type { ConformanceReport } from './report.js';
import type { CostEstimate, Plan } from '../plan/types.js';
import type { CaseResult } from '../execute/result.js';
import { markExpected, summarize } from './summary.js';
import { type ExpectedFailure } from '../plan/types.js';
import { verdictOf } from './verdict.js';

/** The runner's version: the package version (the contract has its own, CONTRACT_VERSION). */
export const RUNNER_VERSION: string = packageVersion();

/** What a report is made of besides its results and exchanges, fixed when the run starts. */
export interface ReportFrame {
  readonly profile: ProfileId;
  readonly target: ConformanceReport['target'];
  readonly startedAt: string;
  readonly startMs: number;
  readonly now: () => number;
  readonly plan: Plan;
  readonly estimate: CostEstimate;
  readonly expected: readonly ExpectedFailure[];
  /** Secrets to scrub from every string of the report. */
  readonly secrets: readonly string[];
}

/** Every run skipped without sending anything, for `reason` unless the plan already skipped it. */
export function skippedResults(runs: readonly PlannedRun[], profile: ProfileId, reason: string): CaseResult[] {
  return runs.map((run) => ({
    ...resultBase(run, profile),
    outcome: 'skip',
    reason: run.skip ?? reason,
    durationMs: 0,
    steps: [],
  }));
}

/** Tasks the run created: every submit answered 200 with a task id (shared tasks and the cases' extra ones). */
export function createdTasks(exchanges: readonly Exchange[]): number {
  return exchanges.filter(
    (e) =>
      e.operation === 'submit' &&
      e.response?.status === 200 &&
      typeof (e.response.body as { output?: { task_id?: unknown } } | undefined)?.output?.task_id === 'string',
  ).length;
}

/** Assembles the report: expected failures marked, counts summed, the verdict given, secrets scrubbed. */
export function assembleReport(
  frame: ReportFrame,
  results: readonly CaseResult[],
  exchanges: readonly Exchange[],
  aborted?: ConformanceReport['aborted'],
): ConformanceReport {
  const marked = markExpected(results, frame.expected);
  const report: Omit<ConformanceReport, 'verdict'> = {
    reportVersion: 1,
    runner: { name: 'wan-video-contract', version: RUNNER_VERSION },
    contract: { version: CONTRACT_VERSION, profile: frame.profile },
    target: frame.target,
    startedAt: frame.startedAt,
    finishedAt: new Date().toISOString(),
    durationMs: Math.max(0, frame.now() - frame.startMs),
    sentNothing: exchanges.length === 0,
    plan: frame.plan,
    estimate: frame.estimate,
    results: marked,
    exchanges,
    summary: summarize(marked, frame.expected, exchanges, createdTasks(exchanges)),
    ...(aborted ? { aborted } : {}),
  };
  return scrub({ ...report, verdict: verdictOf(report), coverage: coverageOfReport(report) }, frame.secrets);
}
