/** Keeps one model's tasks within its official limits: concurrent tasks and submits per second (registry). */
export class ModelLimiter {
  private active = 0;
  private readonly waiters: (() => void)[] = [];
  private nextSubmitAt = 0;

  constructor(
    private readonly concurrentTasks: number,
    private readonly submitRps: number,
    private readonly enforce: boolean,
    private readonly now: () => number,
    private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>,
  ) {}

  /** Whether the limits are kept (false: the embedded mock, which has none). */
  get enforcing(): boolean {
    return this.enforce;
  }

  /** Waits for a free task slot; release it with {@link release} when the task ends. */
  async acquire(): Promise<void> {
    if (!this.enforce) return;
    if (this.active < this.concurrentTasks) {
      this.active++;
      return;
    }
    // The slot is handed over by release(), so `active` stays counted.
    await new Promise<void>((resolve) => this.waiters.push(resolve));
  }

  /** Frees a task slot, handing it to the next waiter if any. */
  release(): void {
    if (!this.enforce) return;
    const next = this.waiters.shift();
    if (next) next();
    else this.active = Math.max(0, this.active - 1);
  }

  /** Waits until the next submit keeps within the model's submits per second. */
  async pace(signal?: AbortSignal): Promise<void> {
    if (!this.enforce) return;
    const t = this.now();
    const at = Math.max(t, this.nextSubmitAt);
    this.nextSubmitAt = at + 1000 / this.submitRps;
    if (at > t) await this.sleep(at - t, signal);
  }
}

/**
 * Keeps the task queries (getTask, listTasks) of each API key within the official account-wide rate
 * (`TASK_QUERY_RPS`, contract/limits.ts): each query of a key waits for its slot, `1000 / rps` ms after the last.
 * A rate of 0 keeps none.
 */
export class QueryPacer {
  readonly #next = new Map<string, number>();

  constructor(
    private readonly rps: number,
    private readonly now: () => number,
    private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>,
  ) {}

  /** The rate kept, in queries per second per key (0: none). */
  get rate(): number {
    return this.rps;
  }

  /** Waits until a query with this key keeps within the rate. */
  async pace(key: string, signal?: AbortSignal): Promise<void> {
    if (!(this.rps > 0)) return;
    const t = this.now();
    const at = Math.max(t, this.#next.get(key) ?? 0);
    this.#next.set(key, at + 1000 / this.rps);
    if (at > t) await this.sleep(at - t, signal ?? undefined);
  }
}
