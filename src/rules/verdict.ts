import type { ModelId } from '../contract/models.js';
import type { ProfileId } from '../contract/profiles.js';
import type { Outcome } from './outcome.js';
import type { VideoProbe } from './video.js';

/** What an `expect` step may look at. */
export interface JudgeContext {
  readonly profile: ProfileId;
  readonly model: ModelId | null;
  /** The submit request of the shared task (for usage checks). */
  readonly request?: Record<string, unknown> | undefined;
  /** The submit answer's task id (for task_id stability). */
  readonly taskId?: string | undefined;
  /** The final status seen before the re-poll. */
  readonly finalStatus?: string | undefined;
  /** How the shared task's polling ended. */
  readonly taskEnd?: TaskEnd | undefined;
  /** First bytes of a downloaded body. */
  readonly downloadHead?: Uint8Array | undefined;
  /** What reading the task's video header found (`delivered` checks). */
  readonly video?: VideoProbe | undefined;
  /** When the task's 24 h retention lapses at the earliest (contract/retention.ts); UNKNOWN after it is no change. */
  readonly retentionEndsAt?: number | undefined;
}

/** How polling a task ended. */
export type TaskEnd =
  | { readonly kind: 'finished'; readonly status: string }
  | { readonly kind: 'timeout'; readonly message: string }
  | { readonly kind: 'contract'; readonly message: string }
  | { readonly kind: 'error'; readonly message: string }
  | { readonly kind: 'not-created'; readonly message: string };

/** A verdict: pass, or what went wrong. */
export interface Verdict {
  readonly outcome: Outcome;
  readonly message?: string;
}

/**
 * The verdict of a check that needed a price and could not get one. A model without a published price (and no
 * overlay for it) makes the check unverifiable: a skip naming why, never a failure blamed on the implementation.
 * Any other pricing error (a usage the price table cannot read, an unknown status) is the implementation's.
 */
export function pricingVerdict(
  error: { readonly code: string; readonly message: string },
  at: string,
): { readonly outcome: 'skip' | 'fail'; readonly message: string } {
  return error.code === 'unpriced'
    ? { outcome: 'skip', message: `${at}: not verifiable: ${error.message}` }
    : { outcome: 'fail', message: `${at}: ${error.message}` };
}
