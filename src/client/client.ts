import { MODEL_IDS, isModelId } from '../contract/models.js';
import { OPERATIONS, offers, pathOf, submitOperationOf } from '../contract/operations.js';
import {
  DEFAULT_PROFILE,
  PROFILE_IDS,
  isProfileId,
  profileOfBaseUrl,
  requiresAsyncHeader,
  type ProfileId,
} from '../contract/profiles.js';
import { ASYNC_HEADER, type SubmitRequest, type SubmitResponse } from '../contract/schemas/submit.js';
import type { TaskResponse } from '../contract/schemas/task.js';
import type { TaskListResponse } from '../contract/schemas/task-list.js';
import { isTerminalStatus } from '../contract/statuses.js';
import { validateTaskListResponse } from '../validate/task-list.js';
import type { Exchange } from './exchange.js';
import {
  validateCancelResponse,
  validateErrorBody,
  validateSubmitResponse,
  validateTaskResponse,
} from '../validate/task.js';
import { ApiError, ContractError, TimeoutError, TransportError } from './errors.js';
import { taskListQuery, type TaskListFilter } from './list.js';
import { realSleep, retryAfterMs, toPollSchedule, type PollSchedule } from './schedule.js';
import { redactValue } from './redact.js';
import { sendOnce, type Answer, type OutgoingRequest } from './transport.js';

/** Options of {@link createClient}. */
export interface ClientOptions {
  /** The API root as the official SDKs define it, ending in `/api/v1`: `https://dashscope.aliyuncs.com/api/v1`. */
  readonly baseUrl: string;
  /** The API key, sent as `Authorization: Bearer KEY`; never written to exchanges, errors or curl lines. */
  readonly apiKey?: string | undefined;
  /** The contract profile the target follows (default: from the base URL, as `conform` infers it). */
  readonly profile?: ProfileId | undefined;
  readonly fetch?: typeof fetch | undefined;
  readonly sleep?: ((ms: number, signal?: AbortSignal) => Promise<void>) | undefined;
  /** Milliseconds clock for deadlines (default `Date.now`). */
  readonly now?: (() => number) | undefined;
  /** Delay before each next poll: a fixed ms interval, a list (the last repeats) or a function; default official. */
  readonly pollSchedule?: number | readonly number[] | PollSchedule | undefined;
  /** Deadline of one request (default 30 s). */
  readonly requestTimeoutMs?: number | undefined;
  /** Send `X-DashScope-Async: enable` on submit (default: when the profile requires it). */
  readonly asyncHeader?: boolean | undefined;
  /**
   * Retries of one request, default 3: on 429, and for reads (GET) also on 502, 503 and 504 and on a connection
   * reset or refused before any answer. A submit is never repeated after a lost connection: it may have created a task.
   */
  readonly maxRetries?: number | undefined;
  /** Called with every request/response pair, redacted. */
  readonly onExchange?: ((exchange: Exchange) => void) | undefined;
  /** More values never written to exchanges, errors or curl lines: a second account's key sent as `{ bearer }`. */
  readonly secrets?: readonly string[] | undefined;
}

/** Who to authenticate as on one raw request. */
export type Auth = 'key' | 'none' | { readonly bearer: string };

/** A raw request of the client, answered without judging its status (the conformance runner uses it). */
export interface RawRequest {
  readonly operation: Exchange['operation'];
  readonly method: 'GET' | 'POST';
  /** Path under the base URL (`/tasks/abc`), or an absolute URL (downloads). */
  readonly path: string;
  /** A JSON body, or the exact text to send (malformed JSON). */
  readonly body?: unknown;
  readonly rawBody?: string;
  readonly auth?: Auth;
  readonly asyncHeader?: boolean;
  readonly binary?: boolean;
  /**
   * For a binary read: ask for `maxBytes` bytes from `start` (`Range: bytes=start-end`, RFC 9110 §14) and read no
   * more than that, whatever the server sends; the bytes read are in `Answer.data`.
   */
  readonly range?: { readonly start: number; readonly maxBytes: number };
  /** Retry 429 (honouring Retry-After) and, for reads, 502/503/504 and a lost connection. Default true. */
  readonly retry?: boolean;
  readonly signal?: AbortSignal;
}

/** What {@link Client.waitForTask} reports after each poll. */
export interface PollEvent {
  readonly task: TaskResponse;
  readonly polls: number;
  readonly elapsedMs: number;
  readonly exchange: Exchange;
}

