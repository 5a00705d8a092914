import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MODEL_IDS, resolutionsOf } from '../../../src/contract/models.js';
import type { TaskLogFragment, TaskLogRecord } from '../../../src/contract/schemas/task-log.js';
import { taskRecord, type RecordSpec } from '../records.js';

const at = (ms: number) => new Date(Date.UTC(2026, 10, 24, 3, 0, 0) + ms).toISOString();

/** A record whose times spread over hours and whose time to result varies (seconds to minutes). */
function timed(spec: RecordSpec, index: number): TaskLogRecord {
  const record = taskRecord({ ...spec, index });
  const submitted = index * 37_000;
  const took = 20_000 + ((index * 7919) % 600) * 1000 + (index % 3);
  return {
    ...record,
    observed: {
      ...record.observed,
      submitted_at: at(submitted),
      ...(record.observed.finished_at ? { finished_at: at(submitted + took) } : {}),
    },
  };
}

/**
 * A task log with every kind of line the evidence report tells of, `size` lines or so: successes of every model and
 * tier on two targets and both profiles, failures, rejections, cancellations, unfinished tasks, contract violations
 * (usage, result location), charges that match, over- and under-bill, charges on failed tasks, a model outside the
 * registry, invalid lines (not JSON, another log_version, a charge finer than the scale), blank and whitespace lines, a
 * byte-order mark, agreeing and conflicting duplicates, a record with observations and its fragments, and
 * fragments of a task no log saw submitted.
 */
export function everyKindOfLine(size: number): string {
  const specs: RecordSpec[] = [];
  for (const model of MODEL_IDS)
    for (const resolution of resolutionsOf(model))
      for (const profile of ['crazyrouter', 'dashscope'] as const) {
        specs.push({ model, resolution, profile });
        specs.push({ model, resolution, profile, target: 'ApiPass', charged: '1.00' });
      }
  for (const model of MODEL_IDS) {
    specs.push({ model, outcome: 'failed' }, { model, outcome: 'rejected' }, { model, outcome: 'canceled' });
    specs.push({ model, outcome: 'unfinished' }, { model, outcome: 'failed', charged: '0.50' });
    specs.push({ model, usageSeconds: 3 }, { model, result: 'none' }, { model, charged: '0' });
  }
  const lines: string[] = [];
  for (let i = 0; lines.length < size; i += 1) {
    const spec = specs[i % specs.length]!;
    const record = timed(spec, 1000 + i);
    lines.push(JSON.stringify(record));
    if (i % 97 === 5) lines.push('{"log_version":1,"truncated');
    if (i % 89 === 7) lines.push(JSON.stringify({ ...record, log_version: 2, task_id: `v2-${i}` }));
    if (i % 83 === 3) lines.push('');
    if (i % 79 === 11) lines.push('   ');
    if (i % 71 === 17)
      lines.push(JSON.stringify({ ...timed(spec, 800_000 + i), charged: { amount: '1.000000001', currency: 'CNY' } }));
    if (i % 67 === 19)
      lines.push(JSON.stringify({ ...record, model: 'wan3-future', request: { model: 'wan3-future' } }));
    if (i % 61 === 23) lines.push(JSON.stringify(record));
    if (i % 59 === 29) lines.push(JSON.stringify(timed({ ...spec, outcome: 'failed' }, 1000 + i)));
  }
  lines[0] = `\uFEFF${lines[0]}`;
  lines.push(...oddLines(specs), ...fragmentLines());
  return `${lines.join('\n')}\n`;
}

/**
 * Lines DuckDB's JSON reader could read unlike the package's: a JSON null where a field is optional (DuckDB reads a
 * null and a missing field alike), objects that hold a string, an array or nothing, numbers and strings of other
 * types, times the schema reads otherwise, URLs with a query or an escape, JSON that is no object, whitespace lines
 * of tabs and form feeds, a record after leading spaces.
 */
