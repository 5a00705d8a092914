import { MODEL_IDS, MODELS, type ModelId } from '../contract/models.js';
import type { TaskLogRecord } from '../contract/schemas/task-log.js';
import { checkTask, isRegistryRecord, type TaskFacts, type Violation } from './check.js';
import type { ConflictingDuplicate } from './duplicates.js';
import { judgeLoggedLifecycle } from './lifecycle.js';
import {
  mergeParts,
  partKey,
  stepsOf,
  taskKey,
  type LifecycleStep,
  type LogPart,
  type UnsubmittedTask,
} from './merge.js';
import { judgePromotions } from './promotion.js';
import { edgeProblem } from './edge.js';
import { parseLogLine, type InvalidLine } from './record.js';
import { BillingReconciler, ChargeError, parseCharge } from './reconcile.js';
import { Tally, type CellEvidence } from './stats.js';
import { Timing, timingTaskOf, type TimingTask } from './timing.js';
import { DEFAULT_MIN_SUCCESS_RATE, DEFAULT_MIN_SUCCESSES, parseRate, type Rate } from './thresholds.js';

/** How many invalid lines, violations and billing discrepancies a report lists by default (counts stay exact). */
export const DEFAULT_LIST_LIMIT = 100;

import type { CollectorState, EvidenceOptions, EvidenceReport, LoggedViolation, ModelEvidence } from './report.js';

export type { CollectorState, EvidenceOptions, EvidenceReport, LoggedViolation, ModelEvidence };

interface ModelTallies {
  byResolution: Map<string, Tally>;
  byTarget: Map<string, Tally>;
}

/**
 * Accumulates a task log line by line in bounded memory: counts are exact, lists stop at the list limit.
 * @example
 * const collector = new EvidenceCollector({ minSuccesses: 20 });
 * for (const [i, line] of lines.entries()) collector.addLine(line, i + 1);
 * const report = collector.report();
 */
export class EvidenceCollector {
  private readonly models = new Map<ModelId, ModelTallies>();
  private readonly others = new Map<string, number>();
  private readonly invalid: InvalidLine[] = [];
  private readonly violations: LoggedViolation[] = [];
  private readonly billing: BillingReconciler;
  private readonly limit: number;
  private readonly minSuccesses: number;
  private readonly minSuccessRate: Rate;
  private lines = 0;
  private records = 0;
  private blank = 0;
  private invalidCount = 0;
  private violationCount = 0;
  private charged = 0;
  private fragmentLines = 0;
  private mergedTasks = 0;
  private unsubmittedCount = 0;
  private readonly unsubmitted: UnsubmittedTask[] = [];
  private duplicateRecords = 0;
  private duplicateTasks = 0;
  private conflictCount = 0;
  private readonly conflicts: ConflictingDuplicate[] = [];
  private pending: LogPart[] = [];
  private settled = false;
  private readonly timing = new Timing();

  constructor(private readonly options: EvidenceOptions = {}) {
    this.limit =
      options.listLimit === undefined ? DEFAULT_LIST_LIMIT : options.listLimit === 0 ? Infinity : options.listLimit;
    this.minSuccesses = options.minSuccesses ?? DEFAULT_MIN_SUCCESSES;
    const rate = options.minSuccessRate ?? DEFAULT_MIN_SUCCESS_RATE;
    this.minSuccessRate = typeof rate === 'string' ? parseRate(rate) : rate;
    this.billing = new BillingReconciler(this.limit);
  }

  /** Reads one line of the log (1-based number); invalid lines are counted, never thrown. */
  addLine(text: string, lineNumber: number): void {
    this.lines = Math.max(this.lines, lineNumber);
    const parsed = parseLogLine(text);
    if (parsed.kind === 'blank') {
      this.blank += 1;
      return;
    }
    if (parsed.kind === 'invalid') return this.addInvalid(lineNumber, parsed.reason);
    const problem = edgeProblem(parsed.kind === 'record' ? parsed.record : parsed.fragment);
    if (problem !== undefined) return this.addInvalid(lineNumber, `not usable: ${problem}`);
    const at = this.options.file === undefined ? { line: lineNumber } : { file: this.options.file, line: lineNumber };
    if (parsed.kind === 'fragment') {
      this.fragmentLines += 1;
      this.pending.push({ kind: 'fragment', fragment: parsed.fragment, ...at });
      return;
    }
    const record = parsed.record;
    const keys = this.options.fragmentKeys;
    // Without the keys of a first pass, every record waits for the end: any later line may be of the same task.
    if (!keys || (record.task_id !== undefined && keys.has(taskKey(record.target, record.task_id)))) {
      this.pending.push({ kind: 'record', record, ...at });
      return;
    }
    this.addRecord(record, lineNumber);
  }

  /** Adds one record that is already parsed and valid against the schema. */
  addRecord(record: TaskLogRecord, lineNumber: number): void {
    this.records += 1;
    this.#addRecord(record, lineNumber, this.options.file, undefined);
  }

