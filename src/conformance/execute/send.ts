import { randomUUID } from 'node:crypto';
import { OPERATIONS, pathOf, submitOperationOf } from '../../contract/operations.js';
import { TimeoutError, TransportError, type Auth } from '../../client/index.js';
import { MALFORMED_TASK_IDS, type SendSpec } from '../../rules/case.js';
import type { Verdict } from '../../rules/judge.js';
import type { CaseTask } from './case-task-record.js';
import type { ModelLimiter } from './limiter.js';
import { isBillableSend, type PlannedRun } from '../plan/plan.js';
import { buildRequest } from '../plan/requests.js';
import type { ModelId } from '../../contract/models.js';
import { abortCause } from './abort.js';
import { errorText, type CaseContext, type RunState } from './state.js';
import { downloadVideo, videoUrlOfExchange } from './video-probe.js';

/** What a send step found: a verdict and the exchanges it made. */
export type Sent = Verdict & { seqs: number[] };

/** A key no target accepts, for the wrong-key case. */
const WRONG_KEY = 'sk-wan-conformance-wrong-key';

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

/** Polls a task the case created to its end in the background, hands it to `onCaseTask` (for `--evidence`), then frees its model slot; the run waits for these. */
function drainTask(
  state: RunState,
  limiter: ModelLimiter,
  id: string,
  model: ModelId,
  taskOf: (final: CaseTask['final']) => CaseTask,
): void {
  state.drains.push(
    state.client
      .waitForTask(id, { signal: state.signal, timeoutMs: state.taskTimeoutMs, maxPolls: state.maxPolls, model })
      .catch(() => undefined)
      .then((final) => state.onCaseTask?.(taskOf(final)))
      .finally(() => limiter.release()),
  );
}

/** A submit: the request the step names, within the model's rate and (for a billable one) its concurrent tasks. */
async function sendSubmit(state: RunState, run: PlannedRun, send: SendSpec, ctx: CaseContext): Promise<Sent> {
  const { client, profile, signal } = state;
  const model = run.sendModel;
  if (!model || !run.sendResolution) return { outcome: 'skip', message: 'no model to send for', seqs: [] };
  const built = buildRequest(send.request ?? 'valid', profile, model, run.sendResolution, state.inputs);
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
        holding = false;
        drainTask(state, limiter, id, built.model, (final) => ({
          caseId: run.case.id,
          model: built.model,
          request: built.body,
          submit: answer.exchange,
          final,
          finishedAt: new Date(state.now()).toISOString(),
        }));
      }
    }
    return { outcome: 'pass', seqs: [answer.exchange.seq] };
  } finally {
    if (holding) limiter.release();
  }
}

/** A task query or cancel, of the task the step names: the one created, the shared one, an unknown or malformed id. */
async function sendTaskQuery(
  state: RunState,
  send: SendSpec,
  operation: 'getTask' | 'cancel',
  ctx: CaseContext,
): Promise<Sent> {
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
  const op = operation === 'cancel' ? 'cancelTask' : 'getTask';
  const answer = await state.client.send({
    operation,
    method: OPERATIONS[op].method,
    path: pathOf(op, { task_id: id }),
    ...(send.auth ? { auth: authOf(send.auth, state) } : {}),
    signal: state.signal,
  });
  if (send.auth === 'other' && answer.status === 401)
    return { outcome: 'error', message: OTHER_KEY_REFUSED, seqs: [answer.exchange.seq] };
  return { outcome: 'pass', seqs: [answer.exchange.seq] };
}

/** A download of the shared task's video: the read the task already made, or (task not SUCCEEDED) a fresh one. */
async function sendDownload(state: RunState, ctx: CaseContext): Promise<Sent> {
  // The shared task read its video once (bounded bytes); every case that judges the video uses that read.
  const video = ctx.task?.video;
  if (video) {
    if ('error' in video) {
      const seqs = [...video.seqs];
      if (abortCause(state.signal) === 'deadline')
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
  const answer = await downloadVideo(state.client, url, state.signal);
  ctx.downloadHead = answer.head;
  return { outcome: 'pass', seqs: [answer.exchange.seq] };
}

/** What a send that threw comes to: a timeout, a transport error, or the runner's own error. */
function sendFailure(error: unknown, signal: AbortSignal): Sent {
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

/** Carries out a `send` step. Never throws: a failure to send is a verdict. */
export async function doSend(state: RunState, run: PlannedRun, send: SendSpec, ctx: CaseContext): Promise<Sent> {
  try {
    if (send.op === 'submit') return await sendSubmit(state, run, send, ctx);
    if (send.op === 'getTask' || send.op === 'cancel') return await sendTaskQuery(state, send, send.op, ctx);
    return await sendDownload(state, ctx);
  } catch (error) {
    return sendFailure(error, state.signal);
  }
}
