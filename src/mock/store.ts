import { isTerminalStatus } from '../contract/statuses.js';
import { statusAt, type TaskRecord } from './task.js';

// How far past the oldest task eviction looks for a finished one before it gives up and drops the oldest task:
// keeps every submit O(1) in the worst case (a store full of stuck tasks).
const EVICTION_SCAN = 1024;

/**
 * The mock's tasks, in submit order, bounded in count and age: tasks expire `ttlMs` after their submit
 * (upstream: task ids are valid for 24 hours), and past `maxTasks` the oldest finished task is dropped first.
 */
export class TaskStore {
  readonly #tasks = new Map<string, TaskRecord>();

  constructor(
    readonly maxTasks: number,
    readonly ttlMs: number,
  ) {}

  /** How many tasks are kept. */
  get size(): number {
    return this.#tasks.size;
  }

  /** A live task by id; expired tasks are dropped and read as absent. */
  get(id: string, now: number): TaskRecord | undefined {
    const task = this.#tasks.get(id);
    if (!task) return undefined;
    if (this.#expired(task, now)) {
      this.#tasks.delete(id);
      return undefined;
    }
    return task;
  }

  /** Keeps a new task, first dropping expired ones and, at the bound, one old task. */
  add(task: TaskRecord, now: number): void {
    this.sweep(now);
    while (this.#tasks.size >= this.maxTasks) this.#evictOne(now);
    this.#tasks.set(task.id, task);
  }

  /** Drops the expired tasks: they are the oldest, so this stops at the first live one. */
  sweep(now: number): void {
    for (const [id, task] of this.#tasks) {
      if (!this.#expired(task, now)) break;
      this.#tasks.delete(id);
    }
  }

  #expired(task: TaskRecord, now: number): boolean {
    return now - task.submittedAt >= this.ttlMs;
  }

  #evictOne(now: number): void {
    let scanned = 0;
    let oldest: string | undefined;
    for (const [id, task] of this.#tasks) {
      oldest ??= id;
      if (isTerminalStatus(statusAt(task, now))) {
        this.#tasks.delete(id);
        return;
      }
      if (++scanned >= EVICTION_SCAN) break;
    }
    if (oldest !== undefined) this.#tasks.delete(oldest);
  }
}
