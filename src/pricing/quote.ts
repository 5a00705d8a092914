import {
  MODELS,
  isModelId,
  MODEL_IDS,
  resolutionsOf,
  type DurationRule,
  type ModelId,
  type ResolutionOf,
} from '../contract/models.js';
import type { DurationOf } from '../contract/schemas/submit.js';
import {
  DEFAULT_REGION,
  REGIONS,
  REGION_IDS,
  isRegionId,
  modelsOfRegion,
  regionPricesOf,
  type Currency,
  type RegionId,
} from '../contract/regions.js';
import type { Resolution } from '../contract/resolutions.js';
import { PricingError, listAlternatives } from './errors.js';
import { installedOverlays, overlayNames, overlayPriceOf, type PriceOverlay } from './overlay.js';
import type { AudioVariant } from '../contract/request-shapes.js';
import { AMOUNT_SCALE, PRICE_SCALE, SECONDS_SCALE, formatDecimal, roundHalfUp, trimScale } from './money.js';
import { compareDecimal, numberText, parseNumberText, type Decimal } from './number.js';

/** Whether a quote is the exact price, or the most the task can cost (an audio-driven model before its audio is measured). */
export type QuoteBasis = 'exact' | 'upper-bound';

/** What a task costs: exact decimal strings, plus the amount in integer fen. */
export interface Quote {
  readonly model: ModelId;
  readonly resolution: Resolution;
  /** The region whose price table priced it (default `cn-beijing`). */
  readonly region: RegionId;
  /** Price per second in the region's currency, as its price table writes it: `0.70`. */
  readonly unitPrice: string;
  /** Billed seconds, exact: `5`, `18.13`, `18.1234`. */
  readonly seconds: string;
  /** Amount in the region's currency, rounded to the cent (fen) by the one rounding rule: `3.50`. */
  readonly amount: string;
  /** The amount in minor units (fen, cents), an integer: 350. */
  readonly amountMinor: number;
  /** The exact product before rounding, with at least 7 decimals: `3.5000000`, `9.0617000`. */
  readonly exactAmount: string;
  readonly currency: Currency;
  /** `exact`, or `upper-bound` when the seconds are the most the model can bill (s2v before its audio is known). */
  readonly basis: QuoteBasis;
  /** The audio variant priced, for a model whose price depends on `parameters.audio` (`audio` or `silent`). */
  readonly audio?: AudioVariant;
  /** Where the unit price came from: the official table (`registry`) or a price overlay (`overlay`). */
  readonly priceSource?: 'registry' | 'overlay';
}

/** What to price: a model, a resolution (default: the model's), seconds (default: the model's) and a region. */
export interface QuoteInput {
  readonly model: string;
  readonly resolution?: string | undefined;
  readonly duration?: number | string | undefined;
  /** The region whose price table applies (default `cn-beijing`, whose prices equal the page's). */
  readonly region?: string | undefined;
  /** `parameters.audio`: false prices a model with an audio switch (the flash models) as silent video. */
  readonly audio?: boolean | undefined;
  /** Price overlays for this quote, on top of the installed ones. */
  readonly prices?: readonly PriceOverlay[] | undefined;
}

// Quotes by model, then resolution, then duration: a few hundred entries at most for valid input.
const cache = new Map<string, Map<unknown, Map<unknown, Quote>>>();
const CACHE_LIMIT = 4096;
let cached = 0;

/** A region id, or a typed error naming the regions. */
export function regionOf(region: string | undefined): RegionId {
  const id = region ?? DEFAULT_REGION;
  if (!isRegionId(id))
    throw new PricingError(
      'unknown-region',
      'region',
      `region must be ${listAlternatives(REGION_IDS)}, received ${JSON.stringify(id)}`,
      REGION_IDS.join(', '),
      id,
    );
  return id;
}

/** What else picks a unit price: the audio switch of a flash model, and overlays given for this call. */
export interface PriceChoice {
  /** `parameters.audio` of the request: false prices a model with an audio switch as silent video. */
  readonly audio?: boolean | undefined;
  /** Price overlays for this call, on top of the installed ones ({@link usePriceOverlays}). */
  readonly prices?: readonly PriceOverlay[] | undefined;
}

/** A unit price and what it was chosen from. */
export interface UnitPrice {
  readonly model: ModelId;
  readonly resolution: Resolution;
  readonly unitPrice: string;
  readonly region: RegionId;
  readonly currency: Currency;
  /** The audio variant priced, for a model whose price depends on `parameters.audio`. */
  readonly audio?: AudioVariant;
  /** `registry` (the official table) or `overlay` (an operator's price overlay). */
  readonly priceSource: 'registry' | 'overlay';
}

