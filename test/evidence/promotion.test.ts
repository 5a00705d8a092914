import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import {
  EvidenceCollector,
  RateError,
  formatRate,
  meetsRate,
  parseRate,
  promotionDiff,
  promotionSourceDiff,
  type PromotionVerdict,
} from '../../src/evidence/index.js';
import { MODELS } from '../../src/contract/models.js';
import type { TaskLogRecord } from '../../src/contract/schemas/task-log.js';
import { mockLogger } from './mock-log.js';
import { successes, taskRecord } from './records.js';
import { usePriceOverlays } from '../../src/pricing/index.js';
import { testOverlay } from '../support/prices.js';

const REGISTRY = readFileSync(new URL('../../src/contract/models.ts', import.meta.url), 'utf8');

function verdicts(
  records: readonly TaskLogRecord[],
  options: ConstructorParameters<typeof EvidenceCollector>[0] = {},
): Record<string, PromotionVerdict> {
  const collector = new EvidenceCollector({ registrySource: REGISTRY, ...options });
  records.forEach((record, i) => collector.addLine(JSON.stringify(record), i + 1));
  return Object.fromEntries(collector.report().promotions.map((p) => [p.model, p]));
}

describe('Beta promotion', () => {
  test('judges every Beta model of the registry and no other', () => {
    const betas = Object.entries(MODELS)
      .filter(([, entry]) => entry.status === 'beta')
      .map(([id]) => id);
    expect(Object.keys(verdicts([]))).toEqual(betas);
  });

  test('promotes wan2.2-kf2v-flash on a mock log that meets the thresholds', async () => {
    const run = mockLogger();
    const records: TaskLogRecord[] = [];
    for (const resolution of ['480P', '720P', '1080P'] as const) {
      for (let i = 0; i < 3; i += 1) records.push(await run({ model: 'wan2.2-kf2v-flash', resolution }));
    }
    const kf2v = verdicts(records, { minSuccesses: 3, minSuccessRate: '1' })['wan2.2-kf2v-flash']!;
    expect(kf2v.unmet).toEqual([]);
    expect(kf2v.closes).toBe(true);
    const line =
      REGISTRY.split('\n').findIndex(
        (l, i, all) =>
          l.includes("status: 'beta'") && all.slice(0, i).some((p) => p.includes("'wan2.2-kf2v-flash': {")),
      ) + 1;
    expect(kf2v.diff).toContain(`@@ -${line - 3},7 +${line - 3},7 @@`);
    expect(kf2v.diff?.split('\n').filter((l) => /^[-+] /.test(l))).toEqual([
      "-    status: 'beta',",
      "+    status: 'verified',",
    ]);
    expect(kf2v.diff).toContain("   'wan2.2-kf2v-flash': {");
  });

  test('keeps a model without a published price beta, however many successes: no bill of it was checked', () => {
    const records = successes('wan2.6-t2v', ['720P', '1080P'], 20, { profile: 'dashscope' });
    const unpriced = verdicts(records)['wan2.6-t2v']!;
    expect(unpriced.successes).toBe(40);
    expect(unpriced.closes).toBe(false);
    expect(unpriced.unmet).toEqual([
      '720P: no published price, so no bill of its tasks was checked; load a price overlay (--prices FILE)',
      '1080P: no published price, so no bill of its tasks was checked; load a price overlay (--prices FILE)',
    ]);
    // With prices (an overlay, as --prices loads), the bills are checked and the same log closes the evidence.
    usePriceOverlays([testOverlay()]);
    try {
      expect(verdicts(records)['wan2.6-t2v']!).toMatchObject({ closes: true, unmet: [] });
    } finally {
      usePriceOverlays([]);
    }
  });

  test('keeps wan2.2-kf2v-flash beta when a resolution is missing, and names it', () => {
    const records = successes('wan2.2-kf2v-flash', ['480P', '720P'], 20);
    const kf2v = verdicts(records)['wan2.2-kf2v-flash']!;
    expect(kf2v.closes).toBe(false);
    expect(kf2v.diff).toBeUndefined();
    expect(kf2v.unmet).toEqual(['1080P: no successes, needs 20']);
  });

  test('says how many successes a thin resolution has and needs', () => {
    const records = [
      ...successes('wan2.2-kf2v-flash', ['480P', '1080P'], 20),
      ...successes('wan2.2-kf2v-flash', ['720P'], 3),
    ];
    expect(verdicts(records)['wan2.2-kf2v-flash']!.unmet).toEqual(['720P: 3 successes, needs 20']);
  });

  test('keeps wan2.2-s2v beta on a mock log without 720P', async () => {
    const run = mockLogger();
    const records: TaskLogRecord[] = [];
    for (let i = 0; i < 2; i += 1)
      records.push(await run({ model: 'wan2.2-s2v', resolution: '480P', profile: 'dashscope' }));
    expect(verdicts(records, { minSuccesses: 2 })['wan2.2-s2v']!.unmet).toEqual(['720P: no successes, needs 2']);
  });

  test('blocks a promotion on a success rate under the threshold, compared exactly', () => {
    const base = successes('wan2.2-kf2v-flash', ['480P', '720P', '1080P'], 19);
    const failed = (n: number) =>
      Array.from({ length: n }, (_, i) =>
        taskRecord({ model: 'wan2.2-kf2v-flash', outcome: 'failed', index: 90_000 + i }),
      );
    // 57 of 60 is exactly 0.95: it passes; 57 of 61 is just under.
    expect(verdicts([...base, ...failed(3)], { minSuccesses: 19 })['wan2.2-kf2v-flash']!.closes).toBe(true);
    expect(verdicts([...base, ...failed(4)], { minSuccesses: 19 })['wan2.2-kf2v-flash']!.unmet).toEqual([
      'success rate 0.9344 (57 of 61 accepted tasks), needs at least 0.95',
    ]);
  });

  test('blocks a promotion on any contract violation', () => {
    const records = [
      ...successes('wan2.2-kf2v-flash', ['480P', '720P', '1080P'], 20),
      taskRecord({ model: 'wan2.2-kf2v-flash', result: 'none', index: 99_999 }),
    ];
    expect(verdicts(records)['wan2.2-kf2v-flash']!.unmet).toEqual(['1 task with contract violations, needs none']);
  });

  test('anchors the diff on the model when the registry source is not at hand', () => {
    expect(promotionSourceDiff('wan2.2-s2v')).toMatchInlineSnapshot(`
      "--- a/src/contract/models.ts
      +++ b/src/contract/models.ts
      @@ MODELS['wan2.2-s2v'] @@
         'wan2.2-s2v': {
           capability: 'subject-reference',
      -    status: 'beta',
      +    status: 'verified',"
    `);
  });
});

