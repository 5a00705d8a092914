/**
 * Exact decimal arithmetic for money and seconds: values are scaled bigints, never binary floats.
 *
 * The one rounding rule: a bill multiplies the unit price by the seconds exactly, then rounds the product once,
 * half-up, to the fen (0.01 CNY) with {@link roundHalfUp}. Seconds are never rounded: seconds finer than a
 * millisecond (s2v's usage.duration `18.1234`) are billed exactly as reported, because the official formula is
 * "seconds of output × unit price" with the product unrounded (wan-s2v-api: 10.23 s × 0.071677 = 0.73325571).
 */
import { PricingError } from './errors.js';
import { parseNumberText, type Decimal } from './number.js';

/** The fewest decimals an exact amount is written with (`3.5000000`): price decimals plus millisecond seconds. */
export const PRICE_SCALE = 4;
/** Scale of the seconds the mock generates and the fewest decimals of billed seconds kept in exact amounts. */
export const SECONDS_SCALE = 3;
/** Scale of amounts: the fen, 1/100 CNY. */
export const AMOUNT_SCALE = 2;

/**
 * Parses a non-negative decimal string at a scale (the strict number parser, then the scale); throws a
 * {@link PricingError} `invalid-number` when it is not a decimal or has more digits than the scale.
 */
export function parseDecimal(text: string, scale: number, what = 'value'): bigint {
  const value = parseNumberText(text, { what, kind: 'a decimal number', example: '5 or 0.70' });
  const trimmed = trimScale(value);
  if (trimmed.scale > scale)
    throw new PricingError(
      'invalid-number',
      what,
      `${what} must have at most ${scale} decimal places, received ${JSON.stringify(text)}`,
      `at most ${scale} decimal places`,
      text,
    );
  return trimmed.units * 10n ** BigInt(scale - trimmed.scale);
}

/** The same value without trailing zeros in its fraction. */
export function trimScale(value: Decimal): Decimal {
  let { units, scale } = value;
  while (scale > 0 && units % 10n === 0n) {
    units /= 10n;
    scale -= 1;
  }
  return { units, scale };
}

/** Formats a scaled bigint as a decimal string with exactly `scale` decimal places. */
export function formatDecimal(value: bigint, scale: number): string {
  const negative = value < 0n;
  const digits = (negative ? -value : value).toString().padStart(scale + 1, '0');
  const text = scale === 0 ? digits : `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
  return negative ? `-${text}` : text;
}

/** Drops trailing zeros of the fraction: `18.130` → `18.13`, `5.000` → `5`. */
export function trimDecimal(text: string): string {
  return text.includes('.') ? text.replace(/\.?0+$/, '') : text;
}

/**
 * The package's one rounding rule: from `fromScale` to `toScale` digits, half away from zero
 * (0.005 CNY rounds up to 0.01). Used once per bill, after the exact product.
 */
export function roundHalfUp(value: bigint, fromScale: number, toScale: number): bigint {
  if (toScale >= fromScale) return value * 10n ** BigInt(toScale - fromScale);
  const divisor = 10n ** BigInt(fromScale - toScale);
  const sign = value < 0n ? -1n : 1n;
  const magnitude = value * sign;
  return sign * ((magnitude + divisor / 2n) / divisor);
}

export { numberText as secondsText } from './number.js';
