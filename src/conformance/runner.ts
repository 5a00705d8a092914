import { readFileSync } from 'node:fs';
import { MODELS, type ModelId } from '../contract/models.js';
import { DEFAULT_PROFILE, PROFILES } from '../contract/profiles.js';
import type { Resolution } from '../contract/resolutions.js';
import type { TaskLogRecord } from '../contract/schemas/task-log.js';
import { createClient, realSleep, redactValue, scrub } from '../client/index.js';
import { CONTRACT_VERSION } from '../contract/version.js';
import { errorText, executeRun, resultBase, type RunState } from './execute.js';
import { ModelLimiter } from './limiter.js';
import { loadCases, type LoadedCase } from './load.js';
import { estimateCost, planRun, type LevelOption, type PlannedRun } from './plan.js';
import type { CaseResult, ConformanceReport, CostEstimate, Exchange, Plan } from './report.js';
import { validRequest, type SampleInputs } from './requests.js';
import { abortCause, runSharedTask, type TaskEvent, type TaskState } from './shared-task.js';
import { markExpected, summarize, type ExpectedFailure } from './summary.js';
import type { ConformanceTarget } from './target.js';
import { verdictOf } from './verdict.js';

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
  readonly inputs?: SampleInputs | undefined;
  readonly cases?: readonly LoadedCase[] | undefined;
  readonly sleep?: ((ms: number, signal?: AbortSignal) => Promise<void>) | undefined;
  readonly now?: (() => number) | undefined;
  readonly signal?: AbortSignal | undefined;
  readonly onEvent?: ((event: RunEvent) => void) | undefined;
  /** Called with one task log record per task the run polled (`--evidence`). */
  readonly onTaskRecord?: ((record: TaskLogRecord) => void) | undefined;
}

/** The runner's version: the package version (the contract has its own, CONTRACT_VERSION). */
export const RUNNER_VERSION: string = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

/** Transport failures without a single answer after which the target counts as unreachable. */
const UNREACHABLE_AFTER = 3;

async function pool<T>(items: readonly T[], workers: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(workers, items.length)) }, worker));
}

