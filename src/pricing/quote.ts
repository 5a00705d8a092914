import { MODELS, isModelId, resolutionsOf, MODEL_IDS, type ModelId } from '../contract/models.js';
import type { Resolution } from '../contract/resolutions.js';
import { PricingError, listAlternatives } from './errors.js';
import {
  AMOUNT_SCALE,
  PRICE_SCALE,
  SECONDS_SCALE,
  formatDecimal,
  parseDecimal,
  roundHalfUp,
  secondsText,
  trimDecimal,
} from './money.js';

/** What a task costs: exact decimal strings, plus the amount in integer fen. */
export interface Quote {
  readonly model: ModelId;
  readonly resolution: Resolution;
  /** CNY per second, as the price table writes it: `0.70`. */
  readonly unitPrice: string;
  /** Billed seconds, exact: `5`, `18.13`. */
  readonly seconds: string;
  /** Amount in CNY rounded to the fen by the one rounding rule: `3.50`. */
  readonly amount: string;
  /** The amount in fen (1/100 CNY), an integer: 350. */
  readonly amountMinor: number;
  /** The product before rounding, in 1/10,000,000 CNY as a decimal string: `3.5000000`. */
  readonly exactAmount: string;
  readonly currency: 'CNY';
}

/** What to price: a model, a resolution (default: the model's), and seconds (default: the model's). */
export interface QuoteInput {
  readonly model: string;
  readonly resolution?: string | undefined;
  readonly duration?: number | string | undefined;
}

// Quotes by model, then resolution, then duration: a few hundred entries at most for valid input.
const cache = new Map<string, Map<unknown, Map<unknown, Quote>>>();
const CACHE_LIMIT = 4096;
let cached = 0;

/** The unit price of a model at a resolution, or a typed error naming the allowed values. */
export function unitPriceOf(
  model: string,
  resolution: string | undefined,
): { model: ModelId; resolution: Resolution; unitPrice: string } {
  if (!isModelId(model)) {
    throw new PricingError(
      'unknown-model',
      'model',
      `model must be one of ${listAlternatives(MODEL_IDS)}, received ${JSON.stringify(model)}`,
      MODEL_IDS.join(', '),
      model,
    );
  }
  const prices: Partial<Record<string, string>> = MODELS[model].prices;
  const tier = resolution ?? MODELS[model].defaultResolution;
  const unitPrice = Object.hasOwn(prices, tier) ? prices[tier] : undefined;
  if (unitPrice === undefined) {
    const allowed = resolutionsOf(model);
    throw new PricingError(
      'unsupported-resolution',
      'parameters.resolution',
      `${model}: resolution must be ${listAlternatives(allowed)}, received ${JSON.stringify(tier)}`,
      allowed.join(', '),
      tier,
    );
  }
  return { model, resolution: tier as Resolution, unitPrice };
}

/** Prices exact seconds at a unit price, rounding once to the fen. */
export function priceSeconds(model: ModelId, resolution: Resolution, unitPrice: string, seconds: string): Quote {
  const exact = parseDecimal(unitPrice, PRICE_SCALE) * parseDecimal(seconds, SECONDS_SCALE);
  const minor = roundHalfUp(exact, PRICE_SCALE + SECONDS_SCALE, AMOUNT_SCALE);
  return {
    model,
    resolution,
    unitPrice,
    seconds: trimDecimal(formatDecimal(parseDecimal(seconds, SECONDS_SCALE), SECONDS_SCALE)),
    amount: formatDecimal(minor, AMOUNT_SCALE),
    amountMinor: Number(minor),
    exactAmount: formatDecimal(exact, PRICE_SCALE + SECONDS_SCALE),
    currency: 'CNY',
  };
}

function durationText(model: ModelId, duration: number | string | undefined): string {
  const rule = MODELS[model].duration;
  if (rule.mode === 'fixed') {
    const value = duration ?? rule.default;
    if (!rule.allowed.some((allowed) => allowed === Number(value) && String(value).trim() !== '')) {
      throw new PricingError(
        'invalid-duration',
        'parameters.duration',
        `${model}: duration must be ${listAlternatives(rule.allowed)}, received ${JSON.stringify(value)}`,
        rule.allowed.join(', '),
        value,
      );
    }
    return String(Number(value));
  }
  // The video follows the audio: the seconds must be given, fractional allowed, under the limit.
  const text = typeof duration === 'number' ? secondsText(duration) : duration;
  const expected = `seconds greater than 0 and under ${rule.maxExclusive}, with at most ${SECONDS_SCALE} decimals`;
  let scaled: bigint | undefined;
  try {
    scaled = text === undefined ? undefined : parseDecimal(text, SECONDS_SCALE);
  } catch {
    scaled = undefined;
  }
  if (scaled === undefined || scaled <= 0n || scaled >= BigInt(rule.maxExclusive) * 10n ** BigInt(SECONDS_SCALE)) {
    throw new PricingError(
      'invalid-duration',
      'parameters.duration',
      `${model}: duration must be ${expected}, received ${JSON.stringify(duration ?? null)}`,
      expected,
      duration,
    );
  }
  return text as string;
}

/**
 * Prices a task before it runs.
 * @example quote({ model: 'wan2.2-t2v-plus', resolution: '1080P', duration: 5 }).amount // '3.50'
 */
export function quote(input: QuoteInput): Quote {
  const hit = cache.get(input.model)?.get(input.resolution)?.get(input.duration);
  if (hit) return hit;
  const { model, resolution, unitPrice } = unitPriceOf(input.model, input.resolution);
  const result = Object.freeze(priceSeconds(model, resolution, unitPrice, durationText(model, input.duration)));
  if (cached < CACHE_LIMIT) {
    let byResolution = cache.get(input.model);
    if (!byResolution) cache.set(input.model, (byResolution = new Map()));
    let byDuration = byResolution.get(input.resolution);
    if (!byDuration) byResolution.set(input.resolution, (byDuration = new Map()));
    byDuration.set(input.duration, result);
    cached++;
  }
  return result;
}
