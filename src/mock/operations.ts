import type { ModelId } from '../contract/models.js';
import { submitPathOf } from '../contract/operations.js';
import { PROFILES, requiresAsyncHeader, type ProfileId } from '../contract/profiles.js';
import { ASYNC_HEADER } from '../contract/schemas/submit.js';
import { validateSubmitRequest } from '../validate/submit.js';
import type { ValidationIssue } from '../validate/result.js';
import { videoReply } from './artifact.js';
import { TOO_LARGE } from '../http/body.js';
import { isJsonContentType, parseJsonBody, type MockExchange } from './exchange.js';
import type { ResolvedMockOptions } from './options.js';
import type { RateLimiter } from './rate-limits.js';
import {
  errorReply,
  jsonReply,
  jsonTextReply,
  MockHttpError,
  newRequestId,
  TRANSPORT_CODES,
  type MockErrorCode,
  type MockReply,
} from './reply.js';
import { pollFaultReply, rewriteTaskBody, servedVideo, shownStatus, type ThrottleCounter } from './faults/effects.js';
import { NO_FAULTS, taskFaultsOf, unionFaults, type FaultSet } from './faults/select.js';
import { FAULTS } from './faults/table.js';
import type { TaskStore } from './store.js';
import { createTask, statusAt, type TaskRecord } from './task.js';
import { taskBody, taskBodyText, unknownTaskBody } from './task-body.js';
import { isPlainTaskId } from '../contract/task-id.js';
import { isTerminalStatus, type TaskStatus } from '../contract/statuses.js';
import { MODELS, isModelId, resolutionsOf } from '../contract/models.js';

/** What every operation works with. */
export interface MockState {
  readonly options: ResolvedMockOptions;
  readonly store: TaskStore;
  readonly limiter: RateLimiter;
  readonly throttle: ThrottleCounter;
}

/** The request as the dispatcher has checked it so far. */
export interface Checked {
  readonly exchange: MockExchange;
  readonly requestId: string;
  /** Who sent it: a hash of its API key (src/http/tenant.ts), never the key. */
  readonly tenant: string;
  /** The faults in force for this request: the server's and the request's own. */
  readonly faults: FaultSet;
}

// The official service says which part of the request is empty with its own codes (official error-code page).
function codeOf(issue: ValidationIssue): MockErrorCode {
  if (issue.code === 'required' && issue.path === 'model') return 'BadRequest.EmptyModel';
  if (issue.code === 'required' && issue.path === 'input') return 'BadRequest.EmptyInput';
  return 'InvalidParameter';
}

async function readJson(exchange: MockExchange, limit: number): Promise<unknown> {
  if (!isJsonContentType(exchange.header('content-type'))) {
    const got = exchange.header('content-type');
    throw new MockHttpError(
      415,
      TRANSPORT_CODES[415],
      `Content-Type must be application/json, received ${got ? JSON.stringify(got.slice(0, 80)) : 'none'}`,
    );
  }
  const bytes = await exchange.readBody(limit);
  if (bytes === TOO_LARGE)
    throw new MockHttpError(413, 'BadRequest.TooLarge', `the request body must be at most ${limit} bytes`, {
      connection: 'close',
    });
  return parseJsonBody(bytes);
}

