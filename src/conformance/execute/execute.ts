import { randomUUID } from 'node:crypto';
import type { ModelId } from '../../contract/models.js';
import { OPERATIONS, pathOf, submitOperationOf } from '../../contract/operations.js';
import type { ProfileId } from '../../contract/profiles.js';
import type { Resolution } from '../../contract/resolutions.js';
import { TimeoutError, TransportError, type Auth, type Client } from '../../client/index.js';
import { MALFORMED_TASK_IDS, type ExpectSpec, type RequireSpec, type SendSpec } from '../../rules/case.js';
import { judge, type JudgeContext, type Verdict } from '../../rules/judge.js';
import { requireHolds, retentionEndOf } from '../../rules/lifecycle.js';
import type { ModelLimiter } from './limiter.js';
import { isBillableSend, type PlannedRun } from '../plan/plan.js';
import type { Exchange } from '../../client/exchange.js';
import type { CaseResult, StepResult } from './result.js';
import { buildRequest, type SampleInputs } from '../plan/requests.js';
import { abortCause } from './abort.js';
import type { TaskState } from './shared-task.js';
import { downloadVideo, videoUrlOfExchange } from './video-probe.js';
import type { VideoProbe } from '../../rules/video.js';

/** A key no target accepts, for the wrong-key case. */
const WRONG_KEY = 'sk-wan-conformance-wrong-key';

/** What executing a case run needs from the run. */
export interface RunState {
  readonly client: Client;
  readonly profile: ProfileId;
  readonly exchanges: ReadonlyMap<number, Exchange>;
  readonly limiters: ReadonlyMap<ModelId, ModelLimiter>;
  readonly signal: AbortSignal;
  readonly options: { readonly inputs?: SampleInputs | undefined };
  readonly startMs: number;
  readonly totalTimeoutMs: number;
  readonly now: () => number;
  readonly startTask: (model: ModelId, resolution: Resolution) => Promise<TaskState>;
  readonly taskTimeoutMs: number;
  readonly maxPolls: number;
  /** Background polls of extra tasks, each holding a model slot until its task ends. */
  readonly drains: Promise<void>[];
  /** Why the target counts as unreachable, once the first requests all failed in transport: the run stops sending. */
  readonly unreachable: () => string | undefined;
  /** The key of a second account, for `auth: other` (cases that need it are planned out without it). */
  readonly apiKey2?: string | undefined;
}

interface CaseContext {
  caseSeqs: number[];
  createdTaskId?: string;
  task?: TaskState;
  downloadHead?: Uint8Array;
  video?: VideoProbe;
}

/** Who a send step authenticates as. */
function authOf(auth: NonNullable<SendSpec['auth']>, state: RunState): Auth {
  if (auth === 'none') return 'none';
  if (auth === 'wrong') return { bearer: WRONG_KEY };
  if (auth === 'other') {
    if (!state.apiKey2) throw new Error('a case that needs a second account ran without --api-key-2');
    return { bearer: state.apiKey2 };
  }
  return 'key';
}

/** The second account's key refused: the run cannot judge what that account sees, and says why. */
const OTHER_KEY_REFUSED =
  "the target refused the second account's key (HTTP 401): --api-key-2 must be a valid key of another account";

/** The message of anything thrown. */
export const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error));

