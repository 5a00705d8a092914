import { MODELS, MODEL_IDS, isModelId, resolutionsOf, type ModelId } from '../contract/models.js';
import { REGIONS, REGION_IDS, isRegionId, modelsOfRegion, type Currency, type RegionId } from '../contract/regions.js';
import { AUDIO_VARIANTS, type AudioVariant } from '../contract/request-shapes.js';
import type { Resolution } from '../contract/resolutions.js';
import { listAlternatives, PricingError } from './errors.js';
import { describe, parseNumberText } from './number.js';
import { PRICE_SCALE } from './money.js';

/** A tier's price in an overlay: one decimal string, or one per audio variant for a model with an audio switch. */
export type OverlayPrice = string | { readonly audio: string; readonly silent: string };

/**
 * A price overlay: an operator's own prices for one region, shaped like a region of `spec/registry.json`, with a
 * price per audio variant where `parameters.audio` changes it (spec/price-overlay.schema.json).
 * @example { region: 'cn-beijing', currency: 'CNY', prices: { [model]: { '720P': '0.60', '1080P': '1.00' } } }
 */
export interface PriceOverlay {
  readonly region: RegionId;
  readonly currency: Currency;
  readonly prices: Readonly<Partial<Record<ModelId, Readonly<Partial<Record<Resolution, OverlayPrice>>>>>>;
}

const fail = (path: string, message: string, expected?: string, received?: unknown): never => {
  throw new PricingError('invalid-overlay', path, `price overlay: ${message}`, expected, received);
};

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function decimalPrice(value: unknown, path: string): string {
  if (typeof value !== 'string')
    fail(
      path,
      `${path} must be a decimal string such as "0.60" (a JSON number is a binary float), received ${describe(value)}`,
      'a decimal string',
      value,
    );
  try {
    parseNumberText(value, { what: path, kind: 'a price per second', example: '"0.60"', maxDecimals: PRICE_SCALE });
  } catch (error) {
    if (error instanceof PricingError) fail(path, error.message, 'a decimal string', value);
    throw error;
  }
  return value as string;
}

function tierPrice(model: ModelId, tier: string, value: unknown, path: string): OverlayPrice {
  if (MODELS[model].audio !== 'switchable') return decimalPrice(value, path);
  if (!isObject(value))
    return fail(
      path,
      `${model} prices sound and silent video differently: ${path} must be {"audio": "…", "silent": "…"}, received ${describe(value)}`,
      '{ audio, silent }',
      value,
    );
  const extra = Object.keys(value).filter((k) => !(AUDIO_VARIANTS as readonly string[]).includes(k));
  if (extra.length > 0)
    fail(`${path}.${extra[0]}`, `${path} takes only audio and silent, received ${extra.join(', ')}`);
  return { audio: decimalPrice(value.audio, `${path}.audio`), silent: decimalPrice(value.silent, `${path}.silent`) };
}

/**
 * Checks an overlay read from JSON: a known region and its currency, models the region offers, tiers each model
 * renders, prices as decimal strings (audio and silent for a model with an audio switch). Throws a
 * {@link PricingError} `invalid-overlay` naming what was expected and what arrived.
 */
