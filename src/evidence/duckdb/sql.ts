/**
 * The SQL of the DuckDB engine. DuckDB reads the lines, parses them and groups them; it judges nothing. Each line
 * of a log gets a key that keeps everything a verdict can depend on (every field the checks read, as JSON text)
 * and leaves out only what differs from task to task without changing a verdict: the task id, the request ids,
 * the logged times and the video URL are kept as their shape (each character by class: digit, hex letter, other
 * letter, upper case, punctuation as is) and their equalities (which of them equal the task id, or each other,
 * or contain it). Lines with the same key get the same verdict from the package's rules, which judge one of them.
 */

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
 * Parquet file with a `line` column (and, when it has one, `line_number`).
 */
export function linesOf(file: string, parquetColumns?: readonly string[]): string {
  if (isParquet(file)) {
    const n = parquetColumns?.includes('line_number') ? 'line_number' : 'row_number() OVER ()';
    return `SELECT ${n} AS n, line FROM read_parquet(${literal(file)})`;
  }
  // One VARCHAR column, no delimiter or quote a JSON line could hold: DuckDB splits lines only.
  return `SELECT row_number() OVER () AS n, line FROM read_csv(${literal(file)}, columns = {'line': 'VARCHAR'}, delim = chr(1), quote = '', escape = '', header = false, auto_detect = false, new_line = '\\n', compression = 'auto', max_line_size = 67108864)`;
}

/** JSON paths a verdict reads; `*` marks a per-task value (ids, times, URL) kept as its shape and equalities. */
const FIELDS = [
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

/** Macros the queries use: the shape of a string (its characters by class), and a logged time in ms. */
export const MACROS = [
  `CREATE OR REPLACE TEMP MACRO wan_shape(x) AS translate(x, '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ', '0000000000aaaaaaggggggggggggggggggggAAAAAAGGGGGGGGGGGGGGGGGGGG')`,
  `CREATE OR REPLACE TEMP MACRO wan_ms(x) AS CASE WHEN starts_with(x, '"') THEN epoch_ms(TRY_CAST(x[2:-2] AS TIMESTAMPTZ)) END`,
];

/** The key of a record line: see the file's comment. */
function recordKey(): string {
  const j = (i: number) => `coalesce(j[${i}], chr(31))`;
  const id = at('$.task_id');
  const taskId = `coalesce(nullif(CASE WHEN starts_with(j[${id}], '"') THEN j[${id}][2:-2] END, ''), chr(31))`;
  const plain = PATHS.map((_, i) => i + 1).filter((i) => !PER_TASK.includes(i));
  // Each per-task value: the first of them it equals (its equalities), and its shape with the task id marked.
  const perTask = PER_TASK.map((i, n) => {
    const shape =
      i === at('$.tenant')
        ? `CASE WHEN j[${i}] = '"anonymous"' THEN j[${i}] ELSE wan_shape(${j(i)}) END`
        : `wan_shape(replace(${j(i)}, ${taskId}, chr(1)))`;
    return `list_position(t, t[${n + 1}])::VARCHAR || ':' || ${shape}`;
  });
  const nodes = NODES.map((node) => {
    const fields = PATHS.filter((p) => p.startsWith(`${node}.`));
    return `CASE WHEN ${fields.map((f) => `j[${at(f)}] IS NULL`).join(' AND ')} THEN coalesce(json_type(line, ${literal(node)}), 'MISSING') ELSE 'OBJECT' END`;
  });
  return `concat_ws(chr(30), 'A', ${[...plain.map(j), ...perTask, ...nodes].join(', ')})`;
}

/**
 * Each line with its key (`k`), the hour of its submit and its time to result (ms, when both times read):
 * records with per-task observations, fragments, and line 1 (which may start with a byte-order mark) are
 * keyed by their line number (judged one by one); lines that are no record are keyed by their text.
 */
export function keyedLines(lines: string): string {
  return `WITH src AS (${lines}),
x AS (SELECT n, line, CASE WHEN n > 1 THEN try(json_extract(line, [${PATHS.map(literal).join(', ')}]))::VARCHAR[] END AS j FROM src),
y AS (SELECT n, line, j, [${PER_TASK.map((i) => `coalesce(j[${i}], chr(31))`).join(', ')}] AS t FROM x)
SELECT n, line,
  CASE WHEN n = 1 THEN 'B' || n::VARCHAR
       WHEN j IS NULL OR j[1] IS DISTINCT FROM '1' THEN 'R' || coalesce(line, '')
       WHEN j[${at('$.observations')}] IS NOT NULL OR j[${at('$.fragment')}] = 'true' THEN 'B' || n::VARCHAR
       ELSE ${recordKey()} END AS k,
  j[${at('$.target')}] AS target, j[${at('$.task_id')}] AS task_id,
  floor(wan_ms(j[${at('$.observed.submitted_at')}]) / 3600000)::BIGINT AS hour,
  wan_ms(j[${at('$.observed.finished_at')}]) - wan_ms(j[${at('$.observed.submitted_at')}]) AS ms
FROM y`;
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

/** The class-A lines of tasks (target and task id as JSON text) in a table: they merge with fragments. */
export function linesOfTasks(lines: string, table: string): string {
  return `SELECT n, line, k, hour, ms FROM (${keyedLines(lines)}) l WHERE k LIKE 'A%' AND EXISTS (SELECT 1 FROM ${table} t WHERE t.target = l.target AND t.task_id = l.task_id) ORDER BY n`;
}