async function doSend(
  state: RunState,
  run: PlannedRun,
  send: SendSpec,
  ctx: CaseContext,
): Promise<Verdict & { seqs: number[] }> {
  const { client, profile, signal } = state;
  const model = run.sendModel;
  try {
    if (send.op === 'submit') {
      if (!model || !run.sendResolution) return { outcome: 'skip', message: 'no model to send for', seqs: [] };
      const built = buildRequest(send.request ?? 'valid', profile, model, run.sendResolution, state.options.inputs);
      if (!built.applies) return { outcome: 'skip', message: `not supported: ${built.reason}`, seqs: [] };
      const limiter = state.limiters.get(model) as ModelLimiter;
      const billable = isBillableSend(send, profile);
      // A task this submit may create counts against the model's concurrent tasks until it ends.
      if (billable) await limiter.acquire();
      let holding = billable;
      try {
        await limiter.pace(signal);
        const answer = await client.send({
          operation: 'submit',
          method: OPERATIONS[submitOperationOf(profile, built.model)].method,
          path: pathOf(submitOperationOf(profile, built.model)),
          ...(built.rawBody === undefined ? { body: built.body } : { rawBody: built.rawBody }),
          auth: authOf(send.auth ?? 'key', state),
          ...(send.asyncHeader ? { asyncHeader: send.asyncHeader === 'send' } : {}),
          signal,
        });
        const id = (answer.json as { output?: { task_id?: unknown } } | undefined)?.output?.task_id;
        if (answer.status === 200 && typeof id === 'string') {
          ctx.createdTaskId = id;
          if (billable && limiter.enforcing) {
            // Poll it to the end in the background, then free the slot; the run waits for these before it ends.
            holding = false;
            state.drains.push(
              client
                .waitForTask(id, {
                  signal,
                  timeoutMs: state.taskTimeoutMs,
                  maxPolls: state.maxPolls,
                  model: built.model,
                })
                .then(
                  () => undefined,
                  () => undefined,
                )
                .finally(() => limiter.release()),
            );
          }
        }
        return { outcome: 'pass', seqs: [answer.exchange.seq] };
      } finally {
        if (holding) limiter.release();
      }
    }
    if (send.op === 'getTask' || send.op === 'cancel') {
      const which = send.taskId ?? 'created';
      const id =
        which === 'unknown'
          ? `conformance-unknown-${randomUUID()}`
          : which === 'created'
            ? ctx.createdTaskId
            : which === 'shared'
              ? ctx.task?.taskId
              : MALFORMED_TASK_IDS[which];
      if (!id) return { outcome: 'skip', message: 'no task was created to query', seqs: [] };
      const op = send.op === 'cancel' ? 'cancelTask' : 'getTask';
      const answer = await client.send({
        operation: send.op,
        method: OPERATIONS[op].method,
        path: pathOf(op, { task_id: id }),
        ...(send.auth ? { auth: authOf(send.auth, state) } : {}),
        signal,
      });
      if (send.auth === 'other' && answer.status === 401)
        return { outcome: 'error', message: OTHER_KEY_REFUSED, seqs: [answer.exchange.seq] };
      return { outcome: 'pass', seqs: [answer.exchange.seq] };
    }
    // The shared task read its video once (bounded bytes); every case that judges the video uses that read.
    const video = ctx.task?.video;
    if (video) {
      if ('error' in video) {
        const seqs = [...video.seqs];
        if (abortCause(signal) === 'deadline')
          return { outcome: 'timeout', message: "the run's total deadline passed", seqs };
        return { outcome: 'error', message: video.error, seqs };
      }
      ctx.downloadHead = video.first.head;
      ctx.video = video.probe;
      return { outcome: 'pass', seqs: [...video.probe.seqs] };
    }
    const final = ctx.task?.pollSeqs.length
      ? state.exchanges.get(ctx.task.pollSeqs[ctx.task.pollSeqs.length - 1] as number)
      : undefined;
    const url = videoUrlOfExchange(final);
    if (url === undefined)
      return { outcome: 'skip', message: 'no video URL to download (see result-video-url)', seqs: [] };
    // Only reached when the task did not read its video (it is not SUCCEEDED): the key is never sent to the video
    // host, result URLs are pre-signed and may live on a CDN.
    const answer = await downloadVideo(client, url, signal);
    ctx.downloadHead = answer.head;
    return { outcome: 'pass', seqs: [answer.exchange.seq] };
  } catch (error) {
    const seqs =
      error instanceof TransportError || error instanceof TimeoutError
        ? error.exchange
          ? [error.exchange.seq]
          : []
        : [];
    if (abortCause(signal) === 'deadline')
      return { outcome: 'timeout', message: "the run's total deadline passed", seqs };
    if (error instanceof TimeoutError) return { outcome: 'timeout', message: error.message, seqs };
    if (error instanceof TransportError) return { outcome: 'error', message: error.message, seqs };
    return { outcome: 'error', message: `runner error: ${errorText(error)}`, seqs };
  }
}

function checkRequire(spec: RequireSpec, ctx: CaseContext, state: RunState): Verdict {
  const last = spec.status === undefined ? undefined : state.exchanges.get(ctx.caseSeqs[ctx.caseSeqs.length - 1] ?? -1);
  return requireHolds(spec, ctx.task, last?.response?.status);
}

