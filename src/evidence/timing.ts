import type { TaskLogRecord } from '../contract/schemas/task-log.js';
import type { TaskFacts } from './check.js';
import { logTimeMs } from './log-time.js';

/** Milliseconds in an hour: the timeline's bucket. */
export const HOUR_MS = 3_600_000;

/** Upper bounds (ms, inclusive) of the time-to-result distribution's bins; the last bin is open. */
export const TTR_BINS_MS = [
  10_000, 30_000, 60_000, 120_000, 300_000, 600_000, 1_200_000, 1_800_000, 3_600_000, 7_200_000,
] as const;

/** Exact time-to-result of a set of tasks: submit to terminal status, nearest-rank percentiles of logged times. */
export interface TimeToResult {
  /** Tasks with a terminal final answer and both times logged. */
  readonly tasks: number;
  readonly p50Ms: number;
  readonly p95Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  /** Tasks per bin: `upToMs` inclusive (null: above the last bound). */
  readonly distribution: readonly { readonly upToMs: number | null; readonly tasks: number }[];
}

/** One hour of the log (by submit time): tasks, success and time to result. */
export interface TimelineBucket {
  /** The hour's start, ISO 8601 UTC. */
  readonly start: string;
  readonly tasks: number;
  readonly accepted: number;
  readonly succeeded: number;
  readonly timeToResult: TimeToResult | null;
}

/** What a task contributes to the timing: the cells it counts in, and its times. */
export interface TimingTask {
  readonly model: string;
  readonly tier: string;
  readonly target: string;
  readonly terminal: boolean;
  readonly accepted: boolean;
  readonly succeeded: boolean;
  readonly hour: number | undefined;
  readonly ms: number | undefined;
}

/** Counts of one hour, and its time-to-result histogram. */
interface HourData {
  tasks: number;
  accepted: number;
  succeeded: number;
}

/** The timing's data, to merge into another or scale by a weight (plain maps of counts). */
export interface TimingState {
  /** `m\n<model>\n<tier>`, `t\n<target>`, `h\n<hour>` → ms → tasks. */
  readonly histograms: Map<string, Map<number, number>>;
  readonly hours: Map<number, HourData>;
}

/** The timing facts of one judged task. */
export function timingTaskOf(record: TaskLogRecord, facts: TaskFacts): TimingTask {
  const submitted = logTimeMs(record.observed.submitted_at);
  const terminal = record.final !== undefined && ['succeeded', 'failed', 'canceled', 'unknown'].includes(facts.outcome);
  const finished = terminal ? logTimeMs(record.observed.finished_at) : undefined;
  return {
    model: facts.model,
    tier: facts.resolution,
    target: record.target,
    terminal,
    accepted: facts.outcome !== 'rejected',
    succeeded: facts.outcome === 'succeeded',
    hour: submitted === undefined ? undefined : Math.floor(submitted / HOUR_MS),
    ms: submitted === undefined || finished === undefined ? undefined : finished - submitted,
  };
}

/** Time-to-result histograms per model and tier, per target and per hour, and per-hour counts. */
export class Timing {
  readonly histograms = new Map<string, Map<number, number>>();
  readonly hours = new Map<number, HourData>();
  /** The last task added: the engine that weighs a group reads which cells it counts in. */
  last: TimingTask | undefined;

  /** Counts one task (its time when it ended and both times are logged). */
  add(task: TimingTask): void {
    this.last = task;
    if (task.hour !== undefined) {
      const hour = hourOf(this.hours, task.hour);
      hour.tasks += 1;
      if (task.accepted) hour.accepted += 1;
      if (task.succeeded) hour.succeeded += 1;
    }
    if (task.terminal && task.ms !== undefined) this.addTimes(task, new Map([[task.ms, 1]]));
  }

  /** Adds a histogram of times (ms → tasks) to every cell a task of this kind counts in. */
  addTimes(task: TimingTask, times: ReadonlyMap<number, number>): void {
    const keys = [`m\n${task.model}\n${task.tier}`, `t\n${task.target}`];
    if (task.hour !== undefined) keys.push(`h\n${task.hour}`);
    for (const key of keys) {
      let histogram = this.histograms.get(key);
      if (!histogram) this.histograms.set(key, (histogram = new Map()));
      for (const [ms, n] of times) histogram.set(ms, (histogram.get(ms) ?? 0) + n);
    }
  }

