/** Where a price comes from: the official source and the date from which this package applies it. */
export interface PriceSource {
  readonly url: string;
  readonly region: string;
  readonly currency: 'CNY';
  readonly unit: 'second';
  /** ISO date from which the price applies in this package (the date the official table was last checked). */
  readonly effectiveDate: string;
}

/** Official model pricing page, Beijing region; the page's price table equals it. */
export const OFFICIAL_PRICES: PriceSource = {
  url: 'https://help.aliyun.com/zh/model-studio/model-pricing',
  region: 'cn-beijing',
  currency: 'CNY',
  unit: 'second',
  effectiveDate: '2026-11-24',
};
