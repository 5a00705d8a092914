import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { MODELS, type ModelId } from '../contract/models.js';
import { PROFILES, submitPathOf, type ProfileId } from '../contract/profiles.js';
import type { Resolution } from '../contract/resolutions.js';
import type { TaskLogRecord } from '../contract/schemas/task-log.js';
import { createClient, realSleep, redactValue, scrub, TimeoutError, TransportError, type Client } from '../client/index.js';
import type { ExpectSpec, RequireSpec, SendSpec } from './case.js';
import { judge, type JudgeContext, type Verdict } from './judge.js';
import { ModelLimiter } from './limiter.js';
import { loadCases, type LoadedCase } from './load.js';
import { estimateCost, planRun, type LevelOption, type PlannedRun } from './plan.js';
import type { CaseResult, ConformanceReport, CostEstimate, Exchange, Plan, StepResult } from './report.js';
import { buildRequest, validRequest, type SampleInputs } from './requests.js';
import { abortCause, runSharedTask, type TaskEvent, type TaskState } from './shared-task.js';
import { markExpected, summarize, type ExpectedFailure } from './summary.js';

/** Progress of a run, for live display; the runner itself prints nothing. */
export type RunEvent =
  | { readonly type: 'plan'; readonly plan: Plan; readonly estimate: CostEstimate }
  | TaskEvent
  | { readonly type: 'case'; readonly result: CaseResult }
  | { readonly type: 'done'; readonly report: ConformanceReport };

/** Options of {@link runConformance}. */
export interface ConformanceOptions {
  /** The API root, ending in `/api/v1` (e.g. `http://127.0.0.1:4010/alibailian/api/v1`). */
  readonly baseUrl: string;
  readonly apiKey?: string | undefined;
  readonly profile?: ProfileId | undefined;
  /** What the target is: a URL (billable, needs a budget) or the embedded mock (free). */
  readonly targetKind?: 'url' | 'embedded-mock' | undefined;
  readonly fetch?: typeof fetch | undefined;
  readonly models?: readonly ModelId[] | undefined;
  readonly resolutions?: readonly Resolution[] | undefined;
  readonly level?: LevelOption | undefined;
  readonly smoke?: boolean | undefined;
  /** Budget in CNY for a billable target (default `0`): a plan that costs more stops before the first request. */
  readonly maxCost?: string | undefined;
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

/** The package version, which is also the contract version (the registry ships in it). */
export const RUNNER_VERSION: string = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

const WRONG_KEY = 'sk-wan-conformance-wrong-key';

interface RunState {
  readonly client: Client;
  readonly profile: ProfileId;
  readonly exchanges: Map<number, Exchange>;
  readonly tasks: Map<string, Promise<TaskState>>;
  readonly limiters: Map<ModelId, ModelLimiter>;
  readonly signal: AbortSignal;
  readonly options: ConformanceOptions;
  readonly startMs: number;
  readonly totalTimeoutMs: number;
  readonly now: () => number;
  readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  readonly startTask: (model: ModelId, resolution: Resolution) => Promise<TaskState>;
  /** Set when the first requests all failed in transport: the run stops sending. */
  unreachable?: string;
}

/** Transport failures without a single answer after which the target counts as unreachable. */
const UNREACHABLE_AFTER = 3;

interface CaseContext {
  caseSeqs: number[];
  createdTaskId?: string;
  task?: TaskState;
  downloadHead?: Uint8Array;
}

const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error));

