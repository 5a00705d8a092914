import type { TaskResponse } from '../../contract/schemas/task.js';
import { errorReply, MockHttpError, TRANSPORT_CODES, type MockReply } from '../reply.js';
import type { TaskRecord } from '../task.js';
import { defaultSizeOf, RESOLUTIONS, type Resolution, type Size } from '../../contract/resolutions.js';
import { shortSecondsOf } from '../video-set.js';
import { NO_FAULTS, type FaultSet } from './select.js';
import { RETRY_AFTER_SECONDS, TRANSIENT_POLLS } from './table.js';

/** The code and message of a task the `fail` fault ends (an official code: the algorithm failed). */
export const FAILED_TASK = {
  code: 'InternalError.Algo',
  message: 'The mock failed this task as asked by X-Mock-Scenario: fail.',
} as const;

/** Which operation a request is, as far as the faults care. */
export type FaultedKind = 'submit' | 'task' | 'cancel' | 'artifact' | 'admin';

/** An answer that is no answer: the connection is reset (the `drop` and `down` faults). */
export function resetReply(requestId: string): MockReply {
  return { status: 0, headers: {}, body: null, requestId, reset: true };
}

function htmlReply(status: number, title: string, requestId: string): MockReply {
  const body = `<!DOCTYPE html>\n<html><head><title>${title}</title></head><body><center><h1>${title}</h1></center><hr><center>nginx</center></body></html>\n`;
  return { status, headers: { 'content-type': 'text/html; charset=utf-8' }, body, requestId };
}

const RETRY_AFTER = { 'retry-after': String(RETRY_AFTER_SECONDS) } as const;

/** Per-key counts of the `throttle` fault; bounded so random keys cannot grow memory. */
export class ThrottleCounter {
  readonly #counts = new Map<string, number>();
  /** True when this request of the key is the one to refuse (the first, the third, …). */
  refuse(key: string): boolean {
    if (this.#counts.size >= 10_000 && !this.#counts.has(key)) this.#counts.clear();
    const n = (this.#counts.get(key) ?? 0) + 1;
    this.#counts.set(key, n);
    return n % 2 === 1;
  }
  clear(): void {
    this.#counts.clear();
  }
}

/** The answer a request-level fault gives before the request is handled, if any. */
export function requestFaultReply(
  faults: FaultSet,
  kind: FaultedKind,
  requestId: string,
  throttle: { counter: ThrottleCounter; key: string } | undefined,
): MockReply | undefined {
  if (faults === NO_FAULTS || kind === 'admin') return undefined;
  const { names } = faults;
  if (names.has('down')) return resetReply(requestId);
  if (names.has('html')) return htmlReply(200, 'Welcome', requestId);
  if (kind === 'artifact') return undefined;
  if (names.has('throttle') && throttle && throttle.counter.refuse(throttle.key)) {
    throw new MockHttpError(
      429,
      'Throttling',
      'Requests throttled, please try again later (X-Mock-Scenario: throttle).',
      RETRY_AFTER,
    );
  }
  if (kind === 'submit' && names.has('server-error'))
    throw new MockHttpError(500, 'InternalError', 'An internal error has occurred (X-Mock-Scenario: server-error).');
  return undefined;
}

/** The answer a poll fault gives instead of the task, if any; `task.polls` already counts this poll. */
export function pollFaultReply(task: TaskRecord, faults: FaultSet, requestId: string): MockReply | undefined {
  const { names } = faults;
  const n = task.polls;
  if (names.has('poll-404'))
    return errorReply(404, TRANSPORT_CODES[404], `no such task: ${task.id} (X-Mock-Scenario: poll-404)`, requestId);
  if (names.has('drop') && n === 1) return resetReply(requestId);
  if (names.has('unavailable') && n <= TRANSIENT_POLLS)
    return errorReply(
      503,
      'ModelUnavailable',
      'The model is temporarily unavailable, please try again later (X-Mock-Scenario: unavailable).',
      requestId,
      RETRY_AFTER,
    );
  if (names.has('html-poll') && n <= TRANSIENT_POLLS) return htmlReply(502, '502 Bad Gateway', requestId);
  return undefined;
}

/**
 * The status a poll shows under the lifecycle faults: `suspended` (RUNNING, then SUSPENDED twice, then on),
 * `status-backwards` (RUNNING, then PENDING), `expire` (UNKNOWN once SUCCEEDED was answered).
 */
export function shownStatus(task: TaskRecord, real: string, faults: FaultSet, terminal: boolean): string {
  const { names } = faults;
  const n = task.polls;
  if (names.has('expire') && task.succeededAnswered) return 'UNKNOWN';
  if (names.has('status-backwards') && n <= 2) return n === 1 ? 'RUNNING' : 'PENDING';
  if (names.has('suspended') && n <= 3) {
    if (n >= 2) return 'SUSPENDED';
    return terminal ? 'RUNNING' : real;
  }
  return real;
}

/** Rewrites a task answer under the body faults; returns the same object, changed in place. */
export function rewriteTaskBody(body: TaskResponse, task: TaskRecord, faults: FaultSet): TaskResponse {
  const { names } = faults;
  const output = body.output as TaskResponse['output'] & Record<string, unknown>;
  if (names.has('no-video-url')) {
    delete output.video_url;
    delete output.results;
  }
  if (names.has('result-elsewhere')) {
    const nested = output.results?.video_url;
    if (typeof nested === 'string') {
      delete output.results;
      output.video_url = nested;
    } else if (typeof output.video_url === 'string') {
      output.results = { video_url: output.video_url };
      delete output.video_url;
    }
  }
  if (names.has('changing-task-id')) output.task_id = `${task.id}-${task.polls}`;
  if (names.has('wrong-usage') && typeof body.usage?.video_duration === 'number') body.usage.video_duration *= 2;
  if (names.has('lowercase-status')) output.task_status = output.task_status.toLowerCase() as typeof output.task_status;
  return body;
}

/** Rewrites any JSON answer under the shape faults (`no-request-id`, `foreign-error-shape`). */
export function rewriteReply(reply: MockReply, faults: FaultSet): MockReply {
  const { names } = faults;
  const shape = names.has('foreign-error-shape') && reply.status >= 400;
  if (!(names.has('no-request-id') || shape) || typeof reply.body !== 'string') return reply;
  if (!reply.headers['content-type']?.startsWith('application/json')) return reply;
  let body = JSON.parse(reply.body) as Record<string, unknown>;
  if (shape) body = { error: { type: body.code, detail: body.message } };
  if (names.has('no-request-id')) delete body.request_id;
  const { 'x-request-id': _dropped, ...headers } = reply.headers;
  return { ...reply, headers: names.has('no-request-id') ? headers : reply.headers, body: JSON.stringify(body) };
}

/**
 * The size and seconds of the video the mock serves for a task under the video faults: `video-wrong-tier` (the
 * default size of the next tier down, of the next up for the lowest), `video-short` (half the seconds, see
 * {@link shortSecondsOf}). Without them, the task's own.
 */
export function servedVideo(task: TaskRecord): { readonly size: Size; readonly seconds: number } {
  const { names } = task.faults;
  let size = task.size;
  let seconds = task.seconds;
  if (names.has('video-wrong-tier')) {
    const index = RESOLUTIONS.indexOf(task.resolution);
    const other = RESOLUTIONS[index === 0 ? 1 : index - 1] as Resolution;
    size = defaultSizeOf(other);
  }
  if (names.has('video-short')) seconds = shortSecondsOf(seconds);
  return { size, seconds };
}
