import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { MODELS } from '../../../src/contract/models.js';
import { analyzeLogs } from '../../../src/evidence/analyze.js';
import { exportTaskTable } from '../../../src/evidence/duckdb/export.js';
import { everyKindOfLine } from './every-kind.js';

const dir = mkdtempSync(join(tmpdir(), 'wan-export-'));
const log = join(dir, 'tasks.jsonl');
writeFileSync(log, everyKindOfLine(1500));
const doc = readFileSync(new URL('../../../docs/task-table.md', import.meta.url), 'utf8');

/** The SQL block of docs/task-table.md named by its first comment, over the exported file. */
function query(name: string, parquet: string): string {
  const block = [...doc.matchAll(/```sql\n-- ([\w-]+)\n([\s\S]*?)```/g)].find((m) => m[1] === name);
  if (!block) throw new Error(`docs/task-table.md has no query ${name}`);
  return block[2]!.replaceAll("'tasks.parquet'", `'${parquet}'`);
}

test('the task table exported holds every task, and the documented SQL gives the report’s Beta and billing figures', async () => {
  const parquet = join(dir, 'tasks.parquet');
  const report = await analyzeLogs([log]);
  const written = await exportTaskTable([log], parquet, { threads: 2 });
  expect(written.tasks).toBe(report.models.reduce((n, m) => n + m.total.tasks, 0));
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const conn = await (await DuckDBInstance.create(':memory:')).connect();
  const rows = async (sql: string) => (await conn.runAndReadAll(sql)).getRowObjectsJson();

  const beta = await rows(query('beta-progress', parquet));
  for (const p of report.promotions)
    for (const r of p.resolutions) {
      const row = beta.find((b) => b.model === p.model && b.tier === r.resolution);
      expect({ model: p.model, tier: r.resolution, successes: Number(row?.successes ?? 0) }).toEqual({
        model: p.model,
        tier: r.resolution,
        successes: r.successes,
      });
    }
  for (const p of report.promotions) {
    const mine = beta.filter((b) => b.model === p.model);
    expect(mine.reduce((n, b) => n + Number(b.accepted), 0)).toBe(p.attempts);
    expect(mine.reduce((n, b) => n + Number(b.tasks_with_violations), 0)).toBe(p.violations);
  }
  expect(report.promotions.some((p) => MODELS[p.model].status === 'beta' && p.successes > 0)).toBe(true);

  const billing = await rows(query('billing-totals', parquet));
  const cny = (text: unknown) => Number(text).toFixed(7);
  expect(billing.map((b) => b.model).sort()).toEqual(report.billing.totals.map((t) => t.model).sort());
  for (const t of report.billing.totals) {
    const row = billing.find((b) => b.model === t.model)!;
    expect({
      model: t.model,
      records: Number(row.records),
      charged: cny(row.charged),
      billed: cny(row.billed),
      unverifiable: cny(row.unverifiable),
      over: cny(row.over_billed),
      under: cny(row.under_billed),
      discrepancies: Number(row.discrepancies),
    }).toEqual({
      model: t.model,
      records: t.records,
      charged: cny(t.charged),
      billed: cny(t.billed),
      unverifiable: cny(t.unverifiable),
      over: cny(t.overBilled),
      under: cny(t.underBilled),
      discrepancies: t.discrepancies,
    });
  }

  const times = await rows(query('time-to-result', parquet));
  for (const t of report.timeToResult.byModel) {
    const row = times.find((r) => r.model === t.model && r.tier === t.tier)!;
    expect([t.model, t.tier, Number(row.tasks), Number(row.p50_ms), Number(row.p95_ms), Number(row.p99_ms)]).toEqual([
      t.model,
      t.tier,
      t.tasks,
      t.p50Ms,
      t.p95Ms,
      t.p99Ms,
    ]);
  }
  conn.closeSync();
});