async function doSend(state: RunState, run: PlannedRun, send: SendSpec, ctx: CaseContext): Promise<Verdict & { seqs: number[] }> {
  const { client, profile, signal } = state;
  const model = run.sendModel;
  try {
    if (send.op === 'submit') {
      if (!model || !run.sendResolution) return { outcome: 'skip', message: 'no model to send for', seqs: [] };
      const built = buildRequest(send.request ?? 'valid', profile, model, run.sendResolution, state.options.inputs);
      if (!built.applies) return { outcome: 'skip', message: `not supported: ${built.reason}`, seqs: [] };
      const limiter = state.limiters.get(model) as ModelLimiter;
      await limiter.pace(signal);
      const answer = await client.send({
        operation: 'submit',
        method: 'POST',
        path: submitPathOf(profile, built.model),
        ...(built.rawBody === undefined ? { body: built.body } : { rawBody: built.rawBody }),
        auth: send.auth === 'none' ? 'none' : send.auth === 'wrong' ? { bearer: WRONG_KEY } : 'key',
        ...(send.asyncHeader ? { asyncHeader: send.asyncHeader === 'send' } : {}),
        signal,
      });
      const id = (answer.json as { output?: { task_id?: unknown } } | undefined)?.output?.task_id;
      if (answer.status === 200 && typeof id === 'string') ctx.createdTaskId = id;
      return { outcome: 'pass', seqs: [answer.exchange.seq] };
    }
    if (send.op === 'getTask' || send.op === 'cancel') {
      const id = send.op === 'getTask' && send.taskId === 'unknown' ? `conformance-unknown-${randomUUID()}` : ctx.createdTaskId;
      if (!id) return { outcome: 'skip', message: 'no task was created to query', seqs: [] };
      const path = `/tasks/${encodeURIComponent(id)}${send.op === 'cancel' ? '/cancel' : ''}`;
      const answer = await client.send({ operation: send.op, method: send.op === 'cancel' ? 'POST' : 'GET', path, signal });
      return { outcome: 'pass', seqs: [answer.exchange.seq] };
    }
    const final = ctx.task?.pollSeqs.length ? state.exchanges.get(ctx.task.pollSeqs[ctx.task.pollSeqs.length - 1] as number) : undefined;
    const output = (final?.response?.body as { output?: { video_url?: unknown; results?: { video_url?: unknown } } } | undefined)?.output;
    const url = typeof output?.video_url === 'string' ? output.video_url : output?.results?.video_url;
    if (typeof url !== 'string' || !URL.canParse(url)) return { outcome: 'skip', message: 'no video URL to download (see result-video-url)', seqs: [] };
    // The key is never sent to the video host: result URLs are pre-signed and may live on a CDN.
    const answer = await client.send({ operation: 'download', method: 'GET', path: url, auth: 'none', binary: true, retry: false, signal });
    ctx.downloadHead = answer.head;
    return { outcome: 'pass', seqs: [answer.exchange.seq] };
  } catch (error) {
    const seqs = error instanceof TransportError || error instanceof TimeoutError ? (error.exchange ? [error.exchange.seq] : []) : [];
    if (abortCause(signal) === 'deadline') return { outcome: 'timeout', message: "the run's total deadline passed", seqs };
    if (error instanceof TimeoutError) return { outcome: 'timeout', message: error.message, seqs };
    if (error instanceof TransportError) return { outcome: 'error', message: error.message, seqs };
    return { outcome: 'error', message: `runner error: ${errorText(error)}`, seqs };
  }
}

function checkRequire(spec: RequireSpec, ctx: CaseContext, state: RunState): Verdict {
  const end = ctx.task?.end;
  if (spec.finished && end?.kind !== 'finished') return { outcome: 'skip', message: `the task did not finish: ${end ? end.message ?? end.kind : 'no task'}` };
  if (spec.taskStatus && ctx.task?.finalStatus !== spec.taskStatus) {
    const why = end?.kind === 'finished' ? `it ended ${end.status}` : `it did not finish (${end?.kind ?? 'no task'})`;
    return { outcome: 'skip', message: `needs a ${spec.taskStatus} task; ${why}` };
  }
  if (spec.status !== undefined) {
    const last = state.exchanges.get(ctx.caseSeqs[ctx.caseSeqs.length - 1] ?? -1);
    if (last?.response?.status !== spec.status) return { outcome: 'skip', message: spec.reason ?? `needs HTTP ${spec.status}, received ${last?.response?.status ?? 'no answer'}` };
  }
  return { outcome: 'pass' };
}

function exchangesFor(spec: ExpectSpec, ctx: CaseContext, state: RunState): Exchange[] {
  const pick = (seqs: readonly (number | undefined)[]) => seqs.flatMap((s) => (s === undefined ? [] : [state.exchanges.get(s)].filter((e): e is Exchange => e !== undefined)));
  const task = ctx.task;
  switch (spec.of ?? 'last') {
    case 'submit':
      return pick([task?.submitSeq]);
    case 'polls':
      return pick(task?.pollSeqs ?? []);
    case 'final':
      return pick([task?.finalStatus !== undefined ? task.pollSeqs[task.pollSeqs.length - 1] : undefined]);
    case 'repoll':
      return pick([task?.repollSeq]);
    case 'all':
      return [...state.exchanges.values()].filter((e) => e.operation !== 'download' && e.response !== undefined);
    default:
      return pick([ctx.caseSeqs[ctx.caseSeqs.length - 1]]);
  }
}