function oddLines(specs: readonly RecordSpec[]): string[] {
  const base = (i: number) => timed(specs[i % specs.length]!, 900_000 + i) as unknown as Record<string, unknown>;
  const odd: string[] = [];
  const edits: ((r: Record<string, unknown>) => Record<string, unknown>)[] = [
    (r) => ({ ...r, final: null }),
    (r) => ({ ...r, task_id: null }),
    (r) => ({ ...r, tenant: null }),
    (r) => ({ ...r, fragment: null }),
    (r) => ({ ...r, submit: { http_status: 502, body: '<html>bad gateway</html>' } }),
    (r) => ({ ...r, submit: { http_status: 400, body: [] } }),
    (r) => ({ ...r, submit: { http_status: 400, body: {} } }),
    (r) => ({ ...r, submit: 'accepted' }),
    (r) => ({ ...r, final: { http_status: 200, body: { output: 'done' } } }),
    (r) => ({ ...r, observed: [] }),
    (r) => ({ ...r, observed: {} }),
    (r) => ({ ...r, submit: { ...(r.submit as object), http_status: '200' } }),
    (r) => ({ ...r, task_id: '' }),
    (r) => ({ ...r, task_id: 42 }),
    (r) => ({ ...r, tenant: '0123456789abcdef' }),
    (r) => ({ ...r, tenant: 'someone' }),
    (r) => ({ ...r, model: 7 }),
    (r) => ({ ...r, observed: { ...(r.observed as object), submitted_at: '2026-11-24T11:00:00.123456+08:00' } }),
    (r) => ({ ...r, observed: { ...(r.observed as object), submitted_at: '2026-02-30T00:00:00Z' } }),
    (r) => ({ ...r, observed: { ...(r.observed as object), submitted_at: '2026-13-45T99:99:99Z' } }),
    (r) => ({ ...r, observed: { ...(r.observed as object), finished_at: '2026-11-24T24:00:00Z' } }),
    (r) => ({ ...r, observed: { ...(r.observed as object), submitted_at: 1795489200000 } }),
    (r) => ({ ...r, observed: { ...(r.observed as object), polls: 6.0001 } }),
    (r) => JSON.parse(JSON.stringify(r).replace(/"video_url":"([^"]*)"/, '"video_url":"$1?sig=a%2Fb&x=1"')),
    (r) => JSON.parse(JSON.stringify(r).replace(/"video_url":"https:/, '"video_url":"ftp:')),
    (r) => JSON.parse(JSON.stringify(r).replace(/"submit_time":"[^"]*"/, '"submit_time":"2026-11-24T11:00:00"')),
    (r) => JSON.parse(JSON.stringify(r).replace(/"end_time":"[^"]*"/, '"end_time":20261124')),
  ];
  // Another task of the same record (its ids renamed): the same key as the record, but for the edit.
  const twin = (r: Record<string, unknown>, n: number) =>
    JSON.parse(JSON.stringify(r).replaceAll(String(r.task_id), `${String(r.task_id)}-${n}`)) as Record<string, unknown>;
  for (const [i, edit] of edits.entries()) {
    // The record unedited first, so the line a group is judged by is the unedited one when the key misses the edit.
    odd.push(JSON.stringify(base(i)), JSON.stringify(edit(twin(base(i), 1))), JSON.stringify(edit(twin(base(i), 2))));
  }
  // An object field empty, then holding a string or an array: DuckDB reads all three alike.
  const results = (r: Record<string, unknown>, value: unknown) =>
    JSON.parse(
      JSON.stringify(r).replace(
        '"task_status":"SUCCEEDED"',
        `"task_status":"SUCCEEDED","results":${JSON.stringify(value)}`,
      ),
    ) as Record<string, unknown>;
  const succeeded = base(edits.length + 1);
  odd.push(
    JSON.stringify(results(succeeded, {})),
    JSON.stringify(results(twin(succeeded, 1), 'x')),
    JSON.stringify(results(twin(succeeded, 2), [])),
  );
  odd.push('[1,2]', '"a string"', '123', 'null', '{}', '\t\f ', '\t', `   ${JSON.stringify(base(99))}`);
  odd.push(JSON.stringify(base(98)).replace('"log_version":1', '"log_version":1.0'));
  odd.push(JSON.stringify(base(97)).replace('"task_id":"', '"task_id":"\\u0074'));
  return odd;
}

/** A task seen submitted (with observations) and queried by another proxy, and fragments of an unsubmitted task. */
function fragmentLines(): string[] {
  const model = 'wan2.2-t2v-plus';
  const done = taskRecord({ model, index: 777_001 });
  const { final: _final, ...pending } = taskRecord({ model, index: 777_001, outcome: 'unfinished' });
  const record: TaskLogRecord = {
    ...pending,
    observations: [
      { at: at(1000), http_status: 200, task_status: 'PENDING' },
      { at: at(5000), http_status: 200, task_status: 'RUNNING' },
    ],
    observed: { submitted_at: at(0), polls: 2, unfinished: 'shutdown' },
  };
  const fragment = (taskId: string, final: boolean): TaskLogFragment => ({
    log_version: 1,
    fragment: true,
    source: 'production',
    target: 'official',
    profile: 'crazyrouter',
    task_id: taskId,
    observations: [
      { at: at(9000), http_status: 200, task_status: 'RUNNING' },
      { at: at(60_000), http_status: 200, task_status: 'SUCCEEDED' },
    ],
    ...(final ? { final: done.final! } : {}),
    observed: { first_seen_at: at(9000), last_seen_at: at(60_000), polls: 2 },
  });
  return [
    JSON.stringify(record),
    JSON.stringify(fragment(done.task_id!, true)),
    JSON.stringify(fragment('lost-1', false)),
  ];
}

/** The log cut in three, as rotated files `rotated-0.jsonl` … in `dir`: their paths, in order. */
export function rotatedCopies(text: string, dir: string): string[] {
  const lines = text.split('\n');
  const third = Math.floor(lines.length / 3);
  return [lines.slice(0, third), lines.slice(third, 2 * third), lines.slice(2 * third)].map((part, i) => {
    const file = join(dir, `rotated-${i}.jsonl`);
    writeFileSync(file, part.join('\n'));
    return file;
  });
}

/** A Parquet copy of a JSONL log: one row per line, its number in `line_number` and its text in `line`. */
export async function parquetCopy(log: string, parquet: string): Promise<void> {
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const db = await DuckDBInstance.create(':memory:');
  const conn = await db.connect();
  await conn.run(
    `COPY (SELECT row_number() OVER () AS line_number, line FROM read_csv('${log}', columns = {'line': 'VARCHAR'}, delim = chr(1), quote = '', escape = '', header = false, auto_detect = false, new_line = '\\n')) TO '${parquet}' (FORMAT parquet)`,
  );
  conn.closeSync();
  db.closeSync();
}
