import type { Exchange } from '../../client/exchange.js';
import { adaptivePollSchedule, createClient, type Client } from '../../client/index.js';
import { pathOf } from '../../contract/operations.js';
import type { ProfileId } from '../../contract/profiles.js';
import { abortCause, RunAbort } from './abort.js';
import type { QueryPacer } from './limiter.js';
import type { ConformanceTarget } from '../plan/target.js';

/**
 * The runner's poll schedule unless `--poll-interval-ms` fixes one: the first poll 2 s after the submit, then half
 * the time the task has spent in its status, 2 to 30 s (see {@link adaptivePollSchedule}): toward one poll per status
 * change. On the mock at 1 s PENDING and 3 s RUNNING this is the floor: one submit, two polls and the repoll.
 */
export const RUNNER_POLLING = { minMs: 2_000, maxMs: 30_000, ratio: 0.5 } as const;

/** Transport failures without a single answer after which the target counts as unreachable. */
const UNREACHABLE_AFTER = 3;

/** What the run's client needs. */
export interface RunClientOptions {
  readonly target: ConformanceTarget;
  readonly profile: ProfileId;
  readonly now: () => number;
  readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** When the run started, on the {@link now} clock. */
  readonly startMs: number;
  readonly totalTimeoutMs: number;
  readonly requestTimeoutMs?: number | undefined;
  readonly pollIntervalMs?: number | undefined;
  /** The caller's signal: aborting it cancels the run. */
  readonly signal?: AbortSignal | undefined;
  /** Keeps each key's task queries within the account-wide rate. */
  readonly queries?: QueryPacer | undefined;
}

/**
 * A fetch that waits for each task query's slot in the key's rate (the key is the Authorization header). A task
 * query is any GET under the task list's path (`/tasks`, `/tasks/{task_id}`), malformed ids included: the upstream
 * counts them all.
 */
function pacedFetch(base: typeof fetch, basePath: string, pacer: QueryPacer): typeof fetch {
  const tasks = `${basePath}${pathOf('listTasks')}`;
  return async (input, init) => {
    if ((init?.method ?? 'GET').toUpperCase() === 'GET') {
      const path = new URL(input instanceof Request ? input.url : String(input)).pathname;
      if (path === tasks || path.startsWith(`${tasks}/`))
        await pacer.pace(new Headers(init?.headers).get('authorization') ?? '', init?.signal ?? undefined);
    }
    return base(input, init);
  };
}

/** A client that keeps the run's total deadline, records every exchange and stops at a target that never answers. */
export interface RunClient {
  readonly client: Client;
  /** Every exchange so far, by sequence number. */
  readonly exchanges: ReadonlyMap<number, Exchange>;
  /** Aborts at the total deadline (a {@link RunAbort} of kind `deadline`), when the target is unreachable (kind
   * `unreachable`), or with the caller's signal. */
  readonly signal: AbortSignal;
  /** Why no request got an answer, once the target counts as unreachable. */
  unreachable(): string | undefined;
  /** Whether any request got an answer. */
  answered(): boolean;
  /** The exchanges in the order they were sent. */
  sent(): Exchange[];
  /** Stops the deadline timer. */
  dispose(): void;
}

/** Makes the deadline-aware client of one run. */
export function createRunClient(options: RunClientOptions): RunClient {
  const { now, startMs, totalTimeoutMs, target } = options;
  const stop = new AbortController();
  const passDeadline = () => {
    if (!stop.signal.aborted) stop.abort(new RunAbort('deadline', "the run's total deadline passed"));
  };
  const timer = setTimeout(passDeadline, totalTimeoutMs);
  timer.unref?.();
  const signal = AbortSignal.any([stop.signal, ...(options.signal ? [options.signal] : [])]);
  const exchanges = new Map<number, Exchange>();
  let answered = false;
  let transportFailures = 0;
  let unreachable: string | undefined;
  const client = createClient({
    baseUrl: target.baseUrl,
    apiKey: target.apiKey,
    ...(target.apiKey2 ? { secrets: [target.apiKey2] } : {}),
    profile: options.profile,
    fetch: options.queries
      ? pacedFetch(
          target.fetch ?? globalThis.fetch.bind(globalThis),
          new URL(target.baseUrl).pathname.replace(/\/+$/, ''),
          options.queries,
        )
      : target.fetch,
    // A wait that would end past the total deadline ends the run now instead of sleeping into it.
    sleep: (ms, s) => {
      if (now() - startMs + ms > totalTimeoutMs) passDeadline();
      return options.sleep(ms, s);
    },
    now,
    requestTimeoutMs: options.requestTimeoutMs,
    pollSchedule: options.pollIntervalMs ?? adaptivePollSchedule(RUNNER_POLLING),
    onExchange: (e) => {
      exchanges.set(e.seq, e);
      if (e.response) answered = true;
      else if (!answered && ++transportFailures >= UNREACHABLE_AFTER && unreachable === undefined) {
        // Nothing ever answered: stop sending rather than time out every case against a dead target.
        unreachable = e.error?.message ?? 'transport error';
        if (abortCause(stop.signal) === undefined)
          stop.abort(new RunAbort('unreachable', `the target is unreachable: ${unreachable}`));
      }
    },
  });
  return {
    client,
    exchanges,
    signal,
    unreachable: () => unreachable,
    answered: () => answered,
    sent: () => [...exchanges.values()].sort((a, b) => a.seq - b.seq),
    dispose: () => clearTimeout(timer),
  };
}