function unpricedError(model: ModelId, regionId: RegionId, tier: string, overlaid: boolean): PricingError {
  const reason: string | null = MODELS[model].unpriced;
  const where = `${REGIONS[regionId].title} (${regionId})`;
  const message = overlaid
    ? `${model}: the price overlay for ${regionId} has no ${tier} price, and no official price is published`
    : reason === null
      ? `${model} has no confirmed price in ${where} yet; it is not priced rather than guessed`
      : `${model}: the price is not published in ${where}: ${reason}`;
  return new PricingError('unpriced', 'model', message, 'a model with a published price, or a price overlay', model);
}

/**
 * The unit price of a model at a resolution in a region: an overlay's price where one names it, else the official
 * table's; a typed error otherwise (`unpriced` when no price is published: never a guess).
 */
export function unitPriceOf(
  model: string,
  resolution: string | undefined,
  region: string | undefined = undefined,
  choice: PriceChoice = {},
): UnitPrice {
  if (!isModelId(model)) {
    throw new PricingError(
      'unknown-model',
      'model',
      `model must be one of ${listAlternatives(MODEL_IDS)}, received ${JSON.stringify(model)}`,
      MODEL_IDS.join(', '),
      model,
    );
  }
  // Without a region, the default one, or the first that offers the model (Virginia for the -us models).
  const home = REGION_IDS.find((r) => modelsOfRegion(r).includes(model)) ?? DEFAULT_REGION;
  const regionId = region === undefined && !modelsOfRegion(DEFAULT_REGION).includes(model) ? home : regionOf(region);
  const offered = modelsOfRegion(regionId);
  if (!offered.includes(model)) {
    throw new PricingError(
      'not-offered',
      'model',
      `${model} is not offered in ${REGIONS[regionId].title} (${regionId}); it offers ${listAlternatives(offered)}`,
      offered.join(', '),
      model,
    );
  }
  const tier = resolution ?? MODELS[model].defaultResolution;
  const allowed: string[] = resolutionsOf(model);
  if (!allowed.includes(tier)) {
    throw new PricingError(
      'unsupported-resolution',
      'parameters.resolution',
      `${model}: resolution must be ${listAlternatives(allowed)}, received ${JSON.stringify(tier)}`,
      allowed.join(', '),
      tier,
    );
  }
  const switchable = MODELS[model].audio === 'switchable';
  const variant: AudioVariant = switchable && choice.audio === false ? 'silent' : 'audio';
  const overlays = [...installedOverlays().overlays, ...(choice.prices ?? [])];
  const overlaid = overlayPriceOf(overlays, regionId, model, tier, variant);
  const table: Partial<Record<string, string>> = regionPricesOf(regionId, model) ?? {};
  const official = switchable || !Object.hasOwn(table, tier) ? undefined : table[tier];
  const unitPrice = overlaid ?? official;
  if (unitPrice === undefined) throw unpricedError(model, regionId, tier, overlayNames(overlays, regionId, model));
  return {
    model,
    resolution: tier as Resolution,
    unitPrice,
    region: regionId,
    currency: REGIONS[regionId].currency,
    ...(switchable ? { audio: variant } : {}),
    priceSource: overlaid === undefined ? 'registry' : 'overlay',
  };
}

/** {@link unitPriceOf}, or undefined when no price is published (and no overlay names one): never a guess. */
export function unitPriceOrNone(model: ModelId, resolution: string, region?: string): UnitPrice | undefined {
  try {
    return unitPriceOf(model, resolution, region);
  } catch (error) {
    if (error instanceof PricingError && error.code === 'unpriced') return undefined;
    throw error;
  }
}

const PRICE_RULE = { what: 'unit price', kind: 'a price per second', example: '0.70' } as const;
const MIN_EXACT_SCALE = PRICE_SCALE + SECONDS_SCALE;

/** Prices exact seconds at a unit price: the exact product, rounded once to the fen (see money.ts). */
export function priceSeconds(
  model: ModelId,
  resolution: Resolution,
  unitPrice: string,
  seconds: string | Decimal,
  basis: QuoteBasis = 'exact',
  region: RegionId = DEFAULT_REGION,
  from?: Pick<UnitPrice, 'audio' | 'priceSource'>,
): Quote {
  const price = parseNumberText(unitPrice, PRICE_RULE);
  const secs = trimScale(typeof seconds === 'string' ? parseNumberText(seconds, SECONDS_RULE) : seconds);
  const scale = price.scale + secs.scale;
  const exact = price.units * secs.units;
  const minor = roundHalfUp(exact, scale, AMOUNT_SCALE);
  const exactScale = Math.max(scale, MIN_EXACT_SCALE);
  return {
    model,
    resolution,
    region,
    unitPrice,
    seconds: formatDecimal(secs.units, secs.scale),
    amount: formatDecimal(minor, AMOUNT_SCALE),
    amountMinor: Number(minor),
    exactAmount: formatDecimal(exact * 10n ** BigInt(exactScale - scale), exactScale),
    currency: REGIONS[region].currency,
    basis,
    ...(from?.audio ? { audio: from.audio } : {}),
    ...(from?.priceSource ? { priceSource: from.priceSource } : {}),
  };
}

