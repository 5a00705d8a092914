import { describe, expect, test } from 'vitest';
import { REGIONS, REGION_IDS } from '../../src/contract/regions.js';
import type { TaskResponse } from '../../src/contract/schemas/task.js';
import { registryDocument } from '../../src/openapi/files.js';
import { billTask, priceSeconds, PricingError, quoteAny, quoteRequest } from '../../src/pricing/index.js';

function codeOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    return error instanceof PricingError ? error.code : `untyped ${String(error)}`;
  }
  return undefined;
}

describe('regions', () => {
  test('quote: prices Singapore from its own table, in its currency', () => {
    const q = quoteAny({ model: 'wan2.2-t2v-plus', resolution: '1080P', duration: 5, region: 'ap-southeast-1' });
    expect([q.region, q.currency, q.unitPrice, q.amount]).toEqual(['ap-southeast-1', 'USD', '0.10', '0.50']);
  });

  test('quote: defaults to the Beijing region, whose prices equal the page', () => {
    const q = quoteAny({ model: 'wan2.2-t2v-plus', resolution: '1080P', duration: 5 });
    expect([q.region, q.currency, q.amount]).toEqual(['cn-beijing', 'CNY', '3.50']);
  });

  test('quote: refuses a model the region does not offer', () => {
    expect(() =>
      quoteAny({ model: 'wan2.2-s2v', resolution: '480P', duration: 5, region: 'ap-southeast-1' }),
    ).toThrowErrorMatchingInlineSnapshot(
      `[PricingError: wan2.2-s2v is not offered in Singapore (ap-southeast-1); it offers wan2.5-t2v-preview, wan2.5-i2v-preview, wan2.2-t2v-plus, wan2.2-i2v-plus, wan2.2-i2v-flash, wan2.6-t2v, wan2.6-i2v, wan2.6-i2v-flash, wan2.6-r2v, wan2.6-r2v-flash, wan2.7-t2v, wan2.7-t2v-2026-04-25, wan2.7-i2v, wan2.7-i2v-2026-04-25 or wan2.7-r2v]`,
    );
  });

  test('quote: refuses an unknown region', () => {
    expect(codeOf(() => quoteAny({ model: 'wan2.2-t2v-plus', region: 'mars-1' }))).toBe('unknown-region');
  });

  test('billTask and quoteRequest: take the region', () => {
    const request = { model: 'wan2.5-i2v-preview', parameters: { resolution: '720P', duration: 10 } };
    const task = {
      request_id: 'r',
      output: { task_id: 't', task_status: 'SUCCEEDED', video_url: 'https://example.com/v.mp4' },
      usage: { video_duration: 10 },
    } as TaskResponse;
    expect(billTask(request, task, { region: 'ap-southeast-1' }).amount).toBe('1.00');
    expect(quoteRequest(request, { region: 'ap-southeast-1' })).toMatchObject({ amount: '1.00', currency: 'USD' });
  });

  test('priceSeconds: holds a price printed to six decimals (wan-s2v-api: 10.23 s × 0.071677)', () => {
    const q = priceSeconds('wan2.2-s2v', '480P', '0.071677', '10.23');
    expect([q.exactAmount, q.amount]).toEqual(['0.73325571', '0.73']);
  });

  test('the generated registry shows every region with its server, currency and prices', () => {
    const doc = registryDocument() as { regions: Record<string, { server: string; currency: string; prices: object }> };
    expect(Object.keys(doc.regions)).toEqual(REGION_IDS);
    for (const id of REGION_IDS)
      expect(doc.regions[id]).toMatchObject({ server: REGIONS[id].server, currency: REGIONS[id].currency });
  });
});
