/** What a schedule may look at besides the count: the task's status and how long it has shown it. */
export interface PollContext {
  /** The status of the last answer. */
  readonly status: string;
  /** How long the task has been in that status as far as the wait knows (since the wait began, or the change). */
  readonly statusForMs: number;
  /** Time since the wait began. */
  readonly elapsedMs: number;
}

/** How long to wait before the next poll, given how many polls were made (and what the last one said). */
export type PollSchedule = (pollsMade: number, context?: PollContext) => number;

/**
 * A schedule that spends fewer queries on long tasks: it waits `ratio` times as long as the task has been in its
 * current status, between `minMs` and `maxMs`. A status that lasts D costs about log(D / minMs) / log(1 + ratio)
 * polls instead of D / 5 s, and a change is seen at most `ratio × D` (or `maxMs`) late. The conformance runner's
 * default: it moves a task toward the floor of one submit and one poll per status change.
 */
export function adaptivePollSchedule({ minMs = 2_000, maxMs = 30_000, ratio = 0.5 } = {}): PollSchedule {
  return (_polls, context) => Math.round(Math.min(maxMs, Math.max(minMs, ratio * (context?.statusForMs ?? 0))));
}

/**
 * The official SDKs' schedule (Python and Java `wait`): 1 s, doubling every third poll, capped at 5 s:
 * 1, 1, 2, 2, 2, 4, 4, 4, 5, 5, … seconds.
 */
export const officialPollSchedule: (pollsMade: number) => number = (pollsMade) =>
  Math.min(5_000, 1_000 * 2 ** Math.floor((Math.max(0, pollsMade - 1) + 1) / 3));

/** A schedule from a fixed interval, a list of delays (the last repeats) or a function. */
export function toPollSchedule(spec: number | readonly number[] | PollSchedule | undefined): PollSchedule {
  if (spec === undefined) return officialPollSchedule;
  if (typeof spec === 'function') return spec;
  if (typeof spec === 'number') return () => spec;
  const list = [...spec];
  if (list.length === 0) return officialPollSchedule;
  return (n) => list[Math.min(Math.max(0, n - 1), list.length - 1)] as number;
}

/**
 * The delay `Retry-After` asks for, in ms: delta-seconds or an HTTP date (RFC 9110 §10.2.3); undefined when absent
 * or unreadable.
 */
export function retryAfterMs(header: string | null, nowMs: number): number | undefined {
  if (header === null || header.trim() === '') return undefined;
  const text = header.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}

/** A sleep that ends early (rejecting) when the signal aborts. */
export function realSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
