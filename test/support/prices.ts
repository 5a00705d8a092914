import { afterAll, beforeAll } from 'vitest';
import { MODELS, resolutionsOf } from '../../src/contract/models.js';
import { DEFAULT_REGION, REGION_IDS, REGIONS, type RegionId } from '../../src/contract/regions.js';
import { usePriceOverlays, type PriceOverlay } from '../../src/pricing/index.js';

/**
 * A test's own price overlay for the models a region offers without a published price (wan2.6, wan2.7): a made-up
 * "0.10" per second at every tier ("0.10" with sound, "0.05" silent where audio is a switch). Never an official
 * figure; it lets a run on the free mock bill every model of the dashscope profile.
 */
export function testOverlay(region: RegionId = DEFAULT_REGION): PriceOverlay {
  const prices = Object.fromEntries(
    REGIONS[region].unpriced.map((model) => [
      model,
      Object.fromEntries(
        resolutionsOf(model).map((tier) => [
          tier,
          MODELS[model].audio === 'switchable' ? { audio: '0.10', silent: '0.05' } : '0.10',
        ]),
      ),
    ]),
  );
  return { region, currency: REGIONS[region].currency, prices } as PriceOverlay;
}

/** Installs {@link testOverlay} of every region for the tests of the calling file, and removes them after. */
export function useTestPrices(): void {
  beforeAll(() => usePriceOverlays(REGION_IDS.map((region) => testOverlay(region))));
  afterAll(() => usePriceOverlays([]));
}
