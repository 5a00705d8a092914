/**
 * Codes of the pricing errors: every way a price or a bill can fail, so that callers branch on a code, never on
 * message text.
 */
export type PricingErrorCode =
  | 'unknown-model'
  | 'unknown-profile'
  | 'unknown-region'
  | 'not-offered'
  | 'unpriced'
  | 'invalid-overlay'
  | 'unsupported-resolution'
  | 'invalid-duration'
  | 'invalid-number'
  | 'unknown-status'
  | 'missing-usage'
  | 'malformed-usage'
  | 'zero-usage';

/** A typed pricing error: a code, the field, and a message that names what was expected and what arrived. */
export class PricingError extends Error {
  override readonly name = 'PricingError';
  constructor(
    readonly code: PricingErrorCode,
    readonly path: string,
    message: string,
    readonly expected?: string,
    readonly received?: unknown,
  ) {
    super(message);
  }
}

/** Codes of what a bill assumed or noticed without failing. */
export type PricingWarningCode = 'no-usage-seconds' | 'resolution-mismatch' | 'seconds-disagree';

/** Something a bill assumed or noticed: a code and a sentence. */
export interface PricingWarning {
  readonly code: PricingWarningCode;
  readonly message: string;
}

/** "480P or 1080P", "480P, 720P or 1080P", "5": the allowed values as a person reads them. */
export function listAlternatives(values: readonly (string | number)[]): string {
  const texts = values.map(String);
  if (texts.length <= 1) return texts.join('');
  return `${texts.slice(0, -1).join(', ')} or ${texts[texts.length - 1]}`;
}