const usesWholeRun = (run: PlannedRun) => run.case.steps.some((s) => 'expect' in s && s.expect.of === 'all');

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
    throw new TypeError(`profile must be crazyrouter or dashscope, received ${JSON.stringify(profile)}`);
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? realSleep;
  const startedAt = new Date().toISOString();
  const startMs = now();
  const secrets = target.apiKey ? [target.apiKey] : [];
  const cases = options.cases ?? loadCases();
  const { plan, runs } = planRun({
    profile,
    cases,
    models: options.models,
    resolutions: options.resolutions,
    level: options.level,
    smoke: options.smoke,
    inputs: options.inputs,
  });
  // Only a URL costs money, so only a URL has a budget.
  const estimate = target.kind === 'url' ? estimateCost(plan, target.maxCost, true) : estimateCost(plan, null, false);
  options.onEvent?.({ type: 'plan', plan, estimate });
  const described: ConformanceReport['target'] = {
    kind: target.kind,
    baseUrl: redactValue(target.baseUrl, secrets),
    label: target.kind === 'embedded-mock' ? 'embedded-mock' : redactValue(target.baseUrl, secrets),
  };
  const expected = options.expectedFailures ?? [];
  const finish = (
    results: CaseResult[],
    exchanges: Exchange[],
    tasks: number,
    extra: Partial<ConformanceReport>,
  ): ConformanceReport => {
    const marked = markExpected(results, expected);
    const report: Omit<ConformanceReport, 'verdict'> = {
      reportVersion: 1,
      runner: { name: 'wan-video-contract', version: RUNNER_VERSION },
      contract: { version: CONTRACT_VERSION, profile },
      target: described,
      startedAt,
      finishedAt: new Date().toISOString(),
      durationMs: Math.max(0, now() - startMs),
      sentNothing: exchanges.length === 0,
      plan,
      estimate,
      results: marked,
      exchanges,
      summary: summarize(marked, expected, exchanges, tasks),
      ...extra,
    };
    const clean = scrub({ ...report, verdict: verdictOf(report) }, secrets);
    options.onEvent?.({ type: 'done', report: clean });
    return clean;
  };
  const skipAll = (reason: string) =>
    runs.map((run): CaseResult => ({
      ...resultBase(run, profile),
      outcome: 'skip',
      reason: run.skip ?? reason,
      durationMs: 0,
      steps: [],
    }));
  if (options.dryRun)
    return finish(skipAll('not run: dry run'), [], 0, {
      aborted: { reason: 'dry-run', message: 'dry run: nothing was sent' },
    });
  if (!estimate.withinBudget) {
    const message = `the plan costs ¥${estimate.amount} CNY if every task succeeds, over the budget of ¥${estimate.maxCost}`;
    return finish(skipAll(`over budget: ${message}`), [], 0, { aborted: { reason: 'over-budget', message } });
  }

  const taskTimeoutMs = options.taskTimeoutMs ?? 10 * 60_000;
  const totalTimeoutMs = options.totalTimeoutMs ?? Math.max(30 * 60_000, 3 * taskTimeoutMs);
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(new Error("the run's total deadline passed")), totalTimeoutMs);
  timer.unref?.();
  const unreachable = new AbortController();
  const signal = AbortSignal.any([abort.signal, unreachable.signal, ...(options.signal ? [options.signal] : [])]);
  const exchanges = new Map<number, Exchange>();
  let answered = false;
  let transportFailures = 0;
  const client = createClient({
    baseUrl: target.baseUrl,
    apiKey: target.apiKey,
    profile,
    fetch: target.fetch,
    sleep: (ms, s) => {
      if (now() - startMs + ms > totalTimeoutMs) abort.abort(new Error("the run's total deadline passed"));
      return sleep(ms, s);
    },
    now,
    requestTimeoutMs: options.requestTimeoutMs,
    ...(options.pollIntervalMs === undefined ? {} : { pollSchedule: options.pollIntervalMs }),
    onExchange: (e) => {
      exchanges.set(e.seq, e);
      if (e.response) answered = true;
      else if (!answered && ++transportFailures >= UNREACHABLE_AFTER && !state.unreachable) {
        // Nothing ever answered: stop sending rather than time out every case against a dead target.
        state.unreachable = e.error ?? 'transport error';
        unreachable.abort(new Error(`the target is unreachable: ${state.unreachable}`));
      }
    },
  });
  const respect = options.respectRateLimits ?? target.kind === 'url';
  const limiters = new Map(
    plan.models
      .concat(runs.flatMap((r) => (r.sendModel ? [r.sendModel] : [])))
      .map(
        (m) =>
          [
            m,
            new ModelLimiter(MODELS[m].rateLimits.concurrentTasks, MODELS[m].rateLimits.submitRps, respect, now, sleep),
          ] as const,
      ),
  );
  const tasks = new Map<string, Promise<TaskState>>();
  // eslint-disable-next-line prefer-const -- assigned once below; the exchange hook reads it.
  let state: RunState;
  state = {
    client,
    profile,
    exchanges,
    tasks,
    limiters,
    signal,
    options,
    startMs,
    totalTimeoutMs,
    taskTimeoutMs,
    maxPolls: options.maxPolls ?? 500,
    drains: [],
    now,
    sleep,
    startTask: (model, resolution) => {
      const key = `${model}|${resolution}`;
      let task = tasks.get(key);
      if (!task) {
        task = runSharedTask(
          {
            client,
            profile,
            limiter: limiters.get(model) as ModelLimiter,
            signal,
            taskTimeoutMs,
            maxPolls: state.maxPolls,
            now,
            exchange: (seq) => exchanges.get(seq),
            target: described.label,
            onEvent: options.onEvent,
            onTaskRecord: options.onTaskRecord ? (record) => options.onTaskRecord?.(scrub(record, secrets)) : undefined,
          },
          model,
          resolution,
          validRequest(profile, model, resolution, options.inputs),
        );
        tasks.set(key, task);
      }
      return task;
    },
  };
  const results = new Map<PlannedRun, CaseResult>();
  const record = (run: PlannedRun, result: CaseResult) => {
    results.set(run, result);
    options.onEvent?.({ type: 'case', result: scrub(result, secrets) });
  };
  const safeRun = async (run: PlannedRun) => {
    try {
      record(run, await executeRun(state, run));
    } catch (error) {
      record(run, {
        ...resultBase(run, profile),
        outcome: 'error',
        reason: `runner error: ${errorText(error)}`,
        durationMs: 0,
        steps: [],
      });
    }
  };
  try {
    // Task-scope runs first, so that every shared task starts early; whole-run checks last.
    const scopeOrder = { task: 0, model: 1, target: 2 } as const;
    const first = runs
      .filter((r) => !usesWholeRun(r))
      .sort((a, b) => scopeOrder[a.case.scope] - scopeOrder[b.case.scope]);
    await pool(first, options.concurrency ?? 8, safeRun);
    await Promise.all(state.drains);
    await pool(runs.filter(usesWholeRun), 1, safeRun);
  } finally {
    clearTimeout(timer);
  }
  const list = runs.map((run) => results.get(run) as CaseResult);
  const sent = [...exchanges.values()].sort((a, b) => a.seq - b.seq);
  const extra: Partial<ConformanceReport> =
    sent.length > 0 && !answered
      ? {
          aborted: {
            reason: 'unreachable',
            message: `no request got an answer from ${described.label}: ${sent[0]?.error ?? 'transport error'}`,
          },
        }
      : abortCause(signal) === 'deadline'
        ? { aborted: { reason: 'deadline', message: `the run's total deadline of ${totalTimeoutMs} ms passed` } }
        : {};
  // Every submit that created a task: the shared ones and the extras of the tolerance and header cases.
  const created = sent.filter(
    (e) =>
      e.operation === 'submit' &&
      e.response?.status === 200 &&
      typeof (e.response.body as { output?: { task_id?: unknown } } | undefined)?.output?.task_id === 'string',
  ).length;
  return finish(list, sent, created, extra);
}
