import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import type { TaskLogRecord } from '../../src/contract/schemas/task-log.js';
import { EvidenceCollector, analyzeLog, analyzeLogs, type EvidenceReport } from '../../src/evidence/index.js';
import { cli } from '../support/cli.js';
import { jsonl, successes, taskRecord } from './records.js';

const dir = mkdtempSync(join(tmpdir(), 'wan-duplicates-'));

function file(name: string, records: readonly (TaskLogRecord | string)[]): string {
  const path = join(dir, name);
  writeFileSync(path, jsonl(records));
  return path;
}

/** What must not change when a log is given twice: the tasks, the money and the verdicts. */
function verdicts(report: EvidenceReport) {
  return {
    models: report.models,
    violations: report.violations.count,
    promotions: report.promotions.map((p) => ({ model: p.model, closes: p.closes, successes: p.successes })),
    billing: report.billing.totals,
    discrepancies: report.billing.discrepancyCount,
  };
}

describe('duplicate records', () => {
  const kf2v = successes('wan2.2-kf2v-flash', ['480P', '720P', '1080P'], 10, { charged: undefined });
  const charged = kf2v.map((r, i) =>
    i % 2 === 0 ? { ...r, charged: { amount: '0.50', currency: 'CNY' as const } } : r,
  );

  test('counts the same log given twice as the log given once: tasks, amounts, billing and promotions', async () => {
    const a = file('a.jsonl', charged);
    const copy = file('a-copy.jsonl', charged);
    const once = await analyzeLog(a);
    const twice = await analyzeLogs([a, copy]);
    expect(verdicts(twice)).toEqual(verdicts(once));
    expect(twice.models[0]!.total.tasks).toBe(30);
    expect(twice.records).toBe(60);
    expect(twice.duplicates).toEqual({ records: 30, tasks: 30, conflicting: { count: 0, listed: [] } });
  });

  test('counts one record repeated in one file as one task billed once', async () => {
    const record = taskRecord({ model: 'wan2.2-t2v-plus', resolution: '1080P' });
    const report = await analyzeLog(file('repeated.jsonl', [record, record]));
    expect(report.models[0]!.total).toMatchObject({ tasks: 1, succeeded: 1, amount: '3.50' });
    expect(report.duplicates.records).toBe(1);
    expect(report.records + report.invalidLines.count + report.blankLines).toBe(report.lines);
  });

  test('merges duplicates read by the collector alone (no first pass)', () => {
    const record = taskRecord({ model: 'wan2.2-t2v-plus', resolution: '1080P' });
    const collector = new EvidenceCollector();
    collector.addLine(JSON.stringify(record), 1);
    collector.addLine(JSON.stringify(record), 2);
    const report = collector.report();
    expect(report.models[0]!.total).toMatchObject({ tasks: 1, amount: '3.50' });
    expect(report.records).toBe(2);
  });

  test('lists a record that disagrees with the one counted, with both files and lines', async () => {
    const record = taskRecord({ model: 'wan2.2-t2v-plus', resolution: '1080P', charged: '3.50' });
    const other = { ...record, charged: { amount: '7.00', currency: 'CNY' as const } };
    const filler = taskRecord({ model: 'wan2.2-t2v-plus', index: 1 });
    const a = file('c-a.jsonl', [record]);
    const b = file('c-b.jsonl', [filler, other]);
    const report = await analyzeLogs([a, b]);
    expect(report.models[0]!.total.tasks).toBe(2);
    expect(report.billing.totals[0]!.charged).toBe('3.50');
    expect(report.duplicates.conflicting).toEqual({
      count: 1,
      listed: [
        {
          target: 'official',
          taskId: record.task_id,
          field: 'charged.amount',
          values: ['"3.50"', '"7.00"'],
          lines: [
            { file: a, line: 1 },
            { file: b, line: 2 },
          ],
        },
      ],
    });
  });

  test('does not promote 10 successes a tier given twice, and fails --strict on a conflicting duplicate', async () => {
    const a = file('k-a.jsonl', kf2v);
    const copy = file('k-copy.jsonl', kf2v);
    const twice = await cli(['evidence', a, copy, '--strict']);
    expect(twice.code).toBe(0);
    expect(twice.stdout).toContain('wan2.2-kf2v-flash: stays beta');
    expect(twice.stdout).toContain('Duplicates: 30 records of 30 tasks already in the logs, each task counted once');

    const failed = { ...kf2v[0]!, final: taskRecord({ model: 'wan2.2-kf2v-flash', outcome: 'failed' }).final };
    const conflict = file('k-conflict.jsonl', [failed]);
    const run = await cli(['evidence', a, conflict, '--strict']);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(
      `${kf2v[0]!.task_id} on official: final.body.output.task_status is "SUCCEEDED" at ${a} line 1, "FAILED" at ${conflict} line 1`,
    );
  });
});