/** Options of one wait. */
export interface WaitOptions {
  readonly signal?: AbortSignal;
  /** Deadline of the whole wait (default 15 minutes: s2v tasks take 5–10). */
  readonly timeoutMs?: number;
  /** Upper bound on polls (default 1,000). */
  readonly maxPolls?: number;
  /** The model, so that a SUCCEEDED result is checked at the place the profile gives it. */
  readonly model?: string;
  readonly onPoll?: (event: PollEvent) => void;
  /**
   * Wait this long before the first poll instead of polling at once (the submit answer already gave the first
   * status, so an immediate poll usually tells nothing new).
   */
  readonly firstPollAfterMs?: number;
  /** The status the submit answer gave, so a first poll that differs counts as a change (for the schedule). */
  readonly submittedStatus?: string;
}

/** The typed client of one target. */
export interface Client {
  readonly profile: ProfileId;
  readonly baseUrl: string;
  /** Creates a task; resolves with the validated submit answer. */
  submit(request: SubmitRequest, options?: { signal?: AbortSignal; asyncHeader?: boolean }): Promise<SubmitResponse>;
  /** Queries a task once; resolves with the validated answer (HTTP 200 in every status). */
  getTask(taskId: string, options?: { signal?: AbortSignal; model?: string }): Promise<TaskResponse>;
  /** Polls a task until it ends or the deadline passes; resolves with the terminal answer. */
  waitForTask(taskId: string, options?: WaitOptions): Promise<TaskResponse>;
  /** Cancels a PENDING task (profiles with cancel only); resolves with the answer body. */
  cancel(taskId: string, options?: { signal?: AbortSignal }): Promise<{ request_id: string } & Record<string, unknown>>;
  /** Lists the account's tasks, newest first (profiles with the task list only); resolves with the validated page. */
  listTasks(filter?: TaskListFilter, options?: { signal?: AbortSignal }): Promise<TaskListResponse>;
  /** Sends one raw request and answers without judging it (retries 429, and read 502/503/504 and lost connections, unless told not to). */
  send(request: RawRequest): Promise<Answer>;
}

const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;
const DEFAULT_TASK_TIMEOUT_MS = 15 * 60_000;
const MAX_RETRY_WAIT_MS = 60_000;
/**
 * Answers of a read that a gateway gives while the service behind it is briefly away: 502 (a load balancer's HTML
 * page), 503 (official: ModelUnavailable, retry later) and 504. A GET is safe to repeat (RFC 9110 §9.2.2).
 */
const TRANSIENT_READ = new Set([502, 503, 504]);

function contractError(
  what: string,
  answer: Answer,
  issues: ContractError['issues'],
  secrets: readonly string[],
): ContractError {
  const clean = redactValue(issues, secrets);
  const first = clean[0];
  return new ContractError(
    `${what} breaks the contract: ${first ? `${first.path ? `${first.path}: ` : ''}${first.message}` : 'invalid body'}`,
    clean,
    answer.status,
    answer.exchange,
  );
}

/** Turns a non-200 answer into the error it stands for: an ApiError when the body is a contract error body. */
function errorOf(what: string, answer: Answer, secrets: readonly string[]): Error {
  if (!answer.isJson) {
    return new ContractError(
      `${what} answered HTTP ${answer.status} with a body that is not JSON`,
      [{ path: '', code: 'not-json', message: 'the body is not JSON' }],
      answer.status,
      answer.exchange,
    );
  }
  const body = validateErrorBody(answer.json);
  if (!body.ok) return contractError(`${what}'s HTTP ${answer.status} error body`, answer, body.errors, secrets);
  const clean = redactValue(body.value, secrets);
  return new ApiError(answer.status, clean.code, clean.message, clean.request_id, answer.exchange);
}

/**
 * Creates a typed client of a Wan video target.
 * @example
 * const client = createClient({ baseUrl: 'https://dashscope.aliyuncs.com/api/v1', apiKey, profile: 'dashscope' });
 * const { output } = await client.submit({ model: MODEL_IDS[2], input: { prompt: 'a cat' } });
 * const task = await client.waitForTask(output.task_id, { timeoutMs: 600_000 });
 */