  #addRecord(
    record: TaskLogRecord,
    lineNumber: number,
    file: string | undefined,
    merged: LifecycleStep[] | undefined,
  ): void {
    let charged: bigint | undefined;
    if (record.charged) {
      try {
        charged = parseCharge(record.charged.amount);
      } catch (error) {
        if (error instanceof ChargeError) {
          this.records -= 1;
          return this.addInvalid(lineNumber, error.message, file);
        }
        throw error;
      }
    }
    if (!isRegistryRecord(record)) {
      this.others.set(record.model, (this.others.get(record.model) ?? 0) + 1);
      return;
    }
    let facts: TaskFacts;
    try {
      facts = checkTask(record);
      // The lifecycle is judged where the log shows one: the queries of the task, from this line or merged.
      const steps = merged ?? (record.observations ? stepsOf({ kind: 'record', record, line: lineNumber }) : []);
      const lifecycle = judgeLoggedLifecycle(record, steps);
      if (lifecycle.length > 0)
        facts = {
          ...facts,
          violations: [
            ...facts.violations,
            ...lifecycle.map((f): Violation => ({ kind: 'lifecycle', message: `${f.caseId}: ${f.message}` })),
          ],
        };
    } catch (error) {
      // One record that breaks a check must not cost the rest of the log: it is reported by its line.
      this.records -= 1;
      return this.addInvalid(
        lineNumber,
        `cannot be checked: ${error instanceof Error ? error.message : String(error)}`,
        file,
      );
    }
    const tallies = this.talliesOf(record.model);
    this.options.onTask?.({ ...(file === undefined ? {} : { file }), line: lineNumber, record, facts });
    tallyOf(tallies.byResolution, facts.resolution).add(facts);
    tallyOf(tallies.byTarget, record.target).add(facts);
    this.timing.add(timingTaskOf(record, facts));
    const taskId = record.task_id;
    for (const v of facts.violations) {
      this.violationCount += 1;
      if (this.violations.length < this.limit)
        this.violations.push({
          ...v,
          ...(file === undefined ? {} : { file }),
          line: lineNumber,
          model: record.model,
          target: record.target,
          taskId,
        });
    }
    if (charged !== undefined) {
      this.charged += 1;
      this.billing.add(facts, charged, {
        ...(file === undefined ? {} : { file }),
        line: lineNumber,
        taskId,
        target: record.target,
      });
    }
  }

  private addInvalid(line: number, reason: string, file: string | undefined = this.options.file): void {
    this.invalidCount += 1;
    if (this.invalid.length < this.limit) this.invalid.push({ ...(file === undefined ? {} : { file }), line, reason });
  }

  /**
   * Merges the held-back lines of each task into one lifecycle and counts it (once: later calls do nothing). Runs
   * on {@link report}; every log must have been read, or merged in, before.
   */
  private settle(): void {
    if (this.settled) return;
    this.settled = true;
    const groups = new Map<string, LogPart[]>();
    let alone = 0;
    for (const part of this.pending) {
      // A record without a task id is a task of its own (a rejected submit): it has nothing to merge with.
      const key = partKey(part) ?? `\u0000${(alone += 1)}`;
      const group = groups.get(key);
      if (group) group.push(part);
      else groups.set(key, [part]);
    }
    this.pending = [];
    for (const parts of groups.values()) {
      const only = parts.length === 1 ? parts[0]! : undefined;
      if (only?.kind === 'record') {
        this.records += 1;
        this.#addRecord(only.record, only.line, only.file, undefined);
        continue;
      }
      this.settleGroup(parts);
    }
  }

  private settleGroup(parts: readonly LogPart[]): void {
    const merged = mergeParts(parts);
    if (merged.kind === 'unsubmitted') {
      this.unsubmittedCount += 1;
      if (this.unsubmitted.length < this.limit) this.unsubmitted.push(merged);
      return;
    }
    if (merged.joined > 0) this.mergedTasks += 1;
    if (merged.duplicates > 0) {
      this.duplicateTasks += 1;
      this.duplicateRecords += merged.duplicates;
    }
    for (const conflict of merged.conflicts) {
      this.conflictCount += 1;
      if (this.conflicts.length < this.limit) this.conflicts.push(conflict);
    }
    this.records += merged.duplicates + 1;
    this.#addRecord(merged.record, merged.from.line, merged.from.file, [...merged.steps]);
  }

  /** What this collector has counted, to merge into another one (which may run in another thread). */
  state(): CollectorState {
    return {
      lines: this.lines,
      records: this.records,
      blank: this.blank,
      invalidCount: this.invalidCount,
      violationCount: this.violationCount,
      charged: this.charged,
      invalid: this.invalid,
      violations: this.violations,
      others: this.others,
      models: this.models,
      billing: this.billing.state(),
      fragmentLines: this.fragmentLines,
      pending: this.pending,
      timing: this.timing.state(),
    };
  }

  /**
   * Adds what another collector counted on the part of the log that follows this one's: its line numbers are
   * shifted by the lines read so far. With `nextLog`, the state is of another log (read with its own `file`), and
   * its line numbers stay as they are. Counts stay exact; lists keep log order up to the list limit.
   */
  merge(state: CollectorState, nextLog = false): void {
    const offset = nextLog ? 0 : this.lines;
    this.fragmentLines += state.fragmentLines;
    for (const part of state.pending) this.pending.push({ ...part, line: part.line + offset });
    this.lines += state.lines;
    this.records += state.records;
    this.blank += state.blank;
    this.invalidCount += state.invalidCount;
    this.violationCount += state.violationCount;
    this.charged += state.charged;
    for (const item of state.invalid.slice(0, Math.max(0, this.limit - this.invalid.length)))
      this.invalid.push({ ...item, line: item.line + offset });
    for (const item of state.violations.slice(0, Math.max(0, this.limit - this.violations.length)))
      this.violations.push({ ...item, line: item.line + offset });
    for (const [model, n] of state.others) this.others.set(model, (this.others.get(model) ?? 0) + n);
    for (const [model, other] of state.models) {
      const mine = this.talliesOf(model);
      for (const [key, tally] of other.byResolution) tallyOf(mine.byResolution, key).merge(tally);
      for (const [key, tally] of other.byTarget) tallyOf(mine.byTarget, key).merge(tally);
    }
    this.billing.merge(state.billing, offset);
    this.timing.merge(state.timing);
  }

  /** The timing cells of the last task counted (an engine that weighs a group of equal tasks reads them). */
  lastTiming(): TimingTask | undefined {
    return this.timing.last;
  }

  private talliesOf(model: ModelId): ModelTallies {
    let tallies = this.models.get(model);
    if (!tallies) {
      tallies = { byResolution: new Map(), byTarget: new Map() };
      this.models.set(model, tallies);
    }
    return tallies;
  }

  /** The report of everything read so far. */
  report(): EvidenceReport {
    this.settle();
    // A model's total is the sum of its resolutions, added up once here rather than tallied per task.
    const totals = new Map<ModelId, { total: Tally; byResolution: ReadonlyMap<string, Tally> }>();
    for (const [model, t] of this.models) {
      const total = new Tally();
      for (const tally of t.byResolution.values()) total.merge(tally);
      totals.set(model, { total, byResolution: t.byResolution });
    }
    const models = MODEL_IDS.filter((id) => this.models.has(id)).map((model): ModelEvidence => {
      const t = this.models.get(model)!;
      return {
        model,
        status: MODELS[model].status,
        total: totals.get(model)!.total.snapshot(),
        resolutions: snapshots(t.byResolution, resolutionOrder),
        targets: snapshots(t.byTarget),
      };
    });
    const billing = this.billing.result();
    return {
      lines: this.lines,
      records: this.records,
      blankLines: this.blank,
      invalidLines: { count: this.invalidCount, listed: [...this.invalid] },
      thresholds: { minSuccesses: this.minSuccesses, minSuccessRate: this.minSuccessRate.text },
      models,
      otherModels: Object.fromEntries([...this.others].sort()),
      violations: { count: this.violationCount, listed: [...this.violations] },
      promotions: judgePromotions(
        totals,
        { minSuccesses: this.minSuccesses, minSuccessRate: this.minSuccessRate },
        this.options.registrySource,
      ),
      billing: { records: this.charged, ...billing },
      fragments: {
        lines: this.fragmentLines,
        mergedTasks: this.mergedTasks,
        unsubmitted: { count: this.unsubmittedCount, listed: [...this.unsubmitted] },
      },
      duplicates: {
        records: this.duplicateRecords,
        tasks: this.duplicateTasks,
        conflicting: { count: this.conflictCount, listed: [...this.conflicts] },
      },
      ...this.timing.report(MODEL_IDS),
    };
  }
}

function tallyOf(map: Map<string, Tally>, key: string): Tally {
  let tally = map.get(key);
  if (!tally) {
    tally = new Tally();
    map.set(key, tally);
  }
  return tally;
}

function resolutionOrder(a: string, b: string): number {
  const n = (r: string) => Number.parseInt(r, 10);
  return (
    (Number.isNaN(n(a)) ? Infinity : n(a)) - (Number.isNaN(n(b)) ? Infinity : n(b)) || (a < b ? -1 : a > b ? 1 : 0)
  );
}

function snapshots(map: Map<string, Tally>, order?: (a: string, b: string) => number): Record<string, CellEvidence> {
  const keys = [...map.keys()].sort(order);
  return Object.fromEntries(keys.map((key) => [key, map.get(key)!.snapshot()]));
}
