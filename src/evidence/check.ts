import { MODELS, isModelId, type ModelId } from '../contract/models.js';
import type { ProfileId } from '../contract/profiles.js';
import type { TaskLogRecord } from '../contract/schemas/task-log.js';
import { videoUrlOf, type TaskResponse } from '../contract/schemas/task.js';
import { isOfficialErrorCode, isWellFormedErrorCode } from '../contract/schemas/error.js';
import { billTask, quoteRequest, requestedResolution, type Bill, type PricedRequest } from '../pricing/bill.js';
import { PricingError } from '../pricing/errors.js';
import { billDelivered } from '../pricing/delivered.js';
import { validateSubmitRequest } from '../validate/submit.js';
import { withStandIns } from '../rules/digest.js';
import { validateErrorBody, validateSubmitResponse, validateTaskResponse } from '../validate/task.js';
import { absurdUsage } from './edge.js';

/** Kinds of contract violation a task log can show. */
export const VIOLATION_KINDS = {
  'accepted-invalid-request': 'the submit accepted a request the contract forbids',
  'submit-answer': 'the submit answer (HTTP 200) does not match the contract',
  'error-body': 'an error answer does not have the contract error body',
  'error-code': 'an error answer carries a code the official error-code page does not list',
  'rejection-status': 'a request the contract forbids was answered with a status other than 4xx',
  'final-status': 'the final task query did not answer HTTP 200',
  'final-answer': 'the final task answer does not match the contract for the profile and model',
  'task-id-changed': 'the final answer names another task id than the submit answer',
  'usage-mismatch': 'the usage of a SUCCEEDED task disagrees with the request and the price table',
  'zero-usage': 'a SUCCEEDED task reports zero seconds of usage',
  unbillable: 'a SUCCEEDED task cannot be priced from its answer',
  lifecycle:
    'the task queries, in time order across every log given, break a lifecycle case of the corpus (named first)',
  'billed-tier-mismatch': "the delivered video's width and height are not the tier (or size) billed",
  'billed-length-mismatch': 'the delivered video lasts other seconds than billed (by more than one frame)',
} as const;

/** A kind of contract violation, derived from {@link VIOLATION_KINDS}. */
export type ViolationKind = keyof typeof VIOLATION_KINDS;

/** One contract violation of one task: its kind and a sentence saying what was expected and what arrived. */
export interface Violation {
  readonly kind: ViolationKind;
  readonly message: string;
}

/** How a logged task ended. */
export type TaskOutcome = 'rejected' | 'succeeded' | 'failed' | 'canceled' | 'unknown' | 'unfinished';

/** What one log record says about its task, once checked against the contract. */
export interface TaskFacts {
  readonly model: ModelId;
  /** The resolution tier asked for (the model's default when the request names none). */
  readonly resolution: string;
  readonly outcome: TaskOutcome;
  /** The error code of a rejected submit or the `output.code` of a FAILED task. */
  readonly code: string | undefined;
  /** Whether the request was valid for the record's profile and model. */
  readonly requestValid: boolean;
  readonly violations: readonly Violation[];
  /** A SUCCEEDED task with a video URL at either place the profiles allow. */
  readonly resultUrl: boolean;
  /** The bill of a SUCCEEDED task by the price table (undefined otherwise, or when it cannot be priced). */
  readonly bill: Bill | undefined;
}

const NO_VIOLATIONS: readonly Violation[] = Object.freeze([]);

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function resolutionOf(model: ModelId, request: unknown, profile: ProfileId): string {
  if (!isObject(request)) return MODELS[model].defaultResolution;
  const asked = requestedResolution({ ...(request as object), model } as PricedRequest, profile);
  return typeof asked === 'string' ? asked : MODELS[model].defaultResolution;
}

function codeOf(body: unknown): string | undefined {
  return isObject(body) && typeof body.code === 'string' ? body.code : undefined;
}

function first(issues: readonly { message: string }[]): string {
  return issues.length === 0
    ? 'no detail'
    : issues.length === 1
      ? issues[0]!.message
      : `${issues[0]!.message} (and ${issues.length - 1} more)`;
}

/**
 * Checks one task log record against the contract of its profile and model. The record's model must be a
 * registry model (see {@link isModelId}). Never throws.
 */