/** How seconds arrive as text: the one number parser's rule for durations. */
export const SECONDS_RULE = { what: 'duration', kind: 'a number of seconds', example: '5 or 18.13' } as const;

/** Exact seconds from a duration given as a JSON number or as text; the strict parser's error otherwise. */
export function secondsOf(duration: number | string, what = 'duration'): Decimal {
  const text = typeof duration === 'number' ? (numberText(duration) ?? duration) : duration;
  return parseNumberText(text, { ...SECONDS_RULE, what });
}

function rangeSeconds(
  model: ModelId,
  rule: Extract<DurationRule, { mode: 'range' }>,
  duration: number | string | undefined,
): Decimal {
  const value = duration ?? rule.default;
  const seconds = secondsOf(value);
  const whole = seconds.scale === 0 || seconds.units % 10n ** BigInt(seconds.scale) === 0n;
  const units = seconds.units / 10n ** BigInt(seconds.scale);
  if (!whole || units < BigInt(rule.min) || units > BigInt(rule.max)) {
    const expected = `a whole number of seconds from ${rule.min} to ${rule.max}`;
    throw new PricingError(
      'invalid-duration',
      'parameters.duration',
      `${model}: duration must be ${expected}, received ${JSON.stringify(value)}`,
      expected,
      value,
    );
  }
  return { units, scale: 0 };
}

function durationOf(model: ModelId, duration: number | string | undefined): Decimal {
  const rule: DurationRule = MODELS[model].duration;
  if (rule.mode === 'range') return rangeSeconds(model, rule, duration);
  if (rule.mode === 'fixed') {
    const value = duration ?? rule.default;
    const seconds = secondsOf(value);
    if (!rule.allowed.some((allowed) => compareDecimal(seconds, { units: BigInt(allowed), scale: 0 }) === 0)) {
      throw new PricingError(
        'invalid-duration',
        'parameters.duration',
        `${model}: duration must be ${listAlternatives(rule.allowed)}, received ${JSON.stringify(value)}`,
        rule.allowed.join(', '),
        value,
      );
    }
    return seconds;
  }
  // The video follows the audio: the seconds must be given, fractional allowed (any decimals), under the limit.
  const expected = `seconds greater than 0 and under ${rule.maxExclusive}`;
  const seconds = duration === undefined ? undefined : secondsOf(duration);
  if (
    seconds === undefined ||
    seconds.units === 0n ||
    compareDecimal(seconds, { units: BigInt(rule.maxExclusive), scale: 0 }) >= 0
  ) {
    throw new PricingError(
      'invalid-duration',
      'parameters.duration',
      `${model}: duration must be ${expected}, received ${JSON.stringify(duration ?? null)}`,
      expected,
      duration,
    );
  }
  return seconds;
}

/**
 * What to price, checked by the compiler: a registry model, one of its resolution tiers, one of its durations (any
 * seconds for a model whose video follows its audio) and a region. `{ model: 'wan9-nope' }`, 720P on
 * a model without that tier or a duration it does not allow do not compile; prices of text read at run time go through
 * {@link quoteAny}.
 */
export type TypedQuoteInput = {
  [M in ModelId]: {
    readonly model: M;
    readonly resolution?: ResolutionOf<M>;
    readonly duration?: DurationOf<M>;
    readonly region?: RegionId;
  };
}[ModelId];

/**
 * Prices a task before it runs, from an input the compiler has checked (see {@link TypedQuoteInput}).
 * @example quote({ model: MODEL_IDS[2], resolution: '1080P', duration: 5 }).amount // '3.50'
 */
export function quote(input: TypedQuoteInput): Quote {
  return quoteAny(input);
}

/**
 * Prices a task from input known only at run time (strings read from flags, files or requests): every field is
 * checked here, and a wrong one is a typed {@link PricingError} (`unknown-model`, `unsupported-resolution`,
 * `invalid-duration`, `invalid-number`, `unknown-region`, `not-offered`).
 * @example quoteAny({ model: process.argv[2] ?? '', duration: '5' }).amount
 */
export function quoteAny(input: QuoteInput): Quote {
  const key = `${installedOverlays().generation}|${String(input.audio)}|${String(input.region)}|${String(input.model)}`;
  const hit = input.prices ? undefined : cache.get(key)?.get(input.resolution)?.get(input.duration);
  if (hit) return hit;
  const price = unitPriceOf(input.model, input.resolution, input.region, input);
  const seconds = durationOf(price.model, input.duration);
  const result = Object.freeze(
    priceSeconds(price.model, price.resolution, price.unitPrice, seconds, 'exact', price.region, price),
  );
  if (!input.prices && cached < CACHE_LIMIT) {
    let byResolution = cache.get(key);
    if (!byResolution) cache.set(key, (byResolution = new Map()));
    let byDuration = byResolution.get(input.resolution);
    if (!byDuration) byResolution.set(input.resolution, (byDuration = new Map()));
    byDuration.set(input.duration, result);
    cached++;
  }
  return result;
}
