import { isTerminalStatus } from '../contract/statuses.js';
import { statusAt, type TaskRecord } from './task.js';

// How far past the oldest task eviction looks for a finished one before it gives up and drops the oldest task:
// keeps every submit O(1) in the worst case (a store full of stuck tasks).
const EVICTION_SCAN = 1024;

/**
 * The mock's tasks, bounded in count and age: tasks expire `ttlMs` after their submit (upstream: task ids are
 * valid for 24 hours), and past `maxTasks` the oldest finished task is dropped first.
 *
 * Submit order lives in an array with a moving head rather than in the Map's own order: V8 leaves a hole for
 * every entry deleted from a Map until it rehashes, so iterating from its front after many evictions would
 * walk every hole on every submit.
 */
export class TaskStore {
  readonly #tasks = new Map<string, TaskRecord>();
  #order: string[] = [];
  #head = 0;
  /** Entries of #order past the head whose task is gone. */
  #stale = 0;

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
      this.#drop(id);
      return undefined;
    }
    return task;
  }

  /** The live tasks, oldest first (expired ones are dropped on the way). */
  *live(now: number): IterableIterator<TaskRecord> {
    this.sweep(now);
    for (let i = this.#head; i < this.#order.length; i++) {
      const task = this.#tasks.get(this.#order[i] as string);
      if (task && !this.#expired(task, now)) yield task;
    }
  }

  /** Keeps a new task, first dropping expired ones and, at the bound, one old task. */
  add(task: TaskRecord, now: number): void {
    this.sweep(now);
    while (this.#tasks.size >= this.maxTasks) this.#evictOne(now);
    this.#tasks.set(task.id, task);
    this.#order.push(task.id);
    this.#compact();
  }

  /** Forgets a task (the admin surface's UNKNOWN); true when it was kept. */
  delete(id: string): boolean {
    const kept = this.#tasks.has(id);
    this.#drop(id);
    this.#compact();
    return kept;
  }

  /** Forgets every task. */
  clear(): void {
    this.#tasks.clear();
    this.#order = [];
    this.#head = 0;
    this.#stale = 0;
  }

  /** Drops the expired tasks: they are the oldest, so this stops at the first live one. */
  sweep(now: number): void {
    while (this.#head < this.#order.length) {
      const id = this.#order[this.#head] as string;
      const task = this.#tasks.get(id);
      if (task && !this.#expired(task, now)) return;
      this.#head++;
      if (task) this.#tasks.delete(id);
      else this.#stale--;
    }
  }

  #expired(task: TaskRecord, now: number): boolean {
    return now - task.submittedAt >= this.ttlMs;
  }

  /** Removes a task that is not at the head: its entry in #order becomes stale. */
  #drop(id: string): void {
    if (this.#tasks.delete(id)) this.#stale++;
  }

  #evictOne(now: number): void {
    let scanned = 0;
    for (let i = this.#head; i < this.#order.length && scanned < EVICTION_SCAN; i++) {
      const id = this.#order[i] as string;
      const task = this.#tasks.get(id);
      if (!task) continue;
      scanned++;
      if (isTerminalStatus(statusAt(task, now))) return this.#drop(id);
      // Every task but a stuck one runs the same lifecycle, so none submitted after a running one has finished:
      // stop here rather than scan the whole window on every submit of a store full of live tasks.
      if (task.endsAt !== Number.POSITIVE_INFINITY) break;
    }
    // Nothing finished near the front: drop the oldest task, whatever its status.
    for (let i = this.#head; i < this.#order.length; i++) {
      const id = this.#order[i] as string;
      if (this.#tasks.has(id)) return this.#drop(id);
    }
  }

  /** Moves the head past stale entries and, once they are the majority, rebuilds the order array. */
  #compact(): void {
    while (this.#head < this.#order.length && !this.#tasks.has(this.#order[this.#head] as string)) {
      this.#head++;
      this.#stale--;
    }
    if (this.#head + this.#stale > 1024 && this.#head + this.#stale > this.#tasks.size) {
      this.#order = this.#order.slice(this.#head).filter((id) => this.#tasks.has(id));
      this.#head = 0;
      this.#stale = 0;
    }
  }
}
