/** Why a run stopped sending: its total deadline passed, or the target never answered. */
export type RunAbortKind = 'deadline' | 'unreachable';

/** The reason a run aborts its signal with: typed, so no one has to read the message to know the cause. */
export class RunAbort extends Error {
  override readonly name = 'RunAbort';
  constructor(
    readonly kind: RunAbortKind,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Why a run's signal aborted: its total deadline, a target that never answered, or the caller's own signal
 * (`cancelled`); undefined while it has not.
 */
export function abortCause(signal: AbortSignal): RunAbortKind | 'cancelled' | undefined {
  if (!signal.aborted) return undefined;
  return signal.reason instanceof RunAbort ? signal.reason.kind : 'cancelled';
}