/** `POST {base}/services/aigc/…/video-synthesis`: validates the request and creates a PENDING task. */
export async function submitTask(
  state: MockState,
  checked: Checked,
  profile: ProfileId,
  models: readonly ModelId[],
): Promise<MockReply> {
  const { exchange, requestId } = checked;
  const { options } = state;
  if (
    requiresAsyncHeader(profile) &&
    exchange.header(ASYNC_HEADER.name.toLowerCase())?.trim().toLowerCase() !== ASYNC_HEADER.value
  ) {
    // Upstream's own words; 403 AccessDenied as a probe of the real service saw it (reference: "Endpoints and headers").
    throw new MockHttpError(
      403,
      'AccessDenied',
      `current user api does not support synchronous calls: send the header ${ASYNC_HEADER.name}: ${ASYNC_HEADER.value}`,
    );
  }
  const body = await readJson(exchange, options.maxBodyBytes);
  if (checked.faults.names.has('accept-any-resolution')) downgradeResolution(body);
  const result = validateSubmitRequest(body, { profile });
  if (!result.ok) {
    const first = result.errors[0];
    const code = first ? codeOf(first) : 'InvalidParameter';
    throw new MockHttpError(400, code, result.errors.map((e) => e.message).join('; ') || 'the request is invalid');
  }
  const request = result.value;
  if (!models.includes(request.model)) {
    const right = `${PROFILES[profile].basePath}${submitPathOf(profile, request.model)}`;
    throw new MockHttpError(
      400,
      'InvalidParameter',
      `${request.model}: under the ${profile} profile this model is submitted at POST ${right}, not here`,
    );
  }
  if (checked.faults.names.has('moderation')) {
    throw new MockHttpError(
      400,
      'DataInspectionFailed',
      'Input data may contain inappropriate content (X-Mock-Scenario: moderation).',
    );
  }
  const now = options.now();
  if (options.rateLimits) {
    state.limiter.check(checked.tenant, request.model, now, (id) => {
      const task = state.store.get(id, now);
      return task !== undefined && (statusAt(task, now) === 'PENDING' || statusAt(task, now) === 'RUNNING');
    });
  }
  const task = createTask(request, {
    id: newRequestId(),
    profile,
    faults: taskFaultsOf(checked.faults, isTaskFault),
    now,
    pendingMs: options.pendingMs,
    runningMs: options.runningMs,
    owner: checked.tenant,
  });
  state.store.add(task, now);
  if (options.rateLimits) state.limiter.record(checked.tenant, request.model, now, task.id);
  return jsonReply(200, { request_id: requestId, output: { task_id: task.id, task_status: 'PENDING' } } as {
    request_id: string;
  });
}

const isTaskFault = (name: keyof typeof FAULTS) => FAULTS[name].scope === 'task';

// The `accept-any-resolution` fault: a tier the model lacks becomes its default instead of a 400.
function downgradeResolution(body: unknown): void {
  const request = body as { model?: unknown; parameters?: { resolution?: unknown } } | null;
  const model = request?.model;
  const asked = request?.parameters?.resolution;
  if (!isModelId(model) || typeof asked !== 'string' || !request?.parameters) return;
  if (!(resolutionsOf(model) as string[]).includes(asked))
    request.parameters.resolution = MODELS[model].defaultResolution;
}

/**
 * The caller's live task of this profile. Another tenant's task is absent, as another account's is upstream: the
 * caller sees what it sees for an id that does not exist (the `leak` fault, a gateway that forgot whose task it
 * is, shows it anyway).
 */
function ownTask(
  state: MockState,
  checked: Checked,
  profile: ProfileId,
  taskId: string,
  now: number,
  leak: 'tenant-leak-poll' | 'tenant-leak-cancel',
): TaskRecord | undefined {
  const task = state.store.get(taskId, now);
  if (!task || task.profile !== profile) return undefined;
  return task.owner === checked.tenant || checked.faults.names.has(leak) ? task : undefined;
}

/**
 * `GET {base}/tasks/{id}`: the task in its current status; unknown, expired, another profile's or another tenant's
 * id: UNKNOWN.
 */
