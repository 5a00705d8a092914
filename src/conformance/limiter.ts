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
