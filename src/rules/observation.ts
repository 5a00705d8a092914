/**
 * What an answer to a task query is evidence of. Only a task answer — HTTP 2xx with a JSON body, to the tenant that
 * submitted the task — observes the task's status; every other answer (no key or a wrong one, an unknown task, a
 * rate limit, a server error, a gateway's HTML page, a query by another account) is an exchange of its own kind,
 * judged by the cases written for that answer and never by the task's lifecycle. One rule, shared by the proxy, the
 * conformance runner, `evidence` and client-check.
 */
export const EXCHANGE_KINDS = {
  task: "HTTP 2xx with a JSON body, to the submitting tenant: an observation of the task's status",
  'other-tenant': 'an answer to a query by another account (or none): judged by tenant isolation, never a status',
  unauthorized: 'HTTP 401 or 403: judged by the auth cases',
  'not-found': 'HTTP 404: judged by the unknown-task case',
  'rate-limited': 'HTTP 429: judged as an error answer',
  'server-error': 'HTTP 5xx: judged as an error answer',
  'client-error': 'another HTTP 4xx: judged as an error answer',
  'not-json': "an answer whose body is not JSON (a gateway's HTML page)",
  unexpected: 'HTTP 1xx or 3xx',
  'no-answer': 'no answer: the upstream failed, timed out or sent too much',
} as const;

/** The kind of one answer to a task query, one of {@link EXCHANGE_KINDS}. */
export type ExchangeKind = keyof typeof EXCHANGE_KINDS;

/** The kinds, in the order of {@link EXCHANGE_KINDS}. */
export const EXCHANGE_KIND_NAMES = Object.keys(EXCHANGE_KINDS) as readonly ExchangeKind[];

/** Whether a string names an {@link ExchangeKind}. */
export function isExchangeKind(value: unknown): value is ExchangeKind {
  return typeof value === 'string' && Object.hasOwn(EXCHANGE_KINDS, value);
}

/** An answer to a task query as the rule reads it. */
export interface TaskQueryAnswer {
  /** The HTTP status; undefined when there was no answer. */
  readonly status: number | undefined;
  /** Whether the body parsed as JSON (an error body or a task). */
  readonly json: boolean;
  /**
   * Whether the query came from the tenant that submitted the task (same key hash); undefined when the observer
   * cannot tell (it did not see the submit, or the log predates tenants): then the answer is taken as the owner's.
   */
  readonly sameTenant?: boolean | undefined;
}

/** The kind of an answer to a task query: only `task` observes the task's status. */
export function exchangeKindOf(answer: TaskQueryAnswer): ExchangeKind {
  const { status } = answer;
  if (status === undefined) return 'no-answer';
  if (status === 401 || status === 403) return 'unauthorized';
  if (status === 404) return 'not-found';
  if (status === 429) return 'rate-limited';
  if (status >= 500) return 'server-error';
  if (status >= 400) return 'client-error';
  if (status < 200 || status >= 300) return 'unexpected';
  if (!answer.json) return 'not-json';
  return answer.sameTenant === false ? 'other-tenant' : 'task';
}

/** Whether an answer of this kind observes the task's status (and may be judged as its lifecycle). */
export function observesStatus(kind: ExchangeKind): kind is 'task' {
  return kind === 'task';
}

/**
 * The kind of one logged task query (an entry of a task log's `observations`): its `exchange` when the logger
 * wrote one (a name this version does not know is no status either), else what its HTTP status says.
 */
export function loggedKindOf(observation: {
  readonly http_status: number;
  readonly exchange?: string | undefined;
}): ExchangeKind {
  if (observation.exchange !== undefined)
    return isExchangeKind(observation.exchange) ? observation.exchange : 'unexpected';
  return exchangeKindOf({ status: observation.http_status, json: true });
}