export function checkTask(record: TaskLogRecord & { model: ModelId }): TaskFacts {
  const { model, profile, request, submit, final } = record;
  // Most tasks have no violation: they share one frozen empty list until one is found.
  let violations: Violation[] = NO_VIOLATIONS as Violation[];
  const violate = (violation: Violation) => {
    if (violations === NO_VIOLATIONS) violations = [];
    violations.push(violation);
  };
  const resolution = resolutionOf(model, request, profile);
  const requestValid = validateSubmitRequest(withStandIns(request), { profile }).ok;
  const facts = (
    outcome: TaskOutcome,
    code: string | undefined,
    resultUrl = false,
    bill: Bill | undefined = undefined,
  ): TaskFacts => ({
    model,
    resolution,
    outcome,
    code,
    requestValid,
    violations,
    resultUrl,
    bill,
  });

  if (submit.http_status !== 200) {
    const error = validateErrorBody(submit.body);
    if (!error.ok)
      violate({ kind: 'error-body', message: `submit HTTP ${submit.http_status}: ${first(error.errors)}` });
    const code = codeOf(submit.body);
    // The official list is open (models add their own codes): only a malformed code is a violation.
    if (code !== undefined && !isOfficialErrorCode(code) && !isWellFormedErrorCode(code))
      violate({
        kind: 'error-code',
        message: `submit HTTP ${submit.http_status}: code ${JSON.stringify(code)} is not shaped like an error code`,
      });
    if (!requestValid && (submit.http_status < 400 || submit.http_status > 499)) {
      violate({
        kind: 'rejection-status',
        message: `a request the contract forbids must get a 4xx, received HTTP ${submit.http_status}`,
      });
    }
    return facts('rejected', code ?? `HTTP ${submit.http_status}`);
  }

  if (!requestValid) {
    const issues = validateSubmitRequest(withStandIns(request), { profile });
    violate({
      kind: 'accepted-invalid-request',
      message: `HTTP 200 for a request the ${profile} contract forbids: ${issues.ok ? '' : first(issues.errors)}`,
    });
  }
  const accepted = validateSubmitResponse(submit.body);
  if (!accepted.ok) violate({ kind: 'submit-answer', message: first(accepted.errors) });
  const taskId = accepted.ok ? accepted.value.output.task_id : record.task_id;

  if (!final) return facts('unfinished', undefined);
  if (final.http_status !== 200) {
    violate({
      kind: 'final-status',
      message: `the task query must answer HTTP 200, received HTTP ${final.http_status}`,
    });
    return facts('unfinished', codeOf(final.body));
  }
  const answer = validateTaskResponse(final.body, { profile, model });
  if (!answer.ok) {
    violate({ kind: 'final-answer', message: first(answer.errors) });
    return facts(outcomeOfLoose(final.body), undefined);
  }
  const task = answer.value;
  const output = task.output;
  if (taskId !== undefined && output.task_id !== undefined && output.task_id !== taskId) {
    violate({
      kind: 'task-id-changed',
      message: `the submit answer gave task_id ${JSON.stringify(taskId)}, the final answer ${JSON.stringify(output.task_id)}`,
    });
  }
  switch (output.task_status) {
    case 'SUCCEEDED': {
      const bill = priced(record, task, violate);
      if (bill && record.delivered) checkDelivered(record, task, violate);
      return facts('succeeded', undefined, videoUrlOf(output) !== undefined, bill);
    }
    case 'FAILED':
      return facts('failed', output.code ?? 'FAILED');
    case 'CANCELED':
      return facts('canceled', output.code);
    case 'UNKNOWN':
      return facts('unknown', undefined);
    default:
      return facts('unfinished', undefined);
  }
}

/** The outcome of a final answer that broke the contract, read as leniently as the official SDKs read it. */
function outcomeOfLoose(body: unknown): TaskOutcome {
  const status = isObject(body) && isObject(body.output) ? body.output.task_status : undefined;
  if (status === 'SUCCEEDED') return 'succeeded';
  if (status === 'FAILED') return 'failed';
  if (status === 'CANCELED') return 'canceled';
  if (status === 'UNKNOWN') return 'unknown';
  return 'unfinished';
}

function priced(
  record: TaskLogRecord & { model: ModelId },
  task: TaskResponse,
  violate: (violation: Violation) => void,
): Bill | undefined {
  const absurd = absurdUsage(task.usage);
  if (absurd) {
    violate({ kind: 'unbillable', message: `${record.model}: ${absurd}` });
    return undefined;
  }
  // A logged request that is not an object (a malformed-JSON case) is priced as the record's model with defaults.
  const request = (isObject(record.request) ? record.request : { model: record.model }) as unknown as PricedRequest;
  const priced = cachedPricing(request, task, record.profile);
  if (priced.violation) violate(priced.violation);
  return priced.bill;
}

