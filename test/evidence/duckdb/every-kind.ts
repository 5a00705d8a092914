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
  lines.push(...fragmentLines());
  return `${lines.join('\n')}\n`;
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
