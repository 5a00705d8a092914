import type { Exchange } from '../client/exchange.js';
import { realSleep, redactValue, scrub } from '../client/index.js';
import { MODELS, type ModelId } from '../contract/models.js';
import { DEFAULT_PROFILE, PROFILE_IDS, PROFILES } from '../contract/profiles.js';
import type { Resolution } from '../contract/resolutions.js';
import type { TaskLogRecord } from '../contract/schemas/task-log.js';
import { abortCause } from './execute/abort.js';
import { assembleReport, skippedResults, type ReportFrame } from './report/assemble.js';
import { errorText, executeRun, resultBase, type RunState } from './execute/execute.js';
import { ModelLimiter, QueryPacer } from './execute/limiter.js';
import { TASK_QUERY_RPS } from '../contract/limits.js';
import { loadCases, type LoadedCase } from '../rules/load.js';
import { estimateCost, planRun, type PlannedRun } from './plan/plan.js';
import { type LevelOption } from './plan/select.js';
import type { ConformanceReport } from './report/report.js';
import type { CostEstimate, Plan } from './plan/types.js';
import type { CaseResult } from './execute/result.js';
import type { SampleInputs } from './plan/requests.js';
import { createRunClient, RUNNER_POLLING } from './execute/run-client.js';
import { scheduleRuns } from './execute/schedule-runs.js';
import type { RunKey } from './plan/select.js';
import type { TaskEvent } from './execute/shared-task.js';
import type { ExpectedFailure } from './report/summary.js';
import type { ConformanceTarget } from './plan/target.js';
import { createTaskMemo } from './execute/task-memo.js';

/** Progress of a run, for live display; the runner itself prints nothing. */
export type RunEvent =
  | { readonly type: 'plan'; readonly plan: Plan; readonly estimate: CostEstimate }
  | TaskEvent
  | { readonly type: 'case'; readonly result: CaseResult }
  | { readonly type: 'done'; readonly report: ConformanceReport };

/** Options of {@link runConformance}: what to run and how; the target says where, and (for a URL) the budget. */
export interface ConformanceOptions {
  readonly models?: readonly ModelId[] | undefined;
  readonly resolutions?: readonly Resolution[] | undefined;
  readonly level?: LevelOption | undefined;
  readonly smoke?: boolean | undefined;
  /** Plan and price only; send nothing. */
  readonly dryRun?: boolean | undefined;
  readonly expectedFailures?: readonly ExpectedFailure[] | undefined;
  /** A fixed poll interval instead of the official schedule. */
  readonly pollIntervalMs?: number | undefined;
  /** Deadline of each task (default 10 minutes). */
  readonly taskTimeoutMs?: number | undefined;
  /** Deadline of the whole run (default three task deadlines, at least 30 minutes). */
  readonly totalTimeoutMs?: number | undefined;
  readonly requestTimeoutMs?: number | undefined;
  /** Bound on polls per task (default 500). */
  readonly maxPolls?: number | undefined;
  /** Case runs in flight at once (default 8); tasks also stay within each model's official limits. */
  readonly concurrency?: number | undefined;
  /** Keep within each model's official submit RPS and concurrent tasks (default: true, except for the embedded mock). */
  readonly respectRateLimits?: boolean | undefined;
  /**
   * Task queries (getTask, listTasks) per second per API key: the official account-wide limit `TASK_QUERY_RPS` by
   * default where rate limits are kept (see {@link respectRateLimits}); 0 keeps no limit.
   */
  readonly queryRps?: number | undefined;
  readonly inputs?: SampleInputs | undefined;
  readonly cases?: readonly LoadedCase[] | undefined;
  /** Only these case runs (see `rerunOf`): a re-run of a report's failed runs sends nothing else. */
  readonly only?: readonly RunKey[] | undefined;
  readonly sleep?: ((ms: number, signal?: AbortSignal) => Promise<void>) | undefined;
  readonly now?: (() => number) | undefined;
  readonly signal?: AbortSignal | undefined;
  readonly onEvent?: ((event: RunEvent) => void) | undefined;
  /** Called with one task log record per task the run polled (`--evidence`). */
  readonly onTaskRecord?: ((record: TaskLogRecord) => void) | undefined;
}

