import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, test } from 'vitest';
import { coverageOfLogs, type LogCoverage } from '../../../src/evidence/coverage-log.js';
import { coverageOfLogsWithDuckDB } from '../../../src/evidence/duckdb/coverage.js';
import { taskRecord } from '../records.js';
import { everyKindOfLine, parquetCopy, rotatedCopies } from './every-kind.js';

const dir = mkdtempSync(join(tmpdir(), 'wan-duckdb-coverage-'));

/**
 * Records that differ only where the evidence key does not look but a coverage tally does: a submit answer with a
 * `usage` (of one field, of two) and a SUCCEEDED submit answer with a video URL. Each comes after more lines the
 * evidence engine would group with it than a group hands back one by one.
 */
function submitExtras(): string[] {
  const records = Array.from({ length: 25 }, (_, i) => taskRecord({ model: 'wan2.2-t2v-plus', index: 900_000 + i }));
  const base = records[0]!;
  const submit = base.submit as { http_status: number; body: { output: Record<string, unknown> } };
  const withBody = (body: Record<string, unknown>) => JSON.stringify({ ...base, submit: { ...submit, body } });
  return [
    ...records.map((r) => JSON.stringify(r)),
    withBody({ ...submit.body, usage: { video_count: 1 } }),
    withBody({ ...submit.body, usage: { video_count: 1, made_up_field: 2 } }),
    withBody({
      ...submit.body,
      output: { ...submit.body.output, task_status: 'SUCCEEDED', video_url: 'https://x.example/v.mp4' },
    }),
  ];
}

const text = `${everyKindOfLine(3000)}${submitExtras().join('\n')}\n`;
const log = join(dir, 'tasks.jsonl');
writeFileSync(log, text);

/** The coverage as JSON, to compare field by field. */
function expectSameCoverage(actual: LogCoverage, expected: LogCoverage): void {
  const json = (value: unknown) => JSON.parse(JSON.stringify(value)) as LogCoverage;
  expect(json(actual).records).toBe(expected.records);
  expect(json(actual).invalidLines).toEqual(json(expected.invalidLines));
  expect(json(actual).coverages).toEqual(json(expected.coverages));
}

describe('the DuckDB engine covers what the default engine covers', () => {
  test('on a log with every kind of line', async () => {
    const expected = await coverageOfLogs([log]);
    // The log exercises what it claims to: targets and profiles, more invalid lines than are listed, cells that
    // only a submit answer's usage or video URL brings.
    expect(expected.coverages.map((c) => `${c.target} ${c.profile}`).sort()).toEqual([
      'ApiPass crazyrouter',
      'ApiPass dashscope',
      'official crazyrouter',
      'official dashscope',
    ]);
    expect(expected.invalidLines.count).toBeGreaterThan(expected.invalidLines.first.length);
    const beyond = expected.coverages.flatMap((c) => c.axes.flatMap((a) => a.beyond));
    expect(beyond).toContain('made_up_field');
    expectSameCoverage(await coverageOfLogsWithDuckDB([log], { threads: 2, memoryLimit: '256MB' }), expected);
  });

  test('on rotated logs, given one by one, as a glob and as a directory', async () => {
    const rotated = join(dir, 'rotated');
    mkdirSync(rotated);
    const parts = rotatedCopies(text, rotated);
    const expected = await coverageOfLogs(parts);
    expect(expected.invalidLines.first[0]?.source).toBe(parts[0]);
    expectSameCoverage(await coverageOfLogsWithDuckDB(parts), expected);
    // A glob or a directory names each file it holds, as the default engine names the files given.
    expectSameCoverage(await coverageOfLogsWithDuckDB([join(rotated, 'rotated-*.jsonl')]), expected);
    expectSameCoverage(await coverageOfLogsWithDuckDB([rotated]), expected);
  });

  test('.jsonl.gz and a Parquet copy of the log cover what the plain log covers', async () => {
    const expected = await coverageOfLogs([log]);
    const gz = join(dir, 'tasks.jsonl.gz');
    writeFileSync(gz, gzipSync(text));
    const named = (c: LogCoverage, source: string) => ({
      ...c,
      invalidLines: { ...c.invalidLines, first: c.invalidLines.first.map((l) => ({ ...l, source })) },
    });
    expectSameCoverage(await coverageOfLogsWithDuckDB([gz]), named(expected, gz));
    const parquet = join(dir, 'tasks.parquet');
    await parquetCopy(log, parquet);
    expectSameCoverage(await coverageOfLogsWithDuckDB([parquet]), named(expected, parquet));
  });

  test('a CRLF log covers what the default engine reads of it', async () => {
    const crlf = join(dir, 'crlf.jsonl');
    writeFileSync(crlf, text.split('\n').slice(0, 400).join('\r\n'));
    expectSameCoverage(await coverageOfLogsWithDuckDB([crlf]), await coverageOfLogs([crlf]));
  });
});
