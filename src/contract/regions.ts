import { MODELS, MODEL_IDS, type ModelId } from './models.js';
import { OFFICIAL_PRICES } from './price-source.js';
import type { Resolution } from './resolutions.js';

/** A currency a region bills in. */
export type Currency = 'CNY' | 'USD';

/** Unit prices per second, as exact decimal strings, per tier, of the models a region offers. */
export type RegionPrices = Readonly<Partial<Record<ModelId, Readonly<Partial<Record<Resolution, string>>>>>>;

/** One deployment region of the official service: its server, its currency, the models it offers and their prices. */
export interface RegionDefinition {
  readonly id: string;
  readonly title: string;
  /** The official API root of the region (dashscope profile). */
  readonly server: string;
  readonly currency: Currency;
  /** Prices exactly as the official page prints them, decimals included; a model missing here is not offered. */
  readonly prices: RegionPrices;
  readonly priceSource: { readonly url: string; readonly effectiveDate: string; readonly note?: string };
  /** Models the region may offer whose price is not confirmed yet: quoting them is refused, never guessed. */
  readonly unpriced: readonly ModelId[];
}

/** The registry's models that carry no official price (their `unpriced` reason says why). */
const UNPRICED_MODELS = MODEL_IDS.filter((id) => MODELS[id].unpriced !== null);

/** The unpriced models served in Beijing and Singapore: every wan2.6/wan2.7 model except the Virginia-only -us ones. */
const UNPRICED_BJ_SG = UNPRICED_MODELS.filter((id) => !id.endsWith('-us'));

/**
 * The regions. China (Beijing) bills in CNY at the registry's prices (the page's table equals the official one:
 * help.aliyun.com/zh/model-studio/model-pricing). Singapore bills in USD from its own table; kf2v and s2v are not
 * offered there (wan-s2v-api: "This document applies only to the China (Beijing) region").
 */
export const REGIONS = {
  'cn-beijing': {
    id: 'cn-beijing',
    title: 'China (Beijing)',
    server: 'https://dashscope.aliyuncs.com/api/v1',
    currency: 'CNY',
    prices: Object.fromEntries(
      MODEL_IDS.filter((id) => MODELS[id].unpriced === null).map((id) => [id, MODELS[id].prices]),
    ) as RegionPrices,
    priceSource: { url: OFFICIAL_PRICES.url, effectiveDate: '2026-11-24' },
    unpriced: UNPRICED_BJ_SG,
  },
  'ap-southeast-1': {
    id: 'ap-southeast-1',
    title: 'Singapore',
    server: 'https://dashscope-intl.aliyuncs.com/api/v1',
    currency: 'USD',
    prices: {
      'wan2.5-t2v-preview': { '480P': '0.05', '720P': '0.10', '1080P': '0.15' },
      'wan2.5-i2v-preview': { '480P': '0.05', '720P': '0.10', '1080P': '0.15' },
      'wan2.2-t2v-plus': { '480P': '0.02', '1080P': '0.10' },
      'wan2.2-i2v-plus': { '480P': '0.02', '1080P': '0.10' },
    },
    priceSource: {
      url: 'https://www.alibabacloud.com/help/en/model-studio/model-pricing',
      effectiveDate: '2026-12-01',
      note: 'Singapore (International) rows of the official English pricing page as read for this package; no stored copy of the page was at hand to re-check them, so confirm before billing on them. wan2.2-i2v-flash is left out until its Singapore row is confirmed.',
    },
    unpriced: [MODEL_IDS.find((id) => id === 'wan2.2-i2v-flash')!, ...UNPRICED_BJ_SG],
  },
  // Rate-limit page (S9) and overview (S10): the "美国" (US) deployment serves the -us models from its own host.
  'us-east-1': {
    id: 'us-east-1',
    title: 'US (Virginia)',
    server: 'https://dashscope-us.aliyuncs.com/api/v1',
    currency: 'USD',
    prices: {},
    priceSource: {
      url: 'https://www.alibabacloud.com/help/en/model-studio/model-pricing',
      effectiveDate: '2026-12-01',
      note: 'No official Virginia price was at hand: every model here is unpriced. The currency (USD, as on the international site) is not confirmed by an official price row. The Virginia "global" deployment of wan2.6-t2v/i2v/r2v (5/10/15 s, r2v 5/10 s, per S10) is not modelled.',
    },
    unpriced: UNPRICED_MODELS.filter((id) => id.endsWith('-us')),
  },
} as const satisfies Record<string, RegionDefinition>;

/** A region id, derived from {@link REGIONS}. */
export type RegionId = keyof typeof REGIONS;

/** Every region id. */
export const REGION_IDS = Object.keys(REGIONS) as RegionId[];

/** The region quotes and bills default to: Beijing, whose prices equal the page's. */
export const DEFAULT_REGION: RegionId = 'cn-beijing';

/** True for a region id. */
export function isRegionId(value: unknown): value is RegionId {
  return typeof value === 'string' && Object.hasOwn(REGIONS, value);
}

/** The models a region offers, priced or not, in registry order. */
export function modelsOfRegion(region: RegionId): ModelId[] {
  const unpriced: readonly ModelId[] = REGIONS[region].unpriced;
  return MODEL_IDS.filter((id) => Object.hasOwn(REGIONS[region].prices, id) || unpriced.includes(id));
}

/** A model's prices per tier in a region, or undefined when the region does not offer it. */
export function regionPricesOf(
  region: RegionId,
  model: ModelId,
): Readonly<Partial<Record<Resolution, string>>> | undefined {
  const prices: RegionPrices = REGIONS[region].prices;
  return Object.hasOwn(prices, model) ? prices[model] : undefined;
}
