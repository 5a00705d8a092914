import type { ModelId } from '../../contract/models.js';
import type { ProfileId } from '../../contract/profiles.js';
import type { Resolution } from '../../contract/resolutions.js';
import type { Level } from '../../rules/outcome.js';

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