async function executeRun(state: RunState, run: PlannedRun): Promise<CaseResult> {
  const c = run.case;
  const base = { caseId: c.id, description: c.description, level: c.level, ref: c.ref, model: run.model, resolution: run.resolution };
  if (run.skip) return { ...base, outcome: 'skip', reason: run.skip, durationMs: 0, steps: [] };
  const started = state.now();
  const ctx: CaseContext = { caseSeqs: [] };
  const steps: StepResult[] = [];
  let verdict: Verdict = { outcome: 'pass' };
  for (const [index, step] of c.steps.entries()) {
    let seqs: number[] = [];
    let kind = 'expect';
    let label = '';
    if (state.unreachable) {
      verdict = { outcome: 'error', message: `not run: the target is unreachable (${state.unreachable})` };
      kind = Object.keys(step)[0] ?? 'step';
    } else if (abortCause(state.signal) === 'deadline' || state.now() - state.startMs > state.totalTimeoutMs) {
      verdict = { outcome: 'timeout', message: "the run's total deadline passed before this step" };
      kind = Object.keys(step)[0] ?? 'step';
    } else if ('use' in step) {
      kind = 'use';
      label = 'the shared task of the model';
      if (!run.model || !run.resolution) verdict = { outcome: 'error', message: 'a task-scope case ran without a model' };
      else {
        ctx.task = await state.startTask(run.model, run.resolution);
        seqs = ctx.task.submitSeq === undefined ? [] : [ctx.task.submitSeq];
        verdict = ctx.task.end.kind === 'error' && ctx.task.submitSeq === undefined ? { outcome: 'error', message: ctx.task.end.message } : { outcome: 'pass' };
      }
    } else if ('send' in step) {
      kind = 'send';
      label = `${step.send.op}${step.send.request ? ` ${step.send.request}` : ''}${step.send.auth ? ` auth=${step.send.auth}` : ''}${step.send.asyncHeader ? ` async-header=${step.send.asyncHeader}` : ''}`;
      const sent = await doSend(state, run, step.send, ctx);
      seqs = sent.seqs;
      ctx.caseSeqs.push(...sent.seqs);
      verdict = sent;
    } else if ('require' in step) {
      kind = 'require';
      label = Object.entries(step.require).filter(([k]) => k !== 'reason').map(([k, v]) => `${k}=${String(v)}`).join(' ');
      verdict = checkRequire(step.require, ctx, state);
    } else {
      label = Object.entries(step.expect).map(([k, v]) => `${k}=${typeof v === 'object' ? JSON.stringify(v) : String(v)}`).join(' ');
      const exchanges = exchangesFor(step.expect, ctx, state);
      seqs = exchanges.map((e) => e.seq);
      const jctx: JudgeContext = {
        profile: state.profile,
        model: run.sendModel,
        request: ctx.task?.request,
        taskId: ctx.task?.taskId,
        finalStatus: ctx.task?.finalStatus,
        taskEnd: ctx.task?.end,
        downloadHead: ctx.downloadHead,
      };
      try {
        verdict = judge(step.expect, exchanges, jctx);
      } catch (error) {
        verdict = { outcome: 'error', message: `runner error: ${errorText(error)}` };
      }
    }
    steps.push({ index, kind, label, outcome: verdict.outcome, ...(verdict.message ? { message: verdict.message } : {}), exchanges: seqs });
    if (verdict.outcome !== 'pass') break;
  }
  return { ...base, outcome: verdict.outcome, ...(verdict.message ? { reason: verdict.message } : {}), durationMs: state.now() - started, steps };
}

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
 * A billable target needs a budget (`maxCost`): an over-budget plan stops before the first request.
 * @example
 * const report = await runConformance({ baseUrl: 'http://127.0.0.1:4010/alibailian/api/v1', apiKey, maxCost: '30' });
 * report.summary.mustFailures // 0
 */
