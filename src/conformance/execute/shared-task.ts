import type { ModelId } from '../../contract/models.js';
import { pathOf, submitPathOf } from '../../contract/operations.js';
import type { ProfileId } from '../../contract/profiles.js';
import type { Resolution } from '../../contract/resolutions.js';
import type { TaskLogRecord } from '../../contract/schemas/task-log.js';
import { ApiError, ContractError, TimeoutError, TransportError, type Client } from '../../client/index.js';
import { isTerminalStatus } from '../../contract/statuses.js';
import { validateSubmitResponse } from '../../validate/task.js';
import type { TaskEnd } from '../../rules/judge.js';
import { abortCause } from './abort.js';
import type { ModelLimiter } from './limiter.js';
import type { Exchange } from '../../client/exchange.js';
import { probeVideo, videoUrlOfExchange, type ProbedVideo } from './video-probe.js';

/** What the runner saw of the shared task of one model and resolution. */
export interface TaskState {
  readonly model: ModelId;
  readonly resolution: Resolution;
  readonly request: Record<string, unknown>;
  submitSeq?: number;
  taskId?: string;
  readonly pollSeqs: number[];
  repollSeq?: number;
  finalStatus?: string;
  end: TaskEnd;
  /** The bounded read of a SUCCEEDED task's video, once, for every case that judges the video. */
  video?: ProbedVideo | { readonly error: string; readonly seqs: readonly number[] };
}

/** Progress of one task, for live display. */
export interface TaskEvent {
  readonly type: 'task';
  readonly phase: 'submitted' | 'polled' | 'done';
  readonly model: ModelId;
  readonly resolution: Resolution;
  readonly taskId?: string;
  readonly status?: string;
  readonly polls?: number;
  readonly elapsedMs: number;
}

/** What running a shared task needs. */
export interface SharedTaskDeps {
  readonly client: Client;
  readonly profile: ProfileId;
  readonly limiter: ModelLimiter;
  readonly signal: AbortSignal;
  readonly taskTimeoutMs: number;
  readonly maxPolls: number;
  readonly now: () => number;
  readonly exchange: (seq: number) => Exchange | undefined;
  readonly target: string;
  readonly onEvent?: ((event: TaskEvent) => void) | undefined;
  readonly onTaskRecord?: ((record: TaskLogRecord) => void) | undefined;
  /** Wait this long after the submit before the first poll (the submit answer gave the first status). */
  readonly firstPollAfterMs?: number | undefined;
  /** Read the header of a SUCCEEDED task's video (some selected case judges the video). */
  readonly readVideo?: boolean | undefined;
}

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * Submits the valid request of a model, polls it to the end with the client, then polls once more; when told to,
 * reads the header of a SUCCEEDED task's video with bounded bytes. Never throws.
 */
export async function runSharedTask(
  deps: SharedTaskDeps,
  model: ModelId,
  resolution: Resolution,
  request: Record<string, unknown>,
): Promise<TaskState> {
  const submittedAt = new Date().toISOString();
  const state = await runTask(deps, model, resolution, request);
  const final =
    state.pollSeqs.length > 0 ? deps.exchange(state.pollSeqs[state.pollSeqs.length - 1] as number) : undefined;
  const url = state.finalStatus === 'SUCCEEDED' ? videoUrlOfExchange(final) : undefined;
  // After the task's model slot is free: reading a finished video is no task of the model.
  if (deps.readVideo && url && abortCause(deps.signal) === undefined) {
    try {
      state.video = await probeVideo(deps.client, url, deps.signal);
    } catch (error) {
      const exchange = error instanceof TransportError || error instanceof TimeoutError ? error.exchange : undefined;
      state.video = { error: message(error), seqs: exchange ? [exchange.seq] : [] };
    }
  }
  emitRecord(deps, state, submittedAt);
  return state;
}

