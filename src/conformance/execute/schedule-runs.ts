import type { PlannedRun } from '../plan/plan.js';

/** Runs `work` over the items with at most `workers` in flight, in order of the list. */
async function pool<T>(items: readonly T[], workers: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(workers, items.length)) }, worker));
}

/** A run that judges every exchange of the run (`of: all`), so it must come after all the others. */
const usesWholeRun = (run: PlannedRun) => run.case.steps.some((s) => 'expect' in s && s.expect.of === 'all');

const SCOPE_ORDER = { task: 0, model: 1, target: 2 } as const;

/**
 * Executes the planned runs: task-scope runs first, so that every shared task starts early, then model and target
 * runs, `concurrency` at a time; then waits for the background drains of extra tasks; whole-run checks last, alone.
 */
export async function scheduleRuns(
  runs: readonly PlannedRun[],
  concurrency: number,
  execute: (run: PlannedRun) => Promise<void>,
  drains: readonly Promise<void>[],
): Promise<void> {
  const first = runs
    .filter((r) => !usesWholeRun(r))
    .sort((a, b) => SCOPE_ORDER[a.case.scope] - SCOPE_ORDER[b.case.scope]);
  await pool(first, concurrency, execute);
  await Promise.all(drains);
  await pool(runs.filter(usesWholeRun), 1, execute);
}
