import { MODEL_IDS, MODELS, type ModelId } from '../contract/models.js';
import type { TaskLogRecord } from '../contract/schemas/task-log.js';
import { checkTask, isRegistryRecord, type Violation } from './check.js';
import { judgePromotions, type PromotionVerdict } from './promotion.js';
import { parseLogLine, type InvalidLine } from './record.js';
import {
  BillingReconciler,
  ChargeError,
  parseCharge,
  type BillingDiscrepancy,
  type BillingState,
  type BillingTotals,
} from './reconcile.js';
import { Tally, type CellEvidence, type TallyData } from './stats.js';
import { DEFAULT_MIN_SUCCESS_RATE, DEFAULT_MIN_SUCCESSES, parseRate, type Rate } from './thresholds.js';

/** Everything a collector has counted, to merge into another (see {@link EvidenceCollector.merge}): logs sharded per gateway node can be read apart and reported as one. */
export interface CollectorState {
  readonly lines: number;
  readonly records: number;
  readonly blank: number;
  readonly invalidCount: number;
  readonly violationCount: number;
  readonly charged: number;
  readonly invalid: readonly InvalidLine[];
  readonly violations: readonly LoggedViolation[];
  readonly others: ReadonlyMap<string, number>;
  readonly models: ReadonlyMap<
    ModelId,
    { byResolution: ReadonlyMap<string, TallyData>; byTarget: ReadonlyMap<string, TallyData> }
  >;
  readonly billing: BillingState;
}

/** How many invalid lines, violations and billing discrepancies a report lists by default (counts stay exact). */
export const DEFAULT_LIST_LIMIT = 100;

/** Options of an evidence run. */
export interface EvidenceOptions {
  /** Successes each resolution of a Beta model needs (default {@link DEFAULT_MIN_SUCCESSES}). */
  readonly minSuccesses?: number;
  /** Minimum success rate, an exact decimal string or a parsed rate (default {@link DEFAULT_MIN_SUCCESS_RATE}). */
  readonly minSuccessRate?: string | Rate;
  /** How many invalid lines, violations and discrepancies to list; 0 lists all (memory then grows with them). */
  readonly listLimit?: number;
  /** The text of src/contract/models.ts, so promotion diffs carry line numbers. */
  readonly registrySource?: string;
}

/** A contract violation of one logged task, with where it is in the log. */
export interface LoggedViolation extends Violation {
  readonly line: number;
  readonly model: ModelId;
  readonly target: string;
  readonly taskId: string | undefined;
}

/** One model's evidence: its totals, each resolution, and each target it ran on. */
export interface ModelEvidence {
  readonly model: ModelId;
  readonly status: 'verified' | 'beta';
  readonly total: CellEvidence;
  readonly resolutions: Readonly<Record<string, CellEvidence>>;
  readonly targets: Readonly<Record<string, CellEvidence>>;
}

/** What a task log shows: per model and resolution, promotions, billing, and the lines that could not be read. */
export interface EvidenceReport {
  readonly lines: number;
  readonly records: number;
  readonly blankLines: number;
  readonly invalidLines: { readonly count: number; readonly listed: readonly InvalidLine[] };
  readonly thresholds: { readonly minSuccesses: number; readonly minSuccessRate: string };
  /** Every registry model with at least one task, in registry order. */
  readonly models: readonly ModelEvidence[];
  /** Records of models outside the registry, by model id. */
  readonly otherModels: Readonly<Record<string, number>>;
  readonly violations: { readonly count: number; readonly listed: readonly LoggedViolation[] };
  readonly promotions: readonly PromotionVerdict[];
  readonly billing: {
    readonly records: number;
    readonly totals: readonly BillingTotals[];
    readonly discrepancyCount: number;
    readonly discrepancies: readonly BillingDiscrepancy[];
  };
}

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
    this.addRecord(parsed.record, lineNumber);
  }

  /** Adds one record that is already parsed and valid against the schema. */
  addRecord(record: TaskLogRecord, lineNumber: number): void {
    let charged: bigint | undefined;
    if (record.charged) {
      try {
        charged = parseCharge(record.charged.amount);
      } catch (error) {
        if (error instanceof ChargeError) return this.addInvalid(lineNumber, error.message);
        throw error;
      }
    }
    this.records += 1;
    if (!isRegistryRecord(record)) {
      this.others.set(record.model, (this.others.get(record.model) ?? 0) + 1);
      return;
    }
    let facts: ReturnType<typeof checkTask>;
    try {
      facts = checkTask(record);
    } catch (error) {
      // One record that breaks a check must not cost the rest of the log: it is reported by its line.
      this.records -= 1;
      return this.addInvalid(
        lineNumber,
        `cannot be checked: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    const tallies = this.talliesOf(record.model);
    tallyOf(tallies.byResolution, facts.resolution).add(facts);
    tallyOf(tallies.byTarget, record.target).add(facts);
    const taskId = record.task_id;
    for (const v of facts.violations) {
      this.violationCount += 1;
      if (this.violations.length < this.limit)
        this.violations.push({ ...v, line: lineNumber, model: record.model, target: record.target, taskId });
    }
    if (charged !== undefined) {
      this.charged += 1;
      this.billing.add(facts, charged, { line: lineNumber, taskId, target: record.target });
    }
  }

  private addInvalid(line: number, reason: string): void {
    this.invalidCount += 1;
    if (this.invalid.length < this.limit) this.invalid.push({ line, reason });
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
    };
  }

  /**
   * Adds what another collector counted on the part of the log that follows this one's: its line numbers are
   * shifted by the lines read so far. Counts stay exact; lists keep log order up to the list limit.
   */
  merge(state: CollectorState): void {
    const offset = this.lines;
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