async function runTask(
  deps: SharedTaskDeps,
  model: ModelId,
  resolution: Resolution,
  request: Record<string, unknown>,
): Promise<TaskState> {
  const state: TaskState = { model, resolution, request, pollSeqs: [], end: { kind: 'error', message: 'not started' } };
  const started = deps.now();
  await deps.limiter.acquire();
  try {
    await deps.limiter.pace(deps.signal);
    const answer = await deps.client.send({
      operation: 'submit',
      method: 'POST',
      path: submitPathOf(deps.profile, model),
      body: request,
      signal: deps.signal,
    });
    state.submitSeq = answer.exchange.seq;
    const submitted = answer.status === 200 ? validateSubmitResponse(answer.json) : undefined;
    if (!submitted?.ok) {
      state.end = {
        kind: 'not-created',
        message: `no task to judge: the submit answered HTTP ${answer.status} (see submit-accepted)`,
      };
      return state;
    }
    const taskId = submitted.value.output.task_id;
    state.taskId = taskId;
    deps.onEvent?.({
      type: 'task',
      phase: 'submitted',
      model,
      resolution,
      taskId,
      status: submitted.value.output.task_status,
      elapsedMs: deps.now() - started,
    });
    try {
      const final = await deps.client.waitForTask(taskId, {
        signal: deps.signal,
        timeoutMs: deps.taskTimeoutMs,
        maxPolls: deps.maxPolls,
        model,
        ...(deps.firstPollAfterMs === undefined ? {} : { firstPollAfterMs: deps.firstPollAfterMs }),
        submittedStatus: submitted.value.output.task_status,
        onPoll: (poll) => {
          state.pollSeqs.push(poll.exchange.seq);
          deps.onEvent?.({
            type: 'task',
            phase: 'polled',
            model,
            resolution,
            taskId,
            status: poll.task.output.task_status,
            polls: poll.polls,
            elapsedMs: deps.now() - started,
          });
        },
      });
      state.finalStatus = final.output.task_status;
      state.end = { kind: 'finished', status: final.output.task_status };
      const repoll = await deps.client.send({
        operation: 'getTask',
        method: 'GET',
        path: pathOf('getTask', { task_id: taskId }),
        signal: deps.signal,
      });
      state.repollSeq = repoll.exchange.seq;
    } catch (error) {
      // The exchange that stopped the wait is one of the polls, to be judged with the others.
      if (error instanceof ContractError || error instanceof ApiError) {
        if (error.exchange) state.pollSeqs.push(error.exchange.seq);
        state.end = { kind: 'contract', message: message(error) };
        // A terminal answer that breaks the contract is still the task's final answer, judged by the result cases.
        const status = (error.exchange?.response?.body as { output?: { task_status?: unknown } } | undefined)?.output
          ?.task_status;
        if (isTerminalStatus(status)) state.finalStatus = status;
      } else if (error instanceof TimeoutError && error.kind === 'task') {
        state.end = { kind: 'timeout', message: message(error) };
      } else if (abortCause(deps.signal) === 'deadline') {
        state.end = { kind: 'timeout', message: `the run's total deadline passed while polling task ${taskId}` };
      } else if (error instanceof TimeoutError || error instanceof TransportError) {
        if (state.end.kind !== 'finished') state.end = { kind: 'error', message: message(error) };
      } else {
        state.end = { kind: 'error', message: `runner error: ${message(error)}` };
      }
    }
    return state;
  } catch (error) {
    state.end =
      abortCause(deps.signal) === 'deadline'
        ? { kind: 'timeout', message: "the run's total deadline passed before the submit" }
        : { kind: 'error', message: message(error) };
    return state;
  } finally {
    deps.limiter.release();
    deps.onEvent?.({
      type: 'task',
      phase: 'done',
      model,
      resolution,
      ...(state.taskId ? { taskId: state.taskId } : {}),
      ...(state.finalStatus ? { status: state.finalStatus } : {}),
      polls: state.pollSeqs.length,
      elapsedMs: deps.now() - started,
    });
  }
}

function emitRecord(deps: SharedTaskDeps, state: TaskState, submittedAt: string): void {
  if (!deps.onTaskRecord || state.submitSeq === undefined) return;
  const submit = deps.exchange(state.submitSeq);
  if (!submit?.response) return;
  const last =
    state.pollSeqs.length > 0 ? deps.exchange(state.pollSeqs[state.pollSeqs.length - 1] as number) : undefined;
  const probe = state.video && 'probe' in state.video ? state.video.probe : undefined;
  const delivered =
    probe?.kind === 'facts'
      ? {
          width: probe.facts.width,
          height: probe.facts.height,
          duration_ms: probe.facts.durationSeconds * 1000,
          frame_ms: probe.facts.frameSeconds * 1000,
          bytes_read: probe.bytesRead,
        }
      : undefined;
  const record: TaskLogRecord = {
    log_version: 1,
    source: 'conformance',
    target: deps.target,
    profile: deps.profile,
    model: state.model,
    request: state.request,
    submit: { http_status: submit.response.status, body: submit.response.body ?? submit.response.text ?? null },
    ...(last?.response
      ? { final: { http_status: last.response.status, body: last.response.body ?? last.response.text ?? null } }
      : {}),
    ...(state.taskId ? { task_id: state.taskId } : {}),
    case_id: 'submit-accepted',
    ...(delivered ? { delivered } : {}),
    observed: {
      submitted_at: submittedAt,
      ...(last ? { finished_at: new Date(Date.parse(last.startedAt) + last.durationMs).toISOString() } : {}),
      polls: state.pollSeqs.length + (state.repollSeq === undefined ? 0 : 1),
    },
  };
  deps.onTaskRecord(record);
}
