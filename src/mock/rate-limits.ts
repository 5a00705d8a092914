import { MODELS, type ModelId } from '../contract/models.js';
import { RETRY_AFTER_SECONDS } from './faults/table.js';
import { MockHttpError } from './reply.js';

const RETRY_AFTER = { 'retry-after': String(RETRY_AFTER_SECONDS) };

interface Bucket {
  /** Submit times within the last second, oldest first. */
  submits: number[];
  /** Ids of the tasks this key started on this model that may still be PENDING or RUNNING. */
  active: Set<string>;
}

// Buckets of keys that stopped sending are dropped past this many, so random keys cannot grow memory.
const MAX_BUCKETS = 10_000;

/**
 * The official per-model limits from the registry (`MODELS[id].rateLimits`): submits per second and concurrent
 * tasks, counted per API key as upstream counts them per account.
 */
export class RateLimiter {
  readonly #buckets = new Map<string, Bucket>();

  /**
   * Throws 429 `Throttling.RateQuota` past the submit rate, 429 `LimitRequests` past the concurrent tasks;
   * `isActive` tells whether a task id is still PENDING or RUNNING.
   */
  check(owner: string, model: ModelId, now: number, isActive: (taskId: string) => boolean): void {
    const { submitRps, concurrentTasks } = MODELS[model].rateLimits;
    const bucket = this.#bucket(`${owner}\u0000${model}`);
    while (bucket.submits.length > 0 && (bucket.submits[0] ?? 0) <= now - 1000) bucket.submits.shift();
    if (bucket.submits.length >= submitRps) {
      throw new MockHttpError(
        429,
        'Throttling.RateQuota',
        `${model}: at most ${submitRps} task submissions per second are allowed; retry after a short wait`,
        RETRY_AFTER,
      );
    }
    for (const id of bucket.active) if (!isActive(id)) bucket.active.delete(id);
    if (bucket.active.size >= concurrentTasks) {
      throw new MockHttpError(
        429,
        'LimitRequests',
        `${model}: at most ${concurrentTasks} tasks may be PENDING or RUNNING at once; wait for one to finish`,
        RETRY_AFTER,
      );
    }
  }

  /** Counts a submit that was accepted. */
  record(owner: string, model: ModelId, now: number, taskId: string): void {
    const bucket = this.#bucket(`${owner}\u0000${model}`);
    bucket.submits.push(now);
    bucket.active.add(taskId);
  }

  /** Forgets every count (the admin surface's reset). */
  clear(): void {
    this.#buckets.clear();
  }

  #bucket(key: string): Bucket {
    let bucket = this.#buckets.get(key);
    if (!bucket) {
      if (this.#buckets.size >= MAX_BUCKETS) this.#buckets.clear();
      bucket = { submits: [], active: new Set() };
      this.#buckets.set(key, bucket);
    }
    return bucket;
  }
}
