import { describe, expect, test } from 'vitest';
import {
  isRetentionExpiry,
  parseUpstreamTime,
  retentionEndsAt,
  TASK_RETENTION_MS,
} from '../../src/contract/retention.js';

describe('retention', () => {
  test.each([
    ['2025-09-29 14:18:52.331', Date.UTC(2025, 8, 29, 6, 18, 52, 331)],
    ['2025-04-18 10:36:58', Date.UTC(2025, 3, 18, 2, 36, 58)],
    ['2025-09-29T14:18:52Z', undefined],
    [42, undefined],
  ])('reads the Beijing time %j', (given, want) => {
    expect(parseUpstreamTime(given)).toBe(want);
  });

  test('counts 24 h from the earliest sign of creation', () => {
    const seen = Date.UTC(2025, 8, 30, 0, 0, 0);
    const body = { output: { submit_time: '2025-09-29 14:18:52.331' } };
    expect(retentionEndsAt(seen, [body])).toBe(Date.UTC(2025, 8, 29, 6, 18, 52, 331) + TASK_RETENTION_MS);
    expect(retentionEndsAt(seen, [{ output: {} }])).toBe(seen + TASK_RETENTION_MS);
    expect(retentionEndsAt(undefined, [])).toBeUndefined();
  });

  test('calls UNKNOWN an expiry only once the retention has lapsed', () => {
    expect(isRetentionExpiry('UNKNOWN', 1000, 1000)).toBe(true);
    expect(isRetentionExpiry('UNKNOWN', 999, 1000)).toBe(false);
    expect(isRetentionExpiry('FAILED', 2000, 1000)).toBe(false);
    expect(isRetentionExpiry('UNKNOWN', 2000, undefined)).toBe(false);
  });
});
