import type { ModelId } from '../../contract/models.js';
import type { Resolution } from '../../contract/resolutions.js';
import type { Level, Outcome } from '../../rules/outcome.js';

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
