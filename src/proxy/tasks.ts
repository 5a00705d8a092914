import type { ModelId } from '../contract/models.js';
import type { Exchange } from '../client/exchange.js';
import type { ExchangeKind } from '../rules/observation.js';

/**
 * One task query as remembered for the log: when, the HTTP status, the task status (and a differing task id) of a
 * task answer; for any other answer its exchange kind instead (never a status, see src/rules/observation.ts).
 */
export interface Observation {
  readonly at: number;
  readonly http: number;
  readonly status: string | undefined;
  readonly taskId: string | undefined;
  readonly exchange: Exclude<ExchangeKind, 'task'> | undefined;
}

/** How many task queries of one task are remembered for its log line (the schema's bound). */
export const MAX_OBSERVATIONS = 64;

/**
 * Remembers a task query, keeping the first and the last of each run of equal answers: enough to show, once the
 * logs of several proxies are merged by time, whether a status went back, at a bounded size per task.
 */
export function observe(list: Observation[], next: Observation): void {
  const same = (a: Observation | undefined) =>
    a !== undefined &&
    a.http === next.http &&
    a.status === next.status &&
    a.taskId === next.taskId &&
    a.exchange === next.exchange;
  const n = list.length;
  if (n >= 2 && same(list[n - 1]) && same(list[n - 2])) list[n - 1] = next;
  else if (n >= MAX_OBSERVATIONS) list[n - 1] = next;
  else list.push(next);
}

/** The observations as the task log writes them. */
export function observationsOf(list: readonly Observation[]) {
  return list.map((o) => ({
    at: new Date(o.at).toISOString(),
    http_status: o.http,
    ...(o.status !== undefined ? { task_status: o.status } : {}),
    ...(o.taskId !== undefined ? { task_id: o.taskId } : {}),
    ...(o.exchange !== undefined ? { exchange: o.exchange } : {}),
  }));
}

/** What the proxy remembers of one task from its submit on: never the key, only a hash of it as the tenant. */
export interface TrackedTask {
  readonly id: string;
  readonly model: ModelId;
  /** The resolution tier the request asks for (the model's default when it names none). */
  readonly tier: string;
  /** The seconds the request is quoted for, when the price table can quote it. */
  readonly seconds: string | undefined;
  /** When the submit was sent, in ms since the epoch. */
  readonly submittedAt: number;
  /** A hash of the API key the task was submitted with. */
  readonly tenant: string;
  /** What the task holds in bytes, counted when it is added (its texts are bounded: large inputs are digests). */
  readonly bytes: number;
  /** The submit request and answer as JSON text (redacted), until the record is written. */
  requestText: string | undefined;
  submitStatus: number;
  submitText: string | undefined;
  /** The last poll before the task ended (for the forward-only check across polls). */
  lastPoll: Exchange | undefined;
  /** The final answer's status and text, until the record is written. */
  finalText: string | undefined;
  finalHttpStatus: number | undefined;
  finalAt: number | undefined;
  finalStatus: string | undefined;
  polls: number;
  /** The task queries seen, for the record (see {@link observe}). */
  observations: Observation[];
  /** Cases this task already broke: each is reported once per task. */
  violated: Set<string> | undefined;
  recorded: boolean;
  /**
   * The last repoll of the finished task that broke nothing, as {@link repollKey} names it: an answer with the same
   * key is judged as that one was (see `Observer.repeatsQuietRepoll`).
   */
  quietRepoll?: string | undefined;
}

/** Why a task leaves the memory. */
export type Departure = 'expired' | 'evicted' | 'shutdown';

/** What a {@link TaskMemory} needs of what it remembers: an id, a start time, and whether it was written out. */
export interface Remembered {
  readonly id: string;
  /** When the proxy first saw the task (its submit, or its first query), in ms since the epoch. */
  readonly submittedAt: number;
  recorded: boolean;
  /** What the task holds, in bytes (its texts; fixed when it is added). */
  readonly bytes?: number;
}

/**
 * The tasks the proxy follows, bounded in count, bytes and age: a task is forgotten `retentionMs` after its submit,
 * and past `maxTasks` tasks or `maxBytes` bytes the oldest is forgotten first. A task that leaves unrecorded is
 * handed to `onDepart` so its record is still written (marked unfinished). The Map keeps submit order, so the
 * oldest are always first.
 */
export class TaskMemory<T extends Remembered = TrackedTask> {
  readonly #tasks = new Map<string, T>();
  #bytes = 0;

  constructor(
    private readonly maxTasks: number,
    private readonly retentionMs: number,
    private readonly onDepart: (task: T, why: Departure) => void,
    private readonly maxBytes = Infinity,
  ) {}

  /** How many tasks are followed. */
  get size(): number {
    return this.#tasks.size;
  }

  /** The bytes the followed tasks hold (as each counted itself when added). */
  get bytes(): number {
    return this.#bytes;
  }

  /** A task by id. */
  get(id: string): T | undefined {
    return this.#tasks.get(id);
  }

  /** Follows a new task, first forgetting the expired ones and, at the bound, the oldest. */
  add(task: T, now: number): void {
    this.sweep(now);
    const previous = this.#tasks.get(task.id);
    if (previous) this.#depart(previous, 'evicted');
    const bytes = task.bytes ?? 0;
    while (this.#tasks.size >= this.maxTasks || (this.#tasks.size > 0 && this.#bytes + bytes > this.maxBytes)) {
      const oldest = this.#tasks.values().next().value;
      if (!oldest) break;
      this.#depart(oldest, 'evicted');
    }
    this.#tasks.set(task.id, task);
    this.#bytes += bytes;
  }

  /** Forgets the tasks past their retention; they are the oldest, so this stops at the first live one. */
  sweep(now: number): void {
    for (const task of this.#tasks.values()) {
      if (task.submittedAt + this.retentionMs > now) return;
      this.#depart(task, 'expired');
    }
  }

  /** Forgets every task (on shutdown), handing each unrecorded one to `onDepart`. */
  drain(): void {
    for (const task of this.#tasks.values()) this.#depart(task, 'shutdown');
  }

  /** Forgets a task without handing it on (it was written out already). */
  forget(id: string): void {
    const task = this.#tasks.get(id);
    if (task && this.#tasks.delete(id)) this.#bytes -= task.bytes ?? 0;
  }

  #depart(task: T, why: Departure): void {
    if (this.#tasks.delete(task.id)) this.#bytes -= task.bytes ?? 0;
    if (!task.recorded) this.onDepart(task, why);
  }
}