/** The delivered view of the bill: the video's header facts against the tier and seconds billed. */
function checkDelivered(
  record: TaskLogRecord & { model: ModelId },
  task: TaskResponse,
  violate: (violation: Violation) => void,
): void {
  const d = record.delivered;
  if (!d) return;
  const request = (isObject(record.request) ? record.request : { model: record.model }) as unknown as PricedRequest;
  const facts = {
    width: d.width,
    height: d.height,
    durationSeconds: d.duration_ms / 1000,
    frameSeconds: d.frame_ms / 1000,
  };
  try {
    for (const m of billDelivered(request, task, facts, { profile: record.profile }).delivered.mismatches)
      // The task id in the sentence: a mismatch is settled with the provider task by task.
      violate({ kind: m.code, message: `${record.task_id ? `task ${record.task_id}: ` : ''}${m.message}` });
  } catch (error) {
    // A task that cannot be billed already carries its unbillable violation.
    if (!(error instanceof PricingError)) throw error;
  }
}

/** The bill of a SUCCEEDED task by the price table, or the violation that keeps it from being priced or trusted. */
function pricing(request: PricedRequest, task: TaskResponse, profile: ProfileId): Pricing {
  let bill: Bill;
  try {
    bill = billTask(request, task, { profile });
  } catch (error) {
    if (!(error instanceof PricingError)) throw error;
    // No published price (and no overlay): nobody is at fault, the task is unverifiable (reconciliation counts it so).
    if (error.code === 'unpriced') return { bill: undefined, violation: undefined };
    return {
      bill: undefined,
      violation: { kind: error.code === 'zero-usage' ? 'zero-usage' : 'unbillable', message: error.message },
    };
  }
  const mismatch = bill.warnings.find((w) => w.code === 'resolution-mismatch');
  if (mismatch) return { bill, violation: { kind: 'usage-mismatch', message: mismatch.message } };
  // Fixed-duration models bill the seconds asked for; usage reporting other seconds is the answer's fault.
  if (bill.secondsSource !== 'request' && isModelId(request.model) && MODELS[request.model].duration.mode === 'fixed') {
    try {
      const asked = quoteRequest(request, { profile });
      if (asked.seconds !== bill.seconds) {
        return {
          bill,
          violation: {
            kind: 'usage-mismatch',
            message: `${bill.model}: ${bill.secondsSource} is ${bill.seconds} s, the request asked for ${asked.seconds} s`,
          },
        };
      }
    } catch (error) {
      if (!(error instanceof PricingError)) throw error;
    }
  }
  return { bill, violation: undefined };
}

interface Pricing {
  readonly bill: Bill | undefined;
  readonly violation: Violation | undefined;
}

const pricings = new Map<string, Pricing>();
const MAX_CACHED_PRICINGS = 10_000;

/**
 * {@link pricing} memoised on exactly the fields it reads (model, resolution, size, duration, status, usage
 * seconds): logs repeat a few dozen combinations, and pricing each task afresh was the hot path (9 µs a task).
 */
function cachedPricing(request: PricedRequest, task: TaskResponse, profile: ProfileId): Pricing {
  const p = request.parameters;
  const u = task.usage;
  const key = `${profile}|${typeof request.model}:${String(request.model)}|${keyPart(p?.resolution)}|${keyPart(p?.size)}|${keyPart(p?.duration)}|${task.output.task_status}|${keyPart(u?.video_duration)}|${keyPart(u?.duration)}|${keyPart(u?.SR)}|${keyPart(u?.size)}`;
  let result = pricings.get(key);
  if (!result) {
    result = pricing(request, task, profile);
    if (pricings.size >= MAX_CACHED_PRICINGS) pricings.clear();
    pricings.set(key, result);
  }
  return result;
}

function keyPart(value: unknown): string {
  return typeof value === 'string'
    ? `s${value}`
    : typeof value === 'number'
      ? `n${value}`
      : value === undefined
        ? 'u'
        : `o${JSON.stringify(value)}`;
}

/** True when the record names a registry model. */
export function isRegistryRecord(record: TaskLogRecord): record is TaskLogRecord & { model: ModelId } {
  return isModelId(record.model);
}
