import type { ProfileId } from '../../contract/profiles.js';
import type { Exchange } from '../../client/exchange.js';
import type { Coverage } from '../../coverage/coverage.js';
import type { Level, OutcomeCounts } from '../../rules/outcome.js';
import type { CaseResult } from '../execute/result.js';
import type { CostEstimate, Plan } from '../plan/types.js';

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