describe('promotionDiff', () => {
  test('gives the promotion of a Beta model as a JSON Patch of spec/registry.json', () => {
    const change = promotionDiff('wan2.2-s2v');
    expect(change.patch).toEqual([
      { op: 'test', path: '/models/wan2.2-s2v/status', value: 'beta' },
      { op: 'replace', path: '/models/wan2.2-s2v/status', value: 'verified' },
    ]);
    expect(change.before.status).toBe('beta');
    expect(change.after).toEqual({ ...change.before, status: 'verified' });
  });

  test('applies to the published registry: the test holds and only the status changes', () => {
    const registry = JSON.parse(readFileSync(new URL('../../spec/registry.json', import.meta.url), 'utf8')) as {
      models: Record<string, Record<string, unknown>>;
    };
    const { patch } = promotionDiff('wan2.2-kf2v-flash');
    const [test, replace] = patch;
    const at = (path: string) => path.split('/').slice(1);
    const [, model, field] = at(test!.path);
    expect(registry.models[model!]![field!]).toBe(test!.value);
    const after = { ...registry.models[model!], [field!]: replace!.value };
    expect(Object.keys(after).filter((k) => after[k] !== registry.models[model!]![k])).toEqual(['status']);
  });

  test('refuses a model that is not Beta', () => {
    expect(() => promotionDiff('wan2.2-t2v-plus')).toThrowErrorMatchingInlineSnapshot(
      `[TypeError: wan2.2-t2v-plus is verified already: only a Beta model is promoted]`,
    );
  });
});

describe('parseRate', () => {
  test.each([
    ['0.95', 95n, 2],
    ['1', 1n, 0],
    ['0.950', 95n, 2],
    ['0', 0n, 0],
  ])('reads %s exactly', (text, numerator, scale) => {
    expect(parseRate(text)).toMatchObject({ numerator, scale });
  });

  test.each(['1.5', 'abc', '-0.5', '', '95%', '1e-1', '.9'])('refuses %j', (text) => {
    expect(() => parseRate(text)).toThrow(RateError);
  });

  test('compares without binary floats', () => {
    // 0.1 + 0.2 style traps: 7 of 10 against 0.7 is equal, not under.
    expect(meetsRate(7, 10, parseRate('0.7'))).toBe(true);
    expect(meetsRate(699_999, 1_000_000, parseRate('0.7'))).toBe(false);
    expect(meetsRate(0, 0, parseRate('0'))).toBe(false);
    expect(formatRate(57, 61)).toBe('0.9344');
    expect(formatRate(20, 20)).toBe('1');
  });
});
