/** RFC 2119 level of a case. */
export type Level = 'MUST' | 'SHOULD' | 'MAY';

/** Every level, strictest first. */
export const LEVELS = ['MUST', 'SHOULD', 'MAY'] as const satisfies readonly Level[];

/**
 * How a case (or a step) ended: `fail` means the implementation broke the contract; `error` means the runner or
 * the transport broke (never reported as an implementation failure); `skip` always carries a reason.
 */
export type Outcome = 'pass' | 'fail' | 'skip' | 'error' | 'timeout';

/** Every outcome, in report order. */
export const OUTCOMES = ['pass', 'fail', 'skip', 'error', 'timeout'] as const satisfies readonly Outcome[];

/** Counts of outcomes. */
export type OutcomeCounts = Record<Outcome, number>;
