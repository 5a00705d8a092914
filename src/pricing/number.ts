import { PricingError } from './errors.js';

/** An exact non-negative decimal: `units / 10^scale`. */
export interface Decimal {
  readonly units: bigint;
  readonly scale: number;
}

/** What a number read from text stands for, for {@link parseNumberText} and its message. */
export interface NumberRule {
  /** Where the text came from: `duration`, `--max-cost`, `charged.amount`. */
  readonly what: string;
  /** What the number is, after "must be": `a number of seconds`, `an amount in CNY`, `a whole number`. */
  readonly kind: string;
  /** One or two valid examples: `5 or 18.13`. */
  readonly example: string;
  /** The most decimals allowed (default: any). */
  readonly maxDecimals?: number;
}

const DECIMAL_TEXT = /^(\d+)(?:\.(\d+))?$/;

/**
 * The package's one number parser, for every duration, price, budget and rate that arrives as text (flags, YAML,
 * task logs, registry data): digits, optionally a point and more digits. No sign, exponent, spaces, separators,
 * hex or bare point. Returns the exact value; throws a {@link PricingError} `invalid-number` with one message.
 * @example parseNumberText('12.50', { what: '--max-cost', kind: 'an amount in CNY', example: '5 or 12.50' })
 */
export function parseNumberText(text: unknown, rule: NumberRule): Decimal {
  const match = typeof text === 'string' ? DECIMAL_TEXT.exec(text) : null;
  const decimals = match?.[2]?.length ?? 0;
  if (!match || (rule.maxDecimals !== undefined && decimals > rule.maxDecimals)) {
    const places =
      rule.maxDecimals === undefined
        ? 'an optional decimal point'
        : rule.maxDecimals === 0
          ? 'no decimal point'
          : `at most ${rule.maxDecimals} decimals`;
    throw new PricingError(
      'invalid-number',
      rule.what,
      `${rule.what} must be ${rule.kind} written as digits with ${places}, such as ${rule.example}, received ${describe(text)}`,
      rule.kind,
      text,
    );
  }
  return { units: BigInt(`${match[1]}${match[2] ?? ''}`), scale: decimals };
}

/** A received value as a person reads it: strings quoted, numbers as JavaScript prints them (`NaN`, `1e-7`). */
export function describe(value: unknown): string {
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  if (value === undefined) return 'nothing';
  return JSON.stringify(value) ?? String(value);
}

/**
 * Exact decimal text of a JSON number: its shortest round-trip form written out without an exponent (`18.13`, `5`,
 * `1e-7` → `0.0000001`), or undefined for a number that is negative or not finite: such a value is refused, not guessed.
 */
export function numberText(value: number): string | undefined {
  if (!Number.isFinite(value) || value < 0) return undefined;
  const text = String(value);
  const match = /^(\d+)(?:\.(\d+))?e([+-]\d+)$/.exec(text);
  if (!match) return text;
  const digits = `${match[1]}${match[2] ?? ''}`;
  const point = match[1]!.length + Number(match[3]);
  if (point <= 0) return `0.${'0'.repeat(-point)}${digits}`;
  if (point >= digits.length) return digits + '0'.repeat(point - digits.length);
  return `${digits.slice(0, point)}.${digits.slice(point)}`;
}

/** The same value at a larger scale. */
export function rescale(value: Decimal, scale: number): bigint {
  return value.units * 10n ** BigInt(Math.max(0, scale - value.scale));
}

/** Exact comparison: negative, zero or positive. */
export function compareDecimal(a: Decimal, b: Decimal): number {
  const scale = Math.max(a.scale, b.scale);
  const x = rescale(a, scale);
  const y = rescale(b, scale);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Exact sum. */
export function addDecimal(a: Decimal, b: Decimal): Decimal {
  const scale = Math.max(a.scale, b.scale);
  return { units: rescale(a, scale) + rescale(b, scale), scale };
}

/** Exact product. */
export function multiplyDecimal(a: Decimal, b: Decimal): Decimal {
  return { units: a.units * b.units, scale: a.scale + b.scale };
}
