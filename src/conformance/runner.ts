import type { Exchange } from '../client/exchange.js';
import { redactValue } from '../client/index.js';
import type { TaskLogRecord } from '../contract/schemas/task-log.js';
import { abortCause } from './execute/abort.js';
import type { CaseResult } from './execute/result.js';
import { executePlan } from './execute/run.js';
import type { TaskEvent } from './execute/shared-task.js';
import { resolveRun, type ResolvedRun, type RunSettings } from './plan/resolve.js';
import type { ConformanceTarget } from './plan/target.js';
import type { CostEstimate, Plan } from './plan/types.js';
import { assembleReport, skippedResults, type ReportFrame } from './report/assemble.js';
import type { ConformanceReport } from './report/report.js';

/** Progress of a run, for live display; the runner itself prints nothing. */
export type RunEvent =
  | { readonly type: 'plan'; readonly plan: Plan; readonly estimate: CostEstimate }
  | TaskEvent
  | { readonly type: 'case'; readonly result: CaseResult }
  | { readonly type: 'done'; readonly report: ConformanceReport };

/** Options of {@link runConformance}: what to run and how; the target says where, and (for a URL) the budget. */
export interface ConformanceOptions extends RunSettings {
  readonly signal?: AbortSignal | undefined;
  readonly onEvent?: ((event: RunEvent) => void) | undefined;
  /** Called with one task log record per task the run polled (`--evidence`). */
  readonly onTaskRecord?: ((record: TaskLogRecord) => void) | undefined;
}

/** Why the run stopped early, from what it saw: no answer at all, or its total deadline. */
function abortedBy(
  label: string,
  sent: readonly Exchange[],
  answered: boolean,
  cause: ReturnType<typeof abortCause>,
  totalTimeoutMs: number,
): ConformanceReport['aborted'] {
  if (sent.length > 0 && !answered)
    return {
      reason: 'unreachable',
      message: `no request got an answer from ${label}: ${sent[0]?.error?.message ?? 'transport error'}`,
    };
  if (cause === 'deadline')
    return { reason: 'deadline', message: `the run's total deadline of ${totalTimeoutMs} ms passed` };
  if (cause === 'cancelled') return { reason: 'cancelled', message: 'the run was cancelled by its caller' };
  return undefined;
}

/** What a report is made of besides its results, fixed when the run starts. */
function frameOf(run: ResolvedRun): ReportFrame {
  return {
    profile: run.profile,
    target: { kind: run.target.kind, baseUrl: redactValue(run.target.baseUrl, run.secrets), label: run.label },
    startedAt: new Date().toISOString(),
    startMs: run.clock.startMs,
    now: run.clock.now,
    plan: run.plan,
    estimate: run.estimate,
    expected: run.expected,
    secrets: run.secrets,
  };
}

/** Why the run sends nothing: a dry run, or a plan over its budget; undefined when it goes ahead. */
function stopBeforeSending(
  run: ResolvedRun,
): { readonly skip: string; readonly aborted: NonNullable<ConformanceReport['aborted']> } | undefined {
  if (run.dryRun)
    return { skip: 'not run: dry run', aborted: { reason: 'dry-run', message: 'dry run: nothing was sent' } };
  const { estimate } = run;
  if (estimate.withinBudget) return undefined;
  const message = `the plan costs ¥${estimate.amount} CNY if every task succeeds, over the budget of ¥${estimate.maxCost}`;
  return { skip: `over budget: ${message}`, aborted: { reason: 'over-budget', message } };
}

/**
 * Runs the conformance cases against a target and returns the report. Prints nothing; progress goes to `onEvent`.
 * A URL target carries a budget (`maxCost`): an over-budget plan stops before the first request. The embedded
 * mock is free.
 * @example
 * const report = await runConformance(embeddedTarget('crazyrouter'));
 * report.summary.mustFailures; // 0
 * await runConformance(urlTarget('http://127.0.0.1:4010/alibailian/api/v1', { apiKey, maxCost: '30' }), { level: 'must' });
 */
export async function runConformance(
  target: ConformanceTarget,
  options: ConformanceOptions = {},
): Promise<ConformanceReport> {
  const run = resolveRun(target, options);
  const onEvent = options.onEvent;
  onEvent?.({ type: 'plan', plan: run.plan, estimate: run.estimate });
  const frame = frameOf(run);
  const finish = (
    results: readonly CaseResult[],
    exchanges: readonly Exchange[],
    aborted?: ConformanceReport['aborted'],
  ): ConformanceReport => {
    const report = assembleReport(frame, results, exchanges, aborted);
    onEvent?.({ type: 'done', report });
    return report;
  };
  const stop = stopBeforeSending(run);
  if (stop) return finish(skippedResults(run.runs, run.profile, stop.skip), [], stop.aborted);
  const done = await executePlan(run, {
    signal: options.signal,
    onTask: onEvent,
    onCase: onEvent ? (result) => onEvent({ type: 'case', result }) : undefined,
    onTaskRecord: options.onTaskRecord,
  });
  return finish(
    done.results,
    done.sent,
    abortedBy(run.label, done.sent, done.answered, done.cause, run.budget.totalTimeoutMs),
  );
}