/** One limiter per model the run may send for, keeping (or, for a free target, not keeping) its official limits. */
function modelLimiters(
  models: readonly ModelId[],
  respect: boolean,
  now: () => number,
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>,
): Map<ModelId, ModelLimiter> {
  return new Map(
    models.map((m) => {
      const { concurrentTasks, submitRps } = MODELS[m].rateLimits;
      return [m, new ModelLimiter(concurrentTasks, submitRps, respect, now, sleep)] as const;
    }),
  );
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
  const profile = target.profile ?? DEFAULT_PROFILE;
  if (!Object.hasOwn(PROFILES, profile))
    throw new TypeError(`profile must be ${PROFILE_IDS.join(' or ')}, received ${JSON.stringify(profile)}`);
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? realSleep;
  const startMs = now();
  const secrets = [target.apiKey, target.apiKey2].filter((k): k is string => !!k);
  const { plan, runs } = planRun({
    profile,
    cases: options.cases ?? loadCases(),
    models: options.models,
    resolutions: options.resolutions,
    level: options.level,
    smoke: options.smoke,
    inputs: options.inputs,
    only: options.only,
    otherAccount: !!target.apiKey2,
  });
  // Only a URL costs money, so only a URL has a budget.
  const estimate = target.kind === 'url' ? estimateCost(plan, target.maxCost, true) : estimateCost(plan, null, false);
  options.onEvent?.({ type: 'plan', plan, estimate });
  const label = target.kind === 'embedded-mock' ? 'embedded-mock' : redactValue(target.baseUrl, secrets);
  const frame: ReportFrame = {
    profile,
    target: { kind: target.kind, baseUrl: redactValue(target.baseUrl, secrets), label },
    startedAt: new Date().toISOString(),
    startMs,
    now,
    plan,
    estimate,
    expected: options.expectedFailures ?? [],
    secrets,
  };
  const finish = (
    results: readonly CaseResult[],
    exchanges: readonly Exchange[],
    aborted?: ConformanceReport['aborted'],
  ): ConformanceReport => {
    const report = assembleReport(frame, results, exchanges, aborted);
    options.onEvent?.({ type: 'done', report });
    return report;
  };
  if (options.dryRun)
    return finish(skippedResults(runs, profile, 'not run: dry run'), [], {
      reason: 'dry-run',
      message: 'dry run: nothing was sent',
    });
  if (!estimate.withinBudget) {
    const message = `the plan costs ¥${estimate.amount} CNY if every task succeeds, over the budget of ¥${estimate.maxCost}`;
    return finish(skippedResults(runs, profile, `over budget: ${message}`), [], { reason: 'over-budget', message });
  }

  const taskTimeoutMs = options.taskTimeoutMs ?? 10 * 60_000;
  const totalTimeoutMs = options.totalTimeoutMs ?? Math.max(30 * 60_000, 3 * taskTimeoutMs);
  const maxPolls = options.maxPolls ?? 500;
  const respect = options.respectRateLimits ?? target.kind === 'url';
  const run = createRunClient({
    queries: new QueryPacer(options.queryRps ?? (respect ? TASK_QUERY_RPS : 0), now, sleep),
    target,
    profile,
    now,
    sleep,
    startMs,
    totalTimeoutMs,
    requestTimeoutMs: options.requestTimeoutMs,
    pollIntervalMs: options.pollIntervalMs,
    signal: options.signal,
  });
  const limiters = modelLimiters(
    [...new Set(plan.models.concat(runs.flatMap((r) => (r.sendModel ? [r.sendModel] : []))))],
    respect,
    now,
    sleep,
  );
  const state: RunState = {
    client: run.client,
    profile,
    exchanges: run.exchanges,
    limiters,
    signal: run.signal,
    options,
    startMs,
    totalTimeoutMs,
    taskTimeoutMs,
    maxPolls,
    drains: [],
    now,
    unreachable: run.unreachable,
    apiKey2: target.apiKey2,
    startTask: createTaskMemo({
      client: run.client,
      profile,
      limiters,
      inputs: options.inputs,
      signal: run.signal,
      taskTimeoutMs,
      maxPolls,
      now,
      exchange: (seq) => run.exchanges.get(seq),
      target: label,
      onEvent: options.onEvent,
      readVideo: runs.some(
        (r) => !r.skip && r.case.steps.some((step) => 'send' in step && step.send.op === 'download'),
      ),
      onTaskRecord: options.onTaskRecord ? (record) => options.onTaskRecord?.(scrub(record, secrets)) : undefined,
      firstPollAfterMs: options.pollIntervalMs === undefined ? RUNNER_POLLING.minMs : undefined,
    }),
  };
  const results = new Map<PlannedRun, CaseResult>();
  const execute = async (planned: PlannedRun) => {
    let result: CaseResult;
    try {
      result = await executeRun(state, planned);
    } catch (error) {
      result = {
        ...resultBase(planned, profile),
        outcome: 'error',
        reason: `runner error: ${errorText(error)}`,
        durationMs: 0,
        steps: [],
      };
    }
    results.set(planned, result);
    options.onEvent?.({ type: 'case', result: scrub(result, secrets) });
  };
  try {
    await scheduleRuns(runs, options.concurrency ?? 8, execute, state.drains);
  } finally {
    run.dispose();
  }
  const sent = run.sent();
  return finish(
    runs.map((planned) => results.get(planned) as CaseResult),
    sent,
    abortedBy(label, sent, run.answered(), abortCause(run.signal), totalTimeoutMs),
  );
}
