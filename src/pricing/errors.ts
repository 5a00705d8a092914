/** Codes of the pricing errors. */
export type PricingErrorCode = 'unknown-model' | 'unsupported-resolution' | 'invalid-duration' | 'missing-usage';

/** A typed pricing error: a code, the field, and a message that names the allowed values. */
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

/** "480P or 1080P", "480P, 720P or 1080P", "5": the allowed values as a person reads them. */
export function listAlternatives(values: readonly (string | number)[]): string {
  const texts = values.map(String);
  if (texts.length <= 1) return texts.join('');
  return `${texts.slice(0, -1).join(', ')} or ${texts[texts.length - 1]}`;
}