  /** Adds the per-hour counts of a task `weight` times (its times are added apart, by {@link addTimes}). */
  addHourCounts(task: TimingTask, weight: number): void {
    if (task.hour === undefined || weight === 0) return;
    const hour = hourOf(this.hours, task.hour);
    hour.tasks += weight;
    if (task.accepted) hour.accepted += weight;
    if (task.succeeded) hour.succeeded += weight;
  }

  /** The data to merge elsewhere. */
  state(): TimingState {
    return { histograms: this.histograms, hours: this.hours };
  }

  /** Adds another timing's data. */
  merge(state: TimingState): void {
    for (const [key, other] of state.histograms) {
      let histogram = this.histograms.get(key);
      if (!histogram) this.histograms.set(key, (histogram = new Map()));
      for (const [ms, n] of other) histogram.set(ms, (histogram.get(ms) ?? 0) + n);
    }
    for (const [at, other] of state.hours) {
      const hour = hourOf(this.hours, at);
      hour.tasks += other.tasks;
      hour.accepted += other.accepted;
      hour.succeeded += other.succeeded;
    }
  }

  /** Time to result per model and tier (registry order of `models`), per target, and the hourly timeline. */
  report(models: readonly string[]): {
    timeToResult: {
      byModel: (TimeToResult & { readonly model: string; readonly tier: string })[];
      byTarget: (TimeToResult & { readonly target: string })[];
    };
    timeline: TimelineBucket[];
  } {
    const byModel: (TimeToResult & { model: string; tier: string })[] = [];
    const byTarget: (TimeToResult & { target: string })[] = [];
    const cells = [...this.histograms.keys()].sort();
    for (const key of cells) {
      const [kind, a, b] = key.split('\n') as [string, string, string];
      const summary = summarize(this.histograms.get(key)!);
      if (kind === 'm') byModel.push({ model: a, tier: b, ...summary });
      else if (kind === 't') byTarget.push({ target: a, ...summary });
    }
    const rank = (m: string) => (models.indexOf(m) < 0 ? Infinity : models.indexOf(m));
    byModel.sort((x, y) => rank(x.model) - rank(y.model) || tierOrder(x.tier, y.tier));
    const timeline = [...this.hours.keys()]
      .sort((a, b) => a - b)
      .map((at): TimelineBucket => {
        const h = this.hours.get(at)!;
        const times = this.histograms.get(`h\n${at}`);
        return {
          start: new Date(at * HOUR_MS).toISOString(),
          tasks: h.tasks,
          accepted: h.accepted,
          succeeded: h.succeeded,
          timeToResult: times ? summarize(times) : null,
        };
      });
    return { timeToResult: { byModel, byTarget }, timeline };
  }
}

function hourOf(hours: Map<number, HourData>, at: number): HourData {
  let hour = hours.get(at);
  if (!hour) hours.set(at, (hour = { tasks: 0, accepted: 0, succeeded: 0 }));
  return hour;
}

function tierOrder(a: string, b: string): number {
  const n = (r: string) => Number.parseInt(r, 10);
  return (
    (Number.isNaN(n(a)) ? Infinity : n(a)) - (Number.isNaN(n(b)) ? Infinity : n(b)) || (a < b ? -1 : a > b ? 1 : 0)
  );
}

/** Nearest-rank percentiles (the smallest time at least p% of the tasks took no longer than), exact. */
function summarize(histogram: ReadonlyMap<number, number>): TimeToResult {
  const entries = [...histogram].filter(([, n]) => n > 0).sort(([a], [b]) => a - b);
  const tasks = entries.reduce((sum, [, n]) => sum + n, 0);
  const at = (percent: number) => {
    // ceil(percent × tasks / 100) in integers: no float division near a whole rank.
    const rank = Math.max(1, Math.floor((percent * tasks + 99) / 100));
    let seen = 0;
    for (const [ms, n] of entries) {
      seen += n;
      if (seen >= rank) return ms;
    }
    return entries[entries.length - 1]![0];
  };
  const bins = [...TTR_BINS_MS, null].map((upToMs) => ({ upToMs, tasks: 0 }));
  for (const [ms, n] of entries) {
    const bin = TTR_BINS_MS.findIndex((bound) => ms <= bound);
    bins[bin < 0 ? bins.length - 1 : bin]!.tasks += n;
  }
  return {
    tasks,
    p50Ms: at(50),
    p95Ms: at(95),
    p99Ms: at(99),
    maxMs: entries[entries.length - 1]![0],
    distribution: bins,
  };
}
