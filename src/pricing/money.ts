/**
 * Exact decimal arithmetic for money and seconds: values are scaled bigints, never binary floats.
 * Prices are kept in 1/10000 CNY, seconds in 1/1000 s; amounts are rounded to the fen (0.01 CNY) once,
 * by {@link roundHalfUp}.
 */

/** Scale of unit prices: 1/10000 CNY. */
export const PRICE_SCALE = 4;
/** Scale of billed seconds: 1/1000 s. */
export const SECONDS_SCALE = 3;
/** Scale of amounts: the fen, 1/100 CNY. */
export const AMOUNT_SCALE = 2;

const DECIMAL = /^(\d+)(?:\.(\d+))?$/;

/** Parses a non-negative decimal string at a scale; throws RangeError when it has more digits than the scale. */
export function parseDecimal(text: string, scale: number): bigint {
  const match = DECIMAL.exec(text);
  if (!match) throw new RangeError(`expected a non-negative decimal number, received ${JSON.stringify(text)}`);
  const [, whole = '0', fraction = ''] = match;
  const trimmed = fraction.replace(/0+$/, '');
  if (trimmed.length > scale)
    throw new RangeError(`expected at most ${scale} decimal places, received ${JSON.stringify(text)}`);
  return BigInt(whole + trimmed.padEnd(scale, '0'));
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

/**
 * Exact decimal text of a JSON number of seconds, as its shortest round-trip form (`18.13`, `5`).
 * Returns undefined for a number that is negative, not finite, or needs an exponent.
 */
export function secondsText(value: number): string | undefined {
  if (!Number.isFinite(value) || value < 0) return undefined;
  const text = String(value);
  return DECIMAL.test(text) ? text : undefined;
}