export function parsePriceOverlay(json: unknown): PriceOverlay {
  if (!isObject(json)) return fail('', `must be a JSON object, received ${describe(json)}`, 'an object', json);
  const unknownKeys = Object.keys(json).filter((k) => !['region', 'currency', 'prices', '$schema'].includes(k));
  if (unknownKeys.length > 0)
    fail(unknownKeys[0]!, `unknown field ${unknownKeys.join(', ')}; expected region, currency, prices`);
  const region = json.region;
  if (!isRegionId(region))
    return fail(
      'region',
      `region must be ${listAlternatives(REGION_IDS)}, received ${describe(region)}`,
      REGION_IDS.join(', '),
      region,
    );
  const currency = REGIONS[region].currency;
  if (json.currency !== currency)
    fail(
      'currency',
      `${region} bills in ${currency}, received currency ${describe(json.currency)}`,
      currency,
      json.currency,
    );
  if (!isObject(json.prices))
    return fail('prices', `prices must be an object of models, received ${describe(json.prices)}`);
  const offered = modelsOfRegion(region);
  const prices: Record<string, Record<string, OverlayPrice>> = {};
  for (const [model, tiers] of Object.entries(json.prices)) {
    const at = `prices.${model}`;
    if (!isModelId(model))
      fail(
        at,
        `unknown model ${describe(model)}; expected one of ${listAlternatives(MODEL_IDS)}`,
        MODEL_IDS.join(', '),
        model,
      );
    if (!(offered as string[]).includes(model))
      fail(
        at,
        `${model} is not offered in ${region}; it offers ${listAlternatives(offered)}`,
        offered.join(', '),
        model,
      );
    if (!isObject(tiers)) fail(at, `${at} must be an object of tiers, received ${describe(tiers)}`);
    const allowed: string[] = resolutionsOf(model as ModelId);
    const row: Record<string, OverlayPrice> = {};
    for (const [tier, value] of Object.entries(tiers as Record<string, unknown>)) {
      if (!allowed.includes(tier))
        fail(
          `${at}.${tier}`,
          `${model} has no tier ${describe(tier)}; expected ${listAlternatives(allowed)}`,
          allowed.join(', '),
          tier,
        );
      row[tier] = tierPrice(model as ModelId, tier, value, `${at}.${tier}`);
    }
    prices[model] = row;
  }
  return { region, currency, prices } as PriceOverlay;
}

/**
 * Parses the text of an overlay file (JSON): one overlay, or an array of overlays (one per region), each checked by
 * {@link parsePriceOverlay}.
 */
export function readPriceOverlays(text: string, name = 'the price overlay'): PriceOverlay[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    return fail('', `${name} is not JSON: ${cause instanceof Error ? cause.message : String(cause)}`);
  }
  if (!Array.isArray(json)) return [parsePriceOverlay(json)];
  return json.map((item, i) => {
    try {
      return parsePriceOverlay(item);
    } catch (error) {
      if (error instanceof PricingError) fail(`[${i}]`, `[${i}]: ${error.message.replace(/^price overlay: /, '')}`);
      throw error;
    }
  });
}

/** Parses the text of an overlay file holding one overlay (JSON) and checks it ({@link parsePriceOverlay}). */
export function readPriceOverlay(text: string, name = 'the price overlay'): PriceOverlay {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    return fail('', `${name} is not JSON: ${cause instanceof Error ? cause.message : String(cause)}`);
  }
  return parsePriceOverlay(json);
}

let installed: readonly PriceOverlay[] = [];
let generation = 0;

/**
 * Makes overlays the prices of every quote and bill in this process (`--prices FILE` on the CLI), in addition to
 * any given per call; an overlay's price wins over the registry's for its region. Call with `[]` to remove them.
 */
export function usePriceOverlays(overlays: readonly PriceOverlay[]): void {
  installed = overlays.map((o) => parsePriceOverlay(o));
  generation++;
}

/** The installed overlays and a counter that changes with them (for caches). */
export function installedOverlays(): { readonly overlays: readonly PriceOverlay[]; readonly generation: number } {
  return { overlays: installed, generation };
}

/** The overlay price of a model at a tier and audio variant in a region, or undefined when no overlay names it. */
export function overlayPriceOf(
  overlays: readonly PriceOverlay[],
  region: RegionId,
  model: ModelId,
  tier: string,
  variant: AudioVariant,
): string | undefined {
  for (const overlay of [...overlays].reverse()) {
    if (overlay.region !== region) continue;
    const price = (overlay.prices[model] as Record<string, OverlayPrice> | undefined)?.[tier];
    if (price !== undefined) return typeof price === 'string' ? price : price[variant];
  }
  return undefined;
}

/** Whether some overlay prices a model in a region. */
export function overlayNames(overlays: readonly PriceOverlay[], region: RegionId, model: ModelId): boolean {
  return overlays.some((o) => o.region === region && o.prices[model] !== undefined);
}
