import type { ModelId } from '../../contract/models.js';
import type { ProfileId } from '../../contract/profiles.js';
import type { Resolution } from '../../contract/resolutions.js';
import type { Exchange } from '../../client/exchange.js';
import type { Coverage } from '../../coverage/coverage.js';
import type { Level, Outcome, OutcomeCounts } from '../../rules/outcome.js';

/**
 * What a run proved, as one word:
 * - `pass`: at least one case passed, no MUST case failed, timed out or errored, and every selected MUST case
 *   got a result (none skipped for lack of one);
 * - `fail`: a MUST case failed or timed out (and is not an expected failure);
 * - `unproven`: nothing failed, but MUST cases were skipped for lack of a result (a task that did not succeed,
 *   an answer that never came), or no case passed at all;
 * - `empty`: the selection (models, resolutions, level, profile) matches no case;
 * - `error`: the runner or the transport left cases unjudged;
 * - `aborted`: the run stopped before judging (dry run, over budget, unreachable, deadline, runner error).
 */
export type VerdictStatus = 'pass' | 'fail' | 'unproven' | 'empty' | 'error' | 'aborted';

/** The verdict of a run; `pass` is true only when the run proved what it selected. See CONFORMANCE.md. */
export interface RunVerdict {
  readonly pass: boolean;
  readonly status: VerdictStatus;
  /** Why the run is not a pass, one sentence each (empty for a pass). */
  readonly reasons: readonly string[];
  /** MUST results skipped for lack of a result, as `case-id [model]`. */
  readonly unproven: readonly string[];
}

/** Where a case points in the contract: an operation of the generated OpenAPI document and a response status. */
export interface ContractRef {
  readonly operationId: string;
  readonly status: string;
}

/** One judged step of a case. */
export interface StepResult {
  readonly index: number;
  /** The step kind (`use`, `send`, `expect`, `require`) and a short label of what it checked. */
  readonly kind: string;
  readonly label: string;
  readonly outcome: Outcome;
  /** Why it failed, was skipped, errored or timed out: what was expected and what arrived. */
  readonly message?: string;
  /** Sequence numbers of the exchanges this step looked at (see {@link ConformanceReport.exchanges}). */
  readonly exchanges: readonly number[];
}

/** The result of one case for one model (or for the whole target, when `model` is null). */
export interface CaseResult {
  readonly caseId: string;
  readonly description: string;
  readonly level: Level;
  readonly ref: ContractRef;
  readonly model: ModelId | null;
  readonly resolution: Resolution | null;
  readonly outcome: Outcome;
  /** First failing step's message, or the skip reason. */
  readonly reason?: string;
  /** True when the expected-failures file lists this case (and model), so the failure is known, not new. */
  readonly expectedFailure?: boolean;
  readonly durationMs: number;
  /** When the case began, in ms after the run started (absent for a case skipped before the run). */
  readonly offsetMs?: number;
  readonly steps: readonly StepResult[];
}

/** One task the plan will create, priced before anything is sent. */
export interface PlannedTask {
  /** The case that submits it (`task` for the shared task of a model and resolution). */
  readonly caseId: string;
  readonly model: ModelId;
  readonly resolution: Resolution;
  /** Billed seconds used for the estimate (the upper bound for audio-driven models). */
  readonly seconds: string;
  /** Estimated amount in CNY, exact decimal. */
  readonly amount: string;
  readonly amountMinor: number;
}

/** What the run will do, decided before the first request. */
export interface Plan {
  readonly profile: ProfileId;
  readonly levels: readonly Level[];
  readonly smoke: boolean;
  readonly models: readonly ModelId[];
  readonly resolutions: readonly { readonly model: ModelId; readonly resolution: Resolution }[];
  readonly cases: readonly {
    readonly id: string;
    readonly level: Level;
    readonly scope: 'task' | 'model' | 'target';
  }[];
  /** Case runs planned (case × model × resolution), before skips. */
  readonly runs: number;
  readonly tasks: readonly PlannedTask[];
}

/** The plan's cost, from the registry's prices, before anything is sent. */
export interface CostEstimate {
  readonly currency: 'CNY';
  /** Sum of the billable tasks the plan creates if every one succeeds, exact decimal. */
  readonly amount: string;
  readonly amountMinor: number;
  /** The budget the run was allowed (`--max-cost`), or null for the embedded mock (free). */
  readonly maxCost: string | null;
  readonly billable: boolean;
  readonly withinBudget: boolean;
}

/** The report of one conformance run: what `--json` writes and `wan-contract matrix` reads. */
export interface ConformanceReport {
  readonly reportVersion: 1;
  readonly runner: { readonly name: string; readonly version: string };
  /** The contract version (`info.version` of the generated OpenAPI documents) and the profile checked. */
  readonly contract: { readonly version: string; readonly profile: ProfileId };
  /** The implementation under test: a base URL, or `embedded-mock`. */
  readonly target: { readonly kind: 'url' | 'embedded-mock'; readonly baseUrl: string; readonly label: string };
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly durationMs: number;
  /** True when the run stopped before sending anything (over budget, dry run). */
  readonly sentNothing: boolean;
  /** Why the run stopped early or could not be carried out, if it did. */
  readonly aborted?: {
    readonly reason: 'over-budget' | 'dry-run' | 'unreachable' | 'runner-error' | 'deadline' | 'cancelled';
    readonly message: string;
  };
  readonly plan: Plan;
  readonly estimate: CostEstimate;
  readonly results: readonly CaseResult[];
  /** Whether the run counts as a pass, and why not (see `verdictOf` and CONFORMANCE.md, "When a run passes"). */
  readonly verdict: RunVerdict;
  /**
   * What the run covered of the contract, per axis, beside what its plan could reach (see `coverageOfReport`);
   * absent from reports written before it existed.
   */
  readonly coverage?: Coverage;
  /** Every exchange of the run, redacted, in order; steps refer to them by `seq`. */
  readonly exchanges: readonly Exchange[];
  readonly summary: {
    readonly total: OutcomeCounts;
    readonly byLevel: Record<Level, OutcomeCounts>;
    /** MUST results that failed, errored or timed out and are not expected failures. */
    readonly mustFailures: number;
    /** Failures listed in the expected-failures file. */
    readonly expectedFailures: number;
    /** Entries of the expected-failures file that passed (the target got fixed). */
    readonly unexpectedPasses: readonly string[];
    /** Entries of the expected-failures file that match no case run (a typo, or a case not selected). */
    readonly unmatchedExpected: readonly string[];
    /** Requests sent, and tasks created. */
    readonly requests: number;
    readonly tasks: number;
  };
}
