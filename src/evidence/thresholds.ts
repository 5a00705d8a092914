import { PricingError } from '../pricing/errors.js';
import { trimScale } from '../pricing/money.js';
import { parseNumberText, type Decimal } from '../pricing/number.js';

/**
 * The bar a Beta model's evidence must clear. Defaults: 20 successes at every resolution the model lists
 * (enough that each tier has run more than a handful of times on real traffic), a success rate of at least
 * 0.95 over accepted tasks, and zero contract violations.
 */
export const DEFAULT_MIN_SUCCESSES = 20;
/** Default minimum success rate, as an exact decimal string. */
export const DEFAULT_MIN_SUCCESS_RATE = '0.95';

/** A rate between 0 and 1 as an exact fraction `numerator / 10^scale`, never a binary float. */
export interface Rate {
  readonly text: string;
  readonly numerator: bigint;
  readonly scale: number;
}

/** A rate argument that is not a decimal between 0 and 1. */
export class RateError extends Error {
  override readonly name = 'RateError';
}

/**
 * Parses a rate written as a decimal between 0 and 1 (`0.95`, `1`), exactly, with the package's one number parser.
 * @example parseRate('0.95') // { text: '0.95', numerator: 95n, scale: 2 }
 */
export function parseRate(text: string, what = 'minSuccessRate'): Rate {
  let value: Decimal;
  try {
    value = trimScale(parseNumberText(text, { what, kind: 'a rate from 0 to 1', example: '0.95' }));
  } catch (error) {
    if (error instanceof PricingError) throw new RateError(error.message);
    throw error;
  }
  if (value.units > 10n ** BigInt(value.scale))
    throw new RateError(`${what} must be a rate from 0 to 1, such as 0.95, received ${JSON.stringify(text)}`);
  return { text, numerator: value.units, scale: value.scale };
}

/** Whether `successes / attempts` is at least the rate, exactly (no attempts: never). */
export function meetsRate(successes: number, attempts: number, rate: Rate): boolean {
  if (attempts === 0) return false;
  return BigInt(successes) * 10n ** BigInt(rate.scale) >= rate.numerator * BigInt(attempts);
}

/** `successes / attempts` as a decimal string of four places, rounded down (so it never overstates). */
export function formatRate(successes: number, attempts: number): string {
  if (attempts === 0) return 'n/a';
  const scaled = (BigInt(successes) * 10_000n) / BigInt(attempts);
  const text = scaled.toString().padStart(5, '0');
  return `${text.slice(0, -4)}.${text.slice(-4)}`.replace(/\.?0+$/, '') || '0';
}
