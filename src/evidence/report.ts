import type { ModelId } from '../contract/models.js';
import type { TaskLogRecord } from '../contract/schemas/task-log.js';
import type { TaskFacts } from './check.js';
import type { Violation } from './check.js';
import type { ConflictingDuplicate } from './duplicates.js';
import type { UnsubmittedTask, LogPart } from './merge.js';
import type { PromotionVerdict } from './promotion.js';
import type { InvalidLine } from './record.js';
import type { BillingDiscrepancy, BillingState, BillingTotals } from './reconcile.js';
import type { CellEvidence, TallyData } from './stats.js';
import type { Rate } from './thresholds.js';
import type { TimeToResult, TimelineBucket, TimingState } from './timing.js';

/** Everything a collector has counted, to merge into another (see `EvidenceCollector.merge`): logs sharded per gateway node can be read apart and reported as one. */
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
  readonly fragmentLines: number;
  /** Lines held back until every log is read (fragments, and the records of tasks that have fragments). */
  readonly pending: readonly LogPart[];
  /** Time-to-result histograms and hourly counts. */
  readonly timing: TimingState;
}

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
  /**
   * The tasks (by `taskKey`) whose lines are held back to be merged, as a first pass over the logs finds them
   * (`heldTaskKeysOf`): those some log has a fragment of, and those more than one record tells of. When not given,
   * every record is held back until the report (memory then grows with the log).
   */
  readonly fragmentKeys?: ReadonlySet<string>;
  /** The name of the log read, given to every listed line when several logs are read together. */
  readonly file?: string;
  /** Called with each task judged (after merging), with its facts: for a table of tasks (`evidence export`). */
  readonly onTask?: (task: JudgedTask) => void;
}

/** One judged task: where its record is, the record (merged) and what the rules found. */
export interface JudgedTask {
  readonly file?: string;
  readonly line: number;
  readonly record: TaskLogRecord;
  readonly facts: TaskFacts;
}

/** A contract violation of one logged task, with where it is in the log. */
export interface LoggedViolation extends Violation {
  readonly file?: string;
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
  /** Fragments (lines of loggers that saw only some queries of a task) and how they merged. */
  readonly fragments: {
    readonly lines: number;
    /** Tasks whose lifecycle was merged from more than one line. */
    readonly mergedTasks: number;
    /** Fragment groups of tasks no log saw submitted: not counted as tasks. */
    readonly unsubmitted: { readonly count: number; readonly listed: readonly UnsubmittedTask[] };
  };
  /** The logs given that hold no byte (set by `analyzeLogs` when one is): an empty file is not a task log. */
  readonly emptyLogs?: readonly string[];
  /**
   * Records of a task another record already told of (same target and task id, in any log given): one task, counted
   * once. Those that agree merge into its lifecycle; those that disagree are listed with both lines.
   */
  readonly duplicates: {
    /** Records beyond the first of their task. */
    readonly records: number;
    /** Tasks more than one record tells of. */
    readonly tasks: number;
    /** Records that disagree with the one counted (left out of the counts): each with both lines. */
    readonly conflicting: { readonly count: number; readonly listed: readonly ConflictingDuplicate[] };
  };
  /** Submit to terminal status, exact from the logged times: per model and tier, and per target. */
  readonly timeToResult: {
    readonly byModel: readonly (TimeToResult & { readonly model: string; readonly tier: string })[];
    readonly byTarget: readonly (TimeToResult & { readonly target: string })[];
  };
  /** Tasks, successes and time to result per hour of submit (UTC). */
  readonly timeline: readonly TimelineBucket[];
}
