/**
 * The SQL of the DuckDB engine's line reader (compressed logs, Parquet, CRLF logs, the export; plain JSONL is read
 * by the fast read of fast.ts and rows.ts, keyed by the same fields). DuckDB reads the lines, parses them and groups
 * them; it judges nothing. Each line of a log gets a key that keeps everything a verdict can depend on (every field the checks read, as JSON text)
 * and leaves out only what differs from task to task without changing a verdict: the task ids, the request ids,
 * the logged times, the tenant and the video URL are kept as what their schema can tell apart (see recordKey) and
 * their equalities (which of them equal the task id, or each other). Lines with the same key get the same verdict
 * from the package's rules, which judge one of them; the engine's test compares both engines' reports.
 */

import { TIME_PATTERN } from '../../contract/schemas/common.js';
import { LOG_TIME_PATTERN, TaskLogRecord } from '../../contract/schemas/task-log.js';

/** A SQL string literal. */
export function literal(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

/** Whether a file is read as Parquet (else as JSONL, gzip-compressed or not). */
export function isParquet(file: string): boolean {
  return /\.parquet$/i.test(file);
}

/**
 * The lines of one log as (n, line): JSONL read as raw lines (blank lines kept, so numbers match the file's), or a
 * Parquet file with a `line` column (and, when it has one, `line_number`). DuckDB's reader stops at a carriage
 * return it does not expect: a log whose lines all end in CRLF is read with `crlf`.
 */
export function linesOf(file: string, parquetColumns?: readonly string[], crlf = false): string {
  if (isParquet(file)) {
    const n = parquetColumns?.includes('line_number') ? 'line_number' : 'row_number() OVER ()';
    return `SELECT ${n} AS n, line FROM read_parquet(${literal(file)})`;
  }
  // One VARCHAR column, no delimiter or quote a JSON line could hold: DuckDB splits lines only.
  return `SELECT row_number() OVER () AS n, line FROM read_csv(${literal(file)}, columns = {'line': 'VARCHAR'}, delim = chr(1), quote = '', escape = '', header = false, auto_detect = false, new_line = '${crlf ? '\\r\\n' : '\\n'}', compression = 'auto')`;
}

/** JSON paths a verdict reads; `*` marks a per-task value (ids, times, URL) kept as its shape and equalities. */
export const FIELDS = [
  '$.log_version',
  '$.fragment',
  '$.source',
  '$.target',
  '$.profile',
  '$.model',
  '$.request',
  '$.submit.http_status',
  '*$.submit.body.request_id',
  '*$.submit.body.output.task_id',
  '$.submit.body.output.task_status',
  '$.submit.body.code',
  '$.submit.body.message',
  '$.final.http_status',
  '*$.final.body.request_id',
  '*$.final.body.output.task_id',
  '$.final.body.output.task_status',
  '*$.final.body.output.submit_time',
  '*$.final.body.output.scheduled_time',
  '*$.final.body.output.end_time',
  '$.final.body.output.orig_prompt',
  '$.final.body.output.actual_prompt',
  '$.final.body.output.code',
  '$.final.body.output.message',
  '*$.final.body.output.video_url',
  '*$.final.body.output.results.video_url',
  '$.final.body.usage',
  '$.final.body.code',
  '$.final.body.message',
  '*$.task_id',
  '*$.tenant',
  '$.observations',
  '$.case_id',
  '*$.observed.submitted_at',
  '*$.observed.finished_at',
  '$.observed.polls',
  '$.observed.unfinished',
  '$.delivered',
  '$.charged',
] as const;

const PATHS = FIELDS.map((f) => f.replace(/^\*/, ''));
/** The SQL index (1-based) of a path in {@link PATHS}. */
const at = (path: string): number => {
  const i = PATHS.indexOf(path);
  if (i < 0) throw new Error(`no field ${path}`);
  return i + 1;
};
/** The patterns of the per-task values that have one, from the schemas. */
const PATTERNS: Readonly<Record<string, string>> = {
  '$.tenant': (TaskLogRecord.properties.tenant as unknown as { pattern: string }).pattern,
  '$.observed.submitted_at': LOG_TIME_PATTERN,
  '$.observed.finished_at': LOG_TIME_PATTERN,
  '$.final.body.output.submit_time': TIME_PATTERN,
  '$.final.body.output.scheduled_time': TIME_PATTERN,
  '$.final.body.output.end_time': TIME_PATTERN,
};
const PER_TASK = FIELDS.flatMap((f, i) => (f.startsWith('*') ? [i + 1] : []));

/**
 * Objects whose fields are read one by one: their JSON type is part of the key too (an object, missing, or
 * another type), read only when none of their fields is there (an empty object, or not an object at all).
 */
const NODES = [
  '$.submit',
  '$.submit.body',
  '$.submit.body.output',
  '$.final',
  '$.final.body',
  '$.final.body.output',
  '$.final.body.output.results',
];

/** Macros the queries use: a logged time in ms. */
export const MACROS = [
  `CREATE OR REPLACE TEMP MACRO wan_ms(x) AS CASE WHEN starts_with(x, '"') THEN epoch_ms(TRY_CAST(x[2:-2] AS TIMESTAMPTZ)) END`,
];

/** The key of a record line: see the file's comment. */
function recordKey(): string {
  const j = (i: number) => `coalesce(j[${i}], chr(31))`;
  const id = at('$.task_id');
  const plain = PATHS.map((_, i) => i + 1).filter((i) => !PER_TASK.includes(i));
  // Each per-task value as what its schema tells apart: ids are non-empty strings (compared only with each other,
  // below), times and the tenant match a pattern (kept: whether they match it), a URL is an http(s) URI (its scheme
  // and host kept, its letters and digits alike in the rest, a %-escape marked). A value with a JSON escape is
  // kept whole.
  const perTask = PER_TASK.map((i) => {
    const v = j(i);
    const path = PATHS[i - 1]!;
    const inner = `${v}[2:-2]`;
    const shape = /(request_id|task_id)$/.test(path)
      ? `CASE WHEN ${v} = '""' THEN 'E' WHEN starts_with(${v}, '"') THEN 'S' ELSE ${v} END`
      : /video_url$/.test(path)
        ? `regexp_extract(${v}, '^"[^/]*//[^/?#"]*') || chr(2) || regexp_replace(regexp_replace(substr(${v}, length(regexp_extract(${v}, '^"[^/]*//[^/?#"]*')) + 1), '%[0-9a-fA-F]{2}', chr(3), 'g'), '[A-Za-z0-9]', 'x', 'g')`
        : `regexp_full_match(${inner}, ${literal(PATTERNS[path]!)})::VARCHAR`;
    return `CASE WHEN contains(${v}, '\\') OR NOT starts_with(${v}, '"') THEN ${v} ELSE ${shape} END`;
  });
  // The equalities of the task ids: the record's, the submit answer's and the final answer's.
  const [sub, fin] = [at('$.submit.body.output.task_id'), at('$.final.body.output.task_id')];
  const ids = [
    [sub, id],
    [fin, id],
    [sub, fin],
  ].map(([a, b]) => `(j[${a}] IS NOT DISTINCT FROM j[${b}])::VARCHAR`);
  const nodes = NODES.map((node) => {
    const fields = PATHS.filter((p) => p.startsWith(`${node}.`));
    return `CASE WHEN ${fields.map((f) => `j[${at(f)}] IS NULL`).join(' AND ')} THEN coalesce(json_type(line, ${literal(node)}), 'MISSING') ELSE 'OBJECT' END`;
  });
  return `concat_ws(chr(30), 'A', ${[...plain.map(j), ...perTask, ...ids, ...nodes].join(', ')})`;
}

/**
 * Each line with its key (`k`), the hour of its submit and its time to result (ms, when both times read):
 * records with per-task observations, fragments, and line 1 (which may start with a byte-order mark) are
 * keyed by their line number (judged one by one); lines that are no record are keyed by their text.
 */
export function keyedLines(lines: string): string {
  return `WITH src AS (${lines}),
x AS (SELECT n, line, CASE WHEN n > 1 AND json_valid(line) THEN (json_extract(line, [${PATHS.map(literal).join(', ')}]))::VARCHAR[] END AS j FROM src)
SELECT n, line,
  CASE WHEN n = 1 THEN 'B' || n::VARCHAR
       WHEN j IS NULL OR j[1] IS DISTINCT FROM '1' THEN 'R' || coalesce(line, '')
       WHEN j[${at('$.observations')}] IS NOT NULL OR j[${at('$.fragment')}] = 'true' THEN 'B' || n::VARCHAR
       ELSE ${recordKey()} END AS k,
  j[${at('$.target')}] AS target, j[${at('$.task_id')}] AS task_id, j[${at('$.charged')}] AS charged,
  j[${at('$.observed.submitted_at')}] AS submitted, j[${at('$.observed.finished_at')}] AS finished,
  floor(wan_ms(j[${at('$.observed.submitted_at')}]) / 3600000)::BIGINT AS hour,
  wan_ms(j[${at('$.observed.finished_at')}]) - wan_ms(j[${at('$.observed.submitted_at')}]) AS ms
FROM x`;
}

/** Groups of equal lines: key, hour, weight, the first `first` lines (n, line) in order, the times' histogram. */
export function groupsOf(lines: string, first: number): string {
  return `SELECT k, hour, count(*) AS weight, min_by({'n': n, 'line': line, 'ms': ms}, n, ${first}) AS lines,
  list_filter(map_entries(histogram(ms)), e -> e.key IS NOT NULL) AS times
FROM (${keyedLines(lines)}) GROUP BY k, hour`;
}

/** The lines (n, line, key, hour, ms) of the given keys, in order (all lines of the groups a report lists). */
export function linesOfKeys(lines: string, table: string): string {
  return `SELECT n, line, k, hour, ms FROM (${keyedLines(lines)}) WHERE k IN (SELECT k FROM ${table}) ORDER BY n`;
}

/** The grouped lines of the tasks whose hash (of target and task id as JSON text) a table holds. */
export function linesOfTasks(lines: string, table: string): string {
  return `SELECT n, line, k, hour, ms FROM (${keyedLines(lines)}) WHERE k LIKE 'A%' AND hash(target, task_id) IN (SELECT h FROM ${table}) ORDER BY n`;
}

/**
 * The tasks (target and task id, JSON text) more than one line of the logs tells of, with the hash their lines are
 * found by: their records wait for every log, to merge or be reported as conflicting duplicates.
 */
export function duplicateTasks(sources: readonly string[]): string {
  const ids = sources.map(
    (lines) =>
      `SELECT json_extract(line, ['$.target', '$.task_id'])::VARCHAR[] AS j FROM (${lines}) WHERE contains(line, '"task_id"') AND json_valid(line)`,
  );
  return `SELECT hash(j[1], j[2]) AS h, any_value(j[1]) AS target, any_value(j[2]) AS task_id FROM (${ids.join(' UNION ALL ')})
WHERE starts_with(j[1], '"') AND starts_with(j[2], '"') GROUP BY h HAVING count(*) > 1`;
}