export function createClient(options: ClientOptions): Client {
  // Like `conform`: `…/alibailian/api/v1` is the page's profile, any other `/api/v1` the official one.
  const profile =
    options.profile ?? (URL.canParse(options.baseUrl) ? profileOfBaseUrl(options.baseUrl) : DEFAULT_PROFILE);
  if (!isProfileId(profile))
    throw new TypeError(`profile must be ${PROFILE_IDS.join(' or ')}, received ${JSON.stringify(profile)}`);
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  const fetchImpl = options.fetch ?? globalThis.fetch.bind(globalThis);
  const sleep = options.sleep ?? realSleep;
  const now = options.now ?? Date.now;
  const schedule = toPollSchedule(options.pollSchedule);
  const maxRetries = options.maxRetries ?? 3;
  const secrets = [...(options.apiKey ? [options.apiKey] : []), ...(options.secrets ?? [])];
  const defaultAsync = options.asyncHeader ?? requiresAsyncHeader(profile);
  let seq = 0;
  const transport = {
    fetch: fetchImpl,
    now,
    requestTimeoutMs: options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
    secrets,
    onExchange: options.onExchange,
    nextSeq: () => ++seq,
  };

  /** {@link Client.send}, with no retry wait that would end past `deadline` (ms on the client's clock). */
  async function sendWithin(request: RawRequest, deadline: number): Promise<Answer> {
    const headers: Record<string, string> = { Accept: 'application/json' };
    const auth = request.auth ?? 'key';
    if (auth === 'key' && options.apiKey) headers.Authorization = `Bearer ${options.apiKey}`;
    else if (typeof auth === 'object') headers.Authorization = `Bearer ${auth.bearer}`;
    const body = request.rawBody ?? (request.body === undefined ? undefined : JSON.stringify(request.body));
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (request.asyncHeader ?? (request.operation === 'submit' && defaultAsync))
      headers[ASYNC_HEADER.name] = ASYNC_HEADER.value;
    if (request.binary) headers.Accept = '*/*';
    if (request.binary && request.range)
      headers.Range = `bytes=${request.range.start}-${request.range.start + request.range.maxBytes - 1}`;
    const url = /^https?:\/\//.test(request.path) ? request.path : `${baseUrl}${request.path}`;
    const outgoing: OutgoingRequest = {
      operation: request.operation,
      method: request.method,
      url,
      headers,
      ...(body === undefined ? {} : { body }),
      ...(request.binary ? { binary: true } : {}),
      ...(request.binary && request.range ? { maxBytes: request.range.maxBytes } : {}),
      ...(request.signal ? { signal: request.signal } : {}),
    };
    const read = request.method === 'GET';
    const mayRetry = (attempt: number, wait: number) =>
      request.retry !== false && attempt < maxRetries && !request.signal?.aborted && now() + wait <= deadline;
    for (let attempt = 0; ; attempt++) {
      const backoff = 1_000 * 2 ** attempt;
      let answer: Answer;
      try {
        answer = await sendOnce(transport, outgoing);
      } catch (error) {
        // A connection reset or refused before any answer: a read is repeated after a backoff, a submit never
        // (it may have created a task). A request timeout is not repeated: the wait already spent its time.
        if (!(error instanceof TransportError) || !read || !mayRetry(attempt, backoff)) throw error;
        await sleep(backoff, request.signal);
        continue;
      }
      const retriable = answer.status === 429 || (read && TRANSIENT_READ.has(answer.status));
      if (!retriable) return answer;
      // Official SDKs back off on throttling and retry 503/504 while polling; Retry-After wins when given.
      const wait = Math.min(MAX_RETRY_WAIT_MS, retryAfterMs(answer.headers.get('retry-after'), now()) ?? backoff);
      if (!mayRetry(attempt, wait)) return answer;
      await sleep(wait, request.signal);
    }
  }

  const send = (request: RawRequest): Promise<Answer> => sendWithin(request, Number.POSITIVE_INFINITY);

  async function submit(
    request: SubmitRequest,
    opts: { signal?: AbortSignal; asyncHeader?: boolean } = {},
  ): Promise<SubmitResponse> {
    const model = (request as { model?: unknown }).model;
    // A request without a known model still goes out (the target answers it), at the first model's path.
    const op = submitOperationOf(profile, isModelId(model) ? model : MODEL_IDS[0]!);
    const answer = await send({
      operation: 'submit',
      method: OPERATIONS[op].method,
      path: pathOf(op),
      body: request,
      ...(opts.asyncHeader === undefined ? {} : { asyncHeader: opts.asyncHeader }),
      ...(opts.signal ? { signal: opts.signal } : {}),
    });
    if (answer.status !== 200) throw errorOf('the submit', answer, secrets);
    const result = validateSubmitResponse(answer.json);
    if (!result.ok) throw contractError('the submit answer', answer, result.errors, secrets);
    return result.value;
  }

  async function getTask(taskId: string, opts: { signal?: AbortSignal; model?: string } = {}): Promise<TaskResponse> {
    const answer = await send({
      operation: 'getTask',
      method: OPERATIONS.getTask.method,
      path: pathOf('getTask', { task_id: taskId }),
      ...(opts.signal ? { signal: opts.signal } : {}),
    });
    return judgeTask(answer, opts.model);
  }

  function judgeTask(answer: Answer, model: string | undefined): TaskResponse {
    if (answer.status !== 200) throw errorOf('the task query', answer, secrets);
    // A status outside the contract (e.g. lower-case `succeeded`) fails validation: an error, never a reason to keep polling.
    const result = validateTaskResponse(answer.json, { profile, ...(model === undefined ? {} : { model }) });
    if (!result.ok) throw contractError('the task answer', answer, result.errors, secrets);
    return result.value;
  }

  async function waitForTask(taskId: string, opts: WaitOptions = {}): Promise<TaskResponse> {
    const timeoutMs = opts.timeoutMs ?? DEFAULT_TASK_TIMEOUT_MS;
    const maxPolls = opts.maxPolls ?? 1_000;
    const started = now();
    const deadline = started + timeoutMs;
    let lastStatus: string | undefined = opts.submittedStatus;
    let lastExchange: Exchange | undefined;
    // When the task was first seen in its current status: the wait's start for the first answer.
    let statusSince = started;
    if (opts.firstPollAfterMs !== undefined && opts.firstPollAfterMs > 0)
      await sleep(Math.min(opts.firstPollAfterMs, Math.max(0, deadline - now())), opts.signal);
    for (let polls = 1; ; polls++) {
      // Retries of one poll stay within the wait's deadline: polling is bounded.
      const answer = await sendWithin(
        {
          operation: 'getTask',
          method: OPERATIONS.getTask.method,
          path: pathOf('getTask', { task_id: taskId }),
          ...(opts.signal ? { signal: opts.signal } : {}),
        },
        deadline,
      );
      const task = judgeTask(answer, opts.model);
      if (lastStatus !== undefined && task.output.task_status !== lastStatus) statusSince = now();
      lastStatus = task.output.task_status;
      lastExchange = answer.exchange;
      opts.onPoll?.({ task, polls, elapsedMs: now() - started, exchange: answer.exchange });
      if (isTerminalStatus(task.output.task_status)) return task;
      const remaining = deadline - now();
      if (remaining <= 0 || polls >= maxPolls) {
        const why =
          polls >= maxPolls && remaining > 0
            ? `after ${polls} polls (the poll bound)`
            : `within ${timeoutMs} ms (${polls} polls)`;
        throw new TimeoutError(
          'task',
          timeoutMs,
          `task ${taskId} did not finish ${why}; last status ${lastStatus}`,
          lastStatus,
          lastExchange,
        );
      }
      const context = { status: lastStatus, statusForMs: now() - statusSince, elapsedMs: now() - started };
      await sleep(Math.min(schedule(polls, context), remaining), opts.signal);
    }
  }

  async function cancel(taskId: string, opts: { signal?: AbortSignal } = {}) {
    if (!offers(profile, 'cancelTask')) {
      throw new ContractError(`the ${profile} profile has no cancel operation`, [
        { path: '', code: 'unsupported-operation', message: `cancel is not part of the ${profile} contract` },
      ]);
    }
    const answer = await send({
      operation: 'cancel',
      method: OPERATIONS.cancelTask.method,
      path: pathOf('cancelTask', { task_id: taskId }),
      ...(opts.signal ? { signal: opts.signal } : {}),
    });
    if (answer.status !== 200) throw errorOf('the cancel', answer, secrets);
    const result = validateCancelResponse(answer.json);
    if (!result.ok) throw contractError('the cancel answer', answer, result.errors, secrets);
    return result.value;
  }

  async function listTasks(filter: TaskListFilter = {}, opts: { signal?: AbortSignal } = {}) {
    if (!offers(profile, 'listTasks')) {
      throw new ContractError(`the ${profile} profile has no task list operation`, [
        { path: '', code: 'unsupported-operation', message: `the task list is not part of the ${profile} contract` },
      ]);
    }
    const answer = await send({
      operation: 'listTasks',
      method: OPERATIONS.listTasks.method,
      path: `${pathOf('listTasks')}${taskListQuery(filter)}`,
      ...(opts.signal ? { signal: opts.signal } : {}),
    });
    if (answer.status !== 200) throw errorOf('the task list', answer, secrets);
    const result = validateTaskListResponse(answer.json, { profile });
    if (!result.ok) throw contractError('the task list answer', answer, result.errors, secrets);
    return result.value;
  }

  return { profile, baseUrl, submit, getTask, waitForTask, cancel, listTasks, send };
}