function exchangesFor(spec: ExpectSpec, ctx: CaseContext, state: RunState): Exchange[] {
  const pick = (seqs: readonly (number | undefined)[]) =>
    seqs.flatMap((s) =>
      s === undefined ? [] : [state.exchanges.get(s)].filter((e): e is Exchange => e !== undefined),
    );
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

/** The identifying fields of a run's result, with the contract reference resolved for its model. */
export function resultBase(
  run: PlannedRun,
  profile: ProfileId,
): Pick<CaseResult, 'caseId' | 'description' | 'level' | 'ref' | 'model' | 'resolution'> {
  const c = run.case;
  // Officially kf2v and s2v submit on the image2video path, whose operation is createImageToVideoTask.
  const ref =
    c.ref.operationId === 'createVideoTask' && run.model
      ? { ...c.ref, operationId: submitOperationOf(profile, run.model) }
      : c.ref;
  return {
    caseId: c.id,
    description: c.description,
    level: c.level,
    ref,
    model: run.model,
    resolution: run.resolution,
  };
}

/** Runs one case for one model (or the target) step by step; the first step that does not pass ends it. Never throws. */
export async function executeRun(state: RunState, run: PlannedRun): Promise<CaseResult> {
  const c = run.case;
  const base = resultBase(run, state.profile);
  if (run.skip) return { ...base, outcome: 'skip', reason: run.skip, durationMs: 0, steps: [] };
  const started = state.now();
  const ctx: CaseContext = { caseSeqs: [] };
  const steps: StepResult[] = [];
  let verdict: Verdict = { outcome: 'pass' };
  for (const [index, step] of c.steps.entries()) {
    let seqs: number[] = [];
    let kind = 'expect';
    let label = '';
    const unreachable = state.unreachable();
    const stopped = abortCause(state.signal);
    if (unreachable) {
      verdict = { outcome: 'error', message: `not run: the target is unreachable (${unreachable})` };
      kind = Object.keys(step)[0] ?? 'step';
    } else if (stopped === 'deadline' || state.now() - state.startMs > state.totalTimeoutMs) {
      verdict = { outcome: 'timeout', message: "the run's total deadline passed before this step" };
      kind = Object.keys(step)[0] ?? 'step';
    } else if (stopped === 'cancelled') {
      verdict = { outcome: 'error', message: 'not run: the run was cancelled' };
      kind = Object.keys(step)[0] ?? 'step';
    } else if ('use' in step) {
      kind = 'use';
      label = 'the shared task of the model';
      if (!run.model || !run.resolution)
        verdict = { outcome: 'error', message: 'a task-scope case ran without a model' };
      else {
        ctx.task = await state.startTask(run.model, run.resolution);
        seqs = ctx.task.submitSeq === undefined ? [] : [ctx.task.submitSeq];
        verdict =
          ctx.task.end.kind === 'error' && ctx.task.submitSeq === undefined
            ? { outcome: 'error', message: ctx.task.end.message }
            : { outcome: 'pass' };
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
      label = Object.entries(step.require)
        .filter(([k]) => k !== 'reason')
        .map(([k, v]) => `${k}=${String(v)}`)
        .join(' ');
      verdict = checkRequire(step.require, ctx, state);
    } else {
      label = Object.entries(step.expect)
        .map(([k, v]) => `${k}=${typeof v === 'object' ? JSON.stringify(v) : String(v)}`)
        .join(' ');
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
        video: ctx.video,
        retentionEndsAt: retentionEndOf(
          exchangesFor({ of: 'submit' }, ctx, state)[0],
          exchangesFor({ of: 'polls' }, ctx, state),
        ),
      };
      try {
        verdict = judge(step.expect, exchanges, jctx);
      } catch (error) {
        verdict = { outcome: 'error', message: `runner error: ${errorText(error)}` };
      }
    }
    steps.push({
      index,
      kind,
      label,
      outcome: verdict.outcome,
      ...(verdict.message ? { message: verdict.message } : {}),
      exchanges: seqs,
    });
    if (verdict.outcome !== 'pass') break;
  }
  return {
    ...base,
    outcome: verdict.outcome,
    ...(verdict.message ? { reason: verdict.message } : {}),
    durationMs: state.now() - started,
    offsetMs: Math.max(0, started - state.startMs),
    steps,
  };
}
