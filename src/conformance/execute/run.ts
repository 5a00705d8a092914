import { caseTaskRecord } from './case-task-record.js';
import type { Exchange } from '../../client/exchange.js';
import { scrub } from '../../client/index.js';
import type { TaskLogRecord } from '../../contract/schemas/task-log.js';
import { MODELS, type ModelId } from '../../contract/models.js';
import type { PlannedRun } from '../plan/plan.js';
import type { ResolvedRun, RunClock } from '../plan/resolve.js';
import { abortCause } from './abort.js';
import { executeRun, resultBase } from './execute.js';
import { errorText, type RunState } from './state.js';
import { ModelLimiter, QueryPacer } from './limiter.js';
import type { CaseResult } from './result.js';
import { createRunClient, RUNNER_POLLING, type RunClient } from './run-client.js';
import { scheduleRuns } from './schedule-runs.js';
import type { TaskEvent } from './shared-task.js';
import { createTaskMemo } from './task-memo.js';

/** What the caller of a run listens with and stops it by; everything else comes from the resolved run. */
export interface RunHooks {
  readonly signal?: AbortSignal | undefined;
  /** Each shared task's progress, and each case run's result (scrubbed of the run's keys). */
  readonly onTask?: ((event: TaskEvent) => void) | undefined;
  readonly onCase?: ((result: CaseResult) => void) | undefined;
  /** One task log record per task the run polled, scrubbed of the run's keys. */
  readonly onTaskRecord?: ((record: TaskLogRecord) => void) | undefined;
}

/** What executing the plan left: every run's result in plan order, the exchanges sent, and why it stopped early. */
export interface Execution {
  readonly results: readonly CaseResult[];
  readonly sent: readonly Exchange[];
  readonly answered: boolean;
  readonly cause: ReturnType<typeof abortCause>;
}

/** One limiter per model the run may send for, keeping (or, for a free target, not keeping) its official limits. */
function modelLimiters(models: readonly ModelId[], respect: boolean, clock: RunClock): Map<ModelId, ModelLimiter> {
  return new Map(
    models.map((m) => {
      const { concurrentTasks, submitRps } = MODELS[m].rateLimits;
      return [m, new ModelLimiter(concurrentTasks, submitRps, respect, clock.now, clock.sleep)] as const;
    }),
  );
}

/** The client of the run: its deadline, its key's query rate, the caller's signal. */
function runClientOf(run: ResolvedRun, signal: AbortSignal | undefined): RunClient {
  const { clock, budget } = run;
  return createRunClient({
    queries: new QueryPacer(budget.queryRps, clock.now, clock.sleep),
    target: run.target,
    profile: run.profile,
    now: clock.now,
    sleep: clock.sleep,
    startMs: clock.startMs,
    totalTimeoutMs: budget.totalTimeoutMs,
    requestTimeoutMs: budget.requestTimeoutMs,
    pollIntervalMs: budget.pollIntervalMs,
    signal,
  });
}

/** What every case run shares: the client, the limiters, the shared tasks. */
function runStateOf(run: ResolvedRun, client: RunClient, hooks: RunHooks): RunState {
  const { clock, budget, profile, runs } = run;
  const limiters = modelLimiters(
    [...new Set(run.plan.models.concat(runs.flatMap((r) => (r.sendModel ? [r.sendModel] : []))))],
    budget.respectRateLimits,
    clock,
  );
  const onTaskRecord = hooks.onTaskRecord;
  return {
    client: client.client,
    profile,
    exchanges: client.exchanges,
    limiters,
    signal: client.signal,
    inputs: run.inputs,
    startMs: clock.startMs,
    totalTimeoutMs: budget.totalTimeoutMs,
    taskTimeoutMs: budget.taskTimeoutMs,
    maxPolls: budget.maxPolls,
    drains: [],
    now: clock.now,
    unreachable: client.unreachable,
    apiKey2: run.target.apiKey2,
    onCaseTask: onTaskRecord
      ? (task) => {
          const record = caseTaskRecord(run.label, profile, task);
          if (record) onTaskRecord(scrub(record, run.secrets));
        }
      : undefined,
    startTask: createTaskMemo({
      client: client.client,
      profile,
      limiters,
      inputs: run.inputs,
      signal: client.signal,
      taskTimeoutMs: budget.taskTimeoutMs,
      maxPolls: budget.maxPolls,
      now: clock.now,
      exchange: (seq) => client.exchanges.get(seq),
      target: run.label,
      onEvent: hooks.onTask,
      readVideo: runs.some(
        (r) => !r.skip && r.case.steps.some((step) => 'send' in step && step.send.op === 'download'),
      ),
      onTaskRecord: onTaskRecord ? (record) => onTaskRecord(scrub(record, run.secrets)) : undefined,
      firstPollAfterMs: budget.pollIntervalMs === undefined ? RUNNER_POLLING.minMs : undefined,
    }),
  };
}

/** Sends the plan's case runs, at most `concurrency` at once; a run that throws is an `error`, never a crash. */
export async function executePlan(run: ResolvedRun, hooks: RunHooks): Promise<Execution> {
  const client = runClientOf(run, hooks.signal);
  const state = runStateOf(run, client, hooks);
  const results = new Map<PlannedRun, CaseResult>();
  const execute = async (planned: PlannedRun) => {
    let result: CaseResult;
    try {
      result = await executeRun(state, planned);
    } catch (error) {
      result = {
        ...resultBase(planned, run.profile),
        outcome: 'error',
        reason: `runner error: ${errorText(error)}`,
        durationMs: 0,
        steps: [],
      };
    }
    results.set(planned, result);
    hooks.onCase?.(scrub(result, run.secrets));
  };
  try {
    await scheduleRuns(run.runs, run.budget.concurrency, execute, state.drains);
  } finally {
    client.dispose();
  }
  return {
    results: run.runs.map((planned) => results.get(planned) as CaseResult),
    sent: client.sent(),
    answered: client.answered(),
    cause: abortCause(client.signal),
  };
}
