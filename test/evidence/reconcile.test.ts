import { describe, expect, test } from 'vitest';
import { EvidenceCollector, formatCny, parseCharge } from '../../src/evidence/index.js';
import type { TaskLogRecord } from '../../src/contract/schemas/task-log.js';
import { mockLogger } from './mock-log.js';
import { taskRecord } from './records.js';

function billing(records: readonly (TaskLogRecord | string)[]) {
  const collector = new EvidenceCollector();
  records.forEach((record, i) =>
    collector.addLine(typeof record === 'string' ? record : JSON.stringify(record), i + 1),
  );
  return collector.report();
}

describe('billing reconciliation', () => {
  const records = [
    // 5 s of 1080P wan2.2-t2v-plus is 3.50 by the price table.
    taskRecord({ model: 'wan2.2-t2v-plus', resolution: '1080P', charged: '3.50', index: 1 }),
    taskRecord({ model: 'wan2.2-t2v-plus', resolution: '1080P', charged: '4.00', index: 2 }),
    taskRecord({ model: 'wan2.2-t2v-plus', resolution: '480P', charged: '0.50', index: 3 }),
    taskRecord({ model: 'wan2.2-t2v-plus', resolution: '1080P', outcome: 'failed', charged: '3.50', index: 4 }),
    taskRecord({ model: 'wan2.2-t2v-plus', resolution: '1080P', outcome: 'rejected', charged: '0', index: 5 }),
    taskRecord({ model: 'wan2.2-i2v-flash', resolution: '720P', charged: '0.9999', index: 6 }),
    taskRecord({ model: 'wan2.2-i2v-flash', resolution: '720P', outcome: 'rejected', charged: '1.00', index: 7 }),
    taskRecord({ model: 'wan2.2-i2v-flash', resolution: '720P', index: 8 }),
  ];

  test('lists every task whose charge differs from the price table', () => {
    const report = billing(records);
    expect(
      report.billing.discrepancies.map((d) => [d.line, d.kind, d.outcome, d.charged, d.billed, d.difference]),
    ).toEqual([
      [2, 'over-billed', 'succeeded', '4.00', '3.50', '+0.50'],
      [3, 'under-billed', 'succeeded', '0.50', '0.70', '-0.20'],
      [4, 'billed-unsuccessful', 'failed', '3.50', '0.00', '+3.50'],
      [6, 'under-billed', 'succeeded', '0.9999', '1.00', '-0.0001'],
      [7, 'billed-unsuccessful', 'rejected', '1.00', '0.00', '+1.00'],
    ]);
    expect(report.billing.discrepancyCount).toBe(5);
    expect(report.billing.records).toBe(7);
  });

  test('totals each model exactly in CNY', () => {
    const report = billing(records);
    expect(report.billing.totals).toEqual([
      {
        model: 'wan2.2-t2v-plus',
        records: 5,
        charged: '11.50',
        billed: '7.70',
        difference: '+3.80',
        unverifiable: '0.00',
        overBilled: '4.00',
        underBilled: '0.20',
        discrepancies: 3,
      },
      {
        model: 'wan2.2-i2v-flash',
        records: 2,
        charged: '1.9999',
        billed: '1.00',
        difference: '+0.9999',
        unverifiable: '0.00',
        overBilled: '1.00',
        underBilled: '0.0001',
        discrepancies: 2,
      },
    ]);
  });

  test('totals many fen-sized charges without drift', () => {
    const many = Array.from({ length: 1000 }, (_, i) =>
      taskRecord({ model: 'wan2.2-i2v-flash', resolution: '480P', charged: '0.51', index: i }),
    );
    const totals = billing(many).billing.totals[0]!;
    expect(totals).toMatchObject({ charged: '510.00', billed: '500.00', overBilled: '10.00', discrepancies: 1000 });
  });

  test('counts a charge with more decimals than it can compare as an invalid line', () => {
    const report = billing([taskRecord({ model: 'wan2.2-t2v-plus', charged: '3.500000001' })]);
    expect(report.invalidLines.listed).toEqual([
      {
        line: 1,
        reason:
          'charged.amount must be an amount in CNY written as digits with at most 7 decimals, such as 3.50, received "3.500000001"',
      },
    ]);
    expect(report.models).toEqual([]);
  });

  test('reconciles mock tasks billed by their usage, flagging a charged FAILED task', async () => {
    const run = mockLogger({ target: 'ApiPass' });
    const s2v = await run({ model: 'wan2.2-s2v', resolution: '480P', profile: 'dashscope' });
    const usage = (s2v.final?.body as { usage: { duration: number } }).usage.duration;
    const right = (parseCharge(String(usage)) * 50n) / 100n; // 0.50 CNY per second, at 1e-7 CNY
    const rounded = ((right + 50_000n) / 100_000n) * 100_000n; // half-up to the fen
    const report = billing([
      { ...s2v, charged: { amount: formatCny(rounded), currency: 'CNY' } },
      await run({ model: 'wan2.2-kf2v-flash', resolution: '480P', fail: true, charged: '0.50' }),
    ]);
    expect(report.billing.discrepancies.map((d) => [d.model, d.kind, d.target])).toEqual([
      ['wan2.2-kf2v-flash', 'billed-unsuccessful', 'ApiPass'],
    ]);
    expect(report.models.find((m) => m.model === 'wan2.2-s2v')!.total.amount).toBe(formatCny(rounded));
  });
});

describe('formatCny', () => {
  test.each([
    [35_000_000n, false, '3.50'],
    [34_999_000n, false, '3.4999'],
    [0n, true, '0.00'],
    [5_000_000n, true, '+0.50'],
    [-2_000_000n, true, '-0.20'],
    [1n, false, '0.0000001'],
  ])('formats %s', (value, signed, want) => {
    expect(formatCny(value, signed)).toBe(want);
  });
});
