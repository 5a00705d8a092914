import { describe, expect, test } from 'vitest';
import { EvidenceCollector, analyzeLog } from '../../src/evidence/index.js';
import { Readable } from 'node:stream';
import { jsonl, successes, taskRecord } from './records.js';

function collect(lines: string, options: ConstructorParameters<typeof EvidenceCollector>[0] = {}) {
  const collector = new EvidenceCollector(options);
  lines.split('\n').forEach((line, i) => collector.addLine(line, i + 1));
  return collector;
}

describe('EvidenceCollector', () => {
  const log = jsonl([
    ...successes('wan2.2-kf2v-flash', ['480P', '1080P'], 3),
    taskRecord({
      model: 'wan2.2-kf2v-flash',
      resolution: '1080P',
      outcome: 'failed',
      failCode: 'DataInspectionFailed',
      index: 50,
    }),
    taskRecord({
      model: 'wan2.2-kf2v-flash',
      resolution: '1080P',
      outcome: 'failed',
      failCode: 'InternalError.Algo',
      index: 51,
    }),
    taskRecord({
      model: 'wan2.2-kf2v-flash',
      resolution: '480P',
      outcome: 'rejected',
      failCode: 'Throttling',
      index: 52,
    }),
    'not json at all',
    taskRecord({ model: 'wan2.2-s2v', profile: 'dashscope', resolution: '720P', usageSeconds: 18.13, index: 53 }),
    '{"log_version":2}',
    { ...taskRecord({ model: 'wan2.2-t2v-plus', index: 54 }), model: 'wan3-future' },
    taskRecord({ model: 'wan2.2-kf2v-flash', resolution: '720P', result: 'none', index: 55 }),
  ]);

  test('tallies tasks, outcomes, result URLs, seconds and amounts per model and resolution', () => {
    const report = collect(log).report();
    const kf2v = report.models.find((m) => m.model === 'wan2.2-kf2v-flash')!;
    expect(kf2v.resolutions['480P']).toMatchObject({
      tasks: 4,
      accepted: 3,
      succeeded: 3,
      rejected: { Throttling: 1 },
      resultUrls: 3,
      secondsBilled: '15',
      amount: '1.50',
    });
    expect(kf2v.resolutions['1080P']).toMatchObject({
      tasks: 5,
      succeeded: 3,
      failed: { DataInspectionFailed: 1, 'InternalError.Algo': 1 },
      secondsBilled: '15',
      amount: '7.20',
    });
    expect(kf2v.resolutions['720P']).toMatchObject({ tasks: 1, violations: 1, resultUrls: 0 });
    expect(Object.keys(kf2v.resolutions)).toEqual(['480P', '720P', '1080P']);
    expect(kf2v.total).toMatchObject({ tasks: 10, succeeded: 7, accepted: 9, amount: '8.70', amountMinor: '870' });
    const s2v = report.models.find((m) => m.model === 'wan2.2-s2v')!;
    expect(s2v.total).toMatchObject({ secondsBilled: '18.13', amount: '16.32' });
    expect(report.otherModels).toEqual({ 'wan3-future': 1 });
  });

  test('counts invalid lines with their line numbers and keeps reading', () => {
    const report = collect(log).report();
    expect(report.invalidLines.count).toBe(2);
    expect(report.invalidLines.listed.map((l) => l.line)).toEqual([10, 12]);
    expect(report.invalidLines.listed[1]!.reason).toContain('log_version must be 1');
    expect(report.records).toBe(12);
    expect(report.blankLines).toBe(1);
  });

  test('lists up to the limit and keeps the count exact', () => {
    const broken = Array.from({ length: 30 }, (_, i) => `broken ${i}`);
    const report = collect(jsonl([...broken, taskRecord({ model: 'wan2.2-t2v-plus' })]), { listLimit: 5 }).report();
    expect(report.invalidLines.count).toBe(30);
    expect(report.invalidLines.listed.map((l) => l.line)).toEqual([1, 2, 3, 4, 5]);
    expect(report.models[0]!.total.tasks).toBe(1);
  });

  test('lists every violation with where it is', () => {
    const report = collect(log).report();
    expect(report.violations.count).toBe(1);
    expect(report.violations.listed[0]).toMatchObject({
      line: 14,
      model: 'wan2.2-kf2v-flash',
      kind: 'final-answer',
      target: 'official',
    });
  });

  test('merges collectors of consecutive parts into the report of the whole', () => {
    const lines = log.split('\n');
    const first = collect(lines.slice(0, 8).join('\n'));
    const second = collect(lines.slice(8).join('\n'));
    first.merge(second.state());
    expect(first.report()).toEqual(collect(log).report());
  });

  test('reads a stream with analyzeLog', async () => {
    const report = await analyzeLog(Readable.from([Buffer.from(log)]));
    expect(report.models.map((m) => [m.model, m.total.tasks])).toEqual([
      ['wan2.2-kf2v-flash', 10],
      ['wan2.2-s2v', 1],
    ]);
  });
});