export async function runConformance(options: ConformanceOptions): Promise<ConformanceReport> {
  const profile = options.profile ?? 'crazyrouter';
  if (!Object.hasOwn(PROFILES, profile)) throw new TypeError(`profile must be crazyrouter or dashscope, received ${JSON.stringify(profile)}`);
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? realSleep;
  const targetKind = options.targetKind ?? 'url';
  const startedAt = new Date().toISOString();
  const startMs = now();
  const secrets = options.apiKey ? [options.apiKey] : [];
  const cases = options.cases ?? loadCases();
  const { plan, runs } = planRun({ profile, cases, models: options.models, resolutions: options.resolutions, level: options.level, smoke: options.smoke, inputs: options.inputs });
  const billable = targetKind !== 'embedded-mock';
  const estimate = estimateCost(plan, billable ? (options.maxCost ?? '0') : null, billable);
  options.onEvent?.({ type: 'plan', plan, estimate });
  const target = { kind: targetKind, baseUrl: redactValue(options.baseUrl, secrets), label: targetKind === 'embedded-mock' ? 'embedded-mock' : redactValue(options.baseUrl, secrets) };
  const expected = options.expectedFailures ?? [];
  const finish = (results: CaseResult[], exchanges: Exchange[], tasks: number, extra: Partial<ConformanceReport>): ConformanceReport => {
    const marked = markExpected(results, expected);
    const report: ConformanceReport = {
      reportVersion: 1,
      runner: { name: 'wan-video-contract', version: RUNNER_VERSION },
      contract: { version: RUNNER_VERSION, profile },
      target,
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
    const clean = scrub(report, secrets);
    options.onEvent?.({ type: 'done', report: clean });
    return clean;
  };
  const skipAll = (reason: string) => runs.map((run): CaseResult => ({ caseId: run.case.id, description: run.case.description, level: run.case.level, ref: run.case.ref, model: run.model, resolution: run.resolution, outcome: 'skip', reason: run.skip ?? reason, durationMs: 0, steps: [] }));
  if (!estimate.withinBudget) {
    const message = `the plan costs ¥${estimate.amount} CNY if every task succeeds, over the budget of ¥${estimate.maxCost}`;
    return finish(skipAll(`over budget: ${message}`), [], 0, { aborted: { reason: 'over-budget', message } });
  }
  if (options.dryRun) return finish(skipAll('not run: dry run'), [], 0, { aborted: { reason: 'dry-run', message: 'dry run: nothing was sent' } });

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
    baseUrl: options.baseUrl,
    apiKey: options.apiKey,
    profile,
    fetch: options.fetch,
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
  const respect = options.respectRateLimits ?? targetKind !== 'embedded-mock';
  const limiters = new Map(plan.models.concat(runs.flatMap((r) => (r.sendModel ? [r.sendModel] : []))).map((m) => [m, new ModelLimiter(MODELS[m].rateLimits.concurrentTasks, MODELS[m].rateLimits.submitRps, respect, now, sleep)] as const));
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
            maxPolls: options.maxPolls ?? 500,
            now,
            exchange: (seq) => exchanges.get(seq),
            target: target.label,
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
      record(run, { caseId: run.case.id, description: run.case.description, level: run.case.level, ref: run.case.ref, model: run.model, resolution: run.resolution, outcome: 'error', reason: `runner error: ${errorText(error)}`, durationMs: 0, steps: [] });
    }
  };
  try {
    // Task-scope runs first, so that every shared task starts early; whole-run checks last.
    const scopeOrder = { task: 0, model: 1, target: 2 } as const;
    const first = runs.filter((r) => !usesWholeRun(r)).sort((a, b) => scopeOrder[a.case.scope] - scopeOrder[b.case.scope]);
    await pool(first, options.concurrency ?? 8, safeRun);
    await pool(runs.filter(usesWholeRun), 1, safeRun);
  } finally {
    clearTimeout(timer);
  }
  const list = runs.map((run) => results.get(run) as CaseResult);
  const sent = [...exchanges.values()].sort((a, b) => a.seq - b.seq);
  const extra: Partial<ConformanceReport> =
    sent.length > 0 && !answered
      ? { aborted: { reason: 'unreachable', message: `no request got an answer from ${target.label}: ${sent[0]?.error ?? 'transport error'}` } }
      : abortCause(signal) === 'deadline'
        ? { aborted: { reason: 'deadline', message: `the run's total deadline of ${totalTimeoutMs} ms passed` } }
        : {};
  return finish(list, sent, tasks.size, extra);
}