export function queryTask(state: MockState, checked: Checked, profile: ProfileId, taskId: string): MockReply {
  if (checked.faults.names.has('odd-id-500') && !isPlainTaskId(taskId))
    throw new MockHttpError(500, 'InternalError', 'task id broke the query (X-Mock-Scenario: odd-id-500)');
  const now = state.options.now();
  const task = ownTask(state, checked, profile, taskId, now, 'tenant-leak-poll');
  if (!task) {
    if (checked.faults.names.has('unknown-500'))
      throw new MockHttpError(
        500,
        'InternalError',
        `task not found: ${taskId.slice(0, 80)} (X-Mock-Scenario: unknown-500)`,
      );
    return { ...jsonReply(200, unknownTaskBody(taskId, checked.requestId)), taskStatus: 'UNKNOWN' };
  }
  task.polls++;
  const base = state.options.publicBaseUrl ?? checked.exchange.origin;
  const status = statusAt(task, now);
  const faults = unionFaults(checked.faults, task.faults);
  if (faults === NO_FAULTS)
    return jsonTextReply(
      200,
      taskBodyText(task, status, checked.requestId, base),
      checked.requestId,
      undefined,
      status,
    );
  return faultedPoll(task, status, faults, checked.requestId, base);
}

function faultedPoll(
  task: TaskRecord,
  status: TaskStatus,
  faults: FaultSet,
  requestId: string,
  base: string,
): MockReply {
  const early = pollFaultReply(task, faults, requestId);
  if (early) return early;
  const shown = shownStatus(task, status, faults, isTerminalStatus(status));
  if (shown === 'UNKNOWN' && status !== 'UNKNOWN')
    return { ...jsonReply(200, unknownTaskBody(task.id, requestId)), taskStatus: 'UNKNOWN' };
  // SUSPENDED is no status of the task's lifecycle: the body is a RUNNING one that says SUSPENDED.
  const asBody = (shown === 'SUSPENDED' ? 'RUNNING' : shown) as TaskStatus;
  const body = taskBody(task, asBody, requestId, base);
  if (shown === 'SUSPENDED') (body.output as { task_status: string }).task_status = 'SUSPENDED';
  if (shown === 'SUCCEEDED') task.succeededAnswered = true;
  const rewritten = rewriteTaskBody(body, task, faults);
  return { ...jsonReply(200, rewritten), taskStatus: rewritten.output.task_status };
}

/**
 * `POST {base}/tasks/{id}/cancel` (dashscope): cancels a PENDING task; any other status cannot be canceled; an
 * unknown, expired or another tenant's id is a 400.
 */
export function cancelTask(state: MockState, checked: Checked, profile: ProfileId, taskId: string): MockReply {
  const now = state.options.now();
  const task = ownTask(state, checked, profile, taskId, now, 'tenant-leak-cancel');
  if (!task)
    throw new MockHttpError(
      400,
      'InvalidParameter',
      `task ${JSON.stringify(taskId.slice(0, 80))} does not exist or has expired`,
    );
  const status = statusAt(task, now);
  if (status !== 'PENDING') {
    // The official answer, word for word, then why (manage-asynchronous-tasks: 400 UnsupportedOperation).
    throw new MockHttpError(
      400,
      'UnsupportedOperation',
      `Failed to cancel the task, please confirm if the task is in PENDING status. (task ${task.id} is ${status})`,
    );
  }
  task.canceledAt = now;
  statusAt(task, now);
  return jsonReply(200, { request_id: checked.requestId });
}

/** `GET /mock-artifacts/{id}.mp4`: the video of a live SUCCEEDED task (no key needed, like a signed URL). */
export async function downloadVideo(
  state: MockState,
  exchange: MockExchange,
  requestId: string,
  taskId: string,
): Promise<MockReply> {
  const now = state.options.now();
  const task = state.store.get(taskId, now);
  if (!task || statusAt(task, now) !== 'SUCCEEDED') {
    return errorReply(
      404,
      TRANSPORT_CODES[404],
      `no video for task ${JSON.stringify(taskId.slice(0, 80))}: it has not succeeded, or has expired`,
      requestId,
    );
  }
  const served = servedVideo(task);
  return videoReply(requestId, exchange.method === 'HEAD', served.size, served.seconds, exchange.header('range'));
}
