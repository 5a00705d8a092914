import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, test } from 'vitest';
import { analyzeLogs } from '../../../src/evidence/analyze.js';
import { analyzeLogsWithDuckDB } from '../../../src/evidence/duckdb/engine.js';
import { everyKindOfLine, parquetCopy, rotatedCopies } from './every-kind.js';

const dir = mkdtempSync(join(tmpdir(), 'wan-duckdb-'));
const text = everyKindOfLine(3000);
const log = join(dir, 'tasks.jsonl');
writeFileSync(log, text);

/** The report as JSON (bigints and maps as the CLI prints them), to compare field by field. */
const json = (value: unknown) => JSON.parse(JSON.stringify(value)) as Record<string, unknown>;

function expectSameReport(actual: unknown, expected: unknown): void {
  const a = json(actual);
  const e = json(expected);
  for (const field of Object.keys(e)) expect({ field, value: a[field] }).toEqual({ field, value: e[field] });
  expect(Object.keys(a).sort()).toEqual(Object.keys(e).sort());
}

describe('the DuckDB engine reports what the default engine reports', () => {
  test.each([undefined, 3, 0])('on a log with every kind of line (list limit %s)', async (listLimit) => {
    const options = listLimit === undefined ? {} : { listLimit };
    const expected = await analyzeLogs([log], options);
    // The log exercises what it claims to: each list and count the report has is not empty.
    expect(expected.invalidLines.count).toBeGreaterThan(10);
    expect(expected.violations.count).toBeGreaterThan(10);
    expect(expected.billing.discrepancyCount).toBeGreaterThan(10);
    expect(expected.fragments.mergedTasks).toBeGreaterThan(1);
    expect(expected.fragments.unsubmitted.count).toBe(1);
    expect(expected.duplicates.tasks).toBeGreaterThan(10);
    expect(expected.duplicates.conflicting.count).toBeGreaterThan(10);
    expect(Object.keys(expected.otherModels)).toEqual(['wan3-future']);
    expect(expected.blankLines).toBeGreaterThan(10);
    expect(expected.timeToResult.byModel.length).toBeGreaterThan(10);
    expect(expected.timeline.length).toBeGreaterThan(10);
    expectSameReport(await analyzeLogsWithDuckDB([log], { ...options, threads: 2 }), expected);
  });

  test('on several logs read as one (fragments and duplicates across them)', async () => {
    const parts = rotatedCopies(text, dir);
    const expected = await analyzeLogs(parts);
    expectSameReport(await analyzeLogsWithDuckDB(parts), expected);
    // A glob over the rotated files names each file as the default engine names the files given.
    const globbed = await analyzeLogsWithDuckDB([join(dir, 'rotated-*.jsonl')]);
    expectSameReport(globbed, expected);
  });

  test('.jsonl.gz and a Parquet copy of the log give the same report as the plain log', async () => {
    const expected = await analyzeLogs([log]);
    const gz = join(dir, 'tasks.jsonl.gz');
    writeFileSync(gz, gzipSync(text));
    expectSameReport(await analyzeLogsWithDuckDB([gz]), expected);
    const parquet = join(dir, 'tasks.parquet');
    await parquetCopy(log, parquet);
    expectSameReport(await analyzeLogsWithDuckDB([parquet]), expected);
  });
});

test('a CRLF log reads as the default engine reads it; a log with stray carriage returns is refused by name', async () => {
  const crlf = join(dir, 'crlf.jsonl');
  writeFileSync(crlf, text.split('\n').slice(0, 300).join('\r\n'));
  expectSameReport(await analyzeLogsWithDuckDB([crlf]), await analyzeLogs([crlf]));
  const mixed = join(dir, 'mixed.jsonl');
  writeFileSync(mixed, `${text.split('\n').slice(0, 5).join('\n')}\r\n${text.split('\n').slice(5, 10).join('\n')}\n`);
  await expect(analyzeLogsWithDuckDB([mixed])).rejects.toThrow(/carriage returns .* --engine default/);
});
