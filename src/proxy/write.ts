import type { Exchange } from '../client/exchange.js';
import { redactText } from '../client/redact.js';
import type { TaskLogRecord } from '../contract/schemas/task-log.js';
import type { Outcome } from '../rules/outcome.js';
import type { ResolvedProxyOptions } from './options.js';
import { observationsOf, type Departure, type TrackedTask } from './tasks.js';

/** Who broke the contract: the client's request, or the upstream's answer. */
export type Party = 'client' | 'upstream';

/** One violation, as a line of `--violations`. */
export interface ProxyViolation {
  readonly time: string;
  readonly party: Party;
  readonly operation: string;
  readonly task_id?: string;
  /** The conformance case it breaks; null for a check no case covers (an error body on an unchecked path). */
  readonly case_id: string | null;
  readonly outcome: Outcome;
  readonly message: string;
  /** A hash of the API key (never the key). */
  readonly tenant: string;
  readonly exchange: {
    readonly request: { readonly method: string; readonly path: string; readonly body?: unknown };
    readonly response?: { readonly status: number; readonly body?: unknown; readonly text?: string };
    readonly error?: string;
  };
}

/** A verdict of some case on one exchange, before it is written out. */
export interface Finding {
  readonly party: Party;
  readonly caseId: string | null;
  readonly outcome: Outcome;
  readonly message: string;
}

const SHOWN_TEXT = 2_000;

/** Parses a kept JSON text back (a text that is not JSON stays a string). */
export function parseOr(text: string | undefined): unknown {
  if (text === undefined) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** The `--violations` line of one finding, secrets removed (the client's key at any length among them). */
export function violationLine(
  options: ResolvedProxyOptions,
  f: Finding,
  exchange: Exchange,
  tenant: string,
  taskId: string | undefined,
  secrets: readonly string[],
): string {
  const r = exchange.response;
  const line: ProxyViolation = {
    time: new Date(options.now()).toISOString(),
    party: f.party,
    operation: exchange.operation,
    ...(taskId ? { task_id: taskId } : {}),
    case_id: f.caseId,
    outcome: f.outcome,
    message: f.message,
    tenant,
    exchange: {
      request: {
        method: exchange.request.method,
        path: exchange.request.url,
        ...(exchange.request.body !== undefined ? { body: exchange.request.body } : {}),
      },
      ...(r
        ? {
            response: {
              status: r.status,
              ...(r.body !== undefined ? { body: r.body } : { text: (r.text ?? '').slice(0, SHOWN_TEXT) }),
            },
          }
        : {}),
      ...(exchange.error ? { error: exchange.error.message } : {}),
    },
  };
  return redactText(JSON.stringify(line), secrets);
}

/** The task log line of a followed task (its texts were redacted and digested when kept). */
export function recordLine(
  options: ResolvedProxyOptions,
  task: TrackedTask,
  unfinished: Departure | undefined,
): string {
  const record: TaskLogRecord = {
    log_version: 1,
    source: 'production',
    target: options.target,
    profile: options.profile,
    model: task.model,
    request: parseOr(task.requestText),
    submit: { http_status: task.submitStatus, body: parseOr(task.submitText) },
    ...(task.finalHttpStatus !== undefined
      ? { final: { http_status: task.finalHttpStatus, body: parseOr(task.finalText) } }
      : {}),
    task_id: task.id,
    tenant: task.tenant,
    ...(task.observations.length > 0 ? { observations: observationsOf(task.observations) } : {}),
    observed: {
      submitted_at: new Date(task.submittedAt).toISOString(),
      ...(task.finalAt !== undefined ? { finished_at: new Date(task.finalAt).toISOString() } : {}),
      polls: task.polls,
      ...(unfinished ? { unfinished } : {}),
    },
  };
  return JSON.stringify(record);
}
